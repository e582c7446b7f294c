/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Commands and contexts (docs/isa.md sections 2.1, 6, 7): memory reads and
 * writes with their latencies, overlapping commands from several contexts
 * and MEs, atomics, packet and host I/O, CSR hooks, faults, the watchdog,
 * the cycle budget and determinism.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "me_test.h"

/* Contexts 1..3 halt at once, so the body runs in context 0 only. */
#define ME_CMD_ONE_CTX \
	"\t.contexts 4\n" \
	"main:\tcsr_rd b31, csr_ctx\n" \
	"\tbr_bset b31, #0, stop\n" \
	"\tbr_bset b31, #1, stop\n"

static uint32_t me_cmd_le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint8_t *me_cmd_mem(struct me_test_run *r, enum me_mem m)
{
	uint32_t size;

	return me_card_mem(r->card, m, 0, &size);
}

START_TEST(me_cmd_write_read)
{
	struct me_test_run r = { 0 };
	struct me_ctx_state s;

	ck_assert_int_eq(me_test_exec(&r, ME_CMD_ONE_CTX
		" li a0, 0x11223344\n mov $xw0, a0\n li a1, 0xaabbccdd\n mov $xw1, a1\n"
		" mov a2, #0x100\n"
		" mem_wr.emem $xw0, a2, #0, #8, sig1, swap\n"
		" mem_rd.emem $xr0, a2, #0, #8, sig2, swap\n"
		" mov a3, $xr0\n mov a4, $xr1\n"
		" mem_rd.emem $xr2, a2, #1, #2, sig3, swap\n"
		" mem_rd.emem $xr3, a2, #3, #3, sig3, swap\n"
		" mem_rd.imem $xr4, a2, #0, #4, sig4, swap\n"
		" mem_wr.pkt $xw1, a2, #0x7000, #1, sig5, swap\n"
		"stop: halt\n", NULL, 100000), ME_STOP_HALTED);
	s = me_test_ctx(&r, 0, 0);
	ck_assert_uint_eq(s.a[3], 0x11223344);
	ck_assert_uint_eq(s.a[4], 0xaabbccdd);
	ck_assert_uint_eq(s.xr[2], 0x2233);
	ck_assert_uint_eq(s.xr[3], 0xccdd11);
	ck_assert_uint_eq(s.xr[4], 0);
	ck_assert_uint_eq(me_cmd_le32(me_cmd_mem(&r, ME_MEM_EMEM) + 0x104), 0xaabbccdd);
	ck_assert_uint_eq(me_cmd_le32(me_cmd_mem(&r, ME_MEM_PKT) + 0x7100), 0xdd);
	ck_assert_uint_eq(s.signals, 0);
	me_test_free(&r);
}
END_TEST

struct me_cmd_latency_case {
	const char *cmd;
	unsigned latency;	/* the documented default, section 1 */
	unsigned len;
};

static const struct me_cmd_latency_case me_cmd_latencies[] = {
	{ "mem_rd.emem $xr0, a1, #0, #4", 250, 4 },
	{ "mem_rd.emem $xr0, a1, #0, #64", 250, 64 },
	{ "mem_rd.imem $xr0, a1, #0, #9", 120, 9 },
	{ "mem_wr.pkt $xw0, a1, #0, #16", 50, 16 },
	{ "mem_add.emem $xw0, a1, #0, #4", 270, 4 },
	{ "mem_cas.imem $xw0, a1, #0, #8", 140, 8 },
};

/* A command with swap resumes exactly issue + 1 + latency + ceil(len / 8). */
START_TEST(me_cmd_latency)
{
	const struct me_cmd_latency_case *c = &me_cmd_latencies[_i];
	struct me_test_run r = { 0 };
	struct me_ctx_state s;
	char src[512];

	snprintf(src, sizeof(src), ME_CMD_ONE_CTX
		 " csr_rd a0, csr_cycles_lo\n %s, sig1, swap\n csr_rd a2, csr_cycles_lo\n"
		 "stop: halt\n", c->cmd);
	ck_assert_int_eq(me_test_exec(&r, src, NULL, 100000), ME_STOP_HALTED);
	s = me_test_ctx(&r, 0, 0);
	ck_assert_uint_eq(s.a[2] - (s.a[0] + 1), 1 + c->latency + (c->len + 7) / 8);
	me_test_free(&r);
}
END_TEST

