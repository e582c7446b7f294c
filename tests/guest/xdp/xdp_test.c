// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * XDP program of the guest XDP tests (tests/guest/host-xdp.sh).  Frames
 * are IPv4/UDP; the first UDP payload byte selects what happens, so that
 * one corpus exercises every action, and tests/guest/xdp-corpus.py
 * computes the expected output bytes of each:
 *   0 ABORTED
 *   1 DROP
 *   2 PASS, with 4 bytes of metadata (adjust_meta) and 2 bytes trimmed
 *     from the tail (adjust_tail)
 *   3 TX, MACs swapped and an 802.1Q tag (VID 100) pushed (adjust_head)
 *   4 REDIRECT through tx_port[0] (another device), with 4 bytes
 *     de ad be ef appended (adjust_tail)
 *   5 REDIRECT through cpu_map[1] (to the stack on CPU 1), unchanged
 *   6 REDIRECT to the AF_XDP socket of the RX queue in xsks, unchanged
 *   anything else: PASS unchanged
 */
#include "selector.h"

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} tx_port SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} cpu_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u32);
} xsks SEC(".maps");

#define META_MAGIC	0xc0ffee00u

static __always_inline int do_pass_meta(struct xdp_md *ctx)
{
	__u32 *meta;
	__u8 *data;

	if (bpf_xdp_adjust_meta(ctx, -(int)sizeof(*meta)))
		return XDP_ABORTED;
	meta = (void *)(long)ctx->data_meta;
	data = (void *)(long)ctx->data;
	if ((void *)(meta + 1) > (void *)data ||
	    data + PAYLOAD_OFF + 2 > (__u8 *)(long)ctx->data_end)
		return XDP_ABORTED;
	*meta = META_MAGIC | data[PAYLOAD_OFF + 1];
	if (bpf_xdp_adjust_tail(ctx, -2))
		return XDP_ABORTED;
	return XDP_PASS;
}

static __always_inline int do_tx_vlan(struct xdp_md *ctx)
{
	unsigned char mac[ETH_ALEN * 2];
	__u8 *data, *end;
	int i;

	if (bpf_xdp_adjust_head(ctx, -4))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + 18 > end)
		return XDP_ABORTED;
	/* The old MACs are now 4 bytes further on: swap them while moving */
	for (i = 0; i < ETH_ALEN; i++) {
		mac[i] = data[4 + ETH_ALEN + i];
		mac[ETH_ALEN + i] = data[4 + i];
	}
	for (i = 0; i < 2 * ETH_ALEN; i++)
		data[i] = mac[i];
	data[12] = 0x81;
	data[13] = 0x00;
	data[14] = 0x00;
	data[15] = 100;
	/* data[16..17] is the original EtherType, already in place */
	return XDP_TX;
}

static __always_inline int do_redirect_grow(struct xdp_md *ctx)
{
	static const __u8 tail[4] = { 0xde, 0xad, 0xbe, 0xef };
	__u32 len = bpf_xdp_get_buff_len(ctx);

	/* The verifier allows no arithmetic on data_end: store by offset */
	if (bpf_xdp_adjust_tail(ctx, sizeof(tail)) ||
	    bpf_xdp_store_bytes(ctx, len, (void *)tail, sizeof(tail)))
		return XDP_ABORTED;
	return bpf_redirect_map(&tx_port, 0, 0);
}

SEC("xdp")
int xdp_test(struct xdp_md *ctx)
{
	switch (selector(ctx)) {
	case 0:
		return XDP_ABORTED;
	case 1:
		return XDP_DROP;
	case 2:
		return do_pass_meta(ctx);
	case 3:
		return do_tx_vlan(ctx);
	case 4:
		return do_redirect_grow(ctx);
	case 5:
		return bpf_redirect_map(&cpu_map, 1, 0);
	case 6:
		return bpf_redirect_map(&xsks, ctx->rx_queue_index, XDP_DROP);
	default:
		return XDP_PASS;
	}
}

char _license[] SEC("license") = "GPL";
