#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The offload compiler built by the kernel's own build against the guest's
# headers (tests/kcompiler/build.sh) and run inside the guest kernel
# (tests/guest/parts/kcompiler.sh): the same sources as xnic-cc, no libc.
. "$(dirname "$0")/host-lib.sh"

out=$BUILD/kcompiler
# the headers of the guest's kernel: scripts/build-guest.sh links the cache's
# guest directory to guest-<abi>
guest=$(readlink "${XNIC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xnic}/guest")
kdir=/usr/src/linux-headers-${guest##*/guest-}
if "$TOP/tests/kcompiler/build.sh" "$out" "$kdir" >"$WORK/kbuild.log" 2>&1; then
	pass "compiler builds as a 6.1 module"
else
	fail "compiler builds as a 6.1 module" "$(grep -E 'error|Error' "$WORK/kbuild.log" | head -n 3 | tr '\n' ' ')"
	result
	exit 1
fi
if grep -q 'warning:' "$WORK/kbuild.log"; then
	fail "kernel build without warnings" "$(grep 'warning:' "$WORK/kbuild.log" | head -n 2 | tr '\n' ' ')"
else
	pass "kernel build without warnings"
fi
guest_start "$TOP/tests/guest/parts/kcompiler.sh" --add "$out/xcc_kselftest.ko:/lib/modules/xcc_kselftest.ko" \
	--timeout 240
guest_finish
result
