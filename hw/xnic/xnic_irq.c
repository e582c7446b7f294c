// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic interrupts (docs/device.md "Interrupts").  Vector 0 carries
 * MISC_CAUSE, vector 1 + q carries queue q's IRQ_CAUSE.  Under MSI-X a
 * queue vector auto-masks when it fires: the card sets IRQ_MASK to all
 * ones, so a NAPI driver gets one message per poll cycle and unmasks when
 * done.  Without MSI-X the INTx line is the OR of all unmasked causes and
 * nothing auto-masks (a level line would otherwise drop before the guest
 * saw it).
 */
#include "xnic_core.h"

static bool xnic_irq_msix(struct xnic_core *core)
{
	return core->ops->msix_enabled(core->opaque);
}

static uint32_t xnic_irq_misc_pending(struct xnic_core *core)
{
	return *xnic_core_reg(core, XNIC_REG_MISC_CAUSE) &
	       ~*xnic_core_reg(core, XNIC_REG_MISC_MASK);
}

static uint32_t xnic_irq_queue_pending(struct xnic_core *core, unsigned int q)
{
	return *xnic_core_qreg(core, q, XNIC_Q_IRQ_CAUSE) &
	       ~*xnic_core_qreg(core, q, XNIC_Q_IRQ_MASK);
}

void xnic_irq_update_intx(struct xnic_core *core)
{
	bool level = false;
	unsigned int q;

	if (!xnic_irq_msix(core)) {
		level = xnic_irq_misc_pending(core) != 0;
		for (q = 0; q < core->num_queues; q++)
			level |= xnic_irq_queue_pending(core, q) != 0;
	}
	xnic_env_trace(core, XNIC_TRACE_INTX, level, 0, 0);
	core->ops->set_intx(core->opaque, level);
}

static void xnic_irq_misc_fire(struct xnic_core *core, uint32_t fresh)
{
	uint32_t cause = *xnic_core_reg(core, XNIC_REG_MISC_CAUSE);

	if (!xnic_irq_msix(core)) {
		xnic_irq_update_intx(core);
	} else if (fresh & xnic_irq_misc_pending(core)) {
		xnic_env_trace(core, XNIC_TRACE_MSIX, XNIC_MSIX_MISC_VECTOR,
			       cause, 0);
		core->ops->msix_notify(core->opaque, XNIC_MSIX_MISC_VECTOR);
	}
}

static void xnic_irq_queue_fire(struct xnic_core *core, unsigned int q)
{
	uint32_t *mask = xnic_core_qreg(core, q, XNIC_Q_IRQ_MASK);
	uint32_t pending = xnic_irq_queue_pending(core, q);

	if (!xnic_irq_msix(core)) {
		xnic_irq_update_intx(core);
	} else if (pending) {
		*mask = XNIC_QIRQ_ALL;
		xnic_env_trace(core, XNIC_TRACE_MSIX,
			       XNIC_MSIX_QUEUE_VECTOR(q), pending, 0);
		core->ops->msix_notify(core->opaque, XNIC_MSIX_QUEUE_VECTOR(q));
	}
}

void xnic_irq_misc_raise(struct xnic_core *core, uint32_t bits)
{
	*xnic_core_reg(core, XNIC_REG_MISC_CAUSE) |= bits;
	xnic_irq_misc_fire(core, bits);
}

void xnic_irq_queue_raise(struct xnic_core *core, unsigned int q,
			  uint32_t bits)
{
	*xnic_core_qreg(core, q, XNIC_Q_IRQ_CAUSE) |= bits;
	xnic_irq_queue_fire(core, q);
}

/* MISC_CAUSE / MISC_MASK written: unmasking a pending cause fires. */
void xnic_irq_write_misc(struct xnic_core *core, unsigned int q,
			 uint32_t off, uint32_t old)
{
	uint32_t unmasked = 0;

	if (off == XNIC_REG_MISC_MASK)
		unmasked = old & ~*xnic_core_reg(core, XNIC_REG_MISC_MASK);
	xnic_irq_misc_fire(core, unmasked);
}

void xnic_irq_write_queue(struct xnic_core *core, unsigned int q,
			  uint32_t off, uint32_t old)
{
	if (off == XNIC_Q_IRQ_MASK || !xnic_irq_msix(core))
		xnic_irq_queue_fire(core, q);
}
