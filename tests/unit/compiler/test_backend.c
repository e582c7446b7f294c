// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Back-end passes (layout, isel, regalloc, sched, resolve, emit): programs
 * compiled to card code and run on the ME emulator through the harness,
 * their 64-bit results read back from the transmitted frame and compared
 * with the same computation in C.  No host kernel involved.
 */
#include "test_main.h"
#include "xcc_test.h"
#include "me.h"

struct be_run {
	uint8_t frame[64];
	uint8_t out[64];
	uint32_t out_len, action;
	int pending, done;
	uint32_t callee_saved;	/* a6..a9, b6..b9 of every context ORed */
	struct xcc_map_place place;	/* map 0's, and its first bytes after the run */
	uint8_t map[512];
	unsigned ctx;		/* the context that transmitted */
	uint32_t md[XNIC_MD_SIZE / 4];	/* its xdp_md block afterwards */
	uint8_t log[XNIC_LOG_RECORDS + XNIC_LOG_TRACE_STRS + XNIC_LOG_TRACE_STRS_MAX];
};

static int be_rx(void *opaque, unsigned me, unsigned ctx, uint8_t *buf, uint32_t cap,
		 uint32_t *len, uint32_t *port)
{
	struct be_run *r = opaque;

	if (!r->pending)
		return 0;
	r->pending = 0;
	memcpy(buf, r->frame, sizeof(r->frame));
	*len = sizeof(r->frame);
	*port = 0;
	return 1;
}

static int be_tx(void *opaque, unsigned me, unsigned ctx, uint32_t dest, const uint8_t *data,
		 uint32_t len)
{
	struct be_run *r = opaque;

	r->action = dest;
	r->ctx = ctx;
	r->out_len = len;
	memcpy(r->out, data, len < sizeof(r->out) ? len : sizeof(r->out));
	r->done = 1;
	return 0;
}

static const struct me_io_ops be_ops = { .rx = be_rx, .tx = be_tx };

static uint32_t be_callee_saved(const struct me_card *card)
{
	struct me_ctx_state st;
	uint32_t acc = 0;
	unsigned c, k;

	for (c = 0; c < me_card_num_ctx(card); c++) {
		ck_assert_int_eq(me_card_ctx_state(card, 0, c, &st), 0);
		for (k = 6; k <= 9; k++)
			acc |= st.a[k] | st.b[k];
	}
	return acc;
}

/* Before the frame: puts map contents into the card's external memory. */
typedef void be_setup_fn(struct me_card *card, const struct xcc_prog *prog);

/*
 * The transmitting context's xdp_md block (the bottom of its LM share, the
 * harness puts it there) and the start of the card log.
 */
static void be_read_md(struct me_card *card, struct be_run *r)
{
	uint32_t size;
	uint8_t *lm = me_card_mem(card, ME_MEM_LM, 0, &size);

	memcpy(r->md, lm + r->ctx * (size / me_card_num_ctx(card)), sizeof(r->md));
	memcpy(r->log, me_card_mem(card, ME_MEM_EMEM, 0, &size) + XNIC_EMEM_LOG, sizeof(r->log));
}

/* Tail call programs of the runs (test_backend_tail_call), else none. */
static const u32 *be_tail_starts;
static u32 be_n_tail;

/* Cycles a run may take: 64 slices of 2^16 unless a test needs longer. */
#define BE_RUN_CYCLES	(64ull << 16)

/*
 * Compiles insns (full pipeline) and runs them once on a 64-byte frame for
 * at most cycles (the watchdog let through as long).
 */
static void be_run_prog_cycles(const struct bpf_insn *insns, u32 n,
			       const struct xcc_map_desc *maps, u32 n_maps, be_setup_fn *setup,
			       struct be_run *r, u64 cycles)
{
	struct xcc_options opts = { 0 };
	struct xcc_image_info info;
	struct me_card_config cfg;
	struct me_stop_info stop;
	struct me_card *card;
	struct me_image img = { 0 };
	struct xcc_test t;
	uint32_t size;
	char err[256];
	u64 spent;
	int i;

	memset(&t, 0, sizeof(t));
	t.env = (struct xcc_env){ xcc_test_alloc, xcc_test_free, xcc_test_log, &t };
	t.prog = xcc_prog_new(&t.env, insns, n, maps, n_maps);
	xcc_prog_set_tail_programs(t.prog, be_tail_starts, be_n_tail);
	ck_assert_msg(!xcc_compile(t.prog, &opts), "%s", xcc_prog_error(t.prog));
	ck_assert_int_eq(xcc_prog_image(t.prog, &info), 0);
	ck_assert_int_eq(xcc_prog_map_place(t.prog, 0, &r->place), 0);
	img.contexts = info.contexts;
	img.entry = info.entry_harness;
	img.ncode = info.n_code;
	img.code = (uint64_t *)info.code;
	me_card_config_default(&cfg);
	cfg.n_me = 1;
	cfg.ops = &be_ops;
	cfg.opaque = r;
	if (cycles > BE_RUN_CYCLES)
		cfg.watchdog_cycles = cycles;
	ck_assert_int_eq(me_card_create(&cfg, &card, err, sizeof(err)), 0);
	ck_assert_msg(!me_card_load(card, &img, err, sizeof(err)), "%s", err);
	if (setup)
		setup(card, t.prog);
	for (i = 0; i < (int)sizeof(r->frame); i++)
		r->frame[i] = (uint8_t)(i * 7 + 1);
	r->pending = 1;
	r->done = 0;
	for (spent = 0; spent < cycles && !r->done; spent += 1u << 16)
		ck_assert_int_ne(me_card_run(card, 1u << 16, &stop), ME_STOP_FAULT);
	ck_assert(r->done);
	r->callee_saved = be_callee_saved(card);
	memcpy(r->map, me_card_mem(card, ME_MEM_EMEM, 0, &size) + r->place.addr, sizeof(r->map));
	be_read_md(card, r);
	me_card_destroy(card);
	xcc_test_done(&t);
}

static void be_run_prog_maps(const struct bpf_insn *insns, u32 n,
			     const struct xcc_map_desc *maps, u32 n_maps, be_setup_fn *setup,
			     struct be_run *r)
{
	be_run_prog_cycles(insns, n, maps, n_maps, setup, r, BE_RUN_CYCLES);
}

static void be_run_prog(const struct bpf_insn *insns, u32 n, struct be_run *r)
{
	be_run_prog_maps(insns, n, xcc_test_maps, 1, NULL, r);
}

#define BE_RUN(insns, r) be_run_prog(insns, XCC_ARRAY_SIZE(insns), r)

static u64 be_out64(const struct be_run *r, int k)
{
	u64 v;

	memcpy(&v, r->out + 8 * k, 8);
	return v;
}

/* r6 = data; r1 = a; r2 = b; <op>; *(u64 *)(r6 + 0) = r1; return 2 */
#define BE_BINOP(op_insn, a_lo, a_hi, b_lo, b_hi)			\
	{ T_LDX(BPF_W, 6, 1, 0), T_LD_IMM64(1, a_lo, a_hi), T_LD_IMM64(2, b_lo, b_hi),	\
	  op_insn, T_STX(BPF_DW, 6, 1, 0), T_MOV64_IMM(0, 2), T_EXIT() }

static u64 be_binop(u8 code, u64 a, u64 b)
{
	const struct bpf_insn p[] = BE_BINOP(XCC_TEST_INSN(code, 1, 2, 0, 0),
					     (s32)(u32)a, (s32)(a >> 32), (s32)(u32)b, (s32)(b >> 32));
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, XDP_PASS);
	return be_out64(&r, 0);
}

START_TEST(test_backend_alu64)
{
	const u64 a = 0xfedcba9876543210ull, b = 0x0000000300000007ull;

	ck_assert_uint_eq(be_binop(BPF_ALU64 | BPF_ADD | BPF_X, a, b), a + b);
	ck_assert_uint_eq(be_binop(BPF_ALU64 | BPF_SUB | BPF_X, b, a), b - a);
	ck_assert_uint_eq(be_binop(BPF_ALU64 | BPF_MUL | BPF_X, a, b), a * b);
	ck_assert_uint_eq(be_binop(BPF_ALU64 | BPF_DIV | BPF_X, a, b), a / b);
	ck_assert_uint_eq(be_binop(BPF_ALU64 | BPF_MOD | BPF_X, a, b), a % b);
	ck_assert_uint_eq(be_binop(BPF_ALU64 | BPF_DIV | BPF_X, a, 0), 0);
	ck_assert_uint_eq(be_binop(BPF_ALU64 | BPF_MOD | BPF_X, a, 0), a);
	ck_assert_uint_eq(be_binop(BPF_ALU64 | BPF_LSH | BPF_X, a, 36), a << 36);
	ck_assert_uint_eq(be_binop(BPF_ALU64 | BPF_RSH | BPF_X, a, 4), a >> 4);
	ck_assert_uint_eq(be_binop(BPF_ALU64 | BPF_ARSH | BPF_X, a, 40), (u64)((s64)a >> 40));
	ck_assert_uint_eq(be_binop(BPF_ALU64 | BPF_ARSH | BPF_X, a, 64 + 3), (u64)((s64)a >> 3));
	ck_assert_uint_eq(be_binop(BPF_ALU64 | BPF_XOR | BPF_X, a, b), a ^ b);
}
END_TEST

START_TEST(test_backend_alu32)
{
	const u64 a = 0xfedcba9876543210ull, b = 0x0000000300000007ull;

	ck_assert_uint_eq(be_binop(BPF_ALU | BPF_ADD | BPF_X, a, b), (u32)(a + b));
	ck_assert_uint_eq(be_binop(BPF_ALU | BPF_MUL | BPF_X, a, b), (u32)((u32)a * (u32)b));
	ck_assert_uint_eq(be_binop(BPF_ALU | BPF_DIV | BPF_X, a, b), (u32)a / (u32)b);
	ck_assert_uint_eq(be_binop(BPF_ALU | BPF_MOD | BPF_X, a, 0), (u32)a);
	/* the count is taken modulo 32 */
	ck_assert_uint_eq(be_binop(BPF_ALU | BPF_LSH | BPF_X, a, 35), (u32)((u32)a << 3));
	ck_assert_uint_eq(be_binop(BPF_ALU | BPF_ARSH | BPF_X, 0x80000000u, 4), 0xf8000000u);
	ck_assert_uint_eq(be_binop(BPF_ALU | BPF_MOV | BPF_X, a, b), (u32)b);
}
END_TEST

START_TEST(test_backend_jumps)
{
	/* r0 = 2 if a s< b (64-bit), else 1; a = -5, b = 3 */
	const struct bpf_insn p[] = {
		T_LD_IMM64(1, -5, -1), T_MOV64_IMM(2, 3), T_MOV64_IMM(0, 1),
		T_JMP_REG(BPF_JSGE, 1, 2, 1), T_MOV64_IMM(0, 2), T_EXIT(),
	};
	/* unsigned: 0xff..fb > 3, so JGT is taken: r0 stays 3 */
	const struct bpf_insn q[] = {
		T_LD_IMM64(1, -5, -1), T_MOV64_IMM(2, 3), T_MOV64_IMM(0, 3),
		T_JMP_REG(BPF_JGT, 1, 2, 1), T_MOV64_IMM(0, 1), T_EXIT(),
	};
	/* JMP32 signed: -1 s> 472 is false (where the host verifier pruned wrongly, see diff-fuzz) */
	const struct bpf_insn w[] = {
		T_LD_IMM64(8, -1, 0x701ffeff), T_MOV64_IMM(2, 472), T_MOV64_IMM(0, 2),
		XCC_TEST_INSN(BPF_JMP32 | BPF_JSGT | BPF_X, 8, 2, 1, 0), T_MOV64_IMM(0, 3), T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 2);
	BE_RUN(q, &r);
	ck_assert_uint_eq(r.action, 3);
	BE_RUN(w, &r);
	ck_assert_uint_eq(r.action, 3);
}
END_TEST

START_TEST(test_backend_stack_and_calls)
{
	/* main: spill r6, call f(r1 = fp-8), f: *(u64 *)(r1) += 40; return it */
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		XCC_TEST_INSN(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -8, 2),
		T_MOV64_REG(1, 10), T_ALU64_IMM(BPF_ADD, 1, -8),
		T_CALL_PC(3),
		T_STX(BPF_DW, 6, 0, 0),		/* r6 survived the call */
		T_MOV64_IMM(0, 3), T_EXIT(),
		T_LDX(BPF_DW, 0, 1, 0), T_ALU64_IMM(BPF_ADD, 0, 40),
		T_STX(BPF_DW, 1, 0, 0), T_MOV64_IMM(6, 99), T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), 42);
}
END_TEST

/*
 * The harness leaves a6..a9/b6..b9 at 0 around its call of xdp_main; a
 * program writing R6-R9 in both banks must hand them back unchanged, as
 * the firmware's slot contract (isa.md 9) requires.
 */
START_TEST(test_backend_callee_saved)
{
	const struct bpf_insn p[] = {
		T_LD_IMM64(6, 0x11111111, 0x22222222),
		T_LD_IMM64(7, 0x33333333, 0x44444444),
		T_MOV64_REG(8, 6),
		T_ALU64_REG(BPF_ADD, 8, 7),
		T_MOV64_REG(9, 8),
		T_ALU64_REG(BPF_XOR, 9, 6),
		T_ALU64_REG(BPF_ADD, 6, 9),
		T_ALU64_REG(BPF_ADD, 7, 8),
		T_LDX(BPF_W, 2, 1, 0),
		T_STX(BPF_DW, 2, 6, 0),
		T_STX(BPF_DW, 2, 7, 8),
		T_MOV64_IMM(0, 2),
		T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 2);
	ck_assert_uint_ne(be_out64(&r, 0), 0);
	ck_assert_uint_eq(r.callee_saved, 0);
}
END_TEST

/*
 * A subprogram keeps its caller's R6-R9, both words, where it writes them
 * (docs/compiler.md, "Calls"): f computes in r6 and r7, and main's r6
 * (the packet) and r7 (a 64-bit constant) are intact after the call.
 */
START_TEST(test_backend_subprog_saved)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_LD_IMM64(7, 0x01020304, 0x05060708),
		T_MOV64_IMM(1, 10),
		T_CALL_PC(4),
		T_STX(BPF_DW, 6, 7, 0),
		T_STX(BPF_DW, 6, 0, 8),
		T_MOV64_IMM(0, 3), T_EXIT(),
		/* f: r6 = r1 + 0x1111111122222222 (r7), r0 = r6 */
		T_MOV64_REG(6, 1),
		T_LD_IMM64(7, 0x22222222, 0x11111111),
		T_ALU64_REG(BPF_ADD, 6, 7),
		T_MOV64_REG(0, 6),
		T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), 0x0506070801020304ull);
	ck_assert_uint_eq(be_out64(&r, 1), 0x111111112222222cull);
}
END_TEST

/*
 * A subprogram keeps the words of R6-R9 some caller reads after calling
 * it (docs/compiler.md, "Peephole"), through callers that do not touch
 * them: main keeps the packet in r6 across b, b never writes r6 but calls
 * a, which does, so a keeps r6 for main.
 */
START_TEST(test_backend_subprog_saved_through)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_CALL_PC(3),
		T_STX(BPF_DW, 6, 0, 0),
		T_MOV64_IMM(0, 3), T_EXIT(),
		/* b: r0 = a(7) + 1 */
		T_MOV64_IMM(1, 7),
		T_CALL_PC(2),
		T_ALU64_IMM(BPF_ADD, 0, 1),
		T_EXIT(),
		/* a: r6 = r1 + 100, r0 = r6 */
		T_MOV64_REG(6, 1),
		T_ALU64_IMM(BPF_ADD, 6, 100),
		T_MOV64_REG(0, 6),
		T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), 108);
}
END_TEST

/* The compiler's statistics of a program that must compile. */
static struct xcc_stats be_stats_maps(const struct bpf_insn *insns, u32 n,
				      const struct xcc_map_desc *maps, u32 n_maps)
{
	struct xcc_options opts = { 0 };
	struct xcc_stats st;
	struct xcc_test t;

	memset(&t, 0, sizeof(t));
	t.env = (struct xcc_env){ xcc_test_alloc, xcc_test_free, xcc_test_log, &t };
	t.prog = xcc_prog_new(&t.env, insns, n, maps, n_maps);
	ck_assert_int_eq(xcc_compile(t.prog, &opts), 0);
	xcc_prog_stats(t.prog, &st);
	xcc_test_done(&t);
	return st;
}

