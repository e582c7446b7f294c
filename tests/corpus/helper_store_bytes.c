// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xdp_store_bytes: stores ending exactly at the frame's end (0) and one byte
 * past it (-EINVAL, the frame untouched), an offset above 0xffff (-EFAULT),
 * an odd length from an odd stack address to an odd offset, a length the
 * verifier only bounds, and from a map value (the verifier refuses the
 * packet itself as the source).  The return codes are written into the
 * frame, which shows every store.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[16]);
} sb_value SEC(".maps");

SEC("xdp")
int helper_store_bytes(struct xdp_md *ctx)
{
	/* bytes a1..b8 as immediates: an initialiser would go to .rodata, a
	 * global-data map the card refuses */
	__u64 words[3] = { CORPUS_OPAQUE(0xa8a7a6a5a4a3a2a1ULL), CORPUS_OPAQUE(0xb0afaeadacabaaa9ULL),
			   CORPUS_OPAQUE(0xb8b7b6b5b4b3b2b1ULL) };
	__u8 *src = (__u8 *)words;
	__u32 key = 0, len = ctx->data_end - ctx->data, vlen;
	__u8 *val, *p;
	long r[6];

	if (len < CORPUS_MIN_LEN)
		return XDP_PASS;
	p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 8);
	if (!p)
		return XDP_PASS;
	vlen = (p[1] & 7) + 1;
	r[0] = bpf_xdp_store_bytes(ctx, len - 8, src, 8);
	r[1] = bpf_xdp_store_bytes(ctx, len - 7, src + 8, 8);
	r[2] = bpf_xdp_store_bytes(ctx, CORPUS_OPAQUE(0x10000), src, 4);
	r[3] = bpf_xdp_store_bytes(ctx, 25, src + 1, 7);
	r[4] = bpf_xdp_store_bytes(ctx, 33, src + 8, vlen);
	r[5] = -1;
	val = bpf_map_lookup_elem(&sb_value, &key);
	if (val) {
		val[0] = 0xc1;
		val[9] = 0xc9;
		r[5] = bpf_xdp_store_bytes(ctx, 60, val, 10);
	}
	p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 8);
	if (!p)
		return XDP_DROP;
	p[1] = r[0];
	p[2] = r[1];
	p[3] = r[2];
	p[4] = r[3];
	p[5] = r[4];
	p[6] = r[5];
	return XDP_TX;
}
