// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * redirect: frames whose first payload byte is odd are redirected to
 * interface 1 (on the card: its own port), the others pass.  The helper's
 * return value is the action.
 */
#include "corpus.h"

SEC("xdp")
int helper_redirect(struct xdp_md *ctx)
{
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 1);

	if (!p)
		return XDP_PASS;
	if (p[0] & 1)
		return bpf_redirect(1, 0);
	return XDP_PASS;
}
