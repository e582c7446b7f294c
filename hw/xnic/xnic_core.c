// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic core: the environment's entry points other than BAR0 (which is
 * xnic_regfile.c's): build, reset (docs/device.md "Reset") and restore
 * the card, frames and link changes from the backend, the CTRL register.
 * Everything here calls down into the blocks; only the register file
 * calls in (the CTRL hook).
 */
#include <string.h>

#include "xnic_core.h"

/* Architected reset values, from regs.h's table; the rest are per instance. */
#define XNIC_CORE_RESET_VALUE(n, off, acc, rst, wr)	[(off) / 4] = (rst),
static const uint32_t xnic_core_global_reset[XNIC_CORE_GLOBAL_REGS] = {
	XNIC_REGS_GLOBAL(XNIC_CORE_RESET_VALUE)
};
static const uint32_t xnic_core_queue_reset[XNIC_CORE_QP_REGS] = {
	XNIC_REGS_QUEUE(XNIC_CORE_RESET_VALUE)
};
#undef XNIC_CORE_RESET_VALUE

static void xnic_core_reset_regs(struct xnic_core *core)
{
	unsigned int q;

	memcpy(core->regs, xnic_core_global_reset, sizeof(core->regs));
	for (q = 0; q < XNIC_MAX_QUEUE_PAIRS; q++)
		memcpy(core->qregs[q], xnic_core_queue_reset,
		       sizeof(core->qregs[q]));
	memset(core->mbox_data, 0, sizeof(core->mbox_data));
}

/* 0, or -1 with err when the ME card cannot be built as configured. */
int xnic_core_init(struct xnic_core *core, const struct xnic_core_ops *ops,
		   void *opaque, uint32_t num_queues, const uint8_t mac[6],
		   bool link_up, const struct xnic_card_config *card,
		   char *err, size_t errlen)
{
	memset(core, 0, sizeof(*core));
	core->ops = ops;
	core->opaque = opaque;
	core->num_queues = num_queues;
	memcpy(core->perm_mac, mac, sizeof(core->perm_mac));
	core->link_up = link_up;
	if (xnic_card_create(core, card, err, errlen))
		return -1;
	xnic_core_reset(core);
	return 0;
}

void xnic_core_destroy(struct xnic_core *core)
{
	xnic_card_destroy(core);
}

/*
 * Device reset and CTRL.RESET: everything but the backend's link state.
 * The firmware stops and is gone: the driver loads it again.
 */
void xnic_core_reset(struct xnic_core *core)
{
	const uint8_t *mac = core->perm_mac;

	xnic_card_reset(core);
	xnic_core_reset_regs(core);
	xnic_vrec_reset(core);
	xnic_rss_reset(core);
	*xnic_core_reg(core, XNIC_REG_NUM_QUEUES) = core->num_queues;
	*xnic_core_reg(core, XNIC_REG_MAC_LO) =
		mac[0] | mac[1] << 8 | mac[2] << 16 | (uint32_t)mac[3] << 24;
	*xnic_core_reg(core, XNIC_REG_MAC_HI) = mac[4] | mac[5] << 8;
	*xnic_core_reg(core, XNIC_REG_STATUS) =
		core->link_up ? XNIC_STATUS_LINK_UP : 0;
	xnic_irq_update_intx(core);
}

/* The environment's kick after a run used up its budget */
void xnic_core_card_run(struct xnic_core *core)
{
	xnic_card_run(core);
}

const char *xnic_core_pre_save(struct xnic_core *core, char *msg,
			       size_t msglen)
{
	const char *bad = NULL;

	if (core->fw_started)
		bad = xnic_card_pre_save(core, msg, msglen);
	if (core->fw_started && !bad)
		xnic_testrun_prof_pre_save(core);
	return bad;
}

/*
 * Incoming migration state is checked like any guest input.  Without the
 * card's part (an older stream, or no firmware ever started) the card is
 * left without firmware, as the source's was.
 */
