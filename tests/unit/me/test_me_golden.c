/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Golden encodings (docs/isa.md sections 3.2, 4, 5, 8).  test_me_encode.c
 * round-trips words through the encoder, the decoder and the assembler, so
 * an encoding changed consistently in ME_ISA_OPCODES or in the packing code
 * would still pass there.  Here every word was computed by hand from the
 * bit layout of docs/isa.md section 4 and written down as a literal: the
 * encoder must produce it, the decoder must give back the fields, the
 * disassembler the text, and the assembler the word again.  The opcode,
 * condition, space and CSR numbers are copied from the document's tables,
 * not from isa/me_isa.h.
 *
 * Word layout (section 4):  opcode 63..56 | D 55..48 | A 47..40 | B 39..32
 * | X 31..16 | I 15..0.  Operand byte (4.1): kind << 5 | register, kinds
 * GPR_A 1 (0x20), GPR_B 2 (0x40), XR 3 (0x60), XW 4 (0x80), IMM_Z 5 (0xa0),
 * IMM_S 6 (0xc0).  The comments spell each word as OP D A B XXXX IIII.
 */
#include <stdio.h>
#include <string.h>

#include "me_test.h"

struct me_gold {
	uint64_t word;		/* by hand from docs/isa.md section 4 */
	const char *text;	/* the disassembly (section 11 syntax) */
	struct me_insn insn;	/* the fields the word holds */
};

