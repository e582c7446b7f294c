// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic RX queue selection (docs/device.md "RX queue selection"): frames
 * the firmware passes to the host, and verdict records, land on the RX
 * queue the flow hash picks, modulo the number of enabled RX rings.
 */
#include "xnic_core.h"

#define XNIC_RSS_ETH_P_IPV4	0x0800
#define XNIC_RSS_ETH_P_IPV6	0x86dd
#define XNIC_RSS_ETH_P_VLAN	0x8100
#define XNIC_RSS_IPPROTO_TCP	6
#define XNIC_RSS_IPPROTO_UDP	17
#define XNIC_RSS_IPV4_HLEN	20
#define XNIC_RSS_IPV6_HLEN	40
#define XNIC_RSS_FNV_BASIS	2166136261u
#define XNIC_RSS_FNV_PRIME	16777619u

static uint32_t xnic_rss_fnv(uint32_t h, const uint8_t *p, size_t n)
{
	while (n--)
		h = (h ^ *p++) * XNIC_RSS_FNV_PRIME;
	return h;
}

static uint16_t xnic_rss_be16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

/* Ports of a TCP/UDP header at l4 if the frame holds them. */
static uint32_t xnic_rss_ports(uint32_t h, uint8_t proto,
			      const uint8_t *l4, const uint8_t *end)
{
	if ((proto != XNIC_RSS_IPPROTO_TCP && proto != XNIC_RSS_IPPROTO_UDP) ||
	    end - l4 < 4)
		return h;
	return xnic_rss_fnv(h, l4, 4);
}

static uint32_t xnic_rss_ipv4(const uint8_t *ip, const uint8_t *end)
{
	size_t ihl = (ip[0] & 0x0f) * 4;
	bool fragment = xnic_rss_be16(ip + 6) & 0x3fff;
	uint32_t h;

	h = xnic_rss_fnv(XNIC_RSS_FNV_BASIS, ip + 12, 8);
	if (ihl < XNIC_RSS_IPV4_HLEN || fragment || (size_t)(end - ip) < ihl)
		return h;
	return xnic_rss_ports(h, ip[9], ip + ihl, end);
}

static uint32_t xnic_rss_ipv6(const uint8_t *ip, const uint8_t *end)
{
	uint32_t h = xnic_rss_fnv(XNIC_RSS_FNV_BASIS, ip + 8, 32);

	return xnic_rss_ports(h, ip[6], ip + XNIC_RSS_IPV6_HLEN, end);
}

/*
 * Hash over IPv4/IPv6 addresses and TCP/UDP ports (one 802.1Q tag
 * skipped); 0 for anything else, which therefore lands on queue 0.
 * Extension headers and fragments hash on addresses only.
 */
uint32_t xnic_rss_flow_hash(const uint8_t *frame, size_t len)
{
	const uint8_t *end = frame + len;
	const uint8_t *l3 = frame + XNIC_ETH_HLEN;
	uint16_t proto;

	if (len < XNIC_ETH_HLEN)
		return 0;
	proto = xnic_rss_be16(frame + 12);
	if (proto == XNIC_RSS_ETH_P_VLAN && len >= XNIC_ETH_HLEN + 4) {
		proto = xnic_rss_be16(frame + 16);
		l3 += 4;
	}
	if (proto == XNIC_RSS_ETH_P_IPV4 && end - l3 >= XNIC_RSS_IPV4_HLEN)
		return xnic_rss_ipv4(l3, end);
	if (proto == XNIC_RSS_ETH_P_IPV6 && end - l3 >= XNIC_RSS_IPV6_HLEN)
		return xnic_rss_ipv6(l3, end);
	return 0;
}

/* The (hash % enabled)-th enabled RX ring, or -1 when none is enabled. */
int xnic_rss_queue(struct xnic_core *core, const uint8_t *frame, size_t len)
{
	unsigned int q, enabled = 0, pick;

	for (q = 0; q < core->num_queues; q++)
		enabled += xnic_dma_ring_enabled(core, q, XNIC_DMA_RX);
	if (!enabled)
		return -1;
	pick = xnic_rss_flow_hash(frame, len) % enabled;
	for (q = 0; q < core->num_queues; q++) {
		if (!xnic_dma_ring_enabled(core, q, XNIC_DMA_RX))
			continue;
		if (pick-- == 0)
			return q;
	}
	return -1;
}
