#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The helpers the card runs, through `ip link ... xdpoffload` (docs/driver.md
# "Perf records", "What 6.1 does not let through", "Feature probe"):
# bpf_perf_event_output returns -ENOENT while the host's PERF_EVENT_ARRAY
# has no event, then its records reach `bpftool map event_pipe`,
# byte-exact (tests/guest/xdp/offload_perf.c);
# bpf_ktime_get_coarse_ns's value moves on in an offloaded array;
# bpf_trace_printk's text (%u and %pI4) reaches the driver's trace instance
# (/sys/kernel/tracing/instances/xnic) as the program printed it, one line
# per frame (tests/guest/xdp/offload_trace.c); bpf_spin_lock and
# bpf_redirect_map to a DEVMAP are refused by 6.1 with the kernel's or
# libbpf's words; `bpftool feature probe dev` lists exactly the card's
# helpers (include/xnic/helpers.h) that XDP may call, the xdp program type
# and the array and hash map types.  Runs in the guest with /test/lib.sh.
. /test/lib.sh

XDP=/lib/xnic-xdp
GATEWAY=10.0.2.2
PERF_MAGIC="70 61 63 78"	# offload_perf.c's PERF_MAGIC, little endian
BAD_LOG='WARNING:|BUG:|Oops|Call Trace|offload compiler bug|LOG_READ|program log:'
IFC=$(xnic_iface) || { fail "interface" "no interface bound to xnic"; result; exit 1; }
PCI=$(basename "$(readlink "/sys/class/net/$IFC/device")")
PERF=/sys/kernel/debug/xnic/$PCI/perf
REGS=/sys/kernel/debug/xnic/$PCI/regs
ip link set "$IFC" up
ip addr add 10.0.2.15/24 dev "$IFC"
wait_for 10 link_is_up "$IFC"
dmesg -c >/dev/null

pings() { ping -c "$1" -W 2 "$GATEWAY" 2>/dev/null | sed -n 's/.* \([0-9]*\) packets received.*/\1/p'; }
# map_id NAME: the id of the newest map called NAME
map_id() { bpftool map show | sed -n "s/^\([0-9]*\): [a-z_]*  name $1 .*/\1/p" | tail -n 1; }
# perf_count NAME: a counter of the driver's debugfs perf file
perf_count() { sed -n "s/^$1 //p" "$PERF"; }
# map_u64 ID KEY: element KEY (u32) of an array of u64, as bpftool reads it from the card
map_u64() {
	bytes=$(bpftool -j map lookup id "$1" key "$2" 0 0 0 2>/dev/null |
		sed -n 's/.*"value":\[\([^]]*\)\].*/\1/p' | tr -d '"' | tr ',' ' ')
	[ -n "$bytes" ] || return 1
	v=0 rev=
	for b in $bytes; do rev="$b $rev"; done
	for b in $rev; do v=$((v * 256 + b)); done
	echo "$v"
}
# state KEY: offload_perf.c's state[KEY]
state() { map_u64 "$STATE" "$1"; }
# records FILE: perf samples bpftool printed
records() { grep -c '^== @' "$1"; }
# fails_with TEXT COMMAND...: COMMAND fails and says TEXT
fails_with() {
	local text=$1 out
	shift
	out=$("$@" 2>&1) && { echo "succeeded: $out"; return 1; }
	echo "$out" | grep -qF "$text" || { echo "said '$(echo "$out" | tail -n 4)', not '$text'"; return 1; }
}

# ---- bpf_perf_event_output and bpf_ktime_get_coarse_ns ----
check "perf program offloaded (ip link ... xdpoffload)" \
	ip link set dev "$IFC" xdpoffload obj "$XDP/offload_perf.o" sec xdp
EVENTS=$(map_id events) STATE=$(map_id state)
check "the PERF_EVENT_ARRAY stays on the host, the array is offloaded" sh -c \
	"! bpftool map show id $EVENTS | grep -q offloaded_to &&
	 bpftool map show id $STATE | grep -q 'offloaded_to $IFC'"
