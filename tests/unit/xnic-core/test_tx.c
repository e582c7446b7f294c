// SPDX-License-Identifier: GPL-2.0-or-later
/* xnic TX rings: frames to the wire, write-back, head, errors, bounds. */
#include <string.h>

#include "xnic_fake.h"

Suite *make_tx_suite(void);

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* Descriptor idx names buffer idx holding a frame of len bytes. */
static void post_tx(uint32_t idx, size_t len, uint8_t seed)
{
	xnic_fake_frame(xnic_fake_mem(xnic_fake_buf(idx), len), len, bcast, seed);
	xnic_fake_desc(XNIC_FAKE_TX_RING, idx, xnic_fake_buf(idx), len);
}

static void tx_setup(void)
{
	xnic_fake_setup();
	xnic_fake_enable();
	xnic_fake_ring(0, XNIC_Q_TX_BASE_LO, XNIC_FAKE_TX_RING, 64);
}

START_TEST(test_tx_frames_byte_exact)
{
	uint8_t expect[300];

	post_tx(0, 60, 1);
	post_tx(1, 300, 2);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 2);
	ck_assert_uint_eq(xnic_fake->tx_count, 2);
	xnic_fake_frame(expect, 300, bcast, 2);
	ck_assert_uint_eq(xnic_fake->tx_len, 300);
	ck_assert_mem_eq(xnic_fake->tx_frame, expect, 300);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_TX_RING, 0, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_TX_RING, 1, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_TX_RING, 2, XNIC_DESC_STATUS), 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_HEAD), 2);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_FRAMES), 2);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_BYTES), 360);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_WIRE_TX_FRAMES), 2);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

START_TEST(test_tx_irq_auto_mask)
{
	unsigned int vec = XNIC_MSIX_QUEUE_VECTOR(0);

	post_tx(0, 64, 0);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 1);
	ck_assert_uint_eq(xnic_fake->msix_count[vec], 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_IRQ_CAUSE), XNIC_QIRQ_TX);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_IRQ_MASK),
			  XNIC_QIRQ_TX | XNIC_QIRQ_RX);
	/* Masked: more completions set the cause but send nothing. */
	post_tx(1, 64, 0);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 2);
	ck_assert_uint_eq(xnic_fake->msix_count[vec], 1);
	/* Unmask with the cause still set: fires and masks again. */
	xnic_fake_qwr(0, XNIC_Q_IRQ_MASK, 0);
	ck_assert_uint_eq(xnic_fake->msix_count[vec], 2);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_IRQ_MASK), 3);
	/* Clear, then unmask: quiet. */
	xnic_fake_qwr(0, XNIC_Q_IRQ_CAUSE, XNIC_QIRQ_TX);
	xnic_fake_qwr(0, XNIC_Q_IRQ_MASK, 0);
	ck_assert_uint_eq(xnic_fake->msix_count[vec], 2);
	ck_assert_uint_eq(xnic_fake->msix_count[XNIC_MSIX_MISC_VECTOR], 0);
}
END_TEST

START_TEST(test_tx_intx_level)
{
	xnic_fake->msix = false;
	post_tx(0, 64, 0);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 1);
	ck_assert(xnic_fake->intx);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_IRQ_MASK), 0);
	xnic_fake_qwr(0, XNIC_Q_IRQ_MASK, XNIC_QIRQ_TX);
	ck_assert(!xnic_fake->intx);
	xnic_fake_qwr(0, XNIC_Q_IRQ_MASK, 0);
	ck_assert(xnic_fake->intx);
	xnic_fake_qwr(0, XNIC_Q_IRQ_CAUSE, XNIC_QIRQ_TX);
	ck_assert(!xnic_fake->intx);
	ck_assert_uint_eq(xnic_fake->msix_count[1], 0);
}
END_TEST

START_TEST(test_tx_ring_wraps)
{
	unsigned int i, sent = 0;

	for (i = 0; i < 200; i++) {
		uint32_t idx = i % 64;

		post_tx(idx, 100 + i, i);
		xnic_fake_qwr(0, XNIC_Q_TX_TAIL, (idx + 1) % 64);
		sent++;
		ck_assert_uint_eq(xnic_fake->tx_count, sent);
		ck_assert_uint_eq(xnic_fake->tx_len, 100 + i);
	}
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_HEAD), 200 % 64);
}
END_TEST

