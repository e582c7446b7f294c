#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Offloaded maps (docs/driver.md "Offload"): an offloaded program with an
# array of per-action counters and a hash map of verdicts keyed by the IPv4
# source address (tests/guest/xdp/offload_maps.c) runs on the card on slirp
# ping replies; bpftool reads the card's live values and changes them with
# a visible effect on the program's decisions; update flags, delete and
# get-next with the kernel's errors (as test_offload.py checks netdevsim);
# maps the card cannot hold refused with a reason in the kernel log; rmmod
# with maps alive; a host map refused for an offloaded program; a card
# restart empties the maps.  Runs in the guest with /test/lib.sh.
. /test/lib.sh

XDP=/lib/xnic-xdp
PIN=/sys/fs/bpf/xnic-maps
MAPS=/sys/fs/bpf	# the maps are pinned here by name
GATEWAY=10.0.2.2
GW_KEY="10 0 2 2"	# the gateway's address, network order: the hash key
BAD_LOG='WARNING:|BUG:|Oops|Call Trace|refused map operation|timed out'
IFC=$(xnic_iface) || { fail "interface" "no interface bound to xnic"; result; exit 1; }
mkdir -p /sys/fs/bpf
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
ip link set "$IFC" up
ip addr add 10.0.2.15/24 dev "$IFC"
wait_for 10 link_is_up "$IFC"
dmesg -c >/dev/null

count() { map_value counts "$1 0 0 0"; }

pings() { ping -c "$1" -W 2 "$GATEWAY" 2>/dev/null | sed -n 's/.* \([0-9]*\) packets received.*/\1/p'; }

check "program and its maps loaded for $IFC" \
	bpftool prog load "$XDP/offload_maps.o" "$PIN" type xdp dev "$IFC"
check "maps pinned" sh -c "bpftool map pin id $(map_id counts) $MAPS/counts &&
	bpftool map pin id $(map_id verdicts) $MAPS/verdicts"
check "maps offloaded to $IFC" sh -c "bpftool map show pinned $MAPS/verdicts | grep -q 'offloaded_to $IFC'"
check "array starts zeroed on the card" [ "$(count 0)$(count 2)$(count 4)" = 000 ]
check "hash starts empty on the card" sh -c "bpftool map dump pinned $MAPS/verdicts | grep -q 'Found 0 elements'"
check "attach offloaded (ip link ... xdpoffload)" ip link set dev "$IFC" xdpoffload pinned "$PIN"

got=$(pings 3)
check "pings pass (verdict PASS inserted by the program)" [ "${got:-0}" = 3 ]
pass_n=$(count 2)
check "array counts the passes live (XDP_PASS: $pass_n)" [ "${pass_n:-0}" -ge 3 ]
v=$(map_value verdicts "$GW_KEY")
check "the program's insert seen by bpftool (gateway -> $v)" [ "$v" = 2 ]
check "bpftool map dump lists it" sh -c "bpftool map dump pinned $MAPS/verdicts | grep -q 'Found 1 element'"

# bpftool steers the program: the gateway's replies are dropped on the card
check "update with BPF_EXIST (gateway -> XDP_DROP)" \
	bpftool map update pinned "$MAPS/verdicts" key $GW_KEY value 1 0 0 0 exist
drop0=$(count 1)
got=$(pings 3)
check "replies dropped by the card after the update (received ${got:-?})" [ "${got:-1}" = 0 ]
drop1=$(count 1)
check "drops counted in the array ($drop0 -> $drop1)" [ "$((drop1 - drop0))" -ge 3 ]

# changing the array: the program adds to the card's value
check "array update (XDP_PASS count = 1000)" \
	bpftool map update pinned "$MAPS/counts" key 2 0 0 0 value 0xe8 3 0 0 0 0 0 0 any
check "delete the gateway: the program inserts PASS again" \
	bpftool map delete pinned "$MAPS/verdicts" key $GW_KEY
got=$(pings 2)
check "pings pass again (received ${got:-?})" [ "${got:-0}" = 2 ]
pass_n=$(count 2)
check "the program counted on top of bpftool's 1000 ($pass_n)" \
	sh -c "[ $pass_n -ge 1002 ] && [ $pass_n -lt 1100 ]"

