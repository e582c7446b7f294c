// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pass "cfg".  Input: decode's jmp_dst, flags and subprogram table.
 * Splits each subprogram into basic blocks: a block starts at a subprogram
 * entry, a jump target, or after a jump, exit or BPF-to-BPF call; a call ends
 * its block so the abstract interpretation can revisit the return site when
 * the callee's result changes.  Blocks entered by an edge from a later (or
 * the same) block are loop headers, where absint widens: every cycle contains
 * such an edge, which is all termination needs (docs/compiler.md, "CFG").
 */
#include "xcc_priv.h"

/* Jumps, exits and BPF-to-BPF calls end a block; helper calls do not. */
static int xcc_cfg_ends_block(const struct xcc_insn_meta *m)
{
	return xcc_is_jmp_class(&m->insn) && !xcc_is_helper_call(&m->insn);
}

static int xcc_cfg_is_leader(const struct xcc_prog *prog, u32 i)
{
	const struct xcc_insn_meta *m = &prog->meta[i];

	if (m->flags & XCC_META_LDIMM64_HI)
		return 0;
	if (i == 0 || m->flags & (XCC_META_JUMP_TARGET | XCC_META_SUBPROG_ENTRY))
		return 1;
	/* the instruction before, skipping an LD_IMM64's second half */
	if (prog->meta[i - 1].flags & XCC_META_LDIMM64_HI)
		return 0;
	return xcc_cfg_ends_block(&prog->meta[i - 1]);
}

static void xcc_cfg_link(struct xcc_prog *prog, struct xcc_bb *bb)
{
	const struct xcc_insn_meta *last = &prog->meta[bb->last];
	u32 next = bb->last + 1;

	if (last->flags & XCC_META_LDIMM64_HI)
		last = &prog->meta[bb->last - 1];
	bb->succ[0] = bb->succ[1] = -1;
	if (xcc_is_exit(&last->insn))
		return;
	if (xcc_is_uncond_jmp(&last->insn)) {
		bb->succ[0] = prog->meta[last->jmp_dst].bb;
		return;
	}
	/* decode guarantees the last block of a subprogram ends in exit or ja */
	bb->succ[0] = prog->meta[next].bb;
	if (xcc_is_cond_jmp(&last->insn))
		bb->succ[1] = prog->meta[last->jmp_dst].bb;
}

static void xcc_cfg_mark_loops(struct xcc_prog *prog, u32 b)
{
	struct xcc_bb *bb = &prog->bbs[b];
	int k;

	for (k = 0; k < 2; k++) {
		s32 s = bb->succ[k];

		if (s < 0 || prog->bbs[s].first > bb->first)
			continue;
		prog->bbs[s].loop_header = 1;
		prog->meta[bb->last].flags |= XCC_META_BACK_EDGE;
	}
}

int xcc_cfg(struct xcc_prog *prog)
{
	u32 i, n = 0, sp;

	for (i = 0; i < prog->n_insns; i++)
		n += xcc_cfg_is_leader(prog, i);
	prog->bbs = xcc_calloc(prog, n, sizeof(*prog->bbs));
	if (!prog->bbs)
		return -1;
	prog->n_bbs = 0;
	for (i = 0; i < prog->n_insns; i++) {
		if (xcc_cfg_is_leader(prog, i)) {
			struct xcc_bb *bb = &prog->bbs[prog->n_bbs++];

			bb->first = i;
			bb->subprog = prog->meta[i].subprog;
		}
		prog->bbs[prog->n_bbs - 1].last = i;
		prog->meta[i].bb = prog->n_bbs - 1;
	}
	for (i = 0; i < prog->n_bbs; i++)
		xcc_cfg_link(prog, &prog->bbs[i]);
	for (i = 0; i < prog->n_bbs; i++)
		xcc_cfg_mark_loops(prog, i);
	for (sp = 0; sp < prog->n_subprogs; sp++)
		prog->subprogs[sp].bb = prog->meta[prog->subprogs[sp].start].bb;
	return 0;
}
