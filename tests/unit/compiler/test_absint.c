// SPDX-License-Identifier: GPL-2.0-or-later
/* Pass "absint": pointer kinds, ranges, calls, loops and its refusals. */
#include "test_main.h"
#include "xcc_test.h"

static void check_refused(const struct bpf_insn *insns, u32 n, s32 at, const char *what)
{
	struct xcc_test t;

	xcc_test_compile_opts(&t, insns, n, NULL);
	ck_assert_int_eq(t.err, -XCC_E_UNSUPPORTED);
	ck_assert_int_eq(xcc_prog_error_insn(t.prog), at);
	ck_assert_msg(strstr(xcc_prog_error(t.prog), what), "%s", xcc_prog_error(t.prog));
	xcc_test_done(&t);
}

#define REFUSED(insns, at, what) check_refused(insns, XCC_ARRAY_SIZE(insns), at, what)

static void check_value(const struct xcc_value *v, enum xcc_type type, s64 smin, s64 smax)
{
	ck_assert_msg(v->type == type, "type %s, want %s", xcc_type_name(v->type), xcc_type_name(type));
	ck_assert_int_eq(v->r.smin, smin);
	ck_assert_int_eq(v->r.smax, smax);
}

START_TEST(test_absint_packet)
{
	const struct bpf_insn p[] = {
		T_PKT_PROLOGUE(),			/* 0-1 */
		T_MOV64_REG(4, 2),			/* 2 */
		T_ALU64_IMM(BPF_ADD, 4, 14),		/* 3 */
		T_JMP_REG(BPF_JGT, 4, 3, 3),		/* 4 -> 8 */
		T_LDX(BPF_H, 0, 2, 12),			/* 5 */
		T_ALU64_IMM(BPF_AND, 0, 0xff),		/* 6 */
		T_EXIT(),				/* 7 */
		T_MOV64_IMM(0, 1),			/* 8 */
		T_EXIT(),
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_int_eq(t.err, 0);
	check_value(&xcc_test_meta(&t, 3)->dst, XCC_T_PKT, 0, 0);
	check_value(&xcc_test_meta(&t, 4)->dst, XCC_T_PKT, 14, 14);
	check_value(&xcc_test_meta(&t, 4)->src, XCC_T_PKT_END, 0, 0);
	check_value(&xcc_test_meta(&t, 5)->mem, XCC_T_PKT, 12, 12);
	check_value(&xcc_test_meta(&t, 6)->dst, XCC_T_SCALAR, 0, 0xffff);
	check_value(&xcc_test_meta(&t, 7)->dst, XCC_T_SCALAR, 0, 0xff);
	check_value(&xcc_test_meta(&t, 0)->mem, XCC_T_CTX, 0, 0);
	ck_assert(xcc_test_meta(&t, 8)->flags & XCC_META_REACHED);
	xcc_test_done(&t);
}
END_TEST

START_TEST(test_absint_map_lookup)
{
	const struct bpf_insn p[] = {
		T_ST(BPF_W, 10, -4, 0),			/* 0 */
		T_MOV64_REG(2, 10),			/* 1 */
		T_ALU64_IMM(BPF_ADD, 2, -4),		/* 2 */
		T_LD_MAP(1, 0),				/* 3-4 */
		T_CALL(BPF_FUNC_map_lookup_elem),	/* 5 */
		T_MOV64_REG(6, 0),			/* 6: a copy, refined with r0 */
		T_JMP_IMM(BPF_JEQ, 0, 0, 3),		/* 7 -> 11 */
		T_LDX(BPF_DW, 1, 6, 0),			/* 8 */
		T_MOV64_IMM(0, 2),			/* 9 */
		T_EXIT(),				/* 10 */
		T_MOV64_IMM(0, 1),			/* 11 */
		T_EXIT(),
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_int_eq(t.err, 0);
	check_value(&xcc_test_meta(&t, 5)->dst, XCC_T_MAP_PTR, 0, 0);
	check_value(&xcc_test_meta(&t, 5)->src, XCC_T_STACK, -4, -4);
	check_value(&xcc_test_meta(&t, 7)->dst, XCC_T_MAP_VALUE_OR_NULL, 0, 0);
	check_value(&xcc_test_meta(&t, 8)->mem, XCC_T_MAP_VALUE, 0, 0);
	check_value(&xcc_test_meta(&t, 11)->dst, XCC_T_SCALAR, 0, 0);
	ck_assert_uint_eq(t.prog->subprogs[0].stack_depth, 4);
	xcc_test_done(&t);
}
END_TEST

START_TEST(test_absint_spill)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 2, 1, 0),			/* 0 */
		T_STX(BPF_DW, 10, 2, -16),		/* 1 */
		T_ST(BPF_W, 10, -12, 5),		/* 2: overwrites half the slot */
		T_STX(BPF_DW, 10, 2, -8),		/* 3 */
		T_LDX(BPF_DW, 3, 10, -8),		/* 4 */
		T_LDX(BPF_B, 0, 3, 0),			/* 5 */
		T_LDX(BPF_DW, 4, 10, -16),		/* 6 */
		T_EXIT(),				/* 7 */
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_int_eq(t.err, 0);
	check_value(&xcc_test_meta(&t, 5)->mem, XCC_T_PKT, 0, 0);
	ck_assert_int_eq(xcc_test_meta(&t, 7)->dst.type, XCC_T_SCALAR);
	ck_assert_uint_eq(t.prog->subprogs[0].stack_depth, 16);
	xcc_test_done(&t);
}
END_TEST

