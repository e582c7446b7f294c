// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic test runs and the card's profile in debugfs (docs/driver.md "Test
 * runs and the profile"): the guest's way to the card's TEST_RUN and
 * PROFILE commands (docs/firmware.md, include/xnic/testrun.h), for
 * xnic-testrun and xnic-objdump --profile.  BPF_PROG_TEST_RUN refuses
 * every device-bound program (ENOTSUPP), so these are files of the card's
 * debugfs directory:
 *
 *   testrun  one write: the XNIC_TESTRUN_DBG_* header (the program's id,
 *            repeat) and the frame; it runs the frame through the program
 *            installed on the card, which must be that id; a read on the
 *            same open file gives the result and the output bytes.
 *   profile  write start, stop or reset; a read lists every card
 *            instruction's count, cycles and wait, and for the installed
 *            program's words the eBPF instruction each implements, with
 *            the program's BTF line info.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/debugfs.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "xnic.h"
#include "xnic_offload.h"
#include "xnic/testrun.h"

/* Room for the output: the card's packet buffer is smaller. */
#define XNIC_TESTRUN_OUT_CAP	(16 * 1024)

/**
 * struct xnic_testrun_file - one open of debugfs testrun
 * @adapter: the card
 * @result: the last run's result words, then @out_len output bytes
 * @len: bytes in @result, 0 before a run
 */
struct xnic_testrun_file {
	struct xnic_adapter *adapter;
	u8 *result;
	size_t len;
};

static int xnic_testrun_open(struct inode *inode, struct file *file)
{
	struct xnic_testrun_file *tf = kzalloc(sizeof(*tf), GFP_KERNEL);

	if (!tf)
		return -ENOMEM;
	tf->adapter = inode->i_private;
	file->private_data = tf;
	return nonseekable_open(inode, file);
}

static int xnic_testrun_release(struct inode *inode, struct file *file)
{
	struct xnic_testrun_file *tf = file->private_data;

	kvfree(tf->result);
	kfree(tf);
	return 0;
}

/*
 * The program must be the one on the card; a card whose firmware does not
 * run is restarting (its reset task is queued or running).
 */
static int xnic_testrun_check(struct xnic_adapter *adapter, u32 prog_id)
{
	if (!adapter->hw_prog || adapter->hw_prog->aux->id != prog_id)
		return -ENOENT;
	if (xnic_rd(adapter, XNIC_REG_FW_STATUS) != XNIC_FW_RUNNING)
		return -EAGAIN;
	return 0;
}

/* The card's refusal, in the log: the tool says which errno it got. */
static int xnic_testrun_refused(struct xnic_adapter *adapter, int err,
				const char *msg)
{
	if (err == -EIO) {
		netdev_err(adapter->netdev, "card refused the test run: %s\n", msg);
		/* a program that faulted or hung stopped the firmware */
		if (xnic_rd(adapter, XNIC_REG_FW_STATUS) != XNIC_FW_RUNNING)
			return -EAGAIN;
	}
	return err;
}

