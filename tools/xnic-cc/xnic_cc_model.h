/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnic-cc --model (docs/performance.md, "The throughput model"): packets
 * per second of the whole card from a profiled pcap run, the resource that
 * binds, and Ethernet line rates to compare with.
 */
#ifndef XNIC_CC_MODEL_H
#define XNIC_CC_MODEL_H

#include <stdio.h>

#include "xnic_cc_profile.h"

/* What the model needs: the card's shape and the run's per-packet costs. */
struct xnic_cc_model_in {
	unsigned int n_me, contexts;
	unsigned long long clock_hz;
	unsigned int bytes_per_cycle;		/* the memories' and packet engine's data path */
	double issue, latency;			/* cycles per packet */
	double emem_bytes, io_bytes;		/* bytes per packet */
	double mean_frame;			/* bytes per frame in the pcap, without FCS */
};

enum xnic_cc_bound {
	XNIC_CC_BOUND_ISSUE,		/* ME issue slots */
	XNIC_CC_BOUND_LATENCY,		/* every context waiting */
	XNIC_CC_BOUND_EMEM,		/* external memory's data path */
	XNIC_CC_BOUND_IO,		/* packet I/O's data path */
	XNIC_CC_BOUNDS
};

#define XNIC_CC_LINE_RATES	4

struct xnic_cc_model {
	double bound_pps[XNIC_CC_BOUNDS];	/* 0: the resource is not used */
	double pps;				/* the card: the smallest bound */
	enum xnic_cc_bound binds;
	double wire_mean;			/* mean frame on the wire with FCS, >= 64 */
	double line_pps_64[XNIC_CC_LINE_RATES], line_pps_mean[XNIC_CC_LINE_RATES];
};

extern const unsigned int xnic_cc_line_gbps[XNIC_CC_LINE_RATES];	/* 10, 25, 40, 100 */
extern const char *const xnic_cc_bound_names[XNIC_CC_BOUNDS];

void xnic_cc_model_compute(const struct xnic_cc_model_in *in, struct xnic_cc_model *out);
/* The model's inputs from the default card configuration (hw/me) and a profile. */
void xnic_cc_model_from_profile(const struct xnic_cc_profile *p, struct xnic_cc_model_in *in);
void xnic_cc_model_print(FILE *out, const struct xnic_cc_model_in *in,
			 const struct xnic_cc_model *m, int json);

#endif
