/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The card: creation, image loading with validation and pre-decoding
 * (docs/isa.md section 6.2), context scheduling (section 2.1) and the run
 * loop that advances MEs in slices (section 6.1).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "me_priv.h"

__attribute__((format(printf, 3, 4)))
static int me_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

void me_card_config_default(struct me_card_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->n_me = 4;
	cfg->istore_size = 16384;
	cfg->lm_size = 16 * 1024;
	cfg->pkt_size = 256 * 1024;
	cfg->imem_size = 256 * 1024;
	cfg->emem_size = 16 * 1024 * 1024;
	cfg->pkt_buf_size = 4096;
	cfg->watchdog_cycles = 1000000;
	cfg->lat = (struct me_latency){
		.pkt = 50, .imem = 120, .emem = 250, .atomic_extra = 20,
		.rx = 100, .tx = 100, .dma = 400,
	};
}

static int me_config_check(const struct me_card_config *cfg, char *err,
			   size_t errlen)
{
	if (cfg->n_me < 1 || cfg->n_me > 64)
		return me_err(err, errlen, "n_me %u not in 1..64", cfg->n_me);
	if (cfg->istore_size < 1 || cfg->istore_size > ME_ISTORE_MAX)
		return me_err(err, errlen, "istore_size %u not in 1..%u",
			      cfg->istore_size, ME_ISTORE_MAX);
	if (cfg->lm_size < 64 || (cfg->lm_size & (cfg->lm_size - 1)))
		return me_err(err, errlen, "lm_size %u is not a power of two >= 64",
			      cfg->lm_size);
	if (cfg->pkt_buf_size < ME_PKT_HEADROOM + 64 || cfg->pkt_buf_size % 64)
		return me_err(err, errlen,
			      "pkt_buf_size %u must be a multiple of 64 and >= %u",
			      cfg->pkt_buf_size, ME_PKT_HEADROOM + 64);
	if (!cfg->pkt_size || !cfg->imem_size || !cfg->emem_size)
		return me_err(err, errlen, "memory sizes must not be 0");
	return 0;
}

int me_card_create(const struct me_card_config *cfg, struct me_card **out,
		   char *err, size_t errlen)
{
	struct me_card *card;

	*out = NULL;
	if (me_config_check(cfg, err, errlen))
		return -1;
	card = calloc(1, sizeof(*card));
	if (!card)
		return me_err(err, errlen, "out of memory");
	card->cfg = *cfg;
	card->memsize[ME_SPACE_PKT] = cfg->pkt_size;
	card->memsize[ME_SPACE_IMEM] = cfg->imem_size;
	card->memsize[ME_SPACE_EMEM] = cfg->emem_size;
	card->me = calloc(cfg->n_me, sizeof(*card->me));
	card->words = calloc(cfg->istore_size, sizeof(*card->words));
	for (unsigned s = 0; s < ME_SPACE_COUNT; s++)
		card->mem[s] = calloc(1, card->memsize[s]);
	for (unsigned m = 0; card->me && m < cfg->n_me; m++) {
		card->me[m].card = card;
		card->me[m].index = m;
		card->me[m].lm = calloc(1, cfg->lm_size);
		if (!card->me[m].lm)
			break;
	}
	if (!card->me || !card->me[cfg->n_me - 1].lm || !card->words ||
	    !card->mem[0] ||
	    !card->mem[1] || !card->mem[2]) {
		me_card_destroy(card);
		return me_err(err, errlen, "out of memory");
	}
	*out = card;
	return 0;
}

void me_card_destroy(struct me_card *card)
{
	if (!card)
		return;
	if (card->me) {
		free(card->me[0].code);
		for (unsigned m = 0; m < card->cfg.n_me; m++)
			free(card->me[m].lm);
	}
	for (unsigned s = 0; s < ME_SPACE_COUNT; s++)
		free(card->mem[s]);
	free(card->me);
	free(card->words);
	free(card->prof);
	free(card);
}

/* ---- loading (section 6.2) ---- */

static uint8_t me_flat(struct me_operand o)
{
	switch (o.kind) {
	case ME_OPK_GPR_A: return (uint8_t)(ME_R_A + o.index);
	case ME_OPK_GPR_B: return (uint8_t)(ME_R_B + o.index);
	case ME_OPK_XR: return (uint8_t)(ME_R_XR + o.index);
	case ME_OPK_XW: return (uint8_t)(ME_R_XW + o.index);
	default: return 0;
	}
}

