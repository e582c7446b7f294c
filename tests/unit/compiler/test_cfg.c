// SPDX-License-Identifier: GPL-2.0-or-later
/* Pass "cfg": block boundaries, successors, loop headers, subprogram entries. */
#include "test_main.h"
#include "xcc_test.h"

START_TEST(test_cfg_diamond)
{
	const struct bpf_insn p[] = {
		T_MOV64_IMM(0, 1),			/* 0  bb0 */
		T_JMP_IMM(BPF_JGT, 1, 5, 2),		/* 1  bb0 -> bb1 (2) / bb2 (4) */
		T_MOV64_IMM(0, 2),			/* 2  bb1 */
		T_JA(1),				/* 3  bb1 -> bb3 */
		T_MOV64_IMM(0, 3),			/* 4  bb2 */
		T_EXIT(),				/* 5  bb3 */
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_int_eq(t.err, 0);
	ck_assert_uint_eq(t.prog->n_bbs, 4);
	ck_assert_int_eq(t.prog->bbs[0].succ[0], 1);
	ck_assert_int_eq(t.prog->bbs[0].succ[1], 2);
	ck_assert_int_eq(t.prog->bbs[1].succ[0], 3);
	ck_assert_int_eq(t.prog->bbs[1].succ[1], -1);
	ck_assert_int_eq(t.prog->bbs[2].succ[0], 3);
	ck_assert_int_eq(t.prog->bbs[3].succ[0], -1);
	ck_assert_uint_eq(xcc_test_meta(&t, 4)->bb, 2);
	ck_assert(!t.prog->bbs[3].loop_header);
	xcc_test_done(&t);
}
END_TEST

START_TEST(test_cfg_loop)
{
	const struct bpf_insn p[] = {
		T_MOV64_IMM(0, 0),			/* 0 bb0 */
		T_ALU64_IMM(BPF_ADD, 0, 1),		/* 1 bb1: loop header */
		T_JMP_IMM(BPF_JLT, 0, 10, -2),		/* 2 bb1 -> bb1 */
		T_EXIT(),				/* 3 bb2 */
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_int_eq(t.err, 0);
	ck_assert_uint_eq(t.prog->n_bbs, 3);
	ck_assert(t.prog->bbs[1].loop_header);
	ck_assert(xcc_test_meta(&t, 2)->flags & XCC_META_BACK_EDGE);
	ck_assert_int_eq(t.prog->bbs[1].succ[1], 1);
	xcc_test_done(&t);
}
END_TEST

START_TEST(test_cfg_calls_end_blocks)
{
	const struct bpf_insn p[] = {
		T_MOV64_IMM(1, 1),			/* 0 bb0 */
		T_CALL(BPF_FUNC_ktime_get_ns),		/* 1 bb0: helpers do not end blocks */
		T_CALL_PC(3),				/* 2 bb0 ends: BPF-to-BPF call, -> 6 */
		T_LD_IMM64(2, 1, 0),			/* 3-4 bb1 */
		T_EXIT(),				/* 5 bb1 */
		T_MOV64_IMM(0, 0),			/* 6 bb2: subprogram 1 */
		T_EXIT(),
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_int_eq(t.err, 0);
	ck_assert_uint_eq(t.prog->n_bbs, 3);
	ck_assert_uint_eq(t.prog->bbs[0].last, 2);
	ck_assert_int_eq(t.prog->bbs[0].succ[0], 1);
	ck_assert_uint_eq(t.prog->subprogs[1].bb, 2);
	ck_assert_uint_eq(t.prog->bbs[2].subprog, 1);
	ck_assert_uint_eq(xcc_test_meta(&t, 4)->bb, 1);
	xcc_test_done(&t);
}
END_TEST

static Suite *make_cfg_suite(void)
{
	Suite *s = suite_create("compiler-cfg");
	TCase *tc = tcase_create("cfg");

	tcase_add_test(tc, test_cfg_diamond);
	tcase_add_test(tc, test_cfg_loop);
	tcase_add_test(tc, test_cfg_calls_end_blocks);
	suite_add_tcase(s, tc);
	return s;
}

XCC_TEST_MAIN(make_cfg_suite)
