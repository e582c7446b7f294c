// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pass "isel".  Input: absint's operand kinds and ranges (meta->dst, src,
 * mem), opt's dead and decided-branch flags, layout's map addresses.
 * Lowers each eBPF instruction to card instructions (docs/compiler.md,
 * "Instruction selection"): 64-bit values as register pairs on the 32-bit
 * datapath (add/addc, sub/subb, cmp/cmpb), packet accesses as pkt memory
 * commands, map values as emem commands, the stack and the xdp_md block in
 * local memory, BPF-to-BPF calls with a save area per frame.  eBPF register
 * words stay virtual (XCC_MOP_EREG) until regalloc picks their banks.
 */
#include "xcc_priv.h"

#define XCC_T(k)	xcc_pa(XCC_TMP_FIRST + (k))
#define XCC_TB(k)	xcc_pb(XCC_TMP_FIRST + (k))

static struct xcc_mop xcc_lo(u8 r) { return xcc_er(r, 0); }
static struct xcc_mop xcc_hi(u8 r) { return xcc_er(r, 1); }

/* The second operand of an ALU or JMP instruction, as 32-bit words. */
struct xcc_src {
	int is_imm;
	u8 reg;
	u32 lo, hi;
};

static struct xcc_src xcc_isel_src(const struct bpf_insn *insn, int is64)
{
	struct xcc_src s = { 0 };

	if (BPF_SRC(insn->code) == BPF_X) {
		s.reg = insn->src_reg;
		return s;
	}
	s.is_imm = 1;
	s.lo = (u32)insn->imm;
	s.hi = is64 && insn->imm < 0 ? 0xffffffffu : 0;
	return s;
}

/* Call each at most once per card instruction: constants share one register. */
static struct xcc_mop xcc_slo(struct xcc_prog *prog, const struct xcc_src *s)
{
	return s->is_imm ? xcc_k(prog, s->lo) : xcc_lo(s->reg);
}

static struct xcc_mop xcc_shi(struct xcc_prog *prog, const struct xcc_src *s)
{
	return s->is_imm ? xcc_k(prog, s->hi) : xcc_hi(s->reg);
}

static void xcc_isel_zero_hi(struct xcc_prog *prog, u8 r)
{
	xcc_mc_mov32(prog, xcc_hi(r), 0);
}

/* ---- ALU ---- */

/*
 * The lowest offset of a pointer of v's kind, before instruction i, whose
 * card address keeps a zero high word: 0 from a base below 16 MiB (isa.md
 * 1); for the stack, minus the own frame's depth, since every frame's l0
 * lies at least that far above local memory's address 0 (r10's high word
 * is zero and its low word is l0).
 */
static s64 xcc_isel_ptr_min(const struct xcc_prog *prog, u32 i, const struct xcc_value *v)
{
	if (v->type != XCC_T_STACK)
		return 0;
	return -(s64)((prog->subprogs[prog->meta[i].subprog].stack_depth + 7u) & ~7u);
}

/*
 * The card word pair of v (before instruction i) has a zero high word: a
 * scalar below 2^32, or a pointer whose card address is: the compiler
 * keeps pointers as 64-bit sums from a zero high word.
 */
static int xcc_isel_hi_zero(const struct xcc_prog *prog, u32 i, const struct xcc_value *v)
{
	switch (v->type) {
	case XCC_T_SCALAR:
		return v->r.umax <= U32_MAX;
	case XCC_T_CTX:
	case XCC_T_PKT:
	case XCC_T_PKT_END:
	case XCC_T_PKT_META:
	case XCC_T_MAP_VALUE:
	case XCC_T_MAP_VALUE_OR_NULL:
	case XCC_T_STACK:
		return v->r.smin >= xcc_isel_ptr_min(prog, i, v) && v->r.smax <= S32_MAX;
	}
	return 0;
}

/* Before instruction i, register d is a scalar below 2^32 (its high word is zero). */
static int xcc_isel_dst_u32(const struct xcc_prog *prog, u32 i)
{
	const struct xcc_value *v = &prog->meta[i].dst;

	return v->type == XCC_T_SCALAR && v->r.umax <= U32_MAX;
}

/*
 * A 64-bit shift by k of a value below 2^32 whose result is below 2^32
 * too (any right shift; a left shift that carries nothing out of the low
 * word): the low word alone, the high word stays zero.
 */
static int xcc_isel_shift_imm_u32(struct xcc_prog *prog, u32 i, u8 op, u8 d, u32 k)
{
	u64 umax = prog->meta[i].dst.r.umax;

	if (!xcc_isel_dst_u32(prog, i) || (op == BPF_LSH && (k >= 32 || (umax << k) > U32_MAX)))
		return 0;
	if (k >= 32)
		xcc_mc_mov32(prog, xcc_lo(d), 0);
	else
		xcc_mc_alu(prog, op == BPF_LSH ? ME_OP_SHL : ME_OP_SHR, xcc_lo(d), xcc_lo(d),
			   xcc_k(prog, k));
	return 1;
}

/*
 * x &= mask where mask is 2^n - 1 and absint proved x <= mask: x stays.
 * mask is the immediate as the operation sees it (sign-extended to 64
 * bits, or 32 bits).
 */
static int xcc_isel_and_noop(const struct xcc_prog *prog, u32 i, u64 mask)
{
	const struct xcc_value *v = &prog->meta[i].dst;

	return v->type == XCC_T_SCALAR && !(mask & (mask + 1)) && v->r.umax <= mask;
}

/* d = s shifted by n (0..31): a move for 0, which copy propagation can then fold. */
static void xcc_isel_shift_word(struct xcc_prog *prog, enum me_opcode op, struct xcc_mop d,
				struct xcc_mop s, u32 n)
{
	if (n)
		xcc_mc_alu(prog, op, d, s, xcc_k(prog, n));
	else
		xcc_mc_un(prog, ME_OP_MOV, d, s);
}

