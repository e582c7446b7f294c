/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * me_card_replace_code() (docs/isa.md section 13): code of a loaded card
 * replaced between runs, memories and contexts kept, the words validated
 * as me_card_load validates them and refused without any change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "me_test.h"

/*
 * A firmware in miniature: every context takes a frame, calls `slot`,
 * sends the frame to the destination the slot returns in a0 and counts
 * it in imem 0x100.  The slot is the last code, as in docs/firmware.md.
 */
static const char patch_fw[] =
	"	.contexts 4\n"
	"main:	mov	a8, #0x100\n"
	"frame:	pkt_rx	$xr0, sig1, swap\n"
	"	call	a15, slot\n"
	"	mov	$xw0, $xr0\n"
	"	mov	$xw1, $xr1\n"
	"	mov	$xw2, a0\n"
	"	pkt_tx	$xw0, sig2, swap\n"
	"	mov	$xw8, #1\n"
	"	mem_add.imem $xw8, a8, #0, #4, sig3, swap\n"
	"	br	frame\n"
	"slot:	mov	a0, #1\n"
	"	ret	a15\n"
	"	.data	imem 0x100\n"
	"	.word	0\n";

static uint32_t patch_sym(const struct me_image *img, const char *name)
{
	for (unsigned i = 0; i < img->nsyms; i++)
		if (!strcmp(img->syms[i].name, name))
			return img->syms[i].value;
	ck_abort_msg("no symbol %s", name);
	return 0;
}

static void patch_frames(struct me_test_run *r, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		unsigned f = r->io.nframes++;

		memset(r->io.frame[f], f, 64);
		r->io.frame_len[f] = 64;
	}
}

static uint64_t patch_word(const char *line)
{
	struct me_image img;
	char src[128];
	uint64_t w;

	snprintf(src, sizeof(src), "\t.contexts 4\n%s\n", line);
	me_test_assemble(src, &img);
	ck_assert_uint_eq(img.ncode, 1);
	w = img.code[0];
	me_image_free(&img);
	return w;
}

static uint32_t patch_counter(struct me_test_run *r)
{
	uint32_t size, v;

	memcpy(&v, me_card_mem(r->card, ME_MEM_IMEM, 0, &size) + 0x100, 4);
	return v;
}

/* Frames before and after a replacement: new code, same memories. */
START_TEST(patch_keeps_state)
{
	struct me_test_run r = { 0 };
	uint64_t words[3];
	uint32_t slot, size;
	uint64_t cycles;
	char err[256];
	uint8_t *lm;

	me_test_load(&r, patch_fw, NULL);
	slot = patch_sym(&r.img, "slot");
	patch_frames(&r, 2);
	ck_assert_int_eq(me_card_run(r.card, 1 << 20, NULL), ME_STOP_IDLE);
	ck_assert_uint_eq(r.io.ntx, 2);
	ck_assert_uint_eq(r.io.tx_dest[1], 1);
	lm = me_card_mem(r.card, ME_MEM_LM, 0, &size);
	lm[0x200] = 0xab;
	cycles = me_card_cycles(r.card);
	/* One word longer than the old slot: the code grows. */
	words[0] = patch_word("mov a0, #7");
	words[1] = patch_word("mov a1, #8");
	words[2] = patch_word("ret a15");
	ck_assert_msg(me_card_replace_code(r.card, slot, words, 3, err,
					   sizeof(err)) == 0, "%s", err);
	patch_frames(&r, 2);
	ck_assert_int_eq(me_card_run(r.card, 1 << 20, NULL), ME_STOP_IDLE);
	ck_assert_uint_eq(r.io.ntx, 4);
	ck_assert_uint_eq(r.io.tx_dest[2], 7);
	ck_assert_uint_eq(r.io.tx_dest[3], 7);
	ck_assert_mem_eq(r.io.tx[3], r.io.frame[3], 64);
	ck_assert_uint_eq(patch_counter(&r), 4);
	ck_assert_uint_eq(lm[0x200], 0xab);
	ck_assert_uint_gt(me_card_cycles(r.card), cycles);
	/* Shorter again: the code ends at the new words. */
	words[0] = patch_word("mov a0, #3");
	words[1] = words[2];
	ck_assert_msg(me_card_replace_code(r.card, slot, words, 2, err,
					   sizeof(err)) == 0, "%s", err);
	patch_frames(&r, 1);
	ck_assert_int_eq(me_card_run(r.card, 1 << 20, NULL), ME_STOP_IDLE);
	ck_assert_uint_eq(r.io.tx_dest[4], 3);
	me_test_free(&r);
}
END_TEST

