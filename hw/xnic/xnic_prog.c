// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic program installation (docs/firmware.md "Installing a program"):
 * PROG_LOAD links a compiled program into the firmware's XDP slot and
 * switches to it between two frames (the card drains its contexts first,
 * xnic_card_drain()); PROG_UNLOAD puts the image's own slot code back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_core.h"
#include "me/me.h"
#include "me_encode.h"

/* Drain, replace the slot's code, resume: the atomic switch. */
static const char *xnic_prog_switch(struct xnic_core *core,
				    const uint64_t *words, uint32_t n,
				    char *msg, size_t msglen)
{
	uint32_t slot = xnic_fw_info(core, XNIC_FWI_PROG_BASE);
	const char *bad;

	/* Injected fault: the watchdog fires while the contexts drain. */
	if (core->fault_switch_watchdog) {
		core->fault_switch_watchdog--;
		xnic_card_trip_watchdog(core);
	}
	bad = xnic_card_drain(core, msg, msglen);
	if (!bad && !xnic_card_running(core)) {
		snprintf(msg, msglen,
			 "firmware stopped while its contexts finished their frames");
		bad = msg;
	}
	if (!bad && me_card_replace_code(core->card, slot, words, n, msg,
					 msglen))
		bad = msg;
	/* Frames queued meanwhile run now, with whichever code is in place. */
	xnic_card_run(core);
	return bad;
}

/*
 * Links program word i to istore base + i: checks it (the firmware's
 * contexts mode) and moves its branch and call targets, which must stay
 * inside the program: no jump into firmware code or past the end.
 */
static const char *xnic_prog_link_word(struct xnic_core *core, uint64_t *w,
				       uint32_t i, uint32_t n, uint32_t base,
				       char *msg, size_t msglen)
{
	unsigned int gprs = core->fw_contexts == 4 ? ME_GPRS_MAX : ME_GPRS_8CTX;
	uint64_t word = *w;
	enum me_format f;
	struct me_insn in;
	char why[160];

	if (me_decode(word, &in, why, sizeof(why)) ||
	    me_insn_check(&in, gprs, why, sizeof(why)))
		goto bad;
	f = me_opinfo(in.op)->format;
	if (me_format_has_target(f)) {
		if (in.imm >= n) {
			snprintf(why, sizeof(why),
				 "%s target %u outside the program [0, %u)",
				 me_opinfo(in.op)->mnemonic, in.imm, n);
			goto bad;
		}
		in.imm += base;
	}
	if (!me_encode(&in, w, why, sizeof(why)))
		return NULL;
bad:
	snprintf(msg, msglen, "instruction %u (0x%016llx): %s", i,
		 (unsigned long long)word, why);
	return msg;
}

/* The slot's new code: `br` to xdp_main, then the linked program. */
static const char *xnic_prog_link(struct xnic_core *core, uint64_t *code,
				  uint32_t n, uint32_t entry, char *msg,
				  size_t msglen)
{
	uint32_t base = xnic_fw_info(core, XNIC_FWI_PROG_BASE) + 1;
	struct me_insn br = { .op = ME_OP_BR, .cond = ME_COND_AL };
	uint32_t i;

	for (i = 0; i < n; i++)
		if (xnic_prog_link_word(core, &code[1 + i], i, n, base, msg,
					msglen))
			return msg;
	br.imm = base + entry;
	if (me_encode(&br, &code[0], msg, msglen))
		return msg;
	return NULL;
}

