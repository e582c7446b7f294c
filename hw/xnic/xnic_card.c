// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic ME card: the microengines between the MAC and the host DMA engine
 * (docs/firmware.md).  Frames accepted by the MAC wait in a bounded RX
 * FIFO; firmware contexts take them with pkt_rx and hand them on with
 * pkt_tx to the wire or to a host RX ring.  The card runs only when
 * something happens (a frame, a firmware load), for a bounded number of
 * cycles; the environment calls xnic_core_card_run() again when a run
 * used up its budget.  The firmware is guest input: a fault, a halt or a
 * watchdog expiry stops it until the next reset or load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_core.h"
#include "me/me.h"
#include "me_encode.h"

/* Firmware info block at imem 0 (docs/firmware.md "Info block"). */
#define XNIC_FWI_MAGIC		0x49574658u	/* "XFWI" in memory order */
#define XNIC_FWI_ABI		4
#define XNIC_FWI_VERSION	8
#define XNIC_FWI_PROG_BASE	12
#define XNIC_FWI_STACK_SIZE	16
#define XNIC_FWI_COUNTERS	20
#define XNIC_FWI_EMEM_MAPS	24	/* maps from here to the end of emem */
#define XNIC_FWI_MAP_TYPES	28
#define XNIC_FWI_HELPERS	32
#define XNIC_FWI_SIZE		(XNIC_FWI_HELPERS + 4 * XNIC_CAPS_HELPER_WORDS)

/* Every frame fits a context's buffer behind the pkt_rx headroom. */
_Static_assert(XNIC_CARD_PKT_BUF - ME_PKT_HEADROOM >= XNIC_MAX_FRAME,
	       "packet buffers too small for the largest frame");

/* Cycles per run call: a few milliseconds of host time at most. */
#define XNIC_CARD_RUN_BUDGET	(1u << 20)

void xnic_card_config_default(struct xnic_card_config *cfg)
{
	cfg->n_me = XNIC_CARD_N_ME;
	cfg->max_contexts = XNIC_CARD_CONTEXTS;
	cfg->istore_size = XNIC_CARD_ISTORE;
	cfg->lm_size = XNIC_CARD_LM;
	cfg->pkt_size = XNIC_CARD_PKT;
	cfg->imem_size = XNIC_CARD_IMEM;
	cfg->emem_size = XNIC_CARD_EMEM;
	cfg->watchdog_cycles = XNIC_CARD_WATCHDOG;
}

static bool xnic_card_running(struct xnic_core *core)
{
	return *xnic_core_reg(core, XNIC_REG_FW_STATUS) == XNIC_FW_RUNNING;
}

/* ---- I/O of the microengines (docs/isa.md 7.3) ---- */

static int xnic_card_io_rx(void *opaque, unsigned int me, unsigned int ctx,
			   uint8_t *buf, uint32_t cap, uint32_t *len,
			   uint32_t *port)
{
	struct xnic_core *core = opaque;
	struct xnic_card_frame *f;

	/* While a program switch drains, contexts park in pkt_rx. */
	if (!core->fifo_count || core->card_draining)
		return 0;
	f = &core->fifo[core->fifo_head];
	core->fifo_head = (core->fifo_head + 1) % XNIC_CARD_FIFO_DEPTH;
	core->fifo_count--;
	core->ctx_seq[me * ME_CTX_MAX + ctx] = f->seq;
	*len = f->len;
	memcpy(buf, f->data, *len);
	xnic_vrec_frame_in(core, me * ME_CTX_MAX + ctx, f->data, f->len);
	*port = 0;
	return 1;
}

/* Error codes the firmware sees in $xr0 after pkt_tx. */
enum xnic_card_tx_err {
	XNIC_CARD_TX_OK,
	XNIC_CARD_TX_BAD_DEST,
	XNIC_CARD_TX_BAD_LEN,
	XNIC_CARD_TX_NO_QUEUE,
};

/* A frame goes up with the sequence number of the one its context took. */
static int xnic_card_to_host(struct xnic_core *core, uint32_t dest,
			     const uint8_t *data, uint32_t len, uint32_t seq)
{
	uint32_t q = dest & ~XNIC_FW_DEST_HOST;
	int pick;

	if (dest == XNIC_FW_DEST_HOST_HASH) {
		pick = xnic_datapath_rx_queue(core, data, len);
		if (pick < 0) {
			xnic_core_trace(core, XNIC_TRACE_RX_DROP, 0, len,
					XNIC_DROP_NO_QUEUE);
			return XNIC_CARD_TX_NO_QUEUE;
		}
		q = pick;
	} else if (q >= core->num_queues) {
		return XNIC_CARD_TX_BAD_DEST;
	}
	xnic_dma_rx(core, q, data, len, seq);
	return XNIC_CARD_TX_OK;
}

