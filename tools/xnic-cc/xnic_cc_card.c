// SPDX-License-Identifier: GPL-2.0-or-later
/* Compiled programs on the emulator: see xnic_cc_card.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>

#include "xnic_cc_card.h"
#include "xnic/card.h"
#include "xnic/maps.h"
#include "xnic/regs.h"

#define XNIC_CC_CARD_SLICE	(1u << 16)
#define XNIC_CC_CARD_BUDGET	(1ull << 26)	/* cycles per packet before "hung" */
#define XNIC_CC_MIN_FRAME	14		/* an Ethernet header: docs/device.md, XNIC_MIN_FRAME */
#define XNIC_CC_LOOPBACK_MTU	65536

/* Inside an I/O hook the ME's own counter is exact (me.h), card time is not. */
static unsigned long long xnic_cc_card_now(struct xnic_cc_card *c, unsigned me)
{
	struct me_counters cnt;

	return me_card_counters(c->card, me, &cnt) ? me_card_cycles(c->card) : cnt.cycles;
}

static int xnic_cc_card_rx(void *opaque, unsigned me, unsigned ctx, uint8_t *buf, uint32_t cap,
			   uint32_t *len, uint32_t *port)
{
	struct xnic_cc_card *c = opaque;

	if (!c->pending)
		return 0;
	c->pending = 0;
	*len = (uint32_t)(c->len < cap ? c->len : cap);
	memcpy(buf, c->pkt, *len);
	*port = 0;
	c->rx_cycles = xnic_cc_card_now(c, me);
	return 1;
}

/*
 * The redirect target the program left in its context's xdp_md block
 * (include/xnic/card.h), which the harness places at the bottom of the
 * context's equal share of local memory (xcc_isel_harness_frame()).
 */
static void xnic_cc_card_target(struct xnic_cc_card *c, unsigned me, unsigned ctx,
				struct xnic_cc_result *res)
{
	uint32_t lm_size, map, *md;
	uint8_t *lm = me_card_mem(c->card, ME_MEM_LM, me, &lm_size);

	res->has_target = 0;
	if (!lm)
		return;
	md = (uint32_t *)(lm + ctx * (lm_size / me_card_num_ctx(c->card)));
	map = md[XNIC_MD_REDIRECT_MAP / 4];
	res->has_target = 1;
	res->target_index = md[XNIC_MD_REDIRECT / 4];
	res->target_flags = md[XNIC_MD_REDIRECT_FLAGS / 4];
	res->target_map = map && map <= c->obj->n_maps ? bpf_map__name(c->obj->maps[map - 1]) : NULL;
}

/* The harness transmits every frame with its XDP action as destination. */
static int xnic_cc_card_tx(void *opaque, unsigned me, unsigned ctx, uint32_t dest,
			   const uint8_t *data, uint32_t len)
{
	struct xnic_cc_card *c = opaque;
	struct xnic_cc_result *res = c->res;

	if (c->done || len > sizeof(res->data))
		return 1;
	res->retval = dest;
	res->len = len;
	memcpy(res->data, data, len);
	res->has_cycles = 1;
	res->cycles = xnic_cc_card_now(c, me) - c->rx_cycles;
	xnic_cc_card_target(c, me, ctx, res);
	c->done = 1;
	if (c->trace) {
		c->trace->cycles += res->cycles;
		c->trace->packets++;
	}
	return 0;
}

/*
 * The card CSR compiled code reads (bpf_check_mtu): the MTU of the device
 * BPF_PROG_TEST_RUN presents, the loopback's (loopback_setup()).  Any other
 * card CSR faults, as on xnic.
 */
static int xnic_cc_card_csr_read(void *opaque, unsigned me, unsigned ctx, uint32_t csr,
				 uint32_t *val)
{
	if (csr != XNIC_CSR_MTU)
		return -1;
	*val = XNIC_CC_LOOPBACK_MTU;
	return 0;
}

static const struct me_io_ops xnic_cc_card_ops = {
	.rx = xnic_cc_card_rx,
	.tx = xnic_cc_card_tx,
	.csr_read = xnic_cc_card_csr_read,
};