/* Three commands in flight at once: the wait ends with the slowest. */
START_TEST(me_cmd_overlap_one_context)
{
	struct me_test_run r = { 0 };
	struct me_ctx_state s;

	ck_assert_int_eq(me_test_exec(&r, ME_CMD_ONE_CTX
		" csr_rd a0, csr_cycles_lo\n"
		" mem_rd.emem $xr0, a1, #0x100, #4, sig1\n"
		" mem_rd.imem $xr1, a1, #0x100, #4, sig2\n"
		" li a3, 0x20000\n"
		" mem_rd.pkt $xr2, a3, #0, #4, sig3\n"
		" csr_rd a4, csr_signals\n"
		" ctx_wait sig1, sig2, sig3\n"
		" csr_rd a2, csr_cycles_lo\n"
		" csr_rd a5, csr_signals\n"
		"stop: halt\n"
		" .data emem 0x100\n .word 0xe\n"
		" .data imem 0x100\n .word 0x1\n"
		" .data pkt 0x20000\n .word 0x9\n", NULL, 100000), ME_STOP_HALTED);
	s = me_test_ctx(&r, 0, 0);
	ck_assert_uint_eq(s.xr[0], 0xe);
	ck_assert_uint_eq(s.xr[1], 0x1);
	ck_assert_uint_eq(s.xr[2], 0x9);
	ck_assert_uint_eq(s.a[4], 0);		/* nothing completed yet */
	ck_assert_uint_eq(s.a[5], 0);		/* ctx_wait cleared them */
	/* emem issued at a0 + 1 completes last: + 1 + 250 + 1 */
	ck_assert_uint_eq(s.a[2], s.a[0] + 1 + 1 + 250 + 1);
	me_test_free(&r);
}
END_TEST

/* Memory is touched at completion, in completion order (section 7). */
START_TEST(me_cmd_completion_order)
{
	struct me_test_run r = { 0 };
	struct me_ctx_state s;

	ck_assert_int_eq(me_test_exec(&r, ME_CMD_ONE_CTX
		" mov $xw0, #7\n"
		" mem_rd.emem $xr0, a1, #0x100, #4, sig1\n"	/* sees the old 5 */
		" mem_wr.emem $xw0, a1, #0x100, #4, sig2\n"
		" mem_rd.emem $xr1, a1, #0x100, #4, sig3\n"	/* sees 7 */
		" mem_wr.pkt $xw0, a1, #0x7000, #4, sig4\n"
		" mem_rd.emem $xr2, a1, #0x100, #4, sig5\n"
		" mov $xw0, #9\n"		/* data was taken at issue */
		" ctx_wait sig1, sig2, sig3, sig4, sig5\n"
		"stop: halt\n .data emem 0x100\n .word 5\n", NULL, 100000), ME_STOP_HALTED);
	s = me_test_ctx(&r, 0, 0);
	ck_assert_uint_eq(s.xr[0], 5);
	ck_assert_uint_eq(s.xr[1], 7);
	ck_assert_uint_eq(s.xr[2], 7);
	ck_assert_uint_eq(me_cmd_le32(me_cmd_mem(&r, ME_MEM_EMEM) + 0x100), 7);
	ck_assert_uint_eq(me_cmd_le32(me_cmd_mem(&r, ME_MEM_PKT) + 0x7000), 7);
	me_test_free(&r);
}
END_TEST

static const char me_cmd_counter_src[] =
	"\t.contexts 8\n"
	"main:\tcsr_rd a0, csr_ctx\n"
	"\tcsr_rd b0, csr_me\n"
	"\tshl b2, b0, #3\n"
	"\tadd a1, a0, b2\n"
	"\tshl a1, a1, #2\n"
	"\tmov b1, #50\n"
	"loop:\tmov $xw0, #1\n"
	"\tmem_add.emem $xw0, a2, #0x1000, #4, sig1, swap\n"
	"\tadd a3, a3, $xr0\n"
	"\tsub b1, b1, #1\n"
	"\tbr.ne loop\n"
	"\tadd $xw1, a0, #1\n"
	"\tmem_wr.emem $xw1, a1, #0x2000, #4, sig2, swap\n"
	"\thalt\n";

/* Eight contexts, overlapping atomics on one counter (section 7.2). */
START_TEST(me_cmd_contexts_overlap)
{
	struct me_test_run r = { 0 };
	uint8_t *emem;
	struct me_counters c;

	ck_assert_int_eq(me_test_exec(&r, me_cmd_counter_src, NULL, 10000000),
			 ME_STOP_HALTED);
	emem = me_cmd_mem(&r, ME_MEM_EMEM);
	ck_assert_uint_eq(me_cmd_le32(emem + 0x1000), 8 * 50);
	for (unsigned x = 0; x < 8; x++)
		ck_assert_uint_eq(me_cmd_le32(emem + 0x2000 + 4 * x), x + 1);
	/* Latency is hidden: serialised, 400 atomics would take 400 * 272. */
	ck_assert_uint_lt(me_card_cycles(r.card), 50 * 300);
	me_card_counters(r.card, 0, &c);
	ck_assert_uint_eq(c.commands, 8 * 51);
	ck_assert_uint_eq(c.insns, 8 * (6 + 50 * 5 + 3));
	ck_assert_uint_eq(c.cycles, me_card_cycles(r.card));
	me_test_free(&r);
}
END_TEST

