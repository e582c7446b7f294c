// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic AF_XDP zero-copy: binding a socket's buffer pool to a queue pair
 * (XDP_SETUP_XSK_POOL), UMEM frames as RX buffers, the socket's TX ring
 * sent on the pair's XDP TX ring, ndo_xsk_wakeup and the need_wakeup
 * protocol.  docs/driver.md "AF_XDP" describes the design.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <net/checksum.h>
#include <net/xdp_sock_drv.h>

#include "xnic.h"

/* Bytes the card may write into one UMEM frame */
static unsigned int xnic_xsk_buf_len(struct xsk_buff_pool *pool)
{
	return min_t(u32, xsk_pool_get_rx_frame_size(pool), XNIC_MAX_FRAME);
}

/* Whether a frame of @mtu fits one UMEM frame of @pool, VLAN tag included */
static bool xnic_xsk_pool_fits(struct xsk_buff_pool *pool, unsigned int mtu)
{
	return mtu + ETH_HLEN + VLAN_HLEN <= xnic_xsk_buf_len(pool);
}

/**
 * xnic_xsk_mtu_fits - whether every zero-copy pool can take frames of @mtu
 * @adapter: the adapter, under RTNL
 * @mtu: the MTU asked for
 *
 * Return: false if one bound pool's frames are too small (logged).
 */
bool xnic_xsk_mtu_fits(struct xnic_adapter *adapter, unsigned int mtu)
{
	unsigned int q;

	for (q = 0; q < ARRAY_SIZE(adapter->xsk_pools); q++) {
		struct xsk_buff_pool *pool = adapter->xsk_pools[q];

		if (pool && !xnic_xsk_pool_fits(pool, mtu)) {
			netdev_err(adapter->netdev,
				   "MTU %u does not fit the %u-byte frames of the AF_XDP zero-copy socket on queue %u\n",
				   mtu, xnic_xsk_buf_len(pool), q);
			return false;
		}
	}
	return true;
}

/**
 * xnic_xsk_bound - whether a zero-copy socket is bound to any queue
 * @adapter: the adapter, under RTNL
 *
 * Return: true if one is.
 */
bool xnic_xsk_bound(struct xnic_adapter *adapter)
{
	unsigned int q;

	for (q = 0; q < ARRAY_SIZE(adapter->xsk_pools); q++)
		if (adapter->xsk_pools[q])
			return true;
	return false;
}

/* ---- Binding ---- */

/*
 * A queue pair's RX buffers change owner, so a running datapath is rebuilt
 * as for a ring-size change: the pairs come up with the new pools.
 */
static int xnic_xsk_restart(struct xnic_adapter *adapter)
{
	return xnic_reconfigure(adapter, adapter->netdev->mtu,
				adapter->tx_ring_size, adapter->rx_ring_size);
}

/*
 * 6.1 gives XDP_SETUP_XSK_POOL no extack (xp_assign_dev() leaves
 * bpf->extack unset): a refusal is a log line and an errno for bind(),
 * which a socket bound without XDP_ZEROCOPY turns into copy mode.
 */
static int xnic_xsk_enable(struct xnic_adapter *adapter,
			   struct xsk_buff_pool *pool, u16 queue)
{
	struct net_device *netdev = adapter->netdev;
	int err;

	if (!adapter->num_xdp_rings) {
		netdev_err(netdev,
			   "AF_XDP zero-copy on queue %u sends on an XDP TX ring, and %u channels leave no spare queue block of the card's %u: use fewer channels (ethtool -L combined)\n",
			   queue, adapter->num_qps, adapter->card_qps);
		return -EOPNOTSUPP;
	}
	if (!xnic_xsk_pool_fits(pool, netdev->mtu)) {
		netdev_err(netdev,
			   "AF_XDP zero-copy on queue %u: UMEM frames hold %u bytes, MTU %u needs %u: use larger chunks or a lower MTU\n",
			   queue, xnic_xsk_buf_len(pool), netdev->mtu,
			   netdev->mtu + ETH_HLEN + VLAN_HLEN);
		return -EINVAL;
	}
	err = xsk_pool_dma_map(pool, &adapter->pdev->dev, 0);
	if (err) {
		netdev_err(netdev, "cannot map the AF_XDP UMEM of queue %u: %pe\n",
			   queue, ERR_PTR(err));
		return err;
	}
	adapter->xsk_pools[queue] = pool;
	err = xnic_xsk_restart(adapter);
	if (!err)
		return 0;
	adapter->xsk_pools[queue] = NULL;
	xsk_pool_dma_unmap(pool, 0);
	if (xnic_xsk_restart(adapter))
		netdev_err(netdev,
			   "cannot bring the datapath back up; set the interface down and up to retry\n");
	return err;
}

