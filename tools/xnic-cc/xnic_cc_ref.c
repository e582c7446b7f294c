// SPDX-License-Identifier: GPL-2.0-or-later
/* Reference runs in the host kernel and their reports: see xnic_cc_ref.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <linux/perf_event.h>

#include "xnic_cc_ref.h"

int xnic_cc_ref_run(const struct xnic_cc_obj *obj, const unsigned char *pkt, size_t len,
		    struct xnic_cc_result *res)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = pkt,
		.data_size_in = (__u32)len,
		.data_out = res->data,
		.data_size_out = sizeof(res->data),
		.repeat = 1,
	);

	res->err = 0;
	res->has_cycles = 0;
	res->has_target = 0;
	if (bpf_prog_test_run_opts(obj->prog_fd, &opts)) {
		res->err = -errno;
		res->retval = 0;
		res->len = 0;
		return res->err;
	}
	res->retval = opts.retval;
	res->len = opts.data_size_out;
	return 0;
}

static int xnic_cc_map_is_percpu(enum bpf_map_type type)
{
	return type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static struct xnic_cc_map_snapshot *xnic_cc_sort_snap;

static int xnic_cc_key_cmp(const void *a, const void *b)
{
	return memcmp(a, b, xnic_cc_sort_snap->key_size);
}

/* Sorting keys and values together: sort records, then split them again. */
int xnic_cc_map_sort(struct xnic_cc_map_snapshot *snap)
{
	size_t ks = snap->key_size, vs = snap->value_size, rec = ks + vs, i;
	unsigned char *tmp = malloc(snap->n * rec + 1);

	if (!tmp)
		return -ENOMEM;
	for (i = 0; i < snap->n; i++) {
		memcpy(tmp + i * rec, snap->keys + i * ks, ks);
		memcpy(tmp + i * rec + ks, snap->values + i * vs, vs);
	}
	xnic_cc_sort_snap = snap;
	/* records start with the key: compare those bytes only */
	qsort(tmp, snap->n, rec, xnic_cc_key_cmp);
	for (i = 0; i < snap->n; i++) {
		memcpy(snap->keys + i * ks, tmp + i * rec, ks);
		memcpy(snap->values + i * vs, tmp + i * rec + ks, vs);
	}
	free(tmp);
	return 0;
}

int xnic_cc_map_snapshot(struct bpf_map *map, struct xnic_cc_map_snapshot *snap)
{
	int fd = bpf_map__fd(map), ncpu = 1;
	unsigned int cap = bpf_map__max_entries(map);
	unsigned char *key, *prev = NULL, *last;

	memset(snap, 0, sizeof(*snap));
	if (xnic_cc_map_is_percpu(bpf_map__type(map)))
		ncpu = libbpf_num_possible_cpus();
	snap->name = bpf_map__name(map);
	snap->key_size = bpf_map__key_size(map);
	snap->value_size = bpf_map__value_size(map);
	if (xnic_cc_map_is_percpu(bpf_map__type(map)))	/* libbpf's per-CPU layout: each copy rounded up to 8 bytes */
		snap->value_size = ((snap->value_size + 7) & ~7u) * ncpu;
	snap->keys = calloc(cap + 1, snap->key_size);
	snap->values = calloc(cap + 1, snap->value_size);
	last = malloc(snap->key_size);
	if (!snap->keys || !snap->values || !last) {
		free(last);
		return -ENOMEM;
	}
	while (snap->n < cap) {
		key = snap->keys + (size_t)snap->n * snap->key_size;
		if (bpf_map_get_next_key(fd, prev, key))
			break;
		memcpy(last, key, snap->key_size);
		prev = last;
		/* deleted meanwhile, or an empty slot of a DEVMAP, CPUMAP, XSKMAP */
		if (!bpf_map_lookup_elem(fd, key, snap->values + (size_t)snap->n * snap->value_size))
			snap->n++;
	}
	free(last);
	return xnic_cc_map_sort(snap);
}

void xnic_cc_map_snapshot_free(struct xnic_cc_map_snapshot *snap)
{
	free(snap->keys);
	free(snap->values);
	memset(snap, 0, sizeof(*snap));
}

const char *xnic_cc_action_name(unsigned int retval)
{
	static const char *const names[] = {
		"XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT",
	};

	return retval < 5 ? names[retval] : "unknown";
}

/*
 * A redirect's target: {"ifindex":N}, {"map":"NAME","key":N} with
 * "broadcast":true and "exclude_ingress":true when set, or {} after a failed
 * lookup; the text form says the same.  0 when there is none to print.
 */
static int xnic_cc_target_format(const struct xnic_cc_result *res, char *buf, size_t size,
				 int json)
{
	int bcast = !!(res->target_flags & BPF_F_BROADCAST);
	int excl = !!(res->target_flags & BPF_F_EXCLUDE_INGRESS);

	if (!res->has_target || res->retval != XDP_REDIRECT)
		return 0;
	if (!res->target_map && !res->target_index)
		snprintf(buf, size, json ? "{}" : "no target");
	else if (!res->target_map)
		snprintf(buf, size, json ? "{\"ifindex\":%u}" : "ifindex %u", res->target_index);
	else if (json)
		snprintf(buf, size, "{\"map\":\"%s\",\"key\":%u%s%s}", res->target_map,
			 res->target_index, bcast ? ",\"broadcast\":true" : "",
			 excl ? ",\"exclude_ingress\":true" : "");
	else
		snprintf(buf, size, "map %s key %u%s%s", res->target_map, res->target_index,
			 bcast ? " broadcast" : "", excl ? " excluding ingress" : "");
	return 1;
}

