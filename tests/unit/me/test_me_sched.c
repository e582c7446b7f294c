/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The scheduler's fast paths (docs/performance.md, "The emulator's fast
 * paths") against the scheduler without them (me_card_config.no_fast_paths,
 * every slice of every ME run as docs/isa.md section 6.1 describes): the
 * same programs, the same frames fed between the same runs, must give the
 * same stop reasons, card cycles, ME counters, contexts, memories and the
 * same I/O hook calls at the same ME cycles.  The programs read cycle
 * counters and card CSRs whose values depend on the cycle, so any
 * difference in timing changes what they compute.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "me_test.h"

#define SCHED_LOG	4096
#define SCHED_HOST	4096
#define SCHED_CSR_DOORBELL	0x108

/* One hook call: which, by whom, when, with what. */
struct sched_call {
	uint8_t hook, me, ctx;
	uint64_t me_cycle, card_cycle;
	uint32_t value, len;
};

struct sched_io {
	struct me_card *card;
	unsigned frames_ready, frames_taken;
	unsigned looped;	/* frames tx brought back in, during a run */
	int steered;		/* frame k only for a context of k's parity */
	struct sched_call log[SCHED_LOG];
	unsigned nlog;
	uint8_t host[SCHED_HOST];
};

enum { SCHED_RX, SCHED_TX, SCHED_DMA_RD, SCHED_DMA_WR, SCHED_CSR_RD, SCHED_CSR_WR };

static void sched_log(struct sched_io *io, unsigned hook, unsigned me, unsigned ctx,
		      uint32_t value, uint32_t len)
{
	struct sched_call *c;
	struct me_counters cnt;

	ck_assert_uint_lt(io->nlog, SCHED_LOG);
	c = &io->log[io->nlog++];
	me_card_counters(io->card, me, &cnt);
	*c = (struct sched_call){ (uint8_t)hook, (uint8_t)me, (uint8_t)ctx, cnt.cycles,
				  me_card_cycles(io->card), value, len };
}

/*
 * A frame per call while frames_ready allows: 64 bytes numbered by frame.
 * Steered, a context of the other parity than the next frame's gets none.
 */
static int sched_rx(void *opaque, unsigned me, unsigned ctx, uint8_t *buf, uint32_t cap,
		    uint32_t *len, uint32_t *port)
{
	struct sched_io *io = opaque;

	if (io->frames_taken == io->frames_ready ||
	    (io->steered && ((io->frames_taken ^ ctx) & 1)))
		return 0;
	for (unsigned i = 0; i < 64; i++)
		buf[i] = (uint8_t)(io->frames_taken * 7 + i);
	*len = 64;
	*port = io->frames_taken++;
	sched_log(io, SCHED_RX, me, ctx, *port, *len);
	return 1;
}

/* Whether a frame is waiting (steered: for one of the parities). */
static int sched_rx_waiting(void *opaque)
{
	const struct sched_io *io = opaque;

	return io->frames_taken < io->frames_ready;
}

static int sched_tx(void *opaque, unsigned me, unsigned ctx, uint32_t dest, const uint8_t *data,
		    uint32_t len)
{
	struct sched_io *io = opaque;
	uint32_t sum = dest;

	for (uint32_t i = 0; i < len; i++)
		sum = sum * 31 + data[i];
	sched_log(io, SCHED_TX, me, ctx, sum, len);
	/* every fourth frame comes back in at once, as on a looped wire */
	if (sum % 4 == 0 && io->looped < 40) {
		io->looped++;
		io->frames_ready++;
		me_card_rx_changed(io->card);
	}
	return 0;
}

static int sched_dma_read(void *opaque, uint64_t host, uint8_t *buf, uint32_t len)
{
	struct sched_io *io = opaque;

	if (host > SCHED_HOST || len > SCHED_HOST - host)
		return 9;
	memcpy(buf, io->host + host, len);
	sched_log(io, SCHED_DMA_RD, 0, 0, (uint32_t)host, len);
	return 0;
}

