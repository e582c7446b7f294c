// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pass "decode".  Input: prog->meta[].insn as given by the caller.
 * Checks the instruction stream is one a verifier could have accepted and the
 * card can run: known opcodes, register numbers, LD_IMM64 pairs, jump and call
 * targets inside the program and inside their subprogram, supported helpers
 * (docs/compiler.md, "Decode").  Fills jmp_dst, the jump-target and LD_IMM64
 * flags, helper, and the subprogram table and each instruction's subprog.
 */
#include "xcc_priv.h"

static int xcc_decode_add_subprog(struct xcc_prog *prog, s64 start, u32 at)
{
	u32 i;

	if (start < 0 || start >= prog->n_insns) {
		xcc_fail(prog, XCC_E_INVALID, at, "call target %lld out of range", (long long)start);
		return -1;
	}
	for (i = 0; i < prog->n_subprogs; i++)
		if (prog->subprogs[i].start == start)
			return 0;
	if (prog->n_subprogs == XCC_MAX_SUBPROGS) {
		xcc_fail(prog, XCC_E_UNSUPPORTED, at, "more than %u subprograms", XCC_MAX_SUBPROGS);
		return -1;
	}
	prog->subprogs[prog->n_subprogs++].start = start;
	return 0;
}

static int xcc_decode_ldimm64(struct xcc_prog *prog, u32 i)
{
	const struct bpf_insn *insn = &prog->meta[i].insn;
	const struct bpf_insn *hi;

	if (i + 1 >= prog->n_insns) {
		xcc_fail(prog, XCC_E_INVALID, i, "LD_IMM64 without a second half");
		return -1;
	}
	hi = &prog->meta[i + 1].insn;
	if (hi->code || hi->dst_reg || hi->src_reg || hi->off) {
		xcc_fail(prog, XCC_E_INVALID, i, "LD_IMM64 without a valid second half");
		return -1;
	}
	prog->meta[i + 1].flags |= XCC_META_LDIMM64_HI;
	switch (insn->src_reg) {
	case 0:
		return 0;
	case BPF_PSEUDO_MAP_FD:
	case BPF_PSEUDO_MAP_VALUE:
		if ((u32)insn->imm >= prog->n_maps) {
			xcc_fail(prog, XCC_E_INVALID, i, "map index %u but the program has %u maps",
				 (u32)insn->imm, prog->n_maps);
			return -1;
		}
		if (insn->src_reg == BPF_PSEUDO_MAP_VALUE &&
		    (u32)hi->imm >= prog->maps[insn->imm].value_size) {
			xcc_fail(prog, XCC_E_INVALID, i, "map value offset %u beyond value size %u",
				 (u32)hi->imm, prog->maps[insn->imm].value_size);
			return -1;
		}
		return 0;
	case BPF_PSEUDO_FUNC:
		prog->meta[i].jmp_dst = (s32)(i + 1 + (s64)insn->imm);
		return xcc_decode_add_subprog(prog, (s64)i + 1 + insn->imm, i);
	default:
		xcc_fail(prog, XCC_E_UNSUPPORTED, i, "LD_IMM64 with pseudo source %u", insn->src_reg);
		return -1;
	}
}

static int xcc_decode_call(struct xcc_prog *prog, u32 i)
{
	const struct bpf_insn *insn = &prog->meta[i].insn;

	if (insn->src_reg == BPF_PSEUDO_CALL) {
		prog->meta[i].jmp_dst = (s32)(i + 1 + (s64)insn->imm);
		return xcc_decode_add_subprog(prog, (s64)i + 1 + insn->imm, i);
	}
	if (insn->src_reg != 0) {
		xcc_fail(prog, XCC_E_UNSUPPORTED, i, "kfunc calls are not supported: they call "
			 "into the host kernel (e.g. conntrack lookups, bpf_xdp_ct_lookup), which a "
			 "NIC cannot");
		return -1;
	}
	prog->meta[i].helper = xcc_helper_find((u32)insn->imm);
	prog->has_tail_call |= insn->imm == BPF_FUNC_tail_call;
	prog->has_adjust_meta |= insn->imm == BPF_FUNC_xdp_adjust_meta;
	if (!prog->meta[i].helper && xcc_helper_host_only((u32)insn->imm)) {
		xcc_fail(prog, XCC_E_UNSUPPORTED, i, "helper bpf_%s (#%d) cannot run on a NIC: %s",
			 xcc_helper_name((u32)insn->imm), insn->imm,
			 xcc_helper_host_only((u32)insn->imm));
		return -1;
	}
	if (!prog->meta[i].helper && xcc_helper_name((u32)insn->imm)) {
		xcc_fail(prog, XCC_E_UNSUPPORTED, i, "helper bpf_%s (#%d) is not supported by the card",
			 xcc_helper_name((u32)insn->imm), insn->imm);
		return -1;
	}
	if (!prog->meta[i].helper) {
		xcc_fail(prog, XCC_E_UNSUPPORTED, i, "helper #%d is not supported by the card",
			 insn->imm);
		return -1;
	}
	return 0;
}