static struct xcc_stats be_stats(const struct bpf_insn *insns, u32 n)
{
	return be_stats_maps(insns, n, xcc_test_maps, 1);
}

/* Card instructions of the program's own code. */
static u32 be_card_insns(const struct bpf_insn *insns, u32 n)
{
	return be_stats(insns, n).card_insns;
}

/*
 * A call reads what its callee reads: g takes w1, so main's zeroing of
 * r1's high word after a 32-bit load dies, and only g's arguments' low
 * word reaches it.
 */
START_TEST(test_backend_call_reads_callee)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_LDX(BPF_W, 1, 6, 0),
		T_CALL_PC(3),
		T_STX(BPF_DW, 6, 0, 0),
		T_MOV64_IMM(0, 3), T_EXIT(),
		/* g: w0 = w1 + 1 */
		T_MOV64_IMM(0, 1),
		XCC_TEST_INSN(BPF_ALU | BPF_ADD | BPF_X, 0, 1, 0, 0),
		T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), 0x160f0801 + 1);
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 20);	/* 21 with it */
}
END_TEST

/*
 * A subprogram that writes R6 and R7 while no caller reads them after the
 * call saves neither, and the high word of an R0 its caller reads as 32
 * bits is not set: f is its computation and its return.
 */
START_TEST(test_backend_subprog_saves_needed)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 1, 1, 0),
		T_LDX(BPF_W, 1, 1, 0),
		T_CALL_PC(5),
		T_MOV64_IMM(1, 0),
		XCC_TEST_INSN(BPF_JMP32 | BPF_JEQ | BPF_K, 0, 0, 1, 5),
		T_MOV64_IMM(1, 1),
		T_MOV64_REG(0, 1), T_EXIT(),
		/* f: w0 = (w1 + 3) ^ 6 through r6 and r7 */
		T_MOV64_REG(6, 1),
		T_ALU64_IMM(BPF_ADD, 6, 3),
		T_MOV64_REG(7, 6),
		T_ALU64_IMM(BPF_XOR, 7, 6),
		T_MOV64_REG(0, 7),
		T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 1);
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 23);	/* 33 saving them */
}
END_TEST

/*
 * A callee that never reads r10's GPR gets its frame through l0 alone:
 * f's call of g is "lm_set l0; call; lm_set l0", while main's call of f
 * moves r10, which f reads for its own call; main's stack slot is intact
 * after the calls.
 */
START_TEST(test_backend_call_frame_l0)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_ST(BPF_DW, 10, -8, 0x55),
		T_MOV64_IMM(1, 5),
		T_CALL_PC(5),
		T_LDX(BPF_DW, 2, 10, -8),
		T_ALU64_REG(BPF_ADD, 0, 2),
		T_STX(BPF_DW, 6, 0, 0),
		T_MOV64_IMM(0, 3), T_EXIT(),
		/* f: r0 = g(r1 + 1) + 1 */
		T_ALU64_IMM(BPF_ADD, 1, 1),
		T_CALL_PC(2),
		T_ALU64_IMM(BPF_ADD, 0, 1),
		T_EXIT(),
		/* g: r0 = r1 * 2 */
		T_MOV64_REG(0, 1),
		T_ALU64_IMM(BPF_LSH, 0, 1),
		T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), 13 + 0x55);
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 30);	/* 32 moving r10 for g */
}
END_TEST

/*
 * LM index registers (docs/compiler.md, "Peephole"): accesses through a
 * stack pointer of unknown offset share one lm_set of l1 while the
 * pointer stays; a new pointer in the same register sets l1 again.
 */
START_TEST(test_backend_lm_index)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_LDX(BPF_B, 3, 6, 0),
		T_ALU64_IMM(BPF_AND, 3, 8),	/* 0: the frame's byte 0 is 1 */
		T_MOV64_REG(2, 10),
		T_ALU64_IMM(BPF_ADD, 2, -24),
		T_ALU64_REG(BPF_ADD, 2, 3),
		T_ST(BPF_W, 2, 0, 0x11),
		T_ST(BPF_W, 2, 4, 0x22),
		T_LDX(BPF_W, 4, 2, 0),
		T_MOV64_REG(2, 10),
		T_ALU64_IMM(BPF_ADD, 2, -16),
		T_ALU64_REG(BPF_ADD, 2, 3),
		T_ST(BPF_W, 2, 0, 0x33),
		T_ST(BPF_W, 2, 4, 0),
		T_LDX(BPF_DW, 0, 10, -24),
		T_STX(BPF_DW, 6, 0, 0),
		T_LDX(BPF_DW, 0, 10, -16),
		T_ALU64_REG(BPF_ADD, 0, 4),
		T_STX(BPF_DW, 6, 0, 8),
		T_MOV64_IMM(0, 3), T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), 0x2200000011ull);
	ck_assert_uint_eq(be_out64(&r, 1), 0x33 + 0x11);
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 28);	/* 31 setting l1 each time */
}
END_TEST

/*
 * xdp_load_bytes/store_bytes with an offset and a length absint knows and
 * a stack buffer at a known place: one memory command (docs/compiler.md,
 * "Helpers on the card").  Loads 7 bytes (a 3-byte tail), fails with
 * -EINVAL past the 64-byte frame, stores 6 bytes.
 */
START_TEST(test_backend_xdp_bytes_known)
{
	const struct bpf_insn p[] = {
		T_MOV64_REG(6, 1),
		T_ST(BPF_DW, 10, -8, 0),
		T_ST(BPF_DW, 10, -16, 0x44332211),
		T_MOV64_IMM(2, 10), T_MOV64_REG(3, 10), T_ALU64_IMM(BPF_ADD, 3, -64),
		T_MOV64_IMM(4, 60), T_CALL(BPF_FUNC_xdp_load_bytes),
		T_MOV64_REG(7, 0),
		T_MOV64_REG(1, 6), T_MOV64_IMM(2, 2), T_MOV64_REG(3, 10),
		T_ALU64_IMM(BPF_ADD, 3, -8), T_MOV64_IMM(4, 7), T_CALL(BPF_FUNC_xdp_load_bytes),
		T_MOV64_REG(8, 0),
		T_MOV64_REG(1, 6), T_MOV64_IMM(2, 24), T_MOV64_REG(3, 10),
		T_ALU64_IMM(BPF_ADD, 3, -16), T_MOV64_IMM(4, 6), T_CALL(BPF_FUNC_xdp_store_bytes),
		T_ALU64_REG(BPF_ADD, 8, 0),
		T_LDX(BPF_W, 9, 6, 0),
		T_LDX(BPF_DW, 2, 10, -8),
		T_STX(BPF_DW, 9, 2, 0),
		T_STX(BPF_DW, 9, 7, 8),
		T_STX(BPF_DW, 9, 8, 16),
		T_MOV64_IMM(0, 3), T_EXIT(),
	};
	const uint8_t stored[] = { 0x11, 0x22, 0x33, 0x44, 0, 0, 30 * 7 + 1 };
	struct be_run r;
	u64 want = 0;
	int k;

	for (k = 6; k >= 0; k--)
		want = want << 8 | (uint8_t)((2 + k) * 7 + 1);
	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), want);
	ck_assert_uint_eq(be_out64(&r, 1), (u64)-22);
	ck_assert_uint_eq(be_out64(&r, 2), 0);
	ck_assert_mem_eq(r.out + 24, stored, sizeof(stored));
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 85);	/* 158 with the copy loops */
}
END_TEST

/*
 * A 64-bit shift by 32 moves one word into the other: "r <<= 32; r >>= 32"
 * (clang's zero extension) is a copy of the low word, which copy
 * propagation folds, and a zeroed high word.
 */
START_TEST(test_backend_shift32)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_LDX(BPF_DW, 2, 6, 0),
		T_ALU64_IMM(BPF_LSH, 2, 32),
		T_ALU64_IMM(BPF_RSH, 2, 32),
		T_STX(BPF_DW, 6, 2, 0),
		T_MOV64_IMM(0, 3), T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), 0x160f0801);
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 10);	/* 11 shifting by 0 */
}
END_TEST

/*
 * A compare with 0 after the instruction that computed the value goes
 * (docs/compiler.md, "Peephole") where that instruction's flags are the
 * compare's: after and/or/xor any condition, after add/sub a test of Z or
 * N alone.  The word at 16 is 0x867f7871: minus 0x7fffffff it overflows
 * to 0x067f7872, which a signed "> 0" must see as positive (the sub's
 * flags say otherwise), so that compare stays.  r7 gets a bit per taken
 * branch.
 */
START_TEST(test_backend_cmp_zero)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_MOV64_IMM(7, 0),
		T_LDX(BPF_W, 2, 6, 0),
		XCC_TEST_INSN(BPF_ALU | BPF_AND | BPF_K, 2, 0, 0, 0x06),	/* 1 & 6 = 0 */
		XCC_TEST_INSN(BPF_JMP32 | BPF_JNE | BPF_K, 2, 0, 1, 0),
		T_ALU64_IMM(BPF_OR, 7, 1),
		T_LDX(BPF_B, 3, 6, 1),
		XCC_TEST_INSN(BPF_ALU | BPF_SUB | BPF_K, 3, 0, 0, 8),	/* 8 - 8 = 0 */
		XCC_TEST_INSN(BPF_JMP32 | BPF_JNE | BPF_K, 3, 0, 1, 0),
		T_ALU64_IMM(BPF_OR, 7, 2),
		T_LDX(BPF_W, 4, 6, 16),
		XCC_TEST_INSN(BPF_ALU | BPF_SUB | BPF_K, 4, 0, 0, 0x7fffffff),
		XCC_TEST_INSN(BPF_JMP32 | BPF_JSLE | BPF_K, 4, 0, 1, 0),
		T_ALU64_IMM(BPF_OR, 7, 4),
		T_LDX(BPF_W, 5, 6, 16),
		XCC_TEST_INSN(BPF_ALU | BPF_AND | BPF_K, 5, 0, 0, 0xff000000),
		XCC_TEST_INSN(BPF_JMP32 | BPF_JSGT | BPF_K, 5, 0, 1, 0),
		T_ALU64_IMM(BPF_OR, 7, 8),
		T_STX(BPF_DW, 6, 7, 0),
		T_MOV64_IMM(0, 3), T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), 1 | 2 | 4 | 8);
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 34);	/* 37 comparing each */
}
END_TEST

/*
 * A compare and its branch become one br_cmp or br_cmpi (isa.md 5,
 * docs/compiler.md "Peephole"): registers, 12-bit immediates both signs,
 * 64- and 32-bit; 5000 needs the I field and stays "cmp; br".  r7 gets a
 * bit per branch not taken (8 > 1, 8 == 8, 8 != 5000, 0x867f7871 < -5 and
 * not > -2048 as signed words).
 */
START_TEST(test_backend_fused_compare)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_MOV64_IMM(7, 0),
		T_LDX(BPF_B, 2, 6, 1),
		T_LDX(BPF_B, 3, 6, 0),
		XCC_TEST_INSN(BPF_JMP | BPF_JGT | BPF_X, 2, 3, 1, 0),
		T_ALU64_IMM(BPF_OR, 7, 1),
		T_JMP_IMM(BPF_JEQ, 2, 8, 1),
		T_ALU64_IMM(BPF_OR, 7, 2),
		T_JMP_IMM(BPF_JEQ, 2, 5000, 1),
		T_ALU64_IMM(BPF_OR, 7, 4),
		T_LDX(BPF_W, 4, 6, 16),
		XCC_TEST_INSN(BPF_JMP32 | BPF_JSLT | BPF_K, 4, 0, 1, -5),
		T_ALU64_IMM(BPF_OR, 7, 8),
		XCC_TEST_INSN(BPF_JMP32 | BPF_JSGT | BPF_K, 4, 0, 1, -2048),
		T_ALU64_IMM(BPF_OR, 7, 16),
		T_STX(BPF_DW, 6, 7, 0),
		T_MOV64_IMM(0, 3), T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), 4 | 16);
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 29);	/* 33 unfused */
}
END_TEST

/*
 * A 64-bit "!=" of a value whose high word absint does not know becomes
 * two br_cmp/br_cmpi.ne, one per word: 5 against 5 falls through, 2^32 + 5
 * against 5 and against r4 = 5 differs in its high word only.  r7 gets a
 * bit per branch not taken.
 */
START_TEST(test_backend_fused_compare64)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_MOV64_IMM(7, 0),
		T_ST(BPF_DW, 6, 24, 5),
		T_LDX(BPF_DW, 5, 6, 24),
		T_JMP_IMM(BPF_JNE, 5, 5, 1),
		T_ALU64_IMM(BPF_OR, 7, 1),
		T_LDX(BPF_W, 4, 6, 24),
		T_ST(BPF_W, 6, 28, 1),
		T_LDX(BPF_DW, 5, 6, 24),
		T_JMP_IMM(BPF_JNE, 5, 5, 1),
		T_ALU64_IMM(BPF_OR, 7, 2),
		T_JMP_REG(BPF_JNE, 5, 4, 1),
		T_ALU64_IMM(BPF_OR, 7, 4),
		T_STX(BPF_DW, 6, 7, 0),
		T_MOV64_IMM(0, 3), T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), 1);
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 34);	/* 37 with cmp, cmpb, br */
}
END_TEST

/*
 * A constant too wide for the I field is built straight in the register
 * its bank-rule move would copy it to ("mov a28, #lo; immed_hi a28, #hi;
 * mov b31, a28" becomes two instructions writing b31): r4 and r5, added
 * together, are in opposite banks, and one of them meets a28's.
 */
START_TEST(test_backend_constant_into)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_LDX(BPF_DW, 4, 6, 8),
		T_LDX(BPF_DW, 5, 6, 16),
		T_ALU64_REG(BPF_ADD, 5, 4),
		T_ALU64_IMM(BPF_ADD, 4, 0x12345),
		T_ALU64_IMM(BPF_ADD, 5, 0x23456),
		T_STX(BPF_DW, 6, 4, 0),
		T_STX(BPF_DW, 6, 5, 8),
		T_MOV64_IMM(0, 3), T_EXIT(),
	};
	struct be_run r;
	u64 v = 0, w = 0;

	BE_RUN(p, &r);
	for (int k = 7; k >= 0; k--) {
		v = v << 8 | r.frame[8 + k];
		w = w << 8 | r.frame[16 + k];
	}
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), v + 0x12345);
	ck_assert_uint_eq(be_out64(&r, 1), w + v + 0x23456);
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 27);	/* 28 with the move */
}
END_TEST

/*
 * No code reads flags across a BPF-to-BPF call or return, so a compare
 * whose branch leads to either fuses too (main's "r2 != 8" before the
 * call, the callee's "r1 == 8" before its exit; with the flags live at
 * calls and returns one of them stayed "cmp; br").
 */
START_TEST(test_backend_fused_compare_call)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_MOV64_IMM(7, 1),
		T_LDX(BPF_B, 2, 6, 1),
		T_JMP_IMM(BPF_JNE, 2, 8, 3),
		T_MOV64_REG(1, 2),
		T_CALL_PC(4),
		T_MOV64_REG(7, 0),
		T_STX(BPF_DW, 6, 7, 0),
		T_MOV64_IMM(0, 3), T_EXIT(),
		T_MOV64_IMM(0, 2),
		T_JMP_IMM(BPF_JEQ, 1, 8, 1),
		T_MOV64_IMM(0, 4),
		T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), 2);
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 24);	/* 25 with flags live there */
}
END_TEST

/*
 * A value computed straight into the register it is moved to
 * (docs/compiler.md, "Peephole"), twice in a chain: w7 + 1 goes to r7's
 * high word (the shift by 32), from there to r3's, and r7 is set again
 * (perf_output's arguments were lost so once: the second fold renamed the
 * first one's dropped move; the store reads 0).
 */
START_TEST(test_backend_into_dst_chain)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_LDX(BPF_B, 7, 6, 1),
		T_ALU32_IMM(BPF_ADD, 7, 1),
		T_ALU64_IMM(BPF_LSH, 7, 32),
		T_MOV64_REG(3, 7),
		T_MOV64_IMM(7, -1),
		T_STX(BPF_DW, 6, 3, 0),
		T_STX(BPF_DW, 6, 7, 8),
		T_MOV64_IMM(0, 3), T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), 9ull << 32);
	ck_assert_uint_eq(be_out64(&r, 1), (u64)-1);
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 15);	/* 17 with the moves */
}
END_TEST

