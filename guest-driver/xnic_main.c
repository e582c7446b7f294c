// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic PCI driver: probe/remove, identity check, MSI-X, the misc
 * interrupt (link changes), netdev operations and the card counters.
 * docs/driver.md describes the whole driver.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/interrupt.h>
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>

#include "xnic.h"

static unsigned int xnic_max_queues = 4;
module_param_named(max_queues, xnic_max_queues, uint, 0444);
MODULE_PARM_DESC(max_queues,
		 "Most queue pairs ethtool -L may set, 1-16 (also limited by the card; default 4); the driver starts with one per online CPU");

static unsigned int xnic_tx_ring_size = XNIC_DEFAULT_RING_SIZE;
module_param_named(tx_ring_size, xnic_tx_ring_size, uint, 0444);
MODULE_PARM_DESC(tx_ring_size, "TX descriptors per queue, power of 2, 64-4096 (default 256)");

static unsigned int xnic_rx_ring_size = XNIC_DEFAULT_RING_SIZE;
module_param_named(rx_ring_size, xnic_rx_ring_size, uint, 0444);
MODULE_PARM_DESC(rx_ring_size, "RX descriptors per queue, power of 2, 64-4096 (default 256)");

/* How long the card may take to come out of XNIC_CTRL_RESET */
#define XNIC_RESET_TIMEOUT_US	100000
/* Frames queued this long without completion make the stack call tx_timeout */
#define XNIC_TX_TIMEOUT		(5 * HZ)

static const u32 xnic_qp_hw_regs[XNIC_QP_HW_NUM] = {
	[XNIC_QP_HW_RX_NO_BUF] = XNIC_Q_RX_NO_BUF,
	[XNIC_QP_HW_RX_TRUNC] = XNIC_Q_RX_TRUNC,
	[XNIC_QP_HW_TX_ERRORS] = XNIC_Q_TX_ERRORS,
};

static const u32 xnic_dev_hw_regs[XNIC_DEV_HW_NUM] = {
	[XNIC_DEV_HW_WIRE_RX_FRAMES] = XNIC_REG_WIRE_RX_FRAMES,
	[XNIC_DEV_HW_WIRE_TX_FRAMES] = XNIC_REG_WIRE_TX_FRAMES,
	[XNIC_DEV_HW_WIRE_RX_FILTERED] = XNIC_REG_WIRE_RX_FILTERED,
	[XNIC_DEV_HW_WIRE_RX_OVERSIZE] = XNIC_REG_WIRE_RX_OVERSIZE,
	[XNIC_DEV_HW_ERR_COUNT] = XNIC_REG_ERR_COUNT,
};

static const char * const xnic_err_names[] = {
	[XNIC_ERR_NONE] = "none",
	[XNIC_ERR_BAD_RING] = "bad ring base or size",
	[XNIC_ERR_BAD_INDEX] = "tail beyond ring size",
	[XNIC_ERR_BAD_LENGTH] = "bad descriptor length",
	[XNIC_ERR_DMA] = "DMA failed",
	[XNIC_ERR_BAD_REG] = "bad register access",
	[XNIC_ERR_BAD_MBOX] = "unknown mailbox command",
	[XNIC_ERR_BAD_FW] = "firmware refused or stopped",
};

/* Widens a 32-bit wrapping counter: the difference is right modulo 2^32. */
static void xnic_hw_counter_sample(struct xnic_hw_counter *c, u32 now,
				   bool accumulate)
{
	if (accumulate)
		c->total += (u32)(now - c->last);
	c->last = now;
}

static void xnic_hw_stats_sample(struct xnic_adapter *adapter, bool accumulate)
{
	unsigned long flags;
	unsigned int q, i;

	spin_lock_irqsave(&adapter->hw_lock, flags);
	for (q = 0; q < adapter->num_qps; q++) {
		struct xnic_qp *qp = &adapter->qps[q];

		for (i = 0; i < XNIC_QP_HW_NUM; i++)
			xnic_hw_counter_sample(&qp->hw[i],
					       readl(qp->regs + xnic_qp_hw_regs[i]),
					       accumulate);
	}
	for (i = 0; i < XNIC_DEV_HW_NUM; i++)
		xnic_hw_counter_sample(&adapter->dev_hw[i],
				       xnic_rd(adapter, xnic_dev_hw_regs[i]),
				       accumulate);
	spin_unlock_irqrestore(&adapter->hw_lock, flags);
}

/**
 * xnic_hw_stats_update - fold the card counters into their 64-bit totals
 * @adapter: the adapter
 *
 * Readers take adapter->hw_lock to read the totals consistently.
 */
void xnic_hw_stats_update(struct xnic_adapter *adapter)
{
	xnic_hw_stats_sample(adapter, true);
}

/* Read-modify-write of CTRL, which the card never changes on its own */
void xnic_ctrl_update(struct xnic_adapter *adapter, u32 bits, bool on)
{
	u32 ctrl;

	spin_lock_bh(&adapter->ctrl_lock);
	ctrl = xnic_rd(adapter, XNIC_REG_CTRL) & ~XNIC_CTRL_RESET;
	ctrl = on ? ctrl | bits : ctrl & ~bits;
	xnic_wr(adapter, XNIC_REG_CTRL, ctrl);
	spin_unlock_bh(&adapter->ctrl_lock);
}

static void xnic_link_update(struct xnic_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	bool up = xnic_rd(adapter, XNIC_REG_STATUS) & XNIC_STATUS_LINK_UP;

	if (up == netif_carrier_ok(netdev))
		return;
	if (up)
		netif_carrier_on(netdev);
	else
		netif_carrier_off(netdev);
	netdev_info(netdev, "link is %s\n", up ? "up" : "down");
}

