# In-guest helpers for test scripts (busybox sh).  run-all.sh adds this
# file to every guest as /test/lib.sh; scripts start with `. /test/lib.sh`.
# Results are lines the host counts: "PASS: name", "FAIL: name: why",
# "SKIP: name: why", and a closing "RESULT: N passed, N failed, N skipped".
T_PASSED=0 T_FAILED=0 T_SKIPPED=0

pass() { echo "PASS: $1"; T_PASSED=$((T_PASSED + 1)); }
fail() { echo "FAIL: $1: $2"; T_FAILED=$((T_FAILED + 1)); }
skip() { echo "SKIP: $1: $2"; T_SKIPPED=$((T_SKIPPED + 1)); }

# check NAME COMMAND...: PASS when COMMAND succeeds, FAIL with its output if not.
check() {
	name=$1; shift
	if out=$("$@" 2>&1); then
		pass "$name"
	else
		fail "$name" "$(echo "$out" | tail -n 3 | tr '\n' ' ')"
	fi
}

# equals GOT WANT: for `check`, that shows both when they differ
equals() {
	[ "$1" = "$2" ] && return 0
	echo "got \"$1\", want \"$2\""
	return 1
}

# The first xnic interface (bound to the xnic driver).
xnic_iface() {
	for d in /sys/class/net/*; do
		[ "$(basename "$(readlink "$d/device/driver" 2>/dev/null)")" = xnic ] &&
			{ basename "$d"; return 0; }
	done
	return 1
}

# The guest kernel's series: 6.1 or 6.12 (uname -r 6.12.117+deb13-amd64)
guest_kernel() { uname -r | cut -d. -f1,2; }

# wait_for SECONDS COMMAND...: retries COMMAND every 0.2 s until it
# succeeds.  After SECONDS (longer in fact: each try takes time too) it
# fails and prints what the last try printed, so that `check` shows why.
wait_for() {
	local n=$(($1 * 5)) secs=$1 last
	shift
	while [ "$n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
		n=$((n - 1))
	done
	last=$("$@" 2>&1) && return 0
	echo "still false after $secs s: $*${last:+ ($(echo "$last" | tail -n 3 | tr '\n' ' '))}"
	return 1
}

# settle SECONDS COMMAND...: waits until COMMAND prints the same twice in
# a row, 2 s apart (counters that stopped moving), at most SECONDS.  Exact
# counts are read after it, so that frames still in flight are counted.
settle() {
	local secs=$1 n=$1 prev cur
	shift
	prev=$("$@" 2>&1)
	while [ "$n" -gt 0 ]; do
		sleep 2
		cur=$("$@" 2>&1)
		[ "$cur" = "$prev" ] && return 0
		prev=$cur
		n=$((n - 2))
	done
	echo "still changing after $secs s: $cur"
	return 1
}

# log_count ERE: how many kernel log lines match
log_count() { dmesg | grep -cE "$1"; }

# Datapath resets of interface IFACE, counted in the kernel log
# (xnic_reset_task): reset_mark IFACE before asking for one, then
# `check NAME wait_for SECONDS reset_seen`: exactly one more success line
# than at the mark, and no failure line since.
reset_mark() {
	RESET_IFC=$1
	RESET_OK=$(log_count " $1: datapath reset\$")
	RESET_BAD=$(log_count " $1: (datapath reset|card restart) failed")
}
reset_seen() {
	local ok bad
	ok=$(log_count " $RESET_IFC: datapath reset\$")
	bad=$(log_count " $RESET_IFC: (datapath reset|card restart) failed")
	[ "$bad" = "$RESET_BAD" ] ||
		{ echo "$(dmesg | grep -E " $RESET_IFC: (datapath reset|card restart) failed" | tail -n 1)"; return 1; }
	[ "$ok" = $((RESET_OK + 1)) ] ||
		{ echo "'$RESET_IFC: datapath reset' lines: $RESET_OK before, $ok now"; return 1; }
}

link_is_up() { [ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" = 1 ]; }

# no_ipv6: the guest's own stack sends nothing on the wire (no IPv6
# router or neighbour solicitations among a test's frames)
no_ipv6() {
	echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6
	echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6
}

# xsk_attach IFACE OBJECT: the XDP program of the AF_XDP tests (in
# /lib/xnic-xdp) attached natively, its XSKMAP pinned in /sys/fs/bpf/xsk
xsk_attach() {
	check "$2 attached natively" sh -c \
		"bpftool prog load /lib/xnic-xdp/$2 /sys/fs/bpf/xskprog type xdp pinmaps /sys/fs/bpf/xsk &&
		 ip link set dev $1 xdpdrv pinned /sys/fs/bpf/xskprog"
}

# xsk_start OUT ARGS...: xsk-test ARGS in the background (pid in XSK_PID),
# returning once its sockets are bound; retried while the queue is still
# busy, since a closed socket's pool is released later by a kernel worker.
xsk_start() {
	local out=$1 try
	shift
	for try in 1 2 3 4 5 6 7 8 9 10; do
		xsk-test "$@" >"$out" 2>&1 &
		XSK_PID=$!
		wait_for 20 grep -qE "sockets bound|EBUSY" "$out" >/dev/null
		grep -q "sockets bound" "$out" && return 0
		wait "$XSK_PID"
		sleep 0.5
	done
	return 1
}

# map_value MAP KEY-BYTES: the little-endian value bpftool reads from the
# map pinned as $MAPS/MAP (an offloaded map: from the card)
map_value() {
	bytes=$(bpftool -j map lookup pinned "$MAPS/$1" key $2 2>/dev/null |
		sed -n 's/.*"value":\[\([^]]*\)\].*/\1/p' | tr -d '"' | tr ',' ' ')
	[ -n "$bytes" ] || return 1
	v=0 rev=
	for b in $bytes; do rev="$b $rev"; done
	for b in $rev; do v=$((v * 256 + b)); done
	echo "$v"
}

# map_id NAME: the id of the newest map called NAME
map_id() { bpftool map show | sed -n "s/^\([0-9]*\): [a-z_]*  name $1 .*/\1/p" | tail -n 1; }

# fails_with TEXT COMMAND...: COMMAND fails and its message contains TEXT
# (bpftool's "<operation> failed: <strerror>", not any error)
fails_with() {
	local text=$1 out
	shift
	out=$("$@" 2>&1) && { echo "succeeded: $out"; return 1; }
	echo "$out" | grep -qF "$text" || { echo "said '$out', not '$text'"; return 1; }
}

# The host waits for this line before it puts frames on the wire.
ready() { echo "XNIC-READY${1:+ $1}"; }

result() {
	echo "RESULT: $T_PASSED passed, $T_FAILED failed, $T_SKIPPED skipped"
	[ "$T_FAILED" = 0 ]
}