static int sched_dma_write(void *opaque, uint64_t host, const uint8_t *buf, uint32_t len)
{
	struct sched_io *io = opaque;

	if (host > SCHED_HOST || len > SCHED_HOST - host)
		return 9;
	memcpy(io->host + host, buf, len);
	sched_log(io, SCHED_DMA_WR, 0, 0, (uint32_t)host, len);
	return 0;
}

/* A card CSR whose value is the card's time: what a program computes depends on it. */
static int sched_csr_read(void *opaque, unsigned me, unsigned ctx, uint32_t csr, uint32_t *val)
{
	struct sched_io *io = opaque;

	*val = (uint32_t)me_card_cycles(io->card) ^ csr;
	sched_log(io, SCHED_CSR_RD, me, ctx, *val, csr);
	return 0;
}

/* Card CSR 0x108 is a doorbell: a frame comes in (the next rx takes it). */
static int sched_csr_write(void *opaque, unsigned me, unsigned ctx, uint32_t csr, uint32_t val)
{
	struct sched_io *io = opaque;

	sched_log(io, SCHED_CSR_WR, me, ctx, val, csr);
	if (csr == SCHED_CSR_DOORBELL) {
		io->frames_ready++;
		me_card_rx_changed(io->card);
	}
	return 0;
}

static const struct me_io_ops sched_ops = {
	.rx = sched_rx, .tx = sched_tx, .dma_read = sched_dma_read,
	.dma_write = sched_dma_write, .csr_read = sched_csr_read, .csr_write = sched_csr_write,
};

/*
 * The same hooks announcing the frames they bring in and saying whether
 * one is waiting, as the xnic card's do.
 */
static const struct me_io_ops sched_ops_announced = {
	.rx = sched_rx, .rx_waiting = sched_rx_waiting, .tx = sched_tx, .dma_read = sched_dma_read,
	.dma_write = sched_dma_write, .csr_read = sched_csr_read, .csr_write = sched_csr_write,
	.rx_announced = 1,
};

/*
 * Every context takes frames; per frame it reads the frame (packet memory,
 * 50 cycles), then loops `trips` times over an external read with swap, an
 * internal atomic waited for later, a posted packet write, a division
 * (20 cycles: turns end past the slice), the card CSR and the cycle CSR,
 * a ctx_swap every other trip; DMAs the result to the host, writes a card
 * CSR, transmits.  One context of each ME spins before its first frame
 * (about 72,000 cycles), giving the ME up every 16 trips, so its turns
 * cross several slices alone.
 */
static const char sched_src[] =
	"\t.contexts 4\n"
	"main:\tcsr_rd a9, csr_ctx\n"
	"\tcsr_rd b9, csr_me\n"
	"\tcmp a9, #2\n"
	"\tbr.ne frame\n"
	"\tli a8, 3000\n"
	"spin:\tdivu a7, a8, #3\n"
	"\tand a6, a8, #15\n"
	"\tbr.ne stay\n"
	"\tctx_swap\n"
	"stay:\tsub a8, a8, #1\n"
	"\tbr.ne spin\n"
	"frame:\tpkt_rx $xr0, sig1, swap\n"
	"\tmov a0, $xr0\n"
	"\tmov b0, $xr2\n"
	"\tmem_rd.pkt $xr8, a0, #0, #8, sig2, swap\n"
	"\tand a1, b0, #7\n"
	"\tadd a1, a1, #1\n"
	"\tshl b1, a9, #6\n"
	"\tshl a2, b9, #8\n"
	"\tadd b1, a2, b1\n"
	"loop:\tmem_rd.emem $xr4, b1, #0x100, #8, sig3, swap\n"
	"\tmov a5, $xr8\n"
	"\tadd $xw0, a5, $xr4\n"
	"\tmem_add.imem $xw0, b1, #0x40, #4, sig4\n"
	"\tmov $xw1, $xr9\n"
	"\tmem_wr.pkt $xw1, a0, #16, #4, sig5\n"
	"\tdivu a2, $xr8, a1\n"
	"\tcsr_rd a3, #0x104\n"
	"\tcsr_rd b3, csr_cycles_lo\n"
	"\txor a4, a3, b3\n"
	"\tmov $xw2, a4\n"
	"\tmem_wr.emem $xw2, b1, #0x100, #4, sig6\n"
	"\tctx_wait sig4, sig5, sig6\n"
	"\tbr_bclr a1, #0, noswap\n"
	"\tctx_swap\n"
	"noswap:\tsub a1, a1, #1\n"
	"\tbr.ne loop\n"
	"\tmov $xw8, b1\n"
	"\tmov $xw9, b1\n"
	"\tmov $xw10, #0\n"
	"\tmov $xw11, #16\n"
	"\tdma_to_host.pkt $xw8, sig7\n"
	"\tcsr_wr a4, #0x100\n"
	"\tctx_wait sig7\n"
	"\tmov $xw12, a0\n"
	"\tmov $xw13, #64\n"
	"\tmov $xw14, a9\n"
	"\tpkt_tx $xw12, sig8, swap\n"
	"\tbr frame\n";

