// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic register file: BAR0 decoding and the per-register tables
 * (docs/device.md "Register map"), the environment's MMIO entry points.
 * Name, access type and writable bits come from regs.h's register table
 * (reset values are xnic_core.c's); this file adds the block hook that
 * runs after a write.  Reads come from storage.  The top of the core:
 * its hooks call into every block, nothing calls into it.
 */
#include <string.h>

#include "xnic_core.h"
#include "xnic/verdict.h"

typedef void xnic_regfile_hook(struct xnic_core *core, unsigned int q,
			       uint32_t off, uint32_t old);

struct xnic_regfile_info {
	const char *name;
	enum xnic_reg_access access;
	uint32_t mask;		/* writable bits */
};

/* Name, access and writable bits: regs.h's one table. */
#define XNIC_REGFILE_INFO(n, off, acc, rst, wr) \
	[(off) / 4] = { .name = #n, .access = XNIC_ACCESS_##acc, .mask = (wr) },
static const struct xnic_regfile_info xnic_regfile_global[XNIC_CORE_GLOBAL_REGS] = {
	XNIC_REGS_GLOBAL(XNIC_REGFILE_INFO)
};
static const struct xnic_regfile_info xnic_regfile_queue[XNIC_CORE_QP_REGS] = {
	XNIC_REGS_QUEUE(XNIC_REGFILE_INFO)
};
#undef XNIC_REGFILE_INFO

/* The block hook that runs after a write changed a register. */
static xnic_regfile_hook *const xnic_regfile_global_hook[XNIC_CORE_GLOBAL_REGS] = {
	[XNIC_REG_CTRL / 4]		= xnic_core_write_ctrl,
	[XNIC_REG_MTU / 4]		= xnic_mac_write_mtu,
	[XNIC_REG_MISC_CAUSE / 4]	= xnic_irq_write_misc,
	[XNIC_REG_MISC_MASK / 4]	= xnic_irq_write_misc,
	[XNIC_REG_MBOX_CMD / 4]		= xnic_mbox_write_cmd,
	[XNIC_REG_VREC_CTRL / 4]	= xnic_vrec_write_ctrl,
	/* VREC_POP stores nothing: the write itself removes a record. */
	[XNIC_REG_VREC_POP / 4]		= xnic_vrec_write_pop,
};

static xnic_regfile_hook *const xnic_regfile_queue_hook[XNIC_CORE_QP_REGS] = {
	[XNIC_Q_TX_BASE_LO / 4]	= xnic_dma_write_ring_cfg,
	[XNIC_Q_TX_BASE_HI / 4]	= xnic_dma_write_ring_cfg,
	[XNIC_Q_TX_SIZE / 4]	= xnic_dma_write_ring_cfg,
	[XNIC_Q_TX_TAIL / 4]	= xnic_dma_write_tail,
	[XNIC_Q_TX_CTRL / 4]	= xnic_dma_write_ring_ctrl,
	[XNIC_Q_RX_BASE_LO / 4]	= xnic_dma_write_ring_cfg,
	[XNIC_Q_RX_BASE_HI / 4]	= xnic_dma_write_ring_cfg,
	[XNIC_Q_RX_SIZE / 4]	= xnic_dma_write_ring_cfg,
	[XNIC_Q_RX_TAIL / 4]	= xnic_dma_write_tail,
	[XNIC_Q_RX_CTRL / 4]	= xnic_dma_write_ring_ctrl,
	[XNIC_Q_IRQ_CAUSE / 4]	= xnic_irq_write_queue,
	[XNIC_Q_IRQ_MASK / 4]	= xnic_irq_write_queue,
};

/* A decoded BAR0 offset: which table entry and which storage word. */
struct xnic_regfile_slot {
	const struct xnic_regfile_info *info;
	xnic_regfile_hook *write;
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
		slot->write = xnic_regfile_global_hook[addr / 4];
		slot->word = xnic_core_reg(core, addr);
		slot->q = 0;
	} else if (addr >= XNIC_QP_BASE(0) && addr < qp_end) {
		slot->q = (addr - XNIC_QP_BASE(0)) / XNIC_QP_STRIDE;
		addr %= XNIC_QP_STRIDE;
		slot->info = &xnic_regfile_queue[addr / 4];
		slot->write = xnic_regfile_queue_hook[addr / 4];
		slot->word = xnic_core_qreg(core, slot->q, addr);
	} else {
		return false;
	}
	slot->off = addr;
	return slot->info->access != XNIC_ACCESS_NONE;
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
		xnic_env_guest_error(core, XNIC_ERR_BAD_REG,
				     "%s of %u bytes at 0x%llx: only aligned 32-bit accesses",
				     what, size, (unsigned long long)addr);
		return false;
	}
	if (core->in_dma) {
		xnic_env_guest_error(core, XNIC_ERR_DMA,
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

uint32_t xnic_regfile_read(struct xnic_core *core, uint64_t addr,
			   unsigned int size)
{
	struct xnic_regfile_slot slot;
	uint32_t val = 0;

	if (!xnic_regfile_access_ok(core, addr, size, "read"))
		return 0;
	if (xnic_regfile_is_mbox_data(addr))
		val = xnic_core_ld_le32(&core->mbox_data[addr - XNIC_REG_MBOX_DATA]);
	else if (xnic_regfile_is_fw_stats(addr))
		val = xnic_fw_stats_read(core, addr - XNIC_REG_FW_STATS);
	else if (xnic_regfile_is_vrec_data(addr))
		val = xnic_vrec_read(core, addr - XNIC_REG_VREC_DATA);
	else if (xnic_rss_is_window(addr))
		val = xnic_rss_read(core, addr);
	else if (xnic_regfile_decode(core, addr, &slot))
		val = *slot.word;
	else
		xnic_env_guest_error(core, XNIC_ERR_BAD_REG,
				     "read of unknown register 0x%llx",
				     (unsigned long long)addr);
	xnic_env_trace(core, XNIC_TRACE_REG_READ, addr, val, 0);
	return val;
}

static void xnic_regfile_store(struct xnic_core *core,
			       const struct xnic_regfile_slot *slot,
			       uint32_t val)
{
	const struct xnic_regfile_info *info = slot->info;
	uint32_t old = *slot->word;

	switch (info->access) {
	case XNIC_ACCESS_RW:
		*slot->word = (old & ~info->mask) | (val & info->mask);
		break;
	case XNIC_ACCESS_RW1C:
		*slot->word = old & ~(val & info->mask);
		break;
	default:
		xnic_env_guest_error(core, XNIC_ERR_BAD_REG,
				     "write 0x%x to read-only register %s (queue %u)",
				     val, info->name, slot->q);
		return;
	}
	if (slot->write)
		slot->write(core, slot->q, slot->off, old);
}

void xnic_regfile_write(struct xnic_core *core, uint64_t addr, uint64_t val,
			unsigned int size)
{
	struct xnic_regfile_slot slot;

	xnic_env_trace(core, XNIC_TRACE_REG_WRITE, addr, val, 0);
	if (!xnic_regfile_access_ok(core, addr, size, "write"))
		return;
	if (xnic_regfile_is_mbox_data(addr))
		xnic_core_st_le32(&core->mbox_data[addr - XNIC_REG_MBOX_DATA], val);
	else if (xnic_rss_is_window(addr))
		xnic_rss_write(core, addr, val);
	else if (xnic_regfile_decode(core, addr, &slot))
		xnic_regfile_store(core, &slot, val);
	else
		xnic_env_guest_error(core, XNIC_ERR_BAD_REG,
				     "write 0x%x to unknown register 0x%llx",
				     (uint32_t)val, (unsigned long long)addr);
}