START_TEST(test_tx_bad_length)
{
	post_tx(0, 64, 0);
	xnic_fake_desc(XNIC_FAKE_TX_RING, 0, xnic_fake_buf(0), 13);
	xnic_fake_desc(XNIC_FAKE_TX_RING, 1, xnic_fake_buf(1), XNIC_MAX_FRAME + 1);
	post_tx(2, XNIC_MAX_FRAME, 0);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 3);
	ck_assert_uint_eq(xnic_fake->tx_count, 1);
	ck_assert_uint_eq(xnic_fake->tx_len, XNIC_MAX_FRAME);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_TX_RING, 0, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE | XNIC_DESC_S_ERROR);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_TX_RING, 1, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE | XNIC_DESC_S_ERROR);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_ERRORS), 2);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_HEAD), 3);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_BAD_LENGTH);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_COUNT), 2);
}
END_TEST

/*
 * Multi-descriptor frames (docs/device.md "Multi-descriptor frames"): the
 * 9000-byte frame of seed 5 in three buffers of 4000, 4000 and 1000
 * bytes, F_MORE on the first two, starting at ring slot @first.
 */
static void post_tx_chain(uint32_t first)
{
	static const uint16_t lens[] = { 4000, 4000, 1000 };
	static uint8_t frame[9000];
	unsigned int i, off = 0;

	xnic_fake_frame(frame, sizeof(frame), bcast, 5);
	for (i = 0; i < 3; off += lens[i], i++) {
		memcpy(xnic_fake_mem(xnic_fake_buf(first + i), lens[i]), frame + off,
		       lens[i]);
		xnic_fake_desc(XNIC_FAKE_TX_RING, first + i, xnic_fake_buf(first + i),
			       lens[i]);
		if (i < 2)
			xnic_fake_desc_flags(XNIC_FAKE_TX_RING, first + i,
					     XNIC_DESC_F_MORE);
	}
}

START_TEST(test_tx_gathers_descriptors)
{
	static uint8_t expect[9000];
	unsigned int i;

	post_tx(0, 60, 1);
	post_tx_chain(1);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 4);
	xnic_fake_frame(expect, 9000, bcast, 5);
	ck_assert_uint_eq(xnic_fake->tx_count, 2);
	ck_assert_uint_eq(xnic_fake->tx_len, 9000);
	ck_assert_mem_eq(xnic_fake->tx_frame, expect, 9000);
	for (i = 0; i < 4; i++)
		ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_TX_RING, i, XNIC_DESC_STATUS),
				  XNIC_DESC_S_DONE);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_HEAD), 4);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_FRAMES), 2);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_BYTES), 9060);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

/* A frame whose last descriptor is not posted waits for the doorbell that posts it. */
START_TEST(test_tx_chain_waits_for_its_end)
{
	post_tx_chain(0);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 2);
	ck_assert_uint_eq(xnic_fake->tx_count, 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_HEAD), 0);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_TX_RING, 0, XNIC_DESC_STATUS), 0);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 3);
	ck_assert_uint_eq(xnic_fake->tx_count, 1);
	ck_assert_uint_eq(xnic_fake->tx_len, 9000);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_HEAD), 3);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

/*
 * A chain that does not end within XNIC_DESC_CHAIN_MAX descriptors, and
 * one longer than the largest frame, complete every descriptor with
 * ERROR, once in TX_ERRORS, and the walk goes on after them.
 */
START_TEST(test_tx_chain_bad)
{
	unsigned int i;

	for (i = 0; i < XNIC_DESC_CHAIN_MAX + 1; i++) {
		post_tx(i, 100, 0);
		xnic_fake_desc_flags(XNIC_FAKE_TX_RING, i, XNIC_DESC_F_MORE);
	}
	post_tx(XNIC_DESC_CHAIN_MAX + 1, 9000, 0);
	xnic_fake_desc_flags(XNIC_FAKE_TX_RING, XNIC_DESC_CHAIN_MAX + 1,
			     XNIC_DESC_F_MORE);
	post_tx(XNIC_DESC_CHAIN_MAX + 2, 300, 0);
	post_tx(XNIC_DESC_CHAIN_MAX + 3, 60, 3);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, XNIC_DESC_CHAIN_MAX + 4);
	for (i = 0; i < XNIC_DESC_CHAIN_MAX + 3; i++)
		ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_TX_RING, i, XNIC_DESC_STATUS),
				  XNIC_DESC_S_DONE | XNIC_DESC_S_ERROR);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_ERRORS), 2);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_COUNT), 2);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_BAD_LENGTH);
	ck_assert_uint_eq(xnic_fake->tx_count, 1);
	ck_assert_uint_eq(xnic_fake->tx_len, 60);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_HEAD), XNIC_DESC_CHAIN_MAX + 4);
}
END_TEST

