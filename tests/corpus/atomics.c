// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Atomic operations on a map value and on the stack: ADD, AND, OR, XOR with
 * and without FETCH, XCHG and CMPXCHG, in 32 and 64 bits (-mcpu=v3).
 * The map value accumulates across packets.
 */
#include "corpus.h"

struct atomics_val {
	__u64 add64, and64, or64, xor64, xchg64, cmpxchg64;
	__u32 add32, and32, or32, xor32, xchg32, cmpxchg32;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct atomics_val);
} atomics_map SEC(".maps");

SEC("xdp")
int atomics(struct xdp_md *ctx)
{
	__u64 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 64);
	struct atomics_val *v;
	__u32 zero = 0;
	__u64 a, stack64;
	__u32 b, stack32;

	if (!p)
		return XDP_PASS;
	v = bpf_map_lookup_elem(&atomics_map, &zero);
	if (!v)
		return XDP_ABORTED;
	a = p[0];
	b = (__u32)p[1];
	__sync_fetch_and_add(&v->add64, a);			/* no fetch */
	p[0] = __sync_fetch_and_add(&v->add32, b);		/* fetch */
	__sync_fetch_and_and(&v->and64, a | 0xff);
	p[1] = __sync_fetch_and_and(&v->and32, b);
	__sync_fetch_and_or(&v->or64, a);
	p[2] = __sync_fetch_and_or(&v->or32, b);
	__sync_fetch_and_xor(&v->xor64, a);
	p[3] = __sync_fetch_and_xor(&v->xor32, b);
	p[4] = __sync_lock_test_and_set(&v->xchg64, a);
	p[5] = __sync_val_compare_and_swap(&v->cmpxchg64, 0, a);
	p[6] = __sync_val_compare_and_swap(&v->cmpxchg32, v->xchg32, b);
	__sync_lock_test_and_set(&v->xchg32, b);
	stack64 = CORPUS_OPAQUE(5ull);
	stack32 = CORPUS_OPAQUE(9u);
	__sync_fetch_and_add(&stack64, a);
	p[7] = __sync_fetch_and_xor(&stack32, b) + stack64;
	return XDP_TX;
}