static int xnic_card_io_tx(void *opaque, unsigned int me, unsigned int ctx,
			   uint32_t dest, const uint8_t *data, uint32_t len)
{
	struct xnic_core *core = opaque;

	if (len < XNIC_MIN_FRAME || len > XNIC_MAX_FRAME)
		return XNIC_CARD_TX_BAD_LEN;
	if (dest & XNIC_FW_DEST_HOST)
		return xnic_card_to_host(core, dest, data, len,
					 core->ctx_seq[me * ME_CTX_MAX + ctx]);
	if (dest != XNIC_FW_DEST_WIRE(0))
		return XNIC_CARD_TX_BAD_DEST;
	xnic_mac_tx(core, data, len);
	return XNIC_CARD_TX_OK;
}

/* The one card CSR: the verdict recorder's; any other access faults. */
static int xnic_card_io_csr_write(void *opaque, unsigned int me,
				  unsigned int ctx, uint32_t csr, uint32_t val)
{
	if (csr != XNIC_CSR_VERDICT)
		return -1;
	return xnic_vrec_report(opaque, me, ctx, val);
}

/* The one card CSR to read: the host's ifindex for the port. */
static int xnic_card_io_csr_read(void *opaque, unsigned int me,
				 unsigned int ctx, uint32_t csr, uint32_t *val)
{
	if (csr != XNIC_CSR_HOST_IFINDEX)
		return -1;
	*val = *xnic_core_reg(opaque, XNIC_REG_HOST_IFINDEX);
	return 0;
}

/*
 * Host DMA is left out on purpose: firmware is guest input, so it gets no
 * DMA of its own (dma_to_host/dma_from_host complete with error 1), and
 * card CSRs other than the two above fault (docs/firmware.md "Security").
 */
static const struct me_io_ops xnic_card_io = {
	.rx = xnic_card_io_rx,
	.tx = xnic_card_io_tx,
	.csr_read = xnic_card_io_csr_read,
	.csr_write = xnic_card_io_csr_write,
};

/* ---- lifecycle ---- */

/* What the emulator does not check itself: room for the firmware's needs. */
static int xnic_card_check_shape(const struct xnic_card_config *cfg,
				 char *err, size_t errlen)
{
	if ((uint64_t)cfg->n_me * cfg->max_contexts * XNIC_CARD_PKT_BUF >
	    cfg->pkt_size) {
		snprintf(err, errlen,
			 "packet memory of %u bytes cannot hold %u x %u buffers of %u bytes",
			 cfg->pkt_size, cfg->n_me, cfg->max_contexts,
			 XNIC_CARD_PKT_BUF);
		return -1;
	}
	if (cfg->imem_size < XNIC_FWI_SIZE) {
		snprintf(err, errlen, "internal memory below %u bytes",
			 XNIC_FWI_SIZE);
		return -1;
	}
	return 0;
}

int xnic_card_create(struct xnic_core *core,
		     const struct xnic_card_config *cfg, char *err,
		     size_t errlen)
{
	struct me_card_config me;

	if (cfg->max_contexts != 4 && cfg->max_contexts != 8) {
		snprintf(err, errlen, "contexts per ME %u: 4 or 8",
			 cfg->max_contexts);
		return -1;
	}
	me_card_config_default(&me);
	me.n_me = cfg->n_me;
	me.istore_size = cfg->istore_size;
	me.lm_size = cfg->lm_size;
	me.pkt_size = cfg->pkt_size;
	me.imem_size = cfg->imem_size;
	me.emem_size = cfg->emem_size;
	me.pkt_buf_size = XNIC_CARD_PKT_BUF;
	me.watchdog_cycles = cfg->watchdog_cycles;
	me.ops = &xnic_card_io;
	me.opaque = core;
	/* The emulator checks its own limits first: their messages are exact. */
	if (me_card_create(&me, &core->card, err, errlen))
		return -1;
	core->card_cfg = *cfg;
	if (xnic_card_check_shape(cfg, err, errlen)) {
		xnic_card_destroy(core);
		return -1;
	}
	core->fifo = calloc(XNIC_CARD_FIFO_DEPTH, sizeof(*core->fifo));
	core->ctx_seq = calloc((size_t)cfg->n_me * ME_CTX_MAX,
			       sizeof(*core->ctx_seq));
	if (!core->fifo || !core->ctx_seq ||
	    xnic_vrec_create(core, cfg->n_me * ME_CTX_MAX)) {
		snprintf(err, errlen, "out of memory");
		xnic_card_destroy(core);
		return -1;
	}
	return 0;
}

