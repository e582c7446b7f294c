// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The work of the kernel's samples/bpf xdp1 (the program hXDP and Netronome
 * quote drop rates for), written for docs/performance.md: parse Ethernet
 * with up to two VLAN tags, take the IPv4 protocol or IPv6 next header,
 * count the frame under it in a per-CPU array, drop it.
 *   xnic-cc xdp1_drop.o --pcap FILE --model     # modelled card rate
 * The guest's 6.1 kernel does not offload per-CPU maps; the host tool
 * runs it on the emulator.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define ETH_P_8021Q_BE	bpf_htons(0x8100)
#define ETH_P_8021AD_BE	bpf_htons(0x88a8)

struct vlan_tag {
	__be16 tci;
	__be16 proto;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} xdp1_protocols SEC(".maps");

/* The EtherType after up to two VLAN tags; *off moves past them. */
static __always_inline __be16 xdp1_ethertype(void *data, void *end, __u64 *off)
{
	struct ethhdr *eth = data;
	__be16 proto;
	int i;

	if ((void *)(eth + 1) > end)
		return 0;
	proto = eth->h_proto;
	*off = sizeof(*eth);
#pragma unroll
	for (i = 0; i < 2; i++) {
		struct vlan_tag *tag = data + *off;

		if (proto != ETH_P_8021Q_BE && proto != ETH_P_8021AD_BE)
			break;
		if ((void *)(tag + 1) > end)
			return 0;
		proto = tag->proto;
		*off += sizeof(*tag);
	}
	return proto;
}

SEC("xdp")
int xdp1_drop(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u64 off = 0, *count;
	__be16 proto = xdp1_ethertype(data, end, &off);
	__u32 key = 0;

	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = data + off;

		if ((void *)(ip + 1) <= end)
			key = ip->protocol;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = data + off;

		if ((void *)(ip6 + 1) <= end)
			key = ip6->nexthdr;
	}
	count = bpf_map_lookup_elem(&xdp1_protocols, &key);
	if (count)
		*count += 1;
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
