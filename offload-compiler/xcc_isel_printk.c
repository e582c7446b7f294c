// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bpf_trace_printk on the card (docs/compiler.md, "Helpers on the card").
 * 6.1's helper checks the format with bpf_bprintf_prepare(), copying the
 * arguments (strings included) into 512 bytes of binary arguments, formats
 * it with bstr_printf() into the trace buffer and returns the formatted
 * length.  The card parses the format when the program is compiled: it must
 * be a constant string in a read-only map (.rodata, where bpf_printk() puts
 * it) or bytes that constant stores put on the program's stack (as programs
 * that build their format in a local array do; the kernel reads it at run
 * time, and the verifier asks only for readable memory).  The emitted code
 * computes the length from the arguments at run time and appends a record
 * of the call to the card log (include/xnic/card.h), which xnic-cc and the
 * guest driver format (xcc_trace_format()); a format from the stack is
 * copied into the record, since no card memory holds it.
 */
#include "xcc_priv.h"

#define XCC_T(k)	xcc_pa(XCC_TMP_FIRST + (k))
#define XCC_TB(k)	xcc_pb(XCC_TMP_FIRST + (k))

#define XCC_PK_ARGS		3	/* MAX_TRACE_PRINTK_VARARGS */
#define XCC_PK_BIN_ARGS		512	/* MAX_BPRINTF_BIN_ARGS */
#define XCC_PK_PTR_CHARS	16	/* a pointer: 16 hex digits, zero-padded */
#define XCC_PK_BUF		1024	/* MAX_BPRINTF_BUF, the text's buffer */
#define XCC_PK_EINVAL		22u
#define XCC_PK_ENOSPC		28u

enum xcc_pk_conv { XCC_PK_INT, XCC_PK_CHAR, XCC_PK_STR, XCC_PK_PTR, XCC_PK_IP };

struct xcc_pk_spec {
	u8 conv;	/* enum xcc_pk_conv */
	u8 size;	/* XCC_PK_INT: 4 (int) or 8 (long, long long) */
	u8 is_signed;	/* %d, %i */
	u8 plus;	/* flag '+' or ' ': a sign character for non-negative values */
	u8 hex;		/* %x, %X */
	u8 ip_size;	/* XCC_PK_IP: 4 or 16 address bytes */
	u8 ip_style;	/* XCC_PK_IP: 'i' (%pi4: leading zeros, %pi6: no colons) or 'I' */
	u32 width;
	u32 text_before;	/* characters of the format's text before the conversion */
};

struct xcc_pk_format {
	struct xcc_pk_spec spec[XCC_PK_ARGS];
	u32 n_spec;
	u32 text;	/* characters printed as they are ("%%" prints one) */
};

static struct xcc_mop xcc_lo(u8 r) { return xcc_er(r, 0); }
static struct xcc_mop xcc_hi(u8 r) { return xcc_er(r, 1); }