got=$(pings 2)
check "no reader: the card returns -ENOENT as the kernel does for an index without an event (${got:-0} of 2 pings passed, error $(state 1), sent $(state 0))" \
	[ "${got:-0}" -ge 1 -a "$(state 1)" = -2 -a "$(state 0)" = 0 ]
bpftool map event_pipe id "$EVENTS" >/tmp/perf.out 2>&1 &
PIPE=$!
# the reader's events are in the map once it prints nothing more on
# start-up, and in the card's slot table 100 ms later (docs/driver.md)
sleep 2
bpftool map update id "$STATE" key 1 0 0 0 value 0 0 0 0 0 0 0 0
got=$(pings 4)
check "pings pass through the program (${got:-0} of 4)" [ "${got:-0}" -ge 3 ]
check "bpftool map event_pipe shows the card's records" wait_for 20 sh -c "[ \$(grep -c '^== @' /tmp/perf.out) -ge 3 ]"
# a ping reply: 98 bytes, to this interface's MAC
mac=$(tr ':' ' ' <"/sys/class/net/$IFC/address")
check "records byte-exact: magic, frame length 98, destination $mac" \
	grep -q "^$PERF_MAGIC 62 00 00 00  $mac" /tmp/perf.out
kill -INT "$PIPE" 2>/dev/null
wait "$PIPE" 2>/dev/null
sent=$(state 0)
delivered=$(perf_count records)
check "the driver delivered what the card sent (card $sent, driver $delivered, bpftool $(records /tmp/perf.out))" \
	[ "${delivered:-0}" -ge "$(records /tmp/perf.out)" -a "${sent:-0}" -ge "${delivered:-1}" ]
check "bpf_perf_event_output returned 0 on the card" [ "$(state 1)" = 0 ]
# the card's clock is its cycle counter, which runs only while it works:
# coarse time is that counter rounded down to the tick (4 ms, HZ 250)
t=$(state 2)
cycles=$(( $(sed -n 's/^FW_CYCLES_HI //p' "$REGS") * 4294967296 + $(sed -n 's/^FW_CYCLES_LO //p' "$REGS") ))
check "bpf_ktime_get_coarse_ns: the card's clock at the tick ($t of $cycles cycles)" \
	[ -n "$t" -a $((${t:-1} % 4000000)) = 0 -a "${t:-0}" -le "$cycles" -a $((cycles - ${t:-0})) -lt 4000000 ]
check "perf program detached" ip link set dev "$IFC" xdpoffload off

# ---- bpf_trace_printk ----
[ -d /sys/kernel/tracing/instances ] || mount -t tracefs tracefs /sys/kernel/tracing
TRACE=/sys/kernel/tracing/instances/xnic
check "the driver's trace instance exists ($TRACE)" [ -f "$TRACE/trace" ]
: >"$TRACE/trace"
trace0=$(perf_count trace)
check "trace_printk program offloaded (stack format)" \
	ip link set dev "$IFC" xdpoffload obj "$XDP/offload_trace.o" sec xdp
SEEN=$(map_id seen)
got=$(pings 2)
check "pings pass through the program (${got:-0} of 2)" [ "${got:-0}" -ge 1 ]
# what the program printed (seen[0] lines, seen[1] their lengths' sum), and
# the instance's text once the driver has read as many records; a frame
# that arrives in between changes seen[0], and the three are read again
for try in 1 2 3 4 5; do
	printed=$(map_u64 "$SEEN" 0) sum=$(map_u64 "$SEEN" 1)
	wait_for 10 sh -c "[ \$(sed -n 's/^trace //p' $PERF) -ge $((trace0 + ${printed:-0})) ]"
	sed -n "s/^.*: $IFC: //p" "$TRACE/trace" >/tmp/trace.out
	[ "$(map_u64 "$SEEN" 0)" = "$printed" ] && break
