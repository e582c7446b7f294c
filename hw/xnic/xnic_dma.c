// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic host DMA engine (docs/device.md "Rings and descriptors").
 *
 * Each queue pair has a TX and an RX ring of 16-byte descriptors in guest
 * memory.  HEAD is the next slot the card uses, TAIL the first slot the
 * driver has not handed over; HEAD == TAIL means nothing to do.  The card
 * only touches memory after validation: the ring lies in [base, base +
 * size * 16) with base aligned and size a power of two, and a buffer is
 * accessed for at most the length its descriptor allows.  Any DMA the
 * card makes with in_dma set refuses MMIO back into the card (a guest
 * aiming DMA at BAR0), so ring state cannot change under a walk.
 */
#include <string.h>

#include "xnic_core.h"

static uint32_t *xnic_dma_reg(struct xnic_core *core, unsigned int q,
			      enum xnic_dma_dir dir, uint32_t tx_off)
{
	return xnic_core_qreg(core, q, dir + tx_off - XNIC_Q_TX_BASE_LO);
}

static const char *xnic_dma_name(enum xnic_dma_dir dir)
{
	return dir == XNIC_DMA_TX ? "TX" : "RX";
}

static uint64_t xnic_dma_base(struct xnic_core *core, unsigned int q,
			      enum xnic_dma_dir dir)
{
	return *xnic_dma_reg(core, q, dir, XNIC_Q_TX_BASE_LO) |
	       (uint64_t)*xnic_dma_reg(core, q, dir, XNIC_Q_TX_BASE_HI) << 32;
}

bool xnic_dma_ring_enabled(struct xnic_core *core, unsigned int q,
			   enum xnic_dma_dir dir)
{
	return *xnic_dma_reg(core, q, dir, XNIC_Q_TX_CTRL) & XNIC_QCTRL_ENABLE;
}

bool xnic_dma_rx_has_buffer(struct xnic_core *core, unsigned int q)
{
	return *xnic_dma_reg(core, q, XNIC_DMA_RX, XNIC_Q_TX_HEAD) !=
	       *xnic_dma_reg(core, q, XNIC_DMA_RX, XNIC_Q_TX_TAIL);
}

bool xnic_dma_host_read(struct xnic_core *core, uint64_t addr, void *buf,
			size_t len)
{
	bool ok;

	core->in_dma = true;
	ok = core->ops->dma_read(core->opaque, addr, buf, len);
	core->in_dma = false;
	return ok;
}

bool xnic_dma_host_write(struct xnic_core *core, uint64_t addr,
			 const void *buf, size_t len)
{
	bool ok;

	core->in_dma = true;
	ok = core->ops->dma_write(core->opaque, addr, buf, len);
	core->in_dma = false;
	return ok;
}

/* Why a ring cannot be used, or NULL if it can. */
static const char *xnic_dma_ring_problem(struct xnic_core *core,
					 unsigned int q, enum xnic_dma_dir dir)
{
	uint64_t base = xnic_dma_base(core, q, dir);
	uint32_t size = *xnic_dma_reg(core, q, dir, XNIC_Q_TX_SIZE);
	uint32_t tail = *xnic_dma_reg(core, q, dir, XNIC_Q_TX_TAIL);

	if (base % XNIC_RING_ALIGN)
		return "base not 64-byte aligned";
	if (size < XNIC_RING_MIN_SIZE || size > XNIC_RING_MAX_SIZE ||
	    (size & (size - 1)))
		return "size not a power of 2 in [64, 4096]";
	if (base > UINT64_MAX - (uint64_t)size * XNIC_DESC_SIZE + 1)
		return "ring wraps the address space";
	if (tail >= size)
		return "tail beyond ring size";
	return NULL;
}

/* A ring the card can no longer trust stops until the driver re-enables. */
static void xnic_dma_ring_fail(struct xnic_core *core, unsigned int q,
			       enum xnic_dma_dir dir, uint32_t code,
			       const char *why)
{
	*xnic_dma_reg(core, q, dir, XNIC_Q_TX_CTRL) &= ~XNIC_QCTRL_ENABLE;
	xnic_env_guest_error(core, code, "queue %u %s ring disabled: %s",
			     q, xnic_dma_name(dir), why);
}

