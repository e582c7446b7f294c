// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Offload test program (tests/guest/offload.sh): the card runs
 * bpf_trace_printk only with a format it can read when compiling (a
 * constant string in .rodata, or constant stores on the stack), and this
 * one chooses a byte of its format at run time, so loading it for an xnic
 * must fail with the compiler's reason, naming the helper and the
 * instruction, in the verifier log.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int offload_printk(struct xdp_md *ctx)
{
	char fmt[] = "%u\n";

	/* the same text either way, but a byte the compiler cannot know */
	fmt[2] = ctx->rx_queue_index < 1024 ? '\n' : ' ';
	bpf_trace_printk(fmt, sizeof(fmt), ctx->rx_queue_index);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
