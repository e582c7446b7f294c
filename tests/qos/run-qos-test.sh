#!/bin/sh
# The xnic paths of QEMU's qos-test (xnic-test.c, libqos/xnic.c), from the
# QEMU build that made $XNIC_QEMU (scripts/build-qemu.sh builds both).
# Fails when either is missing: the project builds them.  XNIC_FW_IMG
# names the firmware the rx and reset tests load.
set -eu
fail() { echo "FAIL: xnic-qos: $*"; exit 1; }
[ -n "${XNIC_QEMU:-}" ] || fail "XNIC_QEMU is unset (scripts/check.sh sets it)"
qemu=$(readlink -f "$XNIC_QEMU")
qos=$(dirname "$qemu")/tests/qtest/qos-test
[ -x "$qos" ] || fail "$qos missing (make qemu builds it)"
# The build installs no BIOS: QEMU gets Debian's directories through a
# wrapper, whose name keeps the "-x86_64" libqtest takes the target from.
wrap=$(mktemp -d "${TMPDIR:-/tmp}/xnic-qos.XXXXXX")
trap 'rm -rf "$wrap"' EXIT
printf '#!/bin/sh\nexec "%s" -L /usr/share/qemu -L /usr/share/seabios "$@"\n' \
	"$qemu" >"$wrap/qemu-system-x86_64"
chmod +x "$wrap/qemu-system-x86_64"
QTEST_QEMU_BINARY=$wrap/qemu-system-x86_64
export QTEST_QEMU_BINARY
paths=$("$qos" -l | grep '/xnic/') || fail "qos-test has no xnic paths"
for p in $paths; do
	set -- "$@" -p "$p"
done
"$qos" --tap "$@"
