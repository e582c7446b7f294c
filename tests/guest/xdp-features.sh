#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The device's XDP features (docs/driver.md "Kernels"): on Linux 6.3+ the
# driver sets netdev->xdp_features, which xdp-loader features reads over
# the netdev netlink family; each flag must be exactly what the driver
# does.  6.1 has no xdp_features: the test SKIPs there with the reason.
# Runs in the guest with /test/lib.sh.
. /test/lib.sh

IFC=$(xnic_iface) || { fail "interface" "no interface bound to xnic"; result; exit 1; }
if [ "$(guest_kernel)" = 6.1 ]; then
	skip "xdp_features" "guest kernel $(uname -r): Linux 6.3+ reports them (netdev netlink family)"
	result
	exit
fi

# What xnic.ko does: every XDP action and redirect out of its RX
# (BASIC, REDIRECT), ndo_xdp_xmit of single-buffer frames only (NDO_XMIT,
# not NDO_XMIT_SG), AF_XDP zero-copy, BPF offload, multi-buffer RX.
EXPECT="BASIC=yes REDIRECT=yes NDO_XMIT=yes XSK_ZEROCOPY=yes HW_OFFLOAD=yes RX_SG=yes NDO_XMIT_SG=no"

if ! out=$(xdp-loader features "$IFC" 2>&1); then
	fail "xdp-loader features $IFC" "$(echo "$out" | tail -n 2 | tr '\n' ' ')"
	result
	exit 1
fi
echo "$out"
for want in $EXPECT; do
	flag=${want%%=*} value=${want#*=}
	got=$(echo "$out" | sed -n "s/^NETDEV_XDP_ACT_$flag:[[:space:]]*//p")
	if [ "$got" = "$value" ]; then
		pass "xdp_features $flag: $value"
	else
		fail "xdp_features $flag" "xdp-loader says '$got', the driver does '$value'"
	fi
done
# A flag this list does not know: the kernel grew one the driver may need
known=$(echo "$EXPECT" | sed 's/=[a-z]*//g; s/ /|/g')
extra=$(echo "$out" | sed -n 's/^NETDEV_XDP_ACT_\([A-Z_]*\):.*/\1/p' | grep -vxE "$known")
if [ -z "$extra" ]; then
	pass "no feature flag left unchecked"
else
	fail "no feature flag left unchecked" "$(echo $extra)"
fi
result
