#!/bin/sh
# Builds the kernel's own hardware test for the XDP metadata kfuncs,
# tools/testing/selftests/bpf/xdp_hw_metadata.c with its BPF program
# progs/xdp_hw_metadata.c, unmodified, from Debian 13's linux-source-6.12
# of the 6.12 guest's kernel version, for tests/guest/host-hwmeta.sh.
#
# usage: build-hwmeta.sh        prints the directory holding xdp_hw_metadata
#
# Built on the host, not in the trixie root: the root has no clang, libelf
# or zlib development files, and adding them to its package list would
# rebuild it.  libbpf is compiled from the same source tree (the selftests
# build theirs so too), the BPF program with the host's clang against a
# vmlinux.h from the guest kernel's BTF, and the tool is linked statically,
# so that bookworm's libraries need not be in the trixie-based guest.
# Cached in XNIC_CACHE/hwmeta-VERSION-KEY, KEY covering this script and
# the guest kernel.  Needs the 6.12 guest (make guest GUEST=6.12).
set -eu
XNIC_STEP=hwmeta
. "$(dirname "$0")/lib.sh"

guest=$XNIC_CACHE/guest-6.12
SRC=linux-source-6.12
SELFTESTS=tools/testing/selftests/bpf

# The version of the guest kernel's package, which the source must match
guest_version() {
	abi=$(basename "$(readlink -f "$guest")")
	abi=${abi#guest-}
	chroot "$guest/root" dpkg-query -W -f='${Version}' "linux-image-$abi" ||
		die "linux-image-$abi not in $guest/root: run 'make guest GUEST=6.12'"
}

# Downloads linux-source-6.12=$1 with the trixie root's apt (its sources
# are trixie's) and unpacks into $2 only what the tool's build reads.  The
# archive keeps only a suite's newest kernel: once a point release has
# replaced the guest's, the newest 6.12 source stands in, and says so.
fetch_source() {
	ver=$1 dst=$2
	say "downloading $SRC ($ver) in the trixie root"
	mkdir -p "$guest/root/hwmeta-dl"
	chroot "$guest/root" sh -c "cd /hwmeta-dl && { apt-get download -q $SRC=$ver ||
		{ apt-get update -q && apt-get download -q $SRC=$ver; } ||
		apt-get download -q $SRC; }" >"$dst.log" 2>&1 ||
		die "apt-get download $SRC failed in the trixie root: $(tail -n 3 "$dst.log")"
	rm "$dst.log"
	deb=$(ls "$guest/root/hwmeta-dl/${SRC}_"*_all.deb)
	[ "$deb" = "$guest/root/hwmeta-dl/${SRC}_${ver}_all.deb" ] ||
		say "the archive has no $SRC $ver any more: building from $(basename "$deb")"
	mkdir -p "$dst/deb"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dst/deb" "./usr/src/$SRC.tar.xz"
	rm -rf "$guest/root/hwmeta-dl"
	say "unpacking the tool's sources, tools/include, tools/lib/bpf"
	nice -n 10 tar -xJf "$dst/deb/usr/src/$SRC.tar.xz" -C "$dst" --wildcards \
		"$SRC/$SELFTESTS/*.h" "$SRC/$SELFTESTS/xdp_hw_metadata.c" "$SRC/$SELFTESTS/xsk.c" \
		"$SRC/$SELFTESTS/network_helpers.c" "$SRC/$SELFTESTS/progs/xdp_hw_metadata.c" \
		"$SRC/tools/include/*" "$SRC/tools/arch/x86/include/*" "$SRC/tools/lib/bpf/*" \
		"$SRC/scripts/bpf_doc.py" "$SRC/scripts/extract-vmlinux"
	rm -rf "$dst/deb"
}

