// SPDX-License-Identifier: GPL-2.0-or-later
/* Runs the one suite this executable was built for (XNIC_TEST_SUITE). */
#include <check.h>
#include <stdlib.h>

Suite *XNIC_TEST_SUITE(void);

int main(void)
{
	SRunner *runner = srunner_create(XNIC_TEST_SUITE());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
