// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * drop-card FRAMES: the device's side of the P2 bench (docs/performance.md
 * "Offloaded against native drop (P2)") without QEMU: the xnic card core
 * with its default 4-ME card, the built firmware and an XDP program that
 * drops 60-byte UDP frames (as tests/guest/xdp/offload_parse.c does:
 * payload byte 1), installed with PROG_LOAD, then FRAMES frames through
 * xnic_core_receive(), one at a time as QEMU's net layer hands them over.
 * Under valgrind --tool=cachegrind, the difference of two FRAMES counts
 * is the host instructions per dropped frame, which no load changes.
 * Prints the card's counters, which speed work must never move.
 * The environment is the unit tests' (tests/unit/xnic-core/xnic_fake.c),
 * whose checks need a Check runner: the whole run is one test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bpf.h>

#include "xnic_fake.h"
#include "xnic_fake_cc.h"
#include "me/me.h"

#define DROP_CARD_PROG	(XNIC_FAKE_FW + 0x80000)
#define DROP_CARD_PAYLOAD	42	/* Ethernet, IPv4, UDP headers */

#define I(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

/* Drop when the frame holds a payload byte and it is 1, else pass. */
static const struct bpf_insn drop_card_prog[] = {
	I(BPF_LDX | BPF_MEM | BPF_W, 2, 1, 0, 0),		/* data */
	I(BPF_LDX | BPF_MEM | BPF_W, 3, 1, 4, 0),		/* data_end */
	I(BPF_ALU64 | BPF_MOV | BPF_X, 4, 2, 0, 0),
	I(BPF_ALU64 | BPF_ADD | BPF_K, 4, 0, 0, DROP_CARD_PAYLOAD + 1),
	I(BPF_JMP | BPF_JGT | BPF_X, 4, 3, 4, 0),
	I(BPF_LDX | BPF_MEM | BPF_B, 5, 2, DROP_CARD_PAYLOAD, 0),
	I(BPF_JMP | BPF_JNE | BPF_K, 5, 0, 2, 1),
	I(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, XDP_DROP),
	I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	I(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, XDP_PASS),
	I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
};

static unsigned int drop_card_frames;

/* The program compiled and installed as the driver does (PROG_LOAD). */
static void drop_card_install(void)
{
	struct xcc_env env = xnic_fake_cc_env;
	struct xcc_options opts = { 0 };
	struct xcc_image_info info;
	struct xcc_prog *prog;

	prog = xcc_prog_new(&env, drop_card_prog,
			    sizeof(drop_card_prog) / sizeof(drop_card_prog[0]),
			    NULL, 0);
	ck_assert_ptr_nonnull(prog);
	ck_assert_msg(xcc_compile(prog, &opts) == 0, "%s", xcc_prog_error(prog));
	ck_assert_int_eq(xcc_prog_image(prog, &info), 0);
	ck_assert_uint_eq(xnic_fake_prog_load(DROP_CARD_PROG, info.code, info.n_code,
					      info.entry_main), XNIC_MBOX_DONE);
	xcc_prog_free(prog);
}

START_TEST(drop_card_run)
{
	uint8_t frame[60] = { 0 };
	uint64_t insns, cycles;

	xnic_fake_setup();
	xnic_fake_load_fw();
	drop_card_install();
	xnic_fake_enable();
	memcpy(frame, xnic_fake_mac, 6);
	frame[12] = 0x08;		/* IPv4 */
	frame[14] = 0x45;
	frame[23] = 17;			/* UDP */
	frame[DROP_CARD_PAYLOAD] = 1;
	for (unsigned int i = 0; i < drop_card_frames; i++) {
		frame[30] = (uint8_t)i;	/* 256 flows */
		xnic_core_receive(&xnic_fake->core, frame, sizeof(frame));
	}
	/* every frame dropped by the program on the card (its counter) */
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATS + 8 * XNIC_FW_CNT_DROP),
			  drop_card_frames);
	xnic_card_counters(&xnic_fake->core, &insns, &cycles);
	printf("%u frames: card %llu instructions, %llu busy cycles, %llu cycles in all\n",
	       drop_card_frames, (unsigned long long)insns, (unsigned long long)cycles,
	       (unsigned long long)me_card_cycles(xnic_fake->core.card));
	xnic_fake_teardown();
}
END_TEST

int main(int argc, char **argv)
{
	Suite *s = suite_create("drop-card");
	TCase *tc = tcase_create("drop-card");
	SRunner *sr;
	int failed;

	if (argc != 2) {
		fprintf(stderr, "usage: drop-card FRAMES\n");
		return 2;
	}
	drop_card_frames = (unsigned int)strtoul(argv[1], NULL, 0);
	tcase_set_timeout(tc, 0);
	tcase_add_test(tc, drop_card_run);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
