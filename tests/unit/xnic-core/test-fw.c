// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic ME card and firmware (docs/firmware.md): loading through the
 * mailbox, frames through the firmware to the rings, verdicts of a
 * program linked into the XDP slot, refused images, the watchdog.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic-fake.h"
#include "me/me.h"
#include "me/me_encode.h"

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
	uint8_t frame[256];

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
 * Links a program into the firmware's XDP slot (docs/firmware.md
 * "Linking a program"): its code replaces the firmware's from the slot
 * on, with branch and call targets moved by the slot's index.
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
		if (f == ME_FMT_BR || f == ME_FMT_BRBIT || f == ME_FMT_CALL)
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
	ck_assert(xnic_fake->fw_running);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_ABI),
			  XNIC_FW_ABI_MAJOR << 16 | XNIC_FW_ABI_MINOR);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_VERSION), 0x010000);
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
	ck_assert_uint_eq(caps_word(XNIC_CAPS_FW_ABI), 0x10000);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_PROG_BASE), sym_value(&fw, "xdp_slot"));
	ck_assert_uint_eq(caps_word(XNIC_CAPS_PROG_MAX),
			  16384 - sym_value(&fw, "xdp_slot"));
	ck_assert_uint_eq(caps_word(XNIC_CAPS_STACK_SIZE), 2048);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_EMEM_MAPS), 0x1000);
	ck_assert_uint_eq(caps_word(XNIC_CAPS_EMEM_MAPS_SIZE), (16 << 20) - 0x1000);
	/* hash (1), array (2), per-CPU array (6) */
	ck_assert_uint_eq(caps_word(XNIC_CAPS_MAP_TYPES), 0x46);
	/* map_lookup_elem (1) and xdp_adjust_head (44), not tail_call (12) */
	ck_assert(caps_word(XNIC_CAPS_HELPERS) & 1u << 1);
	ck_assert(caps_word(XNIC_CAPS_HELPERS + 4) & 1u << (44 - 32));
	ck_assert(!(caps_word(XNIC_CAPS_HELPERS) & 1u << 12));
	me_image_free(&fw);
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

static void check_refused(const char *why)
{
	char msg[256];
	unsigned int i;

	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_STATUS), XNIC_MBOX_ERROR);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_NONE);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_BAD_FW);
	ck_assert(!xnic_fake->fw_running);
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
	ck_assert(!xnic_fake->fw_running);
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

START_TEST(test_start_refused_while_migrating)
{
	size_t len;
	uint8_t *img = xnic_fake_fw_image(&len);

	xnic_fake->refuse_fw = true;
	xnic_fake_load(img, len);
	check_refused("migration");
	free(img);
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
	tcase_add_test(tc, test_verdicts);
	tcase_add_test(tc, test_bad_images_refused);
	tcase_add_test(tc, test_watchdog_stops_firmware);
	tcase_add_test(tc, test_start_refused_while_migrating);
	tcase_add_test(tc, test_fifo_backpressure);
	tcase_add_test(tc, test_card_config_refused);
	suite_add_tcase(s, tc);
	return s;
}
