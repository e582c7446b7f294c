// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A Katran-shaped layer-4 balancer (issue 11): the structure of Facebook's
 * balancer_kern.c, written anew and smaller.  Frames to a virtual address
 * (vip_map: address, port, protocol; a port-less entry; then a default
 * service per family, so that pktgen's random IPv6 addresses reach the
 * IPv6 paths) are encapsulated towards a real server: IPv4 in IPv4
 * (IP-in-IP) or IPv6 in IPv6, chosen by the real's family.  The real comes
 * from the LRU connection table, or from the VIP's consistent-hashing ring
 * (ch_rings, an array of positions in reals) for a new flow, which TCP SYNs
 * and UDP frames then record in the table; a VIP may route by source prefix
 * first (an LPM trie) or, for QUIC, by the server id in the connection id
 * (a hash map keyed by packet bytes).  ICMP errors are routed as the flow
 * they quote; ICMP echo requests to a VIP are answered in place; IP-in-IP
 * and IPv6-in-IPv6 frames to the balancer's own address are decapsulated;
 * a frame that the tunnel would take past the MTU is answered with ICMP
 * "fragmentation needed" or ICMPv6 "packet too big";
 * sources in the quarantine hash map are dropped (the key is the packet's
 * own source address); counters per VIP and per real are per-CPU.
 *
 * The parsers, the lookups and the encapsulations are __noinline
 * subprograms taking packet pointers, pointers to the caller's stack, map
 * values and the context, and returning map values: what the compiler's
 * analysis has to follow through calls (docs/compiler.md, "Abstract
 * interpretation").
 */
#include "corpus.h"

#define KT_RING_SIZE	16
#define KT_MAX_VIPS	4
#define KT_MAX_REALS	16
#define KT_F_NO_SRC_PORT	1	/* the flow key leaves the source port out */
#define KT_F_LRU_BYPASS	2	/* no connection table: the ring decides */
#define KT_F_LOCAL	4	/* not balanced: to the host */
#define KT_F_DPORT_ONLY	8	/* the flow key is the protocol and destination port */
#define KT_F_SRC_ROUTING	16	/* a source prefix in lpm_src_v4 picks the real */
#define KT_F_QUIC	32	/* UDP/443: a known server id in the connection id picks it */
#define KT_QUIC_PORT	443
#define KT_REAL_GUE	1	/* IPv4 reals: GUE (IPv4 + UDP) instead of IP-in-IP */
#define KT_GUE_PORT	6080
#define KT_MTU		1500	/* of the path to the reals */
#define KT_QUOTE	8	/* bytes of the frame's payload an ICMP error quotes */
#define KT_FAMILY_V4	4
#define KT_FAMILY_V6	6
#define KT_CONTINUE	-1	/* a parser's "not decided yet" */

struct kt_flow {
	__u32 src[4];		/* IPv4 in src[0] */
	__u32 dst[4];
	__u16 sport;
	__u16 dport;
	__u8 proto;
	__u8 pad[3];
};

struct kt_desc {
	void *l4;		/* the L4 header, set by the L3 parsers */
	void *payload;		/* behind a UDP header */
	struct kt_flow flow;
	__u16 l3_len;		/* IPv4 total length, IPv6 payload length + 40 */
	__u8 family;
	__u8 tos;
	__u8 tcp_flags;
	__u8 icmp_type;
	__u8 ttl;
	__u8 icmp_error;	/* the flow is the one an ICMP error quotes */
	__u8 vlan_len;		/* 802.1Q/802.1ad tags: 0, 4 or 8 bytes */
	__u8 pad[7];
};

struct kt_vip_key {
	__u32 addr[4];
	__u16 port;
	__u8 proto;
	__u8 family;
};

struct kt_vip_meta {
	__u32 flags;
	__u32 vip_num;
};

struct kt_real {
	__u32 addr[4];		/* IPv4 in addr[0] */
	__u8 family;
	__u8 id;		/* its position in reals */
	__u8 flags;		/* KT_REAL_GUE */
	__u8 pad[5];
};

struct kt_conn {
	__u32 pos;		/* index into reals */
	__u32 pad;
	__u64 packets;
};

struct kt_stats {
	__u64 packets;
	__u64 bytes;
};

struct kt_ctl {
	__u8 gw_mac[6];		/* next hop of the encapsulated frames */
	__u8 pad[2];
	__u32 self_v4;		/* outer source addresses */
	__u32 self_v6[4];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, struct kt_vip_key);
	__type(value, struct kt_vip_meta);
} vip_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);		/* 0: IPv4, 1: IPv6 */
	__type(key, __u32);
	__type(value, struct kt_vip_meta);
} vip_default SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, KT_RING_SIZE * KT_MAX_VIPS);
	__type(key, __u32);
	__type(value, __u32);
} ch_rings SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, KT_MAX_REALS);
	__type(key, __u32);
	__type(value, struct kt_real);
} reals SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 8);
	__type(key, struct kt_flow);
	__type(value, struct kt_conn);
} conn_table SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, KT_MAX_VIPS + 2);	/* per VIP, then misses, then drops */
	__type(key, __u32);
	__type(value, struct kt_stats);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} quarantine SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct kt_real);
} last_real SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct kt_ctl);
} ctl SEC(".maps");

