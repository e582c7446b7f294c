// SPDX-License-Identifier: GPL-2.0-or-later
/* Compiled programs on the emulator: see xnic_cc_card.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>

#include "xnic_cc_card.h"
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

/* Puts one element into the card's hash table (docs/compiler.md, "Hash maps"). */
static void xnic_cc_card_hash_insert(uint8_t *emem, const struct xcc_map_place *p,
				     const struct xcc_map_desc *d, const uint8_t *key,
				     const uint8_t *value)
{
	uint32_t b = xnic_map_hash_bucket(key, d->key_size, p->buckets), n, count;
	uint32_t used = XNIC_MAP_SLOT_USED;

	for (n = 0; n < p->buckets; n++, b = (b + 1) & (p->buckets - 1)) {
		uint8_t *slot = emem + p->addr + xnic_map_hash_slot(d->key_size, d->value_size, b);

		if (slot[XNIC_MAP_SLOT_STATE] != XNIC_MAP_SLOT_EMPTY)
			continue;
		memcpy(slot + XNIC_MAP_SLOT_STATE, &used, 4);
		memcpy(slot + XNIC_MAP_SLOT_KEY, key, d->key_size);
		memcpy(slot + p->value_off, value, d->value_size);
		memcpy(&count, emem + p->addr + XNIC_MAP_HASH_COUNT, 4);
		count++;
		memcpy(emem + p->addr + XNIC_MAP_HASH_COUNT, &count, 4);
		return;
	}
}

static void xnic_cc_card_copy_hash(struct xnic_cc_card *c, unsigned int i, uint8_t *emem,
				   const struct xcc_map_place *p)
{
	struct xnic_cc_map_snapshot snap;
	unsigned int k;

	if (xnic_cc_map_snapshot(c->obj->maps[i], &snap) == 0)
		for (k = 0; k < snap.n; k++)
			xnic_cc_card_hash_insert(emem, p, &c->obj->descs[i],
						 snap.keys + (size_t)k * snap.key_size,
						 snap.values + (size_t)k * snap.value_size);
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
		if (d->type == BPF_MAP_TYPE_HASH)
			xnic_cc_card_copy_hash(c, i, emem, &place);
		if (d->type == BPF_MAP_TYPE_PERCPU_ARRAY)
			xnic_cc_card_copy_percpu(fd, d, emem, &place);
		if (d->type != BPF_MAP_TYPE_ARRAY)
			continue;
		for (k = 0; k < d->max_entries; k++)
			bpf_map_lookup_elem(fd, &k, emem + place.addr + (size_t)k * place.stride);
	}
}

int xnic_cc_card_open(struct xnic_cc_card *c, const struct xnic_cc_obj *obj,
		      const struct xcc_prog *prog)
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
	if (xnic_cc_card_image(prog, &img)) {
		snprintf(c->err, sizeof(c->err), "no compiled image");
		me_image_free(&img);
		return -1;
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

/* Used slots of the card's table, sorted by key like the kernel's snapshot. */
static int xnic_cc_card_hash_snapshot(const uint8_t *emem, const struct xcc_map_place *p,
				      const struct xcc_map_desc *d,
				      struct xnic_cc_map_snapshot *snap)
{
	uint32_t b;

	if (xnic_cc_card_snap_alloc(snap, d, p->buckets))
		return -ENOMEM;
	for (b = 0; b < p->buckets; b++) {
		const uint8_t *slot = emem + p->addr + xnic_map_hash_slot(d->key_size, d->value_size, b);

		if (slot[XNIC_MAP_SLOT_STATE] != XNIC_MAP_SLOT_USED)
			continue;
		memcpy(snap->keys + (size_t)snap->n * d->key_size, slot + XNIC_MAP_SLOT_KEY,
		       d->key_size);
		memcpy(snap->values + (size_t)snap->n * d->value_size, slot + p->value_off,
		       d->value_size);
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

int xnic_cc_card_map_snapshot(struct xnic_cc_card *c, unsigned int i,
			      struct xnic_cc_map_snapshot *snap)
{
	const struct xcc_map_desc *d = &c->obj->descs[i];
	struct xcc_map_place place;
	uint32_t emem_size, k;
	uint8_t *emem = me_card_mem(c->card, ME_MEM_EMEM, 0, &emem_size);

	memset(snap, 0, sizeof(*snap));
	if ((d->type != BPF_MAP_TYPE_ARRAY && d->type != BPF_MAP_TYPE_HASH &&
	     d->type != BPF_MAP_TYPE_PERCPU_ARRAY) ||
	    xcc_prog_map_place(c->prog, i, &place) || place.addr + place.size > emem_size)
		return -EOPNOTSUPP;
	snap->name = bpf_map__name(c->obj->maps[i]);
	if (d->type == BPF_MAP_TYPE_HASH)
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
