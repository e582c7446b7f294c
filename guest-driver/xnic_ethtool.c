// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic ethtool operations: driver info, ring sizes, channels, RSS,
 * statistics.  docs/driver.md "Statistics" lists every counter.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>

#include "xnic.h"

/* Host-side counters of one ring, in xnic_ring_stats_read() order */
static const char * const xnic_ring_stat_names[] = {
	"packets", "bytes", "drops", "errors",
};

#define XNIC_RING_STATS	ARRAY_SIZE(xnic_ring_stat_names)

static const char * const xnic_qp_hw_stat_names[XNIC_QP_HW_NUM] = {
	[XNIC_QP_HW_RX_NO_BUF] = "rx%u_no_buf",
	[XNIC_QP_HW_RX_TRUNC] = "rx%u_trunc",
	[XNIC_QP_HW_TX_ERRORS] = "tx%u_hw_errors",
};

static const char * const xnic_dev_hw_stat_names[XNIC_DEV_HW_NUM] = {
	[XNIC_DEV_HW_WIRE_RX_FRAMES] = "wire_rx_frames",
	[XNIC_DEV_HW_WIRE_TX_FRAMES] = "wire_tx_frames",
	[XNIC_DEV_HW_WIRE_RX_FILTERED] = "wire_rx_filtered",
	[XNIC_DEV_HW_WIRE_RX_OVERSIZE] = "wire_rx_oversize",
	[XNIC_DEV_HW_ERR_COUNT] = "card_driver_errors",
};

static const char * const xnic_xdp_stat_names[XNIC_XDP_NUM] = {
	[XNIC_XDP_PASS] = "rx%u_xdp_pass",
	[XNIC_XDP_DROP] = "rx%u_xdp_drop",
	[XNIC_XDP_ABORTED] = "rx%u_xdp_aborted",
	[XNIC_XDP_TX] = "rx%u_xdp_tx",
	[XNIC_XDP_REDIRECT] = "rx%u_xdp_redirect",
	[XNIC_XDP_TX_ERRORS] = "rx%u_xdp_tx_errors",
	[XNIC_XDP_XSK_XMIT] = "tx%u_xsk_xmit",
};

#define XNIC_QP_STATS	(2 * XNIC_RING_STATS + XNIC_QP_HW_NUM + XNIC_XDP_NUM)

static void xnic_get_drvinfo(struct net_device *netdev,
			     struct ethtool_drvinfo *info)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);

	strscpy(info->driver, XNIC_DRV_NAME, sizeof(info->driver));
	strscpy(info->version, XNIC_DRV_VERSION, sizeof(info->version));
	strscpy(info->bus_info, pci_name(adapter->pdev), sizeof(info->bus_info));
	strscpy(info->fw_version, adapter->fw.version, sizeof(info->fw_version));
}

static void xnic_get_ringparam(struct net_device *netdev,
			       struct ethtool_ringparam *ring,
			       struct kernel_ethtool_ringparam *kring,
			       struct netlink_ext_ack *extack)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);

	ring->rx_max_pending = XNIC_RING_MAX_SIZE;
	ring->tx_max_pending = XNIC_RING_MAX_SIZE;
	ring->rx_pending = adapter->rx_ring_size;
	ring->tx_pending = adapter->tx_ring_size;
}

static int xnic_set_ringparam(struct net_device *netdev,
			      struct ethtool_ringparam *ring,
			      struct kernel_ethtool_ringparam *kring,
			      struct netlink_ext_ack *extack)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);

	if (ring->rx_mini_pending || ring->rx_jumbo_pending) {
		NL_SET_ERR_MSG_MOD(extack, "xnic has no mini or jumbo RX rings");
		return -EINVAL;
	}
	if (!xnic_ring_size_valid(ring->rx_pending) ||
	    !xnic_ring_size_valid(ring->tx_pending)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "ring sizes must be powers of 2 from 64 to 4096");
		return -EINVAL;
	}
	if (ring->rx_pending == adapter->rx_ring_size &&
	    ring->tx_pending == adapter->tx_ring_size)
		return 0;
	return xnic_reconfigure(adapter, netdev->mtu, ring->tx_pending,
				ring->rx_pending);
}

