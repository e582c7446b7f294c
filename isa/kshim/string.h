/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Kernel builds: memcpy/memset/strcmp for the ISA encoder. */
#include <linux/string.h>