static XCC_NOINLINE void xcc_isel_shift_imm64(struct xcc_prog *prog, u32 i, u8 op, u8 d, u32 k)
{
	enum me_opcode down = op == BPF_ARSH ? ME_OP_ASR : ME_OP_SHR;

	if (!k || xcc_isel_shift_imm_u32(prog, i, op, d, k))
		return;
	if (op == BPF_LSH && k < 32) {
		xcc_mc_alu(prog, ME_OP_SHR, XCC_T(0), xcc_lo(d), xcc_k(prog, 32 - k));
		xcc_mc_alu(prog, ME_OP_SHL, xcc_hi(d), xcc_hi(d), xcc_k(prog, k));
		xcc_mc_alu(prog, ME_OP_OR, xcc_hi(d), xcc_hi(d), XCC_T(0));
		xcc_mc_alu(prog, ME_OP_SHL, xcc_lo(d), xcc_lo(d), xcc_k(prog, k));
	} else if (op == BPF_LSH) {
		xcc_isel_shift_word(prog, ME_OP_SHL, xcc_hi(d), xcc_lo(d), k - 32);
		xcc_mc_mov32(prog, xcc_lo(d), 0);
	} else if (k < 32) {
		xcc_mc_alu(prog, ME_OP_SHL, XCC_T(0), xcc_hi(d), xcc_k(prog, 32 - k));
		xcc_mc_alu(prog, ME_OP_SHR, xcc_lo(d), xcc_lo(d), xcc_k(prog, k));
		xcc_mc_alu(prog, ME_OP_OR, xcc_lo(d), xcc_lo(d), XCC_T(0));
		xcc_mc_alu(prog, down, xcc_hi(d), xcc_hi(d), xcc_k(prog, k));
	} else {
		xcc_isel_shift_word(prog, down, xcc_lo(d), xcc_hi(d), k - 32);
		if (op == BPF_ARSH)
			xcc_mc_alu(prog, ME_OP_ASR, xcc_hi(d), xcc_hi(d), xcc_k(prog, 31));
		else
			xcc_mc_mov32(prog, xcc_hi(d), 0);
	}
}

/*
 * Shift by a register: n = count & 63; n < 32 moves bits across the words
 * (a shift by 32 - n of 32 gives 0 on the card, which is what n = 0 needs),
 * n >= 32 moves one word into the other.
 */
static XCC_NOINLINE void xcc_isel_shift_reg64(struct xcc_prog *prog, u8 op, u8 d, u8 s)
{
	enum me_opcode down = op == BPF_ARSH ? ME_OP_ASR : ME_OP_SHR;
	u32 big = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);
	struct xcc_mop n = XCC_TB(0), m = XCC_T(1), t = XCC_TB(1);

	xcc_mc_alu(prog, ME_OP_AND, n, xcc_lo(s), xcc_k(prog, 63));
	xcc_mc_cmp(prog, ME_OP_CMP, n, xcc_k(prog, 32));
	xcc_mc_br(prog, ME_COND_HS, big);
	xcc_mc_mov32(prog, m, 32);
	xcc_mc_alu(prog, ME_OP_SUB, m, m, n);
	if (op == BPF_LSH) {
		xcc_mc_alu(prog, ME_OP_SHR, t, xcc_lo(d), m);
		xcc_mc_alu(prog, ME_OP_SHL, xcc_hi(d), xcc_hi(d), n);
		xcc_mc_alu(prog, ME_OP_OR, xcc_hi(d), xcc_hi(d), t);
		xcc_mc_alu(prog, ME_OP_SHL, xcc_lo(d), xcc_lo(d), n);
	} else {
		xcc_mc_alu(prog, ME_OP_SHL, t, xcc_hi(d), m);
		xcc_mc_alu(prog, ME_OP_SHR, xcc_lo(d), xcc_lo(d), n);
		xcc_mc_alu(prog, ME_OP_OR, xcc_lo(d), xcc_lo(d), t);
		xcc_mc_alu(prog, down, xcc_hi(d), xcc_hi(d), n);
	}
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_mc_label(prog, big);
	xcc_mc_alu(prog, ME_OP_SUB, n, n, xcc_k(prog, 32));
	if (op == BPF_LSH) {
		xcc_mc_alu(prog, ME_OP_SHL, xcc_hi(d), xcc_lo(d), n);
		xcc_mc_mov32(prog, xcc_lo(d), 0);
	} else {
		xcc_mc_alu(prog, down, xcc_lo(d), xcc_hi(d), n);
		if (op == BPF_ARSH)
			xcc_mc_alu(prog, ME_OP_ASR, xcc_hi(d), xcc_hi(d), xcc_k(prog, 31));
		else
			xcc_mc_mov32(prog, xcc_hi(d), 0);
	}
	xcc_mc_label(prog, done);
}

/* (hi:lo) * (shi:slo) mod 2^64 from three 32-bit products and a high half. */
static XCC_NOINLINE void xcc_isel_mul64(struct xcc_prog *prog, u8 d, const struct xcc_src *s)
{
	xcc_mc_alu(prog, ME_OP_MULHU, XCC_T(0), xcc_lo(d), xcc_slo(prog, s));
	xcc_mc_alu(prog, ME_OP_MUL, XCC_TB(0), xcc_lo(d), xcc_shi(prog, s));
	xcc_mc_alu(prog, ME_OP_MUL, XCC_T(1), xcc_hi(d), xcc_slo(prog, s));
	xcc_mc_alu(prog, ME_OP_MUL, xcc_lo(d), xcc_lo(d), xcc_slo(prog, s));
	xcc_mc_alu(prog, ME_OP_ADD, xcc_hi(d), XCC_T(0), XCC_TB(0));
	xcc_mc_alu(prog, ME_OP_ADD, xcc_hi(d), xcc_hi(d), XCC_T(1));
}

