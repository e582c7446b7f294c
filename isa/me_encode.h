/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Encode and decode microengine instruction words (docs/isa.md section 4).
 * struct me_insn is the unpacked form the assembler, the disassembler and
 * the offload compiler build; me_encode() and me_decode() check every field
 * against docs/isa.md so that only canonical words ever exist.
 */
#ifndef ME_ENCODE_H
#define ME_ENCODE_H

#include <stddef.h>
#include <stdint.h>
#include "me_isa.h"

struct me_operand {
	uint8_t kind;	/* ME_OPK_* */
	uint8_t index;	/* register number; 0 for NONE and immediates */
};

/*
 * One instruction.  Only the fields of op's format are used; the others
 * must be zero.  imm holds the I field: the immediate of an IMM_Z/IMM_S
 * B operand, the immediate of immed_hi, a branch or call target, the
 * ctx_wait signal mask.
 */
struct me_insn {
	enum me_opcode op;
	struct me_operand dst, srca, srcb;
	uint16_t imm;
	uint8_t cond;		/* BR, BRCMP, BRCMPI: enum me_cond */
	uint8_t bit;		/* BRBIT: 0..31 */
	uint8_t pos, width;	/* EXT/INS: width 1..32, pos + width <= 32 */
	uint8_t lmi;		/* LM*: index register 0..3 */
	int16_t lmoff;		/* LM*: byte offset -2048..2047 */
	uint8_t space;		/* MEM/DMA: enum me_space */
	uint8_t len;		/* MEM: bytes 1..64 (atomics: 4 or 8) */
	uint8_t sig;		/* MEM/IO/DMA: signal 0..15 */
	uint8_t swap;		/* MEM/IO/DMA: 1 = wait for sig right away */
	uint16_t csr;		/* CSRRD/CSRWR */
	int16_t cmpimm;		/* BRCMPI: the B immediate, -2048..2047 */
};

struct me_opinfo {
	const char *mnemonic;
	enum me_format format;
	uint8_t cycles;
	uint8_t flags;		/* ME_F_* */
};

/* Operand syntax of a format, e.g. "D, A, B" (docs/isa.md section 5). */
const char *me_format_syntax(enum me_format fmt);
/* Table entry for an opcode, or NULL when the byte is not an opcode. */
const struct me_opinfo *me_opinfo(unsigned opcode);
/* 1 for the formats whose I field is a branch or call target. */
int me_format_has_target(enum me_format fmt);
/* 1 for the formats whose mnemonic takes a .cond suffix (br, br_cmp, br_cmpi). */
int me_format_has_cond(enum me_format fmt);
/* Opcode for a mnemonic (without .cond/.space suffix), or -1. */
int me_opcode_by_name(const char *mnemonic, size_t len);

const char *me_cond_name(unsigned cond);
int me_cond_by_name(const char *name, size_t len);
const char *me_space_name(unsigned space);
int me_space_by_name(const char *name, size_t len);
const char *me_csr_name(unsigned csr);		/* NULL if not local */

/* Operand helpers for builders. */
struct me_operand me_gpr_a(unsigned n);
struct me_operand me_gpr_b(unsigned n);
struct me_operand me_xr(unsigned n);
struct me_operand me_xw(unsigned n);
/* Sets *op to an IMM_Z or IMM_S operand and *imm to the I field; -1 if
 * value is outside 0..0xffff and -0x8000..-1 (build it with immed_hi). */
int me_operand_imm(int64_t value, struct me_operand *op, uint16_t *imm);
/* Value of a source operand that is an immediate. */
uint32_t me_operand_imm_value(struct me_operand op, uint16_t imm);

/*
 * Check insn against docs/isa.md: fields in range, operand kinds allowed in
 * each slot, the bank rule (section 3.1), register numbers below gprs
 * (16 in 8-context mode, 32 in 4-context mode).  Returns 0, or -1 with a
 * message in err.
 */
int me_insn_check(const struct me_insn *insn, unsigned gprs,
		  char *err, size_t errlen);
/* me_insn_check() with 32 GPRs, then pack.  0 or -1 with err. */
int me_encode(const struct me_insn *insn, uint64_t *word,
	      char *err, size_t errlen);
/* Unpack and check (32 GPRs); rejects reserved bits and non-canonical
 * immediates.  0 or -1 with err. */
int me_decode(uint64_t word, struct me_insn *insn, char *err, size_t errlen);

/* Assembler syntax of insn (docs/isa.md section 9); targets print as
 * numbers unless label() names them.  Returns the length written. */
typedef const char *(*me_label_fn)(void *opaque, uint32_t target);
int me_format_insn(const struct me_insn *insn, char *buf, size_t len,
		   me_label_fn label, void *opaque);

#endif /* ME_ENCODE_H */