/* The card survived a driver mistake: say which, it is a driver bug. */
static void xnic_report_card_error(struct xnic_adapter *adapter)
{
	u32 last = xnic_rd(adapter, XNIC_REG_ERR_LAST);
	u32 count = xnic_rd(adapter, XNIC_REG_ERR_COUNT);
	const char *what = last < ARRAY_SIZE(xnic_err_names) ?
			   xnic_err_names[last] : "unknown";

	if (net_ratelimit())
		netdev_err(adapter->netdev,
			   "card reports a driver error: %s (code %u, %u so far)\n",
			   what, last, count);
}

/*
 * A ring the driver gave the card and the card disabled, after a
 * descriptor it could not read or write back (docs/device.md "Rings and
 * descriptors"): only a datapath reset gives the card its rings again.
 */
static bool xnic_ring_stopped(struct xnic_adapter *adapter,
			      void __iomem *regs, u32 ctrl, const char *what,
			      unsigned int index)
{
	if (readl(regs + ctrl) & XNIC_QCTRL_ENABLE)
		return false;
	netdev_err(adapter->netdev,
		   "%s %u: the card stopped its %s ring; resetting the datapath\n",
		   what, index, ctrl == XNIC_Q_TX_CTRL ? "TX" : "RX");
	return true;
}

static bool xnic_card_stopped_ring(struct xnic_adapter *adapter)
{
	unsigned int i;

	if (!READ_ONCE(adapter->datapath_up))
		return false;
	for (i = 0; i < adapter->num_qps; i++) {
		void __iomem *regs = adapter->qps[i].regs;

		if (xnic_ring_stopped(adapter, regs, XNIC_Q_TX_CTRL,
				      "queue pair", i) ||
		    xnic_ring_stopped(adapter, regs, XNIC_Q_RX_CTRL,
				      "queue pair", i))
			return true;
	}
	for (i = 0; i < adapter->num_xdp_rings; i++)
		if (xnic_ring_stopped(adapter, adapter->xdp_rings[i].regs,
				      XNIC_Q_TX_CTRL, "XDP TX ring", i))
			return true;
	return false;
}

/* What the misc interrupt says, from the interrupt or the watchdog. */
static irqreturn_t xnic_misc_handle(struct xnic_adapter *adapter)
{
	u32 cause = xnic_rd(adapter, XNIC_REG_MISC_CAUSE);

	if (!cause)
		return IRQ_NONE;
	xnic_wr(adapter, XNIC_REG_MISC_CAUSE, cause);
	if (cause & XNIC_MISC_LINK)
		xnic_link_update(adapter);
	if (cause & XNIC_MISC_ERROR) {
		xnic_report_card_error(adapter);
		if (xnic_card_stopped_ring(adapter))
			schedule_work(&adapter->reset_task);
	}
	if ((cause & XNIC_MISC_MBOX) && READ_ONCE(adapter->selftest.want_irq))
		complete(&adapter->selftest.irq);
	if (cause & XNIC_MISC_LOG)
		schedule_work(&adapter->perf.work);
	if (cause & XNIC_MISC_FW) {
		xnic_fw_report_stop(adapter);
		schedule_work(&adapter->reset_task);
	}
	return IRQ_HANDLED;
}

static irqreturn_t xnic_misc_irq(int irq, void *data)
{
	struct xnic_adapter *adapter = data;

	atomic_long_inc(&adapter->irq_wd.misc_irqs);
	return xnic_misc_handle(adapter);
}

/*
 * The interrupt watchdog.  Work the card holds for an interrupt (a cause
 * set, and for a queue its vector auto-masked) that is still there one
 * period later, with no interrupt or NAPI poll in between, waits for an
 * interrupt that will not come: a vector masked in the MSI-X table behind
 * the driver's back (docs/driver.md "Lost interrupts").  A queue's NAPI
 * interrupt comes back with a datapath reset, which requests the queue
 * vectors again and so rewrites their table entries; the misc vector is
 * requested once, so the watchdog handles its causes from then on.
 */
#define XNIC_IRQ_WD_PERIOD	HZ

static bool xnic_qp_irq_lost(struct xnic_qp *qp)
{
	u32 cause = readl(qp->regs + XNIC_Q_IRQ_CAUSE);
	bool waiting = cause &&
		       readl(qp->regs + XNIC_Q_IRQ_MASK) == XNIC_QIRQ_ALL;
	unsigned long polls = READ_ONCE(qp->polls);
	bool lost = waiting && qp->wd_waiting && polls == qp->wd_polls;

	qp->wd_waiting = waiting && !lost;
	qp->wd_polls = polls;
	if (lost)
		netdev_err(qp->adapter->netdev,
			   "queue pair %u: no interrupt for cause 0x%x in a whole watchdog period (MSI-X vector %u masked?); resetting the datapath\n",
			   qp->index, cause, XNIC_MSIX_QUEUE_VECTOR(qp->index));
	return lost;
}

static void xnic_misc_irq_check(struct xnic_adapter *adapter)
{
	struct xnic_irq_wd *wd = &adapter->irq_wd;
	u32 cause = xnic_rd(adapter, XNIC_REG_MISC_CAUSE) &
		    ~xnic_rd(adapter, XNIC_REG_MISC_MASK);
	long irqs = atomic_long_read(&wd->misc_irqs);

	if (!wd->misc_lost && cause && wd->misc_waiting &&
	    irqs == wd->misc_seen) {
		netdev_err(adapter->netdev,
			   "misc interrupt lost: cause 0x%x pending for a whole watchdog period (MSI-X vector %u masked?); the watchdog handles it from now on\n",
			   cause, XNIC_MSIX_MISC_VECTOR);
		wd->misc_lost = true;
	}
	wd->misc_waiting = cause != 0;
	wd->misc_seen = irqs;
	if (wd->misc_lost)
		xnic_misc_handle(adapter);
}

