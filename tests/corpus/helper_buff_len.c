// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xdp_get_buff_len: the frame's length (there are no fragments in a test
 * run or on the card), before and after adjust_tail shrinks the frame and
 * adjust_head drops bytes at its start, written into the frame as 32-bit
 * values together with the upper word of the first result.
 */
#include "corpus.h"

SEC("xdp")
int helper_buff_len(struct xdp_md *ctx)
{
	__u64 l0, l1, l2;
	__u32 *p;

	l0 = bpf_xdp_get_buff_len(ctx);
	if (l0 < CORPUS_OPS_OFF + 32)
		return XDP_PASS;
	if (bpf_xdp_adjust_tail(ctx, -3))
		return XDP_ABORTED;
	l1 = bpf_xdp_get_buff_len(ctx);
	if (bpf_xdp_adjust_head(ctx, 2))
		return XDP_ABORTED;
	l2 = bpf_xdp_get_buff_len(ctx);
	p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 16);
	if (!p)
		return XDP_DROP;
	p[0] = l0;
	p[1] = l1;
	p[2] = l2;
	p[3] = (l0 >> 32) | (l2 == (__u64)(ctx->data_end - ctx->data)) << 8;
	return XDP_TX;
}
