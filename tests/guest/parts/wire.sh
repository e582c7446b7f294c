#!/bin/sh
# Guest side of host-wire.sh: receives std.pcap and jumbo.pcap from the
# host and compares them byte for byte, then sends out.pcap back.
. /test/lib.sh
dev=$(xnic_iface) || { fail wire "no xnic interface"; result; exit 1; }
# Nothing but the test frames may leave: no IPv6 autoconfiguration traffic.
no_ipv6
ip link set "$dev" up
wait_for 20 link_is_up "$dev" || fail link-up "carrier never came up on $dev"

receive() {
	part=$1
	n=$(xnic-wire cmp /test/$part.pcap /test/$part.pcap | sed -n 's/^\([0-9]*\) frames.*/\1/p')
	rm -f /tmp/$part.pcap
	xnic-wire capture "iface:$dev" /tmp/$part.pcap --count "$n" --timeout 120000 >/tmp/cap.out 2>&1 &
	pid=$!
	# xnic-wire creates its output file once its socket is bound
	wait_for 30 test -e /tmp/$part.pcap ||
		fail "capture ready, $part sizes" "no /tmp/$part.pcap: $(cat /tmp/cap.out)"
	ready "$part"
	wait $pid
	if out=$(xnic-wire cmp /test/$part.pcap /tmp/$part.pcap); then
		pass "host-to-guest frames byte-exact, $part sizes ($out)"
	else
		fail "host-to-guest frames byte-exact, $part sizes" "$out; $(cat /tmp/cap.out)"
	fi
}

receive std
max_mtu=$(ip -d link show dev "$dev" | sed -n 's/.*maxmtu \([0-9]*\).*/\1/p')
if [ -n "$max_mtu" ] && ip link set "$dev" mtu "$max_mtu"; then
	pass "mtu raised to the card's maximum ($max_mtu)"
else
	fail "mtu raised to the card's maximum" "maxmtu '$max_mtu'"
fi
receive jumbo
check "guest-to-host frames sent" xnic-wire send "iface:$dev" /test/out.pcap --gap-us 2000
result