void xnic_card_destroy(struct xnic_core *core)
{
	me_card_destroy(core->card);
	core->card = NULL;
	free(core->fifo);
	core->fifo = NULL;
	free(core->ctx_seq);
	core->ctx_seq = NULL;
	free(core->fw_slot);
	core->fw_slot = NULL;
	xnic_vrec_destroy(core);
}

static void xnic_card_flush_fifo(struct xnic_core *core)
{
	core->fifo_head = 0;
	core->fifo_count = 0;
}

static void xnic_card_trace_fw(struct xnic_core *core)
{
	xnic_core_trace(core, XNIC_TRACE_FW,
			*xnic_core_reg(core, XNIC_REG_FW_STATUS),
			*xnic_core_reg(core, XNIC_REG_FW_STOP),
			*xnic_core_reg(core, XNIC_REG_FW_STOP_PC));
}

/* Firmware stops; the card keeps its memories for a post-mortem. */
static void xnic_card_stop(struct xnic_core *core, uint32_t status)
{
	bool was = xnic_card_running(core);

	*xnic_core_reg(core, XNIC_REG_FW_STATUS) = status;
	xnic_card_flush_fifo(core);
	if (!was)
		return;
	xnic_card_trace_fw(core);
	core->ops->fw_state(core->opaque, false);
}

/* Reset: no firmware, no frames; runs before the registers reset. */
void xnic_card_reset(struct xnic_core *core)
{
	xnic_card_stop(core, XNIC_FW_NONE);
	core->fw_started = false;
	core->prog_words = 0;	/* the driver installs it again */
}

/* ---- the datapath's side ---- */

bool xnic_card_fifo_full(struct xnic_core *core)
{
	return xnic_card_running(core) &&
	       core->fifo_count == XNIC_CARD_FIFO_DEPTH;
}

void xnic_card_rx(struct xnic_core *core, const uint8_t *frame, size_t len)
{
	struct xnic_card_frame *f;

	if (!xnic_card_running(core)) {
		(*xnic_core_reg(core, XNIC_REG_FW_RX_NO_FW))++;
		xnic_core_trace(core, XNIC_TRACE_RX_DROP, 0, len,
				XNIC_DROP_NO_FW);
		return;
	}
	if (core->fifo_count == XNIC_CARD_FIFO_DEPTH) {
		xnic_core_trace(core, XNIC_TRACE_RX_DROP, 0, len,
				XNIC_DROP_FIFO_FULL);
		return;
	}
	f = &core->fifo[(core->fifo_head + core->fifo_count) %
			XNIC_CARD_FIFO_DEPTH];
	/* The MAC numbered the frame when it counted it (XNIC_DESC_SEQ). */
	f->seq = *xnic_core_reg(core, XNIC_REG_WIRE_RX_FRAMES) - 1;
	f->len = len;
	memcpy(f->data, frame, len);
	core->fifo_count++;
	xnic_core_card_run(core);
}

/* ---- running ---- */

static void xnic_card_stopped(struct xnic_core *core,
			      const struct me_stop_info *info)
{
	uint32_t why = info->reason == ME_STOP_WATCHDOG ? XNIC_FW_STOP_WATCHDOG :
		       info->reason == ME_STOP_FAULT ? XNIC_FW_STOP_FAULT :
		       XNIC_FW_STOP_HALTED;

	*xnic_core_reg(core, XNIC_REG_FW_STOP) =
		why | info->me << 16 | info->ctx << 8;
	*xnic_core_reg(core, XNIC_REG_FW_STOP_PC) = info->pc;
	xnic_card_stop(core, XNIC_FW_STOPPED);
	xnic_core_guest_error(core, XNIC_ERR_BAD_FW,
			      "firmware stopped (%s) on ME %u context %u at %u: %s",
			      why == XNIC_FW_STOP_WATCHDOG ? "watchdog" :
			      why == XNIC_FW_STOP_FAULT ? "fault" : "halted",
			      info->me, info->ctx, info->pc,
			      why == XNIC_FW_STOP_HALTED ? "every context halted" :
			      info->msg);
	xnic_irq_misc_raise(core, XNIC_MISC_FW);
}

static void xnic_card_update_cycles(struct xnic_core *core)
{
	uint64_t cycles = me_card_cycles(core->card);

	*xnic_core_reg(core, XNIC_REG_FW_CYCLES_LO) = cycles;
	*xnic_core_reg(core, XNIC_REG_FW_CYCLES_HI) = cycles >> 32;
}

