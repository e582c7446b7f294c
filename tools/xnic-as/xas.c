/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The microengine assembler (docs/isa.md section 11).  Two passes over the
 * include-expanded source lines: pass 1 sizes every line and defines labels
 * and .equ constants, pass 2 evaluates operands and encodes through
 * me_encode(), so the assembler refuses exactly what the loader refuses.
 * Errors are collected as "file:line:column: error: message" and assembly
 * goes on to the next line, so one run reports every mistake.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "me_encode.h"
#include "xas.h"

#define XAS_MAX_TOKENS		96
#define XAS_MAX_OPERANDS	8
#define XAS_MAX_ERRORS		100
#define XAS_MAX_INCLUDE_DEPTH	16

struct xas_line {
	const char *file;
	unsigned lineno;
	char *text;
};

struct xas_sym {
	char *name;
	int64_t value;
	uint8_t sect;		/* ME_SECT_*, 0 for .equ constants */
	const struct xas_line *where;
};

struct xas_chunk {
	uint8_t sect;
	uint32_t addr, size, fill;
	uint8_t *bytes;
};

enum xas_tk { XAS_TK_END, XAS_TK_IDENT, XAS_TK_NUM, XAS_TK_STR, XAS_TK_PUNCT };

struct xas_tok {
	enum xas_tk t;
	const char *s;		/* IDENT, STR: text; PUNCT: the characters */
	unsigned len;
	int64_t num;
	unsigned col;
};

struct xas {
	const struct xas_options *opt;
	const char *name;	/* the main file, for errors without a line */
	uint8_t *bad;		/* lines with pass-1 errors, skipped in pass 2 */
	struct xas_line *lines;
	unsigned nlines;
	char **files;
	unsigned nfiles;
	struct xas_sym *syms;
	unsigned nsyms;
	struct xas_chunk *chunks;
	unsigned nchunks, chunk_seen;
	int cur;		/* chunk index, -1 in .text */
	uint32_t pc;
	uint64_t *code;
	uint32_t ncode;
	int pass;
	unsigned contexts;
	int64_t entry;
	int have_entry;
	const struct xas_line *line;
	struct xas_tok tok[XAS_MAX_TOKENS];
	unsigned ntok, ti;
	char *errs;
	size_t errlen;
	unsigned nerr;
};

/* ---- errors ---- */

__attribute__((format(printf, 4, 5)))
static void xas_error_at(struct xas *as, const struct xas_line *ln, unsigned col,
			 const char *fmt, ...)
{
	char msg[512], where[300];
	int n;
	char *p;
	va_list ap;

	if (as->nerr++ >= XAS_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ln)
		snprintf(where, sizeof(where), "%s:%u:%u", ln->file, ln->lineno, col);
	else
		snprintf(where, sizeof(where), "%s", as->name);
	n = snprintf(NULL, 0, "%s: error: %s\n", where, msg);
	p = realloc(as->errs, as->errlen + (size_t)n + 1);
	if (!p)
		return;
	as->errs = p;
	snprintf(p + as->errlen, (size_t)n + 1, "%s: error: %s\n", where, msg);
	as->errlen += (size_t)n;
}

#define xas_error(as, col, ...) xas_error_at(as, (as)->line, col, __VA_ARGS__)

/* ---- reading and includes ---- */

static const char *xas_intern_file(struct xas *as, const char *name)
{
	char **f = realloc(as->files, (as->nfiles + 1) * sizeof(*f));

	if (!f)
		return "<out of memory>";
	as->files = f;
	f[as->nfiles] = strdup(name);
	return f[as->nfiles] ? f[as->nfiles++] : "<out of memory>";
}

static int xas_add_line(struct xas *as, const char *file, unsigned lineno,
			const char *text, size_t len)
{
	struct xas_line *l = realloc(as->lines, (as->nlines + 1) * sizeof(*l));

	if (!l)
		return -1;
	as->lines = l;
	l[as->nlines].file = file;
	l[as->nlines].lineno = lineno;
	l[as->nlines].text = strndup(text, len);
	if (!l[as->nlines].text)
		return -1;
	as->nlines++;
	return 0;
}

static char *xas_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (cap - len < 4096) {
			char *nb = realloc(buf, cap = cap * 2 + 8192);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = 0;
	return buf;
}

/* Read name relative to the including file, then in the -I directories;
 * path receives the file actually read. */
static char *xas_find_include(struct xas *as, const char *from, const char *name,
			      char *path, size_t len)
{
	const char *slash = strrchr(from, '/');
	char *src;

	if (name[0] == '/') {
		snprintf(path, len, "%s", name);
		return xas_slurp(path);
	}
	snprintf(path, len, "%.*s%s", slash ? (int)(slash - from + 1) : 0, from, name);
	src = xas_slurp(path);
	for (unsigned i = 0; !src && as->opt && i < as->opt->n_include_dirs; i++) {
		snprintf(path, len, "%s/%s", as->opt->include_dirs[i], name);
		src = xas_slurp(path);
	}
	return src;
}

static int xas_read(struct xas *as, const char *file, const char *src, int depth);

/* A line ".include "name"": read the named file in its place. */
static int xas_include(struct xas *as, const char *file, unsigned lineno,
		       const char *text, int depth)
{
	const char *q1 = strchr(text, '"'), *q2 = q1 ? strchr(q1 + 1, '"') : NULL;
	struct xas_line here = { .file = file, .lineno = lineno };
	char name[1024], path[4096];
	char *src;
	int rc;

	if (!q1 || !q2 || q2 - q1 - 1 >= (long)sizeof(name)) {
		xas_error_at(as, &here, (unsigned)(strstr(text, ".include") - text) + 1,
			     ".include needs a quoted file name");
		return 0;
	}
	snprintf(name, sizeof(name), "%.*s", (int)(q2 - q1 - 1), q1 + 1);
	if (depth >= XAS_MAX_INCLUDE_DEPTH) {
		xas_error_at(as, &here, (unsigned)(q1 - text) + 1,
			     "includes nested deeper than %d", XAS_MAX_INCLUDE_DEPTH);
		return 0;
	}
	src = xas_find_include(as, file, name, path, sizeof(path));
	if (!src) {
		xas_error_at(as, &here, (unsigned)(q1 - text) + 1,
			     "cannot open include file '%s'", name);
		return 0;
	}
	rc = xas_read(as, xas_intern_file(as, path), src, depth + 1);
	free(src);
	return rc;
}

