// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Part of pass "peep" (docs/compiler.md, "Peephole"), after the combines:
 * registers set again to the value they hold.  Instruction selection
 * works one eBPF instruction at a time and never remembers what a
 * register holds: it sets l1 for every access through a pointer whose
 * offset it does not know (`lm_set l1, R, #0` before each of several
 * accesses through R), and moves constants into GPRs and write transfer
 * registers that may hold them already (an XDP action set on two paths
 * that meet, the zero high word of 8-byte stores).  A forward dataflow
 * over the card code keeps
 *  - per index register l0..l2, the fact "lN == GPR + k" from `lm_set lN,
 *    GPR, #k` (and "lN == D" from `lm_get D, lN`) until the GPR or lN is
 *    written;
 *  - per GPR and $xw, the constant a `mov` (and `immed_hi`) put there,
 *    until it is written otherwise (commands do not write $xw, isa.md 2);
 * dropping what differs where paths meet.  An `lm_set` of the fact that
 * holds goes, and so does a `mov` of the constant its register holds
 * (with its `immed_hi` when the pair builds the constant held).
 *
 * Calls: a subprogram gives back l0 as it got it, so l0's fact survives a
 * BPF-to-BPF call (its GPR is one the caller reads after the call, so the
 * callee keeps it too); runtime routines and subprograms may set l1 and
 * l2, and runtime routines l0 (the harness's set-up), so the other facts
 * die there, as do all constants.  Program and routine entries start with
 * nothing known.
 */
#include "xcc_priv.h"

#define XCC_KNOWN_LM	3	/* l0..l2; l3 belongs to the harness */
#define XCC_KNOWN_REGS	80	/* a0..a31, b0..b31, $xw0..$xw15 */

struct xcc_known_fact {
	u8 valid;
	struct me_operand base;
	struct me_operand k;	/* IMM_Z or IMM_S */
	u16 imm;
};

struct xcc_known_state {
	u8 reached;
	struct xcc_known_fact l[XCC_KNOWN_LM];
	u8 known[XCC_KNOWN_REGS];
	u32 val[XCC_KNOWN_REGS];
};

/* A GPR's or $xw's slot in the state, or -1. */
static int xcc_known_reg(struct me_operand o)
{
	switch (o.kind) {
	case ME_OPK_GPR_A:
		return o.index;
	case ME_OPK_GPR_B:
		return 32 + o.index;
	case ME_OPK_XW:
		return 64 + o.index;
	}
	return -1;
}

static int xcc_known_is_gpr(struct me_operand o)
{
	return o.kind == ME_OPK_GPR_A || o.kind == ME_OPK_GPR_B;
}

static int xcc_known_is_imm(struct me_operand o)
{
	return o.kind == ME_OPK_IMM_Z || o.kind == ME_OPK_IMM_S;
}

static int xcc_known_same(struct me_operand a, struct me_operand b)
{
	return a.kind == b.kind && a.index == b.index;
}

static int xcc_known_fact_eq(const struct xcc_known_fact *a, const struct xcc_known_fact *b)
{
	return a->valid && b->valid && xcc_known_same(a->base, b->base) &&
	       a->k.kind == b->k.kind && a->imm == b->imm;
}

/* "lm_set lN, GPR, #k": the fact it makes, or none. */
static struct xcc_known_fact xcc_known_set_fact(const struct me_insn *mi)
{
	struct xcc_known_fact f = { 0 };

	if (xcc_known_is_gpr(mi->srca) && xcc_known_is_imm(mi->srcb)) {
		f.valid = 1;
		f.base = mi->srca;
		f.k = mi->srcb;
		f.imm = mi->imm;
	}
	return f;
}

/* The value of an immediate B operand (isa.md 4.1). */
static u32 xcc_known_imm(const struct me_insn *mi)
{
	return mi->srcb.kind == ME_OPK_IMM_S ? (u32)(s32)(s16)mi->imm : mi->imm;
}

/* A write of register slot r: its constant and the LM facts based on it go. */
static void xcc_known_kill(struct xcc_known_state *s, struct me_operand o)
{
	int r = xcc_known_reg(o), n;

	if (r < 0)
		return;
	s->known[r] = 0;
	for (n = 0; n < XCC_KNOWN_LM; n++)
		if (s->l[n].valid && xcc_known_same(s->l[n].base, o))
			s->l[n].valid = 0;
}

static void xcc_known_call(const struct me_insn *mi, struct xcc_known_state *s)
{
	int keep_l0 = mi->dst.kind == ME_OPK_GPR_A && mi->dst.index == XCC_REG_LINK_CALL, n;

	for (n = keep_l0; n < XCC_KNOWN_LM; n++)
		s->l[n].valid = 0;
	memset(s->known, 0, sizeof(s->known));
}

/* A command's $xw operand is the data it sends: it reads, never writes, it. */
static int xcc_known_sends(const struct me_insn *mi)
{
	const struct me_opinfo *info = me_opinfo(mi->op);

	return info && (info->flags & ME_F_CMD) && mi->dst.kind == ME_OPK_XW;
}

/* The constant a mov's source holds (an immediate or a GPR known to hold it): 1, or 0. */
static int xcc_known_value(const struct me_insn *mi, const struct xcc_known_state *s, u32 *v)
{
	int src = xcc_known_reg(mi->srcb);

	if (xcc_known_is_imm(mi->srcb)) {
		*v = xcc_known_imm(mi);
		return 1;
	}
	if (src < 0 || !s->known[src])
		return 0;
	*v = s->val[src];
	return 1;
}

/* The state after instruction mi, from the state before it. */
static void xcc_known_step(const struct me_insn *mi, struct xcc_known_state *s)
{
	int r = xcc_known_reg(mi->dst);
	u32 v;

	if (mi->op == ME_OP_CALL)
		xcc_known_call(mi, s);
	if (xcc_known_sends(mi))
		return;
	if (mi->op == ME_OP_IMMED_HI && r >= 0 && s->known[r]) {
		v = (s->val[r] & 0xffff) | (u32)mi->imm << 16;
		xcc_known_kill(s, mi->dst);
		s->known[r] = 1;
		s->val[r] = v;
		return;
	}
	xcc_known_kill(s, mi->dst);
	if (mi->op == ME_OP_MOV && r >= 0 && xcc_known_value(mi, s, &v)) {
		s->known[r] = 1;
		s->val[r] = v;
	}
	if (mi->op == ME_OP_LM_SET && mi->lmi < XCC_KNOWN_LM)
		s->l[mi->lmi] = xcc_known_set_fact(mi);
	if (mi->op == ME_OP_LM_GET && mi->lmi < XCC_KNOWN_LM && xcc_known_is_gpr(mi->dst)) {
		struct xcc_known_fact f = { 1, mi->dst, { ME_OPK_IMM_Z, 0 }, 0 };

		s->l[mi->lmi] = f;
	}
}

/* Where paths meet: what both know. */
static int xcc_known_meet(struct xcc_known_state *into, const struct xcc_known_state *from)
{
	int n, changed = 0;

	if (!from->reached)
		return 0;
	if (!into->reached) {
		*into = *from;
		return 1;
	}
	for (n = 0; n < XCC_KNOWN_LM; n++)
		if (into->l[n].valid && !xcc_known_fact_eq(&into->l[n], &from->l[n])) {
			into->l[n].valid = 0;
			changed = 1;
		}
	for (n = 0; n < XCC_KNOWN_REGS; n++)
		if (into->known[n] && (!from->known[n] || into->val[n] != from->val[n])) {
			into->known[n] = 0;
			changed = 1;
		}
	return changed;
}

static int xcc_known_falls_through(const struct me_insn *mi)
{
	return mi->op != ME_OP_RET && mi->op != ME_OP_HALT &&
	       !(mi->op == ME_OP_BR && mi->cond == ME_COND_AL);
}

static int xcc_known_branches(const struct me_insn *mi)
{
	const struct me_opinfo *info = me_opinfo(mi->op);

	return info && me_format_has_target(info->format) && mi->op != ME_OP_CALL;
}

/*
 * Labels reached otherwise than by falling through or by a branch of the
 * code: xdp_main, the harness, subprograms and runtime routines (called).
 */
static void xcc_known_entries(const struct xcc_prog *prog, u8 *entry)
{
	const struct xcc_mcode *mc = &prog->mc;
	u32 i;

	entry[prog->label_main] = entry[prog->label_harness] = 1;
	for (i = 0; i < mc->n; i++)
		if (mc->insns[i].mi.op == ME_OP_CALL && mc->insns[i].target >= 0)
			entry[mc->insns[i].target] = 1;
}

/*
 * Sets what holds already: 1 for entry i alone, 2 for a "mov D, #lo;
 * immed_hi D, #hi" pair building the constant D holds, else 0.
 */
static int xcc_known_redundant(const struct xcc_mcode *mc, u32 i, const struct xcc_known_state *s)
{
	const struct me_insn *mi = &mc->insns[i].mi, *hi = i + 1 < mc->n ? &mc->insns[i + 1].mi : NULL;
	int r = xcc_known_reg(mi->dst);
	struct xcc_known_fact f;
	u32 v;

	if (mi->op == ME_OP_LM_SET && mi->lmi < XCC_KNOWN_LM) {
		f = xcc_known_set_fact(mi);
		return xcc_known_fact_eq(&f, &s->l[mi->lmi]);
	}
	if (mi->op != ME_OP_MOV || r < 0 || !s->known[r] || !xcc_known_value(mi, s, &v))
		return 0;
	if (hi && hi->op == ME_OP_IMMED_HI && xcc_known_same(hi->dst, mi->dst))
		return xcc_known_is_imm(mi->srcb) &&
		       s->val[r] == ((v & 0xffff) | (u32)hi->imm << 16) ? 2 : 0;
	return s->val[r] == v;
}

/*
 * One walk over the list from the states at the labels, in[] (per
 * label), meeting what reaches each label into it; 1 when one changed.
 * With gone, also marks the instructions that set what holds already.
 */
static int xcc_known_walk(const struct xcc_prog *prog, const u8 *entry, const u32 *slot,
			  struct xcc_known_state *in, u8 *gone)
{
	const struct xcc_mcode *mc = &prog->mc;
	struct xcc_known_state cur;
	int changed = 0;
	u32 i;

	memset(&cur, 0, sizeof(cur));
	for (i = 0; i < mc->n; i++) {
		const struct xcc_minsn *m = &mc->insns[i];

		if (m->mi.op == XCC_MI_LABEL) {
			if (entry[m->target]) {
				memset(&cur, 0, sizeof(cur));
				cur.reached = 1;
			}
			changed |= xcc_known_meet(&in[slot[m->target]], &cur);
			cur = in[slot[m->target]];
			continue;
		}
		if (!cur.reached)
			continue;
		if (gone && !gone[i] && xcc_known_redundant(mc, i, &cur) == 2)
			gone[i] = gone[i + 1] = 1;
		else if (gone && !gone[i])
			gone[i] = (u8)xcc_known_redundant(mc, i, &cur);
		xcc_known_step(&m->mi, &cur);
		if (xcc_known_branches(&m->mi) && m->target >= 0)
			changed |= xcc_known_meet(&in[slot[m->target]], &cur);
		if (!xcc_known_falls_through(&m->mi))
			cur.reached = 0;
	}
	return changed;
}

void xcc_peep_known(struct xcc_prog *prog)
{
	struct xcc_mcode *mc = &prog->mc;
	u32 *slot = xcc_calloc(prog, mc->n_labels + 1, sizeof(*slot));
	u8 *entry = xcc_calloc(prog, mc->n_labels + 1, 1), *gone = xcc_calloc(prog, mc->n + 1, 1);
	struct xcc_known_state *in = NULL;
	u32 i, n = 0;

	if (slot && entry && gone) {
		for (i = 0; i < mc->n; i++)	/* a state per label present */
			if (mc->insns[i].mi.op == XCC_MI_LABEL)
				slot[mc->insns[i].target] = n++;
		in = xcc_calloc(prog, n + 1, sizeof(*in));
	}
	if (in) {
		xcc_known_entries(prog, entry);
		while (xcc_known_walk(prog, entry, slot, in, NULL))
			;
		xcc_known_walk(prog, entry, slot, in, gone);
		for (i = n = 0; i < mc->n; i++)
			if (!gone[i])
				mc->insns[n++] = mc->insns[i];
		mc->n = n;
	}
	xcc_free(prog, in);
	xcc_free(prog, slot);
	xcc_free(prog, entry);
	xcc_free(prog, gone);
}
