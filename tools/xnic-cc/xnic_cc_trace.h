/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Dynamic statistics of a compiled program (docs/compiler.md, "Statistics"):
 * the card is run one cycle at a time and every instruction a context
 * executes is attributed, through the compiler's code origins, to the eBPF
 * instruction it implements.  Gives executed card instructions per executed
 * eBPF instruction and modelled cycles per packet.
 */
#ifndef XNIC_CC_TRACE_H
#define XNIC_CC_TRACE_H

#include "me.h"
#include "xcc.h"

#define XNIC_CC_TRACE_CTXS	8

struct xnic_cc_trace {
	struct xcc_origin *origin;	/* per code word */
	const uint64_t *code;
	uint32_t n_code, harness;	/* words from harness on are the harness's */
	struct me_ctx_state last[XNIC_CC_TRACE_CTXS];
	int32_t cur;			/* eBPF instruction being executed, -1 */
	int primed;			/* last[] holds the contexts' states */
	/* totals over the run */
	unsigned long long card_insns, bpf_insns, cycles, packets;
	int lost;			/* a step ran more than one instruction */
};

/* 0, or -1 when the program has no image. */
int xnic_cc_trace_open(struct xnic_cc_trace *t, const struct xcc_prog *prog);
void xnic_cc_trace_close(struct xnic_cc_trace *t);
/* me_card_run() for at most budget cycles, one cycle at a time, counting. */
enum me_stop xnic_cc_trace_run(struct xnic_cc_trace *t, struct me_card *card, uint64_t budget,
			       struct me_stop_info *info);

#endif