/* One budget of the firmware; a stop is handled here. */
static enum me_stop xnic_card_run_budget(struct xnic_core *core)
{
	struct me_stop_info info;
	enum me_stop why;

	core->card_busy = true;
	why = me_card_run(core->card, XNIC_CARD_RUN_BUDGET, &info);
	core->card_busy = false;
	xnic_card_update_cycles(core);
	xnic_core_trace(core, XNIC_TRACE_CARD_RUN, why,
			*xnic_core_reg(core, XNIC_REG_FW_CYCLES_LO),
			core->fifo_count);
	if (why != ME_STOP_IDLE && why != ME_STOP_BUDGET)
		xnic_card_stopped(core, &info);
	return why;
}

/*
 * Runs the firmware for one budget.  Frames and doorbells arriving while
 * it runs (wire TX looping back, the card's own DMA) only queue; the
 * outer run picks them up.  A used-up budget asks the environment for
 * another call instead of looping here, so the guest keeps running.
 */
void xnic_core_card_run(struct xnic_core *core)
{
	bool was_full = core->fifo_count == XNIC_CARD_FIFO_DEPTH;

	if (core->card_busy || !xnic_card_running(core))
		return;
	if (xnic_card_run_budget(core) == ME_STOP_BUDGET)
		core->ops->card_kick(core->opaque);
	if (was_full && core->fifo_count < XNIC_CARD_FIFO_DEPTH)
		core->ops->rx_ready(core->opaque);
}

/* ---- loading (docs/firmware.md "Loading") ---- */

static uint32_t xnic_card_fwi(struct xnic_core *core, uint32_t off)
{
	uint32_t size;

	return xnic_core_ld_le32(me_card_mem(core->card, ME_MEM_IMEM, 0, &size) +
			      off);
}

/* The info block of a freshly loaded image, checked like any input. */
static const char *xnic_card_check_info(struct xnic_core *core,
					const struct me_image *img)
{
	const struct xnic_card_config *cfg = &core->card_cfg;
	uint32_t abi = xnic_card_fwi(core, XNIC_FWI_ABI);
	uint32_t base = xnic_card_fwi(core, XNIC_FWI_PROG_BASE);
	uint32_t cnt = xnic_card_fwi(core, XNIC_FWI_COUNTERS);
	uint32_t maps = xnic_card_fwi(core, XNIC_FWI_EMEM_MAPS);

	if (xnic_card_fwi(core, 0) != XNIC_FWI_MAGIC)
		return "no info block (magic \"XFWI\") at imem 0";
	if (abi >> 16 != XNIC_FW_ABI_MAJOR)
		return "firmware ABI major differs from the card's";
	if (base < img->code_addr || base >= img->code_addr + img->ncode)
		return "XDP slot outside the code";
	if (xnic_card_fwi(core, XNIC_FWI_STACK_SIZE) >
	    cfg->lm_size / img->contexts)
		return "stack larger than a context's share of local memory";
	if (cnt > cfg->imem_size - 8 * XNIC_FW_NUM_CNT || cnt % 8)
		return "counters outside internal memory or unaligned";
	if (maps >= cfg->emem_size)
		return "map area outside external memory";
	return NULL;
}

/* Load a parsed image into the MEs; NULL, or why it was refused. */
static const char *xnic_card_load_parsed(struct xnic_core *core,
					 const struct me_image *img,
					 char *msg, size_t msglen)
{
	if (img->contexts > core->card_cfg.max_contexts) {
		snprintf(msg, msglen, "image wants %u contexts per ME, the card has %u",
			 img->contexts, core->card_cfg.max_contexts);
		return msg;
	}
	if (me_card_load(core->card, img, msg, msglen))
		return msg;
	return xnic_card_check_info(core, img);
}

/* The image's own slot code, which PROG_UNLOAD puts back. */
static const char *xnic_card_keep_slot(struct xnic_core *core,
				       const struct me_image *img,
				       char *msg, size_t msglen)
{
	uint32_t base = xnic_card_fwi(core, XNIC_FWI_PROG_BASE);
	uint32_t n = img->code_addr + img->ncode - base;

	free(core->fw_slot);
	core->fw_slot = malloc(n * sizeof(*core->fw_slot));
	core->fw_slot_words = 0;
	if (!core->fw_slot) {
		snprintf(msg, msglen, "out of memory for the XDP slot");
		return msg;
	}
	memcpy(core->fw_slot, img->code + (base - img->code_addr),
	       n * sizeof(*core->fw_slot));
	core->fw_slot_words = n;
	return NULL;
}

