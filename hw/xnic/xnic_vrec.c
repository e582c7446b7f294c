// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic verdict recorder (docs/device.md "Verdict recorder"): the card's
 * side of docs/verdicts.md.  The firmware reports each frame's verdict
 * with one write of card CSR XNIC_CSR_VERDICT after the XDP slot returned
 * and the action was carried out; the recorder builds the record from
 * what the card knows (the frame's wire sequence number, length and RX
 * queue) and from the context's xdp_md block and packet buffer, exactly
 * as the driver does for native XDP, so that both can be compared.  The
 * driver drains the ring through a BAR0 window.  Records exist only while
 * a program is installed: the firmware's own default slot is not XDP.
 */
#include <stdlib.h>
#include <string.h>

#include "xnic_core.h"
#include "xnic/card.h"
#include "xnic/verdict.h"
#include "me/me.h"

static bool xnic_vrec_enabled(struct xnic_core *core)
{
	return *xnic_core_reg(core, XNIC_REG_VREC_CTRL) & XNIC_VREC_CTRL_ENABLE;
}

int xnic_vrec_create(struct xnic_core *core, unsigned int n_ctx)
{
	core->vrec = calloc(XNIC_VREC_DEPTH, XNIC_VERDICT_SIZE);
	core->vrec_ctx = calloc(n_ctx, sizeof(*core->vrec_ctx));
	return core->vrec && core->vrec_ctx ? 0 : -1;
}

void xnic_vrec_destroy(struct xnic_core *core)
{
	free(core->vrec);
	core->vrec = NULL;
	free(core->vrec_ctx);
	core->vrec_ctx = NULL;
}

/* Empty ring; CTRL and LOST are the register file's to reset. */
void xnic_vrec_reset(struct xnic_core *core)
{
	core->vrec_head = 0;
	*xnic_core_reg(core, XNIC_REG_VREC_COUNT) = 0;
}

/* A migrated ring: its head and count index the records. */
const char *xnic_vrec_post_load(struct xnic_core *core)
{
	if (core->vrec_head >= XNIC_VREC_DEPTH ||
	    *xnic_core_reg(core, XNIC_REG_VREC_COUNT) > XNIC_VREC_DEPTH)
		return "verdict ring head or count out of range";
	return NULL;
}

/* CTRL write: enable or disable, and start again from an empty ring. */
void xnic_vrec_write_ctrl(struct xnic_core *core, unsigned int q,
			  uint32_t off, uint32_t old)
{
	xnic_vrec_reset(core);
	*xnic_core_reg(core, XNIC_REG_VREC_LOST) = 0;
}

void xnic_vrec_write_pop(struct xnic_core *core, unsigned int q,
			 uint32_t off, uint32_t old)
{
	uint32_t *count = xnic_core_reg(core, XNIC_REG_VREC_COUNT);

	if (!*count) {
		xnic_env_guest_error(core, XNIC_ERR_BAD_REG,
				     "VREC_POP with no verdict record waiting");
		return;
	}
	core->vrec_head = (core->vrec_head + 1) % XNIC_VREC_DEPTH;
	(*count)--;
}

/* A word of the VREC_DATA window: the oldest record, zeros when none. */
uint32_t xnic_vrec_read(struct xnic_core *core, uint32_t off)
{
	if (!*xnic_core_reg(core, XNIC_REG_VREC_COUNT) ||
	    off >= XNIC_VERDICT_SIZE)
		return 0;
	return xnic_core_ld_le32(core->vrec[core->vrec_head] + off);
}

/*
 * A context took a frame: keep what the record needs from the frame as
 * it came, before the program changes it.  The queue is the one the
 * card's flow hash gives the original frame, the queue native XDP sees it
 * on, so that records of both modes match field for field.
 */
void xnic_vrec_frame_in(struct xnic_core *core, unsigned int slot,
			const uint8_t *frame, uint32_t len)
{
	struct xnic_vrec_ctx *c = &core->vrec_ctx[slot];
	int q;

	if (!xnic_vrec_enabled(core))
		return;
	q = xnic_rss_queue(core, frame, len);
	c->in_len = len;
	c->queue = q < 0 ? 0 : q;
}