/*
 * Frames steered by parity (sched_rx), hooks that announce the frames
 * they bring in (sched_ops_announced), on the cards sched_open makes.
 */
static int sched_steered, sched_announced;

struct sched_card {
	struct sched_io io;
	struct me_image img;
	struct me_stop_info stop;
};

static void sched_open(struct sched_card *s, const char *src, unsigned n_me,
		       int no_fast_paths, uint64_t watchdog)
{
	struct me_card_config cfg;
	char err[256];

	me_test_config(&cfg);
	cfg.n_me = n_me;
	cfg.ops = sched_announced ? &sched_ops_announced : &sched_ops;
	cfg.opaque = &s->io;
	cfg.no_fast_paths = no_fast_paths;
	cfg.watchdog_cycles = watchdog;
	s->io.steered = sched_steered;
	me_test_assemble(src, &s->img);
	ck_assert_msg(me_card_create(&cfg, &s->io.card, err, sizeof(err)) == 0, "%s", err);
	ck_assert_msg(me_card_load(s->io.card, &s->img, err, sizeof(err)) == 0, "%s", err);
}

static void sched_close(struct sched_card *s)
{
	me_card_destroy(s->io.card);
	me_image_free(&s->img);
}

static void sched_compare_mem(struct sched_card *f, struct sched_card *r, enum me_mem mem,
			      unsigned me)
{
	uint32_t fsize, rsize;
	const uint8_t *fm = me_card_mem(f->io.card, mem, me, &fsize);
	const uint8_t *rm = me_card_mem(r->io.card, mem, me, &rsize);

	ck_assert_uint_eq(fsize, rsize);
	ck_assert_msg(!memcmp(fm, rm, fsize), "memory %u (ME %u) differs", mem, me);
}