# libbpf.a from the tree's tools/lib/bpf, with the flags of its Makefile
build_libbpf() {
	src=$1/$SRC/tools out=$2
	mkdir -p "$out/libbpf"
	for c in "$src"/lib/bpf/*.c; do
		nice -n 10 gcc -O2 -g -std=gnu89 -Wall -Werror -Wno-switch-enum -fvisibility=hidden \
			-D_LARGEFILE64_SOURCE -D_FILE_OFFSET_BITS=64 -I"$src/lib/bpf" \
			-I"$src/include" -I"$src/include/uapi" -I"$src/arch/x86/include" \
			-c "$c" -o "$out/libbpf/$(basename "$c" .c).o" || die "libbpf: cannot compile $c"
	done
	ar rcs "$out/libbpf.a" "$out"/libbpf/*.o
	# <bpf/...> as the selftests include them, with the generated helper list
	mkdir -p "$out/include/bpf"
	cp "$src"/lib/bpf/*.h "$out/include/bpf/"
	python3 "$1/$SRC/scripts/bpf_doc.py" --header --file "$src/include/uapi/linux/bpf.h" \
		>"$out/include/bpf/bpf_helper_defs.h"
}

# The BPF object and its skeleton, against the guest kernel's own types
build_prog() {
	src=$1/$SRC out=$2
	sh "$src/scripts/extract-vmlinux" "$guest/vmlinuz" >"$out/vmlinux" ||
		die "extract-vmlinux found no kernel in $guest/vmlinuz"
	bpftool btf dump file "$out/vmlinux" format c >"$out/include/vmlinux.h"
	rm "$out/vmlinux"
	# BPF_CFLAGS of the selftests' Makefile
	clang -O2 -g -Wall -Werror -Wno-compare-distinct-pointer-types -target bpf -mcpu=v3 \
		-D__TARGET_ARCH_x86 -I"$out/include" -I"$src/$SELFTESTS" -I"$src/tools/include/uapi" \
		-c "$src/$SELFTESTS/progs/xdp_hw_metadata.c" -o "$out/xdp_hw_metadata.bpf.o" ||
		die "clang -target bpf failed on progs/xdp_hw_metadata.c"
	bpftool gen skeleton "$out/xdp_hw_metadata.bpf.o" name xdp_hw_metadata \
		>"$out/include/xdp_hw_metadata.skel.h"
}

build_tool() {
	src=$1/$SRC out=$2
	set -- -O2 -g -Wall -Werror -I"$out/include" -I"$src/$SELFTESTS" -I"$src/tools/include" \
		-I"$src/tools/arch/x86/include" -I"$src/tools/include/uapi"
	for c in xsk network_helpers; do
		nice -n 10 gcc "$@" -c "$src/$SELFTESTS/$c.c" -o "$out/$c.o" ||
			die "cannot compile $SELFTESTS/$c.c"
	done
	nice -n 10 gcc "$@" -static -o "$out/xdp_hw_metadata.tmp" "$src/$SELFTESTS/xdp_hw_metadata.c" \
		"$out/xsk.o" "$out/network_helpers.o" "$out/libbpf.a" -lelf -lz -lrt -lpthread ||
		die "cannot link xdp_hw_metadata"
	mv "$out/xdp_hw_metadata.tmp" "$out/xdp_hw_metadata"
}

main() {
	[ -f "$guest/vmlinuz" ] || die "no 6.12 guest in $guest: run 'make guest GUEST=6.12'"
	ver=$(guest_version)
	key=$( (cat "$0"; sha1sum <"$guest/vmlinuz") | sha1sum | cut -c1-12)
	dir=$XNIC_CACHE/hwmeta-$ver-$key
	if [ ! -x "$dir/xdp_hw_metadata" ]; then
		rm -rf "$dir"
		mkdir -p "$dir/src" "$dir/build"
		fetch_source "$ver" "$dir/src"
		say "building libbpf, progs/xdp_hw_metadata.c and xdp_hw_metadata (static)"
		build_libbpf "$dir/src" "$dir/build"
		build_prog "$dir/src" "$dir/build"
		build_tool "$dir/src" "$dir/build"
		mv "$dir/build/xdp_hw_metadata" "$dir/"
		rm -rf "$dir/src" "$dir/build"
	fi
	echo "$dir"
}

main "$@"
