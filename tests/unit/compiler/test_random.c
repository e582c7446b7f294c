// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bounded deterministic random inputs for the whole front end (the libFuzzer
 * target xcc_fuzz.c runs the same entry point for longer): random instruction
 * words, and valid programs with random mutations.  Every input must end in
 * success or a clean error with a message, under ASan/valgrind when enabled.
 */
#include "test_main.h"
#include "xcc_test.h"

static u64 rng_state;

static u32 rng_next(void)
{
	/* xorshift64*: deterministic from the seed, no libc state */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (u32)((rng_state * 0x2545f4914f6cdd1dull) >> 32);
}

/* Opcodes that decode accepts, so random programs get past it often. */
static const u8 rng_codes[] = {
	BPF_ALU64 | BPF_MOV | BPF_K, BPF_ALU64 | BPF_MOV | BPF_X, BPF_ALU64 | BPF_ADD | BPF_K,
	BPF_ALU64 | BPF_ADD | BPF_X, BPF_ALU | BPF_AND | BPF_K, BPF_ALU64 | BPF_RSH | BPF_K,
	BPF_ALU64 | BPF_MOD | BPF_X, BPF_ALU | BPF_DIV | BPF_X, BPF_ALU | BPF_END | BPF_TO_BE,
	BPF_LDX | BPF_MEM | BPF_W, BPF_LDX | BPF_MEM | BPF_B, BPF_STX | BPF_MEM | BPF_DW,
	BPF_ST | BPF_MEM | BPF_W, BPF_JMP | BPF_JEQ | BPF_K, BPF_JMP | BPF_JGT | BPF_X,
	BPF_JMP32 | BPF_JSLT | BPF_K, BPF_JMP | BPF_JA, BPF_JMP | BPF_CALL, BPF_JMP | BPF_EXIT,
	BPF_LD | BPF_IMM | BPF_DW, BPF_STX | BPF_ATOMIC | BPF_DW,
};

static struct bpf_insn rng_insn(int plausible)
{
	struct bpf_insn insn;

	if (!plausible) {
		u32 w0 = rng_next(), w1 = rng_next();

		memcpy(&insn, &w0, 4);
		memcpy((char *)&insn + 4, &w1, 4);
		return insn;
	}
	memset(&insn, 0, sizeof(insn));
	insn.code = rng_codes[rng_next() % XCC_ARRAY_SIZE(rng_codes)];
	insn.dst_reg = rng_next() % 11;
	insn.src_reg = rng_next() % 11;
	insn.off = (s16)((s32)(rng_next() % 17) - 8);
	insn.imm = (s32)(rng_next() % 64) - 16;
	if (insn.code == (BPF_JMP | BPF_CALL))
		insn.src_reg = 0, insn.imm = rng_next() % 200;
	return insn;
}

/* The whole pipeline on a program the front end accepted: code or a clean refusal. */
static void rng_compile_backend(const struct bpf_insn *insns, u32 n)
{
	struct xcc_options opts = { 0 };
	struct xcc_image_info info;
	struct xcc_test t;
	int err;

	memset(&t, 0, sizeof(t));
	t.env = (struct xcc_env){ xcc_test_alloc, xcc_test_free, xcc_test_log, &t };
	t.prog = xcc_prog_new(&t.env, insns, n, xcc_test_maps, 1);
	err = xcc_compile(t.prog, &opts);
	if (err) {
		ck_assert_int_eq(err, -XCC_E_UNSUPPORTED);
		ck_assert_ptr_nonnull(xcc_prog_error(t.prog));
	} else {
		ck_assert_int_eq(xcc_prog_image(t.prog, &info), 0);
		ck_assert_uint_gt(info.n_code, 0);
		ck_assert_uint_lt(info.entry_main, info.n_code);
	}
	xcc_test_done(&t);
}

static int rng_compile(const struct bpf_insn *insns, u32 n)
{
	struct xcc_test t;
	int err;

	xcc_test_compile_opts(&t, insns, n, (rng_next() & 63) ? NULL : "all");
	err = t.err;
	ck_assert_int_le(err, 0);
	ck_assert_int_ge(err, -XCC_E_ANALYSIS);
	if (err) {
		ck_assert_ptr_nonnull(xcc_prog_error(t.prog));
		ck_assert_int_lt(xcc_prog_error_insn(t.prog), (s32)n);
	} else {
		ck_assert_ptr_null(xcc_prog_error(t.prog));
	}
	xcc_test_done(&t);
	if (!err)
		rng_compile_backend(insns, n);
	return err;
}

START_TEST(test_random_words)
{
	struct bpf_insn insns[64];
	int i, n, k, ok = 0;

	rng_state = 0x1234567u + (u64)_i;
	for (i = 0; i < 2000; i++) {
		n = 1 + rng_next() % XCC_ARRAY_SIZE(insns);
		for (k = 0; k < n; k++)
			insns[k] = rng_insn(i & 1);
		insns[n - 1] = (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };
		ok += rng_compile(insns, n) == 0;
	}
	/* plausible programs must sometimes get through the whole pipeline */
	ck_assert_int_gt(ok, 0);
}
END_TEST

START_TEST(test_random_mutations)
{
	const struct bpf_insn base[] = {
		T_PKT_PROLOGUE(), T_MOV64_REG(4, 2), T_ALU64_IMM(BPF_ADD, 4, 14),
		T_JMP_REG(BPF_JGT, 4, 3, 10), T_LDX(BPF_H, 5, 2, 12), T_ST(BPF_W, 10, -4, 0),
		T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -4), T_LD_MAP(1, 0),
		T_CALL(BPF_FUNC_map_lookup_elem), T_JMP_IMM(BPF_JEQ, 0, 0, 2),
		T_LDX(BPF_DW, 1, 0, 0), T_MOV64_IMM(0, 2), T_EXIT(),
	};
	struct bpf_insn p[XCC_ARRAY_SIZE(base)];
	int i, k;

	rng_state = 0xfeedu;
	ck_assert_int_eq(rng_compile(base, XCC_ARRAY_SIZE(base)), 0);
	for (i = 0; i < 5000; i++) {
		memcpy(p, base, sizeof(p));
		for (k = 1 + rng_next() % 3; k > 0; k--) {
			u32 at = rng_next() % XCC_ARRAY_SIZE(p);
			u8 *bytes = (u8 *)&p[at];

			bytes[rng_next() % 8] ^= (u8)(1u << (rng_next() % 8));
		}
		rng_compile(p, XCC_ARRAY_SIZE(p));
	}
}
END_TEST

static Suite *make_random_suite(void)
{
	Suite *s = suite_create("compiler-random");
	TCase *tc = tcase_create("random");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_random_words, 0, 4);
	tcase_add_test(tc, test_random_mutations);
	suite_add_tcase(s, tc);
	return s;
}

XCC_TEST_MAIN(make_random_suite)
