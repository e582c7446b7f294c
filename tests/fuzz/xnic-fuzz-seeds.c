// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic-fuzz-seeds: writes seed inputs for the device's fuzz targets
 * (docs/testing.md "Coverage-guided fuzzing"): QEMU's generic-fuzz-xnic
 * and xnic-core-fuzz.
 *
 * Random bytes almost never make a firmware image or a program the card
 * accepts, nor a well-formed mailbox request, so without seeds the
 * fuzzers would hardly reach the microengines and the firmware commands.
 * The qemu seeds are generic-fuzz programs in its input format (QEMU's
 * tests/qtest/fuzz/generic_fuzz.c): commands separated by "FUZZ", the
 * first byte an opcode.  generic-fuzz fills each DMA read of guest RAM
 * from its patterns, so data the card is to read (the firmware image, a
 * program, a test frame, descriptors) is given as the only pattern just
 * before the command that reads it.  The core seeds are in
 * xnic-core-fuzz's format (xnic-core-fuzz.h), where that data is written
 * to the target's guest memory, and FW_LOAD of the built image is an
 * action of its own.
 *
 * Seeds, for both targets unless said:
 *   seed-firmware  (qemu) FW_LOAD, then rings, MAC loopback and a TX
 *                  doorbell send frames through the firmware;
 *   seed-rings     (qemu) the same frames without firmware;
 *   seed-core      (core) FW_LOAD, RX buffers, a frame from the wire and
 *                  one in loopback;
 *   seed-mailbox-NAME, one per PROGRAM image given (xnic-cc -o): the
 *                  driver's bring-up and bpftool's commands: FW_LOAD,
 *                  PROG_LOAD of the program, MAP_OPs on a hash map of
 *                  tests/corpus/helper_hash.c's shape and on an array,
 *                  TEST_RUNs with the profile started, stopped and read,
 *                  LOG_READ, and (qemu) frames through the program.
 * Offsets come from include/xnic.
 *
 * usage: xnic-fuzz-seeds qemu|core FIRMWARE.img OUTDIR [PROGRAM.img...]
 */
#define _GNU_SOURCE	/* memmem */
#include <errno.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "me_image.h"
#include "xnic/card.h"
#include "xnic/maps.h"
#include "xnic/regs.h"
#include "xnic/testrun.h"
#include "xnic-core-fuzz.h"

/* generic-fuzz's opcodes (enum in generic_fuzz.c, taken modulo 10) */
enum {
	SEED_OP_READ = 2,
	SEED_OP_WRITE = 3,
	SEED_OP_ADD_DMA_PATTERN = 7,
	SEED_OP_CLEAR_DMA_PATTERNS = 8,
	SEED_OP_CLOCK_STEP = 9,
};
#define SEED_SEPARATOR		"FUZZ"
/* op_write's size field: 2 is a 32-bit access */
#define SEED_SIZE_LONG		2
/*
 * op_write's base indexes the fuzzed regions in address order: generic-
 * fuzz maps BAR0 (xnic-mmio) first, below the MSI-X BAR.
 */
#define SEED_BASE_REGS		0
/* Guest RAM the qemu traffic seeds name for the image, rings and buffers */
#define SEED_FW_ADDR		0x100000u
#define SEED_TX_RING		0x200000u
#define SEED_RX_RING		0x210000u
#define SEED_BUF		0x300000u
#define SEED_FRAME_LEN		60
/*
 * The mailbox seeds' guest memory, inside xnic-core-fuzz's 64 KiB (and
 * in the low RAM of generic-fuzz's machine): the firmware, the program,
 * a test frame, the test run's output and the profile's entries.
 */
#define SEED_MB_FW		0x1000u
#define SEED_MB_PROG		0x2000u
#define SEED_MB_PROG_MAX	0xa000u	/* bytes of program code */
#define SEED_MB_TEST_IN		0xc000u
#define SEED_MB_TEST_OUT	0xc800u
#define SEED_MB_TEST_OUT_CAP	0x400u
#define SEED_MB_PROF		0xd000u
#define SEED_MB_PROF_COUNT	64u	/* entries of XNIC_PROF_ENTRY_SIZE */
/* A test frame long enough for every corpus program (CORPUS_MIN_LEN) */
#define SEED_TEST_LEN		128
#define SEED_TEST_REPEAT	3
#define SEED_MAX		0x10000

enum seed_target { SEED_QEMU, SEED_CORE };

