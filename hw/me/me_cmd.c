/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Commands (docs/isa.md section 7): issue checks the addresses and captures
 * write data; completion, in (due cycle, issue order), touches memory or
 * calls the I/O hooks, fills the read transfer registers and raises the
 * signal.  Also the CSRs of section 8.
 */
#include <string.h>

#include "me_priv.h"

static uint32_t me_cmd_latency(const struct me_card *card, unsigned opcode,
			       unsigned space)
{
	const struct me_latency *lat = &card->cfg.lat;
	const uint32_t mem[ME_SPACE_COUNT] = {
		[ME_SPACE_PKT] = lat->pkt, [ME_SPACE_IMEM] = lat->imem,
		[ME_SPACE_EMEM] = lat->emem,
	};

	switch (opcode) {
	case ME_OP_MEM_RD:
	case ME_OP_MEM_WR:
		return mem[space];
	case ME_OP_PKT_RX:
		return lat->rx;
	case ME_OP_PKT_TX:
		return lat->tx;
	case ME_OP_DMA_TO_HOST:
	case ME_OP_DMA_FROM_HOST:
		return lat->dma;
	default:
		return mem[space] + lat->atomic_extra;	/* atomics */
	}
}

static int me_cmd_range(struct me_engine *me, struct me_ctx *ctx,
			unsigned space, uint32_t addr, uint32_t len)
{
	uint32_t size = me->card->memsize[space];

	if ((uint64_t)addr + len <= size)
		return 0;
	me_fault(me, ctx, ctx->pc, "%s access of %u bytes at 0x%x outside %u bytes",
		 me_space_name(space), len, addr, size);
	return -1;
}

/* Checks and the length that sets the transfer time, or -1 on fault. */
static int64_t me_cmd_check(struct me_engine *me, struct me_ctx *ctx,
			    struct me_cmd *c)
{
	uint32_t len;

	switch (c->opcode) {
	case ME_OP_PKT_RX:
		return 0;
	case ME_OP_PKT_TX:
		len = c->data[ME_TX_XW_LEN];
		if (me_cmd_range(me, ctx, ME_SPACE_PKT, c->data[ME_TX_XW_ADDR], len))
			return -1;
		return len;
	case ME_OP_DMA_TO_HOST:
	case ME_OP_DMA_FROM_HOST:
		len = c->data[ME_DMA_XW_LEN];
		if (len > ME_DMA_LEN_MAX) {
			me_fault(me, ctx, ctx->pc, "DMA length %u above %u", len,
				 ME_DMA_LEN_MAX);
			return -1;
		}
		if (me_cmd_range(me, ctx, c->space, c->data[ME_DMA_XW_CARD], len))
			return -1;
		return len;
	case ME_OP_MEM_RD:
	case ME_OP_MEM_WR:
		break;
	default:
		if (c->addr % c->len) {
			me_fault(me, ctx, ctx->pc, "atomic of %u bytes at unaligned 0x%x",
				 c->len, c->addr);
			return -1;
		}
	}
	if (me_cmd_range(me, ctx, c->space, c->addr, c->len))
		return -1;
	return c->len;
}

static void me_cmd_enqueue(struct me_engine *me, const struct me_cmd *c)
{
	unsigned i;

	if (me->end == ME_CMDQ_MAX) {	/* slide the live part to the front */
		memmove(me->cmdq, me->cmdq + me->head,
			(me->end - me->head) * sizeof(*c));
		me->end -= me->head;
		me->head = 0;
	}
	/* Sorted insert, usually at the end (no move): order must be exact. */
	i = me->end;
	while (i > me->head && me->cmdq[i - 1].due > c->due)
		i--;
	if (i < me->end)
		memmove(&me->cmdq[i + 1], &me->cmdq[i],
			(me->end - i) * sizeof(*c));
	me->cmdq[i] = *c;
	me->end++;
}

static void me_cmd_complete(struct me_engine *me, const struct me_cmd *c);

