// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic perf records: bpf_perf_event_output from an offloaded program
 * reaches user space (docs/driver.md "Perf records").
 *
 * 6.1 lets an offloaded program use one kind of host map, a
 * PERF_EVENT_ARRAY (bpf_map_offload_neutral()).  The program is compiled
 * with the map's id (xcc_map_desc.host_id) and the address of the map's
 * slot table on the card (include/xnic/maps.h), which says at which
 * indices the host map has a perf event and which index BPF_F_CURRENT_CPU
 * stands for: the lowest with an event, a card being no CPU of the host.
 * The card returns the kernel's errors from it (-E2BIG, -ENOENT) and
 * appends each record to its program log (include/xnic/card.h,
 * XNIC_LOG_PERF_HOST), raising XNIC_MISC_LOG once its microengines are
 * idle.  The work here takes the records out with LOG_READ and hands each
 * to bpf_event_output() on the host map, on the CPU of the perf event its
 * index names (the kernel checks that the event is on the CPU it runs on).
 *
 * The kernel tells a driver nothing when user space puts an event into
 * or takes it out of a PERF_EVENT_ARRAY, so the slot tables follow the
 * host maps every XNIC_PERF_REFRESH: for that long after a reader opens
 * its events the card still returns -ENOENT, and after it closes them
 * the card's records fail on the host (debugfs perf "failed").
 *
 * bpf_trace_printk records become text as xnic-cc prints it
 * (xcc_trace_format()) and go to the kernel's trace buffer, in the trace
 * instance "xnic" (/sys/kernel/tracing/instances/xnic/trace), each line
 * prefixed with the interface's name: bpf_trace_printk users read a trace
 * buffer, and an instance of its own keeps the card's lines out of the
 * global one that other programs write.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/debugfs.h>
#include <linux/perf_event.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include <linux/trace.h>

#include "xnic.h"
#include "xnic_offload.h"
#include "xnic/maps.h"

/* The "xnic" trace instance, shared by every card; NULL: records counted only. */
static struct trace_array *xnic_perf_trace_array;

/**
 * xnic_perf_is_host_map - a map an offloaded program may use on the host
 * @map: a map the verifier resolved for a program bound to an xnic
 *
 * Return: true for a PERF_EVENT_ARRAY, which 6.1 never offloads.
 */
bool xnic_perf_is_host_map(const struct bpf_map *map)
{
	return map->map_type == BPF_MAP_TYPE_PERF_EVENT_ARRAY;
}

#define XNIC_PERF_REFRESH	(HZ / 10)
/* a slot table word whose write failed: the card may hold anything there */
#define XNIC_PERF_WORD_UNKNOWN	U32_MAX

/**
 * struct xnic_perf_table - the card's slot table of a host PERF_EVENT_ARRAY
 * @area: its room in the card's map area (area.offmap NULL)
 * @node: in adapter->perf.tables
 * @map: the host map; the programs using the table hold it
 * @users: programs and compilations using the table
 * @words: what the card's entries hold, map->max_entries + 1 of them
 */
struct xnic_perf_table {
	struct xnic_offload_map area;
	struct list_head node;
	struct bpf_map *map;
	u32 users;
	u32 words[];
};

/**
 * xnic_perf_map_desc - the compiler's view of a host PERF_EVENT_ARRAY
 * @t: its slot table on the card
 * @d: filled: the slot table's address, records named by the map's id
 */
void xnic_perf_map_desc(const struct xnic_perf_table *t, struct xcc_map_desc *d)
{
	*d = (struct xcc_map_desc){
		.type = t->map->map_type,
		.key_size = t->map->key_size,
		.value_size = t->map->value_size,
		.max_entries = t->map->max_entries,
		.addr = t->area.addr,
		.host_id = t->map->id,
	};
	strscpy(d->name, t->map->name, sizeof(d->name));
}

/* Whether the host map has a perf event at index (no dereference: no RCU). */
static bool xnic_perf_has_event(struct bpf_map *map, u32 index)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);

	return READ_ONCE(array->ptrs[index]);
}

