/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The assembler (docs/isa.md section 11): every error names
 * file:line:column; expressions, data sections, includes and entry points
 * assemble to the expected image.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "me_test.h"

struct me_asm_error_case {
	const char *src;
	const char *error;	/* one full line of the output */
};

static const struct me_asm_error_case me_asm_errors[] = {
	{ "\tfoo a0, a1\n", "t.s:1:2: error: unknown instruction 'foo'" },
	{ "\tadd a0, a1, a2\n",
	  "t.s:1:2: error: add: bank rule: both sources are in the A-bank file" },
	{ "\tmov a0, #70000\n",
	  "t.s:1:10: error: constant 70000 does not fit a 16-bit immediate; build it with li" },
	{ "\tbr nowhere\n", "t.s:1:5: error: undefined symbol 'nowhere'" },
	{ "x:\tnop\nx:\tnop\n", "t.s:2:1: error: 'x' already defined at t.s:1" },
	{ "\tadd a40, a1, b1\n", "t.s:1:6: error: no register 'a40'" },
	{ "\tadd a20, a1, b1\n",
	  "t.s:1:2: error: add: destination operand: register 20 out of range (limit 16) in 8-context mode" },
	{ "\t.word 1\n", "t.s:1:8: error: data directive in .text; start a .data section" },
	{ "\t.include \"missing.inc\"\n",
	  "t.s:1:11: error: cannot open include file 'missing.inc'" },
	{ "\tmem_rd $xr0, a0, #0, #4, sig1\n",
	  "t.s:1:2: error: mem_rd needs a memory space suffix: .pkt, .imem or .emem" },
	{ "\tbr.xx 0\n", "t.s:1:2: error: unknown condition '.xx'" },
	{ "\tadd.eq a0, a1, b1\n", "t.s:1:2: error: add takes no '.eq' suffix" },
	{ "\tadd a0, a1\n", "t.s:1:2: error: add takes 3 operands (D, A, B), not 2" },
	{ "\thalt a0\n", "t.s:1:2: error: halt takes 0 operands, not 1" },
	{ "\t.contexts 5\n", "t.s:1:12: error: .contexts must be 4 or 8, not 5" },
	{ "\tmov a0, #1 junk\n", "t.s:1:13: error: expected ',' or end of line" },
	{ "\tlm_ld32 a0, l0[3000]\n", "t.s:1:14: error: LM offset 3000 not in -2048..2047" },
	{ "\tmov a0, #1 +\n", "t.s:1:14: error: expected an expression" },
	{ "\tmov a0, #0x1g\n", "t.s:1:11: error: bad number '0x1g'" },
	{ "\tmov a0, #(1\n", "t.s:1:13: error: expected ')'" },
	{ "\tadd a0, a1, #5 / 0\n", "t.s:1:17: error: division by zero" },
	{ "\t.data flash 0\n", "t.s:1:8: error: .data needs a space: lm, pkt, imem or emem" },
	{ "\t.bogus\n", "t.s:1:2: error: unknown directive '.bogus'" },
	{ "\tmov a0, sig1\n", "t.s:1:10: error: operand 2 of mov must be a register or a constant" },
	{ "\tadd a0, #1, b1\n", "t.s:1:10: error: operand 2 of add must be a register" },
	{ "\tli a0, 0x1ffffffff\n", "t.s:1:9: error: number 0x1ffffffff does not fit 32 bits" },
	{ "\t.data emem 0\n\tnop\n",
	  "t.s:2:2: error: instruction in a .data section; use .text first" },
	{ "a0:\tnop\n", "t.s:1:1: error: 'a0' is a register name" },
	{ "csr_ctx:\tnop\n", "t.s:1:1: error: 'csr_ctx' is a built-in name" },
	{ "\tbr_bset a0, #32, 0\n", "t.s:1:14: error: bit number 32 out of range 0..31" },
	{ "\t.data emem 0\n\t.ascii \"abc\n", "t.s:2:9: error: unterminated string" },
	{ "\tmem_add.pkt $xw0, a0, #0, #4, sig1\n",
	  "t.s:1:2: error: mem_add: atomics work on imem and emem only" },
	{ "\tctx_wait #0\n", "t.s:1:11: error: signal mask 0 out of range 1..65535" },
	{ "\tpkt_rx $xr0, sig1, later\n", "t.s:1:21: error: undefined symbol 'later'" },
	{ "\tpkt_rx $xr0, sig1, 3\n", "t.s:1:21: error: operand 3 of pkt_rx must be swap" },
	{ "\tmov a0, #1 @\n", "t.s:1:13: error: unexpected character '@'" },
	{ "\t.equ N, later\nlater:\tnop\n", "t.s:1:10: error: value must be defined before this line" },
	{ "\tcall $xw0, 0\n", "t.s:1:2: error: call: destination must be a GPR" },
	{ "\tmov a0, #'ab'\n", "t.s:1:11: error: bad character constant" },
	{ "\tmem_rd.emem $xr12, a0, #0, #32, sig1\n",
	  "t.s:1:2: error: mem_rd: needs 8 transfer registers from 12, past 15" },
	{ "; only a comment\n", "t.s: error: no instructions" },
};