static int me_cond_holds(unsigned cond, unsigned fl)
{
	int z = !!(fl & ME_FL_Z), n = !!(fl & ME_FL_N);
	int c = !!(fl & ME_FL_C), v = !!(fl & ME_FL_V);

	switch (cond) {
	case ME_COND_EQ: return z;
	case ME_COND_NE: return !z;
	case ME_COND_LO: return c;
	case ME_COND_HS: return !c;
	case ME_COND_MI: return n;
	case ME_COND_PL: return !n;
	case ME_COND_VS: return v;
	case ME_COND_VC: return !v;
	case ME_COND_HI: return !c && !z;
	case ME_COND_LS: return c || z;
	case ME_COND_GE: return n == v;
	case ME_COND_LT: return n != v;
	case ME_COND_GT: return !z && n == v;
	case ME_COND_LE: return z || n != v;
	default: return 1;	/* ME_COND_AL */
	}
}

/* Truth table over the 16 flag states, so br is one shift in the loop. */
static uint32_t me_cond_table(unsigned cond)
{
	uint32_t t = 0;

	for (unsigned fl = 0; fl < 16; fl++)
		if (me_cond_holds(cond, fl))
			t |= 1u << fl;
	return t;
}

static void me_predecode(const struct me_insn *in, struct me_dop *op)
{
	int bimm = in->srcb.kind == ME_OPK_IMM_Z || in->srcb.kind == ME_OPK_IMM_S;

	memset(op, 0, sizeof(*op));
	op->h = (uint16_t)(in->op * 2 + bimm);
	op->d = me_flat(in->dst);
	op->a = me_flat(in->srca);
	op->b = me_flat(in->srcb);
	op->imm = bimm ? me_operand_imm_value(in->srcb, in->imm) : in->imm;
	switch (me_opinfo(in->op)->format) {
	case ME_FMT_EXT:
	case ME_FMT_INS:
		op->p1 = in->pos;
		op->aux = in->width == 32 ? UINT32_MAX : (1u << in->width) - 1;
		break;
	case ME_FMT_BR:
	case ME_FMT_BRCMP: op->aux = me_cond_table(in->cond); break;
	case ME_FMT_BRCMPI:
		op->aux = me_cond_table(in->cond) | (uint32_t)(uint16_t)in->cmpimm << 16;
		break;
	case ME_FMT_BRBIT: op->p1 = in->bit; break;
	case ME_FMT_LMLD:
	case ME_FMT_LMST:
		op->p1 = in->lmi;
		op->aux = (uint32_t)(int32_t)in->lmoff;
		break;
	case ME_FMT_LMSET:
	case ME_FMT_LMGET: op->p1 = in->lmi; break;
	case ME_FMT_CSRRD:
	case ME_FMT_CSRWR: op->aux = in->csr; break;
	case ME_FMT_MEM:
	case ME_FMT_IO:
	case ME_FMT_DMA:
		op->p1 = in->space;
		op->p2 = in->sig;
		op->p3 = in->swap;
		op->aux = in->len;
		break;
	default:
		break;
	}
}

static int me_target_ok(const struct me_insn *in, uint32_t lo, uint32_t hi)
{
	if (!me_format_has_target(me_opinfo(in->op)->format))
		return 1;
	return in->imm >= lo && in->imm < hi;
}

/*
 * Validate and pre-decode n words into code[first..first + n), every
 * branch and call target inside [lo, hi): the whole code as it will be.
 */
int me_decode_words(struct me_card *card, struct me_dop *code,
		    const uint64_t *words, uint32_t first, uint32_t n,
		    uint32_t lo, uint32_t hi, char *err, size_t errlen)
{
	char msg[160];

	for (uint32_t i = 0; i < n; i++) {
		struct me_insn in;
		uint64_t w = words[i];

		if (me_decode(w, &in, msg, sizeof(msg)) ||
		    me_insn_check(&in, card->gprs, msg, sizeof(msg)))
			return me_err(err, errlen, "instruction %u (0x%016llx): %s",
				      first + i, (unsigned long long)w, msg);
		if (!me_target_ok(&in, lo, hi))
			return me_err(err, errlen,
				      "instruction %u (0x%016llx): %s target %u outside the code [%u, %u)",
				      first + i, (unsigned long long)w,
				      me_opinfo(in.op)->mnemonic, in.imm, lo, hi);
		me_predecode(&in, &code[first + i]);
	}
	return 0;
}

