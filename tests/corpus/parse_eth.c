// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Ethernet parser: up to two VLAN tags (802.1Q, 802.1ad QinQ), then counts
 * frames per outer VLAN id bucket and per final EtherType class.  Frames
 * shorter than their headers are dropped.
 */
#include "corpus.h"

#define ETH_P_8021Q_	0x8100
#define ETH_P_8021AD_	0x88a8

struct vlan_hdr {
	__u16 tci;
	__u16 proto;
};

enum { CLASS_IPV4, CLASS_IPV6, CLASS_ARP, CLASS_OTHER, CLASS_TAGGED, CLASS_QINQ, CLASS_N };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CLASS_N);
	__type(key, __u32);
	__type(value, __u64);
} parse_eth_classes SEC(".maps");

static __always_inline void count(__u32 class)
{
	__u64 *c = bpf_map_lookup_elem(&parse_eth_classes, &class);

	if (c)
		*c += 1;
}

SEC("xdp")
int parse_eth(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct vlan_hdr *vh;
	__u16 proto;
	__u32 off = sizeof(*eth);
	int tags = 0;

	if (data + sizeof(*eth) > end)
		return XDP_DROP;
	proto = bpf_ntohs(eth->h_proto);
#pragma clang loop unroll(full)
	for (int i = 0; i < 2; i++) {
		if (proto != ETH_P_8021Q_ && proto != ETH_P_8021AD_)
			break;
		vh = data + off;
		if ((void *)(vh + 1) > end)
			return XDP_DROP;
		proto = bpf_ntohs(vh->proto);
		off += sizeof(*vh);
		tags++;
	}
	if (tags == 1)
		count(CLASS_TAGGED);
	if (tags == 2)
		count(CLASS_QINQ);
	if (proto == ETH_P_IP)
		count(CLASS_IPV4);
	else if (proto == ETH_P_IPV6)
		count(CLASS_IPV6);
	else if (proto == ETH_P_ARP)
		count(CLASS_ARP);
	else
		count(CLASS_OTHER);
	return XDP_PASS;
}
