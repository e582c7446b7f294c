// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bpf_tail_call(ctx, prog_array, index) on the card (docs/compiler.md,
 * "Tail calls"), as 6.1's interpreter and x86 JIT run it: an index at or
 * past max_entries falls through; so does the 34th tail call of a run
 * (MAX_TAIL_CALL_CNT, 33), the count going up before the slot is read, so
 * that an empty slot falls through having used one; otherwise the slot's
 * program replaces the running one, whose frame and registers it takes
 * over, and its exit ends the run.  The programs a PROG_ARRAY may hold are
 * compiled with the main one (xcc_prog_set_tail_programs()); a slot holds
 * a program's number plus one (include/xnic/maps.h), and the code branches
 * to the program of that number.
 */
#include "xcc_priv.h"

#define XCC_T(k)	xcc_pa(XCC_TMP_FIRST + (k))

static struct xcc_mop xcc_lo(u8 r) { return xcc_er(r, 0); }

static int xcc_tail_refuse(struct xcc_prog *prog, u32 i, const char *why)
{
	xcc_fail(prog, XCC_E_UNSUPPORTED, i, "bpf_tail_call: %s", why);
	return -1;
}

/* The label of program k's first instruction (0: the main one, after xdp_main's entry). */
static u32 xcc_tail_prog_label(const struct xcc_prog *prog, u32 k)
{
	return k ? prog->tail_starts[k - 1] : 0;
}

int xcc_hl_tail_call(struct xcc_prog *prog, u32 i)
{
	const struct xcc_insn_meta *m = &prog->meta[i];
	const struct xcc_value *r2 = &m->src;
	const struct xcc_map_layout *l;
	u32 out = xcc_mc_new_label(prog), k;

	/*
	 * 6.1's x86 JIT lets a BPF-to-BPF subprogram tail call, the target
	 * then returning to the subprogram's caller; the card runs targets
	 * on xdp_main's frame only.
	 */
	if (!prog->subprogs[m->subprog].is_prog)
		return xcc_tail_refuse(prog, i, "a tail call from a BPF-to-BPF subprogram or a "
				       "bpf_loop callback is not supported, only from a program's "
				       "own code");
	if (r2->type != XCC_T_MAP_PTR || r2->id == XCC_MAP_ANY)
		return xcc_tail_refuse(prog, i, "the PROG_ARRAY in r2 is not known at compile time");
	if (prog->maps[r2->id].type != BPF_MAP_TYPE_PROG_ARRAY)
		return xcc_tail_refuse(prog, i, "the map in r2 is not a PROG_ARRAY");
	l = &prog->layout[r2->id];
	/* the index is a u32: r3's low word */
	xcc_mc_cmp(prog, ME_OP_CMP, xcc_lo(3), xcc_k(prog, prog->maps[r2->id].max_entries));
	xcc_mc_br(prog, ME_COND_HS, out);
	xcc_mc_lm(prog, ME_OP_LM_LD32, XCC_T(0), 2, XNIC_MD_TAIL_CALLS);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(0), xcc_k(prog, XCC_MAX_TAIL_CALL_CNT));
	xcc_mc_br(prog, ME_COND_HS, out);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(0), XCC_T(0), xcc_k(prog, 1));
	xcc_mc_lm(prog, ME_OP_LM_ST32, XCC_T(0), 2, XNIC_MD_TAIL_CALLS);
	xcc_mc_alu(prog, ME_OP_MUL, XCC_T(1), xcc_lo(3), xcc_k(prog, l->stride));
	xcc_mc_mem(prog, ME_OP_MEM_RD, ME_SPACE_EMEM, 0, XCC_T(1), xcc_k(prog, l->addr), 4);
	xcc_mc_un(prog, ME_OP_MOV, XCC_T(1), xcc_xr(0));
	/* R1 is still ctx (the verifier's ARG_PTR_TO_CTX) and r10 xdp_main's frame */
	for (k = 0; k <= prog->n_tail_progs; k++) {
		xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(1), xcc_k(prog, k + 1));
		xcc_mc_br(prog, ME_COND_EQ, xcc_tail_prog_label(prog, k));
	}
	xcc_mc_label(prog, out);
	return 0;
}
