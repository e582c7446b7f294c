// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic register file: BAR0 decoding and the per-register tables
 * (docs/device.md "Register map").  Every register is described once:
 * name, access type, reset value, which bits a write may change, and the
 * block hook that runs after a write.  Reads come from storage.
 */
#include <string.h>

#include "xnic-core.h"
#include "xnic/verdict.h"

enum xnic_regfile_access {
	XNIC_REGFILE_NONE = 0,	/* hole: not a register */
	XNIC_REGFILE_RO,
	XNIC_REGFILE_RW,	/* bits in mask are writable */
	XNIC_REGFILE_RW1C,	/* writing 1 to a bit in mask clears it */
};

typedef void xnic_regfile_hook(struct xnic_core *core, unsigned int q,
			       uint32_t off, uint32_t old);

struct xnic_regfile_info {
	const char *name;
	enum xnic_regfile_access access;
	uint32_t reset;
	uint32_t mask;
	xnic_regfile_hook *write;
};

#define XNIC_RO(n, r)		{ .name = (n), .access = XNIC_REGFILE_RO, .reset = (r) }
#define XNIC_RW(n, r, m, w)	{ .name = (n), .access = XNIC_REGFILE_RW, \
				  .reset = (r), .mask = (m), .write = (w) }
#define XNIC_RW1C(n, m, w)	{ .name = (n), .access = XNIC_REGFILE_RW1C, \
				  .mask = (m), .write = (w) }
#define XNIC_MISC_ALL		(XNIC_MISC_LINK | XNIC_MISC_MBOX | XNIC_MISC_ERROR | \
				 XNIC_MISC_FW)
#define XNIC_QIRQ_ALL		(XNIC_QIRQ_RX | XNIC_QIRQ_TX)

