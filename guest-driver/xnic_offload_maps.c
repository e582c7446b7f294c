// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic offloaded maps (docs/driver.md "Offload", docs/firmware.md
 * "Offloaded maps"): ARRAY and HASH maps placed in the card's map area,
 * their bpf_map_dev_ops as mailbox control messages to the card.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/netdevice.h>
#include <linux/slab.h>

#include "xnic.h"
#include "xnic_offload.h"
#include "xnic/maps.h"

/* The compiler's view of a map, placed where the card holds it. */
void xnic_offload_map_desc(const struct xnic_offload_map *xm,
			   struct xcc_map_desc *d)
{
	const struct bpf_map *map = &xm->offmap->map;

	*d = (struct xcc_map_desc){
		.type = map->map_type,
		.key_size = map->key_size,
		.value_size = map->value_size,
		.max_entries = map->max_entries,
		.addr = xm->addr,
		.buckets = xm->buckets,
	};
	strscpy(d->name, map->name, sizeof(d->name));
}


/* The card's map the verifier's struct bpf_map pointer names, or NULL. */
struct xnic_offload_map *
xnic_offload_find_map(struct xnic_adapter *adapter, const struct bpf_map *map)
{
	struct xnic_offload_map *xm;

	list_for_each_entry(xm, &adapter->bpf_maps, node)
		if (xm->offmap && &xm->offmap->map == map)
			return xm;
	return NULL;
}

static struct xnic_offload_map *xnic_offload_map(struct bpf_offloaded_map *offmap)
{
	return offmap->dev_priv;
}

/* The request header of an operation on xm. */
static struct xnic_map_req_head xnic_offload_map_req(const struct xnic_offload_map *xm,
						   u32 op, u32 flags)
{
	const struct bpf_map *map = &xm->offmap->map;

	return (struct xnic_map_req_head){
		.op = op,
		.type = map->map_type == BPF_MAP_TYPE_HASH ?
			XNIC_MAP_TYPE_HASH : XNIC_MAP_TYPE_ARRAY,
		.addr = xm->addr,
		.key_size = map->key_size,
		.value_size = map->value_size,
		.max_entries = map->max_entries,
		.buckets = xm->buckets,
		.flags = flags,
	};
}

static int xnic_offload_map_lookup(struct bpf_offloaded_map *offmap,
				   void *key, void *value)
{
	struct xnic_offload_map *xm = xnic_offload_map(offmap);
	struct xnic_map_req_head req = xnic_offload_map_req(xm, XNIC_MAP_OP_LOOKUP, 0);

	return xnic_fw_map_op(xm->adapter, &req, key, NULL, value);
}

static int xnic_offload_map_update(struct bpf_offloaded_map *offmap,
				   void *key, void *value, u64 flags)
{
	struct xnic_offload_map *xm = xnic_offload_map(offmap);
	struct xnic_map_req_head req;

	if (flags > BPF_EXIST)
		return -EINVAL;
	req = xnic_offload_map_req(xm, XNIC_MAP_OP_UPDATE, flags);
	return xnic_fw_map_op(xm->adapter, &req, key, value, NULL);
}

static int xnic_offload_map_delete(struct bpf_offloaded_map *offmap, void *key)
{
	struct xnic_offload_map *xm = xnic_offload_map(offmap);
	struct xnic_map_req_head req = xnic_offload_map_req(xm, XNIC_MAP_OP_DELETE, 0);

	/* array_map_delete_elem(): arrays have no deletes */
	if (offmap->map.map_type == BPF_MAP_TYPE_ARRAY)
		return -EINVAL;
	return xnic_fw_map_op(xm->adapter, &req, key, NULL, NULL);
}

static int xnic_offload_map_get_next(struct bpf_offloaded_map *offmap,
				     void *key, void *next_key)
{
	struct xnic_offload_map *xm = xnic_offload_map(offmap);
	struct xnic_map_req_head req =
		xnic_offload_map_req(xm, XNIC_MAP_OP_GET_NEXT,
				     key ? 0 : XNIC_MAP_F_FIRST);

	return xnic_fw_map_op(xm->adapter, &req, key, NULL, next_key);
}