/*
 * bpf_xdp_load_bytes into the stack: a pointer spilled there is gone, as
 * the verifier marks the bytes STACK_MISC, so a load through what is read
 * back is refused.
 */
START_TEST(test_absint_helper_writes_stack)
{
	const struct bpf_insn p[] = {
		T_MOV64_REG(6, 1),			/* 0 */
		T_LDX(BPF_W, 2, 1, 0),			/* 1 */
		T_STX(BPF_DW, 10, 2, -8),		/* 2: spills a packet pointer */
		T_MOV64_REG(1, 6),			/* 3 */
		T_MOV64_IMM(2, 0),			/* 4 */
		T_MOV64_REG(3, 10),			/* 5 */
		T_ALU64_IMM(BPF_ADD, 3, -8),		/* 6 */
		T_MOV64_IMM(4, 8),			/* 7 */
		T_CALL(BPF_FUNC_xdp_load_bytes),	/* 8: overwrites it */
		T_LDX(BPF_DW, 3, 10, -8),		/* 9 */
		T_LDX(BPF_B, 0, 3, 0),			/* 10 */
		T_EXIT(),				/* 11 */
	};

	REFUSED(p, 10, "r3 holding scalar");
}
END_TEST

START_TEST(test_absint_loop_widens)
{
	const struct bpf_insn p[] = {
		T_MOV64_IMM(0, 0),			/* 0 */
		T_ALU64_IMM(BPF_ADD, 0, 1),		/* 1 */
		T_JMP_IMM(BPF_JLT, 0, 100000, -2),	/* 2 -> 1 */
		T_EXIT(),				/* 3 */
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_int_eq(t.err, 0);
	/* widening stops the fixpoint long before 100000 iterations */
	ck_assert_uint_lt(t.prog->absint_visits, 100);
	ck_assert_uint_eq(xcc_test_meta(&t, 3)->dst.r.umin, 100000);
	ck_assert_uint_eq(xcc_test_meta(&t, 1)->dst.r.umin, 0);
	xcc_test_done(&t);
}
END_TEST

/*
 * A callee whose argument is what it returned at the call before: a loop
 * through the call graph, no back edge.  Widening at the callee's entry
 * ends it (diff-fuzz seed 24's program 510 never converged before).
 */
START_TEST(test_absint_call_cycle_widens)
{
	const struct bpf_insn p[] = {
		T_MOV64_IMM(1, 0),			/* 0 */
		T_CALL_PC(4),				/* 1 -> 6 */
		T_MOV64_REG(1, 0),			/* 2 */
		T_CALL_PC(2),				/* 3 -> 6 */
		T_MOV64_IMM(0, 0),			/* 4 */
		T_EXIT(),				/* 5 */
		T_MOV64_REG(0, 1),			/* 6 */
		T_ALU64_IMM(BPF_ADD, 0, 1),		/* 7 */
		T_EXIT(),				/* 8 */
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_int_eq(t.err, 0);
	ck_assert_uint_lt(t.prog->absint_visits, 1000);
	ck_assert_uint_eq(xcc_test_meta(&t, 6)->src.r.umin, 0);
	ck_assert_uint_eq(xcc_test_meta(&t, 6)->src.r.umax, U64_MAX);
	xcc_test_done(&t);
}
END_TEST

START_TEST(test_absint_bpf_call)
{
	const struct bpf_insn p[] = {
		XCC_TEST_INSN(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -8, 7),	/* 0 */
		T_MOV64_REG(1, 10),			/* 1 */
		T_ALU64_IMM(BPF_ADD, 1, -8),		/* 2 */
		T_MOV64_IMM(6, 42),			/* 3: callee-saved */
		T_CALL_PC(2),				/* 4 -> 7 */
		T_ALU64_REG(BPF_ADD, 0, 6),		/* 5 */
		T_EXIT(),				/* 6 */
		T_LDX(BPF_DW, 0, 1, 0),			/* 7: caller's frame */
		T_ALU64_IMM(BPF_AND, 0, 3),		/* 8 */
		T_EXIT(),				/* 9 */
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_int_eq(t.err, 0);
	ck_assert_uint_eq(t.prog->n_subprogs, 2);
	check_value(&xcc_test_meta(&t, 7)->mem, XCC_T_STACK, -8, -8);
	ck_assert_uint_eq(xcc_test_meta(&t, 7)->mem.frame, 1);
	/* the callee read 7 from the caller's slot: 7 & 3 */
	check_value(&xcc_test_meta(&t, 5)->dst, XCC_T_SCALAR, 3, 3);
	check_value(&xcc_test_meta(&t, 5)->src, XCC_T_SCALAR, 42, 42);
	check_value(&xcc_test_meta(&t, 6)->dst, XCC_T_SCALAR, 45, 45);
	ck_assert_uint_eq(t.prog->subprogs[0].stack_depth, 8);
	ck_assert_uint_eq(t.prog->subprogs[1].stack_depth, 0);
	xcc_test_done(&t);
}
END_TEST

/* A callee fills an out-parameter in the caller's frame with a packet pointer. */
START_TEST(test_absint_call_out_param)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 2, 1, 0),			/* 0: r2 = data */
		XCC_TEST_INSN(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -8, 0),	/* 1: l4 = NULL */
		T_MOV64_REG(1, 10),			/* 2 */
		T_ALU64_IMM(BPF_ADD, 1, -8),		/* 3 */
		T_CALL_PC(5),				/* 4 -> 10 */
		T_LDX(BPF_DW, 3, 10, -8),		/* 5: l4, as the callee left it */
		T_JMP_IMM(BPF_JEQ, 3, 0, 1),		/* 6 -> 8 */
		T_LDX(BPF_B, 0, 3, 0),			/* 7: through it */
		T_MOV64_IMM(0, 2),			/* 8 */
		T_EXIT(),				/* 9 */
		T_ALU64_IMM(BPF_ADD, 2, 14),		/* 10: callee */
		T_STX(BPF_DW, 1, 2, 0),			/* 11: *l4 = data + 14 */
		T_MOV64_IMM(0, 0),			/* 12 */
		T_EXIT(),
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_msg(t.err == 0, "%s", xcc_prog_error(t.prog));
	check_value(&xcc_test_meta(&t, 11)->mem, XCC_T_STACK, -8, -8);
	ck_assert_uint_eq(xcc_test_meta(&t, 11)->mem.frame, 1);
	/* NULL before the call, the callee's pointer after: a packet pointer maybe NULL */
	check_value(&xcc_test_meta(&t, 6)->dst, XCC_T_PKT, 14, 14);
	ck_assert(xcc_test_meta(&t, 6)->dst.maybe_null);
	check_value(&xcc_test_meta(&t, 7)->mem, XCC_T_PKT, 14, 14);
	xcc_test_done(&t);
}
END_TEST

/* Returned pointers: into the caller's own frame (frame 0 there) and into the packet. */
START_TEST(test_absint_call_returns_pointer)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),			/* 0: r6 = data */
		T_MOV64_REG(1, 10),			/* 1 */
		T_ALU64_IMM(BPF_ADD, 1, -16),		/* 2 */
		T_CALL_PC(6),				/* 3 -> 10: returns r1 */
		XCC_TEST_INSN(BPF_ST | BPF_MEM | BPF_DW, 0, 0, 0, 5),	/* 4: own slot -16 */
		T_LDX(BPF_DW, 2, 10, -16),		/* 5 */
		T_MOV64_REG(1, 6),			/* 6 */
		T_CALL_PC(4),				/* 7 -> 12: returns r1 + 2 */
		T_LDX(BPF_B, 0, 0, 0),			/* 8 */
		T_EXIT(),				/* 9 */
		T_MOV64_REG(0, 1),			/* 10 */
		T_EXIT(),				/* 11 */
		T_MOV64_REG(0, 1),			/* 12 */
		T_ALU64_IMM(BPF_ADD, 0, 2),		/* 13 */
		T_EXIT(),
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_msg(t.err == 0, "%s", xcc_prog_error(t.prog));
	check_value(&xcc_test_meta(&t, 4)->mem, XCC_T_STACK, -16, -16);
	ck_assert_uint_eq(xcc_test_meta(&t, 4)->mem.frame, 0);
	check_value(&xcc_test_meta(&t, 5)->mem, XCC_T_STACK, -16, -16);
	ck_assert_uint_eq(xcc_test_meta(&t, 5)->mem.frame, 0);
	check_value(&xcc_test_meta(&t, 8)->mem, XCC_T_PKT, 2, 2);
	xcc_test_done(&t);
}
END_TEST