static uint32_t xnic_card_load_image(struct xnic_core *core,
				     const uint8_t *buf, size_t len,
				     char *msg, size_t msglen)
{
	struct me_image img;
	const char *bad;

	if (me_image_parse(buf, len, &img, msg, msglen))
		return XNIC_MBOX_ERROR;
	bad = xnic_card_load_parsed(core, &img, msg, msglen);
	if (bad) {
		if (bad != msg)
			snprintf(msg, msglen, "%s", bad);
	} else {
		core->fw_contexts = img.contexts;
		core->fw_prog_max = core->card_cfg.istore_size -
				    xnic_card_fwi(core, XNIC_FWI_PROG_BASE);
		bad = xnic_card_keep_slot(core, &img, msg, msglen);
	}
	me_image_free(&img);
	return bad ? XNIC_MBOX_ERROR : XNIC_MBOX_DONE;
}

static void xnic_card_start(struct xnic_core *core)
{
	*xnic_core_reg(core, XNIC_REG_FW_ABI) = xnic_card_fwi(core, XNIC_FWI_ABI);
	*xnic_core_reg(core, XNIC_REG_FW_VERSION) =
		xnic_card_fwi(core, XNIC_FWI_VERSION);
	*xnic_core_reg(core, XNIC_REG_FW_STOP) = 0;
	*xnic_core_reg(core, XNIC_REG_FW_STOP_PC) = 0;
	*xnic_core_reg(core, XNIC_REG_FW_STATUS) = XNIC_FW_RUNNING;
	core->fw_started = true;
	xnic_card_trace_fw(core);
	/* Every context runs its start-up code and parks in pkt_rx. */
	xnic_core_card_run(core);
}

/* The image in host memory, read into a buffer of its own size. */
static uint8_t *xnic_card_fetch(struct xnic_core *core, uint64_t addr,
				uint32_t len, char *msg, size_t msglen)
{
	uint8_t *buf;

	if (!len || len > XNIC_FW_MAX_SIZE) {
		snprintf(msg, msglen, "image length %u not in [1, %u]", len,
			 XNIC_FW_MAX_SIZE);
		return NULL;
	}
	buf = malloc(len);
	if (!buf) {
		snprintf(msg, msglen, "out of memory for %u bytes", len);
		return NULL;
	}
	if (addr > UINT64_MAX - len + 1 ||
	    !xnic_dma_host_read(core, addr, buf, len)) {
		snprintf(msg, msglen, "image at 0x%llx+%u unreadable",
			 (unsigned long long)addr, len);
		free(buf);
		return NULL;
	}
	return buf;
}

/* The FW_LOAD request in MBOX_DATA, the image it names, checked and loaded. */
static uint32_t xnic_card_load_request(struct xnic_core *core, uint32_t len,
				       char *msg, size_t msglen)
{
	const uint8_t *req = core->mbox_data;
	uint32_t img_len, status;
	uint64_t addr;
	uint8_t *buf;

	if (len < XNIC_FW_LOAD_REQ_SIZE) {
		snprintf(msg, msglen, "request of %u bytes, need %u", len,
			 XNIC_FW_LOAD_REQ_SIZE);
		return XNIC_MBOX_ERROR;
	}
	addr = xnic_core_ld_le32(req + XNIC_FW_LOAD_ADDR_LO) |
	       (uint64_t)xnic_core_ld_le32(req + XNIC_FW_LOAD_ADDR_HI) << 32;
	img_len = xnic_core_ld_le32(req + XNIC_FW_LOAD_LEN);
	buf = xnic_card_fetch(core, addr, img_len, msg, msglen);
	if (!buf)
		return XNIC_MBOX_ERROR;
	status = xnic_card_load_image(core, buf, img_len, msg, msglen);
	free(buf);
	return status;
}

/*
 * A refused command: LOG_GUEST_ERROR, ERR_LAST = BAD_FW and the reason,
 * NUL-terminated, in MBOX_DATA (MBOX_LEN its size).
 */
uint32_t xnic_card_refuse(struct xnic_core *core, const char *what,
			  const char *msg)
{
	xnic_core_guest_error(core, XNIC_ERR_BAD_FW, "%s: %s", what, msg);
	memset(core->mbox_data, 0, sizeof(core->mbox_data));
	memcpy(core->mbox_data, msg, strlen(msg) + 1);
	*xnic_core_reg(core, XNIC_REG_MBOX_LEN) = strlen(msg) + 1;
	return XNIC_MBOX_ERROR;
}

/*
 * FW_LOAD: stop whatever runs, fetch, check and load the image, start it.
 * On error MBOX_DATA holds a NUL-terminated message (MBOX_LEN its size)
 * and the card stays without firmware.
 */