/* The kernel's ctype (lib/ctype.c) for ASCII; xcc_trace_isalnum() for all bytes. */
static int xcc_pk_space(u8 c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static int xcc_pk_print(u8 c) { return c >= 0x20 && c < 0x7f; }

/*
 * What may follow %s or %p: the end, a space or punctuation, which in the
 * kernel's Latin-1 ctype also takes 0xa0 to 0xbf and the signs 0xd7, 0xf7.
 */
static int xcc_pk_word_end(u8 c)
{
	if (c & 0x80)
		return c >= 0xa0 && !xcc_trace_isalnum(c);
	return c == 0 || xcc_pk_space(c) || (xcc_pk_print(c) && !xcc_trace_isalnum(c));
}

/*
 * %p and its variants at f[*i] == 'p', as bpf_bprintf_prepare() reads them:
 * plain %p and %px print 16 hex digits, %pi4 %pI4 %pi6 %pI6 the address
 * behind the pointer; the others read kernel memory or symbols, which the
 * card does not have.
 */
static int xcc_pk_pointer(const u8 *f, u32 *i, struct xcc_pk_spec *s, const char **why)
{
	u8 next = f[*i + 1];

	s->conv = XCC_PK_PTR;
	if (xcc_pk_word_end(next))
		return 0;
	if (next == 'x') {
		(*i)++;
		return 0;
	}
	if ((next == 'i' || next == 'I') && (f[*i + 2] == '4' || f[*i + 2] == '6')) {
		s->conv = XCC_PK_IP;
		s->ip_style = next;
		s->ip_size = f[*i + 2] == '4' ? 4 : 16;
		*i += 2;
		return 0;
	}
	if ((next == 'k' || next == 'u') && f[*i + 2] == 's')
		*why = "%pks and %pus read kernel or user memory";
	else if (next == 'K' || next == 's' || next == 'S' || next == 'B')
		*why = "%pK, %ps, %pS and %pB print kernel pointers and symbols";
	else
		return -(s32)XCC_PK_EINVAL;
	return 1;
}

/* The conversion at f[*i] after flags and width; 0, -EINVAL, or 1 with *why. */
static int xcc_pk_conversion(const u8 *f, u32 *i, struct xcc_pk_spec *s, const char **why)
{
	if (f[*i] == 'p')
		return xcc_pk_pointer(f, i, s, why);
	if (f[*i] == 's') {
		s->conv = XCC_PK_STR;
		return xcc_pk_word_end(f[*i + 1]) ? 0 : -(s32)XCC_PK_EINVAL;
	}
	if (f[*i] == 'c') {
		s->conv = XCC_PK_CHAR;
		return 0;
	}
	s->conv = XCC_PK_INT;
	s->size = 4;
	if (f[*i] == 'l') {
		s->size = 8;
		(*i)++;
	}
	if (f[*i] == 'l')
		(*i)++;
	s->is_signed = f[*i] == 'd' || f[*i] == 'i';
	s->hex = f[*i] == 'x' || f[*i] == 'X';
	if (!s->is_signed && !s->hex && f[*i] != 'u')
		return -(s32)XCC_PK_EINVAL;
	return 0;
}

/*
 * Parses the n bytes before the format's NUL as 6.1's bpf_bprintf_prepare()
 * does.  Returns 0, -EINVAL where the kernel's helper returns it, or 1 with
 * *why when the format is valid but the card cannot print it.
 */
static int xcc_pk_parse(const u8 *f, u32 n, struct xcc_pk_format *out, const char **why)
{
	u32 i;
	int r;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {
		struct xcc_pk_spec *s;

		if (!(f[i] & 0x80) && !xcc_pk_print(f[i]) && !xcc_pk_space(f[i]))
			return -(s32)XCC_PK_EINVAL;
		if (f[i] != '%' || f[i + 1] == '%') {
			i += f[i] == '%';
			out->text++;
			continue;
		}
		if (out->n_spec == XCC_PK_ARGS || (f[++i] & 0x80))
			return -(s32)XCC_PK_EINVAL;
		s = &out->spec[out->n_spec++];
		s->text_before = out->text;
		for (; f[i] == '0' || f[i] == '+' || f[i] == '-' || f[i] == ' '; i++)
			s->plus |= f[i] == '+' || f[i] == ' ';
		for (; f[i] >= '0' && f[i] <= '9' && s->width < 100000; i++)
			s->width = 10 * s->width + (u32)(f[i] - '0');
		r = xcc_pk_conversion(f, &i, s, why);
		if (r)
			return r;
		if (s->conv == XCC_PK_PTR && s->width) {
			*why = "a width on %p (the card's addresses are not the kernel's)";
			return 1;
		}
		/*
		 * The kernel checks them as text, but bstr_printf() skips every
		 * letter and digit after the p ("%pI4c" prints no c), as a
		 * format's modifiers it already applied (%pI6c is not compressed).
		 */
		if (s->conv == XCC_PK_PTR || s->conv == XCC_PK_IP)
			while (xcc_trace_isalnum(f[i + 1]))
				i++;
	}
	return 0;
}

/* len += max(n, width), n in a register. */
static void xcc_pk_add_width(struct xcc_prog *prog, struct xcc_mop n, u32 width)
{
	u32 wide = xcc_mc_new_label(prog);

	if (width) {
		xcc_mc_cmp(prog, ME_OP_CMP, n, xcc_k(prog, width));
		xcc_mc_br(prog, ME_COND_HS, wide);
		xcc_mc_mov32(prog, n, width);
		xcc_mc_label(prog, wide);
	}
	xcc_mc_alu(prog, ME_OP_ADD, XCC_TB(5), XCC_TB(5), n);
}

/*
 * The binary arguments' bytes so far: known when compiling until a %s or
 * an address, whose length the string or the room decides; T(5) holds
 * them from then on.
 */
struct xcc_pk_bin {
	u32 bytes;
	u8 known;
};

/* T(5) = the bytes so far, before code that reads or moves it. */
static void xcc_pk_bin_reg(struct xcc_prog *prog, struct xcc_pk_bin *bin)
{
	if (!bin->known)
		return;
	xcc_mc_mov32(prog, XCC_T(5), bin->bytes);
	bin->known = 0;
}

/* Binary argument bytes: aligned to 4, then size more, or -ENOSPC. */
static void xcc_pk_bin_arg(struct xcc_prog *prog, struct xcc_pk_bin *bin, u32 size, int align,
			   u32 enospc)
{
	if (bin->known) {
		if (align)
			bin->bytes = (bin->bytes + 3) & ~3u;
		if (bin->bytes > XCC_PK_BIN_ARGS - size)
			xcc_mc_br(prog, ME_COND_AL, enospc);
		bin->bytes += size;
		return;
	}
	if (align) {
		xcc_mc_alu(prog, ME_OP_ADD, XCC_T(5), XCC_T(5), xcc_k(prog, 3));
		xcc_mc_alu(prog, ME_OP_AND, XCC_T(5), XCC_T(5), xcc_k(prog, ~3u));
	}
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(5), xcc_k(prog, XCC_PK_BIN_ARGS - size));
	xcc_mc_br(prog, ME_COND_HI, enospc);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(5), XCC_T(5), xcc_k(prog, size));
}

/*
 * The code below is a routine of the image (routine 1: its entry label,
 * ret a30 for its exits) when the image has several printk calls, else
 * inline (an exit branches to done, -1: falls through).
 */
static void xcc_pk_entry(struct xcc_prog *prog, int routine, u32 r)
{
	if (routine)
		xcc_mc_label(prog, prog->label_pk[r]);
}

static void xcc_pk_leave(struct xcc_prog *prog, int routine, s32 done)
{
	if (routine)
		xcc_mc_ret(prog, XCC_REG_LINK_RT);
	else if (done >= 0)
		xcc_mc_br(prog, ME_COND_AL, (u32)done);
}

static void xcc_pk_call(struct xcc_prog *prog, u32 r);

/*
 * The decimal routine's sign, when some call passes it a signed value
 * (prog->pk_signed): with bit 1 of T(4) set, TB(0):T(0) is signed (a
 * 32-bit value sign-extended), and a negative value becomes its magnitude
 * with a '-'; bit 0 is the '+' or ' ' flag.  The calls then pass the value
 * and two bits instead of negating it each.  Without 64-bit values the
 * magnitude fits the low word (2^31 at most).
 */
static void xcc_pk_dec_sign(struct xcc_prog *prog)
{
	u32 go = xcc_mc_new_label(prog);
	struct xcc_mop vlo = XCC_T(0), vhi = XCC_TB(0);

	if (!prog->pk_signed)
		return;
	xcc_mc_cmp(prog, ME_OP_TST, XCC_T(4), xcc_k(prog, 2));	/* peep: br_bclr */
	xcc_mc_br(prog, ME_COND_EQ, go);
	xcc_mc_alu(prog, ME_OP_AND, XCC_T(4), XCC_T(4), xcc_k(prog, 1));
	xcc_mc_cmp(prog, ME_OP_CMP, vhi, xcc_k(prog, 0));	/* peep: br_bclr vhi, #31 */
	xcc_mc_br(prog, ME_COND_PL, go);
	xcc_mc_un(prog, ME_OP_NOT, vlo, vlo);
	xcc_mc_alu(prog, ME_OP_ADD, vlo, vlo, xcc_k(prog, 1));
	if (prog->pk_signed > 1) {
		xcc_mc_un(prog, ME_OP_NOT, vhi, vhi);
		xcc_mc_alu(prog, ME_OP_ADDC, vhi, vhi, xcc_k(prog, 0));
	} else {
		xcc_mc_mov32(prog, vhi, 0);
	}
	xcc_mc_mov32(prog, XCC_T(4), 1);
	xcc_mc_label(prog, go);
}

