// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Debug dump of the program after any pass (docs/compiler.md, "Dumps"): one
 * line per instruction with its disassembly and whatever the passes so far
 * have attached to it, through the environment's log at XCC_LOG_DUMP.
 */
#include "xcc_priv.h"

static const char *const xcc_dump_type_names[] = {
	[XCC_T_NONE] = "none", [XCC_T_SCALAR] = "scalar", [XCC_T_CTX] = "ctx",
	[XCC_T_PKT] = "pkt", [XCC_T_PKT_END] = "pkt_end", [XCC_T_PKT_META] = "pkt_meta",
	[XCC_T_STACK] = "fp", [XCC_T_MAP_VALUE] = "map_value",
	[XCC_T_MAP_VALUE_OR_NULL] = "map_value_or_null", [XCC_T_MAP_PTR] = "map_ptr",
	[XCC_T_FUNC] = "func", [XCC_T_CONFLICT] = "conflict",
};

const char *xcc_type_name(enum xcc_type type)
{
	return type < XCC_ARRAY_SIZE(xcc_dump_type_names) ? xcc_dump_type_names[type] : "?";
}

static const char *const xcc_dump_alu_ops[16] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=", "s>>=", "end",
};
static const char *const xcc_dump_jmp_ops[16] = {
	"ja", "==", ">", ">=", "&", "!=", "s>", "s>=", "call", "exit", "<", "<=", "s<", "s<=",
};
static const char *const xcc_dump_sizes[4] = { "u32", "u16", "u8", "u64" };

static int xcc_dump_alu(char *buf, size_t size, const struct bpf_insn *insn)
{
	const char *w = xcc_class(insn) == BPF_ALU64 ? "r" : "w";
	u8 op = BPF_OP(insn->code) >> 4;

	if (BPF_OP(insn->code) == BPF_END)
		return snprintf(buf, size, "r%u = %s%d r%u", insn->dst_reg,
				BPF_SRC(insn->code) == BPF_TO_BE ? "be" : "le", insn->imm, insn->dst_reg);
	if (BPF_OP(insn->code) == BPF_NEG)
		return snprintf(buf, size, "%s%u = -%s%u", w, insn->dst_reg, w, insn->dst_reg);
	if (BPF_SRC(insn->code) == BPF_X)
		return snprintf(buf, size, "%s%u %s %s%u", w, insn->dst_reg, xcc_dump_alu_ops[op], w,
				insn->src_reg);
	return snprintf(buf, size, "%s%u %s %d", w, insn->dst_reg, xcc_dump_alu_ops[op], insn->imm);
}

static int xcc_dump_jmp(char *buf, size_t size, const struct bpf_insn *insn)
{
	const char *w = xcc_class(insn) == BPF_JMP ? "r" : "w";
	u8 op = BPF_OP(insn->code);

	if (op == BPF_EXIT)
		return snprintf(buf, size, "exit");
	if (op == BPF_JA)
		return snprintf(buf, size, "goto %+d", insn->off);
	if (op == BPF_CALL && insn->src_reg == BPF_PSEUDO_CALL)
		return snprintf(buf, size, "call pc%+d", insn->imm);
	if (op == BPF_CALL && xcc_helper_name((u32)insn->imm))
		return snprintf(buf, size, "call bpf_%s", xcc_helper_name((u32)insn->imm));
	if (op == BPF_CALL)
		return snprintf(buf, size, "call helper#%d", insn->imm);
	if (BPF_SRC(insn->code) == BPF_X)
		return snprintf(buf, size, "if %s%u %s %s%u goto %+d", w, insn->dst_reg,
				xcc_dump_jmp_ops[op >> 4], w, insn->src_reg, insn->off);
	return snprintf(buf, size, "if %s%u %s %d goto %+d", w, insn->dst_reg,
			xcc_dump_jmp_ops[op >> 4], insn->imm, insn->off);
}

static int xcc_dump_atomic(char *buf, size_t size, const struct bpf_insn *insn)
{
	const char *sz = xcc_dump_sizes[BPF_SIZE(insn->code) >> 3];

	if (insn->imm == BPF_CMPXCHG)
		return snprintf(buf, size, "r0 = cmpxchg(*(%s *)(r%u %+d), r0, r%u)", sz,
				insn->dst_reg, insn->off, insn->src_reg);
	if (insn->imm == BPF_XCHG)
		return snprintf(buf, size, "r%u = xchg(*(%s *)(r%u %+d), r%u)", insn->src_reg, sz,
				insn->dst_reg, insn->off, insn->src_reg);
	return snprintf(buf, size, "lock *(%s *)(r%u %+d) %s r%u%s", sz, insn->dst_reg, insn->off,
			xcc_dump_alu_ops[(insn->imm & ~BPF_FETCH) >> 4], insn->src_reg,
			insn->imm & BPF_FETCH ? " (fetch)" : "");
}

