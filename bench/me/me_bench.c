/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Emulator speed (docs/isa.md section 6): emulated instructions per second
 * and host nanoseconds per instruction for an ALU-bound loop (one context,
 * no commands) and a memory-bound loop (eight contexts, a read and an
 * atomic per iteration, so command issue, completion and context switches
 * dominate), plus frames per second through a MAC-swapping forwarder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "me.h"
#include "xas.h"

struct me_bench_case {
	const char *name;
	const char *src;	/* %u: iterations per context */
};

static const struct me_bench_case me_bench_cases[] = {
	{ "alu",
	  "\t.contexts 4\n"
	  "main:\tcsr_rd b31, csr_ctx\n"
	  "\tbr_bset b31, #0, done\n"
	  "\tbr_bset b31, #1, done\n"
	  "\tli a0, %u\n"
	  "\tmov b1, #3\n"
	  "loop:\tadd a1, a1, b1\n"
	  "\txor b2, a1, b2\n"
	  "\tshl a2, b2, #3\n"
	  "\tand b3, a2, #0xff0\n"
	  "\tor a3, a1, b3\n"
	  "\tsub a0, a0, #1\n"
	  "\tbr.ne loop\n"
	  "done:\thalt\n" },
	{ "mem",
	  "\t.contexts 8\n"
	  "main:\tcsr_rd a0, csr_ctx\n"
	  "\tshl a1, a0, #6\n"
	  "\tli b0, %u\n"
	  "loop:\tmem_rd.emem $xr0, a1, #0x1000, #8, sig1, swap\n"
	  "\tadd $xw0, $xr0, #1\n"
	  "\tmem_add.emem $xw0, a2, #0x100, #4, sig2\n"
	  "\tlm_st32 $xr1, l0[0]\n"
	  "\tctx_wait sig2\n"
	  "\tsub b0, b0, #1\n"
	  "\tbr.ne loop\n"
	  "\thalt\n" },
};

/* Receive, swap MACs, transmit: tests/unit/me/forward.s, 8 contexts. */
static const char me_bench_fwd_src[] =
	"\t.contexts 8\n"
	"main:\tpkt_rx $xr0, sig1, swap\n"
	"\tmov a0, $xr0\n"
	"\tmem_rd.pkt $xr8, a0, #0, #12, sig2, swap\n"
	"\tshr a1, $xr9, #16\n\tshl b1, $xr10, #16\n\tor $xw0, a1, b1\n"
	"\tshr a2, $xr10, #16\n\tshl b2, $xr8, #16\n\tor $xw1, a2, b2\n"
	"\tshr a3, $xr8, #16\n\tshl b3, $xr9, #16\n\tor $xw2, a3, b3\n"
	"\tmem_wr.pkt $xw0, a0, #0, #12, sig3, swap\n"
	"\tmov $xw4, a0\n\tmov $xw5, $xr1\n\tmov $xw6, #1\n"
	"\tpkt_tx $xw4, sig4, swap\n"
	"\tbr main\n";

struct me_bench_frames {
	uint64_t left, sent;
	uint8_t frame[64];
};

static int me_bench_rx(void *opaque, unsigned me, unsigned ctx, uint8_t *buf,
		       uint32_t cap, uint32_t *len, uint32_t *port)
{
	struct me_bench_frames *f = opaque;

	if (!f->left)
		return 0;
	f->left--;
	memcpy(buf, f->frame, sizeof(f->frame));
	*len = sizeof(f->frame);
	*port = 0;
	return 1;
}

static int me_bench_tx(void *opaque, unsigned me, unsigned ctx, uint32_t dest,
		       const uint8_t *data, uint32_t len)
{
	((struct me_bench_frames *)opaque)->sent++;
	return 0;
}

static const struct me_io_ops me_bench_ops = { .rx = me_bench_rx, .tx = me_bench_tx };