/*
 * 64-bit DIV/MOD: the card divides 32-bit values; when absint proved both
 * operands fit in 32 bits one divu/remu does, otherwise the shift-subtract
 * runtime routine (xcc_isel_helpers.c) does 64 steps.
 */
static XCC_NOINLINE void xcc_isel_divmod64(struct xcc_prog *prog, u32 i, u8 op, u8 d, const struct xcc_src *s)
{
	const struct xcc_insn_meta *m = &prog->meta[i];
	int small = m->dst.type == XCC_T_SCALAR && m->dst.r.umax <= U32_MAX &&
		    (s->is_imm ? !s->hi : m->src.type == XCC_T_SCALAR && m->src.r.umax <= U32_MAX);

	if (small) {
		xcc_mc_alu(prog, op == BPF_DIV ? ME_OP_DIVU : ME_OP_REMU, xcc_lo(d), xcc_lo(d),
			   xcc_slo(prog, s));
		xcc_isel_zero_hi(prog, d);
		return;
	}
	prog->need_udivmod = 1;
	xcc_mc_un(prog, ME_OP_MOV, xcc_pa(22), xcc_lo(d));
	xcc_mc_un(prog, ME_OP_MOV, xcc_pb(22), xcc_hi(d));
	xcc_mc_un(prog, ME_OP_MOV, xcc_pb(23), xcc_slo(prog, s));
	xcc_mc_un(prog, ME_OP_MOV, xcc_pa(23), xcc_shi(prog, s));
	xcc_mc_call(prog, XCC_REG_LINK_RT, prog->label_udivmod);
	xcc_mc_un(prog, ME_OP_MOV, xcc_lo(d), op == BPF_DIV ? xcc_pa(22) : xcc_pa(24));
	xcc_mc_un(prog, ME_OP_MOV, xcc_hi(d), op == BPF_DIV ? xcc_pb(22) : xcc_pb(24));
}

static const u8 xcc_isel_alu_op[16] = {
	[BPF_ADD >> 4] = ME_OP_ADD, [BPF_SUB >> 4] = ME_OP_SUB, [BPF_MUL >> 4] = ME_OP_MUL,
	[BPF_DIV >> 4] = ME_OP_DIVU, [BPF_MOD >> 4] = ME_OP_REMU, [BPF_OR >> 4] = ME_OP_OR,
	[BPF_AND >> 4] = ME_OP_AND, [BPF_XOR >> 4] = ME_OP_XOR, [BPF_LSH >> 4] = ME_OP_SHL,
	[BPF_RSH >> 4] = ME_OP_SHR, [BPF_ARSH >> 4] = ME_OP_ASR,
};

/*
 * A 64-bit ADD/SUB whose destination has a zero high word and whose result
 * absint bounds to [0, 2^32) (a scalar), or to an offset in [0, 2^31) (a
 * pointer; a stack pointer's may go down to minus the frame's depth,
 * xcc_isel_hi_zero()): the low word's operation is the result and the
 * high word stays zero, whatever the source's high word.
 */
static int xcc_isel_addsub_u32(struct xcc_prog *prog, u32 i, u8 op, const struct xcc_src *s)
{
	const struct xcc_insn_meta *m = &prog->meta[i];
	s64 smin, smax, dmin, dmax, lim, t;

	if (s->is_imm) {
		smin = smax = (s64)(s32)s->lo;
	} else if (m->src.type == XCC_T_SCALAR && m->src.r.smin >= -(s64)U32_MAX &&
		   m->src.r.smax <= (s64)U32_MAX) {
		smin = m->src.r.smin;
		smax = m->src.r.smax;
	} else {
		return 0;
	}
	if (op == BPF_SUB) {
		t = -smax;
		smax = -smin;
		smin = t;
	}
	if (m->dst.type == XCC_T_SCALAR && m->dst.r.umax <= U32_MAX) {
		dmin = (s64)m->dst.r.umin;
		dmax = (s64)m->dst.r.umax;
		lim = U32_MAX;
	} else if (m->dst.type != XCC_T_SCALAR && xcc_isel_hi_zero(prog, i, &m->dst)) {
		dmin = m->dst.r.smin - xcc_isel_ptr_min(prog, i, &m->dst);
		dmax = m->dst.r.smax;
		lim = S32_MAX;
	} else {
		return 0;
	}
	return dmin + smin >= 0 && dmax + smax <= lim;
}

/*
 * The high word of a 64-bit AND/OR/XOR: an immediate's high word is 0 or
 * all ones (sign extension), which keeps, clears, sets or inverts it.
 */
static void xcc_isel_logic_hi(struct xcc_prog *prog, u8 op, u8 d, const struct xcc_src *s)
{
	if (!s->is_imm)
		xcc_mc_alu(prog, xcc_isel_alu_op[op >> 4], xcc_hi(d), xcc_hi(d), xcc_hi(s->reg));
	else if (op == BPF_AND && !s->hi)
		xcc_mc_mov32(prog, xcc_hi(d), 0);
	else if (op == BPF_OR && s->hi)
		xcc_mc_mov32(prog, xcc_hi(d), 0xffffffffu);
	else if (op == BPF_XOR && s->hi)
		xcc_mc_un(prog, ME_OP_NOT, xcc_hi(d), xcc_hi(d));
}

