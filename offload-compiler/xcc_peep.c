// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pass "peep".  Input: regalloc's card instructions on physical registers,
 * labels still symbolic, memory commands still waiting (before sched).
 * Cleans up what instruction selection emits one eBPF instruction at a
 * time (docs/compiler.md, "Peephole"):
 *  - xdp_main saves and restores only the callee-saved GPRs (a6..a9,
 *    b6..b9, isa.md 9) and its link a15 that some code of the program
 *    writes, a subprogram only the words of R6-R9 and the link that its
 *    own code or a runtime routine writes;
 *  - dead code: an instruction without side effects whose every result
 *    (GPR, LM index register, condition codes) no path reads is deleted,
 *    until none is left.  This removes most high words that eBPF's 64-bit
 *    registers carry but 8/16/32-bit packet arithmetic never reads, and
 *    the entry's set-up of registers the program does not use;
 *  - combines inside a block: copies propagated to their readers (which
 *    gives ALU operations their three-operand form), a 16-bit constant into the immediate B operand of its users, an
 *    address sum into the command or lm_set that uses it, a single-bit
 *    test or sign test and its branch into br_bset/br_bclr, a multiply by
 *    a power of two into a shift;
 *  - a store's data computed straight into its write transfer register.
 * Liveness is over the card code's own control flow.  A BPF-to-BPF call
 * reads the argument registers and r10 that its callee reads and writes
 * R0-R5; a subprogram's return reads R0, R6-R9 (restored there) and r10;
 * both read every LM index register and the flags.  A runtime routine's
 * call reads what the routine reads, its return what is live after its
 * calls.  It needs nothing from the eBPF analyses.
 */
#include "xcc_priv.h"

/* Registers as bits: a0..a31 0..31, b0..b31 32..63, l0..l3 64..67, CC 68. */
struct xcc_regs {
	u64 gpr;
	u32 misc;
};

#define XCC_PEEP_LM(n)		(1u << (n))
#define XCC_PEEP_ROUNDS		4	/* combine, then dead code; more rounds find little */
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

static int xcc_peep_is_compare_branch(const struct me_insn *mi)
{
	return mi->op == ME_OP_BR_CMP || mi->op == ME_OP_BR_CMPI;
}