uint32_t xnic_card_fw_load(struct xnic_core *core, uint32_t len)
{
	char msg[XNIC_MBOX_DATA_SIZE / 16];
	uint32_t status;

	xnic_card_stop(core, XNIC_FW_NONE);
	core->fw_started = false;
	core->prog_words = 0;
	status = xnic_card_load_request(core, len, msg, sizeof(msg));
	if (status == XNIC_MBOX_DONE &&
	    !core->ops->fw_state(core->opaque, true)) {
		snprintf(msg, sizeof(msg), "firmware cannot start now (migration)");
		status = XNIC_MBOX_ERROR;
	}
	if (status != XNIC_MBOX_DONE)
		return xnic_card_refuse(core, "firmware refused", msg);
	xnic_card_start(core);
	return XNIC_MBOX_DONE;
}

/* FW_CAPS: the capability block (regs.h XNIC_CAPS_*) into MBOX_DATA. */
uint32_t xnic_card_fw_caps(struct xnic_core *core, uint32_t len)
{
	const struct xnic_card_config *cfg = &core->card_cfg;
	uint8_t *b = core->mbox_data;
	bool fw = xnic_card_running(core);
	unsigned int i;

	memset(b, 0, XNIC_CAPS_BLOCK_SIZE);
	xnic_core_st_le32(b + XNIC_CAPS_SIZE_BYTES, XNIC_CAPS_BLOCK_SIZE);
	xnic_core_st_le32(b + XNIC_CAPS_N_ME, cfg->n_me);
	xnic_core_st_le32(b + XNIC_CAPS_MAX_CONTEXTS, cfg->max_contexts);
	xnic_core_st_le32(b + XNIC_CAPS_ISTORE, cfg->istore_size);
	xnic_core_st_le32(b + XNIC_CAPS_LM_SIZE, cfg->lm_size);
	xnic_core_st_le32(b + XNIC_CAPS_PKT_SIZE, cfg->pkt_size);
	xnic_core_st_le32(b + XNIC_CAPS_IMEM_SIZE, cfg->imem_size);
	xnic_core_st_le32(b + XNIC_CAPS_EMEM_SIZE, cfg->emem_size);
	xnic_core_st_le32(b + XNIC_CAPS_PKT_BUF_SIZE, XNIC_CARD_PKT_BUF);
	xnic_core_st_le32(b + XNIC_CAPS_WATCHDOG, cfg->watchdog_cycles);
	*xnic_core_reg(core, XNIC_REG_MBOX_LEN) = XNIC_CAPS_BLOCK_SIZE;
	if (!fw)
		return XNIC_MBOX_DONE;
	xnic_core_st_le32(b + XNIC_CAPS_FW_ABI, xnic_card_fwi(core, XNIC_FWI_ABI));
	xnic_core_st_le32(b + XNIC_CAPS_FW_VERSION,
			xnic_card_fwi(core, XNIC_FWI_VERSION));
	xnic_core_st_le32(b + XNIC_CAPS_CONTEXTS, core->fw_contexts);
	xnic_core_st_le32(b + XNIC_CAPS_PROG_BASE,
			xnic_card_fwi(core, XNIC_FWI_PROG_BASE));
	xnic_core_st_le32(b + XNIC_CAPS_PROG_MAX, core->fw_prog_max);
	xnic_core_st_le32(b + XNIC_CAPS_STACK_SIZE,
			xnic_card_fwi(core, XNIC_FWI_STACK_SIZE));
	xnic_core_st_le32(b + XNIC_CAPS_EMEM_MAPS,
			xnic_card_fwi(core, XNIC_FWI_EMEM_MAPS));
	xnic_core_st_le32(b + XNIC_CAPS_EMEM_MAPS_SIZE, core->card_cfg.emem_size -
			xnic_card_fwi(core, XNIC_FWI_EMEM_MAPS));
	xnic_core_st_le32(b + XNIC_CAPS_MAP_TYPES,
			xnic_card_fwi(core, XNIC_FWI_MAP_TYPES));
	for (i = 0; i < XNIC_CAPS_HELPER_WORDS; i++)
		xnic_core_st_le32(b + XNIC_CAPS_HELPERS + 4 * i,
				xnic_card_fwi(core, XNIC_FWI_HELPERS + 4 * i));
	return XNIC_MBOX_DONE;
}

/* The emem address from which the firmware leaves memory to maps. */
uint32_t xnic_card_map_area(struct xnic_core *core)
{
	return xnic_card_fwi(core, XNIC_FWI_EMEM_MAPS);
}

