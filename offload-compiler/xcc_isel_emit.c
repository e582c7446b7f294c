// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Building the machine code list for instruction selection: one small
 * constructor per instruction format, operands before register allocation
 * (xcc_mach.h).  Allocation failures become the sticky error; later
 * appends are then dropped, so callers need not check each one.
 */
#include "xcc_priv.h"

static int xcc_mc_grow(struct xcc_prog *prog)
{
	struct xcc_mcode *mc = &prog->mc;
	u32 cap = mc->cap ? mc->cap * 2 : 256;
	struct xcc_minsn *n;

	if (cap > (1u << 20)) {
		xcc_fail(prog, XCC_E_UNSUPPORTED, prog->cur_bpf, "program too large for the card");
		return -1;
	}
	n = xcc_calloc(prog, cap, sizeof(*n));
	if (!n)
		return -1;
	if (mc->insns)
		memcpy(n, mc->insns, mc->n * sizeof(*n));
	xcc_free(prog, mc->insns);
	mc->insns = n;
	mc->cap = cap;
	return 0;
}

struct xcc_minsn *xcc_mc_add(struct xcc_prog *prog, enum me_opcode op)
{
	struct xcc_mcode *mc = &prog->mc;
	struct xcc_minsn *m;

	if (prog->error || (mc->n == mc->cap && xcc_mc_grow(prog))) {
		memset(&mc->sink, 0, sizeof(mc->sink));
		return &mc->sink;
	}
	m = &mc->insns[mc->n++];
	memset(m, 0, sizeof(*m));
	m->mi.op = op;
	m->target = -1;
	m->bpf = prog->cur_bpf;
	return m;
}

/* Marks the instruction appended last (enum xcc_minsn_role). */
void xcc_mc_set_role(struct xcc_prog *prog, u8 role)
{
	if (!prog->error && prog->mc.n)
		prog->mc.insns[prog->mc.n - 1].role = role;
}

u32 xcc_mc_new_label(struct xcc_prog *prog)
{
	return prog->mc.n_labels++;
}

void xcc_mc_label(struct xcc_prog *prog, u32 label)
{
	xcc_mc_add(prog, XCC_MI_LABEL)->target = (s32)label;
}

struct xcc_mop xcc_er(u8 reg, int hi)
{
	struct xcc_mop o = { XCC_MOP_EREG, (u8)(reg * 2 + !!hi), 0, 0 };

	return o;
}

struct xcc_mop xcc_pa(u8 idx)
{
	struct xcc_mop o = { XCC_MOP_A, idx, 0, 0 };

	return o;
}

struct xcc_mop xcc_pb(u8 idx)
{
	struct xcc_mop o = { XCC_MOP_B, idx, 0, 0 };

	return o;
}

struct xcc_mop xcc_xr(u8 idx)
{
	struct xcc_mop o = { XCC_MOP_XR, idx, 0, 0 };

	return o;
}

struct xcc_mop xcc_xw(u8 idx)
{
	struct xcc_mop o = { XCC_MOP_XW, idx, 0, 0 };

	return o;
}

/*
 * A 32-bit constant as a B operand: the I field when it fits (docs/isa.md
 * 4.1: 0..0xffff zero-extended, 0xffff8000.. sign-extended), otherwise built
 * in the constant register with mov + immed_hi.
 */
struct xcc_mop xcc_k(struct xcc_prog *prog, u32 value)
{
	struct xcc_mop o = { XCC_MOP_IMM, 0, value > 0xffff, (u16)value };
	struct xcc_minsn *m;

	if (value <= 0xffff || value >= 0xffff8000u)
		return o;
	o.sext = 0;
	m = xcc_mc_add(prog, ME_OP_MOV);
	m->d = xcc_pa(XCC_REG_CONST);
	m->b = o;
	m = xcc_mc_add(prog, ME_OP_IMMED_HI);
	m->d = xcc_pa(XCC_REG_CONST);
	m->mi.imm = (u16)(value >> 16);
	return xcc_pa(XCC_REG_CONST);
}