static bool xnic_dma_ring_live(struct xnic_core *core, unsigned int q,
			       enum xnic_dma_dir dir)
{
	return xnic_mac_enabled(core) && xnic_dma_ring_enabled(core, q, dir);
}

/* Descriptor fields, little endian (regs.h). */
struct xnic_dma_desc {
	uint64_t addr;
	uint16_t len;
	uint16_t csum_start;	/* TX with F_CSUM */
	uint16_t flags;
};

static uint64_t xnic_dma_slot(struct xnic_core *core, unsigned int q,
			      enum xnic_dma_dir dir, uint32_t idx)
{
	return xnic_dma_base(core, q, dir) + (uint64_t)idx * XNIC_DESC_SIZE;
}

/* The ring index @n slots after HEAD. */
static uint32_t xnic_dma_head_plus(struct xnic_core *core, unsigned int q,
				   enum xnic_dma_dir dir, uint32_t n)
{
	uint32_t head = *xnic_dma_reg(core, q, dir, XNIC_Q_TX_HEAD);
	uint32_t size = *xnic_dma_reg(core, q, dir, XNIC_Q_TX_SIZE);

	return (head + n) & (size - 1);
}

/* Slots from HEAD to TAIL: what the driver has handed over. */
static uint32_t xnic_dma_posted(struct xnic_core *core, unsigned int q,
				enum xnic_dma_dir dir)
{
	uint32_t head = *xnic_dma_reg(core, q, dir, XNIC_Q_TX_HEAD);
	uint32_t tail = *xnic_dma_reg(core, q, dir, XNIC_Q_TX_TAIL);
	uint32_t size = *xnic_dma_reg(core, q, dir, XNIC_Q_TX_SIZE);

	return (tail - head) & (size - 1);
}

static bool xnic_dma_fetch_desc(struct xnic_core *core, unsigned int q,
				enum xnic_dma_dir dir, uint32_t idx,
				struct xnic_dma_desc *desc)
{
	uint8_t raw[XNIC_DESC_SIZE];
	/* Injected fault: this read fails as a bus or IOMMU error would. */
	bool injected = core->fault_dma_desc != 0;

	if (injected)
		core->fault_dma_desc--;
	if (injected ||
	    !xnic_dma_host_read(core, xnic_dma_slot(core, q, dir, idx), raw,
				sizeof(raw))) {
		xnic_dma_ring_fail(core, q, dir, XNIC_ERR_DMA,
				   "descriptor read failed");
		return false;
	}
	desc->addr = xnic_core_ld_le64(raw + XNIC_DESC_ADDR);
	desc->len = xnic_core_ld_le16(raw + XNIC_DESC_LEN);
	desc->csum_start = xnic_core_ld_le16(raw + XNIC_DESC_CSUM_START);
	desc->flags = xnic_core_ld_le16(raw + XNIC_DESC_FLAGS);
	return true;
}

static bool xnic_dma_put16(struct xnic_core *core, unsigned int q,
			   enum xnic_dma_dir dir, uint32_t idx,
			   uint32_t field, uint16_t val)
{
	uint8_t raw[2];

	xnic_core_st_le16(raw, val);

	if (xnic_dma_host_write(core, xnic_dma_slot(core, q, dir, idx) + field,
			   raw, sizeof(raw)))
		return true;
	xnic_dma_ring_fail(core, q, dir, XNIC_ERR_DMA,
			   "descriptor write-back failed");
	return false;
}

/*
 * What the card writes back with an RX frame besides its length
 * (docs/device.md "RX metadata"): the XNIC_DESC_S_* bits of its metadata
 * and the values they announce.
 */
struct xnic_dma_rx_meta {
	uint32_t seq;
	uint32_t hash;		/* with RX_CTRL.HASH */
	uint16_t vlan_tci;	/* with S_VLAN */
	uint16_t status;	/* S_VLAN, S_VLAN_AD, S_TSTAMP, the RSS type */
};

/*
 * RX write-back over addr: the wire sequence number over bytes 0..3
 * (docs/device.md "Descriptors and rings"), the frame's number among all
 * frames counted in WIRE_RX_FRAMES since reset, starting at 0; the MAC
 * numbers each frame and the number travels with it through the card.
 * With RX_CTRL.HASH, the RSS hash over bytes 4..7.
 */
