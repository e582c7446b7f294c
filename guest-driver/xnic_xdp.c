// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic native XDP: attaching programs (ndo_bpf), running them in the RX
 * poll, the XDP TX rings behind XDP_TX, ndo_xdp_xmit and AF_XDP zero-copy
 * TX (xnic_xsk.c), and the per-queue XDP counters.  docs/driver.md "XDP"
 * describes the design.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/bpf_trace.h>
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/filter.h>
#include <linux/if_vlan.h>
#include <linux/skbuff.h>
#include <net/xdp.h>
#include <net/xdp_sock_drv.h>

#include "xnic.h"

/*
 * The largest MTU @prog runs with.  A multi-buffer program
 * (BPF_F_XDP_HAS_FRAGS, docs/driver.md "XDP multi-buffer") takes the
 * card's; a single-buffer one sees only frames that fit in one RX buffer
 * with a VLAN tag, so frames redirected out of xnic have the page-sized
 * truesize that cpumap and other devices expect.
 */
static unsigned int xnic_xdp_max_mtu(const struct xnic_adapter *adapter,
				     const struct bpf_prog *prog)
{
	if (prog->aux->xdp_has_frags)
		return adapter->max_mtu;
	return min(adapter->max_mtu, xnic_rx_buf_len() - ETH_HLEN - VLAN_HLEN);
}

static struct device *xnic_xdp_dev(struct xnic_adapter *adapter)
{
	return &adapter->pdev->dev;
}

void xnic_xdp_count(struct xnic_qp *qp, enum xnic_xdp_stat stat)
{
	u64_stats_update_begin(&qp->xdp_stats.syncp);
	u64_stats_inc(&qp->xdp_stats.n[stat]);
	u64_stats_update_end(&qp->xdp_stats.syncp);
}

/**
 * xnic_xdp_stats_read - copy a queue's XDP counters
 * @qp: the queue pair
 * @data: XNIC_XDP_NUM values, in enum xnic_xdp_stat order
 */
void xnic_xdp_stats_read(struct xnic_qp *qp, u64 *data)
{
	unsigned int start, i;

	do {
		start = u64_stats_fetch_begin(&qp->xdp_stats.syncp);
		for (i = 0; i < XNIC_XDP_NUM; i++)
			data[i] = u64_stats_read(&qp->xdp_stats.n[i]);
	} while (u64_stats_fetch_retry(&qp->xdp_stats.syncp, start));
}

/* ---- XDP TX rings ---- */

/*
 * Returns the frame @desc carries, sent or not; false for a chain's inner
 * part.
 */
static bool xnic_xdp_buf_release(struct xnic_adapter *adapter,
				 struct xnic_tx_buf *buf, struct xnic_desc *desc)
{
	if (buf->type == XNIC_TX_FRAG)
		return false;
	if (buf->type == XNIC_TX_XSK) {
		xnic_xsk_tx_done(buf, desc);
		return true;
	}
	if (buf->type == XNIC_TX_XDP_XMIT)
		dma_unmap_single(xnic_xdp_dev(adapter), buf->dma, buf->len,
				 DMA_TO_DEVICE);
	/* XDP_TX pages go back to their page pool, xmit frames to their owner */
	xdp_return_frame(buf->xdpf);
	buf->xdpf = NULL;
	return true;
}

/* Releases the frames the card has sent; called with xr->lock held. */
static void xnic_xdp_ring_clean(struct xnic_adapter *adapter,
				struct xnic_xdp_ring *xr)
{
	struct xnic_ring *ring = &xr->ring;
	struct xnic_tally t = {};
	u32 i;

	for (i = ring->next_to_clean; i != ring->next_to_use;
	     i = xnic_ring_next(ring, i)) {
		struct xnic_tx_buf *buf = &ring->tx_buf[i];
		u16 status = xnic_desc_status(&ring->desc[i]);

		if (!(status & XNIC_DESC_S_DONE))
			break;
		if (!(status & XNIC_DESC_S_ERROR))
			t.bytes += buf->len;
		/* A frame counts once, on the descriptor that carries it */
		if (!xnic_xdp_buf_release(adapter, buf, &ring->desc[i]))
			continue;
		if (status & XNIC_DESC_S_ERROR)
			t.errors++;
		else
			t.packets++;
	}
	if (i == ring->next_to_clean)
		return;
	ring->next_to_clean = i;
	xnic_stats_add(&ring->stats, &t);
}

/**
 * xnic_xdp_ring_room - whether an XDP TX ring has @parts free slots; a
 *	ring short of them first reclaims what the card has completed since
 *	the owner's last poll
 * @adapter: the adapter
 * @xr: the ring, with xr->lock held
 * @parts: the descriptors the frame takes (xnic_frags_tx_parts())
 *
 * Return: true if the frame may be posted.
 */