static int xnic_cc_card_image(const struct xcc_prog *prog, struct me_image *img)
{
	struct xcc_image_info info;

	memset(img, 0, sizeof(*img));
	if (xcc_prog_image(prog, &info))
		return -1;
	img->contexts = info.contexts;
	img->entry = info.entry_harness;
	img->ncode = info.n_code;
	img->code = malloc(info.n_code * sizeof(*img->code) + 1);
	img->syms = calloc(2, sizeof(*img->syms));
	if (!img->code || !img->syms)
		return -1;
	memcpy(img->code, info.code, info.n_code * sizeof(*img->code));
	img->nsyms = 2;
	img->syms[0] = (struct me_image_sym){ strdup("xdp_main"), info.entry_main, ME_SECT_CODE };
	img->syms[1] = (struct me_image_sym){ strdup("harness"), info.entry_harness, ME_SECT_CODE };
	return img->syms[0].name && img->syms[1].name ? 0 : -1;
}

int xnic_cc_card_save(const struct xcc_prog *prog, const char *path, char *err, size_t errlen)
{
	struct me_image img;
	int r = -1;

	if (xnic_cc_card_image(prog, &img))
		snprintf(err, errlen, "no compiled image");
	else
		r = me_image_save_file(path, &img, err, errlen);
	me_image_free(&img);
	return r;
}

static int xnic_cc_card_is_hash(enum bpf_map_type type)
{
	return type == BPF_MAP_TYPE_HASH || type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_LRU_HASH || type == BPF_MAP_TYPE_LRU_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_HASH_OF_MAPS;
}

static int xnic_cc_card_is_outer(enum bpf_map_type type)
{
	return type == BPF_MAP_TYPE_ARRAY_OF_MAPS || type == BPF_MAP_TYPE_HASH_OF_MAPS;
}

static uint32_t xnic_cc_card_map_id(const struct bpf_map *map)
{
	struct bpf_map_info info;
	uint32_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bpf_obj_get_info_by_fd(bpf_map__fd(map), &info, &len) ? 0 : info.id;
}

/*
 * A map of maps' element: the kernel shows the inner map's id, the card
 * holds its address (include/xnic/maps.h).  Converts *v (4 bytes) either
 * way; a map that is not the object's, or not placed, becomes 0.
 */
static void xnic_cc_card_inner(const struct xnic_cc_card *c, uint8_t *v, int to_card)
{
	struct xcc_map_place p;
	uint32_t from, to = 0;
	unsigned int j;

	memcpy(&from, v, 4);
	for (j = 0; from && j < c->obj->n_maps; j++) {
		if (xcc_prog_map_place(c->prog, j, &p))
			continue;
		if (to_card && xnic_cc_card_map_id(c->obj->maps[j]) == from)
			to = p.addr;
		if (!to_card && p.addr == from)
			to = xnic_cc_card_map_id(c->obj->maps[j]);
	}
	memcpy(v, &to, 4);
}

/*
 * Bytes of a value as user space sees it: per-CPU maps (copies > 1) hold
 * one value per possible CPU, each rounded up to 8 bytes (libbpf's layout).
 */
static uint32_t xnic_cc_card_user_value_size(const struct xcc_map_place *p,
					     const struct xcc_map_desc *d)
{
	if (p->copies == 1)
		return d->value_size;
	return xnic_map_value_stride(d->value_size) * (uint32_t)libbpf_num_possible_cpus();
}

/*
 * Between a slot's values and user space's: CPU n is ME n's copy; CPUs
 * beyond the card's copies read as zeros and are not written.
 */
static void xnic_cc_card_slot_values(uint8_t *slot_values, uint8_t *user,
				     const struct xcc_map_place *p,
				     const struct xcc_map_desc *d, int to_user)
{
	uint32_t stride = xnic_map_value_stride(d->value_size), cpu;
	uint32_t ncpu = p->copies == 1 ? 1 : (uint32_t)libbpf_num_possible_cpus();

	for (cpu = 0; cpu < ncpu && cpu < p->copies; cpu++) {
		if (to_user)
			memcpy(user + cpu * stride, slot_values + cpu * stride, d->value_size);
		else
			memcpy(slot_values + cpu * stride, user + cpu * stride, d->value_size);
	}
}

