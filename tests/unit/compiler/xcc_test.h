/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the compiler's unit tests: building programs and compiling them. */
#ifndef XCC_TEST_H
#define XCC_TEST_H

#include <check.h>
#include <stdlib.h>

#include "xcc_priv.h"

#define XCC_TEST_INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define T_MOV64_IMM(d, i)	XCC_TEST_INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define T_MOV64_REG(d, s)	XCC_TEST_INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define T_ALU64_IMM(op, d, i)	XCC_TEST_INSN(BPF_ALU64 | (op) | BPF_K, d, 0, 0, i)
#define T_ALU64_REG(op, d, s)	XCC_TEST_INSN(BPF_ALU64 | (op) | BPF_X, d, s, 0, 0)
#define T_ALU32_IMM(op, d, i)	XCC_TEST_INSN(BPF_ALU | (op) | BPF_K, d, 0, 0, i)
#define T_LDX(sz, d, s, o)	XCC_TEST_INSN(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define T_STX(sz, d, s, o)	XCC_TEST_INSN(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define T_ST(sz, d, o, i)	XCC_TEST_INSN(BPF_ST | BPF_MEM | (sz), d, 0, o, i)
#define T_JMP_IMM(op, d, i, o)	XCC_TEST_INSN(BPF_JMP | (op) | BPF_K, d, 0, o, i)
#define T_JMP_REG(op, d, s, o)	XCC_TEST_INSN(BPF_JMP | (op) | BPF_X, d, s, o, 0)
#define T_JA(o)			XCC_TEST_INSN(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define T_CALL(helper)		XCC_TEST_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, helper)
#define T_CALL_PC(rel)		XCC_TEST_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, rel)
#define T_EXIT()		XCC_TEST_INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define T_LD_MAP(d, idx)	XCC_TEST_INSN(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_MAP_FD, 0, idx), \
				XCC_TEST_INSN(0, 0, 0, 0, 0)
#define T_LD_FUNC(d, rel)	XCC_TEST_INSN(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_FUNC, 0, rel), \
				XCC_TEST_INSN(0, 0, 0, 0, 0)
#define T_LD_IMM64(d, lo, hi)	XCC_TEST_INSN(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, lo), \
				XCC_TEST_INSN(0, 0, 0, 0, hi)

/* The usual packet prologue: r2 = data, r3 = data_end, r1 kept as ctx. */
#define T_PKT_PROLOGUE()	T_LDX(BPF_W, 2, 1, 0), T_LDX(BPF_W, 3, 1, 4)

struct xcc_test {
	struct xcc_env env;
	struct xcc_prog *prog;
	int err;
	char log[8192];
};

static inline void *xcc_test_alloc(void *opaque, size_t size)
{
	return calloc(1, size);
}

static inline void xcc_test_free(void *opaque, void *ptr)
{
	free(ptr);
}

static inline void xcc_test_log(void *opaque, enum xcc_log_level level, const char *line)
{
	struct xcc_test *t = opaque;
	size_t n = strlen(t->log);

	snprintf(t->log + n, sizeof(t->log) - n, "%s\n", line);
}

/* A hash map with 4-byte keys and 8-byte values, the tests' only map. */
static const struct xcc_map_desc xcc_test_maps[] = {
	{ .type = BPF_MAP_TYPE_HASH, .key_size = 4, .value_size = 8, .max_entries = 16,
	  .name = "h" },
};

static inline void xcc_test_compile_opts(struct xcc_test *t, const struct bpf_insn *insns,
					 u32 n, const char *dump_after)
{
	struct xcc_options opts = { .dump_after = dump_after, .frontend_only = 1 };

	memset(t, 0, sizeof(*t));
	t->env = (struct xcc_env){ xcc_test_alloc, xcc_test_free, xcc_test_log, t };
	t->prog = xcc_prog_new(&t->env, insns, n, xcc_test_maps, 1);
	ck_assert_ptr_nonnull(t->prog);
	t->err = xcc_compile(t->prog, &opts);
}

#define xcc_test_compile(t, insns) \
	xcc_test_compile_opts(t, insns, XCC_ARRAY_SIZE(insns), NULL)

static inline void xcc_test_done(struct xcc_test *t)
{
	xcc_prog_free(t->prog);
	t->prog = NULL;
}

static inline const struct xcc_insn_meta *xcc_test_meta(const struct xcc_test *t, u32 i)
{
	ck_assert_uint_lt(i, t->prog->n_insns);
	return &t->prog->meta[i];
}

#endif
