// SPDX-License-Identifier: GPL-2.0-or-later
/* Source lines of eBPF instructions: see xnic_cc_lines.h. */
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>

#include "xnic_cc_lines.h"

/* .BTF.ext's header (Documentation/bpf/btf.rst, "BTF.ext section"). */
struct xnic_cc_btf_ext_hdr {
	uint16_t magic;
	uint8_t version, flags;
	uint32_t hdr_len;
	uint32_t func_info_off, func_info_len;
	uint32_t line_info_off, line_info_len;
};

/* One info subsection: records of one ELF section; offsets in bytes. */
struct xnic_cc_ext_sec {
	const char *name;
	uint32_t n, rec_size;
	const uint8_t *recs;
};

/* A function of the object: where its code is and how long. */
struct xnic_cc_func {
	const char *name, *sec;
	uint32_t start, end;		/* byte offsets in its section */
	const uint8_t *code;		/* the section's bytes */
	size_t code_size;
};

struct xnic_cc_lines_src {
	const uint8_t *ext;
	uint32_t ext_size;
	const struct xnic_cc_btf_ext_hdr *hdr;
	Elf *elf;
	struct xnic_cc_func *funcs;
	size_t n_funcs;
};

/* Iterates the subsections of the func_info or line_info block. */
static int xnic_cc_ext_next(const struct xnic_cc_lines *l, const uint8_t *blk, uint32_t len,
			    uint32_t *pos, struct xnic_cc_ext_sec *sec)
{
	uint32_t hdr[2];

	if (*pos == 0)
		*pos = 4;	/* the record size comes first */
	if (*pos + 8 > len)
		return 0;
	memcpy(&sec->rec_size, blk, 4);
	memcpy(hdr, blk + *pos, 8);
	sec->name = btf__name_by_offset(l->btf, hdr[0]);
	sec->n = hdr[1];
	sec->recs = blk + *pos + 8;
	if (sec->rec_size < 8 || (uint64_t)sec->n * sec->rec_size > len - *pos - 8)
		return 0;
	*pos += 8 + sec->n * sec->rec_size;
	return 1;
}

static const uint8_t *xnic_cc_elf_section(Elf *elf, const char *name, size_t *size)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		const char *n;

		if (!gelf_getshdr(scn, &sh) || !(n = elf_strptr(elf, shstrndx, sh.sh_name)) ||
		    strcmp(n, name))
			continue;
		d = elf_getdata(scn, NULL);
		if (!d)
			return NULL;
		*size = d->d_size;
		return d->d_buf;
	}
	return NULL;
}

/* Every function of func_info, with its end at the next one's start. */
static int xnic_cc_lines_funcs(struct xnic_cc_lines *l, struct xnic_cc_lines_src *s)
{
	const uint8_t *blk = s->ext + s->hdr->hdr_len + s->hdr->func_info_off;
	struct xnic_cc_ext_sec sec;
	uint32_t pos = 0, i;

	while (xnic_cc_ext_next(l, blk, s->hdr->func_info_len, &pos, &sec)) {
		size_t size = 0;
		const uint8_t *code = xnic_cc_elf_section(s->elf, sec.name, &size);
		struct xnic_cc_func *f = realloc(s->funcs, (s->n_funcs + sec.n) * sizeof(*f));

		if (!f)
			return -ENOMEM;
		s->funcs = f;
		for (i = 0; i < sec.n; i++) {
			uint32_t rec[2];
			const struct btf_type *t;

			memcpy(rec, sec.recs + (size_t)i * sec.rec_size, 8);
			t = btf__type_by_id(l->btf, rec[1]);
			f = &s->funcs[s->n_funcs++];
			*f = (struct xnic_cc_func){ t ? btf__name_by_offset(l->btf, t->name_off) : "",
						    sec.name, rec[0], (uint32_t)size, code, size };
			if (i && f[-1].end > rec[0])
				f[-1].end = rec[0];
		}
	}
	return 0;
}

/* Does func's code sit at insns[at..]?  Immediates differ after relocation. */
static int xnic_cc_lines_match(const struct xnic_cc_func *f, const struct bpf_insn *insns,
			       size_t n, size_t at)
{
	size_t k, len = (f->end - f->start) / sizeof(struct bpf_insn);

	if (!f->code || at + len > n || !len)
		return 0;
	for (k = 0; k < len; k++) {
		struct bpf_insn e;

		memcpy(&e, f->code + f->start + k * sizeof(e), sizeof(e));
		if (e.code != insns[at + k].code || e.off != insns[at + k].off ||
		    e.dst_reg != insns[at + k].dst_reg)
			return 0;
	}
	return 1;
}

