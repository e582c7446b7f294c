// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ktime_get_ns, get_prandom_u32 and get_smp_processor_id.  Their values
 * differ between runs, so only facts that hold every time reach the output:
 * time does not go backwards, the CPU number is small, a random number's
 * bit count is at most 32.
 */
#include "corpus.h"

SEC("xdp")
int helper_misc(struct xdp_md *ctx)
{
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 4);
	__u64 t0, t1;
	__u32 r, bits = 0, cpu;
	int i;

	if (!p)
		return XDP_PASS;
	t0 = bpf_ktime_get_ns();
	r = bpf_get_prandom_u32();
	cpu = bpf_get_smp_processor_id();
	t1 = bpf_ktime_get_ns();
#pragma clang loop unroll(disable)
	for (i = 0; i < 32; i++)
		bits += (r >> i) & 1;
	p[0] = t1 >= t0;
	p[1] = bits <= 32;
	p[2] = cpu < 4096;
	p[3] = t0 != 0;
	return XDP_TX;
}
