// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test runs and the card's profile in the guest (tests/guest/testrun.sh):
 * a loop of known trip count, whose line marked testrun-loop-body runs
 * TESTRUN_TRIPS times per frame, a counter of frames in an array (a map
 * side effect a test run must make), and a verdict the frame chooses:
 * frames of xnic-wire's test EtherType 0x88b5 go back out (XDP_TX) with
 * their first byte set to 0x02, others pass.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define TESTRUN_TRIPS 37

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} runs SEC(".maps");

SEC("xdp")
int testrun_loop(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 acc = end - data, key = 0;
	__u64 *n;

#pragma nounroll
	for (__u32 i = 0; i < TESTRUN_TRIPS; i++) {
		acc = acc * 31 + i; asm volatile("" : "+r"(acc)); /* testrun-loop-body */
	}
	n = bpf_map_lookup_elem(&runs, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	if ((void *)(eth + 1) > end || acc == 12345)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(0x88b5))
		return XDP_PASS;
	eth->h_dest[0] = 0x02;
	return XDP_TX;
}

char _license[] SEC("license") = "GPL";