/*
 * T(2) = the sign's characters (T(4)) + decimal digits of TB(0):T(0),
 * 1..20: compares with 10, 100, ... (the power's words in the banks
 * opposite the value's, as the bank rule wants for cmp and cmpb).  The
 * count stops at 20, where 10^20 would not fit: with a sign the value is
 * at most 2^63, whose 19 digits end the loop there too.
 */
static void xcc_pk_dec_digits(struct xcc_prog *prog, int routine)
{
	u32 loop = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);
	struct xcc_mop vlo = XCC_T(0), vhi = XCC_TB(0), plo = XCC_TB(1), phi = XCC_T(1);

	xcc_pk_entry(prog, routine, XCC_PK_RT_DEC);
	if (routine)
		xcc_pk_dec_sign(prog);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(2), XCC_T(4), xcc_k(prog, 1));
	xcc_mc_mov32(prog, plo, 10);
	xcc_mc_mov32(prog, phi, 0);
	xcc_mc_label(prog, loop);
	xcc_mc_cmp(prog, ME_OP_CMP, vlo, plo);
	xcc_mc_cmp(prog, ME_OP_CMPB, vhi, phi);
	xcc_mc_br(prog, ME_COND_LO, done);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(2), XCC_T(2), xcc_k(prog, 1));
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(2), xcc_k(prog, 20));
	xcc_mc_br(prog, ME_COND_EQ, done);
	xcc_mc_alu(prog, ME_OP_MULHU, XCC_TB(2), plo, xcc_k(prog, 10));
	xcc_mc_alu(prog, ME_OP_MUL, plo, plo, xcc_k(prog, 10));
	xcc_mc_alu(prog, ME_OP_MUL, phi, phi, xcc_k(prog, 10));
	xcc_mc_alu(prog, ME_OP_ADD, phi, phi, XCC_TB(2));
	xcc_mc_br(prog, ME_COND_AL, loop);
	xcc_mc_label(prog, done);
	xcc_pk_leave(prog, routine, -1);
}

/* T(2) = hex digits of TB(0):T(0), 1..16: shifts by 4 until nothing is left. */
static void xcc_pk_hex_digits(struct xcc_prog *prog, int routine)
{
	u32 loop = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);
	struct xcc_mop vlo = XCC_T(0), vhi = XCC_TB(0);

	xcc_pk_entry(prog, routine, XCC_PK_RT_HEX);
	xcc_mc_mov32(prog, XCC_T(2), 1);
	xcc_mc_label(prog, loop);
	xcc_mc_alu(prog, ME_OP_SHR, vlo, vlo, xcc_k(prog, 4));
	xcc_mc_alu(prog, ME_OP_SHL, XCC_T(3), vhi, xcc_k(prog, 28));
	xcc_mc_alu(prog, ME_OP_OR, vlo, vlo, XCC_T(3));
	xcc_mc_alu(prog, ME_OP_SHR, vhi, vhi, xcc_k(prog, 4));
	xcc_mc_alu(prog, ME_OP_OR, XCC_T(3), vlo, vhi);
	xcc_mc_br(prog, ME_COND_EQ, done);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(2), XCC_T(2), xcc_k(prog, 1));
	xcc_mc_br(prog, ME_COND_AL, loop);
	xcc_mc_label(prog, done);
	xcc_pk_leave(prog, routine, -1);
}

/*
 * The value of an integer argument in TB(0):T(0), its sign character in
 * T(4); a signed one for the decimal routine sign-extended, with T(4)'s
 * bits for xcc_pk_dec_sign().
 */
static void xcc_pk_int_value(struct xcc_prog *prog, const struct xcc_pk_spec *s, u8 reg)
{
	u32 nonneg = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);
	struct xcc_mop vlo = XCC_T(0), vhi = XCC_TB(0), top = s->size == 8 ? vhi : vlo;
	/*
	 * One signed call would not pay for the routine's sign code; the
	 * share survey, which counts them, compiles every body as if more came.
	 */
	int to_routine = s->is_signed && prog->n_printk >= 2 &&
			 (prog->surveying || prog->pk_signed_calls >= 2);

	if (prog->surveying && s->is_signed)
		prog->pk_signed_calls++;

	xcc_mc_un(prog, ME_OP_MOV, vlo, xcc_lo(reg));
	if (s->size == 8)
		xcc_mc_un(prog, ME_OP_MOV, vhi, xcc_hi(reg));
	else if (to_routine)
		xcc_mc_alu(prog, ME_OP_ASR, vhi, vlo, xcc_k(prog, 31));
	else
		xcc_mc_mov32(prog, vhi, 0);
	xcc_mc_mov32(prog, XCC_T(4), to_routine ? 2u | s->plus : 0);
	if (to_routine && !prog->surveying && prog->pk_signed < (s->size == 8 ? 2 : 1))
		prog->pk_signed = s->size == 8 ? 2 : 1;
	if (!s->is_signed || to_routine)
		return;
	xcc_mc_cmp(prog, ME_OP_CMP, top, xcc_k(prog, 0));	/* peep: br_bclr top, #31 */
	xcc_mc_br(prog, ME_COND_PL, nonneg);
	/* negative: the digits of -v, and '-' */
	xcc_mc_un(prog, ME_OP_NOT, vlo, vlo);
	xcc_mc_alu(prog, ME_OP_ADD, vlo, vlo, xcc_k(prog, 1));
	if (s->size == 8) {
		xcc_mc_un(prog, ME_OP_NOT, vhi, vhi);
		xcc_mc_alu(prog, ME_OP_ADDC, vhi, vhi, xcc_k(prog, 0));
	}
	xcc_mc_mov32(prog, XCC_T(4), 1);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_mc_label(prog, nonneg);
	if (s->plus)
		xcc_mc_mov32(prog, XCC_T(4), 1);
	xcc_mc_label(prog, done);
}