static const struct me_gold me_gold_words[] = {
	/* ---- NONE: no operands, everything but the opcode 0 ---- */
	/* 00 00 00 00 0000 0000 */
	{ 0x0000000000000000ull, "nop", { .op = ME_OP_NOP } },
	/* 01 00 00 00 0000 0000 */
	{ 0x0100000000000000ull, "halt", { .op = ME_OP_HALT } },
	/* 02 00 00 00 0000 0000 */
	{ 0x0200000000000000ull, "ctx_swap", { .op = ME_OP_CTX_SWAP } },

	/* ---- WAIT: signal mask in I ---- */
	/* 03 00 00 00 0000 0012 */
	{ 0x0300000000000012ull, "ctx_wait #0x12", { .op = ME_OP_CTX_WAIT, .imm = 0x12 } },

	/* ---- UNARY: D, B ---- */
	/* 08 a3=0x23 00 IMM_Z=0xa0 0000 1234 */
	{ 0x082300a000001234ull, "mov a3, #0x1234",
	  { .op = ME_OP_MOV, .dst = A(3), .srcb = IMMZ, .imm = 0x1234 } },
	/* 09 $xw5=0x85 00 b9=0x49 0000 0000 */
	{ 0x0985004900000000ull, "not $xw5, b9",
	  { .op = ME_OP_NOT, .dst = XW(5), .srcb = B(9) } },
	/* 0b b2=0x42 00 IMM_S=0xc0 0000 fffe (-2) */
	{ 0x0b4200c00000fffeull, "bswap16 b2, #-2",
	  { .op = ME_OP_BSWAP16, .dst = B(2), .srcb = IMMS, .imm = 0xfffe } },

	/* ---- IMMHI: D, #imm16 in I ---- */
	/* 0c a1=0x21 00 00 0000 1234 */
	{ 0x0c21000000001234ull, "immed_hi a1, #0x1234",
	  { .op = ME_OP_IMMED_HI, .dst = A(1), .imm = 0x1234 } },

	/* ---- ALU: D, A, B ---- */
	/* 10 a0=0x20 a1=0x21 b2=0x42 0000 0000 */
	{ 0x1020214200000000ull, "add a0, a1, b2",
	  { .op = ME_OP_ADD, .dst = A(0), .srca = A(1), .srcb = B(2) } },
	/* 12 b31=0x5f $xr3=0x63 IMM_Z=0xa0 0000 0005 */
	{ 0x125f63a000000005ull, "sub b31, $xr3, #5",
	  { .op = ME_OP_SUB, .dst = B(31), .srca = XR(3), .srcb = IMMZ, .imm = 5 } },
	/* 23 $xw15=0x8f b4=0x44 a7=0x27 0000 0000 */
	{ 0x238f442700000000ull, "remu $xw15, b4, a7",
	  { .op = ME_OP_REMU, .dst = XW(15), .srca = B(4), .srcb = A(7) } },
	/* 1a a2=0x22 b1=0x41 IMM_S=0xc0 0000 ffff (-1) */
	{ 0x1a2241c00000ffffull, "asr a2, b1, #-1",
	  { .op = ME_OP_ASR, .dst = A(2), .srca = B(1), .srcb = IMMS, .imm = 0xffff } },

	/* ---- CMP: A, B ---- */
	/* 30 00 a2=0x22 IMM_Z=0xa0 0000 000e */
	{ 0x300022a00000000eull, "cmp a2, #0xe",
	  { .op = ME_OP_CMP, .srca = A(2), .srcb = IMMZ, .imm = 14 } },
	/* 32 00 $xr0=0x60 b1=0x41 0000 0000 */
	{ 0x3200604100000000ull, "tst $xr0, b1",
	  { .op = ME_OP_TST, .srca = XR(0), .srcb = B(1) } },

	/* ---- EXT: D, A; X = pos 4..0 | width-1 9..5 ---- */
	/* 28 a0=0x20 b1=0x41 00 X=8|15<<5=01e8 0000 */
	{ 0x2820410001e80000ull, "ext a0, b1, #8, #16",
	  { .op = ME_OP_EXT, .dst = A(0), .srca = B(1), .pos = 8, .width = 16 } },
	/* 28 b3=0x43 a4=0x24 00 X=0|31<<5=03e0 0000 */
	{ 0x2843240003e00000ull, "ext b3, a4, #0, #32",
	  { .op = ME_OP_EXT, .dst = B(3), .srca = A(4), .pos = 0, .width = 32 } },

	/* ---- INS: D, A, B; X as EXT ---- */
	/* 29 a5=0x25 a5=0x25 b6=0x46 X=4|11<<5=0164 0000 */
	{ 0x2925254601640000ull, "ins a5, a5, b6, #4, #12",
	  { .op = ME_OP_INS, .dst = A(5), .srca = A(5), .srcb = B(6), .pos = 4,
	    .width = 12 } },
	/* 29 b0=0x40 b0=0x40 IMM_Z=0xa0 X=31|0<<5=001f 01ff */
	{ 0x294040a0001f01ffull, "ins b0, b0, #0x1ff, #31, #1",
	  { .op = ME_OP_INS, .dst = B(0), .srca = B(0), .srcb = IMMZ, .imm = 0x1ff,
	    .pos = 31, .width = 1 } },

	/* ---- BR: X = condition 3..0 (section 3.2 codes), target in I ---- */
	/* 38 00 00 00 0000 0005: al = 0 */
	{ 0x3800000000000005ull, "br 5", { .op = ME_OP_BR, .imm = 5 } },
	/* 38 00 00 00 000e 1234: le = 14 */
	{ 0x38000000000e1234ull, "br.le 4660",
	  { .op = ME_OP_BR, .cond = ME_COND_LE, .imm = 0x1234 } },
	/* 38 00 00 00 0009 0007: hi = 9 */
	{ 0x3800000000090007ull, "br.hi 7", { .op = ME_OP_BR, .cond = ME_COND_HI, .imm = 7 } },

	/* ---- BRBIT: A; X = bit 4..0; target in I ---- */
	/* 39 00 a7=0x27 00 001f 0064 */
	{ 0x39002700001f0064ull, "br_bset a7, #31, 100",
	  { .op = ME_OP_BR_BSET, .srca = A(7), .bit = 31, .imm = 100 } },
	/* 3a 00 $xr1=0x61 00 0000 0002 */
	{ 0x3a00610000000002ull, "br_bclr $xr1, #0, 2",
	  { .op = ME_OP_BR_BCLR, .srca = XR(1), .bit = 0, .imm = 2 } },

	/* ---- BRCMP: A, B; X = condition 3..0; target in I ---- */
	/* 3d 00 a2=0x22 b3=0x43 0001 0005: eq = 1 */
	{ 0x3d00224300010005ull, "br_cmp.eq a2, b3, 5",
	  { .op = ME_OP_BR_CMP, .cond = ME_COND_EQ, .srca = A(2), .srcb = B(3), .imm = 5 } },
	/* 3d 00 $xr1=0x61 a9=0x29 000c 0300: lt = 12 */
	{ 0x3d006129000c0300ull, "br_cmp.lt $xr1, a9, 768",
	  { .op = ME_OP_BR_CMP, .cond = ME_COND_LT, .srca = XR(1), .srcb = A(9),
	    .imm = 0x300 } },

	/* ---- BRCMPI: A; X = condition 3..0, signed immediate 15..4; target in I ---- */
	/* 3e 00 $xr1=0x61 00 X=0xfff<<4|9=fff9 0010: hi = 9, -1 */
	{ 0x3e006100fff90010ull, "br_cmpi.hi $xr1, #-1, 16",
	  { .op = ME_OP_BR_CMPI, .cond = ME_COND_HI, .srca = XR(1), .cmpimm = -1,
	    .imm = 16 } },
	/* 3e 00 b5=0x45 00 X=0x7ff<<4|2=7ff2 0001: ne = 2, 2047 */
	{ 0x3e0045007ff20001ull, "br_cmpi.ne b5, #0x7ff, 1",
	  { .op = ME_OP_BR_CMPI, .cond = ME_COND_NE, .srca = B(5), .cmpimm = 2047,
	    .imm = 1 } },
	/* 3e 00 a0=0x20 00 X=0x800<<4|3=8003 ffff: lo = 3, -2048 */
	{ 0x3e0020008003ffffull, "br_cmpi.lo a0, #-2048, 65535",
	  { .op = ME_OP_BR_CMPI, .cond = ME_COND_LO, .srca = A(0), .cmpimm = -2048,
	    .imm = 0xffff } },

	/* ---- CALL: D, target in I ---- */
	/* 3b a15=0x2f 00 00 0000 012c */
	{ 0x3b2f00000000012cull, "call a15, 300",
	  { .op = ME_OP_CALL, .dst = A(15), .imm = 300 } },

	/* ---- RET: A ---- */
	/* 3c 00 a15=0x2f 00 0000 0000 */
	{ 0x3c002f0000000000ull, "ret a15", { .op = ME_OP_RET, .srca = A(15) } },

	/* ---- CSRRD: D; X = CSR number (section 8) ---- */
	/* 48 a0=0x20 00 00 0006 0000: csr_pkt_buf = 6 */
	{ 0x4820000000060000ull, "csr_rd a0, csr_pkt_buf",
	  { .op = ME_OP_CSR_RD, .dst = A(0), .csr = 6 } },
	/* 48 b1=0x41 00 00 0104 0000: the card's HOST_IFINDEX */
	{ 0x4841000001040000ull, "csr_rd b1, #0x104",
	  { .op = ME_OP_CSR_RD, .dst = B(1), .csr = 0x104 } },

	/* ---- CSRWR: B; X = CSR number ---- */
	/* 49 00 00 a2=0x22 0100 0000: the card's VERDICT */
	{ 0x4900002201000000ull, "csr_wr a2, #0x100",
	  { .op = ME_OP_CSR_WR, .srcb = A(2), .csr = 0x100 } },
	/* 49 00 00 IMM_Z=0xa0 ffff abcd */
	{ 0x490000a0ffffabcdull, "csr_wr #0xabcd, #0xffff",
	  { .op = ME_OP_CSR_WR, .srcb = IMMZ, .imm = 0xabcd, .csr = 0xffff } },

	/* ---- LMLD: D; X = index 1..0 | signed offset 15..4 ---- */
	/* 42 a0=0x20 00 00 X=(-4 & 0xfff)<<4|0=ffc0 0000 */
	{ 0x42200000ffc00000ull, "lm_ld32 a0, l0[-4]",
	  { .op = ME_OP_LM_LD32, .dst = A(0), .lmi = 0, .lmoff = -4 } },
	/* 40 $xw3=0x83 00 00 X=2047<<4|3=7ff3 0000 */
	{ 0x408300007ff30000ull, "lm_ld8 $xw3, l3[2047]",
	  { .op = ME_OP_LM_LD8, .dst = XW(3), .lmi = 3, .lmoff = 2047 } },
	/* 41 b2=0x42 00 00 X=(-2048 & 0xfff)<<4|1=8001 0000 */
	{ 0x4142000080010000ull, "lm_ld16 b2, l1[-2048]",
	  { .op = ME_OP_LM_LD16, .dst = B(2), .lmi = 1, .lmoff = -2048 } },

	/* ---- LMST: B; X as LMLD ---- */
	/* 44 00 00 b1=0x41 X=8<<4|2=0082 0000 */
	{ 0x4400004100820000ull, "lm_st16 b1, l2[8]",
	  { .op = ME_OP_LM_ST16, .srcb = B(1), .lmi = 2, .lmoff = 8 } },
	/* 43 00 00 IMM_Z=0xa0 X=(-1 & 0xfff)<<4|1=fff1 00ff */
	{ 0x430000a0fff100ffull, "lm_st8 #0xff, l1[-1]",
	  { .op = ME_OP_LM_ST8, .srcb = IMMZ, .imm = 0xff, .lmi = 1, .lmoff = -1 } },

	/* ---- LMSET: A, B; X = index 1..0 ---- */
	/* 46 00 a6=0x26 IMM_S=0xc0 0000 ffc0 (-64) */
	{ 0x460026c00000ffc0ull, "lm_set l0, a6, #-64",
	  { .op = ME_OP_LM_SET, .srca = A(6), .srcb = IMMS, .imm = 0xffc0, .lmi = 0 } },
	/* 46 00 b0=0x40 $xr7=0x67 0003 0000 */
	{ 0x4600406700030000ull, "lm_set l3, b0, $xr7",
	  { .op = ME_OP_LM_SET, .srca = B(0), .srcb = XR(7), .lmi = 3 } },

	/* ---- LMGET: D; X = index 1..0 ---- */
	/* 47 a9=0x29 00 00 0002 0000 */
	{ 0x4729000000020000ull, "lm_get a9, l2",
	  { .op = ME_OP_LM_GET, .dst = A(9), .lmi = 2 } },

	/* ---- MEM: X = space 1..0 | len-1 7..2 | signal 11..8 | swap 12 ---- */
	/* 50 $xr0=0x60 a2=0x22 IMM_Z=0xa0 X=2|3<<2|1<<8|1<<12=110e 0008
	 * (section 7's example load) */
	{ 0x506022a0110e0008ull, "mem_rd.emem $xr0, a2, #8, #4, sig1, swap",
	  { .op = ME_OP_MEM_RD, .dst = XR(0), .srca = A(2), .srcb = IMMZ, .imm = 8,
	    .space = ME_SPACE_EMEM, .len = 4, .sig = 1, .swap = 1 } },
	/* 51 $xw0=0x80 b3=0x43 a4=0x24 X=0|63<<2|15<<8=0ffc 0000 */
	{ 0x518043240ffc0000ull, "mem_wr.pkt $xw0, b3, a4, #64, sig15",
	  { .op = ME_OP_MEM_WR, .dst = XW(0), .srca = B(3), .srcb = A(4),
	    .space = ME_SPACE_PKT, .len = 64, .sig = 15 } },
	/* 57 $xw4=0x84 a0=0x20 IMM_Z=0xa0 X=1|7<<2|0<<8=001d 0000 */
	{ 0x578420a0001d0000ull, "mem_cas.imem $xw4, a0, #0, #8, sig0",
	  { .op = ME_OP_MEM_CAS, .dst = XW(4), .srca = A(0), .srcb = IMMZ,
	    .space = ME_SPACE_IMEM, .len = 8, .sig = 0 } },
	/* 52 $xw0=0x80 b5=0x45 IMM_S=0xc0 X=2|3<<2|3<<8|1<<12=130e fff8 (-8) */
	{ 0x528045c0130efff8ull, "mem_add.emem $xw0, b5, #-8, #4, sig3, swap",
	  { .op = ME_OP_MEM_ADD, .dst = XW(0), .srca = B(5), .srcb = IMMS, .imm = 0xfff8,
	    .space = ME_SPACE_EMEM, .len = 4, .sig = 3, .swap = 1 } },

	/* ---- IO: D; X = signal 11..8 | swap 12 ---- */
	/* 60 $xr0=0x60 00 00 X=1<<8|1<<12=1100 0000 */
	{ 0x6060000011000000ull, "pkt_rx $xr0, sig1, swap",
	  { .op = ME_OP_PKT_RX, .dst = XR(0), .sig = 1, .swap = 1 } },
	/* 61 $xw13=0x8d 00 00 X=2<<8=0200 0000 */
	{ 0x618d000002000000ull, "pkt_tx $xw13, sig2",
	  { .op = ME_OP_PKT_TX, .dst = XW(13), .sig = 2 } },

	/* ---- DMA: D; X = space 1..0 | signal 11..8 | swap 12 ---- */
	/* 62 $xw0=0x80 00 00 X=2|4<<8|1<<12=1402 0000 */
	{ 0x6280000014020000ull, "dma_to_host.emem $xw0, sig4, swap",
	  { .op = ME_OP_DMA_TO_HOST, .dst = XW(0), .space = ME_SPACE_EMEM, .sig = 4,
	    .swap = 1 } },
	/* 63 $xw12=0x8c 00 00 X=0|3<<8=0300 0000 */
	{ 0x638c000003000000ull, "dma_from_host.pkt $xw12, sig3",
	  { .op = ME_OP_DMA_FROM_HOST, .dst = XW(12), .space = ME_SPACE_PKT, .sig = 3 } },
};
#define ME_GOLD_N (sizeof(me_gold_words) / sizeof(me_gold_words[0]))

