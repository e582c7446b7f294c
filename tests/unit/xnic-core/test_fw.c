// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic ME card and firmware (docs/firmware.md): loading through the
 * mailbox, frames through the firmware to the rings, verdicts of a
 * program linked into the XDP slot, refused images, the watchdog; eBPF
 * programs compiled by the offload compiler and installed with PROG_LOAD
 * ("Installing a program"); the verdict recorder's records of them
 * (docs/verdicts.md, docs/device.md "Verdict recorder").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_fake.h"
#include "me/me.h"
#include "me_encode.h"
#include "xnic_fake_cc.h"
#include "xnic/verdict.h"
#include "xnic/card.h"
#include "xnic/helpers.h"
#include "xnic/maps.h"
#include <linux/bpf.h>


Suite *make_fw_suite(void);

/* XDP actions, as prog-verdict.s reads them from the frame */
#define ACT_ABORTED	0
#define ACT_DROP	1
#define ACT_PASS	2
#define ACT_TX		3
#define ACT_REDIRECT	4

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void enable_rx(void)
{
	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_ENABLE);
	xnic_fake_ring(0, XNIC_Q_RX_BASE_LO, XNIC_FAKE_RX_RING, 64);
}

static void fw_setup(void)
{
	xnic_fake_setup();
	enable_rx();
}

static void post_rx(uint32_t count)
{
	uint32_t i;

	for (i = 0; i < count; i++)
		xnic_fake_desc(XNIC_FAKE_RX_RING, i, xnic_fake_buf(i), 0x2400);
	xnic_fake_qwr(0, XNIC_Q_RX_TAIL, count);
}

/* A frame whose bytes 14 and 15 tell prog-verdict.s what to do. */
static void receive_verdict(uint8_t action, uint8_t ifindex, size_t len)
{
	uint8_t frame[512];

	ck_assert_uint_le(len, sizeof(frame));
	xnic_fake_frame(frame, len, bcast, action);
	frame[14] = action;
	frame[15] = ifindex;
	xnic_core_receive(&xnic_fake->core, frame, len);
}

/* Low 32 bits of an RX descriptor's addr field: the seq write-back. */
static uint32_t desc_seq(uint32_t idx)
{
	return xnic_fake_desc16(XNIC_FAKE_RX_RING, idx, XNIC_DESC_SEQ) |
	       (uint32_t)xnic_fake_desc16(XNIC_FAKE_RX_RING, idx,
					  XNIC_DESC_SEQ + 2) << 16;
}

static uint64_t fw_counter(unsigned int n)
{
	uint32_t lo = xnic_fake_rd(XNIC_REG_FW_STATS + 8 * n);

	return lo | (uint64_t)xnic_fake_rd(XNIC_REG_FW_STATS + 8 * n + 4) << 32;
}

static void parse_file(const char *path, struct me_image *img)
{
	char err[200];

	ck_assert_msg(me_image_load_file(path, img, err, sizeof(err)) == 0,
		      "%s: %s", path, err);
}

static uint32_t sym_value(const struct me_image *img, const char *name)
{
	unsigned int i;

	for (i = 0; i < img->nsyms; i++)
		if (!strcmp(img->syms[i].name, name))
			return img->syms[i].value;
	ck_abort_msg("no symbol %s", name);
	return 0;
}

/*
 * Links a program into the firmware's image at its XDP slot, for FW_LOAD
 * (docs/firmware.md "Installing a program", last paragraph): its code
 * replaces the firmware's from the slot on, with branch and call targets
 * moved by the slot's index.
 */
static void link_program(struct me_image *fw, const char *prog_path)
{
	uint32_t slot = sym_value(fw, "xdp_slot");
	struct me_image prog;
	char err[200];
	uint32_t i;

	parse_file(prog_path, &prog);
	fw->code = realloc(fw->code, (slot + prog.ncode) * sizeof(*fw->code));
	ck_assert_ptr_nonnull(fw->code);
	for (i = 0; i < prog.ncode; i++) {
		struct me_insn in;
		enum me_format f;

		ck_assert_msg(me_decode(prog.code[i], &in, err, sizeof(err)) == 0,
			      "%s", err);
		f = me_opinfo(in.op)->format;
		if (me_format_has_target(f))
			in.imm += slot;
		ck_assert_msg(me_encode(&in, &fw->code[slot + i], err,
					sizeof(err)) == 0, "%s", err);
	}
	fw->ncode = slot + prog.ncode;
	me_image_free(&prog);
}

static void load_image(const struct me_image *img, uint32_t expect)
{
	uint8_t *buf;
	size_t len;
	char err[200];

	ck_assert_msg(me_image_write(img, &buf, &len, err, sizeof(err)) == 0,
		      "%s", err);
	ck_assert_uint_eq(xnic_fake_load(buf, len), expect);
	free(buf);
}

static void load_with_program(const char *name)
{
	struct me_image fw;
	char path[512];

	parse_file(XNIC_FW_IMG, &fw);
	snprintf(path, sizeof(path), "%s/%s", XNIC_TEST_PROGS, name);
	link_program(&fw, path);
	load_image(&fw, XNIC_MBOX_DONE);
	me_image_free(&fw);
}

START_TEST(test_no_firmware_drops)
{
	post_rx(4);
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_NONE);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_RX_NO_FW), 1);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_WIRE_RX_FRAMES), 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 0);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_STATUS), 0);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_PASS), 0);
}
END_TEST

START_TEST(test_firmware_passes_to_rings)
{
	uint8_t expect[300];
	unsigned int i;

	xnic_fake_load_fw();
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_RUNNING);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_ABI),
			  XNIC_FW_ABI_MAJOR << 16 | XNIC_FW_ABI_MINOR);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_VERSION), 0x010100);
	post_rx(8);
	for (i = 0; i < 8; i++)
		receive_verdict(i, 0, 60 + 30 * i);
	for (i = 0; i < 8; i++) {
		xnic_fake_frame(expect, 60 + 30 * i, bcast, i);
		expect[14] = i;
		expect[15] = 0;
		ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, i,
						   XNIC_DESC_PKT_LEN), 60 + 30 * i);
		ck_assert_mem_eq(xnic_fake_mem(xnic_fake_buf(i), 60 + 30 * i),
				 expect, 60 + 30 * i);
	}
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 8);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_PASS), 8);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_DROP), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_RX_NO_FW), 0);
	ck_assert_uint_gt(xnic_fake_rd(XNIC_REG_FW_CYCLES_LO), 0);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

static uint32_t caps_word(uint32_t off)
{
	return xnic_fake_rd(XNIC_REG_MBOX_DATA + off);
}

