/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnic card core: everything the card does, without QEMU.
 *
 * The core is plain C so that it can be unit-tested alone (docs/device.md
 * "Structure").  It is split into hardware blocks, one file each, listed
 * here from the top down:
 *   xnic_regfile.c   BAR0 register file: tables, MMIO dispatch, hooks
 *   xnic_core.c      entry points: lifecycle, reset, frames in, link, CTRL
 *   xnic_mbox.c      control mailbox: command dispatch
 *   xnic_fw.c        firmware: FW_LOAD, the info block, FW_CAPS, counters
 *   xnic_prog.c      program installation: PROG_LOAD, PROG_UNLOAD
 *   xnic_maps.c      offloaded maps: MAP_OP on the maps in emem
 *   xnic_testrun.c   test runs of the installed program, the profile
 *   xnic_log.c       the program log: LOG_READ
 *   xnic_card.c      the microengines, their RX FIFO and run loop
 *   xnic_vrec.c      verdict recorder: records of offloaded XDP verdicts
 *   xnic_dma.c       host DMA engine: TX/RX descriptor rings
 *   xnic_rss.c       RX queue choice by flow hash, the hash RX writes back
 *   xnic_mac.c       MAC / wire: address filter, MTU, wire counters, TX
 *   xnic_env.c       guest-error accounting, a refused command's reply
 *   xnic_irq.c       interrupt causes, masks, MSI-X / INTx
 * Calls go down this list, never up or around (tests/unit/xnic-core/
 * test_layers.py holds the tree to it): the environment calls
 * xnic_regfile_read/write and xnic_core_* (this header's API); the
 * register file's hooks and the mailbox dispatch to the blocks; the
 * firmware, program and map blocks call into the card's run loop.  Every
 * symbol carries its file's prefix.  The environment (QEMU shell, or a
 * unit test) is reached only through struct xnic_core_ops.
 */
#ifndef XNIC_CORE_H
#define XNIC_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xnic/card.h"
#include "xnic/regs.h"
#include "xnic/testrun.h"
#include "xnic/verdict.h"

/* Global registers live in 0x0000..0x00ff; the mailbox window is apart. */
#define XNIC_CORE_GLOBAL_REGS	(0x100 / 4)
#define XNIC_CORE_QP_REGS	(XNIC_QP_STRIDE / 4)

/* Trace points; the shell maps each to a QEMU trace event. */
enum xnic_core_trace {
	XNIC_TRACE_REG_READ,	/* a = offset, b = value */
	XNIC_TRACE_REG_WRITE,	/* a = offset, b = value */
	XNIC_TRACE_TX_RING,	/* a = queue, b = head, c = tail */
	XNIC_TRACE_RX_RING,	/* a = queue, b = head, c = tail */
	XNIC_TRACE_TX_FRAME,	/* a = queue, b = length, c = status */
	XNIC_TRACE_RX_FRAME,	/* a = queue, b = length, c = status */
	XNIC_TRACE_RX_DROP,	/* a = queue, b = length, c = XNIC_DROP_* */
	XNIC_TRACE_MSIX,	/* a = vector, b = cause */
	XNIC_TRACE_INTX,	/* a = level */
	XNIC_TRACE_LINK,	/* a = up */
	XNIC_TRACE_MBOX,	/* a = command, b = length, c = status */
	XNIC_TRACE_CARD_RUN,	/* a = enum me_stop, b = cycles, c = FIFO frames */
	XNIC_TRACE_FW,		/* a = FW_STATUS, b = FW_STOP, c = FW_STOP_PC */
	XNIC_TRACE_PROG_LOAD,	/* a = words, b = entry, c = MBOX status */
	XNIC_TRACE_PROG_UNLOAD,	/* a = words removed, c = MBOX status */
	XNIC_TRACE_MAP_OP,	/* a = XNIC_MAP_OP_*, b = map address, c = errno */
};

/* Why a frame from the wire did not reach a ring (trace only). */
enum xnic_core_drop {
	XNIC_DROP_DISABLED,	/* CTRL.ENABLE off or link down */
	XNIC_DROP_FILTERED,
	XNIC_DROP_OVERSIZE,
	XNIC_DROP_NO_QUEUE,	/* no RX ring enabled */
	XNIC_DROP_NO_BUF,
	XNIC_DROP_TRUNC,
	XNIC_DROP_BAD_DESC,
	XNIC_DROP_BUSY,		/* arrived while the card was doing DMA */
	XNIC_DROP_NO_FW,	/* no firmware runs */
	XNIC_DROP_FIFO_FULL,	/* the card's RX FIFO is full */
};

