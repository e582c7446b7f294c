#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds, at test time, real public XDP programs from Debian source packages
# into a cache directory (never into the repository): the XDP programs of
# linux-source-6.1's samples/bpf, and those of the xdp-tools source package
# when `apt-get source xdp-tools` can fetch it (else the ones libxdp1 ships).  docs/compiler.md ("External
# programs") lists which build here with clang 14 and libbpf 1.1's headers.
# Usage: build-external.sh OUTDIR   (prints one line per source file)
# Exits 1 when no program could be built: its sources are installed by
# scripts/install-deps.sh (linux-source-6.1, libxdp1).
set -u

out=${1:?usage: build-external.sh OUTDIR}
cache=${XNIC_CACHE:-$HOME/.cache/xnic}/external
src=$cache/linux-source-6.1
tarball=/usr/src/linux-source-6.1.tar.xz
multiarch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
mkdir -p "$out" "$cache/shim"

if [ ! -d "$src/samples/bpf" ] && [ -f "$tarball" ]; then
	tar -C "$cache" -xf "$tarball" --wildcards 'linux-source-6.1/samples/bpf/*' \
		'linux-source-6.1/tools/testing/selftests/bpf/*.h' || exit 1
fi

# In-tree sample builds see <uapi/...> and kernel-internal type names; give
# them the installed uapi headers and the few names, nothing else.
ln -sfn /usr/include "$cache/shim/uapi"
cat > "$cache/shim/kern_types.h" <<'EOT'
#include <linux/types.h>
typedef __u8 u8; typedef __u16 u16; typedef __u32 u32; typedef __u64 u64;
typedef __s8 s8; typedef __s16 s16; typedef __s32 s32; typedef __s64 s64;
#define __force
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define htons(x) __builtin_bswap16(x)
#define ntohs(x) __builtin_bswap16(x)
#define htonl(x) __builtin_bswap32(x)
#define ntohl(x) __builtin_bswap32(x)
EOT
# The *.bpf.c samples include vmlinux.h, made from the host kernel's BTF
if [ ! -s "$cache/shim/vmlinux.h" ] && [ -r /sys/kernel/btf/vmlinux ]; then
	bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$cache/shim/vmlinux.h"
fi
if [ ! -s "$cache/shim/vmlinux.h" ]; then
	echo "SKIP: diff-external samples/bpf/*.bpf.c: host kernel $(uname -r) has no" \
		"/sys/kernel/btf/vmlinux to make their vmlinux.h from"
fi

built=0
build() {	# build NAME SOURCE EXTRA_FLAGS...
	name=$1 file=$2
	shift 2
	# *.bpf.c files use vmlinux.h; the older *_kern.c ones uapi headers
	case $file in
	*.bpf.c) shim="" ;;
	*) shim="-D__x86_64__ -include $cache/shim/kern_types.h" ;;
	esac
	# shellcheck disable=SC2086
	if clang -O2 -g -target bpf -D__TARGET_ARCH_x86 $shim -I"$cache/shim" \
		-Werror=implicit-function-declaration \
		-I/usr/include/"$multiarch" "$@" -c "$file" -o "$out/$name.o" 2>"$out/$name.log"; then
		echo "built   $name"
		built=$((built + 1))
	else
		rm -f "$out/$name.o"
		echo "failed  $name: $(grep -m1 'error' "$out/$name.log")"
	fi
}

if [ -d "$src/samples/bpf" ]; then
	for f in "$src"/samples/bpf/xdp*_kern.c "$src"/samples/bpf/xdp*.bpf.c; do
		[ -f "$f" ] || continue
		case $f in *.bpf.c) [ -s "$cache/shim/vmlinux.h" ] || continue ;; esac
		n=$(basename "$f" .c)
		build "samples-$n" "$f" -I"$src/samples/bpf" -I"$src/tools/testing/selftests/bpf"
	done
	# as samples/bpf/Makefile does: the xdp_*.bpf.o programs share xdp_sample.bpf.o
	if [ -f "$out/samples-xdp_sample.bpf.o" ]; then
		mkdir -p "$out/parts"
		mv "$out/samples-xdp_sample.bpf.o" "$out/parts/"
		for o in "$out"/samples-xdp_*.bpf.o; do
			[ -f "$o" ] || continue
			mv "$o" "$out/parts/"
			p=$out/parts/$(basename "$o")
			if bpftool gen object "$o" "$p" "$out/parts/samples-xdp_sample.bpf.o" \
				2>"$out/link.log"; then
				echo "linked  $(basename "$o" .o) with xdp_sample.bpf.o"
			else
				echo "failed  $(basename "$o" .o): link: $(head -1 "$out/link.log")"
			fi
		done
	fi
else
	echo "missing linux-source-6.1 (install the package): samples/bpf skipped"
fi

# Without the source, Debian's libxdp1 still ships the programs xdp-tools
# built from it (xdp-filter's, xdpdump's, libxdp's dispatcher and AF_XDP
# default program): compiled by Debian, not here, but the same programs.
copy_packaged_xdp_tools() {
	pkgdir=/usr/lib/$multiarch/bpf
	ls "$pkgdir"/*.o >/dev/null 2>&1 || { echo "missing libxdp1's programs in $pkgdir: skipped"; return; }
	for o in "$pkgdir"/*.o; do
		cp "$o" "$out/xdp-tools-$(basename "$o")"
		echo "copied  xdp-tools-$(basename "$o" .o) (libxdp1 $(dpkg-query -W -f='${Version}' libxdp1))"
		built=$((built + 1))
	done
}

srcdir=${XNIC_CACHE:-$HOME/.cache/xnic}/src/xdp-tools
if ! ls -d "$srcdir"/xdp-tools-*/ >/dev/null 2>&1; then
	# deb-src entries come from scripts/install-deps.sh; a failure is reported below
	mkdir -p "$srcdir"
	(cd "$srcdir" && timeout 300 apt-get source -q xdp-tools >"$srcdir/fetch.log" 2>&1)
fi
xdpt=$(ls -d "$srcdir"/xdp-tools-*/ 2>/dev/null | head -1)
if [ -n "$xdpt" ]; then
	for f in $(grep -l 'SEC("xdp' "$xdpt"/*/*.bpf.c "$xdpt"/*/*/*.bpf.c 2>/dev/null); do
		n=$(basename "$f" .c)
		build "xdp-tools-$n" "$f" -I"$xdpt/headers" -I"$xdpt/lib/libbpf/src"
	done
else
	echo "missing xdp-tools source (apt-get source xdp-tools: $(tail -1 "$srcdir/fetch.log" 2>/dev/null))"
	copy_packaged_xdp_tools
fi

[ "$built" -gt 0 ] || exit 1
