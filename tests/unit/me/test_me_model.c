/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Differential test of the computing instructions: random straight-line
 * programs run on the emulator and on an independent reference model
 * written here from docs/isa.md sections 3 and 5 (overflow from 64-bit
 * signed arithmetic rather than sign-bit tricks), which must agree on every
 * register and flag.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "me_test.h"

#define MODEL_PROGRAMS	300
#define MODEL_LENGTH	64

struct model {
	uint32_t a[ME_GPRS_MAX], b[ME_GPRS_MAX], xw[ME_XFER_REGS];
	int z, n, c, v;
};

static const unsigned model_ops[] = {
	ME_OP_MOV, ME_OP_NOT, ME_OP_BSWAP, ME_OP_BSWAP16, ME_OP_IMMED_HI,
	ME_OP_ADD, ME_OP_ADDC, ME_OP_SUB, ME_OP_SUBB, ME_OP_AND, ME_OP_OR,
	ME_OP_XOR, ME_OP_ANDN, ME_OP_SHL, ME_OP_SHR, ME_OP_ASR, ME_OP_ROL,
	ME_OP_ROR, ME_OP_MUL, ME_OP_MULHU, ME_OP_DIVU, ME_OP_REMU, ME_OP_EXT,
	ME_OP_INS, ME_OP_CMP, ME_OP_CMPB, ME_OP_TST,
};
#define MODEL_NOPS (sizeof(model_ops) / sizeof(model_ops[0]))

static uint64_t model_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* ---- the reference model ---- */

static uint32_t *model_reg(struct model *m, struct me_operand o)
{
	static uint32_t zero;	/* $xr registers are never written here */

	switch (o.kind) {
	case ME_OPK_GPR_A: return &m->a[o.index];
	case ME_OPK_GPR_B: return &m->b[o.index];
	case ME_OPK_XW: return &m->xw[o.index];
	default: zero = 0; return &zero;
	}
}

static uint32_t model_src(struct model *m, struct me_operand o, uint16_t imm)
{
	if (o.kind == ME_OPK_IMM_Z)
		return imm;
	if (o.kind == ME_OPK_IMM_S)
		return (uint32_t)(int32_t)(int16_t)imm;
	return *model_reg(m, o);
}

static void model_zn(struct model *m, uint32_t r)
{
	m->z = r == 0;
	m->n = (int32_t)r < 0;
}

/* add with carry-in; chain keeps Z only if it was set (sticky). */
static uint32_t model_add(struct model *m, uint32_t a, uint32_t b, int cin,
			  int chain)
{
	uint64_t u = (uint64_t)a + b + (unsigned)cin;
	int64_t s = (int64_t)(int32_t)a + (int32_t)b + cin;
	uint32_t r = (uint32_t)u;
	int z = m->z;

	model_zn(m, r);
	m->z = chain ? z && r == 0 : r == 0;
	m->c = u > 0xffffffffull;
	m->v = s != (int32_t)r;
	return r;
}

static uint32_t model_sub(struct model *m, uint32_t a, uint32_t b, int bin,
			  int chain)
{
	int64_t s = (int64_t)(int32_t)a - (int32_t)b - bin;
	uint32_t r = a - b - (unsigned)bin;
	int z = m->z;

	model_zn(m, r);
	m->z = chain ? z && r == 0 : r == 0;
	m->c = (uint64_t)a < (uint64_t)b + (unsigned)bin;
	m->v = s != (int32_t)r;
	return r;
}

static uint32_t model_logic(struct model *m, uint32_t r)
{
	model_zn(m, r);
	m->c = m->v = 0;
	return r;
}

static uint32_t model_field_mask(unsigned width)
{
	return width == 32 ? 0xffffffffu : (1u << width) - 1;
}

static uint32_t model_bswap(uint32_t x)
{
	return (x & 0xff) << 24 | (x & 0xff00) << 8 | (x >> 8 & 0xff00) | x >> 24;
}

static uint32_t model_shift(unsigned op, uint32_t a, uint32_t b)
{
	unsigned s = b % 32;

	switch (op) {
	case ME_OP_SHL: return b > 31 ? 0 : a << b;
	case ME_OP_SHR: return b > 31 ? 0 : a >> b;
	case ME_OP_ASR:
		if (b > 31)
			return (int32_t)a < 0 ? 0xffffffffu : 0;
		return (uint32_t)((int64_t)(int32_t)a / ((int64_t)1 << b) -
				  ((int32_t)a < 0 && (a & ((1u << b) - 1)) ? 1 : 0));
	case ME_OP_ROL: return s ? a << s | a >> (32 - s) : a;
	default: return s ? a >> s | a << (32 - s) : a;	/* ROR */
	}
}

