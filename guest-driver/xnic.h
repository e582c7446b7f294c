/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnic guest driver: shared definitions.  docs/driver.md describes the
 * structure; include/xnic/regs.h is the register contract with the card.
 */
#ifndef XNIC_H
#define XNIC_H

#include <linux/build_bug.h>
#include <linux/completion.h>
#include <linux/log2.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/xdp.h>

#include <xnic/card.h>
#include <xnic/maps.h>
#include <xnic/regs.h>
#include <xnic/verdict.h>

#include "xnic_compat.h"

#define XNIC_DRV_NAME		"xnic"
#define XNIC_DRV_VERSION	"1.0"

/* Ring sizes used unless the module parameters or ethtool -G say otherwise */
#define XNIC_DEFAULT_RING_SIZE	256
/* Misc causes the driver handles; the mailbox is polled (ethtool -t
 * unmasks it for its interrupt check) */
#define XNIC_MISC_HANDLED	(XNIC_MISC_LINK | XNIC_MISC_ERROR | XNIC_MISC_FW | \
				 XNIC_MISC_LOG)
/* Wake a stopped TX queue only once this many descriptors are free again */
#define XNIC_TX_WAKE_THRESHOLD	(XNIC_RING_MIN_SIZE / 2)

/**
 * struct xnic_desc - one ring entry, the layout of include/xnic/regs.h
 * @addr: bus address of the buffer (driver)
 * @wb: in a completed RX descriptor, over @addr: the card's wire sequence
 *	number and, with RX_CTRL.HASH, the RSS hash
 * @len: TX: frame length; RX: buffer size (driver)
 * @vlan_tci: in a completed RX descriptor with status VLAN, over @len: the
 *	stripped tag's TCI
 * @pkt_len: RX: length of the received frame (card); TX with
 *	XNIC_DESC_F_CSUM: where the checksummed bytes start (driver)
 * @flags: XNIC_DESC_F_* (driver)
 * @status: XNIC_DESC_S_*, written last by the card
 */
struct xnic_desc {
	union {
		__le64 addr;
		struct {
			__le32 seq;
			__le32 hash;
		} wb;
	};
	union {
		__le16 len;
		__le16 vlan_tci;
	};
	__le16 pkt_len;
	__le16 flags;
	__le16 status;
};

static_assert(sizeof(struct xnic_desc) == XNIC_DESC_SIZE);
static_assert(offsetof(struct xnic_desc, wb.seq) == XNIC_DESC_SEQ);
static_assert(offsetof(struct xnic_desc, wb.hash) == XNIC_DESC_HASH);
static_assert(offsetof(struct xnic_desc, len) == XNIC_DESC_LEN);
static_assert(offsetof(struct xnic_desc, vlan_tci) == XNIC_DESC_VLAN_TCI);
static_assert(offsetof(struct xnic_desc, pkt_len) == XNIC_DESC_PKT_LEN);
static_assert(offsetof(struct xnic_desc, flags) == XNIC_DESC_FLAGS);
static_assert(offsetof(struct xnic_desc, status) == XNIC_DESC_STATUS);

/* What a TX descriptor carries, and so how to release it */
enum xnic_tx_type {
	XNIC_TX_SKB,		/* stack frame, dma_map_single'd */
	XNIC_TX_XDP_TX,		/* XDP_TX: page-pool page, mapped by the pool */
	XNIC_TX_XDP_XMIT,	/* ndo_xdp_xmit: xdp_frame, dma_map_single'd */
	XNIC_TX_XSK,		/* AF_XDP zero-copy: a UMEM frame, mapped by its pool */
	XNIC_TX_FRAG,		/* a multi-buffer frame's part but its last,
				 * which carries and releases the frame */
};

/**
 * struct xnic_tx_buf - driver state of one posted TX descriptor
 * @skb: the frame (XNIC_TX_SKB), freed when the card reports it done
 * @xdpf: the frame (XNIC_TX_XDP_*), returned to its owner when done
 * @xsk_pool: the pool whose TX ring the frame came from (XNIC_TX_XSK),
 *	told of the completion
 * @dma: its DMA address
 * @len: frame length
 * @type: enum xnic_tx_type
 * @xsk_compl: what the frame's AF_XDP TX metadata wants done when the card
 *	has sent it (XNIC_TX_XSK; xnic_xsk.c)
 */
