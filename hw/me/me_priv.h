/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Emulator internals shared by me_card.c (load, scheduling), me_cmd.c
 * (commands) and me_exec.c (the interpreter).  Not for users of me.h.
 */
#ifndef ME_PRIV_H
#define ME_PRIV_H

#include <string.h>

#include "me.h"
#include "me_encode.h"

/* Flat per-context register file: one index per operand after pre-decode. */
#define ME_R_A		0
#define ME_R_B		(ME_R_A + ME_GPRS_MAX)
#define ME_R_XR		(ME_R_B + ME_GPRS_MAX)
#define ME_R_XW		(ME_R_XR + ME_XFER_REGS)
#define ME_R_COUNT	(ME_R_XW + ME_XFER_REGS)

/* Condition-code nibble (docs/isa.md section 3.2). */
#define ME_FL_V		1u
#define ME_FL_C		2u
#define ME_FL_N		4u
#define ME_FL_Z		8u

#define ME_CMDQ_MAX	256
#define ME_SLICE	64	/* cycles per ME turn, section 6.1 */

/* Handler index: opcode * 2 + 1 when the B operand is an immediate. */
#define ME_H_END_OPCODE	0xff	/* sentinel after the last instruction */
#define ME_H_COUNT	(ME_OP_LIMIT * 2)

/* A pre-decoded instruction: everything the hot loop needs, no checks. */
struct me_dop {
	uint16_t h;		/* handler index */
	uint8_t d, a, b;	/* flat register indices */
	uint8_t p1;		/* pos, bit, lmi, space */
	uint8_t p2;		/* len, sig */
	uint8_t p3;		/* swap */
	uint32_t imm;		/* B immediate (extended), target, mask */
	uint32_t aux;		/* ext/ins mask, branch truth table, LM offset, csr */
};

struct me_ctx {
	uint32_t r[ME_R_COUNT];
	uint32_t lmi[ME_LM_INDEXES];
	uint32_t pc;
	uint8_t flags;
	uint8_t status;		/* enum me_ctx_status */
	uint16_t signals;
	uint16_t wait_mask;
	uint64_t insns, cycles, wd_used;
	/* profile: the instruction that left the ME (pc + 1, 0 none), when */
	uint32_t prof_left_pc;
	uint64_t prof_left_cycle;
};

struct me_cmd {
	uint64_t due, seq;
	uint8_t opcode, ctx, space, len, xfer, sig;
	uint32_t addr;
	uint32_t data[ME_XFER_REGS];
};

struct me_engine {
	struct me_card *card;
	unsigned index;
	struct me_dop *code;	/* istore, plus one sentinel */
	uint8_t *lm;
	struct me_ctx ctx[ME_CTX_MAX];
	int cur;		/* context holding the ME, -1 after a swap */
	unsigned last;		/* context that ran last (round robin) */
	uint64_t cycle, insns, idle, ncmds, seq;
	struct me_cmd cmdq[ME_CMDQ_MAX];	/* [head, end) sorted by (due, seq) */
	unsigned head, end;
	struct me_cmd parked[ME_CMDQ_MAX];	/* pkt_rx without a frame */
	unsigned nparked;
	uint64_t poll_epoch;	/* card->io_epoch when the parked all got 0 at it */
	uint32_t wake;		/* bit per context that can run (me_ctx_can_run) */
};

struct me_card {
	struct me_card_config cfg;
	unsigned nctx, gprs;
	uint32_t code_lo, code_hi;	/* valid instruction indexes */
	uint64_t *words;		/* istore_size: the code as encoded */
	int loaded;
	int running;			/* inside me_card_run() */
	uint8_t *mem[ME_SPACE_COUNT];
	uint32_t memsize[ME_SPACE_COUNT];
	uint64_t now;
	struct me_stop_info stop;	/* first fault or watchdog */
	int stopped;
	struct me_engine *me;
	struct me_profile_insn *prof;	/* istore_size entries, once started */
	int profiling;
	/*
	 * Counts the I/O hook calls that may have changed the world outside
	 * the card: all but an rx finding no frame (me_io_ops.rx), and the
	 * start of every run; with me_io_ops.rx_announced only rx's
	 * deliveries, run starts and me_card_rx_changed().  Parked pkt_rx
	 * commands are asked again only when it moved: asking again would
	 * get 0 again.
	 */
	uint64_t io_epoch;
	/*
	 * While me_card_run() runs one ME: the other MEs stay as they are
	 * as long as io_epoch equals this (me_others_still); ME_STILL_ALWAYS
	 * whatever it becomes, ME_STILL_NEVER not even now.
	 */
	uint64_t still_epoch;
	unsigned run_me;		/* the ME me_card_run() runs */
};

