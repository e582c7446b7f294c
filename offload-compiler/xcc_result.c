// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a compiled program offers its users (xcc.h): the image, where the
 * maps are, statistics (docs/compiler.md, "Statistics") and a disassembly.
 */
#include "xcc_priv.h"

static int xcc_result_ready(const struct xcc_prog *prog)
{
	return !prog->error && prog->mc.words;
}

int xcc_prog_image(const struct xcc_prog *prog, struct xcc_image_info *out)
{
	if (!xcc_result_ready(prog))
		return -1;
	out->code = prog->mc.words;
	out->n_code = prog->mc.n_words;
	out->entry_main = prog->entry_main;
	out->entry_harness = prog->entry_harness;
	out->contexts = 4;
	out->emem_size = prog->emem_end;
	return 0;
}

int xcc_prog_map_place(const struct xcc_prog *prog, u32 map, struct xcc_map_place *out)
{
	if (!prog->layout || map >= prog->n_maps)
		return -1;
	out->addr = prog->layout[map].addr;
	out->stride = prog->layout[map].stride;
	out->size = prog->layout[map].size;
	out->copies = prog->layout[map].copies;
	out->buckets = prog->layout[map].buckets;
	out->value_off = prog->layout[map].value_off;
	return 0;
}

/* Bytes of local memory the deepest chain of BPF-to-BPF calls uses. */
static int xcc_result_is_mem_access(const struct bpf_insn *insn)
{
	u8 class = BPF_CLASS(insn->code), mode = BPF_MODE(insn->code);

	return (class == BPF_LDX && mode == BPF_MEM) ||
	       ((class == BPF_ST || class == BPF_STX) &&
		(mode == BPF_MEM || mode == BPF_ATOMIC));
}

enum xcc_mem_kind xcc_prog_insn_mem(const struct xcc_prog *prog, u32 insn)
{
	const struct xcc_insn_meta *m;

	if (prog->error || !prog->meta || insn >= prog->n_insns)
		return XCC_MEM_NONE;
	m = &prog->meta[insn];
	if (!xcc_result_is_mem_access(&m->insn) || !(m->flags & XCC_META_REACHED))
		return XCC_MEM_NONE;
	switch (m->mem.type) {
	case XCC_T_CTX:
		return XCC_MEM_CTX;
	case XCC_T_PKT:
	case XCC_T_PKT_META:
		return XCC_MEM_PKT;
	case XCC_T_STACK:
		return XCC_MEM_STACK;
	case XCC_T_MAP_VALUE:
		return XCC_MEM_MAP_VALUE;
	case XCC_T_NONE:
		return XCC_MEM_NONE;
	default:
		return XCC_MEM_MIXED;
	}
}

static u32 xcc_result_stack(const struct xcc_prog *prog)
{
	u32 *depth = prog->env->alloc(prog->env->opaque, prog->n_subprogs * sizeof(*depth));
	u32 round, i, sp, best;

	if (!depth)
		return 0;
	for (sp = 0; sp < prog->n_subprogs; sp++)
		depth[sp] = xcc_isel_frame(prog, sp);
	/* a call DAG of n nodes settles in n rounds */
	for (round = 0; round < prog->n_subprogs; round++)
		for (i = 0; i < prog->n_insns; i++) {
			const struct xcc_insn_meta *m = &prog->meta[i];
			u32 own, callee;

			if (!xcc_is_pseudo_call(&m->insn))
				continue;
			own = xcc_isel_frame(prog, m->subprog);
			callee = prog->meta[m->jmp_dst].subprog;
			if (own + depth[callee] > depth[m->subprog])
				depth[m->subprog] = own + depth[callee];
		}
	/* programs run one after the other on xdp_main's frame: the deepest */
	best = 0;
	for (sp = 0; sp < prog->n_subprogs; sp++)
		if (prog->subprogs[sp].is_prog && depth[sp] > best)
			best = depth[sp];
	prog->env->free(prog->env->opaque, depth);
	return best;
}

static u32 xcc_result_popcount(u32 v)
{
	u32 n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

void xcc_prog_stats(const struct xcc_prog *prog, struct xcc_stats *out)
{
	u32 written[2] = { 0, 0 }, i;

	memset(out, 0, sizeof(*out));
	out->bpf_insns = prog->n_insns;
	if (!xcc_result_ready(prog))
		return;
	for (i = 0; i < prog->mc.n; i++) {
		const struct xcc_minsn *m = &prog->mc.insns[i];
		struct me_operand d = m->mi.dst;

		if (m->mi.op == XCC_MI_LABEL)
			continue;
		if (d.kind == ME_OPK_GPR_A || d.kind == ME_OPK_GPR_B)
			written[d.kind == ME_OPK_GPR_B] |= 1u << d.index;
		/*
		 * the program's own code and its shared helper routines; the
		 * harness and runtime routines apart
		 */
		if (m->bpf < prog->n_insns || m->bpf == XCC_BPF_SHARED(prog))
			out->card_insns++;
		else
			out->runtime_insns++;
	}
	out->gprs_a = xcc_result_popcount(written[0]);
	out->gprs_b = xcc_result_popcount(written[1]);
	out->stack_bytes = xcc_result_stack(prog);
	out->bank_fixups = prog->mc.fixups;
	out->waits_removed = prog->waits_removed;
	out->reads_overlapped = prog->reads_overlapped;
}

void xcc_prog_disasm(const struct xcc_prog *prog)
{
	char text[160];
	u32 i, pc = 0;

	if (!xcc_result_ready(prog))
		return;
	for (i = 0; i < prog->mc.n; i++) {
		const struct xcc_minsn *m = &prog->mc.insns[i];

		if (m->mi.op == XCC_MI_LABEL)
			continue;
		me_format_insn(&m->mi, text, sizeof(text), NULL, NULL);
		if (pc == prog->entry_main)
			xcc_log(prog, XCC_LOG_DUMP, "xdp_main:");
		if (pc == prog->entry_harness)
			xcc_log(prog, XCC_LOG_DUMP, "harness:");
		if (m->bpf < prog->n_insns)
			xcc_log(prog, XCC_LOG_DUMP, "%5u:  %-44s ; insn %u", pc, text, m->bpf);
		else
			xcc_log(prog, XCC_LOG_DUMP, "%5u:  %s", pc, text);
		pc++;
	}
}