/*
 * Puts one element into the first empty slot from slot `first` on, as the
 * card's code does (docs/compiler.md, "Hash maps", "LPM tries"): a hash
 * map's probe starts at the key's bucket, an LPM trie's scan at slot 0.
 */
static void xnic_cc_card_insert(uint8_t *emem, const struct xcc_map_place *p,
				const struct xcc_map_desc *d, uint32_t first,
				const uint8_t *key, uint8_t *value)
{
	uint32_t b = first, n, count, used = XNIC_MAP_SLOT_USED;

	for (n = 0; n < p->buckets; n++, b = (b + 1) % p->buckets) {
		uint8_t *slot = emem + p->addr + XNIC_MAP_HASH_SLOTS + (size_t)b * p->stride;

		if (slot[XNIC_MAP_SLOT_STATE] != XNIC_MAP_SLOT_EMPTY)
			continue;
		memcpy(slot + XNIC_MAP_SLOT_STATE, &used, 4);
		memcpy(slot + XNIC_MAP_SLOT_KEY, key, d->key_size);
		xnic_cc_card_slot_values(slot + p->value_off, value, p, d, 0);
		memcpy(&count, emem + p->addr + XNIC_MAP_HASH_COUNT, 4);
		count++;
		memcpy(emem + p->addr + XNIC_MAP_HASH_COUNT, &count, 4);
		return;
	}
}

static void xnic_cc_card_copy_hash(struct xnic_cc_card *c, unsigned int i, uint8_t *emem,
				   const struct xcc_map_place *p)
{
	const struct xcc_map_desc *d = &c->obj->descs[i];
	struct xnic_cc_map_snapshot snap;
	unsigned int k;

	if (xnic_cc_map_snapshot(c->obj->maps[i], &snap) == 0)
		for (k = 0; k < snap.n; k++) {
			const uint8_t *key = snap.keys + (size_t)k * snap.key_size;
			uint8_t *value = snap.values + (size_t)k * snap.value_size;

			uint32_t first = d->type == BPF_MAP_TYPE_LPM_TRIE ? 0 :
					 xnic_map_hash_bucket(key, d->key_size, p->buckets);

			if (xnic_cc_card_is_outer(d->type))
				xnic_cc_card_inner(c, value, 1);
			xnic_cc_card_insert(emem, p, d, first, key, value);
		}
	xnic_cc_map_snapshot_free(&snap);
}

/* CPU n's values go to ME n's copy (for the MEs the card keeps copies of). */
static void xnic_cc_card_copy_percpu(int fd, const struct xcc_map_desc *d, uint8_t *emem,
				     const struct xcc_map_place *p)
{
	unsigned int ncpu = (unsigned int)libbpf_num_possible_cpus(), cpu, k;
	uint8_t *values = calloc(ncpu, p->stride);

	for (k = 0; values && k < d->max_entries; k++) {
		if (bpf_map_lookup_elem(fd, &k, values))
			continue;
		for (cpu = 0; cpu < ncpu && cpu < p->copies; cpu++)
			memcpy(emem + p->addr + ((size_t)cpu * d->max_entries + k) * p->stride,
			       values + (size_t)cpu * p->stride, d->value_size);
	}
	free(values);
}

/* DEVMAP, CPUMAP and XSKMAP: arrays of entries (include/xnic/maps.h). */
static int xnic_cc_card_redirect_indexed(enum bpf_map_type type)
{
	return type == BPF_MAP_TYPE_DEVMAP || type == BPF_MAP_TYPE_CPUMAP ||
	       type == BPF_MAP_TYPE_XSKMAP;
}

