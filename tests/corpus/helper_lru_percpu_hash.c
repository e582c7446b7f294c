// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An LRU per-CPU hash map of 4 taking keys 0..12 (frame length mod 13):
 * a full map still takes new keys, evicting.  As in helper_lru_hash.c,
 * the results written into the frame hold whatever the victim: an insert
 * returns 0 and this CPU's copy holds the new value; EXIST on the key just
 * written (which 6.1 checks without taking a free element, so nothing is
 * evicted) rewrites this CPU's copy; NOEXIST on it gives -EEXIST, a key
 * never inserted -ENOENT, bad flags -EINVAL.
 */
#include "corpus.h"

#define LRU_PERCPU_MISSING	1000	/* keys are below 13 */

struct lru_percpu_val {
	__u64 len, seq;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct lru_percpu_val);
} helper_lru_percpu_map SEC(".maps");

SEC("xdp")
int helper_lru_percpu_hash(struct xdp_md *ctx)
{
	__u32 *out = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 32);
	__u32 len = ctx->data_end - ctx->data, key = len % 13, missing = LRU_PERCPU_MISSING;
	struct lru_percpu_val val = { len, 0 }, *v;

	if (!out)
		return XDP_PASS;
	out[0] = bpf_map_update_elem(&helper_lru_percpu_map, &key, &val, BPF_ANY);
	v = bpf_map_lookup_elem(&helper_lru_percpu_map, &key);
	if (!v)
		return XDP_ABORTED;
	out[1] = v->len;
	val.seq = len / 13;
	out[2] = bpf_map_update_elem(&helper_lru_percpu_map, &key, &val, BPF_EXIST);
	v = bpf_map_lookup_elem(&helper_lru_percpu_map, &key);
	if (!v)
		return XDP_ABORTED;
	out[3] = v->seq;
	out[4] = bpf_map_update_elem(&helper_lru_percpu_map, &key, &val, BPF_EXIST + 1);
	out[5] = bpf_map_update_elem(&helper_lru_percpu_map, &key, &val, BPF_NOEXIST);
	out[6] = bpf_map_delete_elem(&helper_lru_percpu_map, &missing);
	out[7] = bpf_map_update_elem(&helper_lru_percpu_map, &missing, &val, BPF_EXIST);
	return XDP_PASS;
}
