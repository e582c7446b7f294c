// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The eBPF opcodes of Linux 6.1 that may appear in a verified XDP program,
 * listed once (as kernel/bpf/core.c's BPF_INSN_MAP does).  LD_ABS/LD_IND are
 * absent: the verifier only allows them in socket filters.
 */
#include "xcc_priv.h"

#define XCC_ALU_BINOPS(X, cls)						\
	X(cls | BPF_ADD) X(cls | BPF_SUB) X(cls | BPF_MUL) X(cls | BPF_DIV)	\
	X(cls | BPF_OR) X(cls | BPF_AND) X(cls | BPF_LSH) X(cls | BPF_RSH)	\
	X(cls | BPF_MOD) X(cls | BPF_XOR) X(cls | BPF_MOV) X(cls | BPF_ARSH)

#define XCC_JMP_CONDS(X, cls)						\
	X(cls | BPF_JEQ) X(cls | BPF_JGT) X(cls | BPF_JGE) X(cls | BPF_JSET)	\
	X(cls | BPF_JNE) X(cls | BPF_JSGT) X(cls | BPF_JSGE) X(cls | BPF_JLT)	\
	X(cls | BPF_JLE) X(cls | BPF_JSLT) X(cls | BPF_JSLE)

#define XCC_SIZES(X, cls)						\
	X(cls | BPF_MEM | BPF_B) X(cls | BPF_MEM | BPF_H)			\
	X(cls | BPF_MEM | BPF_W) X(cls | BPF_MEM | BPF_DW)

/* Operations with a K (imm) and an X (src_reg) form. */
#define XCC_KX(code)	[(code) | BPF_K] = 1, [(code) | BPF_X] = 1,
#define XCC_ONE(code)	[(code)] = 1,

static const u8 xcc_opcode_table[256] = {
	XCC_ALU_BINOPS(XCC_KX, BPF_ALU)
	XCC_ALU_BINOPS(XCC_KX, BPF_ALU64)
	XCC_ONE(BPF_ALU | BPF_NEG)
	XCC_ONE(BPF_ALU64 | BPF_NEG)
	XCC_ONE(BPF_ALU | BPF_END | BPF_TO_LE)
	XCC_ONE(BPF_ALU | BPF_END | BPF_TO_BE)
	XCC_JMP_CONDS(XCC_KX, BPF_JMP)
	XCC_JMP_CONDS(XCC_KX, BPF_JMP32)
	XCC_ONE(BPF_JMP | BPF_JA)
	XCC_ONE(BPF_JMP | BPF_CALL)
	XCC_ONE(BPF_JMP | BPF_EXIT)
	XCC_ONE(BPF_LD | BPF_IMM | BPF_DW)
	XCC_SIZES(XCC_ONE, BPF_LDX)
	XCC_SIZES(XCC_ONE, BPF_STX)
	XCC_SIZES(XCC_ONE, BPF_ST)
	XCC_ONE(BPF_STX | BPF_ATOMIC | BPF_W)
	XCC_ONE(BPF_STX | BPF_ATOMIC | BPF_DW)
};

int xcc_opcode_valid(u8 code)
{
	return xcc_opcode_table[code];
}