static void xcc_pk_int(struct xcc_prog *prog, const struct xcc_pk_spec *s, u8 reg,
		       struct xcc_pk_bin *bin, u32 enospc)
{
	xcc_pk_bin_arg(prog, bin, s->size, 1, enospc);
	xcc_pk_int_value(prog, s, reg);
	xcc_pk_call(prog, s->hex ? XCC_PK_RT_HEX : XCC_PK_RT_DEC);	/* hex: unsigned, no sign */
	xcc_pk_add_width(prog, XCC_T(2), s->width);
}

/*
 * %s: the kernel copies the string into what is left of the binary
 * arguments (strncpy_from_kernel_nofault: at most left - 1 characters and
 * a NUL); the card copies it into the log record's string area at TB(3)
 * (0: not logged).  A scalar is an address the kernel cannot read: an
 * empty string.
 */
static void xcc_pk_str(struct xcc_prog *prog, u8 type, u8 reg, u32 width, u32 enospc)
{
	u32 loop = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);
	u32 nolog = xcc_mc_new_label(prog);
	struct xcc_mop p = XCC_T(0), n = XCC_T(2), cap = XCC_TB(0), c = XCC_TB(1);

	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(5), xcc_k(prog, XCC_PK_BIN_ARGS));
	xcc_mc_br(prog, ME_COND_HS, enospc);	/* past the end after a cut address */
	xcc_mc_mov32(prog, n, 0);
	if (type != XCC_T_SCALAR) {
		xcc_mc_mov32(prog, cap, XCC_PK_BIN_ARGS - 1);
		xcc_mc_alu(prog, ME_OP_SUB, cap, cap, XCC_T(5));
		xcc_mc_un(prog, ME_OP_MOV, p, xcc_lo(reg));
		xcc_mc_label(prog, loop);
		xcc_mc_cmp(prog, ME_OP_CMP, n, cap);
		xcc_mc_br(prog, ME_COND_HS, done);
		xcc_hl_move(prog, type, 1, 0, c, p);
		xcc_mc_alu(prog, ME_OP_AND, c, c, xcc_k(prog, 0xff));
		xcc_mc_br(prog, ME_COND_EQ, done);
		xcc_mc_cmp(prog, ME_OP_CMP, XCC_TB(3), xcc_k(prog, 0));
		xcc_mc_br(prog, ME_COND_EQ, nolog);
		xcc_hl_move(prog, XCC_T_MAP_VALUE, 1, 1, c, XCC_TB(3));
		xcc_mc_alu(prog, ME_OP_ADD, XCC_TB(3), XCC_TB(3), xcc_k(prog, 1));
		xcc_mc_label(prog, nolog);
		xcc_mc_alu(prog, ME_OP_ADD, p, p, xcc_k(prog, 1));
		xcc_mc_alu(prog, ME_OP_ADD, n, n, xcc_k(prog, 1));
		xcc_mc_br(prog, ME_COND_AL, loop);
		xcc_mc_label(prog, done);
	}
	/* the NUL, then what the kernel counts: the string and its NUL */
	nolog = xcc_mc_new_label(prog);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_TB(3), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_EQ, nolog);
	xcc_hl_move(prog, XCC_T_MAP_VALUE, 1, 1, xcc_k(prog, 0), XCC_TB(3));
	xcc_mc_alu(prog, ME_OP_ADD, XCC_TB(3), XCC_TB(3), xcc_k(prog, 1));
	xcc_mc_label(prog, nolog);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(5), XCC_T(5), n);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(5), XCC_T(5), xcc_k(prog, 1));
	xcc_pk_add_width(prog, n, width);
}

/*
 * T(2) += the digits of each byte of w beyond its first (%pI4 prints no
 * leading zeros); w is consumed.
 */
static void xcc_pk_ip4_digits(struct xcc_prog *prog, struct xcc_mop w)
{
	u32 loop = xcc_mc_new_label(prog), next = xcc_mc_new_label(prog);
	struct xcc_mop b = XCC_T(3), left = XCC_T(4);

	xcc_mc_mov32(prog, left, 4);
	xcc_mc_label(prog, loop);
	xcc_mc_alu(prog, ME_OP_AND, b, w, xcc_k(prog, 0xff));
	xcc_mc_alu(prog, ME_OP_SHR, w, w, xcc_k(prog, 8));
	xcc_mc_cmp(prog, ME_OP_CMP, b, xcc_k(prog, 10));
	xcc_mc_br(prog, ME_COND_LO, next);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(2), XCC_T(2), xcc_k(prog, 1));
	xcc_mc_cmp(prog, ME_OP_CMP, b, xcc_k(prog, 100));
	xcc_mc_br(prog, ME_COND_LO, next);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(2), XCC_T(2), xcc_k(prog, 1));
	xcc_mc_label(prog, next);
	xcc_mc_alu(prog, ME_OP_SUB, left, left, xcc_k(prog, 1));
	xcc_mc_br(prog, ME_COND_NE, loop);
}

/* Where an address is, for its routine: the stack, a map value, the packet, or a scalar. */
static const u8 xcc_pk_ip_types[4] = { XCC_T_STACK, XCC_T_MAP_VALUE, XCC_T_PKT, XCC_T_SCALAR };

static u32 xcc_pk_ip_routine(u8 type, const struct xcc_pk_spec *s)
{
	u32 where = type == XCC_T_STACK ? 0 : type == XCC_T_MAP_VALUE ? 1 :
		    type == XCC_T_SCALAR ? 3 : 2;

	return XCC_PK_RT_IP + 2 * where + (s->ip_size == 4 && s->ip_style == 'I');
}

