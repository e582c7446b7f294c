// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pass "peep".  Input: regalloc's card instructions on physical registers,
 * labels still symbolic, memory commands still waiting (before sched).
 * Cleans up what instruction selection emits one eBPF instruction at a
 * time (docs/compiler.md, "Peephole"):
 *  - xdp_main saves and restores only the callee-saved GPRs (a6..a9,
 *    b6..b9, isa.md 9) and its link a15 that some code of the program
 *    writes;
 *  - dead code: an instruction without side effects whose every result
 *    (GPR, LM index register, condition codes) no path reads is deleted,
 *    until none is left.  This removes most high words that eBPF's 64-bit
 *    registers carry but 8/16/32-bit packet arithmetic never reads, and
 *    the entry's set-up of registers the program does not use.
 * Liveness is over the card code's own control flow, with calls and the
 * returns of subprograms and runtime routines reading every register, so
 * it needs nothing from the eBPF analyses.
 */
#include "xcc_priv.h"

/* Registers as bits: a0..a31 0..31, b0..b31 32..63, l0..l3 64..67, CC 68. */
struct xcc_regs {
	u64 gpr;
	u32 misc;
};

#define XCC_PEEP_LM(n)		(1u << (n))
#define XCC_CALLEE_SAVED_GPRS	(0xfull << 6 | 0xfull << 38)	/* a6..a9, b6..b9 */
#define XCC_PEEP_CC		(1u << 4)

static const struct xcc_regs xcc_peep_all = { ~0ull, 0x1f };

static int xcc_peep_is_gpr(struct me_operand o)
{
	return o.kind == ME_OPK_GPR_A || o.kind == ME_OPK_GPR_B;
}

static u64 xcc_peep_gpr_bit(struct me_operand o)
{
	if (!xcc_peep_is_gpr(o))
		return 0;
	return 1ull << (o.index + (o.kind == ME_OPK_GPR_B ? 32 : 0));
}

static int xcc_peep_is_lm_access(enum me_opcode op)
{
	return op >= ME_OP_LM_LD8 && op <= ME_OP_LM_ST32;
}

/*
 * What xdp_main's return hands back (isa.md 9, docs/compiler.md "The image
 * and its entries"): the action in a0, the callee-saved GPRs, the link,
 * the frame pointer l0 and the harness's l3.
 */
static struct xcc_regs xcc_peep_main_ret_uses(void)
{
	struct xcc_regs r = { 1ull << 0 | 1ull << 15 | XCC_CALLEE_SAVED_GPRS,
			      XCC_PEEP_LM(0) | XCC_PEEP_LM(3) };

	return r;
}

static void xcc_peep_uses_defs(const struct me_insn *mi, struct xcc_regs *use, struct xcc_regs *def)
{
	const struct me_opinfo *info = me_opinfo(mi->op);

	memset(use, 0, sizeof(*use));
	memset(def, 0, sizeof(*def));
	if (mi->op == ME_OP_CALL || (mi->op == ME_OP_RET &&
				     !(mi->srca.kind == ME_OPK_GPR_A && mi->srca.index == 15))) {
		*use = xcc_peep_all;
		def->gpr = xcc_peep_gpr_bit(mi->dst);
		return;
	}
	if (mi->op == ME_OP_RET) {
		*use = xcc_peep_main_ret_uses();
		return;
	}
	use->gpr = xcc_peep_gpr_bit(mi->srca) | xcc_peep_gpr_bit(mi->srcb);
	def->gpr = xcc_peep_gpr_bit(mi->dst);
	if (mi->op == ME_OP_IMMED_HI)
		use->gpr |= def->gpr;
	if (info && (info->flags & ME_F_SETCC))
		def->misc |= XCC_PEEP_CC;
	if (info && (info->flags & ME_F_USECC) && !(mi->op == ME_OP_BR && mi->cond == ME_COND_AL))
		use->misc |= XCC_PEEP_CC;
	if (xcc_peep_is_lm_access(mi->op) || mi->op == ME_OP_LM_GET)
		use->misc |= XCC_PEEP_LM(mi->lmi);
	if (mi->op == ME_OP_LM_SET)
		def->misc |= XCC_PEEP_LM(mi->lmi);
}

/* Instructions whose only effect is their results. */
static int xcc_peep_is_pure(const struct me_insn *mi)
{
	const struct me_opinfo *info = me_opinfo(mi->op);

	if (!info || (info->flags & (ME_F_BRANCH | ME_F_SWAP | ME_F_CMD)))
		return 0;
	if (mi->dst.kind == ME_OPK_XW)
		return 0;
	return mi->op != ME_OP_NOP && mi->op != ME_OP_CSR_WR &&
	       !(mi->op >= ME_OP_LM_ST8 && mi->op <= ME_OP_LM_ST32);
}

struct xcc_peep {
	u32 *label_at;			/* label -> index in the list */
	struct xcc_regs *live_in;	/* per list entry */
};

static void xcc_peep_or(struct xcc_regs *a, const struct xcc_regs *b)
{
	a->gpr |= b->gpr;
	a->misc |= b->misc;
}

