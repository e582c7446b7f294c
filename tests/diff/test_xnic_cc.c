// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic-cc's command line as docs/compiler.md documents it: JSON lines with
 * the documented fields on the card and in the kernel, the image file, the
 * disassembly, map output, and its exit codes.  Exits 77 where BPF is not
 * permitted.  Usage: test-xnic-cc XNIC_CC OBJECT PCAP HOST_REFUSED_OBJECT
 * DEVMAP_OBJECT TRACE_OBJECT PERF_OBJECT PRINTK_STACK_OBJECT PRINTK_IP_OBJECT
 * (tests/corpus/helper_redirect_devmap.c, helper_trace_printk.c,
 * helper_perf_output.c, helper_printk_stack.c, helper_printk_ip.c)
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "me_image.h"

static const char *tool, *object, *pcap, *refused_object, *devmap_object, *trace_object;
static const char *printk_stack_object, *printk_ip_object;
static const char *perf_object;

/* Runs xnic-cc on obj with args; returns its exit status, output in out. */
static int run_on(const char *obj, const char *args, char *out, size_t size)
{
	char cmd[4096];
	size_t n = 0;
	FILE *p;
	int st;

	snprintf(cmd, sizeof(cmd), "'%s' '%s' %s 2>&1", tool, obj, args);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	while (n + 1 < size && fgets(out + n, (int)(size - n), p))
		n += strlen(out + n);
	out[n] = 0;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int run(const char *args, char *out, size_t size)
{
	return run_on(object, args, out, size);
}

static char out[1 << 20];

/* Every line is a JSON object with the documented fields, packets in order. */
static void check_json_lines(const char *text, int card)
{
	const char *line = text;
	unsigned int expect = 0, results = 0;

	while (*line) {
		unsigned int idx, len;
		const char *bytes;

		ck_assert_msg(sscanf(line, "{\"packet\":%u,", &idx) == 1, "bad line: %.80s", line);
		ck_assert_uint_eq(idx, expect++);
		if (!strstr(line, "\"error\"") || strstr(line, "\"action\"") < strchr(line, '\n')) {
			bytes = strstr(line, "\"bytes\":\"");
			ck_assert_ptr_nonnull(strstr(line, "\"action\":\"XDP_"));
			ck_assert_ptr_nonnull(strstr(line, "\"retval\":"));
			ck_assert_int_eq(sscanf(strstr(line, "\"length\":"), "\"length\":%u", &len), 1);
			ck_assert_ptr_nonnull(bytes);
			ck_assert_uint_eq(strcspn(bytes + 9, "\""), 2 * len);
			ck_assert_int_eq(!!strstr(line, "\"cycles\":") && strstr(line, "\"cycles\":") <
					 strchr(line, '\n'), card);
			results++;
		}
		line = strchr(line, '\n') + 1;
	}
	ck_assert_uint_gt(results, 10);
}

START_TEST(test_xnic_cc_card_json)
{
	char args[512];

	snprintf(args, sizeof(args), "--pcap '%s' --json", pcap);
	ck_assert_int_eq(run(args, out, sizeof(out)), 0);
	check_json_lines(out, 1);
}
END_TEST

START_TEST(test_xnic_cc_reference_json)
{
	char args[512];

	snprintf(args, sizeof(args), "--reference --pcap '%s' --json", pcap);
	ck_assert_int_eq(run(args, out, sizeof(out)), 0);
	check_json_lines(out, 0);
}
END_TEST

START_TEST(test_xnic_cc_image_and_dump)
{
	char args[512], path[] = "/tmp/xnic-cc-test-XXXXXX", err[256];
	struct me_image img;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(args, sizeof(args), "-o '%s' --dump --stats", path);
	ck_assert_int_eq(run(args, out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "xdp_main:"));
	ck_assert_ptr_nonnull(strstr(out, "eBPF insns ->"));
	ck_assert_msg(!me_image_load_file(path, &img, err, sizeof(err)), "%s", err);
	ck_assert_uint_eq(img.contexts, 4);
	ck_assert_uint_gt(img.ncode, 0);
	ck_assert_ptr_nonnull(me_image_sym_at(&img, ME_SECT_CODE, img.entry));
	me_image_free(&img);
	unlink(path);
}
END_TEST

/* Mean of the JSON lines' cycles and how many lines have them. */
static double json_mean_cycles(const char *text, unsigned int *n)
{
	const char *c = text;
	double sum = 0;

	*n = 0;
	while ((c = strstr(c, "\"cycles\":"))) {
		sum += strtod(c + 9, NULL);
		(*n)++;
		c++;
	}
	return *n ? sum / *n : 0;
}

/*
 * --stats with --pcap: executed card and eBPF instructions and the mean
 * cycles per packet, over the packets the card ran (as the JSON reports
 * them one by one); counting changes no result.
 */
START_TEST(test_xnic_cc_dynamic_stats)
{
	static char plain[1 << 20];
	unsigned long long card, bpf, packets;
	unsigned int n;
	double cycles, mean;
	char args[512];
	const char *line;

	snprintf(args, sizeof(args), "--pcap '%s' --json", pcap);
	ck_assert_int_eq(run(args, plain, sizeof(plain)), 0);
	mean = json_mean_cycles(plain, &n);
	snprintf(args, sizeof(args), "--pcap '%s' --json --stats", pcap);
	ck_assert_int_eq(run(args, out, sizeof(out)), 0);
	line = strstr(out, ": executed ");
	ck_assert_msg(line && sscanf(line, ": executed %llu card insns for %llu eBPF insns (%*f per "
				     "insn), %lf cycles per packet over %llu packets",
				     &card, &bpf, &cycles, &packets) == 4, "%s", out);
	ck_assert_uint_eq(packets, n);
	ck_assert_msg(cycles > mean - 0.1 && cycles < mean + 0.1, "%f vs %f", cycles, mean);
	/* every packet runs at least the program's last two instructions */
	ck_assert_uint_ge(bpf, 2 * packets);
	/* and at least two card instructions (alu32's code is as dense as its eBPF) */
	ck_assert_uint_ge(card, 2 * packets);
	ck_assert_ptr_null(strstr(out, "counts incomplete"));
	/* the per-packet results are the same with the counting */
	ck_assert_ptr_nonnull(strstr(out, plain));
}
END_TEST

START_TEST(test_xnic_cc_errors)
{
	ck_assert_int_eq(run("--map nosuchmap:00=00", out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "no map named nosuchmap"));
	ck_assert_int_eq(run("--program nosuchprog", out, sizeof(out)), 1);
	ck_assert_int_eq(run("--dump-after decode", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "; after decode:"));
	ck_assert_int_eq(run("--me-istore 0", out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "--me-istore 0: not a size in 1..65536"));
}
END_TEST

/* An image larger than the card's instruction store: exit 2, sizes named. */
START_TEST(test_xnic_cc_istore)
{
	char args[512];

	snprintf(args, sizeof(args), "--pcap '%s' --me-istore 16", pcap);
	ck_assert_int_eq(run(args, out, sizeof(out)), 2);
	ck_assert_ptr_nonnull(strstr(out, "the card's instruction store holds 16: run with "
				     "--me-istore "));
	ck_assert_ptr_nonnull(strstr(out, "(the xnic device's me-istore property)"));
	snprintf(args, sizeof(args), "--pcap '%s' --me-istore 65536 --json", pcap);
	ck_assert_int_eq(run(args, out, sizeof(out)), 0);
	check_json_lines(out, 1);
}
END_TEST

/* A program the host kernel refuses: exit 3, its release and verifier error. */
START_TEST(test_xnic_cc_host_refusal)
{
	char args[512];
	int mode;

	for (mode = 0; mode < 2; mode++) {
		snprintf(args, sizeof(args), "%s --pcap '%s'", mode ? "--reference" : "", pcap);
		ck_assert_int_eq(run_on(refused_object, args, out, sizeof(out)), 3);
		ck_assert_msg(strstr(out, "xnic-cc: host kernel ") &&
			      strstr(out, "refuses unknown_helper: invalid func unknown#4000"),
			      "%s", out);
	}
	ck_assert_int_eq(run_on(refused_object, "--list-maps", out, sizeof(out)), 0);
	ck_assert_int_eq(run("--list-maps --json", out, sizeof(out)), 0);
}
END_TEST

/*
 * Card runs name a redirect's target: every XDP_REDIRECT line of the DEVMAP
 * program carries "redirect" (its map and key, or {} when the last lookup
 * failed and the program still said REDIRECT), no other line does, and the
 * kernel's lines never do (BPF_PROG_TEST_RUN does not tell).
 */
START_TEST(test_xnic_cc_redirect_target)
{
	char args[512];
	const char *line;
	static const char to_tx_ports[] = "\"redirect\":{\"map\":\"tx_ports\",\"key\":";
	unsigned int redirects = 0, to_map = 0;
	int mode;

	for (mode = 0; mode < 2; mode++) {
		snprintf(args, sizeof(args), "%s --pcap '%s' --json --map tx_ports:00000000=01000000 "
			 "--map tx_ports:02000000=01000000", mode ? "--reference" : "", pcap);
		ck_assert_int_eq(run_on(devmap_object, args, out, sizeof(out)), 0);
		for (line = out; *line; line = strchr(line, '\n') + 1) {
			const char *end = strchr(line, '\n');
			const char *target = strstr(line, "\"redirect\":{");
			int is_redirect = strstr(line, "\"action\":\"XDP_REDIRECT\"") &&
					  strstr(line, "\"action\":\"XDP_REDIRECT\"") < end;

			if (target > end)
				target = NULL;
			ck_assert_msg(!!target == (is_redirect && !mode), "%.200s", line);
			redirects += is_redirect && !mode;
			to_map += target && !strncmp(target, to_tx_ports, strlen(to_tx_ports));
		}
	}
	ck_assert_uint_gt(redirects, 0);
	ck_assert_uint_gt(to_map, 0);
	snprintf(args, sizeof(args), "--pcap '%s' --map tx_ports:02000000=01000000", pcap);
	ck_assert_int_eq(run_on(devmap_object, args, out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "XDP_REDIRECT (4)"));
	ck_assert_ptr_nonnull(strstr(out, ", to map tx_ports key 2"));
}
END_TEST

/*
 * The card log: bpf_trace_printk's lines after their packet, formatted as
 * the kernel formats them, in text and JSON; the calls the kernel refuses
 * (-EINVAL) print nothing; the reference run has no log.
 */
START_TEST(test_xnic_cc_trace_log)
{
	char args[512];

	snprintf(args, sizeof(args), "--pcap '%s'", pcap);
	ck_assert_int_eq(run_on(trace_object, args, out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "packet 0: XDP_PASS (2)"));
	ck_assert_ptr_nonnull(strstr(out, "\n  trace: plain text\n\n  trace: "));
	ck_assert_ptr_nonnull(strstr(out, "\n  trace: -9223372036854775808 18446744073709551615\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n  trace: [xnic] [        ]\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n  trace: 0000000000000000 "));
	ck_assert_ptr_nonnull(strstr(out, "\n  trace: 0 0\n  trace:    |0\n"
				     "  trace: xnic\xa1" "0000000000000000\xd7\npacket 1:"));
	ck_assert_ptr_null(strstr(out, "%q"));
	ck_assert_ptr_null(strstr(out, "bell"));
	ck_assert_ptr_null(strstr(out, "lost"));
	snprintf(args, sizeof(args), "--pcap '%s' --json", pcap);
	ck_assert_int_eq(run_on(trace_object, args, out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "\n{\"packet\":0,\"trace\":\"plain text\\u000a\"}\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n{\"packet\":1,\"trace\":\"[xnic] [        ]\"}\n"));
	snprintf(args, sizeof(args), "--reference --pcap '%s'", pcap);
	ck_assert_int_eq(run_on(trace_object, args, out, sizeof(out)), 0);
	ck_assert_ptr_null(strstr(out, "trace:"));
}
END_TEST

/*
 * Formats the program built on its stack print from the record's copy of
 * them; the two the kernel refuses (no NUL within the size, %q) print nothing.
 */
START_TEST(test_xnic_cc_trace_stack_format)
{
	char args[512];

	snprintf(args, sizeof(args), "--pcap '%s'", pcap);
	ck_assert_int_eq(run_on(printk_stack_object, args, out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "\n  trace: PASS[1]: prog 1\n\n  trace: len   106 from "));
	ck_assert_ptr_null(strstr(out, "trace: cut"));
	ck_assert_ptr_null(strstr(out, "trace: bad"));
}
END_TEST

/*
 * %pI4 %pi4 %pI6 %pi6 print the bytes the card copied into the record:
 * the first frame's IPv4 addresses and a mix of them on the stack, the
 * constants on the stack, a scalar's zeros, a map value's bytes, no width,
 * the letters after the conversion skipped, an address cut short where a
 * long %s left little of the binary arguments, nothing where it left too
 * little (-ENOSPC).  The same lines as the host kernel's trace
 * (docs/compiler.md, "trace_printk").
 */
START_TEST(test_xnic_cc_trace_addresses)
{
	static char xs[512], expect[1100];
	char args[512];

	snprintf(args, sizeof(args), "--pcap '%s'", pcap);
	ck_assert_int_eq(run_on(printk_ip_object, args, out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "\n  trace: 10.0.0.4 > 010.000.000.001\n"
				     "  trace: stack 11.0.32.4|011.000.032.004\n"
				     "  trace: 192.0.2.7 192.000.002.007 "
				     "2001:0db8:0000:0000:0000:0000:0000:ab01\n"
				     "  trace: 0.0.0.0 00000000000000000000000000000000 "
				     "0000:0000:0000:0000:0000:0000:0000:0000\n"
				     "  trace: 192.0.2.7|2001:0db8:0000:0000:0000:0000:0000:ab01|0"));
	ck_assert_ptr_nonnull(strstr(out, ".\n  trace: [192.0.2.7][20010db800000000000000000000ab01]\n"
				     "  trace: 120.120.120.120/78787878787878787878787878787878\n"));
	memset(xs, 'x', 507);
	snprintf(expect, sizeof(expect), "\n  trace: %.480s|2001:0db8:0000:0000:0000:0000:\n"
		 "  trace: %s192\n", xs, xs);
	ck_assert_ptr_nonnull(strstr(out, expect));
	snprintf(expect, sizeof(expect), "\n  trace: %.500s ", xs);
	ck_assert_ptr_null(strstr(out, expect));
}
END_TEST

/*
 * bpf_perf_event_output's records after their packet, on the card (CPU 0,
 * the card's one ME) and from the kernel's rings, text and JSON: the first
 * packet's first record is its struct meta (length 106, magic "DX", seen 1)
 * and the frame's first 64 bytes.
 */
/*
 * Whether the host lets us open a BPF_OUTPUT perf event, as xnic-cc does
 * for a PERF_EVENT_ARRAY: a host feature, so a SKIP line without it.
 */
static int host_has_perf_events(void)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_BPF_OUTPUT,
	};
	int fd = (int)syscall(__NR_perf_event_open, &attr, -1, 0, -1, 0);

	if (fd < 0) {
		printf("SKIP: xnic-cc perf records: host kernel refuses a BPF_OUTPUT "
		       "perf event: %s\n", strerror(errno));
		return 0;
	}
	close(fd);
	return 1;
}