struct xnic_tx_buf {
	union {
		struct sk_buff *skb;
		struct xdp_frame *xdpf;
		struct xsk_buff_pool *xsk_pool;
	};
	dma_addr_t dma;
	unsigned int len;
	enum xnic_tx_type type;
#ifdef XNIC_XSK_TX_METADATA
	struct xsk_tx_metadata_compl xsk_compl;
#endif
};

/**
 * struct xnic_ring_stats - host-side counters of one ring
 * @syncp: protects the 64-bit counters on 32-bit hosts
 * @packets: frames passed to the stack (RX) or completed by the card (TX)
 * @bytes: their bytes
 * @drops: frames the host dropped (no memory, DMA mapping failed)
 * @errors: descriptors the card completed with XNIC_DESC_S_ERROR
 */
struct xnic_ring_stats {
	struct u64_stats_sync syncp;
	u64_stats_t packets;
	u64_stats_t bytes;
	u64_stats_t drops;
	u64_stats_t errors;
};

/**
 * struct xnic_ring - a descriptor ring in DMA-coherent memory
 * @desc: the descriptors, shared with the card
 * @dma: bus address of @desc
 * @count: entries, a power of 2
 * @next_to_use: next slot the driver fills; the value of the TAIL doorbell
 * @next_to_clean: oldest slot still owned by the card
 * @tx_buf: per-slot state of a TX ring
 * @rx_page: per-slot page of an RX ring
 * @rx_xsk: per-slot UMEM buffer of an RX ring filled from a zero-copy
 *	AF_XDP pool (xnic_xsk.c)
 * @stats: host-side counters written by NAPI (and by down), kept across
 *	down/up
 * @xmit_stats: TX drops counted in ndo_start_xmit, which may run on another
 *	CPU than NAPI: u64_stats allow one writer per syncp
 * @tstamp: RX: the timestamp area, one entry per slot (RX_CTRL.TSTAMP)
 * @tstamp_dma: its bus address
 *
 * Slots next_to_clean .. next_to_use - 1 belong to the card; one slot
 * stays empty so that a full ring differs from an empty one.
 */
struct xnic_ring {
	struct xnic_desc *desc;
	dma_addr_t dma;
	u32 count;
	u32 next_to_use;
	u32 next_to_clean;
	union {
		struct xnic_tx_buf *tx_buf;
		struct page **rx_page;
		struct xdp_buff **rx_xsk;
	};
	struct xnic_ring_stats stats;
	struct xnic_ring_stats xmit_stats;
	__le64 *tstamp;
	dma_addr_t tstamp_dma;
};

/**
 * struct xnic_xdp_buff - an RX frame as the XDP metadata kfuncs get it
 *	(xnic_rxmeta.c); for AF_XDP buffers the fields after @xdp are the
 *	pool's per-buffer room (XSK_CHECK_PRIV_TYPE)
 * @xdp: the frame
 * @desc: its first descriptor, completed
 * @tstamp: its timestamp area entry
 */
struct xnic_xdp_buff {
	struct xdp_buff xdp;
	const struct xnic_desc *desc;
	const __le64 *tstamp;
};

/**
 * struct xnic_hw_counter - a 32-bit wrapping card counter widened to 64 bits
 * @total: sum of all increments seen since probe
 * @last: the register value at the previous read
 */
struct xnic_hw_counter {
	u64 total;
	u32 last;
};

/* Card counters per queue pair, in the order of xnic_qp_hw_regs[] */
enum xnic_qp_hw_stat {
	XNIC_QP_HW_RX_NO_BUF,
	XNIC_QP_HW_RX_TRUNC,
	XNIC_QP_HW_TX_ERRORS,
	XNIC_QP_HW_NUM,
};

/* Device-wide card counters, in the order of xnic_dev_hw_regs[] */
enum xnic_dev_hw_stat {
	XNIC_DEV_HW_WIRE_RX_FRAMES,
	XNIC_DEV_HW_WIRE_TX_FRAMES,
	XNIC_DEV_HW_WIRE_RX_FILTERED,
	XNIC_DEV_HW_WIRE_RX_OVERSIZE,
	XNIC_DEV_HW_ERR_COUNT,
	XNIC_DEV_HW_NUM,
};

