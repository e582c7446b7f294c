// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pass "layout".  Input: the map descriptions.  Places every map in the
 * card's external memory (docs/compiler.md, "Card layout"): arrays as
 * max_entries elements of value_size rounded up to 8 bytes (atomics need
 * aligned values, isa.md 7.2), per-CPU arrays as one such array per ME.
 * Hash maps as an element count and an open-addressing table of twice
 * max_entries slots rounded up to a power of two (include/xnic/maps.h);
 * per-CPU hash maps with one value per ME in each slot, LRU hash maps with
 * their clock hand after the slots.  LPM tries as max_entries slots of
 * the hash maps' form, which every operation scans.  The redirect maps and
 * PERF_EVENT_ARRAY (maps.h) as arrays of entries, DEVMAP_HASH as a hash map;
 * a PERF_EVENT_ARRAY the caller leaves on the host (host_id) as its slot
 * table, one entry more.  Maps of other types get no space: using them is
 * refused by isel.
 * A caller that already placed its maps (the driver's offloaded maps exist
 * before any program) gives every map's address and hash bucket count;
 * otherwise each map goes 64-byte aligned from XNIC_EMEM_MAPS.
 */
#include "xcc_priv.h"

#define XCC_EMEM_SIZE	(16u << 20)	/* the default card (isa.md 1) */

int xcc_map_is_hash(u32 type)
{
	return type == BPF_MAP_TYPE_HASH || type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_HASH_OF_MAPS || xcc_map_is_lru(type);
}

int xcc_map_is_outer(u32 type)
{
	return type == BPF_MAP_TYPE_ARRAY_OF_MAPS || type == BPF_MAP_TYPE_HASH_OF_MAPS;
}

