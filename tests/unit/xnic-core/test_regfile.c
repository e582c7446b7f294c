// SPDX-License-Identifier: GPL-2.0-or-later
/* xnic register file: reset values, access types, errors, mailbox. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_fake.h"

Suite *make_regfile_suite(void);

START_TEST(test_reset_values)
{
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ID), XNIC_ID_MAGIC);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_VERSION), 0x00010001);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_NUM_QUEUES), XNIC_FAKE_QUEUES);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_CAPS),
			  XNIC_CAP_MSIX | XNIC_CAP_MAILBOX | XNIC_CAP_FIRMWARE |
			  XNIC_CAP_TX_OFFLOAD);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_CTRL), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_STATUS), XNIC_STATUS_LINK_UP);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MAC_LO), 0x12005452);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MAC_HI), 0x5634);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MTU), 1500);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MAX_MTU), 9198);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MIN_MTU), 68);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MISC_MASK), 0x1f);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_NONE);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_STATUS), XNIC_MBOX_IDLE);
	ck_assert_uint_eq(xnic_fake_qrd(3, XNIC_Q_TX_SIZE), 0);
	ck_assert_uint_eq(xnic_fake_qrd(3, XNIC_Q_IRQ_MASK), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_COUNT), 0);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

static void check_one_bad_reg(unsigned int errors_before)
{
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_COUNT), errors_before + 1);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_BAD_REG);
	ck_assert_uint_eq(xnic_fake->guest_errors, errors_before + 1);
	ck_assert(xnic_fake_rd(XNIC_REG_MISC_CAUSE) & XNIC_MISC_ERROR);
}

START_TEST(test_read_only_write_refused)
{
	xnic_fake_wr(XNIC_REG_ID, 0x12345678);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ID), XNIC_ID_MAGIC);
	check_one_bad_reg(0);
	xnic_fake_qwr(1, XNIC_Q_TX_HEAD, 5);
	ck_assert_uint_eq(xnic_fake_qrd(1, XNIC_Q_TX_HEAD), 0);
	check_one_bad_reg(1);
}
END_TEST

START_TEST(test_rw1c)
{
	xnic_fake_wr(XNIC_REG_ID, 0);	/* sets MISC_ERROR */
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_NOP);	/* MISC_MBOX */
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MISC_CAUSE),
			  XNIC_MISC_ERROR | XNIC_MISC_MBOX);
	xnic_fake_wr(XNIC_REG_MISC_CAUSE, 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MISC_CAUSE),
			  XNIC_MISC_ERROR | XNIC_MISC_MBOX);
	xnic_fake_wr(XNIC_REG_MISC_CAUSE, XNIC_MISC_MBOX | XNIC_MISC_LINK);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MISC_CAUSE), XNIC_MISC_ERROR);
	xnic_fake_wr(XNIC_REG_MISC_CAUSE, 0xffffffff);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MISC_CAUSE), 0);
}
END_TEST

START_TEST(test_rw_mask)
{
	xnic_fake_wr(XNIC_REG_MAC_HI, 0xabcd1234);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MAC_HI), 0x1234);
	xnic_fake_qwr(0, XNIC_Q_TX_CTRL, 0xfffffffe);
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_CTRL), 0);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

START_TEST(test_bad_accesses_survived)
{
	struct xnic_core *core = &xnic_fake->core;

	ck_assert_uint_eq(xnic_regfile_read(core, XNIC_REG_ID, 2), 0);
	check_one_bad_reg(0);
	ck_assert_uint_eq(xnic_regfile_read(core, XNIC_REG_ID + 1, 4), 0);
	check_one_bad_reg(1);
	xnic_regfile_write(core, XNIC_REG_MTU, 9000, 8);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MTU), 1500);
	check_one_bad_reg(2);
	ck_assert_uint_eq(xnic_fake_rd(0x3800), 0);
	check_one_bad_reg(3);
	/* Queue block of a queue pair this card does not have. */
	xnic_fake_qwr(XNIC_FAKE_QUEUES, XNIC_Q_TX_SIZE, 64);
	check_one_bad_reg(4);
	ck_assert_uint_eq(xnic_fake_qrd(0, 0x4c), 0);
	check_one_bad_reg(5);
	ck_assert_uint_eq(xnic_regfile_read(core, XNIC_BAR0_SIZE, 4), 0);
	check_one_bad_reg(6);
}
END_TEST

