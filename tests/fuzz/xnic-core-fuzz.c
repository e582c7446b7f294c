// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic-core-fuzz: libFuzzer target over the xnic card core and its
 * microengines, without QEMU (docs/testing.md "Coverage-guided fuzzing").
 *
 * QEMU's generic-fuzz-xnic drives the whole device through QEMU, a few
 * hundred inputs a second at best; this drives the same core (hw/xnic,
 * hw/me, isa/) through its environment interface thousands of times
 * faster.  An input is a sequence of guest actions (xnic-core-fuzz.h):
 * register accesses of every size, writes to the
 * 64 KiB of guest memory the card can reach, frames from the wire, card
 * runs, link and MSI-X changes, resets, and FW_LOAD of the built
 * firmware (random bytes almost never make an image the card accepts).
 * Each input starts from a reset of the card, which must leave it as the
 * previous input found it after its own reset; memory outside the 64 KiB
 * is unmapped, as DMA the guest never allowed.
 *
 * Build: ninja -C build tests/fuzz/xnic-core-fuzz (clang, libFuzzer,
 * ASan, UBSan).  Run: scripts/fuzz.sh run core SECONDS.  With
 * XNIC_CORE_FUZZ_TRACE set, the device's trace events that tell what an
 * input did (mailbox statuses, firmware, card runs, frames) and its guest
 * errors go to stderr, named and worded as QEMU's xnic trace events:
 * scripts/fuzz.sh repro core FILE.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_core.h"
#include "xnic-core-fuzz.h"

#define FUZZ_QUEUES		2

static struct {
	struct xnic_core core;
	uint8_t mem[FUZZ_MEM_SIZE];
	bool msix;
	bool kicked;		/* card_kick since the last run */
	uint8_t loop[XNIC_MAX_FRAME];	/* a frame MAC loopback turned */
	size_t loop_len;
	uint8_t fw[XNIC_FW_MAX_SIZE];
	size_t fw_len;
	bool trace;		/* XNIC_CORE_FUZZ_TRACE */
} fz;

/* The input, read front to back; what is missing reads as zeros. */
struct fuzz_in {
	const uint8_t *p;
	size_t left;
};

static uint64_t fuzz_take(struct fuzz_in *in, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes && in->left; i++, in->left--)
		v |= (uint64_t)*in->p++ << (8 * i);
	return v;
}

static bool fuzz_mem_range(uint64_t addr, size_t len)
{
	return addr < FUZZ_MEM_SIZE && len <= FUZZ_MEM_SIZE - addr;
}

static bool fuzz_dma_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
	if (!fuzz_mem_range(addr, len))
		return false;
	memcpy(buf, fz.mem + addr, len);
	return true;
}

static bool fuzz_dma_write(void *opaque, uint64_t addr, const void *buf,
			   size_t len)
{
	if (!fuzz_mem_range(addr, len))
		return false;
	memcpy(fz.mem + addr, buf, len);
	return true;
}

static bool fuzz_msix_enabled(void *opaque)
{
	return fz.msix;
}

static void fuzz_msix_notify(void *opaque, unsigned int vector)
{
	if (vector >= XNIC_MSIX_VECTORS(FUZZ_QUEUES))
		abort();
}

static void fuzz_set_intx(void *opaque, bool level)
{
}

static void fuzz_wire_tx(void *opaque, const uint8_t *frame, size_t len)
{
	if (len > XNIC_MAX_FRAME)
		abort();
}

/* Delivered after the action, as QEMU's net layer does outside a delivery */
static void fuzz_wire_loopback(void *opaque, const uint8_t *frame, size_t len)
{
	if (len > XNIC_MAX_FRAME)
		abort();
	memcpy(fz.loop, frame, len);
	fz.loop_len = len;
}

static void fuzz_rx_ready(void *opaque)
{
}

static void fuzz_guest_error(void *opaque, const char *msg)
{
	if (fz.trace)
		fprintf(stderr, "xnic: %s\n", msg);
}

/* The events of hw/xnic/trace-events that say what an input did */
static const char *const fuzz_trace_fmt[] = {
	[XNIC_TRACE_TX_FRAME] = "xnic_tx_frame queue %u len %u status 0x%x\n",
	[XNIC_TRACE_RX_FRAME] = "xnic_rx_frame queue %u len %u status 0x%x\n",
	[XNIC_TRACE_RX_DROP] = "xnic_rx_drop queue %u len %u reason %u\n",
	[XNIC_TRACE_MBOX] = "xnic_mbox cmd %u len %u status %u\n",
	[XNIC_TRACE_CARD_RUN] = "xnic_card_run stop %u cycles %u fifo %u\n",
	[XNIC_TRACE_FW] = "xnic_fw status %u stop 0x%x pc %u\n",
	[XNIC_TRACE_PROG_LOAD] = "xnic_prog_load words %u entry %u status %u\n",
	[XNIC_TRACE_MAP_OP] = "xnic_map_op op %u map 0x%x errno %u\n",
};

static void fuzz_trace(void *opaque, enum xnic_core_trace ev, uint32_t a,
		       uint32_t b, uint32_t c)
{
	if (fz.trace && ev < sizeof(fuzz_trace_fmt) / sizeof(fuzz_trace_fmt[0]) &&
	    fuzz_trace_fmt[ev])
		fprintf(stderr, fuzz_trace_fmt[ev], a, b, c);
}

