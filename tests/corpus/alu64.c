// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every ALU64 operation by register and by immediate on two 64-bit operands
 * taken from the packet; results overwrite the packet.  Division and modulo
 * by a register that may be zero follow the kernel: x/0 = 0, x%0 = x.
 */
#include "corpus.h"

SEC("xdp")
int alu64(struct xdp_md *ctx)
{
	__u64 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 64);
	__u64 a, b;

	if (!p)
		return XDP_PASS;
	a = p[0];
	b = p[1];
	p[0] = a + b;
	p[1] = a - b;
	p[2] = a * b;
	p[3] = a / b;
	p[4] = a % b;
	p[5] = (a | b) ^ (a & 0xff00ff00ff00ffull);
	p[6] = -a + (a * 1000003) + (a / 7) + (a % 13);
	p[7] = (a & 0xfff) + (b ^ 0x5a5a) + (a | 0x100) - 0x7fffffff;
	return XDP_TX;
}
