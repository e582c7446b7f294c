// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic self-test, `ethtool -t` (docs/driver.md "Self-test").  Online:
 * the register file, the mailbox memory, the firmware answering the
 * mailbox, the misc interrupt.  Offline adds the loopbacks: test frames
 * sent through a TX ring with the card's MAC in loopback (CTRL.LOOPBACK,
 * docs/device.md) run through the firmware on the microengines and come
 * back by DMA into an RX ring, where the RX path hands them here.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "xnic.h"

/* Results in this order; a nonzero value is the failure's errno */
enum xnic_selftest_id {
	XNIC_TEST_REGS,
	XNIC_TEST_MEMORY,
	XNIC_TEST_FIRMWARE,
	XNIC_TEST_IRQ,
	XNIC_TEST_ME_LOOP,
	XNIC_TEST_DMA_LOOP,
	XNIC_TEST_NUM,
};

static const char xnic_selftest_names[XNIC_TEST_NUM][ETH_GSTRING_LEN] = {
	[XNIC_TEST_REGS] = "register file (online)",
	[XNIC_TEST_MEMORY] = "mailbox memory (online)",
	[XNIC_TEST_FIRMWARE] = "firmware mailbox (online)",
	[XNIC_TEST_IRQ] = "misc interrupt (online)",
	[XNIC_TEST_ME_LOOP] = "ME loopback, firmware (offline)",
	[XNIC_TEST_DMA_LOOP] = "DMA loopback (offline)",
};

/* Loopback frames: IEEE 802 local experimental EtherType, then a tag */
#define XNIC_TEST_ETHERTYPE	0x88b5
#define XNIC_TEST_MAGIC		0x584e4943	/* "XNIC" */
#define XNIC_TEST_FRAMES	32
#define XNIC_TEST_WAIT_MS	2000
#define XNIC_TEST_IRQ_WAIT_MS	100

/* What follows the Ethernet header of a loopback frame */
struct xnic_test_hdr {
	__be32 magic;
	__be32 index;
};

/* Frame i: a length from 60 to the MTU's frame (at most 1514), payload from i */
static unsigned int xnic_test_len(const struct xnic_adapter *adapter,
				  unsigned int i)
{
	return ETH_ZLEN + (i * 157) % (adapter->selftest.max_len - ETH_ZLEN + 1);
}

static u8 xnic_test_byte(unsigned int i, unsigned int off)
{
	return (u8)(i * 31 + off * 7);
}

int xnic_selftest_count(void)
{
	return XNIC_TEST_NUM;
}

void xnic_selftest_strings(u8 *data)
{
	memcpy(data, xnic_selftest_names, sizeof(xnic_selftest_names));
}

/* Identity registers read what regs.h says; the RSS key window holds
 * patterns (the driver's key goes back afterwards). */
static int xnic_test_regs(struct xnic_adapter *adapter)
{
	static const u32 patterns[] = { 0x00000000, 0xffffffff, 0x55555555,
					0xaaaaaaaa };
	unsigned int p, i;
	int err = 0;

	if (xnic_rd(adapter, XNIC_REG_ID) != XNIC_ID_MAGIC ||
	    xnic_rd(adapter, XNIC_REG_VERSION) >> 16 != XNIC_VERSION_MAJOR ||
	    xnic_rd(adapter, XNIC_REG_NUM_QUEUES) != adapter->card_qps ||
	    (xnic_rd(adapter, XNIC_REG_CAPS) & XNIC_CAP_ALL) != XNIC_CAP_ALL) {
		netdev_err(adapter->netdev, "self-test: identity registers changed\n");
		return -EIO;
	}
	for (p = 0; p < ARRAY_SIZE(patterns) && !err; p++) {
		for (i = 0; i < XNIC_RSS_KEY_SIZE; i += 4)
			xnic_wr(adapter, XNIC_REG_RSS_KEY + i, patterns[p] ^ i);
		for (i = 0; i < XNIC_RSS_KEY_SIZE && !err; i += 4) {
			u32 got = xnic_rd(adapter, XNIC_REG_RSS_KEY + i);

			if (got != (patterns[p] ^ i)) {
				netdev_err(adapter->netdev,
					   "self-test: RSS_KEY + %u reads %#x after writing %#x\n",
					   i, got, patterns[p] ^ i);
				err = -EIO;
			}
		}
	}
	xnic_rss_write(adapter);
	return err;
}