bool xnic_xdp_ring_room(struct xnic_adapter *adapter, struct xnic_xdp_ring *xr,
			unsigned int parts)
{
	if (xnic_ring_unused(&xr->ring) >= parts)
		return true;
	xnic_xdp_ring_clean(adapter, xr);
	return xnic_ring_unused(&xr->ring) >= parts;
}

/**
 * xnic_xdp_ring_post - post one frame; the caller rings the doorbell later
 *	(batching)
 * @xr: the ring, with xr->lock held and room checked by xnic_xdp_ring_room()
 * @buf: the frame and how to release it
 */
void xnic_xdp_ring_post(struct xnic_xdp_ring *xr, const struct xnic_tx_buf *buf)
{
	struct xnic_ring *ring = &xr->ring;
	u32 i = ring->next_to_use;

	ring->tx_buf[i] = *buf;
	xnic_desc_post(&ring->desc[i], buf->dma, buf->len);
	ring->next_to_use = xnic_ring_next(ring, i);
	xr->pending++;
}

/* Posts an xdp_frame if there is room; called with xr->lock held. */
static bool xnic_xdp_ring_post_frame(struct xnic_adapter *adapter,
				     struct xnic_xdp_ring *xr,
				     struct xdp_frame *xdpf, dma_addr_t dma,
				     enum xnic_tx_type type)
{
	unsigned int parts = xnic_frags_tx_parts(xdpf);

	if (!xnic_xdp_ring_room(adapter, xr, parts))
		return false;
	if (parts > 1) {
		xnic_frags_tx_post(xnic_xdp_dev(adapter), &xr->ring, xdpf, dma);
		xr->pending++;
		return true;
	}
	xnic_xdp_ring_post(xr, &(struct xnic_tx_buf){
		.xdpf = xdpf, .dma = dma, .len = xdpf->len, .type = type,
	});
	return true;
}

/**
 * xnic_xdp_ring_doorbell - tell the card about the frames posted since the
 *	last doorbell
 * @xr: the ring, with xr->lock held
 * @self: the calling NAPI context, or NULL
 *
 * The owner reclaims the completions (struct xnic_xdp_ring); @self needs
 * no schedule if it is the owner: it polls the ring before it completes.
 */
void xnic_xdp_ring_doorbell(struct xnic_xdp_ring *xr, struct napi_struct *self)
{
	if (!xr->pending)
		return;
	xr->pending = 0;
	writel(xr->ring.next_to_use, xr->regs + XNIC_Q_TX_TAIL);
	if (xr->owner != self)
		napi_schedule(xr->owner);
}

/**
 * xnic_xdp_ring_poll - reclaim an XDP TX ring's completed frames
 * @adapter: the adapter
 * @xr: the ring, owned by the calling NAPI context
 *
 * Return: true while frames are still waiting for the card.
 */
bool xnic_xdp_ring_poll(struct xnic_adapter *adapter, struct xnic_xdp_ring *xr)
{
	bool busy;

	spin_lock(&xr->lock);
	xnic_xdp_ring_clean(adapter, xr);
	busy = xr->ring.next_to_clean != xr->ring.next_to_use;
	spin_unlock(&xr->lock);
	return busy;
}

/*
 * XDP_TX of a zero-copy AF_XDP buffer: the UMEM frame belongs to the
 * socket, so the frame is copied into a page of its own
 * (xdp_convert_buff_to_frame, which frees the UMEM buffer) and sent like
 * a redirected frame.  Room is checked first: once converted, the UMEM
 * buffer is gone and a failure could no longer leave it to the caller.
 */
static bool xnic_xdp_tx_zc(struct xnic_qp *qp, struct xdp_buff *xdp)
{
	struct xnic_adapter *adapter = qp->adapter;
	struct device *dev = xnic_xdp_dev(adapter);
	struct xnic_xdp_ring *xr = qp->xdp_ring;
	struct xdp_frame *xdpf;
	dma_addr_t dma;
	bool ok = false;

	spin_lock(&xr->lock);
	if (!xnic_xdp_ring_room(adapter, xr, 1))
		goto out;
	xdpf = xdp_convert_buff_to_frame(xdp);
	if (unlikely(!xdpf))
		goto out;
	ok = true;
	dma = dma_map_single(dev, xdpf->data, xdpf->len, DMA_TO_DEVICE);
	if (unlikely(dma_mapping_error(dev, dma))) {
		/* Consumed all the same: counted here, not by the caller */
		xnic_xdp_count(qp, XNIC_XDP_TX_ERRORS);
		xdp_return_frame(xdpf);
		goto out;
	}
	xnic_xdp_ring_post(xr, &(struct xnic_tx_buf){
		.xdpf = xdpf, .dma = dma, .len = xdpf->len,
		.type = XNIC_TX_XDP_XMIT,
	});
out:
	spin_unlock(&xr->lock);
	return ok;
}