/* Everything the card shows, after run number `run`. */
static void sched_compare(struct sched_card *f, struct sched_card *r, unsigned n_me,
			  unsigned run)
{
	ck_assert_msg(f->io.nlog == r->io.nlog, "run %u: %u hook calls, %u without fast paths",
		      run, f->io.nlog, r->io.nlog);
	for (unsigned i = 0; i < f->io.nlog; i++) {
		const struct sched_call *a = &f->io.log[i], *b = &r->io.log[i];

		ck_assert_msg(!memcmp(a, b, sizeof(*a)),
			      "run %u: hook call %u: hook %u ME %u ctx %u at ME cycle %llu card "
			      "%llu; without fast paths hook %u ME %u ctx %u at %llu card %llu",
			      run, i, a->hook, a->me, a->ctx, (unsigned long long)a->me_cycle,
			      (unsigned long long)a->card_cycle, b->hook, b->me, b->ctx,
			      (unsigned long long)b->me_cycle, (unsigned long long)b->card_cycle);
	}
	ck_assert_uint_eq(me_card_cycles(f->io.card), me_card_cycles(r->io.card));
	ck_assert_int_eq(f->stop.reason, r->stop.reason);
	ck_assert_str_eq(f->stop.msg, r->stop.msg);
	for (unsigned m = 0; m < n_me; m++) {
		struct me_counters fc, rc;

		me_card_counters(f->io.card, m, &fc);
		me_card_counters(r->io.card, m, &rc);
		ck_assert_msg(!memcmp(&fc, &rc, sizeof(fc)),
			      "run %u: ME %u cycles %llu idle %llu insns %llu, without fast paths "
			      "%llu %llu %llu", run, m, (unsigned long long)fc.cycles,
			      (unsigned long long)fc.idle_cycles, (unsigned long long)fc.insns,
			      (unsigned long long)rc.cycles, (unsigned long long)rc.idle_cycles,
			      (unsigned long long)rc.insns);
		for (unsigned c = 0; c < 4; c++) {
			struct me_ctx_state fs, rs;

			me_card_ctx_state(f->io.card, m, c, &fs);
			me_card_ctx_state(r->io.card, m, c, &rs);
			ck_assert_msg(!memcmp(&fs, &rs, sizeof(fs)), "run %u: ME %u context %u",
				      run, m, c);
		}
		sched_compare_mem(f, r, ME_MEM_LM, m);
	}
	sched_compare_mem(f, r, ME_MEM_PKT, 0);
	sched_compare_mem(f, r, ME_MEM_IMEM, 0);
	sched_compare_mem(f, r, ME_MEM_EMEM, 0);
	ck_assert(!memcmp(f->io.host, r->io.host, SCHED_HOST));
}

/*
 * Runs of budget(run) cycles, three frames arriving before each of the
 * first 30, on n_me MEs; until every frame went out (idle), the card
 * stopped or max_runs.
 */
static enum me_stop sched_same_cut(const char *src, unsigned n_me, uint64_t watchdog,
				   uint64_t (*budget)(unsigned run), unsigned max_runs)
{
	struct sched_card *f = calloc(1, sizeof(*f)), *r = calloc(1, sizeof(*r));
	unsigned run = 0;
	enum me_stop why;

	ck_assert(f && r);
	sched_open(f, src, n_me, 0, watchdog);
	sched_open(r, src, n_me, 1, watchdog);
	do {
		if (run < 30) {
			f->io.frames_ready += 3;
			r->io.frames_ready += 3;
		}
		why = me_card_run(f->io.card, budget(run), &f->stop);
		ck_assert_int_eq(me_card_run(r->io.card, budget(run), &r->stop), why);
		sched_compare(f, r, n_me, run);
		run++;
	} while ((why == ME_STOP_BUDGET || (why == ME_STOP_IDLE && run < 30)) && run < max_runs);
	if (src == sched_src)
		ck_assert_uint_gt(f->io.nlog, 100);	/* frames went through */
	sched_close(f);
	sched_close(r);
	free(f);
	free(r);
	return why;
}

/* Budgets that cut slices anywhere: 1, 37, 64, ... cycles. */
static uint64_t sched_budget_mixed(unsigned run)
{
	static const uint64_t budgets[] = { 1, 37, 64, 1000, 7, 250, 5000, 129, 100000 };

	return budgets[run % (sizeof(budgets) / sizeof(budgets[0]))];
}

/* Short runs, 1 to 97 cycles: some end exactly where a command completes. */
static uint64_t sched_budget_short(unsigned run)
{
	return run % 97 + 1;
}

/* One run to the end: nothing in flight waits for the next. */
static uint64_t sched_budget_long(unsigned run)
{
	return 100000;
}

static enum me_stop sched_same(const char *src, unsigned n_me, uint64_t watchdog)
{
	return sched_same_cut(src, n_me, watchdog, sched_budget_mixed, 100);
}

