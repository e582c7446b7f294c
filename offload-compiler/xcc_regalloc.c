// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pass "regalloc".  Input: isel's machine code with virtual eBPF register
 * words.  Chooses for each eBPF register the bank (A or B) of both its
 * words so that as few instructions as possible read two sources from the
 * same bank (isa.md 3.1): a max-cut of the graph whose edges count the
 * instructions reading two registers together, by greedy local search.
 * Then rewrites every operand to a card operand and inserts a move to the
 * other bank's fixup register where the rule is still broken.
 */
#include "xcc_priv.h"

struct xcc_ra {
	u32 pair[XCC_NR_REGS][XCC_NR_REGS];	/* read together, as A and B */
	u32 against[XCC_NR_REGS][2];		/* read with a fixed bank-0/1 register */
};

static int xcc_ra_is_ereg(const struct xcc_mop *o)
{
	return o->kind == XCC_MOP_EREG;
}

static void xcc_ra_count(struct xcc_ra *ra, const struct xcc_minsn *m)
{
	const struct xcc_mop *a = &m->a, *b = &m->b;

	if (xcc_ra_is_ereg(a) && xcc_ra_is_ereg(b)) {
		ra->pair[a->idx / 2][b->idx / 2]++;
		ra->pair[b->idx / 2][a->idx / 2]++;
	} else if (xcc_ra_is_ereg(a) && (b->kind == XCC_MOP_A || b->kind == XCC_MOP_B)) {
		ra->against[a->idx / 2][b->kind == XCC_MOP_B]++;
	} else if (xcc_ra_is_ereg(b) && (a->kind == XCC_MOP_A || a->kind == XCC_MOP_B)) {
		ra->against[b->idx / 2][a->kind == XCC_MOP_B]++;
	}
}

/* Conflicts register r would have in bank. */
static u32 xcc_ra_cost(const struct xcc_ra *ra, const u8 *bank, u32 r, u8 b)
{
	u32 y, cost = ra->against[r][b];

	for (y = 0; y < XCC_NR_REGS; y++)
		if (y != r && bank[y] == b)
			cost += ra->pair[r][y];
	return cost;
}

/* Instructions left breaking the bank rule by an assignment. */
static u32 xcc_ra_total(const struct xcc_ra *ra, const u8 *bank)
{
	u32 r, y, cost = 0;

	for (r = 0; r < XCC_NR_REGS; r++) {
		cost += ra->against[r][bank[r]];
		for (y = r + 1; y < XCC_NR_REGS; y++)
			if (bank[y] == bank[r])
				cost += ra->pair[r][y];
	}
	return cost;
}

/* Single flips that lower the conflicts, from the assignment in bank, until none does. */
static void xcc_ra_descend(const struct xcc_ra *ra, u8 *bank)
{
	int changed = 1, round;
	u32 r;

	for (round = 0; changed && round < 32; round++) {
		changed = 0;
		for (r = 0; r < XCC_NR_REGS; r++) {
			u8 other = !bank[r];

			if (xcc_ra_cost(ra, bank, r, other) < xcc_ra_cost(ra, bank, r, bank[r])) {
				bank[r] = other;
				changed = 1;
			}
		}
	}
}

/*
 * Local search is greedy: it is run from several starting splits (each
 * bit of the register number, and the alternation the plan started
 * with), and the split with the fewest conflicts is kept (the first of
 * equals, so the result is deterministic).
 */
static void xcc_ra_choose(struct xcc_prog *prog, const struct xcc_ra *ra)
{
	u8 try[XCC_NR_REGS], *bank = prog->mc.bank;
	u32 start, r, best = ~0u, cost;

	for (start = 0; start < 8; start++) {
		for (r = 0; r < XCC_NR_REGS; r++)
			try[r] = start < 4 ? (r >> start) & 1 : ((r * (2 * start + 1)) >> 2) & 1;
		xcc_ra_descend(ra, try);
		cost = xcc_ra_total(ra, try);
		if (cost < best) {
			best = cost;
			memcpy(bank, try, sizeof(try));
		}
	}
}

