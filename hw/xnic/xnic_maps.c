// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic offloaded maps: the MAP_OP mailbox command (docs/firmware.md
 * "Offloaded maps").  The driver's bpftool operations run here, in the
 * card's C, on the maps in external memory, with the layout, hash
 * function, probing and tombstones of the compiler's generated code
 * (docs/compiler.md "Hash maps", include/xnic/maps.h).
 *
 * The card runs its microengines only from the environment's callbacks,
 * never during a mailbox command, so an operation here never interleaves
 * with an ME instruction.  Updates, deletes and clears also drain the
 * contexts first, as a program switch does: no context is between a
 * lookup and its use of the value, and no one holds a map's lock word.
 * Lookups and get-next read without draining, as a program's unlocked
 * lookup does: a value that a context is rewriting may be seen half
 * written.  The request comes from the guest: every field is checked and
 * every access stays inside the firmware's map area.
 */
#include <stdio.h>
#include <string.h>

#include "xnic_core.h"
#include "xnic/maps.h"
#include "me/me.h"

/* A checked request and where its map is. */
struct xnic_map_req {
	uint32_t op, type, addr, key_size, value_size, max_entries, buckets;
	uint32_t flags;
	uint32_t stride, value_off;
	uint64_t size;
	uint8_t *base;				/* emem + addr */
	uint8_t key[XNIC_MAP_KEY_MAX];		/* padded with zeros to a word */
};

/* Stride and size as maps.h lays the map out */
static void xnic_maps_shape(struct xnic_map_req *r)
{
	if (r->type == XNIC_MAP_TYPE_ARRAY) {
		r->stride = xnic_map_value_stride(r->value_size);
		r->size = (uint64_t)r->stride * r->max_entries;
		return;
	}
	r->value_off = xnic_map_hash_value_off(r->key_size);
	r->stride = xnic_map_hash_stride(r->key_size, r->value_size);
	r->size = xnic_map_hash_size(r->key_size, r->value_size, r->buckets);
}

static const char *xnic_maps_check_shape(const struct xnic_map_req *r)
{
	if (r->type != XNIC_MAP_TYPE_ARRAY && r->type != XNIC_MAP_TYPE_HASH)
		return "map type is neither array nor hash";
	if (!r->value_size || r->value_size > XNIC_MAP_VALUE_MAX)
		return "value size outside [1, XNIC_MAP_VALUE_MAX]";
	if (!r->max_entries)
		return "max_entries is 0";
	if (r->type == XNIC_MAP_TYPE_ARRAY)
		return r->key_size == 4 ? NULL : "array keys are 4 bytes";
	if (!r->key_size || r->key_size > XNIC_MAP_KEY_MAX)
		return "hash key size outside [1, XNIC_MAP_KEY_MAX]";
	if (r->max_entries > XNIC_MAP_HASH_ENTRIES_MAX)
		return "hash map of more than 65536 entries";
	if (r->buckets & (r->buckets - 1) || r->buckets < r->max_entries ||
	    r->buckets < XNIC_MAP_HASH_BUCKETS_MIN || r->buckets > XNIC_MAP_HASH_BUCKETS_MAX)
		return "hash buckets not a power of two in [max(4, max_entries), 131072]";
	return NULL;
}

/* The map must lie inside the firmware's map area (FW_CAPS EMEM_MAPS). */
static const char *xnic_maps_locate(struct xnic_core *core,
				    struct xnic_map_req *r, uint32_t area)
{
	uint32_t emem_size;
	uint8_t *emem = me_card_mem(core->card, ME_MEM_EMEM, 0, &emem_size);

	if (r->addr % 64 || r->addr < area || r->addr >= emem_size ||
	    r->size > emem_size - r->addr)
		return "map not 64-byte aligned inside the firmware's map area";
	r->base = emem + r->addr;
	return NULL;
}

static const char *xnic_maps_parse(struct xnic_core *core, uint32_t len,
				   uint32_t area, struct xnic_map_req *r)
{
	const uint8_t *d = core->mbox_data;
	const char *bad;

	if (len < XNIC_MAP_REQ_SIZE)
		return "request shorter than XNIC_MAP_REQ_SIZE";
	r->op = xnic_core_ld_le32(d + XNIC_MAP_REQ_OP);
	r->type = xnic_core_ld_le32(d + XNIC_MAP_REQ_TYPE);
	r->addr = xnic_core_ld_le32(d + XNIC_MAP_REQ_ADDR);
	r->key_size = xnic_core_ld_le32(d + XNIC_MAP_REQ_KEY_SIZE);
	r->value_size = xnic_core_ld_le32(d + XNIC_MAP_REQ_VALUE_SIZE);
	r->max_entries = xnic_core_ld_le32(d + XNIC_MAP_REQ_MAX_ENTRIES);
	r->buckets = xnic_core_ld_le32(d + XNIC_MAP_REQ_BUCKETS);
	r->flags = xnic_core_ld_le32(d + XNIC_MAP_REQ_FLAGS);
	if (r->op < XNIC_MAP_OP_LOOKUP || r->op > XNIC_MAP_OP_CLEAR)
		return "unknown map operation";
	bad = xnic_maps_check_shape(r);
	if (bad)
		return bad;
	if (r->op == XNIC_MAP_OP_UPDATE &&
	    len < XNIC_MAP_REQ_VALUE + r->value_size)
		return "update shorter than its value";
	xnic_maps_shape(r);
	/* bytes past the key compare as zeros, as the compiled code masks them */
	memset(r->key, 0, sizeof(r->key));
	memcpy(r->key, d + XNIC_MAP_REQ_KEY, r->key_size);
	return xnic_maps_locate(core, r, area);
}