static int xas_is_include(const char *text)
{
	while (*text == ' ' || *text == '\t')
		text++;
	return !strncmp(text, ".include", 8) && !isalnum((unsigned char)text[8]);
}

static int xas_read(struct xas *as, const char *file, const char *src, int depth)
{
	unsigned lineno = 1;

	for (const char *p = src; *p; lineno++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *text = strndup(p, len);
		int rc;

		if (!text)
			return -1;
		if (xas_is_include(text))
			rc = xas_include(as, file, lineno, text, depth);
		else
			rc = xas_add_line(as, file, lineno, p, len);
		free(text);
		if (rc)
			return -1;
		p += len + (nl ? 1 : 0);
	}
	return 0;
}

/* ---- lexer ---- */

static int xas_ident_char(int c, int first)
{
	return isalpha(c) || c == '_' || c == '.' || c == '$' || (!first && isdigit(c));
}

static int xas_lex_number(struct xas *as, const char *s, unsigned *len,
			  int64_t *v, unsigned col)
{
	char *end;
	unsigned long long n;
	int base = 10;
	const char *digits = s;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, digits = s + 2;
	else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
		base = 2, digits = s + 2;
	errno = 0;
	n = strtoull(digits, &end, base);
	if (end == digits || errno || isalnum((unsigned char)*end) || *end == '_') {
		xas_error(as, col, "bad number '%.*s'", (int)(strcspn(s, " \t,;])")), s);
		return -1;
	}
	if (n > 0xffffffffull) {
		xas_error(as, col, "number %.*s does not fit 32 bits", (int)(end - s), s);
		return -1;
	}
	*v = (int64_t)n;
	*len = (unsigned)(end - s);
	return 0;
}

static int xas_lex_char(struct xas *as, const char *s, unsigned *len, int64_t *v,
			unsigned col)
{
	if (s[1] == '\\' && s[2] && s[3] == '\'') {
		const char *esc = "n\nt\tr\r0\0\\\\''";
		const char *e = strchr(esc, s[2]);

		if (!e || (e - esc) % 2) {
			xas_error(as, col, "unknown escape '\\%c'", s[2]);
			return -1;
		}
		*v = (unsigned char)e[1];
		*len = 4;
		return 0;
	}
	if (s[1] && s[1] != '\\' && s[2] == '\'') {
		*v = (unsigned char)s[1];
		*len = 3;
		return 0;
	}
	xas_error(as, col, "bad character constant");
	return -1;
}

static int xas_lex_one(struct xas *as, const char *text, const char *p,
		       struct xas_tok *t)
{
	unsigned col = (unsigned)(p - text) + 1;

	memset(t, 0, sizeof(*t));
	t->col = col;
	t->s = p;
	if (xas_ident_char((unsigned char)*p, 1)) {
		while (xas_ident_char((unsigned char)p[t->len], 0))
			t->len++;
		t->t = XAS_TK_IDENT;
		return 0;
	}
	if (isdigit((unsigned char)*p)) {
		t->t = XAS_TK_NUM;
		return xas_lex_number(as, p, &t->len, &t->num, col);
	}
	if (*p == '\'') {
		t->t = XAS_TK_NUM;
		return xas_lex_char(as, p, &t->len, &t->num, col);
	}
	if (*p == '"') {
		const char *q = p + 1;

		while (*q && *q != '"')
			q += (*q == '\\' && q[1]) ? 2 : 1;
		if (*q != '"') {
			xas_error(as, col, "unterminated string");
			return -1;
		}
		t->t = XAS_TK_STR;
		t->s = p + 1;
		t->len = (unsigned)(q - p - 1);
		t->num = (int64_t)(q - p + 1);	/* consumed length */
		return 0;
	}
	if ((p[0] == '<' && p[1] == '<') || (p[0] == '>' && p[1] == '>')) {
		t->t = XAS_TK_PUNCT;
		t->len = 2;
		return 0;
	}
	if (strchr(",:[]()#+-*/&|^~", *p)) {
		t->t = XAS_TK_PUNCT;
		t->len = 1;
		return 0;
	}
	xas_error(as, col, "unexpected character '%c'", *p);
	return -1;
}

static int xas_lex(struct xas *as, const char *text)
{
	const char *p = text;

	as->ntok = as->ti = 0;
	for (;;) {
		struct xas_tok *t = &as->tok[as->ntok];

		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p || *p == ';' || (p[0] == '/' && p[1] == '/'))
			break;
		if (as->ntok == XAS_MAX_TOKENS - 1) {
			xas_error(as, (unsigned)(p - text) + 1, "line too long");
			return -1;
		}
		if (xas_lex_one(as, text, p, t))
			return -1;
		p += t->t == XAS_TK_STR ? (size_t)t->num : t->len;
		as->ntok++;
	}
	as->tok[as->ntok] = (struct xas_tok){ .t = XAS_TK_END,
					      .col = (unsigned)(p - text) + 1 };
	return 0;
}

static struct xas_tok *xas_peek(struct xas *as)
{
	return &as->tok[as->ti];
}

static int xas_is_punct(const struct xas_tok *t, const char *s)
{
	return t->t == XAS_TK_PUNCT && t->len == strlen(s) && !memcmp(t->s, s, t->len);
}

static int xas_accept(struct xas *as, const char *punct)
{
	if (!xas_is_punct(xas_peek(as), punct))
		return 0;
	as->ti++;
	return 1;
}

static int xas_expect(struct xas *as, const char *punct)
{
	struct xas_tok *t = xas_peek(as);

	if (xas_accept(as, punct))
		return 0;
	xas_error(as, t->col, "expected '%s'", punct);
	return -1;
}

/* ---- symbols and expressions ---- */

static struct xas_sym *xas_sym_find(struct xas *as, const char *name, size_t len)
{
	for (unsigned i = 0; i < as->nsyms; i++)
		if (strlen(as->syms[i].name) == len && !memcmp(as->syms[i].name, name, len))
			return &as->syms[i];
	return NULL;
}

static int xas_reg_name(const char *s, size_t len, struct me_operand *o);

