// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic-cc: compile an XDP program for the xnic card and run it on a pcap
 * (docs/compiler.md, "xnic-cc").  By default the program is compiled and run
 * on the microengine emulator; --reference runs the same program in the host
 * kernel and reports in the same format.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_cc_card.h"
#include "xnic_cc_model.h"

#define XNIC_CC_EXIT_REFUSED	2
#define XNIC_CC_EXIT_HOST_REFUSED 3	/* the host kernel refuses the program or a map */
#define XNIC_CC_EXIT_FRAME	4	/* --profile/--model: a frame too large for the card */
#define XNIC_CC_EXIT_CARD	5	/* --profile/--model: the program faulted or hung */
#define XNIC_CC_EXIT_NO_BPF	77	/* the host kernel refuses BPF to us */

struct xnic_cc_args {
	const char *object, *program, *pcap, *dump_after, *map_file, *output;
	const char *entries[256];
	unsigned int n_entries;
	unsigned int istore;		/* --me-istore, 0: the card's default */
	int json, maps, reference, stats, dump, list_maps, profile, model;
};

struct xnic_cc_run {
	const struct xnic_cc_args *args;
	struct xnic_cc_obj *obj;
	struct xnic_cc_card *card;	/* NULL: reference run */
	struct xnic_cc_result res;
	struct xnic_cc_profile *profile;	/* --profile, --model */
	int status;			/* an exit status that ended the run */
};

static void xnic_cc_usage(FILE *out)
{
	fprintf(out,
		"usage: xnic-cc OBJECT [--program NAME] [--pcap FILE] [options]\n"
		"  -p, --program NAME     program name or ELF section (default: the only one)\n"
		"  -i, --pcap FILE        run the program on each packet of FILE\n"
		"  -r, --reference        run in the host kernel (BPF_PROG_TEST_RUN)\n"
		"  -j, --json             JSON lines instead of text\n"
		"  -m, --maps             print the maps' contents after the run\n"
		"  -e, --map N:KEY=VALUE  initial map entry, hex bytes (repeatable)\n"
		"  -f, --map-file FILE    initial map entries, one N:KEY=VALUE per line\n"
		"  -d, --dump-after PASS  dump the program after a compiler pass, or 'all'\n"
		"  -s, --stats            print compiler statistics\n"
		"  -D, --dump             disassemble the card code\n"
		"  -o, --output FILE      write the card image (docs/isa.md section 10)\n"
		"  -L, --list-maps        list the object's maps (name, type, sizes, flags) without\n"
		"                         loading anything into the kernel\n"
		"  -P, --profile          per card instruction over the pcap: count, cycles, share,\n"
		"                         under its eBPF instruction and C line (no packet lines)\n"
		"  -M, --model            modelled packets per second of the card from the pcap run\n"
		"  -I, --me-istore N      the card's instruction store, in instructions (default\n"
		"                         16384, at most 65536: the xnic device's me-istore)\n"
		"Exit: 0 ok, 1 error, 2 program refused by the compiler or larger than the\n"
		"card's instruction store, 3 program or map refused\n"
		"by the host kernel (which loads it for its maps and the reference run; the\n"
		"message names the kernel release and the verifier's error), 4 a frame too large\n"
		"for the card, 5 the program faulted or hung on the card (both with --profile or\n"
		"--model), 77 BPF not permitted.\n");
}

static int xnic_cc_parse_istore(const char *arg, unsigned int *istore)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 0);

	if (*arg && !*end && v >= 1 && v <= ME_ISTORE_MAX) {
		*istore = (unsigned int)v;
		return 0;
	}
	fprintf(stderr, "xnic-cc: --me-istore %s: not a size in 1..%u\n", arg, ME_ISTORE_MAX);
	return -1;
}