START_TEST(test_capabilities)
{
	struct me_image fw;

	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_FW_CAPS);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_STATUS), XNIC_MBOX_DONE);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_LEN), XNIC_CAPS_BLOCK_SIZE);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_N_ME), 4);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_ISTORE), 16384);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_FW_ABI), 0);
	xnic_fake_load_fw();
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_FW_CAPS);
	parse_file(XNIC_FW_IMG, &fw);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_SIZE_BYTES), XNIC_CAPS_BLOCK_SIZE);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_MAX_CONTEXTS), 8);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_CONTEXTS), 4);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_LM_SIZE), 16384);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_EMEM_SIZE), 16 << 20);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_PKT_BUF_SIZE), XNIC_CARD_PKT_BUF);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_FW_ABI), 0x10001);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_PROG_BASE), sym_value(&fw, "xdp_slot"));
	ck_assert_uint_eq(caps_word(XNIC_CAPS_PROG_MAX),
			  16384 - sym_value(&fw, "xdp_slot"));
	ck_assert_uint_eq(caps_word(XNIC_CAPS_STACK_SIZE), 2048);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_EMEM_MAPS), 0x1000);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_EMEM_MAPS_SIZE), (16 << 20) - 0x1000);
	/* hash (1), array (2), per-CPU hash (5), per-CPU array (6), LRU hash (9),
	 * LRU per-CPU hash (10), LPM trie (11) */
	ck_assert_uint_eq(caps_word(XNIC_CAPS_MAP_TYPES), 0xe66);
	/* map_lookup_elem (1) and xdp_adjust_head (44), not probe_read (4) */
	ck_assert(caps_word(XNIC_CAPS_HELPERS) & 1u << 1);
	ck_assert(caps_word(XNIC_CAPS_HELPERS + 4) & 1u << (44 - 32));
	ck_assert(!(caps_word(XNIC_CAPS_HELPERS) & 1u << 4));
	me_image_free(&fw);
}
END_TEST

/*
 * The capability block the card reports for the shipped firmware is the one
 * include/xnic/helpers.h and maps.h describe: the firmware's bitmaps are
 * generated from them, and this fails if the generation or the info block
 * the card reads them from drifts.
 */
START_TEST(test_capabilities_match_headers)
{
	uint32_t helpers[XNIC_CAPS_HELPER_WORDS] = { 0 }, map_types = 0;
	unsigned int i;

#define TEST_HELPER(n, args, ret, moves_pkt) \
	helpers[BPF_FUNC_##n / 32] |= 1u << (BPF_FUNC_##n % 32);
	XNIC_HELPERS(TEST_HELPER)
#undef TEST_HELPER
#define TEST_MAP_TYPE(t)	map_types |= 1u << BPF_MAP_TYPE_##t;
	XNIC_MAP_TYPES(TEST_MAP_TYPE)
#undef TEST_MAP_TYPE
	xnic_fake_load_fw();
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_FW_CAPS);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_STATUS), XNIC_MBOX_DONE);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_MAP_TYPES), map_types);
	for (i = 0; i < XNIC_CAPS_HELPER_WORDS; i++)
		ck_assert_uint_eq(caps_word(XNIC_CAPS_HELPERS + 4 * i), helpers[i]);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_STACK_SIZE), XNIC_STACK_SIZE);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_EMEM_MAPS), XNIC_EMEM_MAPS);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_FW_ABI),
			  XNIC_FW_ABI_MAJOR << 16 | XNIC_FW_ABI_MINOR);
}
END_TEST

START_TEST(test_verdicts)
{
	load_with_program("prog-verdict.img");
	post_rx(8);
	receive_verdict(ACT_PASS, 0, 100);		/* to the ring */
	receive_verdict(ACT_DROP, 0, 100);
	receive_verdict(ACT_ABORTED, 0, 100);
	receive_verdict(9, 0, 100);			/* unknown */
	receive_verdict(ACT_TX, 0, 120);
	ck_assert_uint_eq(xnic_fake->tx_count, 1);
	ck_assert_uint_eq(xnic_fake->tx_len, 120);
	ck_assert_uint_eq(xnic_fake->tx_frame[14], ACT_TX);
	receive_verdict(ACT_REDIRECT, 1, 130);		/* ifindex of port 0 */
	ck_assert_uint_eq(xnic_fake->tx_count, 2);
	ck_assert_uint_eq(xnic_fake->tx_len, 130);
	receive_verdict(ACT_REDIRECT, 7, 140);		/* another device */
	ck_assert_uint_eq(xnic_fake->tx_count, 2);
	/* Wire sequence numbers travel with the frames through the card. */
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(desc_seq(0), 0);
	ck_assert_uint_eq(desc_seq(1), 7);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 2);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_WIRE_TX_FRAMES), 2);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_PASS), 2);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_DROP), 1);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_ABORTED), 1);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_UNKNOWN), 1);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_TX), 1);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_REDIRECT), 1);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_REDIRECT_OTHER), 1);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_TX_ERROR), 0);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

/*
 * A frame the firmware transmits comes back in over the looped wire while
 * the card runs (the card's tx hook calls the MAC): it enters the FIFO
 * during the run, and a context parked in pkt_rx takes it at once, as the
 * next context to ask would take any frame, not the transmitting one when
 * it asks again after its verdict (ctx_seq: the frame each context took).
 */
START_TEST(test_looped_frame_taken_in_run)
{
	struct xnic_core *core = &xnic_fake->core;
	unsigned int i, took_first = 0, took_looped = 0;

	load_with_program("prog-verdict.img");
	post_rx(8);
	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_ENABLE | XNIC_CTRL_LOOPBACK);
	xnic_fake->loop_in = 1;
	memset(core->ctx_seq, 0xff, core->ctx_slots * sizeof(*core->ctx_seq));
	receive_verdict(ACT_TX, 0, 120);
	ck_assert_uint_eq(xnic_fake->loop_count, 2);
	ck_assert_uint_eq(core->fifo_count, 0);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_TX), 2);
	for (i = 0; i < core->ctx_slots; i++) {
		took_first += core->ctx_seq[i] == 0;
		took_looped += core->ctx_seq[i] == 1;
	}
	ck_assert_uint_eq(took_first, 1);
	ck_assert_uint_eq(took_looped, 1);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

static void check_refused(const char *why)
{
	char msg[256];
	unsigned int i;

	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_STATUS), XNIC_MBOX_ERROR);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_NONE);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_BAD_FW);
	for (i = 0; i < sizeof(msg); i += 4) {
		uint32_t w = xnic_fake_rd(XNIC_REG_MBOX_DATA + i);

		memcpy(msg + i, &w, 4);
	}
	msg[sizeof(msg) - 1] = 0;
	ck_assert_msg(strstr(msg, why) != NULL, "message \"%s\" lacks \"%s\"",
		      msg, why);
}

START_TEST(test_bad_images_refused)
{
	size_t len;
	uint8_t *img = xnic_fake_fw_image(&len);
	struct me_image fw;
	uint32_t *info;

	xnic_fake_load(img, len - 9);
	check_refused("");
	/* Loading again after a refusal starts from no firmware either way. */
	xnic_fake_load_fw();
	memset(img, 0x5a, 64);
	xnic_fake_load(img, len);
	check_refused("magic");
	xnic_fake_wr(XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_LEN, XNIC_FW_MAX_SIZE + 1);
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_FW_LOAD);
	check_refused("image length");
	xnic_fake_wr(XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_ADDR_HI, 0xffffffff);
	xnic_fake_wr(XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_LEN, 64);
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_FW_LOAD);
	check_refused("unreadable");
	xnic_fake_wr(XNIC_REG_MBOX_LEN, 4);
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_FW_LOAD);
	check_refused("request of 4 bytes");
	/* A well-formed image whose info block names another ABI major. */
	parse_file(XNIC_FW_IMG, &fw);
	info = (uint32_t *)fw.data[0].bytes;
	ck_assert_uint_eq(fw.data[0].sect, ME_SECT_IMEM);
	info[1] = 2 << 16;
	load_image(&fw, XNIC_MBOX_ERROR);
	check_refused("ABI");
	me_image_free(&fw);
	free(img);
}
END_TEST

