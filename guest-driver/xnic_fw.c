// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic card firmware (docs/firmware.md, docs/driver.md "Firmware"): after
 * a card reset no firmware runs and no frame reaches the host, so probe
 * (and recovery) hands the card xnic/xnic-fw.img through the mailbox and
 * DMA, checks the ABI the firmware speaks and reads the capability
 * block.  The firmware's per-action counters go to ethtool -S.  debugfs
 * "firmware" loads another image from /lib/firmware (tests use a variant
 * that trips the watchdog); firmware that stops is not loaded again.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/dma-mapping.h>
#include <linux/ethtool.h>
#include <linux/firmware.h>
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>

#include "xnic.h"

#define XNIC_FW_NAME		"xnic/xnic-fw.img"
MODULE_FIRMWARE(XNIC_FW_NAME);

/* The card completes commands synchronously; this bounds a broken one. */
#define XNIC_MBOX_TIMEOUT_US	1000000

/* ethtool -S names of the firmware counters, XNIC_FW_CNT_* order */
static const char * const xnic_fw_stat_names[XNIC_FW_NUM_CNT] = {
	[XNIC_FW_CNT_ABORTED] = "fw_xdp_aborted",
	[XNIC_FW_CNT_DROP] = "fw_xdp_drop",
	[XNIC_FW_CNT_PASS] = "fw_xdp_pass",
	[XNIC_FW_CNT_TX] = "fw_xdp_tx",
	[XNIC_FW_CNT_REDIRECT] = "fw_xdp_redirect",
	[XNIC_FW_CNT_UNKNOWN] = "fw_xdp_unknown_action",
	[XNIC_FW_CNT_REDIRECT_OTHER] = "fw_xdp_redirect_dropped",
	[XNIC_FW_CNT_TX_ERROR] = "fw_tx_errors",
};

/**
 * xnic_mbox_run - run one mailbox command
 * @adapter: the adapter; the caller holds adapter->fw.mbox_lock
 * @cmd: XNIC_MBOX_CMD_*
 * @len: request bytes already in MBOX_DATA
 *
 * Return: 0 when the card reports DONE, -EIO on ERROR, -ETIMEDOUT.
 */
static int xnic_mbox_run(struct xnic_adapter *adapter, u32 cmd, u32 len)
{
	u32 status;
	int err;

	lockdep_assert_held(&adapter->fw.mbox_lock);
	xnic_wr(adapter, XNIC_REG_MBOX_LEN, len);
	xnic_wr(adapter, XNIC_REG_MBOX_CMD, cmd);
	err = readl_poll_timeout(adapter->regs + XNIC_REG_MBOX_STATUS, status,
				 status != XNIC_MBOX_BUSY, 10,
				 XNIC_MBOX_TIMEOUT_US);
	if (err)
		return err;
	return status == XNIC_MBOX_DONE ? 0 : -EIO;
}

/* The card's NUL-terminated reason for refusing an image. */
static void xnic_fw_refusal(struct xnic_adapter *adapter, char *msg,
			    size_t size)
{
	size_t i;

	for (i = 0; i + 4 <= size; i += 4) {
		__le32 w = cpu_to_le32(xnic_rd(adapter, XNIC_REG_MBOX_DATA + i));

		memcpy(msg + i, &w, 4);
	}
	msg[size - 1] = '\0';
}

static int xnic_fw_hand_over(struct xnic_adapter *adapter,
			     const struct firmware *fw, const char *what)
{
	struct device *dev = &adapter->pdev->dev;
	dma_addr_t dma;
	char msg[128];
	void *buf;
	int err;

	if (fw->size > XNIC_FW_MAX_SIZE) {
		dev_err(dev, "firmware %s is %zu bytes, the card takes at most %u\n",
			what, fw->size, XNIC_FW_MAX_SIZE);
		return -EFBIG;
	}
	buf = dma_alloc_coherent(dev, fw->size, &dma, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, fw->data, fw->size);
	mutex_lock(&adapter->fw.mbox_lock);
	xnic_wr(adapter, XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_ADDR_LO,
		lower_32_bits(dma));
	xnic_wr(adapter, XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_ADDR_HI,
		upper_32_bits(dma));
	xnic_wr(adapter, XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_LEN, fw->size);
	err = xnic_mbox_run(adapter, XNIC_MBOX_CMD_FW_LOAD,
			    XNIC_FW_LOAD_REQ_SIZE);
	if (err == -EIO)
		xnic_fw_refusal(adapter, msg, sizeof(msg));
	mutex_unlock(&adapter->fw.mbox_lock);
	dma_free_coherent(dev, fw->size, buf, dma);
	if (err == -EIO)
		dev_err(dev, "card refused firmware %s: %s\n", what, msg);
	else if (err)
		dev_err(dev, "firmware load timed out\n");
	return err;
}

