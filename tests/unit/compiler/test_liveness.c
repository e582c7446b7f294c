// SPDX-License-Identifier: GPL-2.0-or-later
/* Passes "liveness" and "opt": live registers, dead code, decided branches. */
#include "test_main.h"
#include "xcc_test.h"

#define R(n)	(1u << (n))

START_TEST(test_liveness_straight)
{
	const struct bpf_insn p[] = {
		T_MOV64_IMM(6, 1),			/* 0: dead, overwritten at 2 */
		T_MOV64_IMM(7, 2),			/* 1 */
		T_MOV64_IMM(6, 3),			/* 2 */
		T_MOV64_REG(0, 6),			/* 3 */
		T_ALU64_REG(BPF_ADD, 0, 7),		/* 4 */
		T_EXIT(),				/* 5 */
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_int_eq(t.err, 0);
	ck_assert_uint_eq(xcc_test_meta(&t, 5)->live_in, R(0));
	ck_assert_uint_eq(xcc_test_meta(&t, 4)->live_in, R(0) | R(7));
	ck_assert_uint_eq(xcc_test_meta(&t, 3)->live_in, R(6) | R(7));
	ck_assert_uint_eq(xcc_test_meta(&t, 1)->live_in, 0);
	ck_assert_uint_eq(xcc_test_meta(&t, 0)->live_out, 0);
	ck_assert(xcc_test_meta(&t, 0)->flags & XCC_META_DEAD);
	ck_assert(!(xcc_test_meta(&t, 2)->flags & XCC_META_DEAD));
	xcc_test_done(&t);
}
END_TEST

START_TEST(test_liveness_calls)
{
	const struct bpf_insn p[] = {
		T_MOV64_IMM(1, 1),			/* 0 */
		T_MOV64_IMM(2, 2),			/* 1: the callee ignores r2 */
		T_MOV64_IMM(6, 6),			/* 2 */
		T_CALL_PC(3),				/* 3 -> 7 */
		T_ALU64_REG(BPF_ADD, 0, 6),		/* 4 */
		T_CALL(BPF_FUNC_ktime_get_ns),		/* 5 */
		T_EXIT(),				/* 6 */
		T_MOV64_REG(0, 1),			/* 7 */
		T_EXIT(),				/* 8 */
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_int_eq(t.err, 0);
	ck_assert_uint_eq(xcc_test_meta(&t, 7)->live_in, R(1));
	ck_assert_uint_eq(xcc_test_meta(&t, 3)->live_in, R(1) | R(6));
	ck_assert(xcc_test_meta(&t, 1)->flags & XCC_META_DEAD);
	/* the helper takes no arguments and clobbers r0: r0 from 4 is dead */
	ck_assert_uint_eq(xcc_test_meta(&t, 5)->live_in, 0);
	ck_assert(xcc_test_meta(&t, 4)->flags & XCC_META_DEAD);
	xcc_test_done(&t);
}
END_TEST

START_TEST(test_opt_decided_branches)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 2, 1, 16),			/* 0: rx_queue_index, any u32 */
		T_ALU64_IMM(BPF_AND, 2, 7),		/* 1: 0..7 */
		T_JMP_IMM(BPF_JGT, 2, 7, 3),		/* 2: never taken */
		T_JMP_IMM(BPF_JLE, 2, 7, 1),		/* 3: always taken */
		T_MOV64_IMM(0, 9),			/* 4: unreachable */
		T_MOV64_IMM(0, 2),			/* 5 */
		T_EXIT(),				/* 6 */
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_int_eq(t.err, 0);
	ck_assert(xcc_test_meta(&t, 2)->flags & XCC_META_NEVER_TAKEN);
	ck_assert(!(xcc_test_meta(&t, 2)->flags & XCC_META_ALWAYS_TAKEN));
	ck_assert(xcc_test_meta(&t, 3)->flags & XCC_META_ALWAYS_TAKEN);
	ck_assert(!(xcc_test_meta(&t, 4)->flags & XCC_META_REACHED));
	ck_assert(xcc_test_meta(&t, 4)->flags & XCC_META_DEAD);
	ck_assert(!(xcc_test_meta(&t, 5)->flags & XCC_META_DEAD));
	xcc_test_done(&t);
}
END_TEST

START_TEST(test_opt_jmp32)
{
	/* 0x100000001 compares equal to 1 in 32 bits only */
	const struct bpf_insn p[] = {
		T_LD_IMM64(2, 1, 1),					/* 0-1 */
		XCC_TEST_INSN(BPF_JMP32 | BPF_JEQ | BPF_K, 2, 0, 1, 1),	/* 2: always */
		T_JMP_IMM(BPF_JEQ, 2, 1, 1),				/* 3: never */
		T_MOV64_IMM(0, 1),					/* 4 */
		T_EXIT(),						/* 5 */
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_int_eq(t.err, 0);
	ck_assert(xcc_test_meta(&t, 2)->flags & XCC_META_ALWAYS_TAKEN);
	ck_assert(!(xcc_test_meta(&t, 3)->flags & XCC_META_REACHED));
	xcc_test_done(&t);
}
END_TEST

static Suite *make_liveness_suite(void)
{
	Suite *s = suite_create("compiler-liveness");
	TCase *tc = tcase_create("liveness");

	tcase_add_test(tc, test_liveness_straight);
	tcase_add_test(tc, test_liveness_calls);
	tcase_add_test(tc, test_opt_decided_branches);
	tcase_add_test(tc, test_opt_jmp32);
	suite_add_tcase(s, tc);
	return s;
}

XCC_TEST_MAIN(make_liveness_suite)