/* XDP_TX: sends the RX page back out; the page pool's mapping is reused. */
static bool xnic_xdp_tx(struct xnic_qp *qp, struct xdp_buff *xdp)
{
	struct xnic_adapter *adapter = qp->adapter;
	struct xnic_xdp_ring *xr = qp->xdp_ring;
	struct page *page = virt_to_page(xdp->data_hard_start);
	struct xdp_frame *xdpf = xdp_convert_buff_to_frame(xdp);
	dma_addr_t dma;
	bool ok;

	if (unlikely(!xdpf))
		return false;
	dma = page_pool_get_dma_addr(page) + (xdpf->data - xdp->data_hard_start);
	dma_sync_single_for_device(xnic_xdp_dev(adapter), dma, xdpf->len,
				   DMA_BIDIRECTIONAL);
	spin_lock(&xr->lock);
	ok = xnic_xdp_ring_post_frame(adapter, xr, xdpf, dma, XNIC_TX_XDP_TX);
	spin_unlock(&xr->lock);
	return ok;
}

/**
 * xnic_xdp_xmit - ndo_xdp_xmit: send frames redirected to this device
 * @netdev: the device
 * @n: number of frames
 * @frames: the frames
 * @flags: XDP_XMIT_FLUSH rings the doorbell
 *
 * Return: frames taken (the core frees the rest), or a negative errno.
 */
int xnic_xdp_xmit(struct net_device *netdev, int n, struct xdp_frame **frames,
		  u32 flags)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);
	struct device *dev = xnic_xdp_dev(adapter);
	struct xnic_xdp_ring *xr;
	int sent;

	if (unlikely(flags & ~XDP_XMIT_FLAGS_MASK))
		return -EINVAL;
	if (unlikely(!READ_ONCE(adapter->datapath_up) || !adapter->num_xdp_rings))
		return -ENETDOWN;
	xr = &adapter->xdp_rings[smp_processor_id() % adapter->num_xdp_rings];
	spin_lock(&xr->lock);
	for (sent = 0; sent < n; sent++) {
		struct xdp_frame *xdpf = frames[sent];
		dma_addr_t dma;

		/*
		 * 6.1's xdp_do_redirect() refuses multi-buffer frames but
		 * to a CPUMAP, and 6.12's to a device without
		 * NETDEV_XDP_ACT_NDO_XMIT_SG (xnic_compat.h), so none
		 * reaches here; they go out through XDP_TX only
		 * (docs/driver.md)
		 */
		if (unlikely(xdp_frame_has_frags(xdpf)))
			break;
		dma = dma_map_single(dev, xdpf->data, xdpf->len, DMA_TO_DEVICE);
		if (unlikely(dma_mapping_error(dev, dma)))
			break;
		if (!xnic_xdp_ring_post_frame(adapter, xr, xdpf, dma,
					      XNIC_TX_XDP_XMIT)) {
			dma_unmap_single(dev, dma, xdpf->len, DMA_TO_DEVICE);
			break;
		}
	}
	if (flags & XDP_XMIT_FLUSH)
		xnic_xdp_ring_doorbell(xr, NULL);
	spin_unlock(&xr->lock);
	return sent;
}

static int xnic_xdp_ring_up(struct xnic_adapter *adapter,
			    struct xnic_xdp_ring *xr)
{
	struct xnic_ring *ring = &xr->ring;
	int err;

	err = xnic_ring_alloc(xnic_xdp_dev(adapter), ring,
			      adapter->tx_ring_size);
	if (err)
		return err;
	ring->tx_buf = kvcalloc(ring->count, sizeof(*ring->tx_buf), GFP_KERNEL);
	if (!ring->tx_buf) {
		xnic_ring_free(xnic_xdp_dev(adapter), ring);
		return -ENOMEM;
	}
	xr->pending = 0;
	/* Completions are reclaimed when posting: this block never interrupts */
	writel(XNIC_QIRQ_ALL, xr->regs + XNIC_Q_IRQ_MASK);
	xnic_tx_ring_start(xr->regs, ring);
	return 0;
}

/* Frames the card has not sent are dropped; call before the RX pools die. */
static void xnic_xdp_ring_down(struct xnic_adapter *adapter,
			       struct xnic_xdp_ring *xr)
{
	struct xnic_ring *ring = &xr->ring;
	struct xnic_tally t = {};
	u32 i;

