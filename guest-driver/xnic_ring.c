// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic queue pairs: TX/RX descriptor rings, their buffers, the queue
 * interrupt and NAPI.  docs/driver.md "Rings", "Memory ordering" and
 * "Interrupts and NAPI" explain the protocol this file implements.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/interrupt.h>
#include <linux/mm.h>

#include "xnic.h"

/* How long a disabled queue may keep moving its head (docs/driver.md "Stop") */
#define XNIC_QUIESCE_POLL_US	50
#define XNIC_QUIESCE_TIMEOUT_US	100000

/* The registers of one ring inside a queue-pair block */
struct xnic_ring_regs {
	u32 base_lo;
	u32 base_hi;
	u32 size;
	u32 head;
	u32 tail;
	u32 ctrl;
	u32 ctrl_on;	/* CTRL while the ring runs */
};

static const struct xnic_ring_regs xnic_tx_regs = {
	.base_lo = XNIC_Q_TX_BASE_LO,
	.base_hi = XNIC_Q_TX_BASE_HI,
	.size = XNIC_Q_TX_SIZE,
	.head = XNIC_Q_TX_HEAD,
	.tail = XNIC_Q_TX_TAIL,
	.ctrl = XNIC_Q_TX_CTRL,
	.ctrl_on = XNIC_QCTRL_ENABLE,
};

static const struct xnic_ring_regs xnic_rx_regs = {
	.base_lo = XNIC_Q_RX_BASE_LO,
	.base_hi = XNIC_Q_RX_BASE_HI,
	.size = XNIC_Q_RX_SIZE,
	.head = XNIC_Q_RX_HEAD,
	.tail = XNIC_Q_RX_TAIL,
	.ctrl = XNIC_Q_RX_CTRL,
	/* Frames longer than one buffer continue in the next ones */
	.ctrl_on = XNIC_QCTRL_ENABLE | XNIC_QCTRL_RX_SCATTER,
};

static struct device *xnic_qp_dev(struct xnic_qp *qp)
{
	return &qp->adapter->pdev->dev;
}

static struct netdev_queue *xnic_qp_txq(struct xnic_qp *qp)
{
	return netdev_get_tx_queue(qp->adapter->netdev, qp->index);
}

u32 xnic_ring_next(const struct xnic_ring *ring, u32 i)
{
	return (i + 1) & (ring->count - 1);
}

/* Slots the driver may still post; one always stays empty. */
u32 xnic_ring_unused(const struct xnic_ring *ring)
{
	return (READ_ONCE(ring->next_to_clean) -
		READ_ONCE(ring->next_to_use) - 1) & (ring->count - 1);
}

void xnic_stats_add(struct xnic_ring_stats *stats, const struct xnic_tally *t)
{
	u64_stats_update_begin(&stats->syncp);
	u64_stats_add(&stats->packets, t->packets);
	u64_stats_add(&stats->bytes, t->bytes);
	u64_stats_add(&stats->drops, t->drops);
	u64_stats_add(&stats->errors, t->errors);
	u64_stats_update_end(&stats->syncp);
}

static void xnic_stats_read(struct xnic_ring_stats *stats, struct xnic_tally *t)
{
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&stats->syncp);
		t->packets = u64_stats_read(&stats->packets);
		t->bytes = u64_stats_read(&stats->bytes);
		t->drops = u64_stats_read(&stats->drops);
		t->errors = u64_stats_read(&stats->errors);
	} while (u64_stats_fetch_retry(&stats->syncp, start));
}

void xnic_ring_stats_read(struct xnic_ring *ring, u64 *packets, u64 *bytes,
			  u64 *drops, u64 *errors)
{
	struct xnic_tally napi, xmit;

	xnic_stats_read(&ring->stats, &napi);
	xnic_stats_read(&ring->xmit_stats, &xmit);
	*packets = napi.packets + xmit.packets;
	*bytes = napi.bytes + xmit.bytes;
	*drops = napi.drops + xmit.drops;
	*errors = napi.errors + xmit.errors;
}

