// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic program log: the LOG_READ mailbox command (docs/device.md "Program
 * log", docs/firmware.md "The program log").  Compiled helpers append
 * records to the log at the bottom of external memory (include/xnic/card.h
 * XNIC_EMEM_LOG); the card raises XNIC_MISC_LOG when its microengines go
 * idle with a non-empty log (xnic_card.c), and the driver takes the
 * records out with LOG_READ.  The contexts are drained first, as for a
 * program switch, so that no record is half written when the log is
 * emptied under it.  The log's header is written by guest-supplied code:
 * its count is clamped to the log.
 */
#include <string.h>

#include "xnic_core.h"
#include "me/me.h"

uint32_t xnic_log_read(struct xnic_core *core, uint32_t len)
{
	uint32_t emem_size, used;
	uint8_t *log;
	char msg[128];

	*xnic_core_reg(core, XNIC_REG_MBOX_LEN) = 0;
	if (!xnic_card_running(core))
		return xnic_env_refuse(core, "LOG_READ", "no firmware runs");
	if (xnic_card_drain(core, msg, sizeof(msg)))
		return xnic_env_refuse(core, "LOG_READ", msg);
	log = me_card_mem(core->card, ME_MEM_EMEM, 0, &emem_size) + XNIC_EMEM_LOG;
	used = xnic_core_ld_le32(log + XNIC_LOG_HEAD);
	if (used > XNIC_LOG_SIZE - XNIC_LOG_RECORDS)
		used = XNIC_LOG_SIZE - XNIC_LOG_RECORDS;
	used += XNIC_LOG_RECORDS;
	memcpy(core->mbox_data, log, used);
	xnic_core_st_le32(core->mbox_data + XNIC_LOG_HEAD, used - XNIC_LOG_RECORDS);
	memset(log, 0, used);
	*xnic_core_reg(core, XNIC_REG_MBOX_LEN) = used;
	/* Frames that waited in the FIFO during the drain run now. */
	xnic_card_run(core);
	return XNIC_MBOX_DONE;
}
