/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xas: the microengine assembler as a library (docs/isa.md section 11), used
 * by the xnic-as tool and by the unit tests.
 */
#ifndef XAS_H
#define XAS_H

#include "me_image.h"

struct xas_options {
	const char *const *include_dirs;	/* searched after the file's dir */
	unsigned n_include_dirs;
};

/*
 * Assemble the file at path (or, for xas_assemble_string, the text src
 * named name in messages) into img.  Returns 0, or -1 with *errors set to
 * malloc'ed "file:line:column: error: message" lines (caller frees).
 */
int xas_assemble_file(const char *path, const struct xas_options *opt,
		      struct me_image *img, char **errors);
int xas_assemble_string(const char *name, const char *src,
			const struct xas_options *opt, struct me_image *img,
			char **errors);

#endif /* XAS_H */