/* Per-queue XDP counters, in the order of xnic_xdp_stat_names[] */
enum xnic_xdp_stat {
	XNIC_XDP_PASS,
	XNIC_XDP_DROP,
	XNIC_XDP_ABORTED,
	XNIC_XDP_TX,
	XNIC_XDP_REDIRECT,
	XNIC_XDP_TX_ERRORS,
	XNIC_XDP_XSK_XMIT,
	XNIC_XDP_NUM,
};

/**
 * struct xnic_xdp_stats - XDP outcomes of one RX queue, written by its NAPI
 * @syncp: protects @n on 32-bit hosts
 * @n: frames per enum xnic_xdp_stat; the first five count the program's
 *	return values, XNIC_XDP_TX_ERRORS the XDP_TX frames that found no
 *	room in the XDP TX ring, XNIC_XDP_XSK_XMIT the frames the pair took
 *	from its zero-copy AF_XDP socket's TX ring
 */
struct xnic_xdp_stats {
	struct u64_stats_sync syncp;
	u64_stats_t n[XNIC_XDP_NUM];
};

/**
 * struct xnic_xdp_ring - a TX ring that only XDP uses (XDP_TX,
 *	ndo_xdp_xmit, AF_XDP zero-copy TX): the TX ring of a queue-pair block
 *	the stack does not use
 * @ring: the descriptors; @ring.stats counts its completions
 * @lock: serialises posting and cleaning: several RX queues and CPUs may
 *	share one XDP ring when the card has fewer spare blocks than CPUs
 * @regs: the queue-pair block whose TX ring this is
 * @index: that block's number (num_qps + position in xdp_rings[])
 * @owner: the NAPI context that reclaims completions: the spare block's
 *	queue vector is not allocated, so posting schedules the owner
 * @pending: frames posted since the last doorbell
 */
struct xnic_xdp_ring {
	struct xnic_ring ring;
	spinlock_t lock;	/* see @lock above */
	void __iomem *regs;
	unsigned int index;
	struct napi_struct *owner;
	unsigned int pending;
};

/**
 * struct xnic_verdict_log - per-device ring of verdict records
 *	(docs/verdicts.md), written by every RX queue's NAPI, drained through
 *	debugfs
 * @lock: protects everything below; taken in softirq and (with BHs off)
 *	by the reader
 * @recs: the records, NULL while recording is off
 * @size: capacity of @recs, a power of 2
 * @head: index of the oldest record
 * @count: records held
 * @overflow: records lost because the ring was full
 */
struct xnic_verdict_log {
	spinlock_t lock;	/* see @lock above */
	struct xnic_verdict *recs;
	u32 size;
	u32 head;
	u32 count;
	u64 overflow;
};

/**
 * struct xnic_xdp_run - XDP work left for the end of one RX poll
 * @redirected: xdp_do_flush() is due
 * @tx_posted: the XDP TX ring's doorbell is due
 */
struct xnic_xdp_run {
	bool redirected;
	bool tx_posted;
};

struct xnic_adapter;
struct ethtool_test;
struct firmware;

/**
 * struct xnic_selftest_state - what ethtool -t shares with the interrupt
 *	handler and the RX path (xnic_selftest.c)
 * @irq: completed by the misc handler on a mailbox cause
 * @want_irq: the interrupt test waits on @irq
 * @loopback: the loopback test runs: the RX path hands test frames over
 * @max_len: the longest test frame of this run
 * @rx_good: test frames back intact
 * @rx_bad: test frames back damaged
 */
struct xnic_selftest_state {
	struct completion irq;
	bool want_irq;
	bool loopback;
	unsigned int max_len;
	atomic_t rx_good;
	atomic_t rx_bad;
};

/**
 * struct xnic_fw - the card firmware as the driver sees it (xnic_fw.c)
 * @mbox_lock: serialises mailbox commands
 * @caps: the capability block (XNIC_CAPS_*) read after the load
 * @version: firmware version for ethtool -i, "none" before a load
 * @name: file under /lib/firmware the next load uses (RTNL)
 * @reload: debugfs asked the reset task to load @name (RTNL)
 */
struct xnic_fw {
	struct mutex mbox_lock;	/* see @mbox_lock above */
	u32 caps[XNIC_CAPS_BLOCK_SIZE / 4];
	char version[32];
	char name[64];
	bool reload;
};