/* One instruction in the kernel verifier's notation; next is LD_IMM64's 2nd half. */
int xcc_disasm(char *buf, size_t size, const struct bpf_insn *insn, const struct bpf_insn *next)
{
	const char *sz = xcc_dump_sizes[BPF_SIZE(insn->code) >> 3];

	switch (xcc_class(insn)) {
	case BPF_ALU:
	case BPF_ALU64:
		return xcc_dump_alu(buf, size, insn);
	case BPF_JMP:
	case BPF_JMP32:
		return xcc_dump_jmp(buf, size, insn);
	case BPF_LDX:
		return snprintf(buf, size, "r%u = *(%s *)(r%u %+d)", insn->dst_reg, sz,
				insn->src_reg, insn->off);
	case BPF_ST:
		return snprintf(buf, size, "*(%s *)(r%u %+d) = %d", sz, insn->dst_reg, insn->off,
				insn->imm);
	case BPF_STX:
		if (BPF_MODE(insn->code) == BPF_ATOMIC)
			return xcc_dump_atomic(buf, size, insn);
		return snprintf(buf, size, "*(%s *)(r%u %+d) = r%u", sz, insn->dst_reg, insn->off,
				insn->src_reg);
	}
	if (xcc_is_ldimm64(insn) && insn->src_reg == BPF_PSEUDO_MAP_FD)
		return snprintf(buf, size, "r%u = map[%d]", insn->dst_reg, insn->imm);
	if (xcc_is_ldimm64(insn) && insn->src_reg == BPF_PSEUDO_MAP_VALUE)
		return snprintf(buf, size, "r%u = &map[%d][%u]", insn->dst_reg, insn->imm,
				next ? (u32)next->imm : 0);
	if (xcc_is_ldimm64(insn) && insn->src_reg == BPF_PSEUDO_FUNC)
		return snprintf(buf, size, "r%u = func pc%+d", insn->dst_reg, insn->imm);
	if (xcc_is_ldimm64(insn))
		return snprintf(buf, size, "r%u = 0x%llx ll", insn->dst_reg,
				(unsigned long long)((u32)insn->imm |
						     ((u64)(next ? (u32)next->imm : 0) << 32)));
	return snprintf(buf, size, "(bad opcode 0x%02x)", insn->code);
}

static int xcc_dump_value(char *buf, size_t size, const char *name, const struct xcc_value *v)
{
	if (v->type == XCC_T_NONE)
		return 0;
	if (v->type == XCC_T_SCALAR && xcc_range_is_const(v->r))
		return snprintf(buf, size, " %s=%#llx", name, (unsigned long long)v->r.umin);
	if (v->type == XCC_T_SCALAR)
		return snprintf(buf, size, " %s=[%llu,%llu]", name, (unsigned long long)v->r.umin,
				(unsigned long long)v->r.umax);
	if (v->type == XCC_T_CONFLICT)
		return snprintf(buf, size, " %s=conflict", name);
	if (v->type == XCC_T_STACK && v->frame)
		return snprintf(buf, size, " %s=fp^%u(%lld..%lld)", name, v->frame,
				(long long)v->r.smin, (long long)v->r.smax);
	return snprintf(buf, size, " %s=%s%s(%lld..%lld)", name, xcc_type_name(v->type),
			v->maybe_null ? "?" : "", (long long)v->r.smin, (long long)v->r.smax);
}

/* snprintf returns what it would have written: keep n inside the buffer. */
static size_t xcc_dump_clamp(int n, size_t used, size_t size)
{
	used += n > 0 ? (size_t)n : 0;
	return used < size ? used : size - 1;
}