int64_t me_cmd_issue(struct me_engine *me, struct me_ctx *ctx,
		     const struct me_dop *op, uint32_t addr, uint64_t now,
		     uint64_t done_before)
{
	struct me_cmd c = {
		.opcode = (uint8_t)(op->h >> 1), .ctx = (uint8_t)me_ctx_index(me, ctx),
		.space = op->p1, .len = (uint8_t)op->aux, .sig = op->p2,
		.addr = addr,
	};
	int64_t xfer_len;

	if (me->end - me->head + me->nparked >= ME_CMDQ_MAX) {
		me_fault(me, ctx, ctx->pc, "command queue full (%u outstanding)",
			 ME_CMDQ_MAX);
		return -1;
	}
	/* Write data is taken at issue (section 7); d is $xrN or $xwN. */
	c.xfer = (uint8_t)(op->d >= ME_R_XW ? op->d - ME_R_XW : op->d - ME_R_XR);
	if (op->d >= ME_R_XW)
		memcpy(c.data, &ctx->r[op->d], (ME_XFER_REGS - c.xfer) * sizeof(uint32_t));
	xfer_len = me_cmd_check(me, ctx, &c);
	if (xfer_len < 0)
		return -1;
	c.due = now + 1 + me_cmd_latency(me->card, c.opcode, c.space) +
		((uint64_t)xfer_len + ME_CMD_BYTES_PER_CYCLE - 1) /
		ME_CMD_BYTES_PER_CYCLE;
	c.seq = me->seq++;
	me->ncmds++;
	if (c.due < done_before) {
		me_cmd_complete(me, &c);
		return (int64_t)c.due;
	}
	me_cmd_enqueue(me, &c);
	return 0;
}

/* ---- completion ---- */

static uint8_t *me_cmd_mem(struct me_engine *me, const struct me_cmd *c,
			   uint32_t addr)
{
	return me->card->mem[c->space] + addr;
}

static uint64_t me_cmd_word(const struct me_cmd *c, unsigned i, unsigned len)
{
	uint64_t v = c->data[i];

	if (len == 8)
		v |= (uint64_t)c->data[i + 1] << 32;
	return v;
}

static void me_cmd_set_xr(struct me_ctx *ctx, unsigned first, uint64_t v,
			  unsigned len)
{
	ctx->r[ME_R_XR + first] = (uint32_t)v;
	if (len == 8)
		ctx->r[ME_R_XR + first + 1] = (uint32_t)(v >> 32);
}

static void me_cmd_atomic(struct me_engine *me, struct me_ctx *ctx,
			  const struct me_cmd *c)
{
	uint8_t *p = me_cmd_mem(me, c, c->addr);
	uint64_t old = me_le_load(p, c->len), v = me_cmd_word(c, 0, c->len);
	uint64_t mask = c->len == 8 ? UINT64_MAX : UINT32_MAX;
	uint64_t res;

	switch (c->opcode) {
	case ME_OP_MEM_ADD: res = old + v; break;
	case ME_OP_MEM_AND: res = old & v; break;
	case ME_OP_MEM_OR: res = old | v; break;
	case ME_OP_MEM_XOR: res = old ^ v; break;
	case ME_OP_MEM_SWAP: res = v; break;
	default:	/* MEM_CAS: new value follows the compare value */
		res = old == v ? me_cmd_word(c, c->len / 4, c->len) : old;
		break;
	}
	me_le_store(p, c->len, res & mask);
	me_cmd_set_xr(ctx, c->xfer, old, c->len);
}

/* Section 7.1: little endian, the last register's bytes past len zero. */
static void me_cmd_read(struct me_engine *me, struct me_ctx *ctx,
			const struct me_cmd *c)
{
	const uint8_t *p = me_cmd_mem(me, c, c->addr);
	uint32_t *xr = &ctx->r[ME_R_XR + c->xfer];
	unsigned full = c->len / 4u, rest = c->len % 4u;

	for (unsigned i = 0; i < full; i++)
		xr[i] = (uint32_t)me_le_load(p + 4 * i, 4);
	if (rest)
		xr[full] = (uint32_t)me_le_load(p + 4 * full, rest);
}

