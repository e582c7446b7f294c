// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic test runs and the profile (docs/firmware.md "Test runs", "The
 * profile"): TEST_RUN puts a frame through the installed program on the
 * card (return value, output bytes, cycles, real map side effects) without
 * counting, sending or recording it, between frames from the wire that
 * run as before; its refusals; PROFILE's entries adding up to the card's
 * own counters, the slot's branch counting every frame.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic/maps.h"
#include "xnic_fake.h"
#include "xnic_fake_cc.h"

Suite *make_testrun_suite(void);

#define PROG_ADDR	(XNIC_FAKE_FW + 0x80000)
#define IN_ADDR		(XNIC_FAKE_FW + 0xc0000)
#define OUT_ADDR	(XNIC_FAKE_FW + 0xd0000)
#define PROF_ADDR	(XNIC_FAKE_MEM_BASE + 0x40000)
#define PROF_MAX	((0x100000 - 0x40000) / XNIC_PROF_ENTRY_SIZE)

#define I(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV_IMM(d, i)	I(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV_REG(d, s)	I(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD_IMM(d, i)	I(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define ST_W(d, o, i)	I(BPF_ST | BPF_MEM | BPF_W, d, 0, o, i)
#define ST_B(d, o, i)	I(BPF_ST | BPF_MEM | BPF_B, d, 0, o, i)
#define LDX_W(d, s, o)	I(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define XADD(d, s)	I(BPF_STX | BPF_ATOMIC | BPF_DW, d, s, 0, BPF_ADD)
#define JGT_REG(d, s, o)	I(BPF_JMP | BPF_JGT | BPF_X, d, s, o, 0)
#define JEQ_IMM(d, i, o)	I(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define CALL(f)		I(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT()		I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define LD_MAP(d, m)	I(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_MAP_FD, 0, m), I(0, 0, 0, 0, 0)

/* data[0] = 0xaa; counts[0] += 1; PASS (frames under 14 bytes: PASS). */
static const struct bpf_insn p_mark[] = {
	LDX_W(2, 1, 0), LDX_W(3, 1, 4), MOV_REG(4, 2), ADD_IMM(4, 14),
	JGT_REG(4, 3, 10),
	ST_B(2, 0, 0xaa),
	ST_W(10, -4, 0), LD_MAP(1, 0), MOV_REG(2, 10), ADD_IMM(2, -4),
	CALL(BPF_FUNC_map_lookup_elem), JEQ_IMM(0, 0, 2),
	MOV_IMM(1, 1), XADD(0, 1),
	MOV_IMM(0, XDP_PASS), EXIT(),
};

static uint32_t counters_addr;

static uint32_t mbox(uint32_t cmd, uint32_t len)
{
	xnic_fake_wr(XNIC_REG_MBOX_LEN, len);
	xnic_fake_wr(XNIC_REG_MBOX_CMD, cmd);
	return xnic_fake_rd(XNIC_REG_MBOX_STATUS);
}

static uint32_t reply(uint32_t off)
{
	return xnic_fake_rd(XNIC_REG_MBOX_DATA + off);
}

static void request(uint32_t off, uint32_t val)
{
	xnic_fake_wr(XNIC_REG_MBOX_DATA + off, val);
}

/* A MAP_OP on counts: one u64 array entry at the map area's start. */
static void counters_op(uint32_t op)
{
	request(XNIC_MAP_REQ_OP, op);
	request(XNIC_MAP_REQ_TYPE, XNIC_MAP_TYPE_ARRAY);
	request(XNIC_MAP_REQ_ADDR, counters_addr);
	request(XNIC_MAP_REQ_KEY_SIZE, 4);
	request(XNIC_MAP_REQ_VALUE_SIZE, 8);
	request(XNIC_MAP_REQ_MAX_ENTRIES, 1);
	request(XNIC_MAP_REQ_BUCKETS, 0);
	request(XNIC_MAP_REQ_FLAGS, 0);
	request(XNIC_MAP_REQ_KEY, 0);
	ck_assert_uint_eq(mbox(XNIC_MBOX_CMD_MAP_OP, XNIC_MAP_REQ_SIZE),
			  XNIC_MBOX_DONE);
	ck_assert_uint_eq(reply(XNIC_MAP_REPLY_ERR), 0);
}