/**
 * struct xnic_qp - a queue pair: one TX and one RX ring sharing a NAPI
 *	context and MSI-X vector XNIC_MSIX_QUEUE_VECTOR(@index)
 * @adapter: owner
 * @index: queue pair number
 * @regs: the queue pair's register block, XNIC_QP_BASE(@index)
 * @napi: polls both rings
 * @tx: TX ring
 * @rx: RX ring
 * @page_pool: RX pages, DMA-mapped once by the pool
 * @xdp_rxq: the RX queue as XDP programs and the XDP core see it
 * @xdp_ring: where this queue's XDP_TX frames go
 * @xdp_owned: the XDP TX ring this pair's NAPI reclaims, or NULL
 * @xdp_stats: XDP outcomes on this RX queue
 * @xsk_pool: the zero-copy AF_XDP pool whose UMEM fills the RX ring and
 *	whose TX ring the pair sends on its XDP TX ring, or NULL; taken from
 *	&xnic_adapter.xsk_pools when the pair comes up (xnic_xsk.c)
 * @hw: card counters of this queue pair
 * @irq_name: name shown in /proc/interrupts
 * @polls: NAPI polls of the pair, which the interrupt watchdog watches
 * @wd_polls: @polls when the watchdog last looked
 * @wd_waiting: the card held work for an interrupt when it last looked
 */
struct xnic_qp {
	struct xnic_adapter *adapter;
	unsigned int index;
	void __iomem *regs;
	struct napi_struct napi;
	struct xnic_ring tx;
	struct xnic_ring rx;
	struct page_pool *page_pool;
	struct xdp_rxq_info xdp_rxq;
	struct xnic_xdp_ring *xdp_ring;
	struct xnic_xdp_ring *xdp_owned;
	struct xnic_xdp_stats xdp_stats;
	struct xsk_buff_pool *xsk_pool;
	struct xnic_hw_counter hw[XNIC_QP_HW_NUM];
	char irq_name[IFNAMSIZ + 8];
	unsigned long polls;
	unsigned long wd_polls;
	bool wd_waiting;
};

/**
 * struct xnic_irq_wd - the interrupt watchdog (xnic_main.c): the card
 *	holds work for an interrupt that does not come, as with an MSI-X
 *	vector masked behind the driver's back
 * @work: runs every XNIC_IRQ_WD_PERIOD while the misc interrupt is set up
 * @misc_irqs: misc interrupts taken
 * @misc_seen: @misc_irqs when the watchdog last looked
 * @misc_waiting: misc causes were pending when it last looked
 * @misc_lost: the misc vector stays silent: the watchdog handles its causes
 */
struct xnic_irq_wd {
	struct delayed_work work;
	atomic_long_t misc_irqs;
	long misc_seen;
	bool misc_waiting;
	bool misc_lost;
};

/**
 * struct xnic_perf - the card's program log as the driver reads it
 *	(xnic_perf.c); counters under RTNL
 * @work: reads the log when the card raises XNIC_MISC_LOG
 * @lock: guards @tables
 * @tables: the card's slot tables of host PERF_EVENT_ARRAYs, struct
 *	xnic_perf_table
 * @refresh: brings the slot tables up to date with the host maps
 * @buf: the log as LOG_READ returned it
 * @records: perf records handed to the host's perf events
 * @failed: perf records the host refused (no event at the index, its
 *	reader's ring full, ...)
 * @unknown_map: perf records naming no host map of the installed program
 * @card_lost: records that did not fit the card's log
 * @line: the text of the trace record being printed
 * @trace: bpf_trace_printk records written to the "xnic" trace instance
 * @bad: records with a length or type the log format does not allow
 */
struct xnic_perf {
	struct work_struct work;
	struct mutex lock;
	struct list_head tables;
	struct delayed_work refresh;
	u8 buf[XNIC_LOG_SIZE];
	char line[XNIC_LOG_TRACE_TEXT_MAX + 1];
	u64 records;
	u64 failed;
	u64 unknown_map;
	u64 card_lost;
	u64 trace;
	u64 bad;
};