/* The lines of func's instructions, placed from insns[at] on. */
static void xnic_cc_lines_place(struct xnic_cc_lines *l, struct xnic_cc_lines_src *s,
				const struct xnic_cc_func *f, size_t at)
{
	const uint8_t *blk = s->ext + s->hdr->hdr_len + s->hdr->line_info_off;
	struct xnic_cc_ext_sec sec;
	uint32_t pos = 0, i;

	while (xnic_cc_ext_next(l, blk, s->hdr->line_info_len, &pos, &sec)) {
		if (strcmp(sec.name, f->sec))
			continue;
		for (i = 0; i < sec.n; i++) {
			uint32_t rec[4];	/* insn_off, file_name_off, line_off, line_col */
			size_t k, first;

			memcpy(rec, sec.recs + (size_t)i * sec.rec_size, 16);
			if (rec[0] < f->start || rec[0] >= f->end)
				continue;
			/* a record holds until the function's next one */
			first = at + (rec[0] - f->start) / sizeof(struct bpf_insn);
			for (k = first; k < l->n && k < at + (f->end - f->start) / 8; k++)
				l->by_insn[k] = (struct xnic_profile_line){
					btf__name_by_offset(l->btf, rec[1]),
					btf__name_by_offset(l->btf, rec[2]), rec[3] >> 10, rec[3] & 0x3ff };
		}
	}
}

/* Starts of subprograms: targets of BPF-to-BPF calls and callback addresses. */
static unsigned char *xnic_cc_lines_starts(const struct bpf_insn *insns, size_t n)
{
	unsigned char *start = calloc(n + 1, 1);
	size_t i;

	for (i = 0; start && i < n; i++) {
		int call = insns[i].code == (BPF_JMP | BPF_CALL) &&
			   insns[i].src_reg == BPF_PSEUDO_CALL;
		int func = insns[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
			   insns[i].src_reg == BPF_PSEUDO_FUNC;
		long long at = (long long)i + insns[i].imm + 1;

		if ((call || func) && at > 0 && at < (long long)n)
			start[at] = 1;
	}
	return start;
}

static int xnic_cc_lines_map(struct xnic_cc_lines *l, struct xnic_cc_lines_src *s,
			     const struct xnic_cc_obj *obj)
{
	const char *main_name = bpf_program__name(obj->prog);
	const char *main_sec = bpf_program__section_name(obj->prog);
	unsigned char *start = xnic_cc_lines_starts(obj->insns, obj->n_insns);
	size_t i, at;

	if (!start)
		return -ENOMEM;

	for (i = 0; i < s->n_funcs; i++)
		if (!strcmp(s->funcs[i].name, main_name) && !strcmp(s->funcs[i].sec, main_sec))
			xnic_cc_lines_place(l, s, &s->funcs[i], 0);
	for (at = 1; at < obj->n_insns; at++) {
		if (!start[at])
			continue;
		for (i = 0; i < s->n_funcs; i++)
			if (xnic_cc_lines_match(&s->funcs[i], obj->insns, obj->n_insns, at)) {
				xnic_cc_lines_place(l, s, &s->funcs[i], at);
				break;
			}
	}
	free(start);
	return 0;
}

/* The .BTF.ext section's header, checked against the section's size. */
static int xnic_cc_lines_ext(struct xnic_cc_lines_src *s)
{
	size_t size = 0;

	s->ext = xnic_cc_elf_section(s->elf, ".BTF.ext", &size);
	s->ext_size = (uint32_t)size;
	s->hdr = (const void *)s->ext;
	return s->ext && size >= sizeof(*s->hdr) && size <= UINT32_MAX &&
	       (uint64_t)s->hdr->hdr_len + s->hdr->line_info_off + s->hdr->line_info_len <= size &&
	       (uint64_t)s->hdr->hdr_len + s->hdr->func_info_off + s->hdr->func_info_len <= size;
}

int xnic_cc_lines_load(struct xnic_cc_lines *l, const char *path, const struct xnic_cc_obj *obj)
{
	struct xnic_cc_lines_src s = { 0 };
	int fd, err = 0;

	memset(l, 0, sizeof(*l));
	l->n = obj->n_insns;
	l->by_insn = calloc(l->n + 1, sizeof(*l->by_insn));
	if (!l->by_insn)
		return -ENOMEM;
	l->btf = btf__parse_elf(path, NULL);	/* the strings */
	fd = open(path, O_RDONLY);
	elf_version(EV_CURRENT);
	s.elf = fd >= 0 ? elf_begin(fd, ELF_C_READ, NULL) : NULL;
	/* no BTF, or no line info: no lines */
	if (l->btf && s.elf && xnic_cc_lines_ext(&s)) {
		err = xnic_cc_lines_funcs(l, &s);
		if (!err)
			err = xnic_cc_lines_map(l, &s, obj);
	}
	free(s.funcs);
	if (s.elf)
		elf_end(s.elf);
	if (fd >= 0)
		close(fd);
	return err;
}

void xnic_cc_lines_free(struct xnic_cc_lines *l)
{
	btf__free(l->btf);
	free(l->by_insn);
	memset(l, 0, sizeof(*l));
}
