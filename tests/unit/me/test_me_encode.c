/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Encoding (docs/isa.md section 4): every opcode round-trips through
 * encode/decode and through disassembly and re-assembly; malformed words
 * and images are refused at encode, decode and load with a reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "me_test.h"

static const unsigned me_enc_opcodes[] = {
#define ME_ENC_OP(name, code, mnem, fmt, cyc, flags) code,
	ME_ISA_OPCODES(ME_ENC_OP)
#undef ME_ENC_OP
};
#define ME_ENC_NOPS (sizeof(me_enc_opcodes) / sizeof(me_enc_opcodes[0]))
#define ME_ENC_VARIANTS 3

static struct me_operand me_enc_imm(int64_t v, uint16_t *imm)
{
	struct me_operand o;

	ck_assert_int_eq(me_operand_imm(v, &o, imm), 0);
	return o;
}

/* Variant v of the sources: reg/reg, xfer/zext imm, B-bank/sext imm. */
static void me_enc_sources(struct me_insn *in, unsigned v)
{
	if (v == 0) {
		in->srca = me_gpr_a(7);
		in->srcb = me_gpr_b(9);
	} else if (v == 1) {
		in->srca = me_xr(2);
		in->srcb = me_enc_imm(0x1234, &in->imm);
	} else {
		in->srca = me_gpr_b(31);
		in->srcb = me_enc_imm(-3, &in->imm);
	}
}

static struct me_operand me_enc_dst(unsigned v)
{
	return v == 0 ? me_gpr_a(3) : v == 1 ? me_xw(5) : me_gpr_b(31);
}

static void me_enc_mem(struct me_insn *in, unsigned v)
{
	int atomic = in->op >= ME_OP_MEM_ADD && in->op <= ME_OP_MEM_CAS;

	in->dst = in->op == ME_OP_MEM_RD ? me_xr(0) : me_xw(0);
	me_enc_sources(in, v);
	in->space = atomic ? (uint8_t)(ME_SPACE_IMEM + v % 2) : (uint8_t)v;
	in->len = atomic ? (v ? 8 : 4) : (v == 0 ? 64 : v == 1 ? 1 : 13);
	in->sig = (uint8_t)(15 - v);
	in->swap = v != 1;
}