START_TEST(test_watchdog_stops_firmware)
{
	struct me_image fw;

	parse_file(XNIC_FW_IMG, &fw);
	load_with_program("prog-loop.img");
	post_rx(4);
	xnic_fake_wr(XNIC_REG_MISC_CAUSE, ~0u);
	receive_verdict(ACT_PASS, 0, 100);
	xnic_fake_run_card();
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_STOPPED);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STOP) & 0xff,
			  XNIC_FW_STOP_WATCHDOG);
	ck_assert_uint_ge(xnic_fake_rd(XNIC_REG_FW_STOP_PC),
			  sym_value(&fw, "xdp_slot"));
	me_image_free(&fw);
	ck_assert(xnic_fake_rd(XNIC_REG_MISC_CAUSE) & XNIC_MISC_FW);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_BAD_FW);
	/* Stopped firmware passes nothing; a reset and a load recover. */
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_RX_NO_FW), 1);
	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_RESET);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_NONE);
	xnic_fake_load_fw();
	enable_rx();
	post_rx(4);
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 1);
}
END_TEST

/*
 * One ME of 4 contexts, a program as slow as byte 14 says: 4 slow frames
 * hold every context for about 100M cycles while runs of 2^20 cycles each
 * go by, 64 quick ones fill the FIFO, then the backend must hold frames
 * back.  Budget-bound runs drain the FIFO, the card asks for frames again
 * and every frame reaches the ring.
 */
START_TEST(test_fifo_backpressure)
{
	struct xnic_card_config card;
	unsigned int i, sent, ready;

	xnic_fake_teardown();
	xnic_card_config_default(&card);
	card.n_me = 1;
	card.max_contexts = 4;
	card.watchdog_cycles = 0;
	xnic_fake_setup_card(&card);
	load_with_program("prog-slow.img");
	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_ENABLE);
	xnic_fake_ring(0, XNIC_Q_RX_BASE_LO, XNIC_FAKE_RX_RING, 128);
	for (i = 0; i < 100; i++)
		xnic_fake_desc(XNIC_FAKE_RX_RING, i, xnic_fake_buf(i % 64), 0x2400);
	xnic_fake_qwr(0, XNIC_Q_RX_TAIL, 100);
	for (sent = 0; sent < 4; sent++)
		receive_verdict(8, 0, 64);
	while (sent < 100 && xnic_core_can_receive(&xnic_fake->core)) {
		receive_verdict(0, 0, 64);
		sent++;
	}
	ck_assert_uint_eq(sent, 4 + XNIC_CARD_FIFO_DEPTH);
	ck_assert_uint_gt(xnic_fake->card_kicks, 0);
	ready = xnic_fake->rx_ready;
	xnic_fake_run_card();
	ck_assert_uint_gt(xnic_fake->rx_ready, ready);
	ck_assert(xnic_core_can_receive(&xnic_fake->core));
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), sent);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_PASS), sent);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

/* A card that cannot be built is refused with the reason (QEMU realize). */
static void check_card_refused(const struct xnic_card_config *card,
			       const char *why)
{
	struct xnic_core *core = calloc(1, sizeof(*core));
	char err[200] = "";

	ck_assert_ptr_nonnull(core);
	ck_assert_int_eq(xnic_core_init(core, NULL, NULL, 1, xnic_fake_mac, true,
					card, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, why) != NULL, "\"%s\" lacks \"%s\"", err, why);
	free(core);
}

START_TEST(test_card_config_refused)
{
	struct xnic_card_config card;

	xnic_card_config_default(&card);
	card.pkt_size = 64 * 1024;
	check_card_refused(&card, "cannot hold 4 x 8 buffers");
	xnic_card_config_default(&card);
	card.max_contexts = 6;
	check_card_refused(&card, "4 or 8");
	xnic_card_config_default(&card);
	card.lm_size = 1000;
	check_card_refused(&card, "power of two");
	xnic_card_config_default(&card);
	card.n_me = 65;
	check_card_refused(&card, "n_me 65");
}
END_TEST

/* ---- programs installed with PROG_LOAD ("Installing a program") ---- */

/* Where tests put program code in the fake guest memory. */
#define PROG_ADDR	(XNIC_FAKE_FW + 0x80000)

#define I(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV_IMM(d, i)	I(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV_REG(d, s)	I(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD_IMM(d, i)	I(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define LDX(sz, d, s, o)	I(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define STX(sz, d, s, o)	I(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define JGT_REG(d, s, o)	I(BPF_JMP | BPF_JGT | BPF_X, d, s, o, 0)
#define JEQ_IMM(d, i, o)	I(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define JNE_IMM(d, i, o)	I(BPF_JMP | BPF_JNE | BPF_K, d, 0, o, i)
#define CALL(f)		I(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define LD_IMM64(d, s, v)	I(BPF_LD | BPF_DW | BPF_IMM, d, s, 0, (uint32_t)(v)), \
				I(0, 0, 0, 0, (uint32_t)((uint64_t)(v) >> 32))
#define EXIT()		I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* XDP action from the frame's byte 14; byte 15 marked 0xab on the way. */
static const struct bpf_insn p_verdict[] = {
	LDX(BPF_W, 2, 1, 0), LDX(BPF_W, 3, 1, 4),
	MOV_REG(4, 2), ADD_IMM(4, 16), JGT_REG(4, 3, 4),
	LDX(BPF_B, 0, 2, 14), MOV_IMM(5, 0xab), STX(BPF_B, 2, 5, 15), EXIT(),
	MOV_IMM(0, XDP_DROP), EXIT(),
};

static const struct bpf_insn p_drop[] = { MOV_IMM(0, XDP_DROP), EXIT() };

/* bpf_redirect(ctx->ingress_ifindex, 0): back out of the port. */
static const struct bpf_insn p_redirect[] = {
	LDX(BPF_W, 1, 1, 12), MOV_IMM(2, 0), CALL(BPF_FUNC_redirect), EXIT(),
};

/* ingress_ifindex and rx_queue_index into bytes 14..21, PASS. */
static const struct bpf_insn p_ctx[] = {
	LDX(BPF_W, 2, 1, 0), LDX(BPF_W, 3, 1, 4),
	LDX(BPF_W, 4, 1, 12), LDX(BPF_W, 5, 1, 16),
	MOV_REG(6, 2), ADD_IMM(6, 22), JGT_REG(6, 3, 4),
	STX(BPF_W, 2, 4, 14), STX(BPF_W, 2, 5, 18),
	MOV_IMM(0, XDP_PASS), EXIT(),
	MOV_IMM(0, XDP_DROP), EXIT(),
};

