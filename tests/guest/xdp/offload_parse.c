// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Offload test program (tests/guest/offload.sh): no maps, packet, stack
 * and context accesses, and a branch only the verifier can prove dead (the
 * empty asm hides the constant from clang), so the verifier's dead-code
 * rewrites reach the driver's replace_insn and remove_insns hooks.
 * UDP/IPv4 frames whose first payload byte is 0 are aborted, 1 dropped, 3
 * sent back with the MACs swapped, 4 redirected to the port they came in
 * on (the card transmits them unchanged); everything else passes.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>

#define PAYLOAD_OFF	(sizeof(struct ethhdr) + sizeof(struct iphdr) + \
			 sizeof(struct udphdr))

static __always_inline void swap_macs(unsigned char *eth)
{
	unsigned char tmp[ETH_ALEN];

	__builtin_memcpy(tmp, eth, ETH_ALEN);
	__builtin_memcpy(eth, eth + ETH_ALEN, ETH_ALEN);
	__builtin_memcpy(eth + ETH_ALEN, tmp, ETH_ALEN);
}

SEC("xdp")
int offload_parse(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)data;
	struct iphdr *ip = (void *)(eth + 1);
	__u32 never = 5;

	asm volatile("" : "+r"(never));
	if (never > 10)		/* dead: its own code, removed by the verifier */
		return ctx->rx_queue_index * 3 + 7;
	if (data + PAYLOAD_OFF + 1 > end)
		return XDP_PASS;
	if (eth->h_proto != __builtin_bswap16(ETH_P_IP) || ip->ihl != 5 ||
	    ip->protocol != IPPROTO_UDP)
		return XDP_PASS;
	switch (data[PAYLOAD_OFF]) {
	case 0:
		return XDP_ABORTED;
	case 1:
		return XDP_DROP;
	case 3:
		swap_macs(data);
		return XDP_TX;
	case 4:
		return bpf_redirect(ctx->ingress_ifindex, 0);
	default:
		return XDP_PASS;
	}
}

char _license[] SEC("license") = "GPL";
