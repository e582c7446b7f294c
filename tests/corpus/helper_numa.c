// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * get_numa_node_id.  Which node a host CPU belongs to depends on the
 * machine, so only facts that hold on every one reach the output: a node
 * number is neither negative nor beyond MAX_NUMNODES (1 << 10, the pinned
 * guest's NODES_SHIFT), and two reads on one CPU agree.
 */
#include "corpus.h"

SEC("xdp")
int helper_numa(struct xdp_md *ctx)
{
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 4);
	long n0, n1;

	if (!p)
		return XDP_PASS;
	n0 = bpf_get_numa_node_id();
	n1 = bpf_get_numa_node_id();
	p[0] = n0 >= 0;
	p[1] = n0 < 1024;
	p[2] = n0 == n1;
	p[3] = (__u64)n0 >> 32 == 0;
	return XDP_TX;
}
