// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pass "layout".  Input: the map descriptions.  Places every map in the
 * card's external memory (docs/compiler.md, "Card layout"): arrays as
 * max_entries elements of value_size rounded up to 8 bytes (atomics need
 * aligned values, isa.md 7.2), per-CPU arrays as one such array per ME,
 * each map 64-byte aligned from XCC_EMEM_MAPS.
 * Hash maps as an element count and an open-addressing table of twice
 * max_entries slots rounded up to a power of two (xcc.h, xcc_map_place).
 * Maps of other types get no space: using them is refused by isel.
 */
#include "xcc_priv.h"

#define XCC_EMEM_SIZE	(16u << 20)	/* the default card (isa.md 1) */

static int xcc_layout_too_big(struct xcc_prog *prog, const struct xcc_map_desc *d)
{
	xcc_fail(prog, XCC_E_UNSUPPORTED, -1, "map %s does not fit the card's %u bytes of "
		 "external memory", d->name, XCC_EMEM_SIZE);
	return -1;
}

/* Keys up to 56 bytes: state and key come back in one 64-byte read. */
#define XCC_LAYOUT_HASH_KEY_MAX		56
#define XCC_LAYOUT_HASH_ENTRIES_MAX	(1u << 16)

static int xcc_layout_hash(struct xcc_prog *prog, const struct xcc_map_desc *d,
			   struct xcc_map_layout *l)
{
	u32 b = 4;

	if (d->key_size > XCC_LAYOUT_HASH_KEY_MAX || d->max_entries > XCC_LAYOUT_HASH_ENTRIES_MAX) {
		xcc_fail(prog, XCC_E_UNSUPPORTED, -1, "hash map %s: keys up to %u bytes and up to %u "
			 "entries are supported", d->name, XCC_LAYOUT_HASH_KEY_MAX,
			 XCC_LAYOUT_HASH_ENTRIES_MAX);
		return -1;
	}
	while (b < 2 * d->max_entries)
		b *= 2;
	l->buckets = b;
	l->value_off = (4 + d->key_size + 7) & ~7u;
	l->stride = l->value_off + ((d->value_size + 7) & ~7u);
	l->size = 8 + b * l->stride;
	return 0;
}

int xcc_layout(struct xcc_prog *prog)
{
	u64 addr = XCC_EMEM_MAPS;
	u32 i;

	prog->layout = xcc_calloc(prog, prog->n_maps + 1, sizeof(*prog->layout));
	if (!prog->layout)
		return -1;
	for (i = 0; i < prog->n_maps; i++) {
		const struct xcc_map_desc *d = &prog->maps[i];
		struct xcc_map_layout *l = &prog->layout[i];

		addr = (addr + 63) & ~63ull;
		l->addr = (u32)addr;
		if (d->type == BPF_MAP_TYPE_ARRAY || d->type == BPF_MAP_TYPE_PERCPU_ARRAY) {
			l->copies = d->type == BPF_MAP_TYPE_ARRAY ? 1 : XCC_PERCPU_COPIES;
			l->stride = (d->value_size + 7) & ~7u;
			if ((u64)l->stride * d->max_entries * l->copies > XCC_EMEM_SIZE)
				return xcc_layout_too_big(prog, d);
			l->size = l->stride * d->max_entries * l->copies;
		} else if (d->type == BPF_MAP_TYPE_HASH && xcc_layout_hash(prog, d, l)) {
			return -1;
		}
		addr += l->size;
		if (addr > XCC_EMEM_SIZE)
			return xcc_layout_too_big(prog, d);
	}
	prog->emem_end = (u32)addr;
	return 0;
}
