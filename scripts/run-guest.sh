#!/bin/sh
# Boots the xnic guest under QEMU (TCG) with one or more -device xnic.
#
# usage: run-guest.sh [options]
#   --script FILE     run FILE in the guest as /test/run.sh, then power off;
#                     exit with its exit code (parsed from "XNIC-EXIT: N")
#   --add SRC[:DST]   add a host file to the guest (default DST /test/NAME)
#   --netdev SPEC     a netdev for one xnic (repeatable: one xnic each);
#                     default "user" (slirp).  The id is added for you, e.g.
#                     --netdev "dgram,local.type=inet,local.host=127.0.0.1,..."
#   --xnic-opts OPTS  extra -device xnic properties, e.g. queues=2
#   --append ARGS     extra kernel command line (e.g. xnic.noload)
#   --interactive     console on this terminal, a guest shell after the
#                     script (Ctrl-A x quits QEMU); no timeout
#   --timeout SEC     kill QEMU after SEC seconds (default 300; 0 = none)
#   --kernel K        the guest kernel: 6.1 (Debian 12's, the default) or
#                     6.12 (Debian 13's); default $XNIC_KERNEL, else 6.1
#   --kvm             use KVM instead of TCG (hangs on some hosts)
#   --qemu-arg ARG    pass ARG to QEMU (repeatable)
#   --vmstate FILE    a qcow2 image (qemu-img create -f qcow2 FILE 1M) to
#                     hold the VM's snapshots: block node "vmstate", no
#                     device in the guest (savevm, snapshot-save, -loadvm)
# Environment: XNIC_CACHE (build cache), XNIC_QEMU (QEMU binary to use),
# XNIC_KERNEL (the default of --kernel).
set -eu
XNIC_STEP=guest
. "$(dirname "$0")/lib.sh"

script="" interactive=0 timeout=300 append="" xnic_opts="" accel=tcg
netdevs="" extra_files="" qemu_args="" kernel=${XNIC_KERNEL:-6.1} vmstate=""

usage() { sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "$1"; }

while [ $# -gt 0 ]; do
	case "$1" in
	--script) script=$2; shift ;;
	--add) extra_files="$extra_files $2"; shift ;;
	--netdev) netdevs="$netdevs|$2"; shift ;;
	--xnic-opts) xnic_opts=",$2"; shift ;;
	--append) append="$append $2"; shift ;;
	--timeout) timeout=$2; shift ;;
	--kernel) kernel=$2; shift ;;
	--kvm) accel=kvm ;;
	--interactive) interactive=1 ;;
	--qemu-arg) qemu_args="$qemu_args $2"; shift ;;
	--vmstate) vmstate=$2; shift ;;
	-h|--help) usage 0 ;;
	*) say "unknown option $1"; usage 2 ;;
	esac
	shift
done

qemu=${XNIC_QEMU:-$XNIC_CACHE/qemu-system-x86_64}
# scripts/build-guest.sh's links: guest is 6.1's, guest-6.12 6.12's
case "$kernel" in
6.1) guest=$XNIC_CACHE/guest ;;
6.12) guest=$XNIC_CACHE/guest-6.12 ;;
*) die "no guest kernel $kernel: 6.1 or 6.12" ;;
esac
[ -x "$qemu" ] || die "no QEMU at $qemu: run 'make qemu'"
[ -f "$guest/vmlinuz" ] || die "no $kernel guest in $guest: run 'make guest GUEST=$kernel'"