static int xnic_cc_parse(int argc, char **argv, struct xnic_cc_args *a)
{
	static const struct option opts[] = {
		{ "program", required_argument, NULL, 'p' },
		{ "pcap", required_argument, NULL, 'i' },
		{ "reference", no_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "maps", no_argument, NULL, 'm' },
		{ "map", required_argument, NULL, 'e' },
		{ "map-file", required_argument, NULL, 'f' },
		{ "dump-after", required_argument, NULL, 'd' },
		{ "stats", no_argument, NULL, 's' },
		{ "dump", no_argument, NULL, 'D' },
		{ "output", required_argument, NULL, 'o' },
		{ "list-maps", no_argument, NULL, 'L' },
		{ "profile", no_argument, NULL, 'P' },
		{ "model", no_argument, NULL, 'M' },
		{ "me-istore", required_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "p:i:rjme:f:d:sDo:LPMI:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': a->program = optarg; break;
		case 'i': a->pcap = optarg; break;
		case 'r': a->reference = 1; break;
		case 'j': a->json = 1; break;
		case 'm': a->maps = 1; break;
		case 'f': a->map_file = optarg; break;
		case 'd': a->dump_after = optarg; break;
		case 's': a->stats = 1; break;
		case 'D': a->dump = 1; break;
		case 'o': a->output = optarg; break;
		case 'L': a->list_maps = 1; break;
		case 'P': a->profile = 1; break;
		case 'M': a->model = 1; break;
		case 'I':
			if (xnic_cc_parse_istore(optarg, &a->istore))
				return -1;
			break;
		case 'e':
			if (a->n_entries == sizeof(a->entries) / sizeof(a->entries[0])) {
				fprintf(stderr, "xnic-cc: too many --map entries\n");
				return -1;
			}
			a->entries[a->n_entries++] = optarg;
			break;
		case 'h': xnic_cc_usage(stdout); exit(0);
		default: return -1;
		}
	}
	if (optind != argc - 1)
		return -1;
	if ((a->profile || a->model) && (!a->pcap || a->reference)) {
		fprintf(stderr, "xnic-cc: --profile and --model run a --pcap on the card, "
			"not with --reference\n");
		return -1;
	}
	a->object = argv[optind];
	return 0;
}

static void *xnic_cc_env_alloc(void *opaque, size_t size)
{
	return calloc(1, size);
}

static void xnic_cc_env_free(void *opaque, void *ptr)
{
	free(ptr);
}

static void xnic_cc_env_log(void *opaque, enum xcc_log_level level, const char *line)
{
	if (level == XCC_LOG_DUMP)
		printf("%s\n", line);
	else if (level == XCC_LOG_ERROR)
		fprintf(stderr, "xnic-cc: %s: %s\n", (const char *)opaque, line);
}

static const struct xcc_env *xnic_cc_env(const char *object)
{
	static struct xcc_env env = { xnic_cc_env_alloc, xnic_cc_env_free, xnic_cc_env_log, NULL };

	env.opaque = (void *)object;
	return &env;
}

static void xnic_cc_print_stats(const struct xnic_cc_args *a, const struct xcc_prog *prog)
{
	struct xcc_stats st;

	xcc_prog_stats(prog, &st);
	fprintf(a->json ? stderr : stdout,
		"%s: %u eBPF insns -> %u card insns (%.2f per insn; +%u harness/runtime), "
		"GPRs A %u B %u, stack %u bytes, %u bank-rule moves, %u writes posted, "
		"%u reads overlapped\n",
		a->object, st.bpf_insns, st.card_insns,
		st.bpf_insns ? (double)st.card_insns / st.bpf_insns : 0.0, st.runtime_insns,
		st.gprs_a, st.gprs_b, st.stack_bytes, st.bank_fixups, st.waits_removed,
		st.reads_overlapped);
}

/* The dynamic figures of --stats with --pcap (xnic_cc_trace.h). */
static void xnic_cc_print_dynamic(const struct xnic_cc_args *a, const struct xnic_cc_trace *t)
{
	fflush(stdout);	/* after the packets' lines, also when both go to one pipe */
	fprintf(a->json ? stderr : stdout,
		"%s: executed %llu card insns for %llu eBPF insns (%.2f per insn), "
		"%.1f cycles per packet over %llu packets%s\n",
		a->object, t->card_insns, t->bpf_insns,
		t->bpf_insns ? (double)t->card_insns / (double)t->bpf_insns : 0.0,
		t->packets ? (double)t->cycles / (double)t->packets : 0.0, t->packets,
		t->lost ? " (some steps ran several instructions: counts incomplete)" : "");
}

/* Compiles the loaded program; NULL when refused (the log said why). */
static struct xcc_prog *xnic_cc_compile(const struct xnic_cc_args *a, const struct xnic_cc_obj *obj)
{
	struct xcc_options opts = { .dump_after = a->dump_after };
	struct xcc_prog *prog = xcc_prog_new(xnic_cc_env(a->object), obj->insns, (u32)obj->n_insns,
					     obj->descs, obj->n_maps);
	char err[256];