static int xnic_testrun_card(struct xnic_testrun_file *tf, const u8 *frame,
			     u32 len, u32 repeat)
{
	struct xnic_adapter *adapter = tf->adapter;
	struct device *dev = &adapter->pdev->dev;
	u32 req[XNIC_TEST_REQ_SIZE / 4], reply[XNIC_TEST_REPLY_SIZE / 4];
	dma_addr_t in_dma, out_dma;
	void *in, *out;
	char msg[128];
	u32 out_len;
	int err;

	in = dma_alloc_coherent(dev, len, &in_dma, GFP_KERNEL);
	out = dma_alloc_coherent(dev, XNIC_TESTRUN_OUT_CAP, &out_dma, GFP_KERNEL);
	err = -ENOMEM;
	if (!in || !out)
		goto out_free;
	memcpy(in, frame, len);
	req[XNIC_TEST_REQ_IN_LO / 4] = lower_32_bits(in_dma);
	req[XNIC_TEST_REQ_IN_HI / 4] = upper_32_bits(in_dma);
	req[XNIC_TEST_REQ_IN_LEN / 4] = len;
	req[XNIC_TEST_REQ_OUT_LO / 4] = lower_32_bits(out_dma);
	req[XNIC_TEST_REQ_OUT_HI / 4] = upper_32_bits(out_dma);
	req[XNIC_TEST_REQ_OUT_CAP / 4] = XNIC_TESTRUN_OUT_CAP;
	req[XNIC_TEST_REQ_REPEAT / 4] = repeat;
	err = xnic_fw_mbox_cmd(adapter, XNIC_MBOX_CMD_TEST_RUN, req, sizeof(req),
			       reply, sizeof(reply), msg, sizeof(msg));
	if (err) {
		err = xnic_testrun_refused(adapter, err, msg);
		goto out_free;
	}
	if (reply[XNIC_TEST_REPLY_ERR / 4]) {
		err = -reply[XNIC_TEST_REPLY_ERR / 4];
		goto out_free;
	}
	out_len = reply[XNIC_TEST_REPLY_OUT_LEN / 4];
	kvfree(tf->result);
	tf->len = XNIC_TESTRUN_DBG_RES_SIZE + out_len;
	tf->result = kvmalloc(tf->len, GFP_KERNEL);
	err = -ENOMEM;
	if (!tf->result) {
		tf->len = 0;
		goto out_free;
	}
	memcpy(tf->result, &reply[XNIC_TEST_REPLY_RETVAL / 4],
	       XNIC_TESTRUN_DBG_RES_SIZE);
	memcpy(tf->result + XNIC_TESTRUN_DBG_RES_SIZE, out, out_len);
	err = 0;
out_free:
	if (out)
		dma_free_coherent(dev, XNIC_TESTRUN_OUT_CAP, out, out_dma);
	if (in)
		dma_free_coherent(dev, len, in, in_dma);
	return err;
}

/*
 * One write: the header and the frame.  Errors a tool tells apart:
 * ENOENT the id is not the program on this card, EMSGSIZE a frame too
 * large, EINVAL one too short or a bad header, EAGAIN the card restarts
 * (or the program stopped its firmware), EBUSY its contexts did not
 * finish their frames in time, ETIMEDOUT the mailbox did not answer.
 */
static ssize_t xnic_testrun_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct xnic_testrun_file *tf = file->private_data;
	u32 hdr[XNIC_TESTRUN_DBG_REQ_SIZE / 4], frame_len;
	u8 *frame;
	int err;

	if (count < XNIC_TESTRUN_DBG_REQ_SIZE + XNIC_MIN_FRAME)
		return -EINVAL;
	frame_len = count - XNIC_TESTRUN_DBG_REQ_SIZE;
	if (frame_len > XNIC_MAX_FRAME)
		return -EMSGSIZE;
	if (copy_from_user(hdr, ubuf, sizeof(hdr)))
		return -EFAULT;
	frame = memdup_user(ubuf + sizeof(hdr), frame_len);
	if (IS_ERR(frame))
		return PTR_ERR(frame);
	if (!hdr[XNIC_TESTRUN_DBG_REPEAT / 4])
		hdr[XNIC_TESTRUN_DBG_REPEAT / 4] = 1;	/* as the kernel's */
	err = -EINVAL;
	if (hdr[XNIC_TESTRUN_DBG_REPEAT / 4] > XNIC_TEST_REPEAT_MAX)
		goto out;
	rtnl_lock();
	err = xnic_testrun_check(tf->adapter, hdr[XNIC_TESTRUN_DBG_PROG_ID / 4]);
	if (!err)
		err = xnic_testrun_card(tf, frame, frame_len,
					hdr[XNIC_TESTRUN_DBG_REPEAT / 4]);
	rtnl_unlock();
out:
	kfree(frame);
	return err ? err : count;
}