static int xnic_xsk_disable(struct xnic_adapter *adapter, u16 queue)
{
	struct xsk_buff_pool *pool = adapter->xsk_pools[queue];
	int err;

	if (!pool)
		return -EINVAL;
	adapter->xsk_pools[queue] = NULL;
	/* Down, the rings gave every UMEM frame back: the pool may go */
	err = xnic_xsk_restart(adapter);
	xsk_pool_dma_unmap(pool, 0);
	return err;
}

/**
 * xnic_xsk_setup - ndo_bpf XDP_SETUP_XSK_POOL: bind or unbind a zero-copy
 *	AF_XDP socket's buffer pool
 * @adapter: the adapter, under RTNL
 * @pool: the pool, or NULL to unbind
 * @queue: the queue id, below the real queue count (the core checks)
 *
 * Return: 0 or a negative errno.
 */
int xnic_xsk_setup(struct xnic_adapter *adapter, struct xsk_buff_pool *pool,
		   u16 queue)
{
	if (queue >= ARRAY_SIZE(adapter->xsk_pools))
		return -EINVAL;
	return pool ? xnic_xsk_enable(adapter, pool, queue) :
		      xnic_xsk_disable(adapter, queue);
}

/**
 * xnic_xsk_wakeup - ndo_xsk_wakeup: the socket has filled its fill ring or
 *	queued frames on its TX ring (need_wakeup protocol)
 * @netdev: the device
 * @queue: the socket's queue id
 * @flags: XDP_WAKEUP_RX and/or XDP_WAKEUP_TX; one poll does both
 *
 * Return: 0, -ENETDOWN while the datapath is down, -ENXIO if no zero-copy
 * socket is bound to @queue.
 */
int xnic_xsk_wakeup(struct net_device *netdev, u32 queue, u32 flags)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);
	struct xnic_qp *qp;

	if (!READ_ONCE(adapter->datapath_up))
		return -ENETDOWN;
	if (queue >= READ_ONCE(adapter->num_qps))
		return -ENXIO;
	qp = &adapter->qps[queue];
	if (!READ_ONCE(qp->xsk_pool))
		return -ENXIO;
	/* A poll already running looks again before it completes */
	if (napi_if_scheduled_mark_missed(&qp->napi))
		return 0;
	/* Process context: run the softirq on leaving, not from ksoftirqd */
	local_bh_disable();
	napi_schedule(&qp->napi);
	local_bh_enable();
	return 0;
}

/* ---- RX ---- */

/**
 * xnic_xsk_rx_mem_setup - tell the XDP core that a pair's RX buffers come
 *	from its zero-copy pool
 * @qp: the pair, coming up, with its xdp_rxq registered
 *
 * Return: 0 or a negative errno.
 */
int xnic_xsk_rx_mem_setup(struct xnic_qp *qp)
{
	int err;

	err = xdp_rxq_info_reg_mem_model(&qp->xdp_rxq, MEM_TYPE_XSK_BUFF_POOL,
					 NULL);
	if (err)
		return err;
	xsk_pool_set_rxq_info(qp->xsk_pool, &qp->xdp_rxq);
	return 0;
}

/**
 * xnic_xsk_rx_free - give the posted UMEM frames back to the pool
 * @qp: the pair, quiesced
 */
void xnic_xsk_rx_free(struct xnic_qp *qp)
{
	struct xnic_ring *ring = &qp->rx;
	u32 i;

	for (i = ring->next_to_clean; i != ring->next_to_use;
	     i = xnic_ring_next(ring, i))
		xsk_buff_free(ring->rx_xsk[i]);
}

