// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pass "absint".  Input: decode's jump targets and helpers, cfg's blocks and
 * loop headers.  The compiler's own abstract interpretation of the verified
 * program (docs/compiler.md, "Abstract interpretation"): for every register
 * and 8-byte stack slot, what it may hold (a pointer kind with an offset
 * range, or a scalar range), joined over all paths by a worklist fixpoint
 * with widening at loop headers.  BPF-to-BPF calls and bpf_loop callbacks are
 * analysed once per callee, joining the arguments of all call sites; what a
 * callee stores into its callers' frames (through pointers it was given)
 * is summarised per subprogram and joined into the caller's slots at every
 * return site.  Frames further up than the caller's are seen through a
 * per-subprogram view: whatever their slots may hold on entry, from any
 * call chain, or after any store.
 * Output: each instruction's operand values (meta->dst, src, mem), the
 * reached flag, and the stack depth of each subprogram.
 */
#include "xcc_priv.h"

#define XCC_ABSINT_WIDEN_AFTER	8	/* joins at a loop header before widening */
/*
 * Joins at a subprogram's entry before widening: its arguments can depend
 * on what it returned at an earlier call site, a loop through the call
 * graph that no back edge shows.  Later than at loop headers: the kernel
 * verifies a callee per call site, so a callee may rely on the exact
 * ranges of many callers.
 */
#define XCC_ABSINT_WIDEN_CALLEE_AFTER	64
#define XCC_ABSINT_MAX_VISITS	(1u << 22)

struct xcc_state {
	struct xcc_value reg[XCC_NR_REGS];
	struct xcc_value slot[XCC_STACK_SLOTS];	/* slot k: fp-8*(k+1) .. fp-8*k */
	struct xcc_value up[XCC_STACK_SLOTS];	/* the caller's slots, as seen from here */
};

struct xcc_absint {
	struct xcc_prog *prog;
	struct xcc_state *in;		/* per block: state on entry */
	u8 *has_in;
	u8 *callee_entry;		/* per block: a BPF-to-BPF callee starts here */
	u16 *joins;
	u32 *queue;			/* ring of blocks to interpret */
	u8 *queued;
	u32 q_head, q_len;
	struct xcc_value *ret;		/* per subprogram: R0 at its exits */
	struct xcc_value *writes;	/* per subprogram and caller frame: slots it may store */
	struct xcc_value *view;		/* per subprogram, frames 2 and up: slots as it may see them */
	struct xcc_state cur, other;	/* the block being interpreted; a branch's other side */
	int recording;			/* final sweep: write meta, do not propagate */
};

/* ---- values ---- */

static struct xcc_value xcc_absint_scalar(struct xcc_range r)
{
	struct xcc_value v = { .type = XCC_T_SCALAR, .r = r };

	return v;
}

static struct xcc_value xcc_absint_ptr(enum xcc_type type, u16 id, s64 off)
{
	struct xcc_value v = { .type = type, .id = id, .r = xcc_range_const((u64)off) };

	return v;
}

static int xcc_absint_is_ptr(const struct xcc_value *v)
{
	return v->type >= XCC_T_CTX && v->type <= XCC_T_FUNC;
}

static int xcc_absint_is_pkt(const struct xcc_value *v)
{
	return v->type == XCC_T_PKT || v->type == XCC_T_PKT_END || v->type == XCC_T_PKT_META;
}

static int xcc_absint_value_eq(const struct xcc_value *a, const struct xcc_value *b)
{
	return a->type == b->type && a->frame == b->frame && a->id == b->id &&
	       a->origin == b->origin && a->maybe_null == b->maybe_null && xcc_range_eq(a->r, b->r);
}

static int xcc_absint_is_null(const struct xcc_value *v)
{
	return v->type == XCC_T_SCALAR && v->r.umin == 0 && v->r.umax == 0;
}

static struct xcc_value xcc_absint_join(const struct xcc_value *a, const struct xcc_value *b)
{
	struct xcc_value v = *a;

	if (a->type == XCC_T_NONE)
		return *b;
	if (b->type == XCC_T_NONE)
		return *a;
	/* a lookup result merged with its NULL or non-NULL branch */
	if ((a->type == XCC_T_MAP_VALUE_OR_NULL && (xcc_absint_is_null(b) || b->type == XCC_T_MAP_VALUE)) ||
	    (b->type == XCC_T_MAP_VALUE_OR_NULL && (xcc_absint_is_null(a) || a->type == XCC_T_MAP_VALUE))) {
		v = a->type == XCC_T_MAP_VALUE_OR_NULL ? *a : *b;
		v.origin = 0;
		return v;
	}
	/*
	 * "p = ok ? ptr : NULL; if (p) ...": the verifier follows both paths
	 * apart; joined, the pointer kind stays and the access it proved safe
	 * happens only where p is not NULL.
	 */
	if (xcc_absint_is_null(a) && xcc_absint_is_ptr(b)) {
		v = *b;
		v.maybe_null = 1;
		return v;
	}
	if (xcc_absint_is_null(b) && xcc_absint_is_ptr(a)) {
		v.maybe_null = 1;
		return v;
	}
	if (a->type != b->type || a->frame != b->frame) {
		memset(&v, 0, sizeof(v));
		v.type = XCC_T_CONFLICT;
		v.r = xcc_range_unknown();
		return v;
	}
	if (a->id != b->id)
		v.id = XCC_MAP_ANY;
	if (a->origin != b->origin)
		v.origin = 0;
	v.maybe_null = a->maybe_null | b->maybe_null;
	v.r = xcc_range_join(a->r, b->r);
	return v;
}

/* Loop headers: a bound that keeps moving jumps to its extreme. */
static struct xcc_value xcc_absint_widen(const struct xcc_value *old, struct xcc_value v)
{
	if (old->type != v.type)
		return v;
	if (v.r.umin < old->r.umin)
		v.r.umin = 0;
	if (v.r.umax > old->r.umax)
		v.r.umax = U64_MAX;
	if (v.r.smin < old->r.smin)
		v.r.smin = S64_MIN;
	if (v.r.smax > old->r.smax)
		v.r.smax = S64_MAX;
	return v;
}

/* ---- worklist ---- */

static void xcc_absint_enqueue(struct xcc_absint *ai, u32 bb)
{
	u32 n = ai->prog->n_bbs;

	if (ai->queued[bb])
		return;
	ai->queued[bb] = 1;
	ai->queue[(ai->q_head + ai->q_len++) % n] = bb;
}

static int xcc_absint_join_value(struct xcc_value *dst, const struct xcc_value *src, int widen)
{
	struct xcc_value v = xcc_absint_join(dst, src);

	if (widen)
		v = xcc_absint_widen(dst, v);
	if (xcc_absint_value_eq(dst, &v))
		return 0;
	*dst = v;
	return 1;
}