/* A callee that moves the data returns a packet pointer made after the move. */
START_TEST(test_absint_call_returns_after_adjust)
{
	const struct bpf_insn p[] = {
		T_CALL_PC(4),				/* 0 -> 5, r1 = ctx */
		T_JMP_IMM(BPF_JEQ, 0, 0, 1),		/* 1 -> 3 */
		T_LDX(BPF_B, 1, 0, 0),			/* 2: through the returned pointer */
		T_MOV64_IMM(0, 2),			/* 3 */
		T_EXIT(),				/* 4 */
		T_MOV64_REG(6, 1),			/* 5: callee */
		T_MOV64_IMM(2, -4),			/* 6 */
		T_CALL(BPF_FUNC_xdp_adjust_head),	/* 7 */
		T_LDX(BPF_W, 0, 6, 0),			/* 8: data, after the move */
		T_EXIT(),
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_msg(t.err == 0, "%s", xcc_prog_error(t.prog));
	ck_assert(t.prog->subprogs[1].clobbers_pkt);
	check_value(&xcc_test_meta(&t, 2)->mem, XCC_T_PKT, 0, 0);
	xcc_test_done(&t);
}
END_TEST

/* A pointer spilled in main's frame, read two calls down through a pointer passed along. */
START_TEST(test_absint_fill_two_frames_up)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 2, 1, 0),			/* 0 */
		T_ALU64_IMM(BPF_ADD, 2, 6),		/* 1 */
		T_STX(BPF_DW, 10, 2, -8),		/* 2: spill data + 6 */
		T_MOV64_REG(1, 10),			/* 3 */
		T_ALU64_IMM(BPF_ADD, 1, -8),		/* 4 */
		T_CALL_PC(1),				/* 5 -> 7 */
		T_EXIT(),				/* 6 */
		T_CALL_PC(1),				/* 7 -> 9: sub1 passes r1 on */
		T_EXIT(),				/* 8 */
		T_LDX(BPF_DW, 2, 1, 0),			/* 9: sub2 fills from main's frame */
		T_LDX(BPF_B, 0, 2, 0),			/* 10 */
		T_EXIT(),
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_msg(t.err == 0, "%s", xcc_prog_error(t.prog));
	check_value(&xcc_test_meta(&t, 9)->mem, XCC_T_STACK, -8, -8);
	ck_assert_uint_eq(xcc_test_meta(&t, 9)->mem.frame, 2);
	check_value(&xcc_test_meta(&t, 10)->mem, XCC_T_PKT, 6, 6);
	xcc_test_done(&t);
}
END_TEST