static XCC_NOINLINE void xcc_isel_alu64(struct xcc_prog *prog, u32 i)
{
	const struct bpf_insn *insn = &prog->meta[i].insn;
	struct xcc_src s = xcc_isel_src(insn, 1);
	u8 op = BPF_OP(insn->code), d = insn->dst_reg;

	switch (op) {
	case BPF_MOV:
		xcc_mc_un(prog, ME_OP_MOV, xcc_lo(d), xcc_slo(prog, &s));
		xcc_mc_un(prog, ME_OP_MOV, xcc_hi(d), xcc_shi(prog, &s));
		return;
	case BPF_ADD:
	case BPF_SUB:
		xcc_mc_alu(prog, op == BPF_ADD ? ME_OP_ADD : ME_OP_SUB, xcc_lo(d), xcc_lo(d),
			   xcc_slo(prog, &s));
		if (!xcc_isel_addsub_u32(prog, i, op, &s))
			xcc_mc_alu(prog, op == BPF_ADD ? ME_OP_ADDC : ME_OP_SUBB, xcc_hi(d),
				   xcc_hi(d), xcc_shi(prog, &s));
		return;
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		if (op == BPF_AND && s.is_imm && xcc_isel_and_noop(prog, i, (u64)s.hi << 32 | s.lo))
			return;
		xcc_mc_alu(prog, xcc_isel_alu_op[op >> 4], xcc_lo(d), xcc_lo(d), xcc_slo(prog, &s));
		xcc_isel_logic_hi(prog, op, d, &s);
		return;
	case BPF_NEG:
		xcc_mc_un(prog, ME_OP_NOT, xcc_lo(d), xcc_lo(d));
		xcc_mc_un(prog, ME_OP_NOT, xcc_hi(d), xcc_hi(d));
		xcc_mc_alu(prog, ME_OP_ADD, xcc_lo(d), xcc_lo(d), xcc_k(prog, 1));
		xcc_mc_alu(prog, ME_OP_ADDC, xcc_hi(d), xcc_hi(d), xcc_k(prog, 0));
		return;
	case BPF_MUL:
		xcc_isel_mul64(prog, d, &s);
		return;
	case BPF_DIV:
	case BPF_MOD:
		xcc_isel_divmod64(prog, i, op, d, &s);
		return;
	}
	if (s.is_imm)
		xcc_isel_shift_imm64(prog, i, op, d, s.lo & 63);
	else
		xcc_isel_shift_reg64(prog, op, d, s.reg);
}

/*
 * BPF_END: the program's view is little endian, like the card's memory.
 * bswap16 reads the low 16 bits only; a 16-bit LE conversion masks unless
 * absint proved the value fits.
 */
static void xcc_isel_end(struct xcc_prog *prog, u32 i)
{
	const struct bpf_insn *insn = &prog->meta[i].insn;
	u8 d = insn->dst_reg;
	int be = BPF_SRC(insn->code) == BPF_TO_BE;

	if (insn->imm == 64) {
		if (!be)
			return;
		xcc_mc_un(prog, ME_OP_BSWAP, XCC_T(0), xcc_lo(d));
		xcc_mc_un(prog, ME_OP_BSWAP, xcc_lo(d), xcc_hi(d));
		xcc_mc_un(prog, ME_OP_MOV, xcc_hi(d), XCC_T(0));
		return;
	}
	if (insn->imm == 16 && !be && !xcc_isel_and_noop(prog, i, 0xffff))
		xcc_mc_alu(prog, ME_OP_AND, xcc_lo(d), xcc_lo(d), xcc_k(prog, 0xffff));
	if (be)
		xcc_mc_un(prog, insn->imm == 16 ? ME_OP_BSWAP16 : ME_OP_BSWAP, xcc_lo(d), xcc_lo(d));
	xcc_isel_zero_hi(prog, d);
}

/*
 * ALU (32-bit) writes only the low word; the high word must end up zero.
 * When absint proved it zero already (a scalar below 2^32 on every path),
 * nothing needs writing.  Not for MOV: it does not read its destination,
 * so the old value may come from an instruction opt found dead and isel
 * left out (found by test-diff-fuzz).
 */
static void xcc_isel_alu32_hi(struct xcc_prog *prog, u32 i, u8 d)
{
	const struct xcc_insn_meta *m = &prog->meta[i];

	if (BPF_OP(m->insn.code) != BPF_MOV && m->dst.type == XCC_T_SCALAR &&
	    m->dst.r.umax <= U32_MAX)
		return;
	xcc_isel_zero_hi(prog, d);
}

/* ALU (32-bit): the low words, then the high word is zeroed. */
static XCC_NOINLINE void xcc_isel_alu32(struct xcc_prog *prog, u32 i)
{
	const struct bpf_insn *insn = &prog->meta[i].insn;
	struct xcc_src s = xcc_isel_src(insn, 0);
	u8 op = BPF_OP(insn->code), d = insn->dst_reg;

	if (op == BPF_AND && s.is_imm && xcc_isel_and_noop(prog, i, s.lo)) {
		xcc_isel_alu32_hi(prog, i, d);
		return;
	}
	switch (op) {
	case BPF_END:
		xcc_isel_end(prog, i);
		return;
	case BPF_MOV:
		xcc_mc_un(prog, ME_OP_MOV, xcc_lo(d), xcc_slo(prog, &s));
		break;
	case BPF_NEG:
		xcc_mc_un(prog, ME_OP_NOT, xcc_lo(d), xcc_lo(d));
		xcc_mc_alu(prog, ME_OP_ADD, xcc_lo(d), xcc_lo(d), xcc_k(prog, 1));
		break;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		if (s.is_imm) {
			xcc_mc_alu(prog, xcc_isel_alu_op[op >> 4], xcc_lo(d), xcc_lo(d),
				   xcc_k(prog, s.lo & 31));
			break;
		}
		/* eBPF masks a 32-bit shift count to 5 bits; the card saturates */
		xcc_mc_alu(prog, ME_OP_AND, XCC_TB(0), xcc_lo(s.reg), xcc_k(prog, 31));
		xcc_mc_alu(prog, xcc_isel_alu_op[op >> 4], xcc_lo(d), xcc_lo(d), XCC_TB(0));
		break;
	default:
		xcc_mc_alu(prog, xcc_isel_alu_op[op >> 4], xcc_lo(d), xcc_lo(d), xcc_slo(prog, &s));
	}
	xcc_isel_alu32_hi(prog, i, d);
}

/* ---- jumps ---- */

