/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Kernel builds: va_list for the ISA formatter. */
#include <linux/stdarg.h>
