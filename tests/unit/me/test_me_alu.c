/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Semantics of every computing instruction (docs/isa.md sections 3 and 5)
 * as data: a snippet of assembler and the registers and flags it must
 * leave in context 0.  Contexts 1..3 skip the snippet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "me_test.h"

struct me_alu_case {
	const char *name;
	const char *body;
	const char *expect;	/* "a1=0x5 Z=1 C=0 insns=4 cycles=5" */
};

static const char me_alu_prologue[] =
	"\t.contexts 4\n"
	"main:\tcsr_rd b31, csr_ctx\n"
	"\tbr_bset b31, #0, stop\n"
	"\tbr_bset b31, #1, stop\n";

static const struct me_alu_case me_alu_cases[] = {
	{ "mov_zext", "mov a0, #0xffff", "a0=0xffff" },
	{ "mov_sext", "mov a0, #-1", "a0=0xffffffff" },
	{ "mov_sext_min", "mov a0, #-32768", "a0=0xffff8000" },
	{ "mov_xfer", "mov $xw3, #9\n add a0, $xr0, #5", "$xw3=9 a0=5" },
	{ "li", "li a0, 0x89abcdef", "a0=0x89abcdef" },
	{ "li_negative", "li a0, -2", "a0=0xfffffffe" },
	{ "immed_hi_keeps_low", "mov a0, #0x1234\n immed_hi a0, #0xbeef",
	  "a0=0xbeef1234" },
	{ "not", "li a0, 0x0f0f0f0f\n not b0, a0", "b0=0xf0f0f0f0" },
	{ "bswap", "li a0, 0x11223344\n bswap b0, a0\n bswap16 b1, a0",
	  "b0=0x44332211 b1=0x4433" },
	{ "moves_keep_flags",
	  "mov a0, #0\n cmp a0, #1\n mov a1, #0\n not a2, a1\n shl a3, a2, #1\n"
	  " mul a4, a2, #3\n ext a5, a2, #0, #4\n lm_set l0, a1, #0",
	  "Z=0 N=1 C=1 V=0" },
	{ "add_carry_zero", "mov a0, #-1\n add a1, a0, #1",
	  "a1=0 Z=1 C=1 N=0 V=0" },
	{ "add_overflow", "li a0, 0x7fffffff\n add a1, a0, #1",
	  "a1=0x80000000 N=1 V=1 C=0 Z=0" },
	{ "add_neg_overflow", "li a0, 0x80000000\n li b0, 0x80000000\n add a1, a0, b0",
	  "a1=0 Z=1 C=1 V=1 N=0" },
	{ "addc_64", "mov a0, #-1\n mov a1, #1\n mov b2, #1\n mov b3, #0\n"
	  " add a4, a0, b2\n addc a5, a1, b3", "a4=0 a5=2 Z=0 C=0" },
	{ "addc_sticky_z", "mov a0, #0\n mov a1, #-1\n mov b2, #0\n mov b3, #1\n"
	  " add a4, a0, b2\n addc a5, a1, b3", "a4=0 a5=0 Z=1 C=1" },
	{ "addc_uses_carry", "mov a0, #-1\n add a1, a0, #1\n mov a2, #5\n addc a3, a2, #0",
	  "a3=6 Z=0 C=0" },
	{ "addc_overflow", "li a0, 0x7fffffff\n mov a1, #-1\n add a2, a1, #1\n"
	  " addc a3, a0, #0", "a3=0x80000000 V=1 N=1 C=0" },
	{ "sub_borrow", "mov a0, #1\n sub a1, a0, #2",
	  "a1=0xffffffff C=1 N=1 V=0 Z=0" },
	{ "sub_equal", "mov a0, #7\n sub a1, a0, #7", "a1=0 Z=1 C=0 N=0" },
	{ "sub_overflow", "li a0, 0x80000000\n sub a1, a0, #1",
	  "a1=0x7fffffff V=1 C=0 N=0" },
	{ "sub_neg_imm", "mov a0, #3\n sub a1, a0, #-2", "a1=5 C=1" },
	{ "subb_64", "mov a0, #0\n mov a1, #1\n mov b2, #1\n mov b3, #0\n"
	  " sub a4, a0, b2\n subb a5, a1, b3", "a4=0xffffffff a5=0 C=0 Z=0" },
	{ "subb_borrow_chain", "mov a0, #0\n mov a1, #0\n sub a4, a0, #1\n subb a5, a1, #0",
	  "a4=0xffffffff a5=0xffffffff C=1 N=1 Z=0" },
	{ "subb_sticky_zero", "mov a0, #4\n mov a1, #9\n sub a4, a0, #4\n subb a5, a1, #9",
	  "a4=0 a5=0 Z=1 C=0" },
	{ "cmpb_64_equal", "li a0, 0x12345678\n li b0, 0x12345678\n mov a1, #0xabc\n"
	  " mov b1, #0xabc\n cmp a0, b0\n cmpb a1, b1", "Z=1 C=0 N=0 V=0" },
	{ "cmpb_64_high_lower", "mov a0, #5\n mov b0, #5\n mov a1, #1\n mov b1, #2\n"
	  " cmp a0, b0\n cmpb a1, b1", "Z=0 C=1 N=1" },
	{ "cmpb_64_low_differs", "mov a0, #1\n mov b0, #0\n mov a1, #3\n mov b1, #3\n"
	  " cmp a0, b0\n cmpb a1, b1", "Z=0 C=0 N=0" },
	{ "cmpb_64_borrow", "mov a0, #0\n mov b0, #1\n mov a1, #3\n mov b1, #3\n"
	  " cmp a0, b0\n cmpb a1, b1", "Z=0 C=1 N=1" },
	{ "logic_clears_cv", "mov a0, #0\n cmp a0, #1\n mov a1, #6\n and a2, a1, #3",
	  "a2=2 C=0 V=0 Z=0 N=0" },
	{ "or_xor_andn", "mov a0, #0xc\n mov b0, #0xa\n or a1, a0, b0\n"
	  " xor a2, a0, b0\n andn a3, a0, b0", "a1=0xe a2=6 a3=4" },
	{ "xor_zero", "mov a0, #5\n xor a1, a0, #5", "a1=0 Z=1" },
	{ "or_negative", "li a0, 0x80000000\n or a1, a0, #1", "a1=0x80000001 N=1 Z=0" },
	{ "tst_zero", "mov a0, #4\n tst a0, #3", "Z=1 N=0" },
	{ "tst_negative", "li a0, 0x80000001\n li b0, 0x80000000\n tst a0, b0",
	  "Z=0 N=1" },
	{ "shl_edges", "mov a0, #3\n shl a1, a0, #0\n shl a2, a0, #31\n shl a3, a0, #32\n"
	  " mov b0, #33\n shl a4, a0, b0", "a1=3 a2=0x80000000 a3=0 a4=0" },
	{ "shr_edges", "li a0, 0x80000001\n shr a1, a0, #0\n shr a2, a0, #31\n"
	  " shr a3, a0, #32\n shr a4, a0, #1", "a1=0x80000001 a2=1 a3=0 a4=0x40000000" },
	{ "asr_edges", "li a0, 0x80000010\n asr a1, a0, #4\n asr a2, a0, #31\n"
	  " asr a3, a0, #32\n mov b0, #100\n asr a4, a0, b0\n mov a5, #0x40\n"
	  " asr a6, a5, #32\n asr a7, a5, #0",
	  "a1=0xf8000001 a2=0xffffffff a3=0xffffffff a4=0xffffffff a6=0 a7=0x40" },
	{ "rotates", "li a0, 0x80000001\n rol a1, a0, #1\n ror a2, a0, #1\n"
	  " rol a3, a0, #0\n rol a4, a0, #32\n ror a5, a0, #33\n ror a6, a0, #31",
	  "a1=3 a2=0xc0000000 a3=0x80000001 a4=0x80000001 a5=0xc0000000 a6=3" },
	{ "shift_by_huge_register", "mov a0, #1\n li b0, 0xffffffff\n shl a1, a0, b0\n"
	  " rol a2, a0, b0\n shr a3, a0, b0", "a1=0 a2=0x80000000 a3=0" },
	{ "mul", "li a0, 0x10001\n li b0, 0x10001\n mul a1, a0, b0\n mulhu a2, a0, b0",
	  "a1=0x20001 a2=1" },
	{ "mul_max", "mov a0, #-1\n mov b0, #-1\n mulhu a1, a0, b0\n mul a2, a0, b0",
	  "a1=0xfffffffe a2=1" },
	{ "divu_remu", "mov a0, #100\n mov b0, #7\n divu a1, a0, b0\n remu a2, a0, b0",
	  "a1=14 a2=2" },
	{ "div_by_zero", "mov a0, #100\n mov b0, #0\n divu a1, a0, b0\n remu a2, a0, b0",
	  "a1=0 a2=100" },
	{ "divu_unsigned", "mov a0, #-1\n divu a1, a0, #2", "a1=0x7fffffff" },
	{ "ext", "li a0, 0x12345678\n ext a1, a0, #8, #8\n ext a2, a0, #0, #32\n"
	  " ext a3, a0, #28, #4\n ext a4, a0, #31, #1", "a1=0x56 a2=0x12345678 a3=1 a4=0" },
	{ "ins", "li a0, 0x12345678\n mov b0, #0xab\n ins a1, a0, b0, #8, #8\n"
	  " ins a2, a0, #0xfff, #28, #4\n ins a3, a0, b0, #0, #32",
	  "a1=0x1234ab78 a2=0xf2345678 a3=0xab" },
	{ "br_bit", "li a0, 0x80000000\n mov a1, #0\n br_bset a0, #31, t1\n mov a1, #1\n"
	  "t1: mov a2, #0\n br_bclr a0, #30, t2\n mov a2, #1\n"
	  "t2: br_bclr a0, #31, t3\n mov a3, #7\nt3: nop", "a1=0 a2=0 a3=7" },
	{ "call_ret", "call a15, fn\n mov a1, #2\n br stop\nfn: mov a0, #1\n ret a15",
	  "a0=1 a1=2 a15=4" },
	{ "local_memory",
	  "lm_set l1, a0, #16\n li b0, 0x11223344\n lm_st32 b0, l1[0]\n"
	  " lm_ld8 a1, l1[0]\n lm_ld16 a2, l1[1]\n lm_ld32 a3, l1[0]\n"
	  " lm_st8 #0xff, l1[3]\n lm_ld32 a4, l1[0]\n lm_get a5, l1\n"
	  " lm_st16 #0xbeef, l1[-2]\n lm_ld32 a6, l1[-4]",
	  "a1=0x44 a2=0x2233 a3=0x11223344 a4=0xff223344 a5=16 a6=0xbeef0000" },
	{ "lm_index_wraps_32", "mov a0, #-1\n lm_set l2, a0, #9\n lm_get a1, l2", "a1=8" },
	{ "local_csrs", "csr_rd a0, csr_num_ctx\n csr_rd a1, csr_lm_size\n"
	  " csr_rd a2, csr_pkt_buf_size\n csr_rd a3, csr_me\n csr_rd a4, csr_num_me\n"
	  " csr_rd a5, csr_pkt_buf\n csr_rd a6, csr_ctx",
	  "a0=4 a1=16384 a2=4096 a3=0 a4=1 a5=0 a6=0" },
	{ "insns_csr", "nop\n nop\n csr_rd a0, csr_insns_lo", "a0=5" },
	/* Cycle costs (section 5, 6.1): 3 prologue + body + halt. */
	{ "cycles_plain", "nop\n nop", "insns=6 cycles=6" },
	{ "cycles_mul_div", "mul a0, a1, b1\n divu a0, a1, b1", "insns=6 cycles=27" },
	/* br_cmp/br_cmpi cost what br does: 1, taken 2 (prologue 3 + halt) */
	{ "cycles_br_cmp", "mov a0, #1\n br_cmpi.eq a0, #1, t1\nt1: br_cmp.ne a0, b0, t2\n"
	  " nop\nt2: nop", "insns=8 cycles=10" },
	{ "cycles_taken_branch", "br t\nt: nop", "insns=6 cycles=7" },
	{ "cycles_untaken_branch", "cmp a0, #1\n br.eq stop\n nop", "insns=7 cycles=7" },
	{ "cycles_call_ret", "call a15, f\n br stop\nf: ret a15", "insns=7 cycles=10" },
};