static void xnic_irq_wd_run(struct work_struct *work)
{
	struct xnic_adapter *adapter =
		container_of(to_delayed_work(work), struct xnic_adapter,
			     irq_wd.work);
	bool reset = false;
	unsigned int i;

	xnic_misc_irq_check(adapter);
	if (READ_ONCE(adapter->datapath_up))
		for (i = 0; i < adapter->num_qps; i++)
			reset |= xnic_qp_irq_lost(&adapter->qps[i]);
	if (reset)
		schedule_work(&adapter->reset_task);
	schedule_delayed_work(&adapter->irq_wd.work, XNIC_IRQ_WD_PERIOD);
}

/* Brings the datapath up: rings, queue interrupts, then the card. */
static int xnic_up(struct xnic_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	unsigned int i, j;
	int err;

	adapter->rx_buf_len = xnic_rx_buf_len();
	xnic_wr(adapter, XNIC_REG_MTU, netdev->mtu);
	err = xnic_xdp_rings_up(adapter);
	if (err) {
		netdev_err(netdev, "cannot bring up the XDP TX rings: %pe\n",
			   ERR_PTR(err));
		return err;
	}
	for (i = 0; i < adapter->num_qps; i++) {
		err = xnic_qp_up(&adapter->qps[i]);
		if (err)
			goto err_down;
	}
	xnic_ctrl_update(adapter, XNIC_CTRL_ENABLE, true);
	WRITE_ONCE(adapter->datapath_up, true);
	netif_tx_wake_all_queues(netdev);
	return 0;

err_down:
	netdev_err(netdev, "cannot bring up queue pair %u: %pe\n", i,
		   ERR_PTR(err));
	for (j = 0; j < i; j++)
		napi_disable(&adapter->qps[j].napi);
	/* XDP_TX pages go back to their pools before the pools die */
	xnic_xdp_rings_down(adapter);
	while (i--)
		xnic_qp_down(&adapter->qps[i]);
	return err;
}

/*
 * Takes the datapath down.  NAPI stops first so that TX completion can no
 * longer wake the queues, then the stack stops sending, then each queue
 * pair is quiesced and freed (docs/driver.md "Stop").
 */
static void xnic_down(struct xnic_adapter *adapter)
{
	unsigned int i;

	if (!adapter->datapath_up)
		return;
	/* From here ndo_xdp_xmit refuses frames */
	WRITE_ONCE(adapter->datapath_up, false);
	xnic_ctrl_update(adapter, XNIC_CTRL_ENABLE, false);
	for (i = 0; i < adapter->num_qps; i++)
		napi_disable(&adapter->qps[i].napi);
	netif_tx_disable(adapter->netdev);
	/* XDP_TX pages go back to their pools before the pools die */
	xnic_xdp_rings_down(adapter);
	for (i = 0; i < adapter->num_qps; i++)
		xnic_qp_down(&adapter->qps[i]);
}

static void xnic_config_set(struct xnic_adapter *adapter, unsigned int mtu,
			    u32 tx_ring_size, u32 rx_ring_size)
{
	WRITE_ONCE(adapter->netdev->mtu, mtu);
	adapter->tx_ring_size = tx_ring_size;
	adapter->rx_ring_size = rx_ring_size;
}

/**
 * xnic_reconfigure - change MTU and ring sizes, rebuilding running rings
 * @adapter: the adapter, under RTNL
 * @mtu: new MTU, already checked by the caller
 * @tx_ring_size: new TX ring size, already checked
 * @rx_ring_size: new RX ring size, already checked
 *
 * A running interface goes down and up with the new settings (the MTU
 * reaches the card in xnic_up).  If it cannot come up, the old
 * configuration comes back.
 *
 * Return: 0 or a negative errno.
 */
int xnic_reconfigure(struct xnic_adapter *adapter, unsigned int mtu,
		     u32 tx_ring_size, u32 rx_ring_size)
{
	struct net_device *netdev = adapter->netdev;
	unsigned int old_mtu = netdev->mtu;
	u32 old_tx = adapter->tx_ring_size;
	u32 old_rx = adapter->rx_ring_size;
	int err;

	if (!netif_running(netdev)) {
		xnic_config_set(adapter, mtu, tx_ring_size, rx_ring_size);
		return 0;
	}
	xnic_down(adapter);
	xnic_config_set(adapter, mtu, tx_ring_size, rx_ring_size);
	err = xnic_up(adapter);
	if (!err)
		return 0;
	xnic_config_set(adapter, old_mtu, old_tx, old_rx);
	if (xnic_up(adapter))
		netdev_err(netdev,
			   "cannot restore the previous configuration either; set the interface down and up to retry\n");
	return err;
}

static int xnic_hw_restart(struct xnic_adapter *adapter,
			   const struct firmware *image, int *image_err);

/* TX timeout, debugfs, stopped firmware (the last two restart the card). */
static void xnic_reset_task(struct work_struct *work)
{
	struct xnic_adapter *adapter =
		container_of(work, struct xnic_adapter, reset_task);
	bool running;
	int err;

	rtnl_lock();
	running = netif_running(adapter->netdev);
	if (running)
		xnic_down(adapter);
	if (xnic_fw_needs_restart(adapter)) {
		/* A stopped firmware left the maps in the card's memory */
		if (xnic_rd(adapter, XNIC_REG_FW_STATUS) == XNIC_FW_STOPPED)
			xnic_offload_maps_save(adapter);
		err = xnic_hw_restart(adapter, NULL, NULL);
		if (err) {
			xnic_offload_maps_forget(adapter);
			netdev_err(adapter->netdev,
				   "card restart failed: %pe; reload the driver to retry\n",
				   ERR_PTR(err));
			running = false;
		}
	}
	if (running) {
		err = xnic_up(adapter);
		if (err)
			netdev_err(adapter->netdev,
				   "datapath reset failed: %pe; set the interface down and up to retry\n",
				   ERR_PTR(err));
		else
			netdev_info(adapter->netdev, "datapath reset\n");
	}
	rtnl_unlock();
}

