// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic core services every block uses, through the environment's
 * callbacks (struct xnic_core_ops): guest-error accounting (ERR_COUNT,
 * ERR_LAST, the log, MISC_ERROR) and trace events.  The bottom of the
 * core: it calls only the interrupt block.
 */
#include <stdarg.h>
#include <stdio.h>

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

void xnic_env_trace(struct xnic_core *core, enum xnic_core_trace ev,
		    uint32_t a, uint32_t b, uint32_t c)
{
	if (core->ops->trace)
		core->ops->trace(core->opaque, ev, a, b, c);
}
