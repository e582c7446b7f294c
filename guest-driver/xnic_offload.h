/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnic BPF offload, shared by the program path (xnic_offload.c) and the
 * map path (xnic_offload_maps.c): docs/driver.md "Offload".
 */
#ifndef XNIC_OFFLOAD_H
#define XNIC_OFFLOAD_H

#include <linux/bpf.h>
#include <linux/list.h>

#include "xcc.h"

struct xnic_adapter;

/**
 * struct xnic_offload_map - an offloaded map held in the card's emem
 * @offmap: the kernel's map; NULL for the slot table of a host
 *	PERF_EVENT_ARRAY (xnic_perf.c), which takes room in the same area
 * @adapter: the card holding it
 * @node: in adapter->bpf_maps, by address
 * @addr: the map's first byte in emem (docs/firmware.md "Offloaded maps")
 * @size: its bytes, as xcc_map_shape() lays it out
 * @buckets: hash slots, 0 for arrays
 * @saved: the entries read from a stopped card, key then value each,
 *	written back after its restart (RTNL), or NULL
 * @n_saved: entries in @saved
 */
struct xnic_offload_map {
	struct bpf_offloaded_map *offmap;
	struct xnic_adapter *adapter;
	struct list_head node;
	u32 addr;
	u32 size;
	u32 buckets;
	u8 *saved;
	u32 n_saved;
};

void xnic_offload_map_desc(const struct xnic_offload_map *xm,
			   struct xcc_map_desc *d);
struct list_head *xnic_offload_map_place(struct xnic_adapter *adapter,
					 struct xnic_offload_map *xm);
struct xnic_offload_map *
xnic_offload_find_map(struct xnic_adapter *adapter, const struct bpf_map *map);
unsigned int xnic_offload_maps_write_back(struct xnic_adapter *adapter,
					  unsigned int *n_maps);
const struct xcc_origin *xnic_offload_origins(struct bpf_prog *prog, u32 *n);

#endif /* XNIC_OFFLOAD_H */
