// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The XDP metadata kfuncs in a device-bound program (tests/guest/
 * host-xdp-hints.sh): for every test frame - source MAC 02:00:00:00:00:NN
 * - it keeps what bpf_xdp_metadata_rx_hash, _rx_vlan_tag and
 * _rx_timestamp returned in hints[NN], and drops the frame.  Other frames
 * pass.  Loads only on Linux 6.8+, with bpftool's xdpmeta_dev.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

/* include/net/xdp.h's, which is not UAPI */
enum xdp_rss_hash_type {
	XDP_RSS_TYPE_NONE = 0,
};

extern int bpf_xdp_metadata_rx_hash(const struct xdp_md *ctx, __u32 *hash,
				    enum xdp_rss_hash_type *rss_type) __ksym;
extern int bpf_xdp_metadata_rx_vlan_tag(const struct xdp_md *ctx,
					__be16 *vlan_proto,
					__u16 *vlan_tci) __ksym;
extern int bpf_xdp_metadata_rx_timestamp(const struct xdp_md *ctx,
					 __u64 *timestamp) __ksym;

#define HINTS_MAX	32

/* What the kfuncs returned for one frame; an error leaves its value 0 */
struct hint {
	__u32 seen;		/* frames with this number */
	__s32 hash_err;
	__u32 hash;
	__u32 rss_type;
	__s32 vlan_err;
	__u16 vlan_proto;	/* network order */
	__u16 vlan_tci;
	__s32 ts_err;
	__u32 pad;
	__u64 ts;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, HINTS_MAX);
	__type(key, __u32);
	__type(value, struct hint);
} hints SEC(".maps");

static const unsigned char test_src[5] = { 0x02, 0, 0, 0, 0 };

SEC("xdp")
int xdp_hints(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;
	enum xdp_rss_hash_type type = XDP_RSS_TYPE_NONE;
	struct hint *h;
	__u32 key;
	int i;

	if (data + ETH_HLEN > end)
		return XDP_PASS;
	for (i = 0; i < 5; i++)
		if (data[ETH_ALEN + i] != test_src[i])
			return XDP_PASS;
	key = data[ETH_ALEN + 5] % HINTS_MAX;
	h = bpf_map_lookup_elem(&hints, &key);
	if (!h)
		return XDP_PASS;
	h->seen++;
	h->hash_err = bpf_xdp_metadata_rx_hash(ctx, &h->hash, &type);
	h->rss_type = type;
	h->vlan_err = bpf_xdp_metadata_rx_vlan_tag(ctx, &h->vlan_proto,
						   &h->vlan_tci);
	h->ts_err = bpf_xdp_metadata_rx_timestamp(ctx, &h->ts);
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