START_TEST(me_sched_one_me)
{
	ck_assert_int_eq(sched_same(sched_src, 1, 0), ME_STOP_IDLE);
}
END_TEST

START_TEST(me_sched_two_mes)
{
	ck_assert_int_eq(sched_same(sched_src, 2, 0), ME_STOP_IDLE);
}
END_TEST

/* A spinning context runs into the watchdog, at the same cycle. */
START_TEST(me_sched_watchdog)
{
	ck_assert_int_eq(sched_same(sched_src, 1, 50000), ME_STOP_WATCHDOG);
}
END_TEST

/*
 * ME 1 has nothing to do at all (its contexts halt) while ME 0's contexts
 * wait on external memory across whole slices and across the ends of runs.
 */
START_TEST(me_sched_idle_me)
{
	static const char src[] =
		"\t.contexts 4\n"
		"main:\tcsr_rd a0, csr_me\n"
		"\tbr_bset a0, #0, done\n"
		"\tmov b0, #40\n"
		"loop:\tmem_rd.emem $xr0, a1, #0x100, #64, sig1, swap\n"
		"\tsub b0, b0, #1\n"
		"\tbr.ne loop\n"
		"done:\thalt\n";

	ck_assert_int_eq(sched_same(src, 2, 0), ME_STOP_HALTED);
}
END_TEST

/* Contexts' frame loop: take a frame, send 64 bytes of it back (sig8). */
#define SCHED_ECHO_FRAMES \
	"frame:\tpkt_rx $xr0, sig1, swap\n" \
	"\tmov $xw12, $xr0\n" \
	"\tmov $xw13, #64\n" \
	"\tmov $xw14, a9\n" \
	"\tpkt_tx $xw12, sig8, swap\n" \
	"\tbr frame\n"

/*
 * One ME; context 0 mostly alone: its commands with swap on every memory
 * (read, write, atomic) complete while no other context can run, between
 * spins of a length set by the cycle counter that cross slice ends.
 * Context 1 waits on long external reads and posts writes, so context 0's
 * commands sometimes find another in flight, and a read of context 1 may
 * complete in the middle of one of context 0's turns (which keeps the ME
 * until it leaves).  Contexts 2 and 3 forward frames; context 0 rings
 * the doorbell CSR (a frame comes in) before one of its commands, which
 * must then let their parked pkt_rx be asked first.
 */

static const char sched_alone_src[] =
	"\t.contexts 4\n"
	"main:\tcsr_rd a9, csr_ctx\n"
	"\tcmp a9, #2\n"
	"\tbr.hs frame\n"
	"\tshl a1, a9, #9\n"
	"\tcmp a9, #1\n"
	"\tbr.eq slow\n"
	"\tli a8, 60\n"
	"loop:\tmem_rd.pkt $xr0, a1, #0, #8, sig1, swap\n"
	"\tcsr_rd a3, csr_cycles_lo\n"
	"\tcsr_wr a3, #0x108\n"
	"\tmov $xw0, a3\n"
	"\tmem_wr.pkt $xw0, a1, #0x40, #4, sig2, swap\n"
	"\tadd $xw1, $xr0, a3\n"
	"\tmem_add.imem $xw1, a1, #0x80, #4, sig3, swap\n"
	"\tmem_rd.pkt $xr2, a1, #0x40, #4, sig1, swap\n"
	"\tand a7, $xr2, #255\n"
	"\tadd a7, a7, #1\n"
	"spin:\tsub a7, a7, #1\n"
	"\tbr.ne spin\n"
	"\tsub a8, a8, #1\n"
	"\tbr.ne loop\n"
	"\thalt\n"
	"slow:\tli a8, 80\n"
	"sloop:\tmem_rd.emem $xr0, a1, #0x100, #64, sig1, swap\n"
	"\tcsr_rd a3, csr_cycles_lo\n"
	"\tadd $xw0, a3, $xr3\n"
	"\tmem_wr.emem $xw0, a1, #0x140, #4, sig2\n"
	"\tsub a8, a8, #1\n"
	"\tbr.ne sloop\n"
	"\tctx_wait sig2\n"
	"\thalt\n"
	SCHED_ECHO_FRAMES;

