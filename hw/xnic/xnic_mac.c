// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic MAC / wire block (docs/device.md "Link and MAC filter"): whether
 * the port is up, destination address filter, MTU check, wire counters,
 * and frames out to the wire.  It decides; the core's entry points
 * (xnic_core.c) pass the frames it keeps on to the card.
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

/*
 * A frame from the wire while the MAC is enabled: counted, then kept
 * (true) or dropped by the address filter or the MTU check.
 */
bool xnic_mac_rx_accept(struct xnic_core *core, const uint8_t *frame,
			size_t len)
{
	xnic_mac_count(core, XNIC_REG_WIRE_RX_FRAMES);
	if (!xnic_mac_accept(core, frame, len)) {
		xnic_mac_count(core, XNIC_REG_WIRE_RX_FILTERED);
		xnic_mac_drop(core, len, XNIC_DROP_FILTERED);
		return false;
	}
	if (xnic_mac_oversize(core, frame, len)) {
		xnic_mac_count(core, XNIC_REG_WIRE_RX_OVERSIZE);
		xnic_mac_drop(core, len, XNIC_DROP_OVERSIZE);
		return false;
	}
	return true;
}

void xnic_mac_tx(struct xnic_core *core, const uint8_t *frame, size_t len)
{
	if (!core->link_up)
		return;
	xnic_mac_count(core, XNIC_REG_WIRE_TX_FRAMES);
	if (*xnic_core_reg(core, XNIC_REG_CTRL) & XNIC_CTRL_LOOPBACK)
		core->ops->wire_loopback(core->opaque, frame, len);
	else
		core->ops->wire_tx(core->opaque, frame, len);
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
