#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds xcc_kselftest.ko: the offload compiler core (offload-compiler/, less
# the libFuzzer entry) and the ISA library's encoder and formatter (isa/), compiled by the kernel's own
# build as the guest driver will compile them.  Kbuild wants every source in
# the module directory, so OUTDIR gets links to them.
#   tests/kcompiler/build.sh OUTDIR [KDIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${1:?usage: build.sh OUTDIR [KDIR]}
kdir=${2:-$(ls -d /usr/src/linux-headers-6.1*-amd64 2>/dev/null | sort -V | tail -n 1)}
[ -n "$kdir" ] || { echo "no linux-headers-6.1*-amd64 in /usr/src" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"
objs=""
for f in "$top"/offload-compiler/xcc_*.c "$top"/isa/me_encode.c "$top"/isa/me_format.c; do
	case "$f" in */xcc_fuzz.c) continue ;; esac
	ln -s "$f" "$out/$(basename "$f")"
	objs="$objs $(basename "$f" .c).o"
done
ln -s "$here/xcc_kselftest.c" "$out/xcc_kselftest.c"
cat >"$out/Kbuild" <<KBUILD
obj-m := xcc_kselftest.o
xcc_kselftest-y := xcc_kselftest_main.o$objs
ccflags-y := -I$top/offload-compiler -I$top/offload-compiler/kshim -I$top/isa -I$top/include -idirafter $top/isa/kshim
KBUILD
# The module's own file may not share the module's name.
mv "$out/xcc_kselftest.c" "$out/xcc_kselftest_main.c"
make -C "$kdir" M="$out" modules
