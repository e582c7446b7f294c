#!/bin/sh
# Builds the guest: a Debian kernel, xnic.ko against the matching headers,
# and the initramfs pieces.
#
# usage: build-guest.sh [--kernel 6.1|6.12]
#   6.1 (the default) is Debian 12's kernel, built with the host's packages;
#   6.12 is Debian 13's, whose headers want trixie's gcc-14 and kbuild: its
#   xnic.ko is built, and its tools taken, inside the trixie root of
#   scripts/trixie-root.sh.
# Prints the guest directory, linked as XNIC_CACHE/guest (6.1) or
# XNIC_CACHE/guest-6.12, which holds
#   vmlinuz          the kernel (from linux-image-<abi>)
#   base.cpio.gz     busybox, ip, tc, devlink, bpftool, ethtool, tcpdump, xdp-loader
#                    (and libxdp's dispatcher programs), their libraries,
#                    the tc modules the XDP tests use (GUEST_MODULES),
#                    /init (guest/init); rebuilt when its inputs change
#   driver.cpio.gz   xnic.ko, the card firmware and its test variants
#                    (/lib/firmware/xnic/), the project's guest tools
#                    (xnic-wire, xnic-objdump, xnic-testrun, xnic-genverdict, the AF_XDP test program
#                    tests/guest/xsk-test.c, hwtstamp.c and skbmeta.c built static here) and the
#                    XDP test programs (tests/guest/xdp/*.c,
#                    compiled here with clang -target bpf into
#                    /lib/xnic-xdp/); rebuilt with them
# The guest boots base + driver + a per-run archive, concatenated: the kernel
# unpacks concatenated cpio archives in order.
set -eu
XNIC_STEP=guest
. "$(dirname "$0")/lib.sh"

kernel=6.1
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift ;;
	*) die "usage: build-guest.sh [--kernel 6.1|6.12]" ;;
	esac
	shift
done
# The root the kernel packages and guest tools come from: the host's for
# 6.1, the trixie root for 6.12 ("" is the host's own /).
case "$kernel" in
6.1) sysroot="" ;;
6.12) sysroot=$("$XNIC_TOP/scripts/trixie-root.sh") ;;
*) die "no guest kernel $kernel: 6.1 or 6.12" ;;
esac

# Runs a command inside the guest's package root.
in_root() {
	if [ -n "$sysroot" ]; then
		chroot "$sysroot" "$@"
	else
		"$@"
	fi
}

# bash is the guest's /bin/sh: busybox's own shell runs its applets (a
# reduced `ip`, for one) ahead of PATH, which would hide iproute2's.
# Kernel modules the tests insmod from /lib/modules (tc's clsact qdisc and
# BPF classifier, for the XDP metadata check); none has dependencies.
GUEST_MODULES="net/sched/sch_ingress.ko net/sched/cls_bpf.ko"
GUEST_TOOLS="/bin/bash /usr/bin/ip /usr/sbin/tc /usr/sbin/devlink /usr/sbin/bpftool /usr/sbin/ethtool \
 /usr/bin/tcpdump /usr/sbin/xdp-loader"
# libxdp's programs (its multi-program dispatcher), which xdp-loader loads
GUEST_BPF_DIR=/usr/lib/x86_64-linux-gnu/bpf