/* Branch targets inside the new code are accepted and taken. */
START_TEST(patch_branches)
{
	struct me_test_run r = { 0 };
	struct me_insn in = { .op = ME_OP_BR, .cond = ME_COND_AL };
	uint64_t words[3];
	uint32_t slot;
	char err[256];

	me_test_load(&r, patch_fw, NULL);
	slot = patch_sym(&r.img, "slot");
	in.imm = slot + 2;
	ck_assert_int_eq(me_encode(&in, &words[0], err, sizeof(err)), 0);
	words[1] = patch_word("halt");
	words[2] = patch_word("mov a0, #9");
	ck_assert_msg(me_card_replace_code(r.card, slot, words, 3, err,
					   sizeof(err)) == 0, "%s", err);
	words[0] = patch_word("ret a15");
	ck_assert_msg(me_card_replace_code(r.card, slot + 3, words, 1, err,
					   sizeof(err)) == 0, "%s", err);
	patch_frames(&r, 1);
	ck_assert_int_eq(me_card_run(r.card, 1 << 20, NULL), ME_STOP_IDLE);
	ck_assert_uint_eq(r.io.ntx, 1);
	ck_assert_uint_eq(r.io.tx_dest[0], 9);
	me_test_free(&r);
}
END_TEST

/* Refused words change nothing: the old slot still answers 1. */
static void patch_refused(struct me_test_run *r, uint32_t addr,
			  const uint64_t *words, uint32_t n, const char *why)
{
	char err[256] = "";

	ck_assert_int_eq(me_card_replace_code(r->card, addr, words, n, err,
					      sizeof(err)), -1);
	ck_assert_msg(strstr(err, why) != NULL, "\"%s\" lacks \"%s\"", err, why);
}

static void patch_still_old(struct me_test_run *r)
{
	unsigned n = r->io.ntx;

	patch_frames(r, 1);
	ck_assert_int_eq(me_card_run(r->card, 1 << 20, NULL), ME_STOP_IDLE);
	ck_assert_uint_eq(r->io.ntx, n + 1);
	ck_assert_uint_eq(r->io.tx_dest[n], 1);
}

START_TEST(patch_refusals)
{
	struct me_test_run r = { 0 };
	struct me_insn in = { .op = ME_OP_BR, .cond = ME_COND_AL };
	uint64_t words[2], add;
	uint32_t slot;
	char err[256];

	me_test_load(&r, patch_fw, NULL);
	slot = patch_sym(&r.img, "slot");
	ck_assert_int_eq(me_card_run(r.card, 1 << 20, NULL), ME_STOP_IDLE);
	words[1] = patch_word("ret a15");
	words[0] = ~0ull;
	patch_refused(&r, slot, words, 2, "instruction 10 (0xffffffffffffffff)");
	/* add a0, a1, b2 with B turned into a2: both sources in bank A */
	add = patch_word("add a0, a1, b2");
	words[0] = add ^ ((uint64_t)(0x42 ^ 0x22) << 32);
	patch_refused(&r, slot, words, 2, "bank rule");
	in.imm = slot + 2;		/* one past the new end */
	ck_assert_int_eq(me_encode(&in, &words[0], err, sizeof(err)), 0);
	patch_refused(&r, slot, words, 2, "br target 12 outside the code [0, 12)");
	patch_refused(&r, slot, words, 0, "no words");
	patch_refused(&r, slot + 3, words, 1, "does not start inside");
	patch_refused(&r, slot, words, 16384, "instruction store holds 16384");
	/* main's `br frame` and `call slot` must keep their targets */
	words[0] = patch_word("halt");
	patch_refused(&r, 3, words, 1,
		      "instruction 2: call target 10 outside the new code [0, 4)");
	patch_still_old(&r);
	me_test_free(&r);
}
END_TEST

