// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic control mailbox (docs/device.md "Mailbox").  The driver fills
 * MBOX_DATA, sets MBOX_LEN and writes the command to MBOX_CMD; the card
 * runs it at once, sets MBOX_STATUS and raises MISC_MBOX.  Commands are
 * listed once in xnic_mbox_cmds; firmware commands are added there.
 */
#include "xnic_core.h"

/* Runs a command over mbox_data[0..len); returns an XNIC_MBOX_* status. */
typedef uint32_t xnic_mbox_handler(struct xnic_core *core, uint32_t len);

static uint32_t xnic_mbox_nop(struct xnic_core *core, uint32_t len)
{
	return XNIC_MBOX_DONE;
}

static xnic_mbox_handler *const xnic_mbox_cmds[] = {
	[XNIC_MBOX_CMD_NOP] = xnic_mbox_nop,
	[XNIC_MBOX_CMD_FW_LOAD] = xnic_fw_load,
	[XNIC_MBOX_CMD_FW_CAPS] = xnic_fw_caps,
	[XNIC_MBOX_CMD_PROG_LOAD] = xnic_prog_load,
	[XNIC_MBOX_CMD_PROG_UNLOAD] = xnic_prog_unload,
	[XNIC_MBOX_CMD_MAP_OP] = xnic_maps_op,
	[XNIC_MBOX_CMD_TEST_RUN] = xnic_testrun_run,
	[XNIC_MBOX_CMD_PROFILE] = xnic_testrun_profile,
	[XNIC_MBOX_CMD_LOG_READ] = xnic_log_read,
};

#define XNIC_MBOX_NUM_CMDS	(sizeof(xnic_mbox_cmds) / sizeof(xnic_mbox_cmds[0]))

static uint32_t xnic_mbox_run(struct xnic_core *core, uint32_t cmd,
			      uint32_t len)
{
	if (len > XNIC_MBOX_DATA_SIZE) {
		xnic_env_guest_error(core, XNIC_ERR_BAD_MBOX,
				     "mailbox length %u above %u", len,
				     XNIC_MBOX_DATA_SIZE);
		return XNIC_MBOX_ERROR;
	}
	if (cmd >= XNIC_MBOX_NUM_CMDS || !xnic_mbox_cmds[cmd]) {
		xnic_env_guest_error(core, XNIC_ERR_BAD_MBOX,
				     "unknown mailbox command %u", cmd);
		return XNIC_MBOX_ERROR;
	}
	return xnic_mbox_cmds[cmd](core, len);
}

void xnic_mbox_write_cmd(struct xnic_core *core, unsigned int q,
			 uint32_t off, uint32_t old)
{
	uint32_t cmd = *xnic_core_reg(core, XNIC_REG_MBOX_CMD);
	uint32_t len = *xnic_core_reg(core, XNIC_REG_MBOX_LEN);
	uint32_t *status = xnic_core_reg(core, XNIC_REG_MBOX_STATUS);

	/* Injected fault: the card takes the MAP_OP and never answers it. */
	if (cmd == XNIC_MBOX_CMD_MAP_OP && core->fault_mbox_hang) {
		core->fault_mbox_hang--;
		*status = XNIC_MBOX_BUSY;
		xnic_env_trace(core, XNIC_TRACE_MBOX, cmd, len, *status);
		return;
	}
	*status = xnic_mbox_run(core, cmd, len);
	xnic_env_trace(core, XNIC_TRACE_MBOX, cmd, len, *status);
	xnic_irq_misc_raise(core, XNIC_MISC_MBOX);
}
