// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic-fuzz-seeds: writes seed inputs for the device's fuzz targets
 * (docs/testing.md "Coverage-guided fuzzing"): QEMU's generic-fuzz-xnic
 * and xnic-core-fuzz.
 *
 * Random bytes almost never make a firmware image the card accepts, so
 * without seeds the fuzzers would hardly reach the microengines.  The
 * qemu seeds are generic-fuzz programs in its input format (QEMU's
 * tests/qtest/fuzz/generic_fuzz.c): commands separated by "FUZZ", the
 * first byte an opcode.  A DMA pattern holding the built firmware image
 * answers the card's FW_LOAD read (generic-fuzz fills each DMA read of
 * guest RAM from its patterns), so the first seed starts the firmware;
 * then a pattern that reads as a descriptor (buffer SEED_BUF, 60 bytes),
 * rings, MAC loopback and a TX doorbell send frames through the card's
 * RX path and the firmware.  The core seed does the same in
 * xnic-core-fuzz's format (xnic-core-fuzz.h), which has an action for
 * FW_LOAD of the built image, and adds a frame from the wire.  Offsets
 * come from include/xnic/regs.h.
 *
 * usage: xnic-fuzz-seeds qemu|core FIRMWARE.img OUTDIR
 */
#define _GNU_SOURCE	/* memmem */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic/regs.h"
#include "xnic-core-fuzz.h"

/* generic-fuzz's opcodes (enum in generic_fuzz.c, taken modulo 10) */
enum {
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
/* Guest RAM the seeds name for the image, rings and buffers */
#define SEED_FW_ADDR		0x100000u
#define SEED_TX_RING		0x200000u
#define SEED_RX_RING		0x210000u
#define SEED_BUF		0x300000u
#define SEED_FRAME_LEN		60
#define SEED_MAX		8192

struct seed {
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

static void seed_command(struct seed *s, uint8_t op, const void *args,
			 size_t len)
{
	if (s->len)
		seed_put(s, SEED_SEPARATOR, strlen(SEED_SEPARATOR));
	seed_put(s, &op, 1);
	seed_put(s, args, len);
}

/* op_write's argument: size, base, 2 bytes of padding, offset, value */
static void seed_reg_write(struct seed *s, uint32_t reg, uint32_t val)
{
	uint8_t a[16] = { SEED_SIZE_LONG, SEED_BASE_REGS };
	unsigned int i;

	for (i = 0; i < 4; i++)
		a[4 + i] = reg >> (8 * i);
	for (i = 0; i < 4; i++)
		a[8 + i] = val >> (8 * i);
	seed_command(s, SEED_OP_WRITE, a, sizeof(a));
}

/* A pattern of index 0, stride 0: every DMA read gets data, repeated. */
static void seed_dma_pattern(struct seed *s, const uint8_t *data, size_t len)
{
	uint8_t a[2 + SEED_MAX];

	if (len > SEED_MAX)
		seed_fail("DMA pattern too long");
	a[0] = 0;
	a[1] = 0;
	memcpy(a + 2, data, len);
	seed_command(s, SEED_OP_ADD_DMA_PATTERN, a, 2 + len);
}

static void seed_fw_load(struct seed *s, uint32_t len)
{
	seed_reg_write(s, XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_ADDR_LO, SEED_FW_ADDR);
	seed_reg_write(s, XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_ADDR_HI, 0);
	seed_reg_write(s, XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_LEN, len);
	seed_reg_write(s, XNIC_REG_MBOX_LEN, XNIC_FW_LOAD_REQ_SIZE);
	seed_reg_write(s, XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_FW_LOAD);
}

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
	unsigned int i;

