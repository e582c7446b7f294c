// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * redirect_map on an XSKMAP.  Its entries are AF_XDP sockets, which the
 * differential tests cannot give the host kernel's map (it takes socket
 * file descriptors, and answers no lookup from user space, so xnic-cc
 * could not copy them to the card either): the map is empty and every
 * lookup misses, so this compares the fallback actions, including the
 * kernel's pattern of redirecting by rx_queue_index with XDP_PASS as
 * fallback, keys beyond max_entries, and flags an XSKMAP refuses
 * (BPF_F_BROADCAST, ABORTED).  Return values into the frame, the frame's
 * length picks the action (as helper_redirect_devmap).
 */
#include "corpus.h"

#define N_CALLS	7

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} xsks SEC(".maps");

SEC("xdp")
int helper_redirect_xskmap(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 32);
	long r[N_CALLS];
	int k;

	if (!p)
		return XDP_PASS;
	r[0] = bpf_redirect_map(&xsks, ctx->rx_queue_index, XDP_PASS);
	r[1] = bpf_redirect_map(&xsks, 1, XDP_DROP);
	r[2] = bpf_redirect_map(&xsks, 9, XDP_TX);
	r[3] = bpf_redirect_map(&xsks, 0, 0);
	r[4] = bpf_redirect_map(&xsks, 0, BPF_F_BROADCAST | XDP_PASS);
	r[5] = bpf_redirect_map(&xsks, 2, CORPUS_OPAQUE(1ULL << 40));
	r[6] = bpf_redirect_map(&xsks, p[21], p[20] & 0xf);
	for (k = 0; k < 16; k++)
		p[k] = r[k % N_CALLS];
	p += len & 15;
	if ((void *)(p + 1) > (void *)(long)ctx->data_end)
		return XDP_PASS;
	return *p;
}