static int xnic_open(struct net_device *netdev)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);
	int err;

	err = xnic_up(adapter);
	if (err)
		return err;
	xnic_link_update(adapter);
	return 0;
}

static int xnic_stop(struct net_device *netdev)
{
	xnic_down(netdev_priv(netdev));
	return 0;
}

static void xnic_tx_timeout(struct net_device *netdev, unsigned int txqueue)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);
	struct xnic_qp *qp = &adapter->qps[txqueue];

	netdev_err(netdev,
		   "TX queue %u timed out: card head %u tail %u, driver clean %u use %u; resetting the datapath\n",
		   txqueue, readl(qp->regs + XNIC_Q_TX_HEAD),
		   readl(qp->regs + XNIC_Q_TX_TAIL), qp->tx.next_to_clean,
		   qp->tx.next_to_use);
	schedule_work(&adapter->reset_task);
}

static int xnic_change_mtu(struct net_device *netdev, int new_mtu)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);

	/* 6.1's ndo_change_mtu has no extack: the refusal is logged */
	if (!xnic_xsk_mtu_fits(adapter, new_mtu))
		return -EINVAL;
	return xnic_reconfigure(adapter, new_mtu, adapter->tx_ring_size,
				adapter->rx_ring_size);
}

static void xnic_write_mac(struct xnic_adapter *adapter, const u8 *mac)
{
	xnic_wr(adapter, XNIC_REG_MAC_LO, mac[0] | mac[1] << 8 |
		mac[2] << 16 | (u32)mac[3] << 24);
	xnic_wr(adapter, XNIC_REG_MAC_HI, mac[4] | mac[5] << 8);
}

static void xnic_read_mac(struct xnic_adapter *adapter, u8 *mac)
{
	u32 lo = xnic_rd(adapter, XNIC_REG_MAC_LO);
	u32 hi = xnic_rd(adapter, XNIC_REG_MAC_HI);

	mac[0] = lo;
	mac[1] = lo >> 8;
	mac[2] = lo >> 16;
	mac[3] = lo >> 24;
	mac[4] = hi;
	mac[5] = hi >> 8;
}

static int xnic_set_mac_address(struct net_device *netdev, void *addr)
{
	int err;

	err = eth_mac_addr(netdev, addr);
	if (err)
		return err;
	xnic_write_mac(netdev_priv(netdev), netdev->dev_addr);
	return 0;
}

static void xnic_set_rx_mode(struct net_device *netdev)
{
	xnic_ctrl_update(netdev_priv(netdev), XNIC_CTRL_PROMISC,
			 netdev->flags & IFF_PROMISC);
}

static void xnic_get_stats64(struct net_device *netdev,
			     struct rtnl_link_stats64 *s)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);
	u64 packets, bytes, drops, errors;
	unsigned long flags;
	unsigned int q;

	/* Pairs out of use keep their counts, so the sums never go back */
	for (q = 0; q < adapter->max_qps; q++) {
		struct xnic_qp *qp = &adapter->qps[q];

		xnic_ring_stats_read(&qp->rx, &packets, &bytes, &drops, &errors);
		s->rx_packets += packets;
		s->rx_bytes += bytes;
		s->rx_dropped += drops;
		s->rx_errors += errors;
		xnic_ring_stats_read(&qp->tx, &packets, &bytes, &drops, &errors);
		s->tx_packets += packets;
		s->tx_bytes += bytes;
		s->tx_dropped += drops;
		s->tx_errors += errors;
	}
	xnic_hw_stats_update(adapter);
	spin_lock_irqsave(&adapter->hw_lock, flags);
	for (q = 0; q < adapter->max_qps; q++) {
		struct xnic_qp *qp = &adapter->qps[q];

		s->rx_missed_errors += qp->hw[XNIC_QP_HW_RX_NO_BUF].total;
		s->rx_length_errors += qp->hw[XNIC_QP_HW_RX_TRUNC].total;
	}
	s->rx_length_errors += adapter->dev_hw[XNIC_DEV_HW_WIRE_RX_OVERSIZE].total;
	spin_unlock_irqrestore(&adapter->hw_lock, flags);
	s->rx_errors += s->rx_length_errors;
}

/* rxhash and rxvlan switch the card's RX metadata (xnic_rxmeta.c) */
static int xnic_set_features(struct net_device *netdev,
			     netdev_features_t features)
{
	xnic_rx_ctrl_update(netdev_priv(netdev), features);
	return 0;
}

static const struct net_device_ops xnic_netdev_ops = {
	.ndo_open		= xnic_open,
	.ndo_stop		= xnic_stop,
	.ndo_start_xmit		= xnic_start_xmit,
	.ndo_get_stats64	= xnic_get_stats64,
	.ndo_set_rx_mode	= xnic_set_rx_mode,
	.ndo_set_mac_address	= xnic_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_change_mtu		= xnic_change_mtu,
	.ndo_tx_timeout		= xnic_tx_timeout,
	.ndo_bpf		= xnic_bpf,
	.ndo_xdp_xmit		= xnic_xdp_xmit,
	.ndo_xsk_wakeup		= xnic_xsk_wakeup,
	.ndo_set_features	= xnic_set_features,
	.ndo_eth_ioctl		= xnic_eth_ioctl,
};