/* Two MEs share external memory; runs are deterministic (section 6.1). */
START_TEST(me_cmd_two_mes_deterministic)
{
	struct me_card_config cfg;
	struct me_test_run r1 = { 0 }, r2 = { 0 };
	struct me_counters c1, c2;

	me_test_config(&cfg);
	cfg.n_me = 2;
	ck_assert_int_eq(me_test_exec(&r1, me_cmd_counter_src, &cfg, 10000000),
			 ME_STOP_HALTED);
	ck_assert_int_eq(me_test_exec(&r2, me_cmd_counter_src, &cfg, 10000000),
			 ME_STOP_HALTED);
	ck_assert_uint_eq(me_cmd_le32(me_cmd_mem(&r1, ME_MEM_EMEM) + 0x1000), 2 * 8 * 50);
	for (unsigned m = 0; m < 2; m++)
		for (unsigned x = 0; x < 8; x++)
			ck_assert_uint_eq(me_cmd_le32(me_cmd_mem(&r1, ME_MEM_EMEM) +
						      0x2000 + 4 * (8 * m + x)), x + 1);
	ck_assert_uint_eq(me_card_cycles(r1.card), me_card_cycles(r2.card));
	for (unsigned m = 0; m < 2; m++) {
		me_card_counters(r1.card, m, &c1);
		me_card_counters(r2.card, m, &c2);
		ck_assert_mem_eq(&c1, &c2, sizeof(c1));
		for (unsigned x = 0; x < 8; x++) {
			struct me_ctx_state s1 = me_test_ctx(&r1, m, x);
			struct me_ctx_state s2 = me_test_ctx(&r2, m, x);

			ck_assert_mem_eq(&s1, &s2, sizeof(s1));
		}
	}
	ck_assert_mem_eq(me_cmd_mem(&r1, ME_MEM_EMEM), me_cmd_mem(&r2, ME_MEM_EMEM),
			 1 << 20);
	me_test_free(&r1);
	me_test_free(&r2);
}
END_TEST

/* Commands stay in flight across loop iterations of 8 contexts, so the
 * queue never drains and must slide (section 7: at most 256 in flight). */
START_TEST(me_cmd_stream)
{
	struct me_test_run r = { 0 };

	ck_assert_int_eq(me_test_exec(&r, ".contexts 8\n"
		"main:\tmov b0, #100\n"
		"\tmov $xw0, #1\n"
		"loop:\tmem_add.emem $xw0, a0, #0x40, #4, sig1\n"
		"\tmem_add.imem $xw0, a0, #0x40, #4, sig2, swap\n"
		"\tctx_wait sig1\n"
		"\tsub b0, b0, #1\n"
		"\tbr.ne loop\n"
		"\thalt\n", NULL, 100000000), ME_STOP_HALTED);
	ck_assert_uint_eq(me_cmd_le32(me_cmd_mem(&r, ME_MEM_EMEM) + 0x40), 800);
	ck_assert_uint_eq(me_cmd_le32(me_cmd_mem(&r, ME_MEM_IMEM) + 0x40), 800);
	me_test_free(&r);
}
END_TEST

/* Read-modify-write of a shared counter by 16 contexts on 2 MEs: a
 * mem_cas spinlock keeps every update (section 7.2); without the lock the
 * overlapping commands lose some, which shows they really interleave. */
static const char me_cmd_lock_src[] =
	"\t.contexts 8\n"
	"main:\tmov b1, #%d\n"			/* 1: use the lock */
	"\tmov b0, #20\n"
	"loop:\tbr_bclr b1, #0, body\n"
	"lock:\tmov $xw0, #0\n"
	"\tmov $xw1, #1\n"
	"\tmem_cas.emem $xw0, a0, #0x40, #4, sig1, swap\n"
	"\tcmp $xr0, #0\n"
	"\tbr.ne lock\n"
	"body:\tmem_rd.emem $xr1, a0, #0x80, #4, sig2, swap\n"
	"\tadd $xw2, $xr1, #1\n"
	"\tmem_wr.emem $xw2, a0, #0x80, #4, sig3, swap\n"
	"\tbr_bclr b1, #0, next\n"
	"\tmov $xw3, #0\n"
	"\tmem_wr.emem $xw3, a0, #0x40, #4, sig4, swap\n"
	"next:\tsub b0, b0, #1\n"
	"\tbr.ne loop\n"
	"\thalt\n";