/* Joins a state into a block's entry state; queues the block on change. */
static void xcc_absint_flow(struct xcc_absint *ai, u32 bb, const struct xcc_state *st)
{
	struct xcc_state *in = &ai->in[bb];
	int widen, changed = 0;
	u32 k;

	if (ai->recording)
		return;
	if (!ai->has_in[bb]) {
		*in = *st;
		ai->has_in[bb] = 1;
		xcc_absint_enqueue(ai, bb);
		return;
	}
	widen = (ai->prog->bbs[bb].loop_header && ai->joins[bb] >= XCC_ABSINT_WIDEN_AFTER) ||
		(ai->callee_entry[bb] && ai->joins[bb] >= XCC_ABSINT_WIDEN_CALLEE_AFTER);
	for (k = 0; k < XCC_NR_REGS; k++)
		changed |= xcc_absint_join_value(&in->reg[k], &st->reg[k], widen);
	for (k = 0; k < XCC_STACK_SLOTS; k++) {
		changed |= xcc_absint_join_value(&in->slot[k], &st->slot[k], widen);
		changed |= xcc_absint_join_value(&in->up[k], &st->up[k], widen);
	}
	if (changed) {
		if (ai->joins[bb] < 0xffff)
			ai->joins[bb]++;
		xcc_absint_enqueue(ai, bb);
	}
}

/* ---- per-instruction transfer ---- */

static void xcc_absint_record(struct xcc_absint *ai, u32 i, const struct xcc_value *dst,
			      const struct xcc_value *src, const struct xcc_value *mem)
{
	struct xcc_insn_meta *m = &ai->prog->meta[i];

	if (!ai->recording)
		return;
	m->flags |= XCC_META_REACHED;
	m->dst = xcc_absint_join(&m->dst, dst);
	if (src)
		m->src = xcc_absint_join(&m->src, src);
	if (mem)
		m->mem = xcc_absint_join(&m->mem, mem);
}

/* Operand b of an ALU or JMP instruction: src_reg or the immediate. */
static struct xcc_value xcc_absint_operand(const struct xcc_absint *ai, const struct bpf_insn *insn,
					   int is64)
{
	if (BPF_SRC(insn->code) == BPF_X)
		return ai->cur.reg[insn->src_reg];
	return xcc_absint_scalar(xcc_range_const(is64 ? (u64)(s64)insn->imm : (u32)insn->imm));
}

static struct xcc_range xcc_absint_scalar_range(const struct xcc_value *v, int is64)
{
	if (v->type == XCC_T_SCALAR)
		return v->r;
	return is64 ? xcc_range_unknown() : xcc_range_bits(32);
}

static u64 xcc_absint_bswap(u64 v, int bits)
{
	u64 r = 0;
	int i;

	for (i = 0; i < bits / 8; i++)
		r = (r << 8) | ((v >> (8 * i)) & 0xff);
	return r;
}

/* BPF_END: the host (and so the program's view) is little endian. */
static struct xcc_value xcc_absint_end(const struct bpf_insn *insn, const struct xcc_value *d)
{
	int bits = insn->imm;
	u64 mask = bits == 64 ? U64_MAX : (1ull << bits) - 1;
	u64 v;

	if (d->type != XCC_T_SCALAR || !xcc_range_is_const(d->r))
		return xcc_absint_scalar(xcc_range_bits(bits));
	v = d->r.umin & mask;
	if (BPF_SRC(insn->code) == BPF_TO_BE)
		v = xcc_absint_bswap(v, bits);
	return xcc_absint_scalar(xcc_range_const(v));
}

/* Pointer +/- scalar keeps the pointer; pointer - pointer is a scalar. */
static int xcc_absint_ptr_arith(struct xcc_value *d, const struct xcc_value *s, u8 op)
{
	if (xcc_absint_is_ptr(d) && s->type == XCC_T_SCALAR && (op == BPF_ADD || op == BPF_SUB)) {
		d->r = xcc_range_alu(op, d->r, s->r, 1);
		return 1;
	}
	if (d->type == XCC_T_SCALAR && xcc_absint_is_ptr(s) && op == BPF_ADD) {
		struct xcc_range off = xcc_range_alu(BPF_ADD, s->r, d->r, 1);

		*d = *s;
		d->r = off;
		return 1;
	}
	if (xcc_absint_is_ptr(d) && xcc_absint_is_ptr(s) && op == BPF_SUB) {
		*d = xcc_absint_scalar(xcc_range_unknown());
		return 1;
	}
	return 0;
}

static void xcc_absint_alu(struct xcc_absint *ai, u32 i)
{
	const struct bpf_insn *insn = &ai->prog->meta[i].insn;
	int is64 = xcc_class(insn) == BPF_ALU64;
	u8 op = BPF_OP(insn->code);
	struct xcc_value *d = &ai->cur.reg[insn->dst_reg];
	struct xcc_value s = xcc_absint_operand(ai, insn, is64);

	xcc_absint_record(ai, i, d, BPF_SRC(insn->code) == BPF_X ? &s : NULL, NULL);
	if (op == BPF_END) {
		*d = xcc_absint_end(insn, d);
		return;
	}
	if (op == BPF_MOV && (is64 || s.type == XCC_T_SCALAR)) {
		*d = s;
		if (!is64)
			d->r = xcc_range_alu(BPF_MOV, d->r, s.r, 0);
		return;
	}
	if (is64 && xcc_absint_ptr_arith(d, &s, op))
		return;
	*d = xcc_absint_scalar(xcc_range_alu(op, xcc_absint_scalar_range(d, is64),
					     xcc_absint_scalar_range(&s, is64), is64));
}

static void xcc_absint_ldimm64(struct xcc_absint *ai, u32 i)
{
	const struct bpf_insn *insn = &ai->prog->meta[i].insn;
	const struct bpf_insn *hi = &ai->prog->meta[i + 1].insn;	/* decode checked it exists */
	struct xcc_value *d = &ai->cur.reg[insn->dst_reg];
	u64 imm = (u32)insn->imm | ((u64)(u32)hi->imm << 32);

	xcc_absint_record(ai, i, d, NULL, NULL);
	switch (insn->src_reg) {
	case BPF_PSEUDO_MAP_FD:
		*d = xcc_absint_ptr(XCC_T_MAP_PTR, insn->imm, 0);
		break;
	case BPF_PSEUDO_MAP_VALUE:
		*d = xcc_absint_ptr(XCC_T_MAP_VALUE, insn->imm, (u32)hi->imm);
		break;
	case BPF_PSEUDO_FUNC:
		*d = xcc_absint_ptr(XCC_T_FUNC, ai->prog->meta[ai->prog->meta[i].jmp_dst].subprog, 0);
		break;
	default:
		*d = xcc_absint_scalar(xcc_range_const(imm));
	}
}

/* Fields of struct xdp_md the card provides (docs/compiler.md, "Context"). */
static int xcc_absint_ctx_load(struct xcc_absint *ai, u32 i, const struct xcc_value *addr,
			       struct xcc_value *d)
{
	const struct bpf_insn *insn = &ai->prog->meta[i].insn;
	s64 off = addr->r.smin;

