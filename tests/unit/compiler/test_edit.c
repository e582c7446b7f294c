// SPDX-License-Identifier: GPL-2.0-or-later
/* xcc_insns_remove: the driver's copy follows the verifier's dead-code removal. */
#include "test_main.h"
#include "xcc_test.h"

static void check_insn(const struct bpf_insn *got, const struct bpf_insn *want, u32 i)
{
	ck_assert_msg(!memcmp(got, want, sizeof(*got)),
		      "insn %u: code %02x off %d imm %d, want code %02x off %d imm %d", i,
		      got->code, got->off, got->imm, want->code, want->off, want->imm);
}

/* Jumps over the range shrink, from before it and back from after it. */
START_TEST(test_edit_jumps_across)
{
	struct bpf_insn p[] = {
		T_MOV64_IMM(0, 1),			/* 0 */
		T_JA(4),				/* 1 -> 6 */
		T_MOV64_IMM(0, 2),			/* 2 removed */
		T_MOV64_IMM(0, 3),			/* 3 removed */
		T_JMP_IMM(BPF_JEQ, 0, 1, 1),		/* 4 -> 6, stays */
		T_MOV64_IMM(0, 4),			/* 5 */
		T_JMP_IMM(BPF_JGT, 0, 9, -6),		/* 6 -> 1 */
		T_EXIT(),				/* 7 */
	};
	const struct bpf_insn want[] = {
		T_MOV64_IMM(0, 1),
		T_JA(2),
		T_JMP_IMM(BPF_JEQ, 0, 1, 1),
		T_MOV64_IMM(0, 4),
		T_JMP_IMM(BPF_JGT, 0, 9, -4),
		T_EXIT(),
	};
	u32 n = XCC_ARRAY_SIZE(p), i;

	ck_assert_int_eq(xcc_insns_remove(p, &n, 2, 2), 0);
	ck_assert_uint_eq(n, XCC_ARRAY_SIZE(want));
	for (i = 0; i < n; i++)
		check_insn(&p[i], &want[i], i);
}
END_TEST

/* BPF-to-BPF calls keep their target in imm, bpf_loop callbacks too. */
START_TEST(test_edit_calls_and_callbacks)
{
	struct bpf_insn p[] = {
		T_CALL_PC(4),				/* 0 -> 5 */
		T_LD_FUNC(2, 3),			/* 1-2 -> 5 */
		T_MOV64_IMM(0, 0),			/* 3 removed */
		T_EXIT(),				/* 4 */
		T_MOV64_IMM(0, 7),			/* 5 subprogram */
		T_CALL(BPF_FUNC_get_prandom_u32),	/* 6 helper: no target */
		T_EXIT(),				/* 7 */
	};
	u32 n = XCC_ARRAY_SIZE(p);

	ck_assert_int_eq(xcc_insns_remove(p, &n, 3, 1), 0);
	ck_assert_uint_eq(n, 7);
	ck_assert_int_eq(p[0].imm, 3);
	ck_assert_int_eq(p[1].imm, 2);
	ck_assert_int_eq(p[5].imm, BPF_FUNC_get_prandom_u32);
}
END_TEST

/* Something that still points into the range, or a bad range: refused, untouched. */
START_TEST(test_edit_refusals)
{
	struct bpf_insn p[] = {
		T_JA(1),				/* 0 -> 2 */
		T_MOV64_IMM(0, 1),			/* 1 */
		T_EXIT(),				/* 2 */
	};
	struct bpf_insn copy[XCC_ARRAY_SIZE(p)];
	u32 n = XCC_ARRAY_SIZE(p);

	memcpy(copy, p, sizeof(p));
	ck_assert_int_eq(xcc_insns_remove(p, &n, 2, 1), -XCC_E_INVALID);
	ck_assert_int_eq(xcc_insns_remove(p, &n, 2, 2), -XCC_E_INVALID);
	ck_assert_int_eq(xcc_insns_remove(p, &n, 4, 0), -XCC_E_INVALID);
	ck_assert_uint_eq(n, 3);
	ck_assert(!memcmp(p, copy, sizeof(p)));
	ck_assert_int_eq(xcc_insns_remove(p, &n, 1, 1), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(p[0].off, 0);
}
END_TEST

static Suite *make_edit_suite(void)
{
	Suite *s = suite_create("compiler-edit");
	TCase *tc = tcase_create("edit");

	tcase_add_test(tc, test_edit_jumps_across);
	tcase_add_test(tc, test_edit_calls_and_callbacks);
	tcase_add_test(tc, test_edit_refusals);
	suite_add_tcase(s, tc);
	return s;
}

XCC_TEST_MAIN(make_edit_suite)
