// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The arithmetic of xnic-cc --model (docs/performance.md, "The throughput
 * model") on a configuration worked by hand: 4 MEs x 4 contexts at 1 GHz,
 * 8 bytes per cycle, 100 issue cycles and 1000 cycles of latency per packet,
 * 64 bytes of external memory and 120 of packet I/O, 60-byte frames.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "xnic_cc_model.h"

static const struct xnic_cc_model_in model_card = {
	.n_me = 4, .contexts = 4, .clock_hz = 1000000000ull, .bytes_per_cycle = 8,
	.issue = 100, .latency = 1000, .emem_bytes = 64, .io_bytes = 120, .mean_frame = 60,
};

#define ck_assert_near(a, b) ck_assert_msg(fabs((a) - (b)) < 1e-6 * (b) + 1e-9, \
					   "%.6f != %.6f", (double)(a), (double)(b))

START_TEST(model_bounds)
{
	struct xnic_cc_model m;

	xnic_cc_model_compute(&model_card, &m);
	ck_assert_near(m.bound_pps[XNIC_CC_BOUND_ISSUE], 40e6);	/* 4 x 1e9 / 100 */
	ck_assert_near(m.bound_pps[XNIC_CC_BOUND_LATENCY], 16e6);	/* 16 x 1e9 / 1000 */
	ck_assert_near(m.bound_pps[XNIC_CC_BOUND_EMEM], 125e6);	/* 8e9 / 64 */
	ck_assert_near(m.bound_pps[XNIC_CC_BOUND_IO], 8e9 / 120);
	ck_assert_int_eq(m.binds, XNIC_CC_BOUND_LATENCY);
	ck_assert_near(m.pps, 16e6);
}
END_TEST

START_TEST(model_line_rates)
{
	struct xnic_cc_model m;
	struct xnic_cc_model_in in = model_card;

	xnic_cc_model_compute(&in, &m);
	ck_assert_near(m.wire_mean, 64);		/* 60 + FCS */
	ck_assert_near(m.line_pps_64[0], 10e9 / (84 * 8));	/* 14.88 Mpps */
	ck_assert_near(m.line_pps_64[3], 100e9 / (84 * 8));
	ck_assert_near(m.line_pps_mean[1], 25e9 / (84 * 8));
	in.mean_frame = 1514;			/* 1518 on the wire */
	xnic_cc_model_compute(&in, &m);
	ck_assert_near(m.line_pps_mean[2], 40e9 / (1538 * 8));
	in.mean_frame = 14;			/* padded to the minimum */
	xnic_cc_model_compute(&in, &m);
	ck_assert_near(m.wire_mean, 64);
}
END_TEST

/* A resource a program does not use (no map: no external memory) never binds. */
START_TEST(model_unused_resource)
{
	struct xnic_cc_model_in in = model_card;
	struct xnic_cc_model m;

	in.emem_bytes = 0;
	in.latency = 100;	/* now issue (40 Mpps) and latency (160) leave I/O (66.7) */
	xnic_cc_model_compute(&in, &m);
	ck_assert_near(m.bound_pps[XNIC_CC_BOUND_EMEM], 0);
	ck_assert_int_eq(m.binds, XNIC_CC_BOUND_ISSUE);
	ck_assert_near(m.pps, 40e6);
}
END_TEST

static Suite *make_model_suite(void)
{
	Suite *s = suite_create("xnic-cc-model");
	TCase *tc = tcase_create("model");

	tcase_add_test(tc, model_bounds);
	tcase_add_test(tc, model_line_rates);
	tcase_add_test(tc, model_unused_resource);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(make_model_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