static void xcc_dump_insn(const struct xcc_prog *prog, u32 i)
{
	const struct xcc_insn_meta *m = &prog->meta[i];
	char line[256];
	size_t n = 0;

	n = xcc_dump_clamp(snprintf(line, sizeof(line), "%5u: bb%-3u ", i, m->bb), n, sizeof(line));
	n = xcc_dump_clamp(xcc_disasm(line + n, sizeof(line) - n, &m->insn,
				      i + 1 < prog->n_insns ? &m[1].insn : NULL), n, sizeof(line));
	if (m->flags & XCC_META_REACHED) {
		n = xcc_dump_clamp(xcc_dump_value(line + n, sizeof(line) - n, "dst", &m->dst), n, sizeof(line));
		n = xcc_dump_clamp(xcc_dump_value(line + n, sizeof(line) - n, "src", &m->src), n, sizeof(line));
		n = xcc_dump_clamp(xcc_dump_value(line + n, sizeof(line) - n, "mem", &m->mem), n, sizeof(line));
	}
	if (m->live_in)
		n = xcc_dump_clamp(snprintf(line + n, sizeof(line) - n, " live=%#x", m->live_in), n,
				   sizeof(line));
	snprintf(line + n, sizeof(line) - n, "%s%s%s%s",
		 m->flags & XCC_META_DEAD ? " dead" : "",
		 m->flags & XCC_META_ALWAYS_TAKEN ? " always" : "",
		 m->flags & XCC_META_NEVER_TAKEN ? " never" : "",
		 m->flags & XCC_META_BACK_EDGE ? " loop" : "");
	xcc_log(prog, XCC_LOG_DUMP, "%s", line);
}

static const char *xcc_dump_mop(const struct xcc_mop *o, char *buf, size_t size)
{
	static const char *const kinds[] = { "", "r", "a", "b", "$xr", "$xw", "#" };

	if (o->kind == XCC_MOP_EREG)
		snprintf(buf, size, "r%u.%s", (unsigned int)o->idx / 2, o->idx & 1 ? "hi" : "lo");
	else if (o->kind == XCC_MOP_IMM)
		snprintf(buf, size, "#%s0x%x", o->sext ? "-" : "", o->sext ? 0x10000u - o->imm : o->imm);
	else
		snprintf(buf, size, "%s%u", kinds[o->kind < 7 ? o->kind : 0], o->idx);
	return o->kind == XCC_MOP_NONE ? "-" : buf;
}

/* The machine code list: virtual operands before regalloc, card syntax after. */
static void xcc_dump_mcode(const struct xcc_prog *prog, int allocated)
{
	const struct me_opinfo *info;
	char text[160], d[24], a[24], b[24];
	u32 i;

	for (i = 0; i < prog->mc.n; i++) {
		const struct xcc_minsn *m = &prog->mc.insns[i];

		if (m->mi.op == XCC_MI_LABEL) {
			xcc_log(prog, XCC_LOG_DUMP, "L%d:", m->target);
			continue;
		}
		if (allocated) {
			me_format_insn(&m->mi, text, sizeof(text), NULL, NULL);
		} else {
			info = me_opinfo(m->mi.op);
			snprintf(text, sizeof(text), "%s %s, %s, %s", info ? info->mnemonic : "?",
				 xcc_dump_mop(&m->d, d, sizeof(d)), xcc_dump_mop(&m->a, a, sizeof(a)),
				 xcc_dump_mop(&m->b, b, sizeof(b)));
		}
		if (m->target >= 0)
			xcc_log(prog, XCC_LOG_DUMP, "\t%-40s -> L%d ; insn %u", text, m->target, m->bpf);
		else
			xcc_log(prog, XCC_LOG_DUMP, "\t%-40s ; insn %u", text, m->bpf);
	}
}

void xcc_dump(const struct xcc_prog *prog, const char *after_pass)
{
	u32 i, sp;

	if (prog->mc.n) {
		xcc_log(prog, XCC_LOG_DUMP, "; after %s: %u machine instructions, banks %s", after_pass,
			prog->mc.n, prog->mc.label_pc || strcmp(after_pass, "isel") ? "chosen" : "open");
		xcc_dump_mcode(prog, strcmp(after_pass, "isel") != 0);
		return;
	}

	xcc_log(prog, XCC_LOG_DUMP, "; after %s: %u insns, %u blocks, %u subprograms", after_pass,
		prog->n_insns, prog->n_bbs, prog->n_subprogs);
	for (i = 0, sp = 0; i < prog->n_insns; i++) {
		if (sp < prog->n_subprogs && prog->subprogs[sp].start == i) {
			xcc_log(prog, XCC_LOG_DUMP, "subprog %u:%s stack %u", sp,
				prog->subprogs[sp].is_callback ? " (bpf_loop callback)" : "",
				prog->subprogs[sp].stack_depth);
			sp++;
		}
		if (!(prog->meta[i].flags & XCC_META_LDIMM64_HI))
			xcc_dump_insn(prog, i);
	}
}
