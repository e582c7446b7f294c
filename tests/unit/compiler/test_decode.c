// SPDX-License-Identifier: GPL-2.0-or-later
/* Pass "decode": what it accepts, and the index and reason of each refusal. */
#include "test_main.h"
#include "xcc_test.h"

static void check_refused(const struct bpf_insn *insns, u32 n, int err, s32 at, const char *what)
{
	struct xcc_test t;

	xcc_test_compile_opts(&t, insns, n, NULL);
	ck_assert_int_eq(t.err, -err);
	ck_assert_int_eq(xcc_prog_error_insn(t.prog), at);
	ck_assert_ptr_nonnull(strstr(xcc_prog_error(t.prog), what));
	xcc_test_done(&t);
}

#define REFUSED(insns, err, at, what) check_refused(insns, XCC_ARRAY_SIZE(insns), err, at, what)

START_TEST(test_decode_minimal)
{
	const struct bpf_insn p[] = { T_MOV64_IMM(0, 2), T_EXIT() };
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_int_eq(t.err, 0);
	ck_assert_ptr_null(xcc_prog_error(t.prog));
	ck_assert_uint_eq(t.prog->n_subprogs, 1);
	ck_assert_int_eq(xcc_test_meta(&t, 0)->jmp_dst, -1);
	xcc_test_done(&t);
}
END_TEST

START_TEST(test_decode_unknown_opcode)
{
	const struct bpf_insn p[] = { T_MOV64_IMM(0, 2), XCC_TEST_INSN(0xff, 0, 0, 0, 0), T_EXIT() };
	/* LD_ABS: a socket-filter instruction a verified XDP program cannot hold */
	const struct bpf_insn abs[] = { XCC_TEST_INSN(BPF_LD | BPF_ABS | BPF_B, 0, 0, 0, 12), T_EXIT() };

	REFUSED(p, XCC_E_INVALID, 1, "unknown opcode 0xff");
	REFUSED(abs, XCC_E_INVALID, 0, "unknown opcode 0x30");
}
END_TEST

START_TEST(test_decode_ldimm64)
{
	const struct bpf_insn ok[] = { T_LD_IMM64(0, 1, 2), T_EXIT() };
	const struct bpf_insn cut[] = { T_MOV64_IMM(0, 0), T_EXIT(),
					XCC_TEST_INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, 1) };
	const struct bpf_insn bad_hi[] = { XCC_TEST_INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, 1),
					   T_MOV64_IMM(1, 0), T_EXIT() };
	const struct bpf_insn bad_map[] = { T_LD_MAP(1, 3), T_MOV64_IMM(0, 0), T_EXIT() };
	const struct bpf_insn into[] = { T_JA(1), T_LD_IMM64(0, 1, 2), T_EXIT() };
	struct xcc_test t;

	xcc_test_compile(&t, ok);
	ck_assert_int_eq(t.err, 0);
	ck_assert(xcc_test_meta(&t, 1)->flags & XCC_META_LDIMM64_HI);
	ck_assert_uint_eq(xcc_test_meta(&t, 2)->dst.r.umin, 0x200000001ull);
	xcc_test_done(&t);
	REFUSED(cut, XCC_E_INVALID, 2, "LD_IMM64 without a second half");
	REFUSED(bad_hi, XCC_E_INVALID, 0, "LD_IMM64 without a valid second half");
	REFUSED(bad_map, XCC_E_INVALID, 0, "map index 3 but the program has 1 maps");
	REFUSED(into, XCC_E_INVALID, 0, "middle of LD_IMM64");
}
END_TEST

START_TEST(test_decode_jumps)
{
	const struct bpf_insn out[] = { T_MOV64_IMM(0, 0), T_JMP_IMM(BPF_JEQ, 0, 0, 5), T_EXIT() };
	const struct bpf_insn back[] = { T_MOV64_IMM(0, 0), T_JA(-3), T_EXIT() };
	const struct bpf_insn fall[] = { T_MOV64_IMM(0, 0), T_EXIT(), T_MOV64_IMM(0, 1) };
	const struct bpf_insn ok[] = { T_MOV64_IMM(0, 0), T_JMP_IMM(BPF_JEQ, 0, 0, 1),
				       T_MOV64_IMM(0, 1), T_EXIT() };
	struct xcc_test t;

	REFUSED(out, XCC_E_INVALID, 1, "jump target 7 out of range");
	REFUSED(back, XCC_E_INVALID, 1, "jump target -1 out of range");
	REFUSED(fall, XCC_E_INVALID, 2, "falls through");
	xcc_test_compile(&t, ok);
	ck_assert_int_eq(t.err, 0);
	ck_assert_int_eq(xcc_test_meta(&t, 1)->jmp_dst, 3);
	ck_assert(xcc_test_meta(&t, 3)->flags & XCC_META_JUMP_TARGET);
	xcc_test_done(&t);
}
END_TEST

