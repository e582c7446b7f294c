// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic firmware block (docs/firmware.md "Loading", "Info block"): FW_LOAD
 * fetches an image by DMA, checks it and its info block, loads it into
 * the card (xnic_card.c) and starts it; FW_CAPS reports the card and the
 * firmware; the firmware's counters (FW_STATS) and map area come from its
 * info block.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_core.h"
#include "me/me.h"

uint32_t xnic_fw_info(struct xnic_core *core, uint32_t off)
{
	uint32_t size;

	return xnic_core_ld_le32(me_card_mem(core->card, ME_MEM_IMEM, 0, &size) +
				 off);
}

/* The info block of a freshly loaded image, checked like any input. */
static const char *xnic_fw_check_info(struct xnic_core *core,
				      const struct me_image *img)
{
	const struct xnic_card_config *cfg = &core->card_cfg;
	uint32_t abi = xnic_fw_info(core, XNIC_FWI_ABI);
	uint32_t base = xnic_fw_info(core, XNIC_FWI_PROG_BASE);
	uint32_t cnt = xnic_fw_info(core, XNIC_FWI_COUNTERS);
	uint32_t maps = xnic_fw_info(core, XNIC_FWI_EMEM_MAPS);

	if (xnic_fw_info(core, 0) != XNIC_FWI_MAGIC)
		return "no info block (magic \"XFWI\") at imem 0";
	if (abi >> 16 != XNIC_FW_ABI_MAJOR)
		return "firmware ABI major differs from the card's";
	if (base < img->code_addr || base >= img->code_addr + img->ncode)
		return "XDP slot outside the code";
	if (xnic_fw_info(core, XNIC_FWI_STACK_SIZE) >
	    cfg->lm_size / img->contexts)
		return "stack larger than a context's share of local memory";
	if (cnt > cfg->imem_size - 8 * XNIC_FW_NUM_CNT || cnt % 8)
		return "counters outside internal memory or unaligned";
	if (maps >= cfg->emem_size)
		return "map area outside external memory";
	return NULL;
}

/* Load a parsed image into the MEs; NULL, or why it was refused. */
static const char *xnic_fw_load_parsed(struct xnic_core *core,
				       const struct me_image *img,
				       char *msg, size_t msglen)
{
	if (img->contexts > core->card_cfg.max_contexts) {
		snprintf(msg, msglen, "image wants %u contexts per ME, the card has %u",
			 img->contexts, core->card_cfg.max_contexts);
		return msg;
	}
	if (me_card_load(core->card, img, msg, msglen))
		return msg;
	return xnic_fw_check_info(core, img);
}

/* The image's own slot code, which PROG_UNLOAD puts back. */
static void xnic_fw_keep_slot(struct xnic_core *core,
			      const struct me_image *img)
{
	uint32_t base = xnic_fw_info(core, XNIC_FWI_PROG_BASE);
	uint32_t n = img->code_addr + img->ncode - base;

	/* The image fits the instruction store, so does its slot. */
	memcpy(core->fw_slot, img->code + (base - img->code_addr),
	       n * sizeof(*core->fw_slot));
	core->fw_slot_words = n;
}

static uint32_t xnic_fw_load_image(struct xnic_core *core,
				   const uint8_t *buf, size_t len,
				   char *msg, size_t msglen)
{
	struct me_image img;
	const char *bad;

	if (me_image_parse(buf, len, &img, msg, msglen))
		return XNIC_MBOX_ERROR;
	bad = xnic_fw_load_parsed(core, &img, msg, msglen);
	if (bad) {
		if (bad != msg)
			snprintf(msg, msglen, "%s", bad);
	} else {
		core->fw_contexts = img.contexts;
		core->fw_prog_max = core->card_cfg.istore_size -
				    xnic_fw_info(core, XNIC_FWI_PROG_BASE);
		xnic_fw_keep_slot(core, &img);
	}
	me_image_free(&img);
	return bad ? XNIC_MBOX_ERROR : XNIC_MBOX_DONE;
}

/* Firmware checked and loaded: its identity in the registers, then run it. */
static void xnic_fw_start(struct xnic_core *core)
{
	*xnic_core_reg(core, XNIC_REG_FW_ABI) = xnic_fw_info(core, XNIC_FWI_ABI);
	*xnic_core_reg(core, XNIC_REG_FW_VERSION) =
		xnic_fw_info(core, XNIC_FWI_VERSION);
	xnic_card_start(core);
}