void xnic_cc_print_result(FILE *out, const struct xnic_cc_result *res, int json)
{
	char *hex, target[160];

	if (res->err) {
		fprintf(out, json ? "{\"packet\":%u,\"error\":\"%s\"}\n" : "packet %u: not run: %s\n",
			res->index, strerror(-res->err));
		return;
	}
	hex = malloc(2 * (size_t)res->len + 1);
	if (!hex)
		return;
	xnic_cc_hex_format(res->data, res->len, hex);
	if (json) {
		fprintf(out, "{\"packet\":%u,\"action\":\"%s\",\"retval\":%u,\"length\":%u,"
			"\"bytes\":\"%s\"", res->index, xnic_cc_action_name(res->retval),
			res->retval, res->len, hex);
		if (res->has_cycles)
			fprintf(out, ",\"cycles\":%llu", res->cycles);
		if (xnic_cc_target_format(res, target, sizeof(target), 1))
			fprintf(out, ",\"redirect\":%s", target);
		fputs("}\n", out);
	} else {
		fprintf(out, "packet %u: %s (%u), %u bytes", res->index,
			xnic_cc_action_name(res->retval), res->retval, res->len);
		if (res->has_cycles)
			fprintf(out, ", %llu cycles", res->cycles);
		if (xnic_cc_target_format(res, target, sizeof(target), 0))
			fprintf(out, ", to %s", target);
		fprintf(out, "\n  %s\n", hex);
	}
	free(hex);
}

void xnic_cc_print_map(FILE *out, const struct xnic_cc_map_snapshot *snap, int json)
{
	char *khex = malloc(2 * (size_t)snap->key_size + 1);
	char *vhex = malloc(2 * (size_t)snap->value_size + 1);
	unsigned int i;

	if (!khex || !vhex)
		goto out;
	if (!json)
		fprintf(out, "map %s: %u entries\n", snap->name, snap->n);
	for (i = 0; i < snap->n; i++) {
		xnic_cc_hex_format(snap->keys + (size_t)i * snap->key_size, snap->key_size, khex);
		xnic_cc_hex_format(snap->values + (size_t)i * snap->value_size, snap->value_size, vhex);
		if (json)
			fprintf(out, "{\"map\":\"%s\",\"key\":\"%s\",\"value\":\"%s\"}\n",
				snap->name, khex, vhex);
		else
			fprintf(out, "  %s: %s\n", khex, vhex);
	}
out:
	free(khex);
	free(vhex);
}

void xnic_cc_print_perf(FILE *out, unsigned int packet, unsigned int cpu,
			const unsigned char *data, unsigned int size, int json)
{
	unsigned int padded = ((size + 4 + 7) & ~7u) - 4, k;

	if (json)
		fprintf(out, "{\"packet\":%u,\"perf\":{\"cpu\":%u,\"data\":\"", packet, cpu);
	else
		fprintf(out, "  perf: cpu %u: ", cpu);
	for (k = 0; k < padded; k++)
		fprintf(out, "%02x", k < size ? data[k] : 0);
	fputs(json ? "\"}}\n" : "\n", out);
}

/* Copies n bytes at ring offset off (wrapping) out of a perf ring's data pages. */
static void xnic_cc_ring_copy(const unsigned char *base, uint64_t size, uint64_t off,
			      unsigned char *dst, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		dst[k] = base[(off + k) % size];
}

/* PERF_RECORD_SAMPLE with PERF_SAMPLE_RAW: header, u32 size, the raw bytes. */
static void xnic_cc_ring_drain(void *ring, unsigned int cpu, FILE *out, unsigned int packet,
			       int json)
{
	struct perf_event_mmap_page *pg = ring;
	const unsigned char *base = (const unsigned char *)ring + pg->data_offset;
	uint64_t head = __atomic_load_n(&pg->data_head, __ATOMIC_ACQUIRE), tail = pg->data_tail;
	unsigned char *buf = malloc(XNIC_CC_MAX_FRAME + 4096);

	while (buf && tail < head) {
		struct perf_event_header h;
		uint32_t raw;

		xnic_cc_ring_copy(base, pg->data_size, tail, (unsigned char *)&h, sizeof(h));
		if (h.type == PERF_RECORD_SAMPLE && h.size >= sizeof(h) + 4 &&
		    h.size - sizeof(h) - 4 <= XNIC_CC_MAX_FRAME + 4096) {
			xnic_cc_ring_copy(base, pg->data_size, tail + sizeof(h),
					  (unsigned char *)&raw, 4);
			xnic_cc_ring_copy(base, pg->data_size, tail + sizeof(h) + 4, buf, raw);
			xnic_cc_print_perf(out, packet, cpu, buf, raw, json);
		}
		tail += h.size ? h.size : head - tail;
	}
	free(buf);
	__atomic_store_n(&pg->data_tail, head, __ATOMIC_RELEASE);
}

void xnic_cc_ref_print_perf(const struct xnic_cc_obj *obj, FILE *out, unsigned int packet,
			    int json)
{
	unsigned int i, k;

	for (i = 0; obj->perf && i < obj->n_maps; i++)
		for (k = 0; k < obj->perf[i].n; k++)
			if (obj->perf[i].ring[k])
				xnic_cc_ring_drain(obj->perf[i].ring[k], k, out, packet, json);
}