	if (!prog) {
		fprintf(stderr, "xnic-cc: out of memory\n");
		return NULL;
	}
	/* a refusal here is the compile's error (sticky) */
	xcc_prog_set_tail_programs(prog, obj->tail_starts, obj->n_tail);
	if (xcc_compile(prog, &opts)) {
		xcc_prog_free(prog);
		return NULL;
	}
	if (a->stats)
		xnic_cc_print_stats(a, prog);
	if (a->dump)
		xcc_prog_disasm(prog);
	if (a->output && xnic_cc_card_save(prog, a->output, err, sizeof(err))) {
		fprintf(stderr, "xnic-cc: %s: %s\n", a->output, err);
		xcc_prog_free(prog);
		return NULL;
	}
	return prog;
}

static int xnic_cc_on_packet(void *opaque, unsigned int index, const unsigned char *pkt,
			     size_t len)
{
	struct xnic_cc_run *run = opaque;
	int r;

	run->res.index = index;
	if (run->profile) {
		r = xnic_cc_profile_run(run->profile, run->card, pkt, len, &run->res);
		if (r)
			fprintf(stderr, "xnic-cc: %s\n", run->profile->err);
		run->status = r == -EMSGSIZE ? XNIC_CC_EXIT_FRAME : r ? XNIC_CC_EXIT_CARD : 0;
		return r;
	}
	if (run->card && xnic_cc_card_run(run->card, pkt, len, &run->res))
		fprintf(stderr, "xnic-cc: %s\n", run->card->err);
	else if (!run->card)
		xnic_cc_ref_run(run->obj, pkt, len, &run->res);
	xnic_cc_print_result(stdout, &run->res, run->args->json);
	if (run->card)
		xnic_cc_card_print_log(run->card, stdout, index, run->args->json);
	else
		xnic_cc_ref_print_perf(run->obj, stdout, index, run->args->json);
	return 0;
}

static void xnic_cc_print_maps(const struct xnic_cc_args *a, const struct xnic_cc_obj *obj,
			       struct xnic_cc_card *card)
{
	unsigned int i;

	for (i = 0; i < obj->n_maps; i++) {
		struct xnic_cc_map_snapshot snap;
		int r = card ? xnic_cc_card_map_snapshot(card, i, &snap) :
			       xnic_cc_map_snapshot(obj->maps[i], &snap);

		if (!r)
			xnic_cc_print_map(stdout, &snap, a->json);
		xnic_cc_map_snapshot_free(&snap);
	}
}

static int xnic_cc_setup_maps(const struct xnic_cc_args *a, struct xnic_cc_obj *obj)
{
	unsigned int i;

	if (a->map_file && xnic_cc_obj_set_entries_file(obj, a->map_file))
		return -1;
	for (i = 0; i < a->n_entries; i++)
		if (xnic_cc_obj_set_entry(obj, a->entries[i]))
			return -1;
	return 0;
}

static int xnic_cc_run_pcap(const struct xnic_cc_args *a, struct xnic_cc_obj *obj,
			    struct xnic_cc_card *card, struct xnic_cc_profile *profile)
{
	struct xnic_cc_run *run = calloc(1, sizeof(*run));
	char err[512];
	int r;

	if (!run)
		return -ENOMEM;
	run->args = a;
	run->obj = obj;
	run->card = card;
	run->profile = profile;
	r = xnic_cc_pcap_foreach(a->pcap, xnic_cc_on_packet, run, err, sizeof(err));
	if (r && !run->status)
		fprintf(stderr, "xnic-cc: %s\n", err);
	if (r)
		r = run->status ? run->status : 1;
	free(run);
	return r;
}

/* --profile, --model: the pcap on the card with the profile on, then the reports. */
static int xnic_cc_profiled(const struct xnic_cc_args *a, struct xnic_cc_obj *obj,
			    const struct xcc_prog *prog, struct xnic_cc_card *card)
{
	struct xnic_cc_profile *p = calloc(1, sizeof(*p));
	struct xnic_cc_model_in in;
	struct xnic_cc_model m;
	int ret;

	if (!p || xnic_cc_profile_open(p, obj, prog, card, a->object)) {
		fprintf(stderr, "xnic-cc: %s\n", p ? p->err : "out of memory");
		ret = 1;
	} else {
		ret = xnic_cc_run_pcap(a, obj, card, p);
	}
	if (!ret && !p->view.packets) {
		fprintf(stderr, "xnic-cc: %s: no frame the card runs (all under 14 bytes?)\n",
			a->pcap);
		ret = 1;
	}
	if (!ret) {
		xnic_cc_profile_collect(p, card);
		if (a->profile)
			xnic_profile_print(stdout, &p->view, a->json);
		if (a->model) {
			xnic_cc_model_from_profile(p, &in);
			xnic_cc_model_compute(&in, &m);
			xnic_cc_model_print(stdout, &in, &m, a->json);
		}
		if (a->maps)
			xnic_cc_print_maps(a, obj, card);
	}
	if (p)
		xnic_cc_profile_close(p);
	free(p);
	return ret;
}