/* The image in host memory, read into a buffer of its own size. */
static uint8_t *xnic_fw_fetch(struct xnic_core *core, uint64_t addr,
			      uint32_t len, char *msg, size_t msglen)
{
	uint8_t *buf;

	if (!len || len > XNIC_FW_MAX_SIZE) {
		snprintf(msg, msglen, "image length %u not in [1, %u]", len,
			 XNIC_FW_MAX_SIZE);
		return NULL;
	}
	buf = malloc(len);
	if (!buf) {
		snprintf(msg, msglen, "out of memory for %u bytes", len);
		return NULL;
	}
	if (addr > UINT64_MAX - len + 1 ||
	    !xnic_dma_host_read(core, addr, buf, len)) {
		snprintf(msg, msglen, "image at 0x%llx+%u unreadable",
			 (unsigned long long)addr, len);
		free(buf);
		return NULL;
	}
	return buf;
}

/* The FW_LOAD request in MBOX_DATA, the image it names, checked and loaded. */
static uint32_t xnic_fw_load_request(struct xnic_core *core, uint32_t len,
				     char *msg, size_t msglen)
{
	const uint8_t *req = core->mbox_data;
	uint32_t img_len, status;
	uint64_t addr;
	uint8_t *buf;

	if (len < XNIC_FW_LOAD_REQ_SIZE) {
		snprintf(msg, msglen, "request of %u bytes, need %u", len,
			 XNIC_FW_LOAD_REQ_SIZE);
		return XNIC_MBOX_ERROR;
	}
	/* ADDR_LO, ADDR_HI: one little-endian u64 */
	addr = xnic_core_ld_le64(req + XNIC_FW_LOAD_ADDR_LO);
	img_len = xnic_core_ld_le32(req + XNIC_FW_LOAD_LEN);
	buf = xnic_fw_fetch(core, addr, img_len, msg, msglen);
	if (!buf)
		return XNIC_MBOX_ERROR;
	status = xnic_fw_load_image(core, buf, img_len, msg, msglen);
	free(buf);
	return status;
}

/*
 * FW_LOAD: stop whatever runs, fetch, check and load the image, start it.
 * On error MBOX_DATA holds a NUL-terminated message (MBOX_LEN its size)
 * and the card stays without firmware.
 */
uint32_t xnic_fw_load(struct xnic_core *core, uint32_t len)
{
	char msg[XNIC_MBOX_DATA_SIZE / 16];
	uint32_t status;

	xnic_card_stop(core, XNIC_FW_NONE);
	core->fw_started = false;
	core->prog_words = 0;
	status = xnic_fw_load_request(core, len, msg, sizeof(msg));
	if (status != XNIC_MBOX_DONE)
		return xnic_env_refuse(core, "firmware refused", msg);
	xnic_fw_start(core);
	return XNIC_MBOX_DONE;
}

