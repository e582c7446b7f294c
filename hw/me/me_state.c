/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The card's execution state as one record (docs/isa.md section 14): what
 * the MEs hold besides the shared memories, so that a running card can be
 * saved and restored between runs (QEMU migration, snapshots).  The record
 * is little-endian and versioned; a restore checks every field as the
 * loader and the command issue check guest input, because the record may
 * come from anywhere: code is decoded again from its words, indexes and
 * addresses are bounded before anything is changed.
 *
 * To add state: append its put to the saver and its get (with checks) to
 * the restorer at the same place, grow ME_STATE_*_BYTES, bump
 * ME_STATE_VERSION; a restore refuses records of another version.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "me_priv.h"

#define ME_STATE_MAGIC		0x5453454du	/* "MEST" */
#define ME_STATE_VERSION	1u

/* Sizes of the parts of the record, for me_card_state_size(). */
#define ME_STATE_HEAD_BYTES	(4 * 9 + 8)
#define ME_STATE_CMD_BYTES	(8 + 8 + 6 + 4 + 4 * ME_XFER_REGS)
#define ME_STATE_CTX_BYTES	(4 * (ME_R_COUNT + ME_LM_INDEXES + 1) + \
				 1 + 1 + 2 + 2 + 8 * 3)
#define ME_STATE_ENGINE_BYTES	(8 * 5 + 4 * 2 + 4 * 2 + \
				 ME_CMDQ_MAX * ME_STATE_CMD_BYTES + \
				 ME_CTX_MAX * ME_STATE_CTX_BYTES)

struct me_wr {
	uint8_t *p;
};

struct me_rd {
	const uint8_t *p, *end;
	char *err;
	size_t errlen;
	int bad;
};

static void me_put8(struct me_wr *w, uint8_t v)
{
	*w->p++ = v;
}

static void me_put32(struct me_wr *w, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++)
		me_put8(w, (uint8_t)(v >> (8 * i)));
}

static void me_put64(struct me_wr *w, uint64_t v)
{
	me_put32(w, (uint32_t)v);
	me_put32(w, (uint32_t)(v >> 32));
}

__attribute__((format(printf, 2, 3)))
static int me_rd_fail(struct me_rd *r, const char *fmt, ...)
{
	va_list ap;

	if (!r->bad && r->errlen) {
		va_start(ap, fmt);
		vsnprintf(r->err, r->errlen, fmt, ap);
		va_end(ap);
	}
	r->bad = 1;
	return -1;
}

/* A short record reads as zeros after the first complaint. */
static uint8_t me_get8(struct me_rd *r)
{
	if (r->p >= r->end) {
		me_rd_fail(r, "state record is truncated");
		return 0;
	}
	return *r->p++;
}

static uint32_t me_get32(struct me_rd *r)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < 4; i++)
		v |= (uint32_t)me_get8(r) << (8 * i);
	return v;
}

static uint64_t me_get64(struct me_rd *r)
{
	uint64_t lo = me_get32(r);

	return lo | (uint64_t)me_get32(r) << 32;
}

size_t me_card_state_size(const struct me_card *card)
{
	const struct me_card_config *cfg = &card->cfg;

	return ME_STATE_HEAD_BYTES + (size_t)cfg->istore_size * 8 +
	       (size_t)cfg->n_me * (ME_STATE_ENGINE_BYTES + cfg->lm_size);
}

/* ---- saving ---- */

static void me_save_cmd(struct me_wr *w, const struct me_cmd *c)
{
	me_put64(w, c->due);
	me_put64(w, c->seq);
	me_put8(w, c->opcode);
	me_put8(w, c->ctx);
	me_put8(w, c->space);
	me_put8(w, c->len);
	me_put8(w, c->xfer);
	me_put8(w, c->sig);
	me_put32(w, c->addr);
	for (unsigned i = 0; i < ME_XFER_REGS; i++)
		me_put32(w, c->data[i]);
}

/* Profile marks are not state: a restored card profiles afresh. */
static void me_save_ctx(struct me_wr *w, const struct me_ctx *ctx)
{
	for (unsigned i = 0; i < ME_R_COUNT; i++)
		me_put32(w, ctx->r[i]);
	for (unsigned i = 0; i < ME_LM_INDEXES; i++)
		me_put32(w, ctx->lmi[i]);
	me_put32(w, ctx->pc);
	me_put8(w, ctx->flags);
	me_put8(w, ctx->status);
	me_put32(w, (uint32_t)ctx->signals | (uint32_t)ctx->wait_mask << 16);
	me_put64(w, ctx->insns);
	me_put64(w, ctx->cycles);
	me_put64(w, ctx->wd_used);
}