void xcc_mc_alu(struct xcc_prog *prog, enum me_opcode op, struct xcc_mop d, struct xcc_mop a,
		struct xcc_mop b)
{
	struct xcc_minsn *m = xcc_mc_add(prog, op);

	m->d = d;
	m->a = a;
	m->b = b;
}

void xcc_mc_un(struct xcc_prog *prog, enum me_opcode op, struct xcc_mop d, struct xcc_mop b)
{
	struct xcc_minsn *m = xcc_mc_add(prog, op);

	m->d = d;
	m->b = b;
}

void xcc_mc_cmp(struct xcc_prog *prog, enum me_opcode op, struct xcc_mop a, struct xcc_mop b)
{
	struct xcc_minsn *m = xcc_mc_add(prog, op);

	m->a = a;
	m->b = b;
}

void xcc_mc_br(struct xcc_prog *prog, enum me_cond cond, u32 label)
{
	struct xcc_minsn *m = xcc_mc_add(prog, ME_OP_BR);

	m->mi.cond = cond;
	m->target = (s32)label;
}

/*
 * A constant into d: a GPR too wide for the I field builds it itself with
 * mov + immed_hi (isa.md 4.1), with no detour through the constant register.
 */
void xcc_mc_mov32(struct xcc_prog *prog, struct xcc_mop d, u32 value)
{
	struct xcc_mop lo16 = { XCC_MOP_IMM, 0, 0, (u16)value };
	struct xcc_minsn *m;

	if (value <= 0xffff || value >= 0xffff8000u ||
	    (d.kind != XCC_MOP_EREG && d.kind != XCC_MOP_A && d.kind != XCC_MOP_B)) {
		xcc_mc_un(prog, ME_OP_MOV, d, xcc_k(prog, value));
		return;
	}
	xcc_mc_un(prog, ME_OP_MOV, d, lo16);
	m = xcc_mc_add(prog, ME_OP_IMMED_HI);
	m->d = d;
	m->mi.imm = (u16)(value >> 16);
}

/* lm_ld* (reg is the destination) or lm_st* (reg is the value). */
void xcc_mc_lm(struct xcc_prog *prog, enum me_opcode op, struct xcc_mop reg, u8 lmi, s16 off)
{
	struct xcc_minsn *m = xcc_mc_add(prog, op);

	if (op >= ME_OP_LM_ST8 && op <= ME_OP_LM_ST32)
		m->b = reg;
	else
		m->d = reg;
	m->mi.lmi = lmi;
	m->mi.lmoff = off;
}

void xcc_mc_lm_set(struct xcc_prog *prog, u8 lmi, struct xcc_mop a, struct xcc_mop b)
{
	struct xcc_minsn *m = xcc_mc_add(prog, ME_OP_LM_SET);

	m->mi.lmi = lmi;
	m->a = a;
	m->b = b;
}

/* A memory command that waits for its completion (sched may relax it). */
void xcc_mc_mem(struct xcc_prog *prog, enum me_opcode op, u8 space, u8 xfer, struct xcc_mop a,
		struct xcc_mop b, u8 len)
{
	struct xcc_minsn *m = xcc_mc_add(prog, op);

	m->d = op == ME_OP_MEM_RD ? xcc_xr(xfer) : xcc_xw(xfer);
	m->a = a;
	m->b = b;
	m->mi.space = space;
	m->mi.len = len;
	m->mi.sig = 1;
	m->mi.swap = 1;
}

void xcc_mc_csr(struct xcc_prog *prog, struct xcc_mop d, u16 csr)
{
	struct xcc_minsn *m = xcc_mc_add(prog, ME_OP_CSR_RD);

	m->d = d;
	m->mi.csr = csr;
}

void xcc_mc_call(struct xcc_prog *prog, u8 link, u32 label)
{
	struct xcc_minsn *m = xcc_mc_add(prog, ME_OP_CALL);

	m->d = xcc_pa(link);
	m->target = (s32)label;
}

void xcc_mc_ret(struct xcc_prog *prog, u8 link)
{
	struct xcc_minsn *m = xcc_mc_add(prog, ME_OP_RET);

	m->a = xcc_pa(link);
}
