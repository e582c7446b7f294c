// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bounded loops (back edges, kernel 5.3+): a byte sum over a variable part
 * of the packet, a loop with an early exit, and nested loops.
 */
#include "corpus.h"

SEC("xdp")
int loops(struct xdp_md *ctx)
{
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 64);
	__u32 sum = 0, first_zero = 64, i, j, n;
	__u64 prod = 1;

	if (!p)
		return XDP_PASS;
	n = p[0] & 31;
#pragma clang loop unroll(disable)
	for (i = 0; i < 32; i++) {
		if (i >= n)
			break;
		sum += p[i + 1];
	}
#pragma clang loop unroll(disable)
	for (i = 0; i < 48; i++) {
		if (!p[i + 8]) {
			first_zero = i;
			break;
		}
	}
#pragma clang loop unroll(disable)
	for (i = 0; i < 4; i++)
#pragma clang loop unroll(disable)
		for (j = 0; j < 4; j++)
			prod = prod * 31 + (p[i * 4 + j] ^ j);
	*(__u32 *)&p[0] = sum;
	*(__u32 *)&p[4] = first_zero;
	*(__u64 *)&p[56] = prod;
	return XDP_TX;
}