/* The first field where got differs from want, or NULL. */
static const char *me_gold_diff(const struct me_insn *got, const struct me_insn *want)
{
#define ME_GOLD_CMP(f) if (got->f != want->f) return #f
	ME_GOLD_CMP(op);
	ME_GOLD_CMP(dst.kind);
	ME_GOLD_CMP(dst.index);
	ME_GOLD_CMP(srca.kind);
	ME_GOLD_CMP(srca.index);
	ME_GOLD_CMP(srcb.kind);
	ME_GOLD_CMP(srcb.index);
	ME_GOLD_CMP(imm);
	ME_GOLD_CMP(cond);
	ME_GOLD_CMP(bit);
	ME_GOLD_CMP(pos);
	ME_GOLD_CMP(width);
	ME_GOLD_CMP(lmi);
	ME_GOLD_CMP(lmoff);
	ME_GOLD_CMP(space);
	ME_GOLD_CMP(len);
	ME_GOLD_CMP(sig);
	ME_GOLD_CMP(swap);
	ME_GOLD_CMP(csr);
#undef ME_GOLD_CMP
	return NULL;
}

START_TEST(me_gold_encode)
{
	const struct me_gold *g = &me_gold_words[_i];
	char err[256] = "";
	uint64_t w = 0;

	ck_assert_msg(me_encode(&g->insn, &w, err, sizeof(err)) == 0, "%s: %s", g->text, err);
	ck_assert_msg(w == g->word, "%s: encoded 0x%016llx, docs/isa.md gives 0x%016llx",
		      g->text, (unsigned long long)w, (unsigned long long)g->word);
}
END_TEST

