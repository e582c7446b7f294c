// SPDX-License-Identifier: GPL-2.0-or-later
/* Differential runs shared by the corpus and fuzz tests: see diff_common.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff_common.h"

struct diff_ctx {
	struct xnic_cc_obj *obj;
	struct xnic_cc_card *card;
	struct diff_report *rep;
	struct xnic_cc_result *card_res, *ref_res;
};

static void diff_note(struct diff_report *rep, const char *fmt, unsigned int a, const char *b)
{
	if (!rep->first_diff[0])
		snprintf(rep->first_diff, sizeof(rep->first_diff), fmt, a, b);
}

static void diff_note_bytes(struct diff_report *rep, unsigned int index,
			    const struct xnic_cc_result *c, const struct xnic_cc_result *r)
{
	unsigned int k = 0;

	while (c->data[k] == r->data[k])
		k++;
	if (!rep->first_diff[0])
		snprintf(rep->first_diff, sizeof(rep->first_diff),
			 "packet %u: output byte %u is %02x on the card, %02x in the kernel", index, k,
			 c->data[k], r->data[k]);
}

/*
 * The perf records a packet produced, as JSON lines: the kernel's from
 * xnic-cc's perf rings, the card's from its log (its other lines, the
 * trace output the kernel keeps to itself, left out).
 */
static char *diff_perf_records(struct diff_ctx *d, unsigned int index, int card)
{
	char *text = NULL, *line, *save = NULL, *out;
	size_t size = 0, n = 0;
	FILE *f = open_memstream(&text, &size);

	if (!f)
		return NULL;
	if (card)
		xnic_cc_card_print_log(d->card, f, index, 1);
	else
		xnic_cc_ref_print_perf(d->obj, f, index, 1);
	fclose(f);
	out = calloc(1, size + 1);
	for (line = strtok_r(text, "\n", &save); out && line; line = strtok_r(NULL, "\n", &save))
		if (strstr(line, "\"perf\":"))
			n += (size_t)sprintf(out + n, "%s\n", line);
	free(text);
	return out;
}

/* 1 when card and kernel wrote the same perf records for the packet. */
static int diff_same_records(struct diff_ctx *d, unsigned int index, const char *ref)
{
	char *card = diff_perf_records(d, index, 1);
	int same = card && ref && !strcmp(card, ref);

	free(card);
	return same;
}

static int diff_packet(void *opaque, unsigned int index, const unsigned char *pkt, size_t len)
{
	struct diff_ctx *d = opaque;
	struct xnic_cc_result *c = d->card_res, *r = d->ref_res;

	char *records;

	r->index = c->index = index;
	xnic_cc_ref_run(d->obj, pkt, len, r);
	records = diff_perf_records(d, index, 0);
	if (r->err) {
		d->rep->not_run++;	/* e.g. under 14 bytes: nothing to compare */
		free(records);
		return 0;
	}
	d->rep->packets++;
	if (xnic_cc_card_run(d->card, pkt, len, c)) {
		diff_note(d->rep, "packet %u: %s", index, d->card->err);
		free(records);
		return 0;
	}
	if (!diff_same_records(d, index, records))
		diff_note(d->rep, "packet %u: the perf records differ%s", index, "");
	else if (c->retval != r->retval)
		diff_note(d->rep, "packet %u: action differs (card %s)", index,
			  xnic_cc_action_name(c->retval));
	else if (c->len != r->len)
		diff_note(d->rep, "packet %u: output length differs%s", index, "");
	else if (memcmp(c->data, r->data, c->len))
		diff_note_bytes(d->rep, index, c, r);
	else
		d->rep->agreed++;
	free(records);
	return 0;
}

static int diff_same_snapshot(const struct xnic_cc_map_snapshot *a,
			      const struct xnic_cc_map_snapshot *b)
{
	return a->n == b->n && a->key_size == b->key_size && a->value_size == b->value_size &&
	       !memcmp(a->keys, b->keys, (size_t)a->n * a->key_size) &&
	       !memcmp(a->values, b->values, (size_t)a->n * a->value_size);
}