static int xnic_fw_read_caps(struct xnic_adapter *adapter)
{
	struct xnic_fw *fw = &adapter->fw;
	unsigned int i;
	int err;

	mutex_lock(&fw->mbox_lock);
	err = xnic_mbox_run(adapter, XNIC_MBOX_CMD_FW_CAPS, 0);
	for (i = 0; !err && i < XNIC_CAPS_BLOCK_SIZE / 4; i++)
		fw->caps[i] = xnic_rd(adapter, XNIC_REG_MBOX_DATA + 4 * i);
	mutex_unlock(&fw->mbox_lock);
	if (err)
		dev_err(&adapter->pdev->dev, "cannot read the card's capabilities: %pe\n",
			ERR_PTR(err));
	return err;
}

/**
 * xnic_fw_cap - a word of the capability block read at load
 * @adapter: the adapter
 * @off: XNIC_CAPS_* byte offset
 *
 * Return: the word.
 */
u32 xnic_fw_cap(struct xnic_adapter *adapter, u32 off)
{
	return adapter->fw.caps[off / 4];
}

/* The ABI is checked from the card, which read it from the image. */
static int xnic_fw_check_abi(struct xnic_adapter *adapter, const char *what)
{
	u32 abi = xnic_rd(adapter, XNIC_REG_FW_ABI);

	if (abi >> 16 == XNIC_FW_ABI_MAJOR)
		return 0;
	dev_err(&adapter->pdev->dev,
		"firmware %s speaks ABI %u.%u, this driver %u.x: install a matching firmware\n",
		what, abi >> 16, abi & 0xffff, XNIC_FW_ABI_MAJOR);
	return -EINVAL;
}

/**
 * xnic_fw_load_image - hand a firmware image to the card and start it
 * @adapter: the adapter, the card just reset
 * @fw: the image
 * @what: its name for the log
 *
 * Return: 0 once it runs, speaks this driver's ABI and gave its
 * capabilities, or a negative errno (logged).
 */
int xnic_fw_load_image(struct xnic_adapter *adapter, const struct firmware *fw,
		       const char *what)
{
	struct device *dev = &adapter->pdev->dev;
	struct xnic_fw *xfw = &adapter->fw;
	u32 ver;
	int err;

	err = xnic_fw_hand_over(adapter, fw, what);
	if (!err)
		err = xnic_fw_check_abi(adapter, what);
	if (!err)
		err = xnic_fw_read_caps(adapter);
	if (err)
		return err;
	ver = xnic_rd(adapter, XNIC_REG_FW_VERSION);
	snprintf(xfw->version, sizeof(xfw->version), "%u.%u.%u", ver >> 16,
		 (ver >> 8) & 0xff, ver & 0xff);
	dev_info(dev, "firmware %s %s: %u MEs x %u contexts, XDP slot at %u (%u instructions), %u-byte stack\n",
		 what, xfw->version, xnic_fw_cap(adapter, XNIC_CAPS_N_ME),
		 xnic_fw_cap(adapter, XNIC_CAPS_CONTEXTS),
		 xnic_fw_cap(adapter, XNIC_CAPS_PROG_BASE),
		 xnic_fw_cap(adapter, XNIC_CAPS_PROG_MAX),
		 xnic_fw_cap(adapter, XNIC_CAPS_STACK_SIZE));
	return 0;
}

static int xnic_fw_load_named(struct xnic_adapter *adapter)
{
	struct device *dev = &adapter->pdev->dev;
	struct xnic_fw *xfw = &adapter->fw;
	const struct firmware *fw;
	int err;

	err = request_firmware(&fw, xfw->name, dev);
	if (err) {
		dev_err(dev, "cannot read firmware %s: %pe; install it in /lib/firmware\n",
			xfw->name, ERR_PTR(err));
		return err;
	}
	err = xnic_fw_load_image(adapter, fw, xfw->name);
	release_firmware(fw);
	return err;
}

/**
 * xnic_fw_load - load the card firmware after a card reset
 * @adapter: the adapter, under RTNL once registered
 *
 * Loads adapter->fw.name; if that is not the default and fails, the
 * default.
 *
 * Return: 0 once the firmware runs, or a negative errno (logged).
 */