	if (!xcc_range_is_const(addr->r) || BPF_SIZE(insn->code) != BPF_W) {
		xcc_fail(ai->prog, XCC_E_UNSUPPORTED, i, "context access must be a 4-byte load at a constant offset");
		return -1;
	}
	switch (off) {
	case 0: *d = xcc_absint_ptr(XCC_T_PKT, 0, 0); return 0;
	case 4: *d = xcc_absint_ptr(XCC_T_PKT_END, 0, 0); return 0;
	case 8: *d = xcc_absint_ptr(XCC_T_PKT_META, 0, 0); return 0;
	case 12: case 16:	/* ingress_ifindex, rx_queue_index */
		*d = xcc_absint_scalar(xcc_range_bits(32));
		return 0;
	}
	xcc_fail(ai->prog, XCC_E_UNSUPPORTED, i, "context field at offset %lld is not supported",
		 (long long)off);
	return -1;
}

/* Slots an access of size bytes at a (possibly variable) fp offset touches. */
static int xcc_absint_slots(const struct xcc_value *addr, u32 size, s32 *lo, s32 *hi)
{
	if (addr->r.smin < -XCC_STACK_SIZE || addr->r.smax + (s64)size > 0)
		return -1;
	*lo = (s32)((addr->r.smin + XCC_STACK_SIZE) / 8);	/* counted from the bottom */
	*hi = (s32)((addr->r.smax + size - 1 + XCC_STACK_SIZE) / 8);
	return 0;
}

/* Frames 0 (own) and 1 (the caller's) are in the state; others in the view. */
static struct xcc_value *xcc_absint_slot(struct xcc_absint *ai, u8 frame, s32 from_bottom)
{
	struct xcc_value *slots = frame ? ai->cur.up : ai->cur.slot;

	return frame > 1 ? NULL : &slots[XCC_STACK_SLOTS - 1 - from_bottom];
}

/*
 * Summary of subprogram sp's stores into the frame `frame` levels up (1:
 * its caller's), slot index as in struct xcc_state; values as sp sees them.
 */
static struct xcc_value *xcc_absint_writes(struct xcc_absint *ai, u32 sp, u8 frame)
{
	return &ai->writes[(sp * (XCC_MAX_CALL_DEPTH - 1) + frame - 1) * XCC_STACK_SLOTS];
}

/* What subprogram sp may find in the frame `frame` (2 or more) levels up. */
static struct xcc_value *xcc_absint_view(struct xcc_absint *ai, u32 sp, u8 frame)
{
	return &ai->view[(sp * (XCC_MAX_CALL_DEPTH - 1) + frame - 1) * XCC_STACK_SLOTS];
}

/* The view is no block's state: its readers, sp's blocks, are revisited when it grows. */
static void xcc_absint_view_join(struct xcc_absint *ai, u32 sp, u8 frame, u32 k,
				 const struct xcc_value *v)
{
	u32 b;

	if (v->type == XCC_T_NONE || frame < 2 || frame >= XCC_MAX_CALL_DEPTH || ai->recording ||
	    !xcc_absint_join_value(&xcc_absint_view(ai, sp, frame)[k], v, 0))
		return;
	for (b = 0; b < ai->prog->n_bbs; b++)
		if (ai->has_in[b] && ai->prog->bbs[b].subprog == sp)
			xcc_absint_enqueue(ai, b);
}

static void xcc_absint_requeue_returns(struct xcc_absint *ai, u32 sp);
static void xcc_absint_apply_writes(struct xcc_absint *ai, u32 i, u32 callee);

/*
 * A store by instruction i into slot k (index as in struct xcc_state) of a
 * caller's frame: joined into its subprogram's summary, and the return
 * sites revisited when that grows.
 */
static void xcc_absint_note_write(struct xcc_absint *ai, u32 i, u8 frame, u32 k,
				  const struct xcc_value *v)
{
	u32 sp = ai->prog->meta[i].subprog;

	if (!frame || frame >= XCC_MAX_CALL_DEPTH || ai->recording)
		return;
	xcc_absint_view_join(ai, sp, frame, k, v);
	if (xcc_absint_join_value(&xcc_absint_writes(ai, sp, frame)[k], v, 0))
		xcc_absint_requeue_returns(ai, sp);
}

static void xcc_absint_note_depth(struct xcc_absint *ai, u32 i, const struct xcc_value *addr)
{
	struct xcc_subprog *sp = &ai->prog->subprogs[ai->prog->meta[i].subprog];

	if (addr->frame == 0 && addr->r.smin < 0 && -addr->r.smin > sp->stack_depth)
		sp->stack_depth = (u16)-addr->r.smin;
}

static int xcc_absint_stack_load(struct xcc_absint *ai, u32 i, const struct xcc_value *addr,
				 u32 size, struct xcc_value *d)
{
	struct xcc_value *slot;
	s32 lo, hi;

	*d = xcc_absint_scalar(xcc_range_bits(size * 8));
	if (xcc_absint_slots(addr, size, &lo, &hi)) {
		xcc_fail(ai->prog, XCC_E_INVALID, i, "stack access out of the 512-byte frame");
		return -1;
	}
	xcc_absint_note_depth(ai, i, addr);
	slot = xcc_absint_slot(ai, addr->frame, lo);
	if (!slot && addr->frame < XCC_MAX_CALL_DEPTH)
		slot = &xcc_absint_view(ai, ai->prog->meta[i].subprog,
					addr->frame)[XCC_STACK_SLOTS - 1 - lo];
	if (!slot || size != 8 || lo != hi || addr->r.smin % 8)
		return 0;
	if (slot->type != XCC_T_NONE)
		*d = *slot;
	return 0;
}

/*
 * The base register holds no pointer the analysis can name, but the
 * caller's verifier recorded the access's kind (xcc_options.mem_kinds).  A
 * packet or map value access needs only the address in the register,
 * which the verifier proved in bounds: it takes that kind.  The stack and
 * the context need the offset the analysis lost and stay refused.
 */
static void xcc_absint_verifier_kind(struct xcc_absint *ai, u32 i, struct xcc_value *addr)
{
	const u8 *kinds = ai->prog->opts ? ai->prog->opts->mem_kinds : NULL;

	if (!kinds || (addr->type != XCC_T_SCALAR && addr->type != XCC_T_CONFLICT))
		return;
	if (kinds[i] == XCC_MEM_PKT)
		*addr = (struct xcc_value){ .type = XCC_T_PKT, .r = xcc_range_unknown() };
	else if (kinds[i] == XCC_MEM_MAP_VALUE)
		*addr = (struct xcc_value){ .type = XCC_T_MAP_VALUE, .r = xcc_range_unknown(),
					    .id = XCC_MAP_ANY };
}

