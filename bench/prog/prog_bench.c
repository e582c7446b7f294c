// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * P1 of docs/performance.md ("The card against the host's JIT"): per XDP
 * program, host time per packet on the card emulator against host time per
 * packet of the same program in the host kernel (BPF_PROG_TEST_RUN with
 * repeat), on the same frames, measured side by side round after round.
 *
 * Card side: the frames are read into memory first; the timed loop is
 * xnic_cc_card_run() over them (the emulator, the rx/tx hooks copying the
 * frame in and out), no pcap parsing, no printing.  Kernel side: each frame
 * through bpf_prog_test_run_opts() with `repeat`; the kernel's own mean
 * `duration` per run, averaged over the frames.  Also: the card's modelled
 * cycles per packet (rx to tx, as `xnic-cc --stats` counts them, from the
 * first pass over the frames) and emulated card instructions per host
 * second.  A program the host kernel or the card compiler refuses is a row
 * with the reason.
 *
 * Usage: prog-bench [-r ROUNDS] [-t MS | -p PASSES] PCAP[,PCAP...] OBJECT[=ENTRIES]...
 * (-p: a fixed number of card passes per round, for instruction counts
 * under valgrind, which do not depend on the machine's load)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "diff_common.h"

#define PB_MIN_FRAME	14	/* shorter frames: the kernel refuses, the card's MAC drops */
#define PB_ROUNDS_MAX	64

struct pb_frames {
	unsigned int n;
	unsigned char **data;
	size_t *len;
};

/* One round's figures of one program. */
struct pb_sample {
	double card_ns, kernel_ns, ratio, insns_per_s;
};

struct pb_row {
	char name[64];
	char why[600];		/* non-empty: not measured, and why */
	double cycles;		/* modelled card cycles per packet */
	unsigned int rounds;
	struct pb_sample s[PB_ROUNDS_MAX];
};

struct pb_opts {
	unsigned int rounds;
	double target_ns;	/* host time each side runs per round and program */
	unsigned int passes;	/* card passes per round instead of target_ns (-p) */
};

/*
 * The card's time is this thread's CPU time: the kernel's test run stops
 * its clock while it yields the CPU, and this machine is shared.
 */
static double pb_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int pb_add_frame(void *opaque, unsigned int index, const unsigned char *pkt, size_t len)
{
	struct pb_frames *f = opaque;
	unsigned char **data;
	size_t *lens;

	if (len < PB_MIN_FRAME)
		return 0;
	data = realloc(f->data, (f->n + 1) * sizeof(*data));
	lens = realloc(f->len, (f->n + 1) * sizeof(*lens));
	if (data)
		f->data = data;
	if (lens)
		f->len = lens;
	if (!data || !lens || !(f->data[f->n] = malloc(len)))
		return -ENOMEM;
	memcpy(f->data[f->n], pkt, len);
	f->len[f->n++] = len;
	return 0;
}

/* pcaps: one path or several separated by commas. */
static int pb_load_frames(const char *pcaps, struct pb_frames *f)
{
	char *list = strdup(pcaps), *save = NULL, *path, err[512];

	for (path = strtok_r(list, ",", &save); path; path = strtok_r(NULL, ",", &save))
		if (xnic_cc_pcap_foreach(path, pb_add_frame, f, err, sizeof(err))) {
			fprintf(stderr, "prog-bench: %s: %s\n", path, err);
			free(list);
			return -1;
		}
	free(list);
	if (!f->n)
		fprintf(stderr, "prog-bench: %s: no frame of at least %d bytes\n", pcaps,
			PB_MIN_FRAME);
	return f->n ? 0 : -1;
}

static double pb_median(double *v, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++)
		for (unsigned int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static uint64_t pb_card_insns(struct xnic_cc_card *c)
{
	struct me_counters cnt;

	me_card_counters(c->card, 0, &cnt);
	return cnt.insns;
}

/* One pass over the frames on the card; 0 or -1 with why. */
static int pb_card_pass(struct pb_row *row, struct xnic_cc_card *c, const struct pb_frames *f,
			struct xnic_cc_result *res, unsigned long long *cycles)
{
	for (unsigned int i = 0; i < f->n; i++) {
		res->index = i;
		if (xnic_cc_card_run(c, f->data[i], f->len[i], res)) {
			snprintf(row->why, sizeof(row->why), "card: %s", c->err);
			return -1;
		}
		*cycles += res->cycles;
	}
	return 0;
}

/*
 * Passes over the frames for at least target_ns, or exactly `passes`;
 * ns per packet, insns per second.
 */
static int pb_card_round(struct pb_row *row, struct xnic_cc_card *c, const struct pb_frames *f,
			 struct xnic_cc_result *res, const struct pb_opts *o, struct pb_sample *s)
{
	unsigned long long cycles = 0, packets = 0;
	uint64_t insns = pb_card_insns(c);
	double t0 = pb_now_ns(), dt;

	do {
		if (pb_card_pass(row, c, f, res, &cycles))
			return -1;
		packets += f->n;
		dt = pb_now_ns() - t0;
	} while (o->passes ? packets < (unsigned long long)o->passes * f->n : dt < o->target_ns);
	s->card_ns = dt / (double)packets;
	s->insns_per_s = (double)(pb_card_insns(c) - insns) / dt * 1e9;
	return 0;
}

/* Each frame `repeat` times in the kernel; the kernel's mean ns per run over the frames. */
static int pb_kernel_pass(struct pb_row *row, int fd, const struct pb_frames *f,
			  struct xnic_cc_result *res, unsigned int repeat, double *ns)
{
	double sum = 0;

	for (unsigned int i = 0; i < f->n; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, opts,
			.data_in = f->data[i],
			.data_size_in = (__u32)f->len[i],
			.data_out = res->data,
			.data_size_out = sizeof(res->data),
			.repeat = repeat,
		);

		if (bpf_prog_test_run_opts(fd, &opts)) {
			snprintf(row->why, sizeof(row->why), "host kernel %s: test run: %s",
				 xnic_cc_host_release(), strerror(errno));
			return -1;
		}
		sum += opts.duration;
	}
	*ns = sum / f->n;
	return 0;
}

/*
 * Repeat count so that a round takes about target_ns: from a pass of 100
 * runs per frame, which also warms the kernel's side up.
 */
static int pb_kernel_repeat(struct pb_row *row, int fd, const struct pb_frames *f,
			    struct xnic_cc_result *res, double target_ns, unsigned int *repeat)
{
	double ns, r;

	if (pb_kernel_pass(row, fd, f, res, 100, &ns))
		return -1;
	r = target_ns / ((ns > 1 ? ns : 1) * f->n);
	*repeat = r < 10 ? 10 : r > 1000000 ? 1000000 : (unsigned int)r;
	return 0;
}

/* Opens the program on the card, then rounds alternating card and kernel. */
static void pb_measure(struct pb_row *row, struct xnic_cc_obj *obj, const struct xcc_prog *prog,
		       const struct pb_frames *f, const struct pb_opts *o,
		       struct xnic_cc_result *res)
{
	struct xnic_cc_card *c = calloc(1, sizeof(*c));
	unsigned long long cycles = 0;
	unsigned int repeat;

	if (!c) {
		snprintf(row->why, sizeof(row->why), "out of memory");
		return;
	}
	if (xnic_cc_card_open(c, obj, prog, 0)) {
		snprintf(row->why, sizeof(row->why), "card: %s", c->err);
		free(c);
		return;
	}
	if (pb_card_pass(row, c, f, res, &cycles) ||
	    pb_kernel_repeat(row, obj->prog_fd, f, res, o->target_ns, &repeat))
		goto out;
	row->cycles = (double)cycles / f->n;
	for (row->rounds = 0; row->rounds < o->rounds; row->rounds++) {
		struct pb_sample *s = &row->s[row->rounds];

		if (pb_card_round(row, c, f, res, o, s) ||
		    pb_kernel_pass(row, obj->prog_fd, f, res, repeat, &s->kernel_ns))
			goto out;
		s->ratio = s->kernel_ns > 0 ? s->card_ns / s->kernel_ns : 0;
	}
out:
	xnic_cc_card_close(c);
	free(c);
}

/* arg is OBJECT or OBJECT=ENTRIES (an xnic-cc --map-file). */
static void pb_program(struct pb_row *row, const char *arg, const struct pb_frames *f,
		       const struct pb_opts *o, struct xnic_cc_result *res)
{
	char path[4096], why[256], *entries;
	struct xnic_cc_obj obj;
	struct xcc_prog *prog;

	snprintf(path, sizeof(path), "%s", arg);
	entries = strchr(path, '=');
	if (entries)
		*entries++ = 0;
	snprintf(row->name, sizeof(row->name), "%s", basename(path));
	row->name[strcspn(row->name, ".")] = 0;
	if (xnic_cc_obj_load(&obj, path, NULL)) {
		snprintf(row->why, sizeof(row->why), "%s", obj.err);
	} else if (entries && xnic_cc_obj_set_entries_file(&obj, entries)) {
		snprintf(row->why, sizeof(row->why), "%s", obj.err);
	} else if ((prog = diff_compile(&obj, why, sizeof(why)))) {
		pb_measure(row, &obj, prog, f, o, res);
		xcc_prog_free(prog);
	} else {
		snprintf(row->why, sizeof(row->why), "card compiler refuses: %s", why);
	}
	xnic_cc_obj_close(&obj);
}

static void pb_print_header(void)
{
	printf("%-28s %10s %10s %8s %10s %12s\n", "program", "card ns", "kernel ns", "ratio",
	       "cycles", "M insns/s");
}

/* Medians over the rounds; the row's ratio in *ratio, or 0 when not measured. */
static void pb_print_row(const struct pb_row *row, double *ratio)
{
	double card[PB_ROUNDS_MAX], kern[PB_ROUNDS_MAX], rat[PB_ROUNDS_MAX], ips[PB_ROUNDS_MAX];
	unsigned int n = row->rounds;

	*ratio = 0;
	if (row->why[0] || !n) {
		printf("%-28s not measured: %s\n", row->name, row->why[0] ? row->why : "no round");
		return;
	}
	for (unsigned int i = 0; i < n; i++) {
		card[i] = row->s[i].card_ns;
		kern[i] = row->s[i].kernel_ns;
		rat[i] = row->s[i].ratio;
		ips[i] = row->s[i].insns_per_s;
	}
	*ratio = pb_median(rat, n);
	printf("%-28s %10.1f %10.1f %7.1fx %10.1f %12.1f\n", row->name, pb_median(card, n),
	       pb_median(kern, n), *ratio, row->cycles, pb_median(ips, n) / 1e6);
}

static void pb_usage(void)
{
	fprintf(stderr, "usage: prog-bench [-r ROUNDS] [-t MS | -p PASSES] PCAP[,PCAP...] "
		"OBJECT[=ENTRIES]...\n");
}

static int pb_parse(int argc, char **argv, struct pb_opts *o)
{
	int c;

	o->rounds = 5;
	o->target_ns = 20e6;
	o->passes = 0;
	while ((c = getopt(argc, argv, "r:t:p:")) != -1) {
		switch (c) {
		case 'r': o->rounds = (unsigned int)atoi(optarg); break;
		case 't': o->target_ns = atof(optarg) * 1e6; break;
		case 'p': o->passes = (unsigned int)atoi(optarg); break;
		default: return -1;
		}
	}
	if (o->rounds < 1 || o->rounds > PB_ROUNDS_MAX || o->target_ns <= 0 ||
	    argc - optind < 2)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct xnic_cc_result *res = calloc(1, sizeof(*res));
	struct pb_frames frames = { 0 };
	double ratios[256];
	unsigned int measured = 0;
	struct pb_opts o;

	if (pb_parse(argc, argv, &o)) {
		pb_usage();
		return 2;
	}
	/* the kernel side runs on CPU 0 like xnic-cc --reference; the card too */
	if (!diff_host_ready("prog-bench"))
		return DIFF_SKIP;
	if (!res || pb_load_frames(argv[optind], &frames))
		return 1;
	printf("%u frames of %s; medians of %u rounds, card and kernel alternating; "
	       "host kernel %s\n", frames.n, argv[optind], o.rounds, xnic_cc_host_release());
	pb_print_header();
	for (int i = optind + 1; i < argc; i++) {
		struct pb_row *row = calloc(1, sizeof(*row));
		double ratio;

		if (!row)
			return 1;
		pb_program(row, argv[i], &frames, &o, res);
		pb_print_row(row, &ratio);
		fflush(stdout);
		if (ratio > 0 && measured < sizeof(ratios) / sizeof(ratios[0]))
			ratios[measured++] = ratio;
		free(row);
	}
	if (measured)
		printf("P1, card/kernel time per packet: median %.1fx over %u programs "
		       "(target <= 3x)\n", pb_median(ratios, measured), measured);
	return 0;
}