/* The card's table as an array of u32, for MAP_OP. */
static struct xnic_map_req_head xnic_perf_table_req(const struct xnic_perf_table *t,
						  u32 op)
{
	return (struct xnic_map_req_head){
		.op = op,
		.type = XNIC_MAP_TYPE_ARRAY,
		.addr = t->area.addr,
		.key_size = sizeof(u32),
		.value_size = sizeof(u32),
		.max_entries = t->map->max_entries + 1,
	};
}

/* Entry k of the card's table to word; a failure leaves it unknown. */
static void xnic_perf_table_write(struct xnic_perf_table *t, u32 k, u32 word)
{
	struct xnic_map_req_head req = xnic_perf_table_req(t, XNIC_MAP_OP_UPDATE);
	__le32 key = cpu_to_le32(k), value = cpu_to_le32(word);

	if (t->words[k] == word)
		return;
	t->words[k] = xnic_fw_map_op(t->area.adapter, &req, &key, &value, NULL) ?
		      XNIC_PERF_WORD_UNKNOWN : word;
}

/* All of the card's table to zero (no event), or all unknown. */
static void xnic_perf_table_clear(struct xnic_perf_table *t)
{
	struct xnic_map_req_head req = xnic_perf_table_req(t, XNIC_MAP_OP_CLEAR);
	bool cleared = !xnic_fw_map_op(t->area.adapter, &req, NULL, NULL, NULL);

	memset(t->words, cleared ? 0 : 0xff,
	       (t->map->max_entries + 1) * sizeof(*t->words));
}

/*
 * The card's table to the host map's events.  Entries gaining an event
 * are written before the BPF_F_CURRENT_CPU entry may name them, those
 * losing one after it stopped: the card never finds the index it names
 * empty for longer than the event is gone.
 */
static void xnic_perf_table_sync(struct xnic_perf_table *t)
{
	u32 k, n = t->map->max_entries, current_cpu = 0;

	for (k = 0; k < n; k++) {
		if (!xnic_perf_has_event(t->map, k))
			continue;
		xnic_perf_table_write(t, k, 1);
		if (!current_cpu)
			current_cpu = k + 1;
	}
	xnic_perf_table_write(t, n, current_cpu);
	for (k = 0; k < n; k++)
		if (!xnic_perf_has_event(t->map, k))
			xnic_perf_table_write(t, k, 0);
}

static void xnic_perf_refresh(struct work_struct *work)
{
	struct xnic_adapter *adapter =
		container_of(to_delayed_work(work), struct xnic_adapter, perf.refresh);
	struct xnic_perf *perf = &adapter->perf;
	struct xnic_perf_table *t;

	mutex_lock(&perf->lock);
	list_for_each_entry(t, &perf->tables, node)
		xnic_perf_table_sync(t);
	if (!list_empty(&perf->tables))
		schedule_delayed_work(&perf->refresh, XNIC_PERF_REFRESH);
	mutex_unlock(&perf->lock);
}

/* A new table for map, placed in the card's map area and written. */
static struct xnic_perf_table *xnic_perf_table_new(struct xnic_adapter *adapter,
						   struct bpf_map *map)
{
	struct xnic_perf_table *t;
	struct xcc_map_place shape;
	struct xcc_map_desc d;
	struct list_head *prev;

	if (map->max_entries > XNIC_PERF_HOST_ENTRIES_MAX)
		return ERR_PTR(-E2BIG);
	t = kzalloc(struct_size(t, words, map->max_entries + 1), GFP_KERNEL);
	if (!t)
		return ERR_PTR(-ENOMEM);
	t->map = map;
	t->area.adapter = adapter;
	xnic_perf_map_desc(t, &d);
	if (xcc_map_shape(&d, &shape))
		goto err_free;
	t->area.size = shape.size;
	prev = xnic_offload_map_place(adapter, &t->area);
	if (!prev)
		goto err_free;
	list_add(&t->area.node, prev);
	xnic_perf_table_clear(t);
	xnic_perf_table_sync(t);
	return t;

err_free:
	kfree(t);
	return ERR_PTR(-ENOSPC);
}

