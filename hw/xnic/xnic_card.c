// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic ME card: the microengines between the MAC and the host DMA engine
 * (docs/firmware.md).  Frames accepted by the MAC wait in a bounded RX
 * FIFO; firmware contexts take them with pkt_rx and hand them on with
 * pkt_tx to the wire or to a host RX ring.  The card runs only when
 * something happens (a frame, a firmware load), for a bounded number of
 * cycles; the environment calls xnic_core_card_run() again when a run
 * used up its budget.  The firmware is guest input: a fault, a halt or a
 * watchdog expiry stops it until the next reset or load.  Loading the
 * firmware is xnic_fw.c's, installing programs xnic_prog.c's: both call
 * down into this file's run loop, never around it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_core.h"
#include "me/me.h"

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

bool xnic_card_running(struct xnic_core *core)
{
	return *xnic_core_reg(core, XNIC_REG_FW_STATUS) == XNIC_FW_RUNNING;
}

/* ---- I/O of the microengines (docs/isa.md 7.3) ---- */

/* The test frame goes to the first context asking, on the test port. */
static int xnic_card_test_rx(struct xnic_core *core, unsigned int me,
			     unsigned int ctx, uint8_t *buf, uint32_t *len,
			     uint32_t *port)
{
	struct xnic_card_test *t = &core->test;

	t->taken = true;
	t->me = me;
	t->ctx = ctx;
	*len = t->len;
	memcpy(buf, t->frame, t->len);
	*port = XNIC_FW_PORT_TEST;
	return 1;
}

/*
 * The firmware's report of a test frame (docs/firmware.md "Test runs"):
 * from the context that took it, cycles first, then the return value.
 */
static int xnic_card_test_report(struct xnic_core *core, unsigned int me,
				 unsigned int ctx, uint32_t csr, uint32_t val)
{
	struct xnic_card_test *t = &core->test;

	if (!t->frame || !t->taken || t->done || t->me != me || t->ctx != ctx)
		return -1;
	if (csr == XNIC_CSR_TEST_CYCLES) {
		t->cycles = val;
		return 0;
	}
	t->retval = val;
	t->done = true;
	return 0;
}