START_TEST(me_sched_alone)
{
	ck_assert_int_eq(sched_same(sched_alone_src, 1, 0), ME_STOP_IDLE);
}
END_TEST

/* The same in runs so short that some end where a command completes. */
START_TEST(me_sched_alone_short_runs)
{
	ck_assert_int_eq(sched_same_cut(sched_alone_src, 1, 0, sched_budget_short, 5000),
			 ME_STOP_IDLE);
}
END_TEST

/* The first run's budget in me_sched_alone_run_end, then long runs. */
static uint64_t sched_first_budget;

static uint64_t sched_budget_first(unsigned run)
{
	return run ? 1000 : sched_first_budget;
}

/*
 * Context 0 alone waits on a packet read, then an internal one; a first
 * run of every length up to past the last read ends once exactly where a
 * command completes (which then completes in the next run).
 */
START_TEST(me_sched_alone_run_end)
{
	static const char src[] =
		"\t.contexts 4\n"
		"main:\tcsr_rd a9, csr_ctx\n"
		"\tcmp a9, #0\n"
		"\tbr.ne done\n"
		"\tmem_rd.pkt $xr0, a9, #0, #8, sig1, swap\n"
		"\tmem_rd.imem $xr2, a9, #0, #4, sig1, swap\n"
		"\tmov a1, $xr0\n"
		"\tadd a1, a1, $xr2\n"
		"done:\thalt\n";

	for (sched_first_budget = 1; sched_first_budget < 200; sched_first_budget++)
		ck_assert_int_eq(sched_same_cut(src, 1, 0, sched_budget_first, 10),
				 ME_STOP_HALTED);
}
END_TEST

/*
 * Context 0, alone once the others halted, issues a read with swap on
 * sig2 while sig2 is already in (from a posted write that completed during
 * the spin): its wait is over at once and it runs on with the read in
 * flight, so the cycle counter and the transfer register it reads next
 * are the ones from before the read.
 */
START_TEST(me_sched_alone_signal_in)
{
	static const char src[] =
		"\t.contexts 4\n"
		"main:\tcsr_rd a9, csr_ctx\n"
		"\tcmp a9, #0\n"
		"\tbr.ne done\n"
		"\tctx_swap\n"
		"\tli a8, 0x1234\n"
		"\tmov $xw0, a8\n"
		"\tmem_wr.emem $xw0, a9, #0, #4, sig2\n"
		"\tli a7, 400\n"
		"spin:\tsub a7, a7, #1\n"
		"\tbr.ne spin\n"
		"\tmem_rd.emem $xr0, a9, #0, #4, sig2, swap\n"
		"\tcsr_rd a3, csr_cycles_lo\n"
		"\tmov a4, $xr0\n"
		"\tmov $xw1, a3\n"
		"\tmem_wr.imem $xw1, a9, #0, #4, sig3, swap\n"
		"\tctx_wait sig2\n"
		"\tmov a5, $xr0\n"
		"done:\thalt\n";

	ck_assert_int_eq(sched_same_cut(src, 1, 0, sched_budget_long, 10), ME_STOP_HALTED);
}
END_TEST

/*
 * Frames steered by parity: a parked pkt_rx that got none may get the next
 * frame once another context took one, so the parked asked before that
 * delivery must be asked again after it.
 */
START_TEST(me_sched_steered)
{
	sched_steered = 1;
	ck_assert_int_eq(sched_same(sched_src, 1, 0), ME_STOP_IDLE);
	ck_assert_int_eq(sched_same(sched_src, 2, 0), ME_STOP_IDLE);
	sched_steered = 0;
}
END_TEST