static void me_alu_check(struct me_test_run *r, const char *name,
			 const char *expect)
{
	struct me_ctx_state s = me_test_ctx(r, 0, 0);
	char buf[512], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", expect);
	for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');
		unsigned long long want = strtoull(eq + 1, NULL, 0), got;

		*eq = 0;
		if (!strcmp(tok, "Z")) got = (unsigned)s.z;
		else if (!strcmp(tok, "N")) got = (unsigned)s.n;
		else if (!strcmp(tok, "C")) got = (unsigned)s.c;
		else if (!strcmp(tok, "V")) got = (unsigned)s.v;
		else if (!strcmp(tok, "insns")) got = s.insns;
		else if (!strcmp(tok, "cycles")) got = s.cycles;
		else got = me_test_reg(&s, tok);
		ck_assert_msg(got == want, "%s: %s is 0x%llx, expected 0x%llx", name,
			      tok, got, want);
	}
}

static void me_alu_run(const char *name, const char *body, const char *expect)
{
	struct me_test_run r = { 0 };
	char src[4096];

	snprintf(src, sizeof(src), "%s%s\nstop:\thalt\n", me_alu_prologue, body);
	ck_assert_int_eq(me_test_exec(&r, src, NULL, 100000), ME_STOP_HALTED);
	ck_assert_int_eq(me_test_ctx(&r, 0, 0).status, ME_CTX_HALTED);
	me_alu_check(&r, name, expect);
	me_test_free(&r);
}