/* NUM_QUEUES, STATUS and MAC_* get their reset value from the instance. */
static const struct xnic_regfile_info xnic_regfile_global[XNIC_CORE_GLOBAL_REGS] = {
	[XNIC_REG_ID / 4]		= XNIC_RO("ID", XNIC_ID_MAGIC),
	[XNIC_REG_VERSION / 4]		= XNIC_RO("VERSION",
					  XNIC_VERSION_MAJOR << 16 | XNIC_VERSION_MINOR),
	[XNIC_REG_NUM_QUEUES / 4]	= XNIC_RO("NUM_QUEUES", 0),
	[XNIC_REG_CAPS / 4]		= XNIC_RO("CAPS", XNIC_CAP_MSIX | XNIC_CAP_MAILBOX |
					  XNIC_CAP_FIRMWARE),
	[XNIC_REG_CTRL / 4]		= XNIC_RW("CTRL", 0, XNIC_CTRL_ENABLE |
					  XNIC_CTRL_RESET | XNIC_CTRL_PROMISC,
					  xnic_mac_write_ctrl),
	[XNIC_REG_STATUS / 4]		= XNIC_RO("STATUS", 0),
	[XNIC_REG_MAC_LO / 4]		= XNIC_RW("MAC_LO", 0, 0xffffffff, NULL),
	[XNIC_REG_MAC_HI / 4]		= XNIC_RW("MAC_HI", 0, 0x0000ffff, NULL),
	[XNIC_REG_MTU / 4]		= XNIC_RW("MTU", XNIC_DEFAULT_MTU, 0xffffffff,
					  xnic_mac_write_mtu),
	[XNIC_REG_MAX_MTU / 4]		= XNIC_RO("MAX_MTU", XNIC_MAX_MTU),
	[XNIC_REG_MIN_MTU / 4]		= XNIC_RO("MIN_MTU", XNIC_MIN_MTU),
	[XNIC_REG_MISC_CAUSE / 4]	= XNIC_RW1C("MISC_CAUSE", XNIC_MISC_ALL,
					  xnic_irq_write_misc),
	/* Masked until a driver unmasks: no interrupt without a handler. */
	[XNIC_REG_MISC_MASK / 4]	= XNIC_RW("MISC_MASK", XNIC_MISC_ALL, XNIC_MISC_ALL,
					  xnic_irq_write_misc),
	[XNIC_REG_ERR_COUNT / 4]	= XNIC_RO("ERR_COUNT", 0),
	[XNIC_REG_ERR_LAST / 4]		= XNIC_RO("ERR_LAST", XNIC_ERR_NONE),
	[XNIC_REG_WIRE_RX_FRAMES / 4]	= XNIC_RO("WIRE_RX_FRAMES", 0),
	[XNIC_REG_WIRE_TX_FRAMES / 4]	= XNIC_RO("WIRE_TX_FRAMES", 0),
	[XNIC_REG_WIRE_RX_FILTERED / 4]	= XNIC_RO("WIRE_RX_FILTERED", 0),
	[XNIC_REG_WIRE_RX_OVERSIZE / 4]	= XNIC_RO("WIRE_RX_OVERSIZE", 0),
	[XNIC_REG_HOST_IFINDEX / 4]	= XNIC_RW("HOST_IFINDEX", 1, 0xffffffff, NULL),
	[XNIC_REG_MBOX_CMD / 4]		= XNIC_RW("MBOX_CMD", 0, 0xffffffff,
					  xnic_mbox_write_cmd),
	[XNIC_REG_MBOX_LEN / 4]		= XNIC_RW("MBOX_LEN", 0, 0xffffffff, NULL),
	[XNIC_REG_MBOX_STATUS / 4]	= XNIC_RO("MBOX_STATUS", XNIC_MBOX_IDLE),
	[XNIC_REG_FW_STATUS / 4]	= XNIC_RO("FW_STATUS", XNIC_FW_NONE),
	[XNIC_REG_FW_ABI / 4]		= XNIC_RO("FW_ABI", 0),
	[XNIC_REG_FW_VERSION / 4]	= XNIC_RO("FW_VERSION", 0),
	[XNIC_REG_FW_RX_NO_FW / 4]	= XNIC_RO("FW_RX_NO_FW", 0),
	[XNIC_REG_FW_STOP / 4]		= XNIC_RO("FW_STOP", 0),
	[XNIC_REG_FW_STOP_PC / 4]	= XNIC_RO("FW_STOP_PC", 0),
	[XNIC_REG_FW_CYCLES_LO / 4]	= XNIC_RO("FW_CYCLES_LO", 0),
	[XNIC_REG_FW_CYCLES_HI / 4]	= XNIC_RO("FW_CYCLES_HI", 0),
	[XNIC_REG_VREC_CTRL / 4]	= XNIC_RW("VREC_CTRL", 0, XNIC_VREC_CTRL_ENABLE,
					  xnic_vrec_write_ctrl),
	[XNIC_REG_VREC_COUNT / 4]	= XNIC_RO("VREC_COUNT", 0),
	[XNIC_REG_VREC_LOST / 4]	= XNIC_RO("VREC_LOST", 0),
	/* Stores nothing: the write itself removes a record. */
	[XNIC_REG_VREC_POP / 4]		= XNIC_RW("VREC_POP", 0, 0, xnic_vrec_write_pop),
};