/* bpf_check_mtu(ctx, 0, &mtu, 0, 0): the MTU into bytes 14..17, its result 18..21, PASS. */
static const struct bpf_insn p_check_mtu[] = {
	MOV_REG(6, 1), MOV_IMM(2, 0), STX(BPF_W, 10, 2, -4),
	MOV_REG(3, 10), ADD_IMM(3, -4), MOV_IMM(4, 0), MOV_IMM(5, 0),
	CALL(BPF_FUNC_check_mtu),
	LDX(BPF_W, 2, 6, 0), LDX(BPF_W, 3, 6, 4),
	MOV_REG(4, 2), ADD_IMM(4, 22), JGT_REG(4, 3, 4),
	LDX(BPF_W, 5, 10, -4), STX(BPF_W, 2, 5, 14), STX(BPF_W, 2, 0, 18),
	MOV_IMM(0, XDP_PASS), EXIT(),
	MOV_IMM(0, XDP_DROP), EXIT(),
};

/*
 * bpf_perf_event_output(ctx, map 0, BPF_F_CURRENT_CPU with 4 frame bytes,
 * 8 stack bytes), its result into bytes 14..17, PASS.
 */
static const struct bpf_insn p_perf_host[] = {
	MOV_REG(6, 1), MOV_IMM(2, 0x11223344), STX(BPF_W, 10, 2, -8),
	MOV_IMM(2, 0x55667788), STX(BPF_W, 10, 2, -4),
	MOV_REG(1, 6), LD_IMM64(2, BPF_PSEUDO_MAP_FD, 0),
	LD_IMM64(3, 0, 4ull << 32 | BPF_F_CURRENT_CPU),
	MOV_REG(4, 10), ADD_IMM(4, -8), MOV_IMM(5, 8),
	CALL(BPF_FUNC_perf_event_output),
	LDX(BPF_W, 2, 6, 0), LDX(BPF_W, 3, 6, 4),
	MOV_REG(4, 2), ADD_IMM(4, 18), JGT_REG(4, 3, 1),
	STX(BPF_W, 2, 0, 14),
	MOV_IMM(0, XDP_PASS), EXIT(),
};

/* get_prandom_u32() into bytes 14..17, PASS. */
static const struct bpf_insn p_prandom[] = {
	MOV_REG(6, 1), CALL(BPF_FUNC_get_prandom_u32),
	LDX(BPF_W, 2, 6, 0), LDX(BPF_W, 3, 6, 4),
	MOV_REG(4, 2), ADD_IMM(4, 18), JGT_REG(4, 3, 3),
	STX(BPF_W, 2, 0, 14), MOV_IMM(0, XDP_PASS), EXIT(),
	MOV_IMM(0, XDP_DROP), EXIT(),
};

/*
 * The buffer geometry of a 100-byte frame (xcc_card.h): the head may grow
 * by 256 - 40 bytes (xdp_frame), not one more; the tail up to the buffer
 * end less 320 bytes.  Then: Ethernet header cut, 8 zero bytes added.
 */
static const struct bpf_insn p_adjust[] = {
	MOV_REG(6, 1),
	MOV_IMM(2, -217), CALL(BPF_FUNC_xdp_adjust_head), JEQ_IMM(0, 0, 18),
	MOV_REG(1, 6), MOV_IMM(2, -216), CALL(BPF_FUNC_xdp_adjust_head),
	JNE_IMM(0, 0, 14),
	MOV_REG(1, 6), MOV_IMM(2, 216 + 14), CALL(BPF_FUNC_xdp_adjust_head),
	JNE_IMM(0, 0, 10),
	MOV_REG(1, 6), MOV_IMM(2, XNIC_CARD_PKT_BUF - 320 - 256 - 100 + 1),
	CALL(BPF_FUNC_xdp_adjust_tail), JEQ_IMM(0, 0, 6),
	MOV_REG(1, 6), MOV_IMM(2, 8), CALL(BPF_FUNC_xdp_adjust_tail),
	JNE_IMM(0, 0, 2),
	MOV_IMM(0, XDP_PASS), EXIT(),
	MOV_IMM(0, XDP_DROP), EXIT(),
};

/* Code words at PROG_ADDR as the driver's DMA buffer holds them. */
static uint32_t prog_load(const uint64_t *code, uint32_t words, uint32_t entry)
{
	return xnic_fake_prog_load(PROG_ADDR, code, words, entry);
}

/* Compiles insns using maps with the offload compiler and installs xdp_main. */
static uint32_t prog_compile_load_maps(const struct bpf_insn *insns, uint32_t n,
				       const struct xcc_map_desc *maps, uint32_t n_maps)
{
	struct xcc_env env = xnic_fake_cc_env;
	struct xcc_options opts = { 0 };
	struct xcc_image_info info;
	struct xcc_prog *prog = xcc_prog_new(&env, insns, n, maps, n_maps);
	uint32_t status;

	ck_assert_ptr_nonnull(prog);
	ck_assert_msg(xcc_compile(prog, &opts) == 0, "%s", xcc_prog_error(prog));
	ck_assert_int_eq(xcc_prog_image(prog, &info), 0);
	status = prog_load(info.code, info.n_code, info.entry_main);
	xcc_prog_free(prog);
	return status;
}

static uint32_t prog_compile_load(const struct bpf_insn *insns, uint32_t n)
{
	return prog_compile_load_maps(insns, n, NULL, 0);
}

#define PROG_INSTALL(insns) \
	ck_assert_uint_eq(prog_compile_load(insns, sizeof(insns) / sizeof(insns[0])), \
			  XNIC_MBOX_DONE)

static uint32_t prog_unload(void)
{
	xnic_fake_wr(XNIC_REG_MBOX_LEN, 0);
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_PROG_UNLOAD);
	return xnic_fake_rd(XNIC_REG_MBOX_STATUS);
}

/* An assembled test program (code from address 0), installed as is. */
static uint32_t prog_load_file(const char *name)
{
	struct me_image img;
	char path[512];
	uint32_t status;

	snprintf(path, sizeof(path), "%s/%s", XNIC_TEST_PROGS, name);
	parse_file(path, &img);
	status = prog_load(img.code, img.ncode, img.entry);
	me_image_free(&img);
	return status;
}

/* Ring slot idx holds the frame sent with action and seed, changed by f. */
static const uint8_t *ring_frame(uint32_t idx, uint32_t len)
{
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, idx,
					   XNIC_DESC_PKT_LEN), len);
	return xnic_fake_mem(xnic_fake_buf(idx), len);
}

static void read_mbox_msg(char *msg, size_t size)
{
	unsigned int i;

	for (i = 0; i < size; i += 4) {
		uint32_t w = xnic_fake_rd(XNIC_REG_MBOX_DATA + i);

		memcpy(msg + i, &w, 4);
	}
	msg[size - 1] = 0;
}

/* A refused PROG_LOAD/UNLOAD: firmware state as it was, reason given. */
static void check_prog_refused(const char *why)
{
	char msg[256];

	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_STATUS), XNIC_MBOX_ERROR);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_BAD_FW);
	read_mbox_msg(msg, sizeof(msg));
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_LEN), strlen(msg) + 1);
	ck_assert_msg(strstr(msg, why) != NULL, "message \"%s\" lacks \"%s\"",
		      msg, why);
}