START_TEST(test_decode_subprogs)
{
	const struct bpf_insn ok[] = { T_MOV64_IMM(1, 5), T_CALL_PC(1), T_EXIT(),
				       T_MOV64_REG(0, 1), T_EXIT() };
	/* a jump from the main program into the callee's body */
	const struct bpf_insn cross[] = { T_MOV64_IMM(1, 5), T_CALL_PC(2), T_JA(2), T_EXIT(),
					  T_MOV64_REG(0, 1), T_EXIT() };
	const struct bpf_insn bad_call[] = { T_CALL_PC(10), T_EXIT() };
	struct xcc_test t;

	xcc_test_compile(&t, ok);
	ck_assert_int_eq(t.err, 0);
	ck_assert_uint_eq(t.prog->n_subprogs, 2);
	ck_assert_uint_eq(t.prog->subprogs[1].start, 3);
	ck_assert_uint_eq(xcc_test_meta(&t, 4)->subprog, 1);
	xcc_test_done(&t);
	REFUSED(cross, XCC_E_INVALID, 2, "jump out of its subprogram");
	REFUSED(bad_call, XCC_E_INVALID, 0, "call target 11 out of range");
}
END_TEST

START_TEST(test_decode_helpers)
{
	const struct bpf_insn ringbuf[] = { T_MOV64_IMM(0, 0), T_CALL(BPF_FUNC_ringbuf_output),
					    T_EXIT() };
	const struct bpf_insn fib[] = { T_CALL(BPF_FUNC_fib_lookup), T_EXIT() };
	const struct bpf_insn huge[] = { T_CALL(100000), T_EXIT() };
	const struct bpf_insn sk_tcp[] = { T_CALL(BPF_FUNC_sk_lookup_tcp), T_EXIT() };
	const struct bpf_insn sk_udp[] = { T_CALL(BPF_FUNC_sk_lookup_udp), T_EXIT() };
	const struct bpf_insn skc_tcp[] = { T_CALL(BPF_FUNC_skc_lookup_tcp), T_EXIT() };
	const struct bpf_insn sk_release[] = { T_CALL(BPF_FUNC_sk_release), T_EXIT() };
	const struct bpf_insn syncookie[] = { T_CALL(BPF_FUNC_tcp_raw_gen_syncookie_ipv4), T_EXIT() };
	const struct bpf_insn kfunc[] = { XCC_TEST_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 7),
					  T_EXIT() };
	const struct bpf_insn ok[] = { T_CALL(BPF_FUNC_ktime_get_ns), T_EXIT() };
	struct xcc_test t;

	REFUSED(ringbuf, XCC_E_UNSUPPORTED, 1, "helper bpf_ringbuf_output (#130) is not supported");
	REFUSED(fib, XCC_E_UNSUPPORTED, 0, "helper bpf_fib_lookup (#69) cannot run on a NIC: it "
		"looks up the host's routing and neighbour tables");
	REFUSED(sk_tcp, XCC_E_UNSUPPORTED, 0, "helper bpf_sk_lookup_tcp (#84) cannot run on a NIC: "
		"it looks up sockets of the host's network stack");
	REFUSED(sk_udp, XCC_E_UNSUPPORTED, 0, "helper bpf_sk_lookup_udp (#85) cannot run on a NIC");
	REFUSED(skc_tcp, XCC_E_UNSUPPORTED, 0, "helper bpf_skc_lookup_tcp (#99) cannot run on a NIC");
	REFUSED(sk_release, XCC_E_UNSUPPORTED, 0, "helper bpf_sk_release (#86) cannot run on a NIC");
	REFUSED(syncookie, XCC_E_UNSUPPORTED, 0, "helper bpf_tcp_raw_gen_syncookie_ipv4 (#204) "
		"cannot run on a NIC: it needs the host kernel's SYN cookie secret");
	REFUSED(huge, XCC_E_UNSUPPORTED, 0, "helper #100000 is not supported");
	REFUSED(kfunc, XCC_E_UNSUPPORTED, 0, "kfunc calls are not supported: they call into the "
		"host kernel (e.g. conntrack lookups");
	xcc_test_compile(&t, ok);
	ck_assert_int_eq(t.err, 0);
	ck_assert_str_eq(xcc_test_meta(&t, 0)->helper->name, "ktime_get_ns");
	xcc_test_done(&t);
}
END_TEST