/**
 * struct xnic_adapter - driver state, the netdev's private area
 * @netdev: the interface
 * @pdev: the PCI function
 * @regs: BAR0
 * @num_qps: queue pairs the stack uses (ethtool -l "combined")
 * @max_qps: queue pairs with an MSI-X vector: the most @num_qps can be
 * @card_qps: the card's queue-pair blocks (NUM_QUEUES)
 * @num_xdp_rings: XDP TX rings, one per spare queue-pair block, at most
 *	@num_qps; 0 means the card has no spare block and XDP is refused
 * @rss_key: the Toeplitz key the card hashes with (RSS_KEY)
 * @rss_indir: the indirection table (RSS_RETA), queue per hash bucket
 * @tx_ring_size: entries per TX ring
 * @rx_ring_size: entries per RX ring
 * @rx_buf_len: bytes the card may write into one RX buffer (xnic_rx_buf_len)
 * @rx_tstamp: RX hardware timestamps asked for (SIOCSHWTSTAMP), RX_CTRL.TSTAMP
 * @datapath_up: rings allocated and queues enabled (xnic_up succeeded)
 * @xdp_prog: the attached XDP program or NULL; RCU, changed under RTNL
 * @max_mtu: the card's largest MTU; netdev->max_mtu is lower while an XDP
 *	program is attached
 * @ctrl_lock: serialises read-modify-write of XNIC_REG_CTRL
 * @hw_lock: serialises updates of every xnic_hw_counter
 * @dev_hw: device-wide card counters
 * @reset_task: recovers from a TX timeout, a ring the card stopped, a lost
 *	queue interrupt, a stopped firmware
 * @irq_wd: the interrupt watchdog
 * @misc_irq_name: name of the misc vector in /proc/interrupts
 * @bpf_dev: the BPF offload device programs are bound to (xnic_offload.c)
 * @hw_prog: the offloaded program installed on the card, put back after
 *	a card restart (RTNL)
 * @bpf_maps: offloaded maps in the card's map area, struct xnic_offload_map
 *	sorted by address; changed under RTNL and bpf_devs_lock, read under
 *	either
 * @perf: the program log's records on their way to the host
 * @devlink: the card's devlink instance (xnic_devlink.c)
 * @debugfs: this card's debugfs directory
 * @fail_rx_alloc: RX page allocations still to fail on purpose, set through
 *	debugfs so tests can starve the RX rings
 * @verdicts: verdict records of XDP runs, when enabled through debugfs
 * @fw: card firmware
 * @selftest: ethtool -t state
 * @qps: the queue pairs
 * @xdp_rings: the XDP TX rings
 * @xsk_pools: zero-copy AF_XDP pools by queue id (RTNL); copy-mode
 *	sockets never reach the driver
 */
struct xnic_adapter {
	struct net_device *netdev;
	struct pci_dev *pdev;
	void __iomem *regs;
	unsigned int num_qps;
	unsigned int max_qps;
	unsigned int card_qps;
	unsigned int num_xdp_rings;
	u8 rss_key[XNIC_RSS_KEY_SIZE];
	u8 rss_indir[XNIC_RSS_RETA_SIZE];
	u32 tx_ring_size;
	u32 rx_ring_size;
	unsigned int rx_buf_len;
	bool rx_tstamp;
	bool datapath_up;
	struct bpf_prog __rcu *xdp_prog;
	unsigned int max_mtu;
	spinlock_t ctrl_lock;	/* see @ctrl_lock above */
	spinlock_t hw_lock;	/* see @hw_lock above */
	struct xnic_hw_counter dev_hw[XNIC_DEV_HW_NUM];
	struct work_struct reset_task;
	struct xnic_irq_wd irq_wd;
	char misc_irq_name[32];
	struct bpf_offload_dev *bpf_dev;
	struct bpf_prog *hw_prog;
	struct list_head bpf_maps;
	struct xnic_perf perf;
	struct devlink *devlink;
	struct dentry *debugfs;
	atomic_t fail_rx_alloc;
	struct xnic_verdict_log verdicts;
	struct xnic_fw fw;
	struct xnic_selftest_state selftest;
	struct xnic_qp qps[XNIC_MAX_QUEUE_PAIRS];
	struct xnic_xdp_ring xdp_rings[XNIC_MAX_QUEUE_PAIRS];
	struct xsk_buff_pool *xsk_pools[XNIC_MAX_QUEUE_PAIRS];
};

