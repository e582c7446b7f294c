// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A program whose output differs between native XDP and the card by
 * nature (docs/verdict-ci.md "Limits"): it writes bpf_ktime_get_ns() into
 * the frame's source MAC, the guest's monotonic clock natively and the
 * microengine's cycle counter on the card, which never meet.
 * tests/guest/host-verdict.sh uses it to prove that xnic-verdict reports
 * differences and exits 1.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int ktime(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u64 now = bpf_ktime_get_ns();

	if (data + 14 > (unsigned char *)end)
		return XDP_DROP;
	__builtin_memcpy(data + 6, &now, 6);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