static int xcc_absint_ldx(struct xcc_absint *ai, u32 i)
{
	const struct bpf_insn *insn = &ai->prog->meta[i].insn;
	u32 size = xcc_size_bytes(insn);
	struct xcc_value addr = ai->cur.reg[insn->src_reg];
	struct xcc_value *d = &ai->cur.reg[insn->dst_reg];

	addr.r = xcc_range_alu(BPF_ADD, addr.r, xcc_range_const((u64)(s64)insn->off), 1);
	xcc_absint_verifier_kind(ai, i, &addr);
	xcc_absint_record(ai, i, d, &ai->cur.reg[insn->src_reg], &addr);
	switch (addr.type) {
	case XCC_T_CTX:
		return xcc_absint_ctx_load(ai, i, &addr, d);
	case XCC_T_STACK:
		return xcc_absint_stack_load(ai, i, &addr, size, d);
	case XCC_T_PKT:
	case XCC_T_PKT_META:
	case XCC_T_MAP_VALUE:
		*d = xcc_absint_scalar(xcc_range_bits(size * 8));
		return 0;
	}
	xcc_fail(ai->prog, XCC_E_UNSUPPORTED, i, "load through r%u holding %s", insn->src_reg,
		 xcc_type_name(addr.type));
	return -1;
}

/* A store of v (or of unknown bytes when v is NULL) into the own frame. */
static int xcc_absint_stack_store(struct xcc_absint *ai, u32 i, const struct xcc_value *addr,
				  u32 size, const struct xcc_value *v)
{
	struct xcc_value unknown = xcc_absint_scalar(xcc_range_unknown());
	s32 lo, hi, k;

	if (xcc_absint_slots(addr, size, &lo, &hi)) {
		xcc_fail(ai->prog, XCC_E_INVALID, i, "stack access out of the 512-byte frame");
		return -1;
	}
	xcc_absint_note_depth(ai, i, addr);
	if (v && size == 8 && lo == hi && !(addr->r.smin % 8)) {
		struct xcc_value *slot = xcc_absint_slot(ai, addr->frame, lo);

		xcc_absint_note_write(ai, i, addr->frame, XCC_STACK_SLOTS - 1 - lo, v);
		if (slot)
			*slot = *v;
		return 0;
	}
	for (k = lo; k <= hi; k++) {
		struct xcc_value *slot = xcc_absint_slot(ai, addr->frame, k);

		xcc_absint_note_write(ai, i, addr->frame, XCC_STACK_SLOTS - 1 - k, &unknown);
		/* a variable offset may miss this slot: keep what it may still hold */
		if (slot)
			*slot = xcc_range_is_const(addr->r) ? unknown : xcc_absint_join(slot, &unknown);
	}
	return 0;
}

static int xcc_absint_store(struct xcc_absint *ai, u32 i)
{
	const struct bpf_insn *insn = &ai->prog->meta[i].insn;
	u32 size = xcc_size_bytes(insn);
	struct xcc_value addr = ai->cur.reg[insn->dst_reg];
	struct xcc_value v = xcc_class(insn) == BPF_ST ?
		xcc_absint_scalar(xcc_range_const((u64)(s64)insn->imm)) : ai->cur.reg[insn->src_reg];
	int atomic = BPF_MODE(insn->code) == BPF_ATOMIC;

	addr.r = xcc_range_alu(BPF_ADD, addr.r, xcc_range_const((u64)(s64)insn->off), 1);
	xcc_absint_verifier_kind(ai, i, &addr);
	xcc_absint_record(ai, i, &ai->cur.reg[insn->dst_reg], &v, &addr);
	if (atomic && addr.type != XCC_T_STACK && addr.type != XCC_T_MAP_VALUE) {
		xcc_fail(ai->prog, XCC_E_UNSUPPORTED, i, "atomic operation on %s",
			 xcc_type_name(addr.type));
		return -1;
	}
	if (atomic && insn->imm == BPF_CMPXCHG)
		ai->cur.reg[BPF_REG_0] = xcc_absint_scalar(xcc_range_bits(size * 8));
	else if (atomic && insn->imm & BPF_FETCH)
		ai->cur.reg[insn->src_reg] = xcc_absint_scalar(xcc_range_bits(size * 8));
	switch (addr.type) {
	case XCC_T_STACK:
		return xcc_absint_stack_store(ai, i, &addr, size, atomic ? NULL : &v);
	case XCC_T_PKT:
	case XCC_T_PKT_META:
	case XCC_T_MAP_VALUE:
		return 0;
	}
	xcc_fail(ai->prog, XCC_E_UNSUPPORTED, i, "store through r%u holding %s", insn->dst_reg,
		 xcc_type_name(addr.type));
	return -1;
}

/* ---- calls ---- */

/* A caller's value as its callee sees it: stack pointers one frame further away. */
static struct xcc_value xcc_absint_to_callee(struct xcc_value v)
{
	if (v.type == XCC_T_STACK)
		v.frame++;	/* depth checked when it is passed on */
	return v;
}

/*
 * The callee's view of the frames above its caller's: the caller's own
 * view of its caller (our state's up) and of the frames above, one further.
 */
static void xcc_absint_pass_view(struct xcc_absint *ai, u32 i, u32 callee)
{
	u32 caller = ai->prog->meta[i].subprog, k;
	u8 f;

	for (k = 0; k < XCC_STACK_SLOTS; k++) {
		struct xcc_value v = xcc_absint_to_callee(ai->cur.up[k]);

		xcc_absint_view_join(ai, callee, 2, k, &v);
		for (f = 3; f < XCC_MAX_CALL_DEPTH; f++) {
			v = xcc_absint_to_callee(xcc_absint_view(ai, caller, f - 1)[k]);
			xcc_absint_view_join(ai, callee, f, k, &v);
		}
	}
}

/* Registers and stack the callee starts with: arguments from the caller. */
static int xcc_absint_callee_entry(struct xcc_absint *ai, u32 i, u32 callee, struct xcc_state *st)
{
	u32 k;

	memset(st, 0, sizeof(*st));
	for (k = BPF_REG_1; k <= BPF_REG_5; k++) {
		st->reg[k] = ai->cur.reg[k];
		if (st->reg[k].type != XCC_T_STACK)
			continue;
		if (st->reg[k].frame + 1 >= XCC_MAX_CALL_DEPTH) {
			xcc_fail(ai->prog, XCC_E_UNSUPPORTED, i, "call depth over %u", XCC_MAX_CALL_DEPTH);
			return -1;
		}
		st->reg[k].frame++;
	}
	st->reg[BPF_REG_10] = xcc_absint_ptr(XCC_T_STACK, 0, 0);
	for (k = 0; k < XCC_STACK_SLOTS; k++)
		st->up[k] = xcc_absint_to_callee(ai->cur.slot[k]);
	xcc_absint_pass_view(ai, i, callee);
	return 0;
}