static void make_counters(void)
{
	ck_assert_uint_eq(mbox(XNIC_MBOX_CMD_FW_CAPS, 0), XNIC_MBOX_DONE);
	counters_addr = reply(XNIC_CAPS_EMEM_MAPS);
	counters_op(XNIC_MAP_OP_CLEAR);
}

static uint64_t counter(void)
{
	counters_op(XNIC_MAP_OP_LOOKUP);
	return reply(XNIC_MAP_REQ_VALUE) |
	       (uint64_t)reply(XNIC_MAP_REQ_VALUE + 4) << 32;
}

static void install(const struct bpf_insn *insns, uint32_t n)
{
	const struct xcc_map_desc descs[] = {
		{ .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 8,
		  .max_entries = 1, .name = "counts", .addr = counters_addr },
	};
	struct xcc_env env = xnic_fake_cc_env;
	struct xcc_options opts = { 0 };
	struct xcc_image_info info;
	struct xcc_prog *prog;

	prog = xcc_prog_new(&env, insns, n, descs, 1);
	ck_assert_msg(xcc_compile(prog, &opts) == 0, "%s", xcc_prog_error(prog));
	ck_assert_int_eq(xcc_prog_image(prog, &info), 0);
	ck_assert_uint_eq(xnic_fake_prog_load(PROG_ADDR, info.code, info.n_code,
					      info.entry_main), XNIC_MBOX_DONE);
	xcc_prog_free(prog);
}

static void testrun_setup(void)
{
	xnic_fake_setup();
	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_ENABLE);
	xnic_fake_ring(0, XNIC_Q_RX_BASE_LO, XNIC_FAKE_RX_RING, 64);
	xnic_fake_load_fw();
	make_counters();
}

static unsigned int rx_posted;

/* n broadcast frames of 64 bytes from the wire, each with a buffer. */
static void wire_frames(unsigned int n)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t frame[64];
	unsigned int i;

	for (i = 0; i < n; i++, rx_posted++) {
		xnic_fake_desc(XNIC_FAKE_RX_RING, rx_posted, xnic_fake_buf(rx_posted),
			       0x2400);
		xnic_fake_qwr(0, XNIC_Q_RX_TAIL, rx_posted + 1);
		xnic_fake_frame(frame, sizeof(frame), bcast, i);
		xnic_core_receive(&xnic_fake->core, frame, sizeof(frame));
	}
	xnic_fake_run_card();
}

/* A TEST_RUN of frame (len bytes) repeat times; returns MBOX_STATUS. */
static uint32_t test_run(const uint8_t *frame, uint32_t len, uint32_t repeat,
			 uint32_t out_cap)
{
	memcpy(xnic_fake_mem(IN_ADDR, len), frame, len);
	memset(xnic_fake_mem(OUT_ADDR, XNIC_MAX_FRAME), 0x5a, XNIC_MAX_FRAME);
	request(XNIC_TEST_REQ_IN_LO, (uint32_t)IN_ADDR);
	request(XNIC_TEST_REQ_IN_HI, IN_ADDR >> 32);
	request(XNIC_TEST_REQ_IN_LEN, len);
	request(XNIC_TEST_REQ_OUT_LO, (uint32_t)OUT_ADDR);
	request(XNIC_TEST_REQ_OUT_HI, OUT_ADDR >> 32);
	request(XNIC_TEST_REQ_OUT_CAP, out_cap);
	request(XNIC_TEST_REQ_REPEAT, repeat);
	return mbox(XNIC_MBOX_CMD_TEST_RUN, XNIC_TEST_REQ_SIZE);
}

static uint64_t fw_counter(unsigned int n)
{
	return xnic_fake_rd(XNIC_REG_FW_STATS + 8 * n);
}

