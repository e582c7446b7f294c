#!/bin/sh
# Builds the guest: Debian's 6.1 kernel, xnic.ko against the matching
# headers, and the initramfs pieces.  Prints the guest directory, which holds
#   vmlinuz          the kernel (from linux-image-<abi>-amd64)
#   base.cpio.gz     busybox, ip, tc, devlink, bpftool, ethtool, tcpdump, xdp-loader
#                    (and libxdp's dispatcher programs), their libraries,
#                    the tc modules the XDP tests use (GUEST_MODULES),
#                    /init (guest/init); rebuilt when its inputs change
#   driver.cpio.gz   xnic.ko, the card firmware and its test variants
#                    (/lib/firmware/xnic/), the project's guest tools
#                    (xnic-wire, xnic-objdump, xnic-testrun, xnic-genverdict, the AF_XDP test program
#                    tests/guest/xsk-test.c built static here) and the
#                    XDP test programs (tests/guest/xdp/*.c,
#                    compiled here with clang -target bpf into
#                    /lib/xnic-xdp/); rebuilt with them
# The guest boots base + driver + a per-run archive, concatenated: the kernel
# unpacks concatenated cpio archives in order.
set -eu
XNIC_STEP=guest
. "$(dirname "$0")/lib.sh"

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
	dep=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null) ||
		die "linux-headers-amd64 missing: run scripts/install-deps.sh"
	pkg=${dep%% *}                        # linux-headers-6.1.0-NN-amd64
	ver=$(echo "$dep" | sed -n 's/.*(= \(.*\)).*/\1/p')
	abi=${pkg#linux-headers-}             # 6.1.0-NN-amd64
	echo "$abi $ver"
}

fetch_kernel() {
	abi=$1 ver=$2 dir=$3
	[ -f "$dir/vmlinuz" ] && return 0
	say "downloading linux-image-$abi ($ver)"
	mkdir -p "$dir/deb"
	(cd "$dir/deb" && apt-get download "linux-image-$abi=$ver" >/dev/null 2>&1) ||
		die "apt-get download linux-image-$abi=$ver failed"
	dpkg-deb -x "$dir"/deb/linux-image-*.deb "$dir/root"
	cp "$dir/root/boot/vmlinuz-$abi" "$dir/vmlinuz.tmp"
	cp "$dir/root/boot/config-$abi" "$dir/config"
	mv "$dir/vmlinuz.tmp" "$dir/vmlinuz"
	rm -rf "$dir/deb"
}

build_driver() {
	abi=$1
	say "building xnic.ko against linux-headers-$abi"
	run_logged "$XNIC_CACHE/driver-build.log" \
		make -C "$XNIC_TOP/guest-driver" KDIR="/usr/src/linux-headers-$abi"
}

# Copies every shared library an executable needs into the image.
add_libs() {
	root=$1 bin=$2
	ldd "$bin" 2>/dev/null | grep -o '/[^ ]*' | while read -r lib; do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

# Copies an executable and every shared library it needs into the image.
add_binary() {
	root=$1 bin=$2
	mkdir -p "$root$(dirname "$bin")"
	cp -L "$bin" "$root$bin"
	add_libs "$root" "$bin"
}

make_cpio() {
	(cd "$1" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --quiet --reproducible) | gzip -1 -n >"$2.tmp"
	mv "$2.tmp" "$2"
}

build_base() {
	out=$1 kmods=$2/root/lib/modules/$3/kernel
	# The key covers what goes in: the guest/ files and the tools' versions.
	key=$( (cat "$0" "$XNIC_TOP/guest/init" "$XNIC_TOP/guest/udhcpc.script"; dpkg-query -W busybox-static bash iproute2 bpftool ethtool tcpdump xdp-tools libxdp1) |
		sha1sum | cut -c1-12)
	[ -f "$out" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$key" ] && return 0
	say "building base initramfs"
	root=$(mktemp -d)
	mkdir -p "$root"/bin "$root"/sbin "$root"/usr/bin "$root"/usr/sbin "$root"/etc \
		 "$root"/proc "$root"/sys "$root"/dev "$root"/tmp "$root"/run \
		 "$root"/lib/modules "$root"/lib/firmware "$root"/etc/udhcpc
	cp /bin/busybox "$root/bin/busybox"
	for applet in $(/bin/busybox --list-full); do
		[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
	done
	for bin in $GUEST_TOOLS; do
		rm -f "$root$bin"
		add_binary "$root" "$bin"
	done
	ln -sfn bash "$root/bin/sh"
	mkdir -p "$root$GUEST_BPF_DIR"
	cp "$GUEST_BPF_DIR"/*.o "$root$GUEST_BPF_DIR/"
	for m in $GUEST_MODULES; do
		[ -f "$kmods/$m" ] || die "no $kmods/$m: remove $2 to fetch the kernel again"
		cp "$kmods/$m" "$root/lib/modules/"
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
	out=$1
	tools=${XNIC_BUILD:-$XNIC_TOP/build}/tools
	fw=${XNIC_BUILD:-$XNIC_TOP/build}/firmware
	for t in xnic-wire/xnic-wire xnic-objdump/xnic-objdump-static xnic-testrun/xnic-testrun \
		 xnic-genverdict/xnic-genverdict; do
		[ -x "$tools/$t" ] || die "no $tools/$t: run 'make build'"
	done
	[ -f "$fw/xnic-fw.img" ] || die "no $fw/xnic-fw.img: run 'make build'"
	root=$(mktemp -d)
	mkdir -p "$root/lib/modules" "$root/usr/bin" "$root/lib/firmware/xnic"
	strip --strip-debug -o "$root/lib/modules/xnic.ko" "$XNIC_TOP/guest-driver/xnic.ko"
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
	build_driver "$abi"
	build_driver_cpio "$dir/driver.cpio.gz"
	ln -sfn "$dir" "$XNIC_CACHE/.guest-link.$$"
	mv -T "$XNIC_CACHE/.guest-link.$$" "$XNIC_CACHE/guest"
	echo "$dir"
}

main "$@"