/*
 * Constants a register holds already are not moved again (docs/compiler.md,
 * "Peephole"): the last r0 = 2 and the second store's zero high word in
 * $xw1 go; r0 = 2 where paths with r0 = 2 and r0 = 1 meet stays.
 */
START_TEST(test_backend_known_constants)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_LDX(BPF_B, 2, 6, 0),		/* 1 */
		T_MOV64_IMM(0, 2),
		T_JMP_IMM(BPF_JEQ, 2, 5, 1),
		T_MOV64_IMM(0, 1),
		T_JMP_IMM(BPF_JEQ, 2, 7, 1),
		T_STX(BPF_DW, 6, 0, 16),
		T_MOV64_IMM(0, 2),
		T_ST(BPF_DW, 6, 0, 7),
		T_ST(BPF_DW, 6, 8, 9),
		T_MOV64_IMM(0, 2),
		T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 2);
	ck_assert_uint_eq(be_out64(&r, 0), 7);
	ck_assert_uint_eq(be_out64(&r, 1), 9);
	ck_assert_uint_eq(be_out64(&r, 2), 1);
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 23);	/* 25 moving them */
}
END_TEST

/* Moves regalloc added for the bank rule. */
static u32 be_bank_fixups(const struct bpf_insn *insns, u32 n)
{
	return be_stats(insns, n).bank_fixups;
}

/*
 * regalloc's split of the registers into banks: r1, r4 and r6 are read
 * pairwise (a triangle: one pair must share a bank), r1 and r2 with r3.
 * Local search from the alternating split stops at two conflicts; from
 * another start it finds one.  The sums are right either way.
 */
START_TEST(test_backend_regalloc_starts)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 7, 1, 0),
		T_LDX(BPF_W, 1, 7, 0), T_LDX(BPF_W, 2, 7, 4), T_LDX(BPF_W, 3, 7, 8),
		T_LDX(BPF_W, 4, 7, 12), T_LDX(BPF_W, 6, 7, 16),
		XCC_TEST_INSN(BPF_ALU | BPF_ADD | BPF_X, 1, 4, 0, 0), XCC_TEST_INSN(BPF_ALU | BPF_ADD | BPF_X, 6, 1, 0, 0), XCC_TEST_INSN(BPF_ALU | BPF_ADD | BPF_X, 2, 3, 0, 0), XCC_TEST_INSN(BPF_ALU | BPF_ADD | BPF_X, 1, 3, 0, 0), XCC_TEST_INSN(BPF_ALU | BPF_ADD | BPF_X, 6, 4, 0, 0),
		T_STX(BPF_W, 7, 1, 0), T_STX(BPF_W, 7, 2, 4), T_STX(BPF_W, 7, 6, 8),
		T_MOV64_IMM(0, 3), T_EXIT(),
	};
	struct be_run r;
	u32 w[5], k;

	for (k = 0; k < 5; k++)
		w[k] = (u32)(4 * k * 7 + 1) | (u32)((4 * k + 1) * 7 + 1) << 8 |
		       (u32)((4 * k + 2) * 7 + 1) << 16 | (u32)((4 * k + 3) * 7 + 1) << 24;
	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	/* r1 = w0 + w3, then + w2; r6 = w4 + r1 + w3; r2 = w1 + w2 */
	ck_assert_uint_eq((u32)be_out64(&r, 0), w[0] + w[3] + w[2]);
	ck_assert_uint_eq((u32)(be_out64(&r, 0) >> 32), w[1] + w[2]);
	ck_assert_uint_eq((u32)be_out64(&r, 1), w[4] + w[0] + w[3] + w[3]);
	ck_assert_uint_le(be_bank_fixups(p, XCC_ARRAY_SIZE(p)), 1);
}
END_TEST

/*
 * peep (docs/compiler.md, "Peephole"): return XDP_PASS is the move of the
 * action and the return, nothing saved; a 64-bit JSET whose temporaries
 * nothing reads still branches on the flags of its last instruction, taken
 * (bit 32 of the frame's first u64 is set) and not (bit 33 is clear);
 * single-bit and sign tests branch both ways.
 */
START_TEST(test_backend_peep)
{
	const struct bpf_insn pass[] = { T_MOV64_IMM(0, 2), T_EXIT() };
#define BE_JSET(hi) { T_LDX(BPF_W, 6, 1, 0), T_LDX(BPF_DW, 2, 6, 0), T_LD_IMM64(3, 0, hi), \
		      T_JMP_REG(BPF_JSET, 2, 3, 2), T_MOV64_IMM(0, 1), T_EXIT(), \
		      T_MOV64_IMM(0, 3), T_EXIT() }
	const struct bpf_insn taken[] = BE_JSET(1), not_taken[] = BE_JSET(2);
#undef BE_JSET
	/* the u32 at 16 is 0x867f7871: bit 4 set, bit 3 clear, negative as s32 */
#define BE_BIT(code, k) { T_LDX(BPF_W, 6, 1, 0), T_LDX(BPF_W, 2, 6, 16), \
		      XCC_TEST_INSN(code | BPF_K, 2, 0, 2, k), T_MOV64_IMM(0, 1), T_EXIT(), \
		      T_MOV64_IMM(0, 3), T_EXIT() }
	const struct bpf_insn bit4[] = BE_BIT(BPF_JMP32 | BPF_JSET, 0x10);
	const struct bpf_insn bit3[] = BE_BIT(BPF_JMP | BPF_JSET, 0x8);
	const struct bpf_insn neg[] = BE_BIT(BPF_JMP32 | BPF_JSLT, 0);
	const struct bpf_insn nonneg[] = BE_BIT(BPF_JMP32 | BPF_JSGE, 0);
#undef BE_BIT
	struct be_run r;

	ck_assert_uint_eq(be_card_insns(pass, XCC_ARRAY_SIZE(pass)), 2);
	BE_RUN(pass, &r);
	ck_assert_uint_eq(r.action, 2);
	ck_assert_uint_eq(r.callee_saved, 0);
	BE_RUN(taken, &r);
	ck_assert_uint_eq(r.action, 3);
	BE_RUN(not_taken, &r);
	ck_assert_uint_eq(r.action, 1);
	/* single-bit and sign tests: br_bset/br_bclr */
	BE_RUN(bit4, &r);
	ck_assert_uint_eq(r.action, 3);
	BE_RUN(bit3, &r);
	ck_assert_uint_eq(r.action, 1);
	BE_RUN(neg, &r);
	ck_assert_uint_eq(r.action, 3);
	BE_RUN(nonneg, &r);
	ck_assert_uint_eq(r.action, 1);
}
END_TEST

/*
 * peep2 lets readers take a load's $xr directly, but only up to the next
 * command: the second load here reuses $xr0 while r2 is still to be read.
 */
START_TEST(test_backend_peep_xfer_reuse)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0), T_LDX(BPF_B, 2, 6, 20),
		XCC_TEST_INSN(BPF_ALU | BPF_MOV | BPF_X, 4, 2, 0, 0),
		T_LDX(BPF_B, 3, 6, 21), T_ALU64_REG(BPF_ADD, 2, 3),
		T_STX(BPF_DW, 6, 2, 0), T_STX(BPF_DW, 6, 4, 8),
		T_MOV64_IMM(0, 3), T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), (20 * 7 + 1) + (21 * 7 + 1));
	ck_assert_uint_eq(be_out64(&r, 1), 20 * 7 + 1);
}
END_TEST

/*
 * 64-bit shifts and masks of values below 2^32 work on the low word when
 * absint proves the result fits: u8 << 3 >> 1, (u16 & 0xffff) and u8 +
 * 1000 stay in one word, u32 << 8, (u32 & 0xffff), u32 + 0x7fffffff and
 * u8 - 300 do not.  Results go to the frame.
 */
START_TEST(test_backend_narrow_alu)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_LDX(BPF_B, 2, 6, 20), T_ALU64_IMM(BPF_LSH, 2, 3), T_ALU64_IMM(BPF_ARSH, 2, 1),
		T_STX(BPF_DW, 6, 2, 0),
		T_LDX(BPF_W, 3, 6, 16), T_ALU64_IMM(BPF_LSH, 3, 8), T_STX(BPF_DW, 6, 3, 8),
		T_LDX(BPF_H, 4, 6, 24), T_ALU64_IMM(BPF_AND, 4, 0xffff), T_STX(BPF_DW, 6, 4, 16),
		T_LDX(BPF_W, 5, 6, 28), T_ALU64_IMM(BPF_AND, 5, 0xffff), T_STX(BPF_DW, 6, 5, 24),
		T_LDX(BPF_W, 7, 6, 32), T_LDX(BPF_B, 8, 6, 36), T_LDX(BPF_B, 9, 6, 37),
		T_ALU64_IMM(BPF_ADD, 7, 0x7fffffff), T_ALU64_IMM(BPF_SUB, 8, 300),
		T_ALU64_IMM(BPF_ADD, 9, 1000),
		T_STX(BPF_DW, 6, 7, 32), T_STX(BPF_DW, 6, 8, 40), T_STX(BPF_DW, 6, 9, 48),
		T_MOV64_IMM(0, 3), T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), (u64)(20 * 7 + 1) << 3 >> 1);
	ck_assert_uint_eq(be_out64(&r, 1), (u64)0x867f7871 << 8);
	ck_assert_uint_eq(be_out64(&r, 2), (24 * 7 + 1) | (25 * 7 + 1) << 8);
	ck_assert_uint_eq(be_out64(&r, 3), (28 * 7 + 1) | (29 * 7 + 1) << 8);
	/* u32 + 0x7fffffff carries into the high word, u8 - 300 borrows, u8 + 1000 fits */
	ck_assert_uint_eq(be_out64(&r, 4), 0xf6efe8e1ull + 0x7fffffff);
	ck_assert_uint_eq(be_out64(&r, 5), (u64)((36 * 7 + 1) & 0xff) - 300);
	ck_assert_uint_eq(be_out64(&r, 6), ((37 * 7 + 1) & 0xff) + 1000);
}
END_TEST

/*
 * Two byte loads that sched issues together, the second shifted and ORed
 * into the first (how clang reads a 16-bit field byte by byte): peep must
 * not fold a load's move into the shift, since sched renames the
 * transfer registers of the moves it batches only.
 */
START_TEST(test_backend_peep_batched_loads)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0), T_LDX(BPF_B, 2, 6, 12), T_LDX(BPF_B, 3, 6, 13),
		T_ALU32_IMM(BPF_LSH, 3, 8), XCC_TEST_INSN(BPF_ALU | BPF_OR | BPF_X, 3, 2, 0, 0),
		T_STX(BPF_H, 6, 3, 0), T_MOV64_IMM(0, 3), T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(r.out[0] | r.out[1] << 8, (12 * 7 + 1) | (13 * 7 + 1) << 8);
}
END_TEST

/*
 * 64-bit compares of values below 2^32 compare the low words only, a
 * signed condition as the unsigned one: the frame's u32 at 16 is
 * 0x867f7871, positive as a 64-bit value although its bit 31 is set; the
 * u64 at 16 is negative and keeps the full compare; against 0 the high
 * word's sign decides (the u64 at 12, 0x867f78716a635c55, is negative with
 * a positive low word).
 */
/*
 * Stack pointers (fp + k down to minus the frame's depth) have a zero high
 * word on the card: their sums and compares take the low words alone,
 * and still order fp - 8 above fp - 16 and reach the slot.
 */
START_TEST(test_backend_stack_pointer_words)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -16),
		T_MOV64_REG(3, 10), T_ALU64_IMM(BPF_ADD, 3, -8),
		T_ST(BPF_DW, 2, 0, 5),
		T_LDX(BPF_DW, 4, 10, -16), T_STX(BPF_DW, 6, 4, 0),
		T_JMP_REG(BPF_JGT, 3, 2, 2),
		T_MOV64_IMM(0, 1), T_EXIT(),
		T_MOV64_IMM(0, 3), T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), 5);
	/* 29 with the high words' addc and cmpb */
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 24);
}
END_TEST

START_TEST(test_backend_jmp_low_words)
{
#define BE_JSIGNED(size, op, k) BE_JSIGNED_AT(size, 16, op, k)
#define BE_JSIGNED_AT(size, at, op, k) { T_LDX(BPF_W, 6, 1, 0), T_LDX(size, 2, 6, at), \
		      T_JMP_IMM(op, 2, k, 2), T_MOV64_IMM(0, 1), T_EXIT(), \
		      T_MOV64_IMM(0, 3), T_EXIT() }
	const struct bpf_insn gt32[] = BE_JSIGNED(BPF_W, BPF_JSGT, 0);
	const struct bpf_insn lt32[] = BE_JSIGNED(BPF_W, BPF_JSLT, 1);
	const struct bpf_insn ge32[] = BE_JSIGNED(BPF_W, BPF_JSGE, 0x7fffffff);
	const struct bpf_insn gt64[] = BE_JSIGNED(BPF_DW, BPF_JSGT, 0);
	const struct bpf_insn lt64[] = BE_JSIGNED_AT(BPF_DW, 12, BPF_JSLT, 0);
	const struct bpf_insn ge64[] = BE_JSIGNED_AT(BPF_DW, 12, BPF_JSGE, 0);
#undef BE_JSIGNED
#undef BE_JSIGNED_AT
	struct be_run r;

	BE_RUN(gt32, &r);
	ck_assert_uint_eq(r.action, 3);
	BE_RUN(lt32, &r);
	ck_assert_uint_eq(r.action, 1);
	BE_RUN(ge32, &r);
	ck_assert_uint_eq(r.action, 3);
	BE_RUN(gt64, &r);
	ck_assert_uint_eq(r.action, 1);
	/* against 0, the high word's sign alone */
	BE_RUN(lt64, &r);
	ck_assert_uint_eq(r.action, 3);
	BE_RUN(ge64, &r);
	ck_assert_uint_eq(r.action, 1);
}
END_TEST

START_TEST(test_backend_regalloc_banks)
{
	const struct bpf_insn p[] = {
		T_MOV64_IMM(1, 1), T_MOV64_IMM(2, 2),
		T_ALU64_REG(BPF_ADD, 1, 2), T_ALU64_REG(BPF_SUB, 1, 2), T_ALU64_REG(BPF_XOR, 2, 1),
		T_MOV64_REG(0, 1), T_EXIT(),
	};
	struct xcc_options opts = { 0 };
	struct xcc_stats st;
	struct xcc_test t;

	memset(&t, 0, sizeof(t));
	t.env = (struct xcc_env){ xcc_test_alloc, xcc_test_free, xcc_test_log, &t };
	t.prog = xcc_prog_new(&t.env, p, XCC_ARRAY_SIZE(p), xcc_test_maps, 1);
	ck_assert_int_eq(xcc_compile(t.prog, &opts), 0);
	/* r1 and r2 are read together three times: different banks, no moves for them */
	ck_assert_uint_ne(t.prog->mc.bank[1], t.prog->mc.bank[2]);
	xcc_prog_stats(t.prog, &st);
	ck_assert_uint_eq(st.bpf_insns, XCC_ARRAY_SIZE(p));
	ck_assert_uint_gt(st.card_insns, 0);
	ck_assert_uint_eq(st.bank_fixups, 0);
	xcc_test_done(&t);
}
END_TEST

/* update, lookup, delete twice on the hash map: 0, the value, 0, -ENOENT */
START_TEST(test_backend_hash_map)
{
#define KEY_VAL_R2_R3 T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -4), \
	T_MOV64_REG(3, 10), T_ALU64_IMM(BPF_ADD, 3, -16)
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_ST(BPF_W, 10, -4, 7), XCC_TEST_INSN(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -16, 42),
		T_LD_MAP(1, 0), KEY_VAL_R2_R3, T_MOV64_IMM(4, BPF_ANY),
		T_CALL(BPF_FUNC_map_update_elem), T_STX(BPF_DW, 6, 0, 0),
		T_LD_MAP(1, 0), KEY_VAL_R2_R3, T_CALL(BPF_FUNC_map_lookup_elem),
		T_JMP_IMM(BPF_JNE, 0, 0, 2), T_MOV64_IMM(0, 1), T_EXIT(),
		T_LDX(BPF_DW, 1, 0, 0), T_STX(BPF_DW, 6, 1, 8),
		T_LD_MAP(1, 0), KEY_VAL_R2_R3, T_CALL(BPF_FUNC_map_delete_elem), T_STX(BPF_DW, 6, 0, 16),
		T_LD_MAP(1, 0), KEY_VAL_R2_R3, T_CALL(BPF_FUNC_map_delete_elem), T_STX(BPF_DW, 6, 0, 24),
		T_MOV64_IMM(0, 2), T_EXIT(),
	};
