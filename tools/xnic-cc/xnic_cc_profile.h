/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnic-cc --profile and --model (docs/performance.md): the card's
 * per-instruction profile over a pcap run, grouped by the eBPF instruction
 * each card instruction came from and by that instruction's C source line,
 * and the throughput model of the whole card built on it.
 */
#ifndef XNIC_CC_PROFILE_H
#define XNIC_CC_PROFILE_H

#include <stdio.h>

#include "xnic_cc_card.h"
#include "xnic_cc_lines.h"

/* Where a packet's cycles go (the report's top lines), summed over the run. */
struct xnic_cc_profile_split {
	unsigned long long own;		/* the program's code, issue cycles */
	unsigned long long helpers;	/* helper calls and the routines they call */
	unsigned long long mem_wait;	/* the program waiting on memory commands */
	unsigned long long harness;	/* rx, xdp_md, tx around the program */
	unsigned long long issue;	/* all issue cycles: own + helpers + the harness's */
};

struct xnic_cc_profile {
	const struct xnic_cc_obj *obj;
	const struct xcc_prog *prog;
	struct xcc_image_info image;
	struct xcc_origin *origin;	/* per card address */
	struct xnic_cc_lines lines;	/* C source per eBPF instruction */
	/* traffic */
	unsigned long long packets, bytes_in, bytes_out;
	/* after xnic_cc_profile_collect() */
	const struct me_profile_insn *insn;
	unsigned long long total_insns, total_cycles;	/* the card's own counters */
	struct xnic_cc_profile_split split;
	unsigned long long emem_bytes;	/* external memory traffic of the run */
	char err[256];
};

/* Before the first packet: origins, source lines, profiling started. */
int xnic_cc_profile_open(struct xnic_cc_profile *p, const struct xnic_cc_obj *obj,
			 const struct xcc_prog *prog, struct xnic_cc_card *card,
			 const char *object_path);
void xnic_cc_profile_close(struct xnic_cc_profile *p);
/*
 * Runs one packet on the card for the profile: 0 (a frame the harness
 * refuses, under 14 bytes, is skipped like BPF_PROG_TEST_RUN refuses it),
 * -EMSGSIZE for a frame larger than the packet buffer, -EIO when the card
 * faulted or hung; p->err says which packet and why.
 */
int xnic_cc_profile_run(struct xnic_cc_profile *p, struct xnic_cc_card *card,
			const unsigned char *pkt, size_t len, struct xnic_cc_result *res);
/* After the last packet: reads the card's profile and counters. */
void xnic_cc_profile_collect(struct xnic_cc_profile *p, struct xnic_cc_card *card);
void xnic_cc_profile_print(FILE *out, const struct xnic_cc_profile *p, int json);

#endif
