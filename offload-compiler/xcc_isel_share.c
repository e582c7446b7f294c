// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Shared helper routines (docs/compiler.md, "Shared helper routines"): a
 * helper whose card code is the same at several call sites runs as one
 * routine that each site calls with link b30, instead of a copy per site.
 *
 * Before isel proper, a survey compiles every helper call's body once, as
 * a routine would run it (flags the program passes as constants checked
 * at run time, prog->hl_generic), at the end of the code list, compares
 * the bodies and drops them.  Sites with the same body form a group; a
 * group whose copies cost more card instructions than the routine, its
 * return and a call per site becomes a routine (xcc_isel_share_routines,
 * after the program), the others stay inline with their flags decided
 * when compiling.  A body runs out of line only if it is self-contained:
 * its branches stay inside it, its calls are runtime routines' (a30) and
 * it writes none of R6-R10, which a BPF-to-BPF frame keeps.  Its code
 * counts as the program's (XCC_BPF_SHARED) in the statistics.
 */
#include "xcc_priv.h"

struct xcc_share_body {
	u32 start, len;		/* in the code list during the survey; len 0: inline */
	u32 hash;
	u32 leader;		/* the first site with the same body */
	u32 sites;		/* leaders: sites in the group */
	u32 insns;		/* card instructions of the body, labels not counted */
};

/* Helpers that run their callees (bpf_loop) or leave the program (tail calls) stay inline. */
static int xcc_share_may(const struct xcc_prog *prog, u32 i)
{
	const struct xcc_insn_meta *m = &prog->meta[i];

	if (!xcc_is_helper_call(&m->insn) || (m->flags & XCC_META_DEAD) || !m->helper)
		return 0;
	return m->helper->id != BPF_FUNC_loop && m->helper->id != BPF_FUNC_tail_call;
}

/* The position of label in the body, or -1 when it is defined outside. */
static s32 xcc_share_label_pos(const struct xcc_minsn *body, u32 len, s32 label)
{
	u32 k;

	for (k = 0; k < len; k++)
		if (body[k].mi.op == XCC_MI_LABEL && body[k].target == label)
			return (s32)k;
	return -1;
}

static int xcc_share_is_branch(enum me_opcode op)
{
	const struct me_opinfo *info = me_opinfo(op);

	return info && me_format_has_target(info->format) && op != ME_OP_CALL;
}

static int xcc_share_writes_kept(struct xcc_mop d)
{
	return d.kind == XCC_MOP_EREG && d.idx / 2 >= 6;
}

/* Branches inside, calls to runtime routines only, R6-R10 untouched. */
static int xcc_share_self_contained(const struct xcc_minsn *body, u32 len)
{
	u32 k;

	for (k = 0; k < len; k++) {
		const struct xcc_minsn *m = &body[k];

		if (xcc_share_is_branch(m->mi.op) && xcc_share_label_pos(body, len, m->target) < 0)
			return 0;
		if (m->mi.op == ME_OP_CALL &&
		    !(m->d.kind == XCC_MOP_A && m->d.idx == XCC_REG_LINK_RT))
			return 0;
		if (m->mi.op == ME_OP_RET || xcc_share_writes_kept(m->d))
			return 0;
	}
	return 1;
}

static int xcc_share_mop_eq(struct xcc_mop x, struct xcc_mop y)
{
	return x.kind == y.kind && x.idx == y.idx && x.sext == y.sext && x.imm == y.imm;
}

static u32 xcc_share_mix(u32 h, u32 v)
{
	return (h ^ v) * 16777619u;
}

static u32 xcc_share_mop_hash(u32 h, struct xcc_mop o)
{
	return xcc_share_mix(h, (u32)o.kind | (u32)o.idx << 8 | (u32)o.sext << 16 |
			     (u32)o.imm << 17);
}

/* Over opcodes and operands; labels and targets, which differ, left out. */
static u32 xcc_share_hash(const struct xcc_minsn *body, u32 len)
{
	u32 h = 2166136261u, k;

	for (k = 0; k < len; k++) {
		h = xcc_share_mix(h, (u32)body[k].mi.op | (u32)body[k].mi.imm << 16);
		h = xcc_share_mop_hash(h, body[k].d);
		h = xcc_share_mop_hash(h, body[k].a);
		h = xcc_share_mop_hash(h, body[k].b);
	}
	return h;
}

/*
 * The same code: the same instructions (isel zeroes each before filling
 * it in, so the machine fields compare whole), branches to the same
 * places inside, calls to the same routines.
 */
static int xcc_share_same(const struct xcc_minsn *x, const struct xcc_minsn *y, u32 len)
{
	u32 k;

	for (k = 0; k < len; k++) {
		s32 pos;

		if (memcmp(&x[k].mi, &y[k].mi, sizeof(x[k].mi)) || x[k].role != y[k].role ||
		    !xcc_share_mop_eq(x[k].d, y[k].d) || !xcc_share_mop_eq(x[k].a, y[k].a) ||
		    !xcc_share_mop_eq(x[k].b, y[k].b))
			return 0;
		if (x[k].mi.op == XCC_MI_LABEL || x[k].target < 0)
			continue;
		pos = xcc_share_label_pos(x, len, x[k].target);
		if (pos < 0 ? y[k].target != x[k].target : y[pos].target != y[k].target)
			return 0;
	}
	return 1;
}