/*
 * Fills a descriptor for the card.  The status word is cleared here and
 * only the card sets it; the doorbell write that follows (writel) orders
 * these stores before the card can see the new tail.
 */
void xnic_desc_post(struct xnic_desc *desc, dma_addr_t addr, unsigned int len)
{
	desc->addr = cpu_to_le64(addr);
	desc->len = cpu_to_le16(len);
	desc->pkt_len = 0;
	desc->flags = 0;
	desc->status = 0;
}

/* Reads a status word the card may be writing; DONE makes the rest valid. */
u16 xnic_desc_status(const struct xnic_desc *desc)
{
	return le16_to_cpu(READ_ONCE(desc->status));
}

/*
 * One RX buffer is one order-0 page-pool page laid out the way an xdp_buff
 * wants it: XDP_PACKET_HEADROOM, the frame, then room for skb_shared_info,
 * so that napi_build_skb() (and XDP) use the page in place.  A frame
 * longer than that continues in the next buffers, which become page
 * fragments of the skb or xdp_buff (xnic_frags.c).
 */
unsigned int xnic_rx_buf_len(void)
{
	unsigned int room = PAGE_SIZE - XDP_PACKET_HEADROOM -
			    SKB_DATA_ALIGN(sizeof(struct skb_shared_info));

	/* The card refuses buffer lengths beyond its largest frame */
	return min_t(unsigned int, room, XNIC_MAX_FRAME);
}

int xnic_ring_alloc(struct device *dev, struct xnic_ring *ring, u32 count)
{
	ring->count = count;
	ring->next_to_use = 0;
	ring->next_to_clean = 0;
	ring->desc = dma_alloc_coherent(dev, count * sizeof(*ring->desc),
					&ring->dma, GFP_KERNEL);
	return ring->desc ? 0 : -ENOMEM;
}

void xnic_ring_free(struct device *dev, struct xnic_ring *ring)
{
	dma_free_coherent(dev, ring->count * sizeof(*ring->desc), ring->desc,
			  ring->dma);
	ring->desc = NULL;
}

static int xnic_tx_ring_alloc(struct xnic_qp *qp)
{
	struct xnic_ring *ring = &qp->tx;
	int err;

	err = xnic_ring_alloc(xnic_qp_dev(qp), ring, qp->adapter->tx_ring_size);
	if (err)
		return err;
	ring->tx_buf = kvcalloc(ring->count, sizeof(*ring->tx_buf),
				GFP_KERNEL);
	if (!ring->tx_buf) {
		xnic_ring_free(xnic_qp_dev(qp), ring);
		return -ENOMEM;
	}
	return 0;
}

/* Drops every frame the card has not completed; the card is quiesced. */
static void xnic_tx_ring_free(struct xnic_qp *qp)
{
	struct xnic_ring *ring = &qp->tx;
	struct xnic_tally t = {};
	u32 i;

	for (i = ring->next_to_clean; i != ring->next_to_use;
	     i = xnic_ring_next(ring, i)) {
		struct xnic_tx_buf *buf = &ring->tx_buf[i];

		dma_unmap_single(xnic_qp_dev(qp), buf->dma, buf->len,
				 DMA_TO_DEVICE);
		dev_kfree_skb_any(buf->skb);
		t.drops++;
	}
	xnic_stats_add(&ring->stats, &t);
	netdev_tx_reset_queue(xnic_qp_txq(qp));
	kvfree(ring->tx_buf);
	ring->tx_buf = NULL;
	xnic_ring_free(xnic_qp_dev(qp), ring);
}

static int xnic_page_pool_create(struct xnic_qp *qp)
{
	struct xnic_adapter *adapter = qp->adapter;
	struct page_pool_params pp = {
		.flags = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV,
		.pool_size = adapter->rx_ring_size,
		.nid = dev_to_node(&adapter->pdev->dev),
		.dev = &adapter->pdev->dev,
		/* XDP_TX sends RX pages back out without remapping them */
		.dma_dir = DMA_BIDIRECTIONAL,
		.offset = XDP_PACKET_HEADROOM,
		.max_len = adapter->rx_buf_len,
	};
	struct page_pool *pool = page_pool_create(&pp);

	if (IS_ERR(pool))
		return PTR_ERR(pool);
	qp->page_pool = pool;
	return 0;
}