static bool xnic_dma_put_seq(struct xnic_core *core, unsigned int q,
			     uint32_t idx, const struct xnic_dma_rx_meta *meta,
			     bool hash)
{
	uint8_t raw[8];

	xnic_core_st_le32(raw, meta->seq);
	xnic_core_st_le32(raw + 4, meta->hash);

	if (xnic_dma_host_write(core, xnic_dma_slot(core, q, XNIC_DMA_RX, idx) +
			   XNIC_DESC_SEQ, raw, hash ? 8 : 4))
		return true;
	xnic_dma_ring_fail(core, q, XNIC_DMA_RX, XNIC_ERR_DMA,
			   "descriptor write-back failed");
	return false;
}

static void xnic_dma_advance_head(struct xnic_core *core, unsigned int q,
				  enum xnic_dma_dir dir, uint32_t n)
{
	*xnic_dma_reg(core, q, dir, XNIC_Q_TX_HEAD) =
		xnic_dma_head_plus(core, q, dir, n);
}

static bool xnic_dma_buffer_wraps(uint64_t addr, size_t len)
{
	return addr > UINT64_MAX - len + 1;
}

/*
 * The descriptors of the TX frame at HEAD, up to the first without
 * F_MORE (docs/device.md "Multi-descriptor frames"), fetched into @chain.
 * Returns how many, or 0 when the walk must stop: the frame's last
 * descriptor is not posted yet (a later doorbell sends it) or the ring
 * failed.  A frame that does not end within XNIC_DESC_CHAIN_MAX
 * descriptors comes back whole, its last one still with F_MORE.
 */
static uint32_t xnic_dma_tx_chain(struct xnic_core *core, unsigned int q,
				  struct xnic_dma_desc *chain)
{
	uint32_t posted = xnic_dma_posted(core, q, XNIC_DMA_TX);
	uint32_t n;

	for (n = 0; n < XNIC_DESC_CHAIN_MAX; n++) {
		if (n == posted ||
		    !xnic_dma_fetch_desc(core, q, XNIC_DMA_TX,
					 xnic_dma_head_plus(core, q, XNIC_DMA_TX, n),
					 &chain[n]))
			return 0;
		if (!(chain[n].flags & XNIC_DESC_F_MORE))
			return n + 1;
	}
	return n;
}

/* Checks the frame @chain describes; its length in *len.  Returns status. */
static uint16_t xnic_dma_tx_check(struct xnic_core *core, unsigned int q,
				  const struct xnic_dma_desc *chain, uint32_t n,
				  size_t *len)
{
	uint32_t i;

	if (chain[n - 1].flags & XNIC_DESC_F_MORE) {
		xnic_env_guest_error(core, XNIC_ERR_BAD_LENGTH,
				     "queue %u TX frame spans more than %u descriptors",
				     q, XNIC_DESC_CHAIN_MAX);
		return XNIC_DESC_S_DONE | XNIC_DESC_S_ERROR;
	}
	*len = 0;
	for (i = 0; i < n; i++)
		*len += chain[i].len;
	if (*len < XNIC_MIN_FRAME || *len > XNIC_MAX_FRAME) {
		xnic_env_guest_error(core, XNIC_ERR_BAD_LENGTH,
				     "queue %u TX length %zu outside [%u, %u]",
				     q, *len, XNIC_MIN_FRAME, XNIC_MAX_FRAME);
		return XNIC_DESC_S_DONE | XNIC_DESC_S_ERROR;
	}
	return XNIC_DESC_S_DONE;
}

/*
 * TX F_CSUM (docs/device.md "TX offloads"): the Internet checksum (RFC
 * 1071) of the frame from csum_start to its end, complemented, at
 * csum_start + CSUM_OFF, big endian.  What that field held - the
 * pseudo-header sum a driver puts there - counts in the sum.  A result of
 * 0 goes out as 0xffff, as Linux's skb_checksum_help() sends it: for UDP,
 * 0 would mean "no checksum".
 */