static const struct bpf_map_dev_ops xnic_offload_map_ops = {
	.map_get_next_key = xnic_offload_map_get_next,
	.map_lookup_elem = xnic_offload_map_lookup,
	.map_update_elem = xnic_offload_map_update,
	.map_delete_elem = xnic_offload_map_delete,
};

static const char *xnic_offload_map_kind(const struct bpf_map *map)
{
	return map->map_type == BPF_MAP_TYPE_HASH ? "hash map" : "array";
}

/*
 * What the card cannot hold, logged: map creation has no extack, and the
 * map has no name yet (the kernel names it after the driver allocated it).
 */
static int xnic_offload_map_check(struct xnic_adapter *adapter,
				  const struct bpf_map *map)
{
	struct net_device *netdev = adapter->netdev;

	/* the kernel offloads arrays and hash maps only; the firmware may offer fewer */
	if (!(xnic_fw_cap(adapter, XNIC_CAPS_MAP_TYPES) & BIT(map->map_type))) {
		netdev_warn(netdev, "cannot offload a map of type %u: the card's firmware %s does not hold it\n",
			    map->map_type, adapter->fw.version);
		return -EOPNOTSUPP;
	}
	if (map->map_flags) {
		netdev_warn(netdev, "cannot offload a %s with map flags 0x%x: create it without flags\n",
			    xnic_offload_map_kind(map), map->map_flags);
		return -EINVAL;
	}
	if (map->value_size > XNIC_MAP_VALUE_MAX ||
	    (map->map_type == BPF_MAP_TYPE_HASH &&
	     (map->key_size > XNIC_MAP_KEY_MAX ||
	      map->max_entries > XNIC_MAP_HASH_ENTRIES_MAX))) {
		netdev_warn(netdev, "cannot offload a %s of %u entries, %u-byte keys, %u-byte values: the card takes values up to %u bytes and hash maps of up to 65536 entries with keys up to %u bytes\n",
			    xnic_offload_map_kind(map), map->max_entries,
			    map->key_size, map->value_size, XNIC_MAP_VALUE_MAX,
			    XNIC_MAP_KEY_MAX);
		return -EOPNOTSUPP;
	}
	return 0;
}

/**
 * xnic_offload_map_place - first fit in the firmware's map area
 * @adapter: the card, its map list stable (bpf_devs_lock held)
 * @xm: the piece to place, its size set
 *
 * Return: the list position to insert @xm after, xm->addr set 64-byte
 * aligned; NULL with no room.
 */
struct list_head *xnic_offload_map_place(struct xnic_adapter *adapter,
					 struct xnic_offload_map *xm)
{
	u64 end = (u64)xnic_fw_cap(adapter, XNIC_CAPS_EMEM_MAPS) +
		  xnic_fw_cap(adapter, XNIC_CAPS_EMEM_MAPS_SIZE);
	u64 addr = ALIGN(xnic_fw_cap(adapter, XNIC_CAPS_EMEM_MAPS), 64);
	struct list_head *prev = &adapter->bpf_maps;
	struct xnic_offload_map *it;

	list_for_each_entry(it, &adapter->bpf_maps, node) {
		if (addr + xm->size <= it->addr)
			break;
		addr = ALIGN((u64)it->addr + it->size, 64);
		prev = &it->node;
	}
	if (addr + xm->size > end)
		return NULL;
	xm->addr = addr;
	return prev;
}

/* Its size; beyond what the compiler lays out, beyond the map area. */
static int xnic_offload_map_shape(struct xnic_adapter *adapter,
				  struct xnic_offload_map *xm)
{
	const struct bpf_map *map = &xm->offmap->map;
	struct xcc_map_place shape;
	struct xcc_map_desc d;

