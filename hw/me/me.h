/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The microengine emulator: a card of MEs sharing packet, internal and
 * external memory (docs/isa.md sections 1, 2, 6, 7).  A pure C library: no
 * global state, no printing; errors come back as codes plus a message in a
 * caller buffer.  The QEMU device, xnic-run and the unit tests each plug in
 * their own packet and host I/O through struct me_io_ops.
 */
#ifndef ME_H
#define ME_H

#include <stddef.h>
#include <stdint.h>

#include "me_isa.h"
#include "me_image.h"

struct me_card;

/*
 * I/O hooks, called when a command completes (docs/isa.md section 7).
 * Every hook may be NULL: rx then never delivers a frame, the others report
 * error 1 and a card CSR access faults.
 */
struct me_io_ops {
	/* Copy the next frame (at most cap bytes) to buf.  Return 1 with
	 * *len and *port set, or 0 when no frame is waiting.  Returning 0
	 * must change nothing: the card asks again only after it has called
	 * another hook (or an rx got a frame) or at the next me_card_run(),
	 * or with rx_announced (below) after me_card_rx_changed(). */
	int (*rx)(void *opaque, unsigned me, unsigned ctx, uint8_t *buf,
		  uint32_t cap, uint32_t *len, uint32_t *port);
	/* Optional: 0 when rx would now answer 0 whoever asked.  It must
	 * change nothing; parked pkt_rx are then not asked one by one. */
	int (*rx_waiting)(void *opaque);
	/* Send a frame; 0 or a non-zero error code the program sees. */
	int (*tx)(void *opaque, unsigned me, unsigned ctx, uint32_t dest,
		  const uint8_t *data, uint32_t len);
	/* Host memory; 0 or a non-zero error code the program sees. */
	int (*dma_read)(void *opaque, uint64_t host, uint8_t *buf, uint32_t len);
	int (*dma_write)(void *opaque, uint64_t host, const uint8_t *buf,
			 uint32_t len);
	/* Card CSRs >= ME_CSR_CARD_BASE; non-zero refuses (context faults). */
	int (*csr_read)(void *opaque, unsigned me, unsigned ctx, uint32_t csr,
			uint32_t *val);
	int (*csr_write)(void *opaque, unsigned me, unsigned ctx, uint32_t csr,
			 uint32_t val);
	/*
	 * Non-zero: what rx answers changes only between runs, by rx's own
	 * deliveries, and where the owner says so with me_card_rx_changed()
	 * (from a hook of this card).  Parked pkt_rx are then not asked again
	 * after every call of the other hooks, which on a card of many parked
	 * contexts costs more than the frames (docs/performance.md).
	 */
	int rx_announced;
};

/*
 * The card's clock: one cycle is one nanosecond (docs/isa.md section 1);
 * bpf_ktime_get_ns on the card reads the cycle counter.
 */
#define ME_CLOCK_HZ		1000000000ull
/* Command data moves at 8 bytes per cycle: ceil(len / 8) after the latency. */
#define ME_CMD_BYTES_PER_CYCLE	8u

/* Command latencies in cycles (docs/isa.md section 1). */
struct me_latency {
	uint32_t pkt, imem, emem, atomic_extra, rx, tx, dma;
};

struct me_card_config {
	unsigned n_me;			/* 1..64 */
	uint32_t istore_size;		/* instructions per ME, <= 65536 */
	uint32_t lm_size;		/* bytes per ME, power of two */
	uint32_t pkt_size, imem_size, emem_size;	/* bytes */
	uint32_t pkt_buf_size;		/* bytes per context buffer */
	uint64_t watchdog_cycles;	/* per context between pkt_rx; 0 off */
	struct me_latency lat;
	/*
	 * 1: schedule every slice of every ME as docs/isa.md section 6.1
	 * describes, without the fast paths that skip or merge slices in
	 * which the scheduler would do nothing (docs/performance.md).  The
	 * results are the same; the unit tests compare the two.
	 */
	int no_fast_paths;
	const struct me_io_ops *ops;
	void *opaque;
};

/* Fill cfg with the defaults of docs/isa.md section 1. */
void me_card_config_default(struct me_card_config *cfg);

enum me_stop {
	ME_STOP_HALTED,		/* every context halted */
	ME_STOP_IDLE,		/* contexts wait for frames or signals only */
	ME_STOP_BUDGET,		/* the run's cycle budget is used up */
	ME_STOP_WATCHDOG,	/* a context ran too long; it is stopped */
	ME_STOP_FAULT,		/* a context faulted; it is stopped */
};

struct me_stop_info {
	enum me_stop reason;
	unsigned me, ctx;	/* for WATCHDOG and FAULT */
	uint32_t pc;
	char msg[192];
};

enum me_ctx_status {
	ME_CTX_READY, ME_CTX_WAITING, ME_CTX_HALTED, ME_CTX_FAULTED,
};

/* A snapshot of one context, for runners, tests and debuggers. */
struct me_ctx_state {
	enum me_ctx_status status;
	uint32_t pc;
	uint32_t a[ME_GPRS_MAX], b[ME_GPRS_MAX];
	uint32_t xr[ME_XFER_REGS], xw[ME_XFER_REGS];
	uint32_t lmi[ME_LM_INDEXES];
	uint16_t signals, wait_mask;
	int z, n, c, v;
	uint64_t insns, cycles;
};

