// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic core services every block uses, through the environment's
 * callbacks (struct xnic_core_ops): guest-error accounting (ERR_COUNT,
 * ERR_LAST, the log, MISC_ERROR) and a refused mailbox command's reply.
 * Trace events are xnic_core.h's inline xnic_env_trace().  Near the
 * bottom of the core: it calls only the interrupt block.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xnic_core.h"

void xnic_env_guest_error(struct xnic_core *core, uint32_t code,
			  const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	(*xnic_core_reg(core, XNIC_REG_ERR_COUNT))++;
	*xnic_core_reg(core, XNIC_REG_ERR_LAST) = code;
	core->ops->guest_error(core->opaque, msg);
	xnic_irq_misc_raise(core, XNIC_MISC_ERROR);
}

/*
 * A refused mailbox command: LOG_GUEST_ERROR, ERR_LAST = BAD_FW and the
 * reason, NUL-terminated, in MBOX_DATA (MBOX_LEN its size).
 */
uint32_t xnic_env_refuse(struct xnic_core *core, const char *what,
			 const char *msg)
{
	xnic_env_guest_error(core, XNIC_ERR_BAD_FW, "%s: %s", what, msg);
	memset(core->mbox_data, 0, sizeof(core->mbox_data));
	memcpy(core->mbox_data, msg, strlen(msg) + 1);
	*xnic_core_reg(core, XNIC_REG_MBOX_LEN) = strlen(msg) + 1;
	return XNIC_MBOX_ERROR;
}
