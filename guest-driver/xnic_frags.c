// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic multi-buffer frames: a frame longer than one RX buffer arrives in
 * several descriptors (docs/device.md "Multi-descriptor frames").  Its
 * first buffer is the linear part of the xdp_buff and of the skb, the
 * others are page fragments in the skb_shared_info behind the first, as
 * 6.1's multi-buffer XDP defines them; XDP_TX sends such a frame back as a
 * descriptor chain.  docs/driver.md "XDP multi-buffer" describes the design.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/dma-mapping.h>
#include <linux/skbuff.h>
#include <net/xdp.h>

#include "xnic.h"

/* A chain's buffers after the first are the skb_shared_info's frags */
static_assert(XNIC_DESC_CHAIN_MAX - 1 <= MAX_SKB_FRAGS);

/**
 * xnic_frags_rx_count - descriptors of the completed RX frame at @first
 * @ring: the RX ring
 * @first: a slot whose status has DONE
 *
 * The card writes a frame's first descriptor last, so the others are
 * complete once it is.  A chain that runs into the slots not posted or
 * past XNIC_DESC_CHAIN_MAX is cut there, and xnic_frags_rx_ok() refuses it.
 *
 * Return: 1 for a single-buffer frame, else the length of the chain.
 */
unsigned int xnic_frags_rx_count(const struct xnic_ring *ring, u32 first)
{
	unsigned int n = 1;
	u32 i = first;

	while (n < XNIC_DESC_CHAIN_MAX &&
	       (xnic_desc_status(&ring->desc[i]) & XNIC_DESC_S_MORE)) {
		i = xnic_ring_next(ring, i);
		if (i == ring->next_to_use)
			break;
		n++;
	}
	return n;
}

/**
 * xnic_frags_rx_ok - did the card write the frame at @first whole?
 * @ring: the RX ring
 * @first: the frame's first slot
 * @n: its descriptors (xnic_frags_rx_count)
 * @buf_len: the size of each buffer
 *
 * Return: true if every descriptor is DONE without ERROR, with MORE on all
 * but the last, and holds 1 to @buf_len bytes.
 */
bool xnic_frags_rx_ok(const struct xnic_ring *ring, u32 first, unsigned int n,
		      unsigned int buf_len)
{
	u32 i = first;
	unsigned int k;

	for (k = 0; k < n; k++, i = xnic_ring_next(ring, i)) {
		const struct xnic_desc *desc = &ring->desc[i];
		u16 want = XNIC_DESC_S_DONE | (k + 1 < n ? XNIC_DESC_S_MORE : 0);
		u16 status = xnic_desc_status(desc) &
			     (XNIC_DESC_S_DONE | XNIC_DESC_S_ERROR | XNIC_DESC_S_MORE);
		unsigned int len = le16_to_cpu(desc->pkt_len);

		if (status != want || !len || len > buf_len)
			return false;
	}
	return true;
}

/**
 * xnic_frags_rx_recycle - give the pages of a chain's further buffers back
 * @qp: the queue pair, in its NAPI poll
 * @first: the frame's first slot (its page is the caller's)
 * @n: the frame's descriptors
 */
void xnic_frags_rx_recycle(struct xnic_qp *qp, u32 first, unsigned int n)
{
	struct xnic_ring *ring = &qp->rx;
	u32 i = first;

	while (--n) {
		i = xnic_ring_next(ring, i);
		page_pool_recycle_direct(qp->page_pool, ring->rx_page[i]);
		ring->rx_page[i] = NULL;
	}
}

/**
 * xnic_frags_rx_attach - make a chain's further buffers the xdp_buff's frags
 * @qp: the queue pair, in its NAPI poll
 * @xdp: the frame's xdp_buff over its first buffer
 * @first: the frame's first slot
 * @n: the frame's descriptors, at least 2
 *
 * Each fragment starts where the card wrote it, XDP_PACKET_HEADROOM into
 * its page; the rest of the buffer is the tailroom bpf_xdp_adjust_tail may
 * grow the last fragment into (the rxq's frag_size, xnic_ring.c).
 */