static ssize_t xnic_testrun_read(struct file *file, char __user *buf,
				 size_t count, loff_t *ppos)
{
	struct xnic_testrun_file *tf = file->private_data;

	if (!tf->len)
		return -ENODATA;
	return simple_read_from_buffer(buf, count, ppos, tf->result, tf->len);
}

static const struct file_operations xnic_testrun_fops = {
	.owner = THIS_MODULE,
	.open = xnic_testrun_open,
	.release = xnic_testrun_release,
	.read = xnic_testrun_read,
	.write = xnic_testrun_write,
};

/* ---- the profile ---- */

static int xnic_profile_cmd(struct xnic_adapter *adapter, u32 *req, u32 *reply)
{
	char msg[128];
	int err;

	err = xnic_fw_mbox_cmd(adapter, XNIC_MBOX_CMD_PROFILE, req,
			       XNIC_PROF_REQ_SIZE, reply, XNIC_PROF_REPLY_SIZE,
			       msg, sizeof(msg));
	if (err == -EIO)
		netdev_err(adapter->netdev, "card refused the profile: %s\n", msg);
	return err == -EIO && xnic_rd(adapter, XNIC_REG_FW_STATUS) !=
	       XNIC_FW_RUNNING ? -EAGAIN : err;
}

static u64 xnic_profile_u64(const u32 *w, u32 off)
{
	return (u64)w[off / 4 + 1] << 32 | w[off / 4];
}

/* One line per card instruction; the program's words with their origin. */
static void xnic_profile_rows(struct seq_file *m, const u8 *entries, u32 n,
			      u32 prog_base, const struct xcc_origin *origin,
			      u32 n_code)
{
	static const char * const kinds[] = {
		[XCC_ORIGIN_INSN] = "insn",
		[XCC_ORIGIN_ROUTINE] = "routine",
		[XCC_ORIGIN_HARNESS] = "harness",
	};
	u32 pc;

	for (pc = 0; pc < n; pc++) {
		const __le64 *e = (const __le64 *)(entries + pc * XNIC_PROF_ENTRY_SIZE);
		u32 w = pc - prog_base;

		seq_printf(m, "%u %llu %llu %llu", pc,
			   le64_to_cpu(e[XNIC_PROF_ENTRY_COUNT / 8]),
			   le64_to_cpu(e[XNIC_PROF_ENTRY_CYCLES / 8]),
			   le64_to_cpu(e[XNIC_PROF_ENTRY_WAIT / 8]));
		if (origin && pc >= prog_base && w < n_code) {
			seq_printf(m, " %s", kinds[origin[w].kind]);
			if (origin[w].insn != XCC_ORIGIN_NONE)
				seq_printf(m, " %u", origin[w].insn);
		}
		seq_putc(m, '\n');
	}
}

/*
 * The program's BTF line info as the kernel keeps it (offsets into the
 * xlated program, strings in its BTF): the bpf syscall gives none for a
 * device-bound program in 6.1, so the listing's C lines come from here.
 */
static void xnic_profile_lines(struct seq_file *m, const struct bpf_prog *prog)
{
	const struct bpf_prog_aux *aux = prog->aux;
	u32 i;

	for (i = 0; i < aux->nr_linfo; i++)
		seq_printf(m, "line %u %u %u %u\n", aux->linfo[i].insn_off,
			   aux->linfo[i].file_name_off, aux->linfo[i].line_off,
			   aux->linfo[i].line_col);
}

/*
 * The header (docs/driver.md "Test runs and the profile"), then the rows
 * of istore addresses 0 .. the program's last word: the firmware, the
 * slot's branch (one execution per frame), the program.
 */