static int diff_is_lru(enum bpf_map_type type)
{
	return type == BPF_MAP_TYPE_LRU_HASH || type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/*
 * LRU maps (docs/testing.md, "LRU maps"): which elements an insert into a
 * full map evicts is the kernel's choice (approximate LRU over per-CPU free
 * lists, which 6.1 refills by evicting up to 128 elements at once, and
 * which later releases changed), so card and kernel may hold different
 * keys.  Asserted: neither holds more than max_entries, and every key both
 * hold has the same value (per-CPU maps: on every CPU).  Whether inserts
 * into a full map succeed and keep their value, the corpus programs show
 * in their output frames.
 */
static int diff_same_lru(const struct xnic_cc_map_snapshot *card,
			 const struct xnic_cc_map_snapshot *ref, unsigned int max_entries)
{
	size_t ks = card->key_size, vs = card->value_size;
	unsigned int i = 0, j = 0;
	int c;

	if (card->n > max_entries || ref->n > max_entries || ks != ref->key_size ||
	    vs != ref->value_size)
		return 0;
	while (i < card->n && j < ref->n) {
		c = memcmp(card->keys + i * ks, ref->keys + j * ks, ks);
		if (c == 0 && memcmp(card->values + i * vs, ref->values + j * vs, vs))
			return 0;
		i += c <= 0;
		j += c >= 0;
	}
	return 1;
}

/*
 * Every map of the object, compared after the run.  A map of a type the card
 * does not hold (the program cannot reference it, or it would not have
 * compiled) is counted apart; any other snapshot that fails is a difference,
 * never a silent skip.
 */
static void diff_maps(struct diff_ctx *d)
{
	unsigned int i;

	for (i = 0; i < d->obj->n_maps; i++) {
		struct xnic_cc_map_snapshot card = { 0 }, ref = { 0 };
		const char *name = bpf_map__name(d->obj->maps[i]);
		int card_err = xnic_cc_card_map_snapshot(d->card, i, &card);
		int ref_err = xnic_cc_map_snapshot(d->obj->maps[i], &ref);

		if (card_err == -EOPNOTSUPP) {
			d->rep->maps_not_held++;
		} else if (card_err || ref_err) {
			d->rep->maps_compared++;
			diff_note(d->rep, "map %u: its snapshot failed %s", i,
				  card_err ? "on the card" : "in the kernel");
		} else {
			struct bpf_map *map = d->obj->maps[i];

			d->rep->maps_compared++;
			if (diff_is_lru(bpf_map__type(map)) ?
			    diff_same_lru(&card, &ref, bpf_map__max_entries(map)) :
			    diff_same_snapshot(&card, &ref))
				d->rep->maps_agreed++;
			else
				diff_note(d->rep, "map %u (%s) differs after the run", i, name);
		}
		xnic_cc_map_snapshot_free(&card);
		xnic_cc_map_snapshot_free(&ref);
	}
}

struct diff_packets {
	const unsigned char *const *pkts;
	const size_t *lens;
	unsigned int n;
};

/* The packets come from a pcap file or from memory. */
static int diff_feed(struct diff_ctx *d, const char *pcap, const struct diff_packets *mem,
		     char *err, size_t errlen)
{
	unsigned int i;

	if (pcap)
		return xnic_cc_pcap_foreach(pcap, diff_packet, d, err, errlen);
	for (i = 0; i < mem->n; i++)
		diff_packet(d, i, mem->pkts[i], mem->lens[i]);
	return 0;
}

static int diff_run_any(struct xnic_cc_obj *obj, const struct xcc_prog *prog, const char *pcap,
			const struct diff_packets *mem, uint32_t istore, struct diff_report *rep)
{
	struct diff_ctx d = { obj, calloc(1, sizeof(*d.card)), rep,
			      calloc(1, sizeof(*d.card_res)), calloc(1, sizeof(*d.ref_res)) };
	char err[256];
	int r = -ENOMEM;

	memset(rep, 0, sizeof(*rep));
	if (!d.card || !d.card_res || !d.ref_res)
		goto out;
	r = -EIO;
	if (xnic_cc_card_open(d.card, obj, prog, istore)) {
		snprintf(rep->first_diff, sizeof(rep->first_diff), "card: %s", d.card->err);
		goto out;
	}
	r = diff_feed(&d, pcap, mem, err, sizeof(err));
	if (r)
		snprintf(rep->first_diff, sizeof(rep->first_diff), "%s", err);
	else
		diff_maps(&d);
	xnic_cc_card_close(d.card);
out:
	free(d.card);
	free(d.card_res);
	free(d.ref_res);
	return r;
}

int diff_run(struct xnic_cc_obj *obj, const struct xcc_prog *prog, const char *pcap,
	     struct diff_report *rep)
{
	return diff_run_any(obj, prog, pcap, NULL, 0, rep);
}

int diff_run_packets(struct xnic_cc_obj *obj, const struct xcc_prog *prog,
		     const unsigned char *const *pkts, const size_t *lens, unsigned int n,
		     uint32_t istore, struct diff_report *rep)
{
	const struct diff_packets mem = { pkts, lens, n };

	return diff_run_any(obj, prog, NULL, &mem, istore, rep);
}

static void *diff_alloc(void *opaque, size_t size)
{
	return calloc(1, size);
}

static void diff_free(void *opaque, void *ptr)
{
	free(ptr);
}

struct xcc_prog *diff_compile(const struct xnic_cc_obj *obj, char *why, size_t size)
{
	static const struct xcc_env env = { diff_alloc, diff_free, NULL, NULL };
	struct xcc_prog *prog = xcc_prog_new(&env, obj->insns, (u32)obj->n_insns, obj->descs,
					     obj->n_maps);

	if (!prog) {
		snprintf(why, size, "out of memory");
		return NULL;
	}
	xcc_prog_set_tail_programs(prog, obj->tail_starts, obj->n_tail);
	if (!xcc_compile(prog, NULL))
		return prog;
	snprintf(why, size, "%s", xcc_prog_error(prog));
	xcc_prog_free(prog);
	return NULL;
}

/*
 * The kernel's bpf_get_smp_processor_id() must match the card's single ME 0,
 * so the process runs on CPU 0.
 */
static int diff_pin_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : 0;
}

int diff_host_ready(const char *suite)
{
	int err;

	if (!xnic_cc_bpf_permitted()) {
		printf("SKIP: %s: host kernel %s: BPF is not permitted to this process\n", suite,
		       xnic_cc_host_release());
		return 0;
	}
	err = diff_pin_cpu0();
	if (err) {
		printf("SKIP: %s: host kernel %s: cannot run on CPU 0 (%s), so processor ids "
		       "would differ from the card's\n", suite, xnic_cc_host_release(),
		       strerror(-err));
		return 0;
	}
	return 1;
}
