/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Instruction to assembler text (docs/isa.md section 11).  The output is
 * exactly what xnic-as accepts, so disassembly re-assembles to the same
 * words.
 */
#include <stdarg.h>
#include <stdio.h>

#include "me_encode.h"

struct me_fmt_buf {
	char *p;
	size_t left;
	int total;
};

__attribute__((format(printf, 2, 3)))
static void me_put(struct me_fmt_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->p, b->left, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	b->total += n;
	if ((size_t)n >= b->left) {
		b->p += b->left ? b->left - 1 : 0;
		b->left = b->left ? 1 : 0;
	} else {
		b->p += n;
		b->left -= (size_t)n;
	}
}

static void me_put_opnd(struct me_fmt_buf *b, struct me_operand o, uint16_t imm)
{
	switch (o.kind) {
	case ME_OPK_GPR_A: me_put(b, "a%u", o.index); return;
	case ME_OPK_GPR_B: me_put(b, "b%u", o.index); return;
	case ME_OPK_XR: me_put(b, "$xr%u", o.index); return;
	case ME_OPK_XW: me_put(b, "$xw%u", o.index); return;
	case ME_OPK_IMM_S: me_put(b, "#-%u", 0x10000u - imm); return;
	case ME_OPK_IMM_Z:
		me_put(b, imm < 10 ? "#%u" : "#0x%x", imm);
		return;
	default: me_put(b, "?"); return;
	}
}

static void me_put_target(struct me_fmt_buf *b, uint32_t t, me_label_fn label,
			  void *opaque)
{
	const char *name = label ? label(opaque, t) : NULL;

	if (name)
		me_put(b, "%s", name);
	else
		me_put(b, "%u", t);
}

static void me_put_sig(struct me_fmt_buf *b, const struct me_insn *in)
{
	me_put(b, ", sig%u%s", in->sig, in->swap ? ", swap" : "");
}

static void me_put_csr(struct me_fmt_buf *b, unsigned csr)
{
	const char *name = me_csr_name(csr);

	if (name)
		me_put(b, "%s", name);
	else
		me_put(b, "#0x%x", csr);
}

static void me_put_operands(struct me_fmt_buf *b, const struct me_insn *in,
			    enum me_format fmt, me_label_fn label, void *opaque)
{
	switch (fmt) {
	case ME_FMT_NONE:
		return;
	case ME_FMT_ALU:
	case ME_FMT_INS:
		me_put_opnd(b, in->dst, 0);
		me_put(b, ", ");
		/* the attribute, not a comment: kernel builds want it */
		__attribute__((__fallthrough__));
	case ME_FMT_CMP:
		me_put_opnd(b, in->srca, 0);
		me_put(b, ", ");
		me_put_opnd(b, in->srcb, in->imm);
		if (fmt == ME_FMT_INS)
			me_put(b, ", #%u, #%u", in->pos, in->width);
		return;
	case ME_FMT_UNARY:
		me_put_opnd(b, in->dst, 0);
		me_put(b, ", ");
		me_put_opnd(b, in->srcb, in->imm);
		return;
	case ME_FMT_IMMHI:
		me_put_opnd(b, in->dst, 0);
		me_put(b, ", #0x%x", in->imm);
		return;
	case ME_FMT_EXT:
		me_put_opnd(b, in->dst, 0);
		me_put(b, ", ");
		me_put_opnd(b, in->srca, 0);
		me_put(b, ", #%u, #%u", in->pos, in->width);
		return;
	case ME_FMT_BR:
		me_put_target(b, in->imm, label, opaque);
		return;
	case ME_FMT_BRBIT:
		me_put_opnd(b, in->srca, 0);
		me_put(b, ", #%u, ", in->bit);
		me_put_target(b, in->imm, label, opaque);
		return;
	case ME_FMT_BRCMP:
		me_put_opnd(b, in->srca, 0);
		me_put(b, ", ");
		me_put_opnd(b, in->srcb, 0);
		me_put(b, ", ");
		me_put_target(b, in->imm, label, opaque);
		return;
	case ME_FMT_BRCMPI:
		me_put_opnd(b, in->srca, 0);
		if (in->cmpimm < 0)
			me_put(b, ", #-%u, ", (unsigned)-in->cmpimm);
		else
			me_put(b, in->cmpimm < 10 ? ", #%u, " : ", #0x%x, ",
			       (unsigned)in->cmpimm);
		me_put_target(b, in->imm, label, opaque);
		return;
	case ME_FMT_CALL:
		me_put_opnd(b, in->dst, 0);
		me_put(b, ", ");
		me_put_target(b, in->imm, label, opaque);
		return;
	case ME_FMT_RET:
		me_put_opnd(b, in->srca, 0);
		return;
	case ME_FMT_WAIT:
		me_put(b, "#0x%x", in->imm);
		return;
	case ME_FMT_CSRRD:
		me_put_opnd(b, in->dst, 0);
		me_put(b, ", ");
		me_put_csr(b, in->csr);
		return;
	case ME_FMT_CSRWR:
		me_put_opnd(b, in->srcb, in->imm);
		me_put(b, ", ");
		me_put_csr(b, in->csr);
		return;
	case ME_FMT_LMLD:
		me_put_opnd(b, in->dst, 0);
		me_put(b, ", l%u[%d]", in->lmi, in->lmoff);
		return;
	case ME_FMT_LMST:
		me_put_opnd(b, in->srcb, in->imm);
		me_put(b, ", l%u[%d]", in->lmi, in->lmoff);
		return;
	case ME_FMT_LMSET:
		me_put(b, "l%u, ", in->lmi);
		me_put_opnd(b, in->srca, 0);
		me_put(b, ", ");
		me_put_opnd(b, in->srcb, in->imm);
		return;
	case ME_FMT_LMGET:
		me_put_opnd(b, in->dst, 0);
		me_put(b, ", l%u", in->lmi);
		return;
	case ME_FMT_MEM:
		me_put_opnd(b, in->dst, 0);
		me_put(b, ", ");
		me_put_opnd(b, in->srca, 0);
		me_put(b, ", ");
		me_put_opnd(b, in->srcb, in->imm);
		me_put(b, ", #%u", in->len);
		me_put_sig(b, in);
		return;
	case ME_FMT_IO:
	case ME_FMT_DMA:
		me_put_opnd(b, in->dst, 0);
		me_put_sig(b, in);
		return;
	case ME_FMT_COUNT:
		return;
	}
}

int me_format_insn(const struct me_insn *insn, char *buf, size_t len,
		   me_label_fn label, void *opaque)
{
	struct me_fmt_buf b = { .p = buf, .left = len };
	const struct me_opinfo *info = me_opinfo((unsigned)insn->op);

	if (len)
		buf[0] = 0;
	if (!info) {
		me_put(&b, "(unknown opcode 0x%02x)", (unsigned)insn->op);
		return b.total;
	}
	me_put(&b, "%s", info->mnemonic);
	if (me_format_has_cond(info->format) && insn->cond != ME_COND_AL)
		me_put(&b, ".%s", me_cond_name(insn->cond));
	if (info->format == ME_FMT_MEM || info->format == ME_FMT_DMA)
		me_put(&b, ".%s", me_space_name(insn->space));
	if (info->format != ME_FMT_NONE)
		me_put(&b, " ");
	me_put_operands(&b, insn, info->format, label, opaque);
	return b.total;
}
