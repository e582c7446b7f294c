// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic RX metadata (docs/driver.md "RX metadata"): what the card writes
 * back with a frame besides its bytes (docs/device.md "RX metadata") - the
 * RSS hash and its type, the stripped outer VLAN tag, the arrival time -
 * switched on by the netdev features (rxhash, rxvlan) and the hardware
 * timestamping config (SIOCSHWTSTAMP), given to the stack in the skb and
 * to device-bound XDP programs through the metadata kfuncs.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitfield.h>
#include <linux/if_vlan.h>
#include <linux/net_tstamp.h>
#include <linux/netdevice.h>

#include "xnic.h"

/* The RX_CTRL metadata bits for @features and the timestamping config */
u32 xnic_rx_meta_ctrl(struct xnic_adapter *adapter, netdev_features_t features)
{
	u32 ctrl = 0;

	if (features & NETIF_F_RXHASH)
		ctrl |= XNIC_QCTRL_RX_HASH;
	if (features & NETIF_F_HW_VLAN_CTAG_RX)
		ctrl |= XNIC_QCTRL_RX_VLAN_STRIP;
	if (adapter->rx_tstamp)
		ctrl |= XNIC_QCTRL_RX_TSTAMP;
	return ctrl;
}

static unsigned int xnic_rx_meta_rss_type(const struct xnic_desc *desc)
{
	return FIELD_GET(XNIC_DESC_S_RSS_MASK, xnic_desc_status(desc));
}

static __be16 xnic_rx_meta_vlan_proto(u16 status)
{
	return htons(status & XNIC_DESC_S_VLAN_AD ? ETH_P_8021AD : ETH_P_8021Q);
}

/**
 * xnic_rx_meta_skb - give the stack what the card wrote back with a frame
 * @skb: the frame
 * @desc: its first descriptor, completed
 * @tstamp: its timestamp area entry
 */
void xnic_rx_meta_skb(struct sk_buff *skb, const struct xnic_desc *desc,
		      const __le64 *tstamp)
{
	u16 status = xnic_desc_status(desc);

	switch (xnic_rx_meta_rss_type(desc)) {
	case XNIC_RSS_TYPE_NONE:
		break;
	case XNIC_RSS_TYPE_IPV4:
	case XNIC_RSS_TYPE_IPV6:
		skb_set_hash(skb, le32_to_cpu(desc->wb.hash), PKT_HASH_TYPE_L3);
		break;
	default:
		skb_set_hash(skb, le32_to_cpu(desc->wb.hash), PKT_HASH_TYPE_L4);
		break;
	}
	if (status & XNIC_DESC_S_VLAN)
		__vlan_hwaccel_put_tag(skb, xnic_rx_meta_vlan_proto(status),
				       le16_to_cpu(desc->vlan_tci));
	if (status & XNIC_DESC_S_TSTAMP)
		skb_hwtstamps(skb)->hwtstamp = ns_to_ktime(le64_to_cpu(*tstamp));
}

/* ---- Hardware timestamping config (SIOCSHWTSTAMP, ethtool -T) ---- */

static int xnic_hwtstamp_get(struct xnic_adapter *adapter, struct ifreq *ifr)
{
	struct hwtstamp_config cfg = {
		.tx_type = HWTSTAMP_TX_OFF,
		.rx_filter = adapter->rx_tstamp ? HWTSTAMP_FILTER_ALL :
						  HWTSTAMP_FILTER_NONE,
	};

	return copy_to_user(ifr->ifr_data, &cfg, sizeof(cfg)) ? -EFAULT : 0;
}

/*
 * The card stamps every frame or none and never a sent one: any RX filter
 * becomes ALL (the config read back says so), TX stamping is refused.
 */
static int xnic_hwtstamp_set(struct xnic_adapter *adapter, struct ifreq *ifr)
{
	struct hwtstamp_config cfg;

	if (copy_from_user(&cfg, ifr->ifr_data, sizeof(cfg)))
		return -EFAULT;
	if (cfg.tx_type != HWTSTAMP_TX_OFF)
		return -ERANGE;
	adapter->rx_tstamp = cfg.rx_filter != HWTSTAMP_FILTER_NONE;
	xnic_rx_ctrl_update(adapter, adapter->netdev->features);
	return xnic_hwtstamp_get(adapter, ifr);
}

