#!/bin/sh
# Builds (once) a Debian 13 "trixie" root in XNIC_CACHE for the 6.12 guest:
# its gcc-14 and kbuild build xnic.ko against Linux 6.12's headers, which
# bookworm's gcc-12 cannot, and its iproute2, bpftool, xdp-tools and ethtool
# go into the 6.12 guest's initramfs.  The root comes from debootstrap, from
# the same Debian mirror the host's apt uses, and is keyed by suite, mirror
# and package list, so a changed list builds a new root beside the old one.
# Prints the root's directory.  Needs root (debootstrap, chroot).
set -eu
XNIC_STEP=trixie
. "$(dirname "$0")/lib.sh"

SUITE=trixie
# The kernel build (build-essential, linux-headers-amd64 pulls gcc-14 and
# linux-kbuild-6.12) and the guest's tools (scripts/build-guest.sh GUEST_TOOLS)
PKGS="build-essential linux-headers-amd64 busybox-static bash iproute2 bpftool ethtool \
 tcpdump xdp-tools libxdp1"

# The host's Debian mirror: the first deb URI of its sources that serves
# the main archive (not the security one).
host_mirror() {
	sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
		tr ' ' '\n' | grep -v -e security -e '^$' | grep '/debian/*$' | head -n 1
}

main() {
	[ "$(id -u)" = 0 ] || die "debootstrap and chroot need root"
	command -v debootstrap >/dev/null || die "debootstrap missing: run scripts/install-deps.sh"
	mirror=$(host_mirror)
	[ -n "$mirror" ] || die "no Debian mirror in /etc/apt/sources.list.d/*.sources"
	key=$(echo "$SUITE $mirror $PKGS" | sha1sum | cut -c1-12)
	dir=$XNIC_CACHE/root-$SUITE-$key
	if [ ! -f "$dir/.done" ]; then
		rm -rf "$dir"
		say "debootstrap $SUITE from $mirror into $dir"
		run_logged "$XNIC_CACHE/root-$SUITE-$key.log" \
			nice -n 10 debootstrap --variant=minbase --include="$(echo $PKGS | tr ' ' ,)" \
			"$SUITE" "$dir" "$mirror"
		# No daemons start inside the root; apt's caches are not kept.
		rm -rf "$dir"/var/cache/apt/archives/*.deb
		touch "$dir/.done"
	fi
	echo "$dir"
}

main "$@"
