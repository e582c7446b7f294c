// SPDX-License-Identifier: GPL-2.0-or-later
/* Test environment for the xnic core: see xnic_fake.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_fake.h"

struct xnic_fake *xnic_fake;
const uint8_t xnic_fake_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

uint8_t *xnic_fake_mem(uint64_t addr, size_t len)
{
	if (addr < XNIC_FAKE_MEM_BASE || len > XNIC_FAKE_MEM_SIZE ||
	    addr - XNIC_FAKE_MEM_BASE > XNIC_FAKE_MEM_SIZE - len)
		return NULL;
	return &xnic_fake->mem[addr - XNIC_FAKE_MEM_BASE];
}

static bool xnic_fake_dma_read(void *opaque, uint64_t addr, void *buf,
			       size_t len)
{
	struct xnic_fake *fake = opaque;
	uint8_t *p;

	if (fake->dma_hook)
		fake->dma_hook(fake, addr, len, false);
	p = xnic_fake_mem(addr, len);
	if (!p || fake->dma_fail)
		return false;
	memcpy(buf, p, len);
	return true;
}

static bool xnic_fake_dma_write(void *opaque, uint64_t addr, const void *buf,
				size_t len)
{
	struct xnic_fake *fake = opaque;
	uint8_t *p;

	if (fake->dma_hook)
		fake->dma_hook(fake, addr, len, true);
	p = xnic_fake_mem(addr, len);
	if (!p || fake->dma_fail)
		return false;
	memcpy(p, buf, len);
	return true;
}

static bool xnic_fake_msix_enabled(void *opaque)
{
	return ((struct xnic_fake *)opaque)->msix;
}

static void xnic_fake_msix_notify(void *opaque, unsigned int vector)
{
	struct xnic_fake *fake = opaque;

	ck_assert_uint_lt(vector, XNIC_MSIX_VECTORS(XNIC_FAKE_QUEUES));
	fake->msix_count[vector]++;
}

static void xnic_fake_set_intx(void *opaque, bool level)
{
	((struct xnic_fake *)opaque)->intx = level;
}

static void xnic_fake_wire_tx(void *opaque, const uint8_t *frame, size_t len)
{
	struct xnic_fake *fake = opaque;

	ck_assert_uint_le(len, XNIC_MAX_FRAME);
	memcpy(fake->tx_frame, frame, len);
	fake->tx_len = len;
	fake->tx_count++;
}

static void xnic_fake_wire_loopback(void *opaque, const uint8_t *frame,
				    size_t len)
{
	struct xnic_fake *fake = opaque;

	ck_assert_uint_le(len, XNIC_MAX_FRAME);
	memcpy(fake->loop_frame, frame, len);
	fake->loop_len = len;
	fake->loop_count++;
	if (fake->loop_in) {
		fake->loop_in--;
		xnic_core_receive(&fake->core, frame, len);
	}
}

static void xnic_fake_rx_ready(void *opaque)
{
	((struct xnic_fake *)opaque)->rx_ready++;
}

static void xnic_fake_guest_error(void *opaque, const char *msg)
{
	ck_assert_ptr_nonnull(msg);
	((struct xnic_fake *)opaque)->guest_errors++;
}

static void xnic_fake_card_kick(void *opaque)
{
	((struct xnic_fake *)opaque)->card_kicks++;
}

static uint64_t xnic_fake_clock_ns(void *opaque)
{
	return ((struct xnic_fake *)opaque)->clock_ns;
}

static const struct xnic_core_ops xnic_fake_ops = {
	.dma_read = xnic_fake_dma_read,
	.dma_write = xnic_fake_dma_write,
	.msix_enabled = xnic_fake_msix_enabled,
	.msix_notify = xnic_fake_msix_notify,
	.set_intx = xnic_fake_set_intx,
	.wire_tx = xnic_fake_wire_tx,
	.wire_loopback = xnic_fake_wire_loopback,
	.rx_ready = xnic_fake_rx_ready,
	.guest_error = xnic_fake_guest_error,
	.card_kick = xnic_fake_card_kick,
	.clock_ns = xnic_fake_clock_ns,
};

void xnic_fake_setup_card(const struct xnic_card_config *card)
{
	char err[200];

	xnic_fake = calloc(1, sizeof(*xnic_fake));
	ck_assert_ptr_nonnull(xnic_fake);
	xnic_fake->msix = true;
	ck_assert_msg(xnic_core_init(&xnic_fake->core, &xnic_fake_ops, xnic_fake,
				     XNIC_FAKE_QUEUES, xnic_fake_mac, true,
				     card, err, sizeof(err)) == 0, "%s", err);
}

void xnic_fake_setup(void)
{
	struct xnic_card_config card;

	xnic_card_config_default(&card);
	xnic_fake_setup_card(&card);
}

void xnic_fake_teardown(void)
{
	xnic_core_destroy(&xnic_fake->core);
	free(xnic_fake);
	xnic_fake = NULL;
}

uint32_t xnic_fake_rd(uint32_t off)
{
	return xnic_regfile_read(&xnic_fake->core, off, 4);
}

void xnic_fake_wr(uint32_t off, uint32_t val)
{
	xnic_regfile_write(&xnic_fake->core, off, val, 4);
}

uint32_t xnic_fake_qrd(unsigned int q, uint32_t off)
{
	return xnic_fake_rd(XNIC_QP_BASE(q) + off);
}

void xnic_fake_qwr(unsigned int q, uint32_t off, uint32_t val)
{
	xnic_fake_wr(XNIC_QP_BASE(q) + off, val);
}

void xnic_fake_ring(unsigned int q, uint32_t dir, uint64_t base,
		    uint32_t size)
{
	uint32_t rel = dir - XNIC_Q_TX_BASE_LO;

	xnic_fake_qwr(q, rel + XNIC_Q_TX_BASE_LO, (uint32_t)base);
	xnic_fake_qwr(q, rel + XNIC_Q_TX_BASE_HI, base >> 32);
	xnic_fake_qwr(q, rel + XNIC_Q_TX_SIZE, size);
	xnic_fake_qwr(q, rel + XNIC_Q_TX_TAIL, 0);
	xnic_fake_qwr(q, rel + XNIC_Q_TX_CTRL, XNIC_QCTRL_ENABLE);
}

static void xnic_fake_put(uint8_t *p, uint64_t val, unsigned int bytes)
{
	unsigned int i;

	for (i = 0; i < bytes; i++)
		p[i] = val >> (8 * i);
}

void xnic_fake_desc(uint64_t ring, uint32_t idx, uint64_t addr, uint16_t len)
{
	uint8_t *d = xnic_fake_mem(ring + idx * XNIC_DESC_SIZE, XNIC_DESC_SIZE);

	ck_assert_ptr_nonnull(d);
	memset(d, 0, XNIC_DESC_SIZE);
	xnic_fake_put(d + XNIC_DESC_ADDR, addr, 8);
	xnic_fake_put(d + XNIC_DESC_LEN, len, 2);
}

void xnic_fake_desc_flags(uint64_t ring, uint32_t idx, uint16_t flags)
{
	xnic_fake_put(xnic_fake_mem(ring + idx * XNIC_DESC_SIZE, XNIC_DESC_SIZE) +
		      XNIC_DESC_FLAGS, flags, 2);
}

uint16_t xnic_fake_desc16(uint64_t ring, uint32_t idx, uint32_t field)
{
	uint8_t *d = xnic_fake_mem(ring + idx * XNIC_DESC_SIZE, XNIC_DESC_SIZE);

	return d[field] | d[field + 1] << 8;
}

uint64_t xnic_fake_buf(unsigned int n)
{
	return XNIC_FAKE_BUFS + (uint64_t)n * XNIC_FAKE_BUF_SIZE;
}

void xnic_fake_frame(uint8_t *frame, size_t len, const uint8_t *dst,
		     uint8_t seed)
{
	size_t i;

	memcpy(frame, dst, 6);
	memcpy(frame + 6, "\x02\x00\x00\x00\x00\x01", 6);
	frame[12] = 0x88;	/* local experimental ethertype: not IP */
	frame[13] = 0xb5;
	for (i = XNIC_ETH_HLEN; i < len; i++)
		frame[i] = seed + i * 7;
}