#undef KEY_VAL_R2_R3
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 2);
	ck_assert_uint_eq(be_out64(&r, 0), 0);
	ck_assert_uint_eq(be_out64(&r, 1), 42);
	ck_assert_uint_eq(be_out64(&r, 2), 0);
	ck_assert_uint_eq(be_out64(&r, 3), (u64)-2);
	/*
	 * The lookup routine's calls read what the routine reads and its
	 * returns what is live after each call: r1's map address and the
	 * registers no routine reads die (180 with every register read there).
	 */
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 160);
}
END_TEST

/*
 * Cross-jumping (docs/compiler.md, "Peephole"): the lookup's two results,
 * the element and NULL, both end with R0's zero high word, which the
 * spill keeps live; one copy of it stays (both paths checked: key 7 is
 * missing, key 9 present after an update).
 */
START_TEST(test_backend_cross_jump)
{
#define BE_LOOKUP(key) T_ST(BPF_W, 10, -4, key), T_LD_MAP(1, 0), T_MOV64_REG(2, 10), \
	T_ALU64_IMM(BPF_ADD, 2, -4), T_CALL(BPF_FUNC_map_lookup_elem), \
	T_STX(BPF_DW, 10, 0, -24), T_LDX(BPF_DW, 0, 10, -24)
	const struct bpf_insn missing[] = {
		T_LDX(BPF_W, 6, 1, 0), BE_LOOKUP(7),
		T_JMP_IMM(BPF_JNE, 0, 0, 2), T_MOV64_IMM(0, 1), T_EXIT(),
		T_MOV64_IMM(0, 2), T_EXIT(),
	};
	const struct bpf_insn present[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_ST(BPF_W, 10, -4, 9), XCC_TEST_INSN(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -16, 42),
		T_LD_MAP(1, 0), T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -4),
		T_MOV64_REG(3, 10), T_ALU64_IMM(BPF_ADD, 3, -16), T_MOV64_IMM(4, BPF_ANY),
		T_CALL(BPF_FUNC_map_update_elem),
		BE_LOOKUP(9),
		T_JMP_IMM(BPF_JNE, 0, 0, 2), T_MOV64_IMM(0, 1), T_EXIT(),
		T_LDX(BPF_DW, 1, 0, 0), T_STX(BPF_DW, 6, 1, 0),
		T_MOV64_IMM(0, 2), T_EXIT(),
	};
#undef BE_LOOKUP
	struct be_run r;

	BE_RUN(missing, &r);
	ck_assert_uint_eq(r.action, 1);
	BE_RUN(present, &r);
	ck_assert_uint_eq(r.action, 2);
	ck_assert_uint_eq(be_out64(&r, 0), 42);
	ck_assert_uint_le(be_card_insns(missing, XCC_ARRAY_SIZE(missing)), 17);	/* 18 with both */
}
END_TEST

/*
 * Three updates of one map (1 = BPF_NOEXIST twice, 8 = bad flags), with
 * flags as constants and read from the frame: each program runs one
 * shared helper routine, checking the flags at run time, and counts it
 * as its own code (222 card instructions with three inline copies).  A
 * single update's flags absint knows are decided when compiling, and
 * peep drops the exits they never reach (-EINVAL).
 */
#define BE_UPDATE(flags_insn, out) T_LD_MAP(1, 0), T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -4), \
	T_MOV64_REG(3, 10), T_ALU64_IMM(BPF_ADD, 3, -16), flags_insn,			\
	T_CALL(BPF_FUNC_map_update_elem), T_STX(BPF_DW, 6, 0, out)
#define BE_UPDATE_HEAD T_LDX(BPF_W, 6, 1, 0), T_LDX(BPF_B, 7, 6, 0), T_LDX(BPF_B, 8, 6, 1), \
	T_ST(BPF_W, 10, -4, 7), XCC_TEST_INSN(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -16, 42)
START_TEST(test_backend_update_shared)
{
	const struct bpf_insn known[] = {
		BE_UPDATE_HEAD,
		BE_UPDATE(T_MOV64_IMM(4, BPF_NOEXIST), 0), BE_UPDATE(T_MOV64_IMM(4, BPF_NOEXIST), 8),
		BE_UPDATE(T_MOV64_IMM(4, 8), 16),
		T_MOV64_IMM(0, 2), T_EXIT(),
	};
	const struct bpf_insn run_time[] = {
		BE_UPDATE_HEAD,
		BE_UPDATE(T_MOV64_REG(4, 7), 0), BE_UPDATE(T_MOV64_REG(4, 7), 8),
		BE_UPDATE(T_MOV64_REG(4, 8), 16),
		T_MOV64_IMM(0, 2), T_EXIT(),
	};
	const struct bpf_insn one_known[] = {
		BE_UPDATE_HEAD, BE_UPDATE(T_MOV64_IMM(4, BPF_NOEXIST), 0), T_MOV64_IMM(0, 2), T_EXIT(),
	};
	const struct bpf_insn one_run_time[] = {
		BE_UPDATE_HEAD, BE_UPDATE(T_MOV64_REG(4, 7), 0), T_MOV64_IMM(0, 2), T_EXIT(),
	};
	struct be_run r;
	u32 n_one = be_card_insns(one_known, XCC_ARRAY_SIZE(one_known));

	BE_RUN(known, &r);
	ck_assert_uint_eq(be_out64(&r, 0), 0);
	ck_assert_uint_eq(be_out64(&r, 1), (u64)-17);
	ck_assert_uint_eq(be_out64(&r, 2), (u64)-22);
	BE_RUN(run_time, &r);
	ck_assert_uint_eq(be_out64(&r, 0), 0);
	ck_assert_uint_eq(be_out64(&r, 1), (u64)-17);
	ck_assert_uint_eq(be_out64(&r, 2), (u64)-22);
	BE_RUN(one_known, &r);
	ck_assert_uint_eq(be_out64(&r, 0), 0);
	ck_assert_uint_le(be_card_insns(known, XCC_ARRAY_SIZE(known)), 120);
	ck_assert_uint_le(be_card_insns(run_time, XCC_ARRAY_SIZE(run_time)), 120);
	ck_assert_uint_gt(be_card_insns(known, XCC_ARRAY_SIZE(known)), n_one);
	ck_assert_uint_le(n_one + 8, be_card_insns(one_run_time, XCC_ARRAY_SIZE(one_run_time)));
	ck_assert_uint_le(n_one, 60);	/* 54; 69 keeping the exits no flag reaches */
}
END_TEST
#undef BE_UPDATE_HEAD
#undef BE_UPDATE

/*
 * A store's data computed straight into its write transfer register:
 * "add $xw0, ..." instead of "add D; mov $xw0, D" (14 card instructions
 * with the moves).
 */
START_TEST(test_backend_store_data)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_LDX(BPF_W, 2, 6, 0), T_ALU64_IMM(BPF_ADD, 2, 1), T_STX(BPF_W, 6, 2, 4),
		T_LDX(BPF_H, 3, 6, 8), XCC_TEST_INSN(BPF_ALU | BPF_XOR | BPF_K, 3, 0, 0, 0xff),
		T_STX(BPF_H, 6, 3, 10),
		T_MOV64_IMM(0, 3), T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0) >> 32, 0x160f0801 + 1);
	ck_assert_uint_eq((be_out64(&r, 1) >> 16) & 0xffff, 0x4039 ^ 0xff);
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 12);
}
END_TEST

/* On a miss: return 1 (the frame goes out unchanged). */
#define BE_FOUND_OR_1	T_JMP_IMM(BPF_JNE, 0, 0, 2), T_MOV64_IMM(0, 1), T_EXIT()

/*
 * Keys and values in the packet and in a map value, as the kernel takes
 * them: each read from its own memory (the frame's first bytes are 1, 8,
 * 15, 22, ..., so the key at data + 0 is 0x160f0801).
 */
START_TEST(test_backend_key_value_anywhere)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_ST(BPF_W, 10, -4, 0x160f0801), XCC_TEST_INSN(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -16, 99),
		T_LD_MAP(1, 0), T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -4),
		T_MOV64_REG(3, 10), T_ALU64_IMM(BPF_ADD, 3, -16), T_MOV64_IMM(4, BPF_ANY),
		T_CALL(BPF_FUNC_map_update_elem),
		/* the key in the packet: finds 99 */
		T_LD_MAP(1, 0), T_MOV64_REG(2, 6), T_CALL(BPF_FUNC_map_lookup_elem), BE_FOUND_OR_1,
		T_LDX(BPF_DW, 1, 0, 0), T_STX(BPF_DW, 6, 1, 32),
		/* the value in the packet: key 5 gets the frame's first 8 bytes */
		T_ST(BPF_W, 10, -4, 5), T_LD_MAP(1, 0), T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -4),
		T_MOV64_REG(3, 6), T_MOV64_IMM(4, BPF_ANY), T_CALL(BPF_FUNC_map_update_elem),
		/* the key in a map value: key 5's value starts with 0x160f0801, whose value is 99 */
		T_LD_MAP(1, 0), T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -4),
		T_CALL(BPF_FUNC_map_lookup_elem), BE_FOUND_OR_1, T_MOV64_REG(7, 0),
		T_LD_MAP(1, 0), T_MOV64_REG(2, 7), T_CALL(BPF_FUNC_map_lookup_elem), BE_FOUND_OR_1,
		T_LDX(BPF_DW, 1, 0, 0), T_STX(BPF_DW, 6, 1, 40),
		/* the value in a map value: key 6 gets key 5's value */
		T_ST(BPF_W, 10, -4, 6), T_LD_MAP(1, 0), T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -4),
		T_MOV64_REG(3, 7), T_MOV64_IMM(4, BPF_ANY), T_CALL(BPF_FUNC_map_update_elem),
		T_LD_MAP(1, 0), T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -4),
		T_CALL(BPF_FUNC_map_lookup_elem), BE_FOUND_OR_1,
		T_LDX(BPF_DW, 1, 0, 0), T_STX(BPF_DW, 6, 1, 48),
		T_MOV64_IMM(0, 2), T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 2);
	ck_assert_uint_eq(be_out64(&r, 4), 99);
	ck_assert_uint_eq(be_out64(&r, 5), 99);
	ck_assert_uint_eq(be_out64(&r, 6), 0x322b241d160f0801ull);
}
END_TEST

/* r0 = update(map 0, key k, value v, flags), stored at out[8 * slot] */
#define BE_UPDATE(k, v, flags, slot)						\
	T_ST(BPF_W, 10, -4, k), XCC_TEST_INSN(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -16, v), \
	T_LD_MAP(1, 0), T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -4),		\
	T_MOV64_REG(3, 10), T_ALU64_IMM(BPF_ADD, 3, -16), T_MOV64_IMM(4, flags),	\
	T_CALL(BPF_FUNC_map_update_elem), T_STX(BPF_DW, 6, 0, 8 * (slot))

/*
 * LRU: three inserts into a map of two all succeed, evicting one; the last
 * key is there; NOEXIST on it, EXIST on a missing key, a bad flag and a
 * delete of a missing key fail as in 6.1.
 */
START_TEST(test_backend_lru_evicts)
{
	static const struct xcc_map_desc lru[] = {
		{ .type = BPF_MAP_TYPE_LRU_HASH, .key_size = 4, .value_size = 8,
		  .max_entries = 2, .name = "lru" },
	};
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		BE_UPDATE(1, 10, BPF_ANY, 0), BE_UPDATE(2, 20, BPF_ANY, 1),
		BE_UPDATE(3, 30, BPF_ANY, 2),
		T_LD_MAP(1, 0), T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -4),
		T_CALL(BPF_FUNC_map_lookup_elem),
		T_JMP_IMM(BPF_JNE, 0, 0, 2), T_MOV64_IMM(0, 1), T_EXIT(),
		T_LDX(BPF_DW, 1, 0, 0), T_STX(BPF_DW, 6, 1, 24),
		BE_UPDATE(3, 33, BPF_NOEXIST, 4), BE_UPDATE(9, 90, BPF_EXIST, 5),
		BE_UPDATE(3, 34, BPF_EXIST + 1, 6),
		T_ST(BPF_W, 10, -4, 9), T_LD_MAP(1, 0), T_MOV64_REG(2, 10),
		T_ALU64_IMM(BPF_ADD, 2, -4), T_CALL(BPF_FUNC_map_delete_elem), T_STX(BPF_DW, 6, 0, 56),
		T_MOV64_IMM(0, 2), T_EXIT(),
	};
	struct be_run r;
	uint32_t count;

	be_run_prog_maps(p, XCC_ARRAY_SIZE(p), lru, 1, NULL, &r);
	ck_assert_uint_eq(r.action, 2);
	ck_assert_uint_eq(be_out64(&r, 0), 0);
	ck_assert_uint_eq(be_out64(&r, 1), 0);
	ck_assert_uint_eq(be_out64(&r, 2), 0);
	ck_assert_uint_eq(be_out64(&r, 3), 30);
	ck_assert_uint_eq(be_out64(&r, 4), (u64)-17);
	ck_assert_uint_eq(be_out64(&r, 5), (u64)-2);
	ck_assert_uint_eq(be_out64(&r, 6), (u64)-22);
	ck_assert_uint_eq(be_out64(&r, 7), (u64)-2);
	memcpy(&count, r.map + XNIC_MAP_HASH_COUNT, 4);
	ck_assert_uint_eq(count, 2);
	ck_assert_uint_eq(r.place.size, xnic_map_lru_hand(r.place.stride, r.place.buckets) +
			  XNIC_MAP_LRU_HAND_SIZE);
}
END_TEST

/* Per-CPU hash: the value lands in ME 0's copy of its slot; lookup reads it. */
START_TEST(test_backend_percpu_hash)
{
	static const struct xcc_map_desc pcpu[] = {
		{ .type = BPF_MAP_TYPE_PERCPU_HASH, .key_size = 4, .value_size = 8,
		  .max_entries = 4, .name = "pcpu" },
	};
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		BE_UPDATE(7, 42, BPF_ANY, 0),
		T_LD_MAP(1, 0), T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -4),
		T_CALL(BPF_FUNC_map_lookup_elem),
		T_JMP_IMM(BPF_JNE, 0, 0, 2), T_MOV64_IMM(0, 1), T_EXIT(),
		T_LDX(BPF_DW, 1, 0, 0), T_STX(BPF_DW, 6, 1, 8),
		T_MOV64_IMM(0, 2), T_EXIT(),
	};
	struct be_run r;
	uint32_t b, used = 0;
	u64 v;

	be_run_prog_maps(p, XCC_ARRAY_SIZE(p), pcpu, 1, NULL, &r);
	ck_assert_uint_eq(r.action, 2);
	ck_assert_uint_eq(be_out64(&r, 0), 0);
	ck_assert_uint_eq(be_out64(&r, 1), 42);
	ck_assert_uint_eq(r.place.copies, XCC_PERCPU_COPIES);
	ck_assert_uint_eq(r.place.stride, xnic_map_percpu_hash_stride(4, 8, XCC_PERCPU_COPIES));
	for (b = 0; b < r.place.buckets; b++) {
		const uint8_t *slot = r.map + XNIC_MAP_HASH_SLOTS + b * r.place.stride;

		if (slot[XNIC_MAP_SLOT_STATE] != XNIC_MAP_SLOT_USED)
			continue;
		used++;
		memcpy(&v, slot + r.place.value_off, 8);
		ck_assert_uint_eq(v, 42);
	}
	ck_assert_uint_eq(used, 1);
}
END_TEST

/* An LPM key {prefixlen, IPv4 address a.b.c.d} at fp-8 */
#define BE_LPM_KEY(plen, a, b, c, d)						\
	T_ST(BPF_W, 10, -8, plen), T_ST(BPF_W, 10, -4, (s32)((a) | (b) << 8 | (c) << 16 | (u32)(d) << 24))

/* r0 = update(map 0, LPM key, v, BPF_ANY), stored at out[8 * slot] */
#define BE_LPM_UPDATE(plen, a, b, c, d, v, slot)				\
	BE_LPM_KEY(plen, a, b, c, d), XCC_TEST_INSN(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -16, v), \
	T_LD_MAP(1, 0), T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -8),		\
	T_MOV64_REG(3, 10), T_ALU64_IMM(BPF_ADD, 3, -16), T_MOV64_IMM(4, BPF_ANY),	\
	T_CALL(BPF_FUNC_map_update_elem), T_STX(BPF_DW, 6, 0, 8 * (slot))