static int xas_sym_define(struct xas *as, const struct xas_tok *t, int64_t value,
			  uint8_t sect)
{
	struct xas_sym *s = xas_sym_find(as, t->s, t->len);
	struct me_operand dummy;

	if (s && !s->where) {
		xas_error(as, t->col, "'%.*s' is a built-in name", (int)t->len, t->s);
		return -1;
	}
	if (s) {
		xas_error(as, t->col, "'%.*s' already defined at %s:%u", (int)t->len,
			  t->s, s->where->file, s->where->lineno);
		return -1;
	}
	if (xas_reg_name(t->s, t->len, &dummy) >= 0) {
		xas_error(as, t->col, "'%.*s' is a register name", (int)t->len, t->s);
		return -1;
	}
	s = realloc(as->syms, (as->nsyms + 1) * sizeof(*s));
	if (!s)
		return -1;
	as->syms = s;
	s[as->nsyms] = (struct xas_sym){ .name = strndup(t->s, t->len),
					 .value = value, .sect = sect,
					 .where = as->line };
	as->nsyms++;
	return 0;
}

static int xas_expr(struct xas *as, int64_t *v, int *known);

static int xas_primary(struct xas *as, int64_t *v, int *known)
{
	struct xas_tok *t = xas_peek(as);

	if (t->t == XAS_TK_NUM) {
		as->ti++;
		*v = t->num;
		return 0;
	}
	if (xas_accept(as, "(")) {
		if (xas_expr(as, v, known))
			return -1;
		return xas_expect(as, ")");
	}
	if (xas_accept(as, "-") || xas_accept(as, "~") || xas_accept(as, "+")) {
		char op = t->s[0];

		if (xas_primary(as, v, known))
			return -1;
		*v = op == '-' ? -*v : op == '~' ? (int64_t)(~(uint32_t)*v) : *v;
		return 0;
	}
	if (t->t == XAS_TK_IDENT) {
		int lo = t->len == 4 && !memcmp(t->s, "lo16", 4);
		int hi = t->len == 4 && !memcmp(t->s, "hi16", 4);
		struct xas_sym *s;

		as->ti++;
		if ((lo || hi) && xas_is_punct(xas_peek(as), "(")) {
			if (xas_primary(as, v, known))
				return -1;
			*v = lo ? (*v & 0xffff) : ((uint32_t)*v >> 16) & 0xffff;
			return 0;
		}
		s = xas_sym_find(as, t->s, t->len);
		if (s) {
			*v = s->value;
			return 0;
		}
		if (as->pass == 2) {
			xas_error(as, t->col, "undefined symbol '%.*s'", (int)t->len, t->s);
			return -1;
		}
		*known = 0;
		*v = 0;
		return 0;
	}
	xas_error(as, t->col, "expected an expression");
	return -1;
}

static int xas_binop_prec(const struct xas_tok *t)
{
	static const struct { const char *op; int prec; } ops[] = {
		{ "|", 1 }, { "^", 2 }, { "&", 3 }, { "<<", 4 }, { ">>", 4 },
		{ "+", 5 }, { "-", 5 }, { "*", 6 }, { "/", 6 },
	};

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (xas_is_punct(t, ops[i].op))
			return ops[i].prec;
	return 0;
}

static int xas_apply(struct xas *as, const struct xas_tok *op, int64_t a,
		     int64_t b, int64_t *r)
{
	switch (op->s[0]) {
	case '|': *r = a | b; return 0;
	case '^': *r = a ^ b; return 0;
	case '&': *r = a & b; return 0;
	case '<': *r = (b < 0 || b > 63) ? 0 : (int64_t)((uint64_t)a << b); return 0;
	case '>': *r = (b < 0 || b > 63) ? 0 : a >> b; return 0;
	case '+': *r = a + b; return 0;
	case '-': *r = a - b; return 0;
	case '*': *r = a * b; return 0;
	default:
		if (!b) {
			xas_error(as, op->col, "division by zero");
			return -1;
		}
		*r = a / b;
		return 0;
	}
}

static int xas_expr_prec(struct xas *as, int min, int64_t *v, int *known)
{
	if (xas_primary(as, v, known))
		return -1;
	for (;;) {
		struct xas_tok *op = xas_peek(as);
		int prec = xas_binop_prec(op);
		int64_t rhs;

		if (!prec || prec < min)
			return 0;
		as->ti++;
		if (xas_expr_prec(as, prec + 1, &rhs, known) ||
		    xas_apply(as, op, *v, rhs, v))
			return -1;
	}
}

static int xas_expr(struct xas *as, int64_t *v, int *known)
{
	return xas_expr_prec(as, 1, v, known);
}

/* An expression whose value must be known now (sizes, addresses). */
static int xas_const_expr(struct xas *as, int64_t *v)
{
	unsigned col = xas_peek(as)->col;
	int known = 1;

	if (xas_expr(as, v, &known))
		return -1;
	if (!known) {
		xas_error(as, col, "value must be defined before this line");
		return -1;
	}
	return 0;
}

/* ---- emitting ---- */

static uint32_t xas_here(const struct xas *as)
{
	const struct xas_chunk *c;

	if (as->cur < 0)
		return as->pc;
	c = &as->chunks[as->cur];
	return c->addr + (as->pass == 1 ? c->size : c->fill);
}

static void xas_emit_word(struct xas *as, uint64_t w)
{
	if (as->pass == 2)
		as->code[as->pc] = w;
	as->pc++;
}

static int xas_emit_bytes(struct xas *as, const uint8_t *b, uint32_t n,
			  unsigned col)
{
	struct xas_chunk *c;

	if (as->cur < 0) {
		xas_error(as, col, "data directive in .text; start a .data section");
		return -1;
	}
	c = &as->chunks[as->cur];
	if (as->pass == 1) {
		if ((uint64_t)c->addr + c->size + n > UINT32_MAX) {
			xas_error(as, col, "data section grows past 4 GiB");
			return -1;
		}
		c->size += n;
		return 0;
	}
	memcpy(c->bytes + c->fill, b, n);
	c->fill += n;
	return 0;
}

/* ---- directives ---- */