static int xnic_check_id(struct xnic_adapter *adapter)
{
	struct device *dev = &adapter->pdev->dev;
	u32 id = xnic_rd(adapter, XNIC_REG_ID);
	u32 version = xnic_rd(adapter, XNIC_REG_VERSION);
	u32 caps = xnic_rd(adapter, XNIC_REG_CAPS);

	if (id != XNIC_ID_MAGIC) {
		dev_err(dev, "not an xnic card: ID register reads %#010x, expected %#010x\n",
			id, XNIC_ID_MAGIC);
		return -ENODEV;
	}
	if (version >> 16 != XNIC_VERSION_MAJOR) {
		dev_err(dev, "xnic version %u.%u is not supported: this driver handles %u.x\n",
			version >> 16, version & 0xffff, XNIC_VERSION_MAJOR);
		return -ENODEV;
	}
	if (!(caps & XNIC_CAP_MSIX)) {
		dev_err(dev, "card has no MSI-X (caps %#x), which this driver needs\n",
			caps);
		return -ENODEV;
	}
	return 0;
}

static int xnic_hw_reset(struct xnic_adapter *adapter)
{
	u32 ctrl;

	xnic_wr(adapter, XNIC_REG_CTRL, XNIC_CTRL_RESET);
	return readl_poll_timeout(adapter->regs + XNIC_REG_CTRL, ctrl,
				  !(ctrl & XNIC_CTRL_RESET), 10,
				  XNIC_RESET_TIMEOUT_US);
}

/*
 * A reset leaves the card without firmware, MAC, RSS or interrupt masks:
 * load the firmware (@image if given; the named file if there is none or
 * the card refuses it, which *image_err then says) and restore them;
 * xnic_up() restores MTU and rings.
 */
static int xnic_hw_restart(struct xnic_adapter *adapter,
			   const struct firmware *image, int *image_err)
{
	int err;

	/* The reset zeroes the card's counters: keep what they counted */
	xnic_hw_stats_update(adapter);
	err = xnic_hw_reset(adapter);
	xnic_hw_stats_sample(adapter, false);
	if (!err && image) {
		*image_err = xnic_fw_load_image(adapter, image, "image");
		if (*image_err)
			dev_warn(&adapter->pdev->dev, "falling back to firmware %s\n",
				 adapter->fw.name);
	}
	if (!err && (!image || *image_err))
		err = xnic_fw_load(adapter);
	if (err)
		return err;
	xnic_rss_write(adapter);
	xnic_write_mac(adapter, adapter->netdev->dev_addr);
	xnic_set_rx_mode(adapter->netdev);
	xnic_wr(adapter, XNIC_REG_HOST_IFINDEX, adapter->netdev->ifindex);
	xnic_wr(adapter, XNIC_REG_MISC_MASK, ~XNIC_MISC_HANDLED);
	xnic_verdict_card_restore(adapter);
	xnic_offload_restore(adapter);
	return 0;
}

/**
 * xnic_card_restart - reset the card and start its firmware again
 * @adapter: the adapter, under RTNL
 * @image: a firmware image to run (devlink flash), or NULL for the named
 *	file (adapter->fw.name)
 *
 * The datapath goes down and up around the restart; the offloaded
 * program comes back, offloaded maps come back empty.
 *
 * Return: 0; the image's errno when the card refused it and runs the
 * named file instead; or the errno of a card that runs no firmware.
 */
int xnic_card_restart(struct xnic_adapter *adapter, const struct firmware *image)
{
	struct net_device *netdev = adapter->netdev;
	bool running = netif_running(netdev);
	int image_err = 0, err;

	if (running)
		xnic_down(adapter);
	err = xnic_hw_restart(adapter, image, &image_err);
	if (err) {
		netdev_err(netdev, "card restart failed: %pe; reload the driver to retry\n",
			   ERR_PTR(err));
		return err;
	}
	if (running) {
		err = xnic_up(adapter);
		if (err)
			netdev_err(netdev, "datapath up after the card restart failed: %pe; set the interface down and up to retry\n",
				   ERR_PTR(err));
	}
	return image_err ?: err;
}

static void xnic_qp_init(struct xnic_adapter *adapter, unsigned int index)
{
	struct xnic_qp *qp = &adapter->qps[index];

	qp->adapter = adapter;
	qp->index = index;
	qp->regs = adapter->regs + XNIC_QP_BASE(index);
	u64_stats_init(&qp->tx.stats.syncp);
	u64_stats_init(&qp->tx.xmit_stats.syncp);
	u64_stats_init(&qp->rx.stats.syncp);
	u64_stats_init(&qp->rx.xmit_stats.syncp);
	u64_stats_init(&qp->xdp_stats.syncp);
	netif_napi_add(adapter->netdev, &qp->napi, xnic_napi_poll);
}

static void xnic_xdp_ring_init(struct xnic_adapter *adapter, unsigned int i)
{
	struct xnic_xdp_ring *xr = &adapter->xdp_rings[i];

	spin_lock_init(&xr->lock);
	u64_stats_init(&xr->ring.stats.syncp);
	u64_stats_init(&xr->ring.xmit_stats.syncp);
}

/*
 * XDP TX rings are the TX rings of the queue-pair blocks the stack does
 * not use, one per RX queue while there are enough; RX queues share them
 * (under each ring's lock) otherwise.  Ring i keeps its counters when the
 * channel count moves it to another block.
 */
static void xnic_xdp_rings_assign(struct xnic_adapter *adapter)
{
	unsigned int n = xnic_xdp_rings_for(adapter, adapter->num_qps);
	unsigned int i;

	adapter->num_xdp_rings = n;
	for (i = 0; i < n; i++) {
		struct xnic_xdp_ring *xr = &adapter->xdp_rings[i];

		xr->index = adapter->num_qps + i;
		xr->regs = adapter->regs + XNIC_QP_BASE(xr->index);
		xr->owner = &adapter->qps[i].napi;
	}
	for (i = 0; i < adapter->max_qps; i++) {
		struct xnic_qp *qp = &adapter->qps[i];

		qp->xdp_ring = n ? &adapter->xdp_rings[i % n] : NULL;
		qp->xdp_owned = i < n ? &adapter->xdp_rings[i] : NULL;
	}
}

