/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The selector of the guest tests' frames (tests/guest/xdp-corpus.py,
 * xsk-corpus.py): broadcast IPv4/UDP frames whose first UDP payload byte
 * says what the program is to do with them.
 */
#ifndef SELECTOR_H
#define SELECTOR_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>

#define PAYLOAD_OFF	(sizeof(struct ethhdr) + sizeof(struct iphdr) + \
			 sizeof(struct udphdr))

/* The selector byte, or -1 for frames that are not the test's UDP frames */
static __always_inline int selector(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	__u8 *payload = data + PAYLOAD_OFF;

	if (payload + 1 > (__u8 *)end)
		return -1;
	if (eth->h_proto != __constant_htons(ETH_P_IP) || ip->ihl != 5 ||
	    ip->protocol != IPPROTO_UDP)
		return -1;
	return payload[0];
}

#endif /* SELECTOR_H */