/*
 * The entries the kernel shows: a DEVMAP's {ifindex, program}, a CPUMAP's
 * {qsize, program}; an absent one stays zero.  The kernel answers no
 * lookup of an XSKMAP from user space (EOPNOTSUPP), so the card's copy of
 * an XSKMAP starts empty.
 */
static void xnic_cc_card_copy_indexed(int fd, const struct xcc_map_desc *d, uint8_t *emem,
				      const struct xcc_map_place *p)
{
	uint32_t k;

	for (k = 0; k < d->max_entries; k++)
		bpf_map_lookup_elem(fd, &k, emem + p->addr + (size_t)k * p->stride);
}

/* Entry k of a PERF_EVENT_ARRAY: CPU k's event, where xnic-cc opened one (maps.h). */
static void xnic_cc_card_copy_perf(const struct xnic_cc_perf *pe, uint8_t *emem,
				   const struct xcc_map_place *p)
{
	uint32_t k, cpu1;

	for (k = 0; k < pe->n; k++) {
		cpu1 = k + 1;
		if (pe->fd[k] >= 0)
			memcpy(emem + p->addr + (size_t)k * p->stride, &cpu1, 4);
	}
}

/* Program k's number on the card plus one, from its kernel id; 0 for none. */
static uint32_t xnic_cc_card_prog_slot(const struct xnic_cc_obj *obj, uint32_t id)
{
	unsigned int k;

	for (k = 0; k <= obj->n_tail; k++)
		if (obj->prog_ids[k] == id)
			return k + 1;
	return 0;
}

/* A PROG_ARRAY's slots hold program ids in the kernel, program numbers on the card (maps.h). */
static void xnic_cc_card_copy_progs(const struct xnic_cc_obj *obj, int fd,
				    const struct xcc_map_desc *d, uint8_t *emem,
				    const struct xcc_map_place *p)
{
	uint32_t k, id, slot;

	for (k = 0; k < d->max_entries; k++) {
		if (bpf_map_lookup_elem(fd, &k, &id))
			continue;
		slot = xnic_cc_card_prog_slot(obj, id);
		memcpy(emem + p->addr + (size_t)k * p->stride, &slot, 4);
	}
}

/* Map contents as the host kernel holds them: global data, --map entries. */
static void xnic_cc_card_copy_maps(struct xnic_cc_card *c)
{
	uint32_t emem_size, k;
	uint8_t *emem = me_card_mem(c->card, ME_MEM_EMEM, 0, &emem_size);
	unsigned int i;

	for (i = 0; i < c->obj->n_maps; i++) {
		const struct xcc_map_desc *d = &c->obj->descs[i];
		struct xcc_map_place place;
		int fd = bpf_map__fd(c->obj->maps[i]);

		if (xcc_prog_map_place(c->prog, i, &place) || place.addr + place.size > emem_size)
			continue;
		if (xnic_cc_card_is_hash(d->type) || d->type == BPF_MAP_TYPE_LPM_TRIE)
			xnic_cc_card_copy_hash(c, i, emem, &place);
		if (d->type == BPF_MAP_TYPE_PERCPU_ARRAY)
			xnic_cc_card_copy_percpu(fd, d, emem, &place);
		if (d->type == BPF_MAP_TYPE_DEVMAP_HASH)
			xnic_cc_card_copy_hash(c, i, emem, &place);
		if (xnic_cc_card_redirect_indexed(d->type))
			xnic_cc_card_copy_indexed(fd, d, emem, &place);
		if (d->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY)
			xnic_cc_card_copy_perf(&c->obj->perf[i], emem, &place);
		if (d->type == BPF_MAP_TYPE_PROG_ARRAY)
			xnic_cc_card_copy_progs(c->obj, fd, d, emem, &place);
		if (d->type == BPF_MAP_TYPE_ARRAY_OF_MAPS)
			for (k = 0; k < d->max_entries; k++) {
				uint8_t *v = emem + place.addr + (size_t)k * place.stride;

				if (!bpf_map_lookup_elem(fd, &k, v))
					xnic_cc_card_inner(c, v, 1);
			}
		if (d->type != BPF_MAP_TYPE_ARRAY)
			continue;
		for (k = 0; k < d->max_entries; k++)
			bpf_map_lookup_elem(fd, &k, emem + place.addr + (size_t)k * place.stride);
	}
}

