/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Kernel builds: the ISA encoder asks for <stdint.h>; linux/types.h has it. */
#include <linux/types.h>
