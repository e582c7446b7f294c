// SPDX-License-Identifier: GPL-2.0-or-later
/* xnic RX path: MAC filter, MTU, queue choice, RX rings, link. */
#include <string.h>

#include "xnic_fake.h"

Suite *make_rx_suite(void);

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t other[6] = { 0x52, 0x54, 0x00, 0x99, 0x99, 0x99 };
static const uint8_t mcast[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 };

static void post_rx(unsigned int q, uint32_t count, uint16_t buf_len)
{
	uint64_t ring = XNIC_FAKE_RX_RING + q * 0x1000;
	uint32_t i;

	for (i = 0; i < count; i++)
		xnic_fake_desc(ring, i, xnic_fake_buf(q * 8 + i), buf_len);
	xnic_fake_qwr(q, XNIC_Q_RX_TAIL, count);
}

/* Frames reach the rings through the built firmware (docs/firmware.md). */
static void rx_setup(void)
{
	xnic_fake_setup();
	xnic_fake_load_fw();
	xnic_fake_wr(XNIC_REG_MISC_CAUSE, ~0u);
	xnic_fake_enable();
	xnic_fake_ring(0, XNIC_Q_RX_BASE_LO, XNIC_FAKE_RX_RING, 64);
}

static void receive(const uint8_t *dst, size_t len, uint8_t seed)
{
	uint8_t frame[XNIC_MAX_FRAME];

	xnic_fake_frame(frame, len, dst, seed);
	xnic_core_receive(&xnic_fake->core, frame, len);
}

START_TEST(test_rx_into_posted_buffer)
{
	uint8_t expect[200];
	unsigned int ready = xnic_fake->rx_ready;

	post_rx(0, 4, 2048);
	ck_assert_uint_eq(xnic_fake->rx_ready, ready + 1);
	receive(xnic_fake_mac, 200, 9);
	xnic_fake_frame(expect, 200, xnic_fake_mac, 9);
	ck_assert_mem_eq(xnic_fake_mem(xnic_fake_buf(0), 200), expect, 200);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_PKT_LEN), 200);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 1, XNIC_DESC_STATUS), 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_HEAD), 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_BYTES), 200);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_WIRE_RX_FRAMES), 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_IRQ_CAUSE), XNIC_QIRQ_RX);
	ck_assert_uint_eq(xnic_fake->msix_count[XNIC_MSIX_QUEUE_VECTOR(0)], 1);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

/* Low 32 bits of a descriptor's addr field: the RX seq write-back. */
static uint32_t desc_seq(uint32_t idx)
{
	return xnic_fake_desc16(XNIC_FAKE_RX_RING, idx, XNIC_DESC_SEQ) |
	       (uint32_t)xnic_fake_desc16(XNIC_FAKE_RX_RING, idx,
					  XNIC_DESC_SEQ + 2) << 16;
}

/*
 * Every frame from the wire takes a number, including those the MAC
 * filters and those dropped for lack of a buffer; the number lands in the
 * descriptor over addr bits 31:0 and leaves bits 63:32 alone, also when
 * the buffer was unwritable.  A reset starts again from 0.
 */
