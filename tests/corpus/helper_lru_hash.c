// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An LRU hash map of 4 taking keys 0..12 (frame length mod 13): inserts
 * into the full map succeed and evict.  Which element goes is the
 * kernel's choice (docs/testing.md, "LRU maps"), so every result written
 * into the frame depends only on what holds whatever the victim: an
 * insert returns 0, the key just inserted is there with its new value
 * (a lost update shows), bad flags give -EINVAL, a key never inserted
 * gives -ENOENT to EXIST and to delete; NOEXIST on the key just inserted
 * gives -EEXIST, and on every third frame deleting it gives 0 instead.
 */
#include "corpus.h"

#define LRU_HASH_MISSING	1000	/* keys are below 13 */

struct lru_hash_val {
	__u64 len, seq;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct lru_hash_val);
} helper_lru_hash_map SEC(".maps");

SEC("xdp")
int helper_lru_hash(struct xdp_md *ctx)
{
	__u32 *out = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 32);
	__u32 len = ctx->data_end - ctx->data, key = len % 13, missing = LRU_HASH_MISSING;
	struct lru_hash_val val = { len, len / 13 }, *v;

	if (!out)
		return XDP_PASS;
	out[0] = bpf_map_update_elem(&helper_lru_hash_map, &key, &val, BPF_ANY);
	v = bpf_map_lookup_elem(&helper_lru_hash_map, &key);
	if (!v)
		return XDP_ABORTED;
	out[1] = v->len;
	out[2] = v->seq;
	out[3] = bpf_map_update_elem(&helper_lru_hash_map, &key, &val, BPF_EXIST + 1);
	if (len % 3 == 0) {
		out[4] = bpf_map_delete_elem(&helper_lru_hash_map, &key);
		out[5] = !bpf_map_lookup_elem(&helper_lru_hash_map, &key);
	} else {
		out[4] = bpf_map_update_elem(&helper_lru_hash_map, &key, &val, BPF_NOEXIST);
	}
	out[6] = bpf_map_delete_elem(&helper_lru_hash_map, &missing);
	out[7] = bpf_map_update_elem(&helper_lru_hash_map, &missing, &val, BPF_EXIST);
	return XDP_PASS;
}
