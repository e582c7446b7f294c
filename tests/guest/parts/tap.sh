#!/bin/sh
# Guest side of host-tap.sh: link-local IPv6 only.
. /test/lib.sh
dev=$(xnic_iface) || { fail tap "no xnic interface"; result; exit 1; }
ip link set "$dev" up
if wait_for 20 link_is_up "$dev"; then pass "tap link up"; else fail "tap link up" "no carrier"; fi
ip addr add fe80::2/64 dev "$dev" nodad
check "guest pings host over tap" ping -6 -c 3 -W 5 "fe80::1%$dev"
ready tap
# Stay up while the host pings us.
sleep 8
result
