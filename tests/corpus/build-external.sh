#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds, at test time, real public XDP programs from Debian packages into
# OUTDIR (never into the repository): every XDP program of linux-source-6.1's
# samples/bpf, built here, and those Debian built from xdp-tools' source
# (libxdp1's and xdp-tests' files, and those xdp-tools' programs embed).
# docs/compiler.md ("External programs") lists what builds here with clang 14
# and libbpf 1.1's headers.
# Usage: build-external.sh OUTDIR   (prints one line per object)
# Exits 1 when a program fails to build, link or extract, or a package is
# missing (scripts/install-deps.sh installs linux-source-6.1, libxdp1,
# xdp-tools and xdp-tests).
set -u

out=${1:?usage: build-external.sh OUTDIR}
cache=${XNIC_CACHE:-$HOME/.cache/xnic}/external
src=$cache/linux-source-6.1
tarball=/usr/src/linux-source-6.1.tar.xz
multiarch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
# One directory per source.  Objects of an earlier run, and those of the
# one-directory layout before, would count as this run's.
samples=$out/samples-bpf
tools=$out/xdp-tools
rm -rf "$samples" "$tools" "$out/parts"
rm -f "$out"/*.o "$out"/*.log
mkdir -p "$samples/parts" "$tools" "$cache/shim"

if [ ! -d "$src/samples/bpf" ] && [ -f "$tarball" ]; then
	tar -C "$cache" -xf "$tarball" --wildcards 'linux-source-6.1/samples/bpf/*' \
		'linux-source-6.1/tools/testing/selftests/bpf/*.h' || exit 1
fi

here=$(cd "$(dirname "$0")" && pwd)
# In-tree sample builds see kernel-internal headers and names; the shims in
# external-shim/ stand for the few the samples use, and <uapi/...> resolves
# to the installed uapi headers.
kshim=$here/external-shim
ln -sfn /usr/include "$cache/shim/uapi"
# The *.bpf.c samples include vmlinux.h, made from the host kernel's BTF
if [ ! -s "$cache/shim/vmlinux.h" ] && [ -r /sys/kernel/btf/vmlinux ]; then
	bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$cache/shim/vmlinux.h"
fi
if [ ! -s "$cache/shim/vmlinux.h" ]; then
	echo "SKIP: diff-external samples/bpf/*.bpf.c: host kernel $(uname -r) has no" \
		"/sys/kernel/btf/vmlinux to make their vmlinux.h from"
fi

built=0 failed=0
build() {	# build DIR NAME SOURCE EXTRA_FLAGS...
	dir=$1 name=$2 file=$3
	shift 3
	# *.bpf.c files use vmlinux.h; the older *_kern.c ones uapi headers
	case $file in
	*.bpf.c) shim="" ;;
	*) shim="-D__x86_64__ -include $kshim/kernel_env.h -I$kshim" ;;
	esac
	# shellcheck disable=SC2086
	if clang -O2 -g -target bpf -D__TARGET_ARCH_x86 $shim -I"$cache/shim" \
		-Werror=implicit-function-declaration \
		-I/usr/include/"$multiarch" "$@" -c "$file" -o "$dir/$name.o" 2>"$dir/$name.log"; then
		echo "built   $name"
		built=$((built + 1))
	else
		rm -f "$dir/$name.o"
		echo "failed  $name: $(grep -m1 'error' "$dir/$name.log")"
		failed=$((failed + 1))
	fi
}

if [ -d "$src/samples/bpf" ]; then
	for f in $(grep -l 'SEC("xdp' "$src"/samples/bpf/*_kern.c "$src"/samples/bpf/*.bpf.c); do
		case $f in *.bpf.c) [ -s "$cache/shim/vmlinux.h" ] || continue ;; esac
		build "$samples" "samples-$(basename "$f" .c)" "$f" \
			-I"$src/samples/bpf" -I"$src/tools/testing/selftests/bpf"
	done
	# as samples/bpf/Makefile does: the *.bpf.o programs share xdp_sample.bpf.o
	if [ -s "$cache/shim/vmlinux.h" ] &&
	   build "$samples/parts" samples-xdp_sample.bpf "$src/samples/bpf/xdp_sample.bpf.c" \
		-I"$src/samples/bpf" -I"$src/tools/testing/selftests/bpf"; then
		for o in "$samples"/*.bpf.o; do
			[ -f "$o" ] || continue
			p=$samples/parts/$(basename "$o")
			mv "$o" "$p"
			if bpftool gen object "$o" "$p" "$samples/parts/samples-xdp_sample.bpf.o" \
				2>"$samples/link.log"; then
				echo "linked  $(basename "$o" .o) with xdp_sample.bpf.o"
			else
				echo "failed  $(basename "$o" .o): link: $(head -1 "$samples/link.log")"
				failed=$((failed + 1))
			fi
		done
	fi
else
	echo "failed  samples/bpf: linux-source-6.1 is not installed (scripts/install-deps.sh" \
		"installs it)"
	failed=$((failed + 1))
fi

# xdp-tools: the programs Debian built from its 1.3.1 source, which
# `apt-get source xdp-tools` cannot fetch (docs/compiler.md): libxdp1's files
# (xdp-filter's, xdpdump's, libxdp's dispatcher and AF_XDP default programs),
# xdp-tests' (xdp_drop, xdp_pass, test_long_func_name), and the skeletons
# that xdp-tools' own programs embed (xdp-bench's, xdp-trafficgen's).
for pkg in libxdp1 xdp-tests; do
	objs=$(dpkg-query -L "$pkg" 2>/dev/null | grep '\.o$')
	if [ -z "$objs" ]; then
		echo "failed  $pkg's programs: not installed (scripts/install-deps.sh installs it)"
		failed=$((failed + 1))
		continue
	fi
	ver=$(dpkg-query -W -f='${Version}' "$pkg")
	for o in $objs; do
		cp "$o" "$tools/xdp-tools-$(basename "$o")"
		echo "copied  xdp-tools-$(basename "$o" .o) ($pkg $ver)"
		built=$((built + 1))
	done
done
for bin in $(dpkg-query -L xdp-tools 2>/dev/null | grep '/sbin/'); do
	if ! python3 "$here/extract-bpf-objects.py" "$bin" "$tools" xdp-tools- \
		>"$tools/extract.log" 2>&1; then
		echo "failed  extracting $bin's programs: $(tail -1 "$tools/extract.log")"
		failed=$((failed + 1))
		continue
	fi
	while read -r name; do
		echo "copied  $name (embedded in $bin, xdp-tools" \
			"$(dpkg-query -W -f='${Version}' xdp-tools))"
		built=$((built + 1))
	done <"$tools/extract.log"
done

[ "$failed" -eq 0 ] && [ "$built" -gt 0 ] || exit 1