static struct me_operand xcc_ra_operand(const struct xcc_prog *prog, const struct xcc_mop *o,
					struct me_insn *mi)
{
	struct me_operand r = { ME_OPK_NONE, 0 };
	u8 reg = o->idx / 2;

	switch (o->kind) {
	case XCC_MOP_EREG:
		r.kind = prog->mc.bank[reg] ? ME_OPK_GPR_B : ME_OPK_GPR_A;
		r.index = (u8)((o->idx & 1) ? XCC_REG_HI(reg) : XCC_REG_LO(reg));
		break;
	case XCC_MOP_A: r.kind = ME_OPK_GPR_A; r.index = o->idx; break;
	case XCC_MOP_B: r.kind = ME_OPK_GPR_B; r.index = o->idx; break;
	case XCC_MOP_XR: r.kind = ME_OPK_XR; r.index = o->idx; break;
	case XCC_MOP_XW: r.kind = ME_OPK_XW; r.index = o->idx; break;
	case XCC_MOP_IMM:
		r.kind = o->sext ? ME_OPK_IMM_S : ME_OPK_IMM_Z;
		mi->imm = o->imm;
		break;
	}
	return r;
}

static int xcc_ra_is_reg(struct me_operand o)
{
	return o.kind == ME_OPK_GPR_A || o.kind == ME_OPK_GPR_B || o.kind == ME_OPK_XR;
}

/* Rewrites m into out[], preceded by a fixup move when needed; returns the count. */
static u32 xcc_ra_rewrite(struct xcc_prog *prog, const struct xcc_minsn *m, struct xcc_minsn *out)
{
	struct xcc_minsn r = *m;
	u32 n = 0;

	r.mi.dst = xcc_ra_operand(prog, &m->d, &r.mi);
	r.mi.srca = xcc_ra_operand(prog, &m->a, &r.mi);
	r.mi.srcb = xcc_ra_operand(prog, &m->b, &r.mi);
	/* a move to itself, when both words landed in the same register */
	if (r.mi.op == ME_OP_MOV && r.mi.dst.kind == r.mi.srcb.kind &&
	    r.mi.dst.index == r.mi.srcb.index)
		return 0;
	if (xcc_ra_is_reg(r.mi.srca) && xcc_ra_is_reg(r.mi.srcb) &&
	    r.mi.srca.kind == r.mi.srcb.kind) {
		struct xcc_minsn *fix = &out[n++];

		memset(fix, 0, sizeof(*fix));
		fix->mi.op = ME_OP_MOV;
		fix->mi.dst.kind = r.mi.srca.kind == ME_OPK_GPR_A ? ME_OPK_GPR_B : ME_OPK_GPR_A;
		fix->mi.dst.index = XCC_REG_FIXUP;
		fix->mi.srcb = r.mi.srcb;
		fix->target = -1;
		fix->bpf = m->bpf;
		r.mi.srcb = fix->mi.dst;
		prog->mc.fixups++;
	}
	out[n++] = r;
	return n;
}

int xcc_regalloc(struct xcc_prog *prog)
{
	struct xcc_mcode *mc = &prog->mc;
	struct xcc_ra *ra = xcc_zalloc(prog, sizeof(*ra));
	struct xcc_minsn *out;
	u32 i, n = 0;

	if (!ra)
		return -1;
	for (i = 0; i < mc->n; i++)
		xcc_ra_count(ra, &mc->insns[i]);
	xcc_ra_choose(prog, ra);
	xcc_free(prog, ra);
	out = xcc_calloc(prog, (size_t)mc->n * 2 + 1, sizeof(*out));
	if (!out)
		return -1;
	for (i = 0; i < mc->n; i++)
		n += xcc_ra_rewrite(prog, &mc->insns[i], &out[n]);
	xcc_free(prog, mc->insns);
	mc->insns = out;
	mc->n = n;
	mc->cap = 2 * i + 1;
	return 0;
}
