// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IPv4 (with options) and IPv6 (with up to four extension headers) to TCP,
 * UDP, ICMP and ICMPv6.  Malformed headers (bad version, IHL under 5, total
 * length beyond the frame) are dropped; fragments after the first pass
 * unparsed; the L4 kind and ports are written into a per-kind map.
 */
#include "corpus.h"

enum { K_TCP, K_UDP, K_ICMP, K_ICMP6, K_FRAG, K_OTHER, K_BAD, K_N };

struct l4_stat {
	__u64 packets;
	__u32 last_sport, last_dport;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, K_N);
	__type(key, __u32);
	__type(value, struct l4_stat);
} parse_l3l4_stats SEC(".maps");

static __always_inline int account(__u32 kind, __u32 sport, __u32 dport)
{
	struct l4_stat *s = bpf_map_lookup_elem(&parse_l3l4_stats, &kind);

	if (s) {
		s->packets++;
		s->last_sport = sport;
		s->last_dport = dport;
	}
	return kind == K_BAD ? XDP_DROP : XDP_PASS;
}

static __always_inline int l4(void *l4h, void *end, __u8 proto)
{
	if (proto == IPPROTO_TCP) {
		struct tcphdr *t = l4h;

		if ((void *)(t + 1) > end || t->doff < 5)
			return account(K_BAD, 0, 0);
		return account(K_TCP, bpf_ntohs(t->source), bpf_ntohs(t->dest));
	}
	if (proto == IPPROTO_UDP) {
		struct udphdr *u = l4h;

		if ((void *)(u + 1) > end)
			return account(K_BAD, 0, 0);
		return account(K_UDP, bpf_ntohs(u->source), bpf_ntohs(u->dest));
	}
	if (proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6) {
		struct corpus_icmp *ic = l4h;

		if ((void *)(ic + 1) > end)
			return account(K_BAD, 0, 0);
		return account(proto == IPPROTO_ICMP ? K_ICMP : K_ICMP6, ic->type, ic->code);
	}
	return account(K_OTHER, proto, 0);
}

static __always_inline int ipv4(void *data, void *end)
{
	struct iphdr *ip = data;
	__u32 hlen;

	if ((void *)(ip + 1) > end || ip->version != 4 || ip->ihl < 5)
		return account(K_BAD, 0, 0);
	hlen = ip->ihl * 4;
	if (data + hlen > end || data + bpf_ntohs(ip->tot_len) > end)
		return account(K_BAD, 0, 0);
	if (ip->frag_off & bpf_htons(0x1fff))
		return account(K_FRAG, 0, 0);
	return l4(data + hlen, end, ip->protocol);
}

struct ext_hdr {
	__u8 next;
	__u8 len;	/* in 8-byte units, not counting the first 8 */
};

static __always_inline int ipv6(void *data, void *end)
{
	struct ipv6hdr *ip6 = data;
	void *p = ip6 + 1;
	__u8 next;

	if (p > end || ip6->version != 6)
		return account(K_BAD, 0, 0);
	next = ip6->nexthdr;
#pragma clang loop unroll(disable)
	for (int i = 0; i < 4; i++) {
		struct ext_hdr *e = p;

		if (next != IPPROTO_HOPOPTS && next != IPPROTO_ROUTING &&
		    next != IPPROTO_DSTOPTS && next != IPPROTO_FRAGMENT)
			break;
		if ((void *)(e + 1) > end)
			return account(K_BAD, 0, 0);
		if (next == IPPROTO_FRAGMENT) {
			__u16 *fo = (void *)(e + 1);

			if ((void *)(fo + 1) > end)
				return account(K_BAD, 0, 0);
			if (*fo & bpf_htons(0xfff8))
				return account(K_FRAG, 0, 0);
			next = e->next;
			p += 8;
			continue;
		}
		next = e->next;
		p += (e->len + 1) * 8;
	}
	return l4(p, end, next);
}

SEC("xdp")
int parse_l3l4(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > end)
		return XDP_DROP;
	if (eth->h_proto == bpf_htons(ETH_P_IP))
		return ipv4(eth + 1, end);
	if (eth->h_proto == bpf_htons(ETH_P_IPV6))
		return ipv6(eth + 1, end);
	return XDP_PASS;
}