struct xnic_core_ops {
	/* Guest-physical DMA; return false when the access failed. */
	bool (*dma_read)(void *opaque, uint64_t addr, void *buf, size_t len);
	bool (*dma_write)(void *opaque, uint64_t addr, const void *buf,
			  size_t len);
	bool (*msix_enabled)(void *opaque);
	void (*msix_notify)(void *opaque, unsigned int vector);
	void (*set_intx)(void *opaque, bool level);
	void (*wire_tx)(void *opaque, const uint8_t *frame, size_t len);
	/*
	 * CTRL.LOOPBACK: a frame the card sent, to come back through
	 * xnic_core_receive() as if from the wire (QEMU: qemu_receive_packet,
	 * which drops it instead of re-entering a delivery).
	 */
	void (*wire_loopback)(void *opaque, const uint8_t *frame, size_t len);
	/* RX descriptors were posted: frames held back may be delivered. */
	void (*rx_ready)(void *opaque);
	void (*guest_error)(void *opaque, const char *msg);
	/* The card used up a run's budget: call xnic_core_card_run() soon. */
	void (*card_kick)(void *opaque);
	/* RX_CTRL.TSTAMP's and TX F_TSTAMP's clock: ns, monotonic (QEMU:
	 * QEMU_CLOCK_REALTIME). */
	uint64_t (*clock_ns)(void *opaque);
	void (*trace)(void *opaque, enum xnic_core_trace ev, uint32_t a,
		      uint32_t b, uint32_t c);
};

/*
 * The ME card's shape: QEMU properties (docs/firmware.md "Card
 * properties").  Defaults are docs/isa.md's, except packet memory: it
 * holds a jumbo-frame buffer for every context of an 8-context image.
 */
#define XNIC_CARD_N_ME		4
#define XNIC_CARD_CONTEXTS	8
#define XNIC_CARD_ISTORE	16384
#define XNIC_CARD_LM		(16u << 10)
#define XNIC_CARD_PKT		(512u << 10)
#define XNIC_CARD_IMEM		(256u << 10)
#define XNIC_CARD_EMEM		(16u << 20)
#define XNIC_CARD_WATCHDOG	1000000
struct xnic_card_config {
	uint32_t n_me;
	uint32_t max_contexts;		/* per ME: 4 or 8 */
	uint32_t istore_size;		/* instructions per ME */
	uint32_t lm_size;		/* bytes per ME, power of two */
	uint32_t pkt_size, imem_size, emem_size;	/* bytes */
	uint32_t watchdog_cycles;	/* per context between frames; 0 off */
};

/* Frames waiting for a context's pkt_rx; the backend holds the rest. */
#define XNIC_CARD_FIFO_DEPTH	64
/* Per-context packet buffer: headroom, the largest frame, XDP tailroom. */
#define XNIC_CARD_PKT_BUF	10240

struct xnic_card_frame {
	uint32_t len;
	uint32_t seq;		/* wire sequence number (XNIC_DESC_SEQ) */
	uint8_t data[XNIC_MAX_FRAME];
};

/* What the verdict recorder keeps of the frame an ME context took. */
struct xnic_vrec_ctx {
	uint32_t in_len;
	uint16_t queue;
};

struct me_card;

/*
 * A test frame (TEST_RUN, xnic_testrun.c): handed to the first context
 * that asks while every other frame waits, and what its firmware context
 * reported (docs/firmware.md "Test runs").
 */
struct xnic_card_test {
	const uint8_t *frame;	/* NULL: no test frame */
	uint32_t len;
	bool taken, done;
	unsigned int me, ctx;	/* the context that ran it */
	uint32_t cycles, retval;
};

struct xnic_core {
	const struct xnic_core_ops *ops;
	void *opaque;
	uint32_t num_queues;
	uint8_t perm_mac[6];	/* reset value of MAC_LO/MAC_HI */
	bool link_up;		/* backend state; survives reset */
	bool in_dma;		/* re-entrancy guard, see xnic_dma.c */

	/* Architected state: exactly what VMState migrates. */
	uint32_t regs[XNIC_CORE_GLOBAL_REGS];
	uint32_t qregs[XNIC_MAX_QUEUE_PAIRS][XNIC_CORE_QP_REGS];
	uint8_t mbox_data[XNIC_MBOX_DATA_SIZE];
	uint8_t rss_key[XNIC_RSS_KEY_SIZE];	/* the RSS_KEY window */
	uint8_t rss_reta[XNIC_RSS_RETA_SIZE];	/* the RSS_RETA window */