START_TEST(me_asm_error)
{
	const struct me_asm_error_case *c = &me_asm_errors[_i];
	char *errors = me_test_assemble_fail(c->src);

	ck_assert_msg(strstr(errors, c->error), "source:\n%s\ngot:\n%s\nwant:\n%s\n",
		      c->src, errors, c->error);
	free(errors);
}
END_TEST

/* All mistakes of a file are reported, not just the first. */
START_TEST(me_asm_many_errors)
{
	char *errors = me_test_assemble_fail(
		"\tmov a0, #1\n\tfoo\n\tmov a0, #70000\n\tadd a1, a2, a3\n");

	ck_assert_ptr_nonnull(strstr(errors, "t.s:2:2: error: unknown instruction 'foo'\n"));
	ck_assert_ptr_nonnull(strstr(errors, "t.s:3:10: error: constant 70000"));
	ck_assert_ptr_nonnull(strstr(errors, "t.s:4:2: error: add: bank rule"));
	free(errors);
}
END_TEST

static uint32_t me_asm_run_reg(const char *src, const char *reg)
{
	struct me_test_run r = { 0 };
	struct me_ctx_state s;

	ck_assert_int_eq(me_test_exec(&r, src, NULL, 100000), ME_STOP_HALTED);
	s = me_test_ctx(&r, 0, 0);
	me_test_free(&r);
	return me_test_reg(&s, reg);
}

