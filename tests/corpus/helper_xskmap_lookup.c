// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * map_lookup_elem on an XSKMAP, as libxdp's older xsk_def_prog checks for a
 * socket on the frame's queue before redirecting to it.  The lookup returns
 * the entry's socket (struct bpf_xdp_sock, whose queue_id the program may
 * read) or NULL.  The differential tests cannot put AF_XDP sockets into the
 * host kernel's map (helper_redirect_xskmap says why), so every lookup here
 * misses: keys from a constant, the context, the stack and the packet
 * (which the kernel accepts as a key), one past max_entries; the
 * compiler-backend suite reads a found socket's queue_id on the card.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} xsks SEC(".maps");

static __always_inline __u8 xsk_queue(struct bpf_xdp_sock *sk)
{
	return sk ? sk->queue_id + 1 : 0;
}

SEC("xdp")
int helper_xskmap_lookup(struct xdp_md *ctx)
{
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 12);
	__u32 index = ctx->rx_queue_index, past = 4, any = p ? p[4] & 7 : 0;
	struct bpf_xdp_sock *sk;

	if (!p)
		return XDP_PASS;
	p[0] = xsk_queue(bpf_map_lookup_elem(&xsks, &index));
	p[1] = xsk_queue(bpf_map_lookup_elem(&xsks, &past));
	p[2] = xsk_queue(bpf_map_lookup_elem(&xsks, &any));
	p[3] = xsk_queue(bpf_map_lookup_elem(&xsks, p + 5));	/* a key in the packet */
	sk = bpf_map_lookup_elem(&xsks, &index);
	if (sk)
		return bpf_redirect_map(&xsks, index, XDP_DROP);
	return XDP_TX;
}
