// SPDX-License-Identifier: GPL-2.0-or-later
/* Interval arithmetic of the abstract interpretation (xcc_range.c). */
#include "test_main.h"
#include "xcc_test.h"

static struct xcc_range rng(u64 lo, u64 hi)
{
	struct xcc_range r = { lo, hi, S64_MIN, S64_MAX };

	return xcc_range_sync(r);
}

START_TEST(test_range_constants_follow_the_kernel)
{
	struct xcc_range seven = xcc_range_const(7), zero = xcc_range_const(0);

	ck_assert_uint_eq(xcc_range_alu(BPF_DIV, seven, zero, 1).umin, 0);
	ck_assert_uint_eq(xcc_range_alu(BPF_MOD, seven, zero, 1).umin, 7);
	ck_assert_uint_eq(xcc_range_alu(BPF_MOD, seven, zero, 0).umin, 7);
	ck_assert_uint_eq(xcc_range_alu(BPF_SUB, zero, seven, 0).umin, 0xfffffff9u);
	ck_assert_uint_eq(xcc_range_alu(BPF_SUB, zero, seven, 1).umin, (u64)-7);
	ck_assert_uint_eq(xcc_range_alu(BPF_NEG, seven, zero, 0).umin, 0xfffffff9u);
	ck_assert_uint_eq(xcc_range_alu(BPF_ARSH, xcc_range_const(0x80000000u), xcc_range_const(4), 0).umin,
			  0xf8000000u);
	ck_assert_uint_eq(xcc_range_alu(BPF_ARSH, xcc_range_const((u64)-32), xcc_range_const(4), 1).umin,
			  (u64)-2);
	/* 32-bit shifts use the count modulo 32 */
	ck_assert_uint_eq(xcc_range_alu(BPF_LSH, xcc_range_const(1), xcc_range_const(33), 0).umin, 2);
	ck_assert_uint_eq(xcc_range_alu(BPF_MUL, xcc_range_const(0x10000), xcc_range_const(0x10000), 0).umin, 0);
	ck_assert_uint_eq(xcc_range_alu(BPF_MUL, xcc_range_const(0x10000), xcc_range_const(0x10000), 1).umin,
			  0x100000000ull);
}
END_TEST

START_TEST(test_range_intervals)
{
	struct xcc_range r;

	r = xcc_range_alu(BPF_AND, xcc_range_unknown(), xcc_range_const(0xff), 1);
	ck_assert_uint_eq(r.umin, 0);
	ck_assert_uint_eq(r.umax, 0xff);
	ck_assert_int_eq(r.smin, 0);
	r = xcc_range_alu(BPF_RSH, rng(0x100, 0x1ff), xcc_range_const(4), 1);
	ck_assert_uint_eq(r.umin, 0x10);
	ck_assert_uint_eq(r.umax, 0x1f);
	r = xcc_range_alu(BPF_ADD, rng(10, 20), rng(1, 2), 1);
	ck_assert_uint_eq(r.umin, 11);
	ck_assert_uint_eq(r.umax, 22);
	/* could wrap: 32-bit result is any u32 */
	r = xcc_range_alu(BPF_SUB, rng(0, 5), rng(1, 2), 0);
	ck_assert_uint_eq(r.umin, 0);
	ck_assert_uint_eq(r.umax, U32_MAX);
	/* modulo by a possibly-zero divisor keeps the dividend's bound */
	r = xcc_range_alu(BPF_MOD, rng(0, 1000), rng(0, 10), 1);
	ck_assert_uint_eq(r.umax, 1000);
	r = xcc_range_alu(BPF_MOD, rng(0, 1000), rng(1, 10), 1);
	ck_assert_uint_eq(r.umax, 9);
	r = xcc_range_alu(BPF_DIV, rng(100, 1000), rng(0, 10), 1);
	ck_assert_uint_eq(r.umin, 0);
	ck_assert_uint_eq(r.umax, 1000);
	r = xcc_range_alu(BPF_OR, rng(0x10, 0x12), rng(1, 4), 1);
	ck_assert_uint_eq(r.umin, 0x10);
	ck_assert_uint_eq(r.umax, 0x1f);
	r = xcc_range_alu(BPF_ADD, rng(1, U64_MAX), rng(1, 1), 1);
	ck_assert_uint_eq(r.umax, U64_MAX);	/* overflow: unknown */
	ck_assert_uint_eq(r.umin, 0);
}
END_TEST

START_TEST(test_range_join_and_sync)
{
	struct xcc_range a = xcc_range_const(3), b = xcc_range_const(9), j = xcc_range_join(a, b);
	struct xcc_range neg = { 0, U64_MAX, -4, -1 };

	ck_assert_uint_eq(j.umin, 3);
	ck_assert_uint_eq(j.umax, 9);
	ck_assert(!xcc_range_is_const(j));
	ck_assert(xcc_range_eq(xcc_range_join(j, a), j));
	neg = xcc_range_sync(neg);
	ck_assert_uint_eq(neg.umin, (u64)-4);
	ck_assert_uint_eq(neg.umax, (u64)-1);
	ck_assert_uint_eq(xcc_range_bits(16).umax, 0xffff);
	ck_assert_uint_eq(xcc_range_bits(64).umax, U64_MAX);
}
END_TEST

static Suite *make_range_suite(void)
{
	Suite *s = suite_create("compiler-range");
	TCase *tc = tcase_create("range");

	tcase_add_test(tc, test_range_constants_follow_the_kernel);
	tcase_add_test(tc, test_range_intervals);
	tcase_add_test(tc, test_range_join_and_sync);
	suite_add_tcase(s, tc);
	return s;
}

XCC_TEST_MAIN(make_range_suite)