/*
 * A program larger than the instruction store is refused before loading,
 * naming what would fit it: the store xnic-cc's card needs, which is what
 * the xnic device's me-istore property sets (docs/compiler.md, "xnic-cc").
 */
static int xnic_cc_card_fits(struct xnic_cc_card *c, const struct me_image *img,
			     uint32_t istore)
{
	struct xcc_stats st;

	if (img->ncode <= istore)
		return 0;
	xcc_prog_stats(c->prog, &st);
	snprintf(c->err, sizeof(c->err),
		 "the image needs %u card instructions (%u of the program, %u of its runtime "
		 "routines and the harness), the card's instruction store holds %u: run with "
		 "--me-istore %u (the xnic device's me-istore property)",
		 img->ncode, st.card_insns, st.runtime_insns, istore, img->ncode);
	return -1;
}

int xnic_cc_card_open(struct xnic_cc_card *c, const struct xnic_cc_obj *obj,
		      const struct xcc_prog *prog, uint32_t istore)
{
	struct me_card_config cfg;
	struct me_image img;
	int r;

	memset(c, 0, sizeof(*c));
	c->obj = obj;
	c->prog = prog;
	me_card_config_default(&cfg);
	cfg.n_me = 1;
	cfg.ops = &xnic_cc_card_ops;
	cfg.opaque = c;
	if (istore)
		cfg.istore_size = istore;
	if (xnic_cc_card_image(prog, &img)) {
		snprintf(c->err, sizeof(c->err), "no compiled image");
		me_image_free(&img);
		return -1;
	}
	if (xnic_cc_card_fits(c, &img, cfg.istore_size)) {
		me_image_free(&img);
		return -E2BIG;
	}
	r = me_card_create(&cfg, &c->card, c->err, sizeof(c->err));
	if (!r)
		r = me_card_load(c->card, &img, c->err, sizeof(c->err));
	me_image_free(&img);
	if (!r)
		xnic_cc_card_copy_maps(c);
	return r;
}

void xnic_cc_card_close(struct xnic_cc_card *c)
{
	if (c->card)
		me_card_destroy(c->card);
	c->card = NULL;
}

/* Each packet starts with an empty card log. */
static void xnic_cc_card_log_reset(struct xnic_cc_card *c)
{
	uint32_t size;
	uint8_t *emem = me_card_mem(c->card, ME_MEM_EMEM, 0, &size);

	if (emem && size >= XNIC_EMEM_LOG + XNIC_LOG_RECORDS)
		memset(emem + XNIC_EMEM_LOG, 0, XNIC_LOG_RECORDS);
}

static enum me_stop xnic_cc_card_slice(struct xnic_cc_card *c, struct me_stop_info *info)
{
	if (c->trace)
		return xnic_cc_trace_run(c->trace, c->card, XNIC_CC_CARD_SLICE, info);
	return me_card_run(c->card, XNIC_CC_CARD_SLICE, info);
}

int xnic_cc_card_run(struct xnic_cc_card *c, const unsigned char *pkt, size_t len,
		     struct xnic_cc_result *res)
{
	unsigned long long start = me_card_cycles(c->card);
	struct me_stop_info info;
	enum me_stop stop = ME_STOP_IDLE;