/* The emitted bytes: data..data_end of the xdp_md block at md in lm. */
static const char *xnic_vrec_output(struct xnic_core *core, const uint8_t *lm,
				    uint32_t md, const uint8_t **out,
				    uint32_t *len)
{
	uint32_t data = xnic_core_ld_le32(lm + md + XNIC_MD_DATA);
	uint32_t end = xnic_core_ld_le32(lm + md + XNIC_MD_DATA_END);
	uint32_t pkt_size;
	uint8_t *pkt = me_card_mem(core->card, ME_MEM_PKT, 0, &pkt_size);

	if (data > end || end > pkt_size || end - data > UINT16_MAX)
		return "data..data_end outside packet memory";
	*out = pkt + data;
	*len = end - data;
	return NULL;
}

static void xnic_vrec_fill(uint8_t *r, uint32_t seq,
			   const struct xnic_vrec_ctx *c, uint8_t action,
			   uint8_t flags, const uint8_t *out, uint32_t len)
{
	memset(r, 0, XNIC_VERDICT_SIZE);
	xnic_core_st_le32(r + XNIC_VERDICT_SEQ, seq);
	xnic_core_st_le16(r + XNIC_VERDICT_QUEUE, c->queue);
	r[XNIC_VERDICT_ACTION] = action;
	r[XNIC_VERDICT_FLAGS] = flags;
	xnic_core_st_le16(r + XNIC_VERDICT_IN_LEN, c->in_len);
	xnic_core_st_le16(r + XNIC_VERDICT_OUT_LEN, len);
	xnic_core_st_le32(r + XNIC_VERDICT_DIGEST, xnic_verdict_digest(out, len));
	if (len)
		memcpy(r + XNIC_VERDICT_HEAD, out,
		       len < XNIC_VERDICT_HEAD_BYTES ? len :
		       XNIC_VERDICT_HEAD_BYTES);
}

static void xnic_vrec_push(struct xnic_core *core, uint32_t seq,
			   const struct xnic_vrec_ctx *c, uint8_t action,
			   uint8_t flags, const uint8_t *out, uint32_t len)
{
	uint32_t *count = xnic_core_reg(core, XNIC_REG_VREC_COUNT);

	if (*count == XNIC_VREC_DEPTH) {
		(*xnic_core_reg(core, XNIC_REG_VREC_LOST))++;
		return;
	}
	xnic_vrec_fill(core->vrec[(core->vrec_head + *count) % XNIC_VREC_DEPTH],
		       seq, c, action, flags, out, len);
	(*count)++;
}

/*
 * CSR_VERDICT from the firmware context (me, ctx) whose frame is done:
 * val = action | flags << 8 (docs/firmware.md "Per frame").  An action
 * outside 0-4 is recorded as ABORTED, as the driver records it.  Returns
 * non-zero, which faults the context, when the xdp_md block does not
 * describe a frame in packet memory.
 */
int xnic_vrec_report(struct xnic_core *core, unsigned int me,
		     unsigned int ctx, uint32_t val)
{
	uint8_t action = val, flags = (val >> XNIC_CSR_VERDICT_FLAGS_SHIFT) &
				      XNIC_VERDICT_F_FAILED;
	const uint8_t *lm, *out = NULL;
	uint32_t md, lm_size, len = 0;
	const char *bad = NULL;

	if (!xnic_vrec_enabled(core) || !core->prog_words)
		return 0;
	if (action > XNIC_VERDICT_ACT_REDIRECT)
		action = XNIC_VERDICT_ACT_ABORTED;
	/* A program is installed, so a checked image runs: fw_contexts > 0 */
	md = ctx * (core->card_cfg.lm_size / core->fw_contexts);
	lm = me_card_mem(core->card, ME_MEM_LM, me, &lm_size);
	if (!lm || md + XNIC_MD_DATA_END + 4 > lm_size)
		bad = "xdp_md block outside local memory";
	else if (action != XNIC_VERDICT_ACT_ABORTED &&
		 action != XNIC_VERDICT_ACT_DROP)
		bad = xnic_vrec_output(core, lm, md, &out, &len);
	if (bad) {
		xnic_env_guest_error(core, XNIC_ERR_BAD_FW,
				     "verdict of ME %u context %u: %s", me,
				     ctx, bad);
		return -1;
	}
	xnic_vrec_push(core, core->ctx_seq[me * ME_CTX_MAX + ctx],
		       &core->vrec_ctx[me * ME_CTX_MAX + ctx], action, flags,
		       out, len);
	return 0;
}