static void refused(const char *why)
{
	char msg[128];
	uint32_t i, w;

	for (i = 0; i < sizeof(msg); i += 4) {
		w = reply(i);
		memcpy(msg + i, &w, 4);
	}
	msg[sizeof(msg) - 1] = 0;
	ck_assert_msg(strstr(msg, why), "\"%s\" lacks \"%s\"", msg, why);
}

START_TEST(test_run_on_card)
{
	static const uint8_t dst[6] = { 0x02, 0, 0, 0, 0, 1 };
	uint8_t frame[60], want[60];
	uint64_t sum;

	install(p_mark, sizeof(p_mark) / sizeof(p_mark[0]));
	xnic_fake_wr(XNIC_REG_VREC_CTRL, XNIC_VREC_CTRL_ENABLE);
	wire_frames(2);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_PASS), 2);
	ck_assert_uint_eq(counter(), 2);

	xnic_fake_frame(frame, sizeof(frame), dst, 7);
	ck_assert_uint_eq(test_run(frame, sizeof(frame), 3, XNIC_MAX_FRAME),
			  XNIC_MBOX_DONE);
	ck_assert_uint_eq(reply(XNIC_TEST_REPLY_ERR), 0);
	ck_assert_uint_eq(reply(XNIC_TEST_REPLY_RETVAL), XDP_PASS);
	ck_assert_uint_eq(reply(XNIC_TEST_REPLY_OUT_LEN), sizeof(frame));
	ck_assert_uint_eq(reply(XNIC_TEST_REPLY_META_LEN), 0);
	ck_assert_uint_eq(reply(XNIC_TEST_REPLY_RUNS), 3);
	memcpy(want, frame, sizeof(frame));
	want[0] = 0xaa;
	ck_assert_mem_eq(xnic_fake_mem(OUT_ADDR, sizeof(want)), want, sizeof(want));
	ck_assert_uint_eq(*xnic_fake_mem(OUT_ADDR + sizeof(want), 1), 0x5a);
	/* the same path each run: the same cycles, and more than a few */
	ck_assert_uint_eq(reply(XNIC_TEST_REPLY_CYCLES_MIN),
			  reply(XNIC_TEST_REPLY_CYCLES_MAX));
	ck_assert_uint_gt(reply(XNIC_TEST_REPLY_CYCLES_MIN), 10);
	sum = reply(XNIC_TEST_REPLY_CYCLES_LO) |
	      (uint64_t)reply(XNIC_TEST_REPLY_CYCLES_HI) << 32;
	ck_assert_uint_eq(sum, 3ull * reply(XNIC_TEST_REPLY_CYCLES_MIN));
	/* map side effects are real; nothing counted, sent or recorded */
	ck_assert_uint_eq(counter(), 5);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_PASS), 2);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 2);
	ck_assert_uint_eq(xnic_fake->tx_count, 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VREC_COUNT), 2);

	/* the wire's frames run as before */
	wire_frames(2);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_PASS), 4);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 4);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VREC_COUNT), 4);
	ck_assert_uint_eq(counter(), 7);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

/* A command ends after the run that reaches XNIC_TEST_CYCLES_MAX. */
START_TEST(test_run_bounded)
{
	static const uint8_t dst[6] = { 0x02, 0, 0, 0, 0, 1 };
	uint32_t runs, per_run;
	uint8_t frame[60];
	uint64_t sum;

	install(p_mark, sizeof(p_mark) / sizeof(p_mark[0]));
	xnic_fake_frame(frame, sizeof(frame), dst, 1);
	ck_assert_uint_eq(test_run(frame, sizeof(frame), XNIC_TEST_REPEAT_MAX,
				   XNIC_MAX_FRAME), XNIC_MBOX_DONE);
	runs = reply(XNIC_TEST_REPLY_RUNS);
	per_run = reply(XNIC_TEST_REPLY_CYCLES_MIN);
	sum = reply(XNIC_TEST_REPLY_CYCLES_LO) |
	      (uint64_t)reply(XNIC_TEST_REPLY_CYCLES_HI) << 32;
	ck_assert_uint_lt(runs, XNIC_TEST_REPEAT_MAX);
	ck_assert_uint_eq(sum, (uint64_t)runs * per_run);
	ck_assert_uint_ge(sum, XNIC_TEST_CYCLES_MAX);
	ck_assert_uint_lt(sum - per_run, XNIC_TEST_CYCLES_MAX);
	ck_assert_uint_eq(counter(), runs);
}
END_TEST

