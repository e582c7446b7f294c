// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Offload test program (tests/guest/offload-helpers.sh): bpf_trace_printk
 * with a format built by constant stores on the stack (6.1 gives an
 * offloaded program no .rodata: no direct value access on offloaded maps,
 * and libbpf creates a map for any .rodata section the object has),
 * once per frame; the card's log records reach the driver.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int offload_trace(struct xdp_md *ctx)
{
	/* "xnic %u\n" stored as numbers: a string would leave a .rodata section */
	char fmt[16];

	*(__u64 *)fmt = 0x0a75252063696e78ULL;
	*(__u64 *)(fmt + 8) = 0;
	bpf_trace_printk(fmt, 9, ctx->data_end - ctx->data);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
