// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/guest/xdp/xsk_redirect.c for multi-buffer frames
 * (tests/guest/host-xsk-sg.sh): the same redirect to the XSKMAP slot of
 * the receiving queue, in an "xdp.frags" section, so that the driver runs
 * it on frames that span several RX buffers.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u32);
} xsks SEC(".maps");

SEC("xdp.frags")
int xsk_redirect_frags(struct xdp_md *ctx)
{
	return bpf_redirect_map(&xsks, ctx->rx_queue_index, XDP_PASS);
}

char _license[] SEC("license") = "GPL";