static int xnic_profile_show(struct seq_file *m, void *unused)
{
	struct xnic_adapter *adapter = m->private;
	struct device *dev = &adapter->pdev->dev;
	u32 req[XNIC_PROF_REQ_SIZE / 4] = { XNIC_PROF_OP_READ };
	u32 reply[XNIC_PROF_REPLY_SIZE / 4], slot, n, n_code = 0;
	const struct xcc_origin *origin = NULL;
	struct bpf_prog *prog;
	dma_addr_t dma;
	size_t size;
	void *buf;
	int err;

	rtnl_lock();
	slot = xnic_fw_cap(adapter, XNIC_CAPS_PROG_BASE);
	prog = adapter->hw_prog;
	if (prog)
		origin = xnic_offload_origins(prog, &n_code);
	n = slot + 1 + n_code;
	size = (size_t)n * XNIC_PROF_ENTRY_SIZE;
	buf = dma_alloc_coherent(dev, size, &dma, GFP_KERNEL);
	err = -ENOMEM;
	if (!buf)
		goto out;
	req[XNIC_PROF_REQ_COUNT / 4] = n;
	req[XNIC_PROF_REQ_ADDR_LO / 4] = lower_32_bits(dma);
	req[XNIC_PROF_REQ_ADDR_HI / 4] = upper_32_bits(dma);
	err = xnic_profile_cmd(adapter, req, reply);
	if (!err) {
		seq_printf(m, "prog %u\nslot %u\nwords %u\nprofiling %u\n",
			   prog ? prog->aux->id : 0, slot, n_code,
			   reply[XNIC_PROF_REPLY_ON / 4]);
		seq_printf(m, "card_insns %llu\ncard_cycles %llu\n",
			   xnic_profile_u64(reply, XNIC_PROF_REPLY_INSNS_LO),
			   xnic_profile_u64(reply, XNIC_PROF_REPLY_CYCLES_LO));
		if (prog)
			xnic_profile_lines(m, prog);
		xnic_profile_rows(m, buf, reply[XNIC_PROF_REPLY_ENTRIES / 4],
				  slot + 1, origin, n_code);
	}
	dma_free_coherent(dev, size, buf, dma);
out:
	rtnl_unlock();
	return err;
}

static int xnic_profile_open(struct inode *inode, struct file *file)
{
	return single_open_size(file, xnic_profile_show, inode->i_private,
				64 * 1024);
}

static ssize_t xnic_profile_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct xnic_adapter *adapter =
		((struct seq_file *)file->private_data)->private;
	static const char * const ops[] = {
		[XNIC_PROF_OP_START] = "start",
		[XNIC_PROF_OP_STOP] = "stop",
		[XNIC_PROF_OP_RESET] = "reset",
	};
	u32 req[XNIC_PROF_REQ_SIZE / 4] = { 0 }, reply[XNIC_PROF_REPLY_SIZE / 4];
	char word[8];
	u32 op;
	int err;

	if (!count || count >= sizeof(word))
		return -EINVAL;
	if (copy_from_user(word, ubuf, count))
		return -EFAULT;
	word[count] = '\0';
	strim(word);
	for (op = XNIC_PROF_OP_START; op <= XNIC_PROF_OP_RESET; op++)
		if (!strcmp(word, ops[op]))
			break;
	if (op > XNIC_PROF_OP_RESET)
		return -EINVAL;
	req[XNIC_PROF_REQ_OP / 4] = op;
	rtnl_lock();
	err = xnic_profile_cmd(adapter, req, reply);
	rtnl_unlock();
	return err ? err : count;
}

static const struct file_operations xnic_profile_fops = {
	.owner = THIS_MODULE,
	.open = xnic_profile_open,
	.read = seq_read,
	.write = xnic_profile_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/**
 * xnic_testrun_debugfs_add - add "testrun" and "profile" to the card's directory
 * @adapter: the adapter, whose debugfs directory exists
 */
void xnic_testrun_debugfs_add(struct xnic_adapter *adapter)
{
	debugfs_create_file("testrun", 0600, adapter->debugfs, adapter,
			    &xnic_testrun_fops);
	debugfs_create_file("profile", 0600, adapter->debugfs, adapter,
			    &xnic_profile_fops);
}
