// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * csum_diff: the checksum of the first 20 bytes after the Ethernet header
 * (from nothing), and the update for changing 4 bytes of it, folded to 16
 * bits and written into the frame.  Only folded values reach the output:
 * the unfolded 32-bit result differs between kernels (6.1 on x86 returns
 * csum_partial's 32-bit sum, newer kernels fold it to 16 bits), while its
 * fold is the same.
 */
#include "corpus.h"

static __always_inline __u16 csum_fold(__u64 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

SEC("xdp")
int helper_csum(struct xdp_md *ctx)
{
	__u32 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 32);
	__u32 from, to;
	__s64 full, diff;

	if (!p)
		return XDP_PASS;
	full = bpf_csum_diff(0, 0, p, 20, 0);
	from = p[3];
	to = from ^ 0x01020304;
	diff = bpf_csum_diff(&from, 4, &to, 4, (__u32)full);
	if (full < 0 || diff < 0)
		return XDP_ABORTED;
	p[5] = csum_fold((__u64)full);
	p[6] = csum_fold((__u64)diff);
	p[7] = csum_fold((__u64)full + 0x12345);
	return XDP_TX;
}
