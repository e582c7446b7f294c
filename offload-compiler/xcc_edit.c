// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Editing an instruction stream the way the kernel verifier edits its own
 * copy, for the driver, which keeps a copy of an offloaded program in step
 * with the verifier's dead-code removal (docs/compiler.md, "Cross-check
 * with the verifier").
 */
#include "xcc_priv.h"

#define XCC_EDIT_NO_TARGET	((s64)1 << 40)

/* The pc-relative target an instruction keeps; off16 says where it is. */
static s64 xcc_edit_rel(const struct bpf_insn *insn, int *off16)
{
	u8 class = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	*off16 = 0;
	if (insn->code == (BPF_LD | BPF_IMM | BPF_DW))
		return insn->src_reg == BPF_PSEUDO_FUNC ? insn->imm : XCC_EDIT_NO_TARGET;
	if (class != BPF_JMP && class != BPF_JMP32)
		return XCC_EDIT_NO_TARGET;
	if (op == BPF_EXIT || (op == BPF_CALL && insn->src_reg != BPF_PSEUDO_CALL))
		return XCC_EDIT_NO_TARGET;
	if (op == BPF_CALL)
		return insn->imm;
	*off16 = 1;
	return insn->off;
}

/* Every jump, call and callback address crossing [off, off + cnt) shrinks. */
static int xcc_edit_retarget(struct bpf_insn *insns, u32 n, u32 off, u32 cnt)
{
	s64 target, rel;
	int off16;
	u32 i;

	for (i = 0; i < n; i++) {
		if (i >= off && i < off + cnt)
			continue;
		rel = xcc_edit_rel(&insns[i], &off16);
		if (rel == XCC_EDIT_NO_TARGET)
			continue;
		target = (s64)i + rel + 1;
		if (target >= off && target < off + cnt)
			return -XCC_E_INVALID;
		if (i < off && target >= off + cnt)
			rel -= cnt;
		else if (i >= off + cnt && target < off)
			rel += cnt;
		else
			continue;
		if (off16)
			insns[i].off = (s16)rel;
		else
			insns[i].imm = (s32)rel;
	}
	return 0;
}

int xcc_insns_remove(struct bpf_insn *insns, u32 *n, u32 off, u32 cnt)
{
	if (off > *n || cnt > *n - off)
		return -XCC_E_INVALID;
	if (xcc_edit_retarget(insns, *n, off, cnt))
		return -XCC_E_INVALID;
	memmove(insns + off, insns + off + cnt, (*n - off - cnt) * sizeof(*insns));
	*n -= cnt;
	return 0;
}
