// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every ALU (32-bit) operation by register and by immediate; results are
 * zero-extended to 64 bits, which the 64-bit stores at the end expose.
 */
#include "corpus.h"

SEC("xdp")
int alu32(struct xdp_md *ctx)
{
	__u32 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 64);
	__u64 *q;
	__u32 a, b;

	if (!p)
		return XDP_PASS;
	a = p[0];
	b = p[1];
	p[0] = a + b;
	p[1] = a - b;
	p[2] = a * b;
	p[3] = a / b;
	p[4] = a % b;
	p[5] = a | b;
	p[6] = a & b;
	p[7] = a ^ b;
	p[8] = -a;
	p[9] = a * 77 + a / 3 + a % 10;
	p[10] = (a & 0xf0f0) | 0x1001;
	p[11] = a - 0x12345;
	q = (__u64 *)&p[12];
	*q = (__u64)(__u32)(a + 0x80000000u);	/* the upper half must be zero */
	return XDP_TX;
}
