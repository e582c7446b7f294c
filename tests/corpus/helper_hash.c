// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * map_lookup_elem, map_update_elem and map_delete_elem on a hash map: count
 * packets per source MAC, forget a source whose count reaches 3.
 */
#include "corpus.h"

struct helper_hash_key {
	__u8 mac[6];
	__u16 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct helper_hash_key);
	__type(value, __u64);
} helper_hash_map SEC(".maps");

SEC("xdp")
int helper_hash(struct xdp_md *ctx)
{
	struct ethhdr *eth = CORPUS_WINDOW(ctx, 0, sizeof(*eth));
	struct helper_hash_key key = {};
	__u64 one = 1, *count;

	if (!eth)
		return XDP_DROP;
	__builtin_memcpy(key.mac, eth->h_source, 6);
	count = bpf_map_lookup_elem(&helper_hash_map, &key);
	if (!count) {
		if (bpf_map_update_elem(&helper_hash_map, &key, &one, BPF_NOEXIST))
			return XDP_ABORTED;
		return XDP_PASS;
	}
	if (++*count >= 3) {
		bpf_map_delete_elem(&helper_hash_map, &key);
		return XDP_DROP;
	}
	return XDP_PASS;
}