/* The card's indirection table and key, RSS on (docs/device.md) */
void xnic_rss_write(struct xnic_adapter *adapter)
{
	unsigned int i;

	for (i = 0; i < XNIC_RSS_KEY_SIZE; i += 4)
		xnic_wr(adapter, XNIC_REG_RSS_KEY + i,
			get_unaligned_le32(&adapter->rss_key[i]));
	for (i = 0; i < XNIC_RSS_RETA_SIZE; i += 4)
		xnic_wr(adapter, XNIC_REG_RSS_RETA + i,
			get_unaligned_le32(&adapter->rss_indir[i]));
	xnic_wr(adapter, XNIC_REG_RSS_CTRL, XNIC_RSS_CTRL_ENABLE);
}

/* Spread over the queue pairs in use, unless the user set a table */
static void xnic_rss_default_indir(struct xnic_adapter *adapter)
{
	unsigned int i;

	if (netif_is_rxfh_configured(adapter->netdev))
		return;
	for (i = 0; i < XNIC_RSS_RETA_SIZE; i++)
		adapter->rss_indir[i] = ethtool_rxfh_indir_default(i,
								   adapter->num_qps);
}

/* The key the card comes out of reset with; ethtool -X hkey changes it */
static void xnic_rss_init(struct xnic_adapter *adapter)
{
	unsigned int i;

	for (i = 0; i < XNIC_RSS_KEY_SIZE; i += 4)
		put_unaligned_le32(xnic_rd(adapter, XNIC_REG_RSS_KEY + i),
				   &adapter->rss_key[i]);
	xnic_rss_default_indir(adapter);
	xnic_rss_write(adapter);
}

static int xnic_set_real_queues(struct xnic_adapter *adapter, unsigned int n)
{
	int err;

	err = netif_set_real_num_tx_queues(adapter->netdev, n);
	if (!err)
		err = netif_set_real_num_rx_queues(adapter->netdev, n);
	return err;
}

static void xnic_qps_set(struct xnic_adapter *adapter, unsigned int n)
{
	adapter->num_qps = n;
	xnic_xdp_rings_assign(adapter);
	xnic_rss_default_indir(adapter);
	xnic_rss_write(adapter);
	/* Blocks now in the stack's use count from here (an XDP ring's TX
	 * errors before were its own) */
	xnic_hw_stats_sample(adapter, false);
}

/**
 * xnic_set_num_qps - change the number of queue pairs (ethtool -L)
 * @adapter: the adapter, under RTNL
 * @num_qps: 1 to @adapter->max_qps, checked by the caller
 *
 * A running interface goes down and up around the change; an attached
 * program stays (the spare blocks for its XDP TX rings were checked by
 * the caller).  If the new count cannot come up, the old one comes back.
 *
 * Return: 0 or a negative errno.
 */
int xnic_set_num_qps(struct xnic_adapter *adapter, unsigned int num_qps)
{
	struct net_device *netdev = adapter->netdev;
	unsigned int old = adapter->num_qps;
	bool running = netif_running(netdev);
	int err;

	if (running)
		xnic_down(adapter);
	xnic_hw_stats_update(adapter);
	err = xnic_set_real_queues(adapter, num_qps);
	if (!err) {
		xnic_qps_set(adapter, num_qps);
		if (!running)
			return 0;
		err = xnic_up(adapter);
		if (!err)
			return 0;
		xnic_hw_stats_update(adapter);
	}
	if (xnic_set_real_queues(adapter, old))
		netdev_err(netdev, "cannot restore %u queue pairs\n", old);
	xnic_qps_set(adapter, old);
	if (running && xnic_up(adapter))
		netdev_err(netdev,
			   "cannot restore the previous channels either; set the interface down and up to retry\n");
	return err;
}

/*
 * Queue vectors for the fewest of the card's blocks and max_queues; the
 * stack starts on one queue pair per online CPU and ethtool -L can use
 * every vector.
 */
static int xnic_setup_queues(struct xnic_adapter *adapter)
{
	struct pci_dev *pdev = adapter->pdev;
	u32 card_qps = xnic_rd(adapter, XNIC_REG_NUM_QUEUES);
	unsigned int want, i;
	int nvec, err;

	if (!card_qps || card_qps > XNIC_MAX_QUEUE_PAIRS) {
		dev_err(&pdev->dev, "card reports %u queue pairs, expected 1 to %u\n",
			card_qps, XNIC_MAX_QUEUE_PAIRS);
		return -ENODEV;
	}
	want = min(card_qps, xnic_max_queues);
	/*
	 * Not managed (PCI_IRQ_AFFINITY): that would give no more queue
	 * vectors than CPUs, and ethtool -L may use every block of the card;
	 * xnic_qp_up() spreads them over the CPUs instead.
	 */
	nvec = pci_alloc_irq_vectors(pdev, XNIC_MSIX_VECTORS(1),
				     XNIC_MSIX_VECTORS(want), PCI_IRQ_MSIX);
	if (nvec < 0) {
		dev_err(&pdev->dev, "cannot enable MSI-X: %pe\n", ERR_PTR(nvec));
		return nvec;
	}
	adapter->card_qps = card_qps;
	adapter->max_qps = nvec - 1;
	adapter->num_qps = min(adapter->max_qps, num_online_cpus());
	err = xnic_set_real_queues(adapter, adapter->num_qps);
	if (err) {
		pci_free_irq_vectors(pdev);
		return err;
	}
	for (i = 0; i < adapter->max_qps; i++)
		xnic_qp_init(adapter, i);
	for (i = 0; i < XNIC_MAX_QUEUE_PAIRS; i++)
		xnic_xdp_ring_init(adapter, i);
	xnic_xdp_rings_assign(adapter);
	return 0;
}

static void xnic_teardown_queues(struct xnic_adapter *adapter)
{
	unsigned int i;

	for (i = 0; i < adapter->max_qps; i++)
		netif_napi_del(&adapter->qps[i].napi);
	pci_free_irq_vectors(adapter->pdev);
}