/* A valid instruction of opcode op exercising its format's fields. */
static void me_enc_sample(unsigned op, unsigned v, struct me_insn *in)
{
	memset(in, 0, sizeof(*in));
	in->op = (enum me_opcode)op;
	switch (me_opinfo(op)->format) {
	case ME_FMT_NONE: break;
	case ME_FMT_ALU: in->dst = me_enc_dst(v); me_enc_sources(in, v); break;
	case ME_FMT_UNARY:
		in->dst = me_enc_dst(v);
		me_enc_sources(in, v);
		in->srca = (struct me_operand){ 0, 0 };
		break;
	case ME_FMT_CMP: me_enc_sources(in, v); break;
	case ME_FMT_IMMHI: in->dst = me_gpr_b(v); in->imm = 0xbeef; break;
	case ME_FMT_EXT:
	case ME_FMT_INS:
		in->dst = me_enc_dst(v);
		me_enc_sources(in, v);
		if (op == ME_OP_EXT) {
			in->srcb = (struct me_operand){ 0, 0 };
			in->imm = 0;
		}
		in->pos = v == 1 ? 0 : 4;
		in->width = v == 1 ? 32 : 12;
		break;
	case ME_FMT_BR: in->cond = (uint8_t)(v * 7); break;
	case ME_FMT_BRBIT: in->srca = me_gpr_b(v); in->bit = (uint8_t)(v * 15); break;
	case ME_FMT_BRCMP:
		in->cond = (uint8_t)(1 + v * 6);
		in->srca = v == 1 ? me_xr(4) : me_gpr_a(v);
		in->srcb = me_gpr_b(31 - v);
		break;
	case ME_FMT_BRCMPI:
		in->cond = (uint8_t)(14 - v * 6);
		in->srca = v == 1 ? me_xr(9) : me_gpr_b(v);
		in->cmpimm = (int16_t)(v == 0 ? -2048 : v == 1 ? 2047 : -1);
		break;
	case ME_FMT_CALL: in->dst = me_gpr_a(15 + v); break;
	case ME_FMT_RET: in->srca = v == 1 ? me_xr(3) : me_gpr_a(15); break;
	case ME_FMT_WAIT: in->imm = (uint16_t)(0x8001 >> v); break;
	case ME_FMT_CSRRD:
		in->dst = me_enc_dst(v);
		in->csr = v == 0 ? ME_CSR_PKT_BUF : v == 1 ? 0x100 : 0xffff;
		break;
	case ME_FMT_CSRWR:
		me_enc_sources(in, v);
		in->srca = (struct me_operand){ 0, 0 };
		in->csr = (uint16_t)(0x100 + v);
		break;
	case ME_FMT_LMLD:
	case ME_FMT_LMST:
	case ME_FMT_LMSET:
	case ME_FMT_LMGET:
		in->lmi = (uint8_t)v;
		if (me_opinfo(op)->format == ME_FMT_LMLD || op == ME_OP_LM_GET)
			in->dst = me_enc_dst(v);
		else
			me_enc_sources(in, v);
		if (me_opinfo(op)->format == ME_FMT_LMST)
			in->srca = (struct me_operand){ 0, 0 };
		if (me_opinfo(op)->format == ME_FMT_LMLD || me_opinfo(op)->format == ME_FMT_LMST)
			in->lmoff = v == 0 ? -2048 : v == 1 ? 2047 : -4;
		break;
	case ME_FMT_MEM: me_enc_mem(in, v); break;
	case ME_FMT_IO:
		in->dst = op == ME_OP_PKT_RX ? me_xr(11) : me_xw(13);
		in->sig = (uint8_t)v;
		in->swap = v == 2;
		break;
	case ME_FMT_DMA:
		in->dst = me_xw(12);
		in->space = (uint8_t)v;
		in->sig = (uint8_t)(v + 3);
		in->swap = v == 0;
		break;
	case ME_FMT_COUNT: break;
	}
}

START_TEST(me_enc_roundtrip)
{
	unsigned op = me_enc_opcodes[_i / ME_ENC_VARIANTS];
	struct me_insn in, out;
	uint64_t w, w2;
	char err[256];

	me_enc_sample(op, _i % ME_ENC_VARIANTS, &in);
	ck_assert_msg(me_encode(&in, &w, err, sizeof(err)) == 0, "%s variant %u: %s",
		      me_opinfo(op)->mnemonic, _i % ME_ENC_VARIANTS, err);
	ck_assert_uint_eq(w >> 56, op);
	ck_assert_msg(me_decode(w, &out, err, sizeof(err)) == 0, "decode: %s", err);
	ck_assert_msg(!memcmp(&in, &out, sizeof(in)), "%s: decode differs",
		      me_opinfo(op)->mnemonic);
	ck_assert_int_eq(me_encode(&out, &w2, err, sizeof(err)), 0);
	ck_assert_uint_eq(w, w2);
}
END_TEST

/* Disassemble, re-assemble: the same word (docs/isa.md section 11). */
START_TEST(me_enc_asm_roundtrip)
{
	unsigned op = me_enc_opcodes[_i / ME_ENC_VARIANTS];
	struct me_insn in;
	struct me_image img;
	char text[160], src[256], err[256];
	uint64_t w;

	me_enc_sample(op, _i % ME_ENC_VARIANTS, &in);
	ck_assert_int_eq(me_encode(&in, &w, err, sizeof(err)), 0);
	ck_assert_int_gt(me_format_insn(&in, text, sizeof(text), NULL, NULL), 0);
	snprintf(src, sizeof(src), "\t.contexts 4\n\t%s\n", text);
	me_test_assemble(src, &img);
	ck_assert_uint_eq(img.ncode, 1);
	ck_assert_msg(img.code[0] == w, "'%s' assembled to %016llx, expected %016llx",
		      text, (unsigned long long)img.code[0], (unsigned long long)w);
	me_image_free(&img);
}
END_TEST