static int xas_dir_data(struct xas *as, const struct xas_tok *dir)
{
	static const struct { const char *name; uint8_t sect; } spaces[] = {
		{ "lm", ME_SECT_LM }, { "pkt", ME_SECT_PKT },
		{ "imem", ME_SECT_IMEM }, { "emem", ME_SECT_EMEM },
	};
	struct xas_tok *t = xas_peek(as);
	int64_t addr = 0;
	int sect = -1;

	for (size_t i = 0; t->t == XAS_TK_IDENT && i < 4; i++)
		if (strlen(spaces[i].name) == t->len && !memcmp(spaces[i].name, t->s, t->len))
			sect = spaces[i].sect;
	if (sect < 0) {
		xas_error(as, t->col, "%.*s needs a space: lm, pkt, imem or emem",
			  (int)dir->len, dir->s);
		return -1;
	}
	as->ti++;
	xas_accept(as, ",");
	if (xas_peek(as)->t != XAS_TK_END && xas_const_expr(as, &addr))
		return -1;
	if (addr < 0 || addr > UINT32_MAX) {
		xas_error(as, t->col, "address %lld out of range", (long long)addr);
		return -1;
	}
	if (as->pass == 1) {
		struct xas_chunk *c = realloc(as->chunks, (as->nchunks + 1) * sizeof(*c));

		if (!c)
			return -1;
		as->chunks = c;
		c[as->nchunks] = (struct xas_chunk){ .sect = (uint8_t)sect,
						     .addr = (uint32_t)addr };
		as->nchunks++;
	}
	as->cur = (int)as->chunk_seen++;
	return 0;
}

static int xas_dir_values(struct xas *as, unsigned width)
{
	do {
		unsigned col = xas_peek(as)->col;
		int64_t v = 0, lo = -((int64_t)1 << (8 * width - 1));
		int64_t hi = ((int64_t)1 << (8 * width)) - 1;
		uint8_t b[4];
		int known = 1;

		if (xas_expr(as, &v, &known))
			return -1;
		if (as->pass == 2 && (v < lo || v > hi)) {
			xas_error(as, col, "value %lld does not fit %u byte%s",
				  (long long)v, width, width > 1 ? "s" : "");
			return -1;
		}
		for (unsigned i = 0; i < width; i++)
			b[i] = (uint8_t)((uint64_t)v >> (8 * i));
		if (xas_emit_bytes(as, b, width, col))
			return -1;
	} while (xas_accept(as, ","));
	return 0;
}

static int xas_dir_ascii(struct xas *as, int zero)
{
	struct xas_tok *t = xas_peek(as);

	if (t->t != XAS_TK_STR) {
		xas_error(as, t->col, "expected a string");
		return -1;
	}
	as->ti++;
	for (unsigned i = 0; i < t->len; i++) {
		uint8_t c = (uint8_t)t->s[i];

		if (c == '\\' && i + 1 < t->len) {
			const char *esc = "n\nt\tr\r0\0\\\\\"\"";
			const char *e = strchr(esc, t->s[++i]);

			if (!e || (e - esc) % 2) {
				xas_error(as, t->col + 1 + i, "unknown escape '\\%c'", t->s[i]);
				return -1;
			}
			c = (uint8_t)e[1];
		}
		if (xas_emit_bytes(as, &c, 1, t->col))
			return -1;
	}
	return zero ? xas_emit_bytes(as, (const uint8_t *)"", 1, t->col) : 0;
}

static int xas_dir_space(struct xas *as, int align)
{
	unsigned col = xas_peek(as)->col;
	int64_t n, fill = 0;
	uint8_t b;

	if (xas_const_expr(as, &n))
		return -1;
	if (!align && xas_accept(as, ",") && xas_const_expr(as, &fill))
		return -1;
	if (align && (n < 1 || n > 4096 || (n & (n - 1)))) {
		xas_error(as, col, ".align %lld is not a power of two in 1..4096",
			  (long long)n);
		return -1;
	}
	if (align)
		n = (n - (int64_t)(xas_here(as) % (uint64_t)n)) % n;
	if (n < 0 || n > (1 << 26)) {
		xas_error(as, col, "size %lld out of range", (long long)n);
		return -1;
	}
	b = (uint8_t)fill;
	for (int64_t i = 0; i < n; i++)
		if (xas_emit_bytes(as, &b, 1, col))
			return -1;
	return 0;
}

static int xas_dir_equ(struct xas *as)
{
	struct xas_tok *name = xas_peek(as);
	int64_t v;

	if (name->t != XAS_TK_IDENT) {
		xas_error(as, name->col, ".equ needs a name");
		return -1;
	}
	as->ti++;
	if (xas_expect(as, ",") || xas_const_expr(as, &v))
		return -1;
	return as->pass == 1 ? xas_sym_define(as, name, v, 0) : 0;
}

static int xas_dir_contexts(struct xas *as)
{
	unsigned col = xas_peek(as)->col;
	int64_t v;

	if (xas_const_expr(as, &v))
		return -1;
	if (v != 4 && v != 8) {
		xas_error(as, col, ".contexts must be 4 or 8, not %lld", (long long)v);
		return -1;
	}
	as->contexts = (unsigned)v;
	return 0;
}

static int xas_dir_entry(struct xas *as)
{
	int known = 1;

	if (xas_expr(as, &as->entry, &known))
		return -1;
	as->have_entry = 1;
	return 0;
}

static int xas_directive(struct xas *as, const struct xas_tok *d)
{
#define XAS_IS(name) (d->len == strlen(name) && !memcmp(d->s, name, d->len))
	if (XAS_IS(".text")) {
		as->cur = -1;
		return 0;
	}
	if (XAS_IS(".data"))
		return xas_dir_data(as, d);
	if (XAS_IS(".word"))
		return xas_dir_values(as, 4);
	if (XAS_IS(".half"))
		return xas_dir_values(as, 2);
	if (XAS_IS(".byte"))
		return xas_dir_values(as, 1);
	if (XAS_IS(".ascii") || XAS_IS(".asciz"))
		return xas_dir_ascii(as, XAS_IS(".asciz"));
	if (XAS_IS(".space"))
		return xas_dir_space(as, 0);
	if (XAS_IS(".align"))
		return xas_dir_space(as, 1);
	if (XAS_IS(".equ"))
		return xas_dir_equ(as);
	if (XAS_IS(".contexts"))
		return xas_dir_contexts(as);
	if (XAS_IS(".entry"))
		return xas_dir_entry(as);
#undef XAS_IS
	xas_error(as, d->col, "unknown directive '%.*s'", (int)d->len, d->s);
	return -1;
}

/* ---- operands ---- */

enum xas_ok { XAS_O_REG, XAS_O_LMI, XAS_O_SIG, XAS_O_LMMEM, XAS_O_SWAP, XAS_O_EXPR };

struct xas_opnd {
	enum xas_ok kind;
	struct me_operand reg;
	unsigned n;		/* LMI, SIG, LMMEM: index */
	int64_t value;		/* EXPR, LMMEM: offset */
	unsigned col;
};