/* The card path: compile, then run on the emulator when a pcap is given. */
static int xnic_cc_card_path(const struct xnic_cc_args *a, struct xnic_cc_obj *obj)
{
	struct xcc_prog *prog = xnic_cc_compile(a, obj);
	struct xnic_cc_card *card;
	int ret = 0;

	if (!prog)
		return XNIC_CC_EXIT_REFUSED;
	if (!a->pcap && !a->maps) {
		xcc_prog_free(prog);
		return 0;
	}
	card = calloc(1, sizeof(*card));
	ret = card ? xnic_cc_card_open(card, obj, prog, a->istore) : -ENOMEM;
	if (ret) {
		fprintf(stderr, "xnic-cc: %s\n", card ? card->err : "out of memory");
		ret = ret == -E2BIG ? XNIC_CC_EXIT_REFUSED : 1;
	} else if (a->profile || a->model) {
		ret = xnic_cc_profiled(a, obj, prog, card);
	} else {
		struct xnic_cc_trace trace;

		if (a->stats && a->pcap && !xnic_cc_trace_open(&trace, prog))
			card->trace = &trace;
		if (a->pcap && xnic_cc_run_pcap(a, obj, card, NULL))
			ret = 1;
		if (card->trace) {
			xnic_cc_print_dynamic(a, card->trace);
			xnic_cc_trace_close(card->trace);
			card->trace = NULL;
		}
		if (a->maps)
			xnic_cc_print_maps(a, obj, card);
	}
	if (card)
		xnic_cc_card_close(card);
	free(card);
	xcc_prog_free(prog);
	return ret;
}

/*
 * BPF_PROG_TEST_RUN runs the program on the calling CPU: a reference run
 * stays on CPU 0 so that per-CPU maps and bpf_get_smp_processor_id() see
 * one CPU for the whole pcap, the one the card's ME 0 stands for.
 */
static void xnic_cc_pin_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fprintf(stderr, "xnic-cc: cannot run on CPU 0 (%s): per-CPU values may spread "
			"over CPUs\n", strerror(errno));
}

static int xnic_cc_main(const struct xnic_cc_args *a, struct xnic_cc_obj *obj)
{
	int err = xnic_cc_obj_load(obj, a->object, a->program);

	if (err) {
		fprintf(stderr, "xnic-cc: %s\n", obj->err);
		if (err == -EPERM)
			return XNIC_CC_EXIT_NO_BPF;
		return obj->host_refused ? XNIC_CC_EXIT_HOST_REFUSED : 1;
	}
	if (xnic_cc_setup_maps(a, obj)) {
		fprintf(stderr, "xnic-cc: %s\n", obj->err);
		return 1;
	}
	if (!a->reference)
		return xnic_cc_card_path(a, obj);
	xnic_cc_pin_cpu0();
	if (a->pcap && xnic_cc_run_pcap(a, obj, NULL, NULL))
		return 1;
	if (a->maps)
		xnic_cc_print_maps(a, obj, NULL);
	return 0;
}

/* The object's maps as libbpf opens them: what a refusal names. */
static int xnic_cc_list_maps(const struct xnic_cc_args *a)
{
	struct bpf_object *o = bpf_object__open_file(a->object, NULL);
	struct bpf_map *m;

	if (!o) {
		fprintf(stderr, "xnic-cc: cannot open %s: %s\n", a->object, strerror(errno));
		return 1;
	}
	bpf_object__for_each_map(m, o) {
		const char *type = libbpf_bpf_map_type_str(bpf_map__type(m));

		printf(a->json ? "{\"name\": \"%s\", \"type\": \"%s\", \"key_size\": %u, "
				 "\"value_size\": %u, \"max_entries\": %u, \"flags\": %u}\n" :
				 "%s %s key %u value %u entries %u flags 0x%x\n",
		       bpf_map__name(m), type ? type : "unknown", bpf_map__key_size(m),
		       bpf_map__value_size(m), bpf_map__max_entries(m), bpf_map__map_flags(m));
	}
	bpf_object__close(o);
	return 0;
}

int main(int argc, char **argv)
{
	struct xnic_cc_args args = { 0 };
	struct xnic_cc_obj obj;
	int ret;

	if (xnic_cc_parse(argc, argv, &args)) {
		xnic_cc_usage(stderr);
		return 1;
	}
	if (args.list_maps)
		return xnic_cc_list_maps(&args);
	ret = xnic_cc_main(&args, &obj);
	xnic_cc_obj_close(&obj);
	return ret;
}