/*
 * Routine r (XCC_PK_RT_IP...): the T(1) words of the address at T(0), a
 * word at a time, into the record's strings at TB(3) (0: not logged); a
 * scalar is an address the kernel cannot read (copy_from_kernel_nofault()
 * fails): zeros.  For %pI4, T(2) += the digits its bytes add.  Then, as
 * snprintf() cuts the text (T(2) characters) to what is left of the
 * binary arguments (T(5)): T(5) += the whole text and its NUL, T(2) =
 * the length kept.
 */
static void xcc_pk_ip_bytes(struct xcc_prog *prog, u32 r, int routine)
{
	u32 loop = xcc_mc_new_label(prog), nolog = xcc_mc_new_label(prog);
	u32 fits = xcc_mc_new_label(prog);
	struct xcc_mop p = XCC_T(0), words = XCC_T(1), w = XCC_TB(1);
	struct xcc_mop n = XCC_T(2), room = XCC_TB(0);
	u8 type = xcc_pk_ip_types[(r - XCC_PK_RT_IP) / 2];

	xcc_pk_entry(prog, routine, r);
	xcc_mc_label(prog, loop);
	if (type == XCC_T_SCALAR)
		xcc_mc_mov32(prog, w, 0);
	else
		xcc_hl_move(prog, type, 4, 0, w, p);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_TB(3), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_EQ, nolog);
	xcc_hl_move(prog, XCC_T_MAP_VALUE, 4, 1, w, XCC_TB(3));
	xcc_mc_alu(prog, ME_OP_ADD, XCC_TB(3), XCC_TB(3), xcc_k(prog, 4));
	xcc_mc_label(prog, nolog);
	if ((r - XCC_PK_RT_IP) & 1)
		xcc_pk_ip4_digits(prog, w);
	xcc_mc_alu(prog, ME_OP_ADD, p, p, xcc_k(prog, 4));
	xcc_mc_alu(prog, ME_OP_SUB, words, words, xcc_k(prog, 1));
	xcc_mc_br(prog, ME_COND_NE, loop);
	xcc_mc_mov32(prog, room, XCC_PK_BIN_ARGS - 1);
	xcc_mc_alu(prog, ME_OP_SUB, room, room, XCC_T(5));
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(5), XCC_T(5), n);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(5), XCC_T(5), xcc_k(prog, 1));
	xcc_mc_cmp(prog, ME_OP_CMP, n, room);
	xcc_mc_br(prog, ME_COND_LS, fits);
	xcc_mc_un(prog, ME_OP_MOV, n, room);
	xcc_mc_label(prog, fits);
	xcc_pk_leave(prog, routine, -1);
}

/* The text's length: %pI4 at least "0.0.0.0", %pi4 "000.000.000.000", %pI6 39, %pi6 32. */
static u32 xcc_pk_ip_chars(const struct xcc_pk_spec *s)
{
	if (s->ip_size == 4)
		return s->ip_style == 'I' ? 7 : 15;
	return s->ip_style == 'I' ? 39 : 32;
}

/*
 * %pi4 %pI4 %pi6 %pI6, argument k: 6.1's bpf_bprintf_prepare() wants the
 * address's 4 or 16 bytes of the binary arguments left (else -ENOSPC),
 * copies them and puts their text there with snprintf(), cut to what is
 * left, moving on by the whole text and its NUL; bstr_printf() prints the
 * text without a width, and not at all once its 1024-byte buffer is full
 * (text_after: the format's text after the conversion, already in TB(5)).
 * The record gets the bytes and, as argument k, the length kept.
 */
static XCC_NOINLINE void xcc_pk_ip(struct xcc_prog *prog, const struct xcc_pk_spec *s, u8 type,
				   u32 k, u32 text_after, struct xcc_pk_bin *bin, u32 enospc)
{
	u32 nolog = xcc_mc_new_label(prog), full = xcc_mc_new_label(prog);
	struct xcc_mop n = XCC_T(2);

	if (bin->known) {
		if (bin->bytes > XCC_PK_BIN_ARGS - (u32)s->ip_size)
			xcc_mc_br(prog, ME_COND_AL, enospc);
		xcc_pk_bin_reg(prog, bin);
	} else {
		xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(5), xcc_k(prog, XCC_PK_BIN_ARGS - s->ip_size));
		xcc_mc_br(prog, ME_COND_HI, enospc);
	}
	xcc_mc_un(prog, ME_OP_MOV, XCC_T(0), xcc_lo((u8)(3 + k)));
	xcc_mc_mov32(prog, XCC_T(1), s->ip_size / 4);
	xcc_mc_mov32(prog, n, xcc_pk_ip_chars(s));
	xcc_pk_call(prog, xcc_pk_ip_routine(type, s));
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_TB(4), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_EQ, nolog);
	xcc_mc_un(prog, ME_OP_MOV, xcc_xw(0), n);
	xcc_mc_mov32(prog, xcc_xw(1), 0);
	xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_EMEM, 0, XCC_TB(4),
		   xcc_k(prog, XNIC_LOG_TRACE_ARGS + 8 * k), 8);
	xcc_mc_label(prog, nolog);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_TB(5), xcc_k(prog, XCC_PK_BUF + text_after));
	xcc_mc_br(prog, ME_COND_HS, full);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_TB(5), XCC_TB(5), n);
	xcc_mc_label(prog, full);
}

/*
 * The format's bytes at the record's end, and their address into the
 * record's format word: TB(4) is the record, at is the offset.
 */
static void xcc_pk_log_format(struct xcc_prog *prog, const u8 *fmt, u32 fmt_size, u32 at)
{
	u32 off, w;

	for (off = 0; off < fmt_size; off += ME_MEM_LEN_MAX) {
		u32 len = fmt_size - off < ME_MEM_LEN_MAX ? fmt_size - off : ME_MEM_LEN_MAX;

		for (w = 0; 4 * w < len; w++) {
			u32 word = 0, b;

			for (b = 0; b < 4 && off + 4 * w + b < fmt_size; b++)
				word |= (u32)fmt[off + 4 * w + b] << (8 * b);
			xcc_mc_mov32(prog, xcc_xw((u8)w), word);
		}
		xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_EMEM, 0, XCC_TB(4),
			   xcc_k(prog, at + off), (u8)len);
	}
	xcc_mc_alu(prog, ME_OP_ADD, xcc_xw(0), XCC_TB(4), xcc_k(prog, at));
	xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_EMEM, 0, XCC_TB(4),
		   xcc_k(prog, XNIC_LOG_TRACE_FMT), 4);
}