static int xnic_test_memory(struct xnic_adapter *adapter)
{
	u32 bad;
	int err;

	err = xnic_fw_mbox_memtest(adapter, &bad);
	if (err)
		netdev_err(adapter->netdev,
			   "self-test: mailbox memory word at %#x does not hold what was written\n",
			   bad);
	return err;
}

static int xnic_test_firmware(struct xnic_adapter *adapter)
{
	int err;

	if (xnic_rd(adapter, XNIC_REG_FW_STATUS) != XNIC_FW_RUNNING) {
		netdev_err(adapter->netdev, "self-test: no firmware runs\n");
		return -ENODEV;
	}
	err = xnic_fw_caps_check(adapter);
	if (err)
		netdev_err(adapter->netdev,
			   "self-test: the firmware's capability block: %pe\n",
			   ERR_PTR(err));
	return err;
}

/* The card raises MISC_CAUSE.MBOX when a command completes: unmasked,
 * that fires the misc vector. */
static int xnic_test_irq(struct xnic_adapter *adapter)
{
	unsigned long left;
	int err;

	reinit_completion(&adapter->selftest.irq);
	WRITE_ONCE(adapter->selftest.want_irq, true);
	/* Every command so far left the cause set: only this one may fire */
	xnic_wr(adapter, XNIC_REG_MISC_CAUSE, XNIC_MISC_MBOX);
	xnic_wr(adapter, XNIC_REG_MISC_MASK,
		~(XNIC_MISC_HANDLED | XNIC_MISC_MBOX));
	err = xnic_fw_nop(adapter);
	left = wait_for_completion_timeout(&adapter->selftest.irq,
					   msecs_to_jiffies(XNIC_TEST_IRQ_WAIT_MS));
	xnic_wr(adapter, XNIC_REG_MISC_MASK, ~XNIC_MISC_HANDLED);
	WRITE_ONCE(adapter->selftest.want_irq, false);
	if (err)
		return err;
	if (!left) {
		netdev_err(adapter->netdev,
			   "self-test: no misc interrupt within %u ms of a mailbox command\n",
			   XNIC_TEST_IRQ_WAIT_MS);
		return -ETIMEDOUT;
	}
	return 0;
}

static struct sk_buff *xnic_test_frame(struct xnic_adapter *adapter,
				       unsigned int i)
{
	struct net_device *netdev = adapter->netdev;
	unsigned int len = xnic_test_len(adapter, i), off;
	struct xnic_test_hdr *hdr;
	struct sk_buff *skb;
	struct ethhdr *eth;
	u8 *p;

	skb = alloc_skb(len, GFP_KERNEL);
	if (!skb)
		return NULL;
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, netdev->dev_addr);
	ether_addr_copy(eth->h_source, netdev->dev_addr);
	eth->h_proto = htons(XNIC_TEST_ETHERTYPE);
	hdr = skb_put(skb, sizeof(*hdr));
	hdr->magic = htonl(XNIC_TEST_MAGIC);
	hdr->index = htonl(i);
	p = skb_put(skb, len - ETH_HLEN - sizeof(*hdr));
	for (off = ETH_HLEN + sizeof(*hdr); off < len; off++)
		*p++ = xnic_test_byte(i, off);
	skb->dev = netdev;
	skb->protocol = eth->h_proto;
	skb_set_queue_mapping(skb, i % adapter->num_qps);
	return skb;
}

/**
 * xnic_selftest_rx - the RX path's check for loopback test frames
 * @adapter: the adapter, a self-test running
 * @data: the frame
 * @len: its length
 *
 * Return: true if the frame was a test frame (counted here, not for the
 * stack).
 */
bool xnic_selftest_rx(struct xnic_adapter *adapter, const u8 *data,
		      unsigned int len)
{
	const struct ethhdr *eth = (const void *)data;
	const struct xnic_test_hdr *hdr = (const void *)(eth + 1);
	unsigned int i, off;

	if (len < ETH_HLEN + sizeof(*hdr) ||
	    eth->h_proto != htons(XNIC_TEST_ETHERTYPE) ||
	    hdr->magic != htonl(XNIC_TEST_MAGIC))
		return false;
	i = ntohl(hdr->index);
	if (i >= XNIC_TEST_FRAMES || len != xnic_test_len(adapter, i))
		goto bad;
	for (off = ETH_HLEN + sizeof(*hdr); off < len; off++)
		if (data[off] != xnic_test_byte(i, off))
			goto bad;
	atomic_inc(&adapter->selftest.rx_good);
	return true;
bad:
	atomic_inc(&adapter->selftest.rx_bad);
	return true;
}