/* RX buffers come from the page pool, or from a zero-copy AF_XDP UMEM */
static int xnic_rx_mem_setup(struct xnic_qp *qp)
{
	int err;

	if (qp->xsk_pool)
		return xnic_xsk_rx_mem_setup(qp);
	err = xnic_page_pool_create(qp);
	if (err)
		return err;
	err = xdp_rxq_info_reg_mem_model(&qp->xdp_rxq, MEM_TYPE_PAGE_POOL,
					 qp->page_pool);
	if (err) {
		page_pool_destroy(qp->page_pool);
		qp->page_pool = NULL;
	}
	return err;
}

static void xnic_rx_tstamp_free(struct xnic_qp *qp)
{
	struct xnic_ring *ring = &qp->rx;

	dma_free_coherent(xnic_qp_dev(qp), ring->count * XNIC_RX_TS_SIZE,
			  ring->tstamp, ring->tstamp_dma);
	ring->tstamp = NULL;
}

static int xnic_rx_ring_alloc(struct xnic_qp *qp)
{
	struct xnic_ring *ring = &qp->rx;
	int err;

	err = xnic_ring_alloc(xnic_qp_dev(qp), ring, qp->adapter->rx_ring_size);
	if (err)
		return err;
	/* rx_page or rx_xsk: one pointer per slot either way */
	ring->rx_page = kvcalloc(ring->count, sizeof(*ring->rx_page),
				 GFP_KERNEL);
	if (!ring->rx_page) {
		err = -ENOMEM;
		goto err_free_ring;
	}
	ring->tstamp = dma_alloc_coherent(xnic_qp_dev(qp),
					  ring->count * XNIC_RX_TS_SIZE,
					  &ring->tstamp_dma, GFP_KERNEL);
	if (!ring->tstamp) {
		err = -ENOMEM;
		goto err_free_pages;
	}
	/* bpf_xdp_adjust_tail may grow a fragment to its buffer's end */
	err = __xdp_rxq_info_reg(&qp->xdp_rxq, qp->adapter->netdev, qp->index,
				 qp->napi.napi_id,
				 XDP_PACKET_HEADROOM + qp->adapter->rx_buf_len);
	if (err)
		goto err_free_tstamp;
	err = xnic_rx_mem_setup(qp);
	if (err)
		goto err_unreg_rxq;
	return 0;

err_unreg_rxq:
	xdp_rxq_info_unreg(&qp->xdp_rxq);
err_free_tstamp:
	xnic_rx_tstamp_free(qp);
err_free_pages:
	kvfree(ring->rx_page);
	ring->rx_page = NULL;
err_free_ring:
	xnic_ring_free(xnic_qp_dev(qp), ring);
	return err;
}

/* Returns every posted page to the pool; the card is quiesced. */
static void xnic_rx_ring_free(struct xnic_qp *qp)
{
	struct xnic_ring *ring = &qp->rx;
	u32 i;

	if (qp->xsk_pool)
		xnic_xsk_rx_free(qp);
	else
		for (i = ring->next_to_clean; i != ring->next_to_use;
		     i = xnic_ring_next(ring, i))
			page_pool_put_full_page(qp->page_pool, ring->rx_page[i],
						false);
	/*
	 * Unregistering the memory model drops the XDP core's reference to
	 * the pool; pages still held by skbs or redirected frames come back
	 * to the pool, which then dies.
	 */
	xdp_rxq_info_unreg(&qp->xdp_rxq);
	if (qp->page_pool)
		page_pool_destroy(qp->page_pool);
	qp->page_pool = NULL;
	kvfree(ring->rx_page);
	ring->rx_page = NULL;
	xnic_rx_tstamp_free(qp);
	xnic_ring_free(xnic_qp_dev(qp), ring);
}