static uint32_t me_cmd_lock_run(int locked)
{
	struct me_card_config cfg;
	struct me_test_run r = { 0 };
	char src[sizeof(me_cmd_lock_src) + 64];
	uint32_t counter;

	me_test_config(&cfg);
	cfg.n_me = 2;
	snprintf(src, sizeof(src), me_cmd_lock_src, locked);
	ck_assert_int_eq(me_test_exec(&r, src, &cfg, 100000000), ME_STOP_HALTED);
	counter = me_cmd_le32(me_cmd_mem(&r, ME_MEM_EMEM) + 0x80);
	me_test_free(&r);
	return counter;
}

START_TEST(me_cmd_spinlock)
{
	ck_assert_uint_eq(me_cmd_lock_run(1), 2 * 8 * 20);
	ck_assert_uint_lt(me_cmd_lock_run(0), 2 * 8 * 20);
}
END_TEST

START_TEST(me_cmd_atomics)
{
	struct me_test_run r = { 0 };
	struct me_ctx_state s;
	uint8_t *emem, *imem;

	ck_assert_int_eq(me_test_exec(&r, ME_CMD_ONE_CTX
		" mov a0, #0x100\n"
		" mov $xw0, #5\n mem_add.emem $xw0, a0, #0, #4, sig1, swap\n mov b1, $xr0\n"
		" mov $xw0, #0xf\n mem_and.emem $xw0, a0, #4, #4, sig1, swap\n mov b2, $xr0\n"
		" mov $xw0, #0xf\n mem_or.emem $xw0, a0, #8, #4, sig1, swap\n mov b3, $xr0\n"
		" mov $xw0, #3\n mem_xor.emem $xw0, a0, #12, #4, sig1, swap\n mov b4, $xr0\n"
		" mov $xw0, #42\n mem_swap.emem $xw0, a0, #16, #4, sig1, swap\n mov b5, $xr0\n"
		" mov $xw0, #7\n mov $xw1, #8\n"
		" mem_cas.emem $xw0, a0, #20, #4, sig1, swap\n mov b6, $xr0\n"
		" mem_cas.emem $xw0, a0, #20, #4, sig1, swap\n mov b7, $xr0\n"
		" mov $xw0, #1\n mov $xw1, #0\n"
		" mem_add.emem $xw0, a0, #0x20, #8, sig1, swap\n mov b8, $xr0\n mov b9, $xr1\n"
		" mov $xw0, #1\n mov $xw1, #2\n mov $xw2, #3\n mov $xw3, #4\n"
		" mem_cas.emem $xw0, a0, #0x28, #8, sig1, swap\n mov b10, $xr0\n mov b11, $xr1\n"
		" mov $xw0, #-1\n mem_add.imem $xw0, a0, #0, #4, sig1, swap\n mov b12, $xr0\n"
		"stop: halt\n"
		" .data emem 0x100\n .word 10, 0xff, 0xf0, 5, 100, 7, 0, 0\n"
		" .word 0xffffffff, 1, 1, 2\n"
		" .data imem 0x100\n .word 3\n", NULL, 100000), ME_STOP_HALTED);
	s = me_test_ctx(&r, 0, 0);
	emem = me_cmd_mem(&r, ME_MEM_EMEM) + 0x100;
	imem = me_cmd_mem(&r, ME_MEM_IMEM) + 0x100;
	ck_assert_uint_eq(s.b[1], 10);
	ck_assert_uint_eq(me_cmd_le32(emem), 15);
	ck_assert_uint_eq(s.b[2], 0xff);
	ck_assert_uint_eq(me_cmd_le32(emem + 4), 0xf);
	ck_assert_uint_eq(s.b[3], 0xf0);
	ck_assert_uint_eq(me_cmd_le32(emem + 8), 0xff);
	ck_assert_uint_eq(s.b[4], 5);
	ck_assert_uint_eq(me_cmd_le32(emem + 12), 6);
	ck_assert_uint_eq(s.b[5], 100);
	ck_assert_uint_eq(me_cmd_le32(emem + 16), 42);
	ck_assert_uint_eq(s.b[6], 7);		/* matched: stored 8 */
	ck_assert_uint_eq(s.b[7], 8);		/* no match: unchanged */
	ck_assert_uint_eq(me_cmd_le32(emem + 20), 8);
	ck_assert_uint_eq(s.b[8], 0xffffffff);	/* 64-bit add carries */
	ck_assert_uint_eq(s.b[9], 1);
	ck_assert_uint_eq(me_cmd_le32(emem + 0x20), 0);
	ck_assert_uint_eq(me_cmd_le32(emem + 0x24), 2);
	ck_assert_uint_eq(s.b[10], 1);		/* 64-bit cas */
	ck_assert_uint_eq(s.b[11], 2);
	ck_assert_uint_eq(me_cmd_le32(emem + 0x28), 3);
	ck_assert_uint_eq(me_cmd_le32(emem + 0x2c), 4);
	ck_assert_uint_eq(s.b[12], 3);
	ck_assert_uint_eq(me_cmd_le32(imem), 2);
	me_test_free(&r);
}
END_TEST