# flags and errors, as the kernel's maps give them
check "BPF_NOEXIST on a present key: EEXIST" fails_with "update failed: File exists" \
	bpftool map update pinned "$MAPS/verdicts" key $GW_KEY value 2 0 0 0 noexist
check "BPF_EXIST on a missing key: ENOENT" fails_with "update failed: No such file or directory" \
	bpftool map update pinned "$MAPS/verdicts" key 1 2 3 4 value 2 0 0 0 exist
check "BPF_NOEXIST inserts a missing key" \
	bpftool map update pinned "$MAPS/verdicts" key 1 2 3 4 value 2 0 0 0 noexist
check "deleting a missing key: ENOENT" fails_with "delete failed: No such file or directory" \
	bpftool map delete pinned "$MAPS/verdicts" key 9 9 9 9
check "lookup of a missing key: not found" sh -c \
	"bpftool map lookup pinned $MAPS/verdicts key 9 9 9 9 2>&1 | grep -q 'Not found'"
check "array delete: EINVAL" fails_with "delete failed: Invalid argument" \
	bpftool map delete pinned "$MAPS/counts" key 1 0 0 0
check "array BPF_NOEXIST: EEXIST" fails_with "update failed: File exists" \
	bpftool map update pinned "$MAPS/counts" key 1 0 0 0 value 0 0 0 0 0 0 0 0 noexist
check "array index past max_entries: E2BIG" fails_with "update failed: Argument list too long" \
	bpftool map update pinned "$MAPS/counts" key 5 0 0 0 value 0 0 0 0 0 0 0 0 any
for k in 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
	bpftool map update pinned "$MAPS/verdicts" key $k 0 0 0 value 2 0 0 0 noexist 2>/dev/null
done
check "hash full at max_entries 16: E2BIG" fails_with "update failed: Argument list too long" \
	bpftool map update pinned "$MAPS/verdicts" key 17 0 0 0 value 2 0 0 0 any

# get-next walks the hash map once: 16 keys, then ENOENT
walk() {
	n=0 key=$(bpftool -j map getnext pinned "$MAPS/verdicts" | sed -n 's/.*"next_key":\[\([^]]*\)\].*/\1/p' | tr -d '"' | tr ',' ' ')
	while [ -n "$key" ] && [ "$n" -lt 40 ]; do
		n=$((n + 1))
		key=$(bpftool -j map getnext pinned "$MAPS/verdicts" key $key 2>/dev/null |
			sed -n 's/.*"next_key":\[\([^]]*\)\].*/\1/p' | tr -d '"' | tr ',' ' ')
	done
	echo "$n"
}
n=$(walk)
check "get-next visits the 16 keys once ($n)" [ "$n" = 16 ]
check "get-next after the last key: ENOENT" sh -c "last=\$(bpftool -j map dump pinned $MAPS/verdicts | tr '{' '\n' | sed -n 's/.*\"key\":\[\([^]]*\)\].*/\1/p' | tail -n 1 | tr -d '\"' | tr ',' ' '); bpftool map getnext pinned $MAPS/verdicts key \$last 2>&1 | grep -q 'No such file'"
check "array get-next: 0 after nothing, ENOENT after 4" sh -c \
	"bpftool map getnext pinned $MAPS/counts | grep -q 'next key:' && bpftool map getnext pinned $MAPS/counts key 4 0 0 0 2>&1 | grep -q 'No such file'"

# maps the card cannot hold: refused, the reason in the kernel log
check "LRU hash refused (by the kernel): EINVAL" fails_with "map create failed: Invalid argument" \
	bpftool map create /sys/fs/bpf/lru type lru_hash key 4 value 4 entries 4 name lru dev "$IFC"
check "hash map with BPF_F_NO_PREALLOC refused: EINVAL" fails_with "map create failed: Invalid argument" \
	bpftool map create /sys/fs/bpf/np type hash key 4 value 4 entries 4 name np flags 1 dev "$IFC"
