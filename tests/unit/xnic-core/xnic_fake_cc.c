// SPDX-License-Identifier: GPL-2.0-or-later
/* The offload compiler's environment for the core's suites: xnic_fake_cc.h */
#include <stdio.h>
#include <stdlib.h>

#include "xnic_fake_cc.h"

static void *xnic_fake_cc_alloc(void *opaque, size_t size)
{
	return calloc(1, size);
}

static void xnic_fake_cc_free(void *opaque, void *ptr)
{
	free(ptr);
}

static void xnic_fake_cc_log(void *opaque, enum xcc_log_level level,
			     const char *line)
{
	if (level == XCC_LOG_ERROR)
		fprintf(stderr, "xcc: %s\n", line);
}

const struct xcc_env xnic_fake_cc_env = {
	.alloc = xnic_fake_cc_alloc,
	.free = xnic_fake_cc_free,
	.log = xnic_fake_cc_log,
};
