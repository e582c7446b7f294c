/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnic-objdump: disassemble card images or raw code (docs/isa.md sections
 * 4, 10, 11).  With -S the output is assembler source that xnic-as turns
 * back into the same image words.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "me_encode.h"
#include "me_image.h"
#include "xnic_objdump.h"

struct objdump_opts {
	int source;	/* -S: re-assemblable source */
	int raw;	/* -r: input is bare little-endian u64 words */
	int prog;	/* -p: input is an offloaded program, by id or pin */
	int profile;	/* --profile: with -p, the card's profile of it */
	int json;	/* --json: the profile as JSON */
};

static void objdump_usage(FILE *f)
{
	fprintf(f, "usage: xnic-objdump [-S] [-r | -p] file\n"
		   "       xnic-objdump -p ID|PIN --profile [--json]\n"
		   "  -S  print assembler source (xnic-as re-assembles it to the same words)\n"
		   "  -r  file holds raw little-endian 64-bit instruction words\n"
		   "  -p  file is a program offloaded to an xnic: its id or pinned path\n"
		   "      (its card code, as `bpftool prog dump jited` would give it)\n"
		   "  --profile  the card's profile of that program (debugfs profile\n"
		   "      start/stop/reset): count, cycles, wait and share per card\n"
		   "      instruction, under its eBPF instruction and C line; exit 3 when\n"
		   "      the program is not the one an xnic card runs\n"
		   "  --json     the profile as one JSON line\n");
}

static const char *objdump_label(void *opaque, uint32_t target)
{
	return me_image_sym_at(opaque, ME_SECT_CODE, target);
}

static void objdump_labels(const struct me_image *img, uint8_t sect,
			   uint32_t value)
{
	for (unsigned i = 0; i < img->nsyms; i++)
		if (img->syms[i].sect == sect && img->syms[i].value == value)
			printf("%s:\n", img->syms[i].name);
}

static int objdump_code(const struct me_image *img, const struct objdump_opts *o)
{
	int bad = 0;

	for (uint32_t i = 0; i < img->ncode; i++) {
		uint32_t idx = img->code_addr + i;
		struct me_insn in;
		char text[160], err[160];

		objdump_labels(img, ME_SECT_CODE, idx);
		if (me_decode(img->code[i], &in, err, sizeof(err))) {
			fprintf(o->source ? stderr : stdout,
				"%s%5u: %016llx  (bad: %s)\n",
				o->source ? "xnic-objdump: " : "", idx,
				(unsigned long long)img->code[i], err);
			bad = 1;
			continue;
		}
		me_format_insn(&in, text, sizeof(text), objdump_label, (void *)img);
		if (o->source)
			printf("\t%s\n", text);
		else
			printf("%5u: %016llx  %s\n", idx,
			       (unsigned long long)img->code[i], text);
	}
	return bad;
}

static const char *objdump_sect_name(uint8_t sect)
{
	static const char *const names[] = {
		[ME_SECT_LM] = "lm", [ME_SECT_PKT] = "pkt",
		[ME_SECT_IMEM] = "imem", [ME_SECT_EMEM] = "emem",
	};

	return sect < sizeof(names) / sizeof(names[0]) && names[sect] ?
	       names[sect] : "?";
}

static void objdump_data(const struct me_image *img, const struct me_image_data *d)
{
	unsigned col = 0;

	printf("\n\t.data\t%s 0x%x\n", objdump_sect_name(d->sect), d->addr);
	for (uint32_t i = 0; i < d->size; i++) {
		int labelled = me_image_sym_at(img, d->sect, d->addr + i) != NULL;

		if (col && (col == 16 || labelled)) {
			printf("\n");
			col = 0;
		}
		if (labelled)
			objdump_labels(img, d->sect, d->addr + i);
		printf(col ? ", 0x%02x" : "\t.byte\t0x%02x", d->bytes[i]);
		col++;
	}
	if (col)
		printf("\n");
}

int objdump_set_words(struct me_image *img, const uint8_t *bytes, size_t len)
{
	memset(img, 0, sizeof(*img));
	img->contexts = 4;	/* 32 GPRs: accept every register number */
	img->code = calloc(len / 8 + 1, sizeof(*img->code));
	if (!img->code)
		return -1;
	for (size_t w = 0; w < len / 8; w++) {
		uint64_t v = 0;

		for (int i = 7; i >= 0; i--)
			v = v << 8 | bytes[w * 8 + i];
		img->code[img->ncode++] = v;
	}
	return 0;
}

static int objdump_load_raw(const char *path, struct me_image *img, char *err,
			    size_t errlen)
{
	FILE *f = fopen(path, "rb");
	uint8_t *bytes = NULL;
	size_t len = 0, cap = 0, n;
	int r = -1;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			uint8_t *b = realloc(bytes, cap = cap ? 2 * cap : 4096);

			if (!b)
				goto out;
			bytes = b;
		}
		n = fread(bytes + len, 1, cap - len, f);
		len += n;
	} while (n);
	r = objdump_set_words(img, bytes, len);
out:
	if (r)
		snprintf(err, errlen, "%s: out of memory", path);
	free(bytes);
	fclose(f);
	return r;
}

static int objdump_load(const char *arg, const struct objdump_opts *o,
			struct me_image *img, char *err, size_t errlen)
{
	if (o->prog)
		return xnic_objdump_prog_load(arg, img, err, errlen);
	if (o->raw)
		return objdump_load_raw(arg, img, err, errlen);
	return me_image_load_file(arg, img, err, errlen);
}

int main(int argc, char **argv)
{
	struct objdump_opts o = { 0 };
	struct me_image img;
	char err[256];
	int c, bad;

	static const struct option opts[] = {
		{ "profile", no_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};

	while ((c = getopt_long(argc, argv, "Srph", opts, NULL)) != -1) {
		switch (c) {
		case 'S': o.source = 1; break;
		case 'r': o.raw = 1; break;
		case 'p': o.prog = 1; break;
		case 'P': o.profile = 1; break;
		case 'j': o.json = 1; break;
		case 'h': objdump_usage(stdout); return 0;
		default: objdump_usage(stderr); return 2;
		}
	}
	if (optind != argc - 1 || ((o.profile || o.json) && !o.prog) || (o.json && !o.profile)) {
		objdump_usage(stderr);
		return 2;
	}
	if (o.profile)
		return xnic_objdump_profile(argv[optind], o.json);
	if (objdump_load(argv[optind], &o, &img, err, sizeof(err))) {
		fprintf(stderr, "xnic-objdump: %s\n", err);
		return 1;
	}
	if (o.source) {
		if (img.code_addr)	/* xnic-as always starts code at 0 */
			fprintf(stderr, "xnic-objdump: warning: code starts at %u; "
				"re-assembled code will start at 0\n", img.code_addr);
		printf("\t.contexts\t%u\n\t.entry\t%u\n\n", img.contexts, img.entry);
	} else {
		printf("%s: %u contexts, entry %u, %u instructions\n\n", argv[optind],
		       img.contexts, img.entry, img.ncode);
	}
	bad = objdump_code(&img, &o);
	for (unsigned i = 0; i < img.ndata && (o.source || !bad); i++)
		objdump_data(&img, &img.data[i]);
	me_image_free(&img);
	return bad;
}