	for (i = 0; i < 4; i++)
		d[XNIC_DESC_ADDR + i] = SEED_BUF >> (8 * i);
	d[XNIC_DESC_LEN] = SEED_FRAME_LEN;
	seed_command(s, SEED_OP_CLEAR_DMA_PATTERNS, "", 0);
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
	seed_command(s, SEED_OP_CLOCK_STEP, "", 0);
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

static size_t seed_read_image(const char *path, uint8_t *img, size_t max)
{
	FILE *f = fopen(path, "rb");
	size_t len;

	if (!f)
		seed_fail(strerror(errno));
	len = fread(img, 1, max, f);
	fclose(f);
	if (!len || len == max)
		seed_fail("firmware image empty or too large for a seed");
	/* The separator inside the pattern would split the command. */
	if (memmem(img, len, SEED_SEPARATOR, strlen(SEED_SEPARATOR)))
		seed_fail("firmware image holds the separator \"FUZZ\"");
	return len;
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

static void core_reg_write(struct seed *s, uint32_t reg, uint32_t val)
{
	core_action(s, FUZZ_REG_WRITE, reg | (uint64_t)val << 16, 6);
}

static void core_mem(struct seed *s, uint32_t addr, const uint8_t *data,
		     uint8_t len)
{
	core_action(s, FUZZ_MEM, addr | (uint32_t)len << 16, 3);
	seed_put(s, data, len);
}

static void core_desc(struct seed *s, uint32_t at, uint32_t buf, uint16_t len)
{
	uint8_t d[XNIC_DESC_SIZE] = { 0 };
	unsigned int i;

	for (i = 0; i < 4; i++)
		d[XNIC_DESC_ADDR + i] = buf >> (8 * i);
	d[XNIC_DESC_LEN] = len;
	d[XNIC_DESC_LEN + 1] = len >> 8;
	core_mem(s, at, d, sizeof(d));
}

/* A broadcast frame of SEED_FRAME_LEN bytes */
static void seed_frame(uint8_t *f)
{
	memset(f, 0xff, 6);
	memset(f + 6, 0x02, 6);
	f[12] = 0x88;
	f[13] = 0xb5;
	memset(f + XNIC_ETH_HLEN, 0x5a, SEED_FRAME_LEN - XNIC_ETH_HLEN);
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

	seed_frame(frame);
	core_action(s, FUZZ_FW_LOAD, fw, 2);
	for (i = 0; i < 4; i++)
		core_desc(s, rx + i * XNIC_DESC_SIZE, buf + i * 0x800, 0x800);
	core_desc(s, tx, 0x3000, SEED_FRAME_LEN);
	core_mem(s, 0x3000, frame, sizeof(frame));
	core_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_TX_BASE_LO, tx);
	core_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_TX_SIZE, XNIC_RING_MIN_SIZE);
	core_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_TX_CTRL, XNIC_QCTRL_ENABLE);
	core_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_RX_BASE_LO, rx);
	core_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_RX_SIZE, XNIC_RING_MIN_SIZE);
	core_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_RX_CTRL, XNIC_QCTRL_ENABLE);
	core_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_RX_TAIL, 4);
	core_reg_write(s, XNIC_REG_CTRL, XNIC_CTRL_ENABLE);
	core_action(s, FUZZ_RX, sizeof(frame), 2);
	seed_put(s, frame, sizeof(frame));
	core_action(s, FUZZ_CARD_RUN, 0, 0);
	core_reg_write(s, XNIC_REG_CTRL, XNIC_CTRL_ENABLE | XNIC_CTRL_LOOPBACK);
	core_reg_write(s, XNIC_QP_BASE(0) + XNIC_Q_TX_TAIL, 1);
	core_action(s, FUZZ_CARD_RUN, 0, 0);
}

int main(int argc, char **argv)
{
	static struct seed fw, rings, core;
	static uint8_t img[SEED_MAX / 2];
	size_t len;

	if (argc != 4 || (strcmp(argv[1], "qemu") && strcmp(argv[1], "core")))
		seed_fail("usage: xnic-fuzz-seeds qemu|core FIRMWARE.img OUTDIR");
	len = seed_read_image(argv[2], img, sizeof(img));
	if (!strcmp(argv[1], "core")) {
		core_seed(&core);
		seed_write(argv[3], "seed-core", &core);
		return 0;
	}

	/* The firmware running, frames through it */
	seed_dma_pattern(&fw, img, len);
	seed_fw_load(&fw, len);
	seed_traffic(&fw);
	seed_write(argv[3], "seed-firmware", &fw);

	/* Without firmware: rings and frames dropped in front of the card */
	seed_traffic(&rings);
	seed_write(argv[3], "seed-rings", &rings);
	return 0;
}
