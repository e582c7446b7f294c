// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Maps of maps: an ARRAY_OF_MAPS of arrays (slots 0 and 3 hold inner_a, 1
 * inner_b, 2 is empty) and a HASH_OF_MAPS of hash maps (keys 1 and 2
 * hold inner_h1 and inner_h2), initialised by the object (libbpf's
 * `values`).  Per frame: an outer index and key from the frame (0..5:
 * present, empty, past max_entries), the inner map it names bumps a
 * counter (lookup, then update, so both operations meet the inner map),
 * past its end -E2BIG, a delete -EINVAL; the hash side inserts (NOEXIST:
 * -EEXIST when present), looks up and deletes keys of its inner map (a
 * missing key gives -ENOENT).
 * Results, the lookups' NULLs among them, go into the frame.
 */
#include "corpus.h"

struct inner_arr {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct inner_hash {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} inner_h1 SEC(".maps"), inner_h2 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner_arr);
} outer_arr SEC(".maps") = {
	.values = { [0] = &inner_a, [1] = &inner_b, [3] = &inner_a },
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner_hash);
} outer_hash SEC(".maps") = {
	.values = { [1] = &inner_h1, [2] = &inner_h2 },
};

#define MIM_OPS	24

SEC("xdp")
int helper_map_in_map(struct xdp_md *ctx)
{
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, MIM_OPS);
	__u32 outer, key, hkey;
	__u64 *v, one = 1;
	void *inner;
	long r;

	if (!p)
		return XDP_PASS;
	outer = p[20] % 6;
	key = p[21] % 6;
	hkey = p[22] & 7;
	inner = bpf_map_lookup_elem(&outer_arr, &outer);
	p[0] = inner != 0;
	if (inner) {
		v = bpf_map_lookup_elem(inner, &key);
		p[1] = v != 0;
		if (v) {
			one = *v + 1;
			p[2] = one;
		}
		r = bpf_map_update_elem(inner, &key, &one, BPF_ANY);
		p[3] = r;
		r = bpf_map_delete_elem(inner, &key);	/* arrays: -EINVAL */
		p[4] = r;
	}
	inner = bpf_map_lookup_elem(&outer_hash, &outer);
	p[5] = inner != 0;
	if (inner) {
		r = bpf_map_update_elem(inner, &hkey, &one, BPF_NOEXIST);
		p[6] = r;
		v = bpf_map_lookup_elem(inner, &hkey);
		p[7] = v ? *v : 0xff;
		if (hkey & 4) {
			r = bpf_map_delete_elem(inner, &hkey);
			p[8] = r;
		}
		r = bpf_map_delete_elem(inner, &key);	/* often missing: -ENOENT */
		p[9] = r;
	}
	return XDP_TX;
}