/* Three calls down: the view of main's frame passes through sub1's view. */
START_TEST(test_absint_fill_three_frames_up)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 2, 1, 0),			/* 0 */
		T_STX(BPF_DW, 10, 2, -16),		/* 1 */
		T_MOV64_REG(1, 10),			/* 2 */
		T_ALU64_IMM(BPF_ADD, 1, -16),		/* 3 */
		T_CALL_PC(1),				/* 4 -> 6 */
		T_EXIT(),				/* 5 */
		T_CALL_PC(1),				/* 6 -> 8: sub1 */
		T_EXIT(),				/* 7 */
		T_CALL_PC(1),				/* 8 -> 10: sub2 */
		T_EXIT(),				/* 9 */
		T_LDX(BPF_DW, 2, 1, 0),			/* 10: sub3, frame 3 */
		T_LDX(BPF_W, 0, 2, 0),			/* 11 */
		T_EXIT(),
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_msg(t.err == 0, "%s", xcc_prog_error(t.prog));
	ck_assert_uint_eq(xcc_test_meta(&t, 10)->mem.frame, 3);
	check_value(&xcc_test_meta(&t, 11)->mem, XCC_T_PKT, 0, 0);
	xcc_test_done(&t);
}
END_TEST

/* A bpf_loop callback moves a packet pointer it finds in main's frame through its ctx. */
START_TEST(test_absint_bpf_loop_stores)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 2, 1, 0),			/* 0: data */
		T_STX(BPF_DW, 10, 2, -8),		/* 1 */
		T_MOV64_IMM(1, 4),			/* 2 */
		T_LD_FUNC(2, 9),			/* 3-4: -> 13 */
		T_MOV64_REG(3, 10),			/* 5 */
		T_ALU64_IMM(BPF_ADD, 3, -8),		/* 6: ctx = &slot */
		T_MOV64_IMM(4, 0),			/* 7 */
		T_CALL(BPF_FUNC_loop),			/* 8 */
		T_JA(0),				/* 9: the next block sees the stores too */
		T_LDX(BPF_DW, 1, 10, -8),		/* 10 */
		T_LDX(BPF_B, 0, 1, 0),			/* 11: data + 0 or + 1 */
		T_EXIT(),				/* 12 */
		T_LDX(BPF_DW, 3, 2, 0),			/* 13: callback */
		T_ALU64_IMM(BPF_ADD, 3, 1),		/* 14 */
		T_STX(BPF_DW, 2, 3, 0),			/* 15 */
		T_MOV64_IMM(0, 1),			/* 16: stop after one round */
		T_EXIT(),
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_msg(t.err == 0, "%s", xcc_prog_error(t.prog));
	check_value(&xcc_test_meta(&t, 13)->mem, XCC_T_STACK, -8, -8);
	ck_assert_uint_eq(xcc_test_meta(&t, 13)->mem.frame, 1);
	check_value(&xcc_test_meta(&t, 11)->mem, XCC_T_PKT, 0, 1);
	xcc_test_done(&t);
}
END_TEST

