// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tc ingress program of tests/guest/host-xdp.sh: checks that the metadata
 * xdp_test.c put in front of XDP_PASS frames (selector 2) reached the skb.
 * meta_seen[0] counts frames with the right metadata, meta_seen[1] those
 * without it.  Every frame continues (TC_ACT_OK).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} meta_seen SEC(".maps");

#define PAYLOAD_OFF	(sizeof(struct ethhdr) + sizeof(struct iphdr) + \
			 sizeof(struct udphdr))
#define META_MAGIC	0xc0ffee00u

SEC("tc")
int tc_meta(struct __sk_buff *skb)
{
	__u8 *data = (void *)(long)skb->data;
	__u8 *end = (void *)(long)skb->data_end;
	__u32 *meta = (void *)(long)skb->data_meta;
	__u32 key, *n;

	if (data + PAYLOAD_OFF + 2 > end || data[PAYLOAD_OFF] != 2 ||
	    data[12] != 0x08 || data[13] != 0x00)
		return TC_ACT_OK;
	key = !((void *)(meta + 1) <= (void *)data &&
		*meta == (META_MAGIC | data[PAYLOAD_OFF + 1]));
	n = bpf_map_lookup_elem(&meta_seen, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