static int xnic_setup_misc_irq(struct xnic_adapter *adapter)
{
	struct pci_dev *pdev = adapter->pdev;
	int err;

	xnic_wr(adapter, XNIC_REG_MISC_MASK, ~0u);
	xnic_wr(adapter, XNIC_REG_MISC_CAUSE, ~0u);
	snprintf(adapter->misc_irq_name, sizeof(adapter->misc_irq_name),
		 "xnic-misc@%s", pci_name(pdev));
	err = request_irq(pci_irq_vector(pdev, XNIC_MSIX_MISC_VECTOR),
			  xnic_misc_irq, 0, adapter->misc_irq_name, adapter);
	if (err)
		return err;
	xnic_wr(adapter, XNIC_REG_MISC_MASK, ~XNIC_MISC_HANDLED);
	schedule_delayed_work(&adapter->irq_wd.work, XNIC_IRQ_WD_PERIOD);
	return 0;
}

static void xnic_teardown_misc_irq(struct xnic_adapter *adapter)
{
	cancel_delayed_work_sync(&adapter->irq_wd.work);
	xnic_wr(adapter, XNIC_REG_MISC_MASK, ~0u);
	free_irq(pci_irq_vector(adapter->pdev, XNIC_MSIX_MISC_VECTOR), adapter);
	/* a log read the interrupt scheduled must not outlive the card */
	xnic_perf_stop(adapter);
}

static void xnic_setup_netdev(struct xnic_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	u32 card_min = xnic_rd(adapter, XNIC_REG_MIN_MTU);
	u32 card_max = xnic_rd(adapter, XNIC_REG_MAX_MTU);
	u8 mac[ETH_ALEN];

	netdev->netdev_ops = &xnic_netdev_ops;
	xnic_set_ethtool_ops(netdev);
	netdev->watchdog_timeo = XNIC_TX_TIMEOUT;
	netdev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	xnic_set_xdp_features(netdev);
	xnic_set_xdp_metadata_ops(netdev);
	/* A card without TX offloads cannot honour AF_XDP TX metadata */
	if (xnic_rd(adapter, XNIC_REG_CAPS) & XNIC_CAP_TX_OFFLOAD)
		xnic_set_xsk_tx_metadata_ops(netdev);
	/*
	 * RX metadata (docs/driver.md "RX metadata"): the hash on, VLAN
	 * stripping off until asked for, so that native and offloaded
	 * programs see the same tagged frames by default
	 */
	netdev->hw_features = NETIF_F_RXHASH | NETIF_F_HW_VLAN_CTAG_RX;
	netdev->features = NETIF_F_RXHASH;
	/* The core refuses MTUs outside these with a message of its own */
	netdev->min_mtu = max_t(u32, card_min, XNIC_MIN_MTU);
	netdev->max_mtu = min_t(u32, card_max, XNIC_MAX_MTU);
	adapter->max_mtu = netdev->max_mtu;
	netdev->mtu = clamp_t(u32, XNIC_DEFAULT_MTU, netdev->min_mtu,
			      netdev->max_mtu);
	adapter->tx_ring_size = xnic_tx_ring_size;
	adapter->rx_ring_size = xnic_rx_ring_size;

	xnic_read_mac(adapter, mac);
	if (is_valid_ether_addr(mac)) {
		eth_hw_addr_set(netdev, mac);
	} else {
		dev_warn(&adapter->pdev->dev, "card MAC %pM is invalid, using a random one\n",
			 mac);
		eth_hw_addr_random(netdev);
		xnic_write_mac(adapter, netdev->dev_addr);
	}
}

static int xnic_map_regs(struct xnic_adapter *adapter)
{
	struct pci_dev *pdev = adapter->pdev;

	if (pci_resource_len(pdev, XNIC_BAR_REGS) < XNIC_BAR0_SIZE) {
		dev_err(&pdev->dev, "BAR%d is %llu bytes, expected at least %u\n",
			XNIC_BAR_REGS,
			(unsigned long long)pci_resource_len(pdev, XNIC_BAR_REGS),
			XNIC_BAR0_SIZE);
		return -ENODEV;
	}
	adapter->regs = pci_iomap(pdev, XNIC_BAR_REGS, XNIC_BAR0_SIZE);
	return adapter->regs ? 0 : -ENOMEM;
}

static struct net_device *xnic_alloc_netdev(struct pci_dev *pdev)
{
	struct xnic_adapter *adapter;
	struct net_device *netdev;

	netdev = alloc_etherdev_mqs(sizeof(*adapter), XNIC_MAX_QUEUE_PAIRS,
				    XNIC_MAX_QUEUE_PAIRS);
	if (!netdev)
		return NULL;
	SET_NETDEV_DEV(netdev, &pdev->dev);
	adapter = netdev_priv(netdev);
	adapter->netdev = netdev;
	adapter->pdev = pdev;
	spin_lock_init(&adapter->ctrl_lock);
	spin_lock_init(&adapter->hw_lock);
	xnic_verdict_init(adapter);
	INIT_WORK(&adapter->reset_task, xnic_reset_task);
	INIT_DELAYED_WORK(&adapter->irq_wd.work, xnic_irq_wd_run);
	xnic_perf_init(adapter);
	init_completion(&adapter->selftest.irq);
	xnic_fw_init(adapter);
	return netdev;
}

/* Brings the card to a known state and sets up everything but the netdev. */
static int xnic_init_card(struct xnic_adapter *adapter)
{
	int err;

	err = xnic_map_regs(adapter);
	if (err)
		return err;
	err = xnic_check_id(adapter);
	if (err)
		goto err_unmap;
	err = xnic_hw_reset(adapter);
	if (err) {
		dev_err(&adapter->pdev->dev, "card did not come out of reset\n");
		goto err_unmap;
	}
	err = xnic_fw_load(adapter);
	if (err)
		goto err_unmap;
	err = xnic_setup_queues(adapter);
	if (err)
		goto err_unmap;
	xnic_rss_init(adapter);
	return 0;

err_unmap:
	pci_iounmap(adapter->pdev, adapter->regs);
	return err;
}