/*
 * Spills in a callee's frame survive its own calls; a store two frames up
 * (main's slot, through a pointer passed down twice) reaches main.
 */
START_TEST(test_absint_callee_frames)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 2, 1, 0),			/* 0: r2 = data */
		XCC_TEST_INSN(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -8, 0),	/* 1 */
		T_MOV64_REG(1, 10),			/* 2 */
		T_ALU64_IMM(BPF_ADD, 1, -8),		/* 3 */
		T_CALL_PC(5),				/* 4 -> 10 */
		T_LDX(BPF_DW, 3, 10, -8),		/* 5 */
		T_JMP_IMM(BPF_JEQ, 3, 0, 1),		/* 6 -> 8 */
		T_LDX(BPF_B, 0, 3, 0),			/* 7 */
		T_MOV64_IMM(0, 2),			/* 8 */
		T_EXIT(),				/* 9 */
		T_STX(BPF_DW, 10, 2, -8),		/* 10: sub1 spills the packet pointer */
		T_CALL_PC(4),				/* 11 -> 16, r1 still main's slot */
		T_LDX(BPF_DW, 2, 10, -8),		/* 12: fill */
		T_LDX(BPF_B, 0, 2, 0),			/* 13 */
		T_MOV64_IMM(0, 0),			/* 14 */
		T_EXIT(),				/* 15 */
		T_ALU64_IMM(BPF_ADD, 2, 20),		/* 16: sub2 */
		T_STX(BPF_DW, 1, 2, 0),			/* 17: into main's frame */
		T_MOV64_IMM(0, 0),			/* 18 */
		T_EXIT(),
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_msg(t.err == 0, "%s", xcc_prog_error(t.prog));
	ck_assert_uint_eq(t.prog->n_subprogs, 3);
	check_value(&xcc_test_meta(&t, 13)->mem, XCC_T_PKT, 0, 0);
	check_value(&xcc_test_meta(&t, 17)->mem, XCC_T_STACK, -8, -8);
	ck_assert_uint_eq(xcc_test_meta(&t, 17)->mem.frame, 2);
	check_value(&xcc_test_meta(&t, 7)->mem, XCC_T_PKT, 20, 20);
	xcc_test_done(&t);
}
END_TEST

