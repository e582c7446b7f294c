/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnic-cc --profile and --model (docs/performance.md): the card's
 * per-instruction profile over a pcap run, the inputs of the report that
 * tools/xnic-profile prints (grouped by the eBPF instruction each card
 * instruction came from and by that instruction's C source line), and of
 * the throughput model of the whole card built on it.
 */
#ifndef XNIC_CC_PROFILE_H
#define XNIC_CC_PROFILE_H

#include <stdio.h>

#include "xnic_cc_card.h"
#include "xnic_cc_lines.h"
#include "xnic_profile.h"

struct xnic_cc_profile {
	const struct xnic_cc_obj *obj;
	const struct xcc_prog *prog;
	struct xcc_image_info image;
	struct xcc_origin *origin;	/* per card address */
	struct xnic_cc_lines lines;	/* C source per eBPF instruction */
	/* traffic */
	unsigned long long bytes_in, bytes_out;
	/* the report's inputs; its counters, split and emem traffic after collect */
	struct xnic_profile view;
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
/* After the last packet: reads the card's profile and counters (p->view). */
void xnic_cc_profile_collect(struct xnic_cc_profile *p, struct xnic_cc_card *card);

#endif
