// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every 64-bit conditional jump, against a register and an immediate,
 * signed and unsigned: one bit of the result per condition.
 */
#include "corpus.h"

static __always_inline __u64 conds(__u64 a, __u64 b)
{
	__s64 sa = (__s64)a, sb = (__s64)b;
	__u64 m = 0;

	if (a == b) m |= 1 << 0;
	if (a != b) m |= 1 << 1;
	if (a > b) m |= 1 << 2;
	if (a >= b) m |= 1 << 3;
	if (a < b) m |= 1 << 4;
	if (a <= b) m |= 1 << 5;
	if (sa > sb) m |= 1 << 6;
	if (sa >= sb) m |= 1 << 7;
	if (sa < sb) m |= 1 << 8;
	if (sa <= sb) m |= 1 << 9;
	if (a & b) m |= 1 << 10;
	return m;
}

static __always_inline __u64 conds_imm(__u64 a)
{
	__s64 sa = (__s64)a;
	__u64 m = 0;

	if (a == 0x1234) m |= 1 << 0;
	if (a != 7) m |= 1 << 1;
	if (a > 1000) m |= 1 << 2;
	if (a >= 0x7fffffff) m |= 1 << 3;
	if (a < 16) m |= 1 << 4;
	if (a <= 255) m |= 1 << 5;
	if (sa > -5) m |= 1 << 6;
	if (sa >= 100) m |= 1 << 7;
	if (sa < -1000) m |= 1 << 8;
	if (sa <= 0) m |= 1 << 9;
	if (a & 0x8000) m |= 1 << 10;
	return m;
}

SEC("xdp")
int jmp(struct xdp_md *ctx)
{
	__u64 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 64);
	__u64 a, b;

	if (!p)
		return XDP_PASS;
	a = p[0];
	b = p[1];
	p[2] = conds(a, b);
	p[3] = conds(b, a);
	p[4] = conds(a, a);
	p[5] = conds_imm(a);
	p[6] = conds_imm(b);
	p[7] = conds_imm((__u64)(__s64)(__s8)a);
	return XDP_TX;
}