START_TEST(test_decode_fields)
{
	const struct bpf_insn reg[] = { T_MOV64_REG(11, 1), T_EXIT() };
	const struct bpf_insn fp[] = { T_MOV64_IMM(10, 0), T_EXIT() };
	const struct bpf_insn div0[] = { T_MOV64_IMM(0, 1), T_ALU64_IMM(BPF_DIV, 0, 0), T_EXIT() };
	const struct bpf_insn shift[] = { T_MOV64_IMM(0, 1), T_ALU32_IMM(BPF_LSH, 0, 32), T_EXIT() };
	const struct bpf_insn end[] = { T_MOV64_IMM(0, 1),
					XCC_TEST_INSN(BPF_ALU | BPF_END | BPF_TO_BE, 0, 0, 0, 24), T_EXIT() };
	const struct bpf_insn atomic[] = { T_MOV64_IMM(0, 1),
					   XCC_TEST_INSN(BPF_STX | BPF_ATOMIC | BPF_W, 10, 0, -8, 0x80),
					   T_EXIT() };
	const struct bpf_insn rsvd[] = { XCC_TEST_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 3, 0, 1), T_EXIT() };

	REFUSED(reg, XCC_E_INVALID, 0, "register number");
	REFUSED(fp, XCC_E_INVALID, 0, "r10 is read-only");
	REFUSED(div0, XCC_E_INVALID, 1, "division by immediate zero");
	REFUSED(shift, XCC_E_INVALID, 1, "shift by 32 in 32 bits");
	REFUSED(end, XCC_E_INVALID, 1, "byte swap of 24 bits");
	REFUSED(atomic, XCC_E_INVALID, 1, "unknown atomic operation 0x80");
	REFUSED(rsvd, XCC_E_INVALID, 0, "reserved src_reg");
}
END_TEST

START_TEST(test_decode_empty)
{
	struct xcc_test t;
	const struct bpf_insn none[1] = { T_EXIT() };

	xcc_test_compile_opts(&t, none, 0, NULL);
	ck_assert_int_eq(t.err, -XCC_E_INVALID);
	ck_assert_ptr_nonnull(strstr(xcc_prog_error(t.prog), "0 instructions"));
	xcc_test_done(&t);
}
END_TEST

/* Found by xcc-fuzz: LD_IMM64 skipped the register checks (absint indexed r13). */
START_TEST(test_decode_fuzz_ldimm64_register)
{
	const struct bpf_insn bad_dst[] = { T_LD_IMM64(13, 0, 0), T_EXIT() };
	const struct bpf_insn fp[] = { T_LD_IMM64(10, 0, 0), T_EXIT() };

	REFUSED(bad_dst, XCC_E_INVALID, 0, "register number out of range");
	REFUSED(fp, XCC_E_INVALID, 0, "r10 is read-only");
}
END_TEST

/* Found by test-diff-fuzz: JSLE's opcode bits equal BPF_END's; its src_reg is a register. */
START_TEST(test_decode_fuzz_jsle_reg)
{
	const struct bpf_insn p[] = {
		T_MOV64_IMM(1, 1), T_MOV64_IMM(0, 2),
		XCC_TEST_INSN(BPF_JMP32 | BPF_JSLE | BPF_X, 1, 1, 0, 0),
		T_JMP_REG(BPF_JSLE, 1, 0, 0), T_EXIT(),
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_int_eq(t.err, 0);
	xcc_test_done(&t);
}
END_TEST

static Suite *make_decode_suite(void)
{
	Suite *s = suite_create("compiler-decode");
	TCase *tc = tcase_create("decode");

	tcase_add_test(tc, test_decode_minimal);
	tcase_add_test(tc, test_decode_unknown_opcode);
	tcase_add_test(tc, test_decode_ldimm64);
	tcase_add_test(tc, test_decode_jumps);
	tcase_add_test(tc, test_decode_subprogs);
	tcase_add_test(tc, test_decode_helpers);
	tcase_add_test(tc, test_decode_fields);
	tcase_add_test(tc, test_decode_empty);
	tcase_add_test(tc, test_decode_fuzz_ldimm64_register);
	tcase_add_test(tc, test_decode_fuzz_jsle_reg);
	suite_add_tcase(s, tc);
	return s;
}

XCC_TEST_MAIN(make_decode_suite)
