// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic MAC / wire block (docs/device.md "Link and MAC filter"): link
 * state, destination address filter, MTU check, wire counters.  Frames
 * that pass go to the datapath; frames from the host go to the wire here.
 */
#include <string.h>

#include "xnic_core.h"

#define XNIC_MAC_VLAN_TPID	0x8100
#define XNIC_MAC_VLAN_HLEN	4

static void xnic_mac_count(struct xnic_core *core, uint32_t reg)
{
	(*xnic_core_reg(core, reg))++;
}

bool xnic_mac_enabled(struct xnic_core *core)
{
	return (*xnic_core_reg(core, XNIC_REG_CTRL) & XNIC_CTRL_ENABLE) &&
	       core->link_up;
}

static void xnic_mac_get_addr(struct xnic_core *core, uint8_t mac[6])
{
	uint32_t lo = *xnic_core_reg(core, XNIC_REG_MAC_LO);
	uint32_t hi = *xnic_core_reg(core, XNIC_REG_MAC_HI);

	mac[0] = lo;
	mac[1] = lo >> 8;
	mac[2] = lo >> 16;
	mac[3] = lo >> 24;
	mac[4] = hi;
	mac[5] = hi >> 8;
}

/* Unicast to MAC_LO/HI, any group address, or anything when PROMISC. */
static bool xnic_mac_accept(struct xnic_core *core, const uint8_t *frame,
			    size_t len)
{
	uint8_t mac[6];

	if (len < XNIC_MIN_FRAME)
		return false;
	if (*xnic_core_reg(core, XNIC_REG_CTRL) & XNIC_CTRL_PROMISC)
		return true;
	if (frame[0] & 1)
		return true;	/* broadcast and multicast */
	xnic_mac_get_addr(core, mac);
	return memcmp(frame, mac, sizeof(mac)) == 0;
}

/* MTU counts the L3 payload; one 802.1Q tag rides on top of it. */
static bool xnic_mac_oversize(struct xnic_core *core, const uint8_t *frame,
			      size_t len)
{
	size_t limit = *xnic_core_reg(core, XNIC_REG_MTU) + XNIC_ETH_HLEN;

	if ((frame[12] << 8 | frame[13]) == XNIC_MAC_VLAN_TPID)
		limit += XNIC_MAC_VLAN_HLEN;
	return len > limit;
}

static void xnic_mac_drop(struct xnic_core *core, size_t len,
			  enum xnic_core_drop why)
{
	xnic_env_trace(core, XNIC_TRACE_RX_DROP, 0, len, why);
}

void xnic_core_receive(struct xnic_core *core, const uint8_t *frame,
		       size_t len)
{
	if (core->in_dma) {
		xnic_mac_drop(core, len, XNIC_DROP_BUSY);
		return;
	}
	if (!xnic_mac_enabled(core)) {
		xnic_mac_drop(core, len, XNIC_DROP_DISABLED);
		return;
	}
	xnic_mac_count(core, XNIC_REG_WIRE_RX_FRAMES);
	if (!xnic_mac_accept(core, frame, len)) {
		xnic_mac_count(core, XNIC_REG_WIRE_RX_FILTERED);
		xnic_mac_drop(core, len, XNIC_DROP_FILTERED);
	} else if (xnic_mac_oversize(core, frame, len)) {
		xnic_mac_count(core, XNIC_REG_WIRE_RX_OVERSIZE);
		xnic_mac_drop(core, len, XNIC_DROP_OVERSIZE);
	} else {
		xnic_datapath_rx(core, frame, len);
	}
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

void xnic_mac_tx(struct xnic_core *core, const uint8_t *frame, size_t len)
{
	if (!core->link_up)
		return;
	xnic_mac_count(core, XNIC_REG_WIRE_TX_FRAMES);
	core->ops->wire_tx(core->opaque, frame, len);
}

void xnic_core_set_link(struct xnic_core *core, bool up)
{
	uint32_t *status = xnic_core_reg(core, XNIC_REG_STATUS);

	if (core->link_up == up)
		return;
	core->link_up = up;
	*status = up ? XNIC_STATUS_LINK_UP : 0;
	xnic_env_trace(core, XNIC_TRACE_LINK, up, 0, 0);
	xnic_irq_misc_raise(core, XNIC_MISC_LINK);
	if (up) {
		xnic_dma_kick_all(core);
		core->ops->rx_ready(core->opaque);
	}
}

/* CTRL: RESET resets the card and reads back 0; ENABLE starts the rings. */
void xnic_mac_write_ctrl(struct xnic_core *core, unsigned int q,
			 uint32_t off, uint32_t old)
{
	uint32_t ctrl = *xnic_core_reg(core, XNIC_REG_CTRL);

	if (ctrl & XNIC_CTRL_RESET) {
		xnic_core_reset(core);
		return;
	}
	if ((ctrl & ~old) & XNIC_CTRL_ENABLE) {
		xnic_dma_kick_all(core);
		core->ops->rx_ready(core->opaque);
	}
}

void xnic_mac_write_mtu(struct xnic_core *core, unsigned int q,
			uint32_t off, uint32_t old)
{
	uint32_t *mtu = xnic_core_reg(core, XNIC_REG_MTU);

	if (*mtu < XNIC_MIN_MTU || *mtu > XNIC_MAX_MTU) {
		xnic_env_guest_error(core, XNIC_ERR_BAD_REG,
				     "MTU %u outside [%u, %u], kept %u",
				     *mtu, XNIC_MIN_MTU, XNIC_MAX_MTU, old);
		*mtu = old;
	}
}
