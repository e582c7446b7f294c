/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Instruction encoding, decoding and checking (docs/isa.md sections 3-5).
 * Every rule of the ISA that can be checked on one word lives here, so the
 * assembler, the loader and the compiler refuse the same things.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "me_encode.h"

static const struct me_opinfo me_optable[ME_OP_LIMIT] = {
#define ME_OPINFO(name, code, mnem, fmt, cyc, flg) \
	[code] = { .mnemonic = mnem, .format = ME_FMT_##fmt, \
		   .cycles = cyc, .flags = flg },
	ME_ISA_OPCODES(ME_OPINFO)
#undef ME_OPINFO
};

static const char *const me_cond_names[ME_COND_COUNT] = {
#define ME_COND_NAME(name, code, sfx) [code] = sfx,
	ME_ISA_CONDS(ME_COND_NAME)
#undef ME_COND_NAME
};

static const char *const me_space_names[ME_SPACE_COUNT] = {
#define ME_SPACE_NAME(name, code, sfx) [code] = sfx,
	ME_ISA_SPACES(ME_SPACE_NAME)
#undef ME_SPACE_NAME
};

static const char *const me_csr_names[ME_CSR_LOCAL_COUNT] = {
#define ME_CSR_NAME(name, code, sym) [code] = sym,
	ME_ISA_CSRS(ME_CSR_NAME)
#undef ME_CSR_NAME
};

static const char *const me_format_syntaxes[ME_FMT_COUNT] = {
#define ME_FMT_SYNTAX(name, syntax) [ME_FMT_##name] = syntax,
	ME_ISA_FORMATS(ME_FMT_SYNTAX)
#undef ME_FMT_SYNTAX
};

const char *me_format_syntax(enum me_format fmt)
{
	return fmt < ME_FMT_COUNT ? me_format_syntaxes[fmt] : "";
}

int me_format_has_target(enum me_format fmt)
{
	return fmt == ME_FMT_BR || fmt == ME_FMT_BRBIT || fmt == ME_FMT_BRCMP ||
	       fmt == ME_FMT_BRCMPI || fmt == ME_FMT_CALL;
}

int me_format_has_cond(enum me_format fmt)
{
	return fmt == ME_FMT_BR || fmt == ME_FMT_BRCMP || fmt == ME_FMT_BRCMPI;
}

const struct me_opinfo *me_opinfo(unsigned opcode)
{
	if (opcode >= ME_OP_LIMIT || !me_optable[opcode].mnemonic)
		return NULL;
	return &me_optable[opcode];
}

static int me_name_lookup(const char *const *names, unsigned n,
			  const char *name, size_t len)
{
	for (unsigned i = 0; i < n; i++)
		if (names[i] && strlen(names[i]) == len &&
		    !memcmp(names[i], name, len))
			return (int)i;
	return -1;
}

int me_opcode_by_name(const char *mnemonic, size_t len)
{
	for (unsigned i = 0; i < ME_OP_LIMIT; i++) {
		const char *m = me_optable[i].mnemonic;

		if (m && strlen(m) == len && !memcmp(m, mnemonic, len))
			return (int)i;
	}
	return -1;
}

const char *me_cond_name(unsigned cond)
{
	return cond < ME_COND_COUNT ? me_cond_names[cond] : NULL;
}

int me_cond_by_name(const char *name, size_t len)
{
	return me_name_lookup(me_cond_names, ME_COND_COUNT, name, len);
}

const char *me_space_name(unsigned space)
{
	return space < ME_SPACE_COUNT ? me_space_names[space] : NULL;
}

int me_space_by_name(const char *name, size_t len)
{
	return me_name_lookup(me_space_names, ME_SPACE_COUNT, name, len);
}

const char *me_csr_name(unsigned csr)
{
	return csr < ME_CSR_LOCAL_COUNT ? me_csr_names[csr] : NULL;
}

static struct me_operand me_opnd(unsigned kind, unsigned n)
{
	return (struct me_operand){ .kind = (uint8_t)kind, .index = (uint8_t)n };
}

struct me_operand me_gpr_a(unsigned n) { return me_opnd(ME_OPK_GPR_A, n); }
struct me_operand me_gpr_b(unsigned n) { return me_opnd(ME_OPK_GPR_B, n); }
struct me_operand me_xr(unsigned n) { return me_opnd(ME_OPK_XR, n); }
struct me_operand me_xw(unsigned n) { return me_opnd(ME_OPK_XW, n); }

