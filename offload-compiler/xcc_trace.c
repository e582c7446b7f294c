// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A bpf_trace_printk record of the card's program log (include/xnic/card.h,
 * XNIC_LOG_TRACE) as the text 6.1's bstr_printf() prints for what
 * bpf_bprintf_prepare() accepted.  xnic-cc prints it on the host and the
 * guest driver writes it to the kernel's trace buffer, so both show the
 * same line.  The record comes from the card, not from the compiler: every
 * read stays inside the record and the format, and a conversion the
 * compiler never accepts (xcc_isel_printk.c) ends the text instead of
 * reaching snprintf().
 */
#include "xcc.h"
#include "xnic/card.h"

/* fmt[i], or the end of the format past its last byte */
static char xcc_trace_at(const char *fmt, u32 fmt_len, u32 i)
{
	return i < fmt_len ? fmt[i] : 0;
}

static int xcc_trace_is_flag(char c)
{
	return c == '0' || c == '+' || c == '-' || c == ' ';
}

int xcc_trace_isalnum(u8 c)
{
	if (c >= 0xc0)		/* Latin-1 letters, but for the signs x and / */
		return c != 0xd7 && c != 0xf7;
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The address's text as vsprintf's ip4_string() and ip6_string() print it (40 bytes hold it). */
static u32 xcc_trace_ip_text(const u8 *addr, char style, char version, char *text)
{
	u32 n = 0, k;

	if (version == '4') {
		for (k = 0; k < 4; k++)
			n += (u32)snprintf(text + n, 40 - n, style == 'i' ? "%s%03u" : "%s%u",
					   k ? "." : "", addr[k]);
		return n;
	}
	for (k = 0; k < 16; k += 2)
		n += (u32)snprintf(text + n, 40 - n, "%s%02x%02x", k && style == 'I' ? ":" : "",
				   addr[k], addr[k + 1]);
	return n;
}

/*
 * %pi4 %pI4 %pi6 %pI6 at fmt[i] == 'p': the address's bytes are the next
 * of the record's strings, the argument the length of its text that 6.1's
 * bpf_bprintf_prepare() kept (less than all of it when its binary
 * arguments ran out).  -1 for another conversion or a record without the
 * bytes.
 */
static int xcc_trace_ip(const char *fmt, u32 fmt_len, u32 i, u64 kept, const char **strs,
			u32 *strs_left, char *out, u32 size)
{
	char style = xcc_trace_at(fmt, fmt_len, i + 1), version = xcc_trace_at(fmt, fmt_len, i + 2);
	u32 bytes = version == '4' ? 4 : 16, n;
	char text[40];

	if ((style != 'i' && style != 'I') || (version != '4' && version != '6') ||
	    *strs_left < bytes)
		return -1;
	n = xcc_trace_ip_text((const u8 *)*strs, style, version, text);
	if (kept < n)
		n = (u32)kept;
	*strs += bytes;
	*strs_left -= bytes;
	return snprintf(out, size, "%.*s", (int)n, text);
}

/*
 * The conversion at fmt[*i] ('%' already consumed) with argument v; the
 * record's strings are *strs, *strs_left bytes.  Returns what snprintf()
 * returned, or -1 for a conversion 6.1's bpf_trace_printk refuses.
 */
static int xcc_trace_conv(const char *fmt, u32 fmt_len, u32 *i, u64 v, const char **strs,
			  u32 *strs_left, char *out, u32 size)
{
	char spec[24] = "%";
	u32 n = 1, len;
	int is_long = 0, ret;
	char conv, c;

	while (n < 8 && xcc_trace_is_flag(xcc_trace_at(fmt, fmt_len, *i)))
		spec[n++] = fmt[(*i)++];
	while (n < 16 && xcc_trace_at(fmt, fmt_len, *i) >= '0' && fmt[*i] <= '9')
		spec[n++] = fmt[(*i)++];
	for (; xcc_trace_at(fmt, fmt_len, *i) == 'l'; (*i)++)
		is_long = 1;
	conv = xcc_trace_at(fmt, fmt_len, *i);
	switch (conv) {
	case 'p':	/* %p and %px: the card's address, as 16 hex digits */
		c = xcc_trace_at(fmt, fmt_len, *i + 1);
		if (c == 'i' || c == 'I')
			ret = xcc_trace_ip(fmt, fmt_len, *i, v, strs, strs_left, out, size);
		else
			ret = snprintf(out, size, "%016llx", (unsigned long long)v);
		/* bstr_printf() skips every letter and digit after the p */
		while (xcc_trace_isalnum((u8)xcc_trace_at(fmt, fmt_len, *i + 1)))
			(*i)++;
		return ret;
	case 'c':
		snprintf(spec + n, sizeof(spec) - n, "c");
		return snprintf(out, size, spec, (int)(u8)v);
	case 's':
		len = (u32)strnlen(*strs, *strs_left);
		snprintf(spec + n, sizeof(spec) - n, ".*s");
		n = (u32)snprintf(out, size, spec, (int)len, *strs);
		len += len < *strs_left;
		*strs += len;
		*strs_left -= len;
		return (int)n;
	case 'd':
	case 'i':
		snprintf(spec + n, sizeof(spec) - n, "%s%c", is_long ? "ll" : "", conv);
		return is_long ? snprintf(out, size, spec, (long long)v) :
				 snprintf(out, size, spec, (int)(u32)v);
	case 'u':
	case 'x':
	case 'X':
		snprintf(spec + n, sizeof(spec) - n, "%s%c", is_long ? "ll" : "", conv);
		return is_long ? snprintf(out, size, spec, (unsigned long long)v) :
				 snprintf(out, size, spec, (unsigned int)v);
	default:
		return -1;
	}
}

u32 xcc_trace_format(const u8 *rec, u32 rec_len, const char *fmt, u32 fmt_len, char *out,
		     u32 size)
{
	const char *strs = (const char *)rec + XNIC_LOG_TRACE_STRS;
	u32 strs_left, i, o = 0, arg = 0;
	u64 v;
	int n;

	if (!size)
		return 0;
	out[0] = 0;
	if (rec_len < XNIC_LOG_TRACE_STRS)
		return 0;
	strs_left = rec_len - XNIC_LOG_TRACE_STRS;
	for (i = 0; i < fmt_len && fmt[i] && o + 1 < size; i++) {
		if (fmt[i] != '%' || xcc_trace_at(fmt, fmt_len, i + 1) == '%') {
			out[o++] = fmt[i];
			i += fmt[i] == '%';
			continue;
		}
		i++;
		memcpy(&v, rec + XNIC_LOG_TRACE_ARGS + 8 * (arg++ % 3), 8);
		n = xcc_trace_conv(fmt, fmt_len, &i, v, &strs, &strs_left, out + o, size - o);
		if (n < 0)
			break;
		o = (u32)n < size - o ? o + (u32)n : size - 1;
	}
	out[o] = 0;
	return o;
}
