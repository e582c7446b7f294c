// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic-objdump -p ID --profile: the card's per-instruction profile of the
 * program an xnic runs (docs/performance.md "The profile in the guest"),
 * printed by the report xnic-cc --profile prints (tools/xnic-profile).
 * Inputs: the card's rows from the driver's debugfs `profile` (count,
 * cycles and wait per istore address; for the program's words, the eBPF
 * instruction each implements, numbered as the kernel's xlated program;
 * the program's BTF line info as the kernel keeps it, which the bpf
 * syscall does not give for a device-bound program in 6.1), the
 * program's card code (its jited image), its xlated instructions and BTF
 * (BPF_OBJ_GET_INFO_BY_FD, BPF_BTF_GET_FD_BY_ID: the lines' strings), and
 * the running firmware's image, whose pkt_rx waits are idle time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "me_encode.h"
#include "xnic_guest.h"
#include "xnic_objdump.h"
#include "xnic_profile.h"

struct objdump_prof {
	struct xnic_guest_card card;
	struct bpf_prog_info info;
	struct bpf_insn *insns;			/* xlated */
	struct bpf_line_info *linfo;		/* from debugfs */
	uint32_t n_linfo;
	uint8_t *btf;				/* raw BTF: its strings */
	uint32_t btf_size;
	struct xnic_profile_line *lines;	/* per xlated instruction */
	struct me_image code;			/* the jited card code */
	struct me_image fw;			/* the running firmware's image */
	/* from debugfs */
	unsigned int card_prog, slot, words;
	unsigned long long card_insns, card_cycles;
	struct me_profile_insn *prof;		/* per word of the program */
	struct xcc_origin *origin;
	struct xnic_profile view;
	char *err;
	size_t errlen;
};

/* The xlated instructions, in a second info call. */
static int prof_prog(struct objdump_prof *p, const char *spec)
{
	struct bpf_prog_info info;
	int fd = xnic_guest_prog_fd(spec), r;

	if (fd < 0 || xnic_guest_prog_info(fd, &p->info))
		goto fail;
	p->insns = calloc(p->info.xlated_prog_len / 8 + 1, 8);
	if (!p->insns)
		goto fail;
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = p->info.xlated_prog_len;
	info.xlated_prog_insns = (uintptr_t)p->insns;
	r = xnic_guest_prog_info(fd, &info);
	close(fd);
	if (!r)
		return 0;
	fd = -1;
fail:
	snprintf(p->err, p->errlen, "program %s: %s", spec, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

/* The program's BTF as the kernel holds it: its string section names lines. */
static int prof_btf(struct objdump_prof *p)
{
	struct bpf_btf_info info;
	union bpf_attr attr;
	int fd, r;

	if (!p->info.btf_id)
		return 0;	/* no BTF: a listing without lines */
	memset(&attr, 0, sizeof(attr));
	attr.btf_id = p->info.btf_id;
	fd = xnic_guest_bpf(BPF_BTF_GET_FD_BY_ID, &attr);
	if (fd < 0)
		goto fail;
	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (uintptr_t)&info;
	r = xnic_guest_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr);
	p->btf_size = info.btf_size;
	p->btf = r ? NULL : malloc(p->btf_size + 1);
	if (p->btf) {
		memset(&info, 0, sizeof(info));
		info.btf = (uintptr_t)p->btf;
		info.btf_size = p->btf_size;
		r = xnic_guest_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr);
	}
	close(fd);
	if (p->btf && !r)
		return 0;
fail:
	snprintf(p->err, p->errlen, "BTF %u: %s", p->info.btf_id, strerror(errno));
	return -1;
}

/* A string of the BTF's string section (struct btf_header), or "". */
static const char *prof_btf_str(const struct objdump_prof *p, uint32_t off)
{
	uint32_t hdr_len, str_off, str_len;

	if (!p->btf || p->btf_size < 24)
		return "";
	memcpy(&hdr_len, p->btf + 4, 4);
	memcpy(&str_off, p->btf + 16, 4);
	memcpy(&str_len, p->btf + 20, 4);
	if (off >= str_len || (uint64_t)hdr_len + str_off + str_len > p->btf_size)
		return "";
	return (const char *)p->btf + hdr_len + str_off + off;
}

/* A line record holds until the next one, as perf annotate reads them. */
static int prof_lines(struct objdump_prof *p)
{
	uint32_t n = p->info.xlated_prog_len / 8, r, i;

	p->lines = calloc(n + 1, sizeof(*p->lines));
	if (!p->lines) {
		snprintf(p->err, p->errlen, "out of memory");
		return -1;
	}
	for (r = 0; r < p->n_linfo; r++) {
		const struct bpf_line_info *l = &p->linfo[r];
		uint32_t end = r + 1 < p->n_linfo ? p->linfo[r + 1].insn_off : n;

		for (i = l->insn_off; i < end && i < n; i++)
			p->lines[i] = (struct xnic_profile_line){
				.file = prof_btf_str(p, l->file_name_off),
				.text = prof_btf_str(p, l->line_off),
				.line = BPF_LINE_INFO_LINE_NUM(l->line_col),
				.col = BPF_LINE_INFO_LINE_COL(l->line_col),
			};
	}
	return 0;
}

/* The running firmware: debugfs `firmware` names its file. */
static int prof_firmware(struct objdump_prof *p)
{
	char path[512], name[128] = "";
	FILE *f;

	xnic_guest_path(&p->card, "firmware", path, sizeof(path));
	f = fopen(path, "r");
	if (!f || !fgets(name, sizeof(name), f)) {
		snprintf(p->err, p->errlen, "%s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	name[strcspn(name, "\n")] = '\0';
	snprintf(path, sizeof(path), "/lib/firmware/%s", name);
	return me_image_load_file(path, &p->fw, p->err, p->errlen);
}

static int prof_origin(const char *kind, unsigned int insn, int has_insn,
		       struct xcc_origin *o)
{
	static const char *const kinds[] = {
		[XCC_ORIGIN_INSN] = "insn",
		[XCC_ORIGIN_ROUTINE] = "routine",
		[XCC_ORIGIN_HARNESS] = "harness",
	};
	uint32_t k;

	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (!strcmp(kind, kinds[k])) {
			o->kind = k;
			o->insn = has_insn ? insn : XCC_ORIGIN_NONE;
			return 0;
		}
	return -1;
}

/* The firmware's part: everything before the program, pkt_rx's idling out. */
static void prof_outside(struct objdump_prof *p, unsigned int pc,
			 const struct me_profile_insn *e)
{
	struct me_insn in;
	int idle = pc < p->fw.ncode && !me_decode(p->fw.code[pc], &in, NULL, 0) &&
		   in.op == ME_OP_PKT_RX;

	p->view.outside_insns += e->count;
	p->view.outside_issue += e->cycles;
	p->view.outside_wait += idle ? 0 : e->wait;
	if (pc == p->slot)
		p->view.packets = e->count;	/* the slot's branch: once a frame */
}

static int prof_row(struct objdump_prof *p, const char *line)
{
	unsigned long long count, cycles, wait;
	unsigned int pc, insn, w;
	char kind[16] = "";
	int n = sscanf(line, "%u %llu %llu %llu %15s %u", &pc, &count, &cycles, &wait, kind,
		       &insn);
	struct me_profile_insn e = { count, cycles, wait };

	if (n < 4)
		return -1;
	if (pc <= p->slot) {
		prof_outside(p, pc, &e);
		return 0;
	}
	w = pc - p->slot - 1;
	if (w >= p->words || n < 5 || prof_origin(kind, insn, n == 6, &p->origin[w]))
		return -1;
	p->prof[w] = e;
	return 0;
}

/* One record of the program's line info: insn_off file_name_off line_off line_col */
static int prof_linfo(struct objdump_prof *p, const char *line)
{
	struct bpf_line_info l, *more;

	if (sscanf(line, "line %u %u %u %u", &l.insn_off, &l.file_name_off, &l.line_off,
		   &l.line_col) != 4)
		return -1;
	more = realloc(p->linfo, (p->n_linfo + 1) * sizeof(*p->linfo));
	if (!more)
		return -1;
	p->linfo = more;
	p->linfo[p->n_linfo++] = l;
	return 0;
}

static int prof_header(struct objdump_prof *p, const char *line)
{
	if (!strncmp(line, "line ", 5))
		return prof_linfo(p, line);
	if (sscanf(line, "prog %u", &p->card_prog) == 1 || sscanf(line, "slot %u", &p->slot) == 1 ||
	    sscanf(line, "card_insns %llu", &p->card_insns) == 1 ||
	    sscanf(line, "card_cycles %llu", &p->card_cycles) == 1 ||
	    !strncmp(line, "profiling ", 10))
		return 0;
	if (sscanf(line, "words %u", &p->words) != 1)
		return -1;
	p->prof = calloc(p->words + 1, sizeof(*p->prof));
	p->origin = calloc(p->words + 1, sizeof(*p->origin));
	return p->prof && p->origin ? 0 : -1;
}

/* The card's rows: debugfs `profile` (docs/driver.md). */
static int prof_card(struct objdump_prof *p)
{
	char path[512], line[256];
	int rows = 0, bad = 0;
	FILE *f;

	xnic_guest_path(&p->card, "profile", path, sizeof(path));
	f = fopen(path, "r");
	if (!f) {
		snprintf(p->err, p->errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (!bad && fgets(line, sizeof(line), f)) {
		if (line[0] >= '0' && line[0] <= '9')
			bad = !p->prof || prof_row(p, line);
		else
			bad = prof_header(p, line);
		rows++;
	}
	if (ferror(f) && !bad)
		bad = errno ? errno : EIO;
	fclose(f);
	if (bad)
		snprintf(p->err, p->errlen, "%s: %s at line %d", path,
			 bad == 1 ? "unexpected contents" : strerror(bad), rows);
	return bad ? -1 : 0;
}

static int prof_gather(struct objdump_prof *p, const char *spec, int *status)
{
	int not_xnic;

	*status = 3;
	if (xnic_guest_card(spec, &p->card, &not_xnic, p->err, p->errlen))
		return -1;
	*status = 1;
	if (xnic_objdump_prog_load(spec, &p->code, p->err, p->errlen) || prof_prog(p, spec) ||
	    prof_btf(p) || prof_firmware(p) || prof_card(p) || prof_lines(p))
		return -1;
	if (p->card_prog != p->card.prog_id || p->words != p->code.ncode) {
		*status = 3;
		snprintf(p->err, p->errlen, "program %u is offloaded to %s but is not the program "
			 "its card runs (%u)", p->card.prog_id, p->card.ifname, p->card_prog);
		return -1;
	}
	return 0;
}

static void prof_free(struct objdump_prof *p)
{
	free(p->insns);
	free(p->linfo);
	free(p->btf);
	free(p->lines);
	free(p->prof);
	free(p->origin);
	me_image_free(&p->code);
	me_image_free(&p->fw);
}

int xnic_objdump_profile(const char *spec, int json)
{
	static struct objdump_prof p;
	char err[512];
	int status;

	p.err = err;
	p.errlen = sizeof(err);
	if (prof_gather(&p, spec, &status)) {
		fprintf(stderr, "xnic-objdump: %s\n", err);
		prof_free(&p);
		return status;
	}
	p.view = (struct xnic_profile){
		.program = p.info.name,
		.code = p.code.code, .n_code = p.words, .base = p.slot + 1,
		.origin = p.origin,
		.insns = p.insns, .n_insns = p.info.xlated_prog_len / 8,
		.lines = p.lines,
		.prof = p.prof,
		.harness_what = "firmware: rx, xdp_md, verdict, tx (outside the program)",
		.outside_insns = p.view.outside_insns, .outside_issue = p.view.outside_issue,
		.outside_wait = p.view.outside_wait, .packets = p.view.packets,
		.total_insns = p.card_insns, .total_cycles = p.card_cycles,
	};
	xnic_profile_account(&p.view);
	xnic_profile_print(stdout, &p.view, json);
	prof_free(&p);
	return 0;
}