START_TEST(me_alu_table)
{
	const struct me_alu_case *c = &me_alu_cases[_i];

	me_alu_run(c->name, c->body, c->expect);
}
END_TEST

struct me_cond_case {
	const char *cond;
	uint32_t a, b;
	int taken;
};

/* Each condition after cmp a, b (section 3.2), both ways where possible. */
static const struct me_cond_case me_cond_cases[] = {
	{ "al", 1, 2, 1 }, { "eq", 5, 5, 1 }, { "eq", 5, 6, 0 },
	{ "ne", 5, 6, 1 }, { "ne", 6, 6, 0 },
	{ "lo", 1, 2, 1 }, { "lo", 2, 1, 0 }, { "lo", 0xffffffff, 1, 0 },
	{ "hs", 2, 2, 1 }, { "hs", 1, 2, 0 },
	{ "mi", 1, 2, 1 }, { "mi", 2, 1, 0 }, { "pl", 2, 1, 1 }, { "pl", 1, 2, 0 },
	{ "vs", 0x80000000, 1, 1 }, { "vs", 1, 1, 0 },
	{ "vc", 1, 1, 1 }, { "vc", 0x80000000, 1, 0 },
	{ "hi", 3, 2, 1 }, { "hi", 2, 2, 0 }, { "hi", 1, 0xffffffff, 0 },
	{ "ls", 2, 2, 1 }, { "ls", 3, 2, 0 }, { "ls", 1, 0xffffffff, 1 },
	{ "ge", 0xffffffff, 0xffffffff, 1 }, { "ge", 0xfffffffe, 1, 0 },
	{ "ge", 0x7fffffff, 0xffffffff, 1 },
	{ "lt", 0xffffffff, 1, 1 }, { "lt", 1, 0xffffffff, 0 },
	{ "lt", 0x80000000, 1, 1 },
	{ "gt", 1, 0xffffffff, 1 }, { "gt", 1, 1, 0 }, { "gt", 0x80000000, 0x7fffffff, 0 },
	{ "le", 0xffffffff, 1, 1 }, { "le", 1, 1, 1 }, { "le", 2, 1, 0 },
};

