// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pass "liveness".  Input: cfg's blocks and successors, decode's helpers.
 * Backward dataflow of register liveness inside each subprogram: live_in of
 * an instruction has bit n set when Rn's value there may still be read.  A
 * call reads its argument registers and writes R0-R5; an exit reads R0
 * (docs/compiler.md, "Liveness").  A BPF-to-BPF call reads the arguments its
 * callee reads; the outer loop repeats until callees have converged too.  The register allocator and the dead
 * code pass read it.
 */
#include "xcc_priv.h"

#define XCC_LIVE_ARGS	0x3e	/* R1-R5 */
#define XCC_LIVE_CALLER	0x3f	/* R0-R5: clobbered by calls */

static u16 xcc_liveness_bit(u8 reg)
{
	return (u16)(1u << reg);
}

static void xcc_liveness_use_def(const struct xcc_prog *prog, const struct xcc_insn_meta *m,
				  u16 *use, u16 *def)
{
	const struct bpf_insn *insn = &m->insn;
	u8 op = BPF_OP(insn->code);
	int x = BPF_SRC(insn->code) == BPF_X;

	*use = *def = 0;
	switch (xcc_class(insn)) {
	case BPF_ALU:
	case BPF_ALU64:
		*def = xcc_liveness_bit(insn->dst_reg);
		if (op != BPF_MOV)
			*use |= xcc_liveness_bit(insn->dst_reg);
		if (x && op != BPF_END && op != BPF_NEG)
			*use |= xcc_liveness_bit(insn->src_reg);
		return;
	case BPF_LD:
		*def = xcc_liveness_bit(insn->dst_reg);
		return;
	case BPF_LDX:
		*use = xcc_liveness_bit(insn->src_reg);
		*def = xcc_liveness_bit(insn->dst_reg);
		return;
	case BPF_ST:
		*use = xcc_liveness_bit(insn->dst_reg);
		return;
	case BPF_STX:
		*use = xcc_liveness_bit(insn->dst_reg) | xcc_liveness_bit(insn->src_reg);
		if (BPF_MODE(insn->code) != BPF_ATOMIC)
			return;
		if (insn->imm == BPF_CMPXCHG) {
			*use |= xcc_liveness_bit(BPF_REG_0);
			*def = xcc_liveness_bit(BPF_REG_0);
		} else if (insn->imm & BPF_FETCH) {
			*def = xcc_liveness_bit(insn->src_reg);
		}
		return;
	}
	if (xcc_is_helper_call(insn)) {
		*use = (u16)(((1u << m->helper->n_args) - 1) << 1);
		*def = XCC_LIVE_CALLER;
	} else if (xcc_is_pseudo_call(insn)) {
		/* the arguments the callee reads, known once its entry converged */
		*use = prog->meta[m->jmp_dst].live_in & XCC_LIVE_ARGS;
		*def = XCC_LIVE_CALLER;
	} else if (xcc_is_exit(insn)) {
		*use = xcc_liveness_bit(BPF_REG_0);
	} else if (!xcc_is_uncond_jmp(insn)) {
		*use = xcc_liveness_bit(insn->dst_reg) | (x ? xcc_liveness_bit(insn->src_reg) : 0);
	}
}

/* Recomputes one block's instructions from its successors; 1 on change. */
static int xcc_liveness_block(struct xcc_prog *prog, const struct xcc_bb *bb)
{
	u16 live = 0, use, def;
	int changed;
	u32 i;
	int k;

	for (k = 0; k < 2; k++)
		if (bb->succ[k] >= 0)
			live |= prog->meta[prog->bbs[bb->succ[k]].first].live_in;
	changed = prog->meta[bb->first].live_in;
	for (i = bb->last + 1; i-- > bb->first;) {
		struct xcc_insn_meta *m = &prog->meta[i];

		if (m->flags & XCC_META_LDIMM64_HI)
			continue;
		m->live_out = live;
		xcc_liveness_use_def(prog, m, &use, &def);
		live = (u16)((live & ~def) | use);
		m->live_in = live;
	}
	return changed != prog->meta[bb->first].live_in;
}

int xcc_liveness(struct xcc_prog *prog)
{
	int changed = 1;
	u32 b;

	while (changed) {
		changed = 0;
		for (b = prog->n_bbs; b-- > 0;)
			changed |= xcc_liveness_block(prog, &prog->bbs[b]);
	}
	return 0;
}
