// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Offload test program (tests/guest/offload-helpers.sh): per frame, a
 * bpf_perf_event_output record to a host PERF_EVENT_ARRAY (a magic word,
 * the frame's length, then its first 14 bytes), its return value and
 * bpf_ktime_get_coarse_ns() kept in an offloaded array:
 * state[0] records sent, state[1] the last error, state[2] the time.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define PERF_MAGIC	0x78636170	/* "pacx" little endian */

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__uint(key_size, sizeof(__u32));	/* no BTF: docs/driver.md "Offloaded maps" */
	__uint(value_size, sizeof(__u64));
} state SEC(".maps");

static void store(__u32 key, __u64 value, int add)
{
	__u64 *v = bpf_map_lookup_elem(&state, &key);

	if (!v)
		return;
	if (add)
		__sync_fetch_and_add(v, value);
	else
		*v = value;
}

SEC("xdp")
int offload_perf(struct xdp_md *ctx)
{
	struct { __u32 magic, len; } rec = {
		PERF_MAGIC, ctx->data_end - ctx->data,
	};
	long err;

	err = bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU | 14ULL << 32,
				    &rec, sizeof(rec));
	if (err)
		store(1, err, 0);
	else
		store(0, 1, 1);
	store(2, bpf_ktime_get_coarse_ns(), 0);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
