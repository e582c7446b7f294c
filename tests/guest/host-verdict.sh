#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The compiler's corpus (tests/corpus/*.c) on the pktgen pcaps
# (build/tests/diff/mix-*.pcap, one after the other in one run: a run's
# fixed costs, attaching, reading the maps, detaching, are most of its
# time), native and offloaded in one guest, the
# offloaded program taking the frames from the wire and through the card's
# test run (--inject wire,testrun), compared packet by packet by
# tools/xnic-verdict (docs/verdict-ci.md), and native
# against the host kernel's BPF_PROG_TEST_RUN, strictly; generic XDP too
# (the kernel's receive path, recorded by xnic-genverdict's
# fexit program).  Two result lines per program.  A refusal, a
# reference difference or an undelivered
# packet fails unless tests/verdict/expected.txt lists it with its reason;
# a listed refusal is a SKIP that says so, and a reference the host kernel
# cannot run is a SKIP naming that kernel and its error.  Then a probe whose
# modes differ by design must make the tool fail.  `make verdict-check`
# runs this.  tests/guest/run-all.sh runs it as two jobs (XNIC_SHARD=K/N),
# each with every N-th run of the list, the K-th the probe too.
# shards: 2
. "$(dirname "$0")/host-lib.sh"
shard=${XNIC_SHARD:-1/1}
k=${shard%/*} n=${shard#*/}

# The pcaps' frames in one pcap: the first file's header, then the records
pcap=$WORK/mix.pcap
for f in "$BUILD"/tests/diff/mix-*.pcap; do
	if [ -s "$pcap" ]; then tail -c +25 "$f"; else cat "$f"; fi >>"$pcap"
done
# generic mode too (the list's fourth field)
list=$WORK/corpus.list
for obj in "$BUILD"/tests/corpus/*.bpf.o; do
	echo "$obj xdp $pcap native,offload,testrun,generic"
done | awk -v k="$k" -v n="$n" 'NR % n == k % n' >"$list"
if [ ! -s "$list" ] || [ ! -s "$pcap" ] || grep -q '\*' "$list"; then
	fail "corpus built" "no objects or pcaps under $BUILD/tests (make build)"
	result
	exit 1
fi

# verdict_results NAME RC TAP: one result line per test of xnic-verdict's
# TAP file, and a failure where its exit status RC disagrees with them
verdict_results() {
	case $2 in
	0|1) ;;
	2) fail "$1 ran" "exit 2 (set-up error above)" ;;
	*) fail "$1 ran" "exit $2: killed by a signal or a time limit" ;;
	esac
	if [ ! -s "$3" ]; then
		[ "$2" = 2 ] || fail "$1 wrote its TAP results" "no $3 (exit $2)"
		return
	fi
	failed=$T_FAILED
	want=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$3")
	got=$(grep -c '^\(not \)\{0,1\}ok ' "$3")
	[ "$want" = "$got" ] && [ "$got" -gt 0 ] ||
		fail "$1's TAP is complete" "plan 1..${want:-?}, $got results"
	sed -n 's/^ok [0-9]* - \(.*\) # SKIP \(.*\)/SKIP: \1: \2/p
		/# SKIP/d
		s/^ok [0-9]* - \(.*\)/PASS: \1/p
		s/^not ok [0-9]* - \(.*\)/FAIL: \1/p' \
		"$3" >"$WORK/lines"
	while IFS= read -r line; do
		case "$line" in
		PASS:*) pass "${line#PASS: }" ;;
		FAIL:*) T_FAILED=$((T_FAILED + 1)); echo "$line" ;;
		SKIP:*) T_SKIPPED=$((T_SKIPPED + 1)); echo "$line" ;;
		esac
	done <"$WORK/lines"
	[ "$2" = 1 ] && [ "$T_FAILED" = "$failed" ] && fail "$1" "exit 1 without a failing program"
	[ "$2" = 0 ] && [ "$T_FAILED" != "$failed" ] && fail "$1" "exit 0 with a failing program"
}

"$TOP/tools/xnic-verdict/xnic-verdict" --list "$list" --tap "$WORK/result.tap" --inject wire,testrun \
	--expect "$TOP/tests/verdict/expected.txt" --json "$WORK/result.json" --diffs 5
verdict_results xnic-verdict $? "$WORK/result.tap"

# The tool must see a difference where there is one: a program that writes
# bpf_ktime_get_ns() into the frame (the guest's clock natively, the ME
# cycle counter on the card) differs on every delivered packet.
probe=$TOP/tests/verdict/ktime.c
if [ "$k" != 1 ]; then
	:	# the first shard's
elif ! clang -O2 -g -Wall -Werror -target bpf -I/usr/include/"$(gcc -print-multiarch)" \
	-c "$probe" -o "$WORK/ktime.o" 2>"$WORK/clang.log"; then
	fail "difference probe built" "$(head -c 300 "$WORK/clang.log")"
elif ! "$BUILD/tools/xnic-pktgen/xnic-pktgen" -s 3 -n 20 -o "$WORK/probe.pcap" >/dev/null; then
	fail "difference probe pcap" "xnic-pktgen failed"
else
	"$TOP/tools/xnic-verdict/xnic-verdict" --no-reference --json "$WORK/probe.json" \
		"$WORK/ktime.o:xdp:$WORK/probe.pcap" >"$WORK/probe.out" 2>&1
	rc=$?
	found=$(python3 -c 'import json, sys; t = json.load(open(sys.argv[1]))["totals"]
print(t["differ"], t["packets"] - t["undelivered"])' "$WORK/probe.json" 2>/dev/null)
	set -- $found
	if [ "$rc" = 1 ] && [ -n "${1:-}" ] && [ "$1" = "$2" ] && [ "$1" -gt 0 ]; then
		pass "a known difference (ktime) found on all $1 delivered packets, exit 1"
	else
		fail "a known difference (ktime) found" "exit $rc, differ/delivered: ${found:-none}; $(tail -n 3 "$WORK/probe.out" | tr '\n' '|')"
	fi
fi
result