/* Posts a UMEM frame from the fill ring in every unused RX slot. */
static void xnic_xsk_rx_post(struct xnic_qp *qp)
{
	struct xnic_ring *ring = &qp->rx;
	unsigned int len = xnic_xsk_buf_len(qp->xsk_pool);
	u32 n = xnic_ring_unused(ring);
	u32 i = ring->next_to_use;

	for (; n; n--, i = xnic_ring_next(ring, i)) {
		struct xdp_buff *xdp = xsk_buff_alloc(qp->xsk_pool);

		if (!xdp)
			break;
		ring->rx_xsk[i] = xdp;
		xnic_desc_post(&ring->desc[i], xsk_buff_xdp_get_dma(xdp), len);
	}
	if (i != ring->next_to_use) {
		ring->next_to_use = i;
		writel(i, qp->regs + XNIC_Q_RX_TAIL);
	}
}

/**
 * xnic_xsk_rx_refill - fill a zero-copy pair's RX ring from the fill ring
 * @qp: the pair, in its NAPI poll
 *
 * With an empty RX ring the card can raise no RX interrupt.  A socket
 * using need_wakeup is then told to wake the driver once it has filled its
 * fill ring; one without it is polled for (as memory is for pages).
 *
 * Return: false when NAPI must keep polling.
 */
bool xnic_xsk_rx_refill(struct xnic_qp *qp)
{
	struct xsk_buff_pool *pool = qp->xsk_pool;
	struct xnic_ring *ring = &qp->rx;

	xnic_xsk_rx_post(qp);
	if (ring->next_to_use != ring->next_to_clean) {
		if (xsk_uses_need_wakeup(pool))
			xsk_clear_rx_need_wakeup(pool);
		return true;
	}
	if (!xsk_uses_need_wakeup(pool))
		return false;
	xsk_set_rx_need_wakeup(pool);
	/* Frames filled before the flag was visible would wake no one */
	xnic_xsk_rx_post(qp);
	return true;
}

/*
 * XDP_PASS, or no program: the frame is copied into an skb and the UMEM
 * frame goes back to the pool (the socket owns the UMEM, the stack cannot).
 */
/* The timestamp area entry of the frame in @desc's slot */
static const __le64 *xnic_xsk_rx_tstamp(struct xnic_qp *qp,
					const struct xnic_desc *desc)
{
	return &qp->rx.tstamp[desc - qp->rx.desc];
}

/*
 * What the XDP metadata kfuncs read (xnic_rxmeta.c), in the pool's room
 * behind the buffer's xdp_buff
 */
static void xnic_xsk_rx_meta(struct xnic_qp *qp, struct xdp_buff *xdp,
			     const struct xnic_desc *desc)
{
#ifdef XNIC_XDP_METADATA
	struct xnic_xdp_buff *ctx = (struct xnic_xdp_buff *)xdp;

	XSK_CHECK_PRIV_TYPE(struct xnic_xdp_buff);
	ctx->desc = desc;
	ctx->tstamp = xnic_xsk_rx_tstamp(qp, desc);
#endif
}

static void xnic_xsk_rx_to_stack(struct xnic_qp *qp, struct xdp_buff *xdp,
				 const struct xnic_desc *desc,
				 struct xnic_tally *t)
{
	unsigned int metasize = xdp->data - xdp->data_meta;
	unsigned int len = xdp->data_end - xdp->data;
	struct sk_buff *skb;

	skb = napi_alloc_skb(&qp->napi, metasize + len);
	if (unlikely(!skb)) {
		t->drops++;
		xsk_buff_free(xdp);
		return;
	}
	skb_put_data(skb, xdp->data_meta, metasize + len);
	xsk_buff_free(xdp);
	if (metasize) {
		__skb_pull(skb, metasize);
		skb_metadata_set(skb, metasize);
	}
	xnic_rx_meta_skb(skb, desc, xnic_xsk_rx_tstamp(qp, desc));
	skb->protocol = eth_type_trans(skb, qp->adapter->netdev);
	skb_record_rx_queue(skb, qp->index);
	t->packets++;
	t->bytes += len;
	napi_gro_receive(&qp->napi, skb);
}