static void xcc_absint_clobber_pkt(struct xcc_state *st)
{
	u32 k;

	for (k = 0; k < XCC_NR_REGS; k++)
		if (xcc_absint_is_pkt(&st->reg[k]))
			st->reg[k] = xcc_absint_scalar(xcc_range_unknown());
	for (k = 0; k < XCC_STACK_SLOTS; k++)
		if (xcc_absint_is_pkt(&st->slot[k]))
			st->slot[k] = xcc_absint_scalar(xcc_range_unknown());
}

/*
 * After any call: R1-R5 are dead.  When a helper got a pointer into our
 * frame (bpf_loop, whose callback gets it) scalars there may have changed;
 * what the callback stores comes from its summary (xcc_absint_helper), as
 * for BPF-to-BPF calls (xcc_absint_apply_writes).
 */
static void xcc_absint_after_call(struct xcc_absint *ai, int passed_stack, int clobbers_pkt)
{
	u32 k;

	for (k = BPF_REG_1; k <= BPF_REG_5; k++)
		memset(&ai->cur.reg[k], 0, sizeof(ai->cur.reg[k]));
	if (passed_stack)
		for (k = 0; k < XCC_STACK_SLOTS; k++)
			if (ai->cur.slot[k].type == XCC_T_SCALAR)
				ai->cur.slot[k].r = xcc_range_unknown();
	if (clobbers_pkt)
		xcc_absint_clobber_pkt(&ai->cur);
}

static int xcc_absint_passes_stack(const struct xcc_absint *ai)
{
	u32 k;

	for (k = BPF_REG_1; k <= BPF_REG_5; k++)
		if (ai->cur.reg[k].type == XCC_T_STACK && ai->cur.reg[k].frame == 0)
			return 1;
	return 0;
}

/* bpf_loop(nr, callback, ctx, flags): the callback gets (index, ctx). */
static int xcc_absint_bpf_loop(struct xcc_absint *ai, u32 i)
{
	const struct xcc_value *fn = &ai->cur.reg[BPF_REG_2];
	struct xcc_subprog *sp;

	if (fn->type != XCC_T_FUNC) {
		xcc_fail(ai->prog, XCC_E_UNSUPPORTED, i, "bpf_loop callback in r2 is %s",
			 xcc_type_name(fn->type));
		return -1;
	}
	sp = &ai->prog->subprogs[fn->id];
	sp->is_callback = 1;
	if (xcc_absint_callee_entry(ai, i, fn->id, &ai->other))
		return -1;
	ai->other.reg[BPF_REG_1] = xcc_absint_scalar(xcc_range_bits(32));
	ai->other.reg[BPF_REG_2] = ai->other.reg[BPF_REG_3];
	memset(&ai->other.reg[BPF_REG_3], 0, 3 * sizeof(ai->other.reg[0]));	/* R3-R5 */
	xcc_absint_flow(ai, sp->bb, &ai->other);
	return 0;
}

static struct xcc_range xcc_absint_helper_range(u32 id)
{
	switch (id) {
	case BPF_FUNC_get_prandom_u32:
	case BPF_FUNC_get_smp_processor_id:
	case BPF_FUNC_redirect:
	case BPF_FUNC_loop:
	case BPF_FUNC_get_numa_node_id:
	case BPF_FUNC_xdp_get_buff_len:
		return xcc_range_bits(32);
	}
	return xcc_range_unknown();
}

/*
 * Helpers that write through a pointer argument (xdp_load_bytes into r3,
 * len r4; check_mtu 4 bytes at r3): what the stack held there is now unknown bytes, even a spilled
 * pointer (the verifier marks the bytes STACK_MISC).
 */
static int xcc_absint_helper_writes(struct xcc_absint *ai, u32 i)
{
	const struct xcc_value *buf = &ai->cur.reg[BPF_REG_3];
	const struct xcc_value *len = &ai->cur.reg[BPF_REG_4];
	u32 id = ai->prog->meta[i].helper->id;

	if (buf->type != XCC_T_STACK)
		return 0;
	if (id == BPF_FUNC_check_mtu)	/* *mtu_len = the MTU */
		return xcc_absint_stack_store(ai, i, buf, 4, NULL);
	if (id != BPF_FUNC_xdp_load_bytes)
		return 0;
	if (len->type != XCC_T_SCALAR || len->r.umax == 0 || len->r.umax > XCC_STACK_SIZE) {
		xcc_fail(ai->prog, XCC_E_INVALID, i, "bpf_xdp_load_bytes: the length in r4 is not "
			 "bounded by the 512-byte frame");
		return -1;
	}
	return xcc_absint_stack_store(ai, i, buf, (u32)len->r.umax, NULL);
}

/* The kinds of R4 and R5 at a helper call, joined over paths (before REACHED is set). */
static void xcc_absint_record_arg45(struct xcc_insn_meta *m, const struct xcc_value *reg)
{
	int k;

	for (k = 0; k < 2; k++) {
		u8 t = reg[BPF_REG_4 + k].type;

		if (!(m->flags & XCC_META_REACHED))
			m->arg45_type[k] = t;
		else if (m->arg45_type[k] != t)
			m->arg45_type[k] = XCC_T_CONFLICT;
	}
	if (!(m->flags & XCC_META_REACHED))
		m->arg4 = reg[BPF_REG_4].r;
	else
		m->arg4 = xcc_range_join(m->arg4, reg[BPF_REG_4].r);
}

/*
 * An inner map: a non-NULL value of an ARRAY_OF_MAPS or HASH_OF_MAPS (the
 * outer map's element is the inner map, include/xnic/maps.h).
 */
static int xcc_absint_is_inner_map(const struct xcc_prog *prog, const struct xcc_value *r1)
{
	return r1->type == XCC_T_MAP_VALUE && r1->id != XCC_MAP_ANY &&
	       xcc_map_is_outer(prog->maps[r1->id].type);
}

static int xcc_absint_helper(struct xcc_absint *ai, u32 i)
{
	const struct xcc_insn_meta *m = &ai->prog->meta[i];
	const struct xcc_value *r1 = &ai->cur.reg[BPF_REG_1];
	struct xcc_value *r0 = &ai->cur.reg[BPF_REG_0];
	int passed_stack = xcc_absint_passes_stack(ai);
	int loop = m->helper->id == BPF_FUNC_loop;
	u32 callback = ai->cur.reg[BPF_REG_2].id;	/* bpf_loop: checked FUNC below */

	/* helper calls record R1, R2 and R3 (in mem), and R4's and R5's kinds, for isel */
	if (ai->recording)
		xcc_absint_record_arg45(ai->prog->meta + i, ai->cur.reg);
	xcc_absint_record(ai, i, r1, &ai->cur.reg[BPF_REG_2], &ai->cur.reg[BPF_REG_3]);
	if (loop && xcc_absint_bpf_loop(ai, i))
		return -1;
	if (xcc_absint_helper_writes(ai, i))
		return -1;
	if (m->helper->ret == XCC_T_MAP_VALUE_OR_NULL && xcc_absint_is_inner_map(ai->prog, r1)) {
		/* a value of an inner map: which one is known at run time only */
		*r0 = xcc_absint_ptr(XCC_T_MAP_VALUE_OR_NULL, XCC_MAP_ANY, 0);
		r0->origin = i + 1;
	} else if (m->helper->ret == XCC_T_MAP_VALUE_OR_NULL) {
		if (r1->type != XCC_T_MAP_PTR) {
			xcc_fail(ai->prog, XCC_E_UNSUPPORTED, i, "bpf_%s on r1 holding %s",
				 m->helper->name, xcc_type_name(r1->type));
			return -1;
		}
		*r0 = xcc_absint_ptr(XCC_T_MAP_VALUE_OR_NULL, r1->id, 0);
		r0->origin = i + 1;
	} else {
		*r0 = xcc_absint_scalar(xcc_absint_helper_range(m->helper->id));
	}
	xcc_absint_after_call(ai, passed_stack, m->helper->clobbers_pkt);
	if (loop)	/* the callback ran any number of times */
		xcc_absint_apply_writes(ai, i, callback);
	return 0;
}