static u32 xcc_share_count(const struct xcc_minsn *body, u32 len)
{
	u32 k, n = 0;

	for (k = 0; k < len; k++)
		n += body[k].mi.op != XCC_MI_LABEL;
	return n;
}

/*
 * Site i's body as a routine runs it, at the end of the code list; kept
 * when it may run out of line (then compared with the earlier ones), else
 * dropped.  A helper the back end refuses is dropped too, its error
 * undone: isel proper reports it in program order.
 */
static void xcc_share_compile(struct xcc_prog *prog, struct xcc_share_body *b, u32 i)
{
	struct xcc_mcode *mc = &prog->mc;
	struct xcc_share_body *s = &b[i];
	u32 j;

	s->start = mc->n;
	s->leader = i;
	prog->cur_bpf = i;
	prog->hl_generic = prog->quiet = prog->surveying = 1;
	xcc_isel_helper(prog, i);
	prog->hl_generic = prog->quiet = prog->surveying = 0;
	if (prog->error || !xcc_share_self_contained(&mc->insns[s->start], mc->n - s->start)) {
		prog->error = 0;
		prog->error_msg[0] = 0;
		mc->n = s->start;
		return;
	}
	s->len = mc->n - s->start;
	s->hash = xcc_share_hash(&mc->insns[s->start], s->len);
	s->insns = xcc_share_count(&mc->insns[s->start], s->len);
	for (j = 0; j < i; j++) {
		if (b[j].len != s->len || b[j].leader != j || b[j].hash != s->hash ||
		    !xcc_share_same(&mc->insns[b[j].start], &mc->insns[s->start], s->len))
			continue;
		s->leader = j;
		break;
	}
	b[s->leader].sites++;
}

/*
 * Estimates from the corpus: peep shrinks an inline copy by about 3 card
 * instructions where it sees its call site's registers (a dead high word
 * of R0, a constant key address folded into the access), and a call site
 * costs the call and about one move of an argument.
 */
#define XCC_SHARE_FOLDED	3
#define XCC_SHARE_SITE		2

/*
 * A group becomes a routine when its copies, as peep leaves them, cost
 * more than the routine, its return and each site's call;
 * prog->share[i] names the routine site i calls.
 */
static void xcc_share_decide(struct xcc_prog *prog, const struct xcc_share_body *b)
{
	u32 i;

	for (i = 0; i < prog->n_insns; i++) {
		const struct xcc_share_body *l = &b[b[i].leader];

		if (!b[i].len || l->sites < 2 || l->insns <= XCC_SHARE_FOLDED ||
		    l->sites * (l->insns - XCC_SHARE_FOLDED) <=
		    l->sites * XCC_SHARE_SITE + l->insns + 1)
			continue;
		if (b[i].leader == i) {
			prog->share[i].label = xcc_mc_new_label(prog);
			prog->share[i].leader = 1;
		} else {
			prog->share[i].label = prog->share[b[i].leader].label;
		}
	}
}

int xcc_isel_share_survey(struct xcc_prog *prog)
{
	struct xcc_share_body *b = xcc_calloc(prog, prog->n_insns, sizeof(*b));
	u32 mark = prog->mc.n, i;

	prog->share = xcc_calloc(prog, prog->n_insns, sizeof(*prog->share));
	if (!b || !prog->share) {
		xcc_free(prog, b);
		return -1;
	}
	for (i = 0; i < prog->n_insns && !prog->error; i++)
		if (xcc_share_may(prog, i))
			xcc_share_compile(prog, b, i);
	prog->mc.n = mark;
	if (!prog->error)
		xcc_share_decide(prog, b);
	xcc_free(prog, b);
	return prog->error ? -1 : 0;
}

/* Site i's helper when it runs out of line: a call of its group's routine. */
int xcc_isel_share_call(struct xcc_prog *prog, u32 i)
{
	struct xcc_minsn *m;

	if (!prog->share || !prog->share[i].label)
		return 0;
	m = xcc_mc_add(prog, ME_OP_CALL);
	m->d = xcc_pb(XCC_REG_LINK_HELPER);
	m->target = (s32)prog->share[i].label;
	return 1;
}

/* The routines, each compiled from its group's first site and marked the program's. */
void xcc_isel_share_routines(struct xcc_prog *prog)
{
	u32 i, k, from;
	struct xcc_minsn *m;

	for (i = 0; prog->share && i < prog->n_insns && !prog->error; i++) {
		if (!prog->share[i].leader)
			continue;
		prog->cur_bpf = i;
		from = prog->mc.n;
		xcc_mc_label(prog, prog->share[i].label);
		prog->hl_generic = 1;
		xcc_isel_helper(prog, i);
		prog->hl_generic = 0;
		m = xcc_mc_add(prog, ME_OP_RET);
		m->a = xcc_pb(XCC_REG_LINK_HELPER);
		for (k = from; k < prog->mc.n && !prog->error; k++)
			prog->mc.insns[k].bpf = XCC_BPF_SHARED(prog);
	}
	prog->cur_bpf = prog->n_insns;
}
