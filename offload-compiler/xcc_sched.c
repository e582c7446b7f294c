// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pass "sched".  Input: regalloc's card instructions, all memory commands
 * waiting for their completion (isel emits them with swap).  Memory command
 * scheduling (docs/compiler.md, "Memory commands"): a write of at most 8
 * bytes need not stall the context.  Its data leaves the transfer registers
 * at issue (isa.md 7), and any command this context issues later completes
 * no earlier (latency + ceil(len/8) with ceil = 1 for the write), so later
 * reads still see it.  Such writes go out without swap on signal 15, which
 * nothing waits for.  Atomics keep waiting: their extra 20 cycles would let
 * later reads pass them.  After XCC_SCHED_POSTED_MAX posted writes with
 * no wait between them, the next write waits, so that a long run of
 * writes (one a cycle) cannot fill the ME's command queue.
 *
 * Loads next to each other are overlapped: isel lowers an LDX to
 * "mem_rd $xr0 (swap); mov lo, $xr0; mov hi, $xr1 or #0" (peep may have
 * deleted a move whose word nothing reads).  Up to 8 such units in a row, none reading an address an earlier unit's moves write,
 * (peep dropped the labels nothing branches to, which would split them)
 * become: every mem_rd without swap into its own $xr pair on its own signal
 * (3..10), one ctx_wait for all, then the moves.  The context then waits
 * once for the slowest read instead of once per read.
 */
#include "xcc_priv.h"

#define XCC_SCHED_SIG_POSTED	15
#define XCC_SCHED_SIG_BATCH	3	/* first of the batch signals */
#define XCC_SCHED_BATCH_MAX	8	/* 16 $xr registers, two per read */
/*
 * Posted writes in a row (in list order) before one waits: the ME queues
 * 256 commands for its 4 contexts (isa.md 7), and writes issued one a
 * cycle complete 250 cycles later.
 */
#define XCC_SCHED_POSTED_MAX	64

struct xcc_sched_batch {
	u32 start[XCC_SCHED_BATCH_MAX];		/* index of each unit's mem_rd */
	u32 moves[XCC_SCHED_BATCH_MAX];		/* moves after it (0..2) */
	u32 n;
	struct me_operand written[2 * XCC_SCHED_BATCH_MAX];
	u32 n_written;
};

static int xcc_sched_same(struct me_operand a, struct me_operand b)
{
	return a.kind == b.kind && a.index == b.index;
}

static int xcc_sched_is_xr(struct me_operand o, u8 index)
{
	return o.kind == ME_OPK_XR && o.index == index;
}

/* A move that takes the read's data ($xr0, $xr1) or a constant (a zero high word). */
static int xcc_sched_is_unit_move(const struct me_insn *mv)
{
	return mv->op == ME_OP_MOV && (xcc_sched_is_xr(mv->srcb, 0) || xcc_sched_is_xr(mv->srcb, 1) ||
				       mv->srcb.kind == ME_OPK_IMM_Z || mv->srcb.kind == ME_OPK_IMM_S);
}

/*
 * An LDX unit at i: the read and the moves of its words, nothing else (peep
 * deleted the moves of words nothing reads); the number of moves, or -1.
 */
static int xcc_sched_unit(const struct xcc_mcode *mc, u32 i)
{
	const struct me_insn *rd;
	int k = 0;

	if (i >= mc->n)
		return -1;
	rd = &mc->insns[i].mi;
	if (rd->op != ME_OP_MEM_RD || !rd->swap || rd->len > 8 || !xcc_sched_is_xr(rd->dst, 0))
		return -1;
	while (k < 2 && i + 1 + k < mc->n && xcc_sched_is_unit_move(&mc->insns[i + 1 + k].mi))
		k++;
	return k;
}

/* Does the read at i use a register an earlier unit's moves write? */
static int xcc_sched_depends(const struct xcc_sched_batch *b, const struct me_insn *rd)
{
	u32 k;

	for (k = 0; k < b->n_written; k++)
		if (xcc_sched_same(b->written[k], rd->srca) || xcc_sched_same(b->written[k], rd->srcb))
			return 1;
	return 0;
}