static const u8 xcc_isel_cond[16] = {
	[BPF_JEQ >> 4] = ME_COND_EQ, [BPF_JNE >> 4] = ME_COND_NE, [BPF_JGT >> 4] = ME_COND_HI,
	[BPF_JGE >> 4] = ME_COND_HS, [BPF_JLT >> 4] = ME_COND_LO, [BPF_JLE >> 4] = ME_COND_LS,
	[BPF_JSGT >> 4] = ME_COND_GT, [BPF_JSGE >> 4] = ME_COND_GE, [BPF_JSLT >> 4] = ME_COND_LT,
	[BPF_JSLE >> 4] = ME_COND_LE, [BPF_JSET >> 4] = ME_COND_NE,
};

/* Signed conditions on values below 2^32 are the unsigned ones. */
static const u8 xcc_isel_cond_unsigned[ME_COND_COUNT] = {
	[ME_COND_GT] = ME_COND_HI, [ME_COND_GE] = ME_COND_HS,
	[ME_COND_LT] = ME_COND_LO, [ME_COND_LE] = ME_COND_LS,
};

static XCC_NOINLINE void xcc_isel_cond_jmp(struct xcc_prog *prog, u32 i)
{
	const struct xcc_insn_meta *m = &prog->meta[i];
	const struct bpf_insn *insn = &m->insn;
	int is64 = xcc_class(insn) == BPF_JMP;
	struct xcc_src s = xcc_isel_src(insn, is64);
	u8 op = BPF_OP(insn->code), d = insn->dst_reg;
	int dst_hi0 = xcc_isel_hi_zero(prog, i, &m->dst);
	int src_hi0 = s.is_imm ? !s.hi : xcc_isel_hi_zero(prog, i, &m->src);
	enum me_cond cond = (enum me_cond)xcc_isel_cond[op >> 4];

	if (m->flags & XCC_META_NEVER_TAKEN)
		return;
	if (m->flags & XCC_META_ALWAYS_TAKEN) {
		xcc_mc_br(prog, ME_COND_AL, (u32)m->jmp_dst);
		return;
	}
	/* 64-bit with both high words zero: the low words decide */
	if (is64 && dst_hi0 && src_hi0) {
		is64 = 0;
		if (xcc_isel_cond_unsigned[cond])
			cond = (enum me_cond)xcc_isel_cond_unsigned[cond];
	}
	if (is64 && s.is_imm && !s.lo && (op == BPF_JSLT || op == BPF_JSGE)) {
		/* below 0 or not: the high word's sign */
		xcc_mc_cmp(prog, ME_OP_CMP, xcc_hi(d), xcc_k(prog, 0));
	} else if (op == BPF_JSET && is64 && !dst_hi0 && !src_hi0) {
		xcc_mc_alu(prog, ME_OP_AND, XCC_T(0), xcc_lo(d), xcc_slo(prog, &s));
		xcc_mc_alu(prog, ME_OP_AND, XCC_TB(0), xcc_hi(d), xcc_shi(prog, &s));
		xcc_mc_alu(prog, ME_OP_OR, XCC_T(0), XCC_T(0), XCC_TB(0));
	} else if (op == BPF_JSET) {
		/* one high word zero: the AND of the high words is */
		xcc_mc_cmp(prog, ME_OP_TST, xcc_lo(d), xcc_slo(prog, &s));
	} else {
		/* cmp/cmpb leave flags that compare the 64-bit values (isa.md 3.2) */
		xcc_mc_cmp(prog, ME_OP_CMP, xcc_lo(d), xcc_slo(prog, &s));
		if (is64)
			xcc_mc_cmp(prog, ME_OP_CMPB, xcc_hi(d), xcc_shi(prog, &s));
	}
	xcc_mc_br(prog, cond, (u32)m->jmp_dst);
}

/* ---- memory ---- */

static int xcc_isel_space(struct xcc_prog *prog, u32 i, const struct xcc_value *mem, u8 *space)
{
	switch (mem->type) {
	case XCC_T_PKT:
	case XCC_T_PKT_META:
		*space = ME_SPACE_PKT;
		return 0;
	case XCC_T_MAP_VALUE:
		*space = ME_SPACE_EMEM;
		return 0;
	case XCC_T_STACK:
	case XCC_T_CTX:
		*space = 0xff;	/* local memory */
		return 0;
	}
	xcc_fail(prog, XCC_E_UNSUPPORTED, i, "memory access through %s", xcc_type_name(mem->type));
	return -1;
}

/*
 * The LM index register and offset for an access at mem (base register +
 * off): l0 for a constant offset into the own frame (l0 is r10), l2 for a
 * constant offset into the xdp_md block, else l1 loaded with the base.
 */
static u8 xcc_isel_lm_base(struct xcc_prog *prog, const struct xcc_value *mem, u8 base, s16 *off)
{
	int fixed = xcc_range_is_const(mem->r) && mem->r.smin >= -2048 && mem->r.smin <= 2040;

	if (fixed && mem->type == XCC_T_STACK && !mem->frame) {
		*off = (s16)mem->r.smin;
		return 0;
	}
	if (fixed && mem->type == XCC_T_CTX) {
		*off = (s16)mem->r.smin;
		return 2;
	}
	xcc_mc_lm_set(prog, 1, xcc_lo(base), xcc_k(prog, 0));
	return 1;
}

static const u8 xcc_isel_lm_ld[] = { [1] = ME_OP_LM_LD8, [2] = ME_OP_LM_LD16, [4] = ME_OP_LM_LD32 };
static const u8 xcc_isel_lm_st[] = { [1] = ME_OP_LM_ST8, [2] = ME_OP_LM_ST16, [4] = ME_OP_LM_ST32 };