static void me_save_engine(struct me_wr *w, const struct me_engine *me,
			   uint32_t lm_size)
{
	me_put64(w, me->cycle);
	me_put64(w, me->insns);
	me_put64(w, me->idle);
	me_put64(w, me->ncmds);
	me_put64(w, me->seq);
	me_put32(w, (uint32_t)me->cur);
	me_put32(w, me->last);
	me_put32(w, me->end - me->head);
	me_put32(w, me->nparked);
	for (unsigned i = me->head; i < me->end; i++)
		me_save_cmd(w, &me->cmdq[i]);
	for (unsigned i = 0; i < me->nparked; i++)
		me_save_cmd(w, &me->parked[i]);
	for (unsigned c = 0; c < ME_CTX_MAX; c++)
		me_save_ctx(w, &me->ctx[c]);
	memcpy(w->p, me->lm, lm_size);
	w->p += lm_size;
}

int me_card_state_save(const struct me_card *card, uint8_t *buf, size_t len,
		       char *err, size_t errlen)
{
	struct me_wr w = { buf };

	if (card->running) {
		snprintf(err, errlen, "the card is running (called from an I/O hook)");
		return -1;
	}
	if (len < me_card_state_size(card)) {
		snprintf(err, errlen, "state buffer of %zu bytes, need %zu", len,
			 me_card_state_size(card));
		return -1;
	}
	memset(buf, 0, len);
	me_put32(&w, ME_STATE_MAGIC);
	me_put32(&w, ME_STATE_VERSION);
	me_put32(&w, card->cfg.n_me);
	me_put32(&w, card->cfg.istore_size);
	me_put32(&w, card->cfg.lm_size);
	me_put32(&w, (uint32_t)card->loaded);
	me_put32(&w, card->nctx);
	me_put32(&w, card->code_lo);
	me_put32(&w, card->code_hi);
	me_put64(&w, card->now);
	for (uint32_t i = 0; i < card->cfg.istore_size; i++)
		me_put64(&w, card->words[i]);
	for (unsigned m = 0; card->loaded && m < card->cfg.n_me; m++)
		me_save_engine(&w, &card->me[m], card->cfg.lm_size);
	return 0;
}

/* ---- restoring ---- */

/* The engines as read, applied only when the whole record passed. */
struct me_restore {
	uint64_t now;
	unsigned nctx;
	uint32_t code_lo, code_hi;
	struct me_engine *me;		/* n_me, without code and lm */
	uint8_t *lm;			/* n_me * lm_size */
};

static int me_range_ok(const struct me_card *card, unsigned space,
		       uint32_t addr, uint32_t len)
{
	return space < ME_SPACE_COUNT &&
	       (uint64_t)addr + len <= card->memsize[space];
}

/* Transfer registers a completion writes, from c->xfer on. */
static unsigned me_cmd_xr_count(const struct me_cmd *c)
{
	switch (c->opcode) {
	case ME_OP_MEM_RD: return (c->len + 3u) / 4u;
	case ME_OP_MEM_WR: return 0;
	case ME_OP_PKT_RX: return ME_RX_XR_COUNT;
	case ME_OP_PKT_TX:
	case ME_OP_DMA_TO_HOST:
	case ME_OP_DMA_FROM_HOST: return 1;
	default: return c->len / 4u;	/* atomics return the old value */
	}
}