static int xnic_get_sset_count(struct net_device *netdev, int sset)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);

	if (sset == ETH_SS_TEST)
		return xnic_selftest_count();
	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	/* Every pair and XDP ring a channel count can use, so that the
	 * names stay and the per-queue counters keep adding up */
	return adapter->max_qps * XNIC_QP_STATS +
	       xnic_xdp_rings_max(adapter) * XNIC_RING_STATS +
	       XNIC_DEV_HW_NUM + xnic_fw_stats_count();
}

static void xnic_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);
	unsigned int q, i;

	if (sset == ETH_SS_TEST)
		xnic_selftest_strings(data);
	if (sset != ETH_SS_STATS)
		return;
	for (q = 0; q < adapter->max_qps; q++) {
		for (i = 0; i < XNIC_RING_STATS; i++)
			ethtool_sprintf(&data, "rx%u_%s", q, xnic_ring_stat_names[i]);
		for (i = 0; i < XNIC_RING_STATS; i++)
			ethtool_sprintf(&data, "tx%u_%s", q, xnic_ring_stat_names[i]);
		for (i = 0; i < XNIC_QP_HW_NUM; i++)
			ethtool_sprintf(&data, xnic_qp_hw_stat_names[i], q);
		for (i = 0; i < XNIC_XDP_NUM; i++)
			ethtool_sprintf(&data, xnic_xdp_stat_names[i], q);
	}
	for (q = 0; q < xnic_xdp_rings_max(adapter); q++)
		for (i = 0; i < XNIC_RING_STATS; i++)
			ethtool_sprintf(&data, "xdp%u_tx_%s", q,
					xnic_ring_stat_names[i]);
	for (i = 0; i < XNIC_DEV_HW_NUM; i++)
		ethtool_sprintf(&data, "%s", xnic_dev_hw_stat_names[i]);
	xnic_fw_get_strings(&data);
}

static u64 *xnic_put_ring_stats(struct xnic_ring *ring, u64 *data)
{
	xnic_ring_stats_read(ring, &data[0], &data[1], &data[2], &data[3]);
	return data + XNIC_RING_STATS;
}

static void xnic_get_ethtool_stats(struct net_device *netdev,
				   struct ethtool_stats *stats, u64 *data)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);
	unsigned long flags;
	unsigned int q, i;

	xnic_hw_stats_update(adapter);
	for (q = 0; q < adapter->max_qps; q++) {
		struct xnic_qp *qp = &adapter->qps[q];

		data = xnic_put_ring_stats(&qp->rx, data);
		data = xnic_put_ring_stats(&qp->tx, data);
		spin_lock_irqsave(&adapter->hw_lock, flags);
		for (i = 0; i < XNIC_QP_HW_NUM; i++)
			*data++ = qp->hw[i].total;
		spin_unlock_irqrestore(&adapter->hw_lock, flags);
		xnic_xdp_stats_read(qp, data);
		data += XNIC_XDP_NUM;
	}
	for (q = 0; q < xnic_xdp_rings_max(adapter); q++)
		data = xnic_put_ring_stats(&adapter->xdp_rings[q].ring, data);
	spin_lock_irqsave(&adapter->hw_lock, flags);
	for (i = 0; i < XNIC_DEV_HW_NUM; i++)
		*data++ = adapter->dev_hw[i].total;
	spin_unlock_irqrestore(&adapter->hw_lock, flags);
	xnic_fw_get_stats(adapter, data);
}

static void xnic_get_channels(struct net_device *netdev,
			      struct ethtool_channels *ch)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);

	ch->max_combined = adapter->max_qps;
	ch->combined_count = adapter->num_qps;
}

/*
 * The core refuses counts above max_combined ("requested channel count
 * exceeds maximum") and below what a user-set indirection table uses.
 * 6.1 gives set_channels no extack: a refusal here is a log line.
 */
static int xnic_set_channels(struct net_device *netdev,
			     struct ethtool_channels *ch)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);
	unsigned int n = ch->combined_count;

	if (n == adapter->num_qps)
		return 0;
	if (rtnl_dereference(adapter->xdp_prog) && !xnic_xdp_rings_for(adapter, n)) {
		netdev_err(netdev,
			   "%u channels leave no spare queue block of the card's %u for the XDP TX rings of the attached program: at most %u while it is attached\n",
			   n, adapter->card_qps, adapter->card_qps - 1);
		return -EBUSY;
	}
	if (xnic_xsk_bound(adapter) && !xnic_xdp_rings_for(adapter, n)) {
		netdev_err(netdev,
			   "%u channels leave no spare queue block of the card's %u for the XDP TX rings that AF_XDP zero-copy sends on: at most %u while a zero-copy socket is bound\n",
			   n, adapter->card_qps, adapter->card_qps - 1);
		return -EBUSY;
	}
	return xnic_set_num_qps(adapter, n);
}

