// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The offloaded program of the AF_XDP tests (tests/guest/host-xsk.sh): on
 * the card it drops the test's UDP frames whose selector (first payload
 * byte, tests/guest/xsk-corpus.py) is odd and passes the rest, which the
 * native xsk_redirect.c then sends to an AF_XDP socket.
 */
#include "selector.h"

SEC("xdp")
int xsk_offload(struct xdp_md *ctx)
{
	int sel = selector(ctx);

	return sel >= 0 && (sel & 1) ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