	res->err = 0;
	res->len = 0;
	res->retval = 0;
	if (len < XNIC_CC_MIN_FRAME) {
		/* the card's MAC drops it, as BPF_PROG_TEST_RUN refuses it */
		res->err = -EINVAL;
		return 0;
	}
	xnic_cc_card_log_reset(c);
	c->pkt = pkt;
	c->len = len;
	c->pending = 1;
	c->done = 0;
	c->res = res;
	while (!c->done && me_card_cycles(c->card) - start < XNIC_CC_CARD_BUDGET) {
		stop = xnic_cc_card_slice(c, &info);
		if (stop == ME_STOP_FAULT || stop == ME_STOP_WATCHDOG || stop == ME_STOP_HALTED)
			break;
		if (stop == ME_STOP_IDLE && !c->pending && !c->done)
			break;
	}
	/* let posted writes complete before anyone looks at the maps */
	while (c->done && stop != ME_STOP_IDLE && stop != ME_STOP_HALTED &&
	       me_card_cycles(c->card) - start < XNIC_CC_CARD_BUDGET)
		stop = xnic_cc_card_slice(c, &info);
	if (c->done)
		return 0;
	if (stop == ME_STOP_FAULT)
		snprintf(c->err, sizeof(c->err), "packet %u: the card faulted at pc %u: %s",
			 res->index, info.pc, info.msg);
	else
		snprintf(c->err, sizeof(c->err), "packet %u: the card %s", res->index,
			 stop == ME_STOP_WATCHDOG ? "hit the watchdog" : "did not transmit it");
	res->err = -EIO;
	return -EIO;
}

static int xnic_cc_card_snap_alloc(struct xnic_cc_map_snapshot *snap,
				   const struct xcc_map_desc *d, uint32_t n)
{
	snap->key_size = d->key_size;
	snap->value_size = d->value_size;
	snap->keys = calloc(n + 1, d->key_size);
	snap->values = calloc(n + 1, d->value_size);
	return snap->keys && snap->values ? 0 : -ENOMEM;
}

/* Used slots of the card's table (or LPM trie), sorted by key like the kernel's snapshot. */
static int xnic_cc_card_hash_snapshot(uint8_t *emem, const struct xcc_map_place *p,
				      const struct xcc_map_desc *d,
				      struct xnic_cc_map_snapshot *snap)
{
	uint32_t b;

	snap->key_size = d->key_size;
	snap->value_size = xnic_cc_card_user_value_size(p, d);
	snap->keys = calloc(p->buckets + 1, d->key_size);
	snap->values = calloc(p->buckets + 1, snap->value_size);
	if (!snap->keys || !snap->values)
		return -ENOMEM;
	for (b = 0; b < p->buckets; b++) {
		uint8_t *slot = emem + p->addr + XNIC_MAP_HASH_SLOTS + (size_t)b * p->stride;

		/* the low byte: LRU maps keep a reference bit above it */
		if (slot[XNIC_MAP_SLOT_STATE] != XNIC_MAP_SLOT_USED)
			continue;
		memcpy(snap->keys + (size_t)snap->n * d->key_size, slot + XNIC_MAP_SLOT_KEY,
		       d->key_size);
		xnic_cc_card_slot_values(slot + p->value_off,
					 snap->values + (size_t)snap->n * snap->value_size, p, d, 1);
		snap->n++;
	}
	return xnic_cc_map_sort(snap);
}

/*
 * In the kernel's per-CPU layout (each CPU's value rounded up to 8 bytes):
 * CPU n shows ME n's copy; CPUs beyond the card's copies show zeros.
 */
static int xnic_cc_card_percpu_snapshot(const uint8_t *emem, const struct xcc_map_place *p,
					const struct xcc_map_desc *d,
					struct xnic_cc_map_snapshot *snap)
{
	unsigned int ncpu = (unsigned int)libbpf_num_possible_cpus(), cpu;
	uint32_t k;

	snap->key_size = d->key_size;
	snap->value_size = p->stride * ncpu;
	snap->keys = calloc(d->max_entries + 1, d->key_size);
	snap->values = calloc(d->max_entries + 1, snap->value_size);
	if (!snap->keys || !snap->values)
		return -ENOMEM;
	for (k = 0; k < d->max_entries; k++) {
		memcpy(snap->keys + (size_t)k * d->key_size, &k, sizeof(k));
		for (cpu = 0; cpu < ncpu && cpu < p->copies; cpu++)
			memcpy(snap->values + (size_t)k * snap->value_size + (size_t)cpu * p->stride,
			       emem + p->addr + ((size_t)cpu * d->max_entries + k) * p->stride,
			       d->value_size);
	}
	snap->n = d->max_entries;
	return xnic_cc_map_sort(snap);
}

