// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Example XDP program for offload (`make run` attaches it with
 * `ip link set dev eth0 xdpoffload obj drop_odd_ping.o sec xdp`): ICMP echo
 * replies with an odd sequence number are dropped, everything else passes,
 * so `ping -c 6` gets replies 0, 2 and 4 and the card counts three drops.
 * The map `replies` (on the card) counts the echo replies seen by parity:
 * `bpftool map dump name replies` reads it live.  It gives sizes, not
 * BTF types: the kernel refuses BTF on offloaded maps (docs/driver.md
 * "Offloaded maps"), and libbpf would warn before retrying without it.
 * Build: clang -O2 -g -target bpf -c drop_odd_ping.c -o drop_odd_ping.o
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

#define ICMP_ECHOREPLY	0

/* linux/icmp.h would pull in the C library's socket headers */
struct echo_hdr {
	__u8 type;
	__u8 code;
	__u16 checksum;
	__u16 id;
	__u16 sequence;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);		/* 0: even sequence numbers, 1: odd */
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u64));
} replies SEC(".maps");

SEC("xdp")
int drop_odd_ping(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct echo_hdr *icmp = (void *)(ip + 1);

	if ((void *)(icmp + 1) > end)
		return XDP_PASS;
	if (eth->h_proto != __builtin_bswap16(ETH_P_IP) || ip->ihl != 5 ||
	    ip->protocol != IPPROTO_ICMP || icmp->type != ICMP_ECHOREPLY)
		return XDP_PASS;
	__u32 odd = __builtin_bswap16(icmp->sequence) & 1;
	__u64 *seen = bpf_map_lookup_elem(&replies, &odd);

	if (seen)
		__sync_fetch_and_add(seen, 1);
	return odd ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
