// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A program no kernel loads: it calls a helper id far past the last one
 * Linux defines (__BPF_FUNC_MAX_ID).  It exists to test the skip path: the
 * differential suites must report it as a SKIP naming the host kernel and its
 * verifier's error, never as a pass or a failure (docs/testing.md, "When the
 * host kernel refuses a program"), and the guest comparison lists it as an
 * expected refusal in both modes.
 */
#include "corpus.h"

static long (*const corpus_no_such_helper)(void *ctx) = (void *)4000;

SEC("xdp")
int unknown_helper(struct xdp_md *ctx)
{
	return corpus_no_such_helper(ctx) ? XDP_DROP : XDP_PASS;
}