/* out[8 * slot] = the value found for a.b.c.d/32, or 0 */
#define BE_LPM_LOOKUP(a, b, c, d, slot)						\
	BE_LPM_KEY(32, a, b, c, d), T_LD_MAP(1, 0), T_MOV64_REG(2, 10),		\
	T_ALU64_IMM(BPF_ADD, 2, -8), T_CALL(BPF_FUNC_map_lookup_elem),		\
	T_JMP_IMM(BPF_JEQ, 0, 0, 1), T_LDX(BPF_DW, 0, 0, 0), T_STX(BPF_DW, 6, 0, 8 * (slot))

/*
 * LPM trie of 4: the longest covering prefix wins whatever the slot order
 * (the /16 goes in after the /24 inside it); a delete needs the exact
 * prefix; a full trie refuses every update with -ENOSPC, a present prefix
 * too, as 6.1 does.
 */
START_TEST(test_backend_lpm_trie)
{
	static const struct xcc_map_desc lpm[] = {
		{ .type = BPF_MAP_TYPE_LPM_TRIE, .key_size = 8, .value_size = 8,
		  .max_entries = 4, .name = "lpm" },
	};
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		BE_LPM_UPDATE(8, 10, 0, 0, 0, 1, 0), BE_LPM_UPDATE(24, 10, 1, 2, 0, 2, 0),
		BE_LPM_UPDATE(16, 10, 1, 0, 0, 3, 0),
		BE_LPM_LOOKUP(10, 1, 2, 3, 0), BE_LPM_LOOKUP(10, 1, 9, 9, 1),
		BE_LPM_LOOKUP(10, 2, 0, 0, 2), BE_LPM_LOOKUP(11, 0, 0, 0, 3),
		BE_LPM_KEY(25, 10, 1, 2, 0), T_LD_MAP(1, 0), T_MOV64_REG(2, 10),
		T_ALU64_IMM(BPF_ADD, 2, -8), T_CALL(BPF_FUNC_map_delete_elem), T_STX(BPF_DW, 6, 0, 32),
		BE_LPM_UPDATE(32, 1, 2, 3, 4, 4, 5), BE_LPM_UPDATE(32, 1, 2, 3, 5, 5, 6),
		BE_LPM_UPDATE(8, 10, 0, 0, 0, 6, 7),
		T_MOV64_IMM(0, 2), T_EXIT(),
	};
	struct be_run r;

	be_run_prog_maps(p, XCC_ARRAY_SIZE(p), lpm, 1, NULL, &r);
	ck_assert_uint_eq(r.action, 2);
	ck_assert_uint_eq(be_out64(&r, 0), 2);
	ck_assert_uint_eq(be_out64(&r, 1), 3);
	ck_assert_uint_eq(be_out64(&r, 2), 1);
	ck_assert_uint_eq(be_out64(&r, 3), 0);
	ck_assert_uint_eq(be_out64(&r, 4), (u64)-2);
	ck_assert_uint_eq(be_out64(&r, 5), 0);
	ck_assert_uint_eq(be_out64(&r, 6), (u64)-28);
	ck_assert_uint_eq(be_out64(&r, 7), (u64)-28);
}
END_TEST

START_TEST(test_backend_refuses_other_map_lookup)
{
	static const struct xcc_map_desc queue[] = {
		{ .type = BPF_MAP_TYPE_QUEUE, .value_size = 8, .max_entries = 4,
		  .name = "queue" },
	};
	const struct bpf_insn p[] = {
		T_ST(BPF_W, 10, -4, 0), T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -4),
		T_LD_MAP(1, 0), T_CALL(BPF_FUNC_map_lookup_elem), T_MOV64_IMM(0, 2), T_EXIT(),
	};
	struct xcc_options opts = { 0 };
	struct xcc_test t;

	memset(&t, 0, sizeof(t));
	t.env = (struct xcc_env){ xcc_test_alloc, xcc_test_free, xcc_test_log, &t };
	t.prog = xcc_prog_new(&t.env, p, XCC_ARRAY_SIZE(p), queue, 1);
	ck_assert_int_eq(xcc_compile(t.prog, &opts), -XCC_E_UNSUPPORTED);
	ck_assert_int_eq(xcc_prog_error_insn(t.prog), 5);
	ck_assert_ptr_nonnull(strstr(xcc_prog_error(t.prog), "only array, per-CPU array, hash maps"));
	ck_assert_ptr_nonnull(strstr(xcc_prog_error(t.prog), "LRU per-CPU) and LPM tries"));
	xcc_test_done(&t);
}
END_TEST

static const struct xcc_map_desc be_redirect_maps[] = {
	{ .type = BPF_MAP_TYPE_XSKMAP, .key_size = 4, .value_size = 4, .max_entries = 4,
	  .name = "xsks" },
	{ .type = BPF_MAP_TYPE_DEVMAP_HASH, .key_size = 4, .value_size = 4,
	  .max_entries = 4, .name = "devs" },
};

/*
 * An AF_XDP socket in XSKMAP entry 1, which the diff tests cannot give the
 * host, bound to queue 7.
 */
static void be_redirect_setup(struct me_card *card, const struct xcc_prog *prog)
{
	struct xcc_map_place p;
	uint32_t size, one = 1, queue = 7;
	uint8_t *emem = me_card_mem(card, ME_MEM_EMEM, 0, &size);

	ck_assert_int_eq(xcc_prog_map_place(prog, 0, &p), 0);
	memcpy(emem + p.addr + p.stride, &one, 4);
	memcpy(emem + p.addr + p.stride + XNIC_MAP_XSK_QUEUE_ID, &queue, 4);
}

/* r0 = lookup(xsks, key); *(u64 *)(r6 + off) = r0 ? sock->queue_id + 1 : 0 */
#define BE_XSK_LOOKUP(key, off) \
	T_ST(BPF_W, 10, -4, key), T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -4), \
	T_LD_MAP(1, 0), T_CALL(BPF_FUNC_map_lookup_elem), \
	T_JMP_IMM(BPF_JEQ, 0, 0, 2), T_LDX(BPF_W, 0, 0, 0), T_ALU64_IMM(BPF_ADD, 0, 1), \
	T_STX(BPF_DW, 6, 0, off)

/*
 * bpf_map_lookup_elem on an XSKMAP: the socket of entry 1, whose queue_id
 * (struct bpf_xdp_sock) reads 7, and NULL for an empty entry and a key past
 * max_entries, which is all the diff suites can see.
 */
START_TEST(test_backend_xskmap_lookup)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		BE_XSK_LOOKUP(1, 0),
		BE_XSK_LOOKUP(2, 8),
		BE_XSK_LOOKUP(4, 16),
		T_MOV64_IMM(0, XDP_PASS), T_EXIT(),
	};
	struct be_run r;

	be_run_prog_maps(p, XCC_ARRAY_SIZE(p), be_redirect_maps, 2, be_redirect_setup, &r);
	ck_assert_uint_eq(be_out64(&r, 0), 8);
	ck_assert_uint_eq(be_out64(&r, 1), 0);
	ck_assert_uint_eq(be_out64(&r, 2), 0);
}
END_TEST

#define BE_REDIRECT(map, key, flags, off) \
	T_LD_MAP(1, map), T_MOV64_IMM(2, key), T_MOV64_IMM(3, flags), \
	T_CALL(BPF_FUNC_redirect_map), T_STX(BPF_DW, 6, 0, off)

/*
 * bpf_redirect_map on the card where the host cannot be asked: an XSKMAP
 * entry that exists, one that does not, and an empty DEVMAP_HASH with
 * broadcast; the last call's target stays in the xdp_md block.
 */
START_TEST(test_backend_redirect_map)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		BE_REDIRECT(0, 1, XDP_PASS, 0),
		BE_REDIRECT(0, 2, XDP_PASS, 8),
		BE_REDIRECT(0, 1, BPF_F_BROADCAST, 16),
		BE_REDIRECT(1, 5, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS | XDP_DROP, 24),
		BE_REDIRECT(1, 5, XDP_TX, 32),
		BE_REDIRECT(0, 1, 0, 40),
		T_EXIT(),
	};
	struct be_run r;

	be_run_prog_maps(p, XCC_ARRAY_SIZE(p), be_redirect_maps, 2, be_redirect_setup, &r);
	ck_assert_uint_eq(be_out64(&r, 0), XDP_REDIRECT);
	ck_assert_uint_eq(be_out64(&r, 1), XDP_PASS);
	ck_assert_uint_eq(be_out64(&r, 2), XDP_ABORTED);	/* no broadcast to sockets */
	ck_assert_uint_eq(be_out64(&r, 3), XDP_REDIRECT);	/* broadcast, nothing found */
	ck_assert_uint_eq(be_out64(&r, 4), XDP_TX);
	ck_assert_uint_eq(be_out64(&r, 5), XDP_REDIRECT);
	ck_assert_uint_eq(r.action, XDP_REDIRECT);
	ck_assert_uint_eq(r.md[XNIC_MD_REDIRECT / 4], 1);
	ck_assert_uint_eq(r.md[XNIC_MD_REDIRECT_MAP / 4], 1);	/* map 0, plus one */
	ck_assert_uint_eq(r.md[XNIC_MD_REDIRECT_FLAGS / 4], 0);
	/* constant flags are checked when compiling (183 checking them at run time) */
	ck_assert_uint_le(be_stats_maps(p, XCC_ARRAY_SIZE(p), be_redirect_maps, 2).card_insns, 155);
}
END_TEST

/* The target of a broadcast that a failed lookup does not clear, then one that does. */
START_TEST(test_backend_redirect_map_target)
{
	const struct bpf_insn bcast[] = {
		T_LDX(BPF_W, 6, 1, 0),
		BE_REDIRECT(1, 5, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS | XDP_DROP, 0),
		T_EXIT(),
	};
	const struct bpf_insn cleared[] = {
		T_LDX(BPF_W, 6, 1, 0),
		BE_REDIRECT(0, 1, 0, 0),
		BE_REDIRECT(0, 3, XDP_DROP, 8),
		T_MOV64_IMM(0, XDP_REDIRECT), T_EXIT(),
	};
	struct be_run r;

	be_run_prog_maps(bcast, XCC_ARRAY_SIZE(bcast), be_redirect_maps, 2, be_redirect_setup, &r);
	ck_assert_uint_eq(r.action, XDP_REDIRECT);
	ck_assert_uint_eq(r.md[XNIC_MD_REDIRECT / 4], 5);
	ck_assert_uint_eq(r.md[XNIC_MD_REDIRECT_MAP / 4], 2);
	ck_assert_uint_eq(r.md[XNIC_MD_REDIRECT_FLAGS / 4], BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
	be_run_prog_maps(cleared, XCC_ARRAY_SIZE(cleared), be_redirect_maps, 2, be_redirect_setup,
			 &r);
	ck_assert_uint_eq(be_out64(&r, 0), XDP_REDIRECT);
	ck_assert_uint_eq(be_out64(&r, 1), XDP_DROP);
	ck_assert_uint_eq(r.md[XNIC_MD_REDIRECT / 4], 0);
	ck_assert_uint_eq(r.md[XNIC_MD_REDIRECT_MAP / 4], 0);
}
END_TEST

static const char be_printk_fmt[] = "%ld|%s|%5u%%";
static const struct xcc_map_desc be_printk_maps[] = {
	{ .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = sizeof(be_printk_fmt),
	  .max_entries = 1, .name = ".rodata", .initial = be_printk_fmt,
	  .initial_size = sizeof(be_printk_fmt) },
};

/* The .rodata map's contents, as xnic-cc copies global data to the card. */
static void be_printk_setup(struct me_card *card, const struct xcc_prog *prog)
{
	struct xcc_map_place p;
	uint32_t size;

	ck_assert_int_eq(xcc_prog_map_place(prog, 0, &p), 0);
	memcpy(me_card_mem(card, ME_MEM_EMEM, 0, &size) + p.addr, be_printk_fmt,
	       sizeof(be_printk_fmt));
}

/*
 * bpf_trace_printk with a constant format: the kernel's length (a negative
 * long, a string from the stack, a width, %%) in R0, and one log record with
 * the format's address, the arguments and the string.
 */
START_TEST(test_backend_trace_printk)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_ST(BPF_W, 10, -8, 0x6261),	/* "ab" */
		XCC_TEST_INSN(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_VALUE, 0, 0),
		XCC_TEST_INSN(0, 0, 0, 0, 0),
		T_MOV64_IMM(2, sizeof(be_printk_fmt)), T_MOV64_IMM(3, -12345),
		T_MOV64_REG(4, 10), T_ALU64_IMM(BPF_ADD, 4, -8), T_MOV64_IMM(5, 7),
		T_CALL(BPF_FUNC_trace_printk), T_STX(BPF_DW, 6, 0, 0),
		T_MOV64_IMM(0, XDP_PASS), T_EXIT(),
	};
	struct be_run r;
	uint32_t head, len, type, fmt;
	int64_t arg;

	be_run_prog_maps(p, XCC_ARRAY_SIZE(p), be_printk_maps, 1, be_printk_setup, &r);
	ck_assert_uint_eq(be_out64(&r, 0), strlen("-12345|ab|    7%"));
	memcpy(&head, r.log + XNIC_LOG_HEAD, 4);
	ck_assert_uint_eq(head, XNIC_LOG_TRACE_STRS + XNIC_LOG_TRACE_STRS_MAX);
	memcpy(&len, r.log + XNIC_LOG_RECORDS + XNIC_LOG_REC_LEN, 4);
	memcpy(&type, r.log + XNIC_LOG_RECORDS + XNIC_LOG_REC_TYPE, 4);
	memcpy(&fmt, r.log + XNIC_LOG_RECORDS + XNIC_LOG_TRACE_FMT, 4);
	memcpy(&arg, r.log + XNIC_LOG_RECORDS + XNIC_LOG_TRACE_ARGS, 8);
	ck_assert_uint_eq(len, head);
	ck_assert_uint_eq(type, XNIC_LOG_TRACE);
	ck_assert_int_eq(arg, -12345);
	ck_assert_uint_eq(fmt, XNIC_EMEM_MAPS);	/* the .rodata map, placed first */
	ck_assert_str_eq((char *)r.log + XNIC_LOG_RECORDS + XNIC_LOG_TRACE_STRS, "ab");
	/* the temporaries' banks suit the bank rule: 12 moves when they did not */
	ck_assert_uint_le(be_stats_maps(p, XCC_ARRAY_SIZE(p), be_printk_maps, 1).bank_fixups, 1);
}
END_TEST

/*
 * "%d" from the stack: with no %s or address nothing can be -ENOSPC, and
 * the code has no such exit (67 card instructions; 72 with it).
 */
START_TEST(test_backend_printk_no_enospc)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0), T_ST(BPF_W, 10, -8, 0x6425),	/* "%d" */
		T_MOV64_REG(1, 10), T_ALU64_IMM(BPF_ADD, 1, -8), T_MOV64_IMM(2, 3),
		T_MOV64_IMM(3, 42), T_CALL(BPF_FUNC_trace_printk), T_STX(BPF_DW, 6, 0, 0),
		T_MOV64_IMM(0, XDP_PASS), T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(be_out64(&r, 0), 2);
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 69);
}
END_TEST

/*
 * %pI4 of two addresses on the stack, with two formats: the address's
 * bytes and digits are a routine of the image when two printk calls use
 * it; the second call costs its arguments, the call and the record's
 * argument.
 */
static const char be_ip_fmt[] = "%pI4\0x%pI4";
static const struct xcc_map_desc be_ip_maps[] = {
	{ .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = sizeof(be_ip_fmt),
	  .max_entries = 1, .name = ".rodata", .initial = be_ip_fmt,
	  .initial_size = sizeof(be_ip_fmt) },
};

static void be_ip_setup(struct me_card *card, const struct xcc_prog *prog)
{
	struct xcc_map_place p;
	uint32_t size;

	ck_assert_int_eq(xcc_prog_map_place(prog, 0, &p), 0);
	memcpy(me_card_mem(card, ME_MEM_EMEM, 0, &size) + p.addr, be_ip_fmt, sizeof(be_ip_fmt));
}