static int me_load_code(struct me_card *card, const struct me_image *img,
			struct me_dop *code, char *err, size_t errlen)
{
	uint32_t lo = img->code_addr, hi = img->code_addr + img->ncode;

	for (uint32_t i = 0; i <= hi; i++)
		code[i].h = ME_H_END_OPCODE * 2;
	return me_decode_words(card, code, img->code, lo, img->ncode, lo, hi,
			       err, errlen);
}

/* Every ME runs the same code; card->words keeps what it was decoded from. */
void me_set_code(struct me_card *card, struct me_dop *code)
{
	free(card->me[0].code);
	for (unsigned m = 0; m < card->cfg.n_me; m++)
		card->me[m].code = code;
}

static uint8_t *me_sect_mem(struct me_card *card, unsigned sect, uint32_t *size)
{
	switch (sect) {
	case ME_SECT_LM: *size = card->cfg.lm_size; return card->me[0].lm;
	case ME_SECT_PKT: *size = card->memsize[ME_SPACE_PKT]; break;
	case ME_SECT_IMEM: *size = card->memsize[ME_SPACE_IMEM]; break;
	case ME_SECT_EMEM: *size = card->memsize[ME_SPACE_EMEM]; break;
	default: return NULL;
	}
	return card->mem[sect - ME_SECT_PKT];
}

static const char *const me_sect_names[] = {
	[ME_SECT_CODE] = "code", [ME_SECT_LM] = "lm", [ME_SECT_PKT] = "pkt",
	[ME_SECT_IMEM] = "imem", [ME_SECT_EMEM] = "emem", [ME_SECT_SYMS] = "syms",
};

static int me_load_check(struct me_card *card, const struct me_image *img,
			 char *err, size_t errlen)
{
	uint64_t bufs = (uint64_t)card->cfg.n_me * img->contexts *
			card->cfg.pkt_buf_size;

	if (img->contexts != 4 && img->contexts != 8)
		return me_err(err, errlen, "image asks for %u contexts; 4 or 8",
			      img->contexts);
	if (!img->ncode)
		return me_err(err, errlen, "image has no code");
	if ((uint64_t)img->code_addr + img->ncode > card->cfg.istore_size)
		return me_err(err, errlen,
			      "code needs %llu instructions (from %u) but the instruction store holds %u",
			      (unsigned long long)img->code_addr + img->ncode,
			      img->code_addr, card->cfg.istore_size);
	if (img->entry < img->code_addr || img->entry >= img->code_addr + img->ncode)
		return me_err(err, errlen, "entry %u outside the code", img->entry);
	if (bufs > card->memsize[ME_SPACE_PKT])
		return me_err(err, errlen,
			      "packet buffers need %llu bytes, packet memory has %u",
			      (unsigned long long)bufs, card->memsize[ME_SPACE_PKT]);
	for (unsigned i = 0; i < img->ndata; i++) {
		const struct me_image_data *d = &img->data[i];
		uint32_t size = 0;

		if (!me_sect_mem(card, d->sect, &size))
			return me_err(err, errlen, "data section %u has bad type %u",
				      i, d->sect);
		if ((uint64_t)d->addr + d->size > size)
			return me_err(err, errlen,
				      "%s section at 0x%x of %u bytes does not fit %u bytes",
				      me_sect_names[d->sect], d->addr, d->size, size);
	}
	return 0;
}

static void me_engine_reset(struct me_card *card, struct me_engine *me,
			    uint32_t entry)
{
	memset(me->ctx, 0, sizeof(me->ctx));
	for (unsigned c = 0; c < ME_CTX_MAX; c++) {
		me->ctx[c].pc = entry;
		me->ctx[c].status = c < card->nctx ? ME_CTX_READY : ME_CTX_HALTED;
	}
	me->cur = -1;
	me->last = card->nctx - 1;
	me->cycle = me->insns = me->idle = me->ncmds = me->seq = 0;
	me->head = me->end = me->nparked = 0;
	me->poll_epoch = 0;
	me_engine_wake_all(me);
	memset(me->lm, 0, card->cfg.lm_size);
}

static void me_load_data(struct me_card *card, const struct me_image *img)
{
	for (unsigned s = 0; s < ME_SPACE_COUNT; s++)
		memset(card->mem[s], 0, card->memsize[s]);
	for (unsigned i = 0; i < img->ndata; i++) {
		const struct me_image_data *d = &img->data[i];
		uint32_t size;

		if (d->sect == ME_SECT_LM) {
			for (unsigned m = 0; m < card->cfg.n_me; m++)
				memcpy(card->me[m].lm + d->addr, d->bytes, d->size);
			continue;
		}
		memcpy(me_sect_mem(card, d->sect, &size) + d->addr, d->bytes,
		       d->size);
	}
}

