/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The back end's machine code list (docs/compiler.md, "Back end"): card
 * instructions (isa/me_encode.h) whose eBPF register operands are still
 * virtual until "regalloc" chooses their banks, and whose branch targets are
 * labels until "resolve" places them.
 */
#ifndef XCC_MACH_H
#define XCC_MACH_H

#include "me_isa.h"
#include "me_encode.h"

/* Operand kinds before register allocation. */
enum xcc_mop_kind {
	XCC_MOP_NONE,
	XCC_MOP_EREG,		/* eBPF register word: idx = reg * 2 + hi */
	XCC_MOP_A,		/* physical A-bank register */
	XCC_MOP_B,		/* physical B-bank register */
	XCC_MOP_XR,
	XCC_MOP_XW,
	XCC_MOP_IMM,		/* 16-bit I field: IMM_Z, or IMM_S when sext */
};

struct xcc_mop {
	u8 kind;
	u8 idx;
	u8 sext;		/* XCC_MOP_IMM: sign-extended form */
	u16 imm;		/* XCC_MOP_IMM: the I field */
};

/* Register plan (docs/compiler.md, "Registers"), 4-context mode: 32 per bank. */
#define XCC_REG_LO(n)		(n)		/* eBPF Rn low word: index n */
#define XCC_REG_HI(n)		(11 + (n))	/* high word: 11 + n */
#define XCC_TMP_FIRST		22		/* temporaries a22..a27, b22..b27 */
#define XCC_TMP_COUNT		6
#define XCC_REG_CONST		28		/* constants too wide for the I field */
#define XCC_REG_LINK_CALL	29		/* a29: BPF-to-BPF return address */
#define XCC_REG_LINK_RT		30		/* a30: runtime routine return address */
#define XCC_REG_LINK_HELPER	30		/* b30: shared helper routine return address */
#define XCC_REG_FIXUP		31		/* bank-rule moves (regalloc) */

#define XCC_MI_LABEL		ME_OP_LIMIT	/* pseudo: a label, target = id */

/* What peep may drop (xcc_peep.c): xdp_main's saves and restores. */
enum xcc_minsn_role {
	XCC_ROLE_NONE,
	XCC_ROLE_SAVE,			/* entry: a callee-saved GPR or the link to LM */
	XCC_ROLE_RESTORE,		/* exit: the same back */
};

struct xcc_minsn {
	struct me_insn mi;		/* opcode and non-register fields */
	struct xcc_mop d, a, b;		/* dst, srca, srcb */
	s32 target;			/* branch, call or label id; -1 */
	u32 bpf;			/* the eBPF instruction it implements */
	u8 role;			/* enum xcc_minsn_role */
};

/* Labels: eBPF instruction i is label i; the rest are allocated after. */
struct xcc_mcode {
	struct xcc_minsn *insns;
	u32 n, cap;
	u32 n_labels;
	u32 *label_pc;			/* resolve: label -> card address */
	u64 *words;			/* emit: encoded code */
	u32 n_words;
	u8 bank[XCC_NR_REGS];		/* regalloc: 0 = A, 1 = B per eBPF reg */
	u32 fixups;			/* regalloc: moves added for the bank rule */
	struct xcc_minsn sink;		/* absorbs appends after an error */
};

#endif