const char *xnic_core_post_load(struct xnic_core *core, bool card_state,
				char *msg, size_t msglen)
{
	const char *bad = NULL;

	*xnic_core_reg(core, XNIC_REG_NUM_QUEUES) = core->num_queues;
	*xnic_core_reg(core, XNIC_REG_STATUS) =
		core->link_up ? XNIC_STATUS_LINK_UP : 0;
	if (card_state)
		bad = xnic_fw_post_load(core, msg, msglen);
	/* after the MEs' record, which zeroes the profile */
	if (card_state && !bad)
		bad = xnic_testrun_prof_post_load(core, msg, msglen);
	/* A refused card is left as a reset leaves it: no firmware. */
	if (!card_state || bad) {
		xnic_card_reset(core);
		xnic_vrec_reset(core);
	}
	xnic_rss_sanitize(core);
	xnic_dma_sanitize(core);
	xnic_core_irq_resync(core);
	/* running firmware goes on: commands in flight, frames in the FIFO */
	if (xnic_card_running(core))
		core->ops->card_kick(core->opaque);
	return bad;
}

/*
 * MSI-X switched on or off: only the INTx level follows.  Causes already
 * pending are delivered with the next event or unmask, never replayed,
 * so a migration or a mode switch does not invent interrupts.
 */
void xnic_core_irq_resync(struct xnic_core *core)
{
	xnic_irq_update_intx(core);
}

/* A frame from the backend: through the MAC to the card, or dropped. */
void xnic_core_receive(struct xnic_core *core, const uint8_t *frame,
		       size_t len)
{
	if (core->in_dma) {
		xnic_env_trace(core, XNIC_TRACE_RX_DROP, 0, len, XNIC_DROP_BUSY);
		return;
	}
	if (!xnic_mac_enabled(core)) {
		xnic_env_trace(core, XNIC_TRACE_RX_DROP, 0, len,
			       XNIC_DROP_DISABLED);
		return;
	}
	if (xnic_mac_rx_accept(core, frame, len))
		xnic_card_rx(core, frame, len);
}

/*
 * The backend may hand us frames unless the card's RX FIFO is full or
 * every enabled RX ring is empty: then it holds them until rx_ready (the
 * FIFO drained, a tail write) says there is room.  Frames the card would
 * drop anyway are accepted and dropped.
 */
bool xnic_core_can_receive(struct xnic_core *core)
{
	bool any_enabled = false;
	unsigned int q;

	if (!xnic_mac_enabled(core) || core->in_dma)
		return true;
	if (xnic_card_fifo_full(core))
		return false;
	for (q = 0; q < core->num_queues; q++) {
		if (!xnic_dma_ring_enabled(core, q, XNIC_DMA_RX))
			continue;
		any_enabled = true;
		if (xnic_dma_rx_has_buffer(core, q))
			return true;
	}
	return !any_enabled;
}

/* The port came up (or the driver enabled it): rings and backend resume. */
static void xnic_core_resume(struct xnic_core *core)
{
	xnic_dma_kick_all(core);
	core->ops->rx_ready(core->opaque);
}

void xnic_core_set_link(struct xnic_core *core, bool up)
{
	if (core->link_up == up)
		return;
	core->link_up = up;
	*xnic_core_reg(core, XNIC_REG_STATUS) = up ? XNIC_STATUS_LINK_UP : 0;
	xnic_env_trace(core, XNIC_TRACE_LINK, up, 0, 0);
	xnic_irq_misc_raise(core, XNIC_MISC_LINK);
	if (up)
		xnic_core_resume(core);
}

/* CTRL: RESET resets the card and reads back 0; ENABLE starts the rings. */
void xnic_core_write_ctrl(struct xnic_core *core, unsigned int q,
			  uint32_t off, uint32_t old)
{
	uint32_t ctrl = *xnic_core_reg(core, XNIC_REG_CTRL);

	if (ctrl & XNIC_CTRL_RESET)
		xnic_core_reset(core);
	else if ((ctrl & ~old) & XNIC_CTRL_ENABLE)
		xnic_core_resume(core);
}