static int xas_num_suffix(const char *s, size_t len, unsigned max)
{
	unsigned v = 0;

	if (!len || len > 2 || (len == 2 && s[0] == '0'))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	return v <= max ? (int)v : -2;
}

/* >= 0: register index (o set); -1: not a register name; -2: out of range. */
static int xas_reg_name(const char *s, size_t len, struct me_operand *o)
{
	static const struct { const char *pfx; unsigned kind, max; } regs[] = {
		{ "$xr", ME_OPK_XR, ME_XFER_REGS - 1 },
		{ "$xw", ME_OPK_XW, ME_XFER_REGS - 1 },
		{ "a", ME_OPK_GPR_A, ME_GPRS_MAX - 1 },
		{ "b", ME_OPK_GPR_B, ME_GPRS_MAX - 1 },
	};

	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		size_t pl = strlen(regs[i].pfx);
		int n;

		if (len <= pl || memcmp(s, regs[i].pfx, pl))
			continue;
		n = xas_num_suffix(s + pl, len - pl, regs[i].max);
		if (n == -1)
			continue;
		if (n >= 0)
			*o = (struct me_operand){ (uint8_t)regs[i].kind, (uint8_t)n };
		return n;
	}
	return -1;
}

static int xas_operand_ident(struct xas *as, struct xas_tok *t, struct xas_opnd *o)
{
	int n = xas_reg_name(t->s, t->len, &o->reg);

	if (n == -2) {
		xas_error(as, t->col, "no register '%.*s'", (int)t->len, t->s);
		return -1;
	}
	if (n >= 0) {
		o->kind = XAS_O_REG;
		as->ti++;
		return 1;
	}
	if (t->s[0] == 'l' && (n = xas_num_suffix(t->s + 1, t->len - 1, ME_LM_INDEXES - 1)) >= 0) {
		as->ti++;
		o->n = (unsigned)n;
		o->kind = XAS_O_LMI;
		if (!xas_accept(as, "["))
			return 1;
		o->kind = XAS_O_LMMEM;
		if (xas_const_expr(as, &o->value) || xas_expect(as, "]"))
			return -1;
		return 1;
	}
	if (t->len > 3 && !memcmp(t->s, "sig", 3) &&
	    (n = xas_num_suffix(t->s + 3, t->len - 3, ME_SIGNALS - 1)) >= 0) {
		as->ti++;
		o->n = (unsigned)n;
		o->kind = XAS_O_SIG;
		return 1;
	}
	if (t->len == 4 && !memcmp(t->s, "swap", 4)) {
		as->ti++;
		o->kind = XAS_O_SWAP;
		return 1;
	}
	return 0;
}

static int xas_operand(struct xas *as, struct xas_opnd *o)
{
	struct xas_tok *t = xas_peek(as);
	int known = 1, r;

	memset(o, 0, sizeof(*o));
	o->col = t->col;
	if (t->t == XAS_TK_IDENT) {
		r = xas_operand_ident(as, t, o);
		if (r)
			return r < 0 ? -1 : 0;
	}
	xas_accept(as, "#");
	o->kind = XAS_O_EXPR;
	return xas_expr(as, &o->value, &known);
}

/* ---- instructions ---- */

struct xas_ins {
	struct me_insn in;
	struct xas_opnd op[XAS_MAX_OPERANDS];
	unsigned nop;
	unsigned col;		/* of the mnemonic */
	const char *mnem;
	int err;
};

__attribute__((format(printf, 3, 4)))
static void xas_ins_error(struct xas *as, struct xas_ins *x, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!x->err)
		xas_error(as, x->col, "%s", msg);
	x->err = 1;
}

static const char *const xas_kind_names[] = {
	[XAS_O_REG] = "a register", [XAS_O_LMI] = "an LM index register",
	[XAS_O_SIG] = "a signal", [XAS_O_LMMEM] = "lN[offset]",
	[XAS_O_SWAP] = "swap", [XAS_O_EXPR] = "a constant",
};

static struct xas_opnd *xas_want(struct xas *as, struct xas_ins *x, unsigned i,
				 enum xas_ok kind)
{
	struct xas_opnd *o = &x->op[i];

	if (x->err)
		return NULL;
	if (o->kind != kind) {
		xas_error(as, o->col, "operand %u of %s must be %s", i + 1, x->mnem,
			  xas_kind_names[kind]);
		x->err = 1;
		return NULL;
	}
	return o;
}

static struct me_operand xas_reg(struct xas *as, struct xas_ins *x, unsigned i)
{
	struct xas_opnd *o = xas_want(as, x, i, XAS_O_REG);

	return o ? o->reg : (struct me_operand){ 0, 0 };
}

static int64_t xas_num(struct xas *as, struct xas_ins *x, unsigned i,
		       int64_t min, int64_t max, const char *what)
{
	struct xas_opnd *o = xas_want(as, x, i, XAS_O_EXPR);

	if (!o)
		return 0;
	if (o->value < min || o->value > max) {
		xas_error(as, o->col, "%s %lld out of range %lld..%lld", what,
			  (long long)o->value, (long long)min, (long long)max);
		x->err = 1;
		return 0;
	}
	return o->value;
}

/* A B operand: register, or immediate that fits 16 bits (section 4.1). */
static void xas_srcb(struct xas *as, struct xas_ins *x, unsigned i)
{
	struct xas_opnd *o = &x->op[i];

	if (x->err)
		return;
	if (o->kind == XAS_O_REG) {
		x->in.srcb = o->reg;
		return;
	}
	if (o->kind != XAS_O_EXPR) {
		xas_error(as, o->col, "operand %u of %s must be a register or a constant",
			  i + 1, x->mnem);
		x->err = 1;
		return;
	}
	if (me_operand_imm(o->value, &x->in.srcb, &x->in.imm)) {
		xas_error(as, o->col,
			  "constant %lld does not fit a 16-bit immediate; build it with li",
			  (long long)o->value);
		x->err = 1;
	}
}

static void xas_signal(struct xas *as, struct xas_ins *x, unsigned i)
{
	struct xas_opnd *o = xas_want(as, x, i, XAS_O_SIG);

	if (o)
		x->in.sig = (uint8_t)o->n;
	if (x->nop > i + 1 && xas_want(as, x, i + 1, XAS_O_SWAP))
		x->in.swap = 1;
}

