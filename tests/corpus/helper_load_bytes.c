// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xdp_load_bytes: copies ending exactly at the frame's end (0) and one byte
 * past it (-EINVAL, the buffer untouched), an offset above 0xffff
 * (-EFAULT), an odd length at an odd offset into an odd stack address, a
 * length the verifier only bounds, and a copy into a map value.  The return
 * codes and the loaded bytes are written into the frame; the map value is
 * compared at the end.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[16]);
} lb_value SEC(".maps");

struct lb_bufs {
	__u8 tail[16];
	__u8 past[16];
	__u8 odd[8];	/* odd + 1 is the odd address */
	__u8 var[16];
};

SEC("xdp")
int helper_load_bytes(struct xdp_md *ctx)
{
	struct lb_bufs b;
	__u32 key = 0, len = ctx->data_end - ctx->data, vlen;
	__u8 *val, *p;
	long r[5];

	if (len < CORPUS_MIN_LEN)
		return XDP_PASS;
	__builtin_memset(&b, 0x5a, sizeof(b));
	p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 1);
	if (!p)
		return XDP_PASS;
	vlen = (*p & 15) + 1;
	r[0] = bpf_xdp_load_bytes(ctx, len - 16, b.tail, 16);
	r[1] = bpf_xdp_load_bytes(ctx, len - 15, b.past, 16);
	r[2] = bpf_xdp_load_bytes(ctx, CORPUS_OPAQUE(0x10000), b.past, 4);
	r[3] = bpf_xdp_load_bytes(ctx, 3, b.odd + 1, 7);
	r[4] = bpf_xdp_load_bytes(ctx, 20, b.var, vlen);
	val = bpf_map_lookup_elem(&lb_value, &key);
	if (val && bpf_xdp_load_bytes(ctx, len - 13, val, 13))
		return XDP_ABORTED;
	p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 64);
	if (!p)
		return XDP_DROP;
	p[0] = r[0];
	p[1] = r[1];
	p[2] = r[2];
	p[3] = r[3];
	p[4] = r[4];
	__builtin_memcpy(p + 8, b.tail, 16);
	__builtin_memcpy(p + 24, b.past, 16);
	__builtin_memcpy(p + 40, b.odd, 8);
	__builtin_memcpy(p + 48, b.var, 16);
	return XDP_TX;
}