struct seed {
	enum seed_target target;
	uint8_t buf[SEED_MAX];
	size_t len;
};

static void seed_fail(const char *what)
{
	fprintf(stderr, "xnic-fuzz-seeds: %s\n", what);
	exit(1);
}

static void seed_put(struct seed *s, const void *data, size_t len)
{
	if (s->len + len > sizeof(s->buf))
		seed_fail("seed too long");
	memcpy(s->buf + s->len, data, len);
	s->len += len;
}

/*
 * A generic-fuzz command.  The separator inside one would split it; it
 * cannot appear across a command's ends, as no suffix of "FUZZ" is also
 * its prefix.
 */
static void seed_command(struct seed *s, uint8_t op, const void *args,
			 size_t len)
{
	size_t at;

	if (s->len)
		seed_put(s, SEED_SEPARATOR, strlen(SEED_SEPARATOR));
	at = s->len;
	seed_put(s, &op, 1);
	seed_put(s, args, len);
	if (memmem(s->buf + at, s->len - at, SEED_SEPARATOR,
		   strlen(SEED_SEPARATOR)))
		seed_fail("a command holds the separator \"FUZZ\"");
}

/* xnic-core-fuzz's actions */
static void core_action(struct seed *s, uint8_t op, uint64_t arg,
			unsigned int arg_bytes)
{
	uint8_t a[8];
	unsigned int i;

	for (i = 0; i < arg_bytes; i++)
		a[i] = arg >> (8 * i);
	seed_put(s, &op, 1);
	seed_put(s, a, arg_bytes);
}

/* op_write's argument: size, base, 2 bytes of padding, offset, value */
static void seed_reg_write(struct seed *s, uint32_t reg, uint32_t val)
{
	uint8_t a[16] = { SEED_SIZE_LONG, SEED_BASE_REGS };
	unsigned int i;

	if (s->target == SEED_CORE) {
		core_action(s, FUZZ_REG_WRITE, reg | (uint64_t)val << 16, 6);
		return;
	}
	for (i = 0; i < 4; i++)
		a[4 + i] = reg >> (8 * i);
	for (i = 0; i < 4; i++)
		a[8 + i] = val >> (8 * i);
	seed_command(s, SEED_OP_WRITE, a, sizeof(a));
}

/*
 * A 32-bit register read; op_read's argument: size, base, 2 bytes of
 * padding, offset.
 */
static void seed_reg_read(struct seed *s, uint32_t reg)
{
	uint8_t a[8] = { SEED_SIZE_LONG, SEED_BASE_REGS };
	unsigned int i;

	if (s->target == SEED_CORE) {
		/* the size byte selects 1 << (byte % 4) bytes */
		core_action(s, FUZZ_REG_READ, reg | (uint64_t)2 << 16, 3);
		return;
	}
	for (i = 0; i < 4; i++)
		a[4 + i] = reg >> (8 * i);
	seed_command(s, SEED_OP_READ, a, sizeof(a));
}

/* A pattern of index 0, stride 0: every DMA read gets data, repeated. */
static void seed_dma_pattern(struct seed *s, const uint8_t *data, size_t len)
{
	static uint8_t a[2 + SEED_MAX];

	if (len > SEED_MAX)
		seed_fail("DMA pattern too long");
	a[0] = 0;
	a[1] = 0;
	memcpy(a + 2, data, len);
	seed_command(s, SEED_OP_CLEAR_DMA_PATTERNS, "", 0);
	seed_command(s, SEED_OP_ADD_DMA_PATTERN, a, 2 + len);
}

/*
 * data at addr for the card's next DMA read: generic-fuzz answers it from
 * the pattern (wherever the card reads), xnic-core-fuzz from its memory.
 */
static void seed_host_data(struct seed *s, uint32_t addr, const uint8_t *data,
			   size_t len)
{
	size_t n;

	if (s->target == SEED_QEMU) {
		seed_dma_pattern(s, data, len);
		return;
	}
	if (addr + len > FUZZ_MEM_SIZE)
		seed_fail("host data beyond xnic-core-fuzz's memory");
	for (; len; addr += n, data += n, len -= n) {
		n = len < 255 ? len : 255;
		core_action(s, FUZZ_MEM, addr | (uint32_t)n << 16, 3);
		seed_put(s, data, n);
	}
}

