// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tc ingress program of tests/guest/host-skb-meta.sh: for every test
 * frame - source MAC 02:00:00:00:00:NN - it keeps skb->hash as the driver
 * set it in hashes[NN].  The field is read as it is, never recomputed (the
 * bpf_get_hash_recalc helper would put the flow dissector's hash in place
 * of a missing or L3-only one).  Every frame continues (TC_ACT_OK).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#define HASHES_MAX	32

struct skb_hash {
	__u32 seen;		/* frames with this number */
	__u32 hash;		/* skb->hash of the last one */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, HASHES_MAX);
	__type(key, __u32);
	__type(value, struct skb_hash);
} hashes SEC(".maps");

static const unsigned char test_src[5] = { 0x02, 0, 0, 0, 0 };

SEC("tc")
int tc_hints(struct __sk_buff *skb)
{
	unsigned char *data = (void *)(long)skb->data;
	unsigned char *end = (void *)(long)skb->data_end;
	struct skb_hash *h;
	__u32 key;
	int i;

	if (data + ETH_HLEN > end)
		return TC_ACT_OK;
	for (i = 0; i < 5; i++)
		if (data[ETH_ALEN + i] != test_src[i])
			return TC_ACT_OK;
	key = data[ETH_ALEN + 5] % HASHES_MAX;
	h = bpf_map_lookup_elem(&hashes, &key);
	if (!h)
		return TC_ACT_OK;
	h->seen++;
	h->hash = skb->hash;
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
