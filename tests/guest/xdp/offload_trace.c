// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Offload test program (tests/guest/offload-helpers.sh): bpf_trace_printk
 * of "xnic <frame length> <IPv4 source>" once per frame (%pI4 of a stack
 * copy of the packet's source address, 0.0.0.0 for a frame without one), with a
 * format built by constant stores on the stack (6.1 gives an offloaded
 * program no .rodata: no direct value access on offloaded maps, and libbpf
 * creates a map for any .rodata section the object has).  An offloaded
 * array keeps what was printed, for the test to compare with the "xnic"
 * trace instance: seen[0] lines, seen[1] the sum of the lengths printed.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__uint(key_size, sizeof(__u32));	/* no BTF: docs/driver.md "Offloaded maps" */
	__uint(value_size, sizeof(__u64));
} seen SEC(".maps");

static void add(__u32 key, __u64 value)
{
	__u64 *v = bpf_map_lookup_elem(&seen, &key);

	if (v)
		__sync_fetch_and_add(v, value);
}

SEC("xdp")
int offload_trace(struct xdp_md *ctx)
{
	/* "xnic %u %pI4\n" stored as numbers: a string would leave a .rodata section */
	char fmt[16];
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u32 len = end - data, saddr = 0;

	/* an IPv4 header after a plain Ethernet header: its source at 26 */
	if (data + 34 <= end && *(__u16 *)(data + 12) == __builtin_bswap16(0x0800))
		saddr = *(__u32 *)(data + 26);
	*(__u64 *)fmt = 0x2075252063696e78ULL;
	*(__u64 *)(fmt + 8) = 0x0a34497025ULL;
	bpf_trace_printk(fmt, 14, len, &saddr);
	add(0, 1);
	add(1, len);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