int xnic_fw_load(struct xnic_adapter *adapter)
{
	struct xnic_fw *fw = &adapter->fw;
	int err;

	err = xnic_fw_load_named(adapter);
	if (!err || !strcmp(fw->name, XNIC_FW_NAME))
		return err;
	dev_warn(&adapter->pdev->dev, "falling back to firmware %s\n",
		 XNIC_FW_NAME);
	strscpy(fw->name, XNIC_FW_NAME, sizeof(fw->name));
	return xnic_fw_load_named(adapter);
}

/**
 * xnic_fw_prog_load - link compiled card code into the firmware's XDP slot
 * @adapter: the adapter, under RTNL
 * @code: the program's code words, from address 0 (docs/compiler.md)
 * @words: how many
 * @entry: index of its xdp_main
 * @msg: the card's reason when it refuses
 * @msglen: size of @msg
 *
 * The card switches programs between two frames (docs/firmware.md,
 * "Installing a program").
 *
 * Return: 0, -EIO with the reason in @msg, or another negative errno.
 */
int xnic_fw_prog_load(struct xnic_adapter *adapter, const __le64 *code,
		      u32 words, u32 entry, char *msg, size_t msglen)
{
	struct device *dev = &adapter->pdev->dev;
	size_t len = (size_t)words * sizeof(*code);
	dma_addr_t dma;
	void *buf;
	int err;

	buf = dma_alloc_coherent(dev, len, &dma, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, code, len);
	mutex_lock(&adapter->fw.mbox_lock);
	xnic_wr(adapter, XNIC_REG_MBOX_DATA + XNIC_PROG_LOAD_ADDR_LO,
		lower_32_bits(dma));
	xnic_wr(adapter, XNIC_REG_MBOX_DATA + XNIC_PROG_LOAD_ADDR_HI,
		upper_32_bits(dma));
	xnic_wr(adapter, XNIC_REG_MBOX_DATA + XNIC_PROG_LOAD_WORDS, words);
	xnic_wr(adapter, XNIC_REG_MBOX_DATA + XNIC_PROG_LOAD_ENTRY, entry);
	err = xnic_mbox_run(adapter, XNIC_MBOX_CMD_PROG_LOAD,
			    XNIC_PROG_LOAD_REQ_SIZE);
	if (err == -EIO)
		xnic_fw_refusal(adapter, msg, msglen);
	mutex_unlock(&adapter->fw.mbox_lock);
	dma_free_coherent(dev, len, buf, dma);
	return err;
}

/**
 * xnic_fw_mbox_cmd - one mailbox command with words in and out
 * @adapter: the adapter
 * @cmd: XNIC_MBOX_CMD_*
 * @req: request words, little endian on the card, @req_len bytes
 * @req_len: request bytes, a multiple of 4
 * @reply: the reply's first @reply_len bytes (DONE)
 * @reply_len: a multiple of 4
 * @msg: the card's reason when it refuses (ERROR)
 * @msglen: size of @msg
 *
 * Return: 0, -EIO with the reason in @msg, or -ETIMEDOUT.
 */
int xnic_fw_mbox_cmd(struct xnic_adapter *adapter, u32 cmd, const u32 *req,
		     u32 req_len, u32 *reply, u32 reply_len, char *msg,
		     size_t msglen)
{
	u32 i;
	int err;

	mutex_lock(&adapter->fw.mbox_lock);
	for (i = 0; i < req_len / 4; i++)
		xnic_wr(adapter, XNIC_REG_MBOX_DATA + 4 * i, req[i]);
	err = xnic_mbox_run(adapter, cmd, req_len);
	if (err == -EIO)
		xnic_fw_refusal(adapter, msg, msglen);
	for (i = 0; !err && i < reply_len / 4; i++)
		reply[i] = xnic_rd(adapter, XNIC_REG_MBOX_DATA + 4 * i);
	mutex_unlock(&adapter->fw.mbox_lock);
	return err;
}

/**
 * xnic_fw_prog_unload - the XDP slot passes every frame again
 * @adapter: the adapter, under RTNL
 *
 * Return: 0 or a negative errno.
 */
int xnic_fw_prog_unload(struct xnic_adapter *adapter)
{
	int err;

	mutex_lock(&adapter->fw.mbox_lock);
	err = xnic_mbox_run(adapter, XNIC_MBOX_CMD_PROG_UNLOAD, 0);
	mutex_unlock(&adapter->fw.mbox_lock);
	return err;
}