/* A redirect map's or PROG_ARRAY's entries, as the kernel lists them: present ones only. */
static int xnic_cc_card_redirect_snapshot(struct xnic_cc_card *c, unsigned int i,
					  struct xnic_cc_map_snapshot *snap)
{
	const struct xcc_map_desc *d = &c->obj->descs[i];
	struct xcc_map_place p;
	uint32_t emem_size, k, first;
	uint8_t *emem = me_card_mem(c->card, ME_MEM_EMEM, 0, &emem_size);

	if (xcc_prog_map_place(c->prog, i, &p) || p.addr + p.size > emem_size)
		return -EOPNOTSUPP;
	snap->name = bpf_map__name(c->obj->maps[i]);
	if (d->type == BPF_MAP_TYPE_DEVMAP_HASH)
		return xnic_cc_card_hash_snapshot(emem, &p, d, snap);
	if (xnic_cc_card_snap_alloc(snap, d, d->max_entries))
		return -ENOMEM;
	for (k = 0; k < d->max_entries; k++) {
		const uint8_t *v = emem + p.addr + (size_t)k * p.stride;
		uint8_t *value = snap->values + (size_t)snap->n * d->value_size;

		memcpy(&first, v, 4);
		if (!first)
			continue;
		memcpy(snap->keys + (size_t)snap->n * d->key_size, &k, sizeof(k));
		memcpy(value, v, d->value_size);
		/* a PROG_ARRAY shows its programs' ids, as the kernel's does */
		if (d->type == BPF_MAP_TYPE_PROG_ARRAY && first <= c->obj->n_tail + 1)
			memcpy(value, &c->obj->prog_ids[first - 1], 4);
		snap->n++;
	}
	return xnic_cc_map_sort(snap);
}

static int xnic_cc_card_snapshot(struct xnic_cc_card *c, unsigned int i,
				 struct xnic_cc_map_snapshot *snap)
{
	const struct xcc_map_desc *d = &c->obj->descs[i];
	struct xcc_map_place place;
	uint32_t emem_size, k;
	uint8_t *emem = me_card_mem(c->card, ME_MEM_EMEM, 0, &emem_size);

	memset(snap, 0, sizeof(*snap));
	if (d->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY)
		return -EOPNOTSUPP;	/* perf events: the kernel lists none to user space */
	if (d->type == BPF_MAP_TYPE_DEVMAP_HASH || xnic_cc_card_redirect_indexed(d->type) ||
	    d->type == BPF_MAP_TYPE_PROG_ARRAY || d->type == BPF_MAP_TYPE_ARRAY_OF_MAPS)
		return xnic_cc_card_redirect_snapshot(c, i, snap);
	if ((d->type != BPF_MAP_TYPE_ARRAY && d->type != BPF_MAP_TYPE_PERCPU_ARRAY &&
	     d->type != BPF_MAP_TYPE_LPM_TRIE && !xnic_cc_card_is_hash(d->type)) ||
	    xcc_prog_map_place(c->prog, i, &place) || place.addr + place.size > emem_size)
		return -EOPNOTSUPP;
	snap->name = bpf_map__name(c->obj->maps[i]);
	if (xnic_cc_card_is_hash(d->type) || d->type == BPF_MAP_TYPE_LPM_TRIE)
		return xnic_cc_card_hash_snapshot(emem, &place, d, snap);
	if (d->type == BPF_MAP_TYPE_PERCPU_ARRAY)
		return xnic_cc_card_percpu_snapshot(emem, &place, d, snap);
	if (xnic_cc_card_snap_alloc(snap, d, d->max_entries))
		return -ENOMEM;
	for (k = 0; k < d->max_entries; k++) {
		memcpy(snap->keys + (size_t)k * d->key_size, &k, sizeof(k));
		memcpy(snap->values + (size_t)k * d->value_size,
		       emem + place.addr + (size_t)k * place.stride, d->value_size);
	}
	snap->n = d->max_entries;
	/* keys in the kernel snapshot's byte order: index order only below 256 */
	return xnic_cc_map_sort(snap);
}