START_TEST(me_alu_conditions)
{
	const struct me_cond_case *c = &me_cond_cases[_i];
	char body[512], name[64], expect[32];

	snprintf(body, sizeof(body),
		 "li a0, 0x%x\n li b0, 0x%x\n cmp a0, b0\n br.%s yes\n"
		 " mov a2, #0\n br stop\nyes: mov a2, #1", c->a, c->b, c->cond);
	snprintf(name, sizeof(name), "br.%s 0x%x, 0x%x", c->cond, c->a, c->b);
	snprintf(expect, sizeof(expect), "a2=%d", c->taken);
	me_alu_run(name, body, expect);
}
END_TEST

/*
 * br_cmp and br_cmpi (section 5) branch exactly as "cmp a, b; br.cond" on
 * every case above (br_cmpi where b fits its 12 bits) and leave the flags
 * of the compare before them (Z=0 N=1 C=1 V=1).
 */
START_TEST(me_alu_cmp_branch)
{
	const struct me_cond_case *c = &me_cond_cases[_i];
	int32_t sb = (int32_t)c->b;
	char body[512], name[64], expect[64];

	if (!strcmp(c->cond, "al"))
		return;		/* br_cmp has no al: that is br */
	snprintf(body, sizeof(body),
		 "li a0, 0x%x\n li b0, 0x%x\n li a5, 0x7fffffff\n mov b5, #-1\n"
		 " cmp a5, b5\n mov a2, #0\n br_cmp.%s a0, b0, t1\n br t2\n"
		 "t1: mov a2, #1\nt2: mov a3, #2\n", c->a, c->b, c->cond);
	if (sb >= -2048 && sb <= 2047)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
			 " mov a3, #0\n br_cmpi.%s a0, #%d, t3\n br stop\n"
			 "t3: mov a3, #1", c->cond, sb);
	snprintf(name, sizeof(name), "br_cmp.%s 0x%x, 0x%x", c->cond, c->a, c->b);
	snprintf(expect, sizeof(expect), "a2=%d a3=%d Z=0 N=1 C=1 V=1", c->taken,
		 sb >= -2048 && sb <= 2047 ? c->taken : 2);
	me_alu_run(name, body, expect);
}
END_TEST