/*
 * Takes T(0) bytes of the log for a record (TB(4) its address, 0 when the
 * log is full) and writes its header, with T(1) as the format's address,
 * and the arguments R3-R5; TB(3) = the record's strings (0 when full).
 */
static void xcc_pk_log_routine(struct xcc_prog *prog, int routine)
{
	u32 full = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);
	u8 k;

	xcc_pk_entry(prog, routine, XCC_PK_RT_OPEN);
	xcc_mc_mov32(prog, XCC_TB(4), XNIC_EMEM_LOG);
	xcc_mc_un(prog, ME_OP_MOV, xcc_xw(0), XCC_T(0));
	xcc_mc_mem(prog, ME_OP_MEM_ADD, ME_SPACE_EMEM, 0, XCC_TB(4), xcc_k(prog, XNIC_LOG_HEAD), 4);
	xcc_mc_un(prog, ME_OP_MOV, XCC_TB(3), xcc_xr(0));
	xcc_mc_mov32(prog, XCC_TB(2), XNIC_LOG_SIZE - XNIC_LOG_RECORDS);
	xcc_mc_alu(prog, ME_OP_SUB, XCC_T(2), XCC_TB(2), XCC_T(0));
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_TB(3), XCC_T(2));
	xcc_mc_br(prog, ME_COND_HI, full);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_TB(4), XCC_TB(3),
		   xcc_k(prog, XNIC_EMEM_LOG + XNIC_LOG_RECORDS));
	xcc_mc_un(prog, ME_OP_MOV, xcc_xw(0), XCC_T(0));
	xcc_mc_mov32(prog, xcc_xw(1), 0);
	xcc_mc_un(prog, ME_OP_MOV, xcc_xw(2), XCC_T(1));
	xcc_mc_mov32(prog, xcc_xw(3), 0);
	for (k = 0; k < XCC_PK_ARGS; k++) {
		xcc_mc_un(prog, ME_OP_MOV, xcc_xw((u8)(4 + 2 * k)), xcc_lo((u8)(3 + k)));
		xcc_mc_un(prog, ME_OP_MOV, xcc_xw((u8)(5 + 2 * k)), xcc_hi((u8)(3 + k)));
	}
	xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_EMEM, 0, XCC_TB(4), xcc_k(prog, 0),
		   XNIC_LOG_TRACE_STRS);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_TB(3), XCC_TB(4), xcc_k(prog, XNIC_LOG_TRACE_STRS));
	xcc_pk_leave(prog, routine, (s32)done);
	xcc_mc_label(prog, full);
	xcc_mc_mov32(prog, XCC_TB(4), XNIC_EMEM_LOG);
	xcc_mc_mov32(prog, xcc_xw(0), 1);
	xcc_mc_mem(prog, ME_OP_MEM_ADD, ME_SPACE_EMEM, 0, XCC_TB(4), xcc_k(prog, XNIC_LOG_LOST), 4);
	xcc_mc_mov32(prog, XCC_TB(4), 0);
	xcc_mc_mov32(prog, XCC_TB(3), 0);
	xcc_pk_leave(prog, routine, -1);
	xcc_mc_label(prog, done);
}

/* The code of printk routine r, as a routine or inline. */
static void xcc_pk_routine(struct xcc_prog *prog, u32 r, int routine)
{
	if (r == XCC_PK_RT_DEC)
		xcc_pk_dec_digits(prog, routine);
	else if (r == XCC_PK_RT_HEX)
		xcc_pk_hex_digits(prog, routine);
	else if (r == XCC_PK_RT_OPEN)
		xcc_pk_log_routine(prog, routine);
	else
		xcc_pk_ip_bytes(prog, r, routine);
}

/*
 * Printk routine r: a call when the image has several printk calls (the
 * routine is emitted after the program), else its code inline.
 */
static void xcc_pk_call(struct xcc_prog *prog, u32 r)
{
	if (prog->n_printk < 2) {
		xcc_pk_routine(prog, r, 0);
		return;
	}
	if (!prog->label_pk[r])
		prog->label_pk[r] = xcc_mc_new_label(prog);
	xcc_mc_call(prog, XCC_REG_LINK_RT, prog->label_pk[r]);
}

/*
 * Takes size bytes of the log for a record with the code above; fmt, when not NULL, is a format of fmt_size bytes (NUL included) to
 * copy to the record's last bytes, the record's format word then
 * pointing there instead of fmt_addr.
 */
static void xcc_pk_log_open(struct xcc_prog *prog, u32 fmt_addr, u32 size, const u8 *fmt,
			    u32 fmt_size)
{
	u32 full = xcc_mc_new_label(prog), fmt_at = size;

	if (fmt)
		size += (fmt_size + 7) & ~7u;
	xcc_mc_mov32(prog, XCC_T(0), size);
	xcc_mc_mov32(prog, XCC_T(1), fmt_addr);
	xcc_pk_call(prog, XCC_PK_RT_OPEN);
	if (!fmt)
		return;
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_TB(4), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_EQ, full);
	xcc_pk_log_format(prog, fmt, fmt_size, fmt_at);
	xcc_mc_label(prog, full);
}

/* The call completed: the record becomes a trace record. */
static void xcc_pk_log_close(struct xcc_prog *prog)
{
	u32 nolog = xcc_mc_new_label(prog);

	xcc_mc_cmp(prog, ME_OP_CMP, XCC_TB(4), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_EQ, nolog);
	xcc_mc_mov32(prog, xcc_xw(0), XNIC_LOG_TRACE);
	xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_EMEM, 0, XCC_TB(4), xcc_k(prog, XNIC_LOG_REC_TYPE),
		   4);
	xcc_mc_label(prog, nolog);
}