/* Let the card run what it was kicked for. */
static void seed_card_run(struct seed *s)
{
	if (s->target == SEED_CORE)
		core_action(s, FUZZ_CARD_RUN, 0, 0);
	else
		seed_command(s, SEED_OP_CLOCK_STEP, "", 0);
}

/* MBOX_DATA[from, to) from req, a register write per word */
static void seed_mbox_data(struct seed *s, const uint8_t *req, uint32_t from,
			   uint32_t to)
{
	uint32_t i;

	for (i = from; i < to; i += 4)
		seed_reg_write(s, XNIC_REG_MBOX_DATA + i,
			       req[i] | req[i + 1] << 8 | req[i + 2] << 16 |
			       (uint32_t)req[i + 3] << 24);
}

/*
 * The command, and its status read as the driver does (the value read is
 * not in generic-fuzz's log: fuzz.sh repro shows the xnic_mbox trace).
 */
static void seed_mbox_cmd(struct seed *s, uint32_t cmd, uint32_t len)
{
	seed_reg_write(s, XNIC_REG_MBOX_LEN, len);
	seed_reg_write(s, XNIC_REG_MBOX_CMD, cmd);
	seed_reg_read(s, XNIC_REG_MBOX_STATUS);
}

/* A mailbox command with the request req[0..len) */
static void seed_mbox(struct seed *s, uint32_t cmd, const uint8_t *req,
		      uint32_t len)
{
	seed_mbox_data(s, req, 0, len);
	seed_mbox_cmd(s, cmd, len);
}

static void seed_le32(uint8_t *p, uint32_t v)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		p[i] = v >> (8 * i);
}

static void seed_fw_load(struct seed *s, const uint8_t *img, uint32_t len,
			 uint32_t addr)
{
	uint8_t req[XNIC_FW_LOAD_REQ_SIZE] = { 0 };

	if (s->target == SEED_CORE) {
		core_action(s, FUZZ_FW_LOAD, addr, 2);
		return;
	}
	seed_host_data(s, addr, img, len);
	seed_le32(req + XNIC_FW_LOAD_ADDR_LO, addr);
	seed_le32(req + XNIC_FW_LOAD_LEN, len);
	seed_mbox(s, XNIC_MBOX_CMD_FW_LOAD, req, sizeof(req));
}

/* A broadcast frame of len bytes */
static void seed_frame(uint8_t *f, size_t len)
{
	memset(f, 0xff, 6);
	memset(f + 6, 0x02, 6);
	f[12] = 0x88;
	f[13] = 0xb5;
	memset(f + XNIC_ETH_HLEN, 0x5a, len - XNIC_ETH_HLEN);
}

/* ---- generic-fuzz: frames through the card ---- */

static void seed_ring(struct seed *s, uint32_t base_reg, uint32_t ring)
{
	uint32_t qb = XNIC_QP_BASE(0) + base_reg - XNIC_Q_TX_BASE_LO;

	seed_reg_write(s, qb + XNIC_Q_TX_BASE_LO, ring);
	seed_reg_write(s, qb + XNIC_Q_TX_BASE_HI, 0);
	seed_reg_write(s, qb + XNIC_Q_TX_SIZE, XNIC_RING_MIN_SIZE);
	seed_reg_write(s, qb + XNIC_Q_TX_CTRL, XNIC_QCTRL_ENABLE);
}

/*
 * Every DMA read from here on sees descriptors naming SEED_BUF; a frame
 * read from there is those 16 bytes repeated (PROMISC takes it).
 */
static void seed_desc_pattern(struct seed *s)
{
	uint8_t d[XNIC_DESC_SIZE] = { 0 };

	seed_le32(d + XNIC_DESC_ADDR, SEED_BUF);
	d[XNIC_DESC_LEN] = SEED_FRAME_LEN;
	seed_dma_pattern(s, d, sizeof(d));
}

/* Rings, loopback, RX buffers and a TX doorbell: frames go round. */
static void seed_traffic(struct seed *s)
{
	seed_desc_pattern(s);
	seed_ring(s, XNIC_Q_TX_BASE_LO, SEED_TX_RING);
	seed_ring(s, XNIC_Q_RX_BASE_LO, SEED_RX_RING);
	seed_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_IRQ_MASK, 0);
	seed_reg_write(s, XNIC_REG_CTRL, XNIC_CTRL_ENABLE | XNIC_CTRL_PROMISC |
		       XNIC_CTRL_LOOPBACK);
	seed_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_RX_TAIL, 32);
	seed_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_TX_TAIL, 4);
	seed_card_run(s);
}