static int xcc_decode_jmp(struct xcc_prog *prog, u32 i)
{
	const struct bpf_insn *insn = &prog->meta[i].insn;
	s64 dst;

	if (insn->code == (BPF_JMP | BPF_CALL))
		return xcc_decode_call(prog, i);
	if (xcc_is_exit(insn))
		return 0;
	dst = (s64)i + 1 + insn->off;
	if (dst < 0 || dst >= prog->n_insns) {
		xcc_fail(prog, XCC_E_INVALID, i, "jump target %lld out of range", (long long)dst);
		return -1;
	}
	prog->meta[i].jmp_dst = (s32)dst;
	return 0;
}

static int xcc_decode_alu(struct xcc_prog *prog, u32 i)
{
	const struct bpf_insn *insn = &prog->meta[i].insn;
	u8 op = BPF_OP(insn->code);
	u32 width = xcc_class(insn) == BPF_ALU64 ? 64 : 32;

	if (insn->dst_reg == BPF_REG_10) {
		xcc_fail(prog, XCC_E_INVALID, i, "frame pointer r10 is read-only");
		return -1;
	}
	if (op == BPF_END) {
		if (insn->imm != 16 && insn->imm != 32 && insn->imm != 64) {
			xcc_fail(prog, XCC_E_INVALID, i, "byte swap of %d bits", insn->imm);
			return -1;
		}
		return 0;
	}
	if (BPF_SRC(insn->code) != BPF_K || op == BPF_NEG || op == BPF_MOV)
		return 0;
	if ((op == BPF_DIV || op == BPF_MOD) && insn->imm == 0) {
		xcc_fail(prog, XCC_E_INVALID, i, "division by immediate zero");
		return -1;
	}
	if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) && (u32)insn->imm >= width) {
		xcc_fail(prog, XCC_E_INVALID, i, "shift by %d in %u bits", insn->imm, width);
		return -1;
	}
	return 0;
}

static int xcc_decode_atomic(struct xcc_prog *prog, u32 i)
{
	switch (prog->meta[i].insn.imm) {
	case BPF_ADD: case BPF_ADD | BPF_FETCH:
	case BPF_AND: case BPF_AND | BPF_FETCH:
	case BPF_OR: case BPF_OR | BPF_FETCH:
	case BPF_XOR: case BPF_XOR | BPF_FETCH:
	case BPF_XCHG: case BPF_CMPXCHG:
		return 0;
	}
	xcc_fail(prog, XCC_E_INVALID, i, "unknown atomic operation 0x%x", prog->meta[i].insn.imm);
	return -1;
}

/* Register fields: src_reg of K forms and of calls is checked elsewhere. */
static int xcc_decode_regs(struct xcc_prog *prog, u32 i)
{
	const struct bpf_insn *insn = &prog->meta[i].insn;
	int alu = xcc_class(insn) == BPF_ALU || xcc_class(insn) == BPF_ALU64;
	/* BPF_END shares its value with BPF_JSLE: it only means END in ALU */
	int src_is_reg = xcc_class(insn) == BPF_LDX || xcc_class(insn) == BPF_STX ||
			 (alu && BPF_SRC(insn->code) == BPF_X && BPF_OP(insn->code) != BPF_END) ||
			 (xcc_is_jmp_class(insn) && BPF_SRC(insn->code) == BPF_X &&
			  insn->code != (BPF_JMP | BPF_CALL));

	if (insn->dst_reg > BPF_REG_10 || insn->src_reg > BPF_REG_10) {
		xcc_fail(prog, XCC_E_INVALID, i, "register number out of range");
		return -1;
	}
	if (!src_is_reg && insn->src_reg && !xcc_is_ldimm64(insn) &&
	    insn->code != (BPF_JMP | BPF_CALL)) {
		xcc_fail(prog, XCC_E_INVALID, i, "reserved src_reg field is %u", insn->src_reg);
		return -1;
	}
	if ((xcc_class(insn) == BPF_LDX || xcc_is_ldimm64(insn)) && insn->dst_reg == BPF_REG_10) {
		xcc_fail(prog, XCC_E_INVALID, i, "frame pointer r10 is read-only");
		return -1;
	}
	return 0;
}

static int xcc_decode_insn(struct xcc_prog *prog, u32 i)
{
	const struct bpf_insn *insn = &prog->meta[i].insn;

	if (!xcc_opcode_valid(insn->code)) {
		xcc_fail(prog, XCC_E_INVALID, i, "unknown opcode 0x%02x", insn->code);
		return -1;
	}
	if (xcc_decode_regs(prog, i))
		return -1;
	if (xcc_is_ldimm64(insn))
		return xcc_decode_ldimm64(prog, i);
	switch (xcc_class(insn)) {
	case BPF_ALU:
	case BPF_ALU64:
		return xcc_decode_alu(prog, i);
	case BPF_JMP:
	case BPF_JMP32:
		return xcc_decode_jmp(prog, i);
	case BPF_STX:
		if (BPF_MODE(insn->code) == BPF_ATOMIC)
			return xcc_decode_atomic(prog, i);
		return 0;
	default:
		return 0;
	}
}