static uint64_t enc(struct me_insn in)
{
	char err[160];
	uint64_t w;

	ck_assert_msg(me_encode(&in, &w, err, sizeof(err)) == 0, "%s", err);
	return w;
}

static uint64_t enc_ret(void)
{
	return enc((struct me_insn){ .op = ME_OP_RET, .srca = me_gpr_a(15) });
}

static uint64_t enc_br(uint16_t target)
{
	return enc((struct me_insn){ .op = ME_OP_BR, .cond = ME_COND_AL,
				     .imm = target });
}

static uint32_t mem_u32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t fw_cap(uint32_t off)
{
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_FW_CAPS);
	return caps_word(off);
}

START_TEST(test_prog_verdicts)
{
	uint8_t expect[256];

	xnic_fake_load_fw();
	post_rx(8);
	PROG_INSTALL(p_verdict);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
	receive_verdict(ACT_PASS, 0, 100);
	receive_verdict(ACT_DROP, 0, 100);
	receive_verdict(ACT_ABORTED, 0, 100);
	receive_verdict(9, 0, 100);
	receive_verdict(ACT_TX, 0, 120);
	ck_assert_uint_eq(xnic_fake->tx_count, 1);
	ck_assert_uint_eq(xnic_fake->tx_len, 120);
	xnic_fake_frame(expect, 120, bcast, ACT_TX);
	expect[14] = ACT_TX;
	expect[15] = 0xab;
	ck_assert_mem_eq(xnic_fake->tx_frame, expect, 120);
	receive_verdict(ACT_REDIRECT, 0, 130);	/* no bpf_redirect: ifindex 0 */
	xnic_fake_frame(expect, 100, bcast, ACT_PASS);
	expect[14] = ACT_PASS;
	expect[15] = 0xab;
	ck_assert_mem_eq(ring_frame(0, 100), expect, 100);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 1);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_PASS), 1);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_DROP), 1);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_ABORTED), 1);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_UNKNOWN), 1);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_TX), 1);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_REDIRECT_OTHER), 1);
	/* bpf_redirect to the ingress ifindex the firmware presents */
	PROG_INSTALL(p_redirect);
	receive_verdict(ACT_PASS, 0, 140);
	ck_assert_uint_eq(xnic_fake->tx_count, 2);
	ck_assert_uint_eq(xnic_fake->tx_len, 140);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_REDIRECT), 1);
	/* ingress_ifindex: HOST_IFINDEX (reset: 1); rx_queue_index 0 */
	PROG_INSTALL(p_ctx);
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(xnic_fake_mem(xnic_fake_buf(1), 100)[14], 1);
	ck_assert_uint_eq(xnic_fake_mem(xnic_fake_buf(1), 100)[18], 0);
	xnic_fake_wr(XNIC_REG_HOST_IFINDEX, 7);
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(xnic_fake_mem(xnic_fake_buf(2), 100)[14], 7);
	/* and a redirect to it is a redirect to the port */
	PROG_INSTALL(p_redirect);
	receive_verdict(ACT_PASS, 0, 140);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_REDIRECT), 2);
	/* check_mtu sees the MTU register (CSR MTU), per frame */
	PROG_INSTALL(p_check_mtu);
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(mem_u32(xnic_fake_mem(xnic_fake_buf(3), 100) + 14), XNIC_DEFAULT_MTU);
	ck_assert_uint_eq(mem_u32(xnic_fake_mem(xnic_fake_buf(3), 100) + 18), 0);
	xnic_fake_wr(XNIC_REG_MTU, 1400);
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(mem_u32(xnic_fake_mem(xnic_fake_buf(4), 100) + 14), 1400);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_RUNNING);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

static uint32_t log_read(uint8_t *buf, uint32_t size)
{
	uint32_t len, i;

	xnic_fake_wr(XNIC_REG_MBOX_LEN, 0);
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_LOG_READ);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_STATUS), XNIC_MBOX_DONE);
	len = xnic_fake_rd(XNIC_REG_MBOX_LEN);
	ck_assert_uint_le(len, size);
	for (i = 0; i < len; i += 4) {
		uint32_t w = xnic_fake_rd(XNIC_REG_MBOX_DATA + i);

		memcpy(buf + i, &w, 4);
	}
	return len;
}

/* Entry k of a host PERF_EVENT_ARRAY's slot table at addr (include/xnic/maps.h). */
static void perf_slot_set(uint32_t addr, uint32_t k, uint32_t word)
{
	uint32_t size;
	uint8_t *emem = me_card_mem(xnic_fake->core.card, ME_MEM_EMEM, 0, &size);
	uint8_t *p = emem + addr + k * xnic_map_value_stride(4);

	ck_assert_uint_lt(addr + k * 8 + 4, size);
	p[0] = word;
	p[1] = word >> 8;
	p[2] = word >> 16;
	p[3] = word >> 24;
}

/*
 * A perf record for a host PERF_EVENT_ARRAY: with no event in the card's
 * slot table the helper returns -ENOENT and writes nothing; once the table
 * names index 1 for BPF_F_CURRENT_CPU, the idle card raises MISC_LOG and
 * LOG_READ hands over the record, for index 1, as include/xnic/card.h
 * lays it out, and empties the log.
 */
START_TEST(test_prog_log_read)
{
	static const struct xcc_map_desc perf = {
		.type = BPF_MAP_TYPE_PERF_EVENT_ARRAY, .key_size = 4, .value_size = 4,
		.max_entries = 2, .name = "events", .host_id = 42, .addr = XNIC_EMEM_MAPS,
	};
	static const uint8_t data[12] = { 0x44, 0x33, 0x22, 0x11, 0x88, 0x77, 0x66, 0x55,
					  0xff, 0xff, 0xff, 0xff };
	uint8_t log[XNIC_LOG_SIZE];
	const uint8_t *rec = log + XNIC_LOG_RECORDS;

	xnic_fake_load_fw();
	post_rx(8);
	ck_assert_uint_eq(prog_compile_load_maps(p_perf_host, sizeof(p_perf_host) / sizeof(p_perf_host[0]), &perf, 1),
			  XNIC_MBOX_DONE);
	xnic_fake_wr(XNIC_REG_MISC_CAUSE, ~0u);
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(mem_u32(ring_frame(0, 100) + 14), (uint32_t)-ENOENT);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MISC_CAUSE) & XNIC_MISC_LOG, 0);
	ck_assert_uint_eq(log_read(log, sizeof(log)), XNIC_LOG_RECORDS);

	perf_slot_set(perf.addr, 1, 1);
	perf_slot_set(perf.addr, perf.max_entries, 1 + 1);
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(mem_u32(ring_frame(1, 100) + 14), 0);
	ck_assert(xnic_fake_rd(XNIC_REG_MISC_CAUSE) & XNIC_MISC_LOG);
	ck_assert_uint_eq(log_read(log, sizeof(log)), XNIC_LOG_RECORDS + 40);
	ck_assert_uint_eq(mem_u32(log + XNIC_LOG_HEAD), 40);
	ck_assert_uint_eq(mem_u32(log + XNIC_LOG_LOST), 0);
	ck_assert_uint_eq(mem_u32(rec + XNIC_LOG_REC_LEN), 40);
	ck_assert_uint_eq(mem_u32(rec + XNIC_LOG_REC_TYPE), XNIC_LOG_PERF_HOST);
	ck_assert_uint_eq(mem_u32(rec + XNIC_LOG_PHOST_INDEX), 1);
	ck_assert_uint_eq(mem_u32(rec + XNIC_LOG_PHOST_SIZE), 12);
	ck_assert_uint_eq(mem_u32(rec + XNIC_LOG_PHOST_MAP), 42);
	ck_assert_mem_eq(rec + XNIC_LOG_PHOST_DATA, data, sizeof(data));
	/* emptied: nothing to announce, nothing more to read */
	xnic_fake_wr(XNIC_REG_MISC_CAUSE, ~0u);
	ck_assert_uint_eq(log_read(log, sizeof(log)), XNIC_LOG_RECORDS);
	ck_assert_uint_eq(mem_u32(log + XNIC_LOG_HEAD), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MISC_CAUSE) & XNIC_MISC_LOG, 0);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