struct kt_lpm_v4 {
	__u32 prefixlen;
	__u32 addr;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 8);
	__type(key, struct kt_lpm_v4);
	__type(value, __u32);		/* position in reals */
	__uint(map_flags, BPF_F_NO_PREALLOC);
} lpm_src_v4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);		/* a QUIC connection id's first 4 bytes */
	__type(value, __u32);		/* position in reals */
} quic_ids SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, KT_MAX_REALS);
	__type(key, __u32);
	__type(value, struct kt_stats);
} real_stats SEC(".maps");

struct kt_vlan {
	__u16 tci;
	__u16 proto;
};

struct kt_ip6 {
	__u32 ver_tc_flow;
	__u16 payload_len;
	__u8 nexthdr;
	__u8 hop_limit;
	__u32 saddr[4];
	__u32 daddr[4];
};

static __always_inline __u16 kt_fold(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

/*
 * An ICMP error quotes the header of a frame the VIP sent: the flow is that
 * frame's, reversed, so that the error reaches the real serving it.
 */
static __noinline int kt_parse_icmp_error(void *quoted, void *end, struct kt_desc *d)
{
	__u16 *ports;
	int k;

	if (d->family == KT_FAMILY_V4) {
		struct iphdr *ip = quoted;

		if ((void *)(ip + 1) > end || ip->ihl != 5)
			return XDP_DROP;
		ports = (void *)(ip + 1);
		if ((void *)(ports + 2) > end)
			return XDP_DROP;
		d->flow.proto = ip->protocol;
		d->flow.src[0] = ip->daddr;
		d->flow.dst[0] = ip->saddr;
	} else {
		struct kt_ip6 *ip6 = quoted;

		if ((void *)(ip6 + 1) > end)
			return XDP_DROP;
		ports = (void *)(ip6 + 1);
		if ((void *)(ports + 2) > end)
			return XDP_DROP;
		d->flow.proto = ip6->nexthdr;
		for (k = 0; k < 4; k++) {
			d->flow.src[k] = ip6->daddr[k];
			d->flow.dst[k] = ip6->saddr[k];
		}
	}
	if (d->flow.proto != IPPROTO_TCP && d->flow.proto != IPPROTO_UDP)
		return XDP_PASS;
	d->flow.sport = ports[1];
	d->flow.dport = ports[0];
	d->icmp_error = 1;
	return KT_CONTINUE;
}

/* Ports, TCP flags and ICMP type of the L4 header at l4 (proto in d). */
static __noinline int kt_parse_l4(void *l4, void *end, struct kt_desc *d)
{
	if (d->flow.proto == IPPROTO_TCP) {
		struct tcphdr *th = l4;

		if ((void *)(th + 1) > end)
			return XDP_DROP;
		d->flow.sport = th->source;
		d->flow.dport = th->dest;
		d->tcp_flags = ((__u8 *)th)[13];
		return KT_CONTINUE;
	}
	if (d->flow.proto == IPPROTO_UDP) {
		struct udphdr *uh = l4;

		if ((void *)(uh + 1) > end)
			return XDP_DROP;
		d->flow.sport = uh->source;
		d->flow.dport = uh->dest;
		d->payload = uh + 1;
		return KT_CONTINUE;
	}
	if (d->flow.proto == IPPROTO_ICMP || d->flow.proto == IPPROTO_ICMPV6) {
		struct corpus_icmp *ih = l4;

		if ((void *)(ih + 1) > end)
			return XDP_DROP;
		d->icmp_type = ih->type;
		if ((d->flow.proto == IPPROTO_ICMP && (ih->type == 3 || ih->type == 11)) ||
		    (d->flow.proto == IPPROTO_ICMPV6 && (ih->type == 1 || ih->type == 2)))
			return kt_parse_icmp_error(ih + 1, end, d);
		return KT_CONTINUE;
	}
	return XDP_PASS;
}

/* The IPv4 header's checksum over its 20 bytes: 0 when it is right. */
static __noinline __u16 kt_ip4_csum(const struct iphdr *ip)
{
	__u32 sum = 0;
	int k;

#pragma clang loop unroll(full)
	for (k = 0; k < 10; k++)
		sum += ((const __u16 *)ip)[k];
	return kt_fold(sum);
}

static __noinline int kt_parse_v4(void *l3, void *end, struct kt_desc *d)
{
	struct iphdr *ip = l3;

	if ((void *)(ip + 1) > end)
		return XDP_DROP;
	if (ip->ihl != 5 || ip->version != 4)
		return XDP_PASS;		/* options: to the host */
	if (ip->frag_off & bpf_htons(0x3fff))
		return XDP_PASS;		/* fragments: to the host */
	if (kt_ip4_csum(ip))
		return XDP_DROP;
	if (ip->ttl <= 1)
		return XDP_PASS;		/* the host sends time exceeded */
	d->family = KT_FAMILY_V4;
	d->flow.proto = ip->protocol;
	d->flow.src[0] = ip->saddr;
	d->flow.dst[0] = ip->daddr;
	d->tos = ip->tos;
	d->ttl = ip->ttl;
	d->l3_len = bpf_ntohs(ip->tot_len);
	d->l4 = ip + 1;
	return KT_CONTINUE;
}

static __noinline int kt_parse_v6(void *l3, void *end, struct kt_desc *d)
{
	struct kt_ip6 *ip6 = l3;
	int k;

	if ((void *)(ip6 + 1) > end)
		return XDP_DROP;
	if (ip6->nexthdr == 0 || ip6->nexthdr == 43 || ip6->nexthdr == 44 ||
	    ip6->nexthdr == 60)
		return XDP_PASS;		/* extension headers: to the host */
	if (ip6->hop_limit <= 1)
		return XDP_PASS;
	d->family = KT_FAMILY_V6;
	d->flow.proto = ip6->nexthdr;
	for (k = 0; k < 4; k++) {
		d->flow.src[k] = ip6->saddr[k];
		d->flow.dst[k] = ip6->daddr[k];
	}
	d->tos = (bpf_ntohl(ip6->ver_tc_flow) >> 20) & 0xff;
	d->ttl = ip6->hop_limit;
	d->l3_len = bpf_ntohs(ip6->payload_len) + sizeof(struct kt_ip6);
	d->l4 = ip6 + 1;
	return KT_CONTINUE;
}

/* The VIP's metadata: exact, then port-less, then the family's default. */
static __noinline struct kt_vip_meta *kt_find_vip(struct kt_desc *d)
{
	struct kt_vip_key vk = {};
	struct kt_vip_meta *vm;
	__u32 idx;
	int k;

	for (k = 0; k < 4; k++)
		vk.addr[k] = d->flow.dst[k];
	vk.port = d->flow.dport;
	vk.proto = d->flow.proto;
	vk.family = d->family;
	vm = bpf_map_lookup_elem(&vip_map, &vk);
	if (vm)
		return vm;
	vk.port = 0;
	vm = bpf_map_lookup_elem(&vip_map, &vk);
	if (vm)
		return vm;
	idx = d->family == KT_FAMILY_V6;
	return bpf_map_lookup_elem(&vip_default, &idx);
}

/* Jenkins-style mixing of the flow's words. */
static __noinline __u32 kt_flow_hash(const struct kt_flow *f)
{
	__u32 a = 0x9e3779b9, b = 0x9e3779b9, c = 0x1234567;
	int k;

#pragma clang loop unroll(full)
	for (k = 0; k < 4; k++) {
		a += f->src[k];
		b += f->dst[k];
		c ^= a >> 13;
		a -= c;
		a ^= b << 8;
		b -= a;
		b ^= c >> 12;
	}
	c += ((__u32)f->sport << 16) | f->dport;
	c ^= f->proto;
	a -= b; a -= c; a ^= c >> 13;
	b -= c; b -= a; b ^= a << 8;
	c -= a; c -= b; c ^= b >> 13;
	return c;
}

/* Counts one frame for the real r (a reals value), by its position. */
static __noinline void kt_count_real(const struct kt_real *r, __u32 len)
{
	__u32 idx = r->id % KT_MAX_REALS;
	struct kt_stats *st = bpf_map_lookup_elem(&real_stats, &idx);

	if (!st)
		return;
	st->packets++;
	st->bytes += len;
}

/* Counts one frame of len bytes in slot idx of the per-CPU stats. */
static __noinline void kt_count(__u32 idx, __u32 len)
{
	struct kt_stats *st = bpf_map_lookup_elem(&stats, &idx);

	if (!st)
		return;
	st->packets++;
	st->bytes += len;
}

/* The real for an IPv4 source from its longest prefix in lpm_src_v4, or NULL. */
static __noinline __u32 *kt_src_route(__u32 saddr)
{
	struct kt_lpm_v4 key = { .prefixlen = 32, .addr = saddr };

	return bpf_map_lookup_elem(&lpm_src_v4, &key);
}

/*
 * QUIC (RFC 9000, 17.2 and 17.3): a long header (first bit set) carries
 * version, DCID length and the DCID from byte 5; a short one the DCID from
 * byte 1.  A DCID of at least 4 bytes whose first 4 are a known server id
 * picks that real; the key is read straight from the packet.
 */
static __noinline struct kt_real *kt_quic_real(void *payload, void *end)
{
	__u8 *q = payload;
	__u32 *pos;

	if ((void *)(q + 10) > end)
		return NULL;
	if (q[0] & 0x80) {
		if (q[5] < 4)
			return NULL;
		pos = bpf_map_lookup_elem(&quic_ids, q + 6);
	} else {
		pos = bpf_map_lookup_elem(&quic_ids, q + 1);
	}
	if (!pos)
		return NULL;
	return bpf_map_lookup_elem(&reals, pos);
}

/*
 * The real for the flow: the connection table's, or the ring's for a new
 * flow (recorded for a TCP SYN or UDP unless the VIP bypasses the table).
 * The ring's map value is itself the key into reals.
 */
static __noinline struct kt_real *kt_pick_real(struct kt_flow *f, const struct kt_vip_meta *vm,
					       __u8 tcp_flags)
{
	struct kt_conn *conn, fresh = {};
	__u32 ring_key, *pos;

	if (vm->flags & KT_F_SRC_ROUTING && f->src[1] == 0 && f->src[2] == 0 && f->src[3] == 0) {
		pos = kt_src_route(f->src[0]);
		if (pos)
			return bpf_map_lookup_elem(&reals, pos);
	}

	if (vm->flags & KT_F_NO_SRC_PORT)
		f->sport = 0;
	if (vm->flags & KT_F_DPORT_ONLY) {
		__builtin_memset(f->src, 0, sizeof(f->src));
		__builtin_memset(f->dst, 0, sizeof(f->dst));
		f->sport = 0;
	}
	if (!(vm->flags & KT_F_LRU_BYPASS)) {
		conn = bpf_map_lookup_elem(&conn_table, f);
		if (conn) {
			conn->packets++;
			return bpf_map_lookup_elem(&reals, &conn->pos);
		}
	}
	ring_key = (vm->vip_num % KT_MAX_VIPS) * KT_RING_SIZE + kt_flow_hash(f) % KT_RING_SIZE;
	pos = bpf_map_lookup_elem(&ch_rings, &ring_key);
	if (!pos)
		return NULL;
	if (!(vm->flags & KT_F_LRU_BYPASS) &&
	    (f->proto == IPPROTO_UDP || (tcp_flags & 0x12) == 0x02)) {	/* SYN, not SYN+ACK */
		fresh.pos = *pos;
		fresh.packets = 1;
		bpf_map_update_elem(&conn_table, f, &fresh, BPF_ANY);
	}
	return bpf_map_lookup_elem(&reals, pos);
}

/* Echo request to a VIP: answered in place, addresses swapped. */
static __noinline int kt_icmp_reply(void *data, void *l3, void *end, struct kt_desc *d)
{
	struct ethhdr *eth = data;
	__u8 mac[ETH_ALEN];
	__u32 tmp;
	int k;

	if ((void *)(eth + 1) > end)
		return XDP_DROP;
	if (d->family == KT_FAMILY_V4) {
		struct iphdr *ip = l3;
		struct corpus_icmp *ih = (void *)(ip + 1);
		__u32 sum;

		if ((void *)(ih + 1) > end || ih->type != 8 || ih->code)
			return XDP_PASS;
		ih->type = 0;
		sum = (__u16)~ih->checksum + (__u16)~bpf_htons(0x0800);
		ih->checksum = kt_fold(sum);
		tmp = ip->saddr;
		ip->saddr = ip->daddr;
		ip->daddr = tmp;
		ip->ttl = 64;
		ip->check = 0;
		sum = 0;
#pragma clang loop unroll(full)
		for (k = 0; k < 10; k++)
			sum += ((__u16 *)ip)[k];
		ip->check = kt_fold(sum);
	} else {
		struct kt_ip6 *ip6 = l3;
		struct corpus_icmp *ih = (void *)(ip6 + 1);
		__u32 sum;

		if ((void *)(ih + 1) > end || ih->type != 128 || ih->code)
			return XDP_PASS;
		ih->type = 129;
		sum = (__u16)~ih->checksum + (__u16)~bpf_htons(0x0100);
		ih->checksum = kt_fold(sum);
		for (k = 0; k < 4; k++) {
			tmp = ip6->saddr[k];
			ip6->saddr[k] = ip6->daddr[k];
			ip6->daddr[k] = tmp;
		}
		ip6->hop_limit = 64;
	}
	__builtin_memcpy(mac, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, mac, ETH_ALEN);
	return XDP_TX;
}

/* Outer Ethernet header: the old destination as source, the gateway as destination. */
static __noinline int kt_outer_eth(struct ethhdr *neth, void *end, const struct kt_ctl *c,
				   __u16 proto)
{
	int k;

	if ((void *)(neth + 1) > end)
		return -1;
	for (k = 0; k < ETH_ALEN; k++)
		neth->h_dest[k] = c->gw_mac[k];
	neth->h_proto = proto;
	return 0;
}

/*
 * Room for the outer headers: the frame grows by room minus its VLAN tags
 * (which the tunnel does not carry), the old Ethernet header's destination
 * becomes the new source.  The new Ethernet header, or NULL.
 */
static __noinline struct ethhdr *kt_make_room(struct xdp_md *ctx, const struct kt_ctl *c,
					      const struct kt_desc *d, __u32 room, __u16 proto)
{
	__u32 delta = room - d->vlan_len;
	struct ethhdr *neth, *oeth;
	__u8 smac[ETH_ALEN];
	void *data, *end;

	if (delta > sizeof(struct kt_ip6) || bpf_xdp_adjust_head(ctx, -(int)delta))
		return NULL;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	neth = data;
	oeth = data + delta;
	if ((void *)(neth + 1) + room > end || (void *)(oeth + 1) > end)
		return NULL;
	__builtin_memcpy(smac, oeth->h_dest, ETH_ALEN);
	if (kt_outer_eth(neth, end, c, proto))
		return NULL;
	__builtin_memcpy(neth->h_source, smac, ETH_ALEN);
	return neth;
}

/* IP-in-IP, or GUE for a real that wants it: outer IPv4 from ctl's address to the real. */
static __noinline int kt_encap_v4(struct xdp_md *ctx, const struct kt_real *r,
				  const struct kt_ctl *c, struct kt_desc *d)
{
	__u32 room = sizeof(struct iphdr) + (r->flags & KT_REAL_GUE ? sizeof(struct udphdr) : 0);
	struct ethhdr *neth = kt_make_room(ctx, c, d, room, bpf_htons(ETH_P_IP));
	void *end = (void *)(long)ctx->data_end;
	struct iphdr *outer;
	struct udphdr *uh;
	__u32 sum = 0;
	int k;

	if (!neth)
		return XDP_DROP;
	outer = (void *)(neth + 1);
	uh = (void *)(outer + 1);
	if ((void *)(uh + 1) > end)
		return XDP_DROP;
	outer->version = 4;
	outer->ihl = 5;
	outer->tos = d->tos;
	outer->tot_len = bpf_htons(d->l3_len + room);
	outer->id = 0;
	outer->frag_off = bpf_htons(0x4000);	/* DF */
	outer->ttl = 64;
	outer->protocol = d->family == KT_FAMILY_V4 ? IPPROTO_IPIP : IPPROTO_IPV6;
	if (r->flags & KT_REAL_GUE) {
		outer->protocol = IPPROTO_UDP;
		/* the source port spreads flows over the real's receive queues */
		uh->source = bpf_htons(0x8000 | (kt_flow_hash(&d->flow) & 0x7fff));
		uh->dest = bpf_htons(KT_GUE_PORT);
		uh->len = bpf_htons(d->l3_len + sizeof(struct udphdr));
		uh->check = 0;
	}
	outer->check = 0;
	outer->saddr = c->self_v4;
	outer->daddr = r->addr[0];
#pragma clang loop unroll(full)
	for (k = 0; k < 10; k++)
		sum += ((__u16 *)outer)[k];
	outer->check = kt_fold(sum);
	return XDP_TX;
}

/* IPv6 in IPv6: an outer header from ctl's address to the real. */
static __noinline int kt_encap_v6(struct xdp_md *ctx, const struct kt_real *r,
				  const struct kt_ctl *c, struct kt_desc *d)
{
	struct ethhdr *neth = kt_make_room(ctx, c, d, sizeof(struct kt_ip6), bpf_htons(ETH_P_IPV6));
	void *end = (void *)(long)ctx->data_end;
	struct kt_ip6 *outer;
	int k;

	if (!neth)
		return XDP_DROP;
	outer = (void *)(neth + 1);
	if ((void *)(outer + 1) > end)
		return XDP_DROP;
	outer->ver_tc_flow = bpf_htonl((6u << 28) | ((__u32)d->tos << 20) |
				       (kt_flow_hash(&d->flow) & 0xfffff));
	outer->payload_len = bpf_htons(d->l3_len);
	outer->nexthdr = d->family == KT_FAMILY_V4 ? IPPROTO_IPIP : IPPROTO_IPV6;
	outer->hop_limit = 64;
	for (k = 0; k < 4; k++) {
		outer->saddr[k] = c->self_v6[k];
		outer->daddr[k] = r->addr[k];
	}
	return XDP_TX;
}

/* Sum of n 16-bit words at p, unfolded. */
static __always_inline __u32 kt_sum16(const void *p, int n)
{
	__u32 sum = 0;
	int k;

#pragma clang loop unroll(full)
	for (k = 0; k < n; k++)
		sum += ((const __u16 *)p)[k];
	return sum;
}

/*
 * The frame would pass the MTU once encapsulated: the sender gets an ICMP
 * error quoting its IP header and KT_QUOTE bytes (RFC 1191, RFC 8201),
 * from the VIP, built in place: room for the new IP and ICMP headers goes
 * in front of the old IP header, the frame is cut behind the quote, and
 * the Ethernet addresses are swapped.
 */
static __noinline int kt_icmp_too_big(struct xdp_md *ctx, const struct kt_desc *d, __u32 room)
{
	int v4 = d->family == KT_FAMILY_V4;
	__u32 ip_len = v4 ? sizeof(struct iphdr) : sizeof(struct kt_ip6);
	__u32 head = ip_len + sizeof(struct corpus_icmp);
	__u32 len = sizeof(struct ethhdr) + head + ip_len + KT_QUOTE;
	struct ethhdr *eth, *old;
	struct corpus_icmp *ih;
	void *data, *end;
	__u8 mac[ETH_ALEN];
	__u32 sum;
	int k;

	if (d->vlan_len || bpf_xdp_adjust_head(ctx, -(int)head))
		return XDP_DROP;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + len > end ||
	    bpf_xdp_adjust_tail(ctx, (int)len - (int)CORPUS_OPAQUE(ctx->data_end - ctx->data)))
		return XDP_DROP;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	eth = data;
	old = data + head;
	if (data + len > end)
		return XDP_DROP;
	__builtin_memcpy(mac, old->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, old->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, mac, ETH_ALEN);
	if (v4) {
		struct iphdr *ip = (void *)(eth + 1), *quoted = data + len - ip_len - KT_QUOTE;

		eth->h_proto = bpf_htons(ETH_P_IP);
		ip->version = 4;
		ip->ihl = 5;
		ip->tos = 0;
		ip->tot_len = bpf_htons(len - sizeof(struct ethhdr));
		ip->id = 0;
		ip->frag_off = 0;
		ip->ttl = 64;
		ip->protocol = IPPROTO_ICMP;
		ip->check = 0;
		ip->saddr = quoted->daddr;
		ip->daddr = quoted->saddr;
		ip->check = kt_fold(kt_sum16(ip, 10));
		ih = (void *)(ip + 1);
		ih->type = 3;			/* destination unreachable */
		ih->code = 4;			/* fragmentation needed */
		ih->checksum = 0;
		ih->rest = bpf_htonl(KT_MTU - room);
		ih->checksum = kt_fold(kt_sum16(ih, (sizeof(*ih) + sizeof(*quoted) + KT_QUOTE) / 2));
		return XDP_TX;
	} else {
		struct kt_ip6 *ip6 = (void *)(eth + 1), *quoted = data + len - ip_len - KT_QUOTE;
		__u32 plen = sizeof(*ih) + ip_len + KT_QUOTE;

		eth->h_proto = bpf_htons(ETH_P_IPV6);
		ip6->ver_tc_flow = bpf_htonl(6u << 28);
		ip6->payload_len = bpf_htons(plen);
		ip6->nexthdr = IPPROTO_ICMPV6;
		ip6->hop_limit = 64;
		for (k = 0; k < 4; k++) {
			ip6->saddr[k] = quoted->daddr[k];
			ip6->daddr[k] = quoted->saddr[k];
		}
		ih = (void *)(ip6 + 1);
		ih->type = 2;			/* packet too big */
		ih->code = 0;
		ih->checksum = 0;
		ih->rest = bpf_htonl(KT_MTU - room);
		/* the pseudo-header: addresses, length, next header */
		sum = kt_sum16(ip6->saddr, 16) + bpf_htons(plen) + bpf_htons(IPPROTO_ICMPV6);
		sum += kt_sum16(ih, (sizeof(*ih) + sizeof(*quoted) + KT_QUOTE) / 2);
		ih->checksum = kt_fold(sum);
		return XDP_TX;
	}
}