	xnic_offload_map_desc(xm, &d);
	if (xcc_map_shape(&d, &shape)) {
		netdev_warn(adapter->netdev, "cannot offload an array of %u %u-byte values: it needs %llu bytes, the card's map area has %u\n",
			    map->max_entries, map->value_size,
			    (u64)ALIGN(map->value_size, 8) * map->max_entries,
			    xnic_fw_cap(adapter, XNIC_CAPS_EMEM_MAPS_SIZE));
		return -E2BIG;
	}
	xm->size = shape.size;
	xm->buckets = shape.buckets;
	return 0;
}

/**
 * xnic_offload_map_alloc - ndo_bpf BPF_OFFLOAD_MAP_ALLOC
 * @adapter: the card
 * @offmap: the map bpf(BPF_MAP_CREATE) wants on the card
 *
 * Places the map in the card's map area and clears it there.  The map
 * create command has no extack, so refusals go to the kernel log.  Under
 * RTNL and bpf_devs_lock (written).
 *
 * Return: 0 or a negative errno.
 */
int xnic_offload_map_alloc(struct xnic_adapter *adapter,
			   struct bpf_offloaded_map *offmap)
{
	struct xnic_offload_map *xm;
	struct xnic_map_req_head req;
	struct list_head *prev;
	int err;

	err = xnic_offload_map_check(adapter, &offmap->map);
	if (err)
		return err;
	xm = kzalloc(sizeof(*xm), GFP_KERNEL);
	if (!xm)
		return -ENOMEM;
	xm->offmap = offmap;
	xm->adapter = adapter;
	err = xnic_offload_map_shape(adapter, xm);
	if (err)
		goto err_free;
	prev = xnic_offload_map_place(adapter, xm);
	if (!prev) {
		netdev_warn(adapter->netdev, "cannot offload a %s of %u bytes: the card's %u-byte map area has no free piece that large\n",
			    xnic_offload_map_kind(&offmap->map), xm->size,
			    xnic_fw_cap(adapter, XNIC_CAPS_EMEM_MAPS_SIZE));
		err = -ENOSPC;
		goto err_free;
	}
	req = xnic_offload_map_req(xm, XNIC_MAP_OP_CLEAR, 0);
	err = xnic_fw_map_op(adapter, &req, NULL, NULL, NULL);
	if (err)
		goto err_free;
	list_add(&xm->node, prev);
	offmap->dev_ops = &xnic_offload_map_ops;
	offmap->dev_priv = xm;
	return 0;

err_free:
	kfree(xm);
	return err;
}

/**
 * xnic_offload_map_free - ndo_bpf BPF_OFFLOAD_MAP_FREE
 * @adapter: the card
 * @offmap: a map xnic_offload_map_alloc() placed
 *
 * The card memory goes back to the area; the next map there is cleared
 * when created.  No program uses the map any more (programs hold their
 * maps).  Under RTNL and bpf_devs_lock (written).
 */
void xnic_offload_map_free(struct xnic_adapter *adapter,
			   struct bpf_offloaded_map *offmap)
{
	struct xnic_offload_map *xm = xnic_offload_map(offmap);

	list_del(&xm->node);
	kvfree(xm->saved);
	kfree(xm);
}

/* Every entry of xm, key then value, into xm->saved; 0 or an errno. */
static int xnic_offload_map_read_all(struct xnic_offload_map *xm)
{
	const struct bpf_map *map = &xm->offmap->map;
	u32 entry = map->key_size + map->value_size;
	struct xnic_map_req_head lookup =
		xnic_offload_map_req(xm, XNIC_MAP_OP_LOOKUP, 0);
	u8 *prev = NULL, *e;
	int err;

	xm->saved = kvmalloc_array(map->max_entries, entry, GFP_KERNEL);
	if (!xm->saved)
		return -ENOMEM;
	for (xm->n_saved = 0; xm->n_saved < map->max_entries;
	     prev = e, xm->n_saved++) {
		e = xm->saved + (size_t)xm->n_saved * entry;
		err = xnic_offload_map_get_next(xm->offmap, prev, e);
		if (err == -ENOENT)
			return 0;
		if (!err)
			err = xnic_fw_map_op(xm->adapter, &lookup, e, NULL,
					     e + map->key_size);
		if (err)
			return err;
	}
	return 0;
}