/* The PROG_LOAD request's program, read into code[1..words]. */
static uint64_t *xnic_prog_fetch(struct xnic_core *core, uint32_t len,
				      uint32_t *words, uint32_t *entry,
				      char *msg, size_t msglen)
{
	const uint8_t *req = core->mbox_data;
	uint64_t addr, *code;
	uint32_t i, bytes;

	if (len < XNIC_PROG_LOAD_REQ_SIZE) {
		snprintf(msg, msglen, "request of %u bytes, need %u", len,
			 XNIC_PROG_LOAD_REQ_SIZE);
		return NULL;
	}
	/* ADDR_LO, ADDR_HI: one little-endian u64 */
	addr = xnic_core_ld_le64(req + XNIC_PROG_LOAD_ADDR_LO);
	*words = xnic_core_ld_le32(req + XNIC_PROG_LOAD_WORDS);
	*entry = xnic_core_ld_le32(req + XNIC_PROG_LOAD_ENTRY);
	if (!*words || *words > core->fw_prog_max - 1) {
		snprintf(msg, msglen,
			 "program of %u instructions not in [1, %u] (the XDP slot's room less its branch)",
			 *words, core->fw_prog_max - 1);
		return NULL;
	}
	if (*entry >= *words) {
		snprintf(msg, msglen, "entry %u outside the program's %u instructions",
			 *entry, *words);
		return NULL;
	}
	bytes = *words * 8;	/* at most 8 x 65536: no overflow */
	code = malloc((*words + 1) * sizeof(*code));
	if (!code) {
		snprintf(msg, msglen, "out of memory for %u instructions", *words);
		return NULL;
	}
	if (addr > UINT64_MAX - bytes + 1 ||
	    !xnic_dma_host_read(core, addr, code + 1, bytes)) {
		snprintf(msg, msglen, "program at 0x%llx+%u unreadable",
			 (unsigned long long)addr, bytes);
		free(code);
		return NULL;
	}
	for (i = 1; i <= *words; i++)
		code[i] = xnic_core_ld_le64((const uint8_t *)&code[i]);
	return code;
}

static const char *xnic_prog_install(struct xnic_core *core,
					  uint32_t len, uint32_t *words,
					  uint32_t *entry, char *msg,
					  size_t msglen)
{
	const char *bad;
	uint64_t *code;

	if (!xnic_card_running(core)) {
		snprintf(msg, msglen, "no firmware runs");
		return msg;
	}
	code = xnic_prog_fetch(core, len, words, entry, msg, msglen);
	if (!code)
		return msg;
	bad = xnic_prog_link(core, code, *words, *entry, msg, msglen);
	if (!bad)
		bad = xnic_prog_switch(core, code, *words + 1, msg, msglen);
	free(code);
	if (!bad)
		core->prog_words = *words;
	return bad;
}

/*
 * PROG_LOAD: link a compiled program (docs/compiler.md "The image and its
 * entries") into the firmware's XDP slot and switch to it between two
 * frames.  On a refusal the firmware keeps running whatever it ran.
 */
uint32_t xnic_prog_load(struct xnic_core *core, uint32_t len)
{
	char msg[XNIC_MBOX_DATA_SIZE / 16];
	uint32_t words = 0, entry = 0, status = XNIC_MBOX_DONE;

	if (xnic_prog_install(core, len, &words, &entry, msg, sizeof(msg)))
		status = xnic_env_refuse(core, "program refused", msg);
	xnic_env_trace(core, XNIC_TRACE_PROG_LOAD, words, entry, status);
	return status;
}

/* PROG_UNLOAD: the image's own slot code again (xnic-fw.s: PASS). */
uint32_t xnic_prog_unload(struct xnic_core *core, uint32_t len)
{
	char msg[XNIC_MBOX_DATA_SIZE / 16];
	uint32_t words = core->prog_words, status = XNIC_MBOX_DONE;

	if (!xnic_card_running(core))
		status = xnic_env_refuse(core, "program unload refused",
					 "no firmware runs");
	else if (words && xnic_prog_switch(core, core->fw_slot,
					   core->fw_slot_words, msg,
					   sizeof(msg)))
		status = xnic_env_refuse(core, "program unload refused", msg);
	else
		core->prog_words = 0;
	xnic_env_trace(core, XNIC_TRACE_PROG_UNLOAD, words, 0, status);
	return status;
}
