// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xdp_adjust_tail: frames of odd length grow by 16 bytes (filled with a
 * pattern), even ones over 64 bytes shrink to 64; a growth the buffer cannot
 * hold makes the helper fail and the frame is dropped.
 */
#include "corpus.h"

SEC("xdp")
int helper_adjust_tail(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	__u8 *tail;
	int i;

	if (len & 1) {
		if (bpf_xdp_adjust_tail(ctx, 16))
			return XDP_DROP;
		len = ctx->data_end - ctx->data;
		if (len < 16 || len > 4096)
			return XDP_ABORTED;
		tail = CORPUS_WINDOW(ctx, len - 16, 16);
		if (!tail)
			return XDP_ABORTED;
		for (i = 0; i < 16; i++)
			tail[i] = 0xe0 + i;
		return XDP_TX;
	}
	if (len > 64 && bpf_xdp_adjust_tail(ctx, 64 - (int)len))
		return XDP_ABORTED;
	return XDP_TX;
}
