// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xdp_adjust_meta: reserve 8 bytes of metadata before the frame, write the
 * frame's length and first byte there, read them back through data_meta;
 * then xdp_adjust_head by -4 or +4 (by the frame's length), which must move
 * the metadata along with data.  xdp_get_buff_len counts from data, not
 * data_meta: its result is folded into the frame too.
 */
#include "corpus.h"

SEC("xdp")
int helper_adjust_meta(struct xdp_md *ctx)
{
	__u32 *meta;
	__u8 *data;

	if (bpf_xdp_adjust_meta(ctx, -8))
		return XDP_ABORTED;
	meta = (void *)(long)ctx->data_meta;
	data = (void *)(long)ctx->data;
	if ((void *)(meta + 2) > (void *)data || data + 16 > (__u8 *)(long)ctx->data_end)
		return XDP_DROP;
	meta[0] = ctx->data_end - ctx->data;
	meta[1] = data[0];
	/* BPF_PROG_TEST_RUN's output starts at data_meta; also fold it into the frame */
	*(__u32 *)&data[8] = meta[0] ^ meta[1] ^
			     (__u32)bpf_xdp_get_buff_len(ctx) << 16;
	if (bpf_xdp_adjust_head(ctx, (ctx->data_end - ctx->data) & 1 ? -4 : 4))
		return XDP_DROP;
	meta = (void *)(long)ctx->data_meta;
	data = (void *)(long)ctx->data;
	if ((void *)(meta + 2) > (void *)data || data + 4 > (__u8 *)(long)ctx->data_end)
		return XDP_ABORTED;
	data[0] = (__u8)meta[1];
	return XDP_TX;
}
