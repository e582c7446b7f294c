// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Part of pass "isel" (docs/compiler.md, "Instruction selection"):
 * consecutive stores of constants through one pointer into the packet or a
 * map value, as clang writes an unrolled loop filling a buffer or a
 * structure initialised field by field.  Each would be a memory command of
 * its own (with a move of its data into $xw); the run's bytes are known
 * when the program is compiled, so the run becomes one write of up to 8
 * bytes per 8 contiguous bytes written, each byte with the value of the
 * run's last store to it.  Nothing between the stores reads memory or
 * writes a register (they are consecutive eBPF instructions and only the
 * first may be a jump target), and the writes cover exactly the bytes the
 * stores cover, so memory ends the same.
 */
#include "xcc_priv.h"

#define XCC_RUN_SPAN	1024	/* bytes a run may cover, around its first store's offset */

struct xcc_store_run {
	u8 reg;			/* the pointer's eBPF register */
	u8 space;
	u32 stores;
	s32 lo;			/* offset of bytes[0] from the pointer */
	u8 bytes[XCC_RUN_SPAN];
	u8 known[XCC_RUN_SPAN];
};

/* The value a store writes when it is a constant: 0, or -1. */
static int xcc_run_value(const struct xcc_insn_meta *m, u64 *v)
{
	if (BPF_CLASS(m->insn.code) == BPF_ST) {
		*v = (u64)(s64)m->insn.imm;
		return 0;
	}
	if (m->src.type != XCC_T_SCALAR || !xcc_range_is_const(m->src.r))
		return -1;
	*v = m->src.r.umin;
	return 0;
}

static int xcc_run_space(const struct xcc_insn_meta *m, u8 *space)
{
	if (m->mem.type == XCC_T_PKT || m->mem.type == XCC_T_PKT_META)
		*space = ME_SPACE_PKT;
	else if (m->mem.type == XCC_T_MAP_VALUE)
		*space = ME_SPACE_EMEM;
	else
		return -1;
	return 0;
}

/* A store of a constant into the packet or a map value: 0, or -1. */
static int xcc_run_store(const struct xcc_insn_meta *m, u8 *space, u64 *v)
{
	u8 cls = BPF_CLASS(m->insn.code);

	if ((cls != BPF_ST && cls != BPF_STX) || BPF_MODE(m->insn.code) != BPF_MEM ||
	    !(m->flags & XCC_META_REACHED) || (m->flags & XCC_META_DEAD) ||
	    xcc_run_space(m, space) || xcc_run_value(m, v))
		return -1;
	return 0;
}

/* Adds store j to the run when it can join it: 0, or -1. */
static int xcc_run_add(const struct xcc_prog *prog, struct xcc_store_run *run, u32 j, int first)
{
	const struct xcc_insn_meta *m = &prog->meta[j];
	u32 size = xcc_size_bytes(&m->insn), b;
	u8 space;
	s64 at;
	u64 v;

	if (xcc_run_store(m, &space, &v))
		return -1;
	if (first) {
		run->reg = m->insn.dst_reg;
		run->space = space;
		run->lo = m->insn.off - XCC_RUN_SPAN / 2;
	} else if (m->insn.dst_reg != run->reg || space != run->space) {
		return -1;
	}
	at = (s64)m->insn.off - run->lo;
	if (at < 0 || at + size > XCC_RUN_SPAN)
		return -1;
	for (b = 0; b < size; b++) {
		run->bytes[at + b] = (u8)(v >> (8 * b));
		run->known[at + b] = 1;
	}
	run->stores++;
	return 0;
}

/*
 * An instruction the run's stores may move past: one touching registers
 * only (ALU, LD_IMM64, or without code), not writing the pointer.
 */
static int xcc_run_passes(const struct xcc_prog *prog, const struct xcc_store_run *run, u32 j)
{
	const struct xcc_insn_meta *m = &prog->meta[j];
	u8 cls = BPF_CLASS(m->insn.code);

	if (m->flags & (XCC_META_LDIMM64_HI | XCC_META_DEAD))
		return 1;
	return (cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_LD) && m->insn.dst_reg != run->reg;
}

/* Runs of at most 8 contiguous bytes the run writes, each one command: their count. */
static u32 xcc_run_pieces(const struct xcc_store_run *run, int emit, struct xcc_prog *prog)
{
	u32 at = 0, n = 0;

	while (at < XCC_RUN_SPAN) {
		u32 len = 0, word[2] = { 0, 0 }, b;

		for (; at < XCC_RUN_SPAN && !run->known[at]; at++)
			;
		for (; len < 8 && at + len < XCC_RUN_SPAN && run->known[at + len]; len++)
			word[len / 4] |= (u32)run->bytes[at + len] << (8 * (len % 4));
		if (!len)
			break;
		n++;
		if (emit) {
			for (b = 0; 4 * b < len; b++)
				xcc_mc_mov32(prog, xcc_xw((u8)b), word[b]);
			xcc_mc_mem(prog, ME_OP_MEM_WR, run->space, 0, xcc_er(run->reg, 0),
				   xcc_k(prog, (u32)(run->lo + (s32)at)), (u8)len);
		}
		at += len;
	}
	return n;
}

/* The run from store i: the instruction after its last store. */
static u32 xcc_run_collect(struct xcc_prog *prog, struct xcc_store_run *run, u32 i)
{
	u32 j, end = i + 1;

	xcc_run_add(prog, run, i, 1);
	for (j = i + 1; j < prog->n_insns && !(prog->meta[j].flags & XCC_META_JUMP_TARGET); j++) {
		if (!xcc_run_add(prog, run, j, 0))
			end = j + 1;
		else if (!xcc_run_passes(prog, run, j))
			break;
	}
	return end;
}

/*
 * Instruction i and those up to the run's last store: the other
 * instructions' code in order, then the run's commands.
 */
static int xcc_run_emit(struct xcc_prog *prog, const struct xcc_store_run *run, u32 i, u32 end)
{
	u32 j;

	for (j = i; j < end; j++) {
		prog->cur_bpf = j;
		if (j > i)
			xcc_mc_label(prog, j);
		if (prog->meta[j].flags & (XCC_META_LDIMM64_HI | XCC_META_DEAD))
			continue;
		if (BPF_CLASS(prog->meta[j].insn.code) != BPF_ST &&
		    BPF_CLASS(prog->meta[j].insn.code) != BPF_STX && xcc_isel_insn(prog, j))
			return -1;
	}
	xcc_run_pieces(run, 1, prog);
	return 0;
}

/*
 * The run of stores starting at instruction i: when it has more stores
 * than the commands its bytes need, emits its code (xcc_run_emit()) and
 * returns how many instructions it covers; 0 leaves instruction i to
 * xcc_isel_insn(), -1 on failure.
 */
int xcc_isel_store_run(struct xcc_prog *prog, u32 i)
{
	struct xcc_store_run *run;
	u32 end;
	int n = 0;
	u8 space;
	u64 v;

	if (xcc_run_store(&prog->meta[i], &space, &v))
		return 0;
	run = xcc_zalloc(prog, sizeof(*run));
	if (!run)
		return -1;
	end = xcc_run_collect(prog, run, i);
	if (run->stores >= 2 && xcc_run_pieces(run, 0, prog) < run->stores)
		n = xcc_run_emit(prog, run, i, end) ? -1 : (int)(end - i);
	xcc_free(prog, run);
	return n;
}
