// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Multi-buffer XDP (tests/guest/host-frags.sh, docs/driver.md "XDP
 * multi-buffer"): every frame of the corpus (tests/guest/frags-corpus.py)
 * is FRAGS_LEN bytes, more than one RX buffer, so the program sees it in
 * fragments.  It checks the whole length and bytes read from a fragment,
 * then does what the frame's action byte says; anything unexpected is
 * XDP_ABORTED, which the test counts as a failure.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* The corpus's layout, also in frags-corpus.py */
#define FRAGS_LEN		9000
#define FRAGS_ACTION_OFF	42	/* first UDP payload byte */
#define FRAGS_PROBE_OFF		8000	/* past the first RX buffer */
#define FRAGS_TAIL_DELTA	100
#define FRAGS_MARKER		0x47415246	/* "FRAG" in memory order */

enum frags_action {
	FRAGS_PASS,
	FRAGS_DROP,
	FRAGS_TX,
	FRAGS_REWRITE,	/* marker stored in a fragment, tail trimmed, TX */
	FRAGS_GROW,	/* tail grown into the last fragment's room, TX */
};

/* Payload byte at frame offset @off */
static __always_inline __u8 frags_pattern(__u32 off)
{
	return off * 7;
}

SEC("xdp.frags")
int xdp_frags(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	__u32 marker = FRAGS_MARKER;
	__u8 probe[4];
	int i;

	if (data + FRAGS_ACTION_OFF + 1 > data_end)
		return XDP_ABORTED;
	if (bpf_xdp_get_buff_len(ctx) != FRAGS_LEN)
		return XDP_ABORTED;
	if (bpf_xdp_load_bytes(ctx, FRAGS_PROBE_OFF, probe, sizeof(probe)))
		return XDP_ABORTED;
	for (i = 0; i < sizeof(probe); i++)
		if (probe[i] != frags_pattern(FRAGS_PROBE_OFF + i))
			return XDP_ABORTED;
	switch (((__u8 *)data)[FRAGS_ACTION_OFF]) {
	case FRAGS_PASS:
		return XDP_PASS;
	case FRAGS_DROP:
		return XDP_DROP;
	case FRAGS_TX:
		return XDP_TX;
	case FRAGS_REWRITE:
		if (bpf_xdp_store_bytes(ctx, FRAGS_PROBE_OFF, &marker,
					sizeof(marker)) ||
		    bpf_xdp_adjust_tail(ctx, -FRAGS_TAIL_DELTA))
			return XDP_ABORTED;
		return XDP_TX;
	case FRAGS_GROW:
		if (bpf_xdp_adjust_tail(ctx, FRAGS_TAIL_DELTA) ||
		    bpf_xdp_get_buff_len(ctx) != FRAGS_LEN + FRAGS_TAIL_DELTA)
			return XDP_ABORTED;
		return XDP_TX;
	}
	return XDP_ABORTED;
}

char _license[] SEC("license") = "GPL";
