// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * LDX, STX and ST of 1, 2, 4 and 8 bytes to the packet, the stack and a map
 * value, and the xdp_md fields the card provides.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[32]);
} ldst_scratch SEC(".maps");

SEC("xdp")
int ldst(struct xdp_md *ctx)
{
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 64);
	volatile __u8 stack[32] = {};	/* no uninitialised bytes reach the output */
	__u32 zero = 0;
	__u8 *v;

	if (!p)
		return XDP_PASS;
	v = bpf_map_lookup_elem(&ldst_scratch, &zero);
	if (!v)
		return XDP_ABORTED;
	/* packet -> stack with every width */
	*(volatile __u8 *)&stack[0] = p[0];
	*(volatile __u16 *)&stack[2] = *(__u16 *)&p[2];
	*(volatile __u32 *)&stack[4] = *(__u32 *)&p[4];
	*(volatile __u64 *)&stack[8] = *(__u64 *)&p[8];
	/* immediates to the stack */
	*(volatile __u8 *)&stack[16] = 0xa5;
	*(volatile __u16 *)&stack[18] = 0xbeef;
	*(volatile __u32 *)&stack[20] = 0xdeadbeef;
	*(volatile __u64 *)&stack[24] = 0x7eadbeefcafe;
	/* stack -> map value -> packet */
	*(__u64 *)&v[0] = *(volatile __u64 *)&stack[0] + 1;
	*(__u64 *)&v[8] = *(volatile __u64 *)&stack[8];
	*(__u32 *)&v[16] = *(volatile __u32 *)&stack[16];
	*(__u16 *)&v[20] = *(volatile __u16 *)&stack[20];
	v[22] = stack[22];
	*(__u64 *)&v[24] = *(volatile __u64 *)&stack[24];
	__builtin_memcpy(&p[16], v, 32);
	/* context fields */
	*(__u32 *)&p[48] = ctx->ingress_ifindex;
	*(__u32 *)&p[52] = ctx->rx_queue_index;
	*(__u32 *)&p[56] = ctx->data_end - ctx->data;
	*(__u32 *)&p[60] = ctx->data - ctx->data_meta;
	return XDP_TX;
}
