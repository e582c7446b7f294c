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

struct btf;

struct xnic_cc_line {
	const char *file;	/* NULL: no line info for this instruction */
	const char *text;	/* the source line as the compiler recorded it */
	unsigned int line, col;
};

struct xnic_cc_lines {
	struct btf *btf;		/* owns the strings */
	struct xnic_cc_line *by_insn;	/* obj->n_insns entries */
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
/* The line of eBPF instruction insn, or NULL. */
const struct xnic_cc_line *xnic_cc_lines_get(const struct xnic_cc_lines *l, size_t insn);

#endif
