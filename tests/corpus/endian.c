// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * BPF_END: byte swaps to big endian (what bpf_htons and friends compile to)
 * and to little endian, which clang never emits on a little-endian target,
 * so they are written in BPF assembly.
 */
#include "corpus.h"

SEC("xdp")
int endian(struct xdp_md *ctx)
{
	__u64 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 64);
	__u64 a, l16, l32, l64;

	if (!p)
		return XDP_PASS;
	a = p[0];
	p[1] = bpf_htons((__u16)a);
	p[2] = bpf_htonl((__u32)a);
	p[3] = bpf_cpu_to_be64(a);
	l16 = a;
	l32 = a;
	l64 = a;
	asm volatile("%0 = le16 %0" : "+r"(l16));
	asm volatile("%0 = le32 %0" : "+r"(l32));
	asm volatile("%0 = le64 %0" : "+r"(l64));
	p[4] = l16;
	p[5] = l32;
	p[6] = l64;
	return XDP_TX;
}