/* ---- xnic-core-fuzz: frames through the card ---- */

static void core_desc(struct seed *s, uint32_t at, uint32_t buf, uint16_t len)
{
	uint8_t d[XNIC_DESC_SIZE] = { 0 };

	seed_le32(d + XNIC_DESC_ADDR, buf);
	d[XNIC_DESC_LEN] = len;
	d[XNIC_DESC_LEN + 1] = len >> 8;
	seed_host_data(s, at, d, sizeof(d));
}

/*
 * Core seed: the firmware loaded, queue 0's rings with four RX buffers,
 * a frame from the wire and one sent in MAC loopback, and card runs.
 */
static void core_seed(struct seed *s)
{
	const uint32_t fw = 0x8000, tx = 0x1000, rx = 0x2000, buf = 0x4000;
	uint8_t frame[SEED_FRAME_LEN];
	unsigned int i;

	seed_frame(frame, sizeof(frame));
	seed_fw_load(s, NULL, 0, fw);
	for (i = 0; i < 4; i++)
		core_desc(s, rx + i * XNIC_DESC_SIZE, buf + i * 0x800, 0x800);
	core_desc(s, tx, 0x3000, SEED_FRAME_LEN);
	seed_host_data(s, 0x3000, frame, sizeof(frame));
	seed_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_TX_BASE_LO, tx);
	seed_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_TX_SIZE, XNIC_RING_MIN_SIZE);
	seed_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_TX_CTRL, XNIC_QCTRL_ENABLE);
	seed_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_RX_BASE_LO, rx);
	seed_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_RX_SIZE, XNIC_RING_MIN_SIZE);
	seed_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_RX_CTRL, XNIC_QCTRL_ENABLE);
	seed_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_RX_TAIL, 4);
	seed_reg_write(s, XNIC_REG_CTRL, XNIC_CTRL_ENABLE);
	core_action(s, FUZZ_RX, sizeof(frame), 2);
	seed_put(s, frame, sizeof(frame));
	seed_card_run(s);
	seed_reg_write(s, XNIC_REG_CTRL, XNIC_CTRL_ENABLE | XNIC_CTRL_LOOPBACK);
	seed_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_TX_TAIL, 1);
	seed_card_run(s);
}

/* ---- the mailbox seeds ---- */

/* A map as MAP_OP requests name it */
struct seed_map {
	uint32_t type, addr, key_size, value_size, max_entries, buckets;
};

/*
 * A MAP_OP: the request's header and key words (the card reads key_size
 * bytes of the key), and for UPDATE the value.
 */
static void seed_map_op(struct seed *s, const struct seed_map *m, uint32_t op,
			uint32_t flags, const uint8_t *key, uint64_t value)
{
	const struct xnic_map_req_head head = {
		.op = op, .type = m->type, .addr = m->addr,
		.key_size = m->key_size, .value_size = m->value_size,
		.max_entries = m->max_entries, .buckets = m->buckets, .flags = flags,
	};
	const uint32_t *words = (const uint32_t *)&head;
	uint8_t req[XNIC_MAP_REQ_VALUE + 8] = { 0 };
	uint32_t len = XNIC_MAP_REQ_SIZE;

	if (m->value_size > 8 || m->key_size > XNIC_MAP_REQ_VALUE - XNIC_MAP_REQ_KEY)
		seed_fail("seed map shape too large");
	for (unsigned int i = 0; i < XNIC_MAP_REQ_HEAD_WORDS; i++)
		seed_le32(req + 4 * i, words[i]);
	memcpy(req + XNIC_MAP_REQ_KEY, key, m->key_size);
	seed_mbox_data(s, req, 0, XNIC_MAP_REQ_KEY + (m->key_size + 3) / 4 * 4);
	if (op == XNIC_MAP_OP_UPDATE) {
		seed_le32(req + XNIC_MAP_REQ_VALUE, value);
		seed_le32(req + XNIC_MAP_REQ_VALUE + 4, value >> 32);
		seed_mbox_data(s, req, XNIC_MAP_REQ_VALUE, sizeof(req));
		len = XNIC_MAP_REQ_VALUE + m->value_size;
	}
	seed_mbox_cmd(s, XNIC_MBOX_CMD_MAP_OP, len);
}

