// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Destination NAT for IPv4 UDP and TCP: a hash map from (daddr, dport) to a
 * new (daddr, dport).  The IPv4 header checksum and the L4 checksum are
 * fixed incrementally with csum_diff, then the frame goes back out (TX).
 */
#include "corpus.h"

struct nat_key {
	__u32 daddr;
	__u16 dport;
	__u16 proto;
};

struct nat_val {
	__u32 daddr;
	__u16 dport;
	__u16 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct nat_key);
	__type(value, struct nat_val);
} nat_table SEC(".maps");

static __always_inline __u16 csum_fold(__u32 csum)
{
	csum = (csum & 0xffff) + (csum >> 16);
	csum = (csum & 0xffff) + (csum >> 16);
	return (__u16)~csum;
}

/* Replaces the 4-byte word *old_words with new, updating *check. */
static __always_inline void csum_replace(__u16 *check, __u32 old, __u32 new)
{
	__s64 d = bpf_csum_diff(&old, 4, &new, 4, ~(__u32)*check & 0xffff);

	if (d >= 0)
		*check = csum_fold((__u32)d);
}

SEC("xdp")
int nat(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct nat_key key = {};
	struct nat_val *to;
	struct udphdr *udp;
	struct tcphdr *tcp;
	__u16 *l4check;
	__u32 old_port_word, new_port_word;

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5)
		return XDP_PASS;
	udp = (void *)(ip + 1);
	tcp = (void *)(ip + 1);
	if (ip->protocol == IPPROTO_UDP && (void *)(udp + 1) <= end)
		l4check = &udp->check;
	else if (ip->protocol == IPPROTO_TCP && (void *)(tcp + 1) <= end)
		l4check = &tcp->check;
	else
		return XDP_PASS;
	key.daddr = ip->daddr;
	key.dport = udp->dest;
	key.proto = ip->protocol;
	to = bpf_map_lookup_elem(&nat_table, &key);
	if (!to)
		return XDP_PASS;
	/* the L4 checksum covers the pseudo-header's address and the port */
	csum_replace(&ip->check, ip->daddr, to->daddr);
	if (*l4check || ip->protocol == IPPROTO_TCP) {
		csum_replace(l4check, ip->daddr, to->daddr);
		old_port_word = udp->dest;
		new_port_word = to->dport;
		csum_replace(l4check, old_port_word, new_port_word);
	}
	ip->daddr = to->daddr;
	udp->dest = to->dport;
	return XDP_TX;
}
