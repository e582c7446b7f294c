// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Frame builders of xnic-pktgen (docs/pktgen.md).  Valid frames carry correct
 * IPv4 header and L4 checksums; malformed ones are wrong in one documented
 * way each.  Addresses and ports come from small pools so that map-driven
 * programs (firewall, NAT, load balancer) see repeated flows.
 */
#include <string.h>

#include "xnic_pktgen.h"

#define ETH_HLEN	14
#define IP4_HLEN	20
#define IP6_HLEN	40
#define UDP_HLEN	8
#define TCP_HLEN	20

void xnic_pktgen_init(struct xnic_pktgen *g, uint64_t seed, unsigned int max_size)
{
	g->state = seed * 0x9e3779b97f4a7c15ull + 1;
	if (!g->state)
		g->state = 1;
	g->max_size = max_size;
}

uint32_t xnic_pktgen_rand(struct xnic_pktgen *g)
{
	g->state ^= g->state >> 12;
	g->state ^= g->state << 25;
	g->state ^= g->state >> 27;
	return (uint32_t)((g->state * 0x2545f4914f6cdd1dull) >> 32);
}

static uint32_t pg_pick(struct xnic_pktgen *g, const uint32_t *pool, size_t n)
{
	return pool[xnic_pktgen_rand(g) % n];
}

static void pg_put16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = (uint8_t)v; }
static void pg_put32(uint8_t *p, uint32_t v) { pg_put16(p, v >> 16); pg_put16(p + 2, (uint16_t)v); }

static void pg_random_bytes(struct xnic_pktgen *g, uint8_t *p, size_t n)
{
	while (n--)
		*p++ = (uint8_t)xnic_pktgen_rand(g);
}