static int xnic_get_rxnfc(struct net_device *netdev, struct ethtool_rxnfc *cmd,
			  u32 *rule_locs)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);

	if (cmd->cmd != ETHTOOL_GRXRINGS)
		return -EOPNOTSUPP;
	cmd->data = adapter->num_qps;
	return 0;
}

static u32 xnic_get_rxfh_key_size(struct net_device *netdev)
{
	return XNIC_RSS_KEY_SIZE;
}

static u32 xnic_get_rxfh_indir_size(struct net_device *netdev)
{
	return XNIC_RSS_RETA_SIZE;
}

static int xnic_get_rxfh(struct net_device *netdev,
			 struct ethtool_rxfh_param *rxfh)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);
	unsigned int i;

	rxfh->hfunc = ETH_RSS_HASH_TOP;
	if (rxfh->key)
		memcpy(rxfh->key, adapter->rss_key, XNIC_RSS_KEY_SIZE);
	if (rxfh->indir)
		for (i = 0; i < XNIC_RSS_RETA_SIZE; i++)
			rxfh->indir[i] = adapter->rss_indir[i];
	return 0;
}

/* The core checked every entry against ETHTOOL_GRXRINGS (num_qps). */
static int xnic_set_rxfh(struct net_device *netdev,
			 struct ethtool_rxfh_param *rxfh,
			 struct netlink_ext_ack *extack)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);
	unsigned int i;

	if (rxfh->hfunc != ETH_RSS_HASH_NO_CHANGE &&
	    rxfh->hfunc != ETH_RSS_HASH_TOP) {
		netdev_err(netdev, "the card hashes with Toeplitz only\n");
		return -EOPNOTSUPP;
	}
	if (rxfh->key)
		memcpy(adapter->rss_key, rxfh->key, XNIC_RSS_KEY_SIZE);
	if (rxfh->indir)
		for (i = 0; i < XNIC_RSS_RETA_SIZE; i++)
			adapter->rss_indir[i] = rxfh->indir[i];
	xnic_rss_write(adapter);
	return 0;
}

#ifdef XNIC_ETHTOOL_RXFH_ARGS
/* The settings as 6.1 passes them (xnic_compat.h) */
static int xnic_get_rxfh_args(struct net_device *netdev, u32 *indir, u8 *key,
			      u8 *hfunc)
{
	struct ethtool_rxfh_param rxfh = { .indir = indir, .key = key };
	int err = xnic_get_rxfh(netdev, &rxfh);

	if (hfunc)
		*hfunc = rxfh.hfunc;
	return err;
}

/* xnic_set_rxfh() only reads the table and key it is given */
static int xnic_set_rxfh_args(struct net_device *netdev, const u32 *indir,
			      const u8 *key, const u8 hfunc)
{
	struct ethtool_rxfh_param rxfh = {
		.hfunc = hfunc, .indir = (u32 *)indir, .key = (u8 *)key,
	};

	return xnic_set_rxfh(netdev, &rxfh, NULL);
}
#endif

static const struct ethtool_ops xnic_ethtool_ops = {
	.get_drvinfo		= xnic_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_ringparam		= xnic_get_ringparam,
	.set_ringparam		= xnic_set_ringparam,
	.get_sset_count		= xnic_get_sset_count,
	.get_strings		= xnic_get_strings,
	.get_ethtool_stats	= xnic_get_ethtool_stats,
	.get_channels		= xnic_get_channels,
	.set_channels		= xnic_set_channels,
	.get_rxnfc		= xnic_get_rxnfc,
	.get_rxfh_key_size	= xnic_get_rxfh_key_size,
	.get_rxfh_indir_size	= xnic_get_rxfh_indir_size,
#ifdef XNIC_ETHTOOL_RXFH_ARGS
	.get_rxfh		= xnic_get_rxfh_args,
	.set_rxfh		= xnic_set_rxfh_args,
#else
	.get_rxfh		= xnic_get_rxfh,
	.set_rxfh		= xnic_set_rxfh,
#endif
	.self_test		= xnic_selftest,
	.get_ts_info		= xnic_get_ts_info,
};

void xnic_set_ethtool_ops(struct net_device *netdev)
{
	netdev->ethtool_ops = &xnic_ethtool_ops;
}
