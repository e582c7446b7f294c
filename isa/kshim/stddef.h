/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Kernel builds: size_t and NULL for the ISA encoder. */
#include <linux/stddef.h>
#include <linux/types.h>
