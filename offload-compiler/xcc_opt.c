// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pass "opt".  Input: absint's reached/taken flags, liveness.
 * Marks what instruction selection may leave out (docs/compiler.md,
 * "Optimisation"): conditional jumps whose outcome absint proved constant,
 * unreachable instructions, and ALU, LD_IMM64 and LDX instructions whose
 * result is never read (a load has no side effect and the verifier proved
 * its address valid, so dropping it is unobservable).
 */
#include "xcc_priv.h"

static int xcc_opt_pure(const struct bpf_insn *insn)
{
	switch (xcc_class(insn)) {
	case BPF_ALU:
	case BPF_ALU64:
	case BPF_LD:
	case BPF_LDX:
		return 1;
	}
	return 0;
}

static void xcc_opt_insn(struct xcc_insn_meta *m)
{
	if (!(m->flags & XCC_META_REACHED)) {
		m->flags |= XCC_META_DEAD;
		return;
	}
	if (xcc_is_cond_jmp(&m->insn)) {
		if (!(m->flags & XCC_META_FALL_SEEN))
			m->flags |= XCC_META_ALWAYS_TAKEN;
		if (!(m->flags & XCC_META_TAKEN_SEEN))
			m->flags |= XCC_META_NEVER_TAKEN;
		return;
	}
	if (xcc_opt_pure(&m->insn) && !(m->live_out & (1u << m->insn.dst_reg)))
		m->flags |= XCC_META_DEAD;
}

int xcc_opt(struct xcc_prog *prog)
{
	u32 i;

	for (i = 0; i < prog->n_insns; i++)
		if (!(prog->meta[i].flags & XCC_META_LDIMM64_HI))
			xcc_opt_insn(&prog->meta[i]);
	return 0;
}
