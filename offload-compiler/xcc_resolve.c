// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pass "resolve".  Input: sched's card instructions with label pseudo
 * instructions and symbolic branch targets.  Branch resolution (docs/
 * compiler.md, "Branches"): drops unconditional branches to the next
 * instruction, gives every label the address of the instruction after it,
 * and writes the addresses into branches and calls (isa.md 5: 16-bit I field).
 */
#include "xcc_priv.h"

static int xcc_resolve_is_label(const struct xcc_minsn *m)
{
	return m->mi.op == XCC_MI_LABEL;
}

/* A "br.al L" followed, through labels only, by L itself. */
static int xcc_resolve_is_fallthrough(const struct xcc_mcode *mc, u32 i)
{
	const struct xcc_minsn *m = &mc->insns[i];
	u32 k;

	if (m->mi.op != ME_OP_BR || m->mi.cond != ME_COND_AL)
		return 0;
	for (k = i + 1; k < mc->n && xcc_resolve_is_label(&mc->insns[k]); k++)
		if (mc->insns[k].target == m->target)
			return 1;
	return 0;
}

static void xcc_resolve_drop_fallthroughs(struct xcc_mcode *mc)
{
	u32 i, n = 0;

	for (i = 0; i < mc->n; i++)
		if (!xcc_resolve_is_fallthrough(mc, i))
			mc->insns[n++] = mc->insns[i];
	mc->n = n;
}

int xcc_resolve(struct xcc_prog *prog)
{
	struct xcc_mcode *mc = &prog->mc;
	u32 i, pc = 0;

	xcc_resolve_drop_fallthroughs(mc);
	mc->label_pc = xcc_calloc(prog, mc->n_labels + 1, sizeof(*mc->label_pc));
	if (!mc->label_pc)
		return -1;
	for (i = 0; i < mc->n; i++) {
		if (xcc_resolve_is_label(&mc->insns[i]))
			mc->label_pc[mc->insns[i].target] = pc;
		else
			pc++;
	}
	if (pc > ME_ISTORE_MAX) {
		xcc_fail(prog, XCC_E_UNSUPPORTED, -1, "%u card instructions, the instruction store "
			 "holds at most %u", pc, ME_ISTORE_MAX);
		return -1;
	}
	for (i = 0; i < mc->n; i++) {
		struct xcc_minsn *m = &mc->insns[i];

		if (m->mi.op != XCC_MI_LABEL && me_format_has_target(me_opinfo(m->mi.op)->format))
			m->mi.imm = (u16)mc->label_pc[m->target];
	}
	prog->entry_main = mc->label_pc[prog->label_main];
	prog->entry_harness = mc->label_pc[prog->label_harness];
	return 0;
}