static uint16_t xnic_dma_tx_csum(struct xnic_core *core, unsigned int q,
				 const struct xnic_dma_desc *first, size_t len)
{
	size_t start = first->csum_start;
	size_t at = start + (first->flags >> XNIC_DESC_F_CSUM_OFF_SHIFT);
	uint8_t *frame = core->tx_frame;
	uint32_t sum = 0;
	size_t i;

	if (at + 2 > len) {
		xnic_env_guest_error(core, XNIC_ERR_BAD_LENGTH,
				     "queue %u TX checksum field at %zu+%zu outside the %zu-byte frame",
				     q, start, at - start, len);
		return XNIC_DESC_S_DONE | XNIC_DESC_S_ERROR;
	}
	for (i = start; i + 1 < len; i += 2)
		sum += (uint32_t)frame[i] << 8 | frame[i + 1];
	if (i < len)
		sum += (uint32_t)frame[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	sum = ~sum & 0xffff;
	if (!sum)
		sum = 0xffff;
	frame[at] = sum >> 8;
	frame[at + 1] = sum & 0xff;
	return XNIC_DESC_S_DONE;
}

/* Gathers the frame @chain describes into core->tx_frame; returns status. */
static uint16_t xnic_dma_tx_gather(struct xnic_core *core, unsigned int q,
				   const struct xnic_dma_desc *chain, uint32_t n)
{
	size_t off = 0;
	uint32_t i;

	for (i = 0; i < n; off += chain[i].len, i++) {
		if (!chain[i].len)
			continue;
		if (xnic_dma_buffer_wraps(chain[i].addr, chain[i].len) ||
		    !xnic_dma_host_read(core, chain[i].addr, core->tx_frame + off,
					chain[i].len)) {
			xnic_env_guest_error(core, XNIC_ERR_DMA,
					     "queue %u TX buffer 0x%llx+%u unreadable", q,
					     (unsigned long long)chain[i].addr,
					     chain[i].len);
			return XNIC_DESC_S_DONE | XNIC_DESC_S_ERROR;
		}
	}
	return XNIC_DESC_S_DONE;
}

/*
 * Gathers and sends the frame @chain describes, with the offloads its
 * first descriptor asks for (docs/device.md "TX offloads"); returns its
 * status, and with status TSTAMP the time it went to the wire in *tstamp.
 */
static uint16_t xnic_dma_tx_frame(struct xnic_core *core, unsigned int q,
				  const struct xnic_dma_desc *chain, uint32_t n,
				  size_t *len, uint64_t *tstamp)
{
	uint16_t status = xnic_dma_tx_check(core, q, chain, n, len);

	if (!(status & XNIC_DESC_S_ERROR))
		status = xnic_dma_tx_gather(core, q, chain, n);
	if (!(status & XNIC_DESC_S_ERROR) && (chain[0].flags & XNIC_DESC_F_CSUM))
		status = xnic_dma_tx_csum(core, q, &chain[0], *len);
	if (status & XNIC_DESC_S_ERROR)
		return status;
	if (chain[0].flags & XNIC_DESC_F_TSTAMP) {
		*tstamp = core->ops->clock_ns(core->opaque);
		status |= XNIC_DESC_S_TSTAMP;
	}
	xnic_mac_tx(core, core->tx_frame, *len);
	return status;
}

/* TX F_TSTAMP: the time over addr of the frame's last descriptor @idx */
static bool xnic_dma_put_tx_tstamp(struct xnic_core *core, unsigned int q,
				   uint32_t idx, uint64_t tstamp)
{
	uint8_t raw[8];

	xnic_core_st_le32(raw, tstamp);
	xnic_core_st_le32(raw + 4, tstamp >> 32);
	if (xnic_dma_host_write(core, xnic_dma_slot(core, q, XNIC_DMA_TX, idx) +
				XNIC_DESC_TX_TSTAMP, raw, sizeof(raw)))
		return true;
	xnic_dma_ring_fail(core, q, XNIC_DMA_TX, XNIC_ERR_DMA,
			   "descriptor write-back failed");
	return false;
}

/*
 * One TX frame: every descriptor of it completes with the frame's status.
 * Returns the descriptors used, 0 if the walk stops here.
 */
static uint32_t xnic_dma_tx_one(struct xnic_core *core, unsigned int q)
{
	struct xnic_dma_desc chain[XNIC_DESC_CHAIN_MAX];
	uint32_t n = xnic_dma_tx_chain(core, q, chain), i;
	uint64_t tstamp = 0;
	size_t len = 0;
	uint16_t status;

	if (!n)
		return 0;
	status = xnic_dma_tx_frame(core, q, chain, n, &len, &tstamp);
	xnic_env_trace(core, XNIC_TRACE_TX_FRAME, q, len, status);
	if (status & XNIC_DESC_S_ERROR) {
		(*xnic_core_qreg(core, q, XNIC_Q_TX_ERRORS))++;
	} else {
		(*xnic_core_qreg(core, q, XNIC_Q_TX_FRAMES))++;
		*xnic_core_qreg(core, q, XNIC_Q_TX_BYTES) += len;
	}
	/* The time before any status: a driver reads it once it sees DONE */
	if ((status & XNIC_DESC_S_TSTAMP) &&
	    !xnic_dma_put_tx_tstamp(core, q,
				    xnic_dma_head_plus(core, q, XNIC_DMA_TX, n - 1),
				    tstamp))
		return 0;
	for (i = 0; i < n; i++)
		if (!xnic_dma_put16(core, q, XNIC_DMA_TX,
				    xnic_dma_head_plus(core, q, XNIC_DMA_TX, i),
				    XNIC_DESC_STATUS, status))
			return 0;
	xnic_dma_advance_head(core, q, XNIC_DMA_TX, n);
	return n;
}

/* Walks at most one ring's worth of descriptors per doorbell. */
static void xnic_dma_tx_process(struct xnic_core *core, unsigned int q)
{
	uint32_t *head = xnic_dma_reg(core, q, XNIC_DMA_TX, XNIC_Q_TX_HEAD);
	uint32_t *tail = xnic_dma_reg(core, q, XNIC_DMA_TX, XNIC_Q_TX_TAIL);
	uint32_t budget = *xnic_dma_reg(core, q, XNIC_DMA_TX, XNIC_Q_TX_SIZE);
	bool done = false;

	xnic_env_trace(core, XNIC_TRACE_TX_RING, q, *head, *tail);
	while (budget && *head != *tail &&
	       xnic_dma_ring_live(core, q, XNIC_DMA_TX)) {
		uint32_t n = xnic_dma_tx_one(core, q);

		if (!n)
			break;
		budget -= n < budget ? n : budget;
		done = true;
	}
	if (done)
		xnic_irq_queue_raise(core, q, XNIC_QIRQ_TX);
}

static void xnic_dma_rx_drop(struct xnic_core *core, unsigned int q,
			     size_t len, uint32_t counter,
			     enum xnic_core_drop why)
{
	if (counter)
		(*xnic_core_qreg(core, q, counter))++;
	xnic_env_trace(core, XNIC_TRACE_RX_DROP, q, len, why);
}

/* An RX frame's descriptors from HEAD and the bytes each one gets. */
struct xnic_dma_rx_chain {
	struct xnic_dma_desc desc[XNIC_DESC_CHAIN_MAX];
	uint16_t pkt_len[XNIC_DESC_CHAIN_MAX];
	uint32_t n;
};

/*
 * Fetches the descriptors a frame of @len bytes fills: one, or with
 * RX_CTRL.SCATTER as many as it needs, up to XNIC_DESC_CHAIN_MAX.  Returns
 * the frame's status (DONE, or DONE|ERROR for a buffer shorter than any
 * frame: the chain then ends with it), or 0 when the frame was dropped
 * without touching the ring.
 */
static uint16_t xnic_dma_rx_chain(struct xnic_core *core, unsigned int q,
				  size_t len, struct xnic_dma_rx_chain *c)
{
	bool scatter = *xnic_dma_reg(core, q, XNIC_DMA_RX, XNIC_Q_TX_CTRL) &
		       XNIC_QCTRL_RX_SCATTER;
	uint32_t max = scatter ? XNIC_DESC_CHAIN_MAX : 1;
	uint32_t posted = xnic_dma_posted(core, q, XNIC_DMA_RX);
	size_t off = 0;

	for (c->n = 0; off < len; c->n++) {
		struct xnic_dma_desc *d = &c->desc[c->n];

		if (c->n == max) {
			xnic_dma_rx_drop(core, q, len, XNIC_Q_RX_TRUNC, XNIC_DROP_TRUNC);
			return 0;
		}
		if (c->n == posted) {
			xnic_dma_rx_drop(core, q, len, XNIC_Q_RX_NO_BUF,
					 XNIC_DROP_NO_BUF);
			return 0;
		}
		if (!xnic_dma_fetch_desc(core, q, XNIC_DMA_RX,
					 xnic_dma_head_plus(core, q, XNIC_DMA_RX, c->n),
					 d))
			return 0;
		if (d->len < XNIC_MIN_FRAME) {
			xnic_env_guest_error(core, XNIC_ERR_BAD_LENGTH,
					     "queue %u RX buffer length %u below %u",
					     q, d->len, XNIC_MIN_FRAME);
			xnic_dma_rx_drop(core, q, len, 0, XNIC_DROP_BAD_DESC);
			c->n++;
			return XNIC_DESC_S_DONE | XNIC_DESC_S_ERROR;
		}
		c->pkt_len[c->n] = len - off < d->len ? len - off : d->len;
		off += c->pkt_len[c->n];
	}
	return XNIC_DESC_S_DONE;
}

/* Writes the frame into the chain's buffers; returns the status. */
static uint16_t xnic_dma_rx_copy(struct xnic_core *core, unsigned int q,
				 const struct xnic_dma_rx_chain *c,
				 const uint8_t *frame, size_t len)
{
	size_t off = 0;
	uint32_t i;

	for (i = 0; i < c->n; off += c->pkt_len[i], i++) {
		if (xnic_dma_buffer_wraps(c->desc[i].addr, c->pkt_len[i]) ||
		    !xnic_dma_host_write(core, c->desc[i].addr, frame + off,
					 c->pkt_len[i])) {
			xnic_env_guest_error(core, XNIC_ERR_DMA,
					     "queue %u RX buffer 0x%llx+%u unwritable", q,
					     (unsigned long long)c->desc[i].addr,
					     c->pkt_len[i]);
			return XNIC_DESC_S_DONE | XNIC_DESC_S_ERROR;
		}
	}
	(*xnic_core_qreg(core, q, XNIC_Q_RX_FRAMES))++;
	*xnic_core_qreg(core, q, XNIC_Q_RX_BYTES) += len;
	return XNIC_DESC_S_DONE;
}

/*
 * Write-back of every descriptor of the chain: seq (and hash), the VLAN
 * TCI, pkt_len (0 if the frame failed), then status, with MORE on all but
 * the last and the metadata bits unless the frame failed.  The first
 * descriptor goes last, so DONE there says the whole frame is written.
 */
static bool xnic_dma_rx_complete(struct xnic_core *core, unsigned int q,
				 const struct xnic_dma_rx_chain *c,
				 uint16_t status,
				 const struct xnic_dma_rx_meta *meta)
{
	bool hash = *xnic_dma_reg(core, q, XNIC_DMA_RX, XNIC_Q_TX_CTRL) &
		    XNIC_QCTRL_RX_HASH;
	bool failed = status & XNIC_DESC_S_ERROR;
	uint32_t i = c->n;

	if (!failed)
		status |= meta->status;
	while (i--) {
		uint32_t idx = xnic_dma_head_plus(core, q, XNIC_DMA_RX, i);
		uint16_t more = i + 1 < c->n ? XNIC_DESC_S_MORE : 0;
		uint16_t pkt_len = failed ? 0 : c->pkt_len[i];

		if (!xnic_dma_put_seq(core, q, idx, meta, hash) ||
		    ((status & XNIC_DESC_S_VLAN) &&
		     !xnic_dma_put16(core, q, XNIC_DMA_RX, idx,
				     XNIC_DESC_VLAN_TCI, meta->vlan_tci)) ||
		    !xnic_dma_put16(core, q, XNIC_DMA_RX, idx, XNIC_DESC_PKT_LEN,
				    pkt_len) ||
		    !xnic_dma_put16(core, q, XNIC_DMA_RX, idx, XNIC_DESC_STATUS,
				    status | more))
			return false;
	}
	return true;
}

/*
 * RX_CTRL.VLAN_STRIP: a frame whose outer tag is 802.1Q's or 802.1ad's
 * comes back from rx_strip without it; the tag goes to @meta.
 */
static const uint8_t *xnic_dma_rx_strip(struct xnic_core *core,
					const uint8_t *frame, size_t *len,
					struct xnic_dma_rx_meta *meta)
{
	uint16_t tpid;

	if (*len < XNIC_ETH_HLEN + XNIC_VLAN_HLEN)
		return frame;
	tpid = frame[12] << 8 | frame[13];
	if (tpid != XNIC_ETH_P_8021Q && tpid != XNIC_ETH_P_8021AD)
		return frame;
	meta->vlan_tci = frame[14] << 8 | frame[15];
	meta->status |= XNIC_DESC_S_VLAN;
	if (tpid == XNIC_ETH_P_8021AD)
		meta->status |= XNIC_DESC_S_VLAN_AD;
	memcpy(core->rx_strip, frame, 12);
	memcpy(core->rx_strip + 12, frame + 12 + XNIC_VLAN_HLEN,
	       *len - 12 - XNIC_VLAN_HLEN);
	*len -= XNIC_VLAN_HLEN;
	return core->rx_strip;
}

/*
 * RX_CTRL.TSTAMP: the frame's time into the timestamp area's entry for
 * its first slot, before any descriptor says DONE.
 */
static bool xnic_dma_rx_tstamp(struct xnic_core *core, unsigned int q,
			       struct xnic_dma_rx_meta *meta)
{
	uint64_t area = *xnic_core_qreg(core, q, XNIC_Q_RX_TS_LO) |
			(uint64_t)*xnic_core_qreg(core, q, XNIC_Q_RX_TS_HI) << 32;
	uint64_t addr = area + (uint64_t)XNIC_RX_TS_SIZE *
			*xnic_dma_reg(core, q, XNIC_DMA_RX, XNIC_Q_TX_HEAD);
	uint64_t now = core->ops->clock_ns(core->opaque);
	uint8_t raw[XNIC_RX_TS_SIZE];

	xnic_core_st_le32(raw, now);
	xnic_core_st_le32(raw + 4, now >> 32);
	if (addr < area || xnic_dma_buffer_wraps(addr, sizeof(raw)) ||
	    !xnic_dma_host_write(core, addr, raw, sizeof(raw))) {
		xnic_dma_ring_fail(core, q, XNIC_DMA_RX, XNIC_ERR_DMA,
				   "timestamp write failed");
		return false;
	}
	meta->status |= XNIC_DESC_S_TSTAMP;
	return true;
}

/*
 * One frame into the descriptors from HEAD.  Buffers too small for the
 * frame keep their descriptors (the frame is dropped, RX_TRUNC); a buffer
 * smaller than any legal frame is a driver bug and is returned with ERROR.
 * The hash is the frame's as the wire gave it, the one that chose the
 * queue; VLAN stripping comes after.
 */
void xnic_dma_rx(struct xnic_core *core, unsigned int q,
		 const uint8_t *frame, size_t len, uint32_t seq)
{
	uint32_t ctrl = *xnic_dma_reg(core, q, XNIC_DMA_RX, XNIC_Q_TX_CTRL);
	struct xnic_dma_rx_meta meta = { .seq = seq };
	struct xnic_dma_rx_chain chain;
	unsigned int type;
	uint16_t status;

	xnic_env_trace(core, XNIC_TRACE_RX_RING, q,
		       *xnic_dma_reg(core, q, XNIC_DMA_RX, XNIC_Q_TX_HEAD),
		       *xnic_dma_reg(core, q, XNIC_DMA_RX, XNIC_Q_TX_TAIL));
	if (!xnic_dma_ring_live(core, q, XNIC_DMA_RX) ||
	    !xnic_dma_rx_has_buffer(core, q)) {
		xnic_dma_rx_drop(core, q, len, XNIC_Q_RX_NO_BUF, XNIC_DROP_NO_BUF);
		return;
	}
	if (ctrl & XNIC_QCTRL_RX_HASH) {
		meta.hash = xnic_rss_flow_hash_type(core->rss_key, frame, len,
						    &type);
		meta.status |= type << XNIC_DESC_S_RSS_SHIFT;
	}
	if (ctrl & XNIC_QCTRL_RX_VLAN_STRIP)
		frame = xnic_dma_rx_strip(core, frame, &len, &meta);
	status = xnic_dma_rx_chain(core, q, len, &chain);
	if (!status)
		return;
	if (!(status & XNIC_DESC_S_ERROR))
		status = xnic_dma_rx_copy(core, q, &chain, frame, len);
	xnic_env_trace(core, XNIC_TRACE_RX_FRAME, q, len, status);
	if (!(status & XNIC_DESC_S_ERROR) && (ctrl & XNIC_QCTRL_RX_TSTAMP) &&
	    !xnic_dma_rx_tstamp(core, q, &meta))
		return;
	if (!xnic_dma_rx_complete(core, q, &chain, status, &meta))
		return;
	xnic_dma_advance_head(core, q, XNIC_DMA_RX, chain.n);
	xnic_irq_queue_raise(core, q, XNIC_QIRQ_RX);
}

void xnic_dma_kick_all(struct xnic_core *core)
{
	unsigned int q;

	for (q = 0; q < core->num_queues; q++)
		xnic_dma_tx_process(core, q);
}

static enum xnic_dma_dir xnic_dma_dir_of(uint32_t off)
{
	return off >= XNIC_Q_RX_BASE_LO ? XNIC_DMA_RX : XNIC_DMA_TX;
}

/* BASE_LO/BASE_HI/SIZE are frozen while the ring is enabled. */
void xnic_dma_write_ring_cfg(struct xnic_core *core, unsigned int q,
			     uint32_t off, uint32_t old)
{
	enum xnic_dma_dir dir = xnic_dma_dir_of(off);

	if (!xnic_dma_ring_enabled(core, q, dir))
		return;
	*xnic_core_qreg(core, q, off) = old;
	xnic_env_guest_error(core, XNIC_ERR_BAD_REG,
			     "queue %u %s ring reconfigured while enabled",
			     q, xnic_dma_name(dir));
}

/* The doorbell: a tail beyond the ring disables it (ERR_BAD_INDEX). */
void xnic_dma_write_tail(struct xnic_core *core, unsigned int q,
			 uint32_t off, uint32_t old)
{
	enum xnic_dma_dir dir = xnic_dma_dir_of(off);
	uint32_t *tail = xnic_core_qreg(core, q, off);

	if (!xnic_dma_ring_enabled(core, q, dir))
		return;	/* checked when the ring is enabled */
	if (*tail >= *xnic_dma_reg(core, q, dir, XNIC_Q_TX_SIZE)) {
		*tail = old;
		xnic_dma_ring_fail(core, q, dir, XNIC_ERR_BAD_INDEX,
				   "tail written beyond ring size");
		return;
	}
	if (dir == XNIC_DMA_TX)
		xnic_dma_tx_process(core, q);
	else
		core->ops->rx_ready(core->opaque);
}

/* Enabling validates the ring and restarts it at HEAD 0. */
void xnic_dma_write_ring_ctrl(struct xnic_core *core, unsigned int q,
			      uint32_t off, uint32_t old)
{
	enum xnic_dma_dir dir = xnic_dma_dir_of(off);
	const char *problem;

	if (!xnic_dma_ring_enabled(core, q, dir) || (old & XNIC_QCTRL_ENABLE))
		return;
	problem = xnic_dma_ring_problem(core, q, dir);
	if (problem) {
		xnic_dma_ring_fail(core, q, dir, XNIC_ERR_BAD_RING, problem);
		return;
	}
	*xnic_dma_reg(core, q, dir, XNIC_Q_TX_HEAD) = 0;
	if (dir == XNIC_DMA_TX)
		xnic_dma_tx_process(core, q);
	else
		core->ops->rx_ready(core->opaque);
}

/* After migration: enabled rings must still be valid, indices in range. */
void xnic_dma_sanitize(struct xnic_core *core)
{
	static const enum xnic_dma_dir dirs[] = { XNIC_DMA_TX, XNIC_DMA_RX };
	unsigned int q, d;

	for (q = 0; q < XNIC_MAX_QUEUE_PAIRS; q++) {
		for (d = 0; d < 2; d++) {
			uint32_t *head = xnic_dma_reg(core, q, dirs[d],
						      XNIC_Q_TX_HEAD);

			if (!xnic_dma_ring_enabled(core, q, dirs[d]))
				continue;
			if (q >= core->num_queues ||
			    xnic_dma_ring_problem(core, q, dirs[d]) ||
			    *head >= *xnic_dma_reg(core, q, dirs[d], XNIC_Q_TX_SIZE))
				xnic_dma_ring_fail(core, q, dirs[d],
						   XNIC_ERR_BAD_RING,
						   "invalid after migration");
		}
	}
}