/* Branches within the code (every format with a target but call's). */
static int xcc_peep_is_branch(const struct me_insn *mi)
{
	const struct me_opinfo *info = me_opinfo(mi->op);

	return info && me_format_has_target(info->format) && mi->op != ME_OP_CALL;
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

/* The GPRs of eBPF registers first..last, both words, in either bank. */
static u64 xcc_peep_bpf_regs(u8 first, u8 last)
{
	u64 words = 0;
	u8 r;

	for (r = first; r <= last; r++)
		words |= 1ull << XCC_REG_LO(r) | 1ull << XCC_REG_HI(r);
	return words | words << 32;
}

static int xcc_peep_is_link(struct me_operand o, u8 index)
{
	return o.kind == ME_OPK_GPR_A && o.index == index;
}

static int xcc_peep_is_subprog_call(const struct me_insn *mi)
{
	return mi->op == ME_OP_CALL && xcc_peep_is_link(mi->dst, XCC_REG_LINK_CALL);
}

/*
 * A BPF-to-BPF call and a subprogram's return (docs/compiler.md, "Calls"):
 * the callee reads its arguments R1-R5 and r10 and writes R0-R5 and the
 * link; R6-R9 it keeps.  Its return hands back R0, r10 and the R6-R9 it
 * restored.  Both keep every LM index register live, not the flags: isel
 * sets them in the eBPF instruction that branches on them, and combines
 * join a branch to an earlier instruction's flags only with no call
 * between, so no code reads flags across a call or a return.
 */
static int xcc_peep_subprog_call(const struct me_insn *mi, struct xcc_regs *use,
				 struct xcc_regs *def)
{
	if (xcc_peep_is_subprog_call(mi)) {
		use->gpr = xcc_peep_bpf_regs(1, 5) | xcc_peep_bpf_regs(10, 10);
		def->gpr = xcc_peep_bpf_regs(0, 5) | xcc_peep_gpr_bit(mi->dst);
	} else if (mi->op == ME_OP_RET && xcc_peep_is_link(mi->srca, XCC_REG_LINK_CALL)) {
		use->gpr = xcc_peep_bpf_regs(0, 0) | xcc_peep_bpf_regs(6, 10) |
			   xcc_peep_gpr_bit(mi->srca);
	} else {
		return 0;
	}
	use->misc = xcc_peep_all.misc & ~XCC_PEEP_CC;
	return 1;
}

static void xcc_peep_uses_defs(const struct me_insn *mi, struct xcc_regs *use, struct xcc_regs *def)
{
	const struct me_opinfo *info = me_opinfo(mi->op);

	memset(use, 0, sizeof(*use));
	memset(def, 0, sizeof(*def));
	if (xcc_peep_subprog_call(mi, use, def))
		return;
	if (mi->op == ME_OP_CALL || (mi->op == ME_OP_RET && !xcc_peep_is_link(mi->srca, 15))) {
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

static void xcc_peep_or(struct xcc_regs *a, const struct xcc_regs *b)
{
	a->gpr |= b->gpr;
	a->misc |= b->misc;
}

struct xcc_peep {
	u32 *label_at;			/* label -> index in the list */
	struct xcc_regs *live_in;	/* per list entry */
	s32 *routine_of;		/* per list entry: its runtime routine's label, or -1 */
	u8 *is_routine;			/* per label: a runtime routine's entry */
	struct xcc_regs *ret_to;	/* per routine label: live where its calls return */
	u64 *sub_ret;			/* per subprogram: GPRs live where its calls return */
	u64 *sub_writes;		/* per subprogram: GPRs its own code writes */
};

/* The link of a runtime routine (a30) or of a shared helper routine (b30). */
static int xcc_peep_is_routine_link(struct me_operand o)
{
	return xcc_peep_is_link(o, XCC_REG_LINK_RT) ||
	       (o.kind == ME_OPK_GPR_B && o.index == XCC_REG_LINK_HELPER);
}

static int xcc_peep_is_routine_call(const struct me_insn *mi)
{
	return mi->op == ME_OP_CALL && xcc_peep_is_routine_link(mi->dst);
}

/* The subprogram a list entry belongs to, or -1 for runtime routines. */
static s32 xcc_peep_subprog_of(const struct xcc_prog *prog, const struct xcc_minsn *m)
{
	return m->bpf < prog->n_insns ? (s32)prog->meta[m->bpf].subprog : -1;
}

/*
 * Runtime routines (division, hash and trie lookups, printk's) are called
 * with link a30, shared helper routines with b30; all are laid out after
 * the program's code, each from its label to the next routine's, a
 * subprogram's or the harness's.
 */
static void xcc_peep_index_routines(const struct xcc_prog *prog, struct xcc_peep *p)
{
	const struct xcc_mcode *mc = &prog->mc;
	s32 cur = -1;
	u32 i;

	memset(p->is_routine, 0, prog->mc.n_labels + 1);
	for (i = 0; i < mc->n; i++)
		if (xcc_peep_is_routine_call(&mc->insns[i].mi))
			p->is_routine[mc->insns[i].target] = 1;
	for (i = 0; i < mc->n; i++) {
		const struct xcc_minsn *m = &mc->insns[i];

		if (m->mi.op == XCC_MI_LABEL && p->is_routine[m->target])
			cur = m->target;
		else if (m->mi.op == XCC_MI_LABEL && (m->target == (s32)prog->label_harness ||
						      m->target == (s32)prog->label_main ||
						      ((u32)m->target >= prog->n_insns &&
						       (u32)m->target < prog->n_insns + prog->n_subprogs)))
			cur = -1;
		p->routine_of[i] = cur;
	}
	memset(p->sub_writes, 0, (prog->n_subprogs + 1) * sizeof(*p->sub_writes));
	for (i = 0; i < mc->n; i++) {
		s32 sp = xcc_peep_subprog_of(prog, &mc->insns[i]);

		if (sp >= 0 && mc->insns[i].mi.op != XCC_MI_LABEL)
			p->sub_writes[sp] |= xcc_peep_gpr_bit(mc->insns[i].mi.dst);
	}
}

/*
 * What is live where the calls of each runtime routine return, and the
 * GPRs live where the calls of each subprogram return.
 */
static void xcc_peep_returns(const struct xcc_prog *prog, struct xcc_peep *p)
{
	const struct xcc_mcode *mc = &prog->mc;
	u32 i;

	memset(p->ret_to, 0, (mc->n_labels + 1) * sizeof(*p->ret_to));
	memset(p->sub_ret, 0, (prog->n_subprogs + 1) * sizeof(*p->sub_ret));
	for (i = 0; i + 1 < mc->n; i++) {
		const struct xcc_minsn *m = &mc->insns[i];

		if (xcc_peep_is_routine_call(&m->mi))
			xcc_peep_or(&p->ret_to[m->target], &p->live_in[i + 1]);
		else if (xcc_peep_is_subprog_call(&m->mi))
			p->sub_ret[(u32)m->target - prog->n_insns] |= p->live_in[i + 1].gpr;
	}
}

/*
 * Calls and returns of runtime routines: a call reads what the routine
 * reads at its entry, a return what is live after the routine's calls.
 * A subprogram's return hands back, of R0, R6-R9 and r10, only what is
 * live after its calls: the words of R6-R9 that no caller reads after the
 * call need no restore (nor save), the high word of an R0 read as 32 bits
 * no setting.  A caller's caller that needs a word is covered: the word is
 * live through the caller's body, so after the call too, unless the
 * caller restores it itself.  r10's GPRs only a subprogram that writes
 * them (moving its frame for its own calls) hands back: one that never
 * writes them leaves them as they were.
 */
static void xcc_peep_return_uses(const struct xcc_prog *prog, const struct xcc_peep *p, u32 i,
				 struct xcc_regs *use)
{
	const struct xcc_mcode *mc = &prog->mc;
	const struct xcc_minsn *m = &mc->insns[i];
	s32 sp;

	if (xcc_peep_is_routine_call(&m->mi)) {
		*use = p->live_in[p->label_at[m->target]];
	} else if (m->mi.op == ME_OP_RET && xcc_peep_is_routine_link(m->mi.srca) &&
		   p->routine_of[i] >= 0) {
		*use = p->ret_to[p->routine_of[i]];
		use->gpr |= xcc_peep_gpr_bit(m->mi.srca);
	} else if (m->mi.op == ME_OP_RET && xcc_peep_is_link(m->mi.srca, XCC_REG_LINK_CALL) &&
		   (sp = xcc_peep_subprog_of(prog, m)) >= 0) {
		u64 kept = xcc_peep_bpf_regs(0, 0) | xcc_peep_bpf_regs(6, 9) |
			   (xcc_peep_bpf_regs(10, 10) & p->sub_writes[sp]);

		use->gpr = (p->sub_ret[sp] & kept) | xcc_peep_gpr_bit(m->mi.srca);
	}
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
	if (xcc_peep_is_branch(mi) && mc->insns[i].target >= 0)
		xcc_peep_or(&out, &p->live_in[p->label_at[mc->insns[i].target]]);
	return out;
}

static void xcc_peep_liveness(const struct xcc_prog *prog, struct xcc_peep *p)
{
	const struct xcc_mcode *mc = &prog->mc;
	int changed = 1;
	u32 i;

	memset(p->live_in, 0, mc->n * sizeof(*p->live_in));
	while (changed) {
		changed = 0;
		xcc_peep_returns(prog, p);
		for (i = mc->n; i-- > 0;) {
			const struct xcc_minsn *m = &mc->insns[i];
			struct xcc_regs in = xcc_peep_live_out(mc, p, i), use, def;

			if (m->mi.op != XCC_MI_LABEL) {
				xcc_peep_uses_defs(&m->mi, &use, &def);
				if (xcc_peep_is_subprog_call(&m->mi))	/* what the callee reads */
					use.gpr &= p->live_in[p->label_at[m->target]].gpr;
				xcc_peep_return_uses(prog, p, i, &use);
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

/* Liveness over the list as it is now. */
static void xcc_peep_analyse(struct xcc_prog *prog, struct xcc_peep *p)
{
	xcc_peep_index_labels(&prog->mc, p);
	xcc_peep_index_routines(prog, p);
	xcc_peep_liveness(prog, p);
}

/* Deletes dead instructions until liveness finds no more. */
static void xcc_peep_dead_code(struct xcc_prog *prog, struct xcc_peep *p)
{
	struct xcc_mcode *mc = &prog->mc;
	u32 i, n;

	for (;;) {
		xcc_peep_analyse(prog, p);
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

/* ---- combines ---- */

static int xcc_peep_same(struct me_operand a, struct me_operand b)
{
	return a.kind == b.kind && a.index == b.index;
}

static int xcc_peep_is_imm(struct me_operand o)
{
	return o.kind == ME_OPK_IMM_Z || o.kind == ME_OPK_IMM_S;
}

/* The bank rule (isa.md 3.1) for two sources. */
static int xcc_peep_banks_ok(struct me_operand a, struct me_operand b)
{
	int ra = xcc_peep_is_gpr(a) || a.kind == ME_OPK_XR;
	int rb = xcc_peep_is_gpr(b) || b.kind == ME_OPK_XR;

	return !(ra && rb && a.kind == b.kind);
}

static enum me_format xcc_peep_format(enum me_opcode op)
{
	const struct me_opinfo *info = me_opinfo(op);

	return info ? info->format : ME_FMT_NONE;
}

static int xcc_peep_commutes(enum me_opcode op)
{
	return op == ME_OP_ADD || op == ME_OP_AND || op == ME_OP_OR || op == ME_OP_XOR ||
	       op == ME_OP_MUL || op == ME_OP_MULHU;
}

/* Two list entries in a row with no label between them. */
static int xcc_peep_pair(const struct xcc_mcode *mc, u32 i)
{
	return i + 1 < mc->n && mc->insns[i].mi.op != XCC_MI_LABEL &&
	       mc->insns[i + 1].mi.op != XCC_MI_LABEL;
}

/* One reader of D after "mov D, S": D becomes S where the bank rule allows. */
static int xcc_peep_forward_copy(struct me_insn *u, struct me_operand d, struct me_operand src)
{
	int done = 0;

	if (xcc_peep_same(u->srca, d) && xcc_peep_banks_ok(src, u->srcb)) {
		u->srca = src;
		done = 1;
	}
	if (xcc_peep_same(u->srcb, d) && xcc_peep_banks_ok(u->srca, src)) {
		u->srcb = src;
		done = 1;
	}
	return done;
}

/*
 * Copy propagation after "mov D, S" (GPRs): D's readers up to the next
 * write of D or S, or the block's end, read S instead (the three-operand
 * form of "mov D, S; op D, D, X" among them); the move then dies if
 * nothing reads D any more.  1 when a reader changed.
 */
static int xcc_peep_copy(struct xcc_mcode *mc, u32 i)
{
	const struct me_insn *mv = &mc->insns[i].mi;
	u64 d = xcc_peep_gpr_bit(mv->dst), s = xcc_peep_gpr_bit(mv->srcb);
	int changed = 0;
	u32 j;

	if (mv->op != ME_OP_MOV || !d || !s || d == s)
		return 0;
	for (j = i + 1; j < mc->n; j++) {
		struct me_insn *u = &mc->insns[j].mi;
		const struct me_opinfo *info = me_opinfo(u->op);
		struct xcc_regs use, def;

		if (u->op == XCC_MI_LABEL || !info || (info->flags & ME_F_BRANCH &&
							 !xcc_peep_is_compare_branch(u)))
			break;
		xcc_peep_uses_defs(u, &use, &def);
		if (u->op != ME_OP_IMMED_HI && (use.gpr & d))
			changed |= xcc_peep_forward_copy(u, mv->dst, mv->srcb);
		if ((def.gpr & (d | s)) || (info->flags & ME_F_BRANCH))
			break;
	}
	return changed;
}

/*
 * After sched: "mov D, $xrN" -> D's readers read $xrN up to the next
 * command or context swap (a completing command may write $xr) or write
 * of D, in the block; sched has given every load its final registers.
 */
static int xcc_peep_copy_xfer(struct xcc_mcode *mc, u32 i)
{
	const struct me_insn *mv = &mc->insns[i].mi;
	u64 d = xcc_peep_gpr_bit(mv->dst);
	int changed = 0;
	u32 j;

	if (mv->op != ME_OP_MOV || !d || mv->srcb.kind != ME_OPK_XR)
		return 0;
	for (j = i + 1; j < mc->n; j++) {
		struct me_insn *u = &mc->insns[j].mi;
		const struct me_opinfo *info = me_opinfo(u->op);
		struct xcc_regs use, def;

		if (u->op == XCC_MI_LABEL || !info || (info->flags & (ME_F_CMD | ME_F_SWAP)) ||
		    (info->flags & ME_F_BRANCH && !xcc_peep_is_compare_branch(u)))
			break;
		xcc_peep_uses_defs(u, &use, &def);
		if (u->op != ME_OP_IMMED_HI && (use.gpr & d))
			changed |= xcc_peep_forward_copy(u, mv->dst, mv->srcb);
		if ((def.gpr & d) || (info->flags & ME_F_BRANCH))
			break;
	}
	return changed;
}

/* Formats whose B slot may hold an immediate (isa.md 4.1). */
static int xcc_peep_takes_imm_b(enum me_opcode op)
{
	switch (xcc_peep_format(op)) {
	case ME_FMT_ALU:
	case ME_FMT_CMP:
	case ME_FMT_UNARY:
	case ME_FMT_LMST:
	case ME_FMT_LMSET:
	case ME_FMT_MEM:
		return 1;
	default:
		return 0;
	}
}

/* One user of "mov D, #k": its B operand D becomes #k, or its A when op commutes. */
static void xcc_peep_use_constant(struct me_insn *u, const struct me_insn *k)
{
	if (!xcc_peep_takes_imm_b(u->op) || xcc_peep_is_imm(u->srcb))
		return;
	if (xcc_peep_same(u->srcb, k->dst)) {
		u->srcb = k->srcb;
		u->imm = k->imm;
	} else if (xcc_peep_commutes(u->op) && xcc_peep_same(u->srca, k->dst)) {
		u->srca = u->srcb;
		u->srcb = k->srcb;
		u->imm = k->imm;
	}
}

/* A 16-bit constant moved into D goes into D's users up to D's next write or the block's end. */
static void xcc_peep_constant(struct xcc_mcode *mc, u32 i)
{
	const struct me_insn *k = &mc->insns[i].mi;
	u32 j;

	if (k->op != ME_OP_MOV || !xcc_peep_is_gpr(k->dst) || !xcc_peep_is_imm(k->srcb))
		return;
	for (j = i + 1; j < mc->n; j++) {
		struct me_insn *u = &mc->insns[j].mi;
		const struct me_opinfo *info = me_opinfo(u->op);

		if (u->op == XCC_MI_LABEL || !info || (info->flags & ME_F_BRANCH))
			return;
		xcc_peep_use_constant(u, k);
		if (xcc_peep_same(u->dst, k->dst) || u->op == ME_OP_IMMED_HI)
			return;
	}
}

/* "add D, S, X; cmd/lm_set D, #0" -> "cmd/lm_set S, X" when D dies there. */
static int xcc_peep_address(struct xcc_minsn *add, struct xcc_minsn *use, const struct xcc_regs *out)
{
	struct me_insn *u = &use->mi;
	enum me_format f = xcc_peep_format(u->op);

	if (add->mi.op != ME_OP_ADD || !xcc_peep_is_gpr(add->mi.dst) ||
	    !xcc_peep_is_gpr(add->mi.srca) || add->mi.srcb.kind == ME_OPK_XR ||
	    (f != ME_FMT_MEM && u->op != ME_OP_LM_SET) ||
	    !xcc_peep_same(u->srca, add->mi.dst) || !xcc_peep_is_imm(u->srcb) || u->imm ||
	    (xcc_peep_gpr_bit(add->mi.dst) & out->gpr) || (out->misc & XCC_PEEP_CC))
		return 0;
	u->srca = add->mi.srca;
	u->srcb = add->mi.srcb;
	u->imm = add->mi.imm;
	return 1;
}

static int xcc_peep_log2(u32 v)
{
	int k = 0;

	if (!v || (v & (v - 1)))
		return -1;
	while (v >>= 1)
		k++;
	return k;
}

/*
 * "tst A, #2^k; br.ne/eq T" -> "br_bset/br_bclr A, #k, T", and "cmp A, #0;
 * br.lt/mi (ge/pl) T" -> "br_bset (br_bclr) A, #31, T", when no path reads
 * the flags after the branch.
 */
static int xcc_peep_bit_branch(struct xcc_minsn *t, struct xcc_minsn *br, const struct xcc_regs *out)
{
	const struct me_insn *c = &t->mi;
	int bit = -1, set = -1;

	if (br->mi.op != ME_OP_BR || (out->misc & XCC_PEEP_CC) || !xcc_peep_is_imm(c->srcb) ||
	    !xcc_peep_is_gpr(c->srca))
		return 0;
	if (c->op == ME_OP_TST && c->srcb.kind == ME_OPK_IMM_Z) {
		bit = xcc_peep_log2(c->imm);
		set = br->mi.cond == ME_COND_NE ? 1 : br->mi.cond == ME_COND_EQ ? 0 : -1;
	} else if (c->op == ME_OP_CMP && !c->imm && c->srcb.kind == ME_OPK_IMM_Z) {
		bit = 31;
		if (br->mi.cond == ME_COND_LT || br->mi.cond == ME_COND_MI)
			set = 1;
		else if (br->mi.cond == ME_COND_GE || br->mi.cond == ME_COND_PL)
			set = 0;
	}
	if (bit < 0 || set < 0)
		return 0;
	br->mi.op = set ? ME_OP_BR_BSET : ME_OP_BR_BCLR;
	br->mi.srca = c->srca;
	br->mi.bit = (u8)bit;
	br->mi.cond = 0;
	return 1;
}

/* Nothing between a value's computation and its move to $xw may intervene. */
static int xcc_peep_plain(const struct me_insn *mi)
{
	const struct me_opinfo *info = me_opinfo(mi->op);

	return mi->op != XCC_MI_LABEL && info &&
	       !(info->flags & (ME_F_BRANCH | ME_F_SWAP | ME_F_CMD));
}

/*
 * A 32-bit constant built in D ("mov D, #lo; immed_hi D, #hi", the
 * immed_hi at j) is built in E instead: both instructions write E.
 */
static int xcc_peep_constant_into(struct xcc_mcode *mc, const u8 *gone, u32 j,
				  struct me_operand e)
{
	struct me_insn *hi = &mc->insns[j].mi, *lo;
	u32 k = j;

	while (k-- > 0 && gone[k])
		;
	if (k >= j || e.kind == ME_OPK_XW)
		return 0;
	lo = &mc->insns[k].mi;
	if (lo->op != ME_OP_MOV || !xcc_peep_same(lo->dst, hi->dst) || !xcc_peep_is_imm(lo->srcb))
		return 0;
	lo->dst = e;
	hi->dst = e;
	return 1;
}

/*
 * "op D, A, B; ...; mov E, D" -> "op E, A, B" when D dies at the move,
 * nothing in between reads D or E or is a command, branch or label, and E
 * is not written in between: a store's data straight from its computation
 * into $xwN ($xw may be any instruction's destination, isa.md 2), or a
 * value computed straight into the GPR it is moved to (a helper's
 * argument, a routine's input); destinations have no bank rule.
 */
static int xcc_peep_into_dst(struct xcc_mcode *mc, const u8 *gone, u32 i,
			     const struct xcc_regs *out)
{
	const struct me_insn *mv = &mc->insns[i].mi;
	u64 d = xcc_peep_gpr_bit(mv->srcb), e = xcc_peep_gpr_bit(mv->dst);
	u32 j;

	if (mv->op != ME_OP_MOV || (mv->dst.kind != ME_OPK_XW && !e) || !d || d == e ||
	    (out->gpr & d))
		return 0;
	for (j = i; j-- > 0;) {
		struct me_insn *u = &mc->insns[j].mi;
		struct xcc_regs use, def;

		if (gone[j])	/* a move this sweep folded into its value's computation */
			continue;
		if (!xcc_peep_plain(u))
			return 0;
		xcc_peep_uses_defs(u, &use, &def);
		if (def.gpr & d) {
			if (u->op == ME_OP_IMMED_HI)
				return xcc_peep_constant_into(mc, gone, j, mv->dst);
			if (!xcc_peep_is_pure(u))
				return 0;
			u->dst = mv->dst;
			return 1;
		}
		if ((use.gpr & (d | e)) || xcc_peep_same(u->dst, mv->dst))
			return 0;
	}
	return 0;
}

/*
 * The condition a branch tests reads Z and N only (isa.md 3.2): those
 * every CC instruction sets from its result as "cmp result, #0" would.
 */
static int xcc_peep_cond_zn(u8 cond)
{
	return cond == ME_COND_EQ || cond == ME_COND_NE || cond == ME_COND_MI ||
	       cond == ME_COND_PL;
}

/*
 * "op D, A, B; ...; cmp D, #0; br.cond T" -> "op D, A, B; ...; br.cond T"
 * when nothing between writes D or the flags: and/or/xor/andn set Z and N
 * from D and clear C and V, exactly the flags of "cmp D, #0", so any
 * condition holds; add/sub set C and V otherwise, so only a branch on Z
 * or N (eq/ne/mi/pl) with the flags dead after it.
 */
static int xcc_peep_cmp_zero(struct xcc_mcode *mc, u32 i, const struct xcc_regs *after_br)
{
	const struct me_insn *c = &mc->insns[i].mi, *br = &mc->insns[i + 1].mi;
	u64 d = xcc_peep_gpr_bit(c->srca);
	u32 j;

	if (c->op != ME_OP_CMP || !d || c->srcb.kind != ME_OPK_IMM_Z || c->imm ||
	    br->op != ME_OP_BR || br->cond == ME_COND_AL)
		return 0;
	for (j = i; j-- > 0;) {
		const struct me_insn *u = &mc->insns[j].mi;
		struct xcc_regs use, def;

		if (u->op == XCC_MI_LABEL || u->op == ME_OP_CALL || u->op == ME_OP_RET)
			return 0;
		xcc_peep_uses_defs(u, &use, &def);
		if (def.gpr & d) {
			if (u->op == ME_OP_AND || u->op == ME_OP_OR || u->op == ME_OP_XOR ||
			    u->op == ME_OP_ANDN)
				return 1;
			return (u->op == ME_OP_ADD || u->op == ME_OP_SUB) &&
			       xcc_peep_cond_zn(br->cond) && !(after_br->misc & XCC_PEEP_CC);
		}
		if (def.misc & XCC_PEEP_CC)
			return 0;
	}
	return 0;
}

static void xcc_peep_strength(struct me_insn *mi)
{
	int k;

	if (mi->op != ME_OP_MUL || mi->srcb.kind != ME_OPK_IMM_Z || (k = xcc_peep_log2(mi->imm)) < 0)
		return;
	mi->op = ME_OP_SHL;
	mi->imm = (u16)k;
}

/* "OP D, S, #k" that gives S (add, or, xor... 0; and -1): 1. */
static int xcc_peep_is_identity(const struct me_insn *mi)
{
	u32 k = mi->srcb.kind == ME_OPK_IMM_S ? (u32)(s32)(s16)mi->imm : mi->imm;

	if (xcc_peep_format(mi->op) != ME_FMT_ALU || !xcc_peep_is_imm(mi->srcb))
		return 0;
	switch (mi->op) {
	case ME_OP_ADD: case ME_OP_SUB: case ME_OP_OR: case ME_OP_XOR: case ME_OP_ANDN:
	case ME_OP_SHL: case ME_OP_SHR: case ME_OP_ASR: case ME_OP_ROL: case ME_OP_ROR:
		return k == 0;
	case ME_OP_AND:
		return k == 0xffffffffu;
	default:
		return 0;
	}
}

/*
 * An identity whose flags nothing reads is a move (which copy propagation
 * may fold), or nothing when it writes its source: a 64-bit OR or ADD
 * whose high word operand is a zero constant.  1 when it goes.
 */
static int xcc_peep_identity(struct me_insn *mi, const struct xcc_regs *out)
{
	if (!xcc_peep_is_identity(mi) || (out->misc & XCC_PEEP_CC))
		return 0;
	if (xcc_peep_same(mi->dst, mi->srca))
		return 1;
	mi->op = ME_OP_MOV;
	mi->srcb = mi->srca;
	memset(&mi->srca, 0, sizeof(mi->srca));
	mi->imm = 0;
	return 0;
}

/* Drops the instructions gone[] marks (mc->n + 1 entries) and frees it. */
static void xcc_peep_drop_gone(struct xcc_prog *prog, u8 *gone)
{
	struct xcc_mcode *mc = &prog->mc;
	u32 i, n;

	for (i = n = 0; i < mc->n; i++)
		if (!gone[i])
			mc->insns[n++] = mc->insns[i];
	mc->n = n;
	xcc_free(prog, gone);
}

/*
 * A sweep of one rewrite over the list, on liveness computed fresh before
 * it: the visitor rewrites at s->i, marks in s->gone what became
 * redundant, sets s->changed for a rewrite that removed nothing, and
 * returns how many instructions it took (the next one it looks at).  The
 * marked ones go at the end.  1 when anything changed.
 */
struct xcc_peep_sweep {
	struct xcc_mcode *mc;
	struct xcc_peep *p;
	u8 *gone;
	u32 i;
	int changed;
};

typedef u32 (*xcc_peep_visit)(struct xcc_peep_sweep *s);

static int xcc_peep_sweep(struct xcc_prog *prog, struct xcc_peep *p, xcc_peep_visit visit)
{
	struct xcc_peep_sweep s = { .mc = &prog->mc, .p = p };
	u32 i;

	s.gone = xcc_calloc(prog, s.mc->n + 1, 1);
	if (!s.gone)
		return 0;
	xcc_peep_analyse(prog, p);
	for (s.i = 0; s.i < s.mc->n; s.i += visit(&s))
		;
	for (i = 0; i < s.mc->n; i++)
		s.changed |= s.gone[i];
	xcc_peep_drop_gone(prog, s.gone);
	return s.changed;
}

/* The combines at one instruction. */
static u32 xcc_peep_combine_at(struct xcc_peep_sweep *s)
{
	struct xcc_mcode *mc = s->mc;
	u32 i = s->i;
	struct xcc_minsn *m = &mc->insns[i];
	struct xcc_regs after;

	if (m->mi.op == XCC_MI_LABEL || s->gone[i])
		return 1;
	after = xcc_peep_live_out(mc, s->p, i);
	if (xcc_peep_identity(&m->mi, &after)) {
		s->gone[i] = 1;
		return 1;
	}
	xcc_peep_strength(&m->mi);
	xcc_peep_constant(mc, i);
	s->changed |= xcc_peep_copy(mc, i);

	if (!xcc_peep_pair(mc, i))
		return 1;
	after = xcc_peep_live_out(mc, s->p, i + 1);
	s->gone[i] = xcc_peep_address(m, &mc->insns[i + 1], &after) ||
		     xcc_peep_bit_branch(m, &mc->insns[i + 1], &after) ||
		     xcc_peep_cmp_zero(mc, i, &after);
	return 1;
}

/*
 * Stores' data computed straight into $xw, over fresh liveness: each
 * change only shortens the life of the register it bypasses.
 */
static u32 xcc_peep_store_data_at(struct xcc_peep_sweep *s)
{
	struct xcc_regs out = xcc_peep_live_out(s->mc, s->p, s->i);

	s->gone[s->i] = s->mc->insns[s->i].mi.op != XCC_MI_LABEL &&
			xcc_peep_into_dst(s->mc, s->gone, s->i, &out);
	return 1;
}

/*
 * Labels nothing branches to (most eBPF instruction labels) would only split
 * the blocks that combines and sched's load batches work in.
 */
static int xcc_peep_drop_labels(struct xcc_prog *prog)
{
	struct xcc_mcode *mc = &prog->mc;
	u8 *used = xcc_calloc(prog, mc->n_labels + 1, 1);
	u32 i, n = 0;

	if (!used)
		return -1;
	used[prog->label_main] = used[prog->label_harness] = 1;
	for (i = 0; i < mc->n; i++)
		if (mc->insns[i].mi.op != XCC_MI_LABEL && mc->insns[i].target >= 0)
			used[mc->insns[i].target] = 1;
	for (i = 0; i < mc->n; i++)
		if (mc->insns[i].mi.op != XCC_MI_LABEL || used[mc->insns[i].target])
			mc->insns[n++] = mc->insns[i];
	mc->n = n;
	xcc_free(prog, used);
	return 0;
}

/*
 * Code after an unconditional branch, a return or a halt, up to the next
 * label, which nothing reaches: a helper's error exit for flags decided
 * when compiling, the path a known flag never takes.  Every entry (xdp_main,
 * the harness, subprograms, routines) is a label.  1 when some went.
 */
static int xcc_peep_drop_unreachable(struct xcc_prog *prog)
{
	struct xcc_mcode *mc = &prog->mc;
	u32 i, n = 0;
	int dead = 0;

	for (i = 0; i < mc->n; i++) {
		const struct me_insn *mi = &mc->insns[i].mi;

		if (mi->op == XCC_MI_LABEL)
			dead = 0;
		if (!dead)
			mc->insns[n++] = mc->insns[i];
		if (mi->op == ME_OP_RET || mi->op == ME_OP_HALT ||
		    (mi->op == ME_OP_BR && mi->cond == ME_COND_AL))
			dead = 1;
	}
	dead = n < mc->n;
	mc->n = n;
	return dead;
}

/*
 * GPRs written by the program's code (all but the harness, which is
 * emitted last and is xdp_main's caller), not counting the restores
 * themselves: per subprogram by its own code (its callees keep R6-R9
 * themselves), by the runtime routines, and by all of it.
 */
struct xcc_peep_writes {
	u64 *subprog;			/* n_subprogs */
	u64 routines, all;
};

static void xcc_peep_written(const struct xcc_prog *prog, struct xcc_peep_writes *w)
{
	const struct xcc_mcode *mc = &prog->mc;
	u32 i;

	for (i = 0; i < mc->n; i++) {
		const struct xcc_minsn *m = &mc->insns[i];
		u64 bit;
		s32 sp;

		if (m->mi.op == XCC_MI_LABEL && m->target == (s32)prog->label_harness)
			break;
		if (m->mi.op == XCC_MI_LABEL || m->role == XCC_ROLE_RESTORE)
			continue;
		bit = xcc_peep_gpr_bit(m->mi.dst);
		sp = xcc_peep_subprog_of(prog, m);
		if (sp < 0)
			w->routines |= bit;
		else
			w->subprog[sp] |= bit;
		w->all |= bit;
	}
}

/*
 * Saves and restores of registers nothing overwrites go: for xdp_main and
 * the tail call programs, which return to the firmware, registers the
 * whole program writes (the firmware's, isa.md 9); for a subprogram, those
 * it or a runtime routine writes.  With sub_ret (the GPRs live where each
 * subprogram's calls return, after liveness) a subprogram also keeps only
 * the words of R6-R9 some caller reads after the call.
 */
static void xcc_peep_callee_saved(struct xcc_prog *prog, const u64 *sub_ret)
{
	struct xcc_mcode *mc = &prog->mc;
	struct xcc_peep_writes w = { xcc_calloc(prog, prog->n_subprogs + 1, sizeof(u64)), 0, 0 };
	u64 link = 1ull << XCC_REG_LINK_CALL;
	u32 i, n;

	if (!w.subprog)
		return;
	xcc_peep_written(prog, &w);
	for (i = n = 0; i < mc->n; i++) {
		const struct xcc_minsn *m = &mc->insns[i];
		struct me_operand reg = m->role == XCC_ROLE_SAVE ? m->mi.srcb : m->mi.dst;
		s32 sp = xcc_peep_subprog_of(prog, m);
		int own = sp > 0 && !prog->subprogs[sp].is_prog;
		u64 kept = own ? w.subprog[sp] | w.routines : w.all;

		if (own && sub_ret)
			kept &= sub_ret[sp] | link;
		if (m->role != XCC_ROLE_NONE && !(kept & xcc_peep_gpr_bit(reg)))
			continue;
		mc->insns[n++] = *m;
	}
	mc->n = n;
	xcc_free(prog, w.subprog);
}

/* "OP R, R, #k" on one GPR R (as isel moves r10 around a call). */
static int xcc_peep_is_step(const struct me_insn *mi, enum me_opcode op, struct me_operand r)
{
	return mi->op == op && xcc_peep_same(mi->dst, r) && xcc_peep_same(mi->srca, r) &&
	       mi->srcb.kind == ME_OPK_IMM_Z;
}

/* "lm_set l0, R, #k" */
static int xcc_peep_is_frame_set(const struct me_insn *mi, struct me_operand r, u16 k)
{
	return mi->op == ME_OP_LM_SET && mi->lmi == 0 && xcc_peep_same(mi->srca, r) &&
	       mi->srcb.kind == ME_OPK_IMM_Z && mi->imm == k;
}

/*
 * A BPF-to-BPF call moves r10 and l0 down by the caller's frame and back
 * ("sub R, R, #F; lm_set l0, R, #0; call; add R, R, #F; lm_set l0, R,
 * #0", or "lm_set l0, R, #F" when R dies).  A callee that never reads
 * r10's GPR (its frame is addressed through l0 alone) needs only l0:
 * "lm_set l0, R, #-F; call; lm_set l0, R, #0", and R keeps its value,
 * since a callee that does not read r10 does not write it either (r10
 * changes only by such read-modify-write pairs).  A callee that calls
 * reads r10 for that call's own moves.  Frames are below 32 KiB (local
 * memory is 16 KiB), so -F fits the sign-extended I field.
 */
static void xcc_peep_call_frame(struct xcc_mcode *mc, const struct xcc_peep *p, u32 i, u8 *gone)
{
	struct xcc_minsn *sub = &mc->insns[i];
	struct me_operand r = sub->mi.dst;
	u16 f = sub->mi.imm;

	if (i + 3 >= mc->n || !xcc_peep_is_step(&sub->mi, ME_OP_SUB, r) || !f || f > 0x7fff ||
	    !xcc_peep_is_frame_set(&mc->insns[i + 1].mi, r, 0) ||
	    !xcc_peep_is_subprog_call(&mc->insns[i + 2].mi) ||
	    (p->live_in[p->label_at[mc->insns[i + 2].target]].gpr & xcc_peep_gpr_bit(r)))
		return;
	if (xcc_peep_is_step(&mc->insns[i + 3].mi, ME_OP_ADD, r) && mc->insns[i + 3].mi.imm == f &&
	    i + 4 < mc->n && xcc_peep_is_frame_set(&mc->insns[i + 4].mi, r, 0))
		gone[i + 3] = 1;
	else if (xcc_peep_is_frame_set(&mc->insns[i + 3].mi, r, f))
		mc->insns[i + 3].mi.imm = 0;
	else
		return;
	gone[i] = 1;
	mc->insns[i + 1].mi.srcb.kind = ME_OPK_IMM_S;
	mc->insns[i + 1].mi.imm = (u16)-f;
}

/* A call whose callee does not read r10's GPR: see xcc_peep_call_frame(). */
static u32 xcc_peep_call_frame_at(struct xcc_peep_sweep *s)
{
	if (!s->gone[s->i] && s->mc->insns[s->i].mi.op != XCC_MI_LABEL)
		xcc_peep_call_frame(s->mc, s->p, s->i, s->gone);
	return 1;
}

/* The working arrays for the list as it is now (it only shrinks); 0 or -1. */
static int xcc_peep_open(struct xcc_prog *prog, struct xcc_peep *p)
{
	u32 labels = prog->mc.n_labels + 1, n = prog->mc.n + 1;

	p->label_at = xcc_calloc(prog, labels, sizeof(*p->label_at));
	p->live_in = xcc_calloc(prog, n, sizeof(*p->live_in));
	p->routine_of = xcc_calloc(prog, n, sizeof(*p->routine_of));
	p->is_routine = xcc_calloc(prog, labels, sizeof(*p->is_routine));
	p->ret_to = xcc_calloc(prog, labels, sizeof(*p->ret_to));
	p->sub_ret = xcc_calloc(prog, prog->n_subprogs + 1, sizeof(*p->sub_ret));
	p->sub_writes = xcc_calloc(prog, prog->n_subprogs + 1, sizeof(*p->sub_writes));
	return p->label_at && p->live_in && p->routine_of && p->is_routine && p->ret_to &&
	       p->sub_ret && p->sub_writes ? 0 : -1;
}

static void xcc_peep_close(struct xcc_prog *prog, struct xcc_peep *p)
{
	xcc_free(prog, p->label_at);
	xcc_free(prog, p->live_in);
	xcc_free(prog, p->routine_of);
	xcc_free(prog, p->is_routine);
	xcc_free(prog, p->ret_to);
	xcc_free(prog, p->sub_ret);
	xcc_free(prog, p->sub_writes);
}

/*
 * Pass "peep2", after sched: loads' transfer registers straight into their
 * readers, then dead code again (the moves out of $xr mostly die).
 */
/*
 * "cmp A, B; br.cond T" -> "br_cmp.cond A, B, T" (br_cmpi for an
 * immediate B of 12 bits, isa.md 5) when no path reads the flags after the
 * branch: the fused branch writes none.  1 when the compare goes.
 */
/* A compare's B operand fits br_cmp or br_cmpi (a 12-bit immediate, isa.md 4.2). */
static int xcc_peep_fusable(const struct me_insn *c)
{
	s32 k;

	if (!xcc_peep_is_imm(c->srcb))
		return 1;
	k = (s32)me_operand_imm_value(c->srcb, c->imm);
	return k >= -2048 && k <= 2047;
}

/* br (becoming br_cmp/br_cmpi.cond) takes the operands of the compare c (br itself may be c). */
static void xcc_peep_fused(struct me_insn *br, const struct me_insn *c, u8 cond)
{
	const struct me_insn cmp = *c;
	int imm = xcc_peep_is_imm(cmp.srcb);

	br->op = imm ? ME_OP_BR_CMPI : ME_OP_BR_CMP;
	br->cond = cond;
	br->srca = cmp.srca;
	br->srcb = imm ? (struct me_operand){ 0, 0 } : cmp.srcb;
	br->imm = 0;
	br->cmpimm = imm ? (s16)me_operand_imm_value(cmp.srcb, cmp.imm) : 0;
}

static int xcc_peep_fuse_compare(struct xcc_minsn *c, struct xcc_minsn *br,
				 const struct xcc_regs *after)
{
	if (c->mi.op != ME_OP_CMP || br->mi.op != ME_OP_BR || br->mi.cond == ME_COND_AL ||
	    (after->misc & XCC_PEEP_CC) || !xcc_peep_fusable(&c->mi))
		return 0;
	xcc_peep_fused(&br->mi, &c->mi, br->mi.cond);
	return 1;
}

/*
 * A 64-bit inequality "cmp lo; cmpb hi; br.ne T" (the sticky Z of isa.md
 * 3.2) -> "br_cmp.ne lo, T; br_cmp.ne hi, T": the words differ somewhere.
 * 1 when the branch goes.
 */
static int xcc_peep_fuse_compare64_ne(struct xcc_minsn *c, struct xcc_minsn *cb,
				      struct xcc_minsn *br, const struct xcc_regs *after)
{
	if (c->mi.op != ME_OP_CMP || cb->mi.op != ME_OP_CMPB || br->mi.op != ME_OP_BR ||
	    br->mi.cond != ME_COND_NE || (after->misc & XCC_PEEP_CC) ||
	    !xcc_peep_fusable(&c->mi) || !xcc_peep_fusable(&cb->mi))
		return 0;
	xcc_peep_fused(&c->mi, &c->mi, ME_COND_NE);
	xcc_peep_fused(&cb->mi, &cb->mi, ME_COND_NE);
	c->target = br->target;
	cb->target = br->target;
	return 1;
}

/* A compare and branch pair (or two, for 64-bit !=) as one instruction. */
static u32 xcc_peep_fuse_compare_at(struct xcc_peep_sweep *s)
{
	struct xcc_mcode *mc = s->mc;
	u32 i = s->i;
	struct xcc_regs after;

	if (i + 1 >= mc->n || !xcc_peep_pair(mc, i))
		return 1;
	if (xcc_peep_pair(mc, i + 1)) {
		after = xcc_peep_live_out(mc, s->p, i + 2);
		if (xcc_peep_fuse_compare64_ne(&mc->insns[i], &mc->insns[i + 1],
					       &mc->insns[i + 2], &after)) {
			s->gone[i + 2] = 1;
			return 3;
		}
	}
	after = xcc_peep_live_out(mc, s->p, i + 1);
	s->gone[i] = (u8)xcc_peep_fuse_compare(&mc->insns[i], &mc->insns[i + 1], &after);
	return 1;
}

static int xcc_peep_same_insn(const struct xcc_minsn *x, const struct xcc_minsn *y)
{
	const struct me_insn *a = &x->mi, *b = &y->mi;

	return a->op == b->op && xcc_peep_same(a->dst, b->dst) &&
	       xcc_peep_same(a->srca, b->srca) && xcc_peep_same(a->srcb, b->srcb) &&
	       a->imm == b->imm && a->cond == b->cond && a->bit == b->bit &&
	       a->pos == b->pos && a->width == b->width && a->lmi == b->lmi &&
	       a->lmoff == b->lmoff && a->space == b->space && a->len == b->len &&
	       a->sig == b->sig && a->swap == b->swap && a->csr == b->csr &&
	       a->cmpimm == b->cmpimm && x->target == y->target && x->role == y->role &&
	       x->bpf == y->bpf;
}

/* An instruction that runs the same wherever it is: no label, branch or swap. */
static int xcc_peep_movable(const struct xcc_minsn *m)
{
	const struct me_opinfo *info = me_opinfo(m->mi.op);

	return m->mi.op != XCC_MI_LABEL && info && !(info->flags & (ME_F_BRANCH | ME_F_SWAP)) &&
	       m->role == XCC_ROLE_NONE;
}

/* at[l] = the entry of label l in the list, -1 for none. */
static void xcc_peep_label_entries(const struct xcc_mcode *mc, s32 *at)
{
	u32 k;

	for (k = 0; k < mc->n_labels; k++)
		at[k] = -1;
	for (k = 0; k < mc->n; k++)
		if (mc->insns[k].mi.op == XCC_MI_LABEL)
			at[mc->insns[k].target] = (s32)k;
}

/*
 * One cross-jump: "P; br L" (br at i) where the code falling into L ends
 * with the same P becomes "br M", M a new label before that P.  The list
 * keeps its length: P goes, M comes.  1 when done.
 */
static int xcc_peep_cross_jump_at(struct xcc_prog *prog, const s32 *at, u32 i)
{
	struct xcc_mcode *mc = &prog->mc;
	struct xcc_minsn *br = &mc->insns[i], label;
	s32 k, q;

	if (br->mi.op != ME_OP_BR || br->mi.cond != ME_COND_AL ||
	    (u32)br->target < prog->n_insns + prog->n_subprogs)
		return 0;
	k = at[br->target];
	for (q = k - 1; q >= 0 && mc->insns[q].mi.op == XCC_MI_LABEL; q--)
		;
	if (k < 0 || q < 0 || q == (s32)i - 1 || !xcc_peep_movable(&mc->insns[i - 1]) ||
	    !xcc_peep_movable(&mc->insns[q]) ||
	    !xcc_peep_same_insn(&mc->insns[i - 1], &mc->insns[q]))
		return 0;
	label = mc->insns[q];
	label.mi.op = XCC_MI_LABEL;
	label.target = (s32)xcc_mc_new_label(prog);
	if (q < (s32)i - 1) {	/* Q above: what lies between moves down into P's slot */
		memmove(&mc->insns[q + 1], &mc->insns[q], (i - 1 - (u32)q) * sizeof(label));
		mc->insns[q] = label;
		mc->insns[i].target = label.target;
	} else {		/* Q below: the branch and what follows move up into it */
		memmove(&mc->insns[i - 1], &mc->insns[i], ((u32)q - i) * sizeof(label));
		mc->insns[q - 1] = label;
		mc->insns[i - 1].target = label.target;
	}
	return 1;
}

/*
 * Cross-jumping, repeated while the two sides keep matching: only for
 * labels inside one instruction's card code (helpers' bodies), not eBPF
 * instructions' or subprograms' labels, which the statistics count
 * executed eBPF instructions by, and only between instructions of the
 * same eBPF instruction, so that origins stay exact.
 */
static void xcc_peep_cross_jump(struct xcc_prog *prog)
{
	struct xcc_mcode *mc = &prog->mc;
	s32 *at = NULL;
	u32 i, cap = 0;
	int changed = 1;

	while (changed && !prog->error) {
		changed = 0;
		if (cap < mc->n_labels + 1) {
			xcc_free(prog, at);
			cap = mc->n_labels + 64;
			at = xcc_calloc(prog, cap, sizeof(*at));
			if (!at)
				return;
		}
		xcc_peep_label_entries(mc, at);
		for (i = 1; i < mc->n && !changed; i++)
			changed = xcc_peep_cross_jump_at(prog, at, i);
	}
	xcc_free(prog, at);
}

int xcc_peep2(struct xcc_prog *prog)
{
	struct xcc_peep p;
	u32 i;

	xcc_peep_cross_jump(prog);

	for (i = 0; i < prog->mc.n; i++)
		xcc_peep_copy_xfer(&prog->mc, i);
	if (!xcc_peep_open(prog, &p)) {
		xcc_peep_sweep(prog, &p, xcc_peep_fuse_compare_at);
		xcc_peep_dead_code(prog, &p);
	}
	xcc_peep_close(prog, &p);
	return prog->error ? -1 : 0;
}

int xcc_peep(struct xcc_prog *prog)
{
	struct xcc_peep p;
	int round;

	do {
		if (xcc_peep_drop_labels(prog))
			return -1;
	} while (xcc_peep_drop_unreachable(prog));
	xcc_peep_callee_saved(prog, NULL);
	if (!xcc_peep_open(prog, &p)) {
		xcc_peep_dead_code(prog, &p);
		for (round = 0; round < XCC_PEEP_ROUNDS && xcc_peep_sweep(prog, &p, xcc_peep_combine_at); round++)
			xcc_peep_dead_code(prog, &p);
		xcc_peep_sweep(prog, &p, xcc_peep_store_data_at);
		xcc_peep_sweep(prog, &p, xcc_peep_call_frame_at);
		xcc_peep_known(prog);
		xcc_peep_dead_code(prog, &p);
		/* again on the final code: dead code removed writes, and returns' needs are known */
		xcc_peep_callee_saved(prog, p.sub_ret);
	}
	xcc_peep_close(prog, &p);
	return prog->error ? -1 : 0;
}