/**
 * xnic_xsk_rx_frame - one frame the card wrote into a UMEM frame: the XDP
 *	program, if any, then the stack
 * @qp: the pair, in its NAPI poll
 * @prog: the XDP program or NULL
 * @xdp: the UMEM frame of the slot
 * @desc: its completed descriptor
 * @run: what the end of the poll must do
 * @t: this poll's counts
 */
void xnic_xsk_rx_frame(struct xnic_qp *qp, struct bpf_prog *prog,
		       struct xdp_buff *xdp, const struct xnic_desc *desc,
		       struct xnic_xdp_run *run, struct xnic_tally *t)
{
	struct xnic_adapter *adapter = qp->adapter;
	unsigned int len = le16_to_cpu(desc->pkt_len);
	u16 status = xnic_desc_status(desc);

	if (unlikely((status & XNIC_DESC_S_ERROR) || len < ETH_HLEN ||
		     len > xnic_xsk_buf_len(qp->xsk_pool))) {
		t->errors++;
		xsk_buff_free(xdp);
		return;
	}
	xsk_buff_set_size(xdp, len);
	xnic_xsk_buff_dma_sync_for_cpu(xdp, qp->xsk_pool);
	if (unlikely(READ_ONCE(adapter->selftest.loopback)) &&
	    xnic_selftest_rx(adapter, xdp->data, len)) {
		xsk_buff_free(xdp);
		return;
	}
	xnic_xsk_rx_meta(qp, xdp, desc);
	if (prog && !xnic_xdp_rx(qp, prog, xdp, le32_to_cpu(desc->wb.seq), run))
		return;
	xnic_xsk_rx_to_stack(qp, xdp, desc, t);
}

/* ---- TX metadata (docs/driver.md "AF_XDP TX metadata") ---- */

/*
 * What a frame's struct xsk_tx_metadata asks of its descriptor: the
 * xsk_tx_metadata_ops request hooks fill it in, on the card's TX offloads
 * (docs/device.md "TX offloads").
 */
struct xnic_xsk_tx_req {
	void *data;		/* the frame, in the UMEM */
	u32 len;
	u16 flags;		/* XNIC_DESC_F_CSUM with CSUM_OFF, _TSTAMP */
	u16 csum_start;
};

#ifdef XNIC_XSK_TX_METADATA

static void xnic_xsk_tmo_request_timestamp(void *priv)
{
	struct xnic_xsk_tx_req *req = priv;

	req->flags |= XNIC_DESC_F_TSTAMP;
}

/*
 * The card stores the checksum at most XNIC_DESC_F_CSUM_OFF_MAX bytes
 * after its start; one farther out is computed here, as
 * skb_checksum_help() does.  A field that does not end inside the frame
 * is left alone: a zero-copy socket has no way to be told (in copy mode
 * the kernel refuses such a frame with EINVAL).
 */
static void xnic_xsk_tmo_request_checksum(u16 start, u16 offset, void *priv)
{
	struct xnic_xsk_tx_req *req = priv;
	__sum16 sum;

	if (start + offset + sizeof(__sum16) > req->len)
		return;
	if (offset <= XNIC_DESC_F_CSUM_OFF_MAX) {
		req->flags |= XNIC_DESC_F_CSUM |
			      offset << XNIC_DESC_F_CSUM_OFF_SHIFT;
		req->csum_start = start;
		return;
	}
	sum = csum_fold(csum_partial(req->data + start, req->len - start, 0));
	put_unaligned(sum ?: CSUM_MANGLED_0,
		      (__sum16 *)(req->data + start + offset));
}

/* @priv: the frame's last descriptor, completed */
static u64 xnic_xsk_tmo_fill_timestamp(void *priv)
{
	const struct xnic_desc *desc = priv;

	if (!(xnic_desc_status(desc) & XNIC_DESC_S_TSTAMP))
		return 0;
	/* the card wrote the time before the status */
	dma_rmb();
	return le64_to_cpu(desc->addr);
}

const struct xsk_tx_metadata_ops xnic_xsk_tx_metadata_ops = {
	.tmo_request_timestamp = xnic_xsk_tmo_request_timestamp,
	.tmo_fill_timestamp = xnic_xsk_tmo_fill_timestamp,
	.tmo_request_checksum = xnic_xsk_tmo_request_checksum,
};

