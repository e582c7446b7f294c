// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic perf records: bpf_perf_event_output from an offloaded program
 * reaches user space (docs/driver.md "Perf records").
 *
 * 6.1 lets an offloaded program use one kind of host map, a
 * PERF_EVENT_ARRAY (bpf_map_offload_neutral()).  The program is compiled
 * with the map's id (xcc_map_desc.host_id); the card checks the flags and
 * appends each record to its program log (include/xnic/card.h,
 * XNIC_LOG_PERF_HOST) and raises XNIC_MISC_LOG once its microengines are
 * idle.  The work here takes the records out with LOG_READ and hands each
 * to bpf_event_output() on the host map, on the CPU of the perf event its
 * index names (the kernel checks that the event is on the CPU it runs on);
 * BPF_F_CURRENT_CPU means the CPU reading the log, which has no better
 * meaning for a card.
 *
 * bpf_trace_printk records become text as xnic-cc prints it
 * (xcc_trace_format()) and go to the kernel's trace buffer, in the trace
 * instance "xnic" (/sys/kernel/tracing/instances/xnic/trace), each line
 * prefixed with the interface's name: bpf_trace_printk users read a trace
 * buffer, and an instance of its own keeps the card's lines out of the
 * global one that other programs write.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <asm/unaligned.h>
#include <linux/bpf.h>
#include <linux/debugfs.h>
#include <linux/perf_event.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include <linux/trace.h>

#include "xnic.h"
#include "xcc.h"

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

/**
 * xnic_perf_map_desc - the compiler's view of a host PERF_EVENT_ARRAY
 * @map: the map, xnic_perf_is_host_map()
 * @d: filled: no card memory, records named by the map's id
 */
void xnic_perf_map_desc(const struct bpf_map *map, struct xcc_map_desc *d)
{
	*d = (struct xcc_map_desc){
		.type = map->map_type,
		.key_size = map->key_size,
		.value_size = map->value_size,
		.max_entries = map->max_entries,
		.host_id = map->id,
	};
	strscpy(d->name, map->name, sizeof(d->name));
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
 * One record to the host's perf event.  Where there is no event or it is
 * on no online CPU, the kernel's own checks give the error.
 */
static long xnic_perf_output(struct bpf_map *map, u32 index, void *data,
			     u32 size)
{
	struct xnic_perf_output o = {
		.map = map, .index = index, .data = data, .size = size,
	};
	int cpu = index == (u32)BPF_F_CURRENT_CPU ? -1 :
		  xnic_perf_event_cpu(map, index);

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
	struct trace_array *tr = trace_array_get_by_name(KBUILD_MODNAME);

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