static void me_cmd_write(struct me_engine *me, const struct me_cmd *c)
{
	uint8_t *p = me_cmd_mem(me, c, c->addr);
	unsigned full = c->len / 4u, rest = c->len % 4u;

	for (unsigned i = 0; i < full; i++)
		me_le_store(p + 4 * i, 4, c->data[i]);
	if (rest)
		me_le_store(p + 4 * full, rest, c->data[full]);
}

static int me_cmd_tx(struct me_engine *me, const struct me_cmd *c)
{
	const struct me_card *card = me->card;
	const struct me_io_ops *ops = card->cfg.ops;

	if (!ops || !ops->tx)
		return 1;
	me_io_called(me->card);
	return ops->tx(card->cfg.opaque, me->index, c->ctx,
		       c->data[ME_TX_XW_DEST],
		       card->mem[ME_SPACE_PKT] + c->data[ME_TX_XW_ADDR],
		       c->data[ME_TX_XW_LEN]);
}

static int me_cmd_dma(struct me_engine *me, const struct me_cmd *c)
{
	const struct me_card *card = me->card;
	const struct me_io_ops *ops = card->cfg.ops;
	uint64_t host = (uint64_t)c->data[ME_DMA_XW_HOST_HI] << 32 |
			c->data[ME_DMA_XW_HOST_LO];
	uint8_t *p = me_cmd_mem(me, c, c->data[ME_DMA_XW_CARD]);
	uint32_t len = c->data[ME_DMA_XW_LEN];

	if (c->opcode == ME_OP_DMA_TO_HOST) {
		if (!ops || !ops->dma_write)
			return 1;
		me_io_called(me->card);
		return ops->dma_write(card->cfg.opaque, host, p, len);
	}
	if (!ops || !ops->dma_read)
		return 1;
	me_io_called(me->card);
	return ops->dma_read(card->cfg.opaque, host, p, len);
}

static void me_cmd_signal(struct me_engine *me, struct me_ctx *ctx,
			  unsigned sig)
{
	ctx->signals |= (uint16_t)(1u << sig);
	me_ctx_wake_update(me, ctx);
}

/* Section 7.3: 1 when a frame was delivered, 0 when none is waiting. */
static int me_cmd_rx(struct me_engine *me, struct me_ctx *ctx,
		     const struct me_cmd *c)
{
	const struct me_card *card = me->card;
	const struct me_io_ops *ops = card->cfg.ops;
	uint32_t buf = (me->index * card->nctx + c->ctx) * card->cfg.pkt_buf_size;
	uint32_t cap = card->cfg.pkt_buf_size - ME_PKT_HEADROOM;
	uint32_t len = 0, port = 0;
	uint32_t *xr = &ctx->r[ME_R_XR + c->xfer];

	if (!ops || !ops->rx ||
	    ops->rx(card->cfg.opaque, me->index, c->ctx,
		    card->mem[ME_SPACE_PKT] + buf + ME_PKT_HEADROOM, cap,
		    &len, &port) != 1)
		return 0;
	me_io_changed(me->card);
	xr[ME_RX_XR_ADDR] = buf + ME_PKT_HEADROOM;
	xr[ME_RX_XR_LEN] = len < cap ? len : cap;
	xr[ME_RX_XR_PORT] = port;
	xr[ME_RX_XR_BUF] = buf;
	xr[ME_RX_XR_BUF_END] = buf + card->cfg.pkt_buf_size;
	ctx->wd_used = 0;	/* section 6.2: the watchdog restarts per frame */
	me_cmd_signal(me, ctx, c->sig);
	return 1;
}