static u8 xcc_pk_arg_type(const struct xcc_insn_meta *m, u32 k)
{
	return k == 0 ? m->mem.type : m->arg45_type[k - 1];
}

/* The value a store instruction writes, when absint knows it. */
static int xcc_pk_store_value(const struct xcc_insn_meta *s, u64 *v)
{
	if (BPF_CLASS(s->insn.code) == BPF_ST) {
		*v = (u64)(s64)s->insn.imm;
		return 0;
	}
	if (s->src.type != XCC_T_SCALAR || !xcc_range_is_const(s->src.r))
		return -1;
	*v = s->src.r.umin;
	return 0;
}

/*
 * A format on the program's own stack at the constant offset base, size
 * bytes: each byte must come from a store of a constant (BPF_ST, or BPF_STX
 * of a register absint knows) at a constant offset of the same frame in
 * the call's basic block, the latest such store before the call, with no
 * call, atomic, or store at an offset absint does not know in between
 * (each might write the bytes otherwise).  Fills buf; 0 when every byte
 * is known.
 */
static int xcc_pk_stack_bytes(struct xcc_prog *prog, u32 i, s32 base, u8 *buf, u8 *known,
			      u32 size)
{
	u32 first = prog->bbs[prog->meta[i].bb].first, left = size, j, b;

	for (j = i; left && j-- > first;) {
		const struct xcc_insn_meta *s = &prog->meta[j];
		u8 cls = BPF_CLASS(s->insn.code);
		u32 n = xcc_size_bytes(&s->insn);
		u64 v;
		s32 at;

		if (cls == BPF_JMP && BPF_OP(s->insn.code) == BPF_CALL)
			return -1;
		if ((cls != BPF_ST && cls != BPF_STX) || s->mem.type != XCC_T_STACK)
			continue;
		if (BPF_MODE(s->insn.code) != BPF_MEM || s->mem.frame ||
		    !xcc_range_is_const(s->mem.r))
			return -1;
		at = (s32)s->mem.r.smin;
		for (b = 0; b < n; b++) {
			s64 k = (s64)at + b - base;

			if (k < 0 || k >= size || known[k])
				continue;
			if (xcc_pk_store_value(s, &v))
				return -1;
			buf[k] = (u8)(v >> (8 * b));
			known[k] = 1;
			left--;
		}
	}
	return left ? -1 : 0;
}

/* A format on the stack (xcc_pk_stack_bytes), in memory *owned for the caller to free. */
static const u8 *xcc_pk_stack_format(struct xcc_prog *prog, u32 i, u32 *len, u8 **owned)
{
	const struct xcc_insn_meta *m = &prog->meta[i];
	u32 size, n = 0;
	u8 *buf, *known;

	if (m->dst.frame || !xcc_range_is_const(m->dst.r) || m->src.type != XCC_T_SCALAR ||
	    !xcc_range_is_const(m->src.r) || m->src.r.umin == 0 ||
	    m->src.r.umin > XCC_STACK_SIZE || m->dst.r.smin + (s64)m->src.r.umin > 0)
		return NULL;
	size = (u32)m->src.r.umin;
	buf = xcc_zalloc(prog, 2 * size);
	if (!buf)
		return NULL;
	*owned = buf;
	known = buf + size;
	if (xcc_pk_stack_bytes(prog, i, (s32)m->dst.r.smin, buf, known, size))
		return NULL;
	while (n < size && buf[n])
		n++;
	*len = n < size ? n : (u32)-1;	/* no NUL within fmt_size: -EINVAL */
	return buf;
}

/*
 * The format r1 points to, when it is a constant: a .rodata map's initial
 * bytes (*addr their card address), or constant bytes on the stack (*addr 0:
 * the record carries them).
 */
static const u8 *xcc_pk_format(struct xcc_prog *prog, u32 i, u32 *len, u32 *addr, u8 **owned)
{
	const struct xcc_insn_meta *m = &prog->meta[i];
	u32 off = (u32)m->dst.r.umin, n = 0, size, name_len = 0;
	const struct xcc_map_desc *d;

	*addr = 0;
	if (m->dst.type == XCC_T_STACK)
		return xcc_pk_stack_format(prog, i, len, owned);
	if (m->dst.type != XCC_T_MAP_VALUE || !xcc_range_is_const(m->dst.r) ||
	    m->dst.id >= prog->n_maps)
		return NULL;
	d = &prog->maps[m->dst.id];
	while (name_len < sizeof(d->name) && d->name[name_len])
		name_len++;
	if (!d->initial || name_len < 7 || strcmp(d->name + name_len - 7, ".rodata") ||
	    off >= d->initial_size || m->src.type != XCC_T_SCALAR || !xcc_range_is_const(m->src.r))
		return NULL;
	size = (u32)m->src.r.umin;
	if (size > d->initial_size - off)
		size = d->initial_size - off;
	while (n < size && ((const u8 *)d->initial)[off + n])
		n++;
	*len = n < size ? n : (u32)-1;	/* no NUL within fmt_size: -EINVAL */
	*addr = prog->layout[m->dst.id].addr + off;
	return (const u8 *)d->initial + off;
}

static int xcc_pk_refuse(struct xcc_prog *prog, u32 i, const char *why)
{
	xcc_fail(prog, XCC_E_UNSUPPORTED, i, "bpf_trace_printk: %s", why);
	return -1;
}

/*
 * The arguments' kinds: a %s string or a %pI4 address must be memory the
 * card reads, or a scalar (an address the kernel cannot read either).
 */