/*
 * MAP_OPs on the maps a compiled program finds at the start of the
 * firmware's map area: a hash map of tests/corpus/helper_hash.c's shape
 * (the compiler gives it 2 x max_entries buckets) keyed by the test
 * frame's source MAC, whose count the program then raises, and an array
 * after it.  Every operation, and the errors EEXIST, ENOENT and EINVAL.
 */
static void seed_map_ops(struct seed *s)
{
	const struct seed_map hash = { XNIC_MAP_TYPE_HASH, XNIC_EMEM_MAPS,
				       8, 8, 64, 128 };
	const uint64_t hash_size = xnic_map_hash_size(8, 8, 128);
	const struct seed_map array = { XNIC_MAP_TYPE_ARRAY,
					XNIC_EMEM_MAPS + (hash_size + 63) / 64 * 64,
					4, 8, 16, 0 };
	const uint8_t mac[8] = { 2, 2, 2, 2, 2, 2 }, other[8] = { 1 };
	const uint8_t index[4] = { 3 };

	seed_map_op(s, &hash, XNIC_MAP_OP_UPDATE, 0, mac, 1);
	seed_map_op(s, &hash, XNIC_MAP_OP_UPDATE, 1, mac, 1);	/* NOEXIST */
	seed_map_op(s, &hash, XNIC_MAP_OP_LOOKUP, 0, mac, 0);
	seed_map_op(s, &hash, XNIC_MAP_OP_GET_NEXT, XNIC_MAP_F_FIRST, mac, 0);
	seed_map_op(s, &hash, XNIC_MAP_OP_DELETE, 0, other, 0);
	seed_map_op(s, &array, XNIC_MAP_OP_CLEAR, 0, index, 0);
	seed_map_op(s, &array, XNIC_MAP_OP_UPDATE, 0, index, 7);
	seed_map_op(s, &array, XNIC_MAP_OP_LOOKUP, 0, index, 0);
	seed_map_op(s, &array, XNIC_MAP_OP_GET_NEXT, 0, index, 0);
	seed_map_op(s, &array, XNIC_MAP_OP_DELETE, 0, index, 0);
}

/* The program's code for PROG_LOAD, its words little endian as in the image */
static void seed_prog_load(struct seed *s, const struct me_image *prog,
			   uint32_t entry)
{
	static uint8_t code[SEED_MB_PROG_MAX];
	uint8_t req[XNIC_PROG_LOAD_REQ_SIZE] = { 0 };
	uint32_t i, j;

	for (i = 0; i < prog->ncode; i++)
		for (j = 0; j < 8; j++)
			code[8 * i + j] = prog->code[i] >> (8 * j);
	seed_host_data(s, SEED_MB_PROG, code, 8 * prog->ncode);
	seed_le32(req + XNIC_PROG_LOAD_ADDR_LO, SEED_MB_PROG);
	seed_le32(req + XNIC_PROG_LOAD_WORDS, prog->ncode);
	seed_le32(req + XNIC_PROG_LOAD_ENTRY, entry);
	seed_mbox(s, XNIC_MBOX_CMD_PROG_LOAD, req, sizeof(req));
}

static void seed_test_run(struct seed *s)
{
	uint8_t req[XNIC_TEST_REQ_SIZE] = { 0 };

	seed_le32(req + XNIC_TEST_REQ_IN_LO, SEED_MB_TEST_IN);
	seed_le32(req + XNIC_TEST_REQ_IN_LEN, SEED_TEST_LEN);
	seed_le32(req + XNIC_TEST_REQ_OUT_LO, SEED_MB_TEST_OUT);
	seed_le32(req + XNIC_TEST_REQ_OUT_CAP, SEED_MB_TEST_OUT_CAP);
	seed_le32(req + XNIC_TEST_REQ_REPEAT, SEED_TEST_REPEAT);
	seed_mbox(s, XNIC_MBOX_CMD_TEST_RUN, req, sizeof(req));
}

static void seed_profile(struct seed *s, uint32_t op)
{
	uint8_t req[XNIC_PROF_REQ_SIZE] = { 0 };

	seed_le32(req + XNIC_PROF_REQ_OP, op);
	seed_le32(req + XNIC_PROF_REQ_COUNT, SEED_MB_PROF_COUNT);
	seed_le32(req + XNIC_PROF_REQ_ADDR_LO, SEED_MB_PROF);
	seed_mbox(s, XNIC_MBOX_CMD_PROFILE, req, sizeof(req));
}

