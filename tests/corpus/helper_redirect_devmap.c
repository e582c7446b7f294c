// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * redirect_map on a DEVMAP (tests/diff/entries: keys 0 and 2 hold the
 * loopback's ifindex 1, keys 1 and 3 are empty): a present key, a missing
 * one and one beyond max_entries with each fallback action, broadcast
 * (REDIRECT even without an entry) with and without EXCLUDE_INGRESS,
 * EXCLUDE_INGRESS alone (accepted, ignored), invalid flags in either word
 * (ABORTED), a 64-bit key (truncated to u32), and key and flags taken from
 * the frame.  Every return value goes into the frame (16 bytes, repeating);
 * the frame's length picks which byte is the action, so the pcaps see
 * every kind.
 */
#include "corpus.h"

#define N_CALLS	11

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} tx_ports SEC(".maps");

SEC("xdp")
int helper_redirect_devmap(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 32);
	long r[N_CALLS];
	__u64 flags;
	int k;

	if (!p)
		return XDP_PASS;
	r[0] = bpf_redirect_map(&tx_ports, 0, 0);
	r[1] = bpf_redirect_map(&tx_ports, 1, XDP_PASS);
	r[2] = bpf_redirect_map(&tx_ports, 7, XDP_TX);
	r[3] = bpf_redirect_map(&tx_ports, 3, XDP_DROP);
	r[4] = bpf_redirect_map(&tx_ports, 1, BPF_F_BROADCAST);
	r[5] = bpf_redirect_map(&tx_ports, 2, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS | XDP_DROP);
	r[6] = bpf_redirect_map(&tx_ports, 1, BPF_F_EXCLUDE_INGRESS | XDP_DROP);
	r[7] = bpf_redirect_map(&tx_ports, 0, CORPUS_OPAQUE(1ULL << 5));
	r[8] = bpf_redirect_map(&tx_ports, 0, CORPUS_OPAQUE(1ULL << 32));
	r[9] = bpf_redirect_map(&tx_ports, CORPUS_OPAQUE((1ULL << 32) | 2), 0);
	/* bits 0-4 of a frame byte as flags, bit 5 of it invalid; key 0..7 */
	flags = p[20] & 0x3f;
	r[10] = bpf_redirect_map(&tx_ports, p[21] & 7, flags);
	for (k = 0; k < 16; k++)
		p[k] = r[k % N_CALLS];
	p += len & 15;
	if ((void *)(p + 1) > (void *)(long)ctx->data_end)
		return XDP_PASS;
	return *p;
}
