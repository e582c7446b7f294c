/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The per-instruction profile (docs/isa.md section 6.3): exact counts,
 * issue cycles and waits on a loop of known trip count, sums that match the
 * contexts' counters, start/stop/reset, the effect of loading and replacing
 * code, and runs that give the same results with and without the profile.
 */
#include <string.h>

#include "me_test.h"

#define TRIPS 10

/* Contexts 1..3 halt at once; context 0 reads external memory TRIPS times. */
static const char loop_src[] =
	"\t.contexts 4\n"
	"main:\tcsr_rd b31, csr_ctx\n"		/* 0 */
	"\tbr_bset b31, #0, done\n"		/* 1 */
	"\tbr_bset b31, #1, done\n"		/* 2 */
	"\tmov a1, #10\n"			/* 3 */
	"loop:\tmem_rd.emem $xr0, a2, #0, #4, sig1, swap\n"	/* 4 */
	"\tsub a1, a1, #1\n"			/* 5 */
	"\tbr.ne loop\n"			/* 6 */
	"done:\thalt\n";			/* 7 */

static unsigned cost(unsigned opcode)
{
	return me_opinfo(opcode)->cycles;
}

static uint64_t total_count(const struct me_profile_insn *p, uint32_t n)
{
	uint64_t sum = 0;

	for (uint32_t i = 0; i < n; i++)
		sum += p[i].count;
	return sum;
}

static const struct me_profile_insn *profile_of(struct me_test_run *r, uint32_t *n)
{
	const struct me_profile_insn *p = me_card_profile(r->card, n);

	ck_assert_ptr_nonnull(p);
	return p;
}

static void start(struct me_test_run *r)
{
	char err[128];

	ck_assert_msg(me_card_profile_start(r->card, err, sizeof(err)) == 0, "%s", err);
}

START_TEST(me_profile_loop_counts)
{
	struct me_test_run r = { 0 };
	struct me_card_config cfg;
	const struct me_profile_insn *p;
	uint32_t n;

	me_test_config(&cfg);
	me_test_load(&r, loop_src, &cfg);
	start(&r);
	ck_assert_int_eq(me_card_run(r.card, 100000, &r.stop), ME_STOP_HALTED);
	p = profile_of(&r, &n);
	ck_assert_uint_ge(n, 8);
	/* every context runs the prologue; contexts 1 and 3 leave at 1, 2 at 2 */
	ck_assert_uint_eq(p[0].count, 4);
	ck_assert_uint_eq(p[1].count, 4);
	ck_assert_uint_eq(p[2].count, 2);
	ck_assert_uint_eq(p[3].count, 1);
	ck_assert_uint_eq(p[4].count, TRIPS);
	ck_assert_uint_eq(p[5].count, TRIPS);
	ck_assert_uint_eq(p[6].count, TRIPS);
	ck_assert_uint_eq(p[7].count, 4);
	/* issue cycles: the table's cost, plus one per taken branch */
	ck_assert_uint_eq(p[1].cycles, 4 * cost(ME_OP_BR_BSET) + 2 * ME_CYC_TAKEN);
	ck_assert_uint_eq(p[2].cycles, 2 * cost(ME_OP_BR_BSET) + 1 * ME_CYC_TAKEN);
	ck_assert_uint_eq(p[4].cycles, TRIPS * cost(ME_OP_MEM_RD));
	ck_assert_uint_eq(p[6].cycles, TRIPS * cost(ME_OP_BR) + (TRIPS - 1) * ME_CYC_TAKEN);
	/* each read waits out its latency and 4 bytes' transfer (section 1) */
	ck_assert_uint_eq(p[4].wait, TRIPS * (cfg.lat.emem + 1));
	for (uint32_t i = 0; i < n; i++)
		if (i != 4)
			ck_assert_uint_eq(p[i].wait, 0);
	me_test_free(&r);
}
END_TEST

/* Sums over the profile equal the contexts' own counters. */
static void check_sums(struct me_test_run *r)
{
	uint64_t count = 0, cycles = 0, insns = 0, ctx_cycles = 0;
	const struct me_profile_insn *p;
	uint32_t n;

	p = profile_of(r, &n);
	for (uint32_t i = 0; i < n; i++) {
		count += p[i].count;
		cycles += p[i].cycles;
	}
	for (unsigned m = 0; m < me_card_num_me(r->card); m++)
		for (unsigned c = 0; c < me_card_num_ctx(r->card); c++) {
			struct me_ctx_state s = me_test_ctx(r, m, c);

			insns += s.insns;
			ctx_cycles += s.cycles;
		}
	ck_assert_uint_eq(count, insns);
	ck_assert_uint_eq(cycles, ctx_cycles);
}

/* Eight contexts on two MEs contending for memory, with atomics. */
static const char busy_src[] =
	"\t.contexts 8\n"
	"main:\tcsr_rd a0, csr_ctx\n"
	"\tshl a1, a0, #6\n"
	"\tli b0, 37\n"
	"loop:\tmem_rd.emem $xr0, a1, #0x1000, #8, sig1, swap\n"
	"\tadd $xw0, $xr0, #1\n"
	"\tmem_add.emem $xw0, a2, #0x100, #4, sig2\n"
	"\tctx_swap\n"
	"\tctx_wait sig2\n"
	"\tsub b0, b0, #1\n"
	"\tbr.ne loop\n"
	"\thalt\n";

