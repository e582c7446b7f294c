/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Kernel builds: va_list for hw/me's formatter. */
#include <linux/stdarg.h>