/* Ring sizes the card accepts (include/xnic/regs.h) */
static inline bool xnic_ring_size_valid(u32 size)
{
	return is_power_of_2(size) && size >= XNIC_RING_MIN_SIZE &&
	       size <= XNIC_RING_MAX_SIZE;
}

/*
 * XDP TX rings with @num_qps stack queue pairs: the spare blocks, at most
 * one per RX queue (docs/driver.md "XDP TX rings").
 */
static inline unsigned int xnic_xdp_rings_for(const struct xnic_adapter *adapter,
					      unsigned int num_qps)
{
	return min(num_qps, adapter->card_qps - num_qps);
}

/* The most XDP TX rings any channel count gives, for ethtool -S */
static inline unsigned int xnic_xdp_rings_max(const struct xnic_adapter *adapter)
{
	return min(adapter->max_qps, adapter->card_qps / 2);
}

static inline u32 xnic_rd(struct xnic_adapter *adapter, u32 reg)
{
	return readl(adapter->regs + reg);
}

static inline void xnic_wr(struct xnic_adapter *adapter, u32 reg, u32 val)
{
	writel(val, adapter->regs + reg);
}

/* xnic_main.c */
void xnic_hw_stats_update(struct xnic_adapter *adapter);
void xnic_ctrl_update(struct xnic_adapter *adapter, u32 bits, bool on);
int xnic_reconfigure(struct xnic_adapter *adapter, unsigned int mtu,
		     u32 tx_ring_size, u32 rx_ring_size);
int xnic_set_num_qps(struct xnic_adapter *adapter, unsigned int num_qps);
int xnic_card_restart(struct xnic_adapter *adapter, const struct firmware *image);
void xnic_rss_write(struct xnic_adapter *adapter);

/* xnic_ring.c */

/* What one pass over a ring counted, added to the ring's stats at the end */
struct xnic_tally {
	u64 packets;
	u64 bytes;
	u64 drops;
	u64 errors;
};

u32 xnic_ring_next(const struct xnic_ring *ring, u32 i);
u32 xnic_ring_unused(const struct xnic_ring *ring);
void xnic_desc_post(struct xnic_desc *desc, dma_addr_t addr, unsigned int len);
u16 xnic_desc_status(const struct xnic_desc *desc);
void xnic_stats_add(struct xnic_ring_stats *stats, const struct xnic_tally *t);
int xnic_ring_alloc(struct device *dev, struct xnic_ring *ring, u32 count);
void xnic_ring_free(struct device *dev, struct xnic_ring *ring);
void xnic_tx_ring_start(void __iomem *regs, struct xnic_ring *ring);
void xnic_tx_ring_stop(void __iomem *regs, struct net_device *netdev,
		       unsigned int index);
int xnic_qp_up(struct xnic_qp *qp);
void xnic_qp_down(struct xnic_qp *qp);
int xnic_napi_poll(struct napi_struct *napi, int budget);
irqreturn_t xnic_qp_irq(int irq, void *data);
netdev_tx_t xnic_start_xmit(struct sk_buff *skb, struct net_device *netdev);
unsigned int xnic_rx_buf_len(void);
void xnic_ring_stats_read(struct xnic_ring *ring, u64 *packets, u64 *bytes,
			  u64 *drops, u64 *errors);

/* Recording verdicts costs a digest per frame: only while enabled */
static inline bool xnic_verdict_on(struct xnic_adapter *adapter)
{
	return READ_ONCE(adapter->verdicts.recs);
}

/* xnic_offload.c */
int xnic_offload_init(struct xnic_adapter *adapter);
void xnic_offload_exit(struct xnic_adapter *adapter);
int xnic_offload_setup(struct xnic_adapter *adapter, struct netdev_bpf *bpf);
int xnic_offload_map_alloc(struct xnic_adapter *adapter,
			   struct bpf_offloaded_map *offmap);
void xnic_offload_map_free(struct xnic_adapter *adapter,
			   struct bpf_offloaded_map *offmap);
void xnic_offload_restore(struct xnic_adapter *adapter);
void xnic_offload_maps_save(struct xnic_adapter *adapter);
void xnic_offload_maps_forget(struct xnic_adapter *adapter);

/* xnic_perf.c */
struct bpf_map;
struct xcc_map_desc;
bool xnic_perf_is_host_map(const struct bpf_map *map);
struct xnic_perf_table *xnic_perf_table_get(struct xnic_adapter *adapter,
					    struct bpf_map *map);