START_TEST(test_mtu_range)
{
	xnic_fake_wr(XNIC_REG_MTU, 9000);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MTU), 9000);
	xnic_fake_wr(XNIC_REG_MTU, XNIC_MAX_MTU + 1);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MTU), 9000);
	check_one_bad_reg(0);
	xnic_fake_wr(XNIC_REG_MTU, XNIC_MIN_MTU - 1);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MTU), 9000);
}
END_TEST

START_TEST(test_ctrl_reset)
{
	xnic_fake_wr(XNIC_REG_MTU, 9000);
	xnic_fake_wr(XNIC_REG_MAC_LO, 0);
	xnic_fake_qwr(2, XNIC_Q_RX_SIZE, 128);
	xnic_fake_wr(XNIC_REG_MBOX_DATA, 0xdeadbeef);
	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_ENABLE | XNIC_CTRL_RESET);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_CTRL), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MTU), 1500);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MAC_LO), 0x12005452);
	ck_assert_uint_eq(xnic_fake_qrd(2, XNIC_Q_RX_SIZE), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_DATA), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_STATUS), XNIC_STATUS_LINK_UP);
}
END_TEST

START_TEST(test_mbox_nop)
{
	xnic_fake_wr(XNIC_REG_MISC_MASK, 0);
	xnic_fake_wr(XNIC_REG_MBOX_DATA, 0x04030201);
	xnic_fake_wr(XNIC_REG_MBOX_DATA + XNIC_MBOX_DATA_SIZE - 4, 0xa5a5a5a5);
	ck_assert_uint_eq(xnic_fake->core.mbox_data[0], 0x01);
	ck_assert_uint_eq(xnic_fake->core.mbox_data[3], 0x04);
	xnic_fake_wr(XNIC_REG_MBOX_LEN, 4);
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_NOP);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_STATUS), XNIC_MBOX_DONE);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_DATA), 0x04030201);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_DATA + XNIC_MBOX_DATA_SIZE - 4),
			  0xa5a5a5a5);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MISC_CAUSE), XNIC_MISC_MBOX);
	ck_assert_uint_eq(xnic_fake->msix_count[XNIC_MSIX_MISC_VECTOR], 1);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

START_TEST(test_mbox_errors)
{
	xnic_fake_wr(XNIC_REG_MBOX_CMD, 0x77);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_STATUS), XNIC_MBOX_ERROR);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_BAD_MBOX);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MISC_CAUSE),
			  XNIC_MISC_MBOX | XNIC_MISC_ERROR);
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_NOP);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_STATUS), XNIC_MBOX_DONE);
	xnic_fake_wr(XNIC_REG_MBOX_LEN, XNIC_MBOX_DATA_SIZE + 1);
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_NOP);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_STATUS), XNIC_MBOX_ERROR);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_COUNT), 2);
}
END_TEST

START_TEST(test_ring_config_frozen_while_enabled)
{
	xnic_fake_ring(1, XNIC_Q_RX_BASE_LO, XNIC_FAKE_RX_RING, 64);
	ck_assert(xnic_fake_qrd(1, XNIC_Q_RX_CTRL) & XNIC_QCTRL_ENABLE);
	xnic_fake_qwr(1, XNIC_Q_RX_SIZE, 128);
	xnic_fake_qwr(1, XNIC_Q_RX_BASE_HI, 1);
	ck_assert_uint_eq(xnic_fake_qrd(1, XNIC_Q_RX_SIZE), 64);
	ck_assert_uint_eq(xnic_fake_qrd(1, XNIC_Q_RX_BASE_HI), 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_COUNT), 2);
	xnic_fake_qwr(1, XNIC_Q_RX_CTRL, 0);
	xnic_fake_qwr(1, XNIC_Q_RX_SIZE, 128);
	ck_assert_uint_eq(xnic_fake_qrd(1, XNIC_Q_RX_SIZE), 128);
}
END_TEST