/* xorshift64: a fixed sequence, so failures reproduce. */
static uint64_t me_enc_rand(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* A word with a real opcode, plausible operand bytes, random fields. */
static uint64_t me_enc_random_word(uint64_t *st)
{
	static const uint8_t kinds[10] = {
		ME_OPK_NONE, ME_OPK_NONE, ME_OPK_NONE, ME_OPK_GPR_A, ME_OPK_GPR_A,
		ME_OPK_GPR_B, ME_OPK_GPR_B, ME_OPK_XR, ME_OPK_XW, ME_OPK_IMM_Z,
	};
	uint64_t r = me_enc_rand(st);
	uint64_t w = (uint64_t)me_enc_opcodes[r % ME_ENC_NOPS] << ME_W_OP_SHIFT;

	for (unsigned shift = ME_W_B_SHIFT; shift <= ME_W_D_SHIFT; shift += 8) {
		uint64_t b = me_enc_rand(st);
		unsigned kind = kinds[b % 10], idx = (unsigned)((b >> 8) % 16);

		if (kind == ME_OPK_NONE || kind == ME_OPK_IMM_Z)
			idx = (b >> 16) % 16 ? 0 : idx;	/* mostly canonical */
		if (kind == ME_OPK_IMM_Z && (b >> 24) % 4 == 0)
			kind = ME_OPK_IMM_S;
		w |= (uint64_t)(kind << ME_OPND_KIND_SHIFT | idx) << shift;
	}
	r = me_enc_rand(st);
	if (r % 3 == 0)		/* most formats leave X clear */
		w |= (r >> 8) % 2 ? ((r >> 16) & 0x1fff) << ME_W_X_SHIFT : 0;
	else if (r % 3 == 1)	/* MEM-shaped: space, atomic length, signal */
		w |= (uint64_t)((r >> 16) % 3 | ((r >> 20) % 2 ? 3 : 7) << ME_X_LEN_SHIFT |
				((r >> 24) & 0x1f) << ME_X_SIG_SHIFT) << ME_W_X_SHIFT;
	else
		w |= ((r >> 16) & 0xffff) << ME_W_X_SHIFT;
	if ((r >> 40) % 2)
		w |= (r >> 44) & 0xffff;
	return w;
}

/*
 * Property over many random words: whatever decodes re-encodes to the same
 * word, and its disassembly re-assembles to the same word.
 */
START_TEST(me_enc_random_words)
{
	enum { N = 1000000 };
	uint64_t st = 0x9e3779b97f4a7c15ull, *valid = malloc(N * sizeof(*valid));
	size_t cap = 64 * (size_t)N, len = 0;
	char *src = malloc(cap);
	unsigned nvalid = 0, nops = 0;
	uint8_t seen[ME_OP_LIMIT] = { 0 };
	struct me_image img;

	ck_assert_ptr_nonnull(valid);
	ck_assert_ptr_nonnull(src);
	len += (size_t)snprintf(src, cap, "\t.contexts 4\n");
	for (unsigned i = 0; i < N; i++) {
		uint64_t w = me_enc_random_word(&st), again;
		struct me_insn in;
		char err[256], text[160];

		if (me_decode(w, &in, err, sizeof(err)))
			continue;
		ck_assert_int_eq(me_encode(&in, &again, err, sizeof(err)), 0);
		ck_assert_uint_eq(again, w);
		me_format_insn(&in, text, sizeof(text), NULL, NULL);
		len += (size_t)snprintf(src + len, cap - len, "\t%s\n", text);
		valid[nvalid++] = w;
		nops += !seen[w >> ME_W_OP_SHIFT];
		seen[w >> ME_W_OP_SHIFT] = 1;
	}
	/* Enough words of every opcode got through to mean something. */
	ck_assert_uint_gt(nvalid, N / 200);
	for (unsigned i = 0; i < ME_ENC_NOPS; i++)
		ck_assert_msg(seen[me_enc_opcodes[i]], "no valid random %s",
			      me_opinfo(me_enc_opcodes[i])->mnemonic);
	ck_assert_uint_eq(nops, ME_ENC_NOPS);
	me_test_assemble(src, &img);
	ck_assert_uint_eq(img.ncode, nvalid);
	for (unsigned i = 0; i < nvalid; i++)
		ck_assert_msg(img.code[i] == valid[i], "word %u: %016llx became %016llx", i,
			      (unsigned long long)valid[i], (unsigned long long)img.code[i]);
	me_image_free(&img);
	free(src);
	free(valid);
}
END_TEST

struct me_enc_bad {
	const char *what;
	struct me_insn in;
	unsigned gprs;
	const char *error;
};

static const struct me_enc_bad me_enc_bad_cases[] = {
	{ "bank rule A", { .op = ME_OP_ADD, .dst = A(0), .srca = A(1), .srcb = A(2) },
	  32, "bank rule: both sources are in the A-bank file" },
	{ "bank rule B", { .op = ME_OP_CMP, .srca = B(1), .srcb = B(2) },
	  32, "bank rule: both sources are in the B-bank file" },
	{ "bank rule xfer", { .op = ME_OP_XOR, .dst = A(0), .srca = XR(1), .srcb = XR(2) },
	  32, "bank rule: both sources are in the read transfer file" },
	{ "bank rule in mem", { .op = ME_OP_MEM_RD, .dst = XR(0), .srca = A(1),
	  .srcb = A(2), .len = 4 }, 32, "bank rule" },
	{ "imm in A", { .op = ME_OP_CMP, .srca = IMMZ, .srcb = B(1) },
	  32, "A operand cannot be an immediate" },
	{ "non-canonical sext", { .op = ME_OP_MOV, .dst = A(0), .srcb = IMMS, .imm = 5 },
	  32, "non-canonical sign-extended immediate" },
	{ "xw as source", { .op = ME_OP_ADD, .dst = A(0), .srca = XW(1), .srcb = B(0) },
	  32, "A operand must be a GPR or $xr register" },
	{ "xr as destination", { .op = ME_OP_MOV, .dst = XR(0), .srcb = B(0) },
	  32, "destination must be a GPR or $xw register" },
	{ "8-context register", { .op = ME_OP_ADD, .dst = A(20), .srca = A(1), .srcb = B(1) },
	  16, "register 20 out of range (limit 16)" },
	{ "xfer register 16", { .op = ME_OP_MOV, .dst = XW(16), .srcb = B(1) },
	  32, "register 16 out of range" },
	{ "unused operand", { .op = ME_OP_NOP, .dst = A(1) },
	  32, "destination is not used by this format" },
	{ "unused imm", { .op = ME_OP_ADD, .dst = A(0), .srca = A(1), .srcb = B(1), .imm = 3 },
	  32, "immediate field is not used" },
	{ "bit field", { .op = ME_OP_EXT, .dst = A(0), .srca = A(1), .pos = 30, .width = 4 },
	  32, "bit field pos 30 width 4 outside 32 bits" },
	{ "empty wait", { .op = ME_OP_CTX_WAIT }, 32, "empty signal mask" },
	{ "write local csr", { .op = ME_OP_CSR_WR, .srcb = B(0), .csr = 1 },
	  32, "local CSR 0x1 is read-only" },
	{ "unknown local csr", { .op = ME_OP_CSR_RD, .dst = A(0), .csr = 0x50 },
	  32, "unknown local CSR 0x50" },
	{ "mem length 0", { .op = ME_OP_MEM_WR, .dst = XW(0), .srca = A(0), .srcb = IMMZ },
	  32, "length 0 not in 1..64" },
	{ "mem xfer run", { .op = ME_OP_MEM_RD, .dst = XR(10), .srca = A(0), .srcb = IMMZ,
	  .len = 64 }, 32, "needs 16 transfer registers from 10" },
	{ "mem_rd into xw", { .op = ME_OP_MEM_RD, .dst = XW(0), .srca = A(0), .srcb = IMMZ,
	  .len = 4 }, 32, "first operand must be a $xr register" },
	{ "atomic on pkt", { .op = ME_OP_MEM_ADD, .dst = XW(0), .srca = A(0), .srcb = IMMZ,
	  .len = 4, .space = ME_SPACE_PKT }, 32, "atomics work on imem and emem only" },
	{ "atomic size", { .op = ME_OP_MEM_SWAP, .dst = XW(0), .srca = A(0), .srcb = IMMZ,
	  .len = 2, .space = ME_SPACE_EMEM }, 32, "atomic size 2 is not 4 or 8" },
	{ "cas xfer run", { .op = ME_OP_MEM_CAS, .dst = XW(13), .srca = A(0), .srcb = IMMZ,
	  .len = 8, .space = ME_SPACE_EMEM }, 32, "needs 4 transfer registers from 13" },
	{ "bad space", { .op = ME_OP_MEM_RD, .dst = XR(0), .srca = A(0), .srcb = IMMZ,
	  .len = 4, .space = 3 }, 32, "space 3 out of range" },
	{ "rx xfer run", { .op = ME_OP_PKT_RX, .dst = XR(12) },
	  32, "needs 5 transfer registers from 12" },
	{ "tx needs xw", { .op = ME_OP_PKT_TX, .dst = XR(0) },
	  32, "first operand must be a $xw register" },
	{ "immed_hi to xfer", { .op = ME_OP_IMMED_HI, .dst = XW(0), .imm = 1 },
	  32, "destination must be a GPR" },
	{ "bad condition", { .op = ME_OP_BR, .cond = 15 }, 32, "condition 15 out of range" },
	{ "br_cmp al", { .op = ME_OP_BR_CMP, .srca = A(0), .srcb = B(0) },
	  32, "condition 0 is not one of eq..le" },
	{ "br_cmp bank rule", { .op = ME_OP_BR_CMP, .cond = ME_COND_EQ, .srca = A(0),
	  .srcb = A(1) }, 32, "bank rule" },
	{ "br_cmp immediate", { .op = ME_OP_BR_CMP, .cond = ME_COND_EQ, .srca = A(0),
	  .srcb = IMMZ, .imm = 3 }, 32, "B operand cannot be an immediate" },
	{ "br_cmpi range", { .op = ME_OP_BR_CMPI, .cond = ME_COND_EQ, .srca = A(0),
	  .cmpimm = 2048 }, 32, "immediate 2048 not in -2048..2047" },
	{ "br_cmpi with B", { .op = ME_OP_BR_CMPI, .cond = ME_COND_EQ, .srca = A(0),
	  .srcb = B(1) }, 32, "B operand is not used" },
	{ "cmpimm elsewhere", { .op = ME_OP_BR, .cmpimm = 1 }, 32,
	  "compare immediate is not used" },
	{ "lm offset", { .op = ME_OP_LM_LD32, .dst = A(0), .lmoff = 2048 },
	  32, "LM offset 2048 not in -2048..2047" },
	{ "lm index", { .op = ME_OP_LM_GET, .dst = A(0), .lmi = 4 },
	  32, "LM index register 4 out of range" },
	{ "unknown opcode", { .op = (enum me_opcode)0x05 }, 32, "unknown opcode 0x05" },
};

START_TEST(me_enc_rejects)
{
	const struct me_enc_bad *c = &me_enc_bad_cases[_i];
	char err[256] = "";
	uint64_t w;

	ck_assert_msg(me_insn_check(&c->in, c->gprs, err, sizeof(err)) != 0,
		      "%s: accepted", c->what);
	ck_assert_msg(strstr(err, c->error), "%s: got '%s', want '%s'", c->what, err,
		      c->error);
	if (c->gprs == 32)
		ck_assert_int_ne(me_encode(&c->in, &w, err, sizeof(err)), 0);
}
END_TEST

static const struct {
	uint64_t word;
	const char *error;
} me_enc_bad_words[] = {
	{ 0x0500000000000000ull, "unknown opcode 0x05" },
	{ 0xfe00000000000000ull, "unknown opcode 0xfe" },
	/* add a0, a1, b0 with a bit in the unused X field */
	{ 0x1020214000010000ull, "reserved bits set" },
	/* nop with an index in the NONE D operand */
	{ 0x0001000000000000ull, "destination is not used" },
	/* operand kind 7 does not exist */
	{ 0x082000e000000000ull, "B operand must be a GPR or $xr register or immediate" },
	/* csr_rd with bits where a MEM signal would be: CSR 0x1100 is fine, so
	 * use an unknown local CSR instead */
	{ 0x4820000000200000ull, "unknown local CSR 0x20" },
};

START_TEST(me_enc_bad_word)
{
	struct me_insn in;
	char err[256] = "";

	ck_assert_int_ne(me_decode(me_enc_bad_words[_i].word, &in, err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, me_enc_bad_words[_i].error), "word %016llx: '%s'",
		      (unsigned long long)me_enc_bad_words[_i].word, err);
}
END_TEST

/* ---- loader (docs/isa.md section 6.2) ---- */

static void me_enc_load_fails(const struct me_image *img,
			      const struct me_card_config *cfg, const char *error)
{
	struct me_card_config c;
	struct me_card *card;
	char err[256] = "";

	if (cfg)
		c = *cfg;
	else
		me_test_config(&c);
	ck_assert_int_eq(me_card_create(&c, &card, err, sizeof(err)), 0);
	ck_assert_int_ne(me_card_load(card, img, err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, error), "got '%s', want '%s'", err, error);
	me_card_destroy(card);
}

static uint64_t me_enc_word(const struct me_insn *in)
{
	uint64_t w;
	char err[256];

	ck_assert_msg(me_encode(in, &w, err, sizeof(err)) == 0, "%s", err);
	return w;
}

START_TEST(me_enc_load_rejects_words)
{
	uint64_t code[3];
	struct me_image img = { .contexts = 8, .ncode = 3, .code = code };
	struct me_insn halt = { .op = ME_OP_HALT };
	struct me_insn br = { .op = ME_OP_BR, .imm = 3 };
	struct me_insn big = { .op = ME_OP_MOV, .dst = A(20), .srcb = B(0) };

	code[0] = me_enc_word(&halt);
	code[1] = me_enc_word(&br);
	code[2] = me_enc_word(&halt);
	me_enc_load_fails(&img, NULL, "instruction 1 (0x3800000000000003): br target 3 outside the code [0, 3)");
	code[1] = me_enc_word(&big);
	me_enc_load_fails(&img, NULL, "instruction 1");
	me_enc_load_fails(&img, NULL, "register 20 out of range (limit 16)");
	img.contexts = 4;	/* 32 registers: now fine, but... */
	img.entry = 3;
	me_enc_load_fails(&img, NULL, "entry 3 outside the code");
	img.entry = 0;
	img.contexts = 5;
	me_enc_load_fails(&img, NULL, "image asks for 5 contexts; 4 or 8");
	img.contexts = 4;
	code[1] = 0x1020214000010000ull;
	me_enc_load_fails(&img, NULL, "reserved bits set");
}
END_TEST

START_TEST(me_enc_load_rejects_sizes)
{
	uint64_t code[5] = { 0 };
	uint8_t data[64] = { 0 };
	struct me_image_data d = { .sect = ME_SECT_LM, .addr = 16384 - 32,
				   .size = 64, .bytes = data };
	struct me_image img = { .contexts = 8, .ncode = 5, .code = code };
	struct me_card_config cfg;

	me_test_config(&cfg);
	cfg.istore_size = 4;
	me_enc_load_fails(&img, &cfg,
			  "code needs 5 instructions (from 0) but the instruction store holds 4");
	/* Found by fuzzing: a huge code address must be refused before any
	 * allocation is sized from it. */
	img.code_addr = 0xfffffff0u;
	me_enc_load_fails(&img, NULL, "code needs 4294967285 instructions (from 4294967280)");
	img.code_addr = 0;
	img.ndata = 1;
	img.data = &d;
	me_enc_load_fails(&img, NULL, "lm section at 0x3fe0 of 64 bytes does not fit 16384 bytes");
	d.sect = ME_SECT_EMEM;
	d.addr = (1 << 20) - 8;
	me_enc_load_fails(&img, NULL, "emem section");
	img.ndata = 0;
	me_test_config(&cfg);
	cfg.pkt_size = 8 * 4096 - 1;
	me_enc_load_fails(&img, &cfg, "packet buffers need 32768 bytes, packet memory has 32767");
}
END_TEST

START_TEST(me_enc_config_rejects)
{
	struct me_card_config cfg;
	struct me_card *card;
	char err[256] = "";

	me_test_config(&cfg);
	cfg.lm_size = 3000;
	ck_assert_int_ne(me_card_create(&cfg, &card, err, sizeof(err)), 0);
	ck_assert_ptr_null(card);
	ck_assert_ptr_nonnull(strstr(err, "lm_size 3000 is not a power of two"));
	me_test_config(&cfg);
	cfg.istore_size = ME_ISTORE_MAX + 1;
	ck_assert_int_ne(me_card_create(&cfg, &card, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(err, "istore_size 65537"));
}
END_TEST

/* ---- image container (docs/isa.md section 10) ---- */

START_TEST(me_enc_image_roundtrip)
{
	uint64_t code[2] = { 0x0100000000000000ull, 0x0000000000000000ull };
	uint8_t bytes[5] = { 1, 2, 3, 4, 5 };
	struct me_image_data d = { .sect = ME_SECT_IMEM, .addr = 0x40, .size = 5,
				   .bytes = bytes };
	struct me_image_sym sym = { .name = (char *)"main", .value = 1,
				    .sect = ME_SECT_CODE };
	struct me_image img = { .contexts = 4, .entry = 1, .ncode = 2, .code = code,
				.ndata = 1, .data = &d, .nsyms = 1, .syms = &sym };
	struct me_image out;
	uint8_t *buf;
	size_t len;
	char err[256];

	ck_assert_int_eq(me_image_write(&img, &buf, &len, err, sizeof(err)), 0);
	ck_assert_uint_eq(buf[0] | buf[1] << 8 | buf[2] << 16 | (uint32_t)buf[3] << 24,
			  ME_IMAGE_MAGIC);
	ck_assert_int_eq(me_image_parse(buf, len, &out, err, sizeof(err)), 0);
	ck_assert_uint_eq(out.contexts, 4);
	ck_assert_uint_eq(out.entry, 1);
	ck_assert_uint_eq(out.ncode, 2);
	ck_assert_uint_eq(out.code[0], code[0]);
	ck_assert_uint_eq(out.ndata, 1);
	ck_assert_uint_eq(out.data[0].sect, ME_SECT_IMEM);
	ck_assert_uint_eq(out.data[0].addr, 0x40);
	ck_assert_mem_eq(out.data[0].bytes, bytes, 5);
	ck_assert_uint_eq(out.nsyms, 1);
	ck_assert_str_eq(out.syms[0].name, "main");
	ck_assert_str_eq(me_image_sym_at(&out, ME_SECT_CODE, 1), "main");
	me_image_free(&out);

	/* Every truncation is refused, never read past the end. */
	for (size_t cut = 0; cut < len; cut++)
		ck_assert_int_ne(me_image_parse(buf, cut, &out, err, sizeof(err)), 0);
	buf[0] ^= 1;
	ck_assert_int_ne(me_image_parse(buf, len, &out, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(err, "bad magic"));
	free(buf);
}
END_TEST

Suite *make_me_encode_suite(void);

Suite *make_me_encode_suite(void)
{
	Suite *s = suite_create("me-encode");
	TCase *tc = tcase_create("encode");

	tcase_add_loop_test(tc, me_enc_roundtrip, 0, ME_ENC_NOPS * ME_ENC_VARIANTS);
	tcase_add_loop_test(tc, me_enc_asm_roundtrip, 0, ME_ENC_NOPS * ME_ENC_VARIANTS);
	tcase_add_loop_test(tc, me_enc_rejects, 0,
			    sizeof(me_enc_bad_cases) / sizeof(me_enc_bad_cases[0]));
	tcase_add_loop_test(tc, me_enc_bad_word, 0,
			    sizeof(me_enc_bad_words) / sizeof(me_enc_bad_words[0]));
	tcase_add_test(tc, me_enc_random_words);
	tcase_add_test(tc, me_enc_load_rejects_words);
	tcase_add_test(tc, me_enc_load_rejects_sizes);
	tcase_add_test(tc, me_enc_config_rejects);
	tcase_add_test(tc, me_enc_image_roundtrip);
	suite_add_tcase(s, tc);
	return s;
}