/* card->still_epoch: io_epoch is 0 only before the first run. */
#define ME_STILL_NEVER	0
#define ME_STILL_ALWAYS	UINT64_MAX

/*
 * Validate and pre-decode words into code[first..first + n), branch and
 * call targets inside [lo, hi) (me_card.c; me_state.c restores with it).
 */
int me_decode_words(struct me_card *card, struct me_dop *code,
		    const uint64_t *words, uint32_t first, uint32_t n,
		    uint32_t lo, uint32_t hi, char *err, size_t errlen);
void me_set_code(struct me_card *card, struct me_dop *code);

/* Exit reasons of me_exec(). */
enum me_exec_exit {
	ME_EXEC_LIMIT,		/* reached the cycle limit, context keeps ME */
	ME_EXEC_SWAP,		/* context left the ME (wait, swap, halt) */
	ME_EXEC_FAULT,		/* context faulted; card->stop filled */
};

/*
 * A context's turn on its ME: it runs until it leaves, faults or reaches
 * the end of the slice.  run_end, when the other MEs of the card are
 * still (me_others_still: on a card of one ME always), is the end of the
 * run: where the scheduler would find nothing to do at the slice's end
 * (me_slice_end_idle), the turn goes on into the next slice (card->now
 * moves to its start) up to run_end; 0 when other MEs may run in the
 * slices, which interleave them.  The context's watchdog ends it at wd_at.
 */
struct me_turn {
	uint64_t slice_end, run_end, wd_at;
};

enum me_exec_exit me_exec(struct me_engine *me, struct me_ctx *ctx,
			  const struct me_turn *turn);
/* The same, adding to card->prof (docs/isa.md section 6.3). */
enum me_exec_exit me_exec_profiled(struct me_engine *me, struct me_ctx *ctx,
				   const struct me_turn *turn);

/* The slice after the one ending at from, within a run ending at run_end. */
static inline uint64_t me_slice_next_end(uint64_t from, uint64_t run_end)
{
	return run_end - from > ME_SLICE ? from + ME_SLICE : run_end;
}

/*
 * The other MEs, still, after card->now moved on to a slice's start from
 * prev, the previous slice's: those before the running ME ran the new
 * slice before it, those after it the previous one, each idling to the
 * slice's start as me_engine_run() does.  Their counters stay what a hook
 * would read in a card run slice by slice.
 */
void me_card_pass_still(struct me_card *card, uint64_t prev);

/*
 * With the other MEs still (me_others_still), nothing happens between
 * two slices but card->now moving to the next one: the ME goes on into
 * the slice ending after cycle `to` (at most the run's last), as
 * me_card_run would start it.
 */
static inline uint64_t me_single_slices(struct me_card *card, uint64_t until,
					uint64_t to, uint64_t run_end)
{
	uint64_t prev = card->now;

	if (until > to || until >= run_end)
		return until;
	while (until <= to && until < run_end) {
		prev = card->now;
		card->now = until;
		until = me_slice_next_end(until, run_end);
	}
	if (card->cfg.n_me > 1)
		me_card_pass_still(card, prev);
	return until;
}

/*
 * With the other MEs still, after ctx left its ME to wait: the scheduler's
 * steps (section 6.1) while no other context can run, up to the run's end.  1
 * when ctx is picked to run again (its wait over, card->now, *slice_end
 * and the ME's counters moved on), 0 when the scheduler must go on from
 * where this stopped: another context can run or parked pkt_rx are to be
 * asked, nothing is in flight, or the run ends.
 */
int me_alone_wait(struct me_engine *me, struct me_ctx *ctx,
		  uint64_t *slice_end, uint64_t run_end);

/* A hook call that may have changed the outside world (io_epoch). */
static inline void me_io_changed(struct me_card *card)
{
	card->io_epoch++;
}

/*
 * A call of a hook other than rx: it may have changed what rx answers,
 * unless the owner announces such changes itself (me_io_ops.rx_announced).
 */
static inline void me_io_called(struct me_card *card)
{
	if (!card->cfg.ops->rx_announced)
		me_io_changed(card);
}

/*
 * Whether rx may deliver a frame to anyone now (me_io_ops.rx_waiting);
 * without fast paths every parked pkt_rx is asked.
 */
static inline int me_rx_waiting(const struct me_card *card)
{
	const struct me_io_ops *ops = card->cfg.ops;

	return card->cfg.no_fast_paths || !ops || !ops->rx_waiting ||
	       ops->rx_waiting(card->cfg.opaque);
}

/* Parked pkt_rx commands to ask again: the world moved since they got 0. */
static inline int me_parked_stale(const struct me_engine *me)
{
	return me->nparked && (me->card->cfg.no_fast_paths ||
			       me->poll_epoch != me->card->io_epoch);
}

