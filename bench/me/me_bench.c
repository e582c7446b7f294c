/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Emulator speed (docs/isa.md section 6): emulated instructions per second
 * and host nanoseconds per instruction for an ALU-bound loop (one context,
 * no commands) and a memory-bound loop (eight contexts, a read and an
 * atomic per iteration, so command issue, completion and context switches
 * dominate).
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

int main(int argc, char **argv)
{
	/* Iterations per context; the default runs about a second each. */
	unsigned alu = 100000000, mem = 1000000;

	if (argc > 1) {
		double scale = atof(argv[1]);

		if (scale <= 0) {
			fprintf(stderr, "usage: me-bench [scale]\n");
			return 2;
		}
		alu = (unsigned)(alu * scale);
		mem = (unsigned)(mem * scale);
	}
	if (alu < 1 || mem < 1)
		alu = mem = 1;
	if (me_bench_run(&me_bench_cases[0], alu) || me_bench_run(&me_bench_cases[1], mem))
		return 1;
	return 0;
}
