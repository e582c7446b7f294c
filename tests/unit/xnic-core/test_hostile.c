// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic core against a hostile guest: seeded random register writes,
 * garbage descriptors, bad rings and random frames.  Every DMA access the
 * card makes is checked (docs/device.md "Error handling"): it must be a
 * descriptor fetch or write-back in the first XNIC_DESC_CHAIN_MAX slots
 * from HEAD of an enabled ring that the driver handed over (a
 * multi-descriptor frame), an access to a buffer one of the descriptors
 * fetched since the last fetch at HEAD named, within its length, or
 * the read of a firmware image a FW_LOAD request names.  Firmware comes
 * and goes: the built one, mangled copies of it, and garbage commands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_fake.h"
#include "me_image.h"

Suite *make_hostile_suite(void);

#define HOSTILE_ITERATIONS	20000
#define HOSTILE_MAX_ITERATIONS	(4 * HOSTILE_ITERATIONS)
#define HOSTILE_SEEDS		8	/* unless XNIC_CORE_HOSTILE_SEEDS says */

/* A descriptor the card fetched: the buffer it may touch */
struct hostile_desc {
	uint64_t addr;
	uint16_t len;
};

struct hostile {
	uint64_t rng;
	/* the descriptors of the frame the card works on, by slot from HEAD */
	struct hostile_desc chain[XNIC_DESC_CHAIN_MAX];
	unsigned int chain_n;
	unsigned int violations;
	unsigned int desc_fetches;
	unsigned int buffer_accesses;
	unsigned int fw_loads, fw_started, fw_stops;
	uint8_t *fw;		/* the built firmware */
	size_t fw_len;
	char first_violation[160];
};

static struct hostile hostile;

static uint64_t hostile_rand(void)
{
	/* xorshift64: reproducible from the seed on every host */
	hostile.rng ^= hostile.rng << 13;
	hostile.rng ^= hostile.rng >> 7;
	hostile.rng ^= hostile.rng << 17;
	return hostile.rng;
}

static uint32_t hostile_below(uint32_t n)
{
	return hostile_rand() % n;
}

static void hostile_violation(uint64_t addr, size_t len, bool write)
{
	if (!hostile.violations++)
		snprintf(hostile.first_violation, sizeof(hostile.first_violation),
			 "%s of %zu bytes at 0x%llx", write ? "write" : "read",
			 len, (unsigned long long)addr);
}

/* A fetch at HEAD starts a frame; one @k slots on continues it. */
static void hostile_note_desc(uint64_t addr, unsigned int k)
{
	const uint8_t *d = xnic_fake_mem(addr, XNIC_DESC_SIZE);
	struct hostile_desc *c = &hostile.chain[k];
	unsigned int i;

	if (k == 0)
		hostile.chain_n = 0;
	if (!d || k != hostile.chain_n)
		return;
	c->addr = 0;
	for (i = 0; i < 8; i++)
		c->addr |= (uint64_t)d[i] << (8 * i);
	c->len = d[XNIC_DESC_LEN] | d[XNIC_DESC_LEN + 1] << 8;
	hostile.chain_n++;
	hostile.desc_fetches++;
}

/*
 * Which slot of the ring whose registers are @r holds @addr: HEAD or one
 * of the next XNIC_DESC_CHAIN_MAX - 1 the driver handed over.  Returns its
 * distance from HEAD, or -1; *off is @addr's offset in the slot.
 */
static int hostile_chain_slot(const uint32_t *r, uint64_t addr, uint64_t *off)
{
	uint64_t base = r[0] | (uint64_t)r[1] << 32;
	uint32_t size = r[2], head = r[3], tail = r[4], k;

	if (!(r[5] & XNIC_QCTRL_ENABLE) || !size)
		return -1;
	for (k = 0; k < XNIC_DESC_CHAIN_MAX &&
		    (k == 0 || k < ((tail - head) & (size - 1))); k++) {
		uint64_t slot = base + (uint64_t)((head + k) & (size - 1)) *
				       XNIC_DESC_SIZE;

		*off = addr - slot;
		if (addr >= slot && *off < XNIC_DESC_SIZE)
			return k;
	}
	return -1;
}