/* Value written to D, or 0 for compares (flags are updated in m). */
static uint32_t model_value(struct model *m, const struct me_insn *in,
			    uint32_t a, uint32_t b)
{
	switch (in->op) {
	case ME_OP_MOV: return b;
	case ME_OP_NOT: return ~b;
	case ME_OP_BSWAP: return model_bswap(b);
	case ME_OP_BSWAP16: return (b & 0xff) << 8 | (b >> 8 & 0xff);
	case ME_OP_IMMED_HI: return (*model_reg(m, in->dst) & 0xffff) | (uint32_t)in->imm << 16;
	case ME_OP_ADD: return model_add(m, a, b, 0, 0);
	case ME_OP_ADDC: return model_add(m, a, b, m->c, 1);
	case ME_OP_SUB: case ME_OP_CMP: return model_sub(m, a, b, 0, 0);
	case ME_OP_SUBB: case ME_OP_CMPB: return model_sub(m, a, b, m->c, 1);
	case ME_OP_AND: case ME_OP_TST: return model_logic(m, a & b);
	case ME_OP_OR: return model_logic(m, a | b);
	case ME_OP_XOR: return model_logic(m, a ^ b);
	case ME_OP_ANDN: return model_logic(m, a & ~b);
	case ME_OP_MUL: return (uint32_t)((uint64_t)a * b);
	case ME_OP_MULHU: return (uint32_t)(((uint64_t)a * b) >> 32);
	case ME_OP_DIVU: return b ? a / b : 0;
	case ME_OP_REMU: return b ? a % b : a;
	case ME_OP_EXT: return a >> in->pos & model_field_mask(in->width);
	case ME_OP_INS:
		return (a & ~(model_field_mask(in->width) << in->pos)) |
		       (b & model_field_mask(in->width)) << in->pos;
	default: return model_shift(in->op, a, b);
	}
}

static void model_step(struct model *m, const struct me_insn *in)
{
	uint32_t a = model_src(m, in->srca, 0), b = model_src(m, in->srcb, in->imm);
	uint32_t r = model_value(m, in, a, b);

	if (me_opinfo(in->op)->format != ME_FMT_CMP)
		*model_reg(m, in->dst) = r;
}

/* ---- random programs ---- */

static struct me_operand model_gpr(uint64_t r)
{
	return r % 2 ? me_gpr_b((unsigned)(r >> 1) % 32) : me_gpr_a((unsigned)(r >> 1) % 32);
}

/* Edge values more often than uniform ones: 0, 1, -1, sign bits, 31, 32. */
static int64_t model_value_rand(uint64_t *s)
{
	static const int64_t edges[] = { 0, 1, 2, 31, 32, 33, -1, -2, 0x7fffffff,
					 -0x80000000ll, 0x80000001, 0xffff, 0x10000 };
	uint64_t r = model_rand(s);

	if (r % 3 == 0)
		return edges[(r >> 8) % (sizeof(edges) / sizeof(edges[0]))];
	return (int64_t)(int32_t)(uint32_t)(r >> 16);
}

static void model_srcb(uint64_t *s, struct me_insn *in)
{
	uint64_t r = model_rand(s);

	if (r % 3 == 0) {
		int64_t v = (r >> 8) % 2 ? (int64_t)((r >> 16) % 0x10000) :
			    -(int64_t)((r >> 16) % 0x8000) - 1;

		if ((r >> 40) % 2)
			v = (r >> 41) % 40;	/* shift-sized */
		me_operand_imm(v, &in->srcb, &in->imm);
		return;
	}
	do	/* a register of the other file (section 3.1) */
		in->srcb = model_gpr(model_rand(s));
	while (in->srcb.kind == in->srca.kind);
}

