// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_printk with its format built on the stack, as xdp-tools'
 * test_long_func_name and older programs do (a local char array, which
 * clang fills with constant stores of mixed widths right before the call):
 * an integer with a width from the frame, a string from the packet, a
 * format cut short by its size (no NUL within it: -EINVAL) and one 6.1
 * refuses (an unknown conversion: -EINVAL).  Every return value, the
 * formatted length, goes into the frame.
 */
#include "corpus.h"

SEC("xdp")
int helper_printk_stack(struct xdp_md *ctx)
{
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 24);
	long r[4];
	int k;

	if (!p)
		return XDP_PASS;
	{
		char fmt[] = "PASS[1]: prog %u\n";

		r[0] = bpf_trace_printk(fmt, sizeof(fmt), ctx->ingress_ifindex);
	}
	{
		char fmt[] = "len %5d from %x|%c\n";

		r[1] = bpf_trace_printk(fmt, sizeof(fmt), ctx->data_end - ctx->data,
					*(__u32 *)(p + 4), p[8]);
	}
	{
		char fmt[] = "cut %d";

		r[2] = bpf_trace_printk(fmt, sizeof(fmt) - 1, 7);
	}
	{
		char fmt[] = "bad %q\n";

		r[3] = bpf_trace_printk(fmt, sizeof(fmt), 1);
	}
	for (k = 0; k < 16; k++)
		p[k] = r[k % 4];
	return XDP_TX;
}