/*
 * An IP-in-IP or IPv6-in-IPv6 frame to the balancer's own address: the
 * outer header goes (the Ethernet header moves over it) and the inner
 * frame goes to the host.
 */
static __noinline int kt_decap(struct xdp_md *ctx, const struct kt_desc *d)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 zero = 0, outer = d->family == KT_FAMILY_V4 ? sizeof(struct iphdr) :
							      sizeof(struct kt_ip6);
	struct kt_ctl *c = bpf_map_lookup_elem(&ctl, &zero);
	struct ethhdr *eth = data, *neth;
	int k;

	if (!c)
		return XDP_DROP;
	if (d->family == KT_FAMILY_V4 && d->flow.dst[0] != c->self_v4)
		return XDP_PASS;
	for (k = 0; d->family == KT_FAMILY_V6 && k < 4; k++)
		if (d->flow.dst[k] != c->self_v6[k])
			return XDP_PASS;
	neth = data + d->vlan_len + outer;	/* tags go too */
	if ((void *)(neth + 1) > end || (void *)(eth + 1) > end)
		return XDP_DROP;
	__builtin_memmove(neth, eth, 2 * ETH_ALEN);
	neth->h_proto = d->flow.proto == IPPROTO_IPIP ? bpf_htons(ETH_P_IP) : bpf_htons(ETH_P_IPV6);
	if (bpf_xdp_adjust_head(ctx, (int)(d->vlan_len + outer)))
		return XDP_DROP;
	return XDP_PASS;
}