resolve_abi() {
	# The headers metapackage pins the exact ABI; the image must match it.
	dep=$(in_root dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null) ||
		die "linux-headers-amd64 missing: run scripts/install-deps.sh"
	pkg=${dep%% *}                        # linux-headers-6.1.0-NN-amd64
	ver=$(echo "$dep" | sed -n 's/.*(= \(.*\)).*/\1/p')
	abi=${pkg#linux-headers-}             # 6.1.0-NN-amd64
	echo "$abi $ver"
}

# 6.1's image is downloaded, unpacked into the guest directory.  6.12's
# headers package depends on the image of its ABI, so the trixie root has
# it installed already.
fetch_kernel() {
	abi=$1 ver=$2 dir=$3
	[ -f "$dir/vmlinuz" ] && return 0
	if [ -n "$sysroot" ]; then
		ln -sfn "$sysroot" "$dir/root"
	else
		say "downloading linux-image-$abi ($ver)"
		mkdir -p "$dir/deb"
		(cd "$dir/deb" && apt-get download "linux-image-$abi=$ver" >/dev/null 2>&1) ||
			die "apt-get download linux-image-$abi=$ver failed"
		dpkg-deb -x "$dir"/deb/linux-image-*.deb "$dir/root"
		rm -rf "$dir/deb"
	fi
	[ -f "$dir/root/boot/vmlinuz-$abi" ] || die "no /boot/vmlinuz-$abi in $dir/root"
	cp "$dir/root/boot/vmlinuz-$abi" "$dir/vmlinuz.tmp"
	cp "$dir/root/boot/config-$abi" "$dir/config"
	mv "$dir/vmlinuz.tmp" "$dir/vmlinuz"
}

# Makes DST hold the files of the source trees the driver's Kbuild reads,
# copying only changed ones (so make rebuilds only what changed) and
# deleting those gone from the checkout (Kbuild compiles xcc_*.c by wildcard).
sync_driver_tree() {
	dst=$1
	trees="guest-driver offload-compiler isa include"
	(cd "$XNIC_TOP" && find $trees -type f \( -name '*.[ch]' -o -name Kbuild -o -name Makefile \) \
		! -name '*.mod.c') | LC_ALL=C sort >"$dst.list.new"
	while read -r f; do
		sync_file "$XNIC_TOP/$f" "$dst/$f"
	done <"$dst.list.new"
	if [ -f "$dst.list" ]; then
		LC_ALL=C comm -23 "$dst.list" "$dst.list.new" | while read -r f; do
			rm -f "$dst/$f"
		done
	fi
	mv "$dst.list.new" "$dst.list"
}

# Prints the path of the xnic.ko it built.  6.12's is built inside the
# trixie root, in a copy of the sources, so that its objects (compiled in
# place, also in offload-compiler/ and isa/) never mix with 6.1's.
build_driver() {
	abi=$1
	say "building xnic.ko against linux-headers-$abi"
	if [ -n "$sysroot" ]; then
		sync_driver_tree "$sysroot/xnic-src"
		run_logged "$XNIC_CACHE/driver-build-$kernel.log" \
			nice -n 10 chroot "$sysroot" make -C /xnic-src/guest-driver \
			KDIR="/usr/src/linux-headers-$abi"
		echo "$sysroot/xnic-src/guest-driver/xnic.ko"
	else
		run_logged "$XNIC_CACHE/driver-build.log" \
			make -C "$XNIC_TOP/guest-driver" KDIR="/usr/src/linux-headers-$abi"
		echo "$XNIC_TOP/guest-driver/xnic.ko"
	fi
}

# Copies every shared library an executable needs into the image: one of
# the package root (listed by its own ldd) with "root" as third argument,
# else one of the host.  Libraries come from the package root when it has
# them, so that a 6.12 guest keeps trixie's glibc, which also runs the
# host's (older) binaries.
add_libs() {
	root=$1 bin=$2
	if [ "${3:-}" = root ]; then in_root ldd "$bin"; else ldd "$bin"; fi 2>/dev/null |
		grep -o '/[^ ]*' | while read -r lib; do
		src=$sysroot$lib
		[ -e "$src" ] || src=$lib
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$src" "$root$lib"
	done
}

# Copies an executable of the package root and every shared library it
# needs into the image.
add_binary() {
	root=$1 bin=$2
	mkdir -p "$root$(dirname "$bin")"
	cp -L "$sysroot$bin" "$root$bin"
	add_libs "$root" "$bin" root
}

make_cpio() {
	(cd "$1" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --quiet --reproducible) | gzip -1 -n >"$2.tmp"
	mv "$2.tmp" "$2"
}

build_base() {
	out=$1 kmods=$2/root/lib/modules/$3/kernel
	# The key covers what goes in: the guest/ files and the tools' versions.
	key=$( (cat "$0" "$XNIC_TOP/guest/init" "$XNIC_TOP/guest/udhcpc.script"
		in_root dpkg-query -W busybox-static bash iproute2 bpftool ethtool tcpdump xdp-tools libxdp1) |
		sha1sum | cut -c1-12)
	[ -f "$out" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$key" ] && return 0
	say "building base initramfs"
	root=$(mktemp -d)
	mkdir -p "$root"/bin "$root"/sbin "$root"/usr/bin "$root"/usr/sbin "$root"/etc \
		 "$root"/proc "$root"/sys "$root"/dev "$root"/tmp "$root"/run \
		 "$root"/lib/modules "$root"/lib/firmware "$root"/etc/udhcpc
	cp "$sysroot/bin/busybox" "$root/bin/busybox"
	for applet in $("$root/bin/busybox" --list-full); do
		[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
	done
	for bin in $GUEST_TOOLS; do
		rm -f "$root$bin"
		add_binary "$root" "$bin"
	done
	ln -sfn bash "$root/bin/sh"
	mkdir -p "$root$GUEST_BPF_DIR"
	cp "$sysroot$GUEST_BPF_DIR"/*.o "$root$GUEST_BPF_DIR/"
	for m in $GUEST_MODULES; do
		# 6.12's modules are xz-compressed; the guest's insmod takes plain ones
		if [ -f "$kmods/$m.xz" ]; then
			xz -dc "$kmods/$m.xz" >"$root/lib/modules/$(basename "$m")"
		else
			[ -f "$kmods/$m" ] || die "no $kmods/$m: remove $2 to fetch the kernel again"
			cp "$kmods/$m" "$root/lib/modules/"
		fi
	done
	install -m 755 "$XNIC_TOP/guest/init" "$root/init"
	install -m 755 "$XNIC_TOP/guest/udhcpc.script" "$root/etc/udhcpc/default.script"
	echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
	echo "root:x:0:" >"$root/etc/group"
	make_cpio "$root" "$out"
	rm -rf "$root"
	echo "$key" >"$out.key"
}

# The XDP programs the guest tests attach; never committed as objects.
build_xdp_progs() {
	dest=$1
	mkdir -p "$dest"
	for src in "$XNIC_TOP"/tests/guest/xdp/*.c "$XNIC_TOP"/examples/xdp/*.c; do
		clang -O2 -g -Wall -Werror -target bpf -I/usr/include/x86_64-linux-gnu \
			-c "$src" -o "$dest/$(basename "$src" .c).o" 2>"$XNIC_CACHE/xdp-build.log" ||
			die "clang -target bpf failed on $src: $(head -c 600 "$XNIC_CACHE/xdp-build.log")"
	done
}

build_driver_cpio() {
	out=$1   # $2: the xnic.ko to pack
	tools=${XNIC_BUILD:-$XNIC_TOP/build}/tools
	fw=${XNIC_BUILD:-$XNIC_TOP/build}/firmware
	for t in xnic-wire/xnic-wire xnic-objdump/xnic-objdump-static xnic-testrun/xnic-testrun \
		 xnic-genverdict/xnic-genverdict; do
		[ -x "$tools/$t" ] || die "no $tools/$t: run 'make build'"
	done
	[ -f "$fw/xnic-fw.img" ] || die "no $fw/xnic-fw.img: run 'make build'"
	root=$(mktemp -d)
	mkdir -p "$root/lib/modules" "$root/usr/bin" "$root/lib/firmware/xnic"
	strip --strip-debug -o "$root/lib/modules/xnic.ko" "$2"
	# The firmware and its test variants (firmware/test/)
	cp "$fw"/*.img "$root/lib/firmware/xnic/"
	# xnic-wire links libpcap, which has no complete static build in Debian
	cp "$tools/xnic-wire/xnic-wire" "$root/usr/bin/xnic-wire"
	add_libs "$root" "$tools/xnic-wire/xnic-wire"
	cp "$tools/xnic-objdump/xnic-objdump-static" "$root/usr/bin/xnic-objdump"
	cp "$tools/xnic-testrun/xnic-testrun" "$root/usr/bin/xnic-testrun"
	cp "$tools/xnic-genverdict/xnic-genverdict" "$root/usr/bin/xnic-genverdict"
	gcc -static -O2 -Wall -o "$root/usr/bin/xsk-test" "$XNIC_TOP/tests/guest/xsk-test.c" ||
		die "cannot build tests/guest/xsk-test.c"
	for t in hwtstamp skbmeta; do
		gcc -static -O2 -Wall -o "$root/usr/bin/$t" "$XNIC_TOP/tests/guest/$t.c" ||
			die "cannot build tests/guest/$t.c"
	done
	build_xdp_progs "$root/lib/xnic-xdp"
	# the card's helper table, which offload-helpers.sh compares with bpftool
	cp "$XNIC_TOP/include/xnic/helpers.h" "$root/lib/xnic-xdp/"
	make_cpio "$root" "$out"
	rm -rf "$root"
}

main() {
	set -- $(resolve_abi)
	abi=$1 ver=$2
	dir=$XNIC_CACHE/guest-$abi
	mkdir -p "$dir"
	fetch_kernel "$abi" "$ver" "$dir"
	build_base "$dir/base.cpio.gz" "$dir" "$abi"
	ko=$(build_driver "$abi")
	build_driver_cpio "$dir/driver.cpio.gz" "$ko"
	link=guest
	[ "$kernel" = 6.1 ] || link=guest-$kernel
	ln -sfn "$dir" "$XNIC_CACHE/.guest-link.$$"
	mv -T "$XNIC_CACHE/.guest-link.$$" "$XNIC_CACHE/$link"
	echo "$dir"
}

main "$@"