START_TEST(test_absint_bpf_loop)
{
	const struct bpf_insn p[] = {
		T_MOV64_IMM(1, 10),			/* 0 */
		T_LD_FUNC(2, 5),			/* 1-2: -> 7 */
		T_MOV64_IMM(3, 0),			/* 3 */
		T_MOV64_IMM(4, 0),			/* 4 */
		T_CALL(BPF_FUNC_loop),			/* 5 */
		T_EXIT(),				/* 6 */
		T_MOV64_IMM(0, 0),			/* 7: callback */
		T_EXIT(),
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_int_eq(t.err, 0);
	ck_assert_uint_eq(t.prog->n_subprogs, 2);
	ck_assert(t.prog->subprogs[1].is_callback);
	ck_assert(xcc_test_meta(&t, 7)->flags & XCC_META_REACHED);
	check_value(&xcc_test_meta(&t, 5)->src, XCC_T_FUNC, 0, 0);
	ck_assert_uint_eq(xcc_test_meta(&t, 6)->dst.r.umax, U32_MAX);
	xcc_test_done(&t);
}
END_TEST

START_TEST(test_absint_refusals)
{
	const struct bpf_insn scalar[] = { T_MOV64_IMM(1, 0), T_LDX(BPF_B, 0, 1, 0), T_EXIT() };
	const struct bpf_insn field[] = { T_LDX(BPF_W, 0, 1, 20), T_EXIT() };
	const struct bpf_insn wide[] = { T_LDX(BPF_DW, 0, 1, 0), T_EXIT() };
	const struct bpf_insn ctx_store[] = { T_ST(BPF_W, 1, 0, 0), T_MOV64_IMM(0, 0), T_EXIT() };
	const struct bpf_insn nullable[] = {
		T_ST(BPF_W, 10, -4, 0), T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -4),
		T_LD_MAP(1, 0), T_CALL(BPF_FUNC_map_lookup_elem), T_LDX(BPF_B, 0, 0, 0), T_EXIT(),
	};
	const struct bpf_insn moved[] = {
		T_LDX(BPF_W, 7, 1, 0), T_MOV64_IMM(2, 4), T_CALL(BPF_FUNC_xdp_adjust_head),
		T_LDX(BPF_B, 0, 7, 0), T_EXIT(),
	};
	const struct bpf_insn atomic_pkt[] = {
		T_LDX(BPF_W, 2, 1, 0), T_MOV64_IMM(3, 1),
		XCC_TEST_INSN(BPF_STX | BPF_ATOMIC | BPF_W, 2, 3, 0, BPF_ADD), T_MOV64_IMM(0, 0), T_EXIT(),
	};
	const struct bpf_insn deep_stack[] = { T_ST(BPF_B, 10, -513, 0), T_MOV64_IMM(0, 0), T_EXIT() };

	REFUSED(scalar, 1, "load through r1 holding scalar");
	REFUSED(field, 0, "context field at offset 20");
	REFUSED(wide, 0, "4-byte load");
	REFUSED(ctx_store, 0, "store through r1 holding ctx");
	REFUSED(nullable, 6, "load through r0 holding map_value_or_null");
	REFUSED(moved, 3, "load through r7 holding scalar");
	REFUSED(atomic_pkt, 2, "atomic operation on pkt");
	{
		struct xcc_test t;

		xcc_test_compile(&t, deep_stack);
		ck_assert_int_eq(t.err, -XCC_E_INVALID);
		ck_assert_ptr_nonnull(strstr(xcc_prog_error(t.prog), "out of the 512-byte frame"));
		xcc_test_done(&t);
	}
}
END_TEST

