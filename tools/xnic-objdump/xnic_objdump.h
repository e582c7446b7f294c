/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xnic-objdump's inputs besides card image files (docs/isa.md section 12). */
#ifndef XNIC_OBJDUMP_H
#define XNIC_OBJDUMP_H

#include <stddef.h>
#include <stdint.h>

#include "me_image.h"

/* img = bare code: len bytes of little-endian 64-bit words.  0 or -1. */
int objdump_set_words(struct me_image *img, const uint8_t *bytes, size_t len);

/*
 * img = the card code the kernel holds as the jited image of an offloaded
 * program, given by id or pinned path.  0, or -1 with a message in err.
 */
int xnic_objdump_prog_load(const char *spec, struct me_image *img, char *err,
		      size_t errlen);

/*
 * --profile: the card's profile of the program an xnic runs, as the
 * listing (or JSON) of xnic-cc --profile.  Returns the exit status: 0,
 * 1 error, 3 not the program an xnic card runs.
 */
int xnic_objdump_profile(const char *spec, int json);

#endif
