/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The interpreter loop as a template (no include guard: me_exec.c
 * includes it once per variant, and nothing else may): define
 * ME_EXEC_FN (the function's name) and ME_EXEC_PROFILE (0 or 1) first.
 * With ME_EXEC_PROFILE, every executed instruction adds to its entry of
 * the card's profile, and the cycles a context spends out of the ME go to
 * the instruction that made it leave (docs/isa.md section 6.3); without,
 * the hooks compile to nothing.
 */
#if ME_EXEC_PROFILE
#define ME_PROF_INSN(c) do {						\
		prof[op - code].count++;				\
		prof[op - code].cycles += (c);				\
	} while (0)
/* Remember where and when the context left; charged when it runs again. */
#define ME_PROF_LEAVE() do {						\
		ctx->prof_left_pc = (uint32_t)(op - code) + 1;		\
		ctx->prof_left_cycle = cyc;				\
	} while (0)
#else
#define ME_PROF_INSN(c)		do { } while (0)
#define ME_PROF_LEAVE()		do { } while (0)
#endif

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"

enum me_exec_exit ME_EXEC_FN(struct me_engine *me, struct me_ctx *ctx,
			     const struct me_turn *turn)
{
	struct me_card *const card = me->card;
	const struct me_dop *const code = me->code;
	const struct me_dop *op = code + ctx->pc;
	uint32_t *const R = ctx->r;
	uint8_t *const lm = me->lm;
	const uint32_t lm_size = card->cfg.lm_size;
	const uint64_t run_end = turn->run_end;
	uint64_t wd_at = turn->wd_at, start = me->cycle, slice_end = turn->slice_end;
	uint64_t limit = slice_end < wd_at ? slice_end : wd_at;
	uint64_t cyc = start, insns = 0;
	unsigned fl = ctx->flags;
	enum me_exec_exit why = ME_EXEC_LIMIT;
	uint32_t addr, t;
#if ME_EXEC_PROFILE
	struct me_profile_insn *const prof = card->prof;

	if (ctx->prof_left_pc) {
		prof[ctx->prof_left_pc - 1].wait += start - ctx->prof_left_cycle;
		ctx->prof_left_pc = 0;
	}
#endif

#ifdef ME_COMPUTED_GOTO
	static const void *const jt[ME_H_COUNT] = {
		[0 ... ME_H_COUNT - 1] = &&L_BAD,
#define ME_JT(name, code, mnem, fmt, cyc, flags) \
		[(code) * 2] = &&L_##name##_0, [(code) * 2 + 1] = &&L_##name##_1,
		ME_ISA_OPCODES(ME_JT)
#undef ME_JT
		[ME_H_END_OPCODE * 2] = &&L_END_0,
		[ME_H_END_OPCODE * 2 + 1] = &&L_END_1,
	};
#define ME_DISPATCH()		goto *jt[op->h]
#define ME_LABEL(name, i)	L_##name##_##i:
#else
#define ME_DISPATCH()		goto dispatch
#define ME_LABEL(name, i)	case ME_OP_##name * 2 + (i):
#define ME_OP_END		ME_H_END_OPCODE
#endif

/* Handlers for both B variants; vb is the B operand's value. */
#define ME_OP2(name, ...) \
	ME_LABEL(name, 0) { \
		const uint32_t vb = R[op->b]; enum { cost = ME_CYC_##name }; \
		__VA_ARGS__ } \
	ME_LABEL(name, 1) { \
		const uint32_t vb = op->imm; enum { cost = ME_CYC_##name }; \
		__VA_ARGS__ }
/* Handlers that do not read B. */
#define ME_OP1(name, ...) \
	ME_LABEL(name, 0) ME_LABEL(name, 1) { \
		enum { cost = ME_CYC_##name }; __VA_ARGS__ }

#define ME_NEXT(c) do {							\
		ME_PROF_INSN(c);					\
		cyc += (c); insns++; op++;				\
		if (__builtin_expect(cyc >= limit, 0))			\
			goto at_limit;					\
		ME_DISPATCH();						\
	} while (0)
#define ME_JUMP(target, c) do {						\
		ME_PROF_INSN(c);					\
		cyc += (c); insns++; op = code + (target);		\
		if (__builtin_expect(cyc >= limit, 0))			\
			goto at_limit;					\
		ME_DISPATCH();						\
	} while (0)
#define ME_LEAVE() do {							\
		ME_PROF_INSN(cost);					\
		cyc += cost; insns++;					\
		ME_PROF_LEAVE();					\
		op++; why = ME_EXEC_SWAP; goto left;			\
	} while (0)
/* The counters as a turn's end leaves them; the turn goes on from cyc. */
#define ME_SYNC() do {							\
		ctx->flags = (uint8_t)fl;				\
		ctx->insns += insns;					\
		ctx->cycles += cyc - start;				\
		ctx->wd_used += cyc - start;				\
		me->insns += insns;					\
		me->cycle = cyc;					\
		start = cyc;						\
		insns = 0;						\
	} while (0)
#define ME_FAULT(...) do {						\
		me_fault(me, ctx, (uint32_t)(op - code), __VA_ARGS__);	\
		why = ME_EXEC_FAULT;					\
		goto out_fault;						\
	} while (0)
