#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The offload compiler built by the kernel's own build against the guest's
# headers (tests/kcompiler/build.sh) and run inside the guest kernel
# (tests/guest/parts/kcompiler.sh): the same sources as xnic-cc, no libc.
. "$(dirname "$0")/host-lib.sh"

# The headers of the guest's kernel: scripts/build-guest.sh links the
# cache's guest directory (guest-6.12 for 6.12) to guest-<abi>.  6.1's are
# the host's; 6.12's are in the trixie root, where the module is built from
# a copy of the sources, as the driver is.
kernel=${XNIC_KERNEL:-6.1}
cache=${XNIC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xnic}
if [ "$kernel" = 6.1 ]; then
	guest=$(readlink "$cache/guest")
	out=$BUILD/kcompiler
	build() { "$TOP/tests/kcompiler/build.sh" "$out" "$1"; }
else
	guest=$(readlink "$cache/guest-$kernel")
	root=$("$TOP/scripts/trixie-root.sh") || exit 1
	out=$root/xnic-kcompiler/out
	build() {
		rm -rf "$root/xnic-kcompiler"
		mkdir -p "$root/xnic-kcompiler/tests"
		cp -a "$TOP/offload-compiler" "$TOP/isa" "$TOP/include" "$root/xnic-kcompiler/" &&
			cp -a "$TOP/tests/kcompiler" "$root/xnic-kcompiler/tests/" &&
			chroot "$root" /xnic-kcompiler/tests/kcompiler/build.sh /xnic-kcompiler/out "$1"
	}
fi
abi=${guest##*/guest-}
if build "/usr/src/linux-headers-$abi" >"$WORK/kbuild.log" 2>&1; then
	pass "compiler builds as a module for $abi"
else
	fail "compiler builds as a module for $abi" "$(grep -E 'error|Error' "$WORK/kbuild.log" | head -n 3 | tr '\n' ' ')"
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
