// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * map_lookup_elem on a per-CPU array: per-CPU packet and byte counters,
 * updated without atomics as per-CPU data allows; the kernel keeps one
 * copy per CPU, the card one per ME.
 */
#include "corpus.h"

struct percpu_val {
	__u64 packets, bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct percpu_val);
} helper_percpu_map SEC(".maps");

SEC("xdp")
int helper_percpu(struct xdp_md *ctx)
{
	__u32 key = (ctx->data_end - ctx->data) & 1;
	struct percpu_val *v = bpf_map_lookup_elem(&helper_percpu_map, &key);

	if (!v)
		return XDP_ABORTED;
	v->packets++;
	v->bytes += ctx->data_end - ctx->data;
	return XDP_PASS;
}