static struct page *xnic_rx_alloc_page(struct xnic_qp *qp)
{
	/* Failure injection from debugfs (docs/driver.md "debugfs") */
	if (unlikely(atomic_add_unless(&qp->adapter->fail_rx_alloc, -1, 0)))
		return NULL;
	return page_pool_dev_alloc_pages(qp->page_pool);
}

/*
 * Posts a fresh buffer in every unused RX slot and rings the doorbell once.
 * Returns false when no buffer at all is posted: the card can then raise
 * no RX interrupt, so NAPI must keep polling until memory comes back (a
 * zero-copy AF_XDP queue may instead wait for the socket's wakeup).
 */
static bool xnic_rx_refill(struct xnic_qp *qp)
{
	struct xnic_ring *ring = &qp->rx;
	u32 n = xnic_ring_unused(ring);
	u32 i = ring->next_to_use;

	if (qp->xsk_pool)
		return xnic_xsk_rx_refill(qp);
	for (; n; n--, i = xnic_ring_next(ring, i)) {
		struct page *page = xnic_rx_alloc_page(qp);

		if (unlikely(!page))
			break;
		ring->rx_page[i] = page;
		xnic_desc_post(&ring->desc[i],
			       page_pool_get_dma_addr(page) + XDP_PACKET_HEADROOM,
			       qp->adapter->rx_buf_len);
	}
	if (i != ring->next_to_use) {
		ring->next_to_use = i;
		writel(i, qp->regs + XNIC_Q_RX_TAIL);
	}
	return ring->next_to_use != ring->next_to_clean;
}

/*
 * Builds the skb in place around the frame as XDP left it (or as the card
 * wrote it when no program runs), keeping any metadata the program added.
 */
static void xnic_rx_to_stack(struct xnic_qp *qp, struct xnic_xdp_buff *ctx,
			     struct xnic_tally *t)
{
	struct xnic_adapter *adapter = qp->adapter;
	struct xdp_buff *xdp = &ctx->xdp;
	unsigned int metasize = xdp->data - xdp->data_meta;
	unsigned int len = xdp->data_end - xdp->data;
	unsigned int nr_frags = xnic_frags_nr(xdp);
	unsigned int bytes = xdp_get_buff_len(xdp);
	struct sk_buff *skb;

	skb = napi_build_skb(xdp->data_hard_start, xdp->frame_sz);
	if (unlikely(!skb)) {
		t->drops++;
		xdp_return_buff(xdp);
		return;
	}
	skb_mark_for_recycle(skb);
	skb_reserve(skb, xdp->data - xdp->data_hard_start);
	__skb_put(skb, len);
	if (nr_frags)
		xnic_frags_to_skb(skb, xdp, nr_frags);
	if (metasize)
		skb_metadata_set(skb, metasize);
	xnic_rx_meta_skb(skb, ctx->desc, ctx->tstamp);
	skb->protocol = eth_type_trans(skb, adapter->netdev);
	skb_record_rx_queue(skb, qp->index);
	t->packets++;
	t->bytes += bytes;
	napi_gro_receive(&qp->napi, skb);
}

/*
 * Runs the XDP program, if any, then hands the frame to the stack.  The
 * frame fills @n descriptors from @first (xnic_frags.c).
 */
static void xnic_rx_frame(struct xnic_qp *qp, struct bpf_prog *prog, u32 first,
			  unsigned int n, struct xnic_xdp_run *run,
			  struct xnic_tally *t)
{
	struct xnic_adapter *adapter = qp->adapter;
	const struct xnic_desc *desc = &qp->rx.desc[first];
	struct page *page = qp->rx.rx_page[first];
	unsigned int len = le16_to_cpu(desc->pkt_len);
	struct xnic_xdp_buff ctx = {
		.desc = desc,
		.tstamp = &qp->rx.tstamp[first],
	};
	struct xdp_buff *xdp = &ctx.xdp;
	void *va;

