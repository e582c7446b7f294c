/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Differential testing (docs/compiler.md, "Differential tests"): one
 * program, one pcap, run on the card emulator and in the host kernel,
 * compared packet by packet and map by map.
 */
#ifndef DIFF_COMMON_H
#define DIFF_COMMON_H

#include "xnic_cc_card.h"

#define DIFF_SKIP	77	/* exit code: the host cannot run the tests */

struct diff_report {
	unsigned int packets;		/* compared */
	unsigned int agreed;
	unsigned int not_run;		/* the kernel refuses the frame (runts) */
	unsigned int maps_compared, maps_agreed;
	unsigned int maps_not_held;	/* of types the card does not hold: not compared */
	char first_diff[512];
};

/*
 * Runs n packets through card and kernel, on a card whose instruction
 * store holds istore instructions (0: the default); 0 or -errno.
 */
int diff_run_packets(struct xnic_cc_obj *obj, const struct xcc_prog *prog,
		     const unsigned char *const *pkts, const size_t *lens, unsigned int n,
		     uint32_t istore, struct diff_report *rep);

/* Runs every packet of pcap through card and kernel; 0 or -errno. */
int diff_run(struct xnic_cc_obj *obj, const struct xcc_prog *prog, const char *pcap,
	     struct diff_report *rep);

/*
 * 1 when this host can run the differential tests: BPF is permitted and the
 * process runs on CPU 0 (so bpf_get_smp_processor_id() in the kernel matches
 * the card's single ME 0).  Otherwise 0, after a "SKIP: suite: host ..."
 * line saying why: exit DIFF_SKIP then.
 */
int diff_host_ready(const char *suite);

/* Compiles the loaded program; NULL with why[] when the compiler refuses. */
struct xcc_prog *diff_compile(const struct xnic_cc_obj *obj, char *why, size_t size);

#endif
