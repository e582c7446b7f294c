// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The offloaded program of the AF_XDP tests (tests/guest/host-xsk.sh): on
 * the card it drops the test's UDP frames whose selector (first payload
 * byte, tests/guest/xsk-corpus.py) is odd and passes the rest, which the
 * native xsk_redirect.c then sends to an AF_XDP socket.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>

#define PAYLOAD_OFF	(sizeof(struct ethhdr) + sizeof(struct iphdr) + \
			 sizeof(struct udphdr))

SEC("xdp")
int xsk_offload(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	__u8 *payload = data + PAYLOAD_OFF;

	if (payload + 1 > (__u8 *)end)
		return XDP_PASS;
	if (eth->h_proto != __constant_htons(ETH_P_IP) || ip->ihl != 5 ||
	    ip->protocol != IPPROTO_UDP)
		return XDP_PASS;
	return payload[0] & 1 ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
