// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The native program of the AF_XDP tests (tests/guest/host-xsk.sh): every
 * frame goes to the AF_XDP socket of its RX queue in xsks; a queue without
 * a socket passes its frames to the stack.  xsk_redirect_frags.c builds
 * it again in another section.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u32);
} xsks SEC(".maps");

#ifndef XSK_REDIRECT_SECTION
#define XSK_REDIRECT_SECTION "xdp"
#endif

SEC(XSK_REDIRECT_SECTION)
int xsk_redirect(struct xdp_md *ctx)
{
	return bpf_redirect_map(&xsks, ctx->rx_queue_index, XDP_PASS);
}

char _license[] SEC("license") = "GPL";
