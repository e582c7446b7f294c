/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QEMU generates the xnic trace functions from trace-events. */
#include "trace/trace-hw_xnic.h"