static XCC_NOINLINE int xcc_isel_ldx(struct xcc_prog *prog, u32 i)
{
	const struct xcc_insn_meta *m = &prog->meta[i];
	const struct bpf_insn *insn = &m->insn;
	u32 size = xcc_size_bytes(insn);
	u8 d = insn->dst_reg, space, l;

	if (xcc_isel_space(prog, i, &m->mem, &space))
		return -1;
	if (space == 0xff) {
		s16 off = insn->off;

		l = xcc_isel_lm_base(prog, &m->mem, insn->src_reg, &off);
		if (size == 8) {
			xcc_mc_lm(prog, ME_OP_LM_LD32, xcc_lo(d), l, off);
			xcc_mc_lm(prog, ME_OP_LM_LD32, xcc_hi(d), l, (s16)(off + 4));
			return 0;
		}
		xcc_mc_lm(prog, xcc_isel_lm_ld[size], xcc_lo(d), l, off);
		xcc_isel_zero_hi(prog, d);
		return 0;
	}
	xcc_mc_mem(prog, ME_OP_MEM_RD, space, 0, xcc_lo(insn->src_reg),
		   xcc_k(prog, (u32)(s32)insn->off), (u8)size);
	xcc_mc_un(prog, ME_OP_MOV, xcc_lo(d), xcc_xr(0));
	if (size == 8)
		xcc_mc_un(prog, ME_OP_MOV, xcc_hi(d), xcc_xr(1));
	else
		xcc_isel_zero_hi(prog, d);
	return 0;
}

/* The stored value's words: a register or an ST immediate (sign-extended). */
static struct xcc_mop xcc_isel_val(struct xcc_prog *prog, const struct bpf_insn *insn, int hi)
{
	if (xcc_class(insn) == BPF_STX)
		return xcc_er(insn->src_reg, hi);
	return xcc_k(prog, hi ? (insn->imm < 0 ? 0xffffffffu : 0) : (u32)insn->imm);
}

static XCC_NOINLINE int xcc_isel_store(struct xcc_prog *prog, u32 i)
{
	const struct xcc_insn_meta *m = &prog->meta[i];
	const struct bpf_insn *insn = &m->insn;
	u32 size = xcc_size_bytes(insn);
	u8 space, l;

	if (xcc_isel_space(prog, i, &m->mem, &space))
		return -1;
	if (space == 0xff) {
		s16 off = insn->off;

		l = xcc_isel_lm_base(prog, &m->mem, insn->dst_reg, &off);
		if (size == 8) {
			xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_isel_val(prog, insn, 0), l, off);
			xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_isel_val(prog, insn, 1), l, (s16)(off + 4));
			return 0;
		}
		xcc_mc_lm(prog, xcc_isel_lm_st[size], xcc_isel_val(prog, insn, 0), l, off);
		return 0;
	}
	xcc_mc_un(prog, ME_OP_MOV, xcc_xw(0), xcc_isel_val(prog, insn, 0));
	if (size == 8)
		xcc_mc_un(prog, ME_OP_MOV, xcc_xw(1), xcc_isel_val(prog, insn, 1));
	xcc_mc_mem(prog, ME_OP_MEM_WR, space, 0, xcc_lo(insn->dst_reg),
		   xcc_k(prog, (u32)(s32)insn->off), (u8)size);
	return 0;
}

static const u8 xcc_isel_atomic_op[] = {
	[BPF_ADD >> 4] = ME_OP_MEM_ADD, [BPF_AND >> 4] = ME_OP_MEM_AND,
	[BPF_OR >> 4] = ME_OP_MEM_OR, [BPF_XOR >> 4] = ME_OP_MEM_XOR,
};

/* Atomics on a map value: one emem command; the old value comes back in $xr. */
static void xcc_isel_atomic_emem(struct xcc_prog *prog, const struct bpf_insn *insn)
{
	u32 size = xcc_size_bytes(insn), w = size / 4, k;
	u8 s = insn->src_reg, r = s;
	enum me_opcode op = ME_OP_MEM_SWAP;

	if (insn->imm == BPF_CMPXCHG) {
		op = ME_OP_MEM_CAS;
		r = BPF_REG_0;
		for (k = 0; k < w; k++) {
			xcc_mc_un(prog, ME_OP_MOV, xcc_xw((u8)k), xcc_er(BPF_REG_0, (int)k));
			xcc_mc_un(prog, ME_OP_MOV, xcc_xw((u8)(w + k)), xcc_er(s, (int)k));
		}
	} else {
		if (insn->imm != BPF_XCHG)
			op = xcc_isel_atomic_op[(insn->imm & ~BPF_FETCH) >> 4];
		for (k = 0; k < w; k++)
			xcc_mc_un(prog, ME_OP_MOV, xcc_xw((u8)k), xcc_er(s, (int)k));
	}
	xcc_mc_mem(prog, op, ME_SPACE_EMEM, 0, xcc_lo(insn->dst_reg),
		   xcc_k(prog, (u32)(s32)insn->off), (u8)size);
	if (!(insn->imm & BPF_FETCH))
		return;
	xcc_mc_un(prog, ME_OP_MOV, xcc_lo(r), xcc_xr(0));
	if (size == 8)
		xcc_mc_un(prog, ME_OP_MOV, xcc_hi(r), xcc_xr(1));
	else
		xcc_isel_zero_hi(prog, r);
}

/*
 * Atomics on the stack: local memory belongs to one context and contexts
 * are not pre-empted (isa.md 2.1), so load, operate, store is atomic.
 * Old value in T(0)/TB(0) (low/high), new value in T(1)/TB(1).
 */
