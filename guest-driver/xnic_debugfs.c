// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic debugfs (docs/driver.md "debugfs"), in /sys/kernel/debug/xnic/<pci
 * address>/: regs shows the card registers and the driver's ring indices
 * (/dev/mem cannot: the Debian kernel has CONFIG_IO_STRICT_DEVMEM, which
 * hides claimed BARs); fail_rx_alloc makes that many RX page allocations
 * fail, so tests can drive the RX starvation path; writing reset runs the
 * TX-timeout recovery; verdicts_enable, verdicts and verdicts_overflow
 * control and drain the XDP verdict records (docs/verdicts.md),
 * verdicts_card and verdicts_card_overflow the card's; firmware
 * (xnic_fw.c) restarts the card with another firmware file.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kstrtox.h>
#include <linux/seq_file.h>

#include "xnic.h"

struct xnic_debugfs_reg {
	u32 offset;
	const char *name;
};

/* Every register of regs.h's table, in offset order */
#define XNIC_DEBUGFS_REG(n, off, access, reset, writable)	{ off, #n },
static const struct xnic_debugfs_reg xnic_debugfs_global[] = {
	XNIC_REGS_GLOBAL(XNIC_DEBUGFS_REG)
};

static const struct xnic_debugfs_reg xnic_debugfs_queue[] = {
	XNIC_REGS_QUEUE(XNIC_DEBUGFS_REG)
};
#undef XNIC_DEBUGFS_REG

static struct dentry *xnic_debugfs_root;

static void xnic_debugfs_show_qp(struct seq_file *m, struct xnic_qp *qp)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xnic_debugfs_queue); i++)
		seq_printf(m, "q%u.%s 0x%08x\n", qp->index,
			   xnic_debugfs_queue[i].name,
			   readl(qp->regs + xnic_debugfs_queue[i].offset));
	/* Unlocked snapshot: good enough to see where a ring is stuck */
	seq_printf(m, "q%u.drv_tx_clean %u\nq%u.drv_tx_use %u\n", qp->index,
		   READ_ONCE(qp->tx.next_to_clean), qp->index,
		   READ_ONCE(qp->tx.next_to_use));
	seq_printf(m, "q%u.drv_rx_clean %u\nq%u.drv_rx_use %u\n", qp->index,
		   READ_ONCE(qp->rx.next_to_clean), qp->index,
		   READ_ONCE(qp->rx.next_to_use));
}

static int xnic_debugfs_regs_show(struct seq_file *m, void *unused)
{
	struct xnic_adapter *adapter = m->private;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xnic_debugfs_global); i++)
		seq_printf(m, "%s 0x%08x\n", xnic_debugfs_global[i].name,
			   xnic_rd(adapter, xnic_debugfs_global[i].offset));
	for (i = 0; i < adapter->num_qps; i++)
		xnic_debugfs_show_qp(m, &adapter->qps[i]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xnic_debugfs_regs);

/* Any write runs the TX-timeout recovery (down/up under RTNL) */
static ssize_t xnic_debugfs_reset_write(struct file *file,
					const char __user *buf, size_t count,
					loff_t *ppos)
{
	struct xnic_adapter *adapter = file->private_data;

	schedule_work(&adapter->reset_task);
	return count;
}

static const struct file_operations xnic_debugfs_reset_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = xnic_debugfs_reset_write,
	.llseek = noop_llseek,
};

/* Writing 1 starts recording into an empty log, 0 stops and frees it */
static ssize_t xnic_debugfs_verdicts_enable_write(struct file *file,
						  const char __user *buf,
						  size_t count, loff_t *ppos)
{
	struct xnic_adapter *adapter = file->private_data;
	bool on;
	int err;

	err = kstrtobool_from_user(buf, count, &on);
	if (!err)
		err = xnic_verdict_enable(adapter, on);
	return err ? err : count;
}

static ssize_t xnic_debugfs_verdicts_enable_read(struct file *file,
						 char __user *buf,
						 size_t count, loff_t *ppos)
{
	struct xnic_adapter *adapter = file->private_data;
	char val[3] = { xnic_verdict_on(adapter) ? '1' : '0', '\n' };

	return simple_read_from_buffer(buf, count, ppos, val, 2);
}

static const struct file_operations xnic_debugfs_verdicts_enable_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = xnic_debugfs_verdicts_enable_read,
	.write = xnic_debugfs_verdicts_enable_write,
	.llseek = noop_llseek,
};

/* Reading drains: whole records, oldest first, 0 bytes when empty */
static ssize_t xnic_debugfs_verdicts_read(struct file *file, char __user *buf,
					  size_t count, loff_t *ppos)
{
	return xnic_verdict_drain(file->private_data, buf, count);
}

static const struct file_operations xnic_debugfs_verdicts_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = xnic_debugfs_verdicts_read,
	.llseek = noop_llseek,
};

static int xnic_debugfs_overflow_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "%llu\n", xnic_verdict_overflow(m->private));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xnic_debugfs_overflow);

/* The card's records of the offloaded program, drained like verdicts */
static ssize_t xnic_debugfs_verdicts_card_read(struct file *file,
					       char __user *buf, size_t count,
					       loff_t *ppos)
{
	return xnic_verdict_card_drain(file->private_data, buf, count);
}

static const struct file_operations xnic_debugfs_verdicts_card_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = xnic_debugfs_verdicts_card_read,
	.llseek = noop_llseek,
};

static int xnic_debugfs_card_overflow_show(struct seq_file *m, void *unused)
{
	struct xnic_adapter *adapter = m->private;

	seq_printf(m, "%u\n", xnic_rd(adapter, XNIC_REG_VREC_LOST));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xnic_debugfs_card_overflow);

void xnic_debugfs_add(struct xnic_adapter *adapter)
{
	adapter->debugfs = debugfs_create_dir(pci_name(adapter->pdev),
					      xnic_debugfs_root);
	debugfs_create_file("regs", 0400, adapter->debugfs, adapter,
			    &xnic_debugfs_regs_fops);
	debugfs_create_atomic_t("fail_rx_alloc", 0600, adapter->debugfs,
				&adapter->fail_rx_alloc);
	debugfs_create_file("reset", 0200, adapter->debugfs, adapter,
			    &xnic_debugfs_reset_fops);
	debugfs_create_file("verdicts_enable", 0600, adapter->debugfs, adapter,
			    &xnic_debugfs_verdicts_enable_fops);
	debugfs_create_file("verdicts", 0400, adapter->debugfs, adapter,
			    &xnic_debugfs_verdicts_fops);
	debugfs_create_file("verdicts_overflow", 0400, adapter->debugfs,
			    adapter, &xnic_debugfs_overflow_fops);
	debugfs_create_file("verdicts_card", 0400, adapter->debugfs, adapter,
			    &xnic_debugfs_verdicts_card_fops);
	debugfs_create_file("verdicts_card_overflow", 0400, adapter->debugfs,
			    adapter, &xnic_debugfs_card_overflow_fops);
	xnic_fw_debugfs_add(adapter);
	xnic_testrun_debugfs_add(adapter);
	xnic_perf_debugfs(adapter, adapter->debugfs);
}

void xnic_debugfs_remove(struct xnic_adapter *adapter)
{
	debugfs_remove(adapter->debugfs);
	adapter->debugfs = NULL;
}

void xnic_debugfs_init(void)
{
	xnic_debugfs_root = debugfs_create_dir(XNIC_DRV_NAME, NULL);
}

void xnic_debugfs_exit(void)
{
	debugfs_remove(xnic_debugfs_root);
}
