// SPDX-License-Identifier: GPL-2.0-or-later
/* xnic-pktgen: write a deterministic pcap of test frames (docs/pktgen.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>

#include "xnic_pktgen.h"

struct xnic_pktgen_args {
	unsigned long long seed;
	unsigned long count;
	unsigned int max_size;
	const char *out;
	const struct xnic_pktgen_kind *only;
};

static void xnic_pktgen_usage(FILE *f)
{
	fprintf(f, "usage: xnic-pktgen -o OUT.pcap [-s SEED] [-n COUNT] [-k KIND] [-m MAX_SIZE]\n"
		   "       xnic-pktgen --list\n"
		   "Frames cycle through every kind (or only KIND); the same arguments give\n"
		   "the same file.  Defaults: seed 1, count 4 per kind, max size 1514.\n");
}

static void xnic_pktgen_list(void)
{
	size_t i;

	for (i = 0; i < xnic_pktgen_n_kinds; i++)
		printf("%-14s %s\n", xnic_pktgen_kinds[i].name, xnic_pktgen_kinds[i].what);
}

static int xnic_pktgen_parse(int argc, char **argv, struct xnic_pktgen_args *a)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' }, { "count", required_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' }, { "kind", required_argument, NULL, 'k' },
		{ "max-size", required_argument, NULL, 'm' }, { "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' }, { 0 }
	};
	int c;

	a->seed = 1;
	a->count = 4 * xnic_pktgen_n_kinds;
	a->max_size = 1514;
	while ((c = getopt_long(argc, argv, "s:n:o:k:m:lh", opts, NULL)) != -1) {
		switch (c) {
		case 's': a->seed = strtoull(optarg, NULL, 0); break;
		case 'n': a->count = strtoul(optarg, NULL, 0); break;
		case 'o': a->out = optarg; break;
		case 'm': a->max_size = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'l': xnic_pktgen_list(); exit(0);
		case 'h': xnic_pktgen_usage(stdout); exit(0);
		case 'k':
			a->only = xnic_pktgen_kind_find(optarg);
			if (!a->only) {
				fprintf(stderr, "xnic-pktgen: unknown kind '%s' (see --list)\n", optarg);
				return -1;
			}
			break;
		default: return -1;
		}
	}
	if (!a->out || optind != argc)
		return -1;
	if (a->max_size < 60 || a->max_size > XNIC_PKTGEN_MAX_FRAME) {
		fprintf(stderr, "xnic-pktgen: --max-size must be 60..%d\n", XNIC_PKTGEN_MAX_FRAME);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t frame[XNIC_PKTGEN_MAX_FRAME + 64];
	struct xnic_pktgen_args a = { 0 };
	struct xnic_pktgen g;
	pcap_t *dead;
	pcap_dumper_t *out;
	unsigned long i;

	if (xnic_pktgen_parse(argc, argv, &a)) {
		xnic_pktgen_usage(stderr);
		return 1;
	}
	dead = pcap_open_dead(DLT_EN10MB, XNIC_PKTGEN_MAX_FRAME);
	out = dead ? pcap_dump_open(dead, a.out) : NULL;
	if (!out) {
		fprintf(stderr, "xnic-pktgen: cannot write %s: %s\n", a.out,
			dead ? pcap_geterr(dead) : "pcap_open_dead failed");
		return 1;
	}
	xnic_pktgen_init(&g, a.seed, a.max_size);
	for (i = 0; i < a.count; i++) {
		const struct xnic_pktgen_kind *k = a.only ? a.only :
			&xnic_pktgen_kinds[i % xnic_pktgen_n_kinds];
		/* fixed timestamps: the file depends on the arguments only */
		struct pcap_pkthdr h = { .ts = { (time_t)i, 0 } };

		memset(frame, 0, sizeof(frame));
		h.len = h.caplen = (bpf_u_int32)k->build(&g, frame);
		pcap_dump((u_char *)out, &h, frame);
	}
	pcap_dump_close(out);
	pcap_close(dead);
	return 0;
}