/* Compiles p (the whole backend) with the verifier's kinds; 0 or the error. */
static int compile_with_kinds(struct xcc_test *t, const struct bpf_insn *p, u32 n,
			      const u8 *kinds)
{
	struct xcc_options opts = { .mem_kinds = kinds };

	memset(t, 0, sizeof(*t));
	t->env = (struct xcc_env){ xcc_test_alloc, xcc_test_free, xcc_test_log, t };
	t->prog = xcc_prog_new(&t->env, p, n, xcc_test_maps, 1);
	ck_assert_ptr_nonnull(t->prog);
	return xcc_compile(t->prog, &opts);
}

/*
 * Where the analysis lost a pointer (here r6, a scalar to it), the
 * verifier's kind (the driver's insn_hook) decides a packet or map value
 * access, which needs only the address; the stack and the context stay
 * refused, as does a program without kinds.
 */
START_TEST(test_absint_verifier_kinds)
{
	const struct bpf_insn p[] = {
		T_MOV64_IMM(6, 0x40),			/* 0 */
		T_LDX(BPF_B, 0, 6, 2),			/* 1 */
		T_ST(BPF_B, 6, 3, 7),			/* 2 */
		T_MOV64_IMM(0, 2),			/* 3 */
		T_EXIT(),
	};
	u8 kinds[5] = { 0 };
	struct xcc_test t;

	ck_assert_int_eq(compile_with_kinds(&t, p, 5, NULL), -XCC_E_UNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(xcc_prog_error(t.prog), "load through r6 holding scalar"));
	xcc_test_done(&t);
	kinds[1] = kinds[2] = XCC_MEM_PKT;
	ck_assert_msg(compile_with_kinds(&t, p, 5, kinds) == 0, "%s", xcc_prog_error(t.prog));
	ck_assert_int_eq(xcc_prog_insn_mem(t.prog, 1), XCC_MEM_PKT);
	ck_assert_int_eq(xcc_prog_insn_mem(t.prog, 2), XCC_MEM_PKT);
	xcc_test_done(&t);
	kinds[1] = kinds[2] = XCC_MEM_MAP_VALUE;
	ck_assert_msg(compile_with_kinds(&t, p, 5, kinds) == 0, "%s", xcc_prog_error(t.prog));
	ck_assert_int_eq(xcc_prog_insn_mem(t.prog, 1), XCC_MEM_MAP_VALUE);
	xcc_test_done(&t);
	kinds[1] = XCC_MEM_STACK;
	ck_assert_int_eq(compile_with_kinds(&t, p, 5, kinds), -XCC_E_UNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(xcc_prog_error(t.prog), "load through r6 holding scalar"));
	xcc_test_done(&t);
	kinds[1] = XCC_MEM_PKT;
	kinds[2] = XCC_MEM_CTX;
	ck_assert_int_eq(compile_with_kinds(&t, p, 5, kinds), -XCC_E_UNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(xcc_prog_error(t.prog), "store through r6 holding scalar"));
	xcc_test_done(&t);
}
END_TEST