static void xas_lmmem(struct xas *as, struct xas_ins *x, unsigned i)
{
	struct xas_opnd *o = xas_want(as, x, i, XAS_O_LMMEM);

	if (!o)
		return;
	if (o->value < -2048 || o->value > 2047) {
		xas_error(as, o->col, "LM offset %lld not in -2048..2047",
			  (long long)o->value);
		x->err = 1;
		return;
	}
	x->in.lmi = (uint8_t)o->n;
	x->in.lmoff = (int16_t)o->value;
}

static void xas_lmi(struct xas *as, struct xas_ins *x, unsigned i)
{
	struct xas_opnd *o = xas_want(as, x, i, XAS_O_LMI);

	if (o)
		x->in.lmi = (uint8_t)o->n;
}

static uint16_t xas_wait_mask(struct xas *as, struct xas_ins *x)
{
	uint16_t mask = 0;

	if (x->nop == 1 && x->op[0].kind == XAS_O_EXPR)
		return (uint16_t)xas_num(as, x, 0, 1, 0xffff, "signal mask");
	for (unsigned i = 0; i < x->nop; i++) {
		struct xas_opnd *o = xas_want(as, x, i, XAS_O_SIG);

		if (o)
			mask |= (uint16_t)(1u << o->n);
	}
	return mask;
}

/* Operand counts per format: minimum and maximum. */
static const uint8_t xas_nops[ME_FMT_COUNT][2] = {
	[ME_FMT_NONE] = { 0, 0 }, [ME_FMT_ALU] = { 3, 3 }, [ME_FMT_UNARY] = { 2, 2 },
	[ME_FMT_CMP] = { 2, 2 }, [ME_FMT_IMMHI] = { 2, 2 }, [ME_FMT_EXT] = { 4, 4 },
	[ME_FMT_INS] = { 5, 5 }, [ME_FMT_BR] = { 1, 1 }, [ME_FMT_BRBIT] = { 3, 3 },
	[ME_FMT_BRCMP] = { 3, 3 }, [ME_FMT_BRCMPI] = { 3, 3 },
	[ME_FMT_CALL] = { 2, 2 }, [ME_FMT_RET] = { 1, 1 },
	[ME_FMT_WAIT] = { 1, ME_SIGNALS }, [ME_FMT_CSRRD] = { 2, 2 },
	[ME_FMT_CSRWR] = { 2, 2 }, [ME_FMT_LMLD] = { 2, 2 }, [ME_FMT_LMST] = { 2, 2 },
	[ME_FMT_LMSET] = { 3, 3 }, [ME_FMT_LMGET] = { 2, 2 }, [ME_FMT_MEM] = { 5, 6 },
	[ME_FMT_IO] = { 2, 3 }, [ME_FMT_DMA] = { 2, 3 },
};

static void xas_build(struct xas *as, struct xas_ins *x, enum me_format fmt)
{
	struct me_insn *in = &x->in;

	switch (fmt) {
	case ME_FMT_NONE:
		return;
	case ME_FMT_ALU:
		in->dst = xas_reg(as, x, 0);
		in->srca = xas_reg(as, x, 1);
		xas_srcb(as, x, 2);
		return;
	case ME_FMT_UNARY:
		in->dst = xas_reg(as, x, 0);
		xas_srcb(as, x, 1);
		return;
	case ME_FMT_CMP:
		in->srca = xas_reg(as, x, 0);
		xas_srcb(as, x, 1);
		return;
	case ME_FMT_IMMHI:
		in->dst = xas_reg(as, x, 0);
		in->imm = (uint16_t)xas_num(as, x, 1, 0, 0xffff, "immediate");
		return;
	case ME_FMT_EXT:
	case ME_FMT_INS:
		in->dst = xas_reg(as, x, 0);
		in->srca = xas_reg(as, x, 1);
		if (fmt == ME_FMT_INS)
			xas_srcb(as, x, 2);
		in->pos = (uint8_t)xas_num(as, x, x->nop - 2, 0, 31, "bit position");
		in->width = (uint8_t)xas_num(as, x, x->nop - 1, 1, 32, "field width");
		return;
	case ME_FMT_BR:
		in->imm = (uint16_t)xas_num(as, x, 0, 0, ME_ISTORE_MAX - 1, "branch target");
		return;
	case ME_FMT_BRBIT:
		in->srca = xas_reg(as, x, 0);
		in->bit = (uint8_t)xas_num(as, x, 1, 0, 31, "bit number");
		in->imm = (uint16_t)xas_num(as, x, 2, 0, ME_ISTORE_MAX - 1, "branch target");
		return;
	case ME_FMT_BRCMP:
		in->srca = xas_reg(as, x, 0);
		in->srcb = xas_reg(as, x, 1);
		in->imm = (uint16_t)xas_num(as, x, 2, 0, ME_ISTORE_MAX - 1, "branch target");
		return;
	case ME_FMT_BRCMPI:
		in->srca = xas_reg(as, x, 0);
		in->cmpimm = (int16_t)xas_num(as, x, 1, -2048, 2047, "compare immediate");
		in->imm = (uint16_t)xas_num(as, x, 2, 0, ME_ISTORE_MAX - 1, "branch target");
		return;
	case ME_FMT_CALL:
		in->dst = xas_reg(as, x, 0);
		in->imm = (uint16_t)xas_num(as, x, 1, 0, ME_ISTORE_MAX - 1, "call target");
		return;
	case ME_FMT_RET:
		in->srca = xas_reg(as, x, 0);
		return;
	case ME_FMT_WAIT:
		in->imm = xas_wait_mask(as, x);
		return;
	case ME_FMT_CSRRD:
		in->dst = xas_reg(as, x, 0);
		in->csr = (uint16_t)xas_num(as, x, 1, 0, 0xffff, "CSR number");
		return;
	case ME_FMT_CSRWR:
		xas_srcb(as, x, 0);
		in->csr = (uint16_t)xas_num(as, x, 1, 0, 0xffff, "CSR number");
		return;
	case ME_FMT_LMLD:
		in->dst = xas_reg(as, x, 0);
		xas_lmmem(as, x, 1);
		return;
	case ME_FMT_LMST:
		xas_srcb(as, x, 0);
		xas_lmmem(as, x, 1);
		return;
	case ME_FMT_LMSET:
		xas_lmi(as, x, 0);
		in->srca = xas_reg(as, x, 1);
		xas_srcb(as, x, 2);
		return;
	case ME_FMT_LMGET:
		in->dst = xas_reg(as, x, 0);
		xas_lmi(as, x, 1);
		return;
	case ME_FMT_MEM:
		in->dst = xas_reg(as, x, 0);
		in->srca = xas_reg(as, x, 1);
		xas_srcb(as, x, 2);
		in->len = (uint8_t)xas_num(as, x, 3, 1, ME_MEM_LEN_MAX, "length");
		xas_signal(as, x, 4);
		return;
	case ME_FMT_IO:
	case ME_FMT_DMA:
		in->dst = xas_reg(as, x, 0);
		xas_signal(as, x, 1);
		return;
	case ME_FMT_COUNT:
		return;
	}
}