static int xnic_card_io_rx(void *opaque, unsigned int me, unsigned int ctx,
			   uint8_t *buf, uint32_t cap, uint32_t *len,
			   uint32_t *port)
{
	struct xnic_core *core = opaque;
	struct xnic_card_frame *f;

	if (core->test.frame && !core->test.taken)
		return xnic_card_test_rx(core, me, ctx, buf, len, port);
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

/* What xnic_card_io_rx() would deliver to any context: a frame or none. */
static int xnic_card_io_rx_waiting(void *opaque)
{
	struct xnic_core *core = opaque;

	return (core->test.frame && !core->test.taken) ||
	       (core->fifo_count && !core->card_draining);
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
		pick = xnic_rss_queue(core, data, len);
		if (pick < 0) {
			xnic_env_trace(core, XNIC_TRACE_RX_DROP, 0, len,
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

/*
 * The card CSRs to write: the verdict recorder's, and a test frame's
 * report, which only the context running the test frame may write; any
 * other write faults.
 */
static int xnic_card_io_csr_write(void *opaque, unsigned int me,
				  unsigned int ctx, uint32_t csr, uint32_t val)
{
	switch (csr) {
	case XNIC_CSR_VERDICT:
		return xnic_vrec_report(opaque, me, ctx, val);
	case XNIC_CSR_TEST_CYCLES:
	case XNIC_CSR_TEST_DONE:
		return xnic_card_test_report(opaque, me, ctx, csr, val);
	}
	return -1;
}

/*
 * The card CSRs to read: the host's ifindex for the port and the MTU the
 * driver set, which programs see as the ingress device's (bpf_check_mtu).
 */
static int xnic_card_io_csr_read(void *opaque, unsigned int me,
				 unsigned int ctx, uint32_t csr, uint32_t *val)
{
	switch (csr) {
	case XNIC_CSR_HOST_IFINDEX:
		*val = *xnic_core_reg(opaque, XNIC_REG_HOST_IFINDEX);
		return 0;
	case XNIC_CSR_MTU:
		*val = *xnic_core_reg(opaque, XNIC_REG_MTU);
		return 0;
	}
	return -1;
}

/*
 * Host DMA is left out on purpose: firmware is guest input, so it gets no
 * DMA of its own (dma_to_host/dma_from_host complete with error 1), and
 * card CSRs other than the ones above fault (docs/firmware.md "Security").
 */
static const struct me_io_ops xnic_card_io = {
	.rx = xnic_card_io_rx,
	.rx_waiting = xnic_card_io_rx_waiting,
	.tx = xnic_card_io_tx,
	.csr_read = xnic_card_io_csr_read,
	.csr_write = xnic_card_io_csr_write,
	/*
	 * What rx answers changes between runs (a test frame, a drain) or
	 * when a frame enters the FIFO, which xnic_card_rx() announces.
	 */
	.rx_announced = 1,
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

static void xnic_card_find_mems(struct xnic_core *core)
{
	uint32_t size;

	core->mem_pkt = me_card_mem(core->card, ME_MEM_PKT, 0, &size);
	core->mem_imem = me_card_mem(core->card, ME_MEM_IMEM, 0, &size);
	core->mem_emem = me_card_mem(core->card, ME_MEM_EMEM, 0, &size);
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
	core->ctx_slots = cfg->n_me * ME_CTX_MAX;
	core->fifo = calloc(XNIC_CARD_FIFO_DEPTH, sizeof(*core->fifo));
	core->ctx_seq = calloc(core->ctx_slots, sizeof(*core->ctx_seq));
	core->fw_slot = calloc(cfg->istore_size, sizeof(*core->fw_slot));
	core->me_state_size = me_card_state_size(core->card);
	core->me_state = malloc(core->me_state_size);
	core->prof_words = calloc(3 * (size_t)cfg->istore_size,
				  sizeof(*core->prof_words));
	xnic_card_find_mems(core);
	if (!core->fifo || !core->ctx_seq || !core->fw_slot ||
	    !core->me_state || !core->prof_words ||
	    xnic_vrec_create(core, core->ctx_slots)) {
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
	free(core->me_state);
	core->me_state = NULL;
	free(core->prof_words);
	core->prof_words = NULL;
	xnic_vrec_destroy(core);
}

static void xnic_card_flush_fifo(struct xnic_core *core)
{
	core->fifo_head = 0;
	core->fifo_count = 0;
}

static void xnic_card_trace_fw(struct xnic_core *core)
{
	xnic_env_trace(core, XNIC_TRACE_FW,
		       *xnic_core_reg(core, XNIC_REG_FW_STATUS),
		       *xnic_core_reg(core, XNIC_REG_FW_STOP),
		       *xnic_core_reg(core, XNIC_REG_FW_STOP_PC));
}

/* Firmware stops; the card keeps its memories for a post-mortem. */
void xnic_card_stop(struct xnic_core *core, uint32_t status)
{
	bool was = xnic_card_running(core);

	*xnic_core_reg(core, XNIC_REG_FW_STATUS) = status;
	xnic_card_flush_fifo(core);
	if (was)
		xnic_card_trace_fw(core);
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
		xnic_env_trace(core, XNIC_TRACE_RX_DROP, 0, len,
			       XNIC_DROP_NO_FW);
		return;
	}
	if (core->fifo_count == XNIC_CARD_FIFO_DEPTH) {
		xnic_env_trace(core, XNIC_TRACE_RX_DROP, 0, len,
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
	/* during a run (a frame a hook looped back): parked pkt_rx ask again */
	me_card_rx_changed(core->card);
	xnic_card_run(core);
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
	xnic_env_guest_error(core, XNIC_ERR_BAD_FW,
			     "firmware stopped (%s) on ME %u context %u at %u: %s",
			     why == XNIC_FW_STOP_WATCHDOG ? "watchdog" :
			     why == XNIC_FW_STOP_FAULT ? "fault" : "halted",
			     info->me, info->ctx, info->pc,
			     why == XNIC_FW_STOP_HALTED ? "every context halted" :
			     info->msg);
	xnic_irq_misc_raise(core, XNIC_MISC_FW);
}

/*
 * An injected fault (xnic_core.h): the firmware's watchdog fires now, as
 * me_card_run() reports one: the card stops and tells the driver.
 */
void xnic_card_trip_watchdog(struct xnic_core *core)
{
	struct me_stop_info info = { .reason = ME_STOP_WATCHDOG };

	snprintf(info.msg, sizeof(info.msg), "watchdog: injected fault");
	xnic_card_stopped(core, &info);
}

static void xnic_card_update_cycles(struct xnic_core *core)
{
	uint64_t cycles = me_card_cycles(core->card);

	*xnic_core_reg(core, XNIC_REG_FW_CYCLES_LO) = cycles;
	*xnic_core_reg(core, XNIC_REG_FW_CYCLES_HI) = cycles >> 32;
}

/*
 * Idle with records in the program log (include/xnic/card.h): the driver
 * takes them out with LOG_READ (xnic_log.c).  Only an idle card raises
 * it, so the records a context is still writing are never announced.
 */
static void xnic_card_log_check(struct xnic_core *core)
{
	uint32_t emem_size;
	const uint8_t *log = me_card_mem(core->card, ME_MEM_EMEM, 0, &emem_size) +
			     XNIC_EMEM_LOG;

	if (xnic_core_ld_le32(log + XNIC_LOG_HEAD) ||
	    xnic_core_ld_le32(log + XNIC_LOG_LOST))
		xnic_irq_misc_raise(core, XNIC_MISC_LOG);
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
	xnic_env_trace(core, XNIC_TRACE_CARD_RUN, why,
		       *xnic_core_reg(core, XNIC_REG_FW_CYCLES_LO),
		       core->fifo_count);
	if (why == ME_STOP_IDLE && !core->card_draining)
		xnic_card_log_check(core);
	else if (why != ME_STOP_IDLE && why != ME_STOP_BUDGET)
		xnic_card_stopped(core, &info);
	return why;
}

/*
 * Runs the firmware for one budget.  Frames and doorbells arriving while
 * it runs (wire TX looping back, the card's own DMA) only queue; the
 * outer run picks them up.  A used-up budget asks the environment for
 * another call instead of looping here, so the guest keeps running.
 */
void xnic_card_run(struct xnic_core *core)
{
	bool was_full = core->fifo_count == XNIC_CARD_FIFO_DEPTH;

	if (core->card_busy || !xnic_card_running(core))
		return;
	if (xnic_card_run_budget(core) == ME_STOP_BUDGET)
		core->ops->card_kick(core->opaque);
	if (was_full && core->fifo_count < XNIC_CARD_FIFO_DEPTH)
		core->ops->rx_ready(core->opaque);
}

/* ---- migration (docs/device.md "Migration") ---- */

/* Between runs, the MEs' state into the record VMState carries. */
const char *xnic_card_pre_save(struct xnic_core *core, char *msg,
			       size_t msglen)
{
	if (me_card_state_save(core->card, core->me_state,
			       core->me_state_size, msg, msglen))
		return msg;
	return NULL;
}

/* The FIFO's frames a context may still take. */
static const char *xnic_card_check_fifo(struct xnic_core *core)
{
	unsigned int i;

	if (core->fifo_head >= XNIC_CARD_FIFO_DEPTH ||
	    core->fifo_count > XNIC_CARD_FIFO_DEPTH)
		return "RX FIFO head or count out of range";
	for (i = 0; i < core->fifo_count; i++)
		if (core->fifo[(core->fifo_head + i) %
			       XNIC_CARD_FIFO_DEPTH].len > XNIC_MAX_FRAME)
			return "RX FIFO frame longer than the largest frame";
	return NULL;
}

/*
 * The migrated card, checked like guest input: the FIFO, the verdict
 * ring, then the MEs' record, which the emulator checks and applies.
 * Running firmware goes on where it was (xnic_core_post_load asks for a
 * run): frames in the FIFO, commands in flight and the watchdog's count
 * are all in the state.
 */
const char *xnic_card_post_load(struct xnic_core *core, char *msg,
				size_t msglen)
{
	const char *bad = xnic_card_check_fifo(core);

	core->card_busy = false;
	core->card_draining = false;
	if (!bad)
		bad = xnic_vrec_post_load(core);
	if (!bad && me_card_state_restore(core->card, core->me_state,
					  core->me_state_size, msg, msglen))
		bad = msg;
	return bad;
}

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

/*
 * Runs one test frame after xnic_card_drain(): it goes to the first
 * context that asks, on the test port, while the FIFO's frames keep
 * waiting; the card runs, at most the drain's budgets, until that
 * context's firmware reported.  The context then parks in pkt_rx again
 * and keeps the frame's xdp_md block and packet buffer until the next
 * frame it takes: the caller reads them before xnic_card_resume().
 */
const char *xnic_card_test_frame(struct xnic_core *core, const uint8_t *frame,
				 uint32_t len, char *msg, size_t msglen)
{
	struct xnic_card_test *t = &core->test;
	enum me_stop why = ME_STOP_BUDGET;
	unsigned int i;

	memset(t, 0, sizeof(*t));
	t->frame = frame;
	t->len = len;
	core->card_draining = true;
	for (i = 0; i < XNIC_CARD_DRAIN_RUNS && why == ME_STOP_BUDGET &&
	     !t->done; i++)
		why = xnic_card_run_budget(core);
	t->frame = NULL;
	if (t->done)
		return NULL;
	if (why == ME_STOP_BUDGET || why == ME_STOP_IDLE)
		snprintf(msg, msglen,
			 "the test frame did not finish within %u cycles",
			 XNIC_CARD_DRAIN_RUNS * XNIC_CARD_RUN_BUDGET);
	else
		snprintf(msg, msglen, "firmware stopped during the test frame");
	return msg;
}

void xnic_card_resume(struct xnic_core *core)
{
	core->card_draining = false;
	xnic_card_run(core);
}

void xnic_card_counters(struct xnic_core *core, uint64_t *insns,
			uint64_t *cycles)
{
	unsigned int m;

	*insns = *cycles = 0;
	for (m = 0; m < me_card_num_me(core->card); m++) {
		struct me_counters c;

		me_card_counters(core->card, m, &c);
		*insns += c.insns;
		*cycles += c.cycles - c.idle_cycles;
	}
}

/* Loaded firmware starts: every context runs its start-up code and parks in pkt_rx. */
void xnic_card_start(struct xnic_core *core)
{
	*xnic_core_reg(core, XNIC_REG_FW_STOP) = 0;
	*xnic_core_reg(core, XNIC_REG_FW_STOP_PC) = 0;
	*xnic_core_reg(core, XNIC_REG_FW_STATUS) = XNIC_FW_RUNNING;
	core->fw_started = true;
	/* The load zeroed the profile and the counters: a new stretch. */
	me_card_profile_stop(core->card);
	core->prof_on = false;
	core->prof_insns = core->prof_cycles = 0;
	xnic_card_trace_fw(core);
	xnic_card_run(core);
}