	uint8_t tx_frame[XNIC_MAX_FRAME];	/* TX staging buffer */
	uint8_t rx_strip[XNIC_MAX_FRAME];	/* RX frame without its VLAN tag */

	/*
	 * Fault injection for tests (docs/device.md "Fault injection"): set
	 * by the environment only (QEMU: a QOM property over QMP), never
	 * reachable from the guest, not migrated.  Each counts the events
	 * it still spoils:
	 * - MAP_OPs the card leaves BUSY without an answer, as a card that
	 *   stopped would;
	 * - descriptor reads that fail as a bus error would (xnic_dma.c);
	 * - program switches during which the firmware trips its watchdog
	 *   (xnic_prog.c).
	 */
	uint32_t fault_mbox_hang;
	uint32_t fault_dma_desc;
	uint32_t fault_switch_watchdog;

	/*
	 * ME card (xnic_card.c).  The environment migrates what follows
	 * (xnic.c "xnic/card"); xnic_core_post_load() checks it.
	 */
	struct xnic_card_config card_cfg;
	struct me_card *card;
	struct xnic_card_frame *fifo;	/* XNIC_CARD_FIFO_DEPTH entries */
	uint32_t *ctx_seq;		/* per ME context: seq of its frame */
	uint32_t ctx_slots;		/* n_me * ME_CTX_MAX, not migrated */
	uint32_t fifo_head, fifo_count;
	bool card_busy;			/* inside me_card_run() */
	bool card_draining;		/* a switch waits: pkt_rx gets none */
	bool fw_started;		/* memories hold a checked image */
	uint32_t fw_contexts;
	uint32_t fw_prog_max;
	uint64_t *fw_slot;		/* istore_size: the image's slot code */
	uint32_t fw_slot_words;
	uint32_t prog_words;		/* installed program, 0: none */
	/* The card's memories and ME state record, as VMState sees them */
	uint8_t *mem_pkt, *mem_imem, *mem_emem;	/* card_cfg's sizes */
	uint8_t *me_state;		/* me_card_state_save() record */
	uint32_t me_state_size;
	struct xnic_card_test test;	/* the test frame in flight */
	/* PROFILE (xnic_testrun.c): card counters over the profiled stretch */
	bool prof_on;
	uint64_t prof_insns, prof_cycles;	/* stretches already ended */
	uint64_t prof_base_insns, prof_base_cycles;	/* at the last start */
	/* The MEs' per-instruction profile as VMState carries it ("xnic/
	 * profile"): count, cycles, wait of each istore word; 0 words if the
	 * profile never started */
	uint64_t *prof_words;		/* 3 * istore_size */
	uint32_t prof_nwords;

	/* Verdict recorder (xnic_vrec.c) */
	uint8_t (*vrec)[XNIC_VERDICT_SIZE];	/* XNIC_VREC_DEPTH records */
	struct xnic_vrec_ctx *vrec_ctx;	/* ctx_slots: each one's frame */
	uint32_t vrec_head;		/* oldest record; VREC_COUNT held */
};

/* ---- API for the environment ---- */
int xnic_core_init(struct xnic_core *core, const struct xnic_core_ops *ops,
		   void *opaque, uint32_t num_queues, const uint8_t mac[6],
		   bool link_up, const struct xnic_card_config *card,
		   char *err, size_t errlen);
void xnic_core_destroy(struct xnic_core *core);
void xnic_core_reset(struct xnic_core *core);
/* Runs the firmware for one budget (after card_kick). */
void xnic_core_card_run(struct xnic_core *core);
/*
 * Migration (docs/device.md "Migration"): pre_save before the fields are
 * read; post_load after they were written, card_state telling whether the
 * card's part came too.  post_load checks everything as guest input:
 * NULL, or why the state is refused (msg).
 */
const char *xnic_core_pre_save(struct xnic_core *core, char *msg,
			       size_t msglen);
const char *xnic_core_post_load(struct xnic_core *core, bool card_state,
				char *msg, size_t msglen);
uint32_t xnic_regfile_read(struct xnic_core *core, uint64_t addr,
			   unsigned int size);
void xnic_regfile_write(struct xnic_core *core, uint64_t addr, uint64_t val,
			unsigned int size);
bool xnic_core_can_receive(struct xnic_core *core);
void xnic_core_receive(struct xnic_core *core, const uint8_t *frame,
		       size_t len);
void xnic_core_set_link(struct xnic_core *core, bool up);
/* MSI-X was switched on or off: move pending causes to the right wire. */
void xnic_core_irq_resync(struct xnic_core *core);

