// SPDX-License-Identifier: GPL-2.0-or-later
/* The profile report of xnic-cc --profile: see xnic_cc_profile.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "me_encode.h"
#include "xnic_cc_profile.h"

/* The largest frame the card's packet buffer takes, after the headroom. */
static unsigned int xnic_cc_profile_max_frame(void)
{
	struct me_card_config cfg;

	me_card_config_default(&cfg);
	return cfg.pkt_buf_size - ME_PKT_HEADROOM;
}

int xnic_cc_profile_open(struct xnic_cc_profile *p, const struct xnic_cc_obj *obj,
			 const struct xcc_prog *prog, struct xnic_cc_card *card,
			 const char *object_path)
{
	memset(p, 0, sizeof(*p));
	p->obj = obj;
	p->prog = prog;
	if (xcc_prog_image(prog, &p->image)) {
		snprintf(p->err, sizeof(p->err), "no compiled image");
		return -1;
	}
	p->origin = calloc(p->image.n_code + 1, sizeof(*p->origin));
	if (!p->origin || xnic_cc_lines_load(&p->lines, object_path, obj)) {
		snprintf(p->err, sizeof(p->err), "out of memory");
		return -1;
	}
	if (xcc_prog_origins(prog, p->origin, p->image.n_code)) {
		snprintf(p->err, sizeof(p->err), "no instruction origins");
		return -1;
	}
	return me_card_profile_start(card->card, p->err, sizeof(p->err));
}

void xnic_cc_profile_close(struct xnic_cc_profile *p)
{
	xnic_cc_lines_free(&p->lines);
	free(p->origin);
	p->origin = NULL;
}

/* Frames leaving the card (to the wire or the host) cross packet I/O again. */
static void xnic_cc_profile_packet(struct xnic_cc_profile *p, size_t len,
				   const struct xnic_cc_result *res)
{
	p->packets++;
	p->bytes_in += len;
	if (res->retval == XDP_PASS || res->retval == XDP_TX || res->retval == XDP_REDIRECT)
		p->bytes_out += res->len;
}

int xnic_cc_profile_run(struct xnic_cc_profile *p, struct xnic_cc_card *card,
			const unsigned char *pkt, size_t len, struct xnic_cc_result *res)
{
	if (len > xnic_cc_profile_max_frame()) {
		snprintf(p->err, sizeof(p->err),
			 "packet %u: a frame of %zu bytes does not fit the card's packet buffer "
			 "(%u bytes after the headroom); cut the pcap (e.g. editcap -s %u)",
			 res->index, len, xnic_cc_profile_max_frame(), xnic_cc_profile_max_frame());
		return -EMSGSIZE;
	}
	if (xnic_cc_card_run(card, pkt, len, res)) {
		snprintf(p->err, sizeof(p->err), "%s", card->err);
		return -EIO;
	}
	if (!res->err)
		xnic_cc_profile_packet(p, len, res);
	return 0;
}

static int xnic_cc_profile_decode(const struct xnic_cc_profile *p, uint32_t pc,
				  struct me_insn *in)
{
	return me_decode(p->image.code[pc], in, NULL, 0);
}

/* The eBPF instruction behind a card address, or NULL (harness, orphan routine). */
static const struct bpf_insn *xnic_cc_profile_bpf(const struct xnic_cc_profile *p, uint32_t pc)
{
	uint32_t i = p->origin[pc].insn;

	return p->origin[pc].kind != XCC_ORIGIN_HARNESS && i < p->obj->n_insns ?
	       &p->obj->insns[i] : NULL;
}

static int xnic_cc_profile_is_helper(const struct bpf_insn *insn)
{
	return insn && insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == 0;
}

/*
 * The harness's pkt_rx waits for the next frame, not for the program:
 * its wait is idle time and stays out of every sum.
 */
static unsigned long long xnic_cc_profile_wait(const struct xnic_cc_profile *p, uint32_t pc)
{
	struct me_insn in;

	if (p->origin[pc].kind == XCC_ORIGIN_HARNESS && !xnic_cc_profile_decode(p, pc, &in) &&
	    in.op == ME_OP_PKT_RX)
		return 0;
	return p->insn[pc].wait;
}

static void xnic_cc_profile_account(struct xnic_cc_profile *p, uint32_t pc)
{
	const struct me_profile_insn *e = &p->insn[pc];
	const struct bpf_insn *insn = xnic_cc_profile_bpf(p, pc);
	struct me_insn in;

	p->split.issue += e->cycles;
	if (p->origin[pc].kind == XCC_ORIGIN_HARNESS) {
		p->split.harness += e->cycles + xnic_cc_profile_wait(p, pc);
		return;
	}
	if (xnic_cc_profile_is_helper(insn))
		p->split.helpers += e->cycles;
	else
		p->split.own += e->cycles;
	p->split.mem_wait += e->wait;
	/* memory commands only: packet I/O and DMA carry their lengths in $xw */
	if (!xnic_cc_profile_decode(p, pc, &in) && me_opinfo(in.op)->format == ME_FMT_MEM &&
	    in.space == ME_SPACE_EMEM)
		p->emem_bytes += e->count * in.len;
}