/**
 * xnic_perf_table_get - the card's slot table of a host PERF_EVENT_ARRAY
 * @adapter: the card, under its perf.lock and bpf_devs_lock (its map list
 *	is stable)
 * @map: a PERF_EVENT_ARRAY, xnic_perf_is_host_map(), held by the caller
 *	until it puts the table
 *
 * One table per map and card, made on first use and kept up to date
 * while anyone holds it.
 *
 * Return: the table, or an ERR_PTR: -E2BIG for a map of more than
 * XNIC_PERF_HOST_ENTRIES_MAX entries, -ENOSPC with no room on the card.
 */
struct xnic_perf_table *xnic_perf_table_get(struct xnic_adapter *adapter,
					    struct bpf_map *map)
{
	struct xnic_perf *perf = &adapter->perf;
	struct xnic_perf_table *t;

	lockdep_assert_held(&perf->lock);
	list_for_each_entry(t, &perf->tables, node)
		if (t->map == map)
			goto found;
	t = xnic_perf_table_new(adapter, map);
	if (IS_ERR(t))
		return t;
	if (list_empty(&perf->tables))
		schedule_delayed_work(&perf->refresh, XNIC_PERF_REFRESH);
	list_add(&t->node, &perf->tables);
found:
	t->users++;
	return t;
}

/**
 * xnic_perf_table_put - a user of the table is gone
 * @t: a table xnic_perf_table_get() returned, bpf_devs_lock held
 *
 * The last user frees its room on the card.
 */
void xnic_perf_table_put(struct xnic_perf_table *t)
{
	struct xnic_perf *perf = &t->area.adapter->perf;

	mutex_lock(&perf->lock);
	if (!--t->users) {
		list_del(&t->node);
		list_del(&t->area.node);
		kfree(t);
	}
	mutex_unlock(&perf->lock);
}

/**
 * xnic_perf_tables_restore - write the slot tables again after a card restart
 * @adapter: the card, its firmware just loaded (its memory zeroed)
 */
void xnic_perf_tables_restore(struct xnic_adapter *adapter)
{
	struct xnic_perf *perf = &adapter->perf;
	struct xnic_perf_table *t;

	mutex_lock(&perf->lock);
	list_for_each_entry(t, &perf->tables, node) {
		memset(t->words, 0, (t->map->max_entries + 1) * sizeof(*t->words));
		xnic_perf_table_sync(t);
	}
	mutex_unlock(&perf->lock);
}

/**
 * xnic_perf_tables_stop - no refresh runs or is pending
 * @adapter: the card, every program on it destroyed (so no table is left)
 */
void xnic_perf_tables_stop(struct xnic_adapter *adapter)
{
	cancel_delayed_work_sync(&adapter->perf.refresh);
}

/* The map of prog that a record names, or NULL. */
static struct bpf_map *xnic_perf_find_map(const struct bpf_prog *prog, u32 id)
{
	u32 i;

	for (i = 0; prog && i < prog->aux->used_map_cnt; i++)
		if (prog->aux->used_maps[i]->id == id &&
		    xnic_perf_is_host_map(prog->aux->used_maps[i]))
			return prog->aux->used_maps[i];
	return NULL;
}

struct xnic_perf_output {
	struct bpf_map *map;
	u64 index;
	void *data;
	u32 size;
	long err;
};

static void xnic_perf_output_here(void *arg)
{
	struct xnic_perf_output *o = arg;

	o->err = (long)bpf_event_output(o->map, o->index, o->data, o->size,
					NULL, 0, NULL);
}

/* The CPU the event at index was opened on, or -1 (no event, per task). */
static int xnic_perf_event_cpu(struct bpf_map *map, u32 index)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	struct bpf_event_entry *ee;
	int cpu = -1;

	if (index >= map->max_entries)
		return -1;
	rcu_read_lock();
	ee = READ_ONCE(array->ptrs[index]);
	if (ee)
		cpu = READ_ONCE(ee->event->cpu);
	rcu_read_unlock();
	return cpu;
}

