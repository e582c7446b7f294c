// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Offload test program (tests/guest/offload-helpers.sh): a counter under
 * bpf_spin_lock in an array value.  The card runs it (xnic-cc), but 6.1
 * cannot offload it: a spin lock needs the map's BTF and 6.1 gives
 * offloaded maps none.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct locked {
	struct bpf_spin_lock lock;
	__u64 frames;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct locked);
} counter SEC(".maps");

SEC("xdp")
int offload_spinlock(struct xdp_md *ctx)
{
	__u32 key = 0;
	struct locked *v = bpf_map_lookup_elem(&counter, &key);

	if (v) {
		bpf_spin_lock(&v->lock);
		v->frames++;
		bpf_spin_unlock(&v->lock);
	}
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