/* A word of the FW_STATS window: the firmware's counters in imem. */
uint32_t xnic_card_stats_read(struct xnic_core *core, uint32_t off)
{
	uint32_t size;
	uint8_t *imem;

	if (!core->fw_started || off >= 8 * XNIC_FW_NUM_CNT)
		return 0;
	imem = me_card_mem(core->card, ME_MEM_IMEM, 0, &size);
	return xnic_core_ld_le32(imem + xnic_card_fwi(core, XNIC_FWI_COUNTERS) + off);
}

/* ---- installing a program (docs/firmware.md "Installing a program") ---- */

/* Budgets a switch may spend letting contexts finish their frames. */
#define XNIC_CARD_DRAIN_RUNS	4

/*
 * Lets every context finish its frame and park in pkt_rx, taking no new
 * frame, so that no frame runs half of one program and half of another.
 * Frames that arrive meanwhile wait in the FIFO for the new program.
 * Without running firmware nothing runs: drained already.
 */
const char *xnic_card_drain(struct xnic_core *core, char *msg, size_t msglen)
{
	enum me_stop why = ME_STOP_BUDGET;
	unsigned int i;

	if (!xnic_card_running(core))
		return NULL;
	if (core->card_busy) {
		snprintf(msg, msglen, "the card is running (command from a card run)");
		return msg;
	}
	core->card_draining = true;
	for (i = 0; i < XNIC_CARD_DRAIN_RUNS && why == ME_STOP_BUDGET; i++)
		why = xnic_card_run_budget(core);
	core->card_draining = false;
	if (why == ME_STOP_IDLE)
		return NULL;
	if (why == ME_STOP_BUDGET)
		snprintf(msg, msglen,
			 "contexts still busy with their frames after %u cycles; try again",
			 XNIC_CARD_DRAIN_RUNS * XNIC_CARD_RUN_BUDGET);
	else
		snprintf(msg, msglen,
			 "firmware stopped while its contexts finished their frames");
	return msg;
}

/* Drain, replace the slot's code, resume: the atomic switch. */
static const char *xnic_card_switch(struct xnic_core *core,
				    const uint64_t *words, uint32_t n,
				    char *msg, size_t msglen)
{
	uint32_t slot = xnic_card_fwi(core, XNIC_FWI_PROG_BASE);
	const char *bad = xnic_card_drain(core, msg, msglen);

	if (!bad && me_card_replace_code(core->card, slot, words, n, msg,
					 msglen))
		bad = msg;
	/* Frames queued meanwhile run now, with whichever code is in place. */
	xnic_core_card_run(core);
	return bad;
}

/*
 * Links program word i to istore base + i: checks it (the firmware's
 * contexts mode) and moves its branch and call targets, which must stay
 * inside the program: no jump into firmware code or past the end.
 */
static const char *xnic_card_link_word(struct xnic_core *core, uint64_t *w,
				       uint32_t i, uint32_t n, uint32_t base,
				       char *msg, size_t msglen)
{
	unsigned int gprs = core->fw_contexts == 4 ? ME_GPRS_MAX : ME_GPRS_8CTX;
	uint64_t word = *w;
	enum me_format f;
	struct me_insn in;
	char why[160];

	if (me_decode(word, &in, why, sizeof(why)) ||
	    me_insn_check(&in, gprs, why, sizeof(why)))
		goto bad;
	f = me_opinfo(in.op)->format;
	if (f == ME_FMT_BR || f == ME_FMT_BRBIT || f == ME_FMT_CALL) {
		if (in.imm >= n) {
			snprintf(why, sizeof(why),
				 "%s target %u outside the program [0, %u)",
				 me_opinfo(in.op)->mnemonic, in.imm, n);
			goto bad;
		}
		in.imm += base;
	}
	if (!me_encode(&in, w, why, sizeof(why)))
		return NULL;
bad:
	snprintf(msg, msglen, "instruction %u (0x%016llx): %s", i,
		 (unsigned long long)word, why);
	return msg;
}

/* The slot's new code: `br` to xdp_main, then the linked program. */
static const char *xnic_card_link(struct xnic_core *core, uint64_t *code,
				  uint32_t n, uint32_t entry, char *msg,
				  size_t msglen)
{
	uint32_t base = xnic_card_fwi(core, XNIC_FWI_PROG_BASE) + 1;
	struct me_insn br = { .op = ME_OP_BR, .cond = ME_COND_AL };
	uint32_t i;

	for (i = 0; i < n; i++)
		if (xnic_card_link_word(core, &code[1 + i], i, n, base, msg,
					msglen))
			return msg;
	br.imm = base + entry;
	if (me_encode(&br, &code[0], msg, msglen))
		return msg;
	return NULL;
}