/*
 * The driver's bring-up and what bpftool and the guest tools then ask:
 * firmware, capabilities, the program, map operations, test runs under
 * the profile, the log; then (qemu) frames through the program.
 */
static void seed_mailbox(struct seed *s, const uint8_t *fw, uint32_t fw_len,
			 const struct me_image *prog, uint32_t entry)
{
	uint8_t frame[SEED_TEST_LEN];

	seed_fw_load(s, fw, fw_len, SEED_MB_FW);
	seed_mbox_cmd(s, XNIC_MBOX_CMD_FW_CAPS, 0);
	seed_prog_load(s, prog, entry);
	seed_map_ops(s);
	seed_frame(frame, sizeof(frame));
	seed_host_data(s, SEED_MB_TEST_IN, frame, sizeof(frame));
	seed_test_run(s);
	seed_profile(s, XNIC_PROF_OP_START);
	seed_test_run(s);
	seed_profile(s, XNIC_PROF_OP_STOP);
	seed_profile(s, XNIC_PROF_OP_READ);
	seed_profile(s, XNIC_PROF_OP_RESET);
	seed_mbox_cmd(s, XNIC_MBOX_CMD_LOG_READ, 0);
	if (s->target == SEED_QEMU)
		seed_traffic(s);
	else
		seed_card_run(s);
}

static void seed_write(const char *dir, const char *name, const struct seed *s)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(s->buf, 1, s->len, f) != s->len || fclose(f))
		seed_fail(strerror(errno));
}

static size_t seed_read_file(const char *path, uint8_t *buf, size_t max)
{
	FILE *f = fopen(path, "rb");
	size_t len;

	if (!f)
		seed_fail(strerror(errno));
	len = fread(buf, 1, max, f);
	fclose(f);
	if (!len || len == max)
		seed_fail("firmware image empty or too large for a seed");
	return len;
}

/* seed-mailbox-NAME for the program image at path (xnic-cc -o) */
static void seed_program(enum seed_target target, const uint8_t *fw,
			 uint32_t fw_len, const char *path, const char *dir)
{
	static struct seed s;
	struct me_image prog;
	char err[256], name[256], *base, *dot;
	uint32_t i, entry = UINT32_MAX;

	if (me_image_load_file(path, &prog, err, sizeof(err)))
		seed_fail(err);
	for (i = 0; i < prog.nsyms; i++)
		if (prog.syms[i].sect == ME_SECT_CODE &&
		    !strcmp(prog.syms[i].name, "xdp_main"))
			entry = prog.syms[i].value - prog.code_addr;
	if (entry >= prog.ncode)
		seed_fail("program image without xdp_main");
	if (8 * (uint64_t)prog.ncode > SEED_MB_PROG_MAX)
		seed_fail("program too large for a seed");
	s.target = target;
	s.len = 0;
	seed_mailbox(&s, fw, fw_len, &prog, entry);
	me_image_free(&prog);
	snprintf(name, sizeof(name), "%s", path);
	base = basename(name);
	dot = strchr(base, '.');
	if (dot)
		*dot = 0;
	snprintf(err, sizeof(err), "seed-mailbox-%s", base);
	seed_write(dir, err, &s);
}

int main(int argc, char **argv)
{
	static struct seed fw, rings, core;
	static uint8_t img[XNIC_FW_MAX_SIZE];
	enum seed_target target;
	uint32_t len;
	int i;

	if (argc < 4 || (strcmp(argv[1], "qemu") && strcmp(argv[1], "core")))
		seed_fail("usage: xnic-fuzz-seeds qemu|core FIRMWARE.img OUTDIR [PROGRAM.img...]");
	target = strcmp(argv[1], "core") ? SEED_QEMU : SEED_CORE;
	len = seed_read_file(argv[2], img, sizeof(img));
	for (i = 4; i < argc; i++)
		seed_program(target, img, len, argv[i], argv[3]);
	if (target == SEED_CORE) {
		core.target = SEED_CORE;
		core_seed(&core);
		seed_write(argv[3], "seed-core", &core);
		return 0;
	}

	/* The firmware running, frames through it */
	seed_fw_load(&fw, img, len, SEED_FW_ADDR);
	seed_traffic(&fw);
	seed_write(argv[3], "seed-firmware", &fw);

	/* Without firmware: rings and frames dropped in front of the card */
	seed_traffic(&rings);
	seed_write(argv[3], "seed-rings", &rings);
	return 0;
}
