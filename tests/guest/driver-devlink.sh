#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# devlink (docs/driver.md "devlink"): dev info shows the driver, the
# serial (the card's MAC), the card's and the firmware's versions and ABI;
# dev reload (both actions) restarts the card with its firmware file and
# traffic flows again; dev flash runs an image file on the card, and an
# image the card refuses is reported with the card's reason while the
# card runs its firmware file again.  Runs in the guest with /test/lib.sh.
. /test/lib.sh

GATEWAY=10.0.2.2
ADDR=10.0.2.15/24
BAD_LOG='WARNING:|BUG:|Oops|leak|refcount|stalled pool'

IFC=$(xnic_iface) || { fail setup "no xnic interface"; result; exit 1; }
PCI=$(basename "$(readlink "/sys/class/net/$IFC/device")")
DL=pci/$PCI
REGS=/sys/kernel/debug/xnic/$PCI/regs
ip link set "$IFC" up
wait_for 20 link_is_up "$IFC" || fail link-up "carrier never came up"
ip addr add "$ADDR" dev "$IFC"
dmesg -c >/dev/null

ping_gw() { ping -c 2 -W 3 "$GATEWAY" >/dev/null; }
fw_runs() { grep -q '^FW_STATUS 0x00000001' "$REGS"; }
# loads LOG_ERE: firmware start lines in the kernel log
loads() { dmesg | grep -cE "$1"; }

check "devlink dev show lists the card" sh -c "devlink dev show | grep -qx '$DL'"
devlink dev info "$DL" >/tmp/info.txt 2>&1
cat /tmp/info.txt
mac=$(tr -d ':' <"/sys/class/net/$IFC/address")
info_has() { grep -qE "$1" /tmp/info.txt || { echo "no line matching '$1'"; return 1; }; }
check "info: driver xnic" info_has '^ *driver xnic$'
check "info: serial_number is the card's MAC" info_has "^ *serial_number $mac\$"
check "info: fixed asic.id 1de5:7801" info_has '^ *asic.id 1de5:7801$'
check "info: fixed asic.rev 1.1" info_has '^ *asic.rev 1.1$'
check "info: running fw 1.1.0" info_has '^ *fw 1.1.0$'
check "info: running fw.abi 1.1" info_has '^ *fw.abi 1.1$'

n=$(loads 'firmware xnic/xnic-fw.img 1\.1\.0')
check "devlink dev reload" devlink dev reload "$DL"
check "the card loaded its firmware again" [ "$(loads 'firmware xnic/xnic-fw.img 1\.1\.0')" = $((n + 1)) ]
check "traffic after reload" wait_for 10 ping_gw
check "devlink dev reload action fw_activate" devlink dev reload "$DL" action fw_activate
check "traffic after fw_activate" wait_for 10 ping_gw

n=$(loads 'firmware image 1\.1\.0')
check "devlink dev flash xnic/xnic-fw.img" devlink dev flash "$DL" file xnic/xnic-fw.img
check "the card runs the flashed image" [ "$(loads 'firmware image 1\.1\.0')" = $((n + 1)) ]
check "traffic after flash" wait_for 10 ping_gw

head -c 4096 /dev/urandom >/lib/firmware/xnic/garbage.img
n=$(loads 'firmware xnic/xnic-fw.img 1\.1\.0')
out=$(devlink dev flash "$DL" file xnic/garbage.img 2>&1)
if [ $? != 0 ] && echo "$out" | grep -q "the card refused the image" &&
	dmesg | grep -q "card refused firmware image: "; then
	pass "garbage image refused: $(echo "$out" | tail -n 1); log: $(dmesg | grep 'card refused firmware image' | tail -n 1 | sed 's/^\[[^]]*\] //')"
else
	fail "garbage image refused with the card's reason" "$out"
fi
fw_file_again() { fw_runs && [ "$(loads 'firmware xnic/xnic-fw.img 1\.1\.0')" = $((n + 1)) ]; }
check "the card runs its firmware file again" fw_file_again
check "traffic after the refused image" wait_for 10 ping_gw
out=$(devlink dev flash "$DL" file xnic/missing.img 2>&1)
if [ $? != 0 ] && echo "$out" | grep -q "failed to locate"; then
	pass "missing file refused: $(echo "$out" | tail -n 1)"
else
	fail "missing file refused" "$out"
fi
check "rmmod and insmod with devlink" sh -c "rmmod xnic && insmod /lib/modules/xnic.ko"
check "devlink instance back" wait_for 10 sh -c "devlink dev show | grep -qx '$DL'"
if dmesg | grep -qE "$BAD_LOG"; then
	fail "kernel log clean" "$(dmesg | grep -E "$BAD_LOG" | head -n 2 | tr '\n' ' ')"
else
	pass "kernel log clean"
fi
result