int me_card_load(struct me_card *card, const struct me_image *img,
		 char *err, size_t errlen)
{
	struct me_dop *code;
	unsigned old_nctx = card->nctx, old_gprs = card->gprs;

	if (me_load_check(card, img, err, errlen))
		return -1;
	card->nctx = img->contexts;
	card->gprs = img->contexts == 4 ? ME_GPRS_MAX : ME_GPRS_8CTX;
	/* Sized only after the check: the image may be hostile. */
	code = calloc((size_t)img->code_addr + img->ncode + 1, sizeof(*code));
	if (!code || me_load_code(card, img, code, err, errlen)) {
		if (!code)
			me_err(err, errlen, "out of memory");
		free(code);
		card->nctx = old_nctx;
		card->gprs = old_gprs;
		return -1;
	}
	me_set_code(card, code);
	for (unsigned m = 0; m < card->cfg.n_me; m++)
		me_engine_reset(card, &card->me[m], img->entry);
	memcpy(card->words + img->code_addr, img->code,
	       (size_t)img->ncode * sizeof(*card->words));
	card->code_lo = img->code_addr;
	card->code_hi = img->code_addr + img->ncode;
	me_card_profile_reset(card);
	me_load_data(card, img);
	card->now = 0;
	card->stopped = 0;
	card->loaded = 1;
	return 0;
}

/* ---- replacing code of a running card (section 13) ---- */

/* A context that could still run at or past addr would run mixed code. */
static int me_patch_ctx_check(const struct me_card *card, uint32_t addr,
			      char *err, size_t errlen)
{
	for (unsigned m = 0; m < card->cfg.n_me; m++)
		for (unsigned c = 0; c < card->nctx; c++) {
			const struct me_ctx *ctx = &card->me[m].ctx[c];

			if ((ctx->status == ME_CTX_READY ||
			     ctx->status == ME_CTX_WAITING) && ctx->pc >= addr)
				return me_err(err, errlen,
					      "ME %u context %u is at %u, inside the code being replaced (from %u)",
					      m, c, ctx->pc, addr);
		}
	return 0;
}

/* Kept code [code_lo, addr) must not branch past the new end hi. */
static int me_patch_kept_check(const struct me_card *card,
			       const struct me_dop *code, uint32_t addr,
			       uint32_t hi, char *err, size_t errlen)
{
	for (uint32_t i = card->code_lo; i < addr; i++) {
		const struct me_opinfo *oi = me_opinfo(code[i].h / 2);

		if (me_format_has_target(oi->format) && code[i].imm >= hi)
			return me_err(err, errlen,
				      "instruction %u: %s target %u outside the new code [%u, %u)",
				      i, oi->mnemonic, code[i].imm, card->code_lo,
				      hi);
	}
	return 0;
}

static int me_patch_check(const struct me_card *card, uint32_t addr,
			  uint32_t n, char *err, size_t errlen)
{
	if (!card->loaded)
		return me_err(err, errlen, "no image loaded");
	if (card->running)
		return me_err(err, errlen, "the card is running (called from an I/O hook)");
	if (!n)
		return me_err(err, errlen, "no words to write");
	if (addr < card->code_lo || addr > card->code_hi)
		return me_err(err, errlen,
			      "code from %u does not start inside or right after the code [%u, %u)",
			      addr, card->code_lo, card->code_hi);
	if ((uint64_t)addr + n > card->cfg.istore_size)
		return me_err(err, errlen,
			      "code needs %llu instructions (from %u) but the instruction store holds %u",
			      (unsigned long long)addr + n, addr,
			      card->cfg.istore_size);
	return me_patch_ctx_check(card, addr, err, errlen);
}