/* ---- arrays ---- */

static uint32_t xnic_maps_index(const struct xnic_map_req *r)
{
	return xnic_core_ld_le32(r->key);
}

static uint32_t xnic_maps_array(struct xnic_core *core,
				const struct xnic_map_req *r)
{
	uint32_t i = xnic_maps_index(r);
	uint8_t *out = core->mbox_data;

	switch (r->op) {
	case XNIC_MAP_OP_LOOKUP:
		if (i >= r->max_entries)
			return XNIC_MAP_ENOENT;
		memcpy(out + XNIC_MAP_REQ_VALUE, r->base + (uint64_t)i * r->stride,
		       r->value_size);
		return 0;
	case XNIC_MAP_OP_UPDATE:
		/* array_map_update_elem()'s order of checks */
		if (r->flags > 2)
			return XNIC_MAP_EINVAL;
		if (i >= r->max_entries)
			return XNIC_MAP_E2BIG;
		if (r->flags == 1)
			return XNIC_MAP_EEXIST;
		memcpy(r->base + (uint64_t)i * r->stride,
		       out + XNIC_MAP_REQ_VALUE, r->value_size);
		return 0;
	case XNIC_MAP_OP_GET_NEXT:
		if (r->flags & XNIC_MAP_F_FIRST || i >= r->max_entries)
			i = 0;
		else if (i == r->max_entries - 1)
			return XNIC_MAP_ENOENT;
		else
			i++;
		xnic_core_st_le32(out + XNIC_MAP_REQ_KEY, i);
		return 0;
	default:
		return XNIC_MAP_EINVAL;	/* delete, as the kernel's arrays */
	}
}

/* ---- hash maps ---- */

static uint8_t *xnic_maps_slot(const struct xnic_map_req *r, uint32_t b)
{
	return r->base + xnic_map_hash_slot(r->key_size, r->value_size, b);
}

/*
 * The slot holding the key, or NULL; *free the first deleted or empty slot
 * on the probe path, or NULL (the compiled lookup routine's contract).
 */
static uint8_t *xnic_maps_find(const struct xnic_map_req *r, uint8_t **free)
{
	uint32_t b = xnic_map_hash_bucket(r->key, r->key_size, r->buckets), n, state;
	uint8_t *slot;

	*free = NULL;
	for (n = 0; n < r->buckets; n++, b = (b + 1) & (r->buckets - 1)) {
		slot = xnic_maps_slot(r, b);
		state = xnic_core_ld_le32(slot + XNIC_MAP_SLOT_STATE);
		if (state == XNIC_MAP_SLOT_EMPTY) {
			if (!*free)
				*free = slot;
			return NULL;
		}
		if (state == XNIC_MAP_SLOT_DELETED) {
			if (!*free)
				*free = slot;
			continue;
		}
		/* whole words, padding included, as the compiled code compares */
		if (!memcmp(slot + XNIC_MAP_SLOT_KEY, r->key,
			    4 * xnic_map_hash_key_words(r->key_size)))
			return slot;
	}
	return NULL;
}

/* htab_map_update_elem()'s results; a new element's value goes in first. */
static uint32_t xnic_maps_hash_update(struct xnic_core *core,
				      const struct xnic_map_req *r)
{
	const uint8_t *value = core->mbox_data + XNIC_MAP_REQ_VALUE;
	uint8_t *free, *slot;
	uint32_t count;

	if (r->flags > 2)
		return XNIC_MAP_EINVAL;
	slot = xnic_maps_find(r, &free);
	if (slot) {
		if (r->flags == 1)
			return XNIC_MAP_EEXIST;
		memcpy(slot + r->value_off, value, r->value_size);
		return 0;
	}
	if (r->flags == 2)
		return XNIC_MAP_ENOENT;
	count = xnic_core_ld_le32(r->base + XNIC_MAP_HASH_COUNT);
	if (count >= r->max_entries || !free)
		return XNIC_MAP_E2BIG;
	memcpy(free + r->value_off, value, r->value_size);
	memcpy(free + XNIC_MAP_SLOT_KEY, r->key, r->key_size);
	xnic_core_st_le32(free + XNIC_MAP_SLOT_STATE, XNIC_MAP_SLOT_USED);
	xnic_core_st_le32(r->base + XNIC_MAP_HASH_COUNT, count + 1);
	return 0;
}