static void xcc_sched_collect(const struct xcc_mcode *mc, u32 i, struct xcc_sched_batch *b)
{
	int moves;
	u32 k;

	b->n = b->n_written = 0;
	while (b->n < XCC_SCHED_BATCH_MAX && (moves = xcc_sched_unit(mc, i)) >= 0 &&
	       !xcc_sched_depends(b, &mc->insns[i].mi)) {
		b->start[b->n] = i;
		b->moves[b->n++] = (u32)moves;
		for (k = 1; k <= (u32)moves; k++)
			b->written[b->n_written++] = mc->insns[i + k].mi.dst;
		i += 1 + (u32)moves;
	}
}

/* Writes the batch to out: reads, one wait, moves on renamed registers. */
static u32 xcc_sched_emit_batch(const struct xcc_mcode *mc, const struct xcc_sched_batch *b,
				struct xcc_minsn *out)
{
	u32 n = 0, u, k;
	u16 mask = 0;

	for (u = 0; u < b->n; u++) {
		struct xcc_minsn *rd = &out[n++];

		*rd = mc->insns[b->start[u]];
		rd->mi.dst.index = (u8)(2 * u);
		rd->mi.sig = (u8)(XCC_SCHED_SIG_BATCH + u);
		rd->mi.swap = 0;
		mask |= (u16)(1u << rd->mi.sig);
	}
	memset(&out[n], 0, sizeof(out[n]));
	out[n].mi.op = ME_OP_CTX_WAIT;
	out[n].mi.imm = mask;
	out[n].target = -1;
	out[n].bpf = mc->insns[b->start[0]].bpf;
	n++;
	for (u = 0; u < b->n; u++)
		for (k = 1; k <= b->moves[u]; k++) {
			struct xcc_minsn *mv = &out[n++];

			*mv = mc->insns[b->start[u] + k];
			if (mv->mi.srcb.kind == ME_OPK_XR)
				mv->mi.srcb.index = (u8)(mv->mi.srcb.index + 2 * u);
		}
	return n;
}

static int xcc_sched_batch_reads(struct xcc_prog *prog)
{
	struct xcc_mcode *mc = &prog->mc;
	struct xcc_sched_batch b;
	struct xcc_minsn *out = xcc_calloc(prog, (size_t)mc->n * 2 + 1, sizeof(*out));
	u32 i = 0, n = 0;

	if (!out)
		return -1;
	while (i < mc->n) {
		xcc_sched_collect(mc, i, &b);
		if (b.n < 2) {
			out[n++] = mc->insns[i++];
			continue;
		}
		n += xcc_sched_emit_batch(mc, &b, &out[n]);
		i = b.start[b.n - 1] + 1 + b.moves[b.n - 1];
		prog->reads_overlapped += b.n;
	}
	xcc_free(prog, mc->insns);
	mc->insns = out;
	mc->n = n;
	mc->cap = 2 * i + 1;
	return 0;
}

/* Does mi let the context's earlier commands complete (it waits, or returns)? */
static int xcc_sched_drains(const struct me_insn *mi)
{
	return mi->swap || mi->op == ME_OP_CTX_WAIT || mi->op == ME_OP_CTX_SWAP ||
	       mi->op == ME_OP_CALL || mi->op == ME_OP_RET;
}

int xcc_sched(struct xcc_prog *prog)
{
	struct xcc_mcode *mc = &prog->mc;
	u32 i, posted = 0;

	if (xcc_sched_batch_reads(prog))
		return -1;

	for (i = 0; i < mc->n; i++) {
		struct me_insn *mi = &mc->insns[i].mi;

		if (mi->op == ME_OP_MEM_WR && mi->len <= 8 && mi->swap &&
		    posted < XCC_SCHED_POSTED_MAX) {
			mi->swap = 0;
			mi->sig = XCC_SCHED_SIG_POSTED;
			prog->waits_removed++;
			posted++;
		} else if (xcc_sched_drains(mi)) {
			posted = 0;
		}
	}
	return 0;
}
