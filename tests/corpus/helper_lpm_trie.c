// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * map_lookup/update/delete_elem on an LPM trie with overlapping prefixes
 * (tests/diff/entries/helper_lpm_trie.entries: /0, /8, /16, /24 and /32
 * nested in 10.0.0.0/8, a /20 ending inside a byte, 172.16.0.0/12; the
 * program adds /24s and a /16 over them in 10.9.0.0).  The
 * address looked up comes from the frame's length and bytes, so frames hit
 * every level (the /0 takes the rest); the frame gets the values found with prefixlen 32,
 * 20 and 33 (past the data: no match), and the results of inserting a /24
 * or the /16 (either found through a /32 lookup), deleting another one (present or
 * not), deleting a /25 that only longer-prefix-matches, and updates with a
 * prefixlen past the data and with a bad flag.  The trie never fills: 6.1
 * and later kernels differ for a full trie and for BPF_NOEXIST/BPF_EXIST
 * (docs/compiler.md, "LPM tries").
 */
#include "corpus.h"

struct lpm_key {
	__u32 prefixlen;
	__u8 addr[4];
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 32);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct lpm_key);
	__type(value, __u64);
} helper_lpm_map SEC(".maps");

static __u32 lpm_find(struct lpm_key *key)
{
	__u64 *v = bpf_map_lookup_elem(&helper_lpm_map, key);

	return v ? (__u32)*v : 0;
}

SEC("xdp")
int helper_lpm_trie(struct xdp_md *ctx)
{
	__u32 *out = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 40);
	__u32 len = ctx->data_end - ctx->data;
	__u8 *b = (__u8 *)out;
	struct lpm_key key = { 32 }, net = { 24, { 10, 9 } };
	__u64 val = len;

	if (!out)
		return XDP_PASS;
	key.addr[0] = len % 3 == 0 ? 10 : len % 3 == 1 ? 172 : 192;
	key.addr[1] = len & 4 ? 1 : 16 + ((len >> 3) & 15);
	key.addr[2] = b[0] & 1 ? 2 : b[0] & 2 ? 16 + ((b[0] >> 2) & 15) : 5;
	key.addr[3] = b[0] & 2 ? 3 : b[1];
	out[0] = lpm_find(&key);
	key.prefixlen = 20;
	out[1] = lpm_find(&key);
	key.prefixlen = 33;
	out[2] = lpm_find(&key);
	net.prefixlen = len & 8 ? 16 : 24;	/* a /16 after /24s inside it */
	net.addr[2] = len & 7;
	net.addr[3] = b[2];	/* past the prefix: kept, as the kernel keeps it */
	out[3] = bpf_map_update_elem(&helper_lpm_map, &net, &val, BPF_ANY);
	key.prefixlen = 32;
	__builtin_memcpy(key.addr, net.addr, 3);
	out[4] = lpm_find(&key);
	net.prefixlen = 24;
	net.addr[2] = (len + 3) & 7;
	out[5] = bpf_map_delete_elem(&helper_lpm_map, &net);
	net.prefixlen = 25;
	net.addr[1] = 0;
	out[6] = bpf_map_delete_elem(&helper_lpm_map, &net);
	net.prefixlen = 33;
	out[7] = bpf_map_update_elem(&helper_lpm_map, &net, &val, BPF_ANY);
	net.prefixlen = 24;
	out[8] = bpf_map_update_elem(&helper_lpm_map, &net, &val, BPF_EXIST + 1);
	return XDP_PASS;
}