/* What me_cmd_issue() checked when the command was issued. */
static const char *me_cmd_bad(const struct me_card *card, unsigned nctx,
			      const struct me_cmd *c)
{
	if (c->ctx >= nctx)
		return "context outside the card's";
	if (c->sig >= 16 || c->xfer >= ME_XFER_REGS)
		return "signal or transfer register out of range";
	switch (c->opcode) {
	case ME_OP_PKT_RX:
		break;
	case ME_OP_PKT_TX:
		if (!me_range_ok(card, ME_SPACE_PKT, c->data[ME_TX_XW_ADDR],
				 c->data[ME_TX_XW_LEN]))
			return "pkt_tx outside packet memory";
		break;
	case ME_OP_DMA_TO_HOST:
	case ME_OP_DMA_FROM_HOST:
		if (c->data[ME_DMA_XW_LEN] > ME_DMA_LEN_MAX ||
		    !me_range_ok(card, c->space, c->data[ME_DMA_XW_CARD],
				 c->data[ME_DMA_XW_LEN]))
			return "DMA outside card memory";
		break;
	case ME_OP_MEM_RD:
	case ME_OP_MEM_WR:
		if (!c->len || c->len > ME_MEM_LEN_MAX ||
		    !me_range_ok(card, c->space, c->addr, c->len))
			return "memory command outside card memory";
		break;
	case ME_OP_MEM_ADD: case ME_OP_MEM_AND: case ME_OP_MEM_OR:
	case ME_OP_MEM_XOR: case ME_OP_MEM_SWAP: case ME_OP_MEM_CAS:
		if ((c->len != 4 && c->len != 8) || c->addr % c->len ||
		    c->space == ME_SPACE_PKT ||
		    !me_range_ok(card, c->space, c->addr, c->len))
			return "atomic outside card memory or unaligned";
		break;
	default:
		return "not a command";
	}
	if (c->xfer + me_cmd_xr_count(c) > ME_XFER_REGS)
		return "result past the transfer registers";
	return NULL;
}

static void me_restore_cmd(struct me_rd *r, const struct me_card *card,
			   const struct me_restore *st, struct me_cmd *c,
			   unsigned me, const char *queue)
{
	const char *bad;

	c->due = me_get64(r);
	c->seq = me_get64(r);
	c->opcode = me_get8(r);
	c->ctx = me_get8(r);
	c->space = me_get8(r);
	c->len = me_get8(r);
	c->xfer = me_get8(r);
	c->sig = me_get8(r);
	c->addr = me_get32(r);
	for (unsigned i = 0; i < ME_XFER_REGS; i++)
		c->data[i] = me_get32(r);
	bad = r->bad ? NULL : me_cmd_bad(card, st->nctx, c);
	if (bad)
		me_rd_fail(r, "ME %u %s command (opcode 0x%02x): %s", me, queue,
			   c->opcode, bad);
}

static void me_restore_ctx(struct me_rd *r, const struct me_restore *st,
			   struct me_ctx *ctx, unsigned me, unsigned c)
{
	uint32_t sw;

	for (unsigned i = 0; i < ME_R_COUNT; i++)
		ctx->r[i] = me_get32(r);
	for (unsigned i = 0; i < ME_LM_INDEXES; i++)
		ctx->lmi[i] = me_get32(r);	/* checked at each access */
	ctx->pc = me_get32(r);
	ctx->flags = me_get8(r);
	ctx->status = me_get8(r);
	sw = me_get32(r);
	ctx->signals = (uint16_t)sw;
	ctx->wait_mask = (uint16_t)(sw >> 16);
	ctx->insns = me_get64(r);
	ctx->cycles = me_get64(r);
	ctx->wd_used = me_get64(r);
	if (r->bad)
		return;
	/* pc == code_hi is the sentinel: a context there faults cleanly. */
	if (ctx->status > ME_CTX_FAULTED || ctx->flags > 0xf ||
	    ctx->pc > st->code_hi ||
	    (c >= st->nctx && ctx->status != ME_CTX_HALTED))
		me_rd_fail(r, "ME %u context %u: status %u, flags 0x%x or pc %u out of range",
			   me, c, ctx->status, ctx->flags, ctx->pc);
}

/*
 * An ME runs past the card's time by at most one instruction; a command
 * completes within its latency and transfer time.  Times beyond these
 * would keep a restored card busy idling towards them, run after run.
 */
#define ME_STATE_AHEAD_MAX	1024u

static uint64_t me_state_delay_max(const struct me_card *card)
{
	const struct me_latency *l = &card->cfg.lat;
	uint32_t lat = l->pkt > l->imem ? l->pkt : l->imem;

	lat = lat > l->emem ? lat : l->emem;
	lat += l->atomic_extra;
	lat = lat > l->rx ? lat : l->rx;
	lat = lat > l->tx ? lat : l->tx;
	lat = lat > l->dma ? lat : l->dma;
	return 1 + (uint64_t)lat + ME_DMA_LEN_MAX / ME_CMD_BYTES_PER_CYCLE;
}