struct me_cmd_fault_case {
	const char *body;
	uint32_t pc;		/* of the faulting instruction */
	const char *msg;
};

static const struct me_cmd_fault_case me_cmd_faults[] = {
	{ "mov a0, #0x101\n mem_add.emem $xw0, a0, #0, #4, sig1", 4,
	  "atomic of 4 bytes at unaligned 0x101" },
	{ "mov a0, #0x104\n mem_cas.emem $xw0, a0, #0, #8, sig1", 4,
	  "atomic of 8 bytes at unaligned 0x104" },
	{ "li a0, 0xffffe\n mem_rd.emem $xr0, a0, #0, #4, sig1", 5,
	  "emem access of 4 bytes at 0xffffe outside 1048576 bytes" },
	{ "mov a0, #-1\n mem_rd.imem $xr0, a0, #0, #4, sig1", 4,
	  "imem access of 4 bytes at 0xffffffff outside" },
	{ "lm_ld32 a0, l0[-4]", 3, "local memory access of 4 bytes at 0xfffffffc" },
	{ "li a0, 16383\n lm_st16 a0, l1[0]\n lm_set l1, a0, #0\n lm_st16 a0, l1[0]", 7,
	  "local memory access of 2 bytes at 0x3fff outside 16384 bytes" },
	{ "mov a15, #100\n ret a15", 4, "ret to 100 outside the code" },
	{ NULL, 6, "ran past the last instruction" },
	{ "li a0, 0x10001\n mov $xw3, a0\n dma_to_host.emem $xw0, sig1", 6,
	  "DMA length 65537 above 65536" },
	{ "mov $xw1, #16\n li a0, 0x3fff8\n mov $xw0, a0\n pkt_tx $xw0, sig1", 7,
	  "pkt access of 16 bytes at 0x3fff8 outside 262144 bytes" },
};

START_TEST(me_cmd_fault)
{
	const struct me_cmd_fault_case *c = &me_cmd_faults[_i];
	struct me_test_run r = { 0 };
	char src[1024];

	if (c->body)
		snprintf(src, sizeof(src), "%s %s\nstop: halt\n", ME_CMD_ONE_CTX, c->body);
	else	/* fall off the end of the code */
		snprintf(src, sizeof(src), "%s br over\nstop: halt\nover: nop\n",
			 ME_CMD_ONE_CTX);
	ck_assert_int_eq(me_test_exec(&r, src, NULL, 100000), ME_STOP_FAULT);
	ck_assert_msg(strstr(r.stop.msg, c->msg), "got '%s', want '%s'", r.stop.msg,
		      c->msg);
	ck_assert_uint_eq(r.stop.me, 0);
	ck_assert_uint_eq(r.stop.ctx, 0);
	ck_assert_uint_eq(r.stop.pc, c->pc);
	ck_assert_int_eq(me_test_ctx(&r, 0, 0).status, ME_CTX_FAULTED);
	me_test_free(&r);
}
END_TEST

/* Receive, prepend 4 bytes in the headroom, transmit (section 7.3). */
static const char me_cmd_forward_src[] =
	"\t.contexts 4\n"
	"main:\tpkt_rx $xr0, sig1, swap\n"
	"\tli a1, 0xddccbbaa\n"
	"\tmov $xw0, a1\n"
	"\tmem_wr.pkt $xw0, $xr0, #-4, #4, sig2, swap\n"
	"\tsub $xw4, $xr0, #4\n"
	"\tadd $xw5, $xr1, #4\n"
	"\tadd $xw6, $xr2, #1000\n"
	"\tmov a2, $xr3\n"
	"\tmov a3, $xr4\n"
	"\tmov a4, $xr0\n"
	"\tpkt_tx $xw4, sig3, swap\n"
	"\tmov a5, $xr4\n"
	"\tbr main\n";