/* Is this access a descriptor fetch or write-back of a frame at HEAD? */
static bool hostile_ring_access(struct xnic_core *core, uint64_t addr,
				size_t len, bool write)
{
	static const uint32_t dirs[] = { XNIC_Q_TX_BASE_LO, XNIC_Q_RX_BASE_LO };
	unsigned int q, d;

	for (q = 0; q < core->num_queues; q++) {
		for (d = 0; d < 2; d++) {
			uint64_t off;
			int k = hostile_chain_slot(&core->qregs[q][dirs[d] / 4],
						   addr, &off);

			if (k < 0)
				continue;
			if (!write && len == XNIC_DESC_SIZE && off == 0) {
				hostile_note_desc(addr, k);
				return true;
			}
			if (write && len == 2 && (off == XNIC_DESC_PKT_LEN ||
						  off == XNIC_DESC_STATUS))
				return true;
			/* RX only: the wire sequence number (and the hash)
			 * over addr, the VLAN TCI over len */
			if (write && d == 1 && (len == 4 || len == 8) &&
			    off == XNIC_DESC_SEQ)
				return true;
			if (write && d == 1 && len == 2 && off == XNIC_DESC_VLAN_TCI)
				return true;
		}
	}
	return false;
}

/* RX_CTRL.TSTAMP: the timestamp of the frame at HEAD, in the ring's area */
static bool hostile_tstamp_access(struct xnic_core *core, uint64_t addr,
				  size_t len, bool write)
{
	unsigned int q;

	for (q = 0; q < core->num_queues; q++) {
		const uint32_t *r = core->qregs[q];
		uint64_t area = r[XNIC_Q_RX_TS_LO / 4] |
				(uint64_t)r[XNIC_Q_RX_TS_HI / 4] << 32;

		if (write && len == XNIC_RX_TS_SIZE &&
		    (r[XNIC_Q_RX_CTRL / 4] & XNIC_QCTRL_RX_TSTAMP) &&
		    addr == area + XNIC_RX_TS_SIZE * (uint64_t)r[XNIC_Q_RX_HEAD / 4])
			return true;
	}
	return false;
}

static bool hostile_buffer_access(uint64_t addr, size_t len)
{
	unsigned int i;

	if (len > XNIC_MAX_FRAME || len == 0)
		return false;
	for (i = 0; i < hostile.chain_n; i++) {
		if (addr == hostile.chain[i].addr && len <= hostile.chain[i].len) {
			hostile.buffer_accesses++;
			return true;
		}
	}
	return false;
}

/* The one read FW_LOAD may make: the image its request names. */
static bool hostile_fw_access(struct xnic_core *core, uint64_t addr,
			      size_t len, bool write)
{
	const uint8_t *r = core->mbox_data;
	uint64_t img = (r[0] | r[1] << 8 | r[2] << 16 | (uint64_t)r[3] << 24) |
		       (uint64_t)(r[4] | r[5] << 8 | r[6] << 16 |
				  (uint32_t)r[7] << 24) << 32;
	uint32_t img_len = r[8] | r[9] << 8 | r[10] << 16 | (uint32_t)r[11] << 24;

	return !write && core->regs[XNIC_REG_MBOX_CMD / 4] == XNIC_MBOX_CMD_FW_LOAD &&
	       addr == img && len == img_len && len <= XNIC_FW_MAX_SIZE;
}

static void hostile_dma_check(struct xnic_fake *fake, uint64_t addr,
			      size_t len, bool write)
{
	if (!hostile_ring_access(&fake->core, addr, len, write) &&
	    !hostile_tstamp_access(&fake->core, addr, len, write) &&
	    !hostile_buffer_access(addr, len) &&
	    !hostile_fw_access(&fake->core, addr, len, write))
		hostile_violation(addr, len, write);
}

static const uint32_t hostile_regs[] = {
	XNIC_REG_CTRL, XNIC_REG_MAC_LO, XNIC_REG_MAC_HI, XNIC_REG_MTU,
	XNIC_REG_MISC_CAUSE, XNIC_REG_MISC_MASK, XNIC_REG_MBOX_CMD,
	XNIC_REG_MBOX_LEN, XNIC_REG_ID, XNIC_REG_STATUS, XNIC_REG_MBOX_DATA,
	XNIC_REG_VREC_CTRL, XNIC_REG_VREC_COUNT, XNIC_REG_VREC_LOST,
	XNIC_REG_VREC_POP, XNIC_REG_VREC_DATA, XNIC_REG_VREC_DATA + 28,
};

