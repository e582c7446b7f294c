// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xdp_adjust_head both ways: frames with a VLAN tag lose it (the MAC
 * addresses move 4 bytes in), others get one pushed with VLAN id 42.
 */
#include "corpus.h"

#define ETH_P_8021Q_BE	bpf_htons(0x8100)

SEC("xdp")
int helper_adjust_head(struct xdp_md *ctx)
{
	struct ethhdr *eth = CORPUS_WINDOW(ctx, 0, sizeof(*eth) + 4);
	__u8 macs[12];
	__u16 *tag;

	if (!eth)
		return XDP_DROP;
	__builtin_memcpy(macs, eth, 12);
	if (eth->h_proto == ETH_P_8021Q_BE) {
		if (bpf_xdp_adjust_head(ctx, 4))
			return XDP_ABORTED;
		eth = CORPUS_WINDOW(ctx, 0, sizeof(*eth));
		if (!eth)
			return XDP_ABORTED;
		__builtin_memcpy(eth, macs, 12);
		return XDP_TX;
	}
	if (bpf_xdp_adjust_head(ctx, -4))
		return XDP_ABORTED;
	eth = CORPUS_WINDOW(ctx, 0, sizeof(*eth) + 4);
	if (!eth)
		return XDP_ABORTED;
	__builtin_memcpy(eth, macs, 12);
	tag = (__u16 *)((__u8 *)eth + 12);
	tag[0] = ETH_P_8021Q_BE;
	tag[1] = bpf_htons(42);
	return XDP_TX;
}
