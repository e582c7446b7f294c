// SPDX-License-Identifier: GPL-2.0-or-later
/* Executed instructions on the card, counted per eBPF instruction: see xnic_cc_trace.h. */
#include <stdlib.h>
#include <string.h>

#include "xnic_cc_trace.h"
#include "me_encode.h"

void xnic_cc_trace_close(struct xnic_cc_trace *t)
{
	free(t->origin);
	t->origin = NULL;
}

int xnic_cc_trace_open(struct xnic_cc_trace *t, const struct xcc_prog *prog)
{
	struct xcc_image_info info;

	memset(t, 0, sizeof(*t));
	t->cur = -1;
	if (xcc_prog_image(prog, &info))
		return -1;
	t->origin = calloc(info.n_code + 1, sizeof(*t->origin));
	if (!t->origin || xcc_prog_origins(prog, t->origin, info.n_code)) {
		xnic_cc_trace_close(t);
		return -1;
	}
	t->code = info.code;
	t->n_code = info.n_code;
	t->harness = info.entry_harness;
	return 0;
}

static int xnic_cc_trace_is_jump(unsigned op)
{
	const struct me_opinfo *info = me_opinfo(op);

	return info && me_format_has_target(info->format);
}

/*
 * The eBPF instructions that ran on the way from the word at pc to the
 * word at next.  The card code lists the eBPF instructions in order, and
 * one that opt dropped (a dead result, a branch never taken) has no code
 * but runs in eBPF when control passes over it: entering the program from
 * the harness runs 0..k, a taken branch to eBPF label t runs t..k, falling
 * through from cur runs cur+1..k.  A return (from a subprogram or a
 * runtime routine) comes back into the call's own code and runs nothing
 * new; loads that sched issued ahead of their neighbours' code go back in
 * the order and count nothing either.
 */
static void xnic_cc_trace_step(struct xnic_cc_trace *t, uint32_t pc, uint32_t next)
{
	const struct xcc_origin *from = &t->origin[pc];
	unsigned op = pc < t->n_code ? (unsigned)(t->code[pc] >> 56) : 0;
	int32_t k;

	if (pc < t->harness)
		t->card_insns++;
	if (next >= t->harness || t->origin[next].kind != XCC_ORIGIN_INSN)
		return;
	k = (int32_t)t->origin[next].insn;
	if (pc >= t->harness) {
		t->bpf_insns += (unsigned long long)k + 1;
		t->cur = k;
	} else if (next != pc + 1 && xnic_cc_trace_is_jump(op) && from->target != XCC_ORIGIN_NONE) {
		t->bpf_insns += (unsigned long long)(k - (int32_t)from->target + 1);
		t->cur = k;
	} else if (op == ME_OP_RET || from->kind != XCC_ORIGIN_INSN) {
		t->cur = k;
	} else if (k > t->cur) {
		t->bpf_insns += (unsigned long long)(k - t->cur);
		t->cur = k;
	}
}

/* Which context ran the step, by its instruction counter. */
static void xnic_cc_trace_observe(struct xnic_cc_trace *t, struct me_card *card, int count)
{
	unsigned n = me_card_num_ctx(card), c;

	for (c = 0; c < n && c < XNIC_CC_TRACE_CTXS; c++) {
		struct me_ctx_state st;

		if (me_card_ctx_state(card, 0, c, &st))
			continue;
		if (count && st.insns == t->last[c].insns + 1)
			xnic_cc_trace_step(t, t->last[c].pc, st.pc);
		else if (count && st.insns != t->last[c].insns)
			t->lost = 1;
		t->last[c] = st;
	}
}

enum me_stop xnic_cc_trace_run(struct xnic_cc_trace *t, struct me_card *card, uint64_t budget,
			       struct me_stop_info *info)
{
	enum me_stop stop = ME_STOP_BUDGET;
	uint64_t n;

	if (!t->primed) {
		xnic_cc_trace_observe(t, card, 0);	/* where the contexts start */
		t->primed = 1;
	}
	for (n = 0; n < budget && stop == ME_STOP_BUDGET; n++) {
		stop = me_card_run(card, 1, info);
		xnic_cc_trace_observe(t, card, 1);
	}
	return stop;
}
