#!/bin/sh
# Guest side of host-tap.sh: link-local IPv6 only.
. /test/lib.sh
dev=$(xnic_iface) || { fail tap "no xnic interface"; result; exit 1; }
ip link set "$dev" up
if wait_for 20 link_is_up "$dev"; then pass "tap link up"; else fail "tap link up" "no carrier"; fi
ip addr add fe80::2/64 dev "$dev" nodad
check "guest pings host over tap" ping -6 -c 3 -W 5 "fe80::1%$dev"
ready tap
# Stay up until the host's three echo requests have been answered.
echos_answered() { [ "$(awk '$1 == "Icmp6OutEchoReplies" {print $2}' /proc/net/snmp6)" -ge 3 ]; }
check "guest answered the host's pings" wait_for 60 echos_answered
result