static u64 xnic_test_fw_verdicts(struct xnic_adapter *adapter)
{
	u64 stats[XNIC_FW_NUM_CNT + 2];
	u64 sum = 0;
	unsigned int i;

	xnic_fw_get_stats(adapter, stats);
	for (i = 0; i < XNIC_FW_NUM_CNT; i++)
		sum += stats[i];
	return sum;
}

/*
 * XNIC_TEST_FRAMES frames through a TX ring with the MAC in loopback: the
 * firmware must have given each a verdict (ME loopback) and each must
 * come back byte-exact into an RX ring (DMA loopback).
 */
static void xnic_test_loopback(struct xnic_adapter *adapter, u64 *me,
			       u64 *dma)
{
	struct net_device *netdev = adapter->netdev;
	u64 verdicts = xnic_test_fw_verdicts(adapter);
	unsigned int i, sent = 0;
	int good, bad, waited = 0;

	adapter->selftest.max_len = min(netdev->mtu + ETH_HLEN, ETH_FRAME_LEN);
	atomic_set(&adapter->selftest.rx_good, 0);
	atomic_set(&adapter->selftest.rx_bad, 0);
	WRITE_ONCE(adapter->selftest.loopback, true);
	xnic_ctrl_update(adapter, XNIC_CTRL_LOOPBACK, true);
	for (i = 0; i < XNIC_TEST_FRAMES; i++) {
		struct sk_buff *skb = xnic_test_frame(adapter, i);

		if (skb && dev_queue_xmit(skb) == NET_XMIT_SUCCESS)
			sent++;
	}
	while (atomic_read(&adapter->selftest.rx_good) +
	       atomic_read(&adapter->selftest.rx_bad) < sent &&
	       waited < XNIC_TEST_WAIT_MS) {
		msleep(20);
		waited += 20;
	}
	xnic_ctrl_update(adapter, XNIC_CTRL_LOOPBACK, false);
	WRITE_ONCE(adapter->selftest.loopback, false);
	verdicts = xnic_test_fw_verdicts(adapter) - verdicts;
	good = atomic_read(&adapter->selftest.rx_good);
	bad = atomic_read(&adapter->selftest.rx_bad);
	*me = verdicts >= XNIC_TEST_FRAMES ? 0 : EIO;
	*dma = good == XNIC_TEST_FRAMES && !bad ? 0 : EIO;
	if (*me || *dma)
		netdev_err(netdev,
			   "self-test: loopback of %u frames: %u sent, %llu firmware verdicts, %d back intact, %d damaged\n",
			   XNIC_TEST_FRAMES, sent, verdicts, good, bad);
}

/**
 * xnic_selftest - ethtool -t
 * @netdev: the interface, under RTNL
 * @eth_test: flags in (ETH_TEST_FL_OFFLINE) and out (ETH_TEST_FL_FAILED)
 * @data: one result per test, 0 for a pass, else a positive errno
 *
 * The offline tests need the datapath and the link: on an interface that
 * is down they fail with ENETDOWN (and a log line saying so).
 */
void xnic_selftest(struct net_device *netdev, struct ethtool_test *eth_test,
		   u64 *data)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);
	unsigned int i;

	memset(data, 0, XNIC_TEST_NUM * sizeof(*data));
	data[XNIC_TEST_REGS] = -xnic_test_regs(adapter);
	data[XNIC_TEST_MEMORY] = -xnic_test_memory(adapter);
	data[XNIC_TEST_FIRMWARE] = -xnic_test_firmware(adapter);
	data[XNIC_TEST_IRQ] = -xnic_test_irq(adapter);
	if (eth_test->flags & ETH_TEST_FL_OFFLINE) {
		if (adapter->datapath_up && netif_carrier_ok(netdev)) {
			xnic_test_loopback(adapter, &data[XNIC_TEST_ME_LOOP],
					   &data[XNIC_TEST_DMA_LOOP]);
		} else {
			netdev_err(netdev,
				   "self-test: the loopback tests need the interface up with a link\n");
			data[XNIC_TEST_ME_LOOP] = ENETDOWN;
			data[XNIC_TEST_DMA_LOOP] = ENETDOWN;
		}
	}
	for (i = 0; i < XNIC_TEST_NUM; i++)
		if (data[i])
			eth_test->flags |= ETH_TEST_FL_FAILED;
}