static void xnic_fini_card(struct xnic_adapter *adapter)
{
	xnic_teardown_queues(adapter);
	/* A reset stops every DMA the card might still do */
	xnic_hw_reset(adapter);
	pci_iounmap(adapter->pdev, adapter->regs);
}

static int xnic_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct xnic_adapter *adapter;
	struct net_device *netdev;
	int err;

	err = pci_enable_device_mem(pdev);
	if (err)
		return err;
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err) {
		dev_err(&pdev->dev, "no usable 64-bit DMA configuration\n");
		goto err_disable;
	}
	err = pci_request_mem_regions(pdev, XNIC_DRV_NAME);
	if (err)
		goto err_disable;
	pci_set_master(pdev);

	netdev = xnic_alloc_netdev(pdev);
	if (!netdev) {
		err = -ENOMEM;
		goto err_release;
	}
	pci_set_drvdata(pdev, netdev);
	adapter = netdev_priv(netdev);
	err = xnic_init_card(adapter);
	if (err)
		goto err_free_netdev;
	xnic_setup_netdev(adapter);
	xnic_hw_stats_sample(adapter, false);
	netif_carrier_off(netdev);
	err = xnic_devlink_alloc(adapter);
	if (err)
		goto err_fini_card;
	err = xnic_setup_misc_irq(adapter);
	if (err)
		goto err_devlink;
	err = register_netdev(netdev);
	if (err)
		goto err_misc_irq;
	err = xnic_offload_init(adapter);
	if (err)
		goto err_unregister;
	/* offloaded programs see the ifindex they would natively */
	xnic_wr(adapter, XNIC_REG_HOST_IFINDEX, netdev->ifindex);
	xnic_link_update(adapter);
	xnic_debugfs_add(adapter);
	xnic_devlink_register(adapter);
	netdev_info(netdev, "xnic %u.%u, MAC %pM, %u queue pair(s)\n",
		    xnic_rd(adapter, XNIC_REG_VERSION) >> 16,
		    xnic_rd(adapter, XNIC_REG_VERSION) & 0xffff,
		    netdev->dev_addr, adapter->num_qps);
	return 0;

err_unregister:
	unregister_netdev(netdev);
err_misc_irq:
	xnic_teardown_misc_irq(adapter);
err_devlink:
	xnic_devlink_free(adapter);
err_fini_card:
	xnic_fini_card(adapter);
err_free_netdev:
	free_netdev(netdev);
err_release:
	pci_release_mem_regions(pdev);
err_disable:
	pci_disable_device(pdev);
	return err;
}

static void xnic_remove(struct pci_dev *pdev)
{
	struct net_device *netdev = pci_get_drvdata(pdev);
	struct xnic_adapter *adapter = netdev_priv(netdev);

	/* No reload or flash may restart the card from here on */
	xnic_devlink_unregister(adapter);
	xnic_debugfs_remove(adapter);
	/* Link interrupts must not touch a netdev being unregistered */
	xnic_teardown_misc_irq(adapter);
	unregister_netdev(netdev);
	/* after unregistering, which took the programs off the card */
	xnic_offload_exit(adapter);
	cancel_work_sync(&adapter->reset_task);
	xnic_verdict_enable(adapter, false);
	xnic_devlink_free(adapter);
	xnic_fini_card(adapter);
	free_netdev(netdev);
	pci_release_mem_regions(pdev);
	pci_disable_device(pdev);
}

static const struct pci_device_id xnic_pci_ids[] = {
	{ PCI_DEVICE(XNIC_PCI_VENDOR_ID, XNIC_PCI_DEVICE_ID) },
	{ }
};
MODULE_DEVICE_TABLE(pci, xnic_pci_ids);

static struct pci_driver xnic_pci_driver = {
	.name		= XNIC_DRV_NAME,
	.id_table	= xnic_pci_ids,
	.probe		= xnic_probe,
	.remove		= xnic_remove,
};

static bool xnic_params_valid(void)
{
	if (xnic_max_queues < 1 || xnic_max_queues > XNIC_MAX_QUEUE_PAIRS) {
		pr_err("max_queues=%u: must be 1 to %u\n", xnic_max_queues,
		       XNIC_MAX_QUEUE_PAIRS);
		return false;
	}
	if (!xnic_ring_size_valid(xnic_tx_ring_size) ||
	    !xnic_ring_size_valid(xnic_rx_ring_size)) {
		pr_err("tx_ring_size=%u rx_ring_size=%u: each must be a power of 2 from %u to %u\n",
		       xnic_tx_ring_size, xnic_rx_ring_size,
		       XNIC_RING_MIN_SIZE, XNIC_RING_MAX_SIZE);
		return false;
	}
	return true;
}

static int __init xnic_init(void)
{
	int err;

	if (!xnic_params_valid())
		return -EINVAL;
	xnic_debugfs_init();
	xnic_perf_module_init();
	err = pci_register_driver(&xnic_pci_driver);
	if (err) {
		xnic_perf_module_exit();
		xnic_debugfs_exit();
	}
	return err;
}
module_init(xnic_init);

static void __exit xnic_exit(void)
{
	pci_unregister_driver(&xnic_pci_driver);
	xnic_perf_module_exit();
	xnic_debugfs_exit();
}
module_exit(xnic_exit);

MODULE_AUTHOR("The xnic project");
MODULE_DESCRIPTION("xnic SmartNIC (emulated) network driver");
MODULE_LICENSE("GPL");
MODULE_VERSION(XNIC_DRV_VERSION);
