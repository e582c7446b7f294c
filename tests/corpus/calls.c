// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * BPF-to-BPF calls: arguments in R1-R5, a result in R0, R6-R9 kept across
 * calls, a pointer into the caller's stack, nested calls, and each frame's
 * own stack.
 */
#include "corpus.h"

static __noinline __u64 calls_mix(__u64 a, __u64 b, __u64 c, __u64 d, __u64 e)
{
	volatile __u64 local[4] = { a, b, c, d };

	return (local[0] * 3) ^ (local[1] + local[2]) ^ (local[3] << 2) ^ e;
}

static __noinline void calls_fill(__u64 *out, __u64 seed)
{
	out[0] = seed;
	out[1] = calls_mix(seed, seed >> 1, seed >> 2, seed >> 3, 7);
}

static __noinline int calls_classify(struct xdp_md *ctx)
{
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 1);

	if (!p)
		return XDP_PASS;
	return p[0] & 1 ? XDP_TX : XDP_DROP;
}

SEC("xdp")
int calls(struct xdp_md *ctx)
{
	__u64 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 64);
	__u64 frame[2];
	__u64 a, b, keep;
	int verdict;

	if (!p)
		return XDP_PASS;
	a = p[0];
	b = p[1];
	keep = a ^ 0x5555;		/* lives in R6-R9 across the calls */
	p[2] = calls_mix(a, b, a + b, a - b, keep);
	calls_fill(frame, b);
	verdict = calls_classify(ctx);
	p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 64);
	if (!p)
		return XDP_ABORTED;
	p[3] = frame[0];
	p[4] = frame[1];
	p[5] = keep;
	return verdict;
}
