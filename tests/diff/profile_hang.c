// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A program the card cannot finish: bpf_loop over 2^22 steps is valid eBPF
 * (the kernel allows 2^23) but runs far past the card's watchdog (1,000,000
 * cycles per frame, docs/isa.md 6.2), so xnic-cc --profile exits 5
 * (test_xnic_cc_profile.py).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static int profile_hang_step(__u32 i, void *acc)
{
	*(__u32 *)acc += i;
	return 0;
}

SEC("xdp")
int profile_hang(struct xdp_md *ctx)
{
	__u32 acc = 0;

	bpf_loop(1 << 22, profile_hang_step, &acc, 0);
	return acc ? XDP_PASS : XDP_DROP;
}

char _license[] SEC("license") = "GPL";