START_TEST(me_profile_sums)
{
	struct me_test_run r = { 0 };
	struct me_card_config cfg;

	me_test_config(&cfg);
	cfg.n_me = 2;
	me_test_load(&r, busy_src, &cfg);
	start(&r);
	/* several runs, so contexts hold the ME across a budget's end too */
	while (me_card_run(r.card, 777, &r.stop) == ME_STOP_BUDGET)
		;
	ck_assert_int_eq(r.stop.reason, ME_STOP_HALTED);
	check_sums(&r);
	me_test_free(&r);
}
END_TEST

/* Same cycles, registers and memory with and without the profile. */
START_TEST(me_profile_changes_nothing)
{
	struct me_test_run plain = { 0 }, prof = { 0 };
	struct me_card_config cfg;
	uint32_t size;

	me_test_config(&cfg);
	cfg.n_me = 2;
	me_test_load(&plain, busy_src, &cfg);
	me_test_load(&prof, busy_src, &cfg);
	start(&prof);
	ck_assert_int_eq(me_card_run(plain.card, 1000000, NULL), ME_STOP_HALTED);
	ck_assert_int_eq(me_card_run(prof.card, 1000000, NULL), ME_STOP_HALTED);
	ck_assert_uint_eq(me_card_cycles(plain.card), me_card_cycles(prof.card));
	for (unsigned m = 0; m < 2; m++) {
		struct me_counters a, b;

		me_card_counters(plain.card, m, &a);
		me_card_counters(prof.card, m, &b);
		ck_assert_mem_eq(&a, &b, sizeof(a));
		for (unsigned c = 0; c < 8; c++) {
			struct me_ctx_state x = me_test_ctx(&plain, m, c);
			struct me_ctx_state y = me_test_ctx(&prof, m, c);

			ck_assert_mem_eq(&x, &y, sizeof(x));
		}
	}
	ck_assert_mem_eq(me_card_mem(plain.card, ME_MEM_EMEM, 0, &size),
			 me_card_mem(prof.card, ME_MEM_EMEM, 0, &size), size);
	me_test_free(&plain);
	me_test_free(&prof);
}
END_TEST

START_TEST(me_profile_start_stop_reset)
{
	struct me_test_run r = { 0 };
	const struct me_profile_insn *p;
	uint32_t n;

	me_test_load(&r, busy_src, NULL);
	ck_assert_ptr_null(me_card_profile(r.card, &n));
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(me_card_run(r.card, 2000, NULL), ME_STOP_BUDGET);
	start(&r);
	ck_assert_int_eq(me_card_run(r.card, 2000, NULL), ME_STOP_BUDGET);
	me_card_profile_stop(r.card);
	p = profile_of(&r, &n);
	{
		uint64_t before = total_count(p, n);

		ck_assert_uint_gt(before, 0);
		ck_assert_int_eq(me_card_run(r.card, 2000, NULL), ME_STOP_BUDGET);
		ck_assert_uint_eq(total_count(p, n), before);	/* stopped: unchanged */
	}
	me_card_profile_reset(r.card);
	for (uint32_t i = 0; i < n; i++)
		ck_assert_uint_eq(p[i].count + p[i].cycles + p[i].wait, 0);
	me_test_free(&r);
}
END_TEST

START_TEST(me_profile_load_and_replace)
{
	struct me_test_run r = { 0 };
	struct me_image img;
	const struct me_profile_insn *p;
	char err[128];
	uint32_t n;

	me_test_load(&r, loop_src, NULL);
	start(&r);
	ck_assert_int_eq(me_card_run(r.card, 100000, NULL), ME_STOP_HALTED);
	p = profile_of(&r, &n);
	ck_assert_uint_eq(p[4].count, TRIPS);
	/* every context has halted: instructions 4.. may be replaced */
	me_test_assemble("\t.contexts 4\nmain: halt\n halt\n halt\n halt\n", &img);
	ck_assert_msg(me_card_replace_code(r.card, 4, img.code, 4, err, sizeof(err)) == 0,
		      "%s", err);
	ck_assert_uint_eq(p[3].count, 1);		/* kept code keeps its counts */
	ck_assert_uint_eq(p[4].count + p[5].count + p[6].count + p[7].count, 0);
	ck_assert_int_eq(me_card_load(r.card, &r.img, err, sizeof(err)), 0);
	ck_assert_uint_eq(p[0].count + p[3].count, 0);	/* a new image starts at zero */
	me_image_free(&img);
	me_test_free(&r);
}
END_TEST

Suite *make_me_profile_suite(void);

Suite *make_me_profile_suite(void)
{
	Suite *s = suite_create("me-profile");
	TCase *tc = tcase_create("profile");

	tcase_add_test(tc, me_profile_loop_counts);
	tcase_add_test(tc, me_profile_sums);
	tcase_add_test(tc, me_profile_changes_nothing);
	tcase_add_test(tc, me_profile_start_stop_reset);
	tcase_add_test(tc, me_profile_load_and_replace);
	suite_add_tcase(s, tc);
	return s;
}
