// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * spin_lock/spin_unlock on the struct bpf_spin_lock in a map value, as
 * xdp-trafficgen guards its per-flow state: totals in an array element,
 * per-key counters in a hash map (new elements inserted with a zeroed lock,
 * found ones updated under their lock), the lock taken again on the next
 * frame, so one that stayed held hangs the card.  Both helpers' return
 * values and what was read under the lock go into the frame; the maps are
 * compared afterwards, lock words included (the kernel shows them to user
 * space as 0, and the card's are 0 once released).
 */
#include "corpus.h"

struct counters {
	struct bpf_spin_lock lock;
	__u32 packets;
	__u64 bytes;
	__u64 max_len;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct counters);
} totals SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, struct counters);
} flows SEC(".maps");

SEC("xdp")
int helper_spin_lock(struct xdp_md *ctx)
{
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 16);
	__u32 len = ctx->data_end - ctx->data, zero = 0, key, packets;
	struct counters *c, fresh = {};
	__u64 bytes;

	if (!p)
		return XDP_PASS;
	c = bpf_map_lookup_elem(&totals, &zero);
	if (!c)
		return XDP_ABORTED;
	bpf_spin_lock(&c->lock);
	c->packets++;
	c->bytes += len;
	if (len > c->max_len)
		c->max_len = len;
	packets = c->packets;
	bpf_spin_unlock(&c->lock);
	__builtin_memcpy(p, &packets, 4);

	key = p[4] & 7;
	c = bpf_map_lookup_elem(&flows, &key);
	if (!c) {
		fresh.packets = 1;
		fresh.bytes = len;
		fresh.max_len = len;
		p[8] = bpf_map_update_elem(&flows, &key, &fresh, BPF_NOEXIST);
		return XDP_TX;
	}
	bpf_spin_lock(&c->lock);
	c->packets++;
	c->bytes += len;
	bytes = c->bytes;
	bpf_spin_unlock(&c->lock);
	__builtin_memcpy(p + 8, &bytes, 8);
	return XDP_TX;
}