	xnic_tx_ring_stop(xr->regs, adapter->netdev, xr->index);
	spin_lock_bh(&xr->lock);
	xnic_xdp_ring_clean(adapter, xr);
	for (i = ring->next_to_clean; i != ring->next_to_use;
	     i = xnic_ring_next(ring, i))
		t.drops += xnic_xdp_buf_release(adapter, &ring->tx_buf[i],
						&ring->desc[i]);
	ring->next_to_clean = ring->next_to_use;
	spin_unlock_bh(&xr->lock);
	xnic_stats_add(&ring->stats, &t);
	kvfree(ring->tx_buf);
	ring->tx_buf = NULL;
	xnic_ring_free(xnic_xdp_dev(adapter), ring);
}

/**
 * xnic_xdp_rings_up - give the XDP TX rings to the card
 * @adapter: the adapter, going up; RX queue pairs are not up yet
 *
 * Return: 0, or a negative errno with every XDP ring down again.
 */
int xnic_xdp_rings_up(struct xnic_adapter *adapter)
{
	unsigned int i;
	int err;

	for (i = 0; i < adapter->num_xdp_rings; i++) {
		err = xnic_xdp_ring_up(adapter, &adapter->xdp_rings[i]);
		if (err)
			goto err_down;
	}
	return 0;

err_down:
	while (i--)
		xnic_xdp_ring_down(adapter, &adapter->xdp_rings[i]);
	return err;
}

/**
 * xnic_xdp_rings_down - take the XDP TX rings back and free them
 * @adapter: the adapter, with NAPI disabled and the datapath marked down so
 *	that no RX queue and no ndo_xdp_xmit posts any more
 */
void xnic_xdp_rings_down(struct xnic_adapter *adapter)
{
	unsigned int i;

	/* ndo_xdp_xmit callers run under rcu_read_lock (the devmap flush) */
	synchronize_net();
	for (i = 0; i < adapter->num_xdp_rings; i++)
		xnic_xdp_ring_down(adapter, &adapter->xdp_rings[i]);
}

/* ---- Running the program ---- */

/* Every page of the frame, fragments too, goes back to the pool */
static void xnic_xdp_drop(struct xnic_qp *qp, struct xdp_buff *xdp)
{
	if (xdp->rxq->mem.type == MEM_TYPE_XSK_BUFF_POOL) {
		xsk_buff_free(xdp);
		return;
	}
	xdp_return_buff(xdp);
}

/* Carries out @act; returns false if it failed and the frame is to drop. */
static bool xnic_xdp_act(struct xnic_qp *qp, struct bpf_prog *prog,
			 struct xdp_buff *xdp, u32 act, struct xnic_xdp_run *run)
{
	bool zc = xdp->rxq->mem.type == MEM_TYPE_XSK_BUFF_POOL;

	switch (act) {
	case XDP_TX:
		xnic_xdp_count(qp, XNIC_XDP_TX);
		if (!(zc ? xnic_xdp_tx_zc(qp, xdp) : xnic_xdp_tx(qp, xdp))) {
			xnic_xdp_count(qp, XNIC_XDP_TX_ERRORS);
			return false;
		}
		run->tx_posted = true;
		return true;
	case XDP_REDIRECT:
		xnic_xdp_count(qp, XNIC_XDP_REDIRECT);
		if (xdp_do_redirect(qp->adapter->netdev, xdp, prog))
			return false;
		run->redirected = true;
		return true;
	case XDP_PASS:
		xnic_xdp_count(qp, XNIC_XDP_PASS);
		return true;
	case XDP_DROP:
		xnic_xdp_count(qp, XNIC_XDP_DROP);
		return true;
	default:
		xnic_xdp_count(qp, XNIC_XDP_ABORTED);
		return true;
	}
}

/**
 * xnic_xdp_rx - run the XDP program on one received frame and act on it
 * @qp: the RX queue's pair, in its NAPI poll
 * @prog: the program
 * @xdp: the frame, in its page-pool page
 * @seq: the card's wire sequence number of the frame
 * @run: what the end of the poll must do (flush, doorbell)
 *
 * Return: true if the frame, as the program left it, goes to the stack;
 * false if it was consumed (sent, redirected or dropped).
 */
bool xnic_xdp_rx(struct xnic_qp *qp, struct bpf_prog *prog,
		 struct xdp_buff *xdp, u32 seq, struct xnic_xdp_run *run)
{
	struct net_device *netdev = qp->adapter->netdev;
	bool record = xnic_verdict_on(qp->adapter);
	struct xnic_verdict verdict;
	bool ok;
	u32 act;

