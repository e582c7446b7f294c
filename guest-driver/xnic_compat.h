/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel API differences between the two guest kernels xnic.ko builds
 * for, Debian 12's Linux 6.1 and Debian 13's 6.12.  The driver is written
 * against 6.12; what 6.1 lacks or spells differently is filled in here, so
 * that this is the one file with version checks (docs/driver.md
 * "Kernels").  Each entry names the release that changed the API.
 */
#ifndef XNIC_COMPAT_H
#define XNIC_COMPAT_H

#include <linux/ethtool.h>
#include <linux/trace.h>
#include <linux/version.h>
#include <net/devlink.h>
#include <net/xdp_sock_drv.h>

/* 6.6 split net/page_pool.h into types and helpers */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#include <net/page_pool/helpers.h>
#else
#include <net/page_pool.h>
#endif

/* 6.12 moved the unaligned accessors from asm/ to linux/ */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * 6.2 fills in the driver name of `devlink dev info` itself, and 6.3
 * allows reload to any instance whose ops have reload_down/up; 6.1 needs
 * both from the driver.
 */
static inline int xnic_devlink_info_driver_name_put(struct devlink_info_req *req,
						    const char *name)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
	return devlink_info_driver_name_put(req, name);
#else
	return 0;
#endif
}

static inline void xnic_devlink_enable_reload(struct devlink *devlink)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
	devlink_set_features(devlink, DEVLINK_F_RELOAD);
#endif
}

/* 6.10 finds the pool of an AF_XDP buffer itself */
static inline void xnic_xsk_buff_dma_sync_for_cpu(struct xdp_buff *xdp,
						  struct xsk_buff_pool *pool)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
	xsk_buff_dma_sync_for_cpu(xdp);
#else
	xsk_buff_dma_sync_for_cpu(xdp, pool);
#endif
}

/*
 * 6.7 lets a new trace instance have the event directories of chosen
 * systems only; NULL keeps 6.1's, all of them.
 */
static inline struct trace_array *xnic_trace_array_get_by_name(const char *name)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	return trace_array_get_by_name(name, NULL);
#else
	return trace_array_get_by_name(name);
#endif
}

/*
 * 6.3 has netdev->xdp_features, what the device's XDP can do: `ip -d link`
 * and xdp-loader features show them, and the core checks them before it
 * sends a redirected frame to ndo_xdp_xmit (NDO_XMIT; multi-buffer ones
 * only with NDO_XMIT_SG, which xnic_xdp_xmit() lacks) and before it binds
 * an AF_XDP socket in zero-copy mode (BASIC, REDIRECT, XSK_ZEROCOPY).
 * 6.1 neither shows nor checks them.
 */
static inline void xnic_set_xdp_features(struct net_device *netdev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	netdev->xdp_features = NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT |
			       NETDEV_XDP_ACT_NDO_XMIT |
			       NETDEV_XDP_ACT_XSK_ZEROCOPY |
			       NETDEV_XDP_ACT_HW_OFFLOAD | NETDEV_XDP_ACT_RX_SG;
#endif
}

/*
 * 6.8 has the three XDP metadata kfuncs of device-bound programs, through
 * netdev->xdp_metadata_ops (6.3 the RX hash and timestamp, 6.8 the VLAN
 * tag), and AF_XDP buffers with room for the driver's part of the
 * context (XSK_CHECK_PRIV_TYPE, 6.3).  6.1 has neither.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define XNIC_XDP_METADATA
extern const struct xdp_metadata_ops xnic_xdp_metadata_ops;
#endif

static inline void xnic_set_xdp_metadata_ops(struct net_device *netdev)
{
#ifdef XNIC_XDP_METADATA
	netdev->xdp_metadata_ops = &xnic_xdp_metadata_ops;
#endif
}

/*
 * 6.8 has AF_XDP TX metadata: per frame, a zero-copy socket asks the
 * driver's netdev->xsk_tx_metadata_ops for a completion timestamp and a
 * checksum.  xnic uses its helpers as Debian's 6.12 has them
 * (xsk_buff_get_metadata() takes the descriptor's options, which other
 * releases may not): 6.12 is where it is built and tested.  6.1 has none.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define XNIC_XSK_TX_METADATA
extern const struct xsk_tx_metadata_ops xnic_xsk_tx_metadata_ops;
#endif

static inline void xnic_set_xsk_tx_metadata_ops(struct net_device *netdev)
{
#ifdef XNIC_XSK_TX_METADATA
	netdev->xsk_tx_metadata_ops = &xnic_xsk_tx_metadata_ops;
#endif
}

/* 6.11 answers ethtool -T in struct kernel_ethtool_ts_info */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 11, 0)
#define kernel_ethtool_ts_info ethtool_ts_info
#endif

/*
 * 6.8 passes the RSS settings of ethtool -x/-X in one struct; 6.1 passes
 * them as arguments, and xnic_ethtool.c turns those into this subset.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
#define XNIC_ETHTOOL_RXFH_ARGS
struct ethtool_rxfh_param {
	u8 hfunc;
	u32 *indir;
	u8 *key;
};
#endif

#endif /* XNIC_COMPAT_H */
