// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xcc_trace_format() (offload-compiler/xcc_trace.c): a trace record of the
 * card's log as bpf_trace_printk's text, and, since the guest driver
 * formats records a card wrote, nothing read outside the record and the
 * format whatever they hold.
 */
#include <check.h>
#include <string.h>

#include "test_main.h"
#include "xcc.h"
#include "xnic/card.h"

/* A record of len bytes at the start of buf; the rest of buf is 'Z', which no text may show. */
static u8 trace_buf[256];

static u8 *trace_record(u32 len, u64 a0, u64 a1, u64 a2, const char *strs, u32 strs_len)
{
	memset(trace_buf, 'Z', sizeof(trace_buf));
	memset(trace_buf, 0, len);
	memcpy(trace_buf + XNIC_LOG_TRACE_ARGS, &a0, 8);
	memcpy(trace_buf + XNIC_LOG_TRACE_ARGS + 8, &a1, 8);
	memcpy(trace_buf + XNIC_LOG_TRACE_ARGS + 16, &a2, 8);
	memcpy(trace_buf + XNIC_LOG_TRACE_STRS, strs, strs_len);
	return trace_buf;
}

static const char *trace_text(const u8 *rec, u32 len, const char *fmt, u32 fmt_len, u32 size)
{
	static char out[XNIC_LOG_TRACE_TEXT_MAX + 1];

	ck_assert_uint_le(size, sizeof(out));
	xcc_trace_format(rec, len, fmt, fmt_len, out, size);
	return out;
}

START_TEST(test_trace_conversions)
{
	static const char fmt[] = "%d|%5u|%-3x|%%|%px\n";
	u8 *rec = trace_record(64, (u32)-7, 42, 0xab, "xnic", 5);

	/* a fourth conversion takes the first argument again, as xnic-cc always did */
	ck_assert_str_eq(trace_text(rec, 64, fmt, sizeof(fmt), 200),
			 "-7|   42|ab |%|00000000fffffff9\n");
	memcpy(rec + XNIC_LOG_TRACE_ARGS, &(u64){ 'o' }, 8);
	memcpy(rec + XNIC_LOG_TRACE_ARGS + 8, &(u64){ 'k' }, 8);
	ck_assert_str_eq(trace_text(rec, 64, "%c%c %s", 8, 200), "ok xnic");
	memcpy(rec + XNIC_LOG_TRACE_ARGS, &(u64){ (u64)-1 }, 8);
	ck_assert_str_eq(trace_text(rec, 64, "%llu %ld", 9, 200), "18446744073709551615 107");
}
END_TEST

/* a string without its NUL ends at the record's end, a format without one at its length */
START_TEST(test_trace_bounded)
{
	u8 *rec = trace_record(48, 0, 0, 0, "abcdefgh", 8);

	ck_assert_str_eq(trace_text(rec, 48, "[%s]", 4, 200), "[abcdefgh]");
	ck_assert_str_eq(trace_text(rec, 48, "[%s][%s]", 8, 200), "[abcdefgh][]");
	ck_assert_str_eq(trace_text(rec, 48, "tail%", 5, 200), "tail");
	ck_assert_str_eq(trace_text(rec, 48, "cut here", 3, 200), "cut");
	ck_assert_str_eq(trace_text(rec, 48, "0123456789", 10, 5), "0123");
	ck_assert_str_eq(trace_text(rec, 48, "%s and more", 11, 6), "abcde");
	ck_assert_str_eq(trace_text(rec, XNIC_LOG_TRACE_STRS - 8, "text", 4, 200), "");
}
END_TEST

/* what 6.1's bpf_trace_printk refuses never reaches snprintf: the text ends */
START_TEST(test_trace_refused_conversion)
{
	u8 *rec = trace_record(48, 1, 2, 3, "", 0);

	ck_assert_str_eq(trace_text(rec, 48, "a %d %n %d", 10, 200), "a 1 ");
	ck_assert_str_eq(trace_text(rec, 48, "%*d", 3, 200), "");
}
END_TEST

/*
 * %pI4 %pi4 %pI6 %pi6 as 6.1's vsprintf prints them, from the address bytes
 * among the record's strings, as much of the text as the argument says
 * the kernel kept; bstr_printf() skips the letters and digits after them
 * (Latin-1 letters too, not the sign x), and a record without an address's
 * bytes ends the text.
 */
START_TEST(test_trace_addresses)
{
	static const u8 addrs[] = { 192, 0, 2, 7, 10, 0, 0, 1,
				    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xab, 0x01 };
	u8 *rec = trace_record(72, 15, 15, 0, (const char *)addrs, sizeof(addrs));

	ck_assert_str_eq(trace_text(rec, 72, "%pI4 %pi4", 9, 200), "192.0.2.7 010.000.000.001");
	ck_assert_str_eq(trace_text(rec, 72, "%-20pi4|%5pI4|", 14, 200),
			 "192.000.002.007|10.0.0.1|");
	memcpy(rec + XNIC_LOG_TRACE_ARGS + 16, &(u64){ 39 }, 8);
	ck_assert_str_eq(trace_text(rec, 72, "%pI4c%pI4h %pI6c.", 17, 200),
			 "192.0.2.710.0.0.1 2001:0db8:0000:0000:0000:0000:0000:ab01.");
	ck_assert_str_eq(trace_text(rec, 72, "%pI4\xe9\xd7 %pi4x1%pi6", 18, 200),
			 "192.0.2.7\xd7 010.000.000.00120010db800000000000000000000ab01");
	memcpy(rec + XNIC_LOG_TRACE_ARGS, &(u64){ 3 }, 8);
	memcpy(rec + XNIC_LOG_TRACE_ARGS + 8, &(u64){ 0 }, 8);
	ck_assert_str_eq(trace_text(rec, 72, "%pI4|%pI4|%pxyz.", 16, 200),
			 "192||0000000000000027.");
	ck_assert_str_eq(trace_text(rec, XNIC_LOG_TRACE_STRS + 20, "%pI4 %pI4 %pI6 end", 18, 200),
			 "192  ");
	ck_assert_str_eq(trace_text(rec, 72, "%pi5 end", 8, 200), "");
}
END_TEST

static Suite *make_trace_suite(void)
{
	Suite *s = suite_create("compiler-trace");
	TCase *tc = tcase_create("trace");

	tcase_add_test(tc, test_trace_conversions);
	tcase_add_test(tc, test_trace_bounded);
	tcase_add_test(tc, test_trace_refused_conversion);
	tcase_add_test(tc, test_trace_addresses);
	suite_add_tcase(s, tc);
	return s;
}

XCC_TEST_MAIN(make_trace_suite)