START_TEST(me_asm_expressions)
{
	static const struct { const char *expr; uint32_t value; } cases[] = {
		{ "(A + 1) * 2 << 1", 16 }, { "lo16(0x12345678)", 0x5678 },
		{ "hi16(0x12345678)", 0x1234 }, { "~0 & 0xff", 0xff },
		{ "'x'", 120 }, { "'\\n'", 10 }, { "10 / 3 - 1", 2 },
		{ "0b101 | 0x10 ^ 1", 0x15 }, { "A", 3 }, { "-A & 0xffff", 0xfffd },
		{ "csr_signals", ME_CSR_SIGNALS }, { "fwd - main", 3 },
		{ "1 << 4 >> 2", 4 }, { "+5", 5 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char src[512];

		snprintf(src, sizeof(src),
			 "\t.equ A, 3\nmain:\tli a0, %s\n\tnop\nfwd:\thalt\n", cases[i].expr);
		ck_assert_msg(me_asm_run_reg(src, "a0") == cases[i].value, "%s",
			      cases[i].expr);
	}
}
END_TEST

START_TEST(me_asm_data_sections)
{
	struct me_image img;
	const uint8_t want[] = { 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x34, 0x12, 7,
				 0, 'a', 'b', 0, 0xee, 0xee, 0xee };

	me_test_assemble("\t.data imem 0x40\nv:\t.word 1, -1\n\t.half 0x1234\n"
			 "\t.byte 7\n\t.align 4\nw:\t.asciz \"ab\"\n\t.space 3, 0xee\n"
			 "\t.data lm, 8\n\t.word w\n"
			 "\t.text\nstart:\tmov a0, #v\n\tmov a1, #w\n\thalt\n"
			 "\t.entry start\n", &img);
	ck_assert_uint_eq(img.ndata, 2);
	ck_assert_uint_eq(img.data[0].sect, ME_SECT_IMEM);
	ck_assert_uint_eq(img.data[0].addr, 0x40);
	ck_assert_uint_eq(img.data[0].size, sizeof(want));
	ck_assert_mem_eq(img.data[0].bytes, want, sizeof(want));
	ck_assert_uint_eq(img.data[1].sect, ME_SECT_LM);
	ck_assert_uint_eq(img.data[1].bytes[0], 0x4c);
	ck_assert_uint_eq(img.entry, 0);
	ck_assert_str_eq(me_image_sym_at(&img, ME_SECT_IMEM, 0x4c), "w");
	ck_assert_str_eq(me_image_sym_at(&img, ME_SECT_CODE, 0), "start");
	me_image_free(&img);
	ck_assert_uint_eq(me_asm_run_reg("main:\tnop\n\tlm_set l0, a1, #8\n"
					 "\tlm_ld32 a0, l0[0]\n\thalt\n"
					 "\t.data lm 8\n\t.word 0x1234abcd\n", "a0"), 0x1234abcd);
}
END_TEST

START_TEST(me_asm_entry)
{
	struct me_image img;

	me_test_assemble("\tnop\nmain:\thalt\n", &img);
	ck_assert_uint_eq(img.entry, 1);
	ck_assert_uint_eq(img.contexts, 8);
	me_image_free(&img);
	me_test_assemble("\t.contexts 4\n\t.entry 2\n\tnop\n\tnop\n\thalt\n", &img);
	ck_assert_uint_eq(img.entry, 2);
	ck_assert_uint_eq(img.contexts, 4);
	me_image_free(&img);
}
END_TEST

static void me_asm_write(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(me_asm_includes)
{
	char dir[] = "/tmp/me-asm-XXXXXX", sub[600], path[600];
	const char *inc[1] = { sub };
	struct xas_options opt = { .include_dirs = inc, .n_include_dirs = 1 };
	struct me_image img;
	char *errors = NULL;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/inc", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	me_asm_write(dir, "defs.inc", "\t.equ K, 9\n\t.include \"deep.inc\"\n");
	me_asm_write(sub, "deep.inc", "\t.equ J, K + 1\n");
	me_asm_write(dir, "main.s", "\t.include \"defs.inc\"\nmain:\tmov a0, #J\n\thalt\n");
	me_asm_write(dir, "bad.inc", "\tnop\n\tfoo a1\n");
	me_asm_write(dir, "usebad.s", "main:\tnop\n\t.include \"bad.inc\"\n");
	me_asm_write(dir, "loop.s", "\t.include \"loop.s\"\n");
	snprintf(path, sizeof(path), "%s/main.s", dir);
	ck_assert_msg(xas_assemble_file(path, &opt, &img, &errors) == 0, "%s", errors);
	ck_assert_uint_eq(img.code[0], 0x082000a00000000aull);	/* mov a0, #10 */
	me_image_free(&img);
	snprintf(path, sizeof(path), "%s/usebad.s", dir);
	ck_assert_int_ne(xas_assemble_file(path, &opt, &img, &errors), 0);
	ck_assert_msg(strstr(errors, "bad.inc:2:2: error: unknown instruction 'foo'"),
		      "%s", errors);
	free(errors);
	snprintf(path, sizeof(path), "%s/loop.s", dir);
	ck_assert_int_ne(xas_assemble_file(path, &opt, &img, &errors), 0);
	ck_assert_msg(strstr(errors, "error: includes nested deeper than 16"), "%s", errors);
	free(errors);
	snprintf(path, sizeof(path), "%s/none.s", dir);
	ck_assert_int_ne(xas_assemble_file(path, &opt, &img, &errors), 0);
	ck_assert_msg(strstr(errors, "none.s: error: No such file"), "%s", errors);
	free(errors);
	for (const char *const *f = (const char *const[]){ "defs.inc", "main.s", "bad.inc",
			"usebad.s", "loop.s", "inc/deep.inc", NULL }; *f; f++) {
		snprintf(path, sizeof(path), "%s/%s", dir, *f);
		unlink(path);
	}
	rmdir(sub);
	rmdir(dir);
}
END_TEST

Suite *make_me_asm_suite(void);

Suite *make_me_asm_suite(void)
{
	Suite *s = suite_create("me-asm");
	TCase *tc = tcase_create("assembler");

	tcase_add_loop_test(tc, me_asm_error, 0,
			    sizeof(me_asm_errors) / sizeof(me_asm_errors[0]));
	tcase_add_test(tc, me_asm_many_errors);
	tcase_add_test(tc, me_asm_expressions);
	tcase_add_test(tc, me_asm_data_sections);
	tcase_add_test(tc, me_asm_entry);
	tcase_add_test(tc, me_asm_includes);
	suite_add_tcase(s, tc);
	return s;
}