/* The .cond or .space suffix of a mnemonic. */
static void xas_suffix(struct xas *as, struct xas_ins *x, enum me_format fmt,
		       const char *sfx, size_t len)
{
	int v;

	if (me_format_has_cond(fmt)) {
		v = len ? me_cond_by_name(sfx, len) : ME_COND_AL;
		if (v < 0)
			xas_ins_error(as, x, "unknown condition '.%.*s'", (int)len, sfx);
		x->in.cond = (uint8_t)(v < 0 ? 0 : v);
		return;
	}
	if (fmt == ME_FMT_MEM || fmt == ME_FMT_DMA) {
		v = len ? me_space_by_name(sfx, len) : -1;
		if (v < 0)
			xas_ins_error(as, x, "%s needs a memory space suffix: .pkt, .imem or .emem",
				      x->mnem);
		x->in.space = (uint8_t)(v < 0 ? 0 : v);
		return;
	}
	if (len)
		xas_ins_error(as, x, "%s takes no '.%.*s' suffix", x->mnem, (int)len, sfx);
}

static int xas_operands(struct xas *as, struct xas_ins *x)
{
	if (xas_peek(as)->t == XAS_TK_END)
		return 0;
	do {
		if (x->nop == XAS_MAX_OPERANDS) {
			xas_error(as, xas_peek(as)->col, "too many operands");
			return -1;
		}
		if (xas_operand(as, &x->op[x->nop++]))
			return -1;
	} while (xas_accept(as, ","));
	if (xas_peek(as)->t != XAS_TK_END) {
		xas_error(as, xas_peek(as)->col, "expected ',' or end of line");
		return -1;
	}
	return 0;
}

static void xas_encode(struct xas *as, struct xas_ins *x)
{
	char msg[256];
	uint64_t w;
	unsigned gprs = as->contexts == 4 ? ME_GPRS_MAX : ME_GPRS_8CTX;

	if (x->err)
		return;
	if (me_insn_check(&x->in, gprs, msg, sizeof(msg)) ||
	    me_encode(&x->in, &w, msg, sizeof(msg))) {
		xas_ins_error(as, x, "%s%s", msg, gprs == ME_GPRS_8CTX &&
			      strstr(msg, "limit 16") ? " in 8-context mode" : "");
		return;
	}
	xas_emit_word(as, w);
}

/* li D, expr: always mov D, #lo16 and immed_hi D, #hi16 (section 11). */
static void xas_li(struct xas *as, struct xas_ins *x)
{
	int64_t v = 0;
	struct me_operand d;

	if (x->nop != 2) {
		xas_ins_error(as, x, "li takes 2 operands, not %u", x->nop);
		return;
	}
	d = xas_reg(as, x, 0);
	v = xas_num(as, x, 1, -0x80000000ll, 0xffffffffll, "constant");
	if (x->err)
		return;
	x->in = (struct me_insn){ .op = ME_OP_MOV, .dst = d,
				  .srcb = { ME_OPK_IMM_Z, 0 },
				  .imm = (uint16_t)v };
	xas_encode(as, x);
	x->in = (struct me_insn){ .op = ME_OP_IMMED_HI, .dst = d,
				  .imm = (uint16_t)((uint64_t)v >> 16) };
	xas_encode(as, x);
}

static void xas_instruction(struct xas *as, const struct xas_tok *m)
{
	const char *dot = memchr(m->s, '.', m->len);
	size_t blen = dot ? (size_t)(dot - m->s) : m->len;
	int is_li = blen == 2 && !memcmp(m->s, "li", 2);
	int opcode = is_li ? -1 : me_opcode_by_name(m->s, blen);
	struct xas_ins x = { .col = m->col };
	uint32_t pc = as->pc;
	char mnem[32];
	enum me_format fmt;

	if (as->cur >= 0) {
		xas_error(as, m->col, "instruction in a .data section; use .text first");
		return;
	}
	if (!is_li && opcode < 0) {
		xas_error(as, m->col, "unknown instruction '%.*s'", (int)blen, m->s);
		return;
	}
	if (as->pass == 1) {
		as->pc += is_li ? 2 : 1;
		return;
	}
	snprintf(mnem, sizeof(mnem), "%.*s", (int)blen, m->s);
	x.mnem = mnem;
	if (xas_operands(as, &x)) {
		as->pc = pc + (is_li ? 2 : 1);
		return;
	}
	if (is_li) {
		xas_li(as, &x);
		as->pc = pc + 2;	/* keep later addresses as in pass 1 */
		return;
	}
	fmt = me_opinfo((unsigned)opcode)->format;
	x.in.op = (enum me_opcode)opcode;
	xas_suffix(as, &x, fmt, dot ? dot + 1 : "", dot ? m->len - blen - 1 : 0);
	if (!x.err && (x.nop < xas_nops[fmt][0] || x.nop > xas_nops[fmt][1]))
		xas_ins_error(as, &x, "%s takes %u operand%s%s%s%s, not %u", mnem,
			      xas_nops[fmt][0], xas_nops[fmt][0] == 1 ? "" : "s",
			      fmt == ME_FMT_NONE ? "" : " (", me_format_syntax(fmt),
			      fmt == ME_FMT_NONE ? "" : ")", x.nop);
	if (!x.err)
		xas_build(as, &x, fmt);
	xas_encode(as, &x);
	as->pc = pc + 1;
}

/* ---- passes ---- */

static uint8_t xas_cur_sect(const struct xas *as)
{
	return as->cur < 0 ? ME_SECT_CODE : as->chunks[as->cur].sect;
}