static void xcc_decode_sort_subprogs(struct xcc_prog *prog)
{
	u32 i, j;

	for (i = 1; i < prog->n_subprogs; i++)
		for (j = i; j > 0 && prog->subprogs[j - 1].start > prog->subprogs[j].start; j--) {
			struct xcc_subprog t = prog->subprogs[j];

			prog->subprogs[j] = prog->subprogs[j - 1];
			prog->subprogs[j - 1] = t;
		}
}

/* Jumps stay in their subprogram and never land on an LD_IMM64's 2nd half. */
static int xcc_decode_check_targets(struct xcc_prog *prog)
{
	u32 i, sp = 0;

	for (i = 0; i < prog->n_insns; i++) {
		struct xcc_insn_meta *m = &prog->meta[i];

		if (sp + 1 < prog->n_subprogs && i == prog->subprogs[sp + 1].start)
			sp++;
		m->subprog = sp;
		if (i == prog->subprogs[sp].start)
			m->flags |= XCC_META_SUBPROG_ENTRY;
	}
	for (i = 0; i < prog->n_insns; i++) {
		struct xcc_insn_meta *m = &prog->meta[i];

		if (m->jmp_dst < 0 || xcc_is_pseudo_call(&m->insn) || xcc_is_ldimm64(&m->insn))
			continue;
		if (prog->meta[m->jmp_dst].flags & XCC_META_LDIMM64_HI) {
			xcc_fail(prog, XCC_E_INVALID, i, "jump into the middle of LD_IMM64");
			return -1;
		}
		if (prog->meta[m->jmp_dst].subprog != m->subprog) {
			xcc_fail(prog, XCC_E_INVALID, i, "jump out of its subprogram");
			return -1;
		}
		prog->meta[m->jmp_dst].flags |= XCC_META_JUMP_TARGET;
	}
	return 0;
}

/* The verifier refuses falling off the end of a subprogram; so do we. */
static int xcc_decode_check_ends(struct xcc_prog *prog)
{
	u32 sp;

	for (sp = 0; sp < prog->n_subprogs; sp++) {
		u32 start = prog->subprogs[sp].start;
		u32 end = sp + 1 < prog->n_subprogs ? prog->subprogs[sp + 1].start : prog->n_insns;
		const struct bpf_insn *last = &prog->meta[end - 1].insn;

		if (prog->meta[start].flags & XCC_META_LDIMM64_HI) {
			xcc_fail(prog, XCC_E_INVALID, start, "call into the middle of LD_IMM64");
			return -1;
		}

		if (prog->meta[end - 1].flags & XCC_META_LDIMM64_HI ||
		    (!xcc_is_exit(last) && !xcc_is_uncond_jmp(last))) {
			xcc_fail(prog, XCC_E_INVALID, end - 1, "last instruction of subprogram %u "
				 "falls through", sp);
			return -1;
		}
	}
	return 0;
}

/* The main program and the tail call targets are programs, not subprograms. */
static void xcc_decode_mark_progs(struct xcc_prog *prog)
{
	u32 sp, k;

	prog->subprogs[0].is_prog = 1;
	for (sp = 1; sp < prog->n_subprogs; sp++)
		for (k = 0; k < prog->n_tail_progs; k++)
			if (prog->subprogs[sp].start == prog->tail_starts[k])
				prog->subprogs[sp].is_prog = 1;
}

/*
 * A program is entered by xdp_main or a tail call only: a BPF-to-BPF call
 * or bpf_loop callback naming one means the program list is wrong.
 */
static int xcc_decode_check_calls(struct xcc_prog *prog)
{
	u32 i;

	for (i = 0; i < prog->n_insns; i++) {
		const struct xcc_insn_meta *m = &prog->meta[i];

		if (m->jmp_dst < 0 || !(xcc_is_pseudo_call(&m->insn) || xcc_is_ldimm64(&m->insn)))
			continue;
		if (prog->subprogs[prog->meta[m->jmp_dst].subprog].is_prog) {
			xcc_fail(prog, XCC_E_INVALID, i, "call to instruction %d, where a program "
				 "starts, not a subprogram", m->jmp_dst);
			return -1;
		}
	}
	return 0;
}

int xcc_decode(struct xcc_prog *prog)
{
	u32 i;

	prog->n_subprogs = 1;
	prog->subprogs[0].start = 0;
	for (i = 0; i < prog->n_tail_progs; i++)
		if (xcc_decode_add_subprog(prog, prog->tail_starts[i], prog->tail_starts[i]))
			return -1;
	for (i = 0; i < prog->n_insns; i++) {
		prog->meta[i].jmp_dst = -1;
		if (prog->meta[i].flags & XCC_META_LDIMM64_HI)
			continue;
		if (xcc_decode_insn(prog, i))
			return -1;
	}
	xcc_decode_sort_subprogs(prog);
	xcc_decode_mark_progs(prog);
	if (xcc_decode_check_ends(prog) || xcc_decode_check_targets(prog))
		return -1;
	return xcc_decode_check_calls(prog);
}
