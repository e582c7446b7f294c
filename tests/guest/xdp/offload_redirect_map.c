// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Offload test program (tests/guest/offload-helpers.sh): bpf_redirect_map
 * through a DEVMAP, PASS when the slot is empty.  The card runs it
 * (xnic-cc), but 6.1 offloads only ARRAY and HASH maps.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} ports SEC(".maps");

SEC("xdp")
int offload_redirect_map(struct xdp_md *ctx)
{
	return bpf_redirect_map(&ports, 0, XDP_PASS);
}

char _license[] SEC("license") = "GPL";