static void me_restore_queue_order(struct me_rd *r, const struct me_card *card,
				   const struct me_engine *e)
{
	uint64_t latest = e->cycle + me_state_delay_max(card);

	for (unsigned i = e->head; i < e->end && !r->bad; i++)
		if ((i > e->head && e->cmdq[i].due < e->cmdq[i - 1].due) ||
		    e->cmdq[i].due > latest)
			me_rd_fail(r, "ME %u command %u out of order or due too late",
				   e->index, i);
}

static void me_restore_engine(struct me_rd *r, const struct me_card *card,
			      struct me_restore *st, unsigned m)
{
	struct me_engine *e = &st->me[m];
	uint32_t lm_size = card->cfg.lm_size, cur, nq;

	e->index = m;
	e->cycle = me_get64(r);
	e->insns = me_get64(r);
	e->idle = me_get64(r);
	e->ncmds = me_get64(r);
	e->seq = me_get64(r);
	cur = me_get32(r);
	e->last = me_get32(r);
	nq = me_get32(r);
	e->nparked = me_get32(r);
	if (r->bad)
		return;
	if (e->cycle > st->now + ME_STATE_AHEAD_MAX) {
		me_rd_fail(r, "ME %u is %llu cycles ahead of the card", m,
			   (unsigned long long)(e->cycle - st->now));
		return;
	}
	if ((cur != UINT32_MAX && cur >= st->nctx) || e->last >= st->nctx ||
	    nq > ME_CMDQ_MAX || e->nparked > ME_CMDQ_MAX - nq) {
		me_rd_fail(r, "ME %u: context %d, last %u or %u + %u commands out of range",
			   m, (int)cur, e->last, nq, e->nparked);
		return;
	}
	e->cur = (int)cur;
	e->head = 0;
	e->end = nq;
	for (unsigned i = 0; i < nq && !r->bad; i++)
		me_restore_cmd(r, card, st, &e->cmdq[i], m, "queued");
	for (unsigned i = 0; i < e->nparked && !r->bad; i++) {
		me_restore_cmd(r, card, st, &e->parked[i], m, "parked");
		if (!r->bad && e->parked[i].opcode != ME_OP_PKT_RX)
			me_rd_fail(r, "ME %u parked command is not pkt_rx", m);
	}
	me_restore_queue_order(r, card, e);
	for (unsigned c = 0; c < ME_CTX_MAX && !r->bad; c++)
		me_restore_ctx(r, st, &e->ctx[c], m, c);
	if (r->bad || (size_t)(r->end - r->p) < lm_size) {
		me_rd_fail(r, "state record is truncated");
		return;
	}
	memcpy(st->lm + (size_t)m * lm_size, r->p, lm_size);
	r->p += lm_size;
}

/* The header: the same card shape, a known version, a sane code range. */
static int me_restore_head(struct me_rd *r, const struct me_card *card,
			   struct me_restore *st, int *loaded)
{
	uint32_t magic = me_get32(r), version = me_get32(r);
	uint32_t n_me = me_get32(r), istore = me_get32(r), lm = me_get32(r);

	*loaded = (int)me_get32(r);
	st->nctx = me_get32(r);
	st->code_lo = me_get32(r);
	st->code_hi = me_get32(r);
	if (r->bad)
		return -1;
	if (magic != ME_STATE_MAGIC)
		return me_rd_fail(r, "not an ME state record");
	if (version != ME_STATE_VERSION)
		return me_rd_fail(r, "ME state version %u; this emulator reads version %u only",
				  version, ME_STATE_VERSION);
	if (n_me != card->cfg.n_me || istore != card->cfg.istore_size ||
	    lm != card->cfg.lm_size)
		return me_rd_fail(r, "card shape %u MEs, %u instructions, %u bytes LM differs from this card's %u, %u, %u",
				  n_me, istore, lm, card->cfg.n_me,
				  card->cfg.istore_size, card->cfg.lm_size);
	if (*loaded != 0 && *loaded != 1)
		return me_rd_fail(r, "bad loaded flag %d", *loaded);
	if (*loaded && ((st->nctx != 4 && st->nctx != 8) ||
			st->code_lo >= st->code_hi || st->code_hi > istore))
		return me_rd_fail(r, "%u contexts or code [%u, %u) out of range",
				  st->nctx, st->code_lo, st->code_hi);
	if (!*loaded && (st->nctx || st->code_lo || st->code_hi))
		return me_rd_fail(r, "a card without image has contexts or code");
	return 0;
}