int me_card_replace_code(struct me_card *card, uint32_t addr,
			 const uint64_t *words, uint32_t n,
			 char *err, size_t errlen)
{
	uint32_t hi = addr + n;
	struct me_dop *code;

	if (me_patch_check(card, addr, n, err, errlen))
		return -1;
	/* A new array: the old one stays intact if the words are refused. */
	code = calloc((size_t)hi + 1, sizeof(*code));
	if (!code)
		return me_err(err, errlen, "out of memory");
	memcpy(code, card->me[0].code, (size_t)addr * sizeof(*code));
	code[hi].h = ME_H_END_OPCODE * 2;
	if (me_patch_kept_check(card, code, addr, hi, err, errlen) ||
	    me_decode_words(card, code, words, addr, n, card->code_lo, hi,
			    err, errlen)) {
		free(code);
		return -1;
	}
	me_set_code(card, code);
	memcpy(card->words + addr, words, (size_t)n * sizeof(*words));
	card->code_hi = hi;
	if (card->prof)		/* the counts of the old code there are void */
		memset(card->prof + addr, 0,
		       (card->cfg.istore_size - addr) * sizeof(*card->prof));
	return 0;
}

/* ---- running (sections 2.1, 6) ---- */

void me_fault(struct me_engine *me, struct me_ctx *ctx, uint32_t pc,
	      const char *fmt, ...)
{
	struct me_card *card = me->card;
	va_list ap;

	ctx->status = ME_CTX_FAULTED;
	me_ctx_wake_update(me, ctx);
	ctx->pc = pc;		/* snapshots show the faulting instruction */
	me->cur = -1;
	if (card->stopped)
		return;
	card->stopped = 1;
	card->stop.reason = ME_STOP_FAULT;
	card->stop.me = me->index;
	card->stop.ctx = me_ctx_index(me, ctx);
	card->stop.pc = pc;
	va_start(ap, fmt);
	vsnprintf(card->stop.msg, sizeof(card->stop.msg), fmt, ap);
	va_end(ap);
}

void me_engine_wake_all(struct me_engine *me)
{
	me->wake = 0;
	for (unsigned c = 0; c < ME_CTX_MAX; c++)
		me_ctx_wake_update(me, &me->ctx[c]);
}

/* Round robin (section 2.1): the first context after the last that ran. */
static int me_pick_next(const struct me_engine *me)
{
	unsigned n = me->card->nctx, c = me->last;
	uint32_t after;

	if (me->card->cfg.no_fast_paths) {	/* look at each in turn */
		for (unsigned i = 0; i < n; i++) {
			c = c + 1 == n ? 0 : c + 1;
			if (me_ctx_can_run(&me->ctx[c]))
				return (int)c;
		}
		return -1;
	}
	if (!me->wake)
		return -1;
	after = me->wake & ~((2u << me->last) - 1);
	return __builtin_ctz(after ? after : me->wake);
}

static struct me_ctx *me_pick(struct me_engine *me)
{
	struct me_ctx *ctx;
	int c;

	if (me->cur >= 0)
		return &me->ctx[me->cur];
	c = me_pick_next(me);
	if (c < 0)
		return NULL;
	ctx = &me->ctx[c];
	if (ctx->status == ME_CTX_WAITING) {
		ctx->signals &= (uint16_t)~ctx->wait_mask;
		ctx->wait_mask = 0;
		ctx->status = ME_CTX_READY;
	}
	me->cur = c;
	me->last = (unsigned)c;
	return ctx;
}

/*
 * An ME that would only idle until its next command completes: no context
 * holds it or can run, and its parked pkt_rx commands were all asked
 * since the world last moved.
 */
static int me_asleep(const struct me_engine *me)
{
	return me->cur < 0 && !me_parked_stale(me) && !me->wake;
}

static void me_watchdog(struct me_engine *me, struct me_ctx *ctx)
{
	struct me_card *card = me->card;

	me_fault(me, ctx, ctx->pc,
		 "watchdog: context ran %llu cycles without pkt_rx (limit %llu)",
		 (unsigned long long)ctx->wd_used,
		 (unsigned long long)card->cfg.watchdog_cycles);
	card->stop.reason = ME_STOP_WATCHDOG;
}

int me_alone_wait(struct me_engine *me, struct me_ctx *ctx,
		  uint64_t *slice_end, uint64_t run_end)
{
	const uint32_t self = 1u << me_ctx_index(me, ctx);
	uint64_t until = *slice_end, next;
	int again = 0;

	me_ctx_wake_update(me, ctx);
	for (;;) {
		if (me->cycle >= until) {
			if (until >= run_end || !me_others_still(me))
				break;
			until = me_single_slices(me->card, until, me->cycle, run_end);
		}
		me_cmd_complete_due(me);
		if (me_card_stale(me) || (me->wake & ~self))
			break;
		if (me->wake & self) {	/* me_pick's choice: the only one */
			ctx->signals &= (uint16_t)~ctx->wait_mask;
			ctx->wait_mask = 0;
			ctx->status = ME_CTX_READY;
			again = 1;
			break;
		}
		next = me_cmd_next_due(me);
		if (next == UINT64_MAX)
			break;
		until = me_single_slices(me->card, until,
					 next < run_end ? next : run_end, run_end);
		next = next < until ? next : until;
		me->idle += next - me->cycle;
		me->cycle = next;
	}
	*slice_end = until;
	return again;
}

