/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnic-as: assemble microengine source into a card image
 * (docs/isa.md sections 10 and 11).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xas.h"

#define XNIC_AS_MAX_INCLUDES 32

static void xnic_as_usage(FILE *f)
{
	fprintf(f, "usage: xnic-as [-I dir]... [-o out.img] input.s\n"
		   "Assemble microengine code (docs/isa.md) into a card image.\n"
		   "Without -o the image goes to input with its extension replaced by .img.\n");
}

static char *xnic_as_default_output(const char *in)
{
	const char *dot = strrchr(in, '.'), *slash = strrchr(in, '/');
	size_t base = dot && (!slash || dot > slash) ? (size_t)(dot - in) : strlen(in);
	char *out = malloc(base + 5);

	if (out)
		snprintf(out, base + 5, "%.*s.img", (int)base, in);
	return out;
}

int main(int argc, char **argv)
{
	const char *inc[XNIC_AS_MAX_INCLUDES];
	struct xas_options opt = { .include_dirs = inc };
	struct me_image img;
	char *out = NULL, *errors = NULL, err[256];
	int c, rc = 1;

	while ((c = getopt(argc, argv, "I:o:h")) != -1) {
		switch (c) {
		case 'I':
			if (opt.n_include_dirs == XNIC_AS_MAX_INCLUDES) {
				fprintf(stderr, "xnic-as: too many -I options\n");
				return 2;
			}
			inc[opt.n_include_dirs++] = optarg;
			break;
		case 'o':
			free(out);
			out = strdup(optarg);
			break;
		case 'h':
			xnic_as_usage(stdout);
			return 0;
		default:
			xnic_as_usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		xnic_as_usage(stderr);
		return 2;
	}
	if (!out)
		out = xnic_as_default_output(argv[optind]);
	if (xas_assemble_file(argv[optind], &opt, &img, &errors)) {
		fputs(errors ? errors : "xnic-as: out of memory\n", stderr);
	} else if (me_image_save_file(out, &img, err, sizeof(err))) {
		fprintf(stderr, "xnic-as: %s\n", err);
		me_image_free(&img);
	} else {
		me_image_free(&img);
		rc = 0;
	}
	free(errors);
	free(out);
	return rc;
}