static void fuzz_card_kick(void *opaque)
{
	fz.kicked = true;
}

/* A fixed time: an input replays the same writes */
static uint64_t fuzz_clock_ns(void *opaque)
{
	return 1000000000;
}

static const struct xnic_core_ops fuzz_ops = {
	.dma_read = fuzz_dma_read,
	.dma_write = fuzz_dma_write,
	.msix_enabled = fuzz_msix_enabled,
	.msix_notify = fuzz_msix_notify,
	.set_intx = fuzz_set_intx,
	.wire_tx = fuzz_wire_tx,
	.wire_loopback = fuzz_wire_loopback,
	.rx_ready = fuzz_rx_ready,
	.guest_error = fuzz_guest_error,
	.card_kick = fuzz_card_kick,
	.clock_ns = fuzz_clock_ns,
	.trace = fuzz_trace,
};

static unsigned int fuzz_size(uint64_t sel)
{
	return 1u << (sel % 4);
}

/* A frame from the wire, as xnic.c's backend hands it over. */
static void fuzz_receive(const uint8_t *frame, size_t len)
{
	if (xnic_core_can_receive(&fz.core))
		xnic_core_receive(&fz.core, frame, len);
}

static void fuzz_frame_in(struct fuzz_in *in)
{
	static uint8_t frame[XNIC_MAX_FRAME];
	size_t len = fuzz_take(in, 2) % (XNIC_MAX_FRAME + 1), i;

	for (i = 0; i < len; i++)
		frame[i] = fuzz_take(in, 1);
	fuzz_receive(frame, len);
}

static void fuzz_mem_write(struct fuzz_in *in)
{
	uint32_t addr = fuzz_take(in, 2);
	uint32_t len = fuzz_take(in, 1), i;

	for (i = 0; i < len && addr + i < FUZZ_MEM_SIZE; i++)
		fz.mem[addr + i] = fuzz_take(in, 1);
}

/* The built image at addr (if it fits in guest memory), then FW_LOAD. */
static void fuzz_fw_load(struct fuzz_in *in)
{
	uint32_t addr = fuzz_take(in, 2);
	struct xnic_core *c = &fz.core;

	if (fuzz_mem_range(addr, fz.fw_len))
		memcpy(fz.mem + addr, fz.fw, fz.fw_len);
	xnic_regfile_write(c, XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_ADDR_LO, addr, 4);
	xnic_regfile_write(c, XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_ADDR_HI, 0, 4);
	xnic_regfile_write(c, XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_LEN, fz.fw_len, 4);
	xnic_regfile_write(c, XNIC_REG_MBOX_LEN, XNIC_FW_LOAD_REQ_SIZE, 4);
	xnic_regfile_write(c, XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_FW_LOAD, 4);
}

static void fuzz_step(struct fuzz_in *in)
{
	struct xnic_core *c = &fz.core;
	uint32_t off;

	switch (fuzz_take(in, 1) % FUZZ_NOPS) {
	case FUZZ_REG_WRITE:
		off = fuzz_take(in, 2);
		xnic_regfile_write(c, off, fuzz_take(in, 4), 4);
		break;
	case FUZZ_REG_ACCESS:
		off = fuzz_take(in, 2);
		xnic_regfile_write(c, off, fuzz_take(in, 8), fuzz_size(fuzz_take(in, 1)));
		break;
	case FUZZ_REG_READ:
		off = fuzz_take(in, 2);
		xnic_regfile_read(c, off, fuzz_size(fuzz_take(in, 1)));
		break;
	case FUZZ_MEM:
		fuzz_mem_write(in);
		break;
	case FUZZ_RX:
		fuzz_frame_in(in);
		break;
	case FUZZ_CARD_RUN:
		if (fz.kicked) {
			fz.kicked = false;
			xnic_core_card_run(c);
		}
		break;
	case FUZZ_LINK:
		xnic_core_set_link(c, fuzz_take(in, 1) & 1);
		break;
	case FUZZ_MSIX:
		fz.msix = fuzz_take(in, 1) & 1;
		xnic_core_irq_resync(c);
		break;
	case FUZZ_FW_LOAD:
		fuzz_fw_load(in);
		break;
	case FUZZ_RESET:
		xnic_core_reset(c);
		break;
	}
	if (fz.loop_len) {
		size_t len = fz.loop_len;

		fz.loop_len = 0;
		fuzz_receive(fz.loop, len);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct xnic_card_config card;
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	const char *path = getenv("XNIC_FW_IMG");
	char err[200];
	FILE *f;

	if (!path)
		path = XNIC_FW_IMG;
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "xnic-core-fuzz: cannot open %s\n", path);
		exit(1);
	}
	fz.fw_len = fread(fz.fw, 1, sizeof(fz.fw), f);
	fclose(f);
	fz.trace = getenv("XNIC_CORE_FUZZ_TRACE") != NULL;
	xnic_card_config_default(&card);
	if (xnic_core_init(&fz.core, &fuzz_ops, NULL, FUZZ_QUEUES, mac, true,
			   &card, err, sizeof(err))) {
		fprintf(stderr, "xnic-core-fuzz: %s\n", err);
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };

	xnic_core_reset(&fz.core);
	xnic_core_set_link(&fz.core, true);
	memset(fz.mem, 0, sizeof(fz.mem));
	fz.msix = true;
	fz.kicked = false;
	fz.loop_len = 0;
	while (in.left)
		fuzz_step(&in);
	return 0;
}