done
lines=$(grep -c . /tmp/trace.out)
check "bpf_trace_printk text in the trace instance: $lines lines, the program printed ${printed:-?}, the driver wrote $(($(perf_count trace) - trace0))" \
	[ "${printed:-0}" -ge 2 -a "$lines" = "$printed" -a $(($(perf_count trace) - trace0)) = "$printed" ]
check "every line is '$IFC: xnic <frame length> <IPv4 source>'" sh -c "! grep -vqx 'xnic [0-9][0-9]* [0-9.]*' /tmp/trace.out"
check "the lengths printed add up to the program's (${sum:-?})" \
	[ "$(awk '{ s += $2 } END { print s + 0 }' /tmp/trace.out)" = "${sum:-x}" ]
check "the ping replies printed 'xnic 98 $GATEWAY' (%pI4 of their source: $(grep -cx "xnic 98 $GATEWAY" /tmp/trace.out) of ${got:-0})" \
	[ "$(grep -cx "xnic 98 $GATEWAY" /tmp/trace.out)" -ge "${got:-1}" ]
check "trace_printk program detached" ip link set dev "$IFC" xdpoffload off

# ---- what 6.1 does not offload ----
check "bpf_spin_lock refused: 6.1 gives offloaded maps no BTF" \
	fails_with "has to have BTF in order to use bpf_spin_lock" \
	ip link set dev "$IFC" xdpoffload obj "$XDP/offload_spinlock.o" sec xdp
check "bpf_redirect_map's DEVMAP refused: 6.1 offloads no devmap" \
	fails_with "map 'ports': failed to create: Invalid argument" \
	ip link set dev "$IFC" xdpoffload obj "$XDP/offload_redirect_map.o" sec xdp

# ---- bpftool feature probe dev ----
# probe_helpers TEXT: the helpers a probe lists for XDP, sorted
probe_helpers() {
	echo "$1" | awk '/helpers supported for program type xdp:/ { on = 1; next }
		on && /^\t- / { sub(/^\t- /, ""); print; next } { on = 0 }' | sort
}
dev=$(bpftool feature probe dev "$IFC" full 2>&1)
kernel=$(bpftool feature probe kernel full 2>&1)
card=$(sed -n 's/^[[:space:]]*X(\([a-z_0-9]*\),.*/bpf_\1/p' "$XDP/helpers.h" | sort)
allowed=$(probe_helpers "$kernel")
want=$(printf '%s\n%s\n' "$card" "$allowed" | sort | uniq -d)
have=$(probe_helpers "$dev")
check "feature probe: $(echo "$have" | grep -c .) helpers, the card's $(echo "$card" | grep -c .) that 6.1's XDP allows" \
	sh -c "[ '$have' = '$want' ] || { echo 'only probed:' \$(printf '%s\n%s\n%s\n' '$have' '$want' '$want' | sort | uniq -u);
		echo 'only card:' \$(printf '%s\n%s\n%s\n' '$want' '$have' '$have' | sort | uniq -u); false; }"
check "feature probe: the card's helpers 6.1's XDP does not allow: $(printf '%s\n%s\n%s\n' "$card" "$want" "$want" | sort | uniq -u | tr '\n' ' ')" true
check "feature probe: only the xdp program type" sh -c \
	"[ \"\$(echo '$dev' | sed -n 's/^eBPF program_type \([a-z_]*\) is available$/\1/p')\" = xdp ]"
check "feature probe: only array and hash maps" sh -c \
	"[ \"\$(echo '$dev' | sed -n 's/^eBPF map_type \([a-z_]*\) is available$/\1/p' | sort | tr '\n' ' ')\" = 'array hash ' ]"

check "kernel log clean" sh -c "! dmesg | grep -E '$BAD_LOG'"
result