	qp->rx.rx_page[first] = NULL;
	/* A single-buffer program never sees fragments (docs/driver.md) */
	if (unlikely(!xnic_frags_rx_ok(&qp->rx, first, n, adapter->rx_buf_len) ||
		     len < ETH_HLEN ||
		     (n > 1 && prog && !prog->aux->xdp_has_frags))) {
		t->errors++;
		page_pool_recycle_direct(qp->page_pool, page);
		xnic_frags_rx_recycle(qp, first, n);
		return;
	}
	dma_sync_single_range_for_cpu(&adapter->pdev->dev,
				      page_pool_get_dma_addr(page),
				      XDP_PACKET_HEADROOM, len,
				      DMA_BIDIRECTIONAL);
	va = page_address(page);
	net_prefetch(va + XDP_PACKET_HEADROOM);
	if (unlikely(READ_ONCE(adapter->selftest.loopback)) && n == 1 &&
	    xnic_selftest_rx(adapter, va + XDP_PACKET_HEADROOM, len)) {
		page_pool_recycle_direct(qp->page_pool, page);
		return;
	}
	xdp_init_buff(xdp, PAGE_SIZE, &qp->xdp_rxq);
	xdp_prepare_buff(xdp, va, XDP_PACKET_HEADROOM, len, true);
	if (n > 1)
		xnic_frags_rx_attach(qp, xdp, first, n);
	if (prog && !xnic_xdp_rx(qp, prog, xdp, le32_to_cpu(desc->wb.seq), run))
		return;
	xnic_rx_to_stack(qp, &ctx, t);
}

static int xnic_rx_clean(struct xnic_qp *qp, int budget)
{
	struct xnic_ring *ring = &qp->rx;
	struct xnic_xdp_run run = {};
	struct xnic_tally t = {};
	struct bpf_prog *prog;
	int done = 0;

	rcu_read_lock();
	prog = rcu_dereference(qp->adapter->xdp_prog);

	while (done < budget && ring->next_to_clean != ring->next_to_use) {
		u32 i = ring->next_to_clean;
		unsigned int n;

		if (!(xnic_desc_status(&ring->desc[i]) & XNIC_DESC_S_DONE))
			break;
		/* seq, pkt_len and the chain were written before status */
		dma_rmb();
		if (qp->xsk_pool) {
			/* A zero-copy queue has no chains (xnic_qp_up) */
			ring->next_to_clean = xnic_ring_next(ring, i);
			xnic_xsk_rx_frame(qp, prog, ring->rx_xsk[i], &ring->desc[i],
					  &run, &t);
			ring->rx_xsk[i] = NULL;
			done++;
			continue;
		}
		n = xnic_frags_rx_count(ring, i);
		ring->next_to_clean = (i + n) & (ring->count - 1);
		xnic_rx_frame(qp, prog, i, n, &run, &t);
		done++;
	}
	xnic_xdp_run_end(qp, &run);
	rcu_read_unlock();
	xnic_stats_add(&ring->stats, &t);
	return done;
}

static void xnic_tx_stop_if_full(struct xnic_qp *qp, struct netdev_queue *txq)
{
	if (likely(xnic_ring_unused(&qp->tx)))
		return;
	netif_tx_stop_queue(txq);
	/* Pairs with the barrier in xnic_tx_clean(): see its new next_to_clean */
	smp_mb();
	if (xnic_ring_unused(&qp->tx))
		netif_tx_start_queue(txq);
}

