// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * map_lookup_elem on a DEVMAP and a DEVMAP_HASH (6.1 gives the program the
 * entry's struct bpf_devmap_val, read-only).  tests/diff/entries: the
 * DEVMAP's keys 0 and 2 and the DEVMAP_HASH's keys 5 and 9 hold the
 * loopback (ifindex 1), the hash entries without a program (id 0).  Keys
 * from the frame: present, missing and past max_entries; constant keys
 * too.  What each lookup finds (ifindex, program id, or 0xee for NULL)
 * goes into the frame, then the DEVMAP's entry is the redirect target.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} dm_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} dm_hash SEC(".maps");

SEC("xdp")
int helper_devmap_lookup(struct xdp_md *ctx)
{
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 24);
	struct bpf_devmap_val *hv;
	__u32 k, hk, two = 2, three = 3;
	__u32 *v;

	if (!p)
		return XDP_PASS;
	k = p[20] & 7;
	hk = p[21] & 15;
	v = bpf_map_lookup_elem(&dm_ports, &k);
	p[0] = v ? *v : 0xee;
	v = bpf_map_lookup_elem(&dm_ports, &two);
	p[1] = v ? *v : 0xee;
	v = bpf_map_lookup_elem(&dm_ports, &three);
	p[2] = v ? *v : 0xee;
	hv = bpf_map_lookup_elem(&dm_hash, &hk);
	p[3] = hv ? hv->ifindex : 0xee;
	p[4] = hv ? hv->bpf_prog.id : 0xee;
	hv = bpf_map_lookup_elem(&dm_hash, &three);
	p[5] = hv ? hv->ifindex : 0xee;
	if (p[22] & 1)
		return bpf_redirect_map(&dm_ports, k, XDP_TX);
	return XDP_TX;
}