#define BE_IP_CALL(fmt, off, out)								\
	XCC_TEST_INSN(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_VALUE, 0, 0),		\
	XCC_TEST_INSN(0, 0, 0, 0, fmt), T_MOV64_IMM(2, sizeof(be_ip_fmt) - fmt),		\
	T_MOV64_REG(3, 10), T_ALU64_IMM(BPF_ADD, 3, off),					\
	T_CALL(BPF_FUNC_trace_printk), T_STX(BPF_DW, 6, 0, out)
START_TEST(test_backend_printk_ip_routine)
{
	const struct bpf_insn one[] = {
		T_LDX(BPF_W, 6, 1, 0), T_ST(BPF_W, 10, -8, 0x0100a8c0),
		BE_IP_CALL(0, -8, 0), T_MOV64_IMM(0, XDP_PASS), T_EXIT(),
	};
	const struct bpf_insn two[] = {
		T_LDX(BPF_W, 6, 1, 0), T_ST(BPF_W, 10, -8, 0x0100a8c0),
		T_ST(BPF_W, 10, -16, 0x0100000a), BE_IP_CALL(0, -8, 0), BE_IP_CALL(5, -16, 8),
		T_MOV64_IMM(0, XDP_PASS), T_EXIT(),
	};
	struct be_run r;
	u32 n_one = be_stats_maps(one, XCC_ARRAY_SIZE(one), be_ip_maps, 1).card_insns;
	u32 n_two = be_stats_maps(two, XCC_ARRAY_SIZE(two), be_ip_maps, 1).card_insns;

	be_run_prog_maps(two, XCC_ARRAY_SIZE(two), be_ip_maps, 1, be_ip_setup, &r);
	ck_assert_uint_eq(be_out64(&r, 0), strlen("192.168.0.1"));
	ck_assert_uint_eq(be_out64(&r, 1), strlen("x10.0.0.1"));
	ck_assert_uint_le(n_two, n_one + 50);	/* 40; 63 with the routine inline */
}
END_TEST
#undef BE_IP_CALL

/*
 * The binary arguments' bytes an integer takes are counted when compiling
 * and carried into the %s that follows: "%d%s%d" with a string of 505
 * characters leaves 4 + 506 bytes, no room for the second int's 4
 * (-ENOSPC), with 503 characters it fits (1 + 503 + 1 printed).  Counting
 * from 0 at the %s gave 507 for both.
 */
static char be_bin_rodata[8 + 506];
static const struct xcc_map_desc be_bin_maps[] = {
	{ .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = sizeof(be_bin_rodata),
	  .max_entries = 1, .name = ".rodata", .initial = be_bin_rodata,
	  .initial_size = sizeof(be_bin_rodata) },
};

static void be_bin_setup(struct me_card *card, const struct xcc_prog *prog)
{
	struct xcc_map_place p;
	uint32_t size;

	ck_assert_int_eq(xcc_prog_map_place(prog, 0, &p), 0);
	memcpy(me_card_mem(card, ME_MEM_EMEM, 0, &size) + p.addr, be_bin_rodata,
	       sizeof(be_bin_rodata));
}

#define BE_BIN_CALL(str_off, out)								\
	XCC_TEST_INSN(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_VALUE, 0, 0),		\
	XCC_TEST_INSN(0, 0, 0, 0, 0), T_MOV64_IMM(2, 7), T_MOV64_IMM(3, 1),			\
	XCC_TEST_INSN(BPF_LD | BPF_IMM | BPF_DW, 4, BPF_PSEUDO_MAP_VALUE, 0, 0),		\
	XCC_TEST_INSN(0, 0, 0, 0, str_off), T_MOV64_IMM(5, 2),					\
	T_CALL(BPF_FUNC_trace_printk), T_STX(BPF_DW, 6, 0, out)
START_TEST(test_backend_printk_bin_bytes)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0), BE_BIN_CALL(8, 0), BE_BIN_CALL(10, 8),
		T_MOV64_IMM(0, XDP_PASS), T_EXIT(),
	};
	struct be_run r;

	memcpy(be_bin_rodata, "%d%s%d", 7);
	memset(be_bin_rodata + 8, 'a', 505);
	be_run_prog_maps(p, XCC_ARRAY_SIZE(p), be_bin_maps, 1, be_bin_setup, &r);
	ck_assert_uint_eq(be_out64(&r, 0), (u64)-28);
	ck_assert_uint_eq(be_out64(&r, 1), 505);
}
END_TEST
#undef BE_BIN_CALL

/*
 * A second bpf_trace_printk, which a scalar for its %s makes another
 * body (an empty string), costs its own code and calls: taking the log
 * record and counting digits are routines of the image, counted once as
 * the program's code (73 card instructions; 113 inline).
 */
#define BE_PRINTK_CALL(r4, out)								\
	XCC_TEST_INSN(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_VALUE, 0, 0),		\
	XCC_TEST_INSN(0, 0, 0, 0, 0), T_MOV64_IMM(2, sizeof(be_printk_fmt)),			\
	T_ALU64_IMM(BPF_MUL, 7, 10), T_MOV64_REG(3, 7), r4, T_MOV64_IMM(5, 7),			\
	T_CALL(BPF_FUNC_trace_printk), T_STX(BPF_DW, 6, 0, out)
#define BE_PRINTK_STACK T_MOV64_REG(4, 10), T_ALU64_IMM(BPF_ADD, 4, -8)
START_TEST(test_backend_printk_routines)
{
	const struct bpf_insn one[] = {
		T_LDX(BPF_W, 6, 1, 0), T_ST(BPF_W, 10, -8, 0x6261), T_MOV64_IMM(7, -1234),
		BE_PRINTK_CALL(BE_PRINTK_STACK, 0), T_MOV64_IMM(0, XDP_PASS), T_EXIT(),
	};
	const struct bpf_insn two[] = {
		T_LDX(BPF_W, 6, 1, 0), T_ST(BPF_W, 10, -8, 0x6261), T_MOV64_IMM(7, -1234),
		BE_PRINTK_CALL(BE_PRINTK_STACK, 0), BE_PRINTK_CALL(T_MOV64_IMM(4, 0), 8),
		T_MOV64_IMM(0, XDP_PASS), T_EXIT(),
	};
	const struct bpf_insn four[] = {
		T_LDX(BPF_W, 6, 1, 0), T_ST(BPF_W, 10, -8, 0x6261), T_MOV64_IMM(7, -1234),
		BE_PRINTK_CALL(BE_PRINTK_STACK, 0), BE_PRINTK_CALL(BE_PRINTK_STACK, 8),
		BE_PRINTK_CALL(BE_PRINTK_STACK, 16), BE_PRINTK_CALL(T_MOV64_IMM(4, 0), 24),
		T_MOV64_IMM(0, XDP_PASS), T_EXIT(),
	};
	const struct bpf_insn mixed[] = {	/* one signed conversion: negated inline */
		T_LDX(BPF_W, 6, 1, 0), T_ST(BPF_W, 10, -8, 0x6261), T_MOV64_IMM(7, -1234),
		BE_PRINTK_CALL(BE_PRINTK_STACK, 0),
		T_ST(BPF_W, 10, -16, 0x0a217525), T_MOV64_IMM(2, 0), T_STX(BPF_B, 10, 2, -12),
		T_MOV64_REG(1, 10), T_ALU64_IMM(BPF_ADD, 1, -16), T_MOV64_IMM(2, 5),
		T_MOV64_IMM(3, 4321), T_CALL(BPF_FUNC_trace_printk), T_STX(BPF_DW, 6, 0, 8),
		T_MOV64_IMM(0, XDP_PASS), T_EXIT(),
	};
	struct be_run r;
	u32 n_one = be_stats_maps(one, XCC_ARRAY_SIZE(one), be_printk_maps, 1).card_insns;
	u32 n_two = be_stats_maps(two, XCC_ARRAY_SIZE(two), be_printk_maps, 1).card_insns;
	u32 n_four = be_stats_maps(four, XCC_ARRAY_SIZE(four), be_printk_maps, 1).card_insns;
	u32 n_mixed = be_stats_maps(mixed, XCC_ARRAY_SIZE(mixed), be_printk_maps, 1).card_insns;

	be_run_prog_maps(two, XCC_ARRAY_SIZE(two), be_printk_maps, 1, be_printk_setup, &r);
	ck_assert_uint_eq(be_out64(&r, 0), strlen("-12340|ab|    7%"));
	ck_assert_uint_eq(be_out64(&r, 1), strlen("-123400||    7%"));
	ck_assert_uint_le(n_two, n_one + 90);
	/* the decimal routine negates: each further %d passes its value and two bits */
	be_run_prog_maps(four, XCC_ARRAY_SIZE(four), be_printk_maps, 1, be_printk_setup, &r);
	ck_assert_uint_eq(be_out64(&r, 2), strlen("-1234000|ab|    7%"));
	ck_assert_uint_eq(be_out64(&r, 3), strlen("-12340000||    7%"));
	ck_assert_uint_le(n_four, 217);	/* 221 negating at each call */
	be_run_prog_maps(mixed, XCC_ARRAY_SIZE(mixed), be_printk_maps, 1, be_printk_setup, &r);
	ck_assert_uint_eq(be_out64(&r, 0), strlen("-12340|ab|    7%"));
	ck_assert_uint_eq(be_out64(&r, 1), strlen("4321!\n"));
	ck_assert_uint_le(n_mixed, 154);	/* 156 with the routine negating */
}
END_TEST
#undef BE_PRINTK_STACK
#undef BE_PRINTK_CALL

/*
 * bpf_trace_printk with a format the program stores on its stack ("%u!\n"
 * and its NUL from a 4-byte and a 2-byte store): the length in R0, and the
 * record carries the format at its end, its format word pointing there.
 */
START_TEST(test_backend_trace_printk_stack)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_ST(BPF_W, 10, -8, 0x0a217525),	/* "%u!\n" */
		T_ST(BPF_H, 10, -4, 0x7878),	/* overwritten below, but for its NUL */
		T_MOV64_IMM(2, 0), T_STX(BPF_B, 10, 2, -4),
		T_MOV64_REG(1, 10), T_ALU64_IMM(BPF_ADD, 1, -8), T_MOV64_IMM(2, 5),
		T_MOV64_IMM(3, 4321),
		T_CALL(BPF_FUNC_trace_printk), T_STX(BPF_DW, 6, 0, 0),
		T_MOV64_IMM(0, XDP_PASS), T_EXIT(),
	};
	struct be_run r;
	uint32_t head, len, fmt;

	be_run_prog_maps(p, XCC_ARRAY_SIZE(p), xcc_test_maps, 1, NULL, &r);
	ck_assert_uint_eq(be_out64(&r, 0), strlen("4321!\n"));
	memcpy(&head, r.log + XNIC_LOG_HEAD, 4);
	memcpy(&len, r.log + XNIC_LOG_RECORDS + XNIC_LOG_REC_LEN, 4);
	memcpy(&fmt, r.log + XNIC_LOG_RECORDS + XNIC_LOG_TRACE_FMT, 4);
	ck_assert_uint_eq(len, XNIC_LOG_TRACE_STRS + 8);
	ck_assert_uint_eq(head, len);
	ck_assert_uint_eq(fmt, XNIC_EMEM_LOG + XNIC_LOG_RECORDS + XNIC_LOG_TRACE_STRS);
	ck_assert_str_eq((char *)r.log + XNIC_LOG_RECORDS + XNIC_LOG_TRACE_STRS, "%u!\n");
}
END_TEST

/*
 * bpf_trace_printk("%pI4", an address on the stack): the text's length in
 * R0, and the record carries the address's bytes where the strings go, the
 * length of the text the kernel kept as the argument, then the format.
 */
START_TEST(test_backend_trace_printk_address)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_ST(BPF_W, 10, -8, 0x34497025),	/* "%pI4" */
		T_ST(BPF_B, 10, -4, 0),
		T_ST(BPF_W, 10, -16, 0x6400000a),	/* 10.0.0.100 */
		T_MOV64_REG(1, 10), T_ALU64_IMM(BPF_ADD, 1, -8), T_MOV64_IMM(2, 5),
		T_MOV64_REG(3, 10), T_ALU64_IMM(BPF_ADD, 3, -16),
		T_CALL(BPF_FUNC_trace_printk), T_STX(BPF_DW, 6, 0, 0),
		T_MOV64_IMM(0, XDP_PASS), T_EXIT(),
	};
	static const uint8_t addr[] = { 10, 0, 0, 100 };
	const uint8_t *rec;
	struct be_run r;
	uint32_t len, fmt;
	uint64_t kept;

	be_run_prog_maps(p, XCC_ARRAY_SIZE(p), xcc_test_maps, 1, NULL, &r);
	ck_assert_uint_eq(be_out64(&r, 0), strlen("10.0.0.100"));
	rec = r.log + XNIC_LOG_RECORDS;
	memcpy(&len, rec + XNIC_LOG_REC_LEN, 4);
	memcpy(&fmt, rec + XNIC_LOG_TRACE_FMT, 4);
	memcpy(&kept, rec + XNIC_LOG_TRACE_ARGS, 8);
	ck_assert_uint_eq(len, XNIC_LOG_TRACE_STRS + 8 + 8);
	ck_assert_uint_eq(kept, strlen("10.0.0.100"));
	ck_assert_mem_eq(rec + XNIC_LOG_TRACE_STRS, addr, sizeof(addr));
	ck_assert_uint_eq(fmt, XNIC_EMEM_LOG + XNIC_LOG_RECORDS + XNIC_LOG_TRACE_STRS + 8);
	ck_assert_str_eq((const char *)rec + XNIC_LOG_TRACE_STRS + 8, "%pI4");
}
END_TEST

static const struct xcc_map_desc be_printk_text_maps[] = {
	{ .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 512, .max_entries = 1,
	  .name = "text" },
};

/* The map's value: 480 x and a NUL. */
static void be_printk_text_setup(struct me_card *card, const struct xcc_prog *prog)
{
	struct xcc_map_place p;
	uint32_t size;

	ck_assert_int_eq(xcc_prog_map_place(prog, 0, &p), 0);
	memset(me_card_mem(card, ME_MEM_EMEM, 0, &size) + p.addr, 'x', 480);
}

/*
 * "%s%pI6%s" with a string of 480 characters: the address is cut to the 31
 * bytes left, and 6.1 moves past the end of its binary arguments by its
 * whole text, where its second %s reads and writes outside them; the card
 * returns -ENOSPC there and copies nothing past the record, whose call
 * stays unfinished (docs/compiler.md, "trace_printk").
 */
START_TEST(test_backend_trace_printk_address_cut)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_ST(BPF_W, 10, -16, 0x70257325),	/* "%s%p" */
		T_ST(BPF_W, 10, -12, 0x73253649),	/* "I6%s" */
		T_ST(BPF_B, 10, -8, 0),
		T_MOV64_REG(1, 10), T_ALU64_IMM(BPF_ADD, 1, -16), T_MOV64_IMM(2, 9),
		XCC_TEST_INSN(BPF_LD | BPF_IMM | BPF_DW, 3, BPF_PSEUDO_MAP_VALUE, 0, 0),
		XCC_TEST_INSN(0, 0, 0, 0, 0),
		T_MOV64_REG(4, 3), T_MOV64_REG(5, 3),
		T_CALL(BPF_FUNC_trace_printk), T_STX(BPF_DW, 6, 0, 0),
		T_MOV64_IMM(0, XDP_PASS), T_EXIT(),
	};
	struct be_run r;
	uint32_t head, len, type;

	be_run_prog_maps(p, XCC_ARRAY_SIZE(p), be_printk_text_maps, 1, be_printk_text_setup, &r);
	ck_assert_int_eq((int64_t)be_out64(&r, 0), -28);	/* -ENOSPC */
	memcpy(&head, r.log + XNIC_LOG_HEAD, 4);
	memcpy(&len, r.log + XNIC_LOG_RECORDS + XNIC_LOG_REC_LEN, 4);
	memcpy(&type, r.log + XNIC_LOG_RECORDS + XNIC_LOG_REC_TYPE, 4);
	ck_assert_uint_eq(head, len);
	ck_assert_uint_eq(type, 0);
	ck_assert_uint_eq(r.log[XNIC_LOG_RECORDS + XNIC_LOG_TRACE_STRS + 481 + 16], 0);
}
END_TEST

/*
 * bpf_ktime_get_coarse_ns: the monotonic clock at the last tick, so a
 * multiple of the tick, behind bpf_ktime_get_ns() by less than one tick,
 * and the tick bpf_jiffies64() counts (the host's clocks, which the diff
 * suite compares with, have no such fixed relation to check).
 */
