/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Kernel builds: the ISA formatter uses only snprintf/vsnprintf. */
#include <linux/kernel.h>
