/*
 * xnic RX queue selection (docs/device.md "RX queue selection"): frames
 * the firmware passes to the host, and verdict records, land on the RX
 * queue the flow hash picks: through the indirection table (RSS_RETA)
 * when RSS_CTRL.ENABLE is set, else modulo the number of enabled RX rings.
 * The hash is Toeplitz's, keyed by the RSS_KEY window, over the fields
 * the Microsoft RSS specification names, so a driver (or a test) can
 * compute where a flow lands.
 */
#include <string.h>

#include "xnic_core.h"

#define XNIC_RSS_ETH_P_IPV4	0x0800
#define XNIC_RSS_ETH_P_IPV6	0x86dd
#define XNIC_RSS_ETH_P_VLAN	0x8100
#define XNIC_RSS_IPPROTO_TCP	6
#define XNIC_RSS_IPPROTO_UDP	17
#define XNIC_RSS_IPV4_HLEN	20
#define XNIC_RSS_IPV6_HLEN	40
/* The longest hash input: two IPv6 addresses and two ports */
#define XNIC_RSS_INPUT_MAX	36

static const uint8_t xnic_rss_key_reset[XNIC_RSS_KEY_SIZE] = XNIC_RSS_KEY_RESET;

/* The hash input gathered from a frame: addresses, then ports */
struct xnic_rss_input {
	uint8_t bytes[XNIC_RSS_INPUT_MAX];
	size_t len;
	unsigned int type;	/* XNIC_RSS_TYPE_*: what bytes holds */
};

static void xnic_rss_add(struct xnic_rss_input *in, const uint8_t *p, size_t n)
{
	memcpy(in->bytes + in->len, p, n);
	in->len += n;
}

/*
 * Toeplitz: for every set bit of the input, XOR in the 32 key bits that
 * start at that bit's position.  The key is long enough for the longest
 * input (XNIC_RSS_KEY_SIZE >= XNIC_RSS_INPUT_MAX + 4).
 */
static uint32_t xnic_rss_toeplitz(const uint8_t *key,
				  const struct xnic_rss_input *in)
{
	uint32_t window = (uint32_t)key[0] << 24 | key[1] << 16 |
			  key[2] << 8 | key[3];
	uint32_t hash = 0;
	size_t i;
	int bit;

	for (i = 0; i < in->len; i++) {
		for (bit = 7; bit >= 0; bit--) {
			if (in->bytes[i] & (1u << bit))
				hash ^= window;
			window = window << 1 | ((key[i + 4] >> bit) & 1);
		}
	}
	return hash;
}

static uint16_t xnic_rss_be16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

/*
 * Ports of a TCP/UDP header at l4 if the frame holds them; the type goes
 * from the addresses' (IPV4, IPV6) to that with ports.
 */
static void xnic_rss_ports(struct xnic_rss_input *in, uint8_t proto,
			   const uint8_t *l4, const uint8_t *end)
{
	bool v4 = in->type == XNIC_RSS_TYPE_IPV4;

	if ((proto != XNIC_RSS_IPPROTO_TCP && proto != XNIC_RSS_IPPROTO_UDP) ||
	    end - l4 < 4)
		return;
	xnic_rss_add(in, l4, 4);
	if (proto == XNIC_RSS_IPPROTO_TCP)
		in->type = v4 ? XNIC_RSS_TYPE_IPV4_TCP : XNIC_RSS_TYPE_IPV6_TCP;
	else
		in->type = v4 ? XNIC_RSS_TYPE_IPV4_UDP : XNIC_RSS_TYPE_IPV6_UDP;
}

static void xnic_rss_ipv4(struct xnic_rss_input *in, const uint8_t *ip,
			  const uint8_t *end)
{
	size_t ihl = (ip[0] & 0x0f) * 4;
	bool fragment = xnic_rss_be16(ip + 6) & 0x3fff;

	xnic_rss_add(in, ip + 12, 8);
	in->type = XNIC_RSS_TYPE_IPV4;
	if (ihl < XNIC_RSS_IPV4_HLEN || fragment || (size_t)(end - ip) < ihl)
		return;
	xnic_rss_ports(in, ip[9], ip + ihl, end);
}

static void xnic_rss_ipv6(struct xnic_rss_input *in, const uint8_t *ip,
			  const uint8_t *end)
{
	xnic_rss_add(in, ip + 8, 32);
	in->type = XNIC_RSS_TYPE_IPV6;
	xnic_rss_ports(in, ip[6], ip + XNIC_RSS_IPV6_HLEN, end);
}

/*
 * Toeplitz hash with key over IPv4/IPv6 addresses and TCP/UDP ports (one
 * 802.1Q tag skipped); 0 for anything else, which therefore lands where
 * hash 0 does.  Extension headers and fragments hash on addresses only.
 * *type says which of these the input was (XNIC_RSS_TYPE_*).
 */