START_TEST(me_cmd_packets)
{
	struct me_test_run r = { 0 };
	struct me_ctx_state s;
	const uint8_t pre[4] = { 0xaa, 0xbb, 0xcc, 0xdd };

	me_test_load(&r, me_cmd_forward_src, NULL);
	for (unsigned i = 0; i < 3; i++) {
		memset(r.io.frame[i], 0x10 + (int)i, 60 + i);
		r.io.frame_len[i] = 60 + i;
	}
	r.io.nframes = 2;
	ck_assert_int_eq(me_card_run(r.card, 1000000, &r.stop), ME_STOP_IDLE);
	ck_assert_uint_eq(r.io.ntx, 2);
	for (unsigned i = 0; i < 2; i++) {
		ck_assert_uint_eq(r.io.tx_len[i], 64 + i);
		ck_assert_uint_eq(r.io.tx_dest[i], 1100 + i);
		ck_assert_mem_eq(r.io.tx[i], pre, 4);
		ck_assert_mem_eq(r.io.tx[i] + 4, r.io.frame[i], 60 + i);
	}
	s = me_test_ctx(&r, 0, 0);
	ck_assert_uint_eq(s.a[2], 0);			/* ctx 0 buffer */
	ck_assert_uint_eq(s.a[3], 4096);
	ck_assert_uint_eq(s.a[4], ME_PKT_HEADROOM);
	ck_assert_uint_eq(s.a[5], 0);			/* tx status */
	ck_assert_uint_eq(me_test_ctx(&r, 0, 1).a[2], 4096);
	ck_assert_int_eq(s.status, ME_CTX_WAITING);
	/* A frame arriving later is picked up by the next run. */
	r.io.nframes = 3;
	ck_assert_int_eq(me_card_run(r.card, 1000000, &r.stop), ME_STOP_IDLE);
	ck_assert_uint_eq(r.io.ntx, 3);
	ck_assert_mem_eq(r.io.tx[2] + 4, r.io.frame[2], 62);
	me_test_free(&r);
}
END_TEST

/* Frames spread over 2 MEs x 4 contexts; the same run twice is identical. */
START_TEST(me_cmd_packets_two_mes)
{
	struct me_card_config cfg;
	struct me_test_run r[2] = { { 0 }, { 0 } };
	unsigned sent[2] = { 0, 0 };

	me_test_config(&cfg);
	cfg.n_me = 2;
	for (unsigned k = 0; k < 2; k++) {
		me_test_load(&r[k], me_cmd_forward_src, &cfg);
		for (unsigned i = 0; i < ME_TEST_FRAMES; i++) {
			memset(r[k].io.frame[i], (int)i, 40 + 7 * i);
			r[k].io.frame_len[i] = 40 + 7 * i;
		}
		r[k].io.nframes = ME_TEST_FRAMES;
		ck_assert_int_eq(me_card_run(r[k].card, 1000000, &r[k].stop), ME_STOP_IDLE);
		ck_assert_uint_eq(r[k].io.ntx, ME_TEST_FRAMES);
	}
	ck_assert_uint_eq(me_card_cycles(r[0].card), me_card_cycles(r[1].card));
	ck_assert_mem_eq(r[0].io.tx, r[1].io.tx, sizeof(r[0].io.tx));
	ck_assert_mem_eq(r[0].io.tx_len, r[1].io.tx_len, sizeof(r[0].io.tx_len));
	/* Both MEs sent frames. */
	for (unsigned i = 0; i < ME_TEST_FRAMES; i++)
		sent[r[0].io.tx_me[i]]++;
	ck_assert_uint_gt(sent[0], 0);
	ck_assert_uint_gt(sent[1], 0);
	for (unsigned k = 0; k < 2; k++)
		me_test_free(&r[k]);
}
END_TEST

START_TEST(me_cmd_tx_error_status)
{
	struct me_test_run r = { 0 };

	r.io.ntx = ME_TEST_FRAMES;	/* the hook refuses with 7 */
	me_test_load(&r, ME_CMD_ONE_CTX
		" mov $xw1, #10\n pkt_tx $xw0, sig1, swap\n mov a0, $xr0\nstop: halt\n",
		NULL);
	r.io.ntx = ME_TEST_FRAMES;
	ck_assert_int_eq(me_card_run(r.card, 100000, &r.stop), ME_STOP_HALTED);
	ck_assert_uint_eq(me_test_ctx(&r, 0, 0).a[0], 7);
	me_test_free(&r);
}
END_TEST