/* The PROG_LOAD request's program, read into code[1..words]. */
static uint64_t *xnic_card_prog_fetch(struct xnic_core *core, uint32_t len,
				      uint32_t *words, uint32_t *entry,
				      char *msg, size_t msglen)
{
	const uint8_t *req = core->mbox_data;
	uint64_t addr, *code;
	uint32_t i, bytes;

	if (len < XNIC_PROG_LOAD_REQ_SIZE) {
		snprintf(msg, msglen, "request of %u bytes, need %u", len,
			 XNIC_PROG_LOAD_REQ_SIZE);
		return NULL;
	}
	addr = xnic_core_ld_le32(req + XNIC_PROG_LOAD_ADDR_LO) |
	       (uint64_t)xnic_core_ld_le32(req + XNIC_PROG_LOAD_ADDR_HI) << 32;
	*words = xnic_core_ld_le32(req + XNIC_PROG_LOAD_WORDS);
	*entry = xnic_core_ld_le32(req + XNIC_PROG_LOAD_ENTRY);
	if (!*words || *words > core->fw_prog_max - 1) {
		snprintf(msg, msglen,
			 "program of %u instructions not in [1, %u] (the XDP slot's room less its branch)",
			 *words, core->fw_prog_max - 1);
		return NULL;
	}
	if (*entry >= *words) {
		snprintf(msg, msglen, "entry %u outside the program's %u instructions",
			 *entry, *words);
		return NULL;
	}
	bytes = *words * 8;	/* at most 8 x 65536: no overflow */
	code = malloc((*words + 1) * sizeof(*code));
	if (!code) {
		snprintf(msg, msglen, "out of memory for %u instructions", *words);
		return NULL;
	}
	if (addr > UINT64_MAX - bytes + 1 ||
	    !xnic_dma_host_read(core, addr, code + 1, bytes)) {
		snprintf(msg, msglen, "program at 0x%llx+%u unreadable",
			 (unsigned long long)addr, bytes);
		free(code);
		return NULL;
	}
	for (i = 1; i <= *words; i++)
		code[i] = xnic_core_ld_le64((const uint8_t *)&code[i]);
	return code;
}

static const char *xnic_card_prog_install(struct xnic_core *core,
					  uint32_t len, uint32_t *words,
					  uint32_t *entry, char *msg,
					  size_t msglen)
{
	const char *bad;
	uint64_t *code;

	if (!xnic_card_running(core)) {
		snprintf(msg, msglen, "no firmware runs");
		return msg;
	}
	code = xnic_card_prog_fetch(core, len, words, entry, msg, msglen);
	if (!code)
		return msg;
	bad = xnic_card_link(core, code, *words, *entry, msg, msglen);
	if (!bad)
		bad = xnic_card_switch(core, code, *words + 1, msg, msglen);
	free(code);
	if (!bad)
		core->prog_words = *words;
	return bad;
}

/*
 * PROG_LOAD: link a compiled program (docs/compiler.md "The image and its
 * entries") into the firmware's XDP slot and switch to it between two
 * frames.  On a refusal the firmware keeps running whatever it ran.
 */
uint32_t xnic_card_prog_load(struct xnic_core *core, uint32_t len)
{
	char msg[XNIC_MBOX_DATA_SIZE / 16];
	uint32_t words = 0, entry = 0, status = XNIC_MBOX_DONE;

	if (xnic_card_prog_install(core, len, &words, &entry, msg, sizeof(msg)))
		status = xnic_card_refuse(core, "program refused", msg);
	xnic_core_trace(core, XNIC_TRACE_PROG_LOAD, words, entry, status);
	return status;
}

/* PROG_UNLOAD: the image's own slot code again (xnic-fw.s: PASS). */
uint32_t xnic_card_prog_unload(struct xnic_core *core, uint32_t len)
{
	char msg[XNIC_MBOX_DATA_SIZE / 16];
	uint32_t words = core->prog_words, status = XNIC_MBOX_DONE;

	if (!xnic_card_running(core))
		status = xnic_card_refuse(core, "program unload refused",
					  "no firmware runs");
	else if (words && xnic_card_switch(core, core->fw_slot,
					   core->fw_slot_words, msg,
					   sizeof(msg)))
		status = xnic_card_refuse(core, "program unload refused", msg);
	else
		core->prog_words = 0;
	xnic_core_trace(core, XNIC_TRACE_PROG_UNLOAD, words, 0, status);
	return status;
}