void xnic_cc_profile_collect(struct xnic_cc_profile *p, struct xnic_cc_card *card)
{
	uint32_t n, pc, m;

	me_card_profile_stop(card->card);
	p->insn = me_card_profile(card->card, &n);
	memset(&p->split, 0, sizeof(p->split));
	p->emem_bytes = 0;
	for (pc = 0; pc < p->image.n_code && pc < n; pc++)
		xnic_cc_profile_account(p, pc);
	p->total_insns = p->total_cycles = 0;
	for (m = 0; m < me_card_num_me(card->card); m++) {
		struct me_counters c;

		me_card_counters(card->card, m, &c);
		p->total_insns += c.insns;
		p->total_cycles += c.cycles - c.idle_cycles;
	}
}

/* ---- the report ---- */

static unsigned long long xnic_cc_profile_packet_cycles(const struct xnic_cc_profile *p)
{
	const struct xnic_cc_profile_split *s = &p->split;

	return s->own + s->helpers + s->mem_wait + s->harness;
}

static double xnic_cc_per_packet(const struct xnic_cc_profile *p, unsigned long long v)
{
	return p->packets ? (double)v / (double)p->packets : 0.0;
}

static double xnic_cc_share(const struct xnic_cc_profile *p, unsigned long long v)
{
	unsigned long long all = xnic_cc_profile_packet_cycles(p);

	return all ? 100.0 * (double)v / (double)all : 0.0;
}

static void xnic_cc_json_string(FILE *out, const char *s)
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

static void xnic_cc_profile_card_text(const struct xnic_cc_profile *p, uint32_t pc,
				      char *buf, size_t size)
{
	struct me_insn in;

	if (xnic_cc_profile_decode(p, pc, &in) || me_format_insn(&in, buf, size, NULL, NULL) < 0)
		snprintf(buf, size, ".word 0x%016llx", (unsigned long long)p->image.code[pc]);
}

static void xnic_cc_profile_bpf_text(const struct xnic_cc_profile *p, uint32_t i, char *buf,
				     size_t size)
{
	const struct bpf_insn *insn = &p->obj->insns[i];

	xcc_disasm(buf, size, insn, i + 1 < p->obj->n_insns ? insn + 1 : NULL);
}

/* The source line of a group; line 0 is code the compiler made up. */
static const struct xnic_cc_line *xnic_cc_profile_line(const struct xnic_cc_profile *p,
						       uint32_t pc)
{
	const struct xcc_origin *o = &p->origin[pc];
	const struct xnic_cc_line *line;

	if (o->kind != XCC_ORIGIN_INSN)
		return NULL;
	line = xnic_cc_lines_get(&p->lines, o->insn);
	return line && line->line ? line : NULL;
}

/*
 * The heading of a group: what the card instructions below implement, and
 * its C line when it differs from the previous group's (perf annotate).
 */
static void xnic_cc_profile_group(FILE *out, const struct xnic_cc_profile *p, uint32_t pc,
				  int json, const struct xnic_cc_line **last)
{
	const struct xcc_origin *o = &p->origin[pc];
	const struct xnic_cc_line *line = xnic_cc_profile_line(p, pc);
	static const char *const kinds[] = { "insn", "routine", "harness" };
	char text[160] = "";

	if (o->insn != XCC_ORIGIN_NONE)
		xnic_cc_profile_bpf_text(p, o->insn, text, sizeof(text));
	if (json) {
		fprintf(out, "{\"kind\":\"%s\"", kinds[o->kind]);
		if (o->insn != XCC_ORIGIN_NONE) {
			fprintf(out, ",\"insn\":%u,\"bpf\":", o->insn);
			xnic_cc_json_string(out, text);
		}
		if (line) {
			fputs(",\"file\":", out);
			xnic_cc_json_string(out, line->file);
			fprintf(out, ",\"line\":%u,\"source\":", line->line);
			xnic_cc_json_string(out, line->text);
		}
		fputs(",\"card\":[", out);
		return;
	}
	if (line && (!*last || (*last)->line != line->line || strcmp((*last)->file, line->file)))
		fprintf(out, "%28s; %s:%u: %s\n", "", line->file, line->line, line->text);
	if (line)
		*last = line;
	if (o->kind == XCC_ORIGIN_INSN)
		fprintf(out, "%28s%5u: %s\n", "", o->insn, text);
	else if (o->kind == XCC_ORIGIN_ROUTINE && o->insn != XCC_ORIGIN_NONE)
		fprintf(out, "%28s  runtime routine, first called by %u: %s\n", "", o->insn, text);
	else
		fprintf(out, "%28s  %s\n", "", o->kind == XCC_ORIGIN_HARNESS ?
			"harness (rx, xdp_md, tx: not the program)" : "runtime routine");
}