START_TEST(test_tx_unmapped_buffer)
{
	xnic_fake_desc(XNIC_FAKE_TX_RING, 0, 0xfffffffffffffff0ull, 64);
	xnic_fake_desc(XNIC_FAKE_TX_RING, 1, 0x1000, 64);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 2);
	ck_assert_uint_eq(xnic_fake->tx_count, 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_ERRORS), 2);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_DMA);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_HEAD), 2);
	ck_assert(xnic_fake_qrd(0, XNIC_Q_TX_CTRL) & XNIC_QCTRL_ENABLE);
}
END_TEST

static void check_bad_ring(uint64_t base, uint32_t size)
{
	xnic_fake_ring(1, XNIC_Q_TX_BASE_LO, base, size);
	ck_assert_uint_eq(xnic_fake_qrd(1, XNIC_Q_TX_CTRL), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_BAD_RING);
	xnic_fake_wr(XNIC_REG_MISC_CAUSE, XNIC_MISC_ERROR);
}

START_TEST(test_tx_bad_rings_refused)
{
	check_bad_ring(XNIC_FAKE_TX_RING + 8, 64);
	check_bad_ring(XNIC_FAKE_TX_RING, 100);
	check_bad_ring(XNIC_FAKE_TX_RING, 32);
	check_bad_ring(XNIC_FAKE_TX_RING, 8192);
	check_bad_ring(XNIC_FAKE_TX_RING, 0);
	check_bad_ring(0xffffffffffffffc0ull, 64);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_COUNT), 6);
	xnic_fake_ring(1, XNIC_Q_TX_BASE_LO, 0xffffffffffffc000ull, 1024);
	ck_assert_uint_eq(xnic_fake_qrd(1, XNIC_Q_TX_CTRL), XNIC_QCTRL_ENABLE);
}
END_TEST

START_TEST(test_tx_tail_out_of_range)
{
	xnic_fake_wr(XNIC_REG_MISC_MASK, 0);
	post_tx(0, 64, 0);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 64);
	ck_assert_uint_eq(xnic_fake->tx_count, 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_CTRL), 0);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_TAIL), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_BAD_INDEX);
	ck_assert_uint_eq(xnic_fake->msix_count[XNIC_MSIX_MISC_VECTOR], 1);
	/* Tail written while disabled is checked at enable. */
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 1000);
	xnic_fake_qwr(0, XNIC_Q_TX_CTRL, XNIC_QCTRL_ENABLE);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_CTRL), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_BAD_RING);
	/* Re-enabled with a good tail, the ring restarts at 0 and sends. */
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 1);
	xnic_fake_qwr(0, XNIC_Q_TX_CTRL, XNIC_QCTRL_ENABLE);
	ck_assert_uint_eq(xnic_fake->tx_count, 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_HEAD), 1);
}
END_TEST

START_TEST(test_tx_waits_for_enable_and_link)
{
	xnic_fake_wr(XNIC_REG_CTRL, 0);
	post_tx(0, 64, 0);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_HEAD), 0);
	xnic_core_set_link(&xnic_fake->core, false);
	xnic_fake_enable();
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_HEAD), 0);
	xnic_core_set_link(&xnic_fake->core, true);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_HEAD), 1);
	ck_assert_uint_eq(xnic_fake->tx_count, 1);
}
END_TEST

START_TEST(test_tx_descriptor_dma_failure_disables)
{
	post_tx(0, 64, 0);
	xnic_fake->dma_fail = true;
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_CTRL), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_DMA);
	ck_assert_uint_eq(xnic_fake->tx_count, 0);
}
END_TEST

/* A buffer aimed at BAR0 must not re-enter the card mid-walk. */
static void reenter_hook(struct xnic_fake *fake, uint64_t addr, size_t len,
			 bool write)
{
	xnic_regfile_write(&fake->core, XNIC_QP_BASE(0) + XNIC_Q_TX_TAIL,
			   5, 4);
	xnic_regfile_write(&fake->core, XNIC_REG_CTRL, XNIC_CTRL_RESET, 4);
}

START_TEST(test_tx_dma_reentry_refused)
{
	post_tx(0, 64, 0);
	xnic_fake->dma_hook = reenter_hook;
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 1);
	xnic_fake->dma_hook = NULL;
	ck_assert_uint_eq(xnic_fake->tx_count, 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_TAIL), 1);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_HEAD), 1);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_CTRL), XNIC_CTRL_ENABLE);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_DMA);
}
END_TEST