/* The words decoded as the loader decodes them; NULL on error. */
static struct me_dop *me_restore_code(struct me_rd *r, struct me_card *card,
				      const struct me_restore *st,
				      uint64_t *words)
{
	unsigned gprs = card->gprs;
	struct me_dop *code;

	for (uint32_t i = 0; i < card->cfg.istore_size; i++)
		words[i] = me_get64(r);
	if (r->bad)
		return NULL;
	code = calloc((size_t)st->code_hi + 1, sizeof(*code));
	if (!code) {
		me_rd_fail(r, "out of memory");
		return NULL;
	}
	for (uint32_t i = 0; i <= st->code_hi; i++)
		code[i].h = ME_H_END_OPCODE * 2;
	card->gprs = st->nctx == 4 ? ME_GPRS_MAX : ME_GPRS_8CTX;
	if (me_decode_words(card, code, words + st->code_lo,
			    st->code_lo, st->code_hi - st->code_lo,
			    st->code_lo, st->code_hi, r->err, r->errlen)) {
		r->bad = 1;
		card->gprs = gprs;
		free(code);
		return NULL;
	}
	card->gprs = gprs;
	return code;
}

static void me_restore_apply(struct me_card *card, const struct me_restore *st,
			     struct me_dop *code, const uint64_t *words)
{
	me_set_code(card, code);
	for (unsigned m = 0; m < card->cfg.n_me; m++) {
		struct me_engine *e = &card->me[m];
		uint8_t *lm = e->lm;

		*e = st->me[m];
		e->card = card;
		e->code = code;
		e->lm = lm;
		e->poll_epoch = 0;
		me_engine_wake_all(e);
		memcpy(lm, st->lm + (size_t)m * card->cfg.lm_size,
		       card->cfg.lm_size);
	}
	memcpy(card->words, words, card->cfg.istore_size * sizeof(*words));
	card->nctx = st->nctx;
	card->gprs = st->nctx == 4 ? ME_GPRS_MAX : ME_GPRS_8CTX;
	card->code_lo = st->code_lo;
	card->code_hi = st->code_hi;
	card->now = st->now;
	card->stopped = 0;
	memset(&card->stop, 0, sizeof(card->stop));
	me_card_profile_reset(card);
}

static int me_restore_body(struct me_rd *r, struct me_card *card,
			   struct me_restore *st, uint64_t *words)
{
	struct me_dop *code = NULL;
	int loaded = 0;

	if (me_restore_head(r, card, st, &loaded))
		return -1;
	st->now = me_get64(r);
	if (loaded)
		code = me_restore_code(r, card, st, words);
	else
		for (uint32_t i = 0; i < card->cfg.istore_size; i++)
			words[i] = me_get64(r);
	/* Without an image the engines are as created: nothing runs. */
	for (unsigned m = 0; loaded && m < card->cfg.n_me && !r->bad; m++)
		me_restore_engine(r, card, st, m);
	if (r->bad) {
		free(code);
		return -1;
	}
	me_restore_apply(card, st, code, words);
	card->loaded = loaded;
	return 0;
}

int me_card_state_restore(struct me_card *card, const uint8_t *buf,
			  size_t len, char *err, size_t errlen)
{
	struct me_rd r = { buf, buf + len, err, errlen, 0 };
	struct me_restore st = { 0 };
	uint64_t *words;
	int ret = -1;

	if (card->running) {
		snprintf(err, errlen, "the card is running (called from an I/O hook)");
		return -1;
	}
	st.me = calloc(card->cfg.n_me, sizeof(*st.me));
	st.lm = malloc((size_t)card->cfg.n_me * card->cfg.lm_size);
	words = malloc(card->cfg.istore_size * sizeof(*words));
	if (!st.me || !st.lm || !words)
		snprintf(err, errlen, "out of memory");
	else
		ret = me_restore_body(&r, card, &st, words);
	free(st.me);
	free(st.lm);
	free(words);
	return ret;
}
