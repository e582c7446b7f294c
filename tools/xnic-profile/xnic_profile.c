// SPDX-License-Identifier: GPL-2.0-or-later
/* The profile report: see xnic_profile.h. */
#include <string.h>

#include "me_encode.h"
#include "xnic_profile.h"

static int xnic_profile_decode(const struct xnic_profile *p, uint32_t i, struct me_insn *in)
{
	return me_decode(p->code[i], in, NULL, 0);
}

/* The eBPF instruction behind word i, or NULL (harness, orphan routine, unknown). */
static const struct bpf_insn *xnic_profile_bpf(const struct xnic_profile *p, uint32_t i)
{
	uint32_t insn = p->origin[i].insn;

	return p->origin[i].kind != XCC_ORIGIN_HARNESS && insn < p->n_insns ?
	       &p->insns[insn] : NULL;
}

static int xnic_profile_is_helper(const struct bpf_insn *insn)
{
	return insn && insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == 0;
}

/*
 * The harness's pkt_rx waits for the next frame, not for the program:
 * its wait is idle time and stays out of every sum.
 */
unsigned long long xnic_profile_wait(const struct xnic_profile *p, uint32_t i)
{
	struct me_insn in;

	if (p->origin[i].kind == XCC_ORIGIN_HARNESS && !xnic_profile_decode(p, i, &in) &&
	    in.op == ME_OP_PKT_RX)
		return 0;
	return p->prof[i].wait;
}

static void xnic_profile_account_word(struct xnic_profile *p, uint32_t i)
{
	const struct me_profile_insn *e = &p->prof[i];
	const struct bpf_insn *insn = xnic_profile_bpf(p, i);
	struct me_insn in;

	p->split.issue += e->cycles;
	if (p->origin[i].kind == XCC_ORIGIN_HARNESS) {
		p->split.harness += e->cycles + xnic_profile_wait(p, i);
		return;
	}
	if (xnic_profile_is_helper(insn))
		p->split.helpers += e->cycles;
	else
		p->split.own += e->cycles;
	p->split.mem_wait += e->wait;
	/* memory commands only: packet I/O and DMA carry their lengths in $xw */
	if (!xnic_profile_decode(p, i, &in) && me_opinfo(in.op)->format == ME_FMT_MEM &&
	    in.space == ME_SPACE_EMEM)
		p->emem_bytes += e->count * in.len;
}

void xnic_profile_account(struct xnic_profile *p)
{
	uint32_t i;

	memset(&p->split, 0, sizeof(p->split));
	p->emem_bytes = 0;
	for (i = 0; i < p->n_code; i++)
		xnic_profile_account_word(p, i);
	p->split.issue += p->outside_issue;
	p->split.harness += p->outside_issue + p->outside_wait;
}

unsigned long long xnic_profile_packet_cycles(const struct xnic_profile *p)
{
	const struct xnic_profile_split *s = &p->split;

	return s->own + s->helpers + s->mem_wait + s->harness;
}

static double xnic_profile_per_packet(const struct xnic_profile *p, unsigned long long v)
{
	return p->packets ? (double)v / (double)p->packets : 0.0;
}

static double xnic_profile_share(const struct xnic_profile *p, unsigned long long v)
{
	unsigned long long all = xnic_profile_packet_cycles(p);

	return all ? 100.0 * (double)v / (double)all : 0.0;
}

void xnic_profile_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\u%04x", *s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static void xnic_profile_card_text(const struct xnic_profile *p, uint32_t i, char *buf,
				   size_t size)
{
	struct me_insn in;

	if (xnic_profile_decode(p, i, &in) || me_format_insn(&in, buf, size, NULL, NULL) < 0)
		snprintf(buf, size, ".word 0x%016llx", (unsigned long long)p->code[i]);
}

static void xnic_profile_bpf_text(const struct xnic_profile *p, uint32_t insn, char *buf,
				  size_t size)
{
	const struct bpf_insn *b = &p->insns[insn];

	xcc_disasm(buf, size, b, insn + 1 < p->n_insns ? b + 1 : NULL);
}

/* The source line of a group; line 0 is code the compiler made up. */
static const struct xnic_profile_line *xnic_profile_line(const struct xnic_profile *p,
							 uint32_t i)
{
	const struct xcc_origin *o = &p->origin[i];
	const struct xnic_profile_line *line;

	if (o->kind != XCC_ORIGIN_INSN || !p->lines || o->insn >= p->n_insns)
		return NULL;
	line = &p->lines[o->insn];
	return line->file && line->line ? line : NULL;
}

/*
 * The heading of a group: what the card instructions below implement, and
 * its C line when it differs from the previous group's (perf annotate).
 */