START_TEST(test_rx_sequence_numbers)
{
	post_rx(0, 3, 2048);
	xnic_fake_desc(XNIC_FAKE_RX_RING, 2, 0xabcd000012345678ull, 2048);
	receive(xnic_fake_mac, 60, 0);		/* seq 0 -> slot 0 */
	receive(other, 60, 0);			/* seq 1, filtered */
	receive(xnic_fake_mac, 60, 0);		/* seq 2 -> slot 1 */
	receive(xnic_fake_mac, 60, 0);		/* seq 3 -> slot 2, DMA error */
	receive(xnic_fake_mac, 60, 0);		/* seq 4, no buffer */
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_NO_BUF), 1);
	ck_assert_uint_eq(desc_seq(0), 0);
	ck_assert_uint_eq(desc_seq(1), 2);
	ck_assert_uint_eq(desc_seq(2), 3);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 2, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE | XNIC_DESC_S_ERROR);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_DMA);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 2, XNIC_DESC_ADDR + 4),
			  0x0000);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 2, XNIC_DESC_ADDR + 6),
			  0xabcd);
	xnic_fake_desc(XNIC_FAKE_RX_RING, 3, xnic_fake_buf(3), 2048);
	xnic_fake_qwr(0, XNIC_Q_RX_TAIL, 4);
	receive(xnic_fake_mac, 60, 0);		/* seq 5 -> slot 3 */
	ck_assert_uint_eq(desc_seq(3), 5);

	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_RESET);
	xnic_fake_load_fw();
	xnic_fake_enable();
	xnic_fake_ring(0, XNIC_Q_RX_BASE_LO, XNIC_FAKE_RX_RING, 64);
	post_rx(0, 1, 2048);
	receive(xnic_fake_mac, 60, 0);
	ck_assert_uint_eq(desc_seq(0), 0);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE);
	ck_assert_uint_eq(xnic_fake->guest_errors, 1);
}
END_TEST

START_TEST(test_rx_no_buffer)
{
	ck_assert(!xnic_core_can_receive(&xnic_fake->core));
	receive(xnic_fake_mac, 100, 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_NO_BUF), 1);
	post_rx(0, 1, 2048);
	ck_assert(xnic_core_can_receive(&xnic_fake->core));
	receive(xnic_fake_mac, 100, 0);
	receive(xnic_fake_mac, 100, 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_NO_BUF), 2);
	ck_assert(!xnic_core_can_receive(&xnic_fake->core));
}
END_TEST

START_TEST(test_rx_truncation_keeps_descriptor)
{
	post_rx(0, 1, 128);
	receive(xnic_fake_mac, 129, 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_TRUNC), 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_HEAD), 0);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_STATUS), 0);
	ck_assert_uint_eq(*xnic_fake_mem(xnic_fake_buf(0), 1), 0);
	receive(xnic_fake_mac, 128, 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_HEAD), 1);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_PKT_LEN), 128);
}
END_TEST

START_TEST(test_rx_tiny_buffer_is_error)
{
	post_rx(0, 2, 2048);
	xnic_fake_desc(XNIC_FAKE_RX_RING, 0, xnic_fake_buf(0), 10);
	receive(xnic_fake_mac, 60, 0);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE | XNIC_DESC_S_ERROR);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_PKT_LEN), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_BAD_LENGTH);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_HEAD), 1);
	receive(xnic_fake_mac, 60, 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 1);
}
END_TEST

/*
 * Multi-descriptor frames (docs/device.md "Multi-descriptor frames"):
 * with RX_CTRL.SCATTER a 9000-byte frame fills 4000-byte buffers in
 * order, MORE on all but the last, the same seq in each; the next frame
 * starts in the next descriptor.
 */
static void scatter_setup(void)
{
	xnic_fake_wr(XNIC_REG_MTU, 9000);
	xnic_fake_qwr(0, XNIC_Q_RX_CTRL, XNIC_QCTRL_ENABLE | XNIC_QCTRL_RX_SCATTER);
}

START_TEST(test_rx_scatter_spans_descriptors)
{
	static const uint16_t lens[] = { 4000, 4000, 1000 };
	static uint8_t expect[9000];
	unsigned int i, off = 0;

	scatter_setup();
	post_rx(0, 8, 4000);
	receive(xnic_fake_mac, 9000, 7);
	xnic_fake_frame(expect, 9000, xnic_fake_mac, 7);
	for (i = 0; i < 3; off += lens[i], i++) {
		ck_assert_mem_eq(xnic_fake_mem(xnic_fake_buf(i), lens[i]),
				 expect + off, lens[i]);
		ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, i, XNIC_DESC_PKT_LEN),
				  lens[i]);
		ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, i, XNIC_DESC_STATUS),
				  XNIC_DESC_S_DONE | (i < 2 ? XNIC_DESC_S_MORE : 0));
		ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, i, XNIC_DESC_SEQ), 0);
	}
	/* The card writes no byte beyond the frame */
	ck_assert_uint_eq(*xnic_fake_mem(xnic_fake_buf(2) + 1000, 1), 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_HEAD), 3);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_BYTES), 9000);
	ck_assert_uint_eq(xnic_fake->msix_count[XNIC_MSIX_QUEUE_VECTOR(0)], 1);
	receive(xnic_fake_mac, 200, 8);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 3, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 3, XNIC_DESC_SEQ), 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_HEAD), 4);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

