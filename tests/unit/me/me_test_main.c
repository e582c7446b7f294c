/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One test executable per suite; meson passes the suite's constructor. */
#include <check.h>
#include <stdlib.h>

Suite *ME_TEST_SUITE(void);

int main(void)
{
	SRunner *sr = srunner_create(ME_TEST_SUITE());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