START_TEST(me_cmd_dma)
{
	struct me_test_run r = { 0 };
	struct me_ctx_state s;

	me_test_load(&r, ME_CMD_ONE_CTX
		" mov $xw0, #0x200\n mov $xw1, #0x10\n mov $xw2, #0\n mov $xw3, #16\n"
		" dma_from_host.emem $xw0, sig1, swap\n mov a0, $xr0\n"
		" mov $xw1, #0x100\n"
		" dma_to_host.emem $xw0, sig1, swap\n mov a1, $xr0\n"
		" li a2, 0x100000\n mov $xw1, a2\n"
		" dma_to_host.emem $xw0, sig1, swap\n mov a3, $xr0\n"
		" mov $xw2, #1\n mov $xw1, #0\n"
		" dma_from_host.imem $xw0, sig1, swap\n mov a4, $xr0\n"
		"stop: halt\n", NULL);
	for (unsigned i = 0; i < 16; i++)
		r.io.host[0x10 + i] = (uint8_t)(0xa0 + i);
	ck_assert_int_eq(me_card_run(r.card, 100000, &r.stop), ME_STOP_HALTED);
	s = me_test_ctx(&r, 0, 0);
	ck_assert_uint_eq(s.a[0], 0);
	ck_assert_uint_eq(s.a[1], 0);
	ck_assert_uint_eq(s.a[3], 9);	/* host refused: beyond its memory */
	ck_assert_uint_eq(s.a[4], 9);	/* host address above 4 GiB */
	ck_assert_mem_eq(me_cmd_mem(&r, ME_MEM_EMEM) + 0x200, r.io.host + 0x10, 16);
	ck_assert_mem_eq(r.io.host + 0x100, r.io.host + 0x10, 16);
	me_test_free(&r);
}
END_TEST

START_TEST(me_cmd_card_csrs)
{
	struct me_test_run r = { 0 };

	me_test_load(&r, ME_CMD_ONE_CTX
		" li b0, 0xcafe\n csr_wr b0, 0x123\n csr_rd a0, 0x180\n"
		" csr_wr #77, 0x1ff\nstop: halt\n", NULL);
	r.io.csr_val = 0x1000;
	ck_assert_int_eq(me_card_run(r.card, 100000, &r.stop), ME_STOP_HALTED);
	ck_assert_uint_eq(me_test_ctx(&r, 0, 0).a[0], 0x1180);
	ck_assert_uint_eq(r.io.csr_written_num, 0x1ff);
	ck_assert_uint_eq(r.io.csr_written, 77);
	me_test_free(&r);

	memset(&r, 0, sizeof(r));
	me_test_load(&r, ME_CMD_ONE_CTX " csr_rd a0, 0x100\nstop: halt\n", NULL);
	r.io.refuse_csr = 1;
	ck_assert_int_eq(me_card_run(r.card, 100000, &r.stop), ME_STOP_FAULT);
	ck_assert_ptr_nonnull(strstr(r.stop.msg, "card refused read of CSR 0x100"));
	me_test_free(&r);
}
END_TEST

START_TEST(me_cmd_watchdog)
{
	struct me_card_config cfg;
	struct me_test_run r = { 0 };

	me_test_config(&cfg);
	cfg.watchdog_cycles = 1000;
	ck_assert_int_eq(me_test_exec(&r, ".contexts 4\nmain: br main\n", &cfg,
				      UINT64_MAX), ME_STOP_WATCHDOG);
	ck_assert_ptr_nonnull(strstr(r.stop.msg, "watchdog"));
	ck_assert_uint_eq(r.stop.ctx, 0);
	ck_assert_uint_eq(me_test_ctx(&r, 0, 0).cycles, 1000);
	ck_assert_int_eq(me_test_ctx(&r, 0, 0).status, ME_CTX_FAULTED);
	/* The other contexts are still there; each trips in turn. */
	ck_assert_int_eq(me_card_run(r.card, UINT64_MAX, &r.stop), ME_STOP_WATCHDOG);
	ck_assert_uint_eq(r.stop.ctx, 1);
	me_test_free(&r);
}
END_TEST

/* Per-frame work below the watchdog never trips it: rx restarts it. */
START_TEST(me_cmd_watchdog_per_frame)
{
	struct me_card_config cfg;
	struct me_test_run r = { 0 };

	me_test_config(&cfg);
	cfg.watchdog_cycles = 1000;
	me_test_load(&r, ".contexts 4\n"
		"main: pkt_rx $xr0, sig1, swap\n mov a0, #300\n"
		"spin: sub a0, a0, #1\n br.ne spin\n br main\n", &cfg);
	r.io.nframes = 6;
	ck_assert_int_eq(me_card_run(r.card, UINT64_MAX, &r.stop), ME_STOP_IDLE);
	ck_assert_uint_eq(r.io.next_frame, 6);
	me_test_free(&r);
}
END_TEST