/* Without SCATTER a frame longer than the buffer at HEAD is truncated. */
START_TEST(test_rx_no_scatter_truncates)
{
	xnic_fake_wr(XNIC_REG_MTU, 9000);
	post_rx(0, 8, 4000);
	receive(xnic_fake_mac, 9000, 7);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_TRUNC), 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_HEAD), 0);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_STATUS), 0);
}
END_TEST

/*
 * A frame that needs more descriptors than are posted is dropped as
 * NO_BUF, one that needs more than XNIC_DESC_CHAIN_MAX as TRUNC; neither
 * touches the ring.
 */
START_TEST(test_rx_scatter_short_of_buffers)
{
	scatter_setup();
	post_rx(0, 2, 4000);
	receive(xnic_fake_mac, 9000, 7);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_NO_BUF), 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_HEAD), 0);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_STATUS), 0);
	ck_assert_uint_eq(*xnic_fake_mem(xnic_fake_buf(0), 1), 0);
	post_rx(0, 63, 100);
	receive(xnic_fake_mac, 9000, 7);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_TRUNC), 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_HEAD), 0);
	receive(xnic_fake_mac, 100 * XNIC_DESC_CHAIN_MAX, 7);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_HEAD), XNIC_DESC_CHAIN_MAX);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 1);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

/* A buffer shorter than any frame ends the chain, every part with ERROR. */
START_TEST(test_rx_scatter_tiny_buffer)
{
	scatter_setup();
	post_rx(0, 4, 4000);
	xnic_fake_desc(XNIC_FAKE_RX_RING, 1, xnic_fake_buf(1), 10);
	receive(xnic_fake_mac, 9000, 7);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE | XNIC_DESC_S_ERROR | XNIC_DESC_S_MORE);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 1, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE | XNIC_DESC_S_ERROR);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_PKT_LEN), 0);
	ck_assert_uint_eq(*xnic_fake_mem(xnic_fake_buf(0), 1), 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_HEAD), 2);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_BAD_LENGTH);
}
END_TEST

START_TEST(test_rx_unmapped_buffer)
{
	post_rx(0, 1, 2048);
	xnic_fake_desc(XNIC_FAKE_RX_RING, 0, 0x2000, 2048);
	receive(xnic_fake_mac, 60, 0);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE | XNIC_DESC_S_ERROR);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_DMA);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 0);
}
END_TEST

/*
 * Injected fault (docs/device.md "Fault injection"): the read of the
 * frame's descriptor fails as a bus error would.  The card stops the ring
 * and says so (ERR_DMA, MISC_ERROR) instead of guessing at a descriptor;
 * the firmware runs on, and the ring the driver sets up again takes the
 * next frame.
 */
START_TEST(test_rx_descriptor_dma_fault)
{
	uint8_t expect[100];

	post_rx(0, 4, 2048);
	xnic_fake->core.fault_dma_desc = 1;
	receive(xnic_fake_mac, 100, 1);
	ck_assert_uint_eq(xnic_fake->core.fault_dma_desc, 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_CTRL) & XNIC_QCTRL_ENABLE, 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_DMA);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MISC_CAUSE), XNIC_MISC_ERROR);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_STATUS), 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_HEAD), 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_RUNNING);
	/* the driver's datapath reset: the ring again, and the next frame */
	xnic_fake_qwr(0, XNIC_Q_RX_CTRL, 0);
	xnic_fake_ring(0, XNIC_Q_RX_BASE_LO, XNIC_FAKE_RX_RING, 64);
	post_rx(0, 4, 2048);
	receive(xnic_fake_mac, 100, 2);
	xnic_fake_frame(expect, 100, xnic_fake_mac, 2);
	ck_assert_mem_eq(xnic_fake_mem(xnic_fake_buf(0), 100), expect, 100);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 1);
}
END_TEST