START_TEST(test_backend_coarse_ns)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_LD_IMM64(1, 3000000, 0),	/* past two ticks of 4 ms */
		T_ALU64_IMM(BPF_SUB, 1, 1), T_JMP_IMM(BPF_JNE, 1, 0, -2),
		T_CALL(BPF_FUNC_jiffies64), T_STX(BPF_DW, 6, 0, 0),
		T_CALL(BPF_FUNC_ktime_get_coarse_ns), T_STX(BPF_DW, 6, 0, 8),
		T_CALL(BPF_FUNC_ktime_get_ns), T_STX(BPF_DW, 6, 0, 16),
		T_MOV64_IMM(0, XDP_PASS), T_EXIT(),
	};
	struct be_run r;
	u64 jiffies, coarse, ns;

	be_run_prog_cycles(p, XCC_ARRAY_SIZE(p), xcc_test_maps, 1, NULL, &r, 64ull << 20);
	jiffies = be_out64(&r, 0) - XCC_INITIAL_JIFFIES;
	coarse = be_out64(&r, 1);
	ns = be_out64(&r, 2);
	ck_assert_uint_ge(coarse, 2 * XCC_NSEC_PER_JIFFY);
	ck_assert_uint_eq(coarse % XCC_NSEC_PER_JIFFY, 0);
	ck_assert_uint_lt(ns - coarse, XCC_NSEC_PER_JIFFY);
	ck_assert_uint_ge(coarse / XCC_NSEC_PER_JIFFY, jiffies);	/* a tick may pass between */
	ck_assert_uint_le(coarse / XCC_NSEC_PER_JIFFY, jiffies + 1);
}
END_TEST

/* sched: two loads overlap, a 2-byte store is posted; the results stay right. */
START_TEST(test_backend_sched)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_LDX(BPF_W, 2, 6, 4), T_LDX(BPF_H, 3, 6, 9),
		T_ALU64_REG(BPF_ADD, 2, 3), T_STX(BPF_H, 6, 2, 0),
		T_MOV64_IMM(0, 2), T_EXIT(),
	};
	struct xcc_options opts = { 0 };
	struct xcc_stats st;
	struct xcc_test t;
	struct be_run r;
	u32 w, h;

	memset(&t, 0, sizeof(t));
	t.env = (struct xcc_env){ xcc_test_alloc, xcc_test_free, xcc_test_log, &t };
	t.prog = xcc_prog_new(&t.env, p, XCC_ARRAY_SIZE(p), xcc_test_maps, 1);
	ck_assert_int_eq(xcc_compile(t.prog, &opts), 0);
	xcc_prog_stats(t.prog, &st);
	ck_assert_uint_eq(st.reads_overlapped, 2);
	ck_assert_uint_eq(st.waits_removed, 1);
	xcc_test_done(&t);
	BE_RUN(p, &r);
	memcpy(&w, r.frame + 4, 4);
	memcpy(&h, r.frame + 9, 2);
	h &= 0xffff;
	ck_assert_uint_eq(r.out[0] | r.out[1] << 8, (w + h) & 0xffff);
}
END_TEST

/*
 * A run of constant stores through one packet pointer (descending bytes,
 * an ALU instruction between, a later store over an earlier one's bytes,
 * a hole) becomes one write per 8 contiguous bytes: 2 commands for 7
 * stores, the bytes as the stores leave them.
 */
START_TEST(test_backend_store_run)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_MOV64_IMM(1, 0x78),
		T_STX(BPF_B, 6, 1, 3), T_STX(BPF_B, 6, 1, 2), T_STX(BPF_B, 6, 1, 1),
		T_STX(BPF_B, 6, 1, 0),
		T_MOV64_IMM(2, 0x11223344),
		T_STX(BPF_W, 6, 2, 4),
		T_ST(BPF_H, 6, 5, 0xaabb),
		T_ST(BPF_B, 6, 10, 0x5a),
		T_MOV64_IMM(0, 3), T_EXIT(),
	};
	static const u8 want[12] = { 0x78, 0x78, 0x78, 0x78, 0x44, 0xbb, 0xaa, 0x11,
				     8 * 7 + 1, 9 * 7 + 1, 0x5a, 11 * 7 + 1 };
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_mem_eq(r.out, want, sizeof(want));
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 15);	/* 19 store by store */
}
END_TEST

/*
 * The constant in $xw0 outlives the write that sends it, and a move from
 * a GPR known to hold it is known too: stores of r2 between loads (which
 * end the runs above) move it into $xw0 once.
 */
START_TEST(test_backend_known_xw)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_LD_IMM64(2, 0x12345678, 0),
		T_LDX(BPF_B, 3, 6, 20), T_STX(BPF_W, 6, 2, 0),
		T_LDX(BPF_B, 4, 6, 21), T_STX(BPF_W, 6, 2, 4),
		T_LDX(BPF_B, 5, 6, 22), T_STX(BPF_W, 6, 2, 8),
		T_ALU64_REG(BPF_ADD, 3, 4), T_ALU64_REG(BPF_ADD, 3, 5),
		T_STX(BPF_B, 6, 3, 12),
		T_MOV64_IMM(0, 3), T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(r.action, 3);
	ck_assert_uint_eq(be_out64(&r, 0), 0x1234567812345678ull);
	ck_assert_uint_eq(be_out64(&r, 1) & 0xffffffff, 0x12345678);
	ck_assert_uint_eq(r.out[12], (u8)(r.frame[20] + r.frame[21] + r.frame[22]));
	/* 23 without either: the write kills $xw0's constant, or a28's is not followed */
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 21);
}
END_TEST

/*
 * An identity whose flags nothing reads goes: r2 |= r3, r3 a zero-extended
 * byte, puts "or hi, hi, #0" on r2's high word; r2 += r3's "addc hi, hi,
 * #0" adds the carry and stays (15 card instructions keeping the or).
 */
START_TEST(test_backend_peep_identity)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_LDX(BPF_DW, 2, 6, 0), T_LDX(BPF_B, 3, 6, 9),
		T_ALU64_REG(BPF_OR, 2, 3), T_ALU64_REG(BPF_ADD, 2, 3),
		T_STX(BPF_DW, 6, 2, 0),
		T_MOV64_IMM(0, 3), T_EXIT(),
	};
	struct be_run r;
	u64 v;

	BE_RUN(p, &r);
	memcpy(&v, r.frame, 8);
	ck_assert_uint_eq(be_out64(&r, 0), (v | r.frame[9]) + r.frame[9]);
	ck_assert_uint_le(be_card_insns(p, XCC_ARRAY_SIZE(p)), 14);
}
END_TEST

/*
 * Posted writes in a row stop at 64 (the ME's command queue): of 70 stores
 * through two pointers in turn, which no run joins, the 65th waits.
 */
START_TEST(test_backend_sched_posted_max)
{
	struct bpf_insn p[3 + 70 + 2];
	struct xcc_stats st;
	struct be_run r;
	u32 n = 0, k;

	p[n++] = (struct bpf_insn)T_LDX(BPF_W, 6, 1, 0);
	p[n++] = (struct bpf_insn)T_MOV64_REG(7, 6);
	p[n++] = (struct bpf_insn)T_MOV64_IMM(2, 0x5a);
	for (k = 0; k < 70; k++)
		p[n++] = (struct bpf_insn)T_STX(BPF_B, k & 1 ? 7 : 6, 2, (s16)(k % 60));
	p[n++] = (struct bpf_insn)T_MOV64_IMM(0, 3);
	p[n++] = (struct bpf_insn)T_EXIT();
	st = be_stats(p, n);
	ck_assert_uint_eq(st.waits_removed, 69);	/* the 65th waits */
	be_run_prog(p, n, &r);
	ck_assert_uint_eq(r.action, 3);
	for (k = 0; k < 60; k++)
		ck_assert_uint_eq(r.out[k], 0x5a);
}
END_TEST

/* resolve: a jump to the next instruction disappears; targets are addresses. */
START_TEST(test_backend_resolve)
{
	const struct bpf_insn p[] = {
		T_MOV64_IMM(0, 1), T_JA(0), T_JMP_IMM(BPF_JEQ, 1, 0, 1), T_MOV64_IMM(0, 3), T_EXIT(),
	};
	struct xcc_options opts = { 0 };
	struct xcc_test t;
	u32 i, pc = 0;

	memset(&t, 0, sizeof(t));
	t.env = (struct xcc_env){ xcc_test_alloc, xcc_test_free, xcc_test_log, &t };
	t.prog = xcc_prog_new(&t.env, p, XCC_ARRAY_SIZE(p), xcc_test_maps, 1);
	ck_assert_int_eq(xcc_compile(t.prog, &opts), 0);
	for (i = 0; i < t.prog->mc.n; i++) {
		const struct xcc_minsn *m = &t.prog->mc.insns[i];

		if (m->mi.op == XCC_MI_LABEL)
			continue;
		if (m->mi.op == ME_OP_BR) {
			ck_assert_uint_lt(m->mi.imm, t.prog->mc.n_words);
			ck_assert_msg(m->mi.cond != ME_COND_AL || m->mi.imm != pc + 1,
				      "branch to the next instruction at %u", pc);
		}
		ck_assert_uint_ne(m->bpf, 1);	/* the ja +0 left no code */
		pc++;
	}
	ck_assert_uint_eq(pc, t.prog->mc.n_words);
	xcc_test_done(&t);
}
END_TEST

/*
 * Found by test-diff-fuzz: "w2 /= 7" is dead (w2 = w3 overwrites it), so the
 * high word it would have zeroed keeps LD_IMM64's; the MOV32 must zero it.
 */
START_TEST(test_backend_dead_alu32_before_mov32)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0), T_MOV64_IMM(3, 1),
		T_LD_IMM64(2, 0x12345678, (s32)0x9abcdef0), T_ALU32_IMM(BPF_DIV, 2, 7),
		XCC_TEST_INSN(BPF_ALU | BPF_MOV | BPF_X, 2, 3, 0, 0),
		T_STX(BPF_DW, 6, 2, 0), T_MOV64_IMM(0, 2), T_EXIT(),
	};
	struct be_run r;

	BE_RUN(p, &r);
	ck_assert_uint_eq(be_out64(&r, 0), 1);
}
END_TEST

struct be_multi {
	int pending, done;
	u32 results[8];
};

static int be_multi_rx(void *opaque, unsigned me, unsigned ctx, uint8_t *buf, uint32_t cap,
		       uint32_t *len, uint32_t *port)
{
	struct be_multi *m = opaque;

	if (!m->pending)
		return 0;
	m->pending--;
	memset(buf, 0, 64);
	*len = 64;
	*port = 0;
	return 1;
}

static int be_multi_tx(void *opaque, unsigned me, unsigned ctx, uint32_t dest,
		       const uint8_t *data, uint32_t len)
{
	struct be_multi *m = opaque;

	memcpy(&m->results[m->done++], data, 4);
	return 0;
}

static const struct me_io_ops be_multi_ops = { .rx = be_multi_rx, .tx = be_multi_tx };

/*
 * Compiles insns and runs m->pending frames at once on one ME's contexts
 * (the harness gives each context one); map 0's first bytes afterwards.
 */
static void be_multi_run(const struct bpf_insn *insns, u32 n, const struct xcc_map_desc *maps,
			 struct be_multi *m, uint8_t *map0, u32 map0_len)
{
	struct xcc_options opts = { 0 };
	struct xcc_image_info info;
	struct xcc_map_place place;
	struct me_card_config cfg;
	struct me_stop_info stop;
	struct me_image img = { 0 };
	struct me_card *card;
	struct xcc_test t;
	int frames = m->pending, i;
	uint32_t size;
	char err[256];

	memset(&t, 0, sizeof(t));
	t.env = (struct xcc_env){ xcc_test_alloc, xcc_test_free, xcc_test_log, &t };
	t.prog = xcc_prog_new(&t.env, insns, n, maps, 1);
	ck_assert_int_eq(xcc_compile(t.prog, &opts), 0);
	ck_assert_int_eq(xcc_prog_image(t.prog, &info), 0);
	ck_assert_int_eq(xcc_prog_map_place(t.prog, 0, &place), 0);
	img.contexts = info.contexts;
	img.entry = info.entry_harness;
	img.ncode = info.n_code;
	img.code = (uint64_t *)info.code;
	me_card_config_default(&cfg);
	cfg.n_me = 1;
	cfg.ops = &be_multi_ops;
	cfg.opaque = m;
	ck_assert_int_eq(me_card_create(&cfg, &card, err, sizeof(err)), 0);
	ck_assert_msg(!me_card_load(card, &img, err, sizeof(err)), "%s", err);
	for (i = 0; i < 64 && m->done < frames; i++)
		ck_assert_int_ne(me_card_run(card, 1u << 16, &stop), ME_STOP_FAULT);
	ck_assert_int_eq(m->done, frames);
	memcpy(map0, me_card_mem(card, ME_MEM_EMEM, 0, &size) + place.addr, map0_len);
	me_card_destroy(card);
	xcc_test_done(&t);
}

/*
 * Four contexts insert the same new key at once with BPF_NOEXIST: the map
 * lock lets exactly one succeed; the others see it and get -EEXIST.
 */
START_TEST(test_backend_hash_concurrent_insert)
{
	const struct bpf_insn p[] = {
		T_LDX(BPF_W, 6, 1, 0),
		T_ST(BPF_W, 10, -4, 7), XCC_TEST_INSN(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -16, 42),
		T_LD_MAP(1, 0), T_MOV64_REG(2, 10), T_ALU64_IMM(BPF_ADD, 2, -4),
		T_MOV64_REG(3, 10), T_ALU64_IMM(BPF_ADD, 3, -16), T_MOV64_IMM(4, BPF_NOEXIST),
		T_CALL(BPF_FUNC_map_update_elem), T_STX(BPF_W, 6, 0, 0),
		T_MOV64_IMM(0, 2), T_EXIT(),
	};
	struct be_multi m = { .pending = 4 };
	uint32_t count, ok = 0, exist = 0;
	int i;

	be_multi_run(p, XCC_ARRAY_SIZE(p), xcc_test_maps, &m, (uint8_t *)&count, 4);
	for (i = 0; i < 4; i++) {
		ok += m.results[i] == 0;
		exist += m.results[i] == (u32)-17;
	}
	ck_assert_uint_eq(ok, 1);
	ck_assert_uint_eq(exist, 3);
	ck_assert_uint_eq(count, 1);
}
END_TEST

/*
 * bpf_spin_lock: four contexts at once add to a counter in an array value
 * {lock, counter} under its lock, the load and the store each a memory
 * command (a context swaps out on both): no update is lost, and the lock
 * word is 0 after.
 */
START_TEST(test_backend_spin_lock)
{
	static const struct xcc_map_desc array[] = {
		{ .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 16,
		  .max_entries = 1, .name = "a" },
	};
	const struct bpf_insn p[] = {
		XCC_TEST_INSN(BPF_LD | BPF_IMM | BPF_DW, 6, BPF_PSEUDO_MAP_VALUE, 0, 0),
		XCC_TEST_INSN(0, 0, 0, 0, 0),
		T_MOV64_REG(1, 6), T_CALL(BPF_FUNC_spin_lock),
		T_LDX(BPF_DW, 2, 6, 8), T_ALU64_IMM(BPF_ADD, 2, 1), T_STX(BPF_DW, 6, 2, 8),
		T_MOV64_REG(1, 6), T_CALL(BPF_FUNC_spin_unlock),
		T_MOV64_IMM(0, 2), T_EXIT(),
	};
	struct be_multi m = { .pending = 4 };
	uint8_t value[16];
	uint32_t lock;
	uint64_t counter;

	be_multi_run(p, XCC_ARRAY_SIZE(p), array, &m, value, sizeof(value));
	memcpy(&lock, value, 4);
	memcpy(&counter, value + 8, 8);
	ck_assert_uint_eq(lock, 0);
	ck_assert_uint_eq(counter, 4);
}
END_TEST