/* A short output buffer: ENOSPC, as much as fits, the full length. */
START_TEST(test_run_short_output)
{
	static const uint8_t dst[6] = { 0x02, 0, 0, 0, 0, 1 };
	uint8_t frame[100];

	install(p_mark, sizeof(p_mark) / sizeof(p_mark[0]));
	xnic_fake_frame(frame, sizeof(frame), dst, 1);
	ck_assert_uint_eq(test_run(frame, sizeof(frame), 1, 40), XNIC_MBOX_DONE);
	ck_assert_uint_eq(reply(XNIC_TEST_REPLY_ERR), XNIC_TEST_ENOSPC);
	ck_assert_uint_eq(reply(XNIC_TEST_REPLY_OUT_LEN), sizeof(frame));
	ck_assert_uint_eq(*xnic_fake_mem(OUT_ADDR, 1), 0xaa);
	ck_assert_uint_eq(*xnic_fake_mem(OUT_ADDR + 39, 1), frame[39]);
	ck_assert_uint_eq(*xnic_fake_mem(OUT_ADDR + 40, 1), 0x5a);
}
END_TEST

START_TEST(test_run_refused)
{
	uint8_t frame[XNIC_MAX_FRAME + 1] = { 0 };

	ck_assert_uint_eq(test_run(frame, 64, 1, 64), XNIC_MBOX_ERROR);
	refused("no program is installed");
	install(p_mark, sizeof(p_mark) / sizeof(p_mark[0]));
	ck_assert_uint_eq(test_run(frame, sizeof(frame), 1, 64), XNIC_MBOX_ERROR);
	refused("frame of 9217 bytes outside [14, 9216]");
	ck_assert_uint_eq(test_run(frame, 13, 1, 64), XNIC_MBOX_ERROR);
	refused("outside [14, 9216]");
	ck_assert_uint_eq(test_run(frame, 64, 0, 64), XNIC_MBOX_ERROR);
	refused("repeat 0 outside");
	ck_assert_uint_eq(test_run(frame, 64, XNIC_TEST_REPEAT_MAX + 1, 64),
			  XNIC_MBOX_ERROR);
	refused("repeat");
	ck_assert_uint_eq(mbox(XNIC_MBOX_CMD_TEST_RUN, XNIC_TEST_REQ_SIZE - 4),
			  XNIC_MBOX_ERROR);
	refused("shorter");
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_RUNNING);
	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_RESET);
	ck_assert_uint_eq(test_run(frame, 64, 1, 64), XNIC_MBOX_ERROR);
	refused("no firmware runs");
}
END_TEST

static uint32_t profile_part(uint32_t op, uint32_t first, uint32_t count)
{
	request(XNIC_PROF_REQ_OP, op);
	request(XNIC_PROF_REQ_FIRST, first);
	request(XNIC_PROF_REQ_COUNT, count);
	request(XNIC_PROF_REQ_ADDR_LO, (uint32_t)PROF_ADDR);
	request(XNIC_PROF_REQ_ADDR_HI, PROF_ADDR >> 32);
	return mbox(XNIC_MBOX_CMD_PROFILE, XNIC_PROF_REQ_SIZE);
}

static uint32_t profile(uint32_t op)
{
	return profile_part(op, 0, PROF_MAX);
}

static uint64_t entry(uint32_t pc, uint32_t field)
{
	const uint8_t *e = xnic_fake_mem(PROF_ADDR + (uint64_t)pc * XNIC_PROF_ENTRY_SIZE +
					 field, 8);

	return xnic_core_ld_le64(e);
}

static uint32_t slot(void)
{
	ck_assert_uint_eq(mbox(XNIC_MBOX_CMD_FW_CAPS, 0), XNIC_MBOX_DONE);
	return reply(XNIC_CAPS_PROG_BASE);
}