static void xcc_isel_atomic_lm(struct xcc_prog *prog, const struct xcc_insn_meta *m)
{
	const struct bpf_insn *insn = &m->insn;
	u32 size = xcc_size_bytes(insn);
	s16 off = insn->off;
	u8 s = insn->src_reg, l = xcc_isel_lm_base(prog, &m->mem, insn->dst_reg, &off);
	u8 op = (u8)(insn->imm & ~BPF_FETCH);
	u32 skip = xcc_mc_new_label(prog);
	int w, words = (int)size / 4;

	for (w = 0; w < words; w++)
		xcc_mc_lm(prog, ME_OP_LM_LD32, w ? XCC_TB(0) : XCC_T(0), l, (s16)(off + 4 * w));
	if (insn->imm == BPF_CMPXCHG) {
		xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(0), xcc_lo(BPF_REG_0));
		if (words == 2)
			xcc_mc_cmp(prog, ME_OP_CMPB, XCC_TB(0), xcc_hi(BPF_REG_0));
		xcc_mc_br(prog, ME_COND_NE, skip);
	}
	for (w = 0; w < words; w++) {
		struct xcc_mop old = w ? XCC_TB(0) : XCC_T(0), nv = w ? XCC_TB(1) : XCC_T(1);

		if (insn->imm == BPF_XCHG || insn->imm == BPF_CMPXCHG)
			xcc_mc_un(prog, ME_OP_MOV, nv, xcc_er(s, w));
		else if (op == BPF_ADD)
			xcc_mc_alu(prog, w ? ME_OP_ADDC : ME_OP_ADD, nv, old, xcc_er(s, w));
		else
			xcc_mc_alu(prog, xcc_isel_alu_op[op >> 4], nv, old, xcc_er(s, w));
		xcc_mc_lm(prog, ME_OP_LM_ST32, nv, l, (s16)(off + 4 * w));
	}
	xcc_mc_label(prog, skip);
	if (!(insn->imm & BPF_FETCH))
		return;
	s = insn->imm == BPF_CMPXCHG ? BPF_REG_0 : s;
	xcc_mc_un(prog, ME_OP_MOV, xcc_lo(s), XCC_T(0));
	if (words == 2)
		xcc_mc_un(prog, ME_OP_MOV, xcc_hi(s), XCC_TB(0));
	else
		xcc_isel_zero_hi(prog, s);
}

static XCC_NOINLINE int xcc_isel_atomic(struct xcc_prog *prog, u32 i)
{
	const struct xcc_insn_meta *m = &prog->meta[i];

	if (m->mem.type == XCC_T_MAP_VALUE)
		xcc_isel_atomic_emem(prog, &m->insn);
	else
		xcc_isel_atomic_lm(prog, m);
	return 0;
}

static XCC_NOINLINE void xcc_isel_ldimm64(struct xcc_prog *prog, u32 i)
{
	const struct bpf_insn *insn = &prog->meta[i].insn, *hi = &prog->meta[i + 1].insn;
	u8 d = insn->dst_reg;
	u32 lo = (u32)insn->imm, high = (u32)hi->imm;

	switch (insn->src_reg) {
	case BPF_PSEUDO_MAP_FD:
		lo = prog->layout[insn->imm].addr;
		high = 0;
		break;
	case BPF_PSEUDO_MAP_VALUE:
		lo = prog->layout[insn->imm].addr + (u32)hi->imm;
		high = 0;
		break;
	case BPF_PSEUDO_FUNC:
		lo = prog->meta[prog->meta[i].jmp_dst].subprog;
		high = 0;
		break;
	}
	xcc_mc_mov32(prog, xcc_lo(d), lo);
	xcc_mc_mov32(prog, xcc_hi(d), high);
}

/* ---- calls and exits ---- */

u32 xcc_isel_frame(const struct xcc_prog *prog, u32 sp)
{
	return ((prog->subprogs[sp].stack_depth + 7u) & ~7u) + XNIC_SAVE_AREA;
}

/*
 * BPF-to-BPF call: the caller moves r10/l0 past its frame and the save
 * area below it, and calls; the callee keeps R6-R9 and its link in that
 * save area (docs/compiler.md, "Calls").
 */
void xcc_isel_call_subprog(struct xcc_prog *prog, u32 sp, u32 callee)
{
	xcc_mc_alu(prog, ME_OP_SUB, xcc_lo(10), xcc_lo(10), xcc_k(prog, xcc_isel_frame(prog, sp)));
	xcc_mc_lm_set(prog, 0, xcc_lo(10), xcc_k(prog, 0));
	xcc_mc_call(prog, XCC_REG_LINK_CALL, prog->n_insns + callee);
	xcc_mc_alu(prog, ME_OP_ADD, xcc_lo(10), xcc_lo(10), xcc_k(prog, xcc_isel_frame(prog, sp)));
	xcc_mc_lm_set(prog, 0, xcc_lo(10), xcc_k(prog, 0));
}

static XCC_NOINLINE void xcc_isel_call(struct xcc_prog *prog, u32 i)
{
	xcc_isel_call_subprog(prog, prog->meta[i].subprog,
			      prog->meta[prog->meta[i].jmp_dst].subprog);
}

/*
 * a6..a9 and b6..b9 are callee-saved (isa.md 9): the firmware keeps its
 * per-context state there across the call.  eBPF R6-R9 live in GPRs 6-9,
 * so xdp_main keeps its caller's values in its save area's R6-R9 words,
 * which only a caller of the frame would use.
 */
static void xcc_isel_callee_saved(struct xcc_prog *prog, u8 op)
{
	u8 role = op == ME_OP_LM_ST32 ? XCC_ROLE_SAVE : XCC_ROLE_RESTORE;
	int k;

	for (k = 0; k < 4; k++) {
		xcc_mc_lm(prog, op, xcc_pa((u8)(6 + k)), 0, (s16)(8 * k));
		xcc_mc_set_role(prog, role);
		xcc_mc_lm(prog, op, xcc_pb((u8)(6 + k)), 0, (s16)(8 * k + 4));
		xcc_mc_set_role(prog, role);
	}
}

/*
 * A subprogram keeps its caller's R6-R9, both words, in the save area
 * above its l0, and its link; peep keeps the ones the subprogram writes.
 */