static void xnic_fw_mbox_put(struct xnic_adapter *adapter, u32 off,
			     const void *src, u32 len)
{
	u32 i;

	for (i = 0; i < len; i += 4) {
		__le32 w = 0;

		memcpy(&w, src + i, min(len - i, 4u));
		xnic_wr(adapter, XNIC_REG_MBOX_DATA + off + i, le32_to_cpu(w));
	}
}

static void xnic_fw_mbox_get(struct xnic_adapter *adapter, u32 off, void *dst,
			     u32 len)
{
	u32 i;

	for (i = 0; i < len; i += 4) {
		__le32 w = cpu_to_le32(xnic_rd(adapter, XNIC_REG_MBOX_DATA + off + i));

		memcpy(dst + i, &w, min(len - i, 4u));
	}
}

/* Sends the request, runs it; the caller holds the mailbox lock. */
/**
 * xnic_fw_log_read - the card's program log, emptied (LOG_READ)
 * @adapter: the adapter
 * @buf: where the log goes: its header and records (include/xnic/card.h)
 * @size: bytes @buf holds, XNIC_LOG_SIZE
 * @used: bytes of @buf the card filled
 *
 * Return: 0, -EIO with the card's reason logged, -ETIMEDOUT.
 */
int xnic_fw_log_read(struct xnic_adapter *adapter, u8 *buf, u32 size, u32 *used)
{
	char msg[128];
	int err;

	mutex_lock(&adapter->fw.mbox_lock);
	err = xnic_mbox_run(adapter, XNIC_MBOX_CMD_LOG_READ, 0);
	if (!err) {
		*used = min(xnic_rd(adapter, XNIC_REG_MBOX_LEN), size);
		memcpy_fromio(buf, adapter->regs + XNIC_REG_MBOX_DATA, *used);
	} else if (err == -EIO) {
		xnic_fw_refusal(adapter, msg, sizeof(msg));
	}
	mutex_unlock(&adapter->fw.mbox_lock);
	if (err == -EIO)
		netdev_err(adapter->netdev, "card refused LOG_READ: %s\n", msg);
	if (!err && *used < XNIC_LOG_RECORDS)
		return -EIO;
	return err;
}

static int xnic_fw_map_run(struct xnic_adapter *adapter,
			   const struct xnic_map_req_head *req, const void *key,
			   const void *value)
{
	const u32 *words = (const u32 *)req;
	u32 i, len = XNIC_MAP_REQ_SIZE;

	for (i = 0; i < XNIC_MAP_REQ_HEAD_WORDS; i++)
		xnic_wr(adapter, XNIC_REG_MBOX_DATA + 4 * i, words[i]);
	if (key)
		xnic_fw_mbox_put(adapter, XNIC_MAP_REQ_KEY, key, req->key_size);
	if (value) {
		xnic_fw_mbox_put(adapter, XNIC_MAP_REQ_VALUE, value,
				 req->value_size);
		len += req->value_size;
	}
	return xnic_mbox_run(adapter, XNIC_MBOX_CMD_MAP_OP, len);
}

/**
 * xnic_fw_map_op - one operation on an offloaded map (MAP_OP)
 * @adapter: the adapter
 * @req: the operation and the map's shape
 * @key: the key, or NULL (get-next from the first key, clear)
 * @value: the value an update stores, or NULL
 * @out: where the looked-up value (lookup) or the next key (get-next)
 *	goes, or NULL
 *
 * Serialised with every other mailbox command by the mailbox lock; the
 * card answers within the MBOX_CMD write (docs/firmware.md "Offloaded
 * maps"), XNIC_MBOX_TIMEOUT_US bounds a card that does not.
 *
 * Return: 0, the operation's negative errno (-ENOENT, -EEXIST, -E2BIG,
 * -EINVAL, -EBUSY), or -EIO (refused, logged) or -ETIMEDOUT.
 */