START_TEST(test_prog_adjust)
{
	uint8_t expect[256];

	xnic_fake_load_fw();
	post_rx(4);
	PROG_INSTALL(p_adjust);
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_DROP), 0);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_PASS), 1);
	xnic_fake_frame(expect, 100, bcast, ACT_PASS);
	expect[14] = ACT_PASS;
	expect[15] = 0;
	memset(expect + 100, 0, 8);
	ck_assert_mem_eq(ring_frame(0, 94), expect + 14, 94);
}
END_TEST

static uint32_t prandom_state(unsigned int me, unsigned int ctx)
{
	uint32_t size;
	uint8_t *lm = me_card_mem(xnic_fake->core.card, ME_MEM_LM, me, &size);
	uint8_t *p = lm + ctx * (size / 4) + 32;	/* XNIC_MD_PRANDOM */

	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

START_TEST(test_prog_prandom)
{
	uint32_t seen[16 + 8];
	unsigned int i, j, n = 0;

	xnic_fake_load_fw();
	/* Every context starts with its own non-zero state. */
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			seen[n++] = prandom_state(i, j);
	post_rx(8);
	PROG_INSTALL(p_prandom);
	for (i = 0; i < 8; i++) {
		receive_verdict(ACT_PASS, 0, 64);
		memcpy(&seen[n++], ring_frame(i, 64) + 14, 4);
	}
	for (i = 0; i < n; i++) {
		ck_assert_uint_ne(seen[i], 0);
		for (j = 0; j < i; j++)
			ck_assert_msg(seen[i] != seen[j], "values %u and %u both 0x%08x",
				      j, i, seen[i]);
	}
}
END_TEST

/* Programs switch between frames; unload passes every frame again. */
START_TEST(test_prog_switch)
{
	xnic_fake_load_fw();
	post_rx(8);
	ck_assert_uint_eq(prog_unload(), XNIC_MBOX_DONE);	/* none: no-op */
	PROG_INSTALL(p_drop);
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_DROP), 1);
	PROG_INSTALL(p_verdict);
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(xnic_fake_mem(xnic_fake_buf(0), 100)[15], 0xab);
	ck_assert_uint_eq(prog_unload(), XNIC_MBOX_DONE);
	receive_verdict(ACT_DROP, 0, 100);		/* the default slot passes */
	ck_assert_uint_eq(xnic_fake_mem(xnic_fake_buf(1), 100)[15], 0);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_PASS), 2);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_DROP), 1);
	/* FW_LOAD and reset drop the program */
	PROG_INSTALL(p_drop);
	xnic_fake_load_fw();
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_PASS), 1);
	PROG_INSTALL(p_drop);
	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_RESET);
	xnic_fake_load_fw();
	enable_rx();
	post_rx(4);
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_PASS), 1);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

/*
 * One ME, 4 contexts, prog-busy.img: 4 frames hold every context, 2 more
 * wait in the FIFO.  The switch lets the 4 finish with the old program
 * (PASS), then the 2 queued frames run the new one (DROP).  A frame too
 * slow to finish within the switch's bound refuses the switch instead.
 * Byte 14 = 30 (about 6M cycles a frame) is chosen so that the 4 are still
 * running after the 6 arrivals' runs of 2^20 cycles each (checked) and
 * finish within the switch's 4 runs; 26 or 36 miss that window.
 */
START_TEST(test_prog_switch_atomic)
{
	struct xnic_card_config card;
	unsigned int i;

	xnic_fake_teardown();
	xnic_card_config_default(&card);
	card.n_me = 1;
	card.max_contexts = 4;
	card.watchdog_cycles = 0;
	xnic_fake_setup_card(&card);
	enable_rx();
	xnic_fake_load_fw();
	post_rx(16);
	ck_assert_uint_eq(prog_load_file("prog-busy.img"), XNIC_MBOX_DONE);
	for (i = 0; i < 4; i++)
		receive_verdict(30, 0, 64);
	receive_verdict(0, 0, 64);
	receive_verdict(0, 0, 64);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_PASS), 0);
	ck_assert_uint_eq(xnic_fake->core.fifo_count, 2);
	PROG_INSTALL(p_drop);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_PASS), 4);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_DROP), 2);
	ck_assert_uint_eq(xnic_fake->core.fifo_count, 0);
	/* Now one frame longer than the switch may wait. */
	ck_assert_uint_eq(prog_load_file("prog-busy.img"), XNIC_MBOX_DONE);
	receive_verdict(255, 0, 64);
	ck_assert_uint_eq(prog_compile_load(p_drop, 2), XNIC_MBOX_ERROR);
	check_prog_refused("contexts still busy with their frames after 4194304 cycles");
	xnic_fake_run_card();
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_PASS), 5);
}
END_TEST

START_TEST(test_prog_refused)
{
	uint64_t code[2] = { 0, enc_ret() };
	uint32_t room;
	char why[128];
	unsigned int errors;

	ck_assert_uint_eq(prog_compile_load(p_drop, 2), XNIC_MBOX_ERROR);
	check_prog_refused("no firmware runs");
	ck_assert_uint_eq(prog_unload(), XNIC_MBOX_ERROR);
	check_prog_refused("no firmware runs");
	xnic_fake_load_fw();
	post_rx(4);
	PROG_INSTALL(p_verdict);
	errors = xnic_fake->guest_errors;
	room = fw_cap(XNIC_CAPS_PROG_MAX);
	xnic_fake_prog_request(PROG_ADDR, 2, 0, 12);
	check_prog_refused("request of 12 bytes, need 16");
	xnic_fake_prog_request(PROG_ADDR, 0, 0, 16);
	check_prog_refused("program of 0 instructions not in [1, ");
	xnic_fake_prog_request(PROG_ADDR, room, 0, 16);
	snprintf(why, sizeof(why), "program of %u instructions not in [1, %u]",
		 room, room - 1);
	check_prog_refused(why);
	xnic_fake_prog_request(PROG_ADDR, 2, 2, 16);
	check_prog_refused("entry 2 outside the program's 2 instructions");
	xnic_fake_prog_request(0xfffffffffffffff8ull, 2, 0, 16);
	check_prog_refused("program at 0xfffffffffffffff8+16 unreadable");
	xnic_fake_prog_request(XNIC_FAKE_MEM_BASE + XNIC_FAKE_MEM_SIZE - 8, 2, 0, 16);
	check_prog_refused("unreadable");
	code[0] = ~0ull;
	prog_load(code, 2, 0);
	check_prog_refused("instruction 0 (0xffffffffffffffff): ");
	/* add a0, a1, b2 with B made a2: both sources in bank A */
	code[0] = enc((struct me_insn){ .op = ME_OP_ADD, .dst = me_gpr_a(0),
					.srca = me_gpr_a(1), .srcb = me_gpr_b(2) });
	code[0] ^= (uint64_t)(0x42 ^ 0x22) << 32;
	prog_load(code, 2, 1);
	check_prog_refused("bank rule");
	code[0] = enc_br(2);
	prog_load(code, 2, 0);
	check_prog_refused("br target 2 outside the program [0, 2)");
	/* call a15, 20: the firmware's own code, were it not moved */
	code[1] = enc((struct me_insn){ .op = ME_OP_CALL, .dst = me_gpr_a(15),
					.imm = 20 });
	code[0] = enc_ret();
	prog_load(code, 2, 0);
	check_prog_refused("instruction 1 (0x");
	check_prog_refused("call target 20 outside the program [0, 2)");
	ck_assert_uint_eq(xnic_fake->guest_errors, errors + 10);
	/* The firmware and its program carry on. */
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_RUNNING);
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(xnic_fake_mem(xnic_fake_buf(0), 100)[15], 0xab);
}
END_TEST