void xnic_frags_rx_attach(struct xnic_qp *qp, struct xdp_buff *xdp, u32 first,
			  unsigned int n)
{
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(xdp);
	struct device *dev = &qp->adapter->pdev->dev;
	struct xnic_ring *ring = &qp->rx;
	u32 i = first;

	sinfo->nr_frags = 0;
	sinfo->xdp_frags_size = 0;
	xdp_buff_set_frags_flag(xdp);
	while (--n) {
		struct page *page;
		unsigned int len;

		i = xnic_ring_next(ring, i);
		page = ring->rx_page[i];
		ring->rx_page[i] = NULL;
		len = le16_to_cpu(ring->desc[i].pkt_len);
		dma_sync_single_range_for_cpu(dev, page_pool_get_dma_addr(page),
					      XDP_PACKET_HEADROOM, len,
					      DMA_BIDIRECTIONAL);
		__skb_fill_page_desc_noacc(sinfo, sinfo->nr_frags++, page,
					   XDP_PACKET_HEADROOM, len);
		sinfo->xdp_frags_size += len;
		if (page_is_pfmemalloc(page))
			xdp_buff_set_frag_pfmemalloc(xdp);
	}
}

/* Fragments of @xdp now: the program may have trimmed some away. */
unsigned int xnic_frags_nr(struct xdp_buff *xdp)
{
	return xdp_buff_has_frags(xdp) ?
	       xdp_get_shared_info_from_buff(xdp)->nr_frags : 0;
}

/**
 * xnic_frags_to_skb - account the fragments of the skb built over @xdp
 * @skb: built with napi_build_skb() over @xdp's first page, which zeroed
 *	nr_frags in the skb_shared_info it shares with @xdp; the fragments
 *	themselves and xdp_frags_size are still in place
 * @xdp: the frame
 * @nr_frags: xnic_frags_nr(@xdp), read before the skb was built
 */
void xnic_frags_to_skb(struct sk_buff *skb, struct xdp_buff *xdp,
		       unsigned int nr_frags)
{
	xdp_update_skb_shared_info(skb, nr_frags,
				   xdp_get_shared_info_from_buff(xdp)->xdp_frags_size,
				   nr_frags * PAGE_SIZE,
				   xdp_buff_is_frag_pfmemalloc(xdp));
}

/* Descriptors an XDP frame needs on a TX ring */
unsigned int xnic_frags_tx_parts(struct xdp_frame *xdpf)
{
	if (!xdp_frame_has_frags(xdpf))
		return 1;
	return 1 + xdp_get_shared_info_from_frame(xdpf)->nr_frags;
}

/* One part of a chain; @last is the frame on its last part, else NULL. */
static void xnic_frags_tx_desc(struct xnic_ring *ring, dma_addr_t dma,
			       unsigned int len, struct xdp_frame *last)
{
	u32 i = ring->next_to_use;

	ring->tx_buf[i] = (struct xnic_tx_buf){
		.xdpf = last, .dma = dma, .len = len,
		.type = last ? XNIC_TX_XDP_TX : XNIC_TX_FRAG,
	};
	xnic_desc_post(&ring->desc[i], dma, len);
	if (!last)
		ring->desc[i].flags = cpu_to_le16(XNIC_DESC_F_MORE);
	ring->next_to_use = xnic_ring_next(ring, i);
}

/**
 * xnic_frags_tx_post - post an XDP_TX frame with fragments as a chain
 * @dev: the device the page pool maps for
 * @ring: the XDP TX ring, with xnic_frags_tx_parts(@xdpf) slots free
 * @xdpf: the frame, in page-pool pages
 * @dma: bus address of its linear part, synced for the card
 *
 * The fragments' pages are mapped by their pool; they are synced here.
 * The last descriptor carries the frame, which xdp_return_frame() gives
 * back whole (all its pages) when the card has sent it.
 */
void xnic_frags_tx_post(struct device *dev, struct xnic_ring *ring,
			struct xdp_frame *xdpf, dma_addr_t dma)
{
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_frame(xdpf);
	unsigned int k;

	xnic_frags_tx_desc(ring, dma, xdpf->len, NULL);
	for (k = 0; k < sinfo->nr_frags; k++) {
		const skb_frag_t *frag = &sinfo->frags[k];
		dma_addr_t part = page_pool_get_dma_addr(skb_frag_page(frag)) +
				  skb_frag_off(frag);

		dma_sync_single_for_device(dev, part, skb_frag_size(frag),
					   DMA_BIDIRECTIONAL);
		xnic_frags_tx_desc(ring, part, skb_frag_size(frag),
				   k + 1 == sinfo->nr_frags ? xdpf : NULL);
	}
}
