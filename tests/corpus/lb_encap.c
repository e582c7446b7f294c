// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Layer-4 load balancer: IPv4 UDP/TCP frames to the virtual address in
 * lb_config are encapsulated in an outer IPv4 header (IP-in-IP) addressed to
 * a backend chosen by a hash of the flow, then sent back out (TX).
 */
#include "corpus.h"

#define LB_BACKENDS	4

struct lb_config {
	__u32 vip;		/* network order */
	__u32 self;		/* outer source address */
	__u32 backends[LB_BACKENDS];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct lb_config);
} lb_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LB_BACKENDS);
	__type(key, __u32);
	__type(value, __u64);
} lb_hits SEC(".maps");

static __always_inline __u16 ip_checksum(struct iphdr *ip)
{
	__u16 *w = (__u16 *)ip;
	__u32 sum = 0;

#pragma clang loop unroll(full)
	for (int i = 0; i < 10; i++)
		sum += w[i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

SEC("xdp")
int lb_encap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data, *neth;
	struct iphdr *ip = (void *)(eth + 1), *outer;
	struct lb_config *cfg;
	struct udphdr *l4;
	__u32 zero = 0, hash, pick, inner_len;
	__u64 *hits;
	__u8 macs[12];

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5)
		return XDP_PASS;
	if (ip->protocol != IPPROTO_UDP && ip->protocol != IPPROTO_TCP)
		return XDP_PASS;
	l4 = (void *)(ip + 1);
	if ((void *)(l4 + 1) > end)
		return XDP_PASS;
	cfg = bpf_map_lookup_elem(&lb_cfg, &zero);
	if (!cfg || ip->daddr != cfg->vip)
		return XDP_PASS;
	hash = ip->saddr ^ (ip->saddr >> 16) ^ l4->source ^ (l4->dest << 7) ^ ip->protocol;
	hash *= 0x9e3779b1;
	pick = hash >> 30;		/* 0..3 */
	hits = bpf_map_lookup_elem(&lb_hits, &pick);
	if (hits)
		__sync_fetch_and_add(hits, 1);
	inner_len = bpf_ntohs(ip->tot_len);
	__builtin_memcpy(macs, eth, 12);
	{
		__u32 backend = cfg->backends[pick & (LB_BACKENDS - 1)];
		__u32 self = cfg->self;

		if (bpf_xdp_adjust_head(ctx, -(int)sizeof(struct iphdr)))
			return XDP_ABORTED;
		data = (void *)(long)ctx->data;
		end = (void *)(long)ctx->data_end;
		neth = data;
		outer = (void *)(neth + 1);
		if ((void *)(outer + 1) > end)
			return XDP_ABORTED;
		__builtin_memcpy(neth, macs, 12);
		neth->h_proto = bpf_htons(ETH_P_IP);
		outer->version = 4;
		outer->ihl = 5;
		outer->tos = 0;
		outer->tot_len = bpf_htons(inner_len + sizeof(struct iphdr));
		outer->id = 0;
		outer->frag_off = 0;
		outer->ttl = 64;
		outer->protocol = IPPROTO_IPIP;
		outer->check = 0;
		outer->saddr = self;
		outer->daddr = backend;
		outer->check = ip_checksum(outer);
	}
	return XDP_TX;
}