/* layout: every map 64-byte aligned after the previous one, sizes as documented. */
START_TEST(test_backend_layout)
{
	static const struct xcc_map_desc maps[] = {
		{ .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 13,
		  .max_entries = 10, .name = "arr" },
		{ .type = BPF_MAP_TYPE_HASH, .key_size = 12, .value_size = 16,
		  .max_entries = 100, .name = "hash" },
		{ .type = BPF_MAP_TYPE_PERCPU_ARRAY, .key_size = 4, .value_size = 8,
		  .max_entries = 3, .name = "pcpu" },
		{ .type = BPF_MAP_TYPE_QUEUE, .value_size = 8, .max_entries = 3,
		  .name = "queue" },
	};
	const struct bpf_insn p[] = { T_MOV64_IMM(0, 2), T_EXIT() };
	struct xcc_options opts = { 0 };
	struct xcc_map_place a, h, c, l;
	struct xcc_test t;

	memset(&t, 0, sizeof(t));
	t.env = (struct xcc_env){ xcc_test_alloc, xcc_test_free, xcc_test_log, &t };
	t.prog = xcc_prog_new(&t.env, p, XCC_ARRAY_SIZE(p), maps, 4);
	ck_assert_int_eq(xcc_compile(t.prog, &opts), 0);
	ck_assert_int_eq(xcc_prog_map_place(t.prog, 0, &a), 0);
	ck_assert_int_eq(xcc_prog_map_place(t.prog, 1, &h), 0);
	ck_assert_int_eq(xcc_prog_map_place(t.prog, 2, &c), 0);
	ck_assert_int_eq(xcc_prog_map_place(t.prog, 3, &l), 0);
	ck_assert_int_ne(xcc_prog_map_place(t.prog, 4, &l), 0);
	ck_assert_uint_eq(a.addr, XNIC_EMEM_MAPS);
	ck_assert_uint_eq(a.stride, 16);
	ck_assert_uint_eq(a.size, 160);
	ck_assert_uint_eq(a.copies, 1);
	ck_assert_uint_eq(h.addr % 64, 0);
	ck_assert_uint_ge(h.addr, a.addr + a.size);
	ck_assert_uint_eq(h.buckets, 256);	/* 2 x 100, rounded up */
	ck_assert_uint_eq(h.value_off, 16);	/* 4 + 12, 8-aligned */
	ck_assert_uint_eq(h.stride, 32);
	ck_assert_uint_eq(h.size, 8 + 256 * 32);
	ck_assert_uint_eq(c.copies, XCC_PERCPU_COPIES);
	ck_assert_uint_eq(c.size, 8 * 3 * XCC_PERCPU_COPIES);
	ck_assert_uint_ge(c.addr, h.addr + h.size);
	ck_assert_uint_eq(l.size, 0);		/* no space: isel refuses its use */
	xcc_test_done(&t);
}
END_TEST

/* Compiles p with maps; returns xcc_compile()'s result, the test kept in t. */
static int be_compile_maps(struct xcc_test *t, const struct xcc_map_desc *maps, u32 n)
{
	const struct bpf_insn p[] = { T_MOV64_IMM(0, 2), T_EXIT() };
	struct xcc_options opts = { 0 };

	memset(t, 0, sizeof(*t));
	t->env = (struct xcc_env){ xcc_test_alloc, xcc_test_free, xcc_test_log, t };
	t->prog = xcc_prog_new(&t->env, p, XCC_ARRAY_SIZE(p), maps, n);
	return xcc_compile(t->prog, &opts);
}

/* layout: maps the caller placed stay where it put them, in any order. */
START_TEST(test_backend_layout_placed)
{
	struct xcc_map_desc maps[] = {
		{ .type = BPF_MAP_TYPE_HASH, .key_size = 12, .value_size = 16,
		  .max_entries = 100, .name = "hash", .addr = 0x8000, .buckets = 128 },
		{ .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 13,
		  .max_entries = 10, .name = "arr", .addr = 0x2040 },
		{ .type = BPF_MAP_TYPE_HASH, .key_size = 4, .value_size = 8,
		  .max_entries = 3, .name = "h2", .addr = 0x3000 },
	};
	struct xcc_map_place h, a, h2, shape;
	struct xcc_image_info info;
	struct xcc_test t;

	ck_assert_int_eq(be_compile_maps(&t, maps, 3), 0);
	ck_assert_int_eq(xcc_prog_map_place(t.prog, 0, &h), 0);
	ck_assert_int_eq(xcc_prog_map_place(t.prog, 1, &a), 0);
	ck_assert_int_eq(xcc_prog_map_place(t.prog, 2, &h2), 0);
	ck_assert_uint_eq(h.addr, 0x8000);
	ck_assert_uint_eq(h.buckets, 128);	/* the caller's, not 2 x 100 */
	ck_assert_uint_eq(h.size, 8 + 128 * 32);
	ck_assert_uint_eq(a.addr, 0x2040);
	ck_assert_uint_eq(a.size, 160);
	ck_assert_uint_eq(h2.addr, 0x3000);
	ck_assert_uint_eq(h2.buckets, 8);	/* 2 x 3 rounded up, as unplaced */
	ck_assert_int_eq(xcc_prog_image(t.prog, &info), 0);
	ck_assert_uint_eq(info.emem_size, 0x8000 + 8 + 128 * 32);
	/* the shape the caller allocates by is the one the program uses */
	ck_assert_int_eq(xcc_map_shape(&maps[0], &shape), 0);
	ck_assert_mem_eq(&shape, &h, sizeof(shape));
	xcc_test_done(&t);
}
END_TEST

/* layout: bad placements are refused with the map's name and why. */
START_TEST(test_backend_layout_placed_refused)
{
	struct xcc_map_desc maps[] = {
		{ .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 8,
		  .max_entries = 10, .name = "arr", .addr = 0x2000 },
		{ .type = BPF_MAP_TYPE_HASH, .key_size = 4, .value_size = 8,
		  .max_entries = 10, .name = "h", .addr = 0x3000 },
	};
	struct xcc_map_place shape;
	struct xcc_test t;

	maps[1].addr = 0;
	ck_assert_int_eq(be_compile_maps(&t, maps, 2), -XCC_E_INVALID);
	ck_assert_str_eq(xcc_prog_error(t.prog), "1 of 2 maps have an address: give all or none");
	xcc_test_done(&t);
	maps[1].addr = 0x3020;
	ck_assert_int_eq(be_compile_maps(&t, maps, 2), -XCC_E_INVALID);
	ck_assert_ptr_nonnull(strstr(xcc_prog_error(t.prog), "map h at 0x3020+"));
	xcc_test_done(&t);
	maps[1].addr = 0xfffe00;	/* its 8 + 32 x 16 bytes pass the end */
	ck_assert_int_eq(be_compile_maps(&t, maps, 2), -XCC_E_INVALID);
	xcc_test_done(&t);
	maps[1].addr = 0x3000;
	maps[1].buckets = 24;
	ck_assert_int_eq(be_compile_maps(&t, maps, 2), -XCC_E_INVALID);
	ck_assert_ptr_nonnull(strstr(xcc_prog_error(t.prog), "24 buckets is not a power of two"));
	xcc_test_done(&t);
	maps[1].buckets = 8;		/* fewer than max_entries */
	ck_assert_int_eq(xcc_map_shape(&maps[1], &shape), -XCC_E_INVALID);
	maps[1].buckets = 16;
	ck_assert_int_eq(xcc_map_shape(&maps[1], &shape), 0);
	ck_assert_int_eq(be_compile_maps(&t, maps, 2), 0);
	xcc_test_done(&t);
	maps[1].key_size = 60;
	ck_assert_int_eq(xcc_map_shape(&maps[1], &shape), -XCC_E_UNSUPPORTED);
}
END_TEST

/* Maps past the card's limits are refused with the limits in the message. */
START_TEST(test_backend_layout_limits)
{
	struct xcc_map_desc maps[] = {
		{ .type = BPF_MAP_TYPE_LPM_TRIE, .key_size = 8, .value_size = 8,
		  .max_entries = XNIC_MAP_LPM_ENTRIES_MAX + 1, .name = "lpm" },
		{ .type = BPF_MAP_TYPE_LRU_PERCPU_HASH, .key_size = XNIC_MAP_KEY_MAX + 4,
		  .value_size = 8, .max_entries = 4, .name = "lru" },
	};
	struct xcc_test t;

	ck_assert_int_eq(be_compile_maps(&t, maps, 1), -XCC_E_UNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(xcc_prog_error(t.prog), "LPM trie lpm: keys of 5 to 56 bytes"));
	xcc_test_done(&t);
	maps[0].max_entries = 4;
	ck_assert_int_eq(be_compile_maps(&t, maps, 1), 0);
	xcc_test_done(&t);
	ck_assert_int_eq(be_compile_maps(&t, maps, 2), -XCC_E_UNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(xcc_prog_error(t.prog), "hash map lru: keys up to 56 bytes"));
	xcc_test_done(&t);
}
END_TEST

static const struct xcc_map_desc be_prog_array[] = {
	{ .type = BPF_MAP_TYPE_PROG_ARRAY, .key_size = 4, .value_size = 4,
	  .max_entries = 4, .name = "progs" },
};

/* Slot 0 holds program 1 (number + 1, include/xnic/maps.h); slot 1 is empty. */
static void be_prog_array_setup(struct me_card *card, const struct xcc_prog *prog)
{
	struct xcc_map_place p;
	uint32_t size, prog1 = 2;

	ck_assert_int_eq(xcc_prog_map_place(prog, 0, &p), 0);
	memcpy(me_card_mem(card, ME_MEM_EMEM, 0, &size) + p.addr, &prog1, 4);
}

/*
 * 6.1's count: a tail call to an empty slot uses one of the 33 too (the
 * x86 JIT and the interpreter count before they read the slot; the host's
 * 6.18 counts only calls that jump, so the diff corpus cannot check this).
 * n empty calls, then slot 0: program 1 returns XDP_TX, the fall-through
 * XDP_DROP.
 */
static void be_tail_burn(s32 n, u32 action)
{
	const struct bpf_insn p[] = {
		T_MOV64_REG(6, 1),
		T_MOV64_IMM(7, n),
		T_MOV64_REG(1, 6),			/* 2: loop */
		T_LD_MAP(2, 0),
		T_MOV64_IMM(3, 1),
		T_CALL(BPF_FUNC_tail_call),
		T_ALU64_IMM(BPF_SUB, 7, 1),
		T_JMP_IMM(BPF_JNE, 7, 0, -7),
		T_MOV64_REG(1, 6),
		T_LD_MAP(2, 0),
		T_MOV64_IMM(3, 0),
		T_CALL(BPF_FUNC_tail_call),
		T_MOV64_IMM(0, XDP_DROP),
		T_EXIT(),
		T_MOV64_IMM(0, XDP_TX),			/* 16: program 1 */
		T_EXIT(),
	};
	static const u32 starts[] = { 16 };
	struct be_run r;

	be_tail_starts = starts;
	be_n_tail = 1;
	be_run_prog_maps(p, XCC_ARRAY_SIZE(p), be_prog_array, 1, be_prog_array_setup, &r);
	be_tail_starts = NULL;
	be_n_tail = 0;
	ck_assert_uint_eq(r.action, action);
	ck_assert_uint_eq(r.md[XNIC_MD_TAIL_CALLS / 4], 33);
}

START_TEST(test_backend_tail_call)
{
	be_tail_burn(32, XDP_TX);	/* the 33rd call jumps */
	be_tail_burn(33, XDP_DROP);	/* the 34th falls through */
}
END_TEST

/* A tail call from a BPF-to-BPF subprogram is refused, by name. */
START_TEST(test_backend_tail_call_subprog)
{
	const struct bpf_insn p[] = {
		T_CALL_PC(2),
		T_MOV64_IMM(0, XDP_PASS),
		T_EXIT(),
		T_LD_MAP(2, 0),				/* 3: the subprogram */
		T_MOV64_IMM(3, 0),
		T_CALL(BPF_FUNC_tail_call),
		T_MOV64_IMM(0, 0),
		T_EXIT(),
	};
	struct xcc_options opts = { 0 };
	struct xcc_test t;

	memset(&t, 0, sizeof(t));
	t.env = (struct xcc_env){ xcc_test_alloc, xcc_test_free, xcc_test_log, &t };
	t.prog = xcc_prog_new(&t.env, p, XCC_ARRAY_SIZE(p), be_prog_array, 1);
	ck_assert_int_eq(xcc_compile(t.prog, &opts), -XCC_E_UNSUPPORTED);
	ck_assert_int_eq(xcc_prog_error_insn(t.prog), 6);
	ck_assert_ptr_nonnull(strstr(xcc_prog_error(t.prog), "bpf_tail_call: a tail call from a "
				     "BPF-to-BPF subprogram"));
	xcc_test_done(&t);
}
END_TEST

static Suite *make_backend_suite(void)
{
	Suite *s = suite_create("compiler-backend");
	TCase *tc = tcase_create("backend");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_backend_alu64);
	tcase_add_test(tc, test_backend_alu32);
	tcase_add_test(tc, test_backend_jumps);
	tcase_add_test(tc, test_backend_redirect_map);
	tcase_add_test(tc, test_backend_redirect_map_target);
	tcase_add_test(tc, test_backend_xskmap_lookup);
	tcase_add_test(tc, test_backend_trace_printk);
	tcase_add_test(tc, test_backend_trace_printk_stack);
	tcase_add_test(tc, test_backend_trace_printk_address);
	tcase_add_test(tc, test_backend_trace_printk_address_cut);
	tcase_add_test(tc, test_backend_coarse_ns);
	tcase_add_test(tc, test_backend_stack_and_calls);
	tcase_add_test(tc, test_backend_peep);
	tcase_add_test(tc, test_backend_stack_pointer_words);
	tcase_add_test(tc, test_backend_jmp_low_words);
	tcase_add_test(tc, test_backend_peep_batched_loads);
	tcase_add_test(tc, test_backend_narrow_alu);
	tcase_add_test(tc, test_backend_peep_xfer_reuse);
	tcase_add_test(tc, test_backend_regalloc_banks);
	tcase_add_test(tc, test_backend_callee_saved);
	tcase_add_test(tc, test_backend_subprog_saved);
	tcase_add_test(tc, test_backend_call_reads_callee);
	tcase_add_test(tc, test_backend_call_frame_l0);
	tcase_add_test(tc, test_backend_lm_index);
	tcase_add_test(tc, test_backend_xdp_bytes_known);
	tcase_add_test(tc, test_backend_shift32);
	tcase_add_test(tc, test_backend_cmp_zero);
	tcase_add_test(tc, test_backend_fused_compare);
	tcase_add_test(tc, test_backend_fused_compare_call);
	tcase_add_test(tc, test_backend_fused_compare64);
	tcase_add_test(tc, test_backend_constant_into);
	tcase_add_test(tc, test_backend_cross_jump);
	tcase_add_test(tc, test_backend_into_dst_chain);
	tcase_add_test(tc, test_backend_known_constants);
	tcase_add_test(tc, test_backend_regalloc_starts);
	tcase_add_test(tc, test_backend_subprog_saved_through);
	tcase_add_test(tc, test_backend_subprog_saves_needed);
	tcase_add_test(tc, test_backend_hash_map);
	tcase_add_test(tc, test_backend_store_data);
	tcase_add_test(tc, test_backend_key_value_anywhere);
	tcase_add_test(tc, test_backend_sched);
	tcase_add_test(tc, test_backend_sched_posted_max);
	tcase_add_test(tc, test_backend_store_run);
	tcase_add_test(tc, test_backend_peep_identity);
	tcase_add_test(tc, test_backend_update_shared);
	tcase_add_test(tc, test_backend_printk_routines);
	tcase_add_test(tc, test_backend_printk_bin_bytes);
	tcase_add_test(tc, test_backend_printk_no_enospc);
	tcase_add_test(tc, test_backend_printk_ip_routine);
	tcase_add_test(tc, test_backend_known_xw);
	tcase_add_test(tc, test_backend_layout);
	tcase_add_test(tc, test_backend_layout_placed);
	tcase_add_test(tc, test_backend_layout_placed_refused);
	tcase_add_test(tc, test_backend_hash_concurrent_insert);
	tcase_add_test(tc, test_backend_spin_lock);
	tcase_add_test(tc, test_backend_dead_alu32_before_mov32);
	tcase_add_test(tc, test_backend_resolve);
	tcase_add_test(tc, test_backend_refuses_other_map_lookup);
	tcase_add_test(tc, test_backend_lru_evicts);
	tcase_add_test(tc, test_backend_percpu_hash);
	tcase_add_test(tc, test_backend_lpm_trie);
	tcase_add_test(tc, test_backend_layout_limits);
	tcase_add_test(tc, test_backend_tail_call);
	tcase_add_test(tc, test_backend_tail_call_subprog);
	suite_add_tcase(s, tc);
	return s;
}

XCC_TEST_MAIN(make_backend_suite)
