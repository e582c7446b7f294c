// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * redirect_map on a DEVMAP_HASH (tests/diff/entries: keys 10 and 300 hold
 * the loopback's ifindex 1): present keys, missing ones (also a key whose
 * low 32 bits are absent, and 0) with each fallback action, broadcast with
 * and without EXCLUDE_INGRESS, invalid flags (ABORTED), a 64-bit key whose
 * low word is present, and key and flags from the frame.  Return values
 * into the frame, the frame's length picks the action (as
 * helper_redirect_devmap).
 */
#include "corpus.h"

#define N_CALLS	10

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u32);
} ports_by_id SEC(".maps");

SEC("xdp")
int helper_redirect_devmap_hash(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 32);
	long r[N_CALLS];
	int k;

	if (!p)
		return XDP_PASS;
	r[0] = bpf_redirect_map(&ports_by_id, 10, XDP_DROP);
	r[1] = bpf_redirect_map(&ports_by_id, 11, XDP_PASS);
	r[2] = bpf_redirect_map(&ports_by_id, 0, XDP_TX);
	r[3] = bpf_redirect_map(&ports_by_id, 300, 0);
	r[4] = bpf_redirect_map(&ports_by_id, 12, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
	r[5] = bpf_redirect_map(&ports_by_id, 10, BPF_F_BROADCAST | XDP_PASS);
	r[6] = bpf_redirect_map(&ports_by_id, 10, CORPUS_OPAQUE(1ULL << 7));
	r[7] = bpf_redirect_map(&ports_by_id, CORPUS_OPAQUE((7ULL << 32) | 300), XDP_DROP);
	r[8] = bpf_redirect_map(&ports_by_id, CORPUS_OPAQUE((1ULL << 32) | 11), XDP_TX);
	/* key 10 or 11 (present or not) and flags bits 0-5 from the frame */
	r[9] = bpf_redirect_map(&ports_by_id, 10 + (p[21] & 1), p[20] & 0x3f);
	for (k = 0; k < 16; k++)
		p[k] = r[k % N_CALLS];
	p += len & 15;
	if ((void *)(p + 1) > (void *)(long)ctx->data_end)
		return XDP_PASS;
	return *p;
}
