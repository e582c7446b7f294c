/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The interpreter: runs one context of one ME until it leaves the ME, hits
 * the cycle limit or faults.  Code was validated and pre-decoded at load
 * (me_card.c), so nothing here re-checks encodings, register numbers or
 * branch targets; only run-time facts (addresses, ret targets) are checked.
 * Dispatch is computed goto (GCC labels as values) with a switch fallback,
 * both generated from ME_ISA_OPCODES so no opcode can lack a handler.
 */
#include <string.h>

#include "me_priv.h"

#if defined(__GNUC__) && !defined(ME_NO_COMPUTED_GOTO)
#define ME_COMPUTED_GOTO 1
#endif

static inline unsigned me_fl_zn(uint32_t r)
{
	return (r == 0 ? ME_FL_Z : 0) | (r >> 31 ? ME_FL_N : 0);
}

/* Section 3.2: add-type flags; V when both inputs differ in sign from r. */
static inline unsigned me_fl_add(uint32_t a, uint32_t b, uint32_t r,
				 unsigned carry)
{
	return me_fl_zn(r) | (carry ? ME_FL_C : 0) |
	       ((((a ^ r) & (b ^ r)) >> 31) ? ME_FL_V : 0);
}

/* Section 3.2: subtract-type flags; C is the borrow. */
static inline unsigned me_fl_sub(uint32_t a, uint32_t b, uint32_t r,
				 unsigned borrow)
{
	return me_fl_zn(r) | (borrow ? ME_FL_C : 0) |
	       ((((a ^ b) & (a ^ r)) >> 31) ? ME_FL_V : 0);
}

/* addc/subb/cmpb keep Z only if it was already set (64-bit chains). */
static inline unsigned me_fl_sticky_z(unsigned nf, unsigned old)
{
	return (old & ME_FL_Z) ? nf : (nf & ~ME_FL_Z);
}

static inline uint32_t me_subb(uint32_t a, uint32_t b, unsigned fl,
			       unsigned *nf)
{
	uint64_t d = (uint64_t)a - b - ((fl & ME_FL_C) ? 1 : 0);
	uint32_t r = (uint32_t)d;

	*nf = me_fl_sticky_z(me_fl_sub(a, b, r, (unsigned)(d >> 32) & 1), fl);
	return r;
}

static inline uint32_t me_rol(uint32_t a, uint32_t s)
{
	s &= 31;
	return s ? (a << s) | (a >> (32 - s)) : a;
}

/* Issue cost of each opcode, from the one table (docs/isa.md section 5). */
enum {
#define ME_CYC_ENUM(name, code, mnem, fmt, cyc, flags) ME_CYC_##name = cyc,
	ME_ISA_OPCODES(ME_CYC_ENUM)
#undef ME_CYC_ENUM
	ME_CYC_END = 0
};

/*
 * The interpreter twice from one template: without the profile, and with
 * it (docs/isa.md section 6.3), so that a card not profiling runs exactly
 * the loop it ran before profiling existed.
 */
#define ME_EXEC_FN	me_exec
#define ME_EXEC_PROFILE	0
#include "me_exec_loop.h"

#define ME_EXEC_FN	me_exec_profiled
#define ME_EXEC_PROFILE	1
#include "me_exec_loop.h"