static const unsigned me_alu_opcodes[] = {
#define ME_ALU_OP(name, code, mnem, fmt, cyc, flags) code,
	ME_ISA_OPCODES(ME_ALU_OP)
#undef ME_ALU_OP
};

/*
 * The table's ME_F_SETCC is what the emulator does (section 3.2): with
 * N, C and V set beforehand, an instruction that writes flags on 5 and 3
 * leaves all four clear, one that does not leaves them as they were.
 */
START_TEST(me_alu_setcc_flags)
{
	unsigned op = me_alu_opcodes[_i];
	const struct me_opinfo *info = me_opinfo(op);
	static const char *const forms[ME_FMT_COUNT] = {
		[ME_FMT_ALU] = "%s a3, a1, b1", [ME_FMT_UNARY] = "%s a3, b1",
		[ME_FMT_CMP] = "%s a1, b1", [ME_FMT_IMMHI] = "%s a3, #1",
		[ME_FMT_EXT] = "%s a3, a1, #4, #8", [ME_FMT_INS] = "%s a3, a1, b1, #4, #8",
		[ME_FMT_LMLD] = "%s a3, l0[0]", [ME_FMT_LMST] = "%s b1, l0[0]",
		[ME_FMT_LMSET] = "%s l0, a1, b1", [ME_FMT_LMGET] = "%s a3, l0",
		[ME_FMT_CSRRD] = "%s a3, csr_ctx",
	};
	char insn[64], body[256], expect[64];

	if (!forms[info->format])
		return;		/* control flow and commands: covered elsewhere */
	snprintf(insn, sizeof(insn), forms[info->format], info->mnemonic);
	snprintf(body, sizeof(body),
		 "mov a1, #5\n mov b1, #3\n li a0, 0x7fffffff\n mov b0, #-1\n"
		 " cmp a0, b0\n %s", insn);
	snprintf(expect, sizeof(expect), (info->flags & ME_F_SETCC) ?
		 "Z=0 N=0 C=0 V=0" : "Z=0 N=1 C=1 V=1");
	me_alu_run(insn, body, expect);
}
END_TEST

/* The four contexts run the same code on their own registers. */
START_TEST(me_alu_contexts_private)
{
	struct me_test_run r = { 0 };

	ck_assert_int_eq(me_test_exec(&r,
		".contexts 4\nmain: csr_rd a0, csr_ctx\n add a1, a0, #10\n"
		" ctx_swap\n add a1, a1, #100\n halt\n", NULL, 10000), ME_STOP_HALTED);
	for (unsigned c = 0; c < 4; c++) {
		struct me_ctx_state s = me_test_ctx(&r, 0, c);

		ck_assert_uint_eq(s.a[0], c);
		ck_assert_uint_eq(s.a[1], c + 110);
		ck_assert_uint_eq(s.insns, 5);
	}
	me_test_free(&r);
}
END_TEST

/* 8-context mode: 8 contexts, 16 registers per bank. */
START_TEST(me_alu_eight_contexts)
{
	struct me_test_run r = { 0 };

	ck_assert_int_eq(me_test_exec(&r,
		".contexts 8\nmain: csr_rd a15, csr_ctx\n csr_rd b15, csr_num_ctx\n halt\n",
		NULL, 10000), ME_STOP_HALTED);
	ck_assert_uint_eq(me_card_num_ctx(r.card), 8);
	for (unsigned c = 0; c < 8; c++) {
		ck_assert_uint_eq(me_test_ctx(&r, 0, c).a[15], c);
		ck_assert_uint_eq(me_test_ctx(&r, 0, c).b[15], 8);
	}
	me_test_free(&r);
}
END_TEST

Suite *make_me_alu_suite(void);

Suite *make_me_alu_suite(void)
{
	Suite *s = suite_create("me-alu");
	TCase *tc = tcase_create("semantics");

	tcase_add_loop_test(tc, me_alu_table, 0,
			    sizeof(me_alu_cases) / sizeof(me_alu_cases[0]));
	tcase_add_loop_test(tc, me_alu_conditions, 0,
			    sizeof(me_cond_cases) / sizeof(me_cond_cases[0]));
	tcase_add_loop_test(tc, me_alu_cmp_branch, 0,
			    sizeof(me_cond_cases) / sizeof(me_cond_cases[0]));
	tcase_add_loop_test(tc, me_alu_setcc_flags, 0,
			    sizeof(me_alu_opcodes) / sizeof(me_alu_opcodes[0]));
	tcase_add_test(tc, me_alu_contexts_private);
	tcase_add_test(tc, me_alu_eight_contexts);
	suite_add_tcase(s, tc);
	return s;
}
