#!/bin/sh
# Builds qemu-system-x86_64 with the xnic device and prints its path.
#
# Source: Debian bookworm's qemu source package (with Debian's patches), or
# the user's own tree in XNIC_QEMU_SRC.  The device sources in hw/xnic (and
# the shared include/xnic headers) are overlaid into <qemu>/hw/xnic, the
# microengine emulator (hw/me) into <qemu>/hw/xnic/me, the ISA library
# (isa/) into <qemu>/hw/xnic/isa, and
# three one-line hooks are added so QEMU's build knows the directory.
# The plain build also makes QEMU's qos-test with the xnic libqos driver
# and its tests (tests/qos, overlaid into <qemu>/tests/qtest with one
# line added to each of the two lists that name such files).
# The build directory is keyed by QEMU version and configure flags; the
# overlay copies only changed files, so ninja recompiles only what changed.
#
# XNIC_SANITIZE=1 builds a second QEMU with AddressSanitizer and
# UndefinedBehaviorSanitizer into its own build directory and links it as
# $XNIC_CACHE/qemu-system-x86_64-asan (docs/testing.md, "Sanitizer
# builds").  configure's --enable-sanitizers probes each sanitizer with
# -Werror and drops the one whose probe fails: with GCC 12 the UBSan probe
# trips -Wmaybe-uninitialized, so -fsanitize=undefined is passed as an
# extra flag too (scripts/asan.sh checks that both runtimes are linked).
#
# Every build gets the patches in hw/qemu-patches/*.patch (QEMU changes
# the emulator needs beyond the device: net-dgram-batch.patch, the dgram
# netdev reading up to 64 datagrams per readiness, docs/performance.md),
# applied to pristine copies of the files they change; their content is
# part of the build's key.
#
# XNIC_FUZZ=1 builds QEMU's libFuzzer target qemu-fuzz-x86_64 with clang,
# ASan and UBSan into a third build directory and links it as
# $XNIC_CACHE/qemu-fuzz-x86_64 (docs/testing.md, "Coverage-guided
# fuzzing").  Only that build also gets the patches in tests/fuzz/*.patch
# (the xnic entry of generic-fuzz's configurations).
set -eu
XNIC_STEP=qemu
. "$(dirname "$0")/lib.sh"

QEMU_CONFIGURE_FLAGS="--target-list=x86_64-softmmu --without-default-features \
 --enable-tcg --enable-slirp --disable-docs --disable-werror --disable-user \
 --disable-tools --disable-install-blobs --enable-fdt=system --disable-capstone"