/*
 * A callee's value as its caller sees it: stack pointers are one frame
 * nearer; one into the callee's own frame, gone after the return, is no
 * pointer any more (the verifier refuses to return one).
 */
static struct xcc_value xcc_absint_to_caller(const struct xcc_value *v)
{
	struct xcc_value r = *v;

	if (r.type != XCC_T_STACK)
		return r;
	if (!r.frame)
		return xcc_absint_scalar(xcc_range_unknown());
	r.frame--;
	return r;
}

/*
 * At a return site (call instruction i): what the callee may have stored
 * into our frame joins our slots (it may not have stored on every path);
 * its stores further up join our view of our caller's frame (frame 2 for
 * the callee) and count as our own stores there.
 */
static void xcc_absint_apply_writes(struct xcc_absint *ai, u32 i, u32 callee)
{
	u8 f;
	u32 k;

	for (f = 1; f < XCC_MAX_CALL_DEPTH; f++) {
		const struct xcc_value *w = xcc_absint_writes(ai, callee, f);

		for (k = 0; k < XCC_STACK_SLOTS; k++) {
			struct xcc_value v;

			if (w[k].type == XCC_T_NONE)
				continue;
			v = xcc_absint_to_caller(&w[k]);
			if (f == 1)
				ai->cur.slot[k] = xcc_absint_join(&ai->cur.slot[k], &v);
			else if (f == 2)
				ai->cur.up[k] = xcc_absint_join(&ai->cur.up[k], &v);
			xcc_absint_note_write(ai, i, f - 1, k, &v);
		}
	}
}

/* BPF-to-BPF call: ends its block; returns 1 when the return site is reachable. */
static int xcc_absint_call(struct xcc_absint *ai, u32 i)
{
	const struct xcc_insn_meta *m = &ai->prog->meta[i];
	u32 callee = ai->prog->meta[m->jmp_dst].subprog;

	xcc_absint_record(ai, i, &ai->cur.reg[BPF_REG_1], &ai->cur.reg[BPF_REG_2], NULL);
	if (xcc_absint_callee_entry(ai, i, callee, &ai->other))
		return -1;
	xcc_absint_flow(ai, ai->prog->subprogs[callee].bb, &ai->other);
	if (ai->ret[callee].type == XCC_T_NONE)
		return 0;	/* revisited when the callee first returns */
	/*
	 * Our packet pointers die if the callee may move the data; what it
	 * returns or stores for us was made after the move (the verifier
	 * would have refused an older pointer's use).
	 */
	xcc_absint_after_call(ai, 0, ai->prog->subprogs[callee].clobbers_pkt);
	xcc_absint_apply_writes(ai, i, callee);
	ai->cur.reg[BPF_REG_0] = xcc_absint_to_caller(&ai->ret[callee]);
	return 1;
}

static int xcc_absint_block_calls_loop(const struct xcc_prog *prog, u32 b)
{
	u32 i;

	for (i = prog->bbs[b].first; i <= prog->bbs[b].last; i++)
		if (prog->meta[i].helper && prog->meta[i].helper->id == BPF_FUNC_loop)
			return 1;
	return 0;
}

/*
 * Return sites of subprogram sp are the blocks ending in a call to it; a
 * bpf_loop callback's, the blocks calling bpf_loop.
 */
static void xcc_absint_requeue_returns(struct xcc_absint *ai, u32 sp)
{
	u32 b;

	for (b = 0; b < ai->prog->n_bbs; b++) {
		const struct xcc_insn_meta *last = &ai->prog->meta[ai->prog->bbs[b].last];

		if (ai->has_in[b] && xcc_is_pseudo_call(&last->insn) &&
		    ai->prog->meta[last->jmp_dst].subprog == sp)
			xcc_absint_enqueue(ai, b);
		else if (ai->has_in[b] && ai->prog->subprogs[sp].is_callback &&
			 xcc_absint_block_calls_loop(ai->prog, b))
			xcc_absint_enqueue(ai, b);
	}
}

static void xcc_absint_exit(struct xcc_absint *ai, u32 i)
{
	u32 sp = ai->prog->meta[i].subprog;

	xcc_absint_record(ai, i, &ai->cur.reg[BPF_REG_0], NULL, NULL);
	if (!ai->recording && xcc_absint_join_value(&ai->ret[sp], &ai->cur.reg[BPF_REG_0], 0))
		xcc_absint_requeue_returns(ai, sp);
}

/* ---- conditional jumps ---- */

static int xcc_absint_cond_eval(u8 op, u64 a, u64 b, int is64)
{
	if (!is64) {
		a = (u32)a;
		b = (u32)b;
	}
	switch (op) {
	case BPF_JEQ: return a == b;
	case BPF_JNE: return a != b;
	case BPF_JGT: return a > b;
	case BPF_JGE: return a >= b;
	case BPF_JLT: return a < b;
	case BPF_JLE: return a <= b;
	case BPF_JSET: return (a & b) != 0;
	}
	if (!is64) {
		a = (u64)(s64)(s32)a;
		b = (u64)(s64)(s32)b;
	}
	switch (op) {
	case BPF_JSGT: return (s64)a > (s64)b;
	case BPF_JSGE: return (s64)a >= (s64)b;
	case BPF_JSLT: return (s64)a < (s64)b;
	case BPF_JSLE: return (s64)a <= (s64)b;
	}
	return 1;
}

static u8 xcc_absint_cond_negate(u8 op)
{
	switch (op) {
	case BPF_JEQ: return BPF_JNE;
	case BPF_JNE: return BPF_JEQ;
	case BPF_JGT: return BPF_JLE;
	case BPF_JLE: return BPF_JGT;
	case BPF_JGE: return BPF_JLT;
	case BPF_JLT: return BPF_JGE;
	case BPF_JSGT: return BPF_JSLE;
	case BPF_JSLE: return BPF_JSGT;
	case BPF_JSGE: return BPF_JSLT;
	case BPF_JSLT: return BPF_JSGE;
	}
	return op;	/* JSET: not refined */
}