void xnic_fake_enable(void)
{
	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_ENABLE);
}

uint8_t *xnic_fake_fw_image(size_t *len)
{
	FILE *f = fopen(XNIC_FW_IMG, "rb");
	uint8_t *buf = malloc(XNIC_FW_MAX_SIZE);

	ck_assert_msg(f != NULL, "cannot open %s", XNIC_FW_IMG);
	ck_assert_ptr_nonnull(buf);
	*len = fread(buf, 1, XNIC_FW_MAX_SIZE, f);
	fclose(f);
	ck_assert_uint_gt(*len, 0);
	return buf;
}

uint32_t xnic_fake_load(const uint8_t *img, size_t len)
{
	uint8_t *dst = xnic_fake_mem(XNIC_FAKE_FW, len);

	ck_assert_ptr_nonnull(dst);
	memcpy(dst, img, len);
	xnic_fake_wr(XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_ADDR_LO,
		     (uint32_t)XNIC_FAKE_FW);
	xnic_fake_wr(XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_ADDR_HI,
		     XNIC_FAKE_FW >> 32);
	xnic_fake_wr(XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_LEN, len);
	xnic_fake_wr(XNIC_REG_MBOX_LEN, XNIC_FW_LOAD_REQ_SIZE);
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_FW_LOAD);
	return xnic_fake_rd(XNIC_REG_MBOX_STATUS);
}

void xnic_fake_load_fw(void)
{
	size_t len;
	uint8_t *img = xnic_fake_fw_image(&len);

	ck_assert_uint_eq(xnic_fake_load(img, len), XNIC_MBOX_DONE);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_RUNNING);
	free(img);
}

void xnic_fake_run_card(void)
{
	unsigned int i;

	for (i = 0; i < 1000 && xnic_fake->card_kicks; i++) {
		xnic_fake->card_kicks = 0;
		xnic_core_card_run(&xnic_fake->core);
	}
	ck_assert_uint_eq(xnic_fake->card_kicks, 0);
}