#define ME_ALU(name, expr) \
	ME_OP2(name, const uint32_t va = R[op->a]; R[op->d] = (expr); ME_NEXT(cost);)
#define ME_LM_ADDR(size) do {						\
		addr = ctx->lmi[op->p1] + op->aux;			\
		if ((uint64_t)addr + (size) > lm_size)			\
			ME_FAULT("local memory access of %u bytes at 0x%x "\
				 "outside %u bytes", (unsigned)(size),	\
				 addr, lm_size);			\
	} while (0)
/* A new turn of ctx from me->cycle on, after it waited: it keeps the ME. */
#define ME_RESUME() do {						\
		const uint64_t wd = card->cfg.watchdog_cycles;		\
									\
		why = ME_EXEC_LIMIT;					\
		cyc = start = me->cycle;				\
		wd_at = wd ? cyc + (wd > ctx->wd_used ?			\
				    wd - ctx->wd_used : 0) : UINT64_MAX; \
		limit = slice_end < wd_at ? slice_end : wd_at;		\
	} while (0)
/*
 * A memory command (its completion calls no hook) with swap, from a
 * context alone on its ME, the other MEs still (me_ctx_alone), whose
 * signal is not in yet: nothing can happen on the card until the command completes, so it
 * completes at issue when that is before the run's end, the wait is
 * me_alone_wait's steps taken at once and the next turn starts here
 * (docs/performance.md, "The emulator's fast paths").  With its signal
 * already in (an earlier command's, never waited for) the wait is over at
 * once and the context runs on with the command in flight.  The profiled
 * interpreter leaves waits to the scheduler, which charges them.
 */
#if ME_EXEC_PROFILE
#define ME_CMD_ALONE()	0
#else
#define ME_CMD_ALONE()							\
	(op->p3 && run_end && !((ctx->signals >> op->p2) & 1) &&	\
	 me_ctx_alone(me, ctx) ? run_end : 0)
#endif
/*
 * The command completed at issue, at cycle at (not before cyc + cost:
 * issue costs 1 cycle, section 6.1): the context idles until then, is
 * picked again (me_pick takes the signal it waited for) and its next turn
 * starts at once.
 */
#define ME_CMD_DONE(at) do {						\
		ctx->signals &= (uint16_t)~(1u << op->p2);		\
		cyc += cost; insns++; op++;				\
		ctx->pc = (uint32_t)(op - code);			\
		ME_SYNC();						\
		me->idle += (at) - cyc;					\
		me->cycle = (at);					\
		slice_end = me_single_slices(card, slice_end, (at), run_end); \
		ME_RESUME();						\
		ME_DISPATCH();						\
	} while (0)