START_TEST(me_gold_decode)
{
	const struct me_gold *g = &me_gold_words[_i];
	struct me_insn in;
	char err[256] = "", text[160];
	const char *field;

	ck_assert_msg(me_decode(g->word, &in, err, sizeof(err)) == 0, "0x%016llx (%s): %s",
		      (unsigned long long)g->word, g->text, err);
	field = me_gold_diff(&in, &g->insn);
	ck_assert_msg(!field, "0x%016llx (%s): decoded %s differs",
		      (unsigned long long)g->word, g->text, field);
	me_format_insn(&in, text, sizeof(text), NULL, NULL);
	ck_assert_msg(!strcmp(text, g->text), "0x%016llx disassembles to '%s', expected '%s'",
		      (unsigned long long)g->word, text, g->text);
}
END_TEST

START_TEST(me_gold_assemble)
{
	const struct me_gold *g = &me_gold_words[_i];
	struct me_image img;
	char src[256];

	snprintf(src, sizeof(src), "\t.contexts 4\n\t%s\n", g->text);
	me_test_assemble(src, &img);
	ck_assert_uint_eq(img.ncode, 1);
	ck_assert_msg(img.code[0] == g->word, "'%s' assembled to 0x%016llx, docs/isa.md gives "
		      "0x%016llx", g->text, (unsigned long long)img.code[0],
		      (unsigned long long)g->word);
	me_image_free(&img);
}
END_TEST