/* ---- Between blocks ---- */
/* Little-endian fields in card memory, the mailbox and guest structures */
static inline uint16_t xnic_core_ld_le16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static inline uint32_t xnic_core_ld_le32(const uint8_t *p)
{
	return xnic_core_ld_le16(p) | (uint32_t)xnic_core_ld_le16(p + 2) << 16;
}

static inline uint64_t xnic_core_ld_le64(const uint8_t *p)
{
	return xnic_core_ld_le32(p) | (uint64_t)xnic_core_ld_le32(p + 4) << 32;
}

static inline void xnic_core_st_le16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static inline void xnic_core_st_le32(uint8_t *p, uint32_t v)
{
	xnic_core_st_le16(p, v);
	xnic_core_st_le16(p + 2, v >> 16);
}

static inline uint32_t *xnic_core_reg(struct xnic_core *core, uint32_t off)
{
	return &core->regs[off / 4];
}

static inline uint32_t *xnic_core_qreg(struct xnic_core *core,
				       unsigned int q, uint32_t off)
{
	return &core->qregs[q][off / 4];
}

/* Services every block uses (xnic_env.c) */
void xnic_env_guest_error(struct xnic_core *core, uint32_t code,
			  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A refused command's reply; returns XNIC_MBOX_ERROR. */
uint32_t xnic_env_refuse(struct xnic_core *core, const char *what,
			 const char *msg);

/* Inline so that the interrupt block, below xnic_env.c, traces too. */
static inline void xnic_env_trace(struct xnic_core *core,
				  enum xnic_core_trace ev, uint32_t a,
				  uint32_t b, uint32_t c)
{
	if (core->ops->trace)
		core->ops->trace(core->opaque, ev, a, b, c);
}

/* CTRL's register hook (xnic_core.c) */
void xnic_core_write_ctrl(struct xnic_core *core, unsigned int q,
			  uint32_t off, uint32_t old);

/* The ME card (xnic_card.c): microengines, RX FIFO, run loop */
void xnic_card_config_default(struct xnic_card_config *cfg);
int xnic_card_create(struct xnic_core *core,
		     const struct xnic_card_config *cfg, char *err,
		     size_t errlen);
void xnic_card_destroy(struct xnic_core *core);
void xnic_card_reset(struct xnic_core *core);
bool xnic_card_running(struct xnic_core *core);
void xnic_card_start(struct xnic_core *core);
void xnic_card_stop(struct xnic_core *core, uint32_t status);
void xnic_card_trip_watchdog(struct xnic_core *core);
void xnic_card_run(struct xnic_core *core);
bool xnic_card_fifo_full(struct xnic_core *core);
void xnic_card_rx(struct xnic_core *core, const uint8_t *frame, size_t len);
const char *xnic_card_pre_save(struct xnic_core *core, char *msg,
			       size_t msglen);
const char *xnic_card_post_load(struct xnic_core *core, char *msg,
				size_t msglen);
/* Contexts parked in pkt_rx: NULL, or why not (msg). */
const char *xnic_card_drain(struct xnic_core *core, char *msg, size_t msglen);
/* After a drain: one test frame through the firmware alone; NULL or why not. */
const char *xnic_card_test_frame(struct xnic_core *core, const uint8_t *frame,
				 uint32_t len, char *msg, size_t msglen);
/* The drain is over: frames waiting in the FIFO run. */
void xnic_card_resume(struct xnic_core *core);
/* Instructions and busy cycles of every context since the load. */
void xnic_card_counters(struct xnic_core *core, uint64_t *insns,
			uint64_t *cycles);

/* Firmware (xnic_fw.c); the info block is include/xnic/card.h's XNIC_FWI_* */
uint32_t xnic_fw_info(struct xnic_core *core, uint32_t off);
uint32_t xnic_fw_load(struct xnic_core *core, uint32_t len);
uint32_t xnic_fw_caps(struct xnic_core *core, uint32_t len);
uint32_t xnic_fw_stats_read(struct xnic_core *core, uint32_t off);
uint32_t xnic_fw_map_area(struct xnic_core *core);
const char *xnic_fw_post_load(struct xnic_core *core, char *msg,
			      size_t msglen);

/* Program installation (xnic_prog.c) */
uint32_t xnic_prog_load(struct xnic_core *core, uint32_t len);
uint32_t xnic_prog_unload(struct xnic_core *core, uint32_t len);

/* Offloaded maps (xnic_maps.c): MAP_OP */
uint32_t xnic_maps_op(struct xnic_core *core, uint32_t len);

/* Test runs and the profile (xnic_testrun.c): TEST_RUN, PROFILE */
uint32_t xnic_testrun_run(struct xnic_core *core, uint32_t len);
uint32_t xnic_testrun_profile(struct xnic_core *core, uint32_t len);
/* Migration of the profile ("xnic/profile"), around the MEs' record */
void xnic_testrun_prof_pre_save(struct xnic_core *core);
const char *xnic_testrun_prof_post_load(struct xnic_core *core, char *msg,
					size_t msglen);
/* The program log (xnic_log.c): LOG_READ */
uint32_t xnic_log_read(struct xnic_core *core, uint32_t len);

bool xnic_mac_enabled(struct xnic_core *core);
bool xnic_mac_rx_accept(struct xnic_core *core, const uint8_t *frame,
			size_t len);
void xnic_mac_tx(struct xnic_core *core, const uint8_t *frame, size_t len);
void xnic_mac_write_mtu(struct xnic_core *core, unsigned int q,
			uint32_t off, uint32_t old);

uint32_t xnic_rss_flow_hash_type(const uint8_t *key, const uint8_t *frame,
				 size_t len, unsigned int *type);
uint32_t xnic_rss_flow_hash(const uint8_t *key, const uint8_t *frame,
			    size_t len);
int xnic_rss_queue(struct xnic_core *core, const uint8_t *frame, size_t len);
void xnic_rss_reset(struct xnic_core *core);
void xnic_rss_sanitize(struct xnic_core *core);
bool xnic_rss_is_window(uint64_t addr);
uint32_t xnic_rss_read(struct xnic_core *core, uint64_t addr);
void xnic_rss_write(struct xnic_core *core, uint64_t addr, uint32_t val);

/* Ring registers of one direction start at this offset in a QP block. */
enum xnic_dma_dir {
	XNIC_DMA_TX = XNIC_Q_TX_BASE_LO,
	XNIC_DMA_RX = XNIC_Q_RX_BASE_LO,
};
bool xnic_dma_ring_enabled(struct xnic_core *core, unsigned int q,
			   enum xnic_dma_dir dir);
bool xnic_dma_rx_has_buffer(struct xnic_core *core, unsigned int q);
bool xnic_dma_host_read(struct xnic_core *core, uint64_t addr, void *buf,
			size_t len);
bool xnic_dma_host_write(struct xnic_core *core, uint64_t addr,
			 const void *buf, size_t len);
void xnic_dma_rx(struct xnic_core *core, unsigned int q,
		 const uint8_t *frame, size_t len, uint32_t seq);
void xnic_dma_kick_all(struct xnic_core *core);
void xnic_dma_sanitize(struct xnic_core *core);
void xnic_dma_write_ring_cfg(struct xnic_core *core, unsigned int q,
			     uint32_t off, uint32_t old);
void xnic_dma_write_tail(struct xnic_core *core, unsigned int q,
			 uint32_t off, uint32_t old);
void xnic_dma_write_ring_ctrl(struct xnic_core *core, unsigned int q,
			      uint32_t off, uint32_t old);

void xnic_irq_queue_raise(struct xnic_core *core, unsigned int q,
			  uint32_t bits);
void xnic_irq_misc_raise(struct xnic_core *core, uint32_t bits);
void xnic_irq_write_misc(struct xnic_core *core, unsigned int q,
			 uint32_t off, uint32_t old);
void xnic_irq_write_queue(struct xnic_core *core, unsigned int q,
			  uint32_t off, uint32_t old);
void xnic_irq_update_intx(struct xnic_core *core);

int xnic_vrec_create(struct xnic_core *core, unsigned int n_ctx);
void xnic_vrec_destroy(struct xnic_core *core);
void xnic_vrec_reset(struct xnic_core *core);
const char *xnic_vrec_post_load(struct xnic_core *core);
void xnic_vrec_write_ctrl(struct xnic_core *core, unsigned int q,
			  uint32_t off, uint32_t old);
void xnic_vrec_write_pop(struct xnic_core *core, unsigned int q,
			 uint32_t off, uint32_t old);
uint32_t xnic_vrec_read(struct xnic_core *core, uint32_t off);
void xnic_vrec_frame_in(struct xnic_core *core, unsigned int slot,
			const uint8_t *frame, uint32_t len);
int xnic_vrec_report(struct xnic_core *core, unsigned int me,
		     unsigned int ctx, uint32_t val);

void xnic_mbox_write_cmd(struct xnic_core *core, unsigned int q,
			 uint32_t off, uint32_t old);

#endif /* XNIC_CORE_H */