qemu_targets="qemu-system-x86_64 tests/qtest/qos-test"
qemu_patches=$(ls "$XNIC_TOP"/hw/qemu-patches/*.patch)
if [ "${XNIC_FUZZ:-0}" = 1 ]; then
	# The fuzz target's command line is generic-fuzz's, without the
	# -L options the tests pass: Debian's BIOS directories are built in
	# (see bundle_firmware for how a binary in its build directory finds
	# them).
	fuzz_firmware=/usr/share/qemu:/usr/share/seabios
	QEMU_CONFIGURE_FLAGS="$QEMU_CONFIGURE_FLAGS --cc=clang --cxx=clang++ \
 --enable-fuzzing --enable-sanitizers --firmwarepath=$fuzz_firmware"
	qemu_targets=qemu-fuzz-x86_64
	qemu_link=qemu-fuzz-x86_64
	qemu_patches="$qemu_patches $(ls "$XNIC_TOP"/tests/fuzz/*.patch)"
elif [ "${XNIC_SANITIZE:-0}" = 1 ]; then
	QEMU_CONFIGURE_FLAGS="$QEMU_CONFIGURE_FLAGS --enable-sanitizers \
 --extra-cflags=-fsanitize=undefined --extra-ldflags=-fsanitize=undefined"
	qemu_targets=qemu-system-x86_64
	qemu_link=qemu-system-x86_64-asan
else
	qemu_link=qemu-system-x86_64
fi

fetch_debian_qemu() {
	src_dir=$XNIC_CACHE/src
	mkdir -p "$src_dir"
	tree=$(ls -d "$src_dir"/qemu-7.2 2>/dev/null || true)
	if [ -z "$tree" ]; then
		say "fetching Debian's qemu source package"
		(cd "$src_dir" && apt-get source --download-only qemu >/dev/null 2>&1) ||
			die "apt-get source qemu failed (deb-src entries? run scripts/install-deps.sh)"
		say "unpacking with Debian's patches"
		(cd "$src_dir" && dpkg-source -x qemu_*.dsc qemu-7.2 >/dev/null)
		tree=$src_dir/qemu-7.2
	fi
	echo "$tree"
}

overlay_device() {
	tree=$1
	dst=$tree/hw/xnic
	mkdir -p "$dst/xnic"
	for f in "$XNIC_TOP"/hw/xnic/*.c "$XNIC_TOP"/hw/xnic/*.h \
		 "$XNIC_TOP"/hw/xnic/Kconfig "$XNIC_TOP"/hw/xnic/trace-events; do
		[ -f "$f" ] && sync_file "$f" "$dst/$(basename "$f")"
	done
	sync_file "$XNIC_TOP/hw/xnic/qemu.meson" "$dst/meson.build"
	for f in "$XNIC_TOP"/include/xnic/*.h; do
		sync_file "$f" "$dst/xnic/$(basename "$f")"
	done
	for f in "$XNIC_TOP"/hw/me/*.c "$XNIC_TOP"/hw/me/*.h; do
		sync_file "$f" "$dst/me/$(basename "$f")"
	done
	for f in "$XNIC_TOP"/isa/*.c "$XNIC_TOP"/isa/*.h; do
		sync_file "$f" "$dst/isa/$(basename "$f")"
	done
	# Files removed from the repo must not linger in the overlay.
	prune_overlay "$dst" "$XNIC_TOP/hw/xnic"
	prune_overlay "$dst/me" "$XNIC_TOP/hw/me"
	prune_overlay "$dst/isa" "$XNIC_TOP/isa"
	hook "$tree/hw/meson.build" "subdir('xnic')"
	hook "$tree/hw/Kconfig" "source xnic/Kconfig"
	grep -q "'hw/xnic'" "$tree/meson.build" ||
		sed -i "s|^    'hw/net',|    'hw/net',\n    'hw/xnic',|" "$tree/meson.build"
	grep -q "'hw/xnic'" "$tree/meson.build" || die "could not hook hw/xnic into trace_events_subdirs"
}

# QEMU's qos-test gets the xnic libqos driver and its tests.
overlay_qos_test() {
	qt=$1/tests/qtest
	sync_file "$XNIC_TOP/tests/qos/libqos/xnic.c" "$qt/libqos/xnic.c"
	sync_file "$XNIC_TOP/tests/qos/libqos/xnic.h" "$qt/libqos/xnic.h"
	sync_file "$XNIC_TOP/tests/qos/xnic-test.c" "$qt/xnic-test.c"
	add_after "$qt/libqos/meson.build" "        'e1000e.c'," "        'xnic.c',"
	add_after "$qt/meson.build" "  'vmxnet3-test.c'," "  'xnic-test.c',"
}

# add_after FILE LINE NEW: NEW as the line after LINE, once.
add_after() {
	grep -qxF "$3" "$1" && return
	grep -qxF "$2" "$1" || die "$1 has no line \"$2\" to add \"$3\" after"
	sed -i "s|^$2\$|&\n$3|" "$1"
}

# prune_overlay DIR SRC: remove DIR's sources that SRC no longer has.
prune_overlay() {
	for f in "$1"/*.c "$1"/*.h; do
		[ -f "$f" ] || continue
		[ -f "$2/$(basename "$f")" ] || rm -f "$f"
	done
}

# patched_file PATCH: the file of the QEMU tree that PATCH changes
patched_file() {
	sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$1"
}

# apply_patches TREE: each of $qemu_patches applied to a pristine copy
# (kept as FILE.xnic-orig) of the one file it changes, the result synced
# into TREE, so that a changed patch replaces the old one's effect.  The
# tree is shared by the builds: a file another build patched and this one
# does not is put back as it was.
apply_patches() {
	find "$1" -name '*.xnic-orig' | while read -r orig; do
		for p in $qemu_patches; do
			[ "$1/$(patched_file "$p")" = "${orig%.xnic-orig}" ] && continue 2
		done
		sync_file "$orig" "${orig%.xnic-orig}"
	done
	for p in $qemu_patches; do
		file=$1/$(patched_file "$p")
		[ -f "$file" ] || die "$p changes a file QEMU does not have"
		[ -f "$file.xnic-orig" ] || cp "$file" "$file.xnic-orig"
		patch -s -o "$file.xnic-new" "$file.xnic-orig" "$p" ||
			die "$p does not apply to QEMU $(cat "$1/VERSION")"
		sync_file "$file.xnic-new" "$file"
		rm -f "$file.xnic-new"
	done
}

# bundle_firmware BUILD: QEMU run from its build directory looks for its
# data under BUILD/qemu-bundle (util/cutils.c get_relocated_path), not at
# the configured firmware path, and the bundle has no BIOS: without these
# links the fuzz target stops with "could not load PC BIOS".
bundle_firmware() {
	for dir in $(echo "$fuzz_firmware" | tr ':' ' '); do
		mkdir -p "$1/qemu-bundle$(dirname "$dir")"
		ln -sfn "$dir" "$1/qemu-bundle$dir"
	done
}

hook() {
	grep -qxF "$2" "$1" || echo "$2" >>"$1"
}

main() {
	[ -f "$XNIC_TOP/hw/xnic/qemu.meson" ] || die "hw/xnic/qemu.meson missing"
	if [ -n "${XNIC_QEMU_SRC:-}" ]; then
		tree=$XNIC_QEMU_SRC
		[ -x "$tree/configure" ] || die "XNIC_QEMU_SRC=$tree is not a QEMU source tree"
	else
		tree=$(fetch_debian_qemu)
	fi
	version=$(cat "$tree/VERSION")
	# shellcheck disable=SC2086
	flags=$(echo $QEMU_CONFIGURE_FLAGS)
	# shellcheck disable=SC2086
	patched=$(cat /dev/null $qemu_patches)
	key=$(printf '%s\n%s\n%s' "$tree" "$flags" "$patched" | sha1sum | cut -c1-10)
	build=$XNIC_CACHE/qemu-build-$version-$key

	overlay_device "$tree"
	case " $qemu_targets " in
	*" tests/qtest/qos-test "*) overlay_qos_test "$tree" ;;
	esac
	apply_patches "$tree"
	mkdir -p "$build"
	if [ ! -f "$build/build.ninja" ]; then
		say "configuring QEMU $version in $build"
		# shellcheck disable=SC2086
		(cd "$build" && run_logged "$build/configure.log" "$tree/configure" $flags)
	fi
	say "building $qemu_targets (cold: ~5 min on 2 cores; log: $build/build.log)"
	# shellcheck disable=SC2086
	run_logged "$build/build.log" ninja -C "$build" $qemu_targets
	[ "${XNIC_FUZZ:-0}" = 1 ] && bundle_firmware "$build"
	binary=$build/${qemu_targets%% *}
	ln -sfn "$binary" "$XNIC_CACHE/.qemu-link.$$"
	mv -T "$XNIC_CACHE/.qemu-link.$$" "$XNIC_CACHE/$qemu_link"
	echo "$binary"
}

main "$@"
