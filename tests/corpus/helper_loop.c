// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bpf_loop with a callback (BPF_PSEUDO_FUNC) and a context on the caller's
 * stack: a checksum-like fold over up to 64 payload bytes, stopping early at
 * a zero byte.
 */
#include "corpus.h"

struct helper_loop_ctx {
	struct xdp_md *xdp;
	__u32 acc;
	__u32 stopped_at;
};

static int helper_loop_step(__u32 i, void *opaque)
{
	struct helper_loop_ctx *c = opaque;
	__u8 *b = CORPUS_WINDOW(c->xdp, CORPUS_OPS_OFF + (i & 63), 1);

	if (!b)
		return 1;
	if (!*b) {
		c->stopped_at = i;
		return 1;	/* stop */
	}
	c->acc = (c->acc << 3 | c->acc >> 29) ^ *b;
	return 0;
}

SEC("xdp")
int helper_loop(struct xdp_md *ctx)
{
	struct helper_loop_ctx c = { .xdp = ctx, .acc = 1, .stopped_at = 0xffff };
	long n;
	__u32 *out;

	n = bpf_loop(64, helper_loop_step, &c, 0);
	out = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 12);
	if (!out)
		return XDP_PASS;
	out[0] = c.acc;
	out[1] = c.stopped_at;
	out[2] = (__u32)n;
	return XDP_TX;
}