static void xas_line(struct xas *as, const struct xas_line *ln)
{
	struct xas_tok *t;

	as->line = ln;
	if (xas_lex(as, ln->text))
		return;
	while (xas_peek(as)->t == XAS_TK_IDENT &&
	       xas_is_punct(&as->tok[as->ti + 1], ":")) {
		t = xas_peek(as);
		if (as->pass == 1)
			xas_sym_define(as, t, xas_here(as), xas_cur_sect(as));
		as->ti += 2;
	}
	t = xas_peek(as);
	if (t->t == XAS_TK_END)
		return;
	if (t->t != XAS_TK_IDENT) {
		xas_error(as, t->col, "expected a label, directive or instruction");
		return;
	}
	as->ti++;
	if (t->s[0] == '.') {
		if (!xas_directive(as, t) && xas_peek(as)->t != XAS_TK_END)
			xas_error(as, xas_peek(as)->col, "unexpected text after directive");
		return;
	}
	xas_instruction(as, t);
}

static void xas_pass(struct xas *as, int pass)
{
	as->pass = pass;
	as->pc = 0;
	as->cur = -1;
	as->chunk_seen = 0;
	for (unsigned i = 0; i < as->nlines; i++) {
		unsigned before = as->nerr;

		if (pass == 2 && as->bad[i])
			continue;
		xas_line(as, &as->lines[i]);
		if (pass == 1 && as->nerr != before)
			as->bad[i] = 1;
	}
}

static int xas_predefine(struct xas *as)
{
	struct xas_line builtin = { .file = "<builtin>", .lineno = 0 };

	as->line = &builtin;
	for (unsigned csr = 0; csr < ME_CSR_LOCAL_COUNT; csr++) {
		const char *name = me_csr_name(csr);
		struct xas_tok t = { .t = XAS_TK_IDENT, .s = name,
				     .len = (unsigned)strlen(name) };

		if (xas_sym_define(as, &t, csr, 0))
			return -1;
	}
	/* Symbols keep a pointer to their line; this one must not dangle. */
	for (unsigned i = 0; i < as->nsyms; i++)
		as->syms[i].where = NULL;
	as->line = NULL;
	return 0;
}

static int xas_alloc_pass2(struct xas *as)
{
	as->ncode = as->pc;
	as->code = calloc(as->ncode ? as->ncode : 1, sizeof(uint64_t));
	if (!as->code)
		return -1;
	for (unsigned i = 0; i < as->nchunks; i++) {
		as->chunks[i].bytes = calloc(1, as->chunks[i].size ? as->chunks[i].size : 1);
		if (!as->chunks[i].bytes)
			return -1;
	}
	return 0;
}

static int xas_image(struct xas *as, struct me_image *img)
{
	struct xas_sym *main_sym = xas_sym_find(as, "main", 4);

	memset(img, 0, sizeof(*img));
	if (!as->ncode) {
		xas_error_at(as, NULL, 0, "no instructions");
		return -1;
	}
	img->contexts = as->contexts;
	img->entry = as->have_entry ? (uint32_t)as->entry :
		     main_sym && main_sym->sect == ME_SECT_CODE ? (uint32_t)main_sym->value : 0;
	img->ncode = as->ncode;
	img->code = as->code;
	as->code = NULL;
	img->data = calloc(as->nchunks + 1, sizeof(*img->data));
	img->syms = calloc(as->nsyms + 1, sizeof(*img->syms));
	if (!img->data || !img->syms)
		return -1;
	for (unsigned i = 0; i < as->nchunks; i++) {
		struct xas_chunk *c = &as->chunks[i];

		if (!c->size)
			continue;
		img->data[img->ndata++] = (struct me_image_data){
			.sect = c->sect, .addr = c->addr, .size = c->size, .bytes = c->bytes };
		c->bytes = NULL;
	}
	for (unsigned i = 0; i < as->nsyms; i++) {
		if (!as->syms[i].sect)
			continue;
		img->syms[img->nsyms].name = strdup(as->syms[i].name);
		img->syms[img->nsyms].value = (uint32_t)as->syms[i].value;
		img->syms[img->nsyms++].sect = as->syms[i].sect;
	}
	return 0;
}

static void xas_free(struct xas *as)
{
	for (unsigned i = 0; i < as->nlines; i++)
		free(as->lines[i].text);
	free(as->lines);
	for (unsigned i = 0; i < as->nfiles; i++)
		free(as->files[i]);
	free(as->files);
	for (unsigned i = 0; i < as->nsyms; i++)
		free(as->syms[i].name);
	free(as->syms);
	for (unsigned i = 0; i < as->nchunks; i++)
		free(as->chunks[i].bytes);
	free(as->chunks);
	free(as->code);
	free(as->bad);
}

static int xas_run(struct xas *as, const char *name, const char *src,
		   struct me_image *img, char **errors)
{
	int rc = -1;

	as->contexts = 8;
	as->name = name;
	if (xas_predefine(as) || xas_read(as, xas_intern_file(as, name), src, 0))
		xas_error_at(as, NULL, 0, "out of memory");
	as->bad = calloc(as->nlines + 1, 1);
	if (!as->bad)
		xas_error_at(as, NULL, 0, "out of memory");
	/* Pass 2 runs after pass-1 errors too, so one run reports them all. */
	if (!as->nerr && as->bad) {
		xas_pass(as, 1);
		if (xas_alloc_pass2(as))
			xas_error_at(as, NULL, 0, "out of memory");
		else
			xas_pass(as, 2);
	}
	if (!as->nerr && xas_image(as, img))
		me_image_free(img);
	if (!as->nerr)
		rc = 0;
	*errors = as->nerr ? as->errs : NULL;
	if (as->nerr > XAS_MAX_ERRORS && as->errs) {
		char *p = realloc(as->errs, as->errlen + 64);

		if (p) {
			snprintf(p + as->errlen, 64, "%s: too many errors\n", name);
			*errors = p;
		}
	}
	if (!as->nerr)
		free(as->errs);
	xas_free(as);
	return rc;
}

int xas_assemble_string(const char *name, const char *src,
			const struct xas_options *opt, struct me_image *img,
			char **errors)
{
	struct xas as = { .opt = opt };

	return xas_run(&as, name, src, img, errors);
}

int xas_assemble_file(const char *path, const struct xas_options *opt,
		      struct me_image *img, char **errors)
{
	struct xas as = { .opt = opt };
	char *src = xas_slurp(path);
	int rc;

	if (!src) {
		int n = snprintf(NULL, 0, "%s: error: %s\n", path, strerror(errno));

		*errors = malloc((size_t)n + 1);
		if (*errors)
			snprintf(*errors, (size_t)n + 1, "%s: error: %s\n", path,
				 strerror(errno));
		return -1;
	}
	rc = xas_run(&as, path, src, img, errors);
	free(src);
	return rc;
}