static void xcc_isel_subprog_saved(struct xcc_prog *prog, u8 op)
{
	u8 role = op == ME_OP_LM_ST32 ? XCC_ROLE_SAVE : XCC_ROLE_RESTORE;
	int k;

	for (k = 0; k < 8; k++) {
		xcc_mc_lm(prog, op, xcc_er((u8)(6 + k / 2), k & 1), 0, (s16)(4 * k));
		xcc_mc_set_role(prog, role);
	}
	xcc_mc_lm(prog, op, xcc_pa(XCC_REG_LINK_CALL), 0, XCC_SAVE_LINK);
	xcc_mc_set_role(prog, role);
}

static XCC_NOINLINE void xcc_isel_exit(struct xcc_prog *prog, u32 i)
{
	if (!prog->subprogs[prog->meta[i].subprog].is_prog) {
		xcc_isel_subprog_saved(prog, ME_OP_LM_LD32);
		xcc_mc_ret(prog, XCC_REG_LINK_CALL);
		return;
	}
	/*
	 * xdp_main returns the action in a0: an XDP action is 32 bits (the
	 * kernel's bpf_prog_run_xdp() returns u32), so R0's high word stays.
	 */
	xcc_mc_un(prog, ME_OP_MOV, xcc_pa(0), xcc_lo(0));
	xcc_isel_callee_saved(prog, ME_OP_LM_LD32);
	xcc_mc_lm(prog, ME_OP_LM_LD32, xcc_pa(15), 0, XCC_SAVE_LINK);
	xcc_mc_set_role(prog, XCC_ROLE_RESTORE);
	xcc_mc_ret(prog, 15);
}

/*
 * Entries.  xdp_main (isa.md 9): a1 = address of the xdp_md block in LM,
 * l0 = top of the stack with a save area above it, link a15.  Subprograms
 * are entered by xcc_isel_call() and save their link and R6-R9; tail
 * call targets by a branch from bpf_tail_call (xcc_isel_tail.c), on
 * xdp_main's frame and with its registers set up.
 */
static XCC_NOINLINE void xcc_isel_entry(struct xcc_prog *prog, u32 sp)
{
	xcc_mc_label(prog, prog->n_insns + sp);
	if (sp && prog->subprogs[sp].is_prog)
		return;
	if (sp) {
		xcc_isel_subprog_saved(prog, ME_OP_LM_ST32);
		return;
	}
	xcc_mc_label(prog, prog->label_main);
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_pa(15), 0, XCC_SAVE_LINK);
	xcc_mc_set_role(prog, XCC_ROLE_SAVE);
	xcc_isel_callee_saved(prog, ME_OP_LM_ST32);
	xcc_mc_lm_set(prog, 2, xcc_pa(1), xcc_k(prog, 0));	/* l2: the xdp_md block */
	if (prog->has_tail_call)
		xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_k(prog, 0), 2, XNIC_MD_TAIL_CALLS);
	xcc_mc_un(prog, ME_OP_MOV, xcc_lo(1), xcc_pa(1));
	xcc_isel_zero_hi(prog, 1);
	xcc_mc_add(prog, ME_OP_LM_GET)->d = xcc_lo(10);	/* r10 = l0 */
	xcc_isel_zero_hi(prog, 10);
}

static int xcc_isel_jmp(struct xcc_prog *prog, u32 i)
{
	const struct xcc_insn_meta *m = &prog->meta[i];

	if (xcc_is_helper_call(&m->insn))
		return xcc_isel_share_call(prog, i) ? 0 : xcc_isel_helper(prog, i);
	if (xcc_is_pseudo_call(&m->insn))
		xcc_isel_call(prog, i);
	else if (xcc_is_exit(&m->insn))
		xcc_isel_exit(prog, i);
	else if (xcc_is_uncond_jmp(&m->insn))
		xcc_mc_br(prog, ME_COND_AL, (u32)m->jmp_dst);
	else
		xcc_isel_cond_jmp(prog, i);
	return 0;
}

int xcc_isel_insn(struct xcc_prog *prog, u32 i)
{
	const struct bpf_insn *insn = &prog->meta[i].insn;

	switch (xcc_class(insn)) {
	case BPF_ALU64:
		xcc_isel_alu64(prog, i);
		return 0;
	case BPF_ALU:
		xcc_isel_alu32(prog, i);
		return 0;
	case BPF_LD:
		xcc_isel_ldimm64(prog, i);
		return 0;
	case BPF_LDX:
		return xcc_isel_ldx(prog, i);
	case BPF_ST:
		return xcc_isel_store(prog, i);
	case BPF_STX:
		if (BPF_MODE(insn->code) == BPF_ATOMIC)
			return xcc_isel_atomic(prog, i);
		return xcc_isel_store(prog, i);
	}
	return xcc_isel_jmp(prog, i);
}

int xcc_isel(struct xcc_prog *prog)
{
	u32 i, sp = 0;
	int run;

	/* labels: one per eBPF instruction, one per subprogram entry, then local */
	prog->mc.n_labels = prog->n_insns + prog->n_subprogs;
	prog->label_main = xcc_mc_new_label(prog);
	prog->label_harness = xcc_mc_new_label(prog);
	prog->label_udivmod = xcc_mc_new_label(prog);
	xcc_isel_printk_count(prog);
	if (xcc_isel_share_survey(prog))
		return -1;
	for (i = 0; i < prog->n_insns && !prog->error; i++) {
		const struct xcc_insn_meta *m = &prog->meta[i];

		prog->cur_bpf = i;
		if (sp < prog->n_subprogs && prog->subprogs[sp].start == i)
			xcc_isel_entry(prog, sp++);
		xcc_mc_label(prog, i);
		if (m->flags & (XCC_META_LDIMM64_HI | XCC_META_DEAD))
			continue;
		run = xcc_isel_store_run(prog, i);
		if (run < 0 || (!run && xcc_isel_insn(prog, i)))
			return -1;
		if (run)
			i += (u32)run - 1;
	}
	prog->cur_bpf = prog->n_insns;
	if (!prog->error)
		xcc_isel_runtime(prog);
	return prog->error ? -1 : 0;
}