/* Drops frames from quarantined IPv4 sources; the key is the header's own saddr. */
static __noinline int kt_quarantined(void *l3, void *end)
{
	struct iphdr *ip = l3;
	__u64 *hits;

	if ((void *)(ip + 1) > end)
		return 1;
	hits = bpf_map_lookup_elem(&quarantine, &ip->saddr);
	if (!hits)
		return 0;
	__sync_fetch_and_add(hits, 1);
	return 1;
}

SEC("xdp")
int lb_katran(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct kt_desc d = {};
	struct kt_vip_meta *vm;
	struct kt_real *r;
	struct kt_ctl *c;
	__u32 zero = 0;
	__u16 proto;
	__u32 room;
	void *l3;
	int rc, k;

	if ((void *)(eth + 1) > end)
		return XDP_DROP;
	proto = eth->h_proto;
	l3 = eth + 1;
#pragma clang loop unroll(full)
	for (k = 0; k < 2; k++) {
		struct kt_vlan *tag = l3;

		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(tag + 1) > end)
			return XDP_DROP;
		proto = tag->proto;
		l3 = tag + 1;
		d.vlan_len += sizeof(*tag);
	}
	if (proto == bpf_htons(ETH_P_IP)) {
		rc = kt_parse_v4(l3, end, &d);
		if (rc == KT_CONTINUE && kt_quarantined(l3, end)) {
			kt_count(KT_MAX_VIPS + 1, (__u32)(end - data));
			return XDP_DROP;
		}
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		rc = kt_parse_v6(l3, end, &d);
	} else {
		return XDP_PASS;
	}
	if (rc != KT_CONTINUE)
		return rc;
	if (d.flow.proto == IPPROTO_IPIP || d.flow.proto == IPPROTO_IPV6)
		return kt_decap(ctx, &d);
	rc = kt_parse_l4(d.l4, end, &d);	/* d.l4: a packet pointer the callee stored */
	if (rc != KT_CONTINUE)
		return rc;
	vm = kt_find_vip(&d);
	if (!vm || vm->flags & KT_F_LOCAL) {
		kt_count(KT_MAX_VIPS, d.l3_len);
		return XDP_PASS;
	}
	kt_count(vm->vip_num % KT_MAX_VIPS, d.l3_len);
	if (d.flow.proto == IPPROTO_ICMP || d.flow.proto == IPPROTO_ICMPV6)
		return kt_icmp_reply(data, l3, end, &d);
	r = NULL;
	if (vm->flags & KT_F_QUIC && d.flow.proto == IPPROTO_UDP &&
	    d.flow.dport == bpf_htons(KT_QUIC_PORT) && d.payload)
		r = kt_quic_real(d.payload, end);
	if (!r)
		r = kt_pick_real(&d.flow, vm, d.tcp_flags);
	c = bpf_map_lookup_elem(&ctl, &zero);
	if (!r || !c)
		return XDP_DROP;
	room = r->family == KT_FAMILY_V6 ? sizeof(struct kt_ip6) :
	       sizeof(struct iphdr) + (r->flags & KT_REAL_GUE ? sizeof(struct udphdr) : 0);
	if (d.l3_len + room > KT_MTU)
		return kt_icmp_too_big(ctx, &d, room);
	kt_count_real(r, d.l3_len);
	bpf_map_update_elem(&last_real, &zero, r, BPF_ANY);	/* the value is a map value */
	if (r->family == KT_FAMILY_V6)
		return kt_encap_v6(ctx, r, c, &d);
	return kt_encap_v4(ctx, r, c, &d);
}
