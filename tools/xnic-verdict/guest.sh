#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of tools/xnic-verdict (docs/verdict-ci.md).  /test/plan has
# one line per run: INDEX OBJECT SECTION FRAMES MODES (a comma list); the
# objects are in /test/.  For each run and wire mode (native: ip
# link ... xdpdrv, offload: xdpoffload, generic: xdpgeneric, whose verdicts
# xnic-genverdict records from an fexit program) this attaches the program,
# switches verdict recording on, prints "XNIC-READY run INDEX MODE" (the
# host then puts the run's frames on the wire), drains the records until
# every frame the card took from the wire has one (or no more come),
# prints them as a hex dump and detaches.  Mode testrun attaches the
# program offloaded and puts each frame of /test/fINDEX.bin (lengths in
# /test/fINDEX.len) through it with xnic-testrun, the card's test run,
# printing "XNIC-TESTRUN INDEX PACKET RETVAL OUTPUT-HEX" or, for a frame
# it refuses, "XNIC-TESTRUN INDEX PACKET none EXIT" (xnic-testrun
# --lengths's lines).  A program ip refuses
# gives "XNIC-VERDICT refused INDEX MODE ip's output", its lines joined
# with "|".  The first line names the kernel: "XNIC-VERDICT kernel UNAME-R".
IFC=$(for d in /sys/class/net/*; do
	[ "$(basename "$(readlink "$d/device/driver" 2>/dev/null)")" = xnic ] &&
		{ basename "$d"; break; }
done)
[ -n "$IFC" ] || { echo "XNIC-VERDICT error no xnic interface"; exit 1; }
DBG=/sys/kernel/debug/xnic/$(basename "$(readlink "/sys/class/net/$IFC/device")")

# Only the host's frames on the wire, and every one of them accepted
echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6
echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6
ip link set "$IFC" promisc on
# The largest RX rings: a burst that finds a ring empty is dropped before
# the native program sees it (the host then reports it and asks for a gap)
ethtool -G "$IFC" rx 4096 || echo "XNIC-VERDICT note RX rings not enlarged"
ip link set "$IFC" up
n=50
while [ "$(cat "/sys/class/net/$IFC/carrier" 2>/dev/null)" != 1 ] && [ $n -gt 0 ]; do
	sleep 0.2
	n=$((n - 1))
done

wire_rx() { ethtool -S "$IFC" | sed -n 's/^ *wire_rx_frames: //p'; }
# frames the driver handed to the stack, all queues: in generic mode each
# is a run of the program
to_stack() { ethtool -S "$IFC" | awk '/^ *rx[0-9]+_packets:/ { n += $2 } END { print n + 0 }'; }
# frames the card dropped for lack of RX buffers, all queues
no_buf() { ethtool -S "$IFC" | awk '/^ *rx[0-9]+_no_buf:/ { n += $2 } END { print n + 0 }'; }
# centiseconds since boot: /proc/uptime has two decimals
now_cs() { read -r up _ </proc/uptime; echo "${up%.*}${up#*.}" | sed 's/^0*//;s/^$/0/'; }
size() { wc -c <"$1"; }

# collect FILE RECORDS FRAMES BASE: drains FILE into the empty RECORDS
# (FILE -: RECORDS fills by itself) until FRAMES records, or the wire counter shows
# every frame arrived and no record came for 0.5 s (frames the MAC dropped
# have none), or 60 s passed.  Prints the centiseconds from t0 (taken
# before READY: generic records may all be in before collect starts) to
# the last record.
collect() {
	last=$t0 quiet=0 polls=1200 had=0
	while [ $polls -gt 0 ]; do
		[ "$1" = - ] || cat "$1" >>"$2"
		if [ "$(size "$2")" != "$had" ]; then
			last=$(now_cs) quiet=0 had=$(size "$2")
		else
			quiet=$((quiet + 1))
		fi
		[ "$(size "$2")" -ge $((32 * $3)) ] && break
		[ $quiet -ge 10 ] && [ "$(wire_rx)" -ge $(($4 + $3)) ] && break
		sleep 0.05
		polls=$((polls - 1))
	done
	echo $((last - t0))
}

# by_name JSON: a map of maps' dump (bpftool -j: each value the inner
# map's id, 4 bytes little endian) with each value replaced by the inner
# map's name: every load makes new maps with new ids, so only names
# compare across modes
by_name() {
	out=$1
	for v in $(echo "$1" | grep -o '"value":\[[^]]*\]' | sort -u); do
		id=0
		for b in $(echo "$v" | grep -o '0x[0-9a-f]*' | sed '1!G;h;$!d'); do
			id=$((id * 256 + b))
		done
		name=$(bpftool map show id "$id" | sed -n 's/.* name \([^ ]*\) .*/\1/p')
		out=$(echo "$out" | sed "s/$(echo "$v" | sed 's/[][]/\\&/g')/\"value\":\"map ${name:-id$id}\"/g")
	done
	echo "$out"
}

# dump_maps INDEX MODE: one "XNIC-MAP INDEX MODE NAME JSON" line per map of
# the attached program, its contents as `bpftool -j map dump` gives them
# (offloaded maps are read from the card), inner maps by name
dump_maps() {
	prog=$(ip link show dev "$IFC" | sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p')
	[ -n "$prog" ] || return
	for m in $(bpftool prog show id "$prog" | sed -n 's/.*map_ids \([0-9,]*\).*/\1/p' | tr , ' '); do
		show=$(bpftool map show id "$m")
		name=$(echo "$show" | sed -n 's/.* name \([^ ]*\) .*/\1/p')
		dump=$(bpftool -j map dump id "$m")
		case $show in *_of_maps*) dump=$(by_name "$dump") ;; esac
		echo "XNIC-MAP $1 $2 ${name:-id$m} $dump"
	done
}

# testrun INDEX: each frame of the run through the attached program, on
# the card, in one xnic-testrun (a process per frame cost 0.1 s each under TCG)
testrun() {
	prog=$(ip link show dev "$IFC" | sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p')
	xnic-testrun "$prog" --data-in "/test/f$1.bin" --lengths "/test/f$1.len" 2>/tmp/tr.err |
		sed "s/^/XNIC-TESTRUN $1 /"
}

# genverdict_start: xnic-genverdict records the generic-mode
# program's verdicts into /tmp/rec.bin; an error ends the run as
# XNIC-VERDICT error
genverdict_start() {
	prog=$(ip link show dev "$IFC" | sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p')
	# emptied here: the child's redirection may come after the first
	# grep below, which would find the last run's "attached"
	: >/tmp/gv.out
	xnic-genverdict "$prog" /tmp/rec.bin >/tmp/gv.out 2>&1 &
	gv_pid=$!
	n=200
	until grep -q '^attached' /tmp/gv.out; do
		if ! kill -0 $gv_pid 2>/dev/null || [ $n = 0 ]; then
			echo "XNIC-VERDICT error xnic-genverdict: $(tr '\n' '|' </tmp/gv.out)"
			kill $gv_pid 2>/dev/null
			ip link set dev "$IFC" xdpgeneric off
			return 1
		fi
		sleep 0.05
		n=$((n - 1))
	done
}

# genverdict_stop: stops xnic-genverdict; sets lost to the records it lost
genverdict_stop() {
	kill -TERM $gv_pid
	wait $gv_pid
	lost=$(sed -n 's/^lost=//p' /tmp/gv.out)
}

# genverdict_missed STACK0: whether xnic-genverdict recorded fewer runs
# than the frames the driver handed to the stack since STACK0, none lost
# in its ring buffer: some runs went unrecorded (a guard: the cause seen,
# frames let in before the tool attached, is gone; docs/verdict-ci.md)
genverdict_missed() {
	ran=$(($(to_stack) - $1)) recorded=$(($(size /tmp/rec.bin) / 32))
	[ "$lost" = 0 ] && [ $recorded -lt $ran ]
}

run() {
	idx=$1 obj=$2 sec=$3 frames=$4 mode=$5
	case $mode in
	native) flag=xdpdrv src=$DBG/verdicts ;;
	offload|testrun) flag=xdpoffload src=$DBG/verdicts_card ;;
	generic) flag=xdpgeneric src=- ;;
	esac
	if ! out=$(ip link set dev "$IFC" "$flag" obj "/test/$obj" sec "$sec" 2>&1); then
		echo "XNIC-VERDICT refused $idx $mode $(echo "$out" | tr '\n' '|')"
		return
	fi
	if [ "$mode" = testrun ]; then
		testrun "$idx"
		dump_maps "$idx" "$mode"
		ip link set dev "$IFC" "$flag" off
		echo "XNIC-VERDICT done $idx $mode"
		return
	fi
	: >/tmp/rec.bin
	if [ "$mode" = generic ]; then
		genverdict_start || return
	else
		echo 1 >"$DBG/verdicts_enable"
	fi
	base=$(wire_rx) nobuf=$(no_buf) stack0=$(to_stack) t0=$(now_cs)
	echo "XNIC-READY run $idx $mode"
	cs=$(collect "$src" /tmp/rec.bin "$frames" "$base")
	end=$(wire_rx) nobuf=$(($(no_buf) - nobuf))
	if [ "$mode" = generic ]; then
		genverdict_stop
		if [ "$retries" -gt 0 ] && genverdict_missed "$stack0"; then
			echo "XNIC-VERDICT note $idx generic: xnic-genverdict recorded $recorded of the $ran runs the driver's counters show"
			ip link set dev "$IFC" "$flag" off
			return 2
		fi
	else
		lost=$(cat "${src}_overflow")
		echo 0 >"$DBG/verdicts_enable"
	fi
	dump_maps "$idx" "$mode"
	ip link set dev "$IFC" "$flag" off
	echo "XNIC-VERDICT done $idx $mode base=$base wire=$((end - base)) cs=$cs lost=$lost nobuf=$nobuf"
	echo "XNIC-HEX-BEGIN $idx $mode"
	od -An -v -tx1 /tmp/rec.bin
	echo "XNIC-HEX-END $idx $mode"
}

echo "XNIC-VERDICT kernel $(uname -r)"
while read -r idx obj sec frames modes; do
	for mode in $(echo "$modes" | tr , ' '); do
		# a generic run whose recorder missed runs is made again, with
		# the program and its maps loaded anew; the third try reports
		retries=2
		while :; do
			run "$idx" "$obj" "$sec" "$frames" "$mode" && break
			[ $? = 2 ] || break
			retries=$((retries - 1))
		done
	done
done </test/plan
echo "XNIC-VERDICT end"