/* The key of the first used slot from b on, into the reply. */
static uint32_t xnic_maps_hash_next_from(struct xnic_core *core,
					 const struct xnic_map_req *r,
					 uint32_t b)
{
	uint8_t *slot;

	for (; b < r->buckets; b++) {
		slot = xnic_maps_slot(r, b);
		if (xnic_core_ld_le32(slot + XNIC_MAP_SLOT_STATE) != XNIC_MAP_SLOT_USED)
			continue;
		memcpy(core->mbox_data + XNIC_MAP_REQ_KEY, slot + XNIC_MAP_SLOT_KEY, r->key_size);
		return 0;
	}
	return XNIC_MAP_ENOENT;
}

static uint32_t xnic_maps_hash(struct xnic_core *core,
			       const struct xnic_map_req *r)
{
	uint8_t *free, *slot = NULL;

	if (r->op != XNIC_MAP_OP_UPDATE &&
	    !(r->op == XNIC_MAP_OP_GET_NEXT && r->flags & XNIC_MAP_F_FIRST))
		slot = xnic_maps_find(r, &free);
	switch (r->op) {
	case XNIC_MAP_OP_LOOKUP:
		if (!slot)
			return XNIC_MAP_ENOENT;
		memcpy(core->mbox_data + XNIC_MAP_REQ_VALUE, slot + r->value_off,
		       r->value_size);
		return 0;
	case XNIC_MAP_OP_UPDATE:
		return xnic_maps_hash_update(core, r);
	case XNIC_MAP_OP_DELETE:
		if (!slot)
			return XNIC_MAP_ENOENT;
		xnic_core_st_le32(slot + XNIC_MAP_SLOT_STATE, XNIC_MAP_SLOT_DELETED);
		xnic_core_st_le32(r->base + XNIC_MAP_HASH_COUNT,
				  xnic_core_ld_le32(r->base + XNIC_MAP_HASH_COUNT) - 1);
		return 0;
	default:
		/* htab_map_get_next_key(): a missing key restarts the walk */
		return xnic_maps_hash_next_from(core, r, slot ?
			(uint32_t)((slot - xnic_maps_slot(r, 0)) / r->stride) + 1 : 0);
	}
}

/* ---- the command ---- */

static bool xnic_maps_writes(const struct xnic_map_req *r)
{
	return r->op == XNIC_MAP_OP_UPDATE || r->op == XNIC_MAP_OP_DELETE ||
	       r->op == XNIC_MAP_OP_CLEAR;
}

static uint32_t xnic_maps_run(struct xnic_core *core,
			      const struct xnic_map_req *r)
{
	char msg[160];

	uint32_t err;

	if (!xnic_maps_writes(r))
		return r->type == XNIC_MAP_TYPE_ARRAY ? xnic_maps_array(core, r) :
		       xnic_maps_hash(core, r);
	if (xnic_card_drain(core, msg, sizeof(msg)))
		return XNIC_MAP_EBUSY;
	if (r->op == XNIC_MAP_OP_CLEAR) {
		memset(r->base, 0, r->size);
		err = 0;
	} else {
		err = r->type == XNIC_MAP_TYPE_ARRAY ? xnic_maps_array(core, r) :
		      xnic_maps_hash(core, r);
	}
	/* frames that arrived meanwhile run now */
	xnic_card_run(core);
	return err;
}

/*
 * MAP_OP: one operation on an offloaded map (regs.h XNIC_MAP_REQ_*).  Its
 * result goes to XNIC_MAP_REPLY_ERR; a malformed request is refused.
 */
uint32_t xnic_maps_op(struct xnic_core *core, uint32_t len)
{
	struct xnic_map_req r;
	const char *bad;
	uint32_t err;

	if (!core->fw_started)
		return xnic_env_refuse(core, "map operation refused",
				       "no firmware: no map area");
	bad = xnic_maps_parse(core, len, xnic_fw_map_area(core), &r);
	if (bad)
		return xnic_env_refuse(core, "map operation refused", bad);
	err = xnic_maps_run(core, &r);
	xnic_core_st_le32(core->mbox_data + XNIC_MAP_REPLY_ERR, err);
	*xnic_core_reg(core, XNIC_REG_MBOX_LEN) = XNIC_MAP_REQ_VALUE +
		(r.op == XNIC_MAP_OP_LOOKUP ? r.value_size : 0);
	xnic_env_trace(core, XNIC_TRACE_MAP_OP, r.op, r.addr, err);
	return XNIC_MBOX_DONE;
}