uint32_t xnic_rss_flow_hash_type(const uint8_t *key, const uint8_t *frame,
				 size_t len, unsigned int *type)
{
	const uint8_t *end = frame + len;
	const uint8_t *l3 = frame + XNIC_ETH_HLEN;
	struct xnic_rss_input in = { .len = 0, .type = XNIC_RSS_TYPE_NONE };
	uint16_t proto;

	*type = XNIC_RSS_TYPE_NONE;
	if (len < XNIC_ETH_HLEN)
		return 0;
	proto = xnic_rss_be16(frame + 12);
	if (proto == XNIC_RSS_ETH_P_VLAN && len >= XNIC_ETH_HLEN + 4) {
		proto = xnic_rss_be16(frame + 16);
		l3 += 4;
	}
	if (proto == XNIC_RSS_ETH_P_IPV4 && end - l3 >= XNIC_RSS_IPV4_HLEN)
		xnic_rss_ipv4(&in, l3, end);
	else if (proto == XNIC_RSS_ETH_P_IPV6 && end - l3 >= XNIC_RSS_IPV6_HLEN)
		xnic_rss_ipv6(&in, l3, end);
	*type = in.type;
	return xnic_rss_toeplitz(key, &in);
}

uint32_t xnic_rss_flow_hash(const uint8_t *key, const uint8_t *frame,
			    size_t len)
{
	unsigned int type;

	return xnic_rss_flow_hash_type(key, frame, len, &type);
}

/*
 * RX_CTRL.ENABLE, read here rather than through the DMA engine, which
 * calls this block for the hash it writes back.
 */
static bool xnic_rss_rx_enabled(struct xnic_core *core, unsigned int q)
{
	return *xnic_core_qreg(core, q, XNIC_Q_RX_CTRL) & XNIC_QCTRL_ENABLE;
}

/* The (hash % enabled)-th enabled RX ring, or -1 when none is enabled. */
static int xnic_rss_among_enabled(struct xnic_core *core, uint32_t hash)
{
	unsigned int q, enabled = 0, pick;

	for (q = 0; q < core->num_queues; q++)
		enabled += xnic_rss_rx_enabled(core, q);
	if (!enabled)
		return -1;
	pick = hash % enabled;
	for (q = 0; q < core->num_queues; q++) {
		if (!xnic_rss_rx_enabled(core, q))
			continue;
		if (pick-- == 0)
			return q;
	}
	return -1;
}

/*
 * The RX queue of a frame.  Through the indirection table the queue may
 * be one whose ring is disabled: the DMA engine then counts the frame in
 * that queue's RX_NO_BUF, as a NIC drops for a queue nobody serves.
 */
int xnic_rss_queue(struct xnic_core *core, const uint8_t *frame, size_t len)
{
	uint32_t hash = xnic_rss_flow_hash(core->rss_key, frame, len);

	if (*xnic_core_reg(core, XNIC_REG_RSS_CTRL) & XNIC_RSS_CTRL_ENABLE)
		return core->rss_reta[hash % XNIC_RSS_RETA_SIZE];
	return xnic_rss_among_enabled(core, hash);
}

void xnic_rss_reset(struct xnic_core *core)
{
	unsigned int i;

	memcpy(core->rss_key, xnic_rss_key_reset, sizeof(core->rss_key));
	for (i = 0; i < XNIC_RSS_RETA_SIZE; i++)
		core->rss_reta[i] = i % core->num_queues;
}

/* After migration: a table entry beyond this card's queues is reset. */
void xnic_rss_sanitize(struct xnic_core *core)
{
	unsigned int i;

	for (i = 0; i < XNIC_RSS_RETA_SIZE; i++)
		if (core->rss_reta[i] >= core->num_queues)
			core->rss_reta[i] = i % core->num_queues;
}

/* The RSS_KEY and RSS_RETA windows: byte 0 of a word in bits 7:0. */
bool xnic_rss_is_window(uint64_t addr)
{
	return (addr >= XNIC_REG_RSS_KEY &&
		addr < XNIC_REG_RSS_KEY + XNIC_RSS_KEY_SIZE) ||
	       (addr >= XNIC_REG_RSS_RETA &&
		addr < XNIC_REG_RSS_RETA + XNIC_RSS_RETA_SIZE);
}

static uint8_t *xnic_rss_window(struct xnic_core *core, uint64_t addr)
{
	if (addr >= XNIC_REG_RSS_RETA)
		return &core->rss_reta[addr - XNIC_REG_RSS_RETA];
	return &core->rss_key[addr - XNIC_REG_RSS_KEY];
}

uint32_t xnic_rss_read(struct xnic_core *core, uint64_t addr)
{
	return xnic_core_ld_le32(xnic_rss_window(core, addr));
}

/* A table word naming a queue the card does not have is refused whole. */
void xnic_rss_write(struct xnic_core *core, uint64_t addr, uint32_t val)
{
	unsigned int i;

	if (addr >= XNIC_REG_RSS_RETA) {
		for (i = 0; i < 4; i++) {
			if (((val >> (8 * i)) & 0xff) >= core->num_queues) {
				xnic_env_guest_error(core, XNIC_ERR_BAD_REG,
						     "RSS_RETA entry %u = %u: the card has %u queues",
						     (unsigned int)(addr - XNIC_REG_RSS_RETA) + i,
						     (val >> (8 * i)) & 0xff,
						     core->num_queues);
				return;
			}
		}
	}
	xnic_core_st_le32(xnic_rss_window(core, addr), val);
}