/*
 * One record to the host's perf event.  Where the event has gone since
 * the card looked or is on no online CPU, the kernel's own checks give
 * the error.
 */
static long xnic_perf_output(struct bpf_map *map, u32 index, void *data,
			     u32 size)
{
	struct xnic_perf_output o = {
		.map = map, .index = index, .data = data, .size = size,
	};
	int cpu = xnic_perf_event_cpu(map, index);

	if (cpu >= 0 && cpu_online(cpu))
		smp_call_function_single(cpu, xnic_perf_output_here, &o, 1);
	else
		xnic_perf_output_here(&o);
	return o.err;
}

/* A perf record of the log (XNIC_LOG_PERF_HOST) to its map. */
static void xnic_perf_record(struct xnic_adapter *adapter,
			     const struct bpf_prog *prog, u8 *rec, u32 len)
{
	struct xnic_perf *perf = &adapter->perf;
	u32 index = get_unaligned_le32(rec + XNIC_LOG_PHOST_INDEX);
	u32 size = get_unaligned_le32(rec + XNIC_LOG_PHOST_SIZE);
	u32 id = get_unaligned_le32(rec + XNIC_LOG_PHOST_MAP);
	struct bpf_map *map = xnic_perf_find_map(prog, id);
	long err;

	if (size > len - XNIC_LOG_PHOST_DATA) {
		perf->bad++;
		return;
	}
	if (!map) {
		perf->unknown_map++;
		return;
	}
	err = xnic_perf_output(map, index, rec + XNIC_LOG_PHOST_DATA, size);
	if (err) {
		perf->failed++;
		if (net_ratelimit())
			netdev_warn(adapter->netdev,
				    "perf record of %u bytes for map %u index %d not delivered: %pe\n",
				    size, id, (int)index, ERR_PTR(err));
		return;
	}
	perf->records++;
}

/*
 * A trace record (XNIC_LOG_TRACE) at off, len bytes, of the log read.  Under
 * 6.1 an offloaded program has no .rodata, so its format is one it built on
 * its stack, which the card copied to the record's end: a format address
 * outside the record is the card's mistake.
 */
static void xnic_perf_trace(struct xnic_adapter *adapter, u32 off, u32 len)
{
	struct xnic_perf *perf = &adapter->perf;
	u8 *rec = perf->buf + off;
	u32 fmt = get_unaligned_le32(rec + XNIC_LOG_TRACE_FMT) - XNIC_EMEM_LOG;

	if (fmt < off + XNIC_LOG_TRACE_STRS || fmt >= off + len) {
		perf->bad++;
		return;
	}
	xcc_trace_format(rec, len, (const char *)perf->buf + fmt, off + len - fmt,
			 perf->line, sizeof(perf->line));
	trace_array_printk(xnic_perf_trace_array, _THIS_IP_, "%s: %s",
			   adapter->netdev->name, perf->line);
	perf->trace++;
}

/*
 * The records of a log read.  Lengths come from the card: a record that
 * does not fit what is left ends the walk, counted as bad.
 */
static void xnic_perf_records(struct xnic_adapter *adapter,
			      const struct bpf_prog *prog, u32 used)
{
	struct xnic_perf *perf = &adapter->perf;
	u32 off = XNIC_LOG_RECORDS, len, type;

	while (off + XNIC_LOG_REC_TYPE + 4 <= used) {
		len = get_unaligned_le32(perf->buf + off + XNIC_LOG_REC_LEN);
		type = get_unaligned_le32(perf->buf + off + XNIC_LOG_REC_TYPE);
		if (len < XNIC_LOG_RECORDS || len % 8 || len > used - off) {
			perf->bad++;
			return;
		}
		if (type == XNIC_LOG_PERF_HOST && len >= XNIC_LOG_PHOST_DATA)
			xnic_perf_record(adapter, prog, perf->buf + off, len);
		else if (type == XNIC_LOG_TRACE && len >= XNIC_LOG_TRACE_STRS)
			xnic_perf_trace(adapter, off, len);
		else if (type)
			perf->bad++;
		off += len;
	}
}

