// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * LD_IMM64: 64-bit constants, a map reference (BPF_PSEUDO_MAP_FD) and global
 * data, which libbpf turns into map-value relocations (BPF_PSEUDO_MAP_VALUE).
 */
#include "corpus.h"

/* .data and .bss become single-entry array maps */
__u64 ldimm64_counter = 0x1000;
__u32 ldimm64_seen;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} ldimm64_map SEC(".maps");

SEC("xdp")
int ldimm64(struct xdp_md *ctx)
{
	__u64 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 64);
	__u32 key = 1;
	__u64 *v;

	if (!p)
		return XDP_PASS;
	p[0] = CORPUS_OPAQUE(0x0123456789abcdefull) ^ p[0];
	p[1] = CORPUS_OPAQUE(0xffffffff00000001ull) + p[1];
	p[2] = CORPUS_OPAQUE(0x8000000000000000ull) | p[2];
	ldimm64_counter += p[3] & 0xff;
	ldimm64_seen++;
	p[3] = ldimm64_counter;
	v = bpf_map_lookup_elem(&ldimm64_map, &key);
	if (v)
		*v += 3;
	return XDP_TX;
}
