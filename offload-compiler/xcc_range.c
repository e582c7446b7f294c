// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Interval arithmetic for the abstract interpretation (docs/compiler.md,
 * "Value ranges").  A value is described by an unsigned and a signed
 * interval, both sound; xcc_range_sync() lets each tighten the other.
 * Operations on two constants are computed exactly with the kernel's
 * semantics (division by zero gives 0, modulo by zero the dividend).
 */
#include "xcc_priv.h"

struct xcc_range xcc_range_unknown(void)
{
	struct xcc_range r = { 0, U64_MAX, S64_MIN, S64_MAX };

	return r;
}

static struct xcc_range xcc_range_u(u64 umin, u64 umax)
{
	struct xcc_range r = { umin, umax, S64_MIN, S64_MAX };

	return xcc_range_sync(r);
}

struct xcc_range xcc_range_const(u64 v)
{
	return xcc_range_u(v, v);
}

struct xcc_range xcc_range_bits(unsigned int bits)
{
	return xcc_range_u(0, bits >= 64 ? U64_MAX : (1ull << bits) - 1);
}

static u64 xcc_u64_max(u64 a, u64 b) { return a > b ? a : b; }
static u64 xcc_u64_min(u64 a, u64 b) { return a < b ? a : b; }
static s64 xcc_s64_max(s64 a, s64 b) { return a > b ? a : b; }
static s64 xcc_s64_min(s64 a, s64 b) { return a < b ? a : b; }

struct xcc_range xcc_range_sync(struct xcc_range r)
{
	/* the unsigned interval does not cross the sign boundary */
	if ((s64)r.umin <= (s64)r.umax) {
		r.smin = xcc_s64_max(r.smin, (s64)r.umin);
		r.smax = xcc_s64_min(r.smax, (s64)r.umax);
	}
	/* the signed interval does not cross zero */
	if ((u64)r.smin <= (u64)r.smax) {
		r.umin = xcc_u64_max(r.umin, (u64)r.smin);
		r.umax = xcc_u64_min(r.umax, (u64)r.smax);
	}
	if (r.umin > r.umax || r.smin > r.smax)
		return xcc_range_unknown();	/* contradiction: stay sound */
	return r;
}

struct xcc_range xcc_range_join(struct xcc_range a, struct xcc_range b)
{
	struct xcc_range r = {
		xcc_u64_min(a.umin, b.umin), xcc_u64_max(a.umax, b.umax),
		xcc_s64_min(a.smin, b.smin), xcc_s64_max(a.smax, b.smax),
	};

	return r;
}

int xcc_range_eq(struct xcc_range a, struct xcc_range b)
{
	return a.umin == b.umin && a.umax == b.umax && a.smin == b.smin && a.smax == b.smax;
}

int xcc_range_is_const(struct xcc_range r)
{
	return r.umin == r.umax;
}

/* All ones from the highest set bit of v down. */
static u64 xcc_range_fill(u64 v)
{
	v |= v >> 1; v |= v >> 2; v |= v >> 4;
	v |= v >> 8; v |= v >> 16; v |= v >> 32;
	return v;
}

/* The interpreter's semantics (kernel/bpf/core.c) on two known values. */
static u64 xcc_range_eval(u8 op, u64 a, u64 b, int is64)
{
	u64 mask = is64 ? 63 : 31;

	if (!is64) {
		a = (u32)a;
		b = (u32)b;
	}
	switch (op) {
	case BPF_ADD: return a + b;
	case BPF_SUB: return a - b;
	case BPF_MUL: return a * b;
	case BPF_DIV: return b ? a / b : 0;
	case BPF_MOD: return b ? a % b : a;
	case BPF_OR: return a | b;
	case BPF_AND: return a & b;
	case BPF_XOR: return a ^ b;
	case BPF_LSH: return a << (b & mask);
	case BPF_RSH: return a >> (b & mask);
	case BPF_ARSH:
		return is64 ? (u64)((s64)a >> (b & mask)) : (u32)((s32)a >> (b & mask));
	case BPF_NEG: return -a;
	case BPF_MOV: return b;
	}
	return 0;
}

static struct xcc_range xcc_range_add(struct xcc_range a, struct xcc_range b)
{
	struct xcc_range r = xcc_range_unknown();
	s64 lo, hi;