/* Migration input is checked like guest input. */
START_TEST(test_post_load_sanitizes_rings)
{
	struct xnic_core *core = &xnic_fake->core;
	char msg[200];

	xnic_fake_ring(0, XNIC_Q_TX_BASE_LO, XNIC_FAKE_TX_RING, 64);
	xnic_fake_ring(1, XNIC_Q_RX_BASE_LO, XNIC_FAKE_RX_RING, 64);
	xnic_fake_ring(2, XNIC_Q_RX_BASE_LO, XNIC_FAKE_RX_RING + 0x1000, 64);
	core->qregs[0][XNIC_Q_TX_SIZE / 4] = 100;
	core->qregs[1][XNIC_Q_RX_HEAD / 4] = 64;
	core->qregs[XNIC_FAKE_QUEUES][XNIC_Q_TX_CTRL / 4] = XNIC_QCTRL_ENABLE;
	core->regs[XNIC_REG_NUM_QUEUES / 4] = 16;
	ck_assert_ptr_null(xnic_core_post_load(core, false, msg, sizeof(msg)));
	ck_assert_uint_eq(xnic_fake_qrd(0, XNIC_Q_TX_CTRL), 0);
	ck_assert_uint_eq(xnic_fake_qrd(1, XNIC_Q_RX_CTRL), 0);
	ck_assert_uint_eq(xnic_fake_qrd(2, XNIC_Q_RX_CTRL), XNIC_QCTRL_ENABLE);
	ck_assert_uint_eq(core->qregs[XNIC_FAKE_QUEUES][XNIC_Q_TX_CTRL / 4], 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_NUM_QUEUES), XNIC_FAKE_QUEUES);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_BAD_RING);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_COUNT), 3);
}
END_TEST

/* INTx: the line is the OR of every unmasked cause; MSI-X turns it off. */
START_TEST(test_intx_follows_misc_cause)
{
	xnic_fake->msix = false;
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_NOP);
	ck_assert(!xnic_fake->intx);	/* masked out of reset */
	xnic_fake_wr(XNIC_REG_MISC_MASK, 0);
	ck_assert(xnic_fake->intx);
	xnic_fake_wr(XNIC_REG_MISC_MASK, 0x7);
	xnic_fake_wr(XNIC_REG_MISC_MASK, 0);
	ck_assert(xnic_fake->intx);
	xnic_fake_wr(XNIC_REG_MISC_MASK, XNIC_MISC_MBOX);
	ck_assert(!xnic_fake->intx);
	xnic_fake_wr(XNIC_REG_MISC_MASK, 0);
	ck_assert(xnic_fake->intx);
	xnic_fake->msix = true;
	xnic_core_irq_resync(&xnic_fake->core);
	ck_assert(!xnic_fake->intx);
	ck_assert_uint_eq(xnic_fake->msix_count[XNIC_MSIX_MISC_VECTOR], 0);
	xnic_fake->msix = false;
	xnic_core_irq_resync(&xnic_fake->core);
	ck_assert(xnic_fake->intx);
	xnic_fake_wr(XNIC_REG_MISC_CAUSE, XNIC_MISC_MBOX);
	ck_assert(!xnic_fake->intx);
}
END_TEST

/* ---- docs/device.md's register maps against regs.h's table ---- */

struct regdoc_entry {
	const char *name;
	uint32_t off;
	const char *access;
	uint32_t reset;
};

#define REGDOC_ENTRY(n, o, acc, rst, wr) { #n, (o), #acc, (rst) },
static const struct regdoc_entry regdoc_global[] = {
	XNIC_REGS_GLOBAL(REGDOC_ENTRY)
};
static const struct regdoc_entry regdoc_queue[] = {
	XNIC_REGS_QUEUE(REGDOC_ENTRY)
};
#undef REGDOC_ENTRY

static char *regdoc_read(void)
{
	FILE *f = fopen(XNIC_DEVICE_MD, "r");
	static char buf[256 * 1024];
	size_t n;

	ck_assert_msg(f, "cannot open %s", XNIC_DEVICE_MD);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	return buf;
}