check "... the log names the flags" sh -c "dmesg | grep -q 'cannot offload a hash map with map flags 0x1: create it without flags'"
check "map larger than the card's map area refused: E2BIG" fails_with "map create failed: Argument list too long" \
	bpftool map create /sys/fs/bpf/big type array key 4 value 8 entries 4000000 name big dev "$IFC"
check "... the log names the sizes" sh -c "dmesg | grep -q 'cannot offload an array of 4000000 8-byte values: it needs 32000000 bytes, the card.s map area has [0-9]*'"
check "hash map with 64-byte keys refused: EOPNOTSUPP" fails_with "map create failed: Operation not supported" \
	bpftool map create /sys/fs/bpf/wide type hash key 64 value 4 entries 4 name wide dev "$IFC"
check "... the log names the limit" sh -c "dmesg | grep -q 'cannot offload a hash map of 4 entries, 64-byte keys, 4-byte values: .* keys up to 56 bytes'"
check "a map created by bpftool alone is usable" sh -c \
	"bpftool map create /sys/fs/bpf/solo type hash key 8 value 16 entries 64 name solo dev $IFC &&
	 bpftool map update pinned /sys/fs/bpf/solo key 1 2 3 4 5 6 7 8 value 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 &&
	 bpftool map lookup pinned /sys/fs/bpf/solo key 1 2 3 4 5 6 7 8 | grep -q '09 0a 0b 0c 0d 0e 0f 10'"

# a host map cannot serve an offloaded program (the verifier refuses it)
check "host map created" bpftool map create /sys/fs/bpf/hostcounts type array key 4 value 8 entries 5 name counts
out=$(bpftool prog load "$XDP/offload_maps.o" /sys/fs/bpf/hostprog type xdp dev "$IFC" \
	map name counts pinned /sys/fs/bpf/hostcounts 2>&1)
if [ $? != 0 ] && echo "$out" | grep -q 'offload device mismatch between prog and map'; then
	pass "program for $IFC with a host map refused"
else
	fail "program for $IFC with a host map refused" "$(echo "$out" | tail -n 2 | tr '\n' ' ')"
fi
rm -f /sys/fs/bpf/hostcounts /sys/fs/bpf/hostprog

# a card restart zeroes its memory: the maps come back empty, the program runs on
PCI=$(basename "$(readlink "/sys/class/net/$IFC/device")")
EMPTIED=" $IFC: the card restarted: its offloaded maps are empty again\$"
emptied0=$(log_count "$EMPTIED")
reset_mark "$IFC"
echo xnic/xnic-fw.img >"/sys/kernel/debug/xnic/$PCI/firmware"
check "card restarted (one more 'datapath reset' in the log)" wait_for 30 reset_seen
check "... the log says the maps are empty again, once" [ "$(log_count "$EMPTIED")" = $((emptied0 + 1)) ]
check "carrier after restart" wait_for 10 link_is_up "$IFC"
check "hash map empty after the restart" sh -c "bpftool map dump pinned $MAPS/verdicts | grep -q 'Found 0 elements'"
got=$(pings 2)
check "the program runs on after the restart (received ${got:-?})" [ "${got:-0}" = 2 ]
v=$(map_value verdicts "$GW_KEY")
check "... and fills its maps again (gateway -> ${v:-none})" [ "$v" = 2 ]

# device removal with the program attached and its maps alive
check "rmmod with offloaded maps alive" rmmod xnic
check "orphaned map: ENODEV" fails_with "can't get map info: No such device" \
	bpftool map lookup pinned "$MAPS/counts" key 0 0 0 0
check "modprobe again" insmod /lib/modules/xnic.ko
check "interface back" wait_for 10 xnic_iface
IFC=$(xnic_iface)
check "maps can be created on the new device" \
	bpftool map create /sys/fs/bpf/again type array key 4 value 8 entries 4 name again dev "$IFC"
rm -f "$PIN" "$MAPS/counts" "$MAPS/verdicts" /sys/fs/bpf/solo /sys/fs/bpf/again
if dmesg | grep -qE "$BAD_LOG"; then
	fail "kernel log clean" "$(dmesg | grep -E "$BAD_LOG" | head -n 2 | tr '\n' ' ')"
else
	pass "kernel log clean"
fi
result