/*
 * Run one ME in the slice [from, until) of a run ending at run_end: 0 ran,
 * 1 nothing left to do, -1 stopped.  While the other MEs are still
 * (me_others_still: on a card of one ME always) it goes on into the
 * following slices up to run_end (me_single_slices, and a context's turn
 * through struct me_turn): card->now is then the last slice's start.
 */
static int me_engine_run(struct me_engine *me, uint64_t from, uint64_t until,
			 uint64_t run_end)
{
	struct me_card *card = me->card;
	uint64_t wd = card->cfg.watchdog_cycles;
	const int profiling = card->profiling;	/* only changes between runs */
	const int single = card->still_epoch != ME_STILL_NEVER;

	if (me->cycle < from) {
		me->idle += from - me->cycle;
		me->cycle = from;
	}
	for (;;) {
		struct me_turn turn = {
			.slice_end = until, .run_end = single ? run_end : 0,
			.wd_at = UINT64_MAX,
		};
		struct me_ctx *ctx;
		enum me_exec_exit why;

		if (me->cycle >= until) {
			if (!single || until >= run_end || !me_others_still(me))
				return 0;
			until = me_single_slices(card, until, me->cycle, run_end);
			continue;
		}
		me_cmd_complete_due(me);
		if (me_parked_stale(me))
			me_cmd_poll_parked(me);
		ctx = me_pick(me);
		if (!ctx) {
			uint64_t next = me_cmd_next_due(me);

			if (next == UINT64_MAX)
				return 1;
			if (me_others_still(me))	/* idle through the slices before it */
				until = me_single_slices(card, until,
							 next < run_end ? next : run_end,
							 run_end);
			next = next < until ? next : until;
			me->idle += next - me->cycle;
			me->cycle = next;
			continue;
		}
		if (wd)
			turn.wd_at = me->cycle +
				     (wd > ctx->wd_used ? wd - ctx->wd_used : 0);
		why = profiling ? me_exec_profiled(me, ctx, &turn) :
				  me_exec(me, ctx, &turn);
		if (why == ME_EXEC_FAULT)
			return -1;
		me_ctx_wake_update(me, ctx);
		if (single)
			until = me_slice_next_end(card->now, run_end);
		if (why == ME_EXEC_SWAP)
			me->cur = -1;
		else if (wd && ctx->wd_used >= wd) {
			me_watchdog(me, ctx);
			return -1;
		}
	}
}

/*
 * Whole slices in which no ME would do anything but idle (every one is
 * asleep until a command completes after the slice, or already past the
 * slice's end) pass at once, each ME left as running them would leave it:
 * one still waiting for a command at the end of the last, one with no
 * command at all at that slice's start.
 */
static void me_card_skip_idle(struct me_card *card, uint64_t run_end)
{
	uint64_t bound = UINT64_MAX, skip_to, last_from;

	if (card->cfg.no_fast_paths)
		return;
	for (unsigned m = 0; m < card->cfg.n_me; m++) {
		const struct me_engine *me = &card->me[m];
		uint64_t until = me_asleep(me) ? me_cmd_next_due(me) : me->cycle;

		bound = until < bound ? until : bound;
	}
	/* all asleep with nothing in flight: the card is quiet, the slice says so */
	if (bound == UINT64_MAX)
		return;
	bound = bound < run_end ? bound : run_end;
	if (bound < card->now || bound - card->now < ME_SLICE)
		return;
	skip_to = card->now + (bound - card->now) / ME_SLICE * ME_SLICE;
	last_from = skip_to - ME_SLICE;
	for (unsigned m = 0; m < card->cfg.n_me; m++) {
		struct me_engine *me = &card->me[m];
		uint64_t at = me_cmd_next_due(me) == UINT64_MAX ? last_from : skip_to;

		if (me->cycle < at) {
			me->idle += at - me->cycle;
			me->cycle = at;
		}
	}
	card->now = skip_to;
}

