#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of host-kcompiler.sh: the offload compiler runs inside the
# guest's 6.1 kernel (tests/kcompiler/xcc_kselftest.c refuses to load when
# any of its cases disagrees) and leaves no warning behind.
. /test/lib.sh

KO=/lib/modules/xcc_kselftest.ko
dmesg -c >/dev/null
if out=$(insmod "$KO" 2>&1); then
	pass "compiler module loads (every case as expected)"
else
	fail "compiler module loads" "$out; $(dmesg | grep xcc_kselftest | tail -n 4 | tr '\n' ' ')"
fi
log=$(dmesg)
for case in parse arith; do
	line=$(echo "$log" | grep "xcc_kselftest: $case: .* card instructions")
	if [ -n "$line" ]; then
		pass "in-kernel compile: $case (${line#*: $case: })"
	else
		fail "in-kernel compile: $case" "no statistics line"
	fi
done
check "in-kernel refusal names the instruction" sh -c "dmesg | grep -q 'printk: refused as expected: insn 2: '"
check "module unloads" rmmod xcc_kselftest
if echo "$log" | grep -qE 'WARNING|BUG|stack-protector|Call Trace'; then
	fail "kernel log clean" "$(echo "$log" | grep -E 'WARNING|BUG|Call Trace' | head -n 2 | tr '\n' ' ')"
else
	pass "kernel log clean"
fi
result
