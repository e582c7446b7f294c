/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The C source line of each eBPF instruction of the loaded program, from
 * the object's BTF line info (.BTF.ext, the format of the kernel's
 * Documentation/bpf/btf.rst), as perf annotate shows it
 * (docs/performance.md, "Source lines").
 */
#ifndef XNIC_CC_LINES_H
#define XNIC_CC_LINES_H

#include <stddef.h>

#include "xnic_cc_obj.h"
#include "xnic_profile.h"

struct btf;

struct xnic_cc_lines {
	struct btf *btf;		/* owns the strings */
	struct xnic_profile_line *by_insn;	/* obj->n_insns entries */
	size_t n;
};

/*
 * Reads path's line info for obj's program.  The main function's
 * instructions map by position; subprograms libbpf appended are found by
 * their code.  An object without BTF gives no lines, not an error.
 * 0, or -ENOMEM.
 */
int xnic_cc_lines_load(struct xnic_cc_lines *l, const char *path, const struct xnic_cc_obj *obj);
void xnic_cc_lines_free(struct xnic_cc_lines *l);

#endif
