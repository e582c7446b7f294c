// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * redirect_map on a CPUMAP (tests/diff/entries: CPU 0 with a queue of 192
 * frames; CPUs 1-3 empty): the present entry, missing ones and one beyond
 * max_entries with each fallback action, BPF_F_BROADCAST and
 * BPF_F_EXCLUDE_INGRESS (invalid for a CPUMAP: ABORTED), a 64-bit key, and
 * key and flags from the frame.  Return values into the frame, the frame's
 * length picks the action (as helper_redirect_devmap).
 */
#include "corpus.h"

#define N_CALLS	9

struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} cpus SEC(".maps");

SEC("xdp")
int helper_redirect_cpumap(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 32);
	long r[N_CALLS];
	int k;

	if (!p)
		return XDP_PASS;
	r[0] = bpf_redirect_map(&cpus, 0, XDP_DROP);
	r[1] = bpf_redirect_map(&cpus, 1, XDP_PASS);
	r[2] = bpf_redirect_map(&cpus, 4, XDP_TX);
	r[3] = bpf_redirect_map(&cpus, 3, XDP_DROP);
	r[4] = bpf_redirect_map(&cpus, 0, BPF_F_BROADCAST);
	r[5] = bpf_redirect_map(&cpus, 1, BPF_F_EXCLUDE_INGRESS | XDP_PASS);
	r[6] = bpf_redirect_map(&cpus, CORPUS_OPAQUE(1ULL << 32), XDP_TX);
	r[7] = bpf_redirect_map(&cpus, 0, CORPUS_OPAQUE(1ULL << 33));
	/* CPU 0..7 and flags bits 0-3 (bit 3 is BROADCAST) from the frame */
	r[8] = bpf_redirect_map(&cpus, p[21] & 7, p[20] & 0xf);
	for (k = 0; k < 16; k++)
		p[k] = r[k % N_CALLS];
	p += len & 15;
	if ((void *)(p + 1) > (void *)(long)ctx->data_end)
		return XDP_PASS;
	return *p;
}