/* A program that never returns trips the watchdog: the firmware stops. */
START_TEST(test_prog_watchdog)
{
	struct me_insn add = { .op = ME_OP_ADD, .dst = me_gpr_a(0),
			       .srca = me_gpr_a(0) };
	uint64_t code[2];
	uint32_t slot;

	xnic_fake_load_fw();
	slot = fw_cap(XNIC_CAPS_PROG_BASE);
	ck_assert_int_eq(me_operand_imm(1, &add.srcb, &add.imm), 0);
	code[0] = enc(add);
	code[1] = enc_br(0);
	ck_assert_uint_eq(prog_load(code, 2, 0), XNIC_MBOX_DONE);
	post_rx(2);
	xnic_fake_wr(XNIC_REG_MISC_CAUSE, ~0u);
	receive_verdict(ACT_PASS, 0, 100);
	xnic_fake_run_card();
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_STOPPED);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STOP) & 0xff,
			  XNIC_FW_STOP_WATCHDOG);
	ck_assert_uint_ge(xnic_fake_rd(XNIC_REG_FW_STOP_PC), slot + 1);
	ck_assert_uint_le(xnic_fake_rd(XNIC_REG_FW_STOP_PC), slot + 2);
	ck_assert(xnic_fake_rd(XNIC_REG_MISC_CAUSE) & XNIC_MISC_FW);
	ck_assert_uint_eq(prog_unload(), XNIC_MBOX_ERROR);
	check_prog_refused("no firmware runs");
}
END_TEST

/*
 * A frame still looping when a switch comes (watchdog 3M cycles, longer
 * than a run's budget): the switch waits, the watchdog stops the firmware
 * and the switch is refused with that reason.
 */
START_TEST(test_prog_stop_during_switch)
{
	struct me_insn add = { .op = ME_OP_ADD, .dst = me_gpr_a(0),
			       .srca = me_gpr_a(0) };
	struct xnic_card_config card;
	uint64_t code[2];

	xnic_fake_teardown();
	xnic_card_config_default(&card);
	card.watchdog_cycles = 3000000;
	xnic_fake_setup_card(&card);
	enable_rx();
	xnic_fake_load_fw();
	ck_assert_int_eq(me_operand_imm(1, &add.srcb, &add.imm), 0);
	code[0] = enc(add);
	code[1] = enc_br(0);
	ck_assert_uint_eq(prog_load(code, 2, 0), XNIC_MBOX_DONE);
	post_rx(2);
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_RUNNING);
	ck_assert_uint_eq(prog_compile_load(p_drop, 2), XNIC_MBOX_ERROR);
	check_prog_refused("firmware stopped while its contexts finished their frames");
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_STOPPED);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STOP) & 0xff,
			  XNIC_FW_STOP_WATCHDOG);
}
END_TEST

/* ---- verdict recorder ---- */

/* FNV-1a 32 written out again, so that the card's is checked, not reused */
static uint32_t fnv1a(const uint8_t *p, size_t n)
{
	uint32_t h = 0x811c9dc5u;

	while (n--)
		h = (h ^ *p++) * 0x01000193u;
	return h;
}

/* The oldest record from the VREC_DATA window, then VREC_POP. */
static void vrec_pop(uint8_t *r)
{
	uint32_t i, w;

	for (i = 0; i < XNIC_VERDICT_SIZE; i += 4) {
		w = xnic_fake_rd(XNIC_REG_VREC_DATA + i);
		r[i] = w;
		r[i + 1] = w >> 8;
		r[i + 2] = w >> 16;
		r[i + 3] = w >> 24;
	}
	xnic_fake_wr(XNIC_REG_VREC_POP, 1);
}

static uint32_t rec32(const uint8_t *r, uint32_t off)
{
	return r[off] | r[off + 1] << 8 | r[off + 2] << 16 |
	       (uint32_t)r[off + 3] << 24;
}

static uint16_t rec16(const uint8_t *r, uint32_t off)
{
	return r[off] | r[off + 1] << 8;
}

/*
 * The next record must say: frame seq of in_len bytes, action, flags,
 * and (for actions that emit) out_len bytes as p_verdict leaves them.
 */
static void check_record(uint32_t seq, uint8_t action, uint8_t flags,
			 uint8_t sent_action, uint16_t in_len, bool emits)
{
	uint8_t r[XNIC_VERDICT_SIZE], out[256], head[16] = { 0 };
	uint16_t out_len = emits ? in_len : 0;

	xnic_fake_frame(out, in_len, bcast, sent_action);
	out[14] = sent_action;
	out[15] = 0xab;
	memcpy(head, out, emits ? 16 : 0);
	vrec_pop(r);
	ck_assert_uint_eq(rec32(r, XNIC_VERDICT_SEQ), seq);
	ck_assert_uint_eq(rec16(r, XNIC_VERDICT_QUEUE), 0);
	ck_assert_uint_eq(r[XNIC_VERDICT_ACTION], action);
	ck_assert_uint_eq(r[XNIC_VERDICT_FLAGS], flags);
	ck_assert_uint_eq(rec16(r, XNIC_VERDICT_IN_LEN), in_len);
	ck_assert_uint_eq(rec16(r, XNIC_VERDICT_OUT_LEN), out_len);
	ck_assert_mem_eq(r + XNIC_VERDICT_HEAD, head, sizeof(head));
	ck_assert_uint_eq(rec32(r, XNIC_VERDICT_DIGEST), fnv1a(out, out_len));
	ck_assert_mem_eq(r + XNIC_VERDICT_HEAD, head, sizeof(head));
}