#endif /* XNIC_XSK_TX_METADATA */

/*
 * The frame's TX metadata, if the socket gave it any: what its descriptor
 * must ask of the card into @req, what its completion must do into @buf.
 * Before the DMA sync: a checksum done here writes into the frame.
 */
static void xnic_xsk_tx_meta(struct xsk_buff_pool *pool,
			     const struct xdp_desc *desc,
			     struct xnic_xsk_tx_req *req,
			     struct xnic_tx_buf *buf)
{
#ifdef XNIC_XSK_TX_METADATA
	struct xsk_tx_metadata *meta;

	meta = xsk_buff_get_metadata(pool, desc->addr, desc->options);
	if (!meta)
		return;
	req->data = xsk_buff_raw_get_data(pool, desc->addr);
	req->len = desc->len;
	xsk_tx_metadata_request(meta, &xnic_xsk_tx_metadata_ops, req);
	xsk_tx_metadata_to_compl(meta, &buf->xsk_compl);
#endif
}

/**
 * xnic_xsk_tx_done - a zero-copy frame leaves the XDP TX ring, sent or
 *	not: its metadata's completion (the card's TX timestamp), then the
 *	pool's completion entry, reserved when the frame was taken
 * @buf: the frame's slot state
 * @desc: its descriptor
 */
void xnic_xsk_tx_done(struct xnic_tx_buf *buf, struct xnic_desc *desc)
{
#ifdef XNIC_XSK_TX_METADATA
	xsk_tx_metadata_complete(&buf->xsk_compl, &xnic_xsk_tx_metadata_ops,
				 desc);
#endif
	xsk_tx_completed(buf->xsk_pool, 1);
	buf->xsk_pool = NULL;
}

/* ---- TX ---- */

/**
 * xnic_xsk_tx - send what the socket queued on its TX ring, on the pair's
 *	XDP TX ring; the ring's owner reports the completions to the pool
 * @qp: the pair, in its NAPI poll
 * @budget: most frames to take
 *
 * Return: true while frames may still wait (budget used, or the XDP TX
 * ring full), so that NAPI polls again.
 */
bool xnic_xsk_tx(struct xnic_qp *qp, int budget)
{
	struct xnic_adapter *adapter = qp->adapter;
	struct xsk_buff_pool *pool = qp->xsk_pool;
	struct xnic_xdp_ring *xr = qp->xdp_ring;
	struct xdp_desc desc;
	bool room = true;
	int sent = 0;

	/* Set before looking: a frame queued after the look sees the flag */
	if (xsk_uses_need_wakeup(pool))
		xsk_set_tx_need_wakeup(pool);
	spin_lock(&xr->lock);
	while (sent < budget && (room = xnic_xdp_ring_room(adapter, xr, 1)) &&
	       xsk_tx_peek_desc(pool, &desc)) {
		dma_addr_t dma = xsk_buff_raw_get_dma(pool, desc.addr);
		struct xnic_tx_buf buf = {
			.xsk_pool = pool, .dma = dma, .len = desc.len,
			.type = XNIC_TX_XSK,
		};
		struct xnic_xsk_tx_req req = {};
		struct xnic_desc *d = &xr->ring.desc[xr->ring.next_to_use];

		xnic_xsk_tx_meta(pool, &desc, &req, &buf);
		xsk_buff_raw_dma_sync_for_device(pool, dma, desc.len);
		xnic_xdp_ring_post(xr, &buf);
		/* before the doorbell, after the post cleared them */
		d->pkt_len = cpu_to_le16(req.csum_start);
		d->flags = cpu_to_le16(req.flags);
		xnic_xdp_count(qp, XNIC_XDP_XSK_XMIT);
		sent++;
	}
	xnic_xdp_ring_doorbell(xr, &qp->napi);
	spin_unlock(&xr->lock);
	if (sent)
		xsk_tx_release(pool);
	if (sent < budget && room)
		return false;
	if (xsk_uses_need_wakeup(pool))
		xsk_clear_tx_need_wakeup(pool);
	return true;
}