/* Every format of ME_ISA_FORMATS has at least one golden word. */
START_TEST(me_gold_every_format)
{
	static const char *const names[ME_FMT_COUNT] = {
#define ME_GOLD_FMT(name, syntax) [ME_FMT_##name] = #name,
		ME_ISA_FORMATS(ME_GOLD_FMT)
#undef ME_GOLD_FMT
	};
	unsigned seen[ME_FMT_COUNT] = { 0 };

	for (size_t i = 0; i < ME_GOLD_N; i++) {
		const struct me_opinfo *info = me_opinfo(me_gold_words[i].word >> 56);

		ck_assert_ptr_nonnull(info);
		seen[info->format]++;
	}
	for (unsigned f = 0; f < ME_FMT_COUNT; f++)
		ck_assert_msg(seen[f], "no golden word for format %s", names[f]);
}
END_TEST

/* Section 5's table: every mnemonic and its opcode byte, nothing more. */
static const struct {
	const char *mnemonic;
	unsigned opcode;
} me_gold_opcodes[] = {
	{ "nop", 0x00 }, { "halt", 0x01 }, { "ctx_swap", 0x02 }, { "ctx_wait", 0x03 },
	{ "mov", 0x08 }, { "not", 0x09 }, { "bswap", 0x0a }, { "bswap16", 0x0b },
	{ "immed_hi", 0x0c },
	{ "add", 0x10 }, { "addc", 0x11 }, { "sub", 0x12 }, { "subb", 0x13 },
	{ "and", 0x14 }, { "or", 0x15 }, { "xor", 0x16 }, { "andn", 0x17 },
	{ "shl", 0x18 }, { "shr", 0x19 }, { "asr", 0x1a }, { "rol", 0x1b }, { "ror", 0x1c },
	{ "mul", 0x20 }, { "mulhu", 0x21 }, { "divu", 0x22 }, { "remu", 0x23 },
	{ "ext", 0x28 }, { "ins", 0x29 },
	{ "cmp", 0x30 }, { "cmpb", 0x31 }, { "tst", 0x32 },
	{ "br", 0x38 }, { "br_bset", 0x39 }, { "br_bclr", 0x3a }, { "call", 0x3b },
	{ "ret", 0x3c }, { "br_cmp", 0x3d }, { "br_cmpi", 0x3e },
	{ "lm_ld8", 0x40 }, { "lm_ld16", 0x41 }, { "lm_ld32", 0x42 }, { "lm_st8", 0x43 },
	{ "lm_st16", 0x44 }, { "lm_st32", 0x45 }, { "lm_set", 0x46 }, { "lm_get", 0x47 },
	{ "csr_rd", 0x48 }, { "csr_wr", 0x49 },
	{ "mem_rd", 0x50 }, { "mem_wr", 0x51 }, { "mem_add", 0x52 }, { "mem_and", 0x53 },
	{ "mem_or", 0x54 }, { "mem_xor", 0x55 }, { "mem_swap", 0x56 }, { "mem_cas", 0x57 },
	{ "pkt_rx", 0x60 }, { "pkt_tx", 0x61 }, { "dma_to_host", 0x62 },
	{ "dma_from_host", 0x63 },
};

