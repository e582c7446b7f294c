// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Offloaded maps test program (tests/guest/offload-maps.sh): IPv4 frames
 * get the verdict the hash map `verdicts` holds for their source address;
 * an address not in it is added with XDP_PASS (BPF_NOEXIST), so the map
 * fills from the traffic and bpftool can change a sender's fate.  Every
 * verdict is counted in the array `counts`, indexed by action.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 5);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u32);
} verdicts SEC(".maps");

static __always_inline __u32 verdict_of(__u32 saddr)
{
	__u32 pass = XDP_PASS, *v;

	v = bpf_map_lookup_elem(&verdicts, &saddr);
	if (!v) {
		bpf_map_update_elem(&verdicts, &saddr, &pass, BPF_NOEXIST);
		return XDP_PASS;
	}
	return *v == XDP_DROP ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int offload_maps(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	__u32 action = XDP_PASS;
	__u64 *count;

	if ((void *)(ip + 1) <= end &&
	    eth->h_proto == __builtin_bswap16(ETH_P_IP))
		action = verdict_of(ip->saddr);
	count = bpf_map_lookup_elem(&counts, &action);
	if (count)
		__sync_fetch_and_add(count, 1);
	return action;
}

char _license[] SEC("license") = "GPL";