static enum me_stop me_card_quiet_reason(const struct me_card *card)
{
	for (unsigned m = 0; m < card->cfg.n_me; m++)
		for (unsigned c = 0; c < card->nctx; c++)
			if (card->me[m].ctx[c].status == ME_CTX_WAITING ||
			    card->me[m].ctx[c].status == ME_CTX_READY)
				return ME_STOP_IDLE;
	return ME_STOP_HALTED;
}

static enum me_stop me_card_stop(struct me_card *card, enum me_stop reason,
				 struct me_stop_info *info)
{
	if (reason != ME_STOP_FAULT && reason != ME_STOP_WATCHDOG) {
		memset(&card->stop, 0, sizeof(card->stop));
		card->stop.reason = reason;
	}
	card->stopped = 0;
	card->running = 0;
	if (info)
		*info = card->stop;
	return reason;
}

/*
 * Before me runs in a slice: when every other ME would do nothing in the
 * slices to come (me_others_still), the io_epoch until which that holds
 * (ME_STILL_ALWAYS when none of them has parked pkt_rx, which only a
 * frame could wake), else ME_STILL_NEVER.  Parked pkt_rx of theirs to ask
 * again are asked now, as it were, when rx_waiting says each would get
 * none: nothing changes until the epoch moves, which ends the stillness.
 */
static uint64_t me_card_still_epoch(struct me_card *card,
				    const struct me_engine *me)
{
	uint64_t still = ME_STILL_ALWAYS;

	if (card->cfg.no_fast_paths)
		return ME_STILL_NEVER;
	if (card->cfg.n_me == 1)
		return ME_STILL_ALWAYS;
	/* an ME with nothing to run or wait for gains nothing: spare the look */
	if (me->cur < 0 && !me->wake && me->head == me->end)
		return ME_STILL_NEVER;
	for (unsigned m = 0; m < card->cfg.n_me; m++) {
		struct me_engine *o = &card->me[m];

		if (o == me)
			continue;
		if (o->cur >= 0 || o->wake || o->head != o->end)
			return ME_STILL_NEVER;
		if (!o->nparked)
			continue;
		if (o->poll_epoch != card->io_epoch) {
			if (me_rx_waiting(card))
				return ME_STILL_NEVER;
			o->poll_epoch = card->io_epoch;
		}
		still = card->io_epoch;
	}
	return still;
}

void me_card_pass_still(struct me_card *card, uint64_t prev)
{
	for (unsigned m = 0; m < card->cfg.n_me; m++) {
		struct me_engine *me = &card->me[m];
		uint64_t at = m < card->run_me ? card->now : prev;

		if (m != card->run_me && me->cycle < at) {
			me->idle += at - me->cycle;
			me->cycle = at;
		}
	}
}

enum me_stop me_card_run(struct me_card *card, uint64_t budget,
			 struct me_stop_info *info)
{
	uint64_t end = card->now + budget < card->now ? UINT64_MAX :
		       card->now + budget;

	if (!card->loaded) {
		snprintf(card->stop.msg, sizeof(card->stop.msg), "no image loaded");
		card->stop.reason = ME_STOP_FAULT;
		return me_card_stop(card, ME_STOP_FAULT, info);
	}
	card->running = 1;
	me_io_changed(card);	/* frames may have come since the last run */
	while (card->now < end) {
		uint64_t latest = 0;
		int quiet = 1;

		me_card_skip_idle(card, end);
		if (card->now == end)
			break;
		for (unsigned m = 0; m < card->cfg.n_me; m++) {
			struct me_engine *me = &card->me[m];
			int r;

			card->run_me = m;
			card->still_epoch = me_card_still_epoch(card, me);
			r = me_engine_run(me, card->now,
					  me_slice_next_end(card->now, end), end);
			if (r < 0) {
				card->now = me->cycle > card->now ? me->cycle : card->now;
				return me_card_stop(card, card->stop.reason, info);
			}
			quiet &= r;
			/* MEs it passed (me_card_pass_still) stay at or below it */
			latest = me->cycle > latest ? me->cycle : latest;
		}
		if (quiet) {
			card->now = latest > card->now ? latest : card->now;
			return me_card_stop(card, me_card_quiet_reason(card), info);
		}
		card->now = me_slice_next_end(card->now, end);
	}
	return me_card_stop(card, ME_STOP_BUDGET, info);
}

void me_card_rx_changed(struct me_card *card)
{
	me_io_changed(card);
}