START_TEST(test_mac_filter)
{
	post_rx(0, 8, 2048);
	receive(other, 60, 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_WIRE_RX_FILTERED), 1);
	receive(bcast, 60, 0);
	receive(mcast, 60, 0);
	receive(xnic_fake_mac, 60, 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 3);
	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_ENABLE | XNIC_CTRL_PROMISC);
	receive(other, 60, 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 4);
	/* A new address programmed into MAC_LO/HI takes effect. */
	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_ENABLE);
	xnic_fake_wr(XNIC_REG_MAC_LO, 0x99005452);
	xnic_fake_wr(XNIC_REG_MAC_HI, 0x9999);
	receive(other, 60, 0);
	receive(xnic_fake_mac, 60, 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 5);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_WIRE_RX_FILTERED), 2);
	receive(bcast, 13, 0);	/* runt */
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_WIRE_RX_FILTERED), 3);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_WIRE_RX_FRAMES), 8);
}
END_TEST

START_TEST(test_mac_oversize)
{
	uint8_t frame[1600];

	post_rx(0, 8, 2048);
	receive(bcast, 1514, 0);
	receive(bcast, 1515, 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_WIRE_RX_OVERSIZE), 1);
	xnic_fake_frame(frame, 1518, bcast, 0);
	frame[12] = 0x81;
	frame[13] = 0x00;
	xnic_core_receive(&xnic_fake->core, frame, 1518);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_WIRE_RX_OVERSIZE), 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 2);
	xnic_fake_wr(XNIC_REG_MTU, 1000);
	receive(bcast, 1015, 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_WIRE_RX_OVERSIZE), 2);
}
END_TEST

START_TEST(test_link_changes)
{
	post_rx(0, 8, 2048);
	xnic_core_set_link(&xnic_fake->core, false);
	xnic_core_set_link(&xnic_fake->core, true);
	ck_assert_uint_eq(xnic_fake->msix_count[XNIC_MSIX_MISC_VECTOR], 0);
	xnic_fake_wr(XNIC_REG_MISC_CAUSE, XNIC_MISC_LINK);
	xnic_fake_wr(XNIC_REG_MISC_MASK, 0);
	xnic_core_set_link(&xnic_fake->core, false);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_STATUS), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MISC_CAUSE), XNIC_MISC_LINK);
	ck_assert_uint_eq(xnic_fake->msix_count[XNIC_MSIX_MISC_VECTOR], 1);
	receive(bcast, 60, 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_WIRE_RX_FRAMES), 0);
	xnic_core_set_link(&xnic_fake->core, false);
	ck_assert_uint_eq(xnic_fake->msix_count[XNIC_MSIX_MISC_VECTOR], 1);
	/* Masked: the cause is latched, the vector fires on unmask. */
	xnic_fake_wr(XNIC_REG_MISC_MASK, XNIC_MISC_LINK);
	xnic_fake_wr(XNIC_REG_MISC_CAUSE, XNIC_MISC_LINK);
	xnic_core_set_link(&xnic_fake->core, true);
	ck_assert_uint_eq(xnic_fake->msix_count[XNIC_MSIX_MISC_VECTOR], 1);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_STATUS), XNIC_STATUS_LINK_UP);
	xnic_fake_wr(XNIC_REG_MISC_MASK, 0);
	ck_assert_uint_eq(xnic_fake->msix_count[XNIC_MSIX_MISC_VECTOR], 2);
	receive(bcast, 60, 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_FRAMES), 1);
}
END_TEST