/* "c op x" is "x swapped-op c" */
static u8 xcc_absint_cond_swap(u8 op)
{
	switch (op) {
	case BPF_JGT: return BPF_JLT;
	case BPF_JLT: return BPF_JGT;
	case BPF_JGE: return BPF_JLE;
	case BPF_JLE: return BPF_JGE;
	case BPF_JSGT: return BPF_JSLT;
	case BPF_JSLT: return BPF_JSGT;
	case BPF_JSGE: return BPF_JSLE;
	case BPF_JSLE: return BPF_JSGE;
	}
	return op;
}

/* Narrows r to the values where "r op c" holds; 0 when none does. */
static int xcc_absint_refine_range(struct xcc_range *r, u8 op, u64 c)
{
	struct xcc_range n = *r;
	s64 sc = (s64)c;

	switch (op) {
	case BPF_JEQ:
		if (c < n.umin || c > n.umax || sc < n.smin || sc > n.smax)
			return 0;
		n = xcc_range_const(c);
		break;
	case BPF_JNE:
		if (xcc_range_is_const(n) && n.umin == c)
			return 0;
		n.umin += n.umin == c;
		n.umax -= n.umax == c;
		n.smin += n.smin == sc;
		n.smax -= n.smax == sc;
		break;
	case BPF_JGT: if (c == U64_MAX) return 0; if (n.umin <= c) n.umin = c + 1; break;
	case BPF_JGE: if (n.umin < c) n.umin = c; break;
	case BPF_JLT: if (c == 0) return 0; if (n.umax >= c) n.umax = c - 1; break;
	case BPF_JLE: if (n.umax > c) n.umax = c; break;
	case BPF_JSGT: if (sc == S64_MAX) return 0; if (n.smin <= sc) n.smin = sc + 1; break;
	case BPF_JSGE: if (n.smin < sc) n.smin = sc; break;
	case BPF_JSLT: if (sc == S64_MIN) return 0; if (n.smax >= sc) n.smax = sc - 1; break;
	case BPF_JSLE: if (n.smax > sc) n.smax = sc; break;
	default: return 1;
	}
	if (n.umin > n.umax || n.smin > n.smax)
		return 0;
	*r = xcc_range_sync(n);
	return 1;
}

static int xcc_absint_cond_signed(u8 op)
{
	return op == BPF_JSGT || op == BPF_JSGE || op == BPF_JSLT || op == BPF_JSLE;
}

/*
 * Refines scalar v by "v op c" (taken) or its negation; 0 when that side is
 * impossible.  JMP32 compares the low halves: only values that fit them are
 * narrowed.
 */
static int xcc_absint_refine_scalar(struct xcc_value *v, u8 op, u64 c, int is64, int taken)
{
	if (xcc_range_is_const(v->r))
		return xcc_absint_cond_eval(op, v->r.umin, c, is64) == taken;
	if (!taken)
		op = xcc_absint_cond_negate(op);
	if (op == BPF_JSET)
		return 1;
	if (!is64) {
		int is_signed = xcc_absint_cond_signed(op);

		if (v->r.umax > (is_signed ? (u64)S32_MAX : (u64)U32_MAX))
			return 1;
		c = is_signed ? (u64)(s64)(s32)c : (u32)c;
	}
	return xcc_absint_refine_range(&v->r, op, c);
}

/*
 * "if rX == 0" on a lookup result: NULL on one side, a map value on the
 * other, in every copy of the same lookup result (same origin).
 */
static void xcc_absint_refine_null(struct xcc_state *st, u8 reg, int is_null)
{
	struct xcc_value v = st->reg[reg];
	struct xcc_value nv = v;
	u32 k;

	if (is_null) {
		nv = xcc_absint_scalar(xcc_range_const(0));
	} else {
		nv.type = XCC_T_MAP_VALUE;
		nv.origin = 0;
	}
	st->reg[reg] = nv;
	if (!v.origin)
		return;
	for (k = 0; k < XCC_NR_REGS; k++)
		if (xcc_absint_value_eq(&st->reg[k], &v))
			st->reg[k] = nv;
	for (k = 0; k < XCC_STACK_SLOTS; k++)
		if (xcc_absint_value_eq(&st->slot[k], &v))
			st->slot[k] = nv;
}

/* Narrows st for one side of the jump at insn; 0 when that side is impossible. */
static int xcc_absint_refine(struct xcc_state *st, const struct bpf_insn *insn, int taken)
{
	int is64 = xcc_class(insn) == BPF_JMP;
	u8 op = BPF_OP(insn->code);
	struct xcc_value *d = &st->reg[insn->dst_reg];
	struct xcc_value *s = BPF_SRC(insn->code) == BPF_X ? &st->reg[insn->src_reg] : NULL;
	u64 c = is64 ? (u64)(s64)insn->imm : (u32)insn->imm;

	if (s && s->type == XCC_T_SCALAR && xcc_range_is_const(s->r)) {
		c = s->r.umin;
	} else if (s && s->type == XCC_T_SCALAR && d->type == XCC_T_SCALAR &&
		   xcc_range_is_const(d->r) && op != BPF_JSET) {
		c = d->r.umin;
		d = s;
		op = xcc_absint_cond_swap(op);
	} else if (s) {
		return 1;
	}
	if (d->maybe_null && c == 0 && is64 && (op == BPF_JEQ || op == BPF_JNE)) {
		if ((op == BPF_JEQ) == taken)
			*d = xcc_absint_scalar(xcc_range_const(0));
		else
			d->maybe_null = 0;
		return 1;
	}
	if (d->type == XCC_T_MAP_VALUE_OR_NULL && c == 0 && is64 &&
	    (op == BPF_JEQ || op == BPF_JNE)) {
		xcc_absint_refine_null(st, (u8)(d - st->reg), (op == BPF_JEQ) == taken);
		return 1;
	}
	if (d->type != XCC_T_SCALAR)
		return 1;
	return xcc_absint_refine_scalar(d, op, c, is64, taken);
}

static void xcc_absint_branch(struct xcc_absint *ai, u32 i, const struct xcc_bb *bb)
{
	struct xcc_insn_meta *m = &ai->prog->meta[i];
	const struct bpf_insn *insn = &m->insn;
	int is64 = xcc_class(insn) == BPF_JMP;
	struct xcc_value s = xcc_absint_operand(ai, insn, is64);
	int taken, fall;

	xcc_absint_record(ai, i, &ai->cur.reg[insn->dst_reg], &s, NULL);
	ai->other = ai->cur;
	taken = xcc_absint_refine(&ai->other, insn, 1);
	fall = xcc_absint_refine(&ai->cur, insn, 0);
	if (ai->recording) {
		m->flags |= (taken ? XCC_META_TAKEN_SEEN : 0) | (fall ? XCC_META_FALL_SEEN : 0);
		return;
	}
	if (fall)
		xcc_absint_flow(ai, bb->succ[0], &ai->cur);
	if (taken)
		xcc_absint_flow(ai, bb->succ[1], &ai->other);
}