int me_operand_imm(int64_t value, struct me_operand *op, uint16_t *imm)
{
	if (value >= 0 && value <= 0xffff) {
		*op = me_opnd(ME_OPK_IMM_Z, 0);
	} else if (value >= -0x8000 && value < 0) {
		*op = me_opnd(ME_OPK_IMM_S, 0);
	} else {
		return -1;
	}
	*imm = (uint16_t)value;
	return 0;
}

uint32_t me_operand_imm_value(struct me_operand op, uint16_t imm)
{
	if (op.kind == ME_OPK_IMM_S)
		return (uint32_t)(int32_t)(int16_t)imm;
	return imm;
}

/* ---- checking (docs/isa.md sections 3.1, 4, 5) ---- */

struct me_chk {
	const struct me_insn *in;
	const struct me_opinfo *info;
	unsigned gprs;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int me_chk_fail(struct me_chk *c, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (!c->errlen)
		return -1;
	if (c->info)
		n = snprintf(c->err, c->errlen, "%s: ", c->info->mnemonic);
	if (n < 0 || (size_t)n >= c->errlen)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static int me_is_imm(struct me_operand o)
{
	return o.kind == ME_OPK_IMM_Z || o.kind == ME_OPK_IMM_S;
}

static int me_is_gpr(struct me_operand o)
{
	return o.kind == ME_OPK_GPR_A || o.kind == ME_OPK_GPR_B;
}

static int me_chk_regnum(struct me_chk *c, struct me_operand o,
			 const char *slot)
{
	unsigned limit = me_is_gpr(o) ? c->gprs : ME_XFER_REGS;

	if (me_is_imm(o) ? o.index != 0 : o.index >= limit)
		return me_chk_fail(c, "%s operand: register %u out of range (limit %u)",
				   slot, o.index, limit);
	return 0;
}

static int me_chk_dst(struct me_chk *c, int gpr_only)
{
	struct me_operand o = c->in->dst;

	if (!me_is_gpr(o) && (gpr_only || o.kind != ME_OPK_XW))
		return me_chk_fail(c, "destination must be a GPR%s",
				   gpr_only ? "" : " or $xw register");
	return me_chk_regnum(c, o, "destination");
}

static int me_chk_src(struct me_chk *c, struct me_operand o, const char *slot,
		      int imm_ok)
{
	if (me_is_imm(o)) {
		if (!imm_ok)
			return me_chk_fail(c, "%s operand cannot be an immediate", slot);
		if (o.kind == ME_OPK_IMM_S && c->in->imm < 0x8000)
			return me_chk_fail(c, "non-canonical sign-extended immediate 0x%x",
					   c->in->imm);
		return me_chk_regnum(c, o, slot);
	}
	if (!me_is_gpr(o) && o.kind != ME_OPK_XR)
		return me_chk_fail(c, "%s operand must be a GPR or $xr register%s",
				   slot, imm_ok ? " or immediate" : "");
	return me_chk_regnum(c, o, slot);
}

/* Section 3.1: two register sources come from different files. */
static int me_chk_sources(struct me_chk *c)
{
	struct me_operand a = c->in->srca, b = c->in->srcb;

	if (me_chk_src(c, a, "A", 0) || me_chk_src(c, b, "B", 1))
		return -1;
	if (!me_is_imm(b) && a.kind == b.kind)
		return me_chk_fail(c, "bank rule: both sources are in the %s file",
				   a.kind == ME_OPK_GPR_A ? "A-bank" :
				   a.kind == ME_OPK_GPR_B ? "B-bank" :
				   "read transfer");
	return 0;
}

static int me_chk_field(struct me_chk *c, unsigned v, unsigned max,
			const char *what)
{
	if (v > max)
		return me_chk_fail(c, "%s %u out of range (max %u)", what, v, max);
	return 0;
}

/*
 * br_cmp/br_cmpi (section 5): a condition other than al (that is br), A a
 * register, B a register of the other file (br_cmp, the bank rule) or a
 * 12-bit signed immediate in X (br_cmpi).
 */
static int me_chk_brcmp(struct me_chk *c)
{
	const struct me_insn *in = c->in;

	if (in->cond == ME_COND_AL || in->cond >= ME_COND_COUNT)
		return me_chk_fail(c, "condition %u is not one of eq..le", in->cond);
	if (c->info->format == ME_FMT_BRCMPI) {
		if (in->cmpimm < -2048 || in->cmpimm > 2047)
			return me_chk_fail(c, "immediate %d not in -2048..2047",
					   in->cmpimm);
		return me_chk_src(c, in->srca, "A", 0);
	}
	if (me_chk_src(c, in->srcb, "B", 0))
		return -1;
	return me_chk_sources(c);
}

static int me_chk_xfer_run(struct me_chk *c, unsigned first, unsigned count)
{
	if (first + count > ME_XFER_REGS)
		return me_chk_fail(c, "needs %u transfer registers from %u, past 15",
				   count, first);
	return 0;
}

static int me_chk_signal(struct me_chk *c)
{
	if (me_chk_field(c, c->in->sig, ME_SIGNALS - 1, "signal"))
		return -1;
	return me_chk_field(c, c->in->swap, 1, "swap flag");
}

static int me_chk_xfer_dst(struct me_chk *c, unsigned kind, unsigned count)
{
	struct me_operand o = c->in->dst;

	if (o.kind != kind)
		return me_chk_fail(c, "first operand must be a %s register",
				   kind == ME_OPK_XR ? "$xr" : "$xw");
	if (me_chk_regnum(c, o, "transfer"))
		return -1;
	return me_chk_xfer_run(c, o.index, count);
}

static int me_is_atomic(enum me_opcode op)
{
	return op >= ME_OP_MEM_ADD && op <= ME_OP_MEM_CAS;
}

static int me_chk_mem(struct me_chk *c)
{
	const struct me_insn *in = c->in;
	unsigned words = (in->len + 3u) / 4u;

	if (me_chk_field(c, in->space, ME_SPACE_COUNT - 1, "space") ||
	    me_chk_signal(c) || me_chk_sources(c))
		return -1;
	if (!me_is_atomic(in->op)) {
		if (in->len < 1 || in->len > ME_MEM_LEN_MAX)
			return me_chk_fail(c, "length %u not in 1..64", in->len);
		return me_chk_xfer_dst(c, in->op == ME_OP_MEM_RD ?
				       ME_OPK_XR : ME_OPK_XW, words);
	}
	if (in->len != 4 && in->len != 8)
		return me_chk_fail(c, "atomic size %u is not 4 or 8", in->len);
	if (in->space == ME_SPACE_PKT)
		return me_chk_fail(c, "atomics work on imem and emem only");
	return me_chk_xfer_dst(c, ME_OPK_XW,
			       in->op == ME_OP_MEM_CAS ? 2 * words : words);
}

static int me_chk_lm(struct me_chk *c, int with_off)
{
	if (me_chk_field(c, c->in->lmi, ME_LM_INDEXES - 1, "LM index register"))
		return -1;
	if (with_off && (c->in->lmoff < -2048 || c->in->lmoff > 2047))
		return me_chk_fail(c, "LM offset %d not in -2048..2047",
				   c->in->lmoff);
	return 0;
}

static int me_chk_csr(struct me_chk *c, int write)
{
	unsigned csr = c->in->csr;

	if (csr >= ME_CSR_CARD_BASE)
		return 0;
	if (write)
		return me_chk_fail(c, "local CSR 0x%x is read-only", csr);
	if (!me_csr_name(csr))
		return me_chk_fail(c, "unknown local CSR 0x%x", csr);
	return 0;
}

static int me_chk_bitfield(struct me_chk *c)
{
	unsigned pos = c->in->pos, width = c->in->width;

	if (width < 1 || width > 32 || pos > 31 || pos + width > 32)
		return me_chk_fail(c, "bit field pos %u width %u outside 32 bits",
				   pos, width);
	return 0;
}

static int me_chk_format(struct me_chk *c)
{
	const struct me_insn *in = c->in;

	switch (c->info->format) {
	case ME_FMT_NONE:
		return 0;
	case ME_FMT_ALU:
	case ME_FMT_LMSET:
		if (c->info->format == ME_FMT_LMSET && me_chk_lm(c, 0))
			return -1;
		if (c->info->format == ME_FMT_ALU && me_chk_dst(c, 0))
			return -1;
		return me_chk_sources(c);
	case ME_FMT_UNARY:
		return me_chk_dst(c, 0) || me_chk_src(c, in->srcb, "B", 1);
	case ME_FMT_CMP:
		return me_chk_sources(c);
	case ME_FMT_IMMHI:
	case ME_FMT_CALL:
		return me_chk_dst(c, 1);
	case ME_FMT_EXT:
		return me_chk_dst(c, 0) || me_chk_src(c, in->srca, "A", 0) ||
		       me_chk_bitfield(c);
	case ME_FMT_INS:
		return me_chk_dst(c, 0) || me_chk_sources(c) ||
		       me_chk_bitfield(c);
	case ME_FMT_BR:
		return me_chk_field(c, in->cond, ME_COND_COUNT - 1, "condition");
	case ME_FMT_BRBIT:
		return me_chk_src(c, in->srca, "A", 0) ||
		       me_chk_field(c, in->bit, 31, "bit");
	case ME_FMT_BRCMP:
	case ME_FMT_BRCMPI:
		return me_chk_brcmp(c);
	case ME_FMT_RET:
		return me_chk_src(c, in->srca, "A", 0);
	case ME_FMT_WAIT:
		return in->imm ? 0 : me_chk_fail(c, "empty signal mask");
	case ME_FMT_CSRRD:
		return me_chk_dst(c, 0) || me_chk_csr(c, 0);
	case ME_FMT_CSRWR:
		return me_chk_src(c, in->srcb, "B", 1) || me_chk_csr(c, 1);
	case ME_FMT_LMLD:
		return me_chk_dst(c, 0) || me_chk_lm(c, 1);
	case ME_FMT_LMST:
		return me_chk_src(c, in->srcb, "B", 1) || me_chk_lm(c, 1);
	case ME_FMT_LMGET:
		return me_chk_dst(c, 0) || me_chk_lm(c, 0);
	case ME_FMT_MEM:
		return me_chk_mem(c);
	case ME_FMT_IO:
		return me_chk_signal(c) ||
		       (in->op == ME_OP_PKT_RX ?
			me_chk_xfer_dst(c, ME_OPK_XR, ME_RX_XR_COUNT) :
			me_chk_xfer_dst(c, ME_OPK_XW, ME_TX_XW_COUNT));
	case ME_FMT_DMA:
		return me_chk_field(c, in->space, ME_SPACE_COUNT - 1, "space") ||
		       me_chk_signal(c) ||
		       me_chk_xfer_dst(c, ME_OPK_XW, ME_DMA_XW_COUNT);
	case ME_FMT_COUNT:
		break;
	}
	return me_chk_fail(c, "bad format");
}

/* Which struct fields each format uses; the rest must be zero. */
enum {
	ME_U_DST = 1 << 0, ME_U_A = 1 << 1, ME_U_B = 1 << 2, ME_U_IMM = 1 << 3,
	ME_U_COND = 1 << 4, ME_U_BIT = 1 << 5, ME_U_FIELD = 1 << 6,
	ME_U_LMI = 1 << 7, ME_U_LMOFF = 1 << 8, ME_U_SPACE = 1 << 9,
	ME_U_LEN = 1 << 10, ME_U_SIG = 1 << 11, ME_U_CSR = 1 << 12,
	ME_U_CMPIMM = 1 << 13,
};

static const unsigned me_format_uses[ME_FMT_COUNT] = {
	[ME_FMT_NONE] = 0,
	[ME_FMT_ALU] = ME_U_DST | ME_U_A | ME_U_B,
	[ME_FMT_UNARY] = ME_U_DST | ME_U_B,
	[ME_FMT_CMP] = ME_U_A | ME_U_B,
	[ME_FMT_IMMHI] = ME_U_DST | ME_U_IMM,
	[ME_FMT_EXT] = ME_U_DST | ME_U_A | ME_U_FIELD,
	[ME_FMT_INS] = ME_U_DST | ME_U_A | ME_U_B | ME_U_FIELD,
	[ME_FMT_BR] = ME_U_COND | ME_U_IMM,
	[ME_FMT_BRBIT] = ME_U_A | ME_U_BIT | ME_U_IMM,
	[ME_FMT_BRCMP] = ME_U_COND | ME_U_A | ME_U_B | ME_U_IMM,
	[ME_FMT_BRCMPI] = ME_U_COND | ME_U_A | ME_U_CMPIMM | ME_U_IMM,
	[ME_FMT_CALL] = ME_U_DST | ME_U_IMM,
	[ME_FMT_RET] = ME_U_A,
	[ME_FMT_WAIT] = ME_U_IMM,
	[ME_FMT_CSRRD] = ME_U_DST | ME_U_CSR,
	[ME_FMT_CSRWR] = ME_U_B | ME_U_CSR,
	[ME_FMT_LMLD] = ME_U_DST | ME_U_LMI | ME_U_LMOFF,
	[ME_FMT_LMST] = ME_U_B | ME_U_LMI | ME_U_LMOFF,
	[ME_FMT_LMSET] = ME_U_A | ME_U_B | ME_U_LMI,
	[ME_FMT_LMGET] = ME_U_DST | ME_U_LMI,
	[ME_FMT_MEM] = ME_U_DST | ME_U_A | ME_U_B | ME_U_SPACE | ME_U_LEN |
		       ME_U_SIG,
	[ME_FMT_IO] = ME_U_DST | ME_U_SIG,
	[ME_FMT_DMA] = ME_U_DST | ME_U_SPACE | ME_U_SIG,
};

static int me_chk_unused(struct me_chk *c)
{
	const struct me_insn *in = c->in;
	unsigned u = me_format_uses[c->info->format];
	int imm_used = (u & ME_U_IMM) || ((u & ME_U_B) && me_is_imm(in->srcb));
	const struct { unsigned bit; int nonzero; const char *what; } f[] = {
		{ ME_U_DST, in->dst.kind || in->dst.index, "destination" },
		{ ME_U_A, in->srca.kind || in->srca.index, "A operand" },
		{ ME_U_B, in->srcb.kind || in->srcb.index, "B operand" },
		{ ME_U_COND, in->cond != 0, "condition" },
		{ ME_U_BIT, in->bit != 0, "bit number" },
		{ ME_U_FIELD, in->pos || in->width, "bit field" },
		{ ME_U_LMI, in->lmi != 0, "LM index" },
		{ ME_U_LMOFF, in->lmoff != 0, "LM offset" },
		{ ME_U_SPACE, in->space != 0, "memory space" },
		{ ME_U_LEN, in->len != 0, "length" },
		{ ME_U_SIG, in->sig || in->swap, "signal" },
		{ ME_U_CSR, in->csr != 0, "CSR" },
		{ ME_U_CMPIMM, in->cmpimm != 0, "compare immediate" },
	};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (!(u & f[i].bit) && f[i].nonzero)
			return me_chk_fail(c, "%s is not used by this format but is set",
					   f[i].what);
	if (!imm_used && in->imm)
		return me_chk_fail(c, "immediate field is not used but is set");
	return 0;
}

int me_insn_check(const struct me_insn *insn, unsigned gprs,
		  char *err, size_t errlen)
{
	struct me_chk c = { .in = insn, .gprs = gprs, .err = err,
			    .errlen = errlen };

	c.info = me_opinfo((unsigned)insn->op);
	if (!c.info)
		return me_chk_fail(&c, "unknown opcode 0x%02x", (unsigned)insn->op);
	if (me_chk_unused(&c))
		return -1;
	return me_chk_format(&c) ? -1 : 0;
}

/* ---- packing ---- */

static uint64_t me_pack_opnd(struct me_operand o)
{
	return (uint64_t)((o.kind << ME_OPND_KIND_SHIFT) |
			  (o.index & ME_OPND_INDEX_MASK));
}

static struct me_operand me_unpack_opnd(uint64_t word, unsigned shift)
{
	unsigned byte = (unsigned)(word >> shift) & 0xff;

	return me_opnd(byte >> ME_OPND_KIND_SHIFT, byte & ME_OPND_INDEX_MASK);
}

static uint16_t me_pack_x(const struct me_insn *in, enum me_format fmt)
{
	unsigned sig = (unsigned)in->sig << ME_X_SIG_SHIFT |
		       (in->swap ? ME_X_SWAP_BIT : 0);

	switch (fmt) {
	case ME_FMT_BR:
	case ME_FMT_BRCMP: return in->cond;
	case ME_FMT_BRCMPI:
		return (uint16_t)(in->cond |
				  ((unsigned)in->cmpimm & 0xfff) << ME_X_CMPIMM_SHIFT);
	case ME_FMT_BRBIT: return in->bit;
	case ME_FMT_EXT:
	case ME_FMT_INS:
		return (uint16_t)(in->pos | (in->width - 1u) << ME_X_WIDTH_SHIFT);
	case ME_FMT_LMLD:
	case ME_FMT_LMST:
		return (uint16_t)(in->lmi |
				  ((unsigned)in->lmoff & 0xfff) << ME_X_LMOFF_SHIFT);
	case ME_FMT_LMSET:
	case ME_FMT_LMGET: return in->lmi;
	case ME_FMT_CSRRD:
	case ME_FMT_CSRWR: return in->csr;
	case ME_FMT_MEM:
		return (uint16_t)(in->space | (in->len - 1u) << ME_X_LEN_SHIFT | sig);
	case ME_FMT_IO: return (uint16_t)sig;
	case ME_FMT_DMA: return (uint16_t)(in->space | sig);
	default: return 0;
	}
}

static void me_unpack_x(struct me_insn *in, enum me_format fmt, unsigned x)
{
	if (fmt == ME_FMT_MEM || fmt == ME_FMT_IO || fmt == ME_FMT_DMA) {
		in->sig = (uint8_t)((x >> ME_X_SIG_SHIFT) & ME_X_SIG_MASK);
		in->swap = !!(x & ME_X_SWAP_BIT);
	}
	switch (fmt) {
	case ME_FMT_BR:
	case ME_FMT_BRCMP: in->cond = x & ME_X_COND_MASK; return;
	case ME_FMT_BRCMPI:
		in->cond = x & ME_X_COND_MASK;
		in->cmpimm = (int16_t)((int16_t)(uint16_t)x >> ME_X_CMPIMM_SHIFT);
		return;
	case ME_FMT_BRBIT: in->bit = x & ME_X_BIT_MASK; return;
	case ME_FMT_EXT:
	case ME_FMT_INS:
		in->pos = x & ME_X_POS_MASK;
		in->width = (uint8_t)(((x >> ME_X_WIDTH_SHIFT) & 0x1f) + 1);
		return;
	case ME_FMT_LMLD:
	case ME_FMT_LMST:
		in->lmi = x & ME_X_LMI_MASK;
		in->lmoff = (int16_t)((int16_t)(uint16_t)x >> ME_X_LMOFF_SHIFT);
		return;
	case ME_FMT_LMSET:
	case ME_FMT_LMGET: in->lmi = (uint8_t)x; return;
	case ME_FMT_CSRRD:
	case ME_FMT_CSRWR: in->csr = (uint16_t)x; return;
	case ME_FMT_MEM:
		in->space = x & ME_X_SPACE_MASK;
		in->len = (uint8_t)(((x >> ME_X_LEN_SHIFT) & ME_X_LEN_MASK) + 1);
		return;
	case ME_FMT_DMA: in->space = x & ME_X_SPACE_MASK; return;
	default: return;
	}
}

int me_encode(const struct me_insn *insn, uint64_t *word,
	      char *err, size_t errlen)
{
	const struct me_opinfo *info;

	if (me_insn_check(insn, ME_GPRS_MAX, err, errlen))
		return -1;
	info = me_opinfo((unsigned)insn->op);
	*word = (uint64_t)insn->op << ME_W_OP_SHIFT |
		me_pack_opnd(insn->dst) << ME_W_D_SHIFT |
		me_pack_opnd(insn->srca) << ME_W_A_SHIFT |
		me_pack_opnd(insn->srcb) << ME_W_B_SHIFT |
		(uint64_t)me_pack_x(insn, info->format) << ME_W_X_SHIFT |
		(uint64_t)insn->imm << ME_W_I_SHIFT;
	return 0;
}

int me_decode(uint64_t word, struct me_insn *insn, char *err, size_t errlen)
{
	unsigned opcode = (unsigned)(word >> ME_W_OP_SHIFT);
	const struct me_opinfo *info = me_opinfo(opcode);
	uint64_t again;

	memset(insn, 0, sizeof(*insn));
	if (!info) {
		snprintf(err, errlen, "unknown opcode 0x%02x", opcode);
		return -1;
	}
	insn->op = (enum me_opcode)opcode;
	insn->dst = me_unpack_opnd(word, ME_W_D_SHIFT);
	insn->srca = me_unpack_opnd(word, ME_W_A_SHIFT);
	insn->srcb = me_unpack_opnd(word, ME_W_B_SHIFT);
	insn->imm = (uint16_t)(word >> ME_W_I_SHIFT);
	me_unpack_x(insn, info->format, (unsigned)(word >> ME_W_X_SHIFT) & 0xffff);
	if (me_encode(insn, &again, err, errlen))
		return -1;
	if (again != word) {
		snprintf(err, errlen, "%s: reserved bits set (0x%016llx)",
			 info->mnemonic, (unsigned long long)(again ^ word));
		return -1;
	}
	return 0;
}