static const struct xnic_regfile_info xnic_regfile_queue[XNIC_CORE_QP_REGS] = {
	[XNIC_Q_TX_BASE_LO / 4]	= XNIC_RW("TX_BASE_LO", 0, 0xffffffff,
				  xnic_dma_write_ring_cfg),
	[XNIC_Q_TX_BASE_HI / 4]	= XNIC_RW("TX_BASE_HI", 0, 0xffffffff,
				  xnic_dma_write_ring_cfg),
	[XNIC_Q_TX_SIZE / 4]	= XNIC_RW("TX_SIZE", 0, 0xffffffff,
				  xnic_dma_write_ring_cfg),
	[XNIC_Q_TX_HEAD / 4]	= XNIC_RO("TX_HEAD", 0),
	[XNIC_Q_TX_TAIL / 4]	= XNIC_RW("TX_TAIL", 0, 0xffffffff,
				  xnic_dma_write_tail),
	[XNIC_Q_TX_CTRL / 4]	= XNIC_RW("TX_CTRL", 0, XNIC_QCTRL_ENABLE,
				  xnic_dma_write_ring_ctrl),
	[XNIC_Q_RX_BASE_LO / 4]	= XNIC_RW("RX_BASE_LO", 0, 0xffffffff,
				  xnic_dma_write_ring_cfg),
	[XNIC_Q_RX_BASE_HI / 4]	= XNIC_RW("RX_BASE_HI", 0, 0xffffffff,
				  xnic_dma_write_ring_cfg),
	[XNIC_Q_RX_SIZE / 4]	= XNIC_RW("RX_SIZE", 0, 0xffffffff,
				  xnic_dma_write_ring_cfg),
	[XNIC_Q_RX_HEAD / 4]	= XNIC_RO("RX_HEAD", 0),
	[XNIC_Q_RX_TAIL / 4]	= XNIC_RW("RX_TAIL", 0, 0xffffffff,
				  xnic_dma_write_tail),
	[XNIC_Q_RX_CTRL / 4]	= XNIC_RW("RX_CTRL", 0, XNIC_QCTRL_ENABLE,
				  xnic_dma_write_ring_ctrl),
	[XNIC_Q_IRQ_CAUSE / 4]	= XNIC_RW1C("IRQ_CAUSE", XNIC_QIRQ_ALL,
				  xnic_irq_write_queue),
	[XNIC_Q_IRQ_MASK / 4]	= XNIC_RW("IRQ_MASK", 0, XNIC_QIRQ_ALL,
				  xnic_irq_write_queue),
	[XNIC_Q_RX_FRAMES / 4]	= XNIC_RO("RX_FRAMES", 0),
	[XNIC_Q_RX_BYTES / 4]	= XNIC_RO("RX_BYTES", 0),
	[XNIC_Q_RX_NO_BUF / 4]	= XNIC_RO("RX_NO_BUF", 0),
	[XNIC_Q_RX_TRUNC / 4]	= XNIC_RO("RX_TRUNC", 0),
	[XNIC_Q_TX_FRAMES / 4]	= XNIC_RO("TX_FRAMES", 0),
	[XNIC_Q_TX_BYTES / 4]	= XNIC_RO("TX_BYTES", 0),
	[XNIC_Q_TX_ERRORS / 4]	= XNIC_RO("TX_ERRORS", 0),
};

/* A decoded BAR0 offset: which table entry and which storage word. */
struct xnic_regfile_slot {
	const struct xnic_regfile_info *info;
	uint32_t *word;
	unsigned int q;
	uint32_t off;		/* offset inside the global or QP block */
};

static bool xnic_regfile_is_mbox_data(uint64_t addr)
{
	return addr >= XNIC_REG_MBOX_DATA &&
	       addr < XNIC_REG_MBOX_DATA + XNIC_MBOX_DATA_SIZE;
}

static bool xnic_regfile_decode(struct xnic_core *core, uint64_t addr,
				struct xnic_regfile_slot *slot)
{
	uint64_t qp_end = XNIC_QP_BASE(core->num_queues);

	if (addr < XNIC_CORE_GLOBAL_REGS * 4) {
		slot->info = &xnic_regfile_global[addr / 4];
		slot->word = xnic_core_reg(core, addr);
		slot->q = 0;
	} else if (addr >= XNIC_QP_BASE(0) && addr < qp_end) {
		slot->q = (addr - XNIC_QP_BASE(0)) / XNIC_QP_STRIDE;
		addr %= XNIC_QP_STRIDE;
		slot->info = &xnic_regfile_queue[addr / 4];
		slot->word = xnic_core_qreg(core, slot->q, addr);
	} else {
		return false;
	}
	slot->off = addr;
	return slot->info->access != XNIC_REGFILE_NONE;
}

/*
 * Only aligned 32-bit accesses are defined (regs.h).  Accesses made while
 * the card is itself doing DMA are a guest pointing DMA at BAR0: refusing
 * them keeps ring processing from re-entering itself.
 */
static bool xnic_regfile_access_ok(struct xnic_core *core, uint64_t addr,
				   unsigned int size, const char *what)
{
	if (size != 4 || (addr & 3) || addr >= XNIC_BAR0_SIZE) {
		xnic_core_guest_error(core, XNIC_ERR_BAD_REG,
				      "%s of %u bytes at 0x%llx: only aligned 32-bit accesses",
				      what, size, (unsigned long long)addr);
		return false;
	}
	if (core->in_dma) {
		xnic_core_guest_error(core, XNIC_ERR_DMA,
				      "%s at 0x%llx by the card's own DMA refused",
				      what, (unsigned long long)addr);
		return false;
	}
	return true;
}

