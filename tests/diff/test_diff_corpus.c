// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Differential test over the corpus (docs/compiler.md, "Differential
 * tests"): every program that compiles must agree with the host kernel on
 * every packet's action and output bytes and on its maps afterwards; the
 * programs the compiler refuses must be exactly the expected ones.  Prints
 * the agreement rate and the refusals.  Exits 77 where BPF is not permitted.
 * Usage: test-diff-corpus PCAP OBJECT[=ENTRIES]...  where ENTRIES is a file
 * of initial map entries (xnic-cc --map-file format).
 */
#include <check.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff_common.h"

/* What the card back end cannot compile yet, and why (docs/compiler.md). */
static const char *const diff_expected_refusals[] = {
	NULL,
};

static const char *diff_pcap;
static char **diff_objects;
static int diff_n_objects;

static int diff_expect_refusal(const char *path)
{
	char copy[4096];
	const char *base;
	int i;

	snprintf(copy, sizeof(copy), "%s", path);
	base = basename(copy);
	for (i = 0; diff_expected_refusals[i]; i++)
		if (!strcmp(base, diff_expected_refusals[i]))
			return 1;
	return 0;
}

START_TEST(test_diff_corpus_program)
{
	char path[4096], *entries;
	struct xnic_cc_obj obj;
	struct diff_report rep;
	struct xcc_prog *prog;
	char why[256];
	int err;

	snprintf(path, sizeof(path), "%s", diff_objects[_i]);
	entries = strchr(path, '=');
	if (entries)
		*entries++ = 0;
	err = xnic_cc_obj_load(&obj, path, NULL);
	ck_assert_msg(!err, "%s: %s", path, obj.err);
	ck_assert_msg(!entries || !xnic_cc_obj_set_entries_file(&obj, entries), "%s: %s", entries,
		      obj.err);
	prog = diff_compile(&obj, why, sizeof(why));
	if (!prog) {
		printf("refused %s: %s\n", path, why);
		ck_assert_msg(diff_expect_refusal(path), "%s refused: %s", path, why);
		xnic_cc_obj_close(&obj);
		return;
	}
	ck_assert_msg(!diff_expect_refusal(path), "%s now compiles: update the expected refusals",
		      path);
	err = diff_run(&obj, prog, diff_pcap, &rep);
	printf("%s: %u/%u packets agree (%u not run by the kernel), %u/%u maps agree\n", path,
	       rep.agreed, rep.packets, rep.not_run, rep.maps_agreed, rep.maps_compared);
	xcc_prog_free(prog);
	xnic_cc_obj_close(&obj);
	ck_assert_int_eq(err, 0);
	ck_assert_uint_gt(rep.packets, 0);
	ck_assert_msg(rep.agreed == rep.packets, "%s: %s", path, rep.first_diff);
	ck_assert_msg(rep.maps_agreed == rep.maps_compared, "%s: %s", path, rep.first_diff);
}
END_TEST

static Suite *make_diff_suite(void)
{
	Suite *s = suite_create("diff-corpus");
	TCase *tc = tcase_create("corpus");

	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_diff_corpus_program, 0, diff_n_objects);
	suite_add_tcase(s, tc);
	return s;
}

/* 77 unless this process may load BPF programs (CI runs as root). */
static int diff_bpf_permitted(const char *arg)
{
	char object[4096];
	struct xnic_cc_obj obj;
	int err;

	snprintf(object, sizeof(object), "%s", arg);
	object[strcspn(object, "=")] = 0;
	err = xnic_cc_obj_load(&obj, object, NULL);

	xnic_cc_obj_close(&obj);
	return err != -EPERM && err != -EACCES;
}

int main(int argc, char **argv)
{
	SRunner *sr;
	int failed;

	if (argc < 3) {
		fprintf(stderr, "usage: %s PCAP OBJECT...\n", argv[0]);
		return 1;
	}
	diff_pcap = argv[1];
	diff_objects = argv + 2;
	diff_n_objects = argc - 2;
	if (!diff_bpf_permitted(diff_objects[0])) {
		printf("BPF is not permitted here: skipped\n");
		return DIFF_SKIP;
	}
	if (diff_pin_cpu0())
		fprintf(stderr, "cannot run on CPU 0: processor ids may differ\n");
	sr = srunner_create(make_diff_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