/* The text of one "## " section of the document, NUL-terminated in place. */
static char *regdoc_section(char *doc, const char *heading)
{
	char *start = strstr(doc, heading), *end;

	ck_assert_msg(start, "docs/device.md lost the section \"%s\"", heading);
	end = strstr(start + 1, "\n## ");
	if (end)
		*end = 0;
	return start;
}

/*
 * Each register has its row "| offset | NAME | ACCESS | RESET |": the
 * access as the table has it ("W" documents a doorbell the table calls RW)
 * and, where the document gives a number, the table's reset value.
 */
static void regdoc_check_row(const char *section, const char *fmt,
			     const struct regdoc_entry *e)
{
	char key[96], wkey[96];
	const char *row, *cell;
	char *end;
	unsigned long doc_reset;

	snprintf(key, sizeof(key), fmt, e->off, e->name, e->access);
	snprintf(wkey, sizeof(wkey), fmt, e->off, e->name, "W");
	row = strstr(section, key);
	cell = row ? row + strlen(key) : NULL;
	if (!row && strcmp(e->access, "RW") == 0) {
		row = strstr(section, wkey);
		cell = row ? row + strlen(wkey) : NULL;
	}
	ck_assert_msg(row, "docs/device.md has no row \"%s\"", key);
	doc_reset = strtoul(cell, &end, 0);
	if (end != cell && strncmp(end, " |", 2) == 0)
		ck_assert_msg(doc_reset == e->reset,
			      "docs/device.md: %s resets to 0x%lx, regs.h to 0x%x",
			      e->name, doc_reset, e->reset);
}

/* Rows with a single offset: one per register, none left over. */
static unsigned int regdoc_count_rows(const char *section)
{
	unsigned int rows = 0;
	const char *p = section;

	while ((p = strstr(p, "\n| 0x"))) {
		p += 3;
		rows += strspn(p + 2, "0123456789abcdef") > 0 &&
			p[2 + strspn(p + 2, "0123456789abcdef")] == ' ';
	}
	return rows;
}

START_TEST(test_device_md_matches_register_table)
{
	char *doc = regdoc_read();
	char *global = regdoc_section(doc, "## Register map: global block");
	char *queue;
	size_t i;

	for (i = 0; i < sizeof(regdoc_global) / sizeof(regdoc_global[0]); i++)
		regdoc_check_row(global, "| 0x%04x | %s | %s | ", &regdoc_global[i]);
	ck_assert_uint_eq(regdoc_count_rows(global),
			  sizeof(regdoc_global) / sizeof(regdoc_global[0]));
	queue = regdoc_section(global + strlen(global) + 1,
			       "## Register map: queue-pair blocks");
	for (i = 0; i < sizeof(regdoc_queue) / sizeof(regdoc_queue[0]); i++)
		regdoc_check_row(queue, "| 0x%02x | %s | %s | ", &regdoc_queue[i]);
	ck_assert_uint_eq(regdoc_count_rows(queue),
			  sizeof(regdoc_queue) / sizeof(regdoc_queue[0]));
}
END_TEST

Suite *make_regfile_suite(void)
{
	Suite *s = suite_create("xnic-regfile");
	TCase *tc = tcase_create("regfile");

	tcase_add_checked_fixture(tc, xnic_fake_setup, xnic_fake_teardown);
	tcase_add_test(tc, test_reset_values);
	tcase_add_test(tc, test_read_only_write_refused);
	tcase_add_test(tc, test_rw1c);
	tcase_add_test(tc, test_rw_mask);
	tcase_add_test(tc, test_bad_accesses_survived);
	tcase_add_test(tc, test_mtu_range);
	tcase_add_test(tc, test_ctrl_reset);
	tcase_add_test(tc, test_mbox_nop);
	tcase_add_test(tc, test_mbox_errors);
	tcase_add_test(tc, test_ring_config_frozen_while_enabled);
	tcase_add_test(tc, test_post_load_sanitizes_rings);
	tcase_add_test(tc, test_intx_follows_misc_cause);
	tcase_add_test(tc, test_device_md_matches_register_table);
	suite_add_tcase(s, tc);
	return s;
}