START_TEST(test_rx_disabled_card_drops_uncounted)
{
	post_rx(0, 8, 2048);
	xnic_fake_wr(XNIC_REG_CTRL, 0);
	ck_assert(xnic_core_can_receive(&xnic_fake->core));
	receive(bcast, 60, 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_WIRE_RX_FRAMES), 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_HEAD), 0);
}
END_TEST

/* An IPv4/UDP frame whose flow is chosen by the source port. */
static void udp_frame(uint8_t *f, uint16_t sport)
{
	xnic_fake_frame(f, 60, xnic_fake_mac, 0);
	f[12] = 0x08;
	f[13] = 0x00;
	f[14] = 0x45;
	f[20] = 0;	/* no fragment */
	f[21] = 0;
	f[23] = 17;
	memcpy(f + 26, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	f[34] = sport >> 8;
	f[35] = sport;
	f[36] = 0x30;
	f[37] = 0x39;
}

START_TEST(test_flow_hash_spreads_and_is_stable)
{
	unsigned int hits[XNIC_FAKE_QUEUES] = { 0 };
	uint8_t f[60];
	unsigned int q, port, used = 0;

	for (q = 1; q < XNIC_FAKE_QUEUES; q++)
		xnic_fake_ring(q, XNIC_Q_RX_BASE_LO, XNIC_FAKE_RX_RING + q * 0x1000, 64);
	for (port = 1000; port < 1064; port++) {
		int first, again;

		udp_frame(f, port);
		first = xnic_rss_queue(&xnic_fake->core, f, 60);
		again = xnic_rss_queue(&xnic_fake->core, f, 60);
		ck_assert_int_eq(first, again);
		ck_assert_int_ge(first, 0);
		hits[first]++;
	}
	for (q = 0; q < XNIC_FAKE_QUEUES; q++)
		used += hits[q] > 0;
	ck_assert_uint_eq(used, XNIC_FAKE_QUEUES);
	ck_assert_uint_eq(xnic_rss_flow_hash(xnic_fake->core.rss_key, f, 14), 0);
	xnic_fake_frame(f, 60, xnic_fake_mac, 0);
	ck_assert_uint_eq(xnic_rss_flow_hash(xnic_fake->core.rss_key, f, 60), 0);
}
END_TEST

START_TEST(test_rx_queue_among_enabled_only)
{
	uint8_t f[60];
	unsigned int port;

	xnic_fake_qwr(0, XNIC_Q_RX_CTRL, 0);
	xnic_fake_ring(2, XNIC_Q_RX_BASE_LO, XNIC_FAKE_RX_RING + 0x2000, 64);
	for (port = 1; port < 100; port++) {
		udp_frame(f, port);
		ck_assert_int_eq(xnic_rss_queue(&xnic_fake->core, f, 60), 2);
	}
	post_rx(2, 1, 2048);
	xnic_core_receive(&xnic_fake->core, f, 60);
	ck_assert_uint_eq(xnic_fake_qrd(2, XNIC_Q_RX_FRAMES), 1);
	xnic_fake_qwr(2, XNIC_Q_RX_CTRL, 0);
	ck_assert_int_eq(xnic_rss_queue(&xnic_fake->core, f, 60), -1);
	ck_assert(xnic_core_can_receive(&xnic_fake->core));
}
END_TEST

/* An IPv4 frame from src:sport to dst:dport, TCP (proto 6) or no ports */
static void ipv4_frame(uint8_t *f, const uint8_t src[4], const uint8_t dst[4],
		       uint16_t sport, uint16_t dport, uint8_t proto)
{
	xnic_fake_frame(f, 60, xnic_fake_mac, 0);
	f[12] = 0x08;
	f[13] = 0x00;
	f[14] = 0x45;
	f[20] = 0;
	f[21] = 0;
	f[23] = proto;
	memcpy(f + 26, src, 4);
	memcpy(f + 30, dst, 4);
	f[34] = sport >> 8;
	f[35] = sport;
	f[36] = dport >> 8;
	f[37] = dport;
}

/*
 * The hash is Toeplitz's with the reset key: the verification vectors
 * published with the Microsoft RSS specification (its example key is
 * the card's reset key), with and without TCP ports, IPv4 and IPv6.
 */
START_TEST(test_flow_hash_is_toeplitz)
{
	static const struct {
		uint8_t src[4], dst[4];
		uint16_t sport, dport;
		uint32_t ip_only, with_ports;
	} v4[] = {
		{ { 66, 9, 149, 187 }, { 161, 142, 100, 80 }, 2794, 1766,
		  0x323e8fc2, 0x51ccc178 },
		{ { 199, 92, 111, 2 }, { 65, 69, 140, 83 }, 14230, 4739,
		  0xd718262a, 0xc626b0ea },
		{ { 24, 19, 198, 95 }, { 12, 22, 207, 184 }, 12898, 38024,
		  0xd2d0a5de, 0x5c2b394a },
	};
	static const uint8_t src6[16] = { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x1f, 0xff,
					  0, 0, 0, 0, 0, 0, 0, 7 };
	static const uint8_t dst6[16] = { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x00, 0x03,
					  0, 0, 0, 0, 0, 0, 0, 1 };
	const uint8_t *key = xnic_fake->core.rss_key;
	uint8_t f[80];
	size_t i;

	for (i = 0; i < sizeof(v4) / sizeof(v4[0]); i++) {
		ipv4_frame(f, v4[i].src, v4[i].dst, v4[i].sport, v4[i].dport, 6);
		ck_assert_uint_eq(xnic_rss_flow_hash(key, f, 60), v4[i].with_ports);
		ipv4_frame(f, v4[i].src, v4[i].dst, v4[i].sport, v4[i].dport, 1);
		ck_assert_uint_eq(xnic_rss_flow_hash(key, f, 60), v4[i].ip_only);
	}
	xnic_fake_frame(f, 80, xnic_fake_mac, 0);
	f[12] = 0x86;
	f[13] = 0xdd;
	f[20] = 6;
	memcpy(f + 22, src6, 16);
	memcpy(f + 38, dst6, 16);
	f[54] = 2794 >> 8;
	f[55] = 2794 & 0xff;
	f[56] = 1766 >> 8;
	f[57] = 1766 & 0xff;
	ck_assert_uint_eq(xnic_rss_flow_hash(key, f, 80), 0x40207d3d);
	f[20] = 59;	/* no next header: addresses only */
	ck_assert_uint_eq(xnic_rss_flow_hash(key, f, 80), 0x2cc18cd5);
}
END_TEST

/* An 802.1Q or 802.1ad tag with @tci into the 60-byte frame @f: 64 bytes */
static void tag_frame(uint8_t *t, const uint8_t *f, uint16_t tpid, uint16_t tci)
{
	memcpy(t, f, 12);
	t[12] = tpid >> 8;
	t[13] = tpid;
	t[14] = tci >> 8;
	t[15] = tci;
	memcpy(t + 16, f + 12, 48);
}

static uint32_t desc_hash(uint32_t idx)
{
	return xnic_fake_desc16(XNIC_FAKE_RX_RING, idx, XNIC_DESC_HASH) |
	       (uint32_t)xnic_fake_desc16(XNIC_FAKE_RX_RING, idx,
					  XNIC_DESC_HASH + 2) << 16;
}

/*
 * RX metadata (docs/device.md "RX metadata"): with HASH, VLAN_STRIP and
 * TSTAMP the card writes back the RSS hash and type, takes the outer tag
 * out into vlan_tci and puts the clock into the timestamp area's entry of
 * the frame's slot; without them, none of it.
 */
START_TEST(test_rx_metadata)
{
	static const uint8_t src[4] = { 66, 9, 149, 187 }, dst[4] = { 161, 142, 100, 80 };
	const uint64_t area = xnic_fake_buf(40);
	uint8_t f[60], t[64];

	xnic_fake_qwr(0, XNIC_Q_RX_TS_LO, (uint32_t)area);
	xnic_fake_qwr(0, XNIC_Q_RX_TS_HI, area >> 32);
	xnic_fake_qwr(0, XNIC_Q_RX_CTRL, XNIC_QCTRL_ENABLE | XNIC_QCTRL_RX_HASH |
		      XNIC_QCTRL_RX_VLAN_STRIP | XNIC_QCTRL_RX_TSTAMP);
	post_rx(0, 4, 2048);
	ipv4_frame(f, src, dst, 2794, 1766, 6);
	tag_frame(t, f, XNIC_ETH_P_8021Q, 0x2064);
	xnic_fake->clock_ns = 0x123456789abcdef0ull;
	xnic_core_receive(&xnic_fake->core, t, sizeof(t));
	ck_assert_mem_eq(xnic_fake_mem(xnic_fake_buf(0), 60), f, 60);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_PKT_LEN), 60);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE | XNIC_DESC_S_VLAN | XNIC_DESC_S_TSTAMP |
			  XNIC_RSS_TYPE_IPV4_TCP << XNIC_DESC_S_RSS_SHIFT);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_VLAN_TCI), 0x2064);
	/* the Microsoft vector: the hash of the frame as the wire gave it */
	ck_assert_uint_eq(desc_hash(0), 0x51ccc178);
	ck_assert_mem_eq(xnic_fake_mem(area, 8),
			 "\xf0\xde\xbc\x9a\x78\x56\x34\x12", 8);

	/* 802.1ad: stripped too; the hash does not look behind it */
	tag_frame(t, f, XNIC_ETH_P_8021AD, 0x0005);
	xnic_fake->clock_ns = 7;
	xnic_core_receive(&xnic_fake->core, t, sizeof(t));
	ck_assert_mem_eq(xnic_fake_mem(xnic_fake_buf(1), 60), f, 60);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 1, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE | XNIC_DESC_S_VLAN | XNIC_DESC_S_VLAN_AD |
			  XNIC_DESC_S_TSTAMP);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 1, XNIC_DESC_VLAN_TCI), 5);
	ck_assert_uint_eq(desc_hash(1), 0);
	ck_assert_mem_eq(xnic_fake_mem(area + 8, 8), "\x07\0\0\0\0\0\0\0", 8);

	/* all off: the tag stays, addr's high half and len are the driver's */
	xnic_fake_qwr(0, XNIC_Q_RX_CTRL, XNIC_QCTRL_ENABLE);
	tag_frame(t, f, XNIC_ETH_P_8021Q, 0x2064);
	xnic_core_receive(&xnic_fake->core, t, sizeof(t));
	ck_assert_mem_eq(xnic_fake_mem(xnic_fake_buf(2), 64), t, 64);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 2, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE);
	ck_assert_uint_eq(desc_hash(2), xnic_fake_buf(2) >> 32);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 2, XNIC_DESC_LEN), 2048);
	ck_assert_mem_eq(xnic_fake_mem(area + 16, 8), "\0\0\0\0\0\0\0\0", 8);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

