// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ktime_get_boot_ns.  Its value differs between runs, so only facts that
 * hold every time reach the output: boot time is monotonic time plus the
 * time spent suspended, so it is never behind a ktime_get_ns() read before
 * it; it does not go backwards; two reads are well within a second apart.
 */
#include "corpus.h"

SEC("xdp")
int helper_boot_ns(struct xdp_md *ctx)
{
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 4);
	__u64 m0, b0, b1;

	if (!p)
		return XDP_PASS;
	m0 = bpf_ktime_get_ns();
	b0 = bpf_ktime_get_boot_ns();
	b1 = bpf_ktime_get_boot_ns();
	p[0] = b0 >= m0;
	p[1] = b1 >= b0;
	p[2] = b0 != 0;
	p[3] = b1 - b0 < 1000000000;
	return XDP_TX;
}