/* done_before: ME_CMD_ALONE() for memory commands, 0 for I/O. */
#define ME_CMD(name, address, done_before)				\
	ME_OP2(name,							\
		int64_t at;						\
									\
		ctx->pc = (uint32_t)(op - code);			\
		at = me_cmd_issue(me, ctx, op, (address), cyc, (done_before)); \
		if (at < 0) {						\
			why = ME_EXEC_FAULT;				\
			goto out_fault;					\
		}							\
		if (at)							\
			ME_CMD_DONE((uint64_t)at);			\
		if (op->p3) {						\
			ctx->wait_mask = (uint16_t)(1u << op->p2);	\
			ctx->status = ME_CTX_WAITING;			\
			ME_LEAVE();					\
		}							\
		ME_NEXT(cost);)

	ME_DISPATCH();
#ifndef ME_COMPUTED_GOTO
dispatch:
	switch (op->h) {
#endif
	ME_OP1(NOP, ME_NEXT(cost);)
	ME_OP1(HALT, ctx->status = ME_CTX_HALTED; ME_LEAVE();)
	ME_OP1(CTX_SWAP, ME_LEAVE();)
	ME_OP1(CTX_WAIT,
		ctx->wait_mask = (uint16_t)op->imm;
		ctx->status = ME_CTX_WAITING;
		ME_LEAVE();)

	ME_OP2(MOV, R[op->d] = vb; ME_NEXT(cost);)
	ME_OP2(NOT, R[op->d] = ~vb; ME_NEXT(cost);)
	ME_OP2(BSWAP, R[op->d] = __builtin_bswap32(vb); ME_NEXT(cost);)
	ME_OP2(BSWAP16, R[op->d] = __builtin_bswap16((uint16_t)vb); ME_NEXT(cost);)
	ME_OP1(IMMED_HI,
		R[op->d] = (R[op->d] & 0xffffu) | op->imm << 16; ME_NEXT(cost);)

	ME_OP2(ADD,
		const uint32_t va = R[op->a], r = va + vb;
		fl = me_fl_add(va, vb, r, r < va); R[op->d] = r; ME_NEXT(cost);)
	ME_OP2(ADDC,
		const uint32_t va = R[op->a];
		const uint64_t s = (uint64_t)va + vb + ((fl & ME_FL_C) ? 1 : 0);
		const uint32_t r = (uint32_t)s;
		fl = me_fl_sticky_z(me_fl_add(va, vb, r, (unsigned)(s >> 32)), fl);
		R[op->d] = r; ME_NEXT(cost);)
	ME_OP2(SUB,
		const uint32_t va = R[op->a], r = va - vb;
		fl = me_fl_sub(va, vb, r, va < vb); R[op->d] = r; ME_NEXT(cost);)
	ME_OP2(SUBB,
		unsigned nf;
		const uint32_t r = me_subb(R[op->a], vb, fl, &nf);
		fl = nf; R[op->d] = r; ME_NEXT(cost);)
	ME_OP2(AND,
		const uint32_t r = R[op->a] & vb;
		fl = me_fl_zn(r); R[op->d] = r; ME_NEXT(cost);)
	ME_OP2(OR,
		const uint32_t r = R[op->a] | vb;
		fl = me_fl_zn(r); R[op->d] = r; ME_NEXT(cost);)
	ME_OP2(XOR,
		const uint32_t r = R[op->a] ^ vb;
		fl = me_fl_zn(r); R[op->d] = r; ME_NEXT(cost);)
	ME_OP2(ANDN,
		const uint32_t r = R[op->a] & ~vb;
		fl = me_fl_zn(r); R[op->d] = r; ME_NEXT(cost);)

	/* Section 5: shift counts of 32 or more give 0 (or the sign). */
	ME_ALU(SHL, vb >= 32 ? 0 : va << vb)
	ME_ALU(SHR, vb >= 32 ? 0 : va >> vb)
	ME_ALU(ASR, (uint32_t)((int32_t)va >> (vb >= 32 ? 31 : vb)))
	ME_ALU(ROL, me_rol(va, vb))
	ME_ALU(ROR, me_rol(va, 32 - (vb & 31)))
	ME_ALU(MUL, va * vb)
	ME_ALU(MULHU, (uint32_t)(((uint64_t)va * vb) >> 32))
	/* eBPF semantics: x / 0 = 0, x % 0 = x. */
	ME_ALU(DIVU, vb ? va / vb : 0)
	ME_ALU(REMU, vb ? va % vb : va)

	ME_OP1(EXT, R[op->d] = (R[op->a] >> op->p1) & op->aux; ME_NEXT(cost);)
	ME_OP2(INS,
		const uint32_t m = op->aux << op->p1;
		R[op->d] = (R[op->a] & ~m) | ((vb << op->p1) & m); ME_NEXT(cost);)

	ME_OP2(CMP,
		const uint32_t va = R[op->a];
		fl = me_fl_sub(va, vb, va - vb, va < vb); ME_NEXT(cost);)
	ME_OP2(CMPB,
		unsigned nf;
		me_subb(R[op->a], vb, fl, &nf); fl = nf; ME_NEXT(cost);)
	ME_OP2(TST, fl = me_fl_zn(R[op->a] & vb); ME_NEXT(cost);)

	/* aux holds the condition's truth table over the 16 flag states. */
	ME_OP1(BR,
		if ((op->aux >> fl) & 1)
			ME_JUMP(op->imm, cost + ME_CYC_TAKEN);
		ME_NEXT(cost);)
	ME_OP1(BR_BSET,
		if ((R[op->a] >> op->p1) & 1)
			ME_JUMP(op->imm, cost + ME_CYC_TAKEN);
		ME_NEXT(cost);)
	ME_OP1(BR_BCLR,
		if (!((R[op->a] >> op->p1) & 1))
			ME_JUMP(op->imm, cost + ME_CYC_TAKEN);
		ME_NEXT(cost);)
	/* br_cmp/br_cmpi: cmp's flags (aux's low 16 bits, as br), kept from
	 * CC; br_cmpi's immediate sign-extended in aux's high half. */
	ME_OP1(BR_CMP,
		const uint32_t va = R[op->a], vb = R[op->b];
		if ((op->aux >> me_fl_sub(va, vb, va - vb, va < vb)) & 1)
			ME_JUMP(op->imm, cost + ME_CYC_TAKEN);
		ME_NEXT(cost);)
	ME_OP1(BR_CMPI,
		const uint32_t va = R[op->a], vb = (uint32_t)((int32_t)op->aux >> 16);
		if ((op->aux >> me_fl_sub(va, vb, va - vb, va < vb)) & 1)
			ME_JUMP(op->imm, cost + ME_CYC_TAKEN);
		ME_NEXT(cost);)
	ME_OP1(CALL,
		R[op->d] = (uint32_t)(op - code) + 1; ME_JUMP(op->imm, cost);)
	ME_OP1(RET,
		t = R[op->a];
		if (t < card->code_lo || t >= card->code_hi)
			ME_FAULT("ret to %u outside the code [%u, %u)", t,
				 card->code_lo, card->code_hi);
		ME_JUMP(t, cost);)

	ME_OP1(LM_LD8, ME_LM_ADDR(1); R[op->d] = lm[addr]; ME_NEXT(cost);)
	ME_OP1(LM_LD16, ME_LM_ADDR(2); R[op->d] = (uint32_t)me_le_load(lm + addr, 2); ME_NEXT(cost);)
	ME_OP1(LM_LD32, ME_LM_ADDR(4); R[op->d] = (uint32_t)me_le_load(lm + addr, 4); ME_NEXT(cost);)
	ME_OP2(LM_ST8, ME_LM_ADDR(1); lm[addr] = (uint8_t)vb; ME_NEXT(cost);)
	ME_OP2(LM_ST16, ME_LM_ADDR(2); me_le_store(lm + addr, 2, vb); ME_NEXT(cost);)
	ME_OP2(LM_ST32, ME_LM_ADDR(4); me_le_store(lm + addr, 4, vb); ME_NEXT(cost);)
	ME_OP2(LM_SET, ctx->lmi[op->p1] = R[op->a] + vb; ME_NEXT(cost);)
	ME_OP1(LM_GET, R[op->d] = ctx->lmi[op->p1]; ME_NEXT(cost);)

	ME_OP1(CSR_RD,
		/* csr_insns_lo must count the instructions of this turn too */
		ctx->insns += insns; me->insns += insns; insns = 0;
		if (me_csr_read(me, ctx, op->aux, cyc, &t))
			ME_FAULT("card refused read of CSR 0x%x", op->aux);
		R[op->d] = t; ME_NEXT(cost);)
	ME_OP2(CSR_WR,
		if (me_csr_write(me, ctx, op->aux, vb))
			ME_FAULT("card refused write of CSR 0x%x", op->aux);
		ME_NEXT(cost);)

	ME_CMD(MEM_RD, R[op->a] + vb, ME_CMD_ALONE())
	ME_CMD(MEM_WR, R[op->a] + vb, ME_CMD_ALONE())
	ME_CMD(MEM_ADD, R[op->a] + vb, ME_CMD_ALONE())
	ME_CMD(MEM_AND, R[op->a] + vb, ME_CMD_ALONE())
	ME_CMD(MEM_OR, R[op->a] + vb, ME_CMD_ALONE())
	ME_CMD(MEM_XOR, R[op->a] + vb, ME_CMD_ALONE())
	ME_CMD(MEM_SWAP, R[op->a] + vb, ME_CMD_ALONE())
	ME_CMD(MEM_CAS, R[op->a] + vb, ME_CMD_ALONE())
	ME_CMD(PKT_RX, vb & 0, 0)
	ME_CMD(PKT_TX, vb & 0, 0)
	ME_CMD(DMA_TO_HOST, vb & 0, 0)
	ME_CMD(DMA_FROM_HOST, vb & 0, 0)

	ME_OP1(END, ME_FAULT("ran past the last instruction");)
#ifndef ME_COMPUTED_GOTO
	default:
		goto L_BAD;
	}