/* A timestamp area outside guest memory disables the ring (ERR_DMA). */
START_TEST(test_rx_tstamp_area_unwritable)
{
	xnic_fake_qwr(0, XNIC_Q_RX_TS_LO, 0xfffffff0);
	xnic_fake_qwr(0, XNIC_Q_RX_TS_HI, 0xffffffff);
	xnic_fake_qwr(0, XNIC_Q_RX_CTRL, XNIC_QCTRL_ENABLE | XNIC_QCTRL_RX_TSTAMP);
	post_rx(0, 4, 2048);
	receive(xnic_fake_mac, 60, 0);
	receive(xnic_fake_mac, 60, 1);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_DMA);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_CTRL) & XNIC_QCTRL_ENABLE, 0);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_RX_RING, 0, XNIC_DESC_STATUS), 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_RX_HEAD), 0);
}
END_TEST

/* The RSS_KEY and RSS_RETA windows reset, read back and steer frames. */
START_TEST(test_rss_table_steers)
{
	static const uint8_t src[4] = { 66, 9, 149, 187 }, dst[4] = { 161, 142, 100, 80 };
	uint8_t f[60];
	unsigned int i;

	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_RSS_KEY), 0xda565a6d);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_RSS_RETA), 0x03020100);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_RSS_CTRL), 0);
	/* 0x51ccc178 % 128 = 0x78: entry 120, word 30, byte 0 */
	ipv4_frame(f, src, dst, 2794, 1766, 6);
	xnic_fake_wr(XNIC_REG_RSS_CTRL, XNIC_RSS_CTRL_ENABLE);
	ck_assert_int_eq(xnic_rss_queue(&xnic_fake->core, f, 60), 120 % XNIC_FAKE_QUEUES);
	xnic_fake_wr(XNIC_REG_RSS_RETA + 120, 0x00000002);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_RSS_RETA + 120), 2);
	ck_assert_int_eq(xnic_rss_queue(&xnic_fake->core, f, 60), 2);
	/* a queue the card lacks: refused, old word kept */
	xnic_fake_wr(XNIC_REG_RSS_RETA + 120, 0x00000001 | XNIC_FAKE_QUEUES << 24);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_BAD_REG);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_RSS_RETA + 120), 2);
	/* another key, another hash: a zero key hashes everything to 0 */
	for (i = 0; i < XNIC_RSS_KEY_SIZE; i += 4)
		xnic_fake_wr(XNIC_REG_RSS_KEY + i, 0);
	ck_assert_uint_eq(xnic_rss_flow_hash(xnic_fake->core.rss_key, f, 60), 0);
	ck_assert_int_eq(xnic_rss_queue(&xnic_fake->core, f, 60), 0);
	/* off again: among the enabled rings (only queue 0 here) */
	xnic_fake_wr(XNIC_REG_RSS_CTRL, 0);
	ck_assert_int_eq(xnic_rss_queue(&xnic_fake->core, f, 60), 0);
	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_RESET);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_RSS_KEY), 0xda565a6d);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_RSS_RETA + 120), 0x03020100);
}
END_TEST