static const uint32_t hostile_qregs[] = {
	XNIC_Q_TX_BASE_LO, XNIC_Q_TX_BASE_HI, XNIC_Q_TX_SIZE, XNIC_Q_TX_HEAD,
	XNIC_Q_TX_TAIL, XNIC_Q_TX_CTRL, XNIC_Q_RX_BASE_LO, XNIC_Q_RX_BASE_HI,
	XNIC_Q_RX_SIZE, XNIC_Q_RX_HEAD, XNIC_Q_RX_TAIL, XNIC_Q_RX_CTRL,
	XNIC_Q_RX_TS_LO, XNIC_Q_RX_TS_HI, XNIC_Q_IRQ_CAUSE, XNIC_Q_IRQ_MASK,
};

#define HOSTILE_N(a)	(sizeof(a) / sizeof((a)[0]))

static uint32_t hostile_value(void)
{
	static const uint32_t edges[] = { 0, 1, 2, 63, 64, 65, 4095, 4096,
					  8192, 0xffff, 0x10000, 0xffffffff };

	if (hostile_below(2))
		return edges[hostile_below(HOSTILE_N(edges))];
	return hostile_rand();
}

static void hostile_register_write(struct xnic_core *core)
{
	uint64_t addr;
	unsigned int size = 4;

	switch (hostile_below(4)) {
	case 0:
		addr = hostile_regs[hostile_below(HOSTILE_N(hostile_regs))];
		break;
	case 1:
		addr = XNIC_QP_BASE(hostile_below(6)) +
		       hostile_qregs[hostile_below(HOSTILE_N(hostile_qregs))];
		break;
	case 2:
		addr = hostile_below(XNIC_BAR0_SIZE / 4) * 4;
		break;
	default:
		addr = hostile_below(XNIC_BAR0_SIZE + 16);
		size = 1 + hostile_below(8);
		break;
	}
	/* Keep the card mostly up: a reset every write to CTRL is no test. */
	if (addr == XNIC_REG_CTRL && hostile_below(8))
		xnic_regfile_write(core, addr, hostile_rand() & ~XNIC_CTRL_RESET, size);
	else if (hostile_below(4))
		xnic_regfile_write(core, addr, hostile_value(), size);
	else
		xnic_regfile_read(core, addr, size);
}

/* Random bytes over a stretch of memory, often with plausible descriptors. */
static void hostile_garbage(void)
{
	uint64_t at = XNIC_FAKE_MEM_BASE + hostile_below(XNIC_FAKE_MEM_SIZE / 16) * 16;
	unsigned int i, n = 1 + hostile_below(64);

	for (i = 0; i < n && xnic_fake_mem(at + i * 16, 16); i++) {
		uint64_t addr = XNIC_FAKE_MEM_BASE + hostile_below(XNIC_FAKE_MEM_SIZE);
		uint16_t len = hostile_below(2) ? hostile_below(XNIC_MAX_FRAME + 64)
						: hostile_value();

		if (!hostile_below(4))
			addr = hostile_rand();
		xnic_fake_desc(at, i, addr, len);
		/* TX frames over several descriptors, some never ending */
		if (!hostile_below(3))
			xnic_fake_desc_flags(at, i, XNIC_DESC_F_MORE);
		if (!hostile_below(3))
			memset(xnic_fake_mem(at + i * 16, 16), hostile_rand(), 16);
	}
}

static void hostile_ring(void)
{
	static const uint32_t sizes[] = { 64, 64, 128, 256, 4096, 0, 32, 100, 8192 };
	uint64_t base = XNIC_FAKE_MEM_BASE +
			hostile_below(XNIC_FAKE_MEM_SIZE / 64) * 64;
	uint32_t dir = hostile_below(2) ? XNIC_Q_TX_BASE_LO : XNIC_Q_RX_BASE_LO;
	unsigned int q = hostile_below(XNIC_FAKE_QUEUES);

	if (!hostile_below(8))
		base = hostile_rand();
	xnic_fake_qwr(q, dir + XNIC_Q_TX_CTRL, 0);
	xnic_fake_ring(q, dir, base, sizes[hostile_below(HOSTILE_N(sizes))]);
	/* RX frames over several descriptors */
	if (dir == XNIC_Q_RX_BASE_LO && hostile_below(2))
		xnic_fake_qwr(q, XNIC_Q_RX_CTRL,
			      XNIC_QCTRL_ENABLE | XNIC_QCTRL_RX_SCATTER);
}

static void hostile_doorbell(void)
{
	uint32_t dir = hostile_below(2) ? XNIC_Q_TX_BASE_LO : XNIC_Q_RX_BASE_LO;
	unsigned int q = hostile_below(XNIC_FAKE_QUEUES);
	uint32_t size = xnic_fake->core.qregs[q][(dir + XNIC_Q_TX_SIZE) / 4];
	uint32_t tail = size ? hostile_below(size) : 0;

	if (!hostile_below(16))
		tail = hostile_value();
	xnic_fake_qwr(q, dir + XNIC_Q_TX_TAIL, tail);
}

