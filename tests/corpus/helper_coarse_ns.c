// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ktime_get_coarse_ns.  Its value differs between runs, so only facts that
 * hold every time reach the output: the coarse clock is the monotonic clock
 * as the last tick left it, so it is never ahead of a ktime_get_ns() read
 * after it, and not far behind one (a tick is at most 10 ms for any HZ from
 * 100 on; the bound is a second); it does not go backwards.  It may be 0
 * (before the first tick: the card's clock starts when the card does).
 */
#include "corpus.h"

SEC("xdp")
int helper_coarse_ns(struct xdp_md *ctx)
{
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 4);
	__u64 c0, m0, c1, m1;

	if (!p)
		return XDP_PASS;
	c0 = bpf_ktime_get_coarse_ns();
	m0 = bpf_ktime_get_ns();
	c1 = bpf_ktime_get_coarse_ns();
	m1 = bpf_ktime_get_ns();
	p[0] = c0 <= m0;
	p[1] = c1 >= c0;
	p[2] = c1 <= m1;
	p[3] = m0 - c0 < 1000000000;
	return XDP_TX;
}