START_TEST(test_xnic_cc_perf_records)
{
	char args[512];
	int mode;

	if (!host_has_perf_events())
		return;
	for (mode = 0; mode < 2; mode++) {
		snprintf(args, sizeof(args), "%s --pcap '%s'", mode ? "--reference" : "", pcap);
		ck_assert_int_eq(run_on(perf_object, args, out, sizeof(out)), 0);
		ck_assert_msg(strstr(out, "  perf: cpu ") && strstr(out, ": 6a00445801000000864d44f9"),
			      "%.400s", out);
	}
	ck_assert_ptr_nonnull(strstr(out, "packet 0: XDP_PASS (2), 106 bytes\n  864d44f9"));
	snprintf(args, sizeof(args), "--pcap '%s' --json", pcap);
	ck_assert_int_eq(run_on(perf_object, args, out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "\n{\"packet\":0,\"perf\":{\"cpu\":0,\"data\":\"6a0044580100"));
}
END_TEST

static Suite *make_xnic_cc_suite(void)
{
	Suite *s = suite_create("xnic-cc");
	TCase *tc = tcase_create("cli");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_xnic_cc_card_json);
	tcase_add_test(tc, test_xnic_cc_reference_json);
	tcase_add_test(tc, test_xnic_cc_image_and_dump);
	tcase_add_test(tc, test_xnic_cc_dynamic_stats);
	tcase_add_test(tc, test_xnic_cc_errors);
	tcase_add_test(tc, test_xnic_cc_istore);
	tcase_add_test(tc, test_xnic_cc_host_refusal);
	tcase_add_test(tc, test_xnic_cc_redirect_target);
	tcase_add_test(tc, test_xnic_cc_trace_log);
	tcase_add_test(tc, test_xnic_cc_trace_stack_format);
	tcase_add_test(tc, test_xnic_cc_trace_addresses);
	tcase_add_test(tc, test_xnic_cc_perf_records);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	SRunner *sr;
	int failed;

	if (argc != 10) {
		fprintf(stderr, "usage: %s XNIC_CC OBJECT PCAP HOST_REFUSED_OBJECT DEVMAP_OBJECT "
			"TRACE_OBJECT PERF_OBJECT PRINTK_STACK_OBJECT PRINTK_IP_OBJECT\n", argv[0]);
		return 1;
	}
	tool = argv[1];
	object = argv[2];
	pcap = argv[3];
	refused_object = argv[4];
	devmap_object = argv[5];
	trace_object = argv[6];
	perf_object = argv[7];
	printk_stack_object = argv[8];
	printk_ip_object = argv[9];
	if (run("", out, sizeof(out)) == 77) {
		printf("SKIP: xnic-cc-cli: host kernel: BPF is not permitted to this process: %s",
		       out);
		return 77;
	}
	sr = srunner_create(make_xnic_cc_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