void xnic_perf_table_put(struct xnic_perf_table *t);
void xnic_perf_map_desc(const struct xnic_perf_table *t, struct xcc_map_desc *d);
void xnic_perf_tables_restore(struct xnic_adapter *adapter);
void xnic_perf_tables_stop(struct xnic_adapter *adapter);
void xnic_perf_read_log(struct xnic_adapter *adapter, const struct bpf_prog *prog);
void xnic_perf_module_init(void);
void xnic_perf_module_exit(void);
void xnic_perf_init(struct xnic_adapter *adapter);
void xnic_perf_stop(struct xnic_adapter *adapter);
void xnic_perf_debugfs(struct xnic_adapter *adapter, struct dentry *dir);

/* xnic_xdp.c */
int xnic_bpf(struct net_device *netdev, struct netdev_bpf *bpf);
int xnic_xdp_xmit(struct net_device *netdev, int n, struct xdp_frame **frames,
		  u32 flags);
bool xnic_xdp_rx(struct xnic_qp *qp, struct bpf_prog *prog,
		 struct xdp_buff *xdp, u32 seq, struct xnic_xdp_run *run);
void xnic_xdp_run_end(struct xnic_qp *qp, struct xnic_xdp_run *run);
bool xnic_xdp_ring_poll(struct xnic_adapter *adapter, struct xnic_xdp_ring *xr);
bool xnic_xdp_ring_room(struct xnic_adapter *adapter, struct xnic_xdp_ring *xr,
			unsigned int parts);
void xnic_xdp_ring_post(struct xnic_xdp_ring *xr, const struct xnic_tx_buf *buf);
void xnic_xdp_ring_doorbell(struct xnic_xdp_ring *xr, struct napi_struct *self);
void xnic_xdp_count(struct xnic_qp *qp, enum xnic_xdp_stat stat);
int xnic_xdp_rings_up(struct xnic_adapter *adapter);
void xnic_xdp_rings_down(struct xnic_adapter *adapter);
void xnic_xdp_stats_read(struct xnic_qp *qp, u64 *data);

/* xnic_xsk.c */
int xnic_xsk_setup(struct xnic_adapter *adapter, struct xsk_buff_pool *pool,
		   u16 queue);
int xnic_xsk_wakeup(struct net_device *netdev, u32 queue, u32 flags);
int xnic_xsk_rx_mem_setup(struct xnic_qp *qp);
void xnic_xsk_rx_free(struct xnic_qp *qp);
bool xnic_xsk_rx_refill(struct xnic_qp *qp);
void xnic_xsk_rx_frame(struct xnic_qp *qp, struct bpf_prog *prog,
		       struct xdp_buff *xdp, const struct xnic_desc *desc,
		       struct xnic_xdp_run *run, struct xnic_tally *t);
bool xnic_xsk_tx(struct xnic_qp *qp, int budget);
void xnic_xsk_tx_done(struct xnic_tx_buf *buf, struct xnic_desc *desc);
bool xnic_xsk_mtu_fits(struct xnic_adapter *adapter, unsigned int mtu);
bool xnic_xsk_bound(struct xnic_adapter *adapter);

/* xnic_frags.c */
unsigned int xnic_frags_rx_count(const struct xnic_ring *ring, u32 first);
bool xnic_frags_rx_ok(const struct xnic_ring *ring, u32 first, unsigned int n,
		      unsigned int buf_len);
void xnic_frags_rx_recycle(struct xnic_qp *qp, u32 first, unsigned int n);
void xnic_frags_rx_attach(struct xnic_qp *qp, struct xdp_buff *xdp, u32 first,
			  unsigned int n);
unsigned int xnic_frags_nr(struct xdp_buff *xdp);
void xnic_frags_to_skb(struct sk_buff *skb, struct xdp_buff *xdp,
		       unsigned int nr_frags);
unsigned int xnic_frags_tx_parts(struct xdp_frame *xdpf);
void xnic_frags_tx_post(struct device *dev, struct xnic_ring *ring,
			struct xdp_frame *xdpf, dma_addr_t dma);

/* xnic_verdict.c */
void xnic_verdict_init(struct xnic_adapter *adapter);
void xnic_verdict_begin(struct xnic_verdict *v, u32 seq, unsigned int queue,
			unsigned int in_len);