static void model_insn(uint64_t *s, struct me_insn *in)
{
	uint64_t r = model_rand(s);
	enum me_format fmt;

	memset(in, 0, sizeof(*in));
	in->op = (enum me_opcode)model_ops[r % MODEL_NOPS];
	fmt = me_opinfo(in->op)->format;
	in->dst = (r >> 8) % 8 ? model_gpr(r >> 16) : me_xw((unsigned)(r >> 16) % 16);
	if (fmt == ME_FMT_IMMHI) {
		in->dst = model_gpr(r >> 16);
		in->imm = (uint16_t)(r >> 32);
		return;
	}
	in->srca = (r >> 48) % 16 ? model_gpr(r >> 50) : me_xr((unsigned)(r >> 50) % 16);
	if (fmt != ME_FMT_EXT)
		model_srcb(s, in);
	if (fmt == ME_FMT_UNARY)
		in->srca = (struct me_operand){ 0, 0 };
	if (fmt == ME_FMT_CMP)
		in->dst = (struct me_operand){ 0, 0 };
	if (fmt == ME_FMT_EXT || fmt == ME_FMT_INS) {
		r = model_rand(s);
		in->width = (uint8_t)(1 + r % 32);
		in->pos = (uint8_t)((r >> 8) % (33 - in->width));
	}
}

static void model_emit(struct me_image *img, const struct me_insn *in)
{
	char err[256];

	ck_assert_msg(me_encode(in, &img->code[img->ncode++], err, sizeof(err)) == 0,
		      "%s", err);
}

static void model_li(struct me_image *img, struct me_operand d, uint32_t v)
{
	model_emit(img, &(struct me_insn){ .op = ME_OP_MOV, .dst = d,
		   .srcb = { ME_OPK_IMM_Z, 0 }, .imm = (uint16_t)v });
	model_emit(img, &(struct me_insn){ .op = ME_OP_IMMED_HI, .dst = d,
		   .imm = (uint16_t)(v >> 16) });
}

static void model_check(struct me_test_run *r, const struct model *m,
			unsigned seed)
{
	struct me_ctx_state s = me_test_ctx(r, 0, 0);

	for (unsigned i = 0; i < ME_GPRS_MAX; i++) {
		ck_assert_msg(s.a[i] == m->a[i], "program %u: a%u = %08x, model %08x",
			      seed, i, s.a[i], m->a[i]);
		ck_assert_msg(s.b[i] == m->b[i], "program %u: b%u = %08x, model %08x",
			      seed, i, s.b[i], m->b[i]);
	}
	for (unsigned i = 0; i < ME_XFER_REGS; i++)
		ck_assert_msg(s.xw[i] == m->xw[i], "program %u: $xw%u", seed, i);
	ck_assert_msg(s.z == m->z && s.n == m->n && s.c == m->c && s.v == m->v,
		      "program %u: flags ZNCV %d%d%d%d, model %d%d%d%d", seed,
		      s.z, s.n, s.c, s.v, m->z, m->n, m->c, m->v);
}

START_TEST(model_random_programs)
{
	uint64_t seed = 0x2545f4914f6cdd1dull + (uint64_t)_i * 0x9e3779b97f4a7c15ull;
	uint64_t code[2 * 2 * ME_GPRS_MAX + MODEL_LENGTH + 1];
	struct me_insn prog[MODEL_LENGTH];
	struct me_image img = { .contexts = 4, .code = code };
	struct me_test_run r = { 0 };
	struct me_card_config cfg;
	struct model m = { 0 };
	char err[256];

	for (unsigned i = 0; i < ME_GPRS_MAX; i++) {
		m.a[i] = (uint32_t)model_value_rand(&seed);
		m.b[i] = (uint32_t)model_value_rand(&seed);
		model_li(&img, me_gpr_a(i), m.a[i]);
		model_li(&img, me_gpr_b(i), m.b[i]);
	}
	for (unsigned i = 0; i < MODEL_LENGTH; i++) {
		model_insn(&seed, &prog[i]);
		model_emit(&img, &prog[i]);
		model_step(&m, &prog[i]);
	}
	model_emit(&img, &(struct me_insn){ .op = ME_OP_HALT });
	me_test_config(&cfg);
	cfg.opaque = &r.io;
	ck_assert_int_eq(me_card_create(&cfg, &r.card, err, sizeof(err)), 0);
	ck_assert_msg(me_card_load(r.card, &img, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(me_card_run(r.card, 1000000, &r.stop), ME_STOP_HALTED);
	model_check(&r, &m, (unsigned)_i);
	me_card_destroy(r.card);
}
END_TEST

Suite *make_me_model_suite(void);

Suite *make_me_model_suite(void)
{
	Suite *s = suite_create("me-model");
	TCase *tc = tcase_create("model");

	tcase_add_loop_test(tc, model_random_programs, 0, MODEL_PROGRAMS);
	suite_add_tcase(s, tc);
	return s;
}