	if (record)
		xnic_verdict_begin(&verdict, seq, qp->index,
				   xdp->data_end - xdp->data);
	act = bpf_prog_run_xdp(prog, xdp);
	if (unlikely(act > XDP_REDIRECT)) {
		/* Dropped like ABORTED, which is also what the card does */
		bpf_warn_invalid_xdp_action(netdev, prog, act);
		act = XDP_ABORTED;
	}
	/* Digest before the action: a redirect target may reuse the bytes */
	if (record)
		xnic_verdict_output(&verdict, act, xdp->data,
				    xdp->data_end - xdp->data);
	ok = xnic_xdp_act(qp, prog, xdp, act, run);
	if (record)
		xnic_verdict_push(qp->adapter, &verdict, !ok);
	if (ok && act == XDP_PASS)
		return true;
	if (!ok || act == XDP_ABORTED)
		trace_xdp_exception(netdev, prog, act);
	if (!ok || act == XDP_ABORTED || act == XDP_DROP)
		xnic_xdp_drop(qp, xdp);
	return false;
}

/**
 * xnic_xdp_run_end - finish the XDP work of one poll: flush redirects and
 *	ring the XDP TX doorbell once for the whole batch
 * @qp: the queue pair
 * @run: what xnic_xdp_rx() left to do
 */
void xnic_xdp_run_end(struct xnic_qp *qp, struct xnic_xdp_run *run)
{
	if (run->redirected)
		xdp_do_flush();
	if (run->tx_posted) {
		spin_lock(&qp->xdp_ring->lock);
		xnic_xdp_ring_doorbell(qp->xdp_ring, &qp->napi);
		spin_unlock(&qp->xdp_ring->lock);
	}
}

/* ---- Attaching ---- */

static int xnic_xdp_setup(struct xnic_adapter *adapter, struct bpf_prog *prog,
			  struct netlink_ext_ack *extack)
{
	struct net_device *netdev = adapter->netdev;
	unsigned int max_mtu = prog ? xnic_xdp_max_mtu(adapter, prog) :
			       adapter->max_mtu;
	struct bpf_prog *old;

	if (prog && !adapter->num_xdp_rings) {
		NL_SET_ERR_MSG_MOD(extack,
				   "no spare queue block on the card for the XDP TX rings: use fewer channels (ethtool -L combined)");
		return -EOPNOTSUPP;
	}
	if (prog && netdev->mtu > max_mtu) {
		/* 6.1 extack messages cannot carry numbers: the log has them */
		netdev_warn(netdev,
			    "single-buffer XDP needs an MTU of at most %u, not %u; a multi-buffer program takes up to %u\n",
			    max_mtu, netdev->mtu, adapter->max_mtu);
		NL_SET_ERR_MSG_MOD(extack,
				   "MTU too large for a single-buffer XDP program (a frame must fit in one page): load it as multi-buffer (section xdp.frags, BPF_F_XDP_HAS_FRAGS) or lower the MTU to the limit in the kernel log");
		return -EINVAL;
	}
	/*
	 * The rings, rxq info and XDP TX rings exist whether or not a
	 * program runs, so attach, replace and detach are a pointer swap:
	 * polls already running finish with the program they started with.
	 */
	old = rcu_replace_pointer(adapter->xdp_prog, prog, lockdep_rtnl_is_held());
	if (old)
		bpf_prog_put(old);
	/* The core then refuses larger MTUs with its own extack message */
	netdev->max_mtu = max_mtu;
	return 0;
}

/**
 * xnic_bpf - ndo_bpf
 * @netdev: the device
 * @bpf: the command
 *
 * Return: 0 or a negative errno.
 */
int xnic_bpf(struct net_device *netdev, struct netdev_bpf *bpf)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);

	switch (bpf->command) {
	case XDP_SETUP_PROG:
		return xnic_xdp_setup(adapter, bpf->prog, bpf->extack);
	case XDP_SETUP_PROG_HW:
		return xnic_offload_setup(adapter, bpf);
	case BPF_OFFLOAD_MAP_ALLOC:
		return xnic_offload_map_alloc(adapter, bpf->offmap);
	case BPF_OFFLOAD_MAP_FREE:
		xnic_offload_map_free(adapter, bpf->offmap);
		return 0;
	case XDP_SETUP_XSK_POOL:
		/* bpf->extack is not set for this command (see xnic_xsk.c) */
		return xnic_xsk_setup(adapter, bpf->xsk.pool, bpf->xsk.queue_id);
	default:
		return -EINVAL;
	}
}