static void xnic_cc_profile_row(FILE *out, const struct xnic_cc_profile *p, uint32_t pc,
				int json, int first)
{
	const struct me_profile_insn *e = &p->insn[pc];
	unsigned long long wait = xnic_cc_profile_wait(p, pc);
	char text[160];

	xnic_cc_profile_card_text(p, pc, text, sizeof(text));
	if (json) {
		fprintf(out, "%s{\"pc\":%u,\"asm\":", first ? "" : ",", pc);
		xnic_cc_json_string(out, text);
		fprintf(out, ",\"count\":%llu,\"cycles\":%llu,\"wait\":%llu,\"share\":%.3f}",
			(unsigned long long)e->count, (unsigned long long)e->cycles, wait,
			xnic_cc_share(p, e->cycles + wait));
		return;
	}
	fprintf(out, "%6.2f%% %8llu %6llu %6llu %5u: %s\n", xnic_cc_share(p, e->cycles + wait),
		(unsigned long long)e->count, (unsigned long long)e->cycles, wait, pc, text);
}

static int xnic_cc_profile_same_group(const struct xnic_cc_profile *p, uint32_t a, uint32_t b)
{
	return p->origin[a].kind == p->origin[b].kind && p->origin[a].insn == p->origin[b].insn;
}

static void xnic_cc_profile_listing(FILE *out, const struct xnic_cc_profile *p, int json)
{
	const struct xnic_cc_line *last = NULL;
	uint32_t pc;

	if (!json)
		fprintf(out, "%7s %8s %6s %6s %5s  %s\n", "share", "count", "cycles", "wait", "pc",
			"card instruction, under the eBPF instruction and C line it implements");
	for (pc = 0; pc < p->image.n_code; pc++) {
		int first = !pc || !xnic_cc_profile_same_group(p, pc - 1, pc);

		if (first && pc && json)
			fputs("]},", out);
		if (first)
			xnic_cc_profile_group(out, p, pc, json, &last);
		xnic_cc_profile_row(out, p, pc, json, first);
	}
	if (json && p->image.n_code)
		fputs("]}", out);
}

static void xnic_cc_profile_summary(FILE *out, const struct xnic_cc_profile *p)
{
	const struct xnic_cc_profile_split *s = &p->split;
	const struct { const char *what; unsigned long long v; } rows[] = {
		{ "the program's own code", s->own },
		{ "helpers (inline and their runtime routines)", s->helpers },
		{ "memory waits (the program's commands)", s->mem_wait },
		{ "harness: rx, xdp_md, tx (the firmware's part)", s->harness },
	};
	size_t i;

	fprintf(out, "%s: %llu packets, %.1f cycles per packet (%.1f issue, %.1f waiting)\n",
		bpf_program__name(p->obj->prog), p->packets,
		xnic_cc_per_packet(p, xnic_cc_profile_packet_cycles(p)),
		xnic_cc_per_packet(p, s->issue),
		xnic_cc_per_packet(p, xnic_cc_profile_packet_cycles(p) - s->issue));
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		fprintf(out, "  %10.1f  %6.2f%%  %s\n", xnic_cc_per_packet(p, rows[i].v),
			xnic_cc_share(p, rows[i].v), rows[i].what);
	fprintf(out, "card: %llu instructions, %llu busy cycles in the run\n\n", p->total_insns,
		p->total_cycles);
}

void xnic_cc_profile_print(FILE *out, const struct xnic_cc_profile *p, int json)
{
	const struct xnic_cc_profile_split *s = &p->split;

	if (!json) {
		xnic_cc_profile_summary(out, p);
		xnic_cc_profile_listing(out, p, 0);
		return;
	}
	fprintf(out, "{\"profile\":{\"program\":");
	xnic_cc_json_string(out, bpf_program__name(p->obj->prog));
	fprintf(out, ",\"packets\":%llu,\"card_insns\":%llu,\"card_cycles\":%llu,"
		"\"cycles_per_packet\":%.3f,\"split\":{\"own\":%llu,\"helpers\":%llu,"
		"\"mem_wait\":%llu,\"harness\":%llu,\"issue\":%llu},\"groups\":[",
		p->packets, p->total_insns, p->total_cycles,
		xnic_cc_per_packet(p, xnic_cc_profile_packet_cycles(p)), s->own, s->helpers,
		s->mem_wait, s->harness, s->issue);
	xnic_cc_profile_listing(out, p, 1);
	fputs("]}}\n", out);
}
