// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Part of pass "peep" (docs/compiler.md, "Peephole"), after the combines:
 * LM index registers set again to the value they hold.  Instruction
 * selection sets l1 for every access through a pointer whose offset it
 * does not know (`lm_set l1, R, #0` before each of several accesses
 * through R), and never remembers what l1 holds.  A forward dataflow over
 * the card code keeps, per index register l0..l2, the fact "lN == GPR + k"
 * from `lm_set lN, GPR, #k` (and "lN == D" from `lm_get D, lN`) until the
 * GPR or lN is written; facts that differ where paths meet are dropped.
 * An `lm_set` that would set the fact already holding goes.
 *
 * Calls: a subprogram gives back l0 as it got it, so l0's fact survives a
 * BPF-to-BPF call (its GPR is one the caller reads after the call, so the
 * callee keeps it too); runtime routines and subprograms may set l1 and
 * l2, and runtime routines l0 (the harness's set-up), so the other facts
 * die there.  Program and routine entries start with none.
 */
#include "xcc_priv.h"

#define XCC_LMIDX_REGS	3	/* l0..l2; l3 belongs to the harness */

struct xcc_lmidx_fact {
	u8 valid;
	struct me_operand base;
	struct me_operand k;	/* IMM_Z or IMM_S */
	u16 imm;
};

struct xcc_lmidx_state {
	u8 reached;
	struct xcc_lmidx_fact l[XCC_LMIDX_REGS];
};

static int xcc_lmidx_is_gpr(struct me_operand o)
{
	return o.kind == ME_OPK_GPR_A || o.kind == ME_OPK_GPR_B;
}

static int xcc_lmidx_same(struct me_operand a, struct me_operand b)
{
	return a.kind == b.kind && a.index == b.index;
}

static int xcc_lmidx_fact_eq(const struct xcc_lmidx_fact *a, const struct xcc_lmidx_fact *b)
{
	return a->valid && b->valid && xcc_lmidx_same(a->base, b->base) &&
	       a->k.kind == b->k.kind && a->imm == b->imm;
}

/* "lm_set lN, GPR, #k": the fact it makes, or none. */
static struct xcc_lmidx_fact xcc_lmidx_set_fact(const struct me_insn *mi)
{
	struct xcc_lmidx_fact f = { 0 };

	if (xcc_lmidx_is_gpr(mi->srca) &&
	    (mi->srcb.kind == ME_OPK_IMM_Z || mi->srcb.kind == ME_OPK_IMM_S)) {
		f.valid = 1;
		f.base = mi->srca;
		f.k = mi->srcb;
		f.imm = mi->imm;
	}
	return f;
}

static void xcc_lmidx_kill_base(struct xcc_lmidx_state *s, struct me_operand gpr)
{
	int n;

	for (n = 0; n < XCC_LMIDX_REGS; n++)
		if (s->l[n].valid && xcc_lmidx_same(s->l[n].base, gpr))
			s->l[n].valid = 0;
}

/* The state after entry m, from the state before it. */
static void xcc_lmidx_step(const struct xcc_minsn *m, struct xcc_lmidx_state *s)
{
	const struct me_insn *mi = &m->mi;
	int n;

	if (mi->op == ME_OP_CALL) {
		int keep_l0 = mi->dst.kind == ME_OPK_GPR_A && mi->dst.index == XCC_REG_LINK_CALL;

		for (n = keep_l0; n < XCC_LMIDX_REGS; n++)
			s->l[n].valid = 0;
	}
	if (xcc_lmidx_is_gpr(mi->dst))
		xcc_lmidx_kill_base(s, mi->dst);
	if (mi->op == ME_OP_LM_SET && mi->lmi < XCC_LMIDX_REGS)
		s->l[mi->lmi] = xcc_lmidx_set_fact(mi);
	if (mi->op == ME_OP_LM_GET && mi->lmi < XCC_LMIDX_REGS && xcc_lmidx_is_gpr(mi->dst)) {
		struct xcc_lmidx_fact f = { 1, mi->dst, { ME_OPK_IMM_Z, 0 }, 0 };

		s->l[mi->lmi] = f;
	}
}

/* Where paths meet: the facts both hold. */
static int xcc_lmidx_meet(struct xcc_lmidx_state *into, const struct xcc_lmidx_state *from)
{
	int n, changed = 0;

	if (!from->reached)
		return 0;
	if (!into->reached) {
		*into = *from;
		return 1;
	}
	for (n = 0; n < XCC_LMIDX_REGS; n++)
		if (into->l[n].valid && !xcc_lmidx_fact_eq(&into->l[n], &from->l[n])) {
			into->l[n].valid = 0;
			changed = 1;
		}
	return changed;
}

static int xcc_lmidx_falls_through(const struct me_insn *mi)
{
	return mi->op != ME_OP_RET && mi->op != ME_OP_HALT &&
	       !(mi->op == ME_OP_BR && mi->cond == ME_COND_AL);
}

static int xcc_lmidx_branches(const struct me_insn *mi)
{
	return mi->op == ME_OP_BR || mi->op == ME_OP_BR_BSET || mi->op == ME_OP_BR_BCLR;
}

/*
 * Labels reached otherwise than by falling through or by a branch of the
 * code: xdp_main, the harness, subprograms and runtime routines (called).
 */
static void xcc_lmidx_entries(const struct xcc_prog *prog, u8 *entry)
{
	const struct xcc_mcode *mc = &prog->mc;
	u32 i;

	entry[prog->label_main] = entry[prog->label_harness] = 1;
	for (i = 0; i < mc->n; i++)
		if (mc->insns[i].mi.op == ME_OP_CALL && mc->insns[i].target >= 0)
			entry[mc->insns[i].target] = 1;
}

/* States before each list entry, to the fixpoint; at[] is label -> index. */
static void xcc_lmidx_solve(const struct xcc_prog *prog, const u32 *at, const u8 *entry,
			    struct xcc_lmidx_state *in)
{
	const struct xcc_mcode *mc = &prog->mc;
	int changed = 1;
	u32 i;

	while (changed) {
		struct xcc_lmidx_state cur = { 0 };

		changed = 0;
		for (i = 0; i < mc->n; i++) {
			const struct xcc_minsn *m = &mc->insns[i];

			if (m->mi.op == XCC_MI_LABEL && entry[m->target]) {
				struct xcc_lmidx_state none = { 1 };

				cur = none;
			}
			if (m->mi.op == XCC_MI_LABEL) {
				changed |= xcc_lmidx_meet(&in[i], &cur);
				cur = in[i];
				continue;
			}
			in[i] = cur;
			if (!cur.reached)
				continue;
			xcc_lmidx_step(m, &cur);
			if (xcc_lmidx_branches(&m->mi) && m->target >= 0)
				changed |= xcc_lmidx_meet(&in[at[m->target]], &cur);
			if (!xcc_lmidx_falls_through(&m->mi))
				cur.reached = 0;
		}
	}
}

void xcc_peep_lm_index(struct xcc_prog *prog)
{
	struct xcc_mcode *mc = &prog->mc;
	struct xcc_lmidx_state *in = xcc_calloc(prog, mc->n + 1, sizeof(*in));
	u32 *at = xcc_calloc(prog, mc->n_labels + 1, sizeof(*at));
	u8 *entry = xcc_calloc(prog, mc->n_labels + 1, 1);
	u32 i, n;

	if (in && at && entry) {
		for (i = 0; i < mc->n; i++)
			if (mc->insns[i].mi.op == XCC_MI_LABEL)
				at[mc->insns[i].target] = i;
		xcc_lmidx_entries(prog, entry);
		xcc_lmidx_solve(prog, at, entry, in);
		for (i = n = 0; i < mc->n; i++) {
			const struct me_insn *mi = &mc->insns[i].mi;
			struct xcc_lmidx_fact f;

			if (mi->op == ME_OP_LM_SET && mi->lmi < XCC_LMIDX_REGS && in[i].reached) {
				f = xcc_lmidx_set_fact(mi);
				if (xcc_lmidx_fact_eq(&f, &in[i].l[mi->lmi]))
					continue;
			}
			mc->insns[n++] = mc->insns[i];
		}
		mc->n = n;
	}
	xcc_free(prog, in);
	xcc_free(prog, at);
	xcc_free(prog, entry);
}