work=$(mktemp -d "${TMPDIR:-/tmp}/xnic-guest.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# The per-run archive: the script and the files it needs.
mkdir -p "$work/root/test"
if [ -n "$script" ]; then
	install -m 755 "$script" "$work/root/test/run.sh"
fi
for spec in $extra_files; do
	src=${spec%%:*}
	dst=/test/$(basename "$src")
	case "$spec" in *:*) dst=${spec#*:} ;; esac
	mkdir -p "$work/root$(dirname "$dst")"
	cp "$src" "$work/root$dst"
done
(cd "$work/root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$work/run.cpio.gz"
cat "$guest/base.cpio.gz" "$guest/driver.cpio.gz" "$work/run.cpio.gz" >"$work/initrd"

[ -n "$netdevs" ] || netdevs="|user"
# RDRAND, trusted: the kernel's random pool is ready at boot, so no tool
# waits for entropy and the kernel does not patch its crng_is_ready static
# key in the middle of a test (a 6.12 guest once died of "Oops: int3" in
# urandom_read_iter, one of that key's patch sites; cause not proven).
set -- -machine q35 -accel "$accel" -cpu qemu64,+rdrand -m 1024 -smp 2 -nodefaults -no-reboot \
	-display none -L /usr/share/qemu -L /usr/share/seabios \
	-kernel "$guest/vmlinuz" -initrd "$work/initrd"
# no_timer_check: on a loaded host, TCG can run the kernel's IO-APIC timer
# check too slowly to see its ticks, and the kernel panics ("IO-APIC +
# timer doesn't work"); the emulated timer is known to work (KVM guests
# skip the check for the same reason).
# nokaslr: the RIP the watchdog reports of a hung guest is the address in
# /proc/kallsyms of any boot of the same kernel (Debian's System.map is
# empty; the symbols are in linux-image-*-dbg)
kernel_args="console=ttyS0 quiet panic=-1 oops=panic no_timer_check random.trust_cpu=on nokaslr$append"
n=0
IFS='|'
for nd in $netdevs; do
	[ -n "$nd" ] || continue
	set -- "$@" -netdev "$nd,id=xn$n" -device "xnic,netdev=xn$n$xnic_opts"
	n=$((n + 1))
done
unset IFS
if [ -n "$vmstate" ]; then
	set -- "$@" -blockdev \
		"driver=qcow2,node-name=vmstate,file.driver=file,file.filename=$vmstate"
fi
# shellcheck disable=SC2086
set -- "$@" $qemu_args

if [ "$interactive" = 1 ]; then
	"$qemu" "$@" -serial mon:stdio -append "$kernel_args xnic.shell"
	exit 0
fi

# watchdog: after $timeout seconds, says where the guest is (qmp.py where:
# its vCPUs' RIP, halted or not, interrupts on or off) and ends QEMU; ends
# by itself within a second of QEMU's end.
watchdog() {
	n=$timeout pid=""
	while [ "$n" -gt 0 ]; do
		sleep 1
		n=$((n - 1))
		[ -n "$pid" ] || pid=$(cat "$work/qemu.pid" 2>/dev/null) || continue
		kill -0 "$pid" 2>/dev/null || return 0
	done
	[ -n "$pid" ] || return 0
	say "timed out after ${timeout}s: $("$XNIC_TOP/tests/guest/qmp.py" \
		"$work/watchdog.qmp" where 2>&1)"
	kill "$pid" 2>/dev/null
	sleep 5
	kill -9 "$pid" 2>/dev/null
}

log=$work/console.log
if [ "$timeout" != 0 ]; then
	set -- "$@" -pidfile "$work/qemu.pid" -qmp "unix:$work/watchdog.qmp,server=on,wait=off"
	watchdog &
fi
"$qemu" "$@" -serial stdio -monitor none -append "$kernel_args" </dev/null | tee "$log" || true
# the watchdog of a QEMU that never started would wait out its time
[ "$timeout" = 0 ] || kill $! 2>/dev/null
wait
rc=$(sed -n 's/^XNIC-EXIT: \([0-9]*\).*/\1/p' "$log" | tr -d '\r' | tail -n 1)
if [ -z "$rc" ]; then
	say "the guest ended without reporting an exit code (timeout ${timeout}s, crash or panic)"
	exit 124
fi
exit "$rc"