struct me_counters {
	uint64_t cycles, insns, idle_cycles, commands;
};

enum me_mem {
	ME_MEM_PKT = ME_SPACE_PKT,
	ME_MEM_IMEM = ME_SPACE_IMEM,
	ME_MEM_EMEM = ME_SPACE_EMEM,
	ME_MEM_LM,			/* of one ME */
};

int me_card_create(const struct me_card_config *cfg, struct me_card **out,
		   char *err, size_t errlen);
void me_card_destroy(struct me_card *card);

/*
 * Validate img (docs/isa.md section 6.2), pre-decode it into every ME,
 * clear all memories, copy the data sections and start every context at
 * the entry.  On error the card keeps no program.  0 or -1 with err.
 */
int me_card_load(struct me_card *card, const struct me_image *img,
		 char *err, size_t errlen);

/*
 * Replace the code from instruction addr on by n words, in every ME, on a
 * loaded card between runs (not from an I/O hook), keeping memories,
 * contexts and command queues (docs/isa.md section 13): how a program is
 * installed without reloading the firmware around it.  The code then ends
 * at addr + n; addr lies in the code or right after it.  The words are
 * validated as me_card_load validates code, in the image's contexts mode,
 * with branch and call targets inside the new code; kept code may not
 * branch past its new end.  No context that can still run (ready or
 * waiting) may be at addr or beyond: the caller lets them finish first.
 * On error nothing changes.  0 or -1 with err.
 */
int me_card_replace_code(struct me_card *card, uint32_t addr,
			 const uint64_t *words, uint32_t n,
			 char *err, size_t errlen);

/* Run for at most budget cycles.  Never blocks on I/O. */
enum me_stop me_card_run(struct me_card *card, uint64_t budget,
			 struct me_stop_info *info);

/*
 * From a hook, with me_io_ops.rx_announced: what rx answers may have
 * changed (a frame came in), so parked pkt_rx are asked again.
 */
void me_card_rx_changed(struct me_card *card);

unsigned me_card_num_me(const struct me_card *card);
unsigned me_card_num_ctx(const struct me_card *card);
/*
 * Card time: cycles of all completed 64-cycle slices (section 6.1).  Inside
 * an I/O hook, me_card_counters(card, me, ...).cycles is the exact cycle of
 * the ME whose command is completing.
 */
uint64_t me_card_cycles(const struct me_card *card);
int me_card_ctx_state(const struct me_card *card, unsigned me, unsigned ctx,
		      struct me_ctx_state *st);
int me_card_counters(const struct me_card *card, unsigned me,
		     struct me_counters *out);
/*
 * Per-instruction profile (docs/isa.md section 6.3), for all MEs together.
 * cycles are the instruction's issue cycles (a taken branch's extra cycle
 * included), so the sums over all entries of count and cycles are the
 * contexts' insns and cycles while profiling.  wait is the time a context
 * spent out of the ME after this instruction made it leave (a command
 * with swap, ctx_wait, ctx_swap), until it ran again: memory and I/O
 * latency, and other contexts holding the ME.
 */
struct me_profile_insn {
	uint64_t count, cycles, wait;
};

/*
 * Between runs: start adds to the profile from the next run on (the first
 * start allocates it; 0 or -1 with err), stop leaves it as it is, reset
 * zeroes it.  Loading an image zeroes it; replacing code zeroes the
 * entries from the first replaced address on.  Not profiling costs a
 * choice of interpreter per context turn, nothing per instruction.
 */
int me_card_profile_start(struct me_card *card, char *err, size_t errlen);
void me_card_profile_stop(struct me_card *card);
void me_card_profile_reset(struct me_card *card);
/* Entries for instruction addresses 0..*n-1, or NULL if never started. */
const struct me_profile_insn *me_card_profile(const struct me_card *card,
					      uint32_t *n);
/*
 * Migration: the profile as me_card_profile() showed it on the source, n
 * entries (0: never started, or the istore size) of three words each
 * (count, cycles, wait), running or not; after me_card_state_restore(),
 * which zeroes it.  The marks of waits in progress are not state: those
 * waits are not charged, as after a start.  0, or -1 with err (nothing
 * changed).
 */
int me_card_profile_restore(struct me_card *card, const uint64_t *words,
			    uint32_t n, int on, char *err, size_t errlen);

/*
 * The execution state (docs/isa.md section 14): contexts, command queues,
 * local memories, the instruction store's words and the cycle counters;
 * not the packet, internal and external memories (me_card_mem) nor the
 * profile.  Between runs only.  save writes me_card_state_size() bytes;
 * restore checks the whole record (it may be hostile) and changes nothing
 * when it refuses it.  0 or -1 with err.
 */
size_t me_card_state_size(const struct me_card *card);
int me_card_state_save(const struct me_card *card, uint8_t *buf, size_t len,
		       char *err, size_t errlen);
int me_card_state_restore(struct me_card *card, const uint8_t *buf,
			  size_t len, char *err, size_t errlen);

/* Memory contents (me only matters for ME_MEM_LM); NULL if out of range. */
uint8_t *me_card_mem(struct me_card *card, enum me_mem mem, unsigned me,
		     uint32_t *size);

#endif /* ME_H */
