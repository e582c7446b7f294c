// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A per-CPU hash map: per-CPU packet and byte counters keyed by frame
 * length mod 7 in a map of 4, so inserts past max_entries fail with
 * -E2BIG; a key seen 3 times is deleted, which makes room again.  Every
 * helper result goes into the frame: NOEXIST on a present key (-EEXIST),
 * EXIST on and delete of a key never inserted (-ENOENT), a bad flag
 * (-EINVAL).  The kernel keeps one value per CPU, the card one per ME.
 */
#include "corpus.h"

#define PERCPU_HASH_MISSING	1000	/* keys are below 7 */

struct percpu_hash_val {
	__u64 packets, bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct percpu_hash_val);
} helper_percpu_hash_map SEC(".maps");

SEC("xdp")
int helper_percpu_hash(struct xdp_md *ctx)
{
	__u32 *out = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 32);
	__u32 len = ctx->data_end - ctx->data, key = len % 7, missing = PERCPU_HASH_MISSING;
	struct percpu_hash_val fresh = { 1, len }, *v;

	if (!out)
		return XDP_PASS;
	v = bpf_map_lookup_elem(&helper_percpu_hash_map, &key);
	if (v) {
		v->packets++;
		v->bytes += len;
		out[0] = v->packets;
	} else {
		out[0] = bpf_map_update_elem(&helper_percpu_hash_map, &key, &fresh, BPF_ANY);
	}
	out[1] = bpf_map_update_elem(&helper_percpu_hash_map, &key, &fresh, BPF_NOEXIST);
	out[2] = bpf_map_delete_elem(&helper_percpu_hash_map, &missing);
	out[3] = bpf_map_update_elem(&helper_percpu_hash_map, &missing, &fresh, BPF_EXIST);
	out[4] = bpf_map_update_elem(&helper_percpu_hash_map, &key, &fresh, BPF_EXIST + 1);
	v = bpf_map_lookup_elem(&helper_percpu_hash_map, &key);
	out[5] = v ? v->bytes : 0;
	if (v && v->packets >= 3)
		out[6] = bpf_map_delete_elem(&helper_percpu_hash_map, &key);
	return XDP_PASS;
}