netdev_tx_t xnic_start_xmit(struct sk_buff *skb, struct net_device *netdev)
{
	struct xnic_adapter *adapter = netdev_priv(netdev);
	struct xnic_qp *qp = &adapter->qps[skb_get_queue_mapping(skb)];
	struct netdev_queue *txq = xnic_qp_txq(qp);
	struct xnic_ring *ring = &qp->tx;
	unsigned int len = skb->len;
	u32 i = ring->next_to_use;
	dma_addr_t dma;

	if (unlikely(!xnic_ring_unused(ring))) {
		netif_tx_stop_queue(txq);
		return NETDEV_TX_BUSY;
	}
	/* No NETIF_F_SG: the stack hands us linear skbs only */
	dma = dma_map_single(xnic_qp_dev(qp), skb->data, len, DMA_TO_DEVICE);
	if (unlikely(dma_mapping_error(xnic_qp_dev(qp), dma))) {
		struct xnic_tally t = { .drops = 1 };

		xnic_stats_add(&ring->xmit_stats, &t);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	ring->tx_buf[i] = (struct xnic_tx_buf){ .skb = skb, .dma = dma, .len = len };
	xnic_desc_post(&ring->desc[i], dma, len);
	WRITE_ONCE(ring->next_to_use, xnic_ring_next(ring, i));
	skb_tx_timestamp(skb);
	xnic_tx_stop_if_full(qp, txq);
	/* Batch doorbells while the stack has more frames for this queue */
	if (__netdev_tx_sent_queue(txq, len, netdev_xmit_more()))
		writel(ring->next_to_use, qp->regs + XNIC_Q_TX_TAIL);
	return NETDEV_TX_OK;
}

/* Frees the frames the card has sent and wakes the queue if it was full. */
static void xnic_tx_clean(struct xnic_qp *qp, int budget)
{
	struct netdev_queue *txq = xnic_qp_txq(qp);
	struct xnic_ring *ring = &qp->tx;
	unsigned int bql_pkts = 0, bql_bytes = 0;
	u32 ntu = READ_ONCE(ring->next_to_use);
	struct xnic_tally t = {};
	u32 i;

	for (i = ring->next_to_clean; i != ntu; i = xnic_ring_next(ring, i)) {
		struct xnic_tx_buf *buf = &ring->tx_buf[i];
		u16 status = xnic_desc_status(&ring->desc[i]);

		if (!(status & XNIC_DESC_S_DONE))
			break;
		dma_unmap_single(xnic_qp_dev(qp), buf->dma, buf->len,
				 DMA_TO_DEVICE);
		if (status & XNIC_DESC_S_ERROR) {
			t.errors++;
		} else {
			t.packets++;
			t.bytes += buf->len;
		}
		bql_pkts++;
		bql_bytes += buf->len;
		napi_consume_skb(buf->skb, budget);
		buf->skb = NULL;
	}
	if (!bql_pkts)
		return;
	WRITE_ONCE(ring->next_to_clean, i);
	xnic_stats_add(&ring->stats, &t);
	netdev_tx_completed_queue(txq, bql_pkts, bql_bytes);
	/* Pairs with the barrier in xnic_tx_stop_if_full() */
	smp_mb();
	if (netif_tx_queue_stopped(txq) &&
	    xnic_ring_unused(ring) >= XNIC_TX_WAKE_THRESHOLD)
		netif_tx_wake_queue(txq);
}

/*
 * The card masks the queue interrupt when it fires (auto-mask); NAPI owns
 * the queue pair until it unmasks it again after napi_complete_done().
 */
int xnic_napi_poll(struct napi_struct *napi, int budget)
{
	struct xnic_qp *qp = container_of(napi, struct xnic_qp, napi);
	bool xdp_busy = false, xsk_busy = false;
	int done;

	WRITE_ONCE(qp->polls, qp->polls + 1);
	/* Ack first: an event after this write sets the cause again */
	writel(XNIC_QIRQ_ALL, qp->regs + XNIC_Q_IRQ_CAUSE);
	xnic_tx_clean(qp, budget);
	done = xnic_rx_clean(qp, budget);
	if (qp->xsk_pool)
		xsk_busy = xnic_xsk_tx(qp, budget);
	/* After RX and AF_XDP TX, so that this poll's own frames are seen */
	if (qp->xdp_owned)
		xdp_busy = xnic_xdp_ring_poll(qp->adapter, qp->xdp_owned);
	/* The XDP ring cannot interrupt: keep polling until the card is done */
	if (!xnic_rx_refill(qp) || done == budget || xdp_busy || xsk_busy)
		return budget;
	if (napi_complete_done(napi, done))
		writel(0, qp->regs + XNIC_Q_IRQ_MASK);
	return done;
}

irqreturn_t xnic_qp_irq(int irq, void *data)
{
	struct xnic_qp *qp = data;

	napi_schedule_irqoff(&qp->napi);
	return IRQ_HANDLED;
}

/*
 * Gives one ring to the card with CTRL @ctrl; the queue was disabled and
 * its ring empty.
 */
static void xnic_ring_start(void __iomem *regs, struct xnic_ring *ring,
			    const struct xnic_ring_regs *r, u32 ctrl)
{
	writel(lower_32_bits(ring->dma), regs + r->base_lo);
	writel(upper_32_bits(ring->dma), regs + r->base_hi);
	writel(ring->count, regs + r->size);
	writel(0, regs + r->tail);
	writel(ctrl, regs + r->ctrl);
}

/* Waits until the card stops moving a disabled ring's head. */
static int xnic_ring_settle(void __iomem *regs, const struct xnic_ring_regs *r)
{
	u32 prev = readl(regs + r->head);
	unsigned int waited;

	for (waited = 0; waited < XNIC_QUIESCE_TIMEOUT_US;
	     waited += XNIC_QUIESCE_POLL_US) {
		u32 cur;

		usleep_range(XNIC_QUIESCE_POLL_US, 2 * XNIC_QUIESCE_POLL_US);
		cur = readl(regs + r->head);
		if (cur == prev)
			return 0;
		prev = cur;
	}
	return -ETIMEDOUT;
}

/*
 * RX_CTRL while the ring runs.  A zero-copy queue takes a frame in one
 * UMEM buffer (xnic_xsk_mtu_fits): no chains on it.
 */
static u32 xnic_rx_ctrl(struct xnic_qp *qp, netdev_features_t features)
{
	u32 ctrl = qp->xsk_pool ? XNIC_QCTRL_ENABLE : xnic_rx_regs.ctrl_on;

	return ctrl | xnic_rx_meta_ctrl(qp->adapter, features);
}

/**
 * xnic_rx_ctrl_update - switch the card's RX metadata on the running rings
 * @adapter: the device
 * @features: the netdev features about to be in force
 *
 * The card reads RX_CTRL per frame (docs/device.md "RX metadata"); with
 * ENABLE set before and after, the write restarts nothing.
 */
void xnic_rx_ctrl_update(struct xnic_adapter *adapter,
			 netdev_features_t features)
{
	unsigned int q;

	if (!adapter->datapath_up)
		return;
	for (q = 0; q < adapter->num_qps; q++)
		writel(xnic_rx_ctrl(&adapter->qps[q], features),
		       adapter->qps[q].regs + XNIC_Q_RX_CTRL);
}

/**
 * xnic_tx_ring_start - give a TX ring to the card
 * @regs: its queue-pair block
 * @ring: the ring, empty
 */
void xnic_tx_ring_start(void __iomem *regs, struct xnic_ring *ring)
{
	xnic_ring_start(regs, ring, &xnic_tx_regs, xnic_tx_regs.ctrl_on);
}

/**
 * xnic_tx_ring_stop - take a TX ring back from the card
 * @regs: its queue-pair block
 * @netdev: for the warning if the card does not stop
 * @index: queue-pair block number, for the same warning
 */
void xnic_tx_ring_stop(void __iomem *regs, struct net_device *netdev,
		       unsigned int index)
{
	writel(0, regs + XNIC_Q_TX_CTRL);
	if (xnic_ring_settle(regs, &xnic_tx_regs))
		netdev_warn(netdev,
			    "queue block %u: card still moving the TX head %u us after disable\n",
			    index, XNIC_QUIESCE_TIMEOUT_US);
}

/* Takes both rings back from the card (docs/driver.md "Stop"). */
static void xnic_qp_quiesce(struct xnic_qp *qp)
{
	writel(XNIC_QIRQ_ALL, qp->regs + XNIC_Q_IRQ_MASK);
	writel(0, qp->regs + XNIC_Q_TX_CTRL);
	writel(0, qp->regs + XNIC_Q_RX_CTRL);
	if (xnic_ring_settle(qp->regs, &xnic_tx_regs) ||
	    xnic_ring_settle(qp->regs, &xnic_rx_regs))
		netdev_warn(qp->adapter->netdev,
			    "queue pair %u: card still moving ring heads %u us after disable\n",
			    qp->index, XNIC_QUIESCE_TIMEOUT_US);
}

/* Pair q's vector goes to the q-th CPU (wrapping: there may be more
 * channels than CPUs), as a hint irqbalance may override. */
static int xnic_qp_request_irq(struct xnic_qp *qp)
{
	struct xnic_adapter *adapter = qp->adapter;
	struct pci_dev *pdev = adapter->pdev;
	int irq = pci_irq_vector(pdev, XNIC_MSIX_QUEUE_VECTOR(qp->index));
	int err;

	snprintf(qp->irq_name, sizeof(qp->irq_name), "%s-qp%u",
		 adapter->netdev->name, qp->index);
	err = request_irq(irq, xnic_qp_irq, 0, qp->irq_name, qp);
	if (err)
		return err;
	irq_set_affinity_and_hint(irq,
				  cpumask_of(cpumask_local_spread(qp->index,
								  dev_to_node(&pdev->dev))));
	return 0;
}

static void xnic_qp_free_irq(struct xnic_qp *qp)
{
	int irq = pci_irq_vector(qp->adapter->pdev,
				 XNIC_MSIX_QUEUE_VECTOR(qp->index));

	irq_update_affinity_hint(irq, NULL);
	free_irq(irq, qp);
}

/**
 * xnic_qp_up - allocate a queue pair's rings, give them to the card, fill
 *	the RX ring and start NAPI with the queue interrupt unmasked
 * @qp: queue pair, down
 *
 * Return: 0, or a negative errno with everything undone.
 */
int xnic_qp_up(struct xnic_qp *qp)
{
	int err;

	qp->xsk_pool = qp->adapter->xsk_pools[qp->index];
	err = xnic_tx_ring_alloc(qp);
	if (err)
		return err;
	err = xnic_rx_ring_alloc(qp);
	if (err)
		goto err_free_tx;
	writel(XNIC_QIRQ_ALL, qp->regs + XNIC_Q_IRQ_MASK);
	err = xnic_qp_request_irq(qp);
	if (err)
		goto err_free_rx;
	xnic_ring_start(qp->regs, &qp->tx, &xnic_tx_regs, xnic_tx_regs.ctrl_on);
	writel(lower_32_bits(qp->rx.tstamp_dma), qp->regs + XNIC_Q_RX_TS_LO);
	writel(upper_32_bits(qp->rx.tstamp_dma), qp->regs + XNIC_Q_RX_TS_HI);
	xnic_ring_start(qp->regs, &qp->rx, &xnic_rx_regs,
			xnic_rx_ctrl(qp, qp->adapter->netdev->features));
	/* A zero-copy socket may fill its fill ring after binding */
	if (!xnic_rx_refill(qp) && !qp->xsk_pool) {
		err = -ENOMEM;
		goto err_quiesce;
	}
	napi_enable(&qp->napi);
	writel(0, qp->regs + XNIC_Q_IRQ_MASK);
	return 0;

err_quiesce:
	xnic_qp_quiesce(qp);
	xnic_qp_free_irq(qp);
err_free_rx:
	xnic_rx_ring_free(qp);
err_free_tx:
	xnic_tx_ring_free(qp);
	return err;
}

/**
 * xnic_qp_down - take a queue pair's rings back from the card and free them
 * @qp: queue pair, up; its NAPI is already disabled and its TX queue stopped
 */
void xnic_qp_down(struct xnic_qp *qp)
{
	xnic_qp_quiesce(qp);
	xnic_qp_free_irq(qp);
	xnic_rx_ring_free(qp);
	xnic_tx_ring_free(qp);
}