START_TEST(test_absint_dump)
{
	const struct bpf_insn p[] = { T_PKT_PROLOGUE(), T_MOV64_IMM(0, 2), T_EXIT() };
	struct xcc_test t;

	xcc_test_compile_opts(&t, p, XCC_ARRAY_SIZE(p), "absint");
	ck_assert_int_eq(t.err, 0);
	ck_assert_ptr_nonnull(strstr(t.log, "; after absint: 4 insns"));
	ck_assert_ptr_nonnull(strstr(t.log, "r2 = *(u32 *)(r1 +0) src=ctx(0..0) mem=ctx(0..0)"));
	ck_assert_ptr_null(strstr(t.log, "after decode"));
	xcc_test_done(&t);
}
END_TEST

/* The kinds the driver cross-checks against the verifier's register types. */
START_TEST(test_absint_mem_kinds)
{
	const struct bpf_insn p[] = {
		T_PKT_PROLOGUE(),			/* 0-1: ctx */
		T_ST(BPF_W, 10, -4, 0),			/* 2: stack */
		T_MOV64_REG(4, 2),			/* 3 */
		T_ALU64_IMM(BPF_ADD, 4, 14),		/* 4 */
		T_JMP_REG(BPF_JGT, 4, 3, 2),		/* 5 -> 8 */
		T_LDX(BPF_H, 0, 2, 12),			/* 6: packet */
		T_JA(1),				/* 7 -> 9 */
		T_LDX(BPF_W, 0, 10, -4),		/* 8: stack */
		T_ALU64_IMM(BPF_AND, 0, 3),		/* 9: no access */
		T_EXIT(),
	};
	struct xcc_test t;

	xcc_test_compile(&t, p);
	ck_assert_int_eq(t.err, 0);
	ck_assert_int_eq(xcc_prog_insn_mem(t.prog, 0), XCC_MEM_CTX);
	ck_assert_int_eq(xcc_prog_insn_mem(t.prog, 2), XCC_MEM_STACK);
	ck_assert_int_eq(xcc_prog_insn_mem(t.prog, 6), XCC_MEM_PKT);
	ck_assert_int_eq(xcc_prog_insn_mem(t.prog, 8), XCC_MEM_STACK);
	ck_assert_int_eq(xcc_prog_insn_mem(t.prog, 9), XCC_MEM_NONE);
	ck_assert_int_eq(xcc_prog_insn_mem(t.prog, 99), XCC_MEM_NONE);
	xcc_test_done(&t);
}
END_TEST

static Suite *make_absint_suite(void)
{
	Suite *s = suite_create("compiler-absint");
	TCase *tc = tcase_create("absint");

	tcase_add_test(tc, test_absint_packet);
	tcase_add_test(tc, test_absint_map_lookup);
	tcase_add_test(tc, test_absint_spill);
	tcase_add_test(tc, test_absint_call_cycle_widens);
	tcase_add_test(tc, test_absint_helper_writes_stack);
	tcase_add_test(tc, test_absint_loop_widens);
	tcase_add_test(tc, test_absint_bpf_call);
	tcase_add_test(tc, test_absint_bpf_loop);
	tcase_add_test(tc, test_absint_call_out_param);
	tcase_add_test(tc, test_absint_call_returns_pointer);
	tcase_add_test(tc, test_absint_call_returns_after_adjust);
	tcase_add_test(tc, test_absint_callee_frames);
	tcase_add_test(tc, test_absint_bpf_loop_stores);
	tcase_add_test(tc, test_absint_fill_two_frames_up);
	tcase_add_test(tc, test_absint_fill_three_frames_up);
	tcase_add_test(tc, test_absint_refusals);
	tcase_add_test(tc, test_absint_verifier_kinds);
	tcase_add_test(tc, test_absint_dump);
	tcase_add_test(tc, test_absint_mem_kinds);
	suite_add_tcase(s, tc);
	return s;
}

XCC_TEST_MAIN(make_absint_suite)