/**
 * xnic_offload_maps_save - read the offloaded maps out of a stopped card
 * @adapter: the card, its firmware stopped, under RTNL
 *
 * A firmware that stopped leaves the card's memory as it was, and MAP_OP
 * still reads it (docs/firmware.md "Stops"); the restart that follows
 * zeroes it.  What is read here goes back before the program does
 * (xnic_offload_restore).  An update bpftool makes between this read and
 * the card's reset is lost; after the reset the card refuses updates
 * until its firmware runs again.
 */
void xnic_offload_maps_save(struct xnic_adapter *adapter)
{
	struct xnic_offload_map *xm;
	int err;

	mutex_lock(&adapter->perf.lock);
	list_for_each_entry(xm, &adapter->bpf_maps, node) {
		/* perf slot tables are written again from the host's maps */
		if (!xm->offmap)
			continue;
		err = xnic_offload_map_read_all(xm);
		if (!err)
			continue;
		netdev_err(adapter->netdev, "cannot read map %s from the stopped card (%pe): it comes back empty\n",
			   xm->offmap->map.name, ERR_PTR(err));
		kvfree(xm->saved);
		xm->saved = NULL;
	}
	mutex_unlock(&adapter->perf.lock);
}

/**
 * xnic_offload_maps_forget - drop what xnic_offload_maps_save() read
 * @adapter: the card, under RTNL
 */
void xnic_offload_maps_forget(struct xnic_adapter *adapter)
{
	struct xnic_offload_map *xm;

	mutex_lock(&adapter->perf.lock);
	list_for_each_entry(xm, &adapter->bpf_maps, node) {
		kvfree(xm->saved);
		xm->saved = NULL;
	}
	mutex_unlock(&adapter->perf.lock);
}

/* Writes xm->saved back to the restarted card; true if all went back. */
static bool xnic_offload_map_write_back(struct xnic_offload_map *xm)
{
	const struct bpf_map *map = &xm->offmap->map;
	u32 entry = map->key_size + map->value_size, i;
	struct xnic_map_req_head update =
		xnic_offload_map_req(xm, XNIC_MAP_OP_UPDATE, BPF_ANY);
	int err = 0;

	for (i = 0; i < xm->n_saved && !err; i++) {
		u8 *e = xm->saved + (size_t)i * entry;

		err = xnic_fw_map_op(xm->adapter, &update, e, e + map->key_size,
				     NULL);
	}
	if (err)
		netdev_err(xm->adapter->netdev, "map %s: writing entry %u of %u back failed (%pe)\n",
			   map->name, i, xm->n_saved, ERR_PTR(err));
	kvfree(xm->saved);
	xm->saved = NULL;
	return !err;
}

/**
 * xnic_offload_maps_write_back - the saved maps onto the restarted card
 * @adapter: the card, its firmware just loaded, under RTNL
 * @n_maps: set to the offloaded maps the card holds
 *
 * Return: the maps that came back empty.
 */
unsigned int xnic_offload_maps_write_back(struct xnic_adapter *adapter,
					  unsigned int *n_maps)
{
	struct xnic_offload_map *xm;
	unsigned int empty = 0;

	*n_maps = 0;
	mutex_lock(&adapter->perf.lock);
	list_for_each_entry(xm, &adapter->bpf_maps, node) {
		if (!xm->offmap)
			continue;
		(*n_maps)++;
		if (!xm->saved || !xnic_offload_map_write_back(xm))
			empty++;
	}
	mutex_unlock(&adapter->perf.lock);
	return empty;
}