/* CTRL.LOOPBACK: the frame goes back to the environment, not the wire. */
START_TEST(test_tx_loopback)
{
	uint8_t expect[200];

	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_ENABLE | XNIC_CTRL_LOOPBACK);
	post_tx(0, 200, 7);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 1);
	ck_assert_uint_eq(xnic_fake->tx_count, 0);
	ck_assert_uint_eq(xnic_fake->loop_count, 1);
	xnic_fake_frame(expect, 200, bcast, 7);
	ck_assert_uint_eq(xnic_fake->loop_len, 200);
	ck_assert_mem_eq(xnic_fake->loop_frame, expect, 200);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_WIRE_TX_FRAMES), 1);
	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_ENABLE);
	post_tx(1, 60, 8);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 2);
	ck_assert_uint_eq(xnic_fake->tx_count, 1);
	ck_assert_uint_eq(xnic_fake->loop_count, 1);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

/* RFC 1071 ones' complement sum of @len bytes, folded to 16 bits */
static uint32_t ones_sum(const uint8_t *p, size_t len, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/*
 * An IPv4/UDP frame of @len bytes in @frame, its checksum field holding
 * what Linux leaves there for CHECKSUM_PARTIAL - the folded pseudo-header
 * sum - plus @seed; returns the checksum a host would compute for it.
 */
#define UDP_AT		34	/* Ethernet 14 + IPv4 20 */
#define UDP_CSUM	6	/* offsetof(struct udphdr, check) */
static uint16_t udp_frame(uint8_t *frame, size_t len, uint16_t seed)
{
	size_t ulen = len - UDP_AT;
	uint8_t pseudo[12] = { 10, 0, 0, 1, 10, 0, 0, 2, 0, 17, ulen >> 8, ulen & 0xff };
	uint32_t want, field;

	xnic_fake_frame(frame, len, bcast, 9);
	frame[12] = 0x08, frame[13] = 0x00;
	memcpy(frame + 26, pseudo, 8);
	frame[23] = 17;
	frame[UDP_AT + 4] = ulen >> 8, frame[UDP_AT + 5] = ulen & 0xff;
	frame[UDP_AT + UDP_CSUM] = frame[UDP_AT + UDP_CSUM + 1] = 0;
	want = ~ones_sum(frame + UDP_AT, ulen, ones_sum(pseudo, 12, 0)) & 0xffff;
	field = ones_sum(pseudo, 12, seed);
	frame[UDP_AT + UDP_CSUM] = field >> 8;
	frame[UDP_AT + UDP_CSUM + 1] = field & 0xff;
	return want;
}

static void post_tx_csum(uint32_t idx, const uint8_t *frame, size_t len,
			 uint16_t start, uint16_t off, uint16_t more_flags)
{
	uint8_t *d = xnic_fake_mem(XNIC_FAKE_TX_RING + idx * XNIC_DESC_SIZE,
				   XNIC_DESC_SIZE);

	memcpy(xnic_fake_mem(xnic_fake_buf(idx), len), frame, len);
	xnic_fake_desc(XNIC_FAKE_TX_RING, idx, xnic_fake_buf(idx), len);
	d[XNIC_DESC_CSUM_START] = start & 0xff;
	d[XNIC_DESC_CSUM_START + 1] = start >> 8;
	xnic_fake_desc_flags(XNIC_FAKE_TX_RING, idx, XNIC_DESC_F_CSUM | more_flags |
			     off << XNIC_DESC_F_CSUM_OFF_SHIFT);
}

static uint16_t sent_csum(size_t at)
{
	return xnic_fake->tx_frame[at] << 8 | xnic_fake->tx_frame[at + 1];
}

/*
 * TX offloads (docs/device.md "TX offloads"): F_CSUM gives the UDP
 * checksum a host computes, over an odd length and across a chain's
 * descriptors, and 0xffff for a sum of 0; F_TSTAMP the clock's time over
 * addr of the frame's last descriptor with status TSTAMP.  A checksum
 * field outside the frame is an error and sends nothing.
 */
START_TEST(test_tx_offloads)
{
	static uint8_t frame[1001];
	uint16_t want = udp_frame(frame, sizeof(frame), 0);
	uint8_t *d;

	ck_assert_uint_ne(xnic_fake_rd(XNIC_REG_CAPS) & XNIC_CAP_TX_OFFLOAD, 0);
	post_tx_csum(0, frame, sizeof(frame), UDP_AT, UDP_CSUM, 0);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 1);
	ck_assert_uint_eq(xnic_fake->tx_count, 1);
	ck_assert_uint_eq(sent_csum(UDP_AT + UDP_CSUM), want);
	/* all but the checksum as given */
	ck_assert_mem_eq(xnic_fake->tx_frame, frame, UDP_AT + UDP_CSUM);
	ck_assert_mem_eq(xnic_fake->tx_frame + UDP_AT + 8, frame + UDP_AT + 8,
			 sizeof(frame) - UDP_AT - 8);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_TX_RING, 0, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE);

	/* Split after 100 bytes, time stamped */
	xnic_fake->clock_ns = 0x123456789abcdef0ull;
	post_tx_csum(1, frame, 100, UDP_AT, UDP_CSUM,
		     XNIC_DESC_F_MORE | XNIC_DESC_F_TSTAMP);
	memcpy(xnic_fake_mem(xnic_fake_buf(2), sizeof(frame) - 100), frame + 100,
	       sizeof(frame) - 100);
	xnic_fake_desc(XNIC_FAKE_TX_RING, 2, xnic_fake_buf(2), sizeof(frame) - 100);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 3);
	ck_assert_uint_eq(xnic_fake->tx_count, 2);
	ck_assert_uint_eq(xnic_fake->tx_len, sizeof(frame));
	ck_assert_uint_eq(sent_csum(UDP_AT + UDP_CSUM), want);
	d = xnic_fake_mem(XNIC_FAKE_TX_RING + 2 * XNIC_DESC_SIZE, XNIC_DESC_SIZE);
	ck_assert_uint_eq(xnic_core_ld_le64(d + XNIC_DESC_TX_TSTAMP),
			  0x123456789abcdef0ull);
	ck_assert_uint_eq(xnic_core_ld_le64(xnic_fake_mem(XNIC_FAKE_TX_RING + XNIC_DESC_SIZE, 8)),
			  xnic_fake_buf(1));
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_TX_RING, 2, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE | XNIC_DESC_S_TSTAMP);

	/* A sum of 0 goes out as 0xffff: seeded with the checksum, the total is 0xffff */
	udp_frame(frame, sizeof(frame), want);
	post_tx_csum(3, frame, sizeof(frame), UDP_AT, UDP_CSUM, 0);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 4);
	ck_assert_uint_eq(xnic_fake->tx_count, 3);
	ck_assert_uint_eq(sent_csum(UDP_AT + UDP_CSUM), 0xffff);

	/* The field's second byte past the end */
	post_tx_csum(4, frame, 60, 50, 9, 0);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 5);
	ck_assert_uint_eq(xnic_fake->tx_count, 3);
	ck_assert_uint_eq(xnic_fake_desc16(XNIC_FAKE_TX_RING, 4, XNIC_DESC_STATUS),
			  XNIC_DESC_S_DONE | XNIC_DESC_S_ERROR);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_ERRORS), 1);
	ck_assert_uint_eq(xnic_fake->guest_errors, 1);
	/* the last byte: fine */
	post_tx_csum(5, frame, 60, 50, 8, 0);
	xnic_fake_qwr(0, XNIC_Q_TX_TAIL, 6);
	ck_assert_uint_eq(xnic_fake->tx_count, 4);
}
END_TEST

