// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A loop of known trip count for the xnic-cc --profile test
 * (test_xnic_cc_profile.py): the line marked profile-loop-body runs
 * PROFILE_TRIPS times per packet, so every card instruction under it
 * counts PROFILE_TRIPS x packets.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define PROFILE_TRIPS 37

SEC("xdp")
int profile_loop(struct xdp_md *ctx)
{
	__u32 acc = ctx->data_end - ctx->data;

#pragma nounroll
	for (__u32 i = 0; i < PROFILE_TRIPS; i++) {
		acc = acc * 31 + i; asm volatile("" : "+r"(acc)); /* profile-loop-body */
	}
	return acc == 12345 ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