Suite *make_rx_suite(void)
{
	Suite *s = suite_create("xnic-rx");
	TCase *tc = tcase_create("rx");

	tcase_add_checked_fixture(tc, rx_setup, xnic_fake_teardown);
	tcase_add_test(tc, test_rx_into_posted_buffer);
	tcase_add_test(tc, test_rx_sequence_numbers);
	tcase_add_test(tc, test_rx_no_buffer);
	tcase_add_test(tc, test_rx_truncation_keeps_descriptor);
	tcase_add_test(tc, test_rx_tiny_buffer_is_error);
	tcase_add_test(tc, test_rx_scatter_spans_descriptors);
	tcase_add_test(tc, test_rx_no_scatter_truncates);
	tcase_add_test(tc, test_rx_scatter_short_of_buffers);
	tcase_add_test(tc, test_rx_scatter_tiny_buffer);
	tcase_add_test(tc, test_rx_unmapped_buffer);
	tcase_add_test(tc, test_rx_descriptor_dma_fault);
	tcase_add_test(tc, test_mac_filter);
	tcase_add_test(tc, test_mac_oversize);
	tcase_add_test(tc, test_link_changes);
	tcase_add_test(tc, test_rx_disabled_card_drops_uncounted);
	tcase_add_test(tc, test_flow_hash_spreads_and_is_stable);
	tcase_add_test(tc, test_rx_queue_among_enabled_only);
	tcase_add_test(tc, test_flow_hash_is_toeplitz);
	tcase_add_test(tc, test_rss_table_steers);
	tcase_add_test(tc, test_rx_metadata);
	tcase_add_test(tc, test_rx_tstamp_area_unwritable);
	suite_add_tcase(s, tc);
	return s;
}
