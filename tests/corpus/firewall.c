// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Stateless firewall: IPv4 TCP/UDP flows listed in a hash map (filled from
 * the command line or by the test) are dropped, others pass; per-rule hit
 * counters live in the rule's value.
 */
#include "corpus.h"

struct fw_key {
	__u32 saddr, daddr;
	__u16 dport;
	__u8 proto;
	__u8 pad;
};

struct fw_rule {
	__u64 hits;
	__u32 action;	/* XDP_DROP or XDP_PASS */
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct fw_key);
	__type(value, struct fw_rule);
} firewall_rules SEC(".maps");

SEC("xdp")
int firewall(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct fw_key key = {};
	struct fw_rule *rule;
	struct udphdr *l4;

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP)
		return XDP_PASS;
	if (ip->ihl < 5)
		return XDP_DROP;
	l4 = (void *)ip + ip->ihl * 4;
	if ((void *)(l4 + 1) > end)
		return XDP_DROP;
	key.saddr = ip->saddr;
	key.daddr = ip->daddr;
	key.dport = l4->dest;	/* tcphdr and udphdr agree on where dest is */
	key.proto = ip->protocol;
	rule = bpf_map_lookup_elem(&firewall_rules, &key);
	if (!rule)
		return XDP_PASS;
	__sync_fetch_and_add(&rule->hits, 1);
	return rule->action == XDP_DROP ? XDP_DROP : XDP_PASS;
}
