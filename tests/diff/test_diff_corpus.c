// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Differential test over the corpus (docs/compiler.md, "Differential
 * tests"): every program that compiles must agree with the host kernel on
 * every packet's action and output bytes and on its maps afterwards; the
 * programs the compiler refuses must be exactly the expected ones.  Prints
 * the agreement rate and the refusals.  A program the host kernel refuses
 * (a helper, map type or verifier feature it lacks) is no failure: it gets
 * a SKIP line naming the host's release and its verifier's error, and the
 * guest comparison covers it (docs/testing.md).  Exits 77 where BPF is not
 * permitted at all.
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

/* Programs no kernel loads, there to test the skip path: always a SKIP. */
static const char *const diff_never_loaded[] = {
	"unknown_helper.bpf.o",
	NULL,
};

static const char *diff_pcap;
static char **diff_objects;
static int diff_n_objects;

/* path's file name (before any =ENTRIES) is in list */
static int diff_listed(const char *path, const char *const *list);

/*
 * XNIC_DIFF_HOST_REFUSES names, separated by blanks, more objects the host
 * kernel must refuse: the test of tests/diff/host_refuses_helper.c.
 */
static int diff_host_must_refuse(const char *path)
{
	const char *env = getenv("XNIC_DIFF_HOST_REFUSES");
	char names[1024], *save = NULL, *name;
	const char *one[2] = { NULL, NULL };

	snprintf(names, sizeof(names), "%s", env ? env : "");
	for (name = strtok_r(names, " ", &save); name; name = strtok_r(NULL, " ", &save)) {
		one[0] = name;
		if (diff_listed(path, one))
			return 1;
	}
	return diff_listed(path, diff_never_loaded);
}

static int diff_listed(const char *path, const char *const *list)
{
	char copy[4096];
	const char *base;
	int i;

	snprintf(copy, sizeof(copy), "%s", path);
	copy[strcspn(copy, "=")] = 0;
	base = basename(copy);
	for (i = 0; list[i]; i++)
		if (!strcmp(base, list[i]))
			return 1;
	return 0;
}

static int diff_expect_refusal(const char *path)
{
	return diff_listed(path, diff_expected_refusals);
}

START_TEST(test_diff_corpus_program)
{
	char path[4096], *entries;
	struct xnic_cc_obj obj;
	struct diff_report rep;
	unsigned int obj_maps, perf_maps = 0, k;
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
	obj_maps = obj.n_maps;
	for (k = 0; k < obj.n_maps; k++)
		perf_maps += obj.descs[k].type == BPF_MAP_TYPE_PERF_EVENT_ARRAY;
	err = diff_run(&obj, prog, diff_pcap, &rep);
	printf("%s: %u/%u packets agree (%u not run by the kernel), %u/%u maps agree\n", path,
	       rep.agreed, rep.packets, rep.not_run, rep.maps_agreed, rep.maps_compared);
	xcc_prog_free(prog);
	xnic_cc_obj_close(&obj);
	ck_assert_int_eq(err, 0);
	ck_assert_uint_gt(rep.packets, 0);
	ck_assert_msg(rep.agreed == rep.packets, "%s: %s", path, rep.first_diff);
	ck_assert_msg(rep.maps_agreed == rep.maps_compared, "%s: %s", path, rep.first_diff);
	/*
	 * the corpus uses only map types the card holds: every one is compared
	 * but a PERF_EVENT_ARRAY, whose perf events the kernel lists to no one
	 * (its records are compared instead)
	 */
	ck_assert_uint_eq(rep.maps_compared + perf_maps, obj_maps);
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

/*
 * Keeps the objects the host kernel loads; the others get their SKIP line.
 * Returns the number of problems: a program of diff_never_loaded that the
 * host loads, or one it refuses for no reason it gives.
 */
static int diff_select_objects(char **objects, int n, int *kept, int *skipped)
{
	int i, problems = 0;

	*kept = *skipped = 0;
	for (i = 0; i < n; i++) {
		char path[4096];
		struct xnic_cc_obj obj;
		int err, never = diff_host_must_refuse(objects[i]);

		snprintf(path, sizeof(path), "%s", objects[i]);
		path[strcspn(path, "=")] = 0;
		err = xnic_cc_obj_load(&obj, path, NULL);
		if (err && obj.host_refused) {
			printf("SKIP: diff-corpus %s: %s\n", basename(path), obj.err);
			(*skipped)++;
		} else if (never) {
			printf("%s: the host kernel should refuse it with a reason; got: %s\n",
			       path, err ? obj.err : "loaded");
			problems++;
		} else {
			objects[(*kept)++] = objects[i];	/* failures show in its test */
		}
		xnic_cc_obj_close(&obj);
	}
	return problems;
}

int main(int argc, char **argv)
{
	int failed, problems, skipped;
	SRunner *sr;

	if (argc < 3) {
		fprintf(stderr, "usage: %s PCAP OBJECT...\n", argv[0]);
		return 1;
	}
	diff_pcap = argv[1];
	diff_objects = argv + 2;
	if (!diff_host_ready("diff-corpus"))
		return DIFF_SKIP;
	problems = diff_select_objects(diff_objects, argc - 2, &diff_n_objects, &skipped);
	printf("diff-corpus: %d programs compared with host kernel %s, %d skipped (it refuses "
	       "them)\n", diff_n_objects, xnic_cc_host_release(), skipped);
	sr = srunner_create(make_diff_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed || problems ? 1 : 0;
}
