// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_printk's address conversions, as 6.1 prints them: %pI4 (no
 * leading zeros, so the length depends on each byte's digits), %pi4 (three
 * digits each), %pI6 (eight groups with colons), %pi6 (32 hex digits), of
 * the frame's IPv4 or IPv6 addresses, of addresses on the stack and in a
 * map value, and of a scalar (an address the kernel cannot read: zeros).
 * Also what bstr_printf() does around them: no width, the letters and
 * digits after the conversion skipped (%pI6c is not compressed), the text
 * cut where a long %s left too little of the 512 bytes of binary
 * arguments, -ENOSPC when less than the address's bytes are left, and not
 * printed at all once 1024 characters are out.  Every return value, the
 * formatted length, goes into the frame.
 */
#include "corpus.h"

#define N_RESULTS	13

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[512]);
} text SEC(".maps");

#define PRINTK(fmt, ...) ({							\
	static const char ___fmt[] = fmt;					\
	bpf_trace_printk(___fmt, sizeof(___fmt), ##__VA_ARGS__); })

/* The frame's own addresses, from the packet and changed on the stack. */
static __always_inline void printk_frame(struct xdp_md *ctx, long *r)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > end)
		return;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);
		__u32 mixed;

		if ((void *)(ip + 1) > end)
			return;
		mixed = ip->saddr ^ (ip->daddr >> 3);
		r[0] = PRINTK("%pI4 > %pi4", &ip->saddr, &ip->daddr);
		r[1] = PRINTK("stack %pI4|%pi4", &mixed, &mixed);
	}
	/* not "else": clang would share one call between two formats */
	if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		struct in6_addr mixed;

		if ((void *)(ip6 + 1) > end)
			return;
		mixed = ip6->daddr;
		mixed.in6_u.u6_addr8[1] ^= ip6->hop_limit;
		r[0] = PRINTK("%pI6 > %pi6", &ip6->saddr, &ip6->daddr);
		r[1] = PRINTK("stack %pI6|%pi6", &mixed, &mixed);
	}
}

SEC("xdp")
int helper_printk_ip(struct xdp_md *ctx)
{
	__u16 *out = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 2 * N_RESULTS);
	__u8 v4[4] = { 192, 0, 2, 7 };
	__u8 v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [14] = 0xab, [15] = 0x01 };
	long r[N_RESULTS] = {};
	__u32 key = 0;
	char *s;
	int k;

	if (!out)
		return XDP_PASS;
	s = bpf_map_lookup_elem(&text, &key);
	if (!s)
		return XDP_ABORTED;
	for (k = 0; k < 507; k++)
		s[k] = 'x';
	s[507] = 0;
	printk_frame(ctx, r);
	r[2] = PRINTK("%pI4 %pi4 %pI6", v4, v4, v6);
	r[3] = PRINTK("%pI4 %pi6 %pI6", 0, 0, 0);
	r[4] = PRINTK("%pI4abc|%pI6c|%pxyz.", v4, v6, v4);
	r[5] = PRINTK("[%-20pI4][%08pi6]", v4, v6);
	r[6] = PRINTK("%pI4/%pi6", s, s);
	r[7] = PRINTK("%s|%pI6", s + 27, v6);		/* 480 characters: 30 of 39 kept */
	r[8] = PRINTK("%s%pi4", s, v4);			/* 507: 3 of 15 kept */
	r[9] = PRINTK("%s %pI6", s + 7, v6);		/* 500: 11 bytes left, -ENOSPC */
	r[10] = PRINTK("%1023d %pI4", 1, v4);		/* after 1024 characters: nothing */
	r[11] = PRINTK("%1022d %pI4 tail", 1, v4);	/* after 1023: counted whole */
	r[12] = PRINTK("%pI5 %pi", v4, v4);		/* -EINVAL */
	for (k = 0; k < N_RESULTS; k++)
		out[k] = r[k];
	return XDP_TX;
}