START_TEST(test_vrec_fnv_vectors)
{
	/* Published FNV-1a 32 test vectors */
	ck_assert_uint_eq(fnv1a((const uint8_t *)"", 0), XNIC_VERDICT_FNV_OFFSET);
	ck_assert_uint_eq(fnv1a((const uint8_t *)"a", 1), 0xe40c292c);
	ck_assert_uint_eq(fnv1a((const uint8_t *)"foobar", 6), 0xbf9cf968);
}
END_TEST

/* One record per frame, every action, in wire order with exact digests. */
START_TEST(test_vrec_records)
{
	uint8_t r[XNIC_VERDICT_SIZE];

	xnic_fake_load_fw();
	post_rx(8);
	PROG_INSTALL(p_verdict);
	xnic_fake_wr(XNIC_REG_VREC_CTRL, XNIC_VREC_CTRL_ENABLE);
	receive_verdict(ACT_PASS, 0, 100);
	receive_verdict(ACT_DROP, 0, 101);
	receive_verdict(ACT_ABORTED, 0, 102);
	receive_verdict(9, 0, 103);
	receive_verdict(ACT_TX, 0, 120);
	receive_verdict(ACT_REDIRECT, 0, 130);
	receive_verdict(ACT_TX, 0, 13 + 1);	/* 14 bytes: p_verdict drops */
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VREC_COUNT), 7);
	check_record(0, ACT_PASS, 0, ACT_PASS, 100, true);
	check_record(1, ACT_DROP, 0, ACT_DROP, 101, false);
	check_record(2, ACT_ABORTED, 0, ACT_ABORTED, 102, false);
	check_record(3, ACT_ABORTED, 0, 9, 103, false);
	check_record(4, ACT_TX, 0, ACT_TX, 120, true);
	/* Redirect to an ifindex the card does not have: dropped, FAILED */
	check_record(5, ACT_REDIRECT, XNIC_VERDICT_F_FAILED, ACT_REDIRECT, 130,
		     true);
	vrec_pop(r);
	ck_assert_uint_eq(r[XNIC_VERDICT_ACTION], ACT_DROP);
	ck_assert_uint_eq(rec16(r, XNIC_VERDICT_IN_LEN), 14);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VREC_COUNT), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VREC_LOST), 0);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
	/* Empty: the window reads 0, a pop is a guest error */
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VREC_DATA), 0);
	xnic_fake_wr(XNIC_REG_VREC_POP, 1);
	ck_assert_uint_eq(xnic_fake->guest_errors, 1);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_RUNNING);
}
END_TEST

/* The emitted bytes are data..data_end after adjust_head/_tail. */
START_TEST(test_vrec_adjusted)
{
	uint8_t r[XNIC_VERDICT_SIZE], expect[256];

	xnic_fake_load_fw();
	post_rx(4);
	PROG_INSTALL(p_adjust);
	xnic_fake_wr(XNIC_REG_VREC_CTRL, XNIC_VREC_CTRL_ENABLE);
	receive_verdict(ACT_PASS, 0, 100);
	xnic_fake_frame(expect, 100, bcast, ACT_PASS);
	expect[14] = ACT_PASS;
	expect[15] = 0;
	memset(expect + 100, 0, 8);
	vrec_pop(r);
	ck_assert_uint_eq(r[XNIC_VERDICT_ACTION], ACT_PASS);
	ck_assert_uint_eq(rec16(r, XNIC_VERDICT_IN_LEN), 100);
	ck_assert_uint_eq(rec16(r, XNIC_VERDICT_OUT_LEN), 94);
	ck_assert_uint_eq(rec32(r, XNIC_VERDICT_DIGEST), fnv1a(expect + 14, 94));
	ck_assert_mem_eq(r + XNIC_VERDICT_HEAD, expect + 14, 16);
}
END_TEST

/* Nothing without a program or while off; CTRL empties; a full ring loses. */
START_TEST(test_vrec_ring)
{
	unsigned int i;

	xnic_fake_load_fw();
	post_rx(8);
	xnic_fake_wr(XNIC_REG_VREC_CTRL, XNIC_VREC_CTRL_ENABLE);
	receive_verdict(ACT_PASS, 0, 100);	/* the firmware's slot: no XDP */
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VREC_COUNT), 0);
	PROG_INSTALL(p_drop);
	xnic_fake_wr(XNIC_REG_VREC_CTRL, 0);
	receive_verdict(ACT_PASS, 0, 100);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VREC_COUNT), 0);
	xnic_fake_wr(XNIC_REG_VREC_CTRL, XNIC_VREC_CTRL_ENABLE);
	for (i = 0; i < XNIC_VREC_DEPTH + 3; i++)
		receive_verdict(ACT_PASS, 0, 60);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VREC_COUNT), XNIC_VREC_DEPTH);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VREC_LOST), 3);
	/* The oldest kept: wire seq 2 (frames 0 and 1 came before) */
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VREC_DATA + XNIC_VERDICT_SEQ), 2);
	xnic_fake_wr(XNIC_REG_VREC_CTRL, XNIC_VREC_CTRL_ENABLE);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VREC_COUNT), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VREC_LOST), 0);
	/* Read-only registers and sub-word accesses are guest errors */
	xnic_fake_wr(XNIC_REG_VREC_COUNT, 5);
	xnic_fake_wr(XNIC_REG_VREC_DATA, 5);
	xnic_regfile_read(&xnic_fake->core, XNIC_REG_VREC_DATA + 1, 1);
	ck_assert_uint_eq(xnic_fake->guest_errors, 3);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VREC_COUNT), 0);
	receive_verdict(ACT_PASS, 0, 60);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VREC_COUNT), 1);
	/* A reset stops recording and empties the ring */
	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_RESET);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VREC_CTRL), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VREC_COUNT), 0);
}
END_TEST

Suite *make_fw_suite(void)
{
	Suite *s = suite_create("xnic-fw");
	TCase *tc = tcase_create("fw");

	tcase_add_checked_fixture(tc, fw_setup, xnic_fake_teardown);
	tcase_add_test(tc, test_no_firmware_drops);
	tcase_add_test(tc, test_firmware_passes_to_rings);
	tcase_add_test(tc, test_capabilities);
	tcase_add_test(tc, test_capabilities_match_headers);
	tcase_add_test(tc, test_verdicts);
	tcase_add_test(tc, test_looped_frame_taken_in_run);
	tcase_add_test(tc, test_bad_images_refused);
	tcase_add_test(tc, test_watchdog_stops_firmware);
	tcase_add_test(tc, test_fifo_backpressure);
	tcase_add_test(tc, test_card_config_refused);
	tcase_add_test(tc, test_prog_verdicts);
	tcase_add_test(tc, test_prog_log_read);
	tcase_add_test(tc, test_prog_adjust);
	tcase_add_test(tc, test_prog_prandom);
	tcase_add_test(tc, test_prog_switch);
	tcase_add_test(tc, test_prog_switch_atomic);
	tcase_add_test(tc, test_prog_refused);
	tcase_add_test(tc, test_prog_watchdog);
	tcase_add_test(tc, test_prog_stop_during_switch);
	tcase_add_test(tc, test_vrec_fnv_vectors);
	tcase_add_test(tc, test_vrec_records);
	tcase_add_test(tc, test_vrec_adjusted);
	tcase_add_test(tc, test_vrec_ring);
	suite_add_tcase(s, tc);
	return s;
}
