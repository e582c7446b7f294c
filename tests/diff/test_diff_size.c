// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Program size (docs/compiler.md, "Program size"): an XDP program of more
 * than 16,000 eBPF instructions, generated here and verified by the host
 * kernel, compiles, runs on a card whose instruction store holds its image
 * and agrees with the kernel on random frames; on a card one instruction
 * too small (and on the default card when the image is larger) it is
 * refused with the sizes and the store that would fit it.  Exits 77 where
 * BPF is not permitted; a host kernel that refuses the program is a SKIP
 * naming its release and error.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "diff_common.h"

#define DS_BLOCKS	1020	/* of 16 instructions: 16,320 and the prologue */
#define DS_MAX_INSNS	(16 * DS_BLOCKS + 32)
#define DS_MIN_INSNS	16000
#define DS_WINDOW	64	/* packet bytes the program reads and writes */
#define DS_PACKETS	6

struct ds_gen {
	u64 state;
	struct bpf_insn insns[DS_MAX_INSNS];
	u32 n;
};

static u32 ds_rand(struct ds_gen *g)
{
	g->state ^= g->state >> 12;
	g->state ^= g->state << 25;
	g->state ^= g->state >> 27;
	return (u32)((g->state * 0x2545f4914f6cdd1dull) >> 32);
}

static void ds_emit(struct ds_gen *g, u8 code, u8 dst, u8 src, s16 off, s32 imm)
{
	g->insns[g->n++] = (struct bpf_insn){ .code = code, .dst_reg = dst, .src_reg = src,
					      .off = off, .imm = imm };
}

static s16 ds_off(struct ds_gen *g, u32 size)
{
	return (s16)(ds_rand(g) % (DS_WINDOW - size + 1));
}

/*
 * One block, 16 instructions, of packet parsing's kind: two packet loads,
 * 32- and 64-bit arithmetic, a forward branch, two packet stores and an
 * accumulator (r7) that reaches the frame at the end.
 */
static void ds_block(struct ds_gen *g)
{
	ds_emit(g, BPF_LDX | BPF_MEM | BPF_W, 1, 9, ds_off(g, 4), 0);
	ds_emit(g, BPF_LDX | BPF_MEM | BPF_H, 2, 9, ds_off(g, 2), 0);
	ds_emit(g, BPF_ALU64 | BPF_ADD | BPF_X, 1, 2, 0, 0);
	ds_emit(g, BPF_ALU | BPF_XOR | BPF_K, 1, 0, 0, (s32)ds_rand(g));
	ds_emit(g, BPF_ALU64 | BPF_MOV | BPF_X, 3, 1, 0, 0);
	ds_emit(g, BPF_ALU64 | BPF_LSH | BPF_K, 3, 0, 0, (s32)(1 + ds_rand(g) % 31));
	ds_emit(g, BPF_ALU64 | BPF_RSH | BPF_K, 1, 0, 0, (s32)(1 + ds_rand(g) % 15));
	ds_emit(g, BPF_JMP | BPF_JGT | BPF_K, 1, 0, 2, (s32)(ds_rand(g) % 0x10000));
	ds_emit(g, BPF_ALU64 | BPF_ADD | BPF_K, 1, 0, 0, (s32)(ds_rand(g) % 1000));
	ds_emit(g, BPF_ALU | BPF_MUL | BPF_K, 2, 0, 0, (s32)(3 + ds_rand(g) % 100));
	ds_emit(g, BPF_ALU64 | BPF_OR | BPF_X, 3, 2, 0, 0);
	ds_emit(g, BPF_STX | BPF_MEM | BPF_W, 9, 1, ds_off(g, 4), 0);
	ds_emit(g, BPF_STX | BPF_MEM | BPF_H, 9, 2, ds_off(g, 2), 0);
	ds_emit(g, BPF_ALU64 | BPF_XOR | BPF_X, 7, 3, 0, 0);
	ds_emit(g, BPF_ALU64 | BPF_ADD | BPF_X, 7, 1, 0, 0);
	ds_emit(g, BPF_ALU | BPF_END | BPF_TO_BE, 7, 0, 0, 32);
}