#endif
L_BAD:
	/* The loader only emits known handlers; reaching here is a bug. */
	ME_FAULT("internal error: no handler for decoded op %u", op->h);

at_limit:
	/*
	 * The end of the slice (or of the watchdog's allowance).  With the
	 * other MEs still, where the scheduler would find no command due and no
	 * parked pkt_rx to ask, it would give the ME straight back to this
	 * context: the turn goes on into the next slice instead, leaving
	 * the counters, card->now and everything else as the scheduler
	 * would have (docs/performance.md, "The emulator's fast paths").
	 */
	if (cyc < wd_at && slice_end < run_end && me_slice_end_idle(me, cyc)) {
		ctx->pc = (uint32_t)(op - code);
		ME_SYNC();
		slice_end = me_single_slices(card, slice_end, slice_end, run_end);
		limit = slice_end < wd_at ? slice_end : wd_at;
		if (cyc < limit)
			ME_DISPATCH();
		goto at_limit;
	}
	goto out;
left:
#if !ME_EXEC_PROFILE
	/*
	 * Left to wait, the other MEs still: the scheduler's steps while no
	 * other context can run are taken here (me_alone_wait), and when
	 * this context is the one picked again its next turn starts at once
	 * (docs/performance.md, "The emulator's fast paths").  The profiled
	 * interpreter leaves it to the scheduler, which charges the wait.
	 */
	if (run_end && ctx->status == ME_CTX_WAITING) {
		ctx->pc = (uint32_t)(op - code);
		ME_SYNC();
		if (!me_alone_wait(me, ctx, &slice_end, run_end))
			return why;
		ME_RESUME();
		ME_DISPATCH();
	}
#endif
out:
	ctx->pc = (uint32_t)(op - code);
out_fault:
	ME_SYNC();
	return why;
}

#pragma GCC diagnostic pop

#undef ME_DISPATCH
#undef ME_LABEL
#undef ME_OP_END
#undef ME_OP2
#undef ME_OP1
#undef ME_NEXT
#undef ME_JUMP
#undef ME_LEAVE
#undef ME_FAULT
#undef ME_SYNC
#undef ME_ALU
#undef ME_LM_ADDR
#undef ME_CMD
#undef ME_CMD_DONE
#undef ME_CMD_ALONE
#undef ME_RESUME
#undef ME_PROF_INSN
#undef ME_PROF_LEAVE
#undef ME_EXEC_FN
#undef ME_EXEC_PROFILE
