#!/bin/sh
# Installs, from Debian's archive only, everything the build and the tests use.
# Idempotent: packages already present are skipped, so `make run` and
# `make check` can call it every time at little cost.
set -eu

# zstd: Debian 13's kernel is zstd-compressed (scripts/build-hwmeta.sh extracts its BTF)
PKGS="build-essential pkg-config meson ninja-build python3 dpkg-dev cpio xz-utils \
 libglib2.0-dev libslirp-dev libpixman-1-dev libfdt-dev zlib1g-dev check libbpf-dev libelf-dev \
 libpcap-dev clang libclang-rt-14-dev llvm bpftool busybox-static iproute2 iputils-ping ethtool tcpdump kmod \
 seabios ipxe-qemu qemu-system-data qemu-utils valgrind linux-headers-amd64 \
 linux-source-6.1 libxdp1 xdp-tools xdp-tests debootstrap zstd"

say() { printf '[deps] %s\n' "$*"; }

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done

# deb-src entries: `apt-get source qemu` needs them and bookworm images lack them.
src_list=/etc/apt/sources.list.d/xnic-deb-src.sources
need_src=0
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ &&
   ! grep -qs '^deb-src' /etc/apt/sources.list; then
	need_src=1
fi

if [ -z "$missing" ] && [ "$need_src" = 0 ]; then
	say "all packages present"
	exit 0
fi

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

if [ "$need_src" = 1 ]; then
	say "adding deb-src entries ($src_list)"
	sed -n '/^Types: deb$/,/^$/p' /etc/apt/sources.list.d/debian.sources |
		sed 's/^Types: deb$/Types: deb-src/' | $SUDO tee "$src_list" >/dev/null
fi

say "apt-get update"
$SUDO apt-get update -q >/dev/null
if [ -n "$missing" ]; then
	say "installing:$missing"
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
say "done"
