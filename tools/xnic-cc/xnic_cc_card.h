/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running a compiled program on the microengine emulator (docs/compiler.md,
 * "Running on the emulator"): one card with one ME, the image's harness as
 * entry, the host kernel's maps copied into external memory at start, one
 * packet at a time through the rx and tx hooks.
 */
#ifndef XNIC_CC_CARD_H
#define XNIC_CC_CARD_H

#include "me.h"
#include "xnic_cc_ref.h"
#include "xnic_cc_trace.h"

struct xnic_cc_card {
	struct me_card *card;
	const struct xnic_cc_obj *obj;
	const struct xcc_prog *prog;
	/* the packet in flight */
	const unsigned char *pkt;
	size_t len;
	int pending, done;
	unsigned long long rx_cycles;
	struct xnic_cc_result *res;
	struct xnic_cc_trace *trace;	/* NULL, or counting executed instructions */
	char err[256];
};

/*
 * Builds the card image of a compiled prog and loads it on a card whose
 * instruction store holds istore instructions (0: the emulator's default,
 * as the xnic device's me-istore); 0, -E2BIG when the image does not fit
 * (c->err names the sizes and the store that would fit), or -1 with c->err.
 */
int xnic_cc_card_open(struct xnic_cc_card *c, const struct xnic_cc_obj *obj,
		      const struct xcc_prog *prog, uint32_t istore);
void xnic_cc_card_close(struct xnic_cc_card *c);
/* Runs one packet; res->err is -EIO when the card faulted or hung. */
int xnic_cc_card_run(struct xnic_cc_card *c, const unsigned char *pkt, size_t len,
		     struct xnic_cc_result *res);
/*
 * Prints the card log the last packet's program wrote (bpf_trace_printk
 * lines, formatted here; include/xnic/card.h), one line per record, as
 * text or JSON lines {"packet":N,"trace":"..."}.
 */
void xnic_cc_card_print_log(struct xnic_cc_card *c, FILE *out, unsigned int packet, int json);
/* The card's copy of map i, in the layout of xnic_cc_map_snapshot(). */
int xnic_cc_card_map_snapshot(struct xnic_cc_card *c, unsigned int i,
			      struct xnic_cc_map_snapshot *snap);
/* Writes the card image to path (docs/isa.md section 10). */
int xnic_cc_card_save(const struct xcc_prog *prog, const char *path, char *err, size_t errlen);

#endif