int xnic_cc_card_map_snapshot(struct xnic_cc_card *c, unsigned int i,
			      struct xnic_cc_map_snapshot *snap)
{
	int err = xnic_cc_card_snapshot(c, i, snap);
	unsigned int k;

	/* a map of maps shows its inner maps' ids, as the kernel's does */
	for (k = 0; !err && xnic_cc_card_is_outer(c->obj->descs[i].type) && k < snap->n; k++)
		xnic_cc_card_inner(c, snap->values + (size_t)k * snap->value_size, 0);
	return err;
}

/*
 * s as a JSON string's contents; a byte above 0x7f (the kernel's trace
 * buffer holds bytes, not UTF-8) becomes the code point of the same value.
 */
static void xnic_cc_json_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch < 0x20 || ch > 0x7e)
			fprintf(out, "\\u%04x", ch);
		else
			fputc(ch, out);
	}
}

static void xnic_cc_card_print_trace(FILE *out, const uint8_t *emem, uint32_t emem_size,
				     const uint8_t *rec, uint32_t len, unsigned int packet, int json)
{
	char line[XNIC_LOG_TRACE_TEXT_MAX + 1];
	uint32_t fmt_addr;

	memcpy(&fmt_addr, rec + XNIC_LOG_TRACE_FMT, 4);
	if (fmt_addr >= emem_size)
		return;
	xcc_trace_format(rec, len, (const char *)emem + fmt_addr, emem_size - fmt_addr, line,
			 sizeof(line));
	if (!json) {
		fprintf(out, "  trace: %s\n", line);
		return;
	}
	fprintf(out, "{\"packet\":%u,\"trace\":\"", packet);
	xnic_cc_json_escape(out, line);
	fputs("\"}\n", out);
}

/* A perf record as the kernel's ring delivers it (xnic_cc_print_perf()). */
static void xnic_cc_card_print_perf(FILE *out, const uint8_t *rec, uint32_t len,
				    unsigned int packet, int json)
{
	uint32_t cpu, size;

	memcpy(&cpu, rec + XNIC_LOG_PERF_CPU, 4);
	memcpy(&size, rec + XNIC_LOG_PERF_SIZE, 4);
	if (size <= len - XNIC_LOG_PERF_DATA)
		xnic_cc_print_perf(out, packet, cpu, rec + XNIC_LOG_PERF_DATA, size, json);
}

void xnic_cc_card_print_log(struct xnic_cc_card *c, FILE *out, unsigned int packet, int json)
{
	uint32_t size, head, lost, off, len, type;
	const uint8_t *emem = me_card_mem(c->card, ME_MEM_EMEM, 0, &size);
	const uint8_t *log = emem + XNIC_EMEM_LOG;

	if (!emem || size < XNIC_EMEM_LOG + XNIC_LOG_SIZE)
		return;
	memcpy(&head, log + XNIC_LOG_HEAD, 4);
	memcpy(&lost, log + XNIC_LOG_LOST, 4);
	for (off = XNIC_LOG_RECORDS; off - XNIC_LOG_RECORDS < head; off += len) {
		memcpy(&len, log + off + XNIC_LOG_REC_LEN, 4);
		memcpy(&type, log + off + XNIC_LOG_REC_TYPE, 4);
		if (len < 8 || len % 8 || len > XNIC_LOG_SIZE - off)
			break;
		if (type == XNIC_LOG_TRACE && len >= XNIC_LOG_TRACE_STRS)
			xnic_cc_card_print_trace(out, emem, size, log + off, len, packet, json);
		if (type == XNIC_LOG_PERF && len >= XNIC_LOG_PERF_DATA)
			xnic_cc_card_print_perf(out, log + off, len, packet, json);
	}
	if (lost && json)
		fprintf(out, "{\"packet\":%u,\"log_lost\":%u}\n", packet, lost);
	else if (lost)
		fprintf(out, "  log: %u records lost: the card log is full\n", lost);
}