int xcc_map_is_lru(u32 type)
{
	return type == BPF_MAP_TYPE_LRU_HASH || type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static u32 xcc_map_copies(u32 type)
{
	return type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH ? XCC_PERCPU_COPIES : 1;
}

static int xcc_shape_hash(const struct xcc_map_desc *d, struct xcc_map_place *p)
{
	u32 b = XNIC_MAP_HASH_BUCKETS_MIN;
	u64 size;

	if (d->key_size > XNIC_MAP_KEY_MAX || d->max_entries > XNIC_MAP_HASH_ENTRIES_MAX)
		return -XCC_E_UNSUPPORTED;
	while (b < 2 * d->max_entries)
		b *= 2;
	if (d->buckets) {
		/* a power of two, and room for every element */
		if (d->buckets & (d->buckets - 1) || d->buckets < d->max_entries ||
		    d->buckets > XNIC_MAP_HASH_BUCKETS_MAX)
			return -XCC_E_INVALID;
		b = d->buckets;
	}
	p->buckets = b;
	p->copies = xcc_map_copies(d->type);
	p->value_off = xnic_map_hash_value_off(d->key_size);
	p->stride = xnic_map_percpu_hash_stride(d->key_size, d->value_size, p->copies);
	size = xnic_map_lru_hand(p->stride, b);
	if (xcc_map_is_lru(d->type))
		size += XNIC_MAP_LRU_HAND_SIZE;
	if (size > XCC_EMEM_SIZE)
		return -XCC_E_UNSUPPORTED;
	p->size = (u32)size;
	return 0;
}

/* buckets: the slots, one per element */
static int xcc_shape_lpm(const struct xcc_map_desc *d, struct xcc_map_place *p)
{
	if (d->key_size <= XNIC_MAP_LPM_DATA || d->key_size > XNIC_MAP_KEY_MAX ||
	    d->max_entries > XNIC_MAP_LPM_ENTRIES_MAX)
		return -XCC_E_UNSUPPORTED;
	p->buckets = d->max_entries;
	p->copies = 1;
	p->value_off = xnic_map_hash_value_off(d->key_size);
	p->stride = xnic_map_hash_stride(d->key_size, d->value_size);
	p->size = (u32)xnic_map_hash_size(d->key_size, d->value_size, d->max_entries);
	return 0;
}

/*
 * bpf_redirect_map's targets, PERF_EVENT_ARRAY and PROG_ARRAY (include/xnic/maps.h);
 * 1 when d is one of them.
 */
static int xcc_shape_redirect(const struct xcc_map_desc *d, struct xcc_map_place *p, int *err)
{
	u64 size;

	if (d->type == BPF_MAP_TYPE_DEVMAP_HASH) {
		*err = xcc_shape_hash(d, p);
		return 1;
	}
	if (d->type != BPF_MAP_TYPE_DEVMAP && d->type != BPF_MAP_TYPE_CPUMAP &&
	    d->type != BPF_MAP_TYPE_XSKMAP && d->type != BPF_MAP_TYPE_PERF_EVENT_ARRAY &&
	    d->type != BPF_MAP_TYPE_PROG_ARRAY)
		return 0;
	p->copies = 1;
	p->stride = xnic_map_value_stride(d->value_size);
	size = (u64)p->stride * (d->max_entries + !!d->host_id);
	*err = size > XCC_EMEM_SIZE ? -XCC_E_UNSUPPORTED : 0;
	if (d->host_id && d->max_entries > XNIC_PERF_HOST_ENTRIES_MAX)
		*err = -XCC_E_UNSUPPORTED;
	p->size = (u32)size;
	return 1;
}

int xcc_map_shape(const struct xcc_map_desc *d, struct xcc_map_place *p)
{
	u64 size;
	int err;

	*p = (struct xcc_map_place){ .addr = d->addr };
	if (xcc_shape_redirect(d, p, &err))
		return err;
	if (d->type == BPF_MAP_TYPE_ARRAY || d->type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	    d->type == BPF_MAP_TYPE_ARRAY_OF_MAPS) {
		p->copies = xcc_map_copies(d->type);
		p->stride = xnic_map_value_stride(d->value_size);
		size = (u64)p->stride * d->max_entries * p->copies;
		if (size > XCC_EMEM_SIZE)
			return -XCC_E_UNSUPPORTED;
		p->size = (u32)size;
	} else if (xcc_map_is_hash(d->type)) {
		return xcc_shape_hash(d, p);
	} else if (d->type == BPF_MAP_TYPE_LPM_TRIE) {
		return xcc_shape_lpm(d, p);
	}
	return 0;
}

static int xcc_layout_refuse(struct xcc_prog *prog, const struct xcc_map_desc *d, int err)
{
	if (err == -XCC_E_INVALID)
		xcc_fail(prog, XCC_E_INVALID, -1, "hash map %s: %u buckets is not a power of two "
			 "of at least max_entries %u", d->name, d->buckets, d->max_entries);
	else if (d->type == BPF_MAP_TYPE_LPM_TRIE &&
		 (d->key_size <= XNIC_MAP_LPM_DATA || d->key_size > XNIC_MAP_KEY_MAX ||
		  d->max_entries > XNIC_MAP_LPM_ENTRIES_MAX))
		xcc_fail(prog, XCC_E_UNSUPPORTED, -1, "LPM trie %s: keys of %u to %u bytes and up to "
			 "%u entries are supported", d->name, XNIC_MAP_LPM_DATA + 1, XNIC_MAP_KEY_MAX,
			 XNIC_MAP_LPM_ENTRIES_MAX);
	else if (d->host_id && d->max_entries > XNIC_PERF_HOST_ENTRIES_MAX)
		xcc_fail(prog, XCC_E_UNSUPPORTED, -1, "PERF_EVENT_ARRAY %s: the card keeps a slot "
			 "table of a host map of up to %u entries, it has %u", d->name,
			 XNIC_PERF_HOST_ENTRIES_MAX, d->max_entries);
	else if (xcc_map_is_hash(d->type) &&
		 (d->key_size > XNIC_MAP_KEY_MAX || d->max_entries > XNIC_MAP_HASH_ENTRIES_MAX))
		xcc_fail(prog, XCC_E_UNSUPPORTED, -1, "hash map %s: keys up to %u bytes and up to %u "
			 "entries are supported", d->name, XNIC_MAP_KEY_MAX,
			 XNIC_MAP_HASH_ENTRIES_MAX);
	else
		xcc_fail(prog, XCC_E_UNSUPPORTED, -1, "map %s does not fit the card's %u bytes of "
			 "external memory", d->name, XCC_EMEM_SIZE);
	return -1;
}

/* Caller placements: all maps or none, aligned, inside external memory. */
static int xcc_layout_placed(struct xcc_prog *prog)
{
	u32 i, placed = 0;

	for (i = 0; i < prog->n_maps; i++)
		placed += prog->maps[i].addr != 0;
	if (placed == 0 || placed == prog->n_maps)
		return placed != 0;
	xcc_fail(prog, XCC_E_INVALID, -1, "%u of %u maps have an address: give all or none",
		 placed, prog->n_maps);
	return -1;
}

static int xcc_layout_check_placed(struct xcc_prog *prog, const struct xcc_map_desc *d,
				   const struct xcc_map_layout *l)
{
	if (l->addr % 64 || l->addr < XNIC_EMEM_MAPS || l->addr >= XCC_EMEM_SIZE ||
	    l->size > XCC_EMEM_SIZE - l->addr) {
		xcc_fail(prog, XCC_E_INVALID, -1, "map %s at 0x%x+%u: not 64-byte aligned in "
			 "[0x%x, 0x%x)", d->name, l->addr, l->size, XNIC_EMEM_MAPS, XCC_EMEM_SIZE);
		return -1;
	}
	return 0;
}

/* Only a PERF_EVENT_ARRAY stays on the host, its slot table on the card. */
static int xcc_layout_host(struct xcc_prog *prog, const struct xcc_map_desc *d)
{
	if (!d->host_id || d->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY)
		return 0;
	xcc_fail(prog, XCC_E_INVALID, -1, "map %s: only a PERF_EVENT_ARRAY can stay on the host",
		 d->name);
	return -1;
}

int xcc_layout(struct xcc_prog *prog)
{
	int placed = xcc_layout_placed(prog);
	u64 addr = XNIC_EMEM_MAPS, end = XNIC_EMEM_MAPS;
	struct xcc_map_place p;
	u32 i;
	int err;

	if (placed < 0)
		return -1;
	prog->layout = xcc_calloc(prog, prog->n_maps + 1, sizeof(*prog->layout));
	if (!prog->layout)
		return -1;
	for (i = 0; i < prog->n_maps; i++) {
		const struct xcc_map_desc *d = &prog->maps[i];
		struct xcc_map_layout *l = &prog->layout[i];

		if (xcc_layout_host(prog, d))
			return -1;
		err = xcc_map_shape(d, &p);
		if (err)
			return xcc_layout_refuse(prog, d, err);
		addr = placed ? d->addr : (addr + 63) & ~63ull;
		l->addr = (u32)addr;
		l->stride = p.stride;
		l->size = p.size;
		l->copies = p.copies;
		l->buckets = p.buckets;
		l->value_off = p.value_off;
		if (placed) {
			if (xcc_layout_check_placed(prog, d, l))
				return -1;
			if (addr + l->size > end)
				end = addr + l->size;
			continue;
		}
		if (addr + l->size > XCC_EMEM_SIZE)
			return xcc_layout_refuse(prog, d, -XCC_E_UNSUPPORTED);
		addr += l->size;
		end = addr;
	}
	prog->emem_end = (u32)end;
	return 0;
}