START_TEST(me_gold_opcode_table)
{
	const size_t n = sizeof(me_gold_opcodes) / sizeof(me_gold_opcodes[0]);
	unsigned defined = 0;

	for (size_t i = 0; i < n; i++) {
		const char *m = me_gold_opcodes[i].mnemonic;
		const struct me_opinfo *info = me_opinfo(me_gold_opcodes[i].opcode);

		ck_assert_msg(me_opcode_by_name(m, strlen(m)) == (int)me_gold_opcodes[i].opcode,
			      "%s is opcode 0x%02x in docs/isa.md, 0x%02x in the table", m,
			      me_gold_opcodes[i].opcode, me_opcode_by_name(m, strlen(m)));
		ck_assert_msg(info && !strcmp(info->mnemonic, m), "opcode 0x%02x is not %s",
			      me_gold_opcodes[i].opcode, m);
	}
	for (unsigned op = 0; op < ME_OP_LIMIT; op++)
		defined += me_opinfo(op) != NULL;
	ck_assert_msg(defined == n, "the table has %u opcodes, docs/isa.md section 5 %zu",
		      defined, n);
}
END_TEST

/* Section 3.2's condition codes, 4.2's spaces, section 8's local CSRs. */
START_TEST(me_gold_numbers)
{
	static const char *const conds[] = {
		"al", "eq", "ne", "lo", "hs", "mi", "pl", "vs", "vc", "hi", "ls", "ge",
		"lt", "gt", "le",
	};
	static const char *const spaces[] = { "pkt", "imem", "emem" };
	static const char *const csrs[] = {
		"csr_ctx", "csr_me", "csr_num_ctx", "csr_num_me", "csr_cycles_lo",
		"csr_cycles_hi", "csr_pkt_buf", "csr_pkt_buf_size", "csr_lm_size",
		"csr_signals", "csr_insns_lo",
	};

	for (unsigned i = 0; i < sizeof(conds) / sizeof(conds[0]); i++)
		ck_assert_msg(me_cond_by_name(conds[i], strlen(conds[i])) == (int)i,
			      "condition %s is not %u", conds[i], i);
	ck_assert_ptr_null(me_cond_name(15));
	for (unsigned i = 0; i < sizeof(spaces) / sizeof(spaces[0]); i++)
		ck_assert_msg(me_space_by_name(spaces[i], strlen(spaces[i])) == (int)i,
			      "space %s is not %u", spaces[i], i);
	ck_assert_ptr_null(me_space_name(3));
	for (unsigned i = 0; i < sizeof(csrs) / sizeof(csrs[0]); i++) {
		ck_assert_ptr_nonnull(me_csr_name(i));
		ck_assert_msg(!strcmp(me_csr_name(i), csrs[i]), "CSR 0x%02x is %s, not %s",
			      i, me_csr_name(i), csrs[i]);
	}
	ck_assert_ptr_null(me_csr_name(sizeof(csrs) / sizeof(csrs[0])));
}
END_TEST

Suite *make_me_golden_suite(void);

Suite *make_me_golden_suite(void)
{
	Suite *s = suite_create("me-golden");
	TCase *tc = tcase_create("golden");

	tcase_add_loop_test(tc, me_gold_encode, 0, ME_GOLD_N);
	tcase_add_loop_test(tc, me_gold_decode, 0, ME_GOLD_N);
	tcase_add_loop_test(tc, me_gold_assemble, 0, ME_GOLD_N);
	tcase_add_test(tc, me_gold_every_format);
	tcase_add_test(tc, me_gold_opcode_table);
	tcase_add_test(tc, me_gold_numbers);
	suite_add_tcase(s, tc);
	return s;
}
