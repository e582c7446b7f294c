// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Offload test program (tests/guest/offload.sh): the card runs
 * bpf_trace_printk only with a constant format in .rodata (it parses the
 * format when compiling), and this one builds its format on the stack, so
 * loading it for an xnic must fail with the compiler's reason, naming the
 * helper and the instruction, in the verifier log.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int offload_printk(struct xdp_md *ctx)
{
	__u64 fmt = 0x0a7525;	/* "%u\n" built on the stack: no .rodata map */

	bpf_trace_printk((char *)&fmt, 4, ctx->rx_queue_index);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