static void me_cmd_complete(struct me_engine *me, const struct me_cmd *c)
{
	struct me_ctx *ctx = &me->ctx[c->ctx];

	switch (c->opcode) {
	case ME_OP_MEM_RD:
		me_cmd_read(me, ctx, c);
		break;
	case ME_OP_MEM_WR:
		me_cmd_write(me, c);
		break;
	case ME_OP_PKT_RX:
		if (!me_cmd_rx(me, ctx, c))
			me->parked[me->nparked++] = *c;
		return;
	case ME_OP_PKT_TX:
		ctx->r[ME_R_XR + c->xfer] = (uint32_t)me_cmd_tx(me, c);
		break;
	case ME_OP_DMA_TO_HOST:
	case ME_OP_DMA_FROM_HOST:
		ctx->r[ME_R_XR + c->xfer] = (uint32_t)me_cmd_dma(me, c);
		break;
	default:
		me_cmd_atomic(me, ctx, c);
		break;
	}
	me_cmd_signal(me, ctx, c->sig);
}

void me_cmd_complete_due(struct me_engine *me)
{
	while (me->head < me->end && me->cmdq[me->head].due <= me->cycle)
		me_cmd_complete(me, &me->cmdq[me->head++]);
	if (me->head == me->end)
		me->head = me->end = 0;
}

/*
 * Every parked pkt_rx asks for a frame, in the order they parked.  Those
 * that got none after the last frame delivered here saw the world as it
 * now is: when all did, none is to be asked again until it moves.
 */
void me_cmd_poll_parked(struct me_engine *me)
{
	unsigned kept = 0, asked_before = 0;

	if (!me_rx_waiting(me->card)) {	/* each would get none */
		me->poll_epoch = me->card->io_epoch;
		return;
	}
	for (unsigned i = 0; i < me->nparked; i++) {
		struct me_cmd *c = &me->parked[i];

		if (me_cmd_rx(me, &me->ctx[c->ctx], c)) {
			asked_before = kept;
			continue;
		}
		if (kept != i)
			me->parked[kept] = *c;
		kept++;
	}
	me->nparked = kept;
	if (!asked_before)
		me->poll_epoch = me->card->io_epoch;
}

uint64_t me_cmd_next_due(const struct me_engine *me)
{
	return me->head < me->end ? me->cmdq[me->head].due : UINT64_MAX;
}

/* ---- CSRs (section 8) ---- */

int me_csr_read(struct me_engine *me, struct me_ctx *ctx, uint32_t csr,
		uint64_t now, uint32_t *val)
{
	const struct me_card *card = me->card;
	unsigned c = me_ctx_index(me, ctx);

	switch (csr) {
	case ME_CSR_CTX: *val = c; return 0;
	case ME_CSR_ME: *val = me->index; return 0;
	case ME_CSR_NUM_CTX: *val = card->nctx; return 0;
	case ME_CSR_NUM_ME: *val = card->cfg.n_me; return 0;
	case ME_CSR_CYCLES_LO: *val = (uint32_t)now; return 0;
	case ME_CSR_CYCLES_HI: *val = (uint32_t)(now >> 32); return 0;
	case ME_CSR_PKT_BUF:
		*val = (me->index * card->nctx + c) * card->cfg.pkt_buf_size;
		return 0;
	case ME_CSR_PKT_BUF_SZ: *val = card->cfg.pkt_buf_size; return 0;
	case ME_CSR_LM_SIZE: *val = card->cfg.lm_size; return 0;
	case ME_CSR_SIGNALS: *val = ctx->signals; return 0;
	case ME_CSR_INSNS_LO: *val = (uint32_t)ctx->insns; return 0;
	default:
		break;
	}
	/* The loader admits only known local CSRs, so this is a card CSR. */
	if (!card->cfg.ops || !card->cfg.ops->csr_read)
		return -1;
	me_io_called(me->card);
	return card->cfg.ops->csr_read(card->cfg.opaque, me->index, c, csr, val) ?
	       -1 : 0;
}

int me_csr_write(struct me_engine *me, struct me_ctx *ctx, uint32_t csr,
		 uint32_t val)
{
	const struct me_card *card = me->card;

	if (!card->cfg.ops || !card->cfg.ops->csr_write)
		return -1;
	me_io_called(me->card);
	return card->cfg.ops->csr_write(card->cfg.opaque, me->index,
					me_ctx_index(me, ctx), csr, val) ? -1 : 0;
}
