// SPDX-License-Identifier: GPL-2.0-or-later
/* LSH, RSH and ARSH in 32 and 64 bits, by immediate and by register. */
#include "corpus.h"

SEC("xdp")
int shifts(struct xdp_md *ctx)
{
	__u64 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 64);
	__u64 a;
	__u32 n, w;

	if (!p)
		return XDP_PASS;
	a = p[0];
	w = (__u32)p[1];
	n = (__u32)p[2] & 63;
	p[0] = a << 13;
	p[1] = a >> 7;
	p[2] = (__u64)((__s64)a >> 9);
	p[3] = a << n;
	p[4] = a >> n;
	p[5] = (__u64)((__s64)a >> n);
	n &= 31;
	p[6] = ((__u64)(w << n) << 32) | (w >> n);
	p[7] = (__u32)((__s32)w >> n) ^ ((__u64)((__s32)w >> 3) << 32);
	return XDP_TX;
}