int xnic_fw_map_op(struct xnic_adapter *adapter,
		   const struct xnic_map_req_head *req, const void *key,
		   const void *value, void *out)
{
	char msg[128];
	u32 res = 0;
	int err;

	mutex_lock(&adapter->fw.mbox_lock);
	err = xnic_fw_map_run(adapter, req, key, value);
	if (!err)
		res = xnic_rd(adapter, XNIC_REG_MBOX_DATA + XNIC_MAP_REPLY_ERR);
	if (!err && !res && out && req->op == XNIC_MAP_OP_LOOKUP)
		xnic_fw_mbox_get(adapter, XNIC_MAP_REQ_VALUE, out,
				 req->value_size);
	if (!err && !res && out && req->op == XNIC_MAP_OP_GET_NEXT)
		xnic_fw_mbox_get(adapter, XNIC_MAP_REQ_KEY, out, req->key_size);
	if (err == -EIO)
		xnic_fw_refusal(adapter, msg, sizeof(msg));
	mutex_unlock(&adapter->fw.mbox_lock);
	if (err == -EIO)
		netdev_err(adapter->netdev, "card refused map operation %u on the map at 0x%x: %s\n",
			   req->op, req->addr, msg);
	else if (err)
		netdev_err(adapter->netdev, "map operation %u timed out\n",
			   req->op);
	if (err)
		return err;
	/* a Linux errno from the card, bounded so a bad card cannot fake pointers */
	return res > MAX_ERRNO ? -EIO : -(int)res;
}

/**
 * xnic_fw_nop - a NOP through the mailbox
 * @adapter: the adapter
 *
 * Return: 0 when the card answered DONE, else a negative errno.
 */
int xnic_fw_nop(struct xnic_adapter *adapter)
{
	int err;

	mutex_lock(&adapter->fw.mbox_lock);
	err = xnic_mbox_run(adapter, XNIC_MBOX_CMD_NOP, 0);
	mutex_unlock(&adapter->fw.mbox_lock);
	return err;
}

/**
 * xnic_fw_caps_check - FW_CAPS again: the block must be the one read at load
 * @adapter: the adapter
 *
 * Return: 0, -EPROTO if a word changed, or the mailbox's errno.
 */
int xnic_fw_caps_check(struct xnic_adapter *adapter)
{
	unsigned int i;
	int err;

	mutex_lock(&adapter->fw.mbox_lock);
	err = xnic_mbox_run(adapter, XNIC_MBOX_CMD_FW_CAPS, 0);
	for (i = 0; !err && i < XNIC_CAPS_BLOCK_SIZE / 4; i++)
		if (xnic_rd(adapter, XNIC_REG_MBOX_DATA + 4 * i) != adapter->fw.caps[i])
			err = -EPROTO;
	mutex_unlock(&adapter->fw.mbox_lock);
	return err;
}

/**
 * xnic_fw_mbox_memtest - patterns through the card's 4 KiB mailbox window
 * @adapter: the adapter
 * @bad: the offset of the first word that read back wrong
 *
 * Return: 0 or -EIO.
 */
int xnic_fw_mbox_memtest(struct xnic_adapter *adapter, u32 *bad)
{
	static const u32 seeds[] = { 0x00000000, 0xffffffff, 0x9e3779b9 };
	unsigned int s;
	u32 off;
	int err = 0;

	mutex_lock(&adapter->fw.mbox_lock);
	for (s = 0; s < ARRAY_SIZE(seeds) && !err; s++) {
		/* Each word differs from its neighbours: address lines too */
		for (off = 0; off < XNIC_MBOX_DATA_SIZE; off += 4)
			xnic_wr(adapter, XNIC_REG_MBOX_DATA + off,
				seeds[s] ^ (off * 0x01010101));
		for (off = 0; off < XNIC_MBOX_DATA_SIZE && !err; off += 4) {
			if (xnic_rd(adapter, XNIC_REG_MBOX_DATA + off) !=
			    (seeds[s] ^ (off * 0x01010101))) {
				*bad = off;
				err = -EIO;
			}
		}
	}
	mutex_unlock(&adapter->fw.mbox_lock);
	return err;
}

/**
 * xnic_fw_init - set up the firmware state of a new adapter
 * @adapter: the adapter
 */
void xnic_fw_init(struct xnic_adapter *adapter)
{
	mutex_init(&adapter->fw.mbox_lock);
	strscpy(adapter->fw.version, "none", sizeof(adapter->fw.version));
	strscpy(adapter->fw.name, XNIC_FW_NAME, sizeof(adapter->fw.name));
}

/**
 * xnic_fw_needs_restart - must the reset task restart the card?
 * @adapter: the adapter, under RTNL
 *
 * Return: true when the firmware is absent or stopped, or debugfs asked
 * for another image.
 */