/* ---- driver ---- */

/* Interprets one block from its entry state; propagates to successors. */
static int xcc_absint_block(struct xcc_absint *ai, u32 b)
{
	const struct xcc_bb *bb = &ai->prog->bbs[b];
	u32 i;
	int r;

	ai->cur = ai->in[b];
	for (i = bb->first; i <= bb->last; i++) {
		const struct bpf_insn *insn = &ai->prog->meta[i].insn;

		if (ai->prog->meta[i].flags & XCC_META_LDIMM64_HI)
			continue;
		switch (xcc_class(insn)) {
		case BPF_ALU:
		case BPF_ALU64:
			xcc_absint_alu(ai, i);
			continue;
		case BPF_LD:
			xcc_absint_ldimm64(ai, i);
			continue;
		case BPF_LDX:
			r = xcc_absint_ldx(ai, i);
			break;
		case BPF_ST:
		case BPF_STX:
			r = xcc_absint_store(ai, i);
			break;
		default:	/* BPF_JMP, BPF_JMP32 */
			if (xcc_is_helper_call(insn)) {
				r = xcc_absint_helper(ai, i);
				break;
			}
			if (xcc_is_pseudo_call(insn)) {
				r = xcc_absint_call(ai, i);
				if (r == 1)
					xcc_absint_flow(ai, bb->succ[0], &ai->cur);
				return r < 0 ? -1 : 0;
			}
			if (xcc_is_exit(insn)) {
				xcc_absint_exit(ai, i);
				return 0;
			}
			if (xcc_is_uncond_jmp(insn)) {
				xcc_absint_record(ai, i, &ai->cur.reg[0], NULL, NULL);
				xcc_absint_flow(ai, bb->succ[0], &ai->cur);
				return 0;
			}
			xcc_absint_branch(ai, i, bb);
			return 0;
		}
		if (r)
			return -1;
	}
	xcc_absint_flow(ai, bb->succ[0], &ai->cur);
	return 0;
}

/* Which subprograms may move packet data, directly or through callees. */
static void xcc_absint_pkt_clobbers(struct xcc_prog *prog)
{
	u32 i, round;

	for (i = 0; i < prog->n_insns; i++) {
		const struct xcc_insn_meta *m = &prog->meta[i];

		if (m->helper && m->helper->clobbers_pkt)
			prog->subprogs[m->subprog].clobbers_pkt = 1;
	}
	for (round = 0; round < prog->n_subprogs; round++)
		for (i = 0; i < prog->n_insns; i++) {
			const struct xcc_insn_meta *m = &prog->meta[i];
			int calls = xcc_is_pseudo_call(&m->insn) ||
				    (xcc_is_ldimm64(&m->insn) && m->insn.src_reg == BPF_PSEUDO_FUNC);

			if (calls && prog->subprogs[prog->meta[m->jmp_dst].subprog].clobbers_pkt)
				prog->subprogs[m->subprog].clobbers_pkt = 1;
		}
}

static int xcc_absint_alloc(struct xcc_prog *prog, struct xcc_absint *ai)
{
	u32 n = prog->n_bbs, sp;

	ai->prog = prog;
	ai->in = xcc_calloc(prog, n, sizeof(*ai->in));
	ai->has_in = xcc_calloc(prog, n, 1);
	ai->callee_entry = xcc_calloc(prog, n, 1);
	ai->joins = xcc_calloc(prog, n, sizeof(*ai->joins));
	ai->queue = xcc_calloc(prog, n, sizeof(*ai->queue));
	ai->queued = xcc_calloc(prog, n, 1);
	ai->ret = xcc_calloc(prog, prog->n_subprogs, sizeof(*ai->ret));
	ai->writes = xcc_calloc(prog, prog->n_subprogs * (XCC_MAX_CALL_DEPTH - 1) * XCC_STACK_SLOTS,
				sizeof(*ai->writes));
	ai->view = xcc_calloc(prog, prog->n_subprogs * (XCC_MAX_CALL_DEPTH - 1) * XCC_STACK_SLOTS,
			      sizeof(*ai->view));
	if (prog->error)
		return -1;
	for (sp = 0; sp < prog->n_subprogs; sp++)
		ai->callee_entry[prog->subprogs[sp].bb] = !prog->subprogs[sp].is_prog;
	return 0;
}

static void xcc_absint_release(struct xcc_absint *ai)
{
	struct xcc_prog *prog = ai->prog;

	xcc_free(prog, ai->in);
	xcc_free(prog, ai->has_in);
	xcc_free(prog, ai->callee_entry);
	xcc_free(prog, ai->joins);
	xcc_free(prog, ai->queue);
	xcc_free(prog, ai->queued);
	xcc_free(prog, ai->ret);
	xcc_free(prog, ai->writes);
	xcc_free(prog, ai->view);
	xcc_free(prog, ai);
}

static int xcc_absint_fixpoint(struct xcc_absint *ai)
{
	struct xcc_prog *prog = ai->prog;
	u32 b, sp;

	/* every program (the main one, tail call targets) starts with R1 = ctx */
	memset(&ai->cur, 0, sizeof(ai->cur));
	ai->cur.reg[BPF_REG_1] = xcc_absint_ptr(XCC_T_CTX, 0, 0);
	ai->cur.reg[BPF_REG_10] = xcc_absint_ptr(XCC_T_STACK, 0, 0);
	for (sp = 0; sp < prog->n_subprogs; sp++)
		if (prog->subprogs[sp].is_prog)
			xcc_absint_flow(ai, prog->subprogs[sp].bb, &ai->cur);
	while (ai->q_len) {
		b = ai->queue[ai->q_head];
		ai->q_head = (ai->q_head + 1) % prog->n_bbs;
		ai->q_len--;
		ai->queued[b] = 0;
		if (++prog->absint_visits > XCC_ABSINT_MAX_VISITS) {
			xcc_fail(prog, XCC_E_ANALYSIS, prog->bbs[b].first,
				 "abstract interpretation did not converge");
			return -1;
		}
		if (xcc_absint_block(ai, b))
			return -1;
	}
	return 0;
}

int xcc_absint(struct xcc_prog *prog)
{
	struct xcc_absint *ai = xcc_zalloc(prog, sizeof(*ai));
	int err = -1;
	u32 b;

	if (!ai)
		return -1;
	if (xcc_absint_alloc(prog, ai))
		goto out;
	xcc_absint_pkt_clobbers(prog);
	if (xcc_absint_fixpoint(ai))
		goto out;
	ai->recording = 1;
	for (b = 0; b < prog->n_bbs; b++)
		if (ai->has_in[b] && xcc_absint_block(ai, b))
			goto out;
	err = 0;
out:
	xcc_absint_release(ai);
	return err;
}