/*
 * Hooks that announce the frames they bring in (a looped transmit, the
 * doorbell CSR) and say whether one is waiting: parked pkt_rx are asked
 * again only after those, not one by one when none is waiting, and still
 * take every frame at the cycle they take it without fast paths; on 4 MEs
 * as on the xnic card, where one ME often runs while the others are still.
 */
START_TEST(me_sched_announced)
{
	sched_announced = 1;
	ck_assert_int_eq(sched_same(sched_src, 1, 0), ME_STOP_IDLE);
	ck_assert_int_eq(sched_same(sched_src, 2, 0), ME_STOP_IDLE);
	ck_assert_int_eq(sched_same(sched_src, 4, 0), ME_STOP_IDLE);
	ck_assert_int_eq(sched_same_cut(sched_src, 4, 0, sched_budget_long, 100),
			 ME_STOP_IDLE);
	ck_assert_int_eq(sched_same(sched_alone_src, 1, 0), ME_STOP_IDLE);
	ck_assert_int_eq(sched_same_cut(sched_alone_src, 1, 0, sched_budget_short, 5000),
			 ME_STOP_IDLE);
	sched_steered = 1;
	ck_assert_int_eq(sched_same(sched_src, 2, 0), ME_STOP_IDLE);
	sched_steered = 0;
	sched_announced = 0;
}
END_TEST

/*
 * On 2 and 4 MEs, context 0 of ME 0 alone runs: it rings the doorbell CSR
 * (a frame comes in, announced) and spins across slice ends before its
 * next read; the other contexts of ME 0 halt, those of the other MEs are
 * parked in pkt_rx.  While
 * the other MEs are still, ME 0 goes on from slice to slice; the doorbell
 * ends that at the slice's end, where a parked context of another ME
 * takes the frame, as it does without fast paths.
 */
START_TEST(me_sched_still_doorbell)
{
	static const char src[] =
		"\t.contexts 4\n"
		"main:\tcsr_rd a9, csr_ctx\n"
		"\tcsr_rd b9, csr_me\n"
		"\tcmp b9, #0\n"
		"\tbr.ne frame\n"
		"\tcmp a9, #0\n"
		"\tbr.ne done\n"
		"\tli a8, 40\n"
		"loop:\tcsr_rd a3, csr_cycles_lo\n"
		"\tcsr_wr a3, #0x108\n"
		"\tand a7, a3, #127\n"
		"\tadd a7, a7, #100\n"
		"spin:\tsub a7, a7, #1\n"
		"\tbr.ne spin\n"
		"\tmem_rd.pkt $xr0, a9, #0, #8, sig1, swap\n"
		"\tsub a8, a8, #1\n"
		"\tbr.ne loop\n"
		"done:\thalt\n"
		SCHED_ECHO_FRAMES;

	sched_announced = 1;
	ck_assert_int_eq(sched_same_cut(src, 2, 0, sched_budget_long, 100), ME_STOP_IDLE);
	ck_assert_int_eq(sched_same(src, 4, 0), ME_STOP_IDLE);
	sched_announced = 0;
	ck_assert_int_eq(sched_same(src, 4, 0), ME_STOP_IDLE);
}
END_TEST

Suite *make_me_sched_suite(void);

Suite *make_me_sched_suite(void)
{
	Suite *s = suite_create("me-sched");
	TCase *tc = tcase_create("sched");

	tcase_add_test(tc, me_sched_one_me);
	tcase_add_test(tc, me_sched_two_mes);
	tcase_add_test(tc, me_sched_watchdog);
	tcase_add_test(tc, me_sched_idle_me);
	tcase_add_test(tc, me_sched_alone);
	tcase_add_test(tc, me_sched_alone_short_runs);
	tcase_add_test(tc, me_sched_alone_run_end);
	tcase_add_test(tc, me_sched_alone_signal_in);
	tcase_add_test(tc, me_sched_steered);
	tcase_add_test(tc, me_sched_announced);
	tcase_add_test(tc, me_sched_still_doorbell);
	suite_add_tcase(s, tc);
	return s;
}