static bool xnic_regfile_is_fw_stats(uint64_t addr)
{
	return addr >= XNIC_REG_FW_STATS &&
	       addr < XNIC_REG_FW_STATS + 8 * XNIC_FW_NUM_CNT;
}

static bool xnic_regfile_is_vrec_data(uint64_t addr)
{
	return addr >= XNIC_REG_VREC_DATA &&
	       addr < XNIC_REG_VREC_DATA + XNIC_VERDICT_SIZE;
}

static uint32_t xnic_regfile_mbox_get(struct xnic_core *core, uint64_t addr)
{
	const uint8_t *p = &core->mbox_data[addr - XNIC_REG_MBOX_DATA];

	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void xnic_regfile_mbox_put(struct xnic_core *core, uint64_t addr,
				  uint32_t val)
{
	uint8_t *p = &core->mbox_data[addr - XNIC_REG_MBOX_DATA];

	p[0] = val;
	p[1] = val >> 8;
	p[2] = val >> 16;
	p[3] = val >> 24;
}

uint32_t xnic_core_mmio_read(struct xnic_core *core, uint64_t addr,
			     unsigned int size)
{
	struct xnic_regfile_slot slot;
	uint32_t val = 0;

	if (!xnic_regfile_access_ok(core, addr, size, "read"))
		return 0;
	if (xnic_regfile_is_mbox_data(addr))
		val = xnic_regfile_mbox_get(core, addr);
	else if (xnic_regfile_is_fw_stats(addr))
		val = xnic_card_stats_read(core, addr - XNIC_REG_FW_STATS);
	else if (xnic_regfile_is_vrec_data(addr))
		val = xnic_vrec_read(core, addr - XNIC_REG_VREC_DATA);
	else if (xnic_regfile_decode(core, addr, &slot))
		val = *slot.word;
	else
		xnic_core_guest_error(core, XNIC_ERR_BAD_REG,
				      "read of unknown register 0x%llx",
				      (unsigned long long)addr);
	xnic_core_trace(core, XNIC_TRACE_REG_READ, addr, val, 0);
	return val;
}

static void xnic_regfile_store(struct xnic_core *core,
			       const struct xnic_regfile_slot *slot,
			       uint32_t val)
{
	const struct xnic_regfile_info *info = slot->info;
	uint32_t old = *slot->word;

	switch (info->access) {
	case XNIC_REGFILE_RW:
		*slot->word = (old & ~info->mask) | (val & info->mask);
		break;
	case XNIC_REGFILE_RW1C:
		*slot->word = old & ~(val & info->mask);
		break;
	default:
		xnic_core_guest_error(core, XNIC_ERR_BAD_REG,
				      "write 0x%x to read-only register %s (queue %u)",
				      val, info->name, slot->q);
		return;
	}
	if (info->write)
		info->write(core, slot->q, slot->off, old);
}

void xnic_core_mmio_write(struct xnic_core *core, uint64_t addr,
			  uint64_t val, unsigned int size)
{
	struct xnic_regfile_slot slot;

	xnic_core_trace(core, XNIC_TRACE_REG_WRITE, addr, val, 0);
	if (!xnic_regfile_access_ok(core, addr, size, "write"))
		return;
	if (xnic_regfile_is_mbox_data(addr))
		xnic_regfile_mbox_put(core, addr, val);
	else if (xnic_regfile_decode(core, addr, &slot))
		xnic_regfile_store(core, &slot, val);
	else
		xnic_core_guest_error(core, XNIC_ERR_BAD_REG,
				      "write 0x%x to unknown register 0x%llx",
				      (uint32_t)val, (unsigned long long)addr);
}

/* Architected reset values; instance-specific ones are set by the caller. */
void xnic_regfile_reset(struct xnic_core *core)
{
	unsigned int i, q;

	for (i = 0; i < XNIC_CORE_GLOBAL_REGS; i++)
		core->regs[i] = xnic_regfile_global[i].reset;
	for (q = 0; q < XNIC_MAX_QUEUE_PAIRS; q++)
		for (i = 0; i < XNIC_CORE_QP_REGS; i++)
			core->qregs[q][i] = xnic_regfile_queue[i].reset;
	memset(core->mbox_data, 0, sizeof(core->mbox_data));
}
