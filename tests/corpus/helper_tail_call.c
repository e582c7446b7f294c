// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bpf_tail_call through a PROG_ARRAY that tests/diff/entries fills (the
 * object does not, so that the guest's ip, which loads only the program
 * it attaches, loads it too): slot 0 tail_self, 1 tail_mark, 3 this
 * program, 4 tail_burn, 5 tail_chain; 2, 6 and 7 empty.  Unfilled, every
 * tail call falls through.  The frame's length picks the case
 * (len % 8), so the pcaps see each:
 * 0: slot 1, a target with its own subprogram and stack;
 * 1: slot 2, empty: falls through;
 * 2: index 8 (max_entries) and 0xffffffff: fall through;
 * 3: the 64-bit index (1 << 32) | 1, truncated to u32: slot 1;
 * 4: slot 0, which calls itself until MAX_TAIL_CALL_CNT (33) stops it;
 * 5: slot 4, which calls the empty slot 2 30 or 31 times (a frame bit),
 *    then slot 1, the 32nd or 33rd tail call, which runs.  6.1 counts a
 *    call to an empty slot, the host's 6.18 does not, so one more empty
 *    call would tell them apart: test_backend_tail_call checks 6.1's;
 * 6: slot 5, which marks the state and calls this program again, which
 *    ends the run on seeing the mark;
 * 7: the index from the frame (0..15): present, empty or past the end;
 *    slot 3 calls this program until the limit.
 * Every program writes what it saw into the frame; fall-throughs too.
 */
#include "corpus.h"

struct tail_state {
	__u32 runs;	/* tail_self's runs in this frame */
	__u32 chain;	/* tail_chain called this program */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tail_state);
} tail_state SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 8);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} tail_progs SEC(".maps");

#define TAIL_OPS	24

/*
 * The window, also again after a tail call that fell through: 6.12's
 * verifier (the stable backport of "bpf: consider that tail calls
 * invalidate packet pointers") does not let packet pointers survive
 * bpf_tail_call; 6.1's does.  The frame is the same, so is the window.
 */
static __always_inline __u8 *tail_window(struct xdp_md *ctx)
{
	return CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, TAIL_OPS);
}

static __always_inline struct tail_state *tail_st(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&tail_state, &zero);
}

SEC("xdp")
int helper_tail_call(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	__u8 *p = tail_window(ctx);
	struct tail_state *st = tail_st();

	if (!p || !st)
		return XDP_PASS;
	p[11]++;		/* every entry of this program, also by a tail call */
	if (st->chain) {
		st->chain = 0;
		p[12] = 0x3c;
		return XDP_TX;
	}
	st->runs = 0;
	switch (len % 8) {
	case 0:
		bpf_tail_call(ctx, &tail_progs, 1);
		break;
	case 1:
		bpf_tail_call(ctx, &tail_progs, 2);
		break;
	case 2:
		bpf_tail_call(ctx, &tail_progs, CORPUS_OPAQUE(8));
		p = tail_window(ctx);
		if (!p)
			return XDP_ABORTED;
		p[13] = 0x08;
		bpf_tail_call(ctx, &tail_progs, CORPUS_OPAQUE(0xffffffffu));
		break;
	case 3:
		bpf_tail_call(ctx, &tail_progs, CORPUS_OPAQUE((1ULL << 32) | 1));
		break;
	case 4:
		bpf_tail_call(ctx, &tail_progs, 0);
		break;
	case 5:
		bpf_tail_call(ctx, &tail_progs, 4);
		break;
	case 6:
		bpf_tail_call(ctx, &tail_progs, 5);
		break;
	default:
		bpf_tail_call(ctx, &tail_progs, p[20] & 15);
		break;
	}
	p = tail_window(ctx);
	if (!p)
		return XDP_ABORTED;
	p[14] = 0xf0 | (len % 8);	/* fell through */
	return XDP_TX;
}

SEC("xdp")
int tail_self(struct xdp_md *ctx)
{
	__u8 *p = tail_window(ctx);
	struct tail_state *st = tail_st();

	if (!p || !st)
		return XDP_ABORTED;
	st->runs++;
	p[4] = st->runs;
	bpf_tail_call(ctx, &tail_progs, 0);
	p = tail_window(ctx);
	if (!p)
		return XDP_ABORTED;
	p[5] = 0xee;		/* the limit */
	return XDP_TX;
}

/* Sums the frame's ops through a stack buffer: a frame and subprogram of its own. */
static __attribute__((noinline)) int tail_sum(__u8 *p)
{
	__u8 buf[TAIL_OPS];
	int k, sum = 0;

	__builtin_memcpy(buf, p, TAIL_OPS);
	for (k = 0; k < TAIL_OPS; k++)
		sum += buf[k] * (k + 1);
	return sum;
}

SEC("xdp")
int tail_mark(struct xdp_md *ctx)
{
	__u8 *p = tail_window(ctx);
	int sum;

	if (!p)
		return XDP_ABORTED;
	sum = tail_sum(p);
	p[6] = 0x4d;
	p[7] = sum;
	p[8] = sum >> 8;
	return XDP_TX;
}

SEC("xdp")
int tail_burn(struct xdp_md *ctx)
{
	__u8 *p = tail_window(ctx);
	int k, n;

	if (!p)
		return XDP_ABORTED;
	n = 30 + (p[21] & 1);
	for (k = 0; k < n && k < 31; k++)
		bpf_tail_call(ctx, &tail_progs, 2);
	p = tail_window(ctx);
	if (!p)
		return XDP_ABORTED;
	p[9] = n;
	bpf_tail_call(ctx, &tail_progs, 1);
	p = tail_window(ctx);
	if (!p)
		return XDP_ABORTED;
	p[10] = 0xbb;		/* not reached: the limit is not used up */
	return XDP_DROP;
}

SEC("xdp")
int tail_chain(struct xdp_md *ctx)
{
	__u8 *p = tail_window(ctx);
	struct tail_state *st = tail_st();

	if (!p || !st)
		return XDP_ABORTED;
	st->chain = 1;
	p[15] = 0xc4;
	bpf_tail_call(ctx, &tail_progs, 3);
	st->chain = 0;
	p = tail_window(ctx);
	if (!p)
		return XDP_ABORTED;
	p[16] = 0xdd;
	return XDP_DROP;
}