Suite *make_tx_suite(void)
{
	Suite *s = suite_create("xnic-tx");
	TCase *tc = tcase_create("tx");

	tcase_add_checked_fixture(tc, tx_setup, xnic_fake_teardown);
	tcase_add_test(tc, test_tx_frames_byte_exact);
	tcase_add_test(tc, test_tx_irq_auto_mask);
	tcase_add_test(tc, test_tx_intx_level);
	tcase_add_test(tc, test_tx_ring_wraps);
	tcase_add_test(tc, test_tx_bad_length);
	tcase_add_test(tc, test_tx_gathers_descriptors);
	tcase_add_test(tc, test_tx_chain_waits_for_its_end);
	tcase_add_test(tc, test_tx_chain_bad);
	tcase_add_test(tc, test_tx_unmapped_buffer);
	tcase_add_test(tc, test_tx_bad_rings_refused);
	tcase_add_test(tc, test_tx_tail_out_of_range);
	tcase_add_test(tc, test_tx_waits_for_enable_and_link);
	tcase_add_test(tc, test_tx_descriptor_dma_failure_disables);
	tcase_add_test(tc, test_tx_dma_reentry_refused);
	tcase_add_test(tc, test_tx_loopback);
	tcase_add_test(tc, test_tx_offloads);
	suite_add_tcase(s, tc);
	return s;
}
