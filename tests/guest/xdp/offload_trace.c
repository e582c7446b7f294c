// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Offload test program (tests/guest/offload-helpers.sh): bpf_trace_printk
 * with a format built by constant stores on the stack (6.1 gives an
 * offloaded program no .rodata: no direct value access on offloaded maps),
 * once per frame; the card's log records reach the driver.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int offload_trace(struct xdp_md *ctx)
{
	char fmt[] = "xnic %u\n";

	bpf_trace_printk(fmt, sizeof(fmt), ctx->data_end - ctx->data);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