static double me_bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int me_bench_run(const struct me_bench_case *c, unsigned iters)
{
	struct me_card_config cfg;
	struct me_card *card;
	struct me_image img;
	struct me_stop_info st;
	struct me_counters cnt;
	char src[2048], err[256], *errors = NULL;
	double t0, dt;

	snprintf(src, sizeof(src), c->src, iters);
	if (xas_assemble_string(c->name, src, NULL, &img, &errors)) {
		fprintf(stderr, "me-bench: %s", errors);
		return -1;
	}
	me_card_config_default(&cfg);
	cfg.n_me = 1;
	cfg.watchdog_cycles = 0;
	if (me_card_create(&cfg, &card, err, sizeof(err)) ||
	    me_card_load(card, &img, err, sizeof(err))) {
		fprintf(stderr, "me-bench: %s\n", err);
		return -1;
	}
	t0 = me_bench_now();
	if (me_card_run(card, UINT64_MAX, &st) != ME_STOP_HALTED) {
		fprintf(stderr, "me-bench: %s did not halt: %s\n", c->name, st.msg);
		return -1;
	}
	dt = me_bench_now() - t0;
	me_card_counters(card, 0, &cnt);
	printf("%-4s %11llu insns %11llu cycles %7.3f s  %7.1f M insns/s  %6.2f ns/insn  %7.1f M cycles/s\n",
	       c->name, (unsigned long long)cnt.insns, (unsigned long long)cnt.cycles,
	       dt, (double)cnt.insns / dt / 1e6, dt * 1e9 / (double)cnt.insns,
	       (double)cnt.cycles / dt / 1e6);
	me_card_destroy(card);
	me_image_free(&img);
	return 0;
}

static int me_bench_fwd(uint64_t frames)
{
	static struct me_bench_frames f;
	struct me_card_config cfg;
	struct me_card *card;
	struct me_image img;
	struct me_stop_info st;
	struct me_counters cnt;
	char err[256], *errors = NULL;
	double t0, dt;

	if (xas_assemble_string("fwd", me_bench_fwd_src, NULL, &img, &errors)) {
		fprintf(stderr, "me-bench: %s", errors);
		return -1;
	}
	me_card_config_default(&cfg);
	cfg.n_me = 1;
	cfg.ops = &me_bench_ops;
	cfg.opaque = &f;
	f.left = frames;
	if (me_card_create(&cfg, &card, err, sizeof(err)) ||
	    me_card_load(card, &img, err, sizeof(err))) {
		fprintf(stderr, "me-bench: %s\n", err);
		return -1;
	}
	t0 = me_bench_now();
	if (me_card_run(card, UINT64_MAX, &st) != ME_STOP_IDLE || f.sent != frames) {
		fprintf(stderr, "me-bench: fwd stopped early: %s\n", st.msg);
		return -1;
	}
	dt = me_bench_now() - t0;
	me_card_counters(card, 0, &cnt);
	printf("fwd  %11llu insns %11llu cycles %7.3f s  %7.1f M insns/s  %6.2f ns/insn  "
	       "%7.2f M frames/s  %6.1f ns/frame  %5.1f cycles/frame\n",
	       (unsigned long long)cnt.insns, (unsigned long long)cnt.cycles, dt,
	       (double)cnt.insns / dt / 1e6, dt * 1e9 / (double)cnt.insns,
	       (double)frames / dt / 1e6, dt * 1e9 / (double)frames,
	       (double)cnt.cycles / (double)frames);
	me_card_destroy(card);
	me_image_free(&img);
	return 0;
}

int main(int argc, char **argv)
{
	/* Iterations per context; the default runs about a second each. */
	unsigned alu = 100000000, mem = 1000000, fwd = 5000000;

	if (argc > 1) {
		double scale = atof(argv[1]);

		if (scale <= 0) {
			fprintf(stderr, "usage: me-bench [scale]\n");
			return 2;
		}
		alu = (unsigned)(alu * scale);
		mem = (unsigned)(mem * scale);
		fwd = (unsigned)(fwd * scale);
	}
	if (alu < 1 || mem < 1 || fwd < 1)
		alu = mem = fwd = 1;
	if (me_bench_run(&me_bench_cases[0], alu) || me_bench_run(&me_bench_cases[1], mem) ||
	    me_bench_fwd(fwd))
		return 1;
	return 0;
}
