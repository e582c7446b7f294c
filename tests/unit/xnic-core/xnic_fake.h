/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test environment for the xnic core: a flat fake guest memory and ops
 * that record what the card did (frames sent, interrupts, errors, DMA).
 */
#ifndef XNIC_FAKE_H
#define XNIC_FAKE_H

#include <check.h>

#include "xnic_core.h"

#define XNIC_FAKE_MEM_BASE	0x10000000ull
#define XNIC_FAKE_MEM_SIZE	(2u << 20)
#define XNIC_FAKE_QUEUES	4
#define XNIC_FAKE_TX_RING	(XNIC_FAKE_MEM_BASE + 0x0000)
#define XNIC_FAKE_RX_RING	(XNIC_FAKE_MEM_BASE + 0x10000)
#define XNIC_FAKE_BUFS		(XNIC_FAKE_MEM_BASE + 0x20000)
#define XNIC_FAKE_BUF_SIZE	0x2400	/* XNIC_MAX_FRAME rounded up */
#define XNIC_FAKE_FW		(XNIC_FAKE_MEM_BASE + 0x100000)	/* image, 1 MiB */

struct xnic_fake {
	struct xnic_core core;
	uint8_t mem[XNIC_FAKE_MEM_SIZE];
	bool msix;
	unsigned int msix_count[XNIC_MSIX_VECTORS(XNIC_MAX_QUEUE_PAIRS)];
	bool intx;
	unsigned int guest_errors;
	unsigned int rx_ready;
	unsigned int tx_count;
	uint8_t tx_frame[XNIC_MAX_FRAME];
	size_t tx_len;
	/* frames CTRL.LOOPBACK turned around: the last one and how many */
	unsigned int loop_count;
	uint8_t loop_frame[XNIC_MAX_FRAME];
	size_t loop_len;
	/* that many come back in at once, as on a looped wire */
	unsigned int loop_in;
	/* Optional: called on every DMA before it is served. */
	void (*dma_hook)(struct xnic_fake *fake, uint64_t addr, size_t len,
			 bool write);
	bool dma_fail;	/* fail every DMA */
	unsigned int card_kicks;	/* runs the card asked for */
	uint64_t clock_ns;		/* what RX_CTRL.TSTAMP reads */
};

extern struct xnic_fake *xnic_fake;
extern const uint8_t xnic_fake_mac[6];

void xnic_fake_setup(void);
/* Setup with a card other than the default one. */
void xnic_fake_setup_card(const struct xnic_card_config *card);
void xnic_fake_teardown(void);

uint32_t xnic_fake_rd(uint32_t off);
void xnic_fake_wr(uint32_t off, uint32_t val);
uint32_t xnic_fake_qrd(unsigned int q, uint32_t off);
void xnic_fake_qwr(unsigned int q, uint32_t off, uint32_t val);

uint8_t *xnic_fake_mem(uint64_t addr, size_t len);
/* Ring of one direction (dir is XNIC_Q_TX_BASE_LO or XNIC_Q_RX_BASE_LO). */
void xnic_fake_ring(unsigned int q, uint32_t dir, uint64_t base,
		    uint32_t size);
void xnic_fake_desc(uint64_t ring, uint32_t idx, uint64_t addr, uint16_t len);
void xnic_fake_desc_flags(uint64_t ring, uint32_t idx, uint16_t flags);
uint16_t xnic_fake_desc16(uint64_t ring, uint32_t idx, uint32_t field);
uint64_t xnic_fake_buf(unsigned int n);
/* An Ethernet frame to dst, of len bytes, payload filled from seed. */
void xnic_fake_frame(uint8_t *frame, size_t len, const uint8_t *dst,
		     uint8_t seed);
void xnic_fake_enable(void);

/* The built firmware (XNIC_FW_IMG), malloc'ed; *len its size. */
uint8_t *xnic_fake_fw_image(size_t *len);
/* Put an image at XNIC_FAKE_FW and run FW_LOAD; returns MBOX_STATUS. */
uint32_t xnic_fake_load(const uint8_t *img, size_t len);
/* Load the built firmware; it must start. */
void xnic_fake_load_fw(void);
/* Run the card until it asks for no more runs (bounded). */
void xnic_fake_run_card(void);

#endif