START_TEST(me_cmd_budget)
{
	struct me_card_config cfg;
	struct me_test_run r = { 0 };

	me_test_config(&cfg);
	cfg.watchdog_cycles = 0;
	ck_assert_int_eq(me_test_exec(&r, ".contexts 4\nmain: br main\n", &cfg, 5000),
			 ME_STOP_BUDGET);
	ck_assert_uint_eq(me_card_cycles(r.card), 5000);
	ck_assert_int_eq(me_card_run(r.card, 5000, &r.stop), ME_STOP_BUDGET);
	ck_assert_uint_eq(me_card_cycles(r.card), 10000);
	ck_assert_uint_eq(me_test_ctx(&r, 0, 0).cycles, 10000);
	me_test_free(&r);
}
END_TEST

/* A wait for a signal nothing will raise leaves the card idle, not hung. */
START_TEST(me_cmd_idle_on_lost_signal)
{
	struct me_test_run r = { 0 };

	ck_assert_int_eq(me_test_exec(&r, ME_CMD_ONE_CTX " ctx_wait sig9\nstop: halt\n",
				      NULL, UINT64_MAX), ME_STOP_IDLE);
	ck_assert_int_eq(me_test_ctx(&r, 0, 0).status, ME_CTX_WAITING);
	ck_assert_uint_eq(me_test_ctx(&r, 0, 0).wait_mask, 1u << 9);
	me_test_free(&r);
}
END_TEST

/* Round robin: ctx_swap passes the ME to the next context in order. */
START_TEST(me_cmd_round_robin)
{
	struct me_test_run r = { 0 };

	ck_assert_int_eq(me_test_exec(&r, ".contexts 4\n"
		"main: csr_rd a0, csr_cycles_lo\n ctx_swap\n csr_rd a1, csr_cycles_lo\n halt\n",
		NULL, 10000), ME_STOP_HALTED);
	for (unsigned x = 0; x < 4; x++) {
		ck_assert_uint_eq(me_test_ctx(&r, 0, x).a[0], 2 * x);
		ck_assert_uint_eq(me_test_ctx(&r, 0, x).a[1], 8 + 2 * x);
	}
	me_test_free(&r);
}
END_TEST

START_TEST(me_cmd_no_image)
{
	struct me_card_config cfg;
	struct me_card *card;
	struct me_stop_info st;
	char err[128];

	me_test_config(&cfg);
	ck_assert_int_eq(me_card_create(&cfg, &card, err, sizeof(err)), 0);
	ck_assert_int_eq(me_card_run(card, 100, &st), ME_STOP_FAULT);
	ck_assert_str_eq(st.msg, "no image loaded");
	me_card_destroy(card);
}
END_TEST

Suite *make_me_cmd_suite(void);

Suite *make_me_cmd_suite(void)
{
	Suite *s = suite_create("me-cmd");
	TCase *tc = tcase_create("commands");

	tcase_add_test(tc, me_cmd_write_read);
	tcase_add_loop_test(tc, me_cmd_latency, 0,
			    sizeof(me_cmd_latencies) / sizeof(me_cmd_latencies[0]));
	tcase_add_test(tc, me_cmd_overlap_one_context);
	tcase_add_test(tc, me_cmd_completion_order);
	tcase_add_test(tc, me_cmd_contexts_overlap);
	tcase_add_test(tc, me_cmd_two_mes_deterministic);
	tcase_add_test(tc, me_cmd_stream);
	tcase_add_test(tc, me_cmd_spinlock);
	tcase_add_test(tc, me_cmd_atomics);
	tcase_add_loop_test(tc, me_cmd_fault, 0,
			    sizeof(me_cmd_faults) / sizeof(me_cmd_faults[0]));
	tcase_add_test(tc, me_cmd_packets);
	tcase_add_test(tc, me_cmd_packets_two_mes);
	tcase_add_test(tc, me_cmd_tx_error_status);
	tcase_add_test(tc, me_cmd_dma);
	tcase_add_test(tc, me_cmd_card_csrs);
	tcase_add_test(tc, me_cmd_watchdog);
	tcase_add_test(tc, me_cmd_watchdog_per_frame);
	tcase_add_test(tc, me_cmd_budget);
	tcase_add_test(tc, me_cmd_idle_on_lost_signal);
	tcase_add_test(tc, me_cmd_round_robin);
	tcase_add_test(tc, me_cmd_no_image);
	suite_add_tcase(s, tc);
	return s;
}
