// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pass "layout".  Input: the map descriptions.  Places every map in the
 * card's external memory (docs/compiler.md, "Card layout"): arrays as
 * max_entries elements of value_size rounded up to 8 bytes (atomics need
 * aligned values, isa.md 7.2), each map 64-byte aligned from XCC_EMEM_MAPS.
 * Maps of other types get no space: using them is refused by isel.
 */
#include "xcc_priv.h"

#define XCC_EMEM_SIZE	(16u << 20)	/* the default card (isa.md 1) */

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
		if (d->type != BPF_MAP_TYPE_ARRAY)
			continue;
		l->stride = (d->value_size + 7) & ~7u;
		l->size = (u32)((u64)l->stride * d->max_entries);
		addr += (u64)l->stride * d->max_entries;
		if (addr > XCC_EMEM_SIZE) {
			xcc_fail(prog, XCC_E_UNSUPPORTED, -1, "map %s needs external memory up to "
				 "%llu bytes, the card has %u", d->name, (unsigned long long)addr,
				 XCC_EMEM_SIZE);
			return -1;
		}
	}
	prog->emem_end = (u32)addr;
	return 0;
}