static void hostile_frame(struct xnic_core *core)
{
	static uint8_t frame[XNIC_MAX_FRAME + 100];
	size_t len = hostile_below(2) ? hostile_below(200) : hostile_below(sizeof(frame));
	size_t i;

	for (i = 0; i < len; i++)
		frame[i] = hostile_rand();
	if (len >= 6 && hostile_below(2))
		memcpy(frame, hostile_below(2) ? xnic_fake_mac :
		       (const uint8_t *)"\xff\xff\xff\xff\xff\xff", 6);
	if (len >= 14 && hostile_below(2)) {
		frame[12] = hostile_below(2) ? 0x08 : 0x86;
		frame[13] = frame[12] == 0x08 ? 0x00 : 0xdd;
	}
	xnic_core_receive(core, frame, len);
}

/* Byte offset and word count of the image's code (docs/isa.md 10). */
static void hostile_fw_code(size_t *off, uint32_t *n)
{
	const uint8_t *p = hostile.fw;
	unsigned int i, nsect = p[6] | p[7] << 8;

	for (i = 0; i < nsect; i++) {
		const uint8_t *d = p + 20 + 16 * i;

		if (d[0] != ME_SECT_CODE)
			continue;
		*n = (d[8] | d[9] << 8 | d[10] << 16 | (uint32_t)d[11] << 24) / 8;
		*off = d[12] | d[13] << 8 | d[14] << 16 | (size_t)d[15] << 24;
		return;
	}
	ck_abort_msg("built firmware has no code section");
}

/*
 * Firmware: the built image (so frames keep flowing to the rings), a copy
 * with a few bytes changed (mostly refused by validation), or one with
 * valid instructions copied over others (loaded, then faulting, looping
 * into the watchdog, halting or misbehaving on the next frames).
 */
static void hostile_firmware(void)
{
	static uint8_t img[XNIC_FW_MAX_SIZE];
	size_t len = hostile.fw_len, code;
	unsigned int i, n = 1 + hostile_below(4);
	uint32_t words;

	/* Stopped firmware stays stopped until the next load. */
	hostile.fw_stops += xnic_fake_rd(XNIC_REG_FW_STATUS) == XNIC_FW_STOPPED;
	memcpy(img, hostile.fw, len);
	hostile_fw_code(&code, &words);
	switch (hostile_below(4)) {
	case 0:
		for (i = 0; i < n; i++)
			img[hostile_below(len)] = hostile_rand();
		break;
	case 1:
		for (i = 0; i < n; i++)
			memcpy(img + code + 8 * hostile_below(words),
			       hostile.fw + code + 8 * hostile_below(words), 8);
		break;
	default:
		break;
	}
	if (!hostile_below(16))
		len = hostile_below(len + 64);
	hostile.fw_loads++;
	if (xnic_fake_load(img, len ? len : 1) == XNIC_MBOX_DONE)
		hostile.fw_started++;
	xnic_fake_run_card();
}

static void hostile_step(struct xnic_core *core)
{
	switch (hostile_below(16)) {
	case 0: case 1: case 2: case 3:
		hostile_register_write(core);
		break;
	case 4: case 5:
		hostile_garbage();
		break;
	case 6: case 7:
		hostile_ring();
		break;
	case 8: case 9: case 10:
		hostile_doorbell();
		break;
	case 11: case 12: case 13:
		hostile_frame(core);
		break;
	case 14:
		if (hostile_below(4))
			xnic_core_set_link(core, hostile_below(4) != 0);
		else if (xnic_fake_rd(XNIC_REG_FW_STATUS) != XNIC_FW_RUNNING ||
			 !hostile_below(8))
			hostile_firmware();
		break;
	default:
		xnic_fake->msix = hostile_below(2);
		xnic_core_irq_resync(core);
		xnic_fake_enable();
		break;
	}
}

