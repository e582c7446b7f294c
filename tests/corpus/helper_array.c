// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * map_lookup_elem and map_update_elem on an array: per-EtherType-bucket
 * packet and byte counters; an out-of-range update is refused by the map.
 */
#include "corpus.h"

struct helper_array_val {
	__u64 packets, bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, struct helper_array_val);
} helper_array_map SEC(".maps");

SEC("xdp")
int helper_array(struct xdp_md *ctx)
{
	struct ethhdr *eth = CORPUS_WINDOW(ctx, 0, sizeof(*eth));
	struct helper_array_val *v, fresh = {};
	__u32 key;

	if (!eth)
		return XDP_DROP;
	key = bpf_ntohs(eth->h_proto) & 15;
	v = bpf_map_lookup_elem(&helper_array_map, &key);
	if (!v)
		return XDP_ABORTED;
	fresh.packets = v->packets + 1;
	fresh.bytes = v->bytes + (ctx->data_end - ctx->data);
	if (bpf_map_update_elem(&helper_array_map, &key, &fresh, BPF_ANY))
		return XDP_ABORTED;
	key = 16;	/* one past the end */
	if (!bpf_map_update_elem(&helper_array_map, &key, &fresh, BPF_ANY))
		return XDP_ABORTED;
	return XDP_PASS;
}