bool xnic_fw_needs_restart(struct xnic_adapter *adapter)
{
	struct xnic_fw *fw = &adapter->fw;

	if (fw->reload) {
		fw->reload = false;
		return true;
	}
	if (xnic_rd(adapter, XNIC_REG_FW_STATUS) == XNIC_FW_RUNNING)
		return false;
	/* Firmware that stopped is not loaded again */
	strscpy(fw->name, XNIC_FW_NAME, sizeof(fw->name));
	return true;
}

/**
 * xnic_fw_report_stop - log why the firmware stopped (MISC_FW cause)
 * @adapter: the adapter
 */
void xnic_fw_report_stop(struct xnic_adapter *adapter)
{
	static const char * const why[] = {
		[XNIC_FW_STOP_FAULT] = "faulted",
		[XNIC_FW_STOP_WATCHDOG] = "tripped the watchdog",
		[XNIC_FW_STOP_HALTED] = "halted",
	};
	u32 stop = xnic_rd(adapter, XNIC_REG_FW_STOP);
	u32 reason = stop & 0xff;

	netdev_err(adapter->netdev,
		   "card firmware %s on ME %u context %u at instruction %u; resetting the card with %s\n",
		   reason < ARRAY_SIZE(why) && why[reason] ? why[reason] : "stopped",
		   stop >> 16, (stop >> 8) & 0xff,
		   xnic_rd(adapter, XNIC_REG_FW_STOP_PC), XNIC_FW_NAME);
}

int xnic_fw_stats_count(void)
{
	return XNIC_FW_NUM_CNT + 2;
}

void xnic_fw_get_strings(u8 **data)
{
	unsigned int i;

	for (i = 0; i < XNIC_FW_NUM_CNT; i++)
		ethtool_sprintf(data, "%s", xnic_fw_stat_names[i]);
	ethtool_sprintf(data, "fw_rx_no_firmware");
	ethtool_sprintf(data, "fw_card_cycles");
}

/* A 64-bit card value as two registers, low word first; hi-lo-hi. */
static u64 xnic_fw_rd64(struct xnic_adapter *adapter, u32 reg)
{
	u32 hi, lo;

	do {
		hi = xnic_rd(adapter, reg + 4);
		lo = xnic_rd(adapter, reg);
	} while (hi != xnic_rd(adapter, reg + 4));
	return (u64)hi << 32 | lo;
}

u64 *xnic_fw_get_stats(struct xnic_adapter *adapter, u64 *data)
{
	unsigned int i;

	for (i = 0; i < XNIC_FW_NUM_CNT; i++)
		*data++ = xnic_fw_rd64(adapter, XNIC_REG_FW_STATS + 8 * i);
	*data++ = xnic_rd(adapter, XNIC_REG_FW_RX_NO_FW);
	*data++ = xnic_fw_rd64(adapter, XNIC_REG_FW_CYCLES_LO);
	return data;
}

static ssize_t xnic_fw_debugfs_read(struct file *file, char __user *buf,
				    size_t count, loff_t *ppos)
{
	struct xnic_adapter *adapter = file->private_data;
	char name[sizeof(adapter->fw.name) + 1];
	int len;

	rtnl_lock();
	len = snprintf(name, sizeof(name), "%s\n", adapter->fw.name);
	rtnl_unlock();
	return simple_read_from_buffer(buf, count, ppos, name, len);
}

/* A file name under /lib/firmware: the card restarts with it. */
static ssize_t xnic_fw_debugfs_write(struct file *file,
				     const char __user *buf, size_t count,
				     loff_t *ppos)
{
	struct xnic_adapter *adapter = file->private_data;
	char name[sizeof(adapter->fw.name)];

	if (!count || count >= sizeof(name))
		return -EINVAL;
	if (copy_from_user(name, buf, count))
		return -EFAULT;
	name[count] = '\0';
	strim(name);
	if (!name[0] || strstr(name, ".."))
		return -EINVAL;
	rtnl_lock();
	strscpy(adapter->fw.name, name, sizeof(adapter->fw.name));
	adapter->fw.reload = true;
	rtnl_unlock();
	schedule_work(&adapter->reset_task);
	return count;
}

static const struct file_operations xnic_fw_debugfs_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = xnic_fw_debugfs_read,
	.write = xnic_fw_debugfs_write,
	.llseek = default_llseek,
};

/**
 * xnic_fw_debugfs_add - add the "firmware" file to the card's directory
 * @adapter: the adapter, whose debugfs directory exists
 */
void xnic_fw_debugfs_add(struct xnic_adapter *adapter)
{
	debugfs_create_file("firmware", 0600, adapter->debugfs, adapter,
			    &xnic_fw_debugfs_fops);
}
