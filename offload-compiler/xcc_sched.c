// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pass "sched".  Input: regalloc's card instructions, all memory commands
 * waiting for their completion (isel emits them with swap).  Memory command
 * scheduling (docs/compiler.md, "Memory commands"): a write of at most 8
 * bytes need not stall the context.  Its data leaves the transfer registers
 * at issue (isa.md 7), and any command this context issues later completes
 * no earlier (latency + ceil(len/8) with ceil = 1 for the write), so later
 * reads still see it.  Such writes go out without swap on signal 15, which
 * nothing waits for.  Reads and atomics keep waiting: their results are
 * used next, and an atomic's extra 20 cycles would let later reads pass it.
 */
#include "xcc_priv.h"

#define XCC_SCHED_SIG_POSTED	15

int xcc_sched(struct xcc_prog *prog)
{
	struct xcc_mcode *mc = &prog->mc;
	u32 i;

	for (i = 0; i < mc->n; i++) {
		struct me_insn *mi = &mc->insns[i].mi;

		if (mi->op != ME_OP_MEM_WR || mi->len > 8 || !mi->swap)
			continue;
		mi->swap = 0;
		mi->sig = XCC_SCHED_SIG_POSTED;
		prog->waits_removed++;
	}
	return 0;
}