static int xcc_pk_check_args(struct xcc_prog *prog, u32 i, const struct xcc_pk_format *f)
{
	u32 k;

	for (k = 0; k < f->n_spec; k++) {
		u8 conv = f->spec[k].conv, t = xcc_pk_arg_type(&prog->meta[i], k);

		if ((conv == XCC_PK_STR || conv == XCC_PK_IP) && t != XCC_T_SCALAR &&
		    t != XCC_T_STACK && t != XCC_T_MAP_VALUE && t != XCC_T_PKT &&
		    t != XCC_T_PKT_META) {
			xcc_fail(prog, XCC_E_UNSUPPORTED, i, "bpf_trace_printk: the %s in r%u "
				 "must be on the stack, in a map value or in the packet",
				 conv == XCC_PK_STR ? "string of %s" : "address of %pI4/%pI6", 3 + k);
			return -1;
		}
	}
	return 0;
}

static void xcc_pk_specs(struct xcc_prog *prog, u32 i, const struct xcc_pk_format *f,
			 u32 enospc)
{
	struct xcc_pk_bin bin = { .bytes = 0, .known = 1 };
	u32 k;

	for (k = 0; k < f->n_spec; k++) {
		const struct xcc_pk_spec *s = &f->spec[k];

		switch (s->conv) {
		case XCC_PK_INT:
			xcc_pk_int(prog, s, (u8)(3 + k), &bin, enospc);
			break;
		case XCC_PK_CHAR:
			xcc_pk_bin_arg(prog, &bin, 1, 0, enospc);
			xcc_mc_mov32(prog, XCC_T(2), 1);
			xcc_pk_add_width(prog, XCC_T(2), s->width);
			break;
		case XCC_PK_PTR:
			xcc_pk_bin_arg(prog, &bin, 8, 1, enospc);
			xcc_mc_alu(prog, ME_OP_ADD, XCC_TB(5), XCC_TB(5), xcc_k(prog, XCC_PK_PTR_CHARS));
			break;
		case XCC_PK_IP:
			xcc_pk_ip(prog, s, xcc_pk_arg_type(&prog->meta[i], k), k,
				  f->text - s->text_before, &bin, enospc);
			break;
		default:
			xcc_pk_bin_reg(prog, &bin);
			xcc_pk_str(prog, xcc_pk_arg_type(&prog->meta[i], k), (u8)(3 + k), s->width,
				   enospc);
		}
	}
}

/*
 * Room for the record's strings and addresses: the kernel's binary
 * arguments with a %s, which they fit in, else the addresses' bytes.
 */
static u32 xcc_pk_strs_size(const struct xcc_pk_format *f)
{
	u32 k, size = 0;

	for (k = 0; k < f->n_spec; k++) {
		if (f->spec[k].conv == XCC_PK_STR)
			return XNIC_LOG_TRACE_STRS_MAX;
		size += f->spec[k].ip_size;
	}
	return (size + 7) & ~7u;
}

static int xcc_pk_lower(struct xcc_prog *prog, u32 i, u8 **owned)
{
	u32 len, addr, enospc = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);
	const u8 *fmt = xcc_pk_format(prog, i, &len, &addr, owned);
	const char *why = NULL;
	struct xcc_pk_format f;
	int r;

	if (!fmt)
		return xcc_pk_refuse(prog, i, "the format in r1 must be a constant string in "
				     ".rodata or made by constant stores in the call's block, "
				     "with a constant size in r2");
	r = len == (u32)-1 ? -(s32)XCC_PK_EINVAL : xcc_pk_parse(fmt, len, &f, &why);
	if (r > 0)
		return xcc_pk_refuse(prog, i, why);
	if (r < 0) {	/* the kernel refuses the format at every call */
		xcc_mc_mov32(prog, xcc_lo(0), (u32)r);
		xcc_mc_mov32(prog, xcc_hi(0), 0xffffffffu);
		return 0;
	}
	if (xcc_pk_check_args(prog, i, &f))
		return -1;
	xcc_pk_log_open(prog, addr, XNIC_LOG_TRACE_STRS + xcc_pk_strs_size(&f),
			addr ? NULL : fmt, len + 1);
	xcc_mc_mov32(prog, XCC_TB(5), f.text);
	xcc_pk_specs(prog, i, &f, enospc);
	xcc_pk_log_close(prog);
	xcc_mc_un(prog, ME_OP_MOV, xcc_lo(0), XCC_TB(5));
	xcc_mc_mov32(prog, xcc_hi(0), 0);
	/*
	 * Without a %s or an address the binary arguments' bytes are known
	 * when compiling, and three integers or pointers fit: no -ENOSPC.
	 */
	if (!xcc_pk_strs_size(&f))
		return 0;
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_mc_label(prog, enospc);
	xcc_mc_mov32(prog, xcc_lo(0), (u32)-(s32)XCC_PK_ENOSPC);
	xcc_mc_mov32(prog, xcc_hi(0), 0xffffffffu);
	xcc_mc_label(prog, done);
	return 0;
}

/* prog->n_printk: the calls of bpf_trace_printk the image runs. */
void xcc_isel_printk_count(struct xcc_prog *prog)
{
	u32 i;

	for (i = 0; i < prog->n_insns; i++)
		prog->n_printk += xcc_is_helper_call(&prog->meta[i].insn) &&
				  !(prog->meta[i].flags & XCC_META_DEAD) && prog->meta[i].helper &&
				  prog->meta[i].helper->id == BPF_FUNC_trace_printk;
}

/*
 * The printk routines the program's calls use, after the program; their
 * code counts as the program's (XCC_BPF_SHARED).
 */
void xcc_isel_printk_routines(struct xcc_prog *prog)
{
	u32 r, k, from;

	prog->cur_bpf = XCC_BPF_SHARED(prog);
	for (r = 0; r < XCC_PK_RT_COUNT; r++) {
		from = prog->mc.n;
		if (prog->label_pk[r])
			xcc_pk_routine(prog, r, 1);
		for (k = from; k < prog->mc.n && !prog->error; k++)
			prog->mc.insns[k].bpf = XCC_BPF_SHARED(prog);
	}
	prog->cur_bpf = prog->n_insns;
}

int xcc_hl_trace_printk(struct xcc_prog *prog, u32 i)
{
	u8 *owned = NULL;
	int r = xcc_pk_lower(prog, i, &owned);

	xcc_free(prog, owned);
	return r;
}