static void xnic_profile_group(FILE *out, const struct xnic_profile *p, uint32_t i, int json,
			       const struct xnic_profile_line **last)
{
	const struct xcc_origin *o = &p->origin[i];
	const struct xnic_profile_line *line = xnic_profile_line(p, i);
	static const char *const kinds[] = { "insn", "routine", "harness" };
	int known = o->insn < p->n_insns;
	char text[160] = "";

	if (known)
		xnic_profile_bpf_text(p, o->insn, text, sizeof(text));
	if (json) {
		fprintf(out, "{\"kind\":\"%s\"", kinds[o->kind]);
		if (known) {
			fprintf(out, ",\"insn\":%u,\"bpf\":", o->insn);
			xnic_profile_json_string(out, text);
		}
		if (line) {
			fputs(",\"file\":", out);
			xnic_profile_json_string(out, line->file);
			fprintf(out, ",\"line\":%u,\"source\":", line->line);
			xnic_profile_json_string(out, line->text);
		}
		fputs(",\"card\":[", out);
		return;
	}
	if (line && (!*last || (*last)->line != line->line || strcmp((*last)->file, line->file)))
		fprintf(out, "%28s; %s:%u: %s\n", "", line->file, line->line, line->text);
	if (line)
		*last = line;
	if (o->kind == XCC_ORIGIN_INSN && known)
		fprintf(out, "%28s%5u: %s\n", "", o->insn, text);
	else if (o->kind == XCC_ORIGIN_ROUTINE && known)
		fprintf(out, "%28s  runtime routine, first called by %u: %s\n", "", o->insn, text);
	else
		fprintf(out, "%28s  %s\n", "", o->kind == XCC_ORIGIN_HARNESS ?
			"harness (rx, xdp_md, tx: not the program)" :
			o->kind == XCC_ORIGIN_ROUTINE ? "runtime routine" :
			"an eBPF instruction not found in the program");
}

static void xnic_profile_row(FILE *out, const struct xnic_profile *p, uint32_t i, int json,
			     int first)
{
	const struct me_profile_insn *e = &p->prof[i];
	unsigned long long wait = xnic_profile_wait(p, i);
	char text[160];

	xnic_profile_card_text(p, i, text, sizeof(text));
	if (json) {
		fprintf(out, "%s{\"pc\":%u,\"asm\":", first ? "" : ",", p->base + i);
		xnic_profile_json_string(out, text);
		fprintf(out, ",\"count\":%llu,\"cycles\":%llu,\"wait\":%llu,\"share\":%.3f}",
			(unsigned long long)e->count, (unsigned long long)e->cycles, wait,
			xnic_profile_share(p, e->cycles + wait));
		return;
	}
	fprintf(out, "%6.2f%% %8llu %6llu %6llu %5u: %s\n", xnic_profile_share(p, e->cycles + wait),
		(unsigned long long)e->count, (unsigned long long)e->cycles, wait, p->base + i,
		text);
}

static int xnic_profile_same_group(const struct xnic_profile *p, uint32_t a, uint32_t b)
{
	return p->origin[a].kind == p->origin[b].kind && p->origin[a].insn == p->origin[b].insn;
}

static void xnic_profile_listing(FILE *out, const struct xnic_profile *p, int json)
{
	const struct xnic_profile_line *last = NULL;
	uint32_t i;

	if (!json)
		fprintf(out, "%7s %8s %6s %6s %5s  %s\n", "share", "count", "cycles", "wait", "pc",
			"card instruction, under the eBPF instruction and C line it implements");
	for (i = 0; i < p->n_code; i++) {
		int first = !i || !xnic_profile_same_group(p, i - 1, i);

		if (first && i && json)
			fputs("]},", out);
		if (first)
			xnic_profile_group(out, p, i, json, &last);
		xnic_profile_row(out, p, i, json, first);
	}
	if (json && p->n_code)
		fputs("]}", out);
}

static void xnic_profile_summary(FILE *out, const struct xnic_profile *p)
{
	const struct xnic_profile_split *s = &p->split;
	const struct { const char *what; unsigned long long v; } rows[] = {
		{ "the program's own code", s->own },
		{ "helpers (inline and their runtime routines)", s->helpers },
		{ "memory waits (the program's commands)", s->mem_wait },
		{ p->harness_what, s->harness },
	};
	size_t i;

	fprintf(out, "%s: %llu packets, %.1f cycles per packet (%.1f issue, %.1f waiting)\n",
		p->program, p->packets,
		xnic_profile_per_packet(p, xnic_profile_packet_cycles(p)),
		xnic_profile_per_packet(p, s->issue),
		xnic_profile_per_packet(p, xnic_profile_packet_cycles(p) - s->issue));
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		fprintf(out, "  %10.1f  %6.2f%%  %s\n", xnic_profile_per_packet(p, rows[i].v),
			xnic_profile_share(p, rows[i].v), rows[i].what);
	fprintf(out, "card: %llu instructions, %llu busy cycles in the run\n\n", p->total_insns,
		p->total_cycles);
}

void xnic_profile_print(FILE *out, const struct xnic_profile *p, int json)
{
	const struct xnic_profile_split *s = &p->split;

	if (!json) {
		xnic_profile_summary(out, p);
		xnic_profile_listing(out, p, 0);
		return;
	}
	fprintf(out, "{\"profile\":{\"program\":");
	xnic_profile_json_string(out, p->program);
	fprintf(out, ",\"packets\":%llu,\"card_insns\":%llu,\"card_cycles\":%llu,"
		"\"cycles_per_packet\":%.3f,\"split\":{\"own\":%llu,\"helpers\":%llu,"
		"\"mem_wait\":%llu,\"harness\":%llu,\"issue\":%llu},"
		"\"outside\":{\"insns\":%llu,\"cycles\":%llu,\"wait\":%llu},\"groups\":[",
		p->packets, p->total_insns, p->total_cycles,
		xnic_profile_per_packet(p, xnic_profile_packet_cycles(p)), s->own, s->helpers,
		s->mem_wait, s->harness, s->issue, p->outside_insns, p->outside_issue,
		p->outside_wait);
	xnic_profile_listing(out, p, 1);
	fputs("]}}\n", out);
}