/* r6 = ctx, r9 = data with DS_WINDOW bytes checked, the blocks, r7 stored. */
static void ds_generate(struct ds_gen *g)
{
	u32 i;

	g->n = 0;
	ds_emit(g, BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0);
	ds_emit(g, BPF_LDX | BPF_MEM | BPF_W, 9, 6, 0, 0);		/* data */
	ds_emit(g, BPF_LDX | BPF_MEM | BPF_W, 3, 6, 4, 0);		/* data_end */
	ds_emit(g, BPF_ALU64 | BPF_MOV | BPF_X, 2, 9, 0, 0);
	ds_emit(g, BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, DS_WINDOW);
	ds_emit(g, BPF_JMP | BPF_JLE | BPF_X, 2, 3, 2, 0);
	ds_emit(g, BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, XDP_PASS);
	ds_emit(g, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	ds_emit(g, BPF_LDX | BPF_MEM | BPF_DW, 7, 9, 0, 0);
	for (i = 0; i < DS_BLOCKS; i++)
		ds_block(g);
	ds_emit(g, BPF_STX | BPF_MEM | BPF_DW, 9, 7, 8, 0);
	ds_emit(g, BPF_ALU64 | BPF_MOV | BPF_X, 0, 7, 0, 0);
	ds_emit(g, BPF_ALU64 | BPF_AND | BPF_K, 0, 0, 0, 3);	/* ABORTED..TX */
	ds_emit(g, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

static struct ds_gen ds_gen = { .state = 0x9e3779b97f4a7c15ull };
static struct xnic_cc_obj ds_obj = { .prog_fd = -1 };
static struct xcc_prog *ds_prog;
static struct xcc_image_info ds_image;

/* Generated, loaded into the host kernel and compiled once for both tests. */
static int ds_setup(void)
{
	char why[256];

	ds_generate(&ds_gen);
	ds_obj.prog_fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "ds", "GPL", ds_gen.insns, ds_gen.n,
				       NULL);
	if (ds_obj.prog_fd < 0) {
		printf("SKIP: diff-size: host kernel %s refuses the %u-instruction program: %s\n",
		       xnic_cc_host_release(), ds_gen.n, strerror(errno));
		return 0;
	}
	ds_obj.insns = ds_gen.insns;
	ds_obj.n_insns = ds_gen.n;
	ds_prog = diff_compile(&ds_obj, why, sizeof(why));
	if (!ds_prog) {
		printf("diff-size: the compiler refuses the %u-instruction program: %s\n", ds_gen.n,
		       why);
		return -1;
	}
	if (xcc_prog_image(ds_prog, &ds_image))
		return -1;
	printf("diff-size: %u eBPF instructions, an image of %u card instructions\n", ds_gen.n,
	       ds_image.n_code);
	return 1;
}

START_TEST(test_diff_size_runs)
{
	static unsigned char pkts[DS_PACKETS][256];
	const unsigned char *pp[DS_PACKETS];
	size_t lens[DS_PACKETS];
	struct diff_report rep;
	int i, k;

	ck_assert_uint_ge(ds_gen.n, DS_MIN_INSNS);
	for (i = 0; i < DS_PACKETS; i++) {
		lens[i] = DS_WINDOW + ds_rand(&ds_gen) % 100;
		for (k = 0; k < (int)lens[i]; k++)
			pkts[i][k] = (unsigned char)ds_rand(&ds_gen);
		pp[i] = pkts[i];
	}
	/* exactly as large as the image: the store's last instruction is used */
	ck_assert_int_eq(diff_run_packets(&ds_obj, ds_prog, pp, lens, DS_PACKETS,
					  ds_image.n_code, &rep), 0);
	ck_assert_uint_eq(rep.packets, DS_PACKETS);
	ck_assert_msg(rep.agreed == rep.packets, "%s", rep.first_diff);
}
END_TEST

/* The refusal names the image's size, the store's, and the store that fits. */
static void ds_check_refusal(uint32_t istore, uint32_t holds)
{
	struct xnic_cc_card card;
	char needs[64], has[64], fits[64];

	ck_assert_int_eq(xnic_cc_card_open(&card, &ds_obj, ds_prog, istore), -E2BIG);
	snprintf(needs, sizeof(needs), "needs %u card instructions", ds_image.n_code);
	snprintf(has, sizeof(has), "instruction store holds %u", holds);
	snprintf(fits, sizeof(fits), "--me-istore %u (the xnic device's me-istore",
		 ds_image.n_code);
	ck_assert_msg(strstr(card.err, needs) && strstr(card.err, has) && strstr(card.err, fits),
		      "%s", card.err);
	ck_assert_ptr_null(card.card);
}

START_TEST(test_diff_size_refused)
{
	struct me_card_config def;

	me_card_config_default(&def);	/* 16384, as the xnic device's default */
	ds_check_refusal(ds_image.n_code - 1, ds_image.n_code - 1);
	if (ds_image.n_code > def.istore_size)
		ds_check_refusal(0, def.istore_size);
}
END_TEST

static Suite *make_diff_size_suite(void)
{
	Suite *s = suite_create("diff-size");
	TCase *tc = tcase_create("size");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_diff_size_runs);
	tcase_add_test(tc, test_diff_size_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed, ready;

	if (!diff_host_ready("diff-size"))
		return DIFF_SKIP;
	ready = ds_setup();
	if (ready <= 0)
		return ready ? 1 : DIFF_SKIP;
	sr = srunner_create(make_diff_size_suite());
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	xcc_prog_free(ds_prog);
	close(ds_obj.prog_fd);
	return failed ? 1 : 0;
}
