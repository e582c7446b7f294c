// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic core lifecycle (docs/device.md "Reset"): the environment's entry
 * points that build, reset and restore the card, calling down into the
 * blocks.  Guest-error accounting is xnic_env.c's.
 */
#include <string.h>

#include "xnic_core.h"

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
	xnic_regfile_reset(core);
	xnic_vrec_reset(core);
	*xnic_core_reg(core, XNIC_REG_NUM_QUEUES) = core->num_queues;
	*xnic_core_reg(core, XNIC_REG_MAC_LO) =
		mac[0] | mac[1] << 8 | mac[2] << 16 | (uint32_t)mac[3] << 24;
	*xnic_core_reg(core, XNIC_REG_MAC_HI) = mac[4] | mac[5] << 8;
	*xnic_core_reg(core, XNIC_REG_STATUS) =
		core->link_up ? XNIC_STATUS_LINK_UP : 0;
	xnic_irq_update_intx(core);
}

/* Incoming migration state is checked like any guest input. */
/* The environment's kick after a run used up its budget */
void xnic_core_card_run(struct xnic_core *core)
{
	xnic_card_run(core);
}

void xnic_core_post_load(struct xnic_core *core)
{
	*xnic_core_reg(core, XNIC_REG_NUM_QUEUES) = core->num_queues;
	*xnic_core_reg(core, XNIC_REG_STATUS) =
		core->link_up ? XNIC_STATUS_LINK_UP : 0;
	/* Firmware blocks migration, so the source ran none. */
	*xnic_core_reg(core, XNIC_REG_FW_STATUS) = XNIC_FW_NONE;
	xnic_vrec_reset(core);
	xnic_dma_sanitize(core);
	xnic_core_irq_resync(core);
}