int xnic_eth_ioctl(struct net_device *netdev, struct ifreq *ifr, int cmd)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);

	switch (cmd) {
	case SIOCGHWTSTAMP:
		return xnic_hwtstamp_get(adapter, ifr);
	case SIOCSHWTSTAMP:
		return xnic_hwtstamp_set(adapter, ifr);
	default:
		return -EOPNOTSUPP;
	}
}

/* No PHC: the time is the host's CLOCK_MONOTONIC (docs/device.md) */
int xnic_get_ts_info(struct net_device *netdev,
		     struct kernel_ethtool_ts_info *info)
{
	info->so_timestamping = SOF_TIMESTAMPING_RX_HARDWARE |
				SOF_TIMESTAMPING_RAW_HARDWARE |
				SOF_TIMESTAMPING_TX_SOFTWARE |
				SOF_TIMESTAMPING_RX_SOFTWARE |
				SOF_TIMESTAMPING_SOFTWARE;
	info->phc_index = -1;
	info->tx_types = BIT(HWTSTAMP_TX_OFF);
	info->rx_filters = BIT(HWTSTAMP_FILTER_NONE) | BIT(HWTSTAMP_FILTER_ALL);
	return 0;
}

/* ---- XDP metadata kfuncs ---- */
#ifdef XNIC_XDP_METADATA

static const enum xdp_rss_hash_type xnic_xdp_rss_types[] = {
	[XNIC_RSS_TYPE_IPV4] = XDP_RSS_TYPE_L3_IPV4,
	[XNIC_RSS_TYPE_IPV4_TCP] = XDP_RSS_TYPE_L4_IPV4_TCP,
	[XNIC_RSS_TYPE_IPV4_UDP] = XDP_RSS_TYPE_L4_IPV4_UDP,
	[XNIC_RSS_TYPE_IPV6] = XDP_RSS_TYPE_L3_IPV6,
	[XNIC_RSS_TYPE_IPV6_TCP] = XDP_RSS_TYPE_L4_IPV6_TCP,
	[XNIC_RSS_TYPE_IPV6_UDP] = XDP_RSS_TYPE_L4_IPV6_UDP,
};

/* The kfuncs get the xdp_buff as ctx: xnic's wraps it (XSK's cb too) */
static const struct xnic_xdp_buff *xnic_xdp_buff_of(const struct xdp_md *ctx)
{
	return (const struct xnic_xdp_buff *)ctx;
}

static int xnic_xmo_rx_hash(const struct xdp_md *ctx, u32 *hash,
			    enum xdp_rss_hash_type *rss_type)
{
	const struct xnic_desc *desc = xnic_xdp_buff_of(ctx)->desc;
	unsigned int type = xnic_rx_meta_rss_type(desc);

	if (type == XNIC_RSS_TYPE_NONE || type >= ARRAY_SIZE(xnic_xdp_rss_types))
		return -ENODATA;
	*hash = le32_to_cpu(desc->wb.hash);
	*rss_type = xnic_xdp_rss_types[type];
	return 0;
}

static int xnic_xmo_rx_timestamp(const struct xdp_md *ctx, u64 *timestamp)
{
	const struct xnic_xdp_buff *b = xnic_xdp_buff_of(ctx);

	if (!(xnic_desc_status(b->desc) & XNIC_DESC_S_TSTAMP))
		return -ENODATA;
	*timestamp = le64_to_cpu(*b->tstamp);
	return 0;
}

static int xnic_xmo_rx_vlan_tag(const struct xdp_md *ctx, __be16 *vlan_proto,
				u16 *vlan_tci)
{
	const struct xnic_desc *desc = xnic_xdp_buff_of(ctx)->desc;
	u16 status = xnic_desc_status(desc);

	if (!(status & XNIC_DESC_S_VLAN))
		return -ENODATA;
	*vlan_proto = xnic_rx_meta_vlan_proto(status);
	*vlan_tci = le16_to_cpu(desc->vlan_tci);
	return 0;
}

const struct xdp_metadata_ops xnic_xdp_metadata_ops = {
	.xmo_rx_hash = xnic_xmo_rx_hash,
	.xmo_rx_timestamp = xnic_xmo_rx_timestamp,
	.xmo_rx_vlan_tag = xnic_xmo_rx_vlan_tag,
};

#endif /* XNIC_XDP_METADATA */