/* ---- profile (section 6.3) ---- */

/* A wait that began before the profile was (re)started is not charged. */
static void me_profile_forget_waits(struct me_card *card)
{
	for (unsigned m = 0; m < card->cfg.n_me; m++)
		for (unsigned c = 0; c < ME_CTX_MAX; c++)
			card->me[m].ctx[c].prof_left_pc = 0;
}

int me_card_profile_start(struct me_card *card, char *err, size_t errlen)
{
	if (!card->prof)
		card->prof = calloc(card->cfg.istore_size, sizeof(*card->prof));
	if (!card->prof)
		return me_err(err, errlen, "out of memory for the profile");
	if (!card->profiling)
		me_profile_forget_waits(card);
	card->profiling = 1;
	return 0;
}

void me_card_profile_stop(struct me_card *card)
{
	card->profiling = 0;
}

void me_card_profile_reset(struct me_card *card)
{
	if (card->prof)
		memset(card->prof, 0, card->cfg.istore_size * sizeof(*card->prof));
	me_profile_forget_waits(card);
}

const struct me_profile_insn *me_card_profile(const struct me_card *card,
					      uint32_t *n)
{
	*n = card->prof ? card->cfg.istore_size : 0;
	return card->prof;
}

int me_card_profile_restore(struct me_card *card, const uint64_t *words,
			    uint32_t n, int on, char *err, size_t errlen)
{
	if (n && n != card->cfg.istore_size)
		return me_err(err, errlen, "profile of %u entries for %u istore words",
			      n, card->cfg.istore_size);
	if (on && !n)
		return me_err(err, errlen, "profile running without entries");
	if (n && me_card_profile_start(card, err, errlen))
		return -1;
	for (uint32_t i = 0; i < n; i++)
		card->prof[i] = (struct me_profile_insn){
			.count = words[3 * i],
			.cycles = words[3 * i + 1],
			.wait = words[3 * i + 2],
		};
	if (!on)
		me_card_profile_stop(card);
	return 0;
}

/* ---- inspection ---- */

unsigned me_card_num_me(const struct me_card *card)
{
	return card->cfg.n_me;
}

unsigned me_card_num_ctx(const struct me_card *card)
{
	return card->nctx;
}

uint64_t me_card_cycles(const struct me_card *card)
{
	return card->now;
}

int me_card_ctx_state(const struct me_card *card, unsigned me, unsigned ctx,
		      struct me_ctx_state *st)
{
	const struct me_ctx *c;

	if (me >= card->cfg.n_me || ctx >= card->nctx)
		return -1;
	c = &card->me[me].ctx[ctx];
	memset(st, 0, sizeof(*st));	/* padding too: callers compare snapshots */
	st->status = (enum me_ctx_status)c->status;
	st->pc = c->pc;
	memcpy(st->a, c->r + ME_R_A, sizeof(st->a));
	memcpy(st->b, c->r + ME_R_B, sizeof(st->b));
	memcpy(st->xr, c->r + ME_R_XR, sizeof(st->xr));
	memcpy(st->xw, c->r + ME_R_XW, sizeof(st->xw));
	memcpy(st->lmi, c->lmi, sizeof(st->lmi));
	st->signals = c->signals;
	st->wait_mask = c->wait_mask;
	st->z = !!(c->flags & ME_FL_Z);
	st->n = !!(c->flags & ME_FL_N);
	st->c = !!(c->flags & ME_FL_C);
	st->v = !!(c->flags & ME_FL_V);
	st->insns = c->insns;
	st->cycles = c->cycles;
	return 0;
}

int me_card_counters(const struct me_card *card, unsigned me,
		     struct me_counters *out)
{
	const struct me_engine *e;

	if (me >= card->cfg.n_me)
		return -1;
	e = &card->me[me];
	memset(out, 0, sizeof(*out));
	out->cycles = e->cycle;
	out->insns = e->insns;
	out->idle_cycles = e->idle;
	out->commands = e->ncmds;
	return 0;
}

uint8_t *me_card_mem(struct me_card *card, enum me_mem mem, unsigned me,
		     uint32_t *size)
{
	if (mem == ME_MEM_LM) {
		if (me >= card->cfg.n_me)
			return NULL;
		*size = card->cfg.lm_size;
		return card->me[me].lm;
	}
	if ((unsigned)mem >= ME_SPACE_COUNT)
		return NULL;
	*size = card->memsize[mem];
	return card->mem[mem];
}