/* 8-context mode has 16 GPRs per bank: a20 is refused there. */
START_TEST(patch_contexts_mode)
{
	struct me_test_run r = { 0 };
	char src[sizeof(patch_fw)];
	uint64_t words[2];
	uint32_t slot;

	memcpy(src, patch_fw, sizeof(src));
	memcpy(strstr(src, ".contexts 4"), ".contexts 8", 11);
	me_test_load(&r, src, NULL);
	slot = patch_sym(&r.img, "slot");
	words[0] = patch_word("mov a20, #1");
	words[1] = patch_word("ret a15");
	patch_refused(&r, slot, words, 2, "register 20 out of range (limit 16)");
	patch_still_old(&r);
	me_test_free(&r);
}
END_TEST

/* A context still inside the code to replace refuses the replacement. */
START_TEST(patch_busy_context)
{
	struct me_test_run r = { 0 };
	uint64_t words[2];
	uint32_t slot;
	char err[256];
	struct me_card *card;
	struct me_card_config cfg;

	me_test_load(&r, patch_fw, NULL);
	slot = patch_sym(&r.img, "slot");
	/* The slot waits on a signal nothing sends: the context stays there. */
	words[0] = patch_word("ctx_wait sig9");
	words[1] = patch_word("ret a15");
	ck_assert_int_eq(me_card_replace_code(r.card, slot, words, 2, err,
					      sizeof(err)), 0);
	patch_frames(&r, 1);
	ck_assert_int_eq(me_card_run(r.card, 1 << 20, NULL), ME_STOP_IDLE);
	patch_refused(&r, slot, words, 2, "inside the code being replaced");
	me_test_free(&r);
	/* And a card without an image has nothing to replace. */
	me_test_config(&cfg);
	ck_assert_int_eq(me_card_create(&cfg, &card, err, sizeof(err)), 0);
	ck_assert_int_eq(me_card_replace_code(card, 0, words, 1, err,
					      sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "no image loaded"));
	me_card_destroy(card);
}
END_TEST

/* From inside a run (an I/O hook) the code cannot change under the loop. */
static struct me_card *patch_hook_card;
static int patch_hook_rc;

static int patch_hook_tx(void *opaque, unsigned me, unsigned ctx,
			 uint32_t dest, const uint8_t *data, uint32_t len)
{
	uint64_t w = patch_word("ret a15");
	char err[128];

	patch_hook_rc = me_card_replace_code(patch_hook_card, 0, &w, 1, err,
					     sizeof(err));
	ck_assert_ptr_nonnull(strstr(err, "the card is running"));
	return 0;
}

START_TEST(patch_from_hook)
{
	struct me_test_run r = { 0 };
	struct me_io_ops ops = me_test_ops;
	struct me_card_config cfg;

	ops.tx = patch_hook_tx;
	me_test_config(&cfg);
	cfg.ops = &ops;
	me_test_load(&r, patch_fw, &cfg);
	patch_hook_card = r.card;
	patch_hook_rc = 1;
	patch_frames(&r, 1);
	ck_assert_int_eq(me_card_run(r.card, 1 << 20, NULL), ME_STOP_IDLE);
	ck_assert_int_eq(patch_hook_rc, -1);
	me_test_free(&r);
}
END_TEST

Suite *make_me_patch_suite(void);

Suite *make_me_patch_suite(void)
{
	Suite *s = suite_create("me-patch");
	TCase *tc = tcase_create("patch");

	tcase_add_test(tc, patch_keeps_state);
	tcase_add_test(tc, patch_branches);
	tcase_add_test(tc, patch_refusals);
	tcase_add_test(tc, patch_contexts_mode);
	tcase_add_test(tc, patch_busy_context);
	tcase_add_test(tc, patch_from_hook);
	suite_add_tcase(s, tc);
	return s;
}
