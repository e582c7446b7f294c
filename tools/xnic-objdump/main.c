/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnic-objdump: disassemble card images or raw code (docs/isa.md sections
 * 4, 10, 11).  With -S the output is assembler source that xnic-as turns
 * back into the same image words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "me_encode.h"
#include "me_image.h"

struct objdump_opts {
	int source;	/* -S: re-assemblable source */
	int raw;	/* -r: input is bare little-endian u64 words */
};

static void objdump_usage(FILE *f)
{
	fprintf(f, "usage: xnic-objdump [-S] [-r] file\n"
		   "  -S  print assembler source (xnic-as re-assembles it to the same words)\n"
		   "  -r  file holds raw little-endian 64-bit instruction words\n");
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

static int objdump_load_raw(const char *path, struct me_image *img)
{
	FILE *f = fopen(path, "rb");
	uint8_t w[8];

	memset(img, 0, sizeof(*img));
	img->contexts = 4;	/* 32 GPRs: accept every register number */
	if (!f)
		return -1;
	while (fread(w, 1, 8, f) == 8) {
		uint64_t *c = realloc(img->code, (img->ncode + 1) * sizeof(*c));
		uint64_t v = 0;

		if (!c) {
			fclose(f);
			return -1;
		}
		for (int i = 7; i >= 0; i--)
			v = v << 8 | w[i];
		img->code = c;
		img->code[img->ncode++] = v;
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	struct objdump_opts o = { 0 };
	struct me_image img;
	char err[256];
	int c, bad;

	while ((c = getopt(argc, argv, "Srh")) != -1) {
		switch (c) {
		case 'S': o.source = 1; break;
		case 'r': o.raw = 1; break;
		case 'h': objdump_usage(stdout); return 0;
		default: objdump_usage(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		objdump_usage(stderr);
		return 2;
	}
	if (o.raw ? objdump_load_raw(argv[optind], &img) :
	    me_image_load_file(argv[optind], &img, err, sizeof(err))) {
		fprintf(stderr, "xnic-objdump: %s\n", o.raw ? argv[optind] : err);
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
