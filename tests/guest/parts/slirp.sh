#!/bin/sh
# Guest side of host-slirp.sh.
. /test/lib.sh
. /test/env.sh
dev=$(xnic_iface) || { fail slirp "no xnic interface"; result; exit 1; }
pass "driver bound to $dev"
ip link set "$dev" up
if wait_for 20 link_is_up "$dev"; then pass "link up"; else fail "link up" "no carrier"; fi
check "dhcp lease from slirp" udhcpc -i "$dev" -n -q -t 10 -T 2
check "address 10.0.2.15 assigned" sh -c "ip -4 addr show dev $dev | grep -q 'inet 10.0.2.15/'"
check "ping slirp gateway" ping -c 3 -W 5 10.0.2.2
got=$(nc 10.0.2.2 "$GET_PORT" </dev/null | sha256sum | cut -d' ' -f1)
if [ "$got" = "$GET_SHA" ]; then
	pass "tcp host-to-guest 4 MiB intact"
else
	fail "tcp host-to-guest 4 MiB intact" "sha $got, want $GET_SHA"
fi
dd if=/dev/urandom of=/tmp/upload bs=1024 count=$((SIZE / 1024)) 2>/dev/null
echo "UPLOAD-SHA: $(sha256sum /tmp/upload | cut -d' ' -f1)"
check "tcp guest-to-host sent" sh -c "nc 10.0.2.2 $PUT_PORT </tmp/upload >/dev/null"
result
