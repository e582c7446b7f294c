// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xcc_prog_origins() (docs/performance.md, "xnic-cc --profile"): every
 * card word of the image comes from an eBPF instruction, a runtime routine
 * named after its first caller, or the harness; a branch names the eBPF
 * instruction it goes to.
 */
#include "test_main.h"
#include "xcc_test.h"

/* A 64-bit division (the udivmod routine), a hash lookup (its routine), a branch. */
static const struct bpf_insn origin_prog[] = {
	T_LDX(BPF_W, 2, 1, 12),			/* 0: ingress_ifindex */
	T_LDX(BPF_W, 3, 1, 16),			/* 1: rx_queue_index */
	T_ALU64_IMM(BPF_LSH, 3, 20),		/* 2: a divisor wider than 32 bits */
	T_ALU64_REG(BPF_DIV, 2, 3),		/* 3 */
	T_STX(BPF_W, 10, 2, -4),		/* 4 */
	T_MOV64_REG(2, 10),			/* 5 */
	T_ALU64_IMM(BPF_ADD, 2, -4),		/* 6 */
	T_LD_MAP(1, 0),				/* 7, 8 */
	T_CALL(BPF_FUNC_map_lookup_elem),	/* 9 */
	T_JMP_IMM(BPF_JEQ, 0, 0, 2),		/* 10: to 13 */
	T_MOV64_IMM(0, XDP_DROP),		/* 11 */
	T_EXIT(),				/* 12 */
	T_MOV64_IMM(0, XDP_PASS),		/* 13 */
	T_EXIT(),				/* 14 */
};

struct origin_run {
	struct xcc_test t;
	struct xcc_image_info info;
	struct xcc_origin *o;
};

static void origin_compile(struct origin_run *r)
{
	struct xcc_options opts = { 0 };

	memset(r, 0, sizeof(*r));
	r->t.env = (struct xcc_env){ xcc_test_alloc, xcc_test_free, xcc_test_log, &r->t };
	r->t.prog = xcc_prog_new(&r->t.env, origin_prog, XCC_ARRAY_SIZE(origin_prog),
				 xcc_test_maps, 1);
	ck_assert_msg(xcc_compile(r->t.prog, &opts) == 0, "%s", r->t.log);
	ck_assert_int_eq(xcc_prog_image(r->t.prog, &r->info), 0);
	r->o = calloc(r->info.n_code, sizeof(*r->o));
	ck_assert_int_eq(xcc_prog_origins(r->t.prog, r->o, r->info.n_code), 0);
}

static void origin_done(struct origin_run *r)
{
	free(r->o);
	xcc_test_done(&r->t);
}

START_TEST(test_origin_kinds)
{
	struct origin_run r;
	u32 pc, seen[XCC_ARRAY_SIZE(origin_prog)] = { 0 };

	origin_compile(&r);
	for (pc = 0; pc < r.info.n_code; pc++) {
		const struct xcc_origin *o = &r.o[pc];

		/* the harness is the image's last part, from its entry on */
		ck_assert_uint_eq(o->kind == XCC_ORIGIN_HARNESS, pc >= r.info.entry_harness);
		if (o->kind == XCC_ORIGIN_HARNESS)
			ck_assert_uint_eq(o->insn, XCC_ORIGIN_NONE);
		else
			ck_assert_uint_lt(o->insn, XCC_ARRAY_SIZE(origin_prog));
		if (o->kind == XCC_ORIGIN_INSN)
			seen[o->insn]++;
	}
	/*
	 * The entry is instruction 0's, and every live instruction has code,
	 * but for the copy of r10 that peep folds into the address sum after
	 * it (5, 6: one card add) and the map's LD_IMM64 (7, 8), which the
	 * map's lookup routine does not read (the map is known when compiling).
	 */
	ck_assert_uint_eq(r.o[r.info.entry_main].kind, XCC_ORIGIN_INSN);
	ck_assert_uint_eq(r.o[r.info.entry_main].insn, 0);
	ck_assert_msg(seen[5] + seen[6] > 0, "no card code for insns 5 and 6");
	for (pc = 0; pc < XCC_ARRAY_SIZE(origin_prog); pc++)
		if (pc != 5 && pc != 6 && pc != 7 && pc != 8)
			ck_assert_msg(seen[pc] > 0, "no card code for insn %u", pc);
	origin_done(&r);
}
END_TEST

START_TEST(test_origin_routines)
{
	struct origin_run r;
	u32 pc, div = 0, lookup = 0;

	origin_compile(&r);
	for (pc = 0; pc < r.info.n_code; pc++) {
		if (r.o[pc].kind != XCC_ORIGIN_ROUTINE)
			continue;
		div += r.o[pc].insn == 3;
		lookup += r.o[pc].insn == 9;
	}
	/* 64 steps of shift-subtract and a hash probe loop: several words each */
	ck_assert_uint_gt(div, 5);
	ck_assert_uint_gt(lookup, 5);
	/* a routine's first word follows the caller's own code */
	for (pc = 1; pc < r.info.n_code; pc++)
		if (r.o[pc].kind == XCC_ORIGIN_ROUTINE && r.o[pc - 1].kind == XCC_ORIGIN_INSN)
			ck_assert_uint_ne(r.o[pc].insn, XCC_ORIGIN_NONE);
	origin_done(&r);
}
END_TEST

START_TEST(test_origin_targets)
{
	struct origin_run r;
	u32 pc, to_13 = 0;

	origin_compile(&r);
	for (pc = 0; pc < r.info.n_code; pc++) {
		const struct xcc_origin *o = &r.o[pc];

		if (o->kind != XCC_ORIGIN_INSN)
			ck_assert_uint_eq(o->target, XCC_ORIGIN_NONE);
		else if (o->target != XCC_ORIGIN_NONE)
			ck_assert_uint_lt(o->target, XCC_ARRAY_SIZE(origin_prog));
		to_13 += o->kind == XCC_ORIGIN_INSN && o->insn == 10 && o->target == 13;
	}
	ck_assert_uint_eq(to_13, 1);
	origin_done(&r);
}
END_TEST

START_TEST(test_origin_refused)
{
	struct origin_run r;

	origin_compile(&r);
	ck_assert_int_eq(xcc_prog_origins(r.t.prog, r.o, r.info.n_code - 1), -1);
	origin_done(&r);
}
END_TEST

static Suite *make_origin_suite(void)
{
	Suite *s = suite_create("compiler-origin");
	TCase *tc = tcase_create("origin");

	tcase_add_test(tc, test_origin_kinds);
	tcase_add_test(tc, test_origin_routines);
	tcase_add_test(tc, test_origin_targets);
	tcase_add_test(tc, test_origin_refused);
	suite_add_tcase(s, tc);
	return s;
}

XCC_TEST_MAIN(make_origin_suite)