void xnic_verdict_output(struct xnic_verdict *v, u32 action, const void *out,
			 unsigned int len);
void xnic_verdict_push(struct xnic_adapter *adapter,
		       const struct xnic_verdict *v, bool failed);
int xnic_verdict_enable(struct xnic_adapter *adapter, bool on);
ssize_t xnic_verdict_drain(struct xnic_adapter *adapter, char __user *buf,
			   size_t count);
u64 xnic_verdict_overflow(struct xnic_adapter *adapter);
void xnic_verdict_card_restore(struct xnic_adapter *adapter);
ssize_t xnic_verdict_card_drain(struct xnic_adapter *adapter,
				char __user *buf, size_t count);

/* xnic_testrun.c: debugfs testrun and profile (docs/driver.md "Test runs") */
void xnic_testrun_debugfs_add(struct xnic_adapter *adapter);

/* xnic_debugfs.c */
void xnic_debugfs_add(struct xnic_adapter *adapter);
void xnic_debugfs_remove(struct xnic_adapter *adapter);
void xnic_debugfs_init(void);
void xnic_debugfs_exit(void);

/* xnic_fw.c */
void xnic_fw_init(struct xnic_adapter *adapter);
int xnic_fw_load(struct xnic_adapter *adapter);
int xnic_fw_load_image(struct xnic_adapter *adapter, const struct firmware *fw,
		       const char *what);
bool xnic_fw_needs_restart(struct xnic_adapter *adapter);
int xnic_fw_mbox_cmd(struct xnic_adapter *adapter, u32 cmd, const u32 *req,
		     u32 req_len, u32 *reply, u32 reply_len, char *msg,
		     size_t msglen);
void xnic_fw_debugfs_add(struct xnic_adapter *adapter);
u32 xnic_fw_cap(struct xnic_adapter *adapter, u32 off);
int xnic_fw_prog_load(struct xnic_adapter *adapter, const __le64 *code,
		      u32 words, u32 entry, char *msg, size_t msglen);
int xnic_fw_prog_unload(struct xnic_adapter *adapter);

int xnic_fw_log_read(struct xnic_adapter *adapter, u8 *buf, u32 size, u32 *used);
int xnic_fw_map_op(struct xnic_adapter *adapter,
		   const struct xnic_map_req_head *req, const void *key,
		   const void *value, void *out);
void xnic_fw_report_stop(struct xnic_adapter *adapter);
int xnic_fw_nop(struct xnic_adapter *adapter);
int xnic_fw_caps_check(struct xnic_adapter *adapter);
int xnic_fw_mbox_memtest(struct xnic_adapter *adapter, u32 *bad);
int xnic_fw_stats_count(void);
void xnic_fw_get_strings(u8 **data);
u64 *xnic_fw_get_stats(struct xnic_adapter *adapter, u64 *data);

/* xnic_devlink.c */
int xnic_devlink_alloc(struct xnic_adapter *adapter);
void xnic_devlink_free(struct xnic_adapter *adapter);
void xnic_devlink_register(struct xnic_adapter *adapter);
void xnic_devlink_unregister(struct xnic_adapter *adapter);

/* xnic_selftest.c */
int xnic_selftest_count(void);
void xnic_selftest_strings(u8 *data);
void xnic_selftest(struct net_device *netdev, struct ethtool_test *eth_test,
		   u64 *data);
bool xnic_selftest_rx(struct xnic_adapter *adapter, const u8 *data,
		      unsigned int len);

/* xnic_ethtool.c */
void xnic_set_ethtool_ops(struct net_device *netdev);

/* xnic_rxmeta.c */
u32 xnic_rx_meta_ctrl(struct xnic_adapter *adapter, netdev_features_t features);
void xnic_rx_meta_skb(struct sk_buff *skb, const struct xnic_desc *desc,
		      const __le64 *tstamp);
int xnic_eth_ioctl(struct net_device *netdev, struct ifreq *ifr, int cmd);
int xnic_get_ts_info(struct net_device *netdev,
		     struct kernel_ethtool_ts_info *info);
void xnic_rx_ctrl_update(struct xnic_adapter *adapter,
			 netdev_features_t features);

#endif /* XNIC_H */