/*
 * While me runs in me_card_run(): every other ME would do nothing in the
 * slices to come (none of its contexts can run or holds it, none of its
 * commands is in flight) and none has parked pkt_rx to ask again, until
 * a hook call moves io_epoch.  Their slices can then be left out, and
 * this ME can go on from slice to slice as the only ME of a card would.
 */
static inline int me_others_still(const struct me_engine *me)
{
	const uint64_t still = me->card->still_epoch;

	return still == ME_STILL_ALWAYS ||
	       (still != ME_STILL_NEVER && still == me->card->io_epoch);
}

/* Parked pkt_rx to ask again on this ME, or other MEs no longer still. */
static inline int me_card_stale(const struct me_engine *me)
{
	return me_parked_stale(me) || !me_others_still(me);
}

/*
 * Nothing for the scheduler to do at cycle now on this ME besides letting
 * the running context go on: no command due, no parked pkt_rx to ask, and
 * the other MEs still.
 */
static inline int me_slice_end_idle(const struct me_engine *me, uint64_t now)
{
	return (me->head == me->end || me->cmdq[me->head].due > now) &&
	       !me_card_stale(me);
}

/* Stop the card with a fault of ctx at pc (printf-style message). */
__attribute__((format(printf, 4, 5)))
void me_fault(struct me_engine *me, struct me_ctx *ctx, uint32_t pc,
	      const char *fmt, ...);

/*
 * ctx issues op's command (to addr) at cycle now: 0 queued, -1 on fault.
 * A command due before done_before completes at once instead and its due
 * cycle comes back: only for a caller that knows nothing else happens on
 * the card until then (see ME_CMD_ALONE in me_exec_loop.h); 0 never.
 */
int64_t me_cmd_issue(struct me_engine *me, struct me_ctx *ctx,
		     const struct me_dop *op, uint32_t addr, uint64_t now,
		     uint64_t done_before);
void me_cmd_complete_due(struct me_engine *me);
void me_cmd_poll_parked(struct me_engine *me);
uint64_t me_cmd_next_due(const struct me_engine *me);
int me_csr_read(struct me_engine *me, struct me_ctx *ctx, uint32_t csr,
		uint64_t now, uint32_t *val);
int me_csr_write(struct me_engine *me, struct me_ctx *ctx, uint32_t csr,
		 uint32_t val);

/*
 * size (at most 8) bytes of card memory, little endian (section 1) on any
 * host; one load or store where the host is little endian too.
 */
static inline uint64_t me_le_load(const uint8_t *p, unsigned size)
{
	uint64_t v = 0;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&v, p, size);
#else
	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)p[i] << (8 * i);
#endif
	return v;
}

static inline void me_le_store(uint8_t *p, unsigned size, uint64_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(p, &v, size);
#else
	for (unsigned i = 0; i < size; i++)
		p[i] = (uint8_t)(v >> (8 * i));
#endif
}

static inline unsigned me_ctx_index(const struct me_engine *me,
				    const struct me_ctx *ctx)
{
	return (unsigned)(ctx - me->ctx);
}

/* Ready, or waiting for signals that have all arrived (section 2.1). */
static inline int me_ctx_can_run(const struct me_ctx *ctx)
{
	return ctx->status == ME_CTX_READY ||
	       (ctx->status == ME_CTX_WAITING &&
		(ctx->signals & ctx->wait_mask) == ctx->wait_mask);
}

/*
 * ctx's bit in me->wake after its status or signals changed: the
 * scheduler finds the contexts that can run there instead of looking at
 * each (every place that changes them calls this).
 */
static inline void me_ctx_wake_update(struct me_engine *me,
				      const struct me_ctx *ctx)
{
	uint32_t bit = 1u << me_ctx_index(me, ctx);

	me->wake = me_ctx_can_run(ctx) ? me->wake | bit : me->wake & ~bit;
}

/*
 * With a turn's run_end set, ctx alone: no other context of its ME can
 * run, no command is in flight, no parked pkt_rx is to be asked and the
 * other MEs are still.  A memory command it issues with swap then
 * completes before anything else can happen on the card: nothing runs, no
 * hook is called, until then.
 */
static inline int me_ctx_alone(const struct me_engine *me,
			       const struct me_ctx *ctx)
{
	return me->head == me->end && !me_card_stale(me) &&
	       !(me->wake & ~(1u << me_ctx_index(me, ctx)));
}

/* The whole of me->wake, after a reset or a restore. */
void me_engine_wake_all(struct me_engine *me);

#endif /* ME_PRIV_H */
