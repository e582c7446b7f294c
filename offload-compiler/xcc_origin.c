// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where each card instruction of the image comes from, for profilers
 * (docs/performance.md, "The profile") and the dynamic statistics
 * (docs/compiler.md, "Statistics"): the eBPF instruction isel lowered it
 * from and the one its branch label stands for, a runtime routine, or the
 * harness.  Runtime routines (division,
 * hash map operations) are shared; each is named after the first eBPF
 * instruction that calls it, so that a profiler can tell a helper's routine
 * from the division one.
 */
#include "xcc_priv.h"

#define XCC_ORIGIN_START	0xfffffffeu	/* pass 2: a routine nobody named calls yet */

/* The eBPF instruction a label stands for: its own, or a subprogram's first. */
static u32 xcc_origin_label_insn(const struct xcc_prog *prog, s32 label)
{
	if (label < 0)
		return XCC_ORIGIN_NONE;
	if ((u32)label < prog->n_insns)
		return (u32)label;
	if ((u32)label < prog->n_insns + prog->n_subprogs)
		return prog->subprogs[label - prog->n_insns].start;
	return XCC_ORIGIN_NONE;
}

/* Pass 1: the kind of every address, from isel's eBPF index and the harness entry. */
static void xcc_origin_kinds(const struct xcc_prog *prog, struct xcc_origin *out)
{
	u32 i, pc = 0;

	for (i = 0; i < prog->mc.n; i++) {
		const struct xcc_minsn *m = &prog->mc.insns[i];

		if (m->mi.op == XCC_MI_LABEL)
			continue;
		if (m->bpf < prog->n_insns)
			out[pc] = (struct xcc_origin){ XCC_ORIGIN_INSN, m->bpf,
						       xcc_origin_label_insn(prog, m->target) };
		else if (pc >= prog->entry_harness)
			out[pc] = (struct xcc_origin){ XCC_ORIGIN_HARNESS, XCC_ORIGIN_NONE,
						       XCC_ORIGIN_NONE };
		else
			out[pc] = (struct xcc_origin){ XCC_ORIGIN_ROUTINE, XCC_ORIGIN_NONE,
						       XCC_ORIGIN_NONE };
		pc++;
	}
}

static int xcc_origin_call(const struct xcc_prog *prog, u32 pc, u32 n, u32 *target)
{
	struct me_insn in;

	if (me_decode(prog->mc.words[pc], &in, NULL, 0) || in.op != ME_OP_CALL || in.imm >= n)
		return 0;
	*target = in.imm;
	return 1;
}

static int xcc_origin_named(const struct xcc_origin *o)
{
	return o->insn != XCC_ORIGIN_NONE && o->insn != XCC_ORIGIN_START;
}

/* Pass 2: a routine starts where a call lands. */
static void xcc_origin_starts(const struct xcc_prog *prog, struct xcc_origin *out, u32 n)
{
	u32 pc, t;

	for (pc = 0; pc < n; pc++)
		if (xcc_origin_call(prog, pc, n, &t) && out[t].kind == XCC_ORIGIN_ROUTINE)
			out[t].insn = XCC_ORIGIN_START;
}

/*
 * Pass 3: a routine's start takes the name of the first named caller (the
 * program's own code, or a routine already named); the instructions after
 * it, up to the next start, take the start's.  0 when nothing changed.
 */
static int xcc_origin_name(const struct xcc_prog *prog, struct xcc_origin *out, u32 n)
{
	int changed = 0;
	u32 pc, t;

	for (pc = 0; pc < n; pc++)
		if (out[pc].kind != XCC_ORIGIN_HARNESS && xcc_origin_named(&out[pc]) &&
		    xcc_origin_call(prog, pc, n, &t) && out[t].insn == XCC_ORIGIN_START) {
			out[t].insn = out[pc].insn;
			changed = 1;
		}
	for (pc = 1; pc < n; pc++)
		if (out[pc].kind == XCC_ORIGIN_ROUTINE && out[pc].insn == XCC_ORIGIN_NONE &&
		    out[pc - 1].kind == XCC_ORIGIN_ROUTINE && xcc_origin_named(&out[pc - 1])) {
			out[pc].insn = out[pc - 1].insn;
			changed = 1;
		}
	return changed;
}

int xcc_prog_origins(const struct xcc_prog *prog, struct xcc_origin *out, u32 n)
{
	u32 pc;

	if (prog->error || !prog->mc.words || n != prog->mc.n_words)
		return -1;
	xcc_origin_kinds(prog, out);
	xcc_origin_starts(prog, out, n);
	while (xcc_origin_name(prog, out, n))
		;
	for (pc = 0; pc < n; pc++)	/* routines nothing named calls */
		if (!xcc_origin_named(&out[pc]))
			out[pc].insn = XCC_ORIGIN_NONE;
	return 0;
}
