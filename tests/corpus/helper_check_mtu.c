// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_mtu on the ingress device (ifindex 0).  The first call learns the
 * MTU (the frame is far below it); the others sit at the edges relative to
 * it: *mtu_len exactly the MTU and one above, the frame's length plus a
 * len_diff reaching exactly MTU + ETH_HLEN and one byte more, a *mtu_len
 * whose int sum is negative (an unsigned compare would say FRAG_NEEDED), a
 * negative len_diff, flags in either word (-EINVAL), and *mtu_len in a map
 * value.  After -EINVAL 6.1 writes 0 to *mtu_len and newer kernels (the
 * host's 6.18) leave it alone: it starts at 0 there, so both agree.
 * Return codes, the MTU and every *mtu_len written back go into the frame.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} mtu_value SEC(".maps");

SEC("xdp")
int helper_check_mtu(struct xdp_md *ctx)
{
	__u32 key = 0, mtu = 0, m[9], len = ctx->data_end - ctx->data, *val;
	long r[10];
	__u8 *p;

	r[0] = bpf_check_mtu(ctx, 0, &mtu, 0, 0);
	m[0] = mtu;
	r[1] = bpf_check_mtu(ctx, 0, &m[0], 0, 0);
	m[1] = mtu + 1;
	r[2] = bpf_check_mtu(ctx, 0, &m[1], 0, 0);
	m[2] = 0;
	r[3] = bpf_check_mtu(ctx, 0, &m[2], mtu + 14 - len, 0);
	m[3] = 0;
	r[4] = bpf_check_mtu(ctx, 0, &m[3], mtu + 15 - len, 0);
	m[4] = 0xfffffff0;	/* + ETH_HLEN is -2 as an int */
	r[5] = bpf_check_mtu(ctx, 0, &m[4], 0, 0);
	m[5] = mtu + 100;
	r[6] = bpf_check_mtu(ctx, 0, &m[5], -100, 0);
	m[6] = 0;
	r[7] = bpf_check_mtu(ctx, 0, &m[6], 0, CORPUS_OPAQUE(1ULL));
	m[7] = 0;
	r[8] = bpf_check_mtu(ctx, 0, &m[7], 0, CORPUS_OPAQUE(1ULL << 32));
	r[9] = -1;
	val = bpf_map_lookup_elem(&mtu_value, &key);
	if (val) {
		*val = mtu - 1;
		r[9] = bpf_check_mtu(ctx, 0, val, 1, 0);
		m[8] = *val;
	}
	p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 48);
	if (!p)
		return XDP_PASS;
	p[0] = r[0];
	p[1] = r[1];
	p[2] = r[2];
	p[3] = r[3];
	p[4] = r[4];
	p[5] = r[5];
	p[6] = r[6];
	p[7] = r[7];
	p[8] = r[8];
	p[9] = r[9];
	__builtin_memcpy(p + 12, &mtu, 4);
	__builtin_memcpy(p + 16, m, 32);
	return XDP_TX;
}
