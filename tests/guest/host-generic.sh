#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The compiler's corpus (tests/corpus/*.c) in generic XDP mode (the
# kernel's receive path, verdicts recorded by xnic-genverdict's fexit
# program, docs/verdict-ci.md "Generic mode") against native, packet by
# packet and map by map, on mix-1.pcap, and native against the host
# kernel's BPF_PROG_TEST_RUN, strictly: tools/xnic-verdict --modes
# generic,native in a guest of its own, beside host-verdict.sh's native
# and offloaded runs.  Refusals, reference differences and undelivered
# packets as tests/verdict/expected.txt lists them.
. "$(dirname "$0")/host-lib.sh"

list=$WORK/generic.list
corpus_list "$list" "$BUILD"/tests/diff/mix-1.pcap || { result; exit 1; }
"$TOP/tools/xnic-verdict/xnic-verdict" --list "$list" --tap "$WORK/generic.tap" \
	--modes generic,native --expect "$TOP/tests/verdict/expected.txt" --diffs 5
verdict_results "xnic-verdict --modes generic,native" $? "$WORK/generic.tap"
result
