// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A program whose output differs between native XDP and the card by
 * design (docs/verdict-ci.md "Limits"): it writes ctx->ingress_ifindex
 * into the frame's first source MAC byte.  Natively that is the guest
 * interface's index, on the card 1.  tests/guest/host-verdict.sh uses it
 * to prove that xnic-verdict reports differences and exits 1.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int ingress_ifindex(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 14 > (unsigned char *)end)
		return XDP_DROP;
	data[6] = ctx->ingress_ifindex;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