/* FW_CAPS: the capability block (regs.h XNIC_CAPS_*) into MBOX_DATA. */
uint32_t xnic_fw_caps(struct xnic_core *core, uint32_t len)
{
	const struct xnic_card_config *cfg = &core->card_cfg;
	uint8_t *b = core->mbox_data;
	bool fw = xnic_card_running(core);
	unsigned int i;

	memset(b, 0, XNIC_CAPS_BLOCK_SIZE);
	xnic_core_st_le32(b + XNIC_CAPS_SIZE_BYTES, XNIC_CAPS_BLOCK_SIZE);
	xnic_core_st_le32(b + XNIC_CAPS_N_ME, cfg->n_me);
	xnic_core_st_le32(b + XNIC_CAPS_MAX_CONTEXTS, cfg->max_contexts);
	xnic_core_st_le32(b + XNIC_CAPS_ISTORE, cfg->istore_size);
	xnic_core_st_le32(b + XNIC_CAPS_LM_SIZE, cfg->lm_size);
	xnic_core_st_le32(b + XNIC_CAPS_PKT_SIZE, cfg->pkt_size);
	xnic_core_st_le32(b + XNIC_CAPS_IMEM_SIZE, cfg->imem_size);
	xnic_core_st_le32(b + XNIC_CAPS_EMEM_SIZE, cfg->emem_size);
	xnic_core_st_le32(b + XNIC_CAPS_PKT_BUF_SIZE, XNIC_CARD_PKT_BUF);
	xnic_core_st_le32(b + XNIC_CAPS_WATCHDOG, cfg->watchdog_cycles);
	*xnic_core_reg(core, XNIC_REG_MBOX_LEN) = XNIC_CAPS_BLOCK_SIZE;
	if (!fw)
		return XNIC_MBOX_DONE;
	xnic_core_st_le32(b + XNIC_CAPS_FW_ABI, xnic_fw_info(core, XNIC_FWI_ABI));
	xnic_core_st_le32(b + XNIC_CAPS_FW_VERSION,
			  xnic_fw_info(core, XNIC_FWI_VERSION));
	xnic_core_st_le32(b + XNIC_CAPS_CONTEXTS, core->fw_contexts);
	xnic_core_st_le32(b + XNIC_CAPS_PROG_BASE,
			  xnic_fw_info(core, XNIC_FWI_PROG_BASE));
	xnic_core_st_le32(b + XNIC_CAPS_PROG_MAX, core->fw_prog_max);
	xnic_core_st_le32(b + XNIC_CAPS_STACK_SIZE,
			  xnic_fw_info(core, XNIC_FWI_STACK_SIZE));
	xnic_core_st_le32(b + XNIC_CAPS_EMEM_MAPS,
			  xnic_fw_info(core, XNIC_FWI_EMEM_MAPS));
	xnic_core_st_le32(b + XNIC_CAPS_EMEM_MAPS_SIZE, core->card_cfg.emem_size -
			  xnic_fw_info(core, XNIC_FWI_EMEM_MAPS));
	xnic_core_st_le32(b + XNIC_CAPS_MAP_TYPES,
			  xnic_fw_info(core, XNIC_FWI_MAP_TYPES));
	for (i = 0; i < XNIC_CAPS_HELPER_WORDS; i++)
		xnic_core_st_le32(b + XNIC_CAPS_HELPERS + 4 * i,
				  xnic_fw_info(core, XNIC_FWI_HELPERS + 4 * i));
	return XNIC_MBOX_DONE;
}

/* The emem address from which the firmware leaves memory to maps. */
uint32_t xnic_fw_map_area(struct xnic_core *core)
{
	return xnic_fw_info(core, XNIC_FWI_EMEM_MAPS);
}

/*
 * Migrated firmware state: what the blocks above index with it must be in
 * range before the card's own part (xnic_card_post_load) is restored.
 */
const char *xnic_fw_post_load(struct xnic_core *core, char *msg,
			      size_t msglen)
{
	const struct xnic_card_config *cfg = &core->card_cfg;
	uint32_t status = *xnic_core_reg(core, XNIC_REG_FW_STATUS);
	const char *bad = NULL;

	if (status != XNIC_FW_NONE && status != XNIC_FW_RUNNING &&
	    status != XNIC_FW_STOPPED)
		bad = "unknown FW_STATUS";
	else if (status == XNIC_FW_RUNNING && !core->fw_started)
		bad = "firmware runs but was never started";
	else if (core->fw_started &&
		 (core->fw_contexts != 4 && core->fw_contexts != 8))
		bad = "firmware contexts not 4 or 8";
	/* PROG_LOAD sizes its buffer by fw_prog_max: 0 would wrap */
	else if (core->fw_slot_words > cfg->istore_size ||
		 (core->fw_started && !core->fw_prog_max) ||
		 core->fw_prog_max > cfg->istore_size ||
		 (core->prog_words && core->prog_words >= core->fw_prog_max))
		bad = "XDP slot or program size out of range";
	if (bad) {
		snprintf(msg, msglen, "%s", bad);
		return msg;
	}
	return xnic_card_post_load(core, msg, msglen);
}

/* A word of the FW_STATS window: the firmware's counters in imem. */
uint32_t xnic_fw_stats_read(struct xnic_core *core, uint32_t off)
{
	uint32_t size, cnt;
	uint8_t *imem;

	if (!core->fw_started || off >= 8 * XNIC_FW_NUM_CNT)
		return 0;
	imem = me_card_mem(core->card, ME_MEM_IMEM, 0, &size);
	/*
	 * The info block is card memory: the firmware, or a migration
	 * stream, may have rewritten it since the load checked it.
	 */
	cnt = xnic_fw_info(core, XNIC_FWI_COUNTERS);
	if (cnt > size - 8 * XNIC_FW_NUM_CNT)
		return 0;
	return xnic_core_ld_le32(imem + cnt + off);
}