/* Live after entry i: what its successors read. */
static struct xcc_regs xcc_peep_live_out(const struct xcc_mcode *mc, const struct xcc_peep *p, u32 i)
{
	const struct me_insn *mi = &mc->insns[i].mi;
	struct xcc_regs out = { 0, 0 };
	int falls = 1;

	if (mi->op == ME_OP_RET || mi->op == ME_OP_HALT ||
	    (mi->op == ME_OP_BR && mi->cond == ME_COND_AL))
		falls = 0;
	if (falls && i + 1 < mc->n)
		out = p->live_in[i + 1];
	if ((mi->op == ME_OP_BR || mi->op == ME_OP_BR_BSET || mi->op == ME_OP_BR_BCLR) &&
	    mc->insns[i].target >= 0)
		xcc_peep_or(&out, &p->live_in[p->label_at[mc->insns[i].target]]);
	return out;
}

static void xcc_peep_liveness(const struct xcc_mcode *mc, struct xcc_peep *p)
{
	int changed = 1;
	u32 i;

	memset(p->live_in, 0, mc->n * sizeof(*p->live_in));
	while (changed) {
		changed = 0;
		for (i = mc->n; i-- > 0;) {
			const struct xcc_minsn *m = &mc->insns[i];
			struct xcc_regs in = xcc_peep_live_out(mc, p, i), use, def;

			if (m->mi.op != XCC_MI_LABEL) {
				xcc_peep_uses_defs(&m->mi, &use, &def);
				in.gpr = (in.gpr & ~def.gpr) | use.gpr;
				in.misc = (in.misc & ~def.misc) | use.misc;
			}
			if (in.gpr != p->live_in[i].gpr || in.misc != p->live_in[i].misc) {
				p->live_in[i] = in;
				changed = 1;
			}
		}
	}
}

static int xcc_peep_is_dead(const struct xcc_mcode *mc, const struct xcc_peep *p, u32 i)
{
	const struct me_insn *mi = &mc->insns[i].mi;
	struct xcc_regs out, use, def;

	if (mi->op == XCC_MI_LABEL || !xcc_peep_is_pure(mi))
		return 0;
	out = xcc_peep_live_out(mc, p, i);
	xcc_peep_uses_defs(mi, &use, &def);
	return !(def.gpr & out.gpr) && !(def.misc & out.misc);
}

static void xcc_peep_index_labels(const struct xcc_mcode *mc, struct xcc_peep *p)
{
	u32 i;

	for (i = 0; i < mc->n; i++)
		if (mc->insns[i].mi.op == XCC_MI_LABEL)
			p->label_at[mc->insns[i].target] = i;
}

/* Deletes dead instructions until liveness finds no more. */
static void xcc_peep_dead_code(struct xcc_prog *prog, struct xcc_peep *p)
{
	struct xcc_mcode *mc = &prog->mc;
	u32 i, n;

	for (;;) {
		xcc_peep_index_labels(mc, p);
		xcc_peep_liveness(mc, p);
		for (i = n = 0; i < mc->n; i++) {
			if (xcc_peep_is_dead(mc, p, i))
				continue;
			mc->insns[n++] = mc->insns[i];
		}
		if (n == mc->n)
			return;
		mc->n = n;
	}
}

/*
 * GPRs the program's code writes (all but the harness, which is emitted
 * last and is xdp_main's caller), not counting the restores themselves.
 */
static u64 xcc_peep_written(const struct xcc_prog *prog)
{
	const struct xcc_mcode *mc = &prog->mc;
	u64 w = 0;
	u32 i;

	for (i = 0; i < mc->n; i++) {
		const struct xcc_minsn *m = &mc->insns[i];

		if (m->mi.op == XCC_MI_LABEL && m->target == (s32)prog->label_harness)
			break;
		if (m->mi.op != XCC_MI_LABEL && m->role != XCC_ROLE_RESTORE)
			w |= xcc_peep_gpr_bit(m->mi.dst);
	}
	return w;
}

/* Saves and restores of registers nothing overwrites go. */
static void xcc_peep_callee_saved(struct xcc_prog *prog)
{
	struct xcc_mcode *mc = &prog->mc;
	u64 written = xcc_peep_written(prog);
	u32 i, n;

	for (i = n = 0; i < mc->n; i++) {
		const struct xcc_minsn *m = &mc->insns[i];
		struct me_operand reg = m->role == XCC_ROLE_SAVE ? m->mi.srcb : m->mi.dst;

		if (m->role != XCC_ROLE_NONE && !(written & xcc_peep_gpr_bit(reg)))
			continue;
		mc->insns[n++] = *m;
	}
	mc->n = n;
}

int xcc_peep(struct xcc_prog *prog)
{
	struct xcc_peep p;

	xcc_peep_callee_saved(prog);
	p.label_at = xcc_calloc(prog, prog->mc.n_labels + 1, sizeof(*p.label_at));
	p.live_in = xcc_calloc(prog, prog->mc.n + 1, sizeof(*p.live_in));
	if (p.label_at && p.live_in)
		xcc_peep_dead_code(prog, &p);
	xcc_free(prog, p.label_at);
	xcc_free(prog, p.live_in);
	return prog->error ? -1 : 0;
}