	if (a.umax <= U64_MAX - b.umax) {
		r.umin = a.umin + b.umin;
		r.umax = a.umax + b.umax;
	}
	if (!__builtin_add_overflow(a.smin, b.smin, &lo) &&
	    !__builtin_add_overflow(a.smax, b.smax, &hi)) {
		r.smin = lo;
		r.smax = hi;
	}
	return xcc_range_sync(r);
}

static struct xcc_range xcc_range_sub(struct xcc_range a, struct xcc_range b)
{
	struct xcc_range r = xcc_range_unknown();
	s64 lo, hi;

	if (a.umin >= b.umax) {
		r.umin = a.umin - b.umax;
		r.umax = a.umax - b.umin;
	}
	if (!__builtin_sub_overflow(a.smin, b.smax, &lo) &&
	    !__builtin_sub_overflow(a.smax, b.smin, &hi)) {
		r.smin = lo;
		r.smax = hi;
	}
	return xcc_range_sync(r);
}

static struct xcc_range xcc_range_shift(u8 op, struct xcc_range a, struct xcc_range b)
{
	u64 k = b.umin;

	if (!xcc_range_is_const(b) || k > 63)
		return op == BPF_RSH ? xcc_range_u(0, a.umax) : xcc_range_unknown();
	if (op == BPF_RSH)
		return xcc_range_u(a.umin >> k, a.umax >> k);
	if (op == BPF_LSH)
		return a.umax <= (U64_MAX >> k) ? xcc_range_u(a.umin << k, a.umax << k)
						: xcc_range_unknown();
	a.smin >>= k;	/* ARSH */
	a.smax >>= k;
	a.umin = 0;
	a.umax = U64_MAX;
	return xcc_range_sync(a);
}

static struct xcc_range xcc_range_alu64(u8 op, struct xcc_range a, struct xcc_range b)
{
	switch (op) {
	case BPF_MOV: return b;
	case BPF_ADD: return xcc_range_add(a, b);
	case BPF_SUB: return xcc_range_sub(a, b);
	case BPF_MUL:
		if (a.umax <= U32_MAX && b.umax <= U32_MAX)
			return xcc_range_u(a.umin * b.umin, a.umax * b.umax);
		return xcc_range_unknown();
	case BPF_DIV:
		if (b.umin)
			return xcc_range_u(a.umin / b.umax, a.umax / b.umin);
		return xcc_range_u(0, a.umax);
	case BPF_MOD:
		/* x % y <= x, and x % 0 == x */
		return xcc_range_u(0, b.umin ? xcc_u64_min(a.umax, b.umax - 1) : a.umax);
	case BPF_AND: return xcc_range_u(0, xcc_u64_min(a.umax, b.umax));
	case BPF_OR:
		return xcc_range_u(xcc_u64_max(a.umin, b.umin), xcc_range_fill(a.umax | b.umax));
	case BPF_XOR: return xcc_range_u(0, xcc_range_fill(a.umax | b.umax));
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		return xcc_range_shift(op, a, b);
	}
	return xcc_range_unknown();
}

static struct xcc_range xcc_range_trunc32(struct xcc_range r)
{
	if (xcc_range_is_const(r))
		return xcc_range_const((u32)r.umin);
	return r.umax <= U32_MAX ? r : xcc_range_bits(32);
}

/*
 * Result of a scalar ALU operation; is64 selects ALU64 or the 32-bit form.
 * BPF_NEG ignores b; BPF_MOV ignores a.
 */
struct xcc_range xcc_range_alu(u8 op, struct xcc_range a, struct xcc_range b, int is64)
{
	struct xcc_range r;

	if (op != BPF_NEG && xcc_range_is_const(a) && xcc_range_is_const(b))
		return xcc_range_const(xcc_range_eval(op, a.umin, b.umin, is64) &
				       (is64 ? U64_MAX : U32_MAX));
	if (op == BPF_NEG && xcc_range_is_const(a))
		return xcc_range_const(xcc_range_eval(op, a.umin, 0, is64) &
				       (is64 ? U64_MAX : U32_MAX));
	if (is64)
		return xcc_range_alu64(op, a, b);
	if (op == BPF_ARSH || op == BPF_NEG)
		return xcc_range_bits(32);
	/* shifts use the low 5 bits of the count in 32-bit operations */
	if ((op == BPF_LSH || op == BPF_RSH) && xcc_range_is_const(b))
		b = xcc_range_const(b.umin & 31);
	r = xcc_range_alu64(op, xcc_range_trunc32(a), xcc_range_trunc32(b));
	return xcc_range_trunc32(r);
}
