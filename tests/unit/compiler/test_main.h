/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main() of a compiler test: runs the one suite its file defines. */
#ifndef TEST_MAIN_H
#define TEST_MAIN_H

#define XCC_TEST_MAIN(make_suite)					\
	int main(void)							\
	{								\
		SRunner *sr = srunner_create(make_suite());		\
		int failed;						\
									\
		srunner_run_all(sr, CK_NORMAL);				\
		failed = srunner_ntests_failed(sr);			\
		srunner_free(sr);					\
		return failed ? 1 : 0;					\
	}

#endif
