// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * jiffies64.  Its value differs between runs, so only facts that hold every
 * time reach the output: jiffies count from INITIAL_JIFFIES, (u32)(-300 *
 * HZ), at least 2^32 - 300000 for any HZ up to 1000; they do not go
 * backwards; two reads a few instructions apart are at most a few ticks
 * apart (a tick is at least a millisecond), which a counter of nanoseconds
 * or cycles would not be.
 */
#include "corpus.h"

SEC("xdp")
int helper_jiffies(struct xdp_md *ctx)
{
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 3);
	__u64 j0, j1;

	if (!p)
		return XDP_PASS;
	j0 = bpf_jiffies64();
	j1 = bpf_jiffies64();
	p[0] = j0 >= 4294967296ULL - 300000;
	p[1] = j1 >= j0;
	p[2] = j1 - j0 <= 10;
	return XDP_TX;
}