static void hostile_check_rings(struct xnic_core *core)
{
	unsigned int q;

	/* The verdict recorder's ring never holds more than it has room for */
	ck_assert_uint_le(core->regs[XNIC_REG_VREC_COUNT / 4], XNIC_VREC_DEPTH);
	ck_assert_uint_lt(core->vrec_head, XNIC_VREC_DEPTH);

	for (q = 0; q < core->num_queues; q++) {
		uint32_t tx_size = core->qregs[q][XNIC_Q_TX_SIZE / 4];
		uint32_t rx_size = core->qregs[q][XNIC_Q_RX_SIZE / 4];

		if (core->qregs[q][XNIC_Q_TX_CTRL / 4] & XNIC_QCTRL_ENABLE) {
			ck_assert_uint_lt(core->qregs[q][XNIC_Q_TX_HEAD / 4], tx_size);
			ck_assert_uint_lt(core->qregs[q][XNIC_Q_TX_TAIL / 4], tx_size);
		}
		if (core->qregs[q][XNIC_Q_RX_CTRL / 4] & XNIC_QCTRL_ENABLE) {
			ck_assert_uint_lt(core->qregs[q][XNIC_Q_RX_HEAD / 4], rx_size);
			ck_assert_uint_lt(core->qregs[q][XNIC_Q_RX_TAIL / 4], rx_size);
		}
	}
}

static void hostile_run(unsigned int index)
{
	uint64_t seed = 0x9e3779b97f4a7c15ull * (index + 1);
	struct xnic_core *core = &xnic_fake->core;
	unsigned int i;

	memset(&hostile, 0, sizeof(hostile));
	hostile.rng = seed;
	hostile.fw = xnic_fake_fw_image(&hostile.fw_len);
	xnic_fake->dma_hook = hostile_dma_check;
	xnic_fake_load_fw();
	xnic_fake_enable();
	/*
	 * About one seed in eight leaves no loaded image stopped within
	 * HOSTILE_ITERATIONS steps; such a seed runs on until one does, so
	 * that every seed covers the stopped card.
	 */
	for (i = 0; i < HOSTILE_ITERATIONS ||
		    (!hostile.fw_stops && i < HOSTILE_MAX_ITERATIONS); i++) {
		hostile_step(core);
		hostile_check_rings(core);
	}
	ck_assert_msg(hostile.violations == 0, "%u stray DMA accesses, first: %s",
		      hostile.violations, hostile.first_violation);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ID), XNIC_ID_MAGIC);
	/* The run must have exercised the rings, not just bounced off. */
	ck_assert_uint_gt(hostile.desc_fetches, 1000);
	ck_assert_uint_gt(hostile.buffer_accesses, 200);
	ck_assert_uint_gt(xnic_fake->tx_count, 50);
	ck_assert_uint_gt(hostile.fw_loads, 20);
	ck_assert_uint_gt(hostile.fw_started, 5);
	ck_assert_uint_lt(hostile.fw_started, hostile.fw_loads);
	/*
	 * Every default seed reaches a stopped card (the loop above runs on
	 * until it does); past them (the sanitizer long run) a seed that
	 * never does within HOSTILE_MAX_ITERATIONS says nothing about the
	 * device, so only the default seeds hold the generator to it.
	 */
	if (index < HOSTILE_SEEDS)
		ck_assert_uint_gt(hostile.fw_stops, 0);
	free(hostile.fw);
}

START_TEST(test_hostile_seeded)
{
	hostile_run(_i);
}
END_TEST

/* The checker itself must catch a stray access. */
START_TEST(test_hostile_checker_catches_strays)
{
	memset(&hostile, 0, sizeof(hostile));
	xnic_fake_ring(0, XNIC_Q_TX_BASE_LO, XNIC_FAKE_TX_RING, 64);
	hostile_dma_check(xnic_fake, XNIC_FAKE_TX_RING, 16, false);
	ck_assert_uint_eq(hostile.violations, 0);
	hostile_dma_check(xnic_fake, XNIC_FAKE_TX_RING + 16, 16, false);
	hostile_dma_check(xnic_fake, XNIC_FAKE_TX_RING + 4, 2, true);
	hostile_dma_check(xnic_fake, XNIC_FAKE_BUFS, 64, false);
	ck_assert_uint_eq(hostile.violations, 3);
}
END_TEST

/* The sanitizer runs choose how many seeds (docs/testing.md "Sanitizer builds"). */
static int hostile_seed_count(void)
{
	const char *n = getenv("XNIC_CORE_HOSTILE_SEEDS");

	return n ? atoi(n) : HOSTILE_SEEDS;
}

Suite *make_hostile_suite(void)
{
	Suite *s = suite_create("xnic-hostile");
	TCase *tc = tcase_create("hostile");

	tcase_add_checked_fixture(tc, xnic_fake_setup, xnic_fake_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_hostile_seeded, 0, hostile_seed_count());
	tcase_add_test(tc, test_hostile_checker_catches_strays);
	suite_add_tcase(s, tc);
	return s;
}