/* RFC 1071 sum over n bytes, added to sum (not folded). */
static uint32_t pg_sum(const uint8_t *p, size_t n, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

static uint16_t pg_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static const uint32_t pg_ip4_pool[] = { 0x0a000001, 0x0a000002, 0x0a000003, 0x0a000004,
					0xc0a80101, 0xc0a80102, 0x08080808 };
static const uint32_t pg_port_pool[] = { 53, 80, 443, 8080, 12345, 40000, 65535 };

static size_t pg_eth(struct xnic_pktgen *g, uint8_t *buf, uint16_t type)
{
	pg_random_bytes(g, buf, 12);
	buf[0] &= 0xfe;		/* unicast destination */
	buf[6] &= 0xfe;
	buf[6] |= 0x02;		/* locally administered source */
	buf[11] = (uint8_t)(xnic_pktgen_rand(g) % 4);	/* few distinct sources */
	pg_put16(buf + 12, type);
	return ETH_HLEN;
}

/* IPv4 header with ihl words (5..15; options are NOPs ending in EOL). */
static size_t pg_ip4(struct xnic_pktgen *g, uint8_t *ip, unsigned int ihl, uint8_t proto,
		     size_t payload, uint16_t frag)
{
	size_t hlen = ihl * 4;

	memset(ip, 0, hlen);
	ip[0] = (uint8_t)(0x40 | ihl);
	pg_put16(ip + 2, (uint16_t)(hlen + payload));
	pg_put16(ip + 4, (uint16_t)xnic_pktgen_rand(g));
	pg_put16(ip + 6, frag);
	ip[8] = 64;
	ip[9] = proto;
	pg_put32(ip + 12, pg_pick(g, pg_ip4_pool, 7));
	pg_put32(ip + 16, pg_pick(g, pg_ip4_pool, 7));
	if (hlen > IP4_HLEN) {
		memset(ip + IP4_HLEN, 1, hlen - IP4_HLEN);	/* NOP */
		ip[hlen - 1] = 0;				/* EOL */
	}
	pg_put16(ip + 10, pg_fold(pg_sum(ip, hlen, 0)));
	return hlen;
}

static uint32_t pg_pseudo4(const uint8_t *ip, uint8_t proto, size_t len)
{
	return pg_sum(ip + 12, 8, 0) + proto + (uint32_t)len;
}

static uint32_t pg_pseudo6(const uint8_t *ip6, uint8_t proto, size_t len)
{
	return pg_sum(ip6 + 8, 32, 0) + proto + (uint32_t)len;
}

/* L4 header and payload at l4; checksum over pseudo (already summed). */
static size_t pg_l4(struct xnic_pktgen *g, uint8_t *l4, uint8_t proto, size_t payload,
		    uint32_t pseudo)
{
	size_t hlen = proto == 6 ? TCP_HLEN : UDP_HLEN;
	size_t len = hlen + payload;
	int csum_at = proto == 6 ? 16 : proto == 17 ? 6 : 2;

	memset(l4, 0, hlen);
	pg_random_bytes(g, l4 + hlen, payload);
	if (proto == 6 || proto == 17) {
		pg_put16(l4, (uint16_t)pg_pick(g, pg_port_pool, 7));
		pg_put16(l4 + 2, (uint16_t)pg_pick(g, pg_port_pool, 7));
	}
	if (proto == 17)
		pg_put16(l4 + 4, (uint16_t)len);
	if (proto == 6) {
		pg_put32(l4 + 4, xnic_pktgen_rand(g));
		l4[12] = 5 << 4;
		l4[13] = 0x18;		/* PSH|ACK */
		pg_put16(l4 + 14, 65535);
	}
	if (proto == 1 || proto == 58)
		l4[0] = proto == 1 ? 8 : 128;	/* echo request */
	pg_put16(l4 + csum_at, pg_fold(pg_sum(l4, len, pseudo)));
	return len;
}

static size_t pg_ipv4_frame(struct xnic_pktgen *g, uint8_t *buf, uint8_t proto,
			    unsigned int ihl, size_t payload)
{
	size_t n = pg_eth(g, buf, 0x0800);
	uint8_t *ip = buf + n;
	size_t l4len = (proto == 6 ? TCP_HLEN : UDP_HLEN) + payload;
	size_t hlen = pg_ip4(g, ip, ihl, proto, l4len, 0);

	return n + hlen + pg_l4(g, ip + hlen, proto, payload, proto == 1 ? 0 :
				pg_pseudo4(ip, proto, l4len));
}

static size_t pg_payload(struct xnic_pktgen *g)
{
	return 18 + xnic_pktgen_rand(g) % 64;
}

static size_t pg_ipv4_tcp(struct xnic_pktgen *g, uint8_t *buf)
{
	return pg_ipv4_frame(g, buf, 6, 5, pg_payload(g));
}

static size_t pg_ipv4_udp(struct xnic_pktgen *g, uint8_t *buf)
{
	return pg_ipv4_frame(g, buf, 17, 5, pg_payload(g));
}

static size_t pg_ipv4_icmp(struct xnic_pktgen *g, uint8_t *buf)
{
	return pg_ipv4_frame(g, buf, 1, 5, pg_payload(g));
}

static size_t pg_ipv4_options(struct xnic_pktgen *g, uint8_t *buf)
{
	return pg_ipv4_frame(g, buf, xnic_pktgen_rand(g) & 1 ? 6 : 17,
			     6 + xnic_pktgen_rand(g) % 10, pg_payload(g));
}

/* A fragment: the first (MF, offset 0, UDP header) or a later one (no L4 header). */
static size_t pg_ipv4_frag(struct xnic_pktgen *g, uint8_t *buf)
{
	size_t n = pg_eth(g, buf, 0x0800), payload = 8 * (4 + xnic_pktgen_rand(g) % 8);
	int first = xnic_pktgen_rand(g) & 1;
	uint16_t frag = first ? 0x2000 : (uint16_t)(0x2000 | (1 + xnic_pktgen_rand(g) % 100));
	uint8_t *ip = buf + n;

	n += pg_ip4(g, ip, 5, 17, payload, frag);
	if (first) {
		/* the UDP checksum would cover the whole datagram: 0 (none) */
		n += pg_l4(g, buf + n, 17, payload - UDP_HLEN, 0);
		pg_put16(buf + n - payload + 6, 0);
		return n;
	}
	pg_random_bytes(g, buf + n, payload);
	return n + payload;
}

/* One of: version 5, IHL 3, total length past the frame. */
static size_t pg_ipv4_bad(struct xnic_pktgen *g, uint8_t *buf)
{
	size_t n = pg_ipv4_udp(g, buf);
	uint8_t *ip = buf + ETH_HLEN;

	switch (xnic_pktgen_rand(g) % 3) {
	case 0: ip[0] = 0x55; break;
	case 1: ip[0] = 0x43; break;
	default: pg_put16(ip + 2, (uint16_t)(n + 100)); break;
	}
	return n;
}

static size_t pg_ipv6_frame(struct xnic_pktgen *g, uint8_t *buf, uint8_t proto, int ext)
{
	size_t n = pg_eth(g, buf, 0x86dd), payload = pg_payload(g), l4len, e = 0;
	uint8_t *ip6 = buf + n, *p = ip6 + IP6_HLEN;
	static const uint8_t chain[] = { 0, 43, 60, 44 };	/* hop, routing, dst, frag */
	int i;

	memset(ip6, 0, IP6_HLEN);
	ip6[0] = 0x60;
	ip6[7] = 64;
	pg_random_bytes(g, ip6 + 8, 32);
	ip6[6] = ext ? chain[0] : proto;
	for (i = 0; ext && i < 4; i++) {
		memset(p + e, 0, 8);
		p[e] = i == 3 ? proto : chain[i + 1];	/* next header */
		e += 8;
	}
	l4len = (proto == 6 ? TCP_HLEN : UDP_HLEN) + payload;
	if (proto == 58)
		l4len = UDP_HLEN + payload;
	pg_put16(ip6 + 4, (uint16_t)(e + l4len));
	return n + IP6_HLEN + e + pg_l4(g, p + e, proto, payload, pg_pseudo6(ip6, proto, l4len));
}

static size_t pg_ipv6_tcp(struct xnic_pktgen *g, uint8_t *buf) { return pg_ipv6_frame(g, buf, 6, 0); }
static size_t pg_ipv6_udp(struct xnic_pktgen *g, uint8_t *buf) { return pg_ipv6_frame(g, buf, 17, 0); }
static size_t pg_ipv6_icmp(struct xnic_pktgen *g, uint8_t *buf) { return pg_ipv6_frame(g, buf, 58, 0); }
static size_t pg_ipv6_ext(struct xnic_pktgen *g, uint8_t *buf) { return pg_ipv6_frame(g, buf, 17, 1); }

static size_t pg_vlan(struct xnic_pktgen *g, uint8_t *buf)
{
	size_t n = pg_ipv4_udp(g, buf);

	memmove(buf + 16, buf + 12, n - 12);
	pg_put16(buf + 12, 0x8100);
	pg_put16(buf + 14, (uint16_t)(xnic_pktgen_rand(g) % 4095 + 1));
	return n + 4;
}

static size_t pg_qinq(struct xnic_pktgen *g, uint8_t *buf)
{
	size_t n = pg_vlan(g, buf);

	memmove(buf + 16, buf + 12, n - 12);
	pg_put16(buf + 12, 0x88a8);
	pg_put16(buf + 14, (uint16_t)(xnic_pktgen_rand(g) % 4095 + 1));
	return n + 4;
}

static size_t pg_arp(struct xnic_pktgen *g, uint8_t *buf)
{
	size_t n = pg_eth(g, buf, 0x0806);

	pg_put16(buf + n, 1);
	pg_put16(buf + n + 2, 0x0800);
	buf[n + 4] = 6;
	buf[n + 5] = 4;
	pg_put16(buf + n + 6, 1);
	pg_random_bytes(g, buf + n + 8, 20);
	memset(buf + n + 28, 0, 60 - n - 28);	/* padded to the minimum */
	return 60;
}

/* Smallest frame without FCS: 60 bytes, an unknown EtherType. */
static size_t pg_min(struct xnic_pktgen *g, uint8_t *buf)
{
	size_t n = pg_eth(g, buf, 0x88b5);	/* local experimental */

	pg_random_bytes(g, buf + n, 60 - n);
	return 60;
}

static size_t pg_max(struct xnic_pktgen *g, uint8_t *buf)
{
	size_t hdr = ETH_HLEN + IP4_HLEN + UDP_HLEN;

	return pg_ipv4_frame(g, buf, 17, 5, g->max_size - hdr);
}

/* Cut anywhere inside the headers: 1..53 bytes of a TCP frame. */
static size_t pg_truncated(struct xnic_pktgen *g, uint8_t *buf)
{
	pg_ipv4_tcp(g, buf);
	return 1 + xnic_pktgen_rand(g) % (ETH_HLEN + IP4_HLEN + TCP_HLEN - 1);
}

/* IPv4 says TCP but the frame ends inside the TCP header. */
static size_t pg_tcp_short(struct xnic_pktgen *g, uint8_t *buf)
{
	size_t n = pg_eth(g, buf, 0x0800);

	n += pg_ip4(g, buf + n, 5, 6, 8, 0);
	pg_random_bytes(g, buf + n, 8);
	return n + 8;
}

/*
 * Malformed Ethernet, one of: an 802.1Q tag and inner EtherType with
 * nothing behind them (18 bytes); an 802.3 length field (1500) far past
 * the 46 payload bytes of a 60-byte frame; a broadcast source address on
 * IPv4/UDP.
 */
static size_t pg_eth_bad(struct xnic_pktgen *g, uint8_t *buf)
{
	size_t n;

	switch (xnic_pktgen_rand(g) % 3) {
	case 0:
		n = pg_eth(g, buf, 0x8100);
		pg_put16(buf + n, (uint16_t)(xnic_pktgen_rand(g) % 4095 + 1));
		pg_put16(buf + n + 2, 0x0800);
		return n + 4;
	case 1:
		n = pg_eth(g, buf, 1500);
		pg_random_bytes(g, buf + n, 60 - n);
		return 60;
	default:
		n = pg_ipv4_udp(g, buf);
		memset(buf + 6, 0xff, 6);
		return n;
	}
}

const struct xnic_pktgen_kind xnic_pktgen_kinds[] = {
	{ "ipv4-tcp", "Ethernet/IPv4/TCP, valid checksums", pg_ipv4_tcp },
	{ "ipv4-udp", "Ethernet/IPv4/UDP", pg_ipv4_udp },
	{ "ipv4-icmp", "Ethernet/IPv4/ICMP echo request", pg_ipv4_icmp },
	{ "ipv4-options", "IPv4 with 4..40 bytes of options (NOP..EOL), TCP or UDP", pg_ipv4_options },
	{ "ipv4-frag", "IPv4 fragment: first (MF) or later (offset > 0)", pg_ipv4_frag },
	{ "ipv4-bad", "IPv4 malformed: version 5, IHL 3, or total length past the frame", pg_ipv4_bad },
	{ "ipv6-tcp", "Ethernet/IPv6/TCP", pg_ipv6_tcp },
	{ "ipv6-udp", "Ethernet/IPv6/UDP", pg_ipv6_udp },
	{ "ipv6-icmp", "Ethernet/IPv6/ICMPv6 echo request", pg_ipv6_icmp },
	{ "ipv6-ext", "IPv6 hop-by-hop, routing, destination and fragment headers, UDP", pg_ipv6_ext },
	{ "vlan", "802.1Q tag, IPv4/UDP", pg_vlan },
	{ "qinq", "802.1ad + 802.1Q tags, IPv4/UDP", pg_qinq },
	{ "arp", "ARP request padded to 60 bytes", pg_arp },
	{ "min", "60-byte frame, unknown EtherType", pg_min },
	{ "max", "largest frame (--max-size, default 1514), IPv4/UDP", pg_max },
	{ "truncated", "1..53 bytes of a TCP frame (runt; under 14 bytes no Ethernet header)", pg_truncated },
	{ "tcp-short", "IPv4 claiming TCP, frame ends inside the TCP header", pg_tcp_short },
	{ "eth-bad", "Ethernet malformed: 802.1Q tag with no payload, 802.3 length past the frame, or broadcast source", pg_eth_bad },
};

const size_t xnic_pktgen_n_kinds = sizeof(xnic_pktgen_kinds) / sizeof(xnic_pktgen_kinds[0]);

const struct xnic_pktgen_kind *xnic_pktgen_kind_find(const char *name)
{
	size_t i;

	for (i = 0; i < xnic_pktgen_n_kinds; i++)
		if (!strcmp(xnic_pktgen_kinds[i].name, name))
			return &xnic_pktgen_kinds[i];
	return NULL;
}