/**
 * xnic_perf_read_log - take the records out of the card's program log
 * @adapter: the card, under RTNL
 * @prog: the program whose maps the records name (the one installed, or
 *	the one just replaced), or NULL
 *
 * Records of another program's maps are counted, not delivered.
 */
void xnic_perf_read_log(struct xnic_adapter *adapter, const struct bpf_prog *prog)
{
	struct xnic_perf *perf = &adapter->perf;
	u32 used;
	int err;

	ASSERT_RTNL();
	err = xnic_fw_log_read(adapter, perf->buf, XNIC_LOG_SIZE, &used);
	if (err) {
		if (net_ratelimit())
			netdev_warn(adapter->netdev, "reading the card's program log: %pe\n",
				    ERR_PTR(err));
		return;
	}
	perf->card_lost += get_unaligned_le32(perf->buf + XNIC_LOG_LOST);
	xnic_perf_records(adapter, prog, used);
}

static void xnic_perf_work(struct work_struct *work)
{
	struct xnic_adapter *adapter =
		container_of(work, struct xnic_adapter, perf.work);

	rtnl_lock();
	xnic_perf_read_log(adapter, adapter->hw_prog);
	rtnl_unlock();
}

/**
 * xnic_perf_module_init - the "xnic" trace instance trace records go to
 *
 * Without it (a kernel without tracing) the driver still runs and counts
 * trace records.
 */
void xnic_perf_module_init(void)
{
	struct trace_array *tr = xnic_trace_array_get_by_name(KBUILD_MODNAME);

	if (!tr) {
		pr_warn("no trace instance \"%s\": bpf_trace_printk records are only counted\n",
			KBUILD_MODNAME);
		return;
	}
	if (trace_array_init_printk(tr)) {
		pr_warn("trace instance \"%s\" refuses printk: bpf_trace_printk records are only counted\n",
			KBUILD_MODNAME);
		trace_array_put(tr);
		return;
	}
	xnic_perf_trace_array = tr;
}

/**
 * xnic_perf_module_exit - the trace instance released; its text stays
 *	readable until user space removes the instance
 */
void xnic_perf_module_exit(void)
{
	trace_array_put(xnic_perf_trace_array);
	xnic_perf_trace_array = NULL;
}

/**
 * xnic_perf_init - the log reader of a card
 * @adapter: the card
 */
void xnic_perf_init(struct xnic_adapter *adapter)
{
	INIT_WORK(&adapter->perf.work, xnic_perf_work);
	mutex_init(&adapter->perf.lock);
	INIT_LIST_HEAD(&adapter->perf.tables);
	INIT_DELAYED_WORK(&adapter->perf.refresh, xnic_perf_refresh);
}

/**
 * xnic_perf_stop - no log read runs or is pending
 * @adapter: the card, its misc interrupt freed, not under RTNL
 */
void xnic_perf_stop(struct xnic_adapter *adapter)
{
	cancel_work_sync(&adapter->perf.work);
}

static int xnic_perf_show(struct seq_file *m, void *v)
{
	struct xnic_adapter *adapter = m->private;
	const struct xnic_perf *perf = &adapter->perf;

	rtnl_lock();
	seq_printf(m, "records %llu\nfailed %llu\nunknown_map %llu\ncard_lost %llu\ntrace %llu\nbad %llu\n",
		   perf->records, perf->failed, perf->unknown_map,
		   perf->card_lost, perf->trace, perf->bad);
	rtnl_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xnic_perf);

/**
 * xnic_perf_debugfs - the "perf" file: what became of the log's records
 * @adapter: the card
 * @dir: its debugfs directory
 */
void xnic_perf_debugfs(struct xnic_adapter *adapter, struct dentry *dir)
{
	debugfs_create_file("perf", 0400, dir, adapter, &xnic_perf_fops);
}