/*
 * The profile over wire frames and test frames: entries add up to the
 * card's counters over the stretch; the slot's branch runs once per frame.
 */
START_TEST(test_profile)
{
	static const uint8_t dst[6] = { 0x02, 0, 0, 0, 0, 1 };
	uint64_t insns = 0, cycles = 0, n, card_insns, card_cycles;
	uint32_t pc, s = slot();
	uint8_t frame[60];

	install(p_mark, sizeof(p_mark) / sizeof(p_mark[0]));
	wire_frames(1);		/* not profiled */
	ck_assert_uint_eq(profile(XNIC_PROF_OP_START), XNIC_MBOX_DONE);
	ck_assert_uint_eq(reply(XNIC_PROF_REPLY_ON), 1);
	wire_frames(3);
	xnic_fake_frame(frame, sizeof(frame), dst, 3);
	ck_assert_uint_eq(test_run(frame, sizeof(frame), 4, XNIC_MAX_FRAME),
			  XNIC_MBOX_DONE);
	ck_assert_uint_eq(profile(XNIC_PROF_OP_STOP), XNIC_MBOX_DONE);
	ck_assert_uint_eq(reply(XNIC_PROF_REPLY_ON), 0);
	wire_frames(2);		/* not profiled */
	ck_assert_uint_eq(profile(XNIC_PROF_OP_READ), XNIC_MBOX_DONE);
	n = reply(XNIC_PROF_REPLY_ENTRIES);
	ck_assert_uint_eq(n, reply(XNIC_PROF_REPLY_CODE));
	ck_assert_uint_gt(n, s + 1);
	for (pc = 0; pc < n; pc++) {
		insns += entry(pc, XNIC_PROF_ENTRY_COUNT);
		cycles += entry(pc, XNIC_PROF_ENTRY_CYCLES);
	}
	card_insns = reply(XNIC_PROF_REPLY_INSNS_LO) |
		     (uint64_t)reply(XNIC_PROF_REPLY_INSNS_HI) << 32;
	card_cycles = reply(XNIC_PROF_REPLY_CYCLES_LO) |
		      (uint64_t)reply(XNIC_PROF_REPLY_CYCLES_HI) << 32;
	ck_assert_uint_gt(insns, 7 * 20);
	ck_assert_uint_eq(insns, card_insns);
	ck_assert_uint_eq(cycles, card_cycles);
	ck_assert_uint_eq(entry(s, XNIC_PROF_ENTRY_COUNT), 3 + 4);
	/* a part: from the slot on */
	ck_assert_uint_eq(profile_part(XNIC_PROF_OP_READ, s, 2), XNIC_MBOX_DONE);
	ck_assert_uint_eq(reply(XNIC_PROF_REPLY_ENTRIES), 2);
	ck_assert_uint_eq(entry(0, XNIC_PROF_ENTRY_COUNT), 7);
	/* reset: zero, and so are the counters */
	ck_assert_uint_eq(profile(XNIC_PROF_OP_RESET), XNIC_MBOX_DONE);
	ck_assert_uint_eq(reply(XNIC_PROF_REPLY_INSNS_LO), 0);
	ck_assert_uint_eq(profile(XNIC_PROF_OP_READ), XNIC_MBOX_DONE);
	ck_assert_uint_eq(entry(s, XNIC_PROF_ENTRY_COUNT), 0);
	ck_assert_uint_eq(profile(9), XNIC_MBOX_ERROR);
	refused("unknown profile operation");
	ck_assert_uint_eq(xnic_fake->guest_errors, 1);
}
END_TEST

Suite *make_testrun_suite(void)
{
	Suite *s = suite_create("xnic-testrun");
	TCase *tc = tcase_create("testrun");

	tcase_add_checked_fixture(tc, testrun_setup, xnic_fake_teardown);
	tcase_add_test(tc, test_run_on_card);
	tcase_add_test(tc, test_run_short_output);
	tcase_add_test(tc, test_run_bounded);
	tcase_add_test(tc, test_run_refused);
	tcase_add_test(tc, test_profile);
	suite_add_tcase(s, tc);
	return s;
}
