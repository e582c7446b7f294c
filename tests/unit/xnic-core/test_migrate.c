// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Migration of a running card (docs/device.md "Migration"): what the QEMU
 * shell's VMState carries is saved with xnic_core_pre_save() and written
 * back before xnic_core_post_load(), as an incoming stream would.  A
 * restored card must run on exactly as the saved one did, and a hostile
 * stream must be refused or survived, never followed out of a buffer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_fake.h"
#include "me/me.h"
#include "xnic/card.h"
#include "xnic/testrun.h"

Suite *make_migrate_suite(void);

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* Everything xnic.c's VMState sends, copied out of the core. */
struct snap {
	uint32_t regs[XNIC_CORE_GLOBAL_REGS];
	uint32_t qregs[XNIC_MAX_QUEUE_PAIRS][XNIC_CORE_QP_REGS];
	bool fw_started;
	uint32_t fw_contexts, fw_prog_max, fw_slot_words, prog_words;
	uint32_t fifo_head, fifo_count, vrec_head;
	uint64_t *fw_slot;
	struct xnic_card_frame *fifo;
	uint32_t *ctx_seq;
	struct xnic_vrec_ctx *vrec_ctx;
	uint8_t *vrec, *pkt, *imem, *emem, *me_state;
	/* "xnic/profile" */
	bool prof_on;
	uint64_t prof_insns, prof_cycles, prof_base_insns, prof_base_cycles;
	uint32_t prof_nwords;
	uint64_t *prof_words;
	uint8_t *ram;		/* the guest's: migration sends it first */
};

static void *dup(const void *p, size_t len)
{
	void *q = malloc(len);

	ck_assert_ptr_nonnull(q);
	return memcpy(q, p, len);
}

static void snap_take(struct snap *s)
{
	struct xnic_core *c = &xnic_fake->core;
	char msg[200];

	ck_assert_msg(!xnic_core_pre_save(c, msg, sizeof(msg)), "%s", msg);
	memcpy(s->regs, c->regs, sizeof(s->regs));
	memcpy(s->qregs, c->qregs, sizeof(s->qregs));
	s->fw_started = c->fw_started;
	s->fw_contexts = c->fw_contexts;
	s->fw_prog_max = c->fw_prog_max;
	s->fw_slot_words = c->fw_slot_words;
	s->prog_words = c->prog_words;
	s->fifo_head = c->fifo_head;
	s->fifo_count = c->fifo_count;
	s->vrec_head = c->vrec_head;
	s->fw_slot = dup(c->fw_slot, c->card_cfg.istore_size * 8);
	s->fifo = dup(c->fifo, XNIC_CARD_FIFO_DEPTH * sizeof(*c->fifo));
	s->ctx_seq = dup(c->ctx_seq, c->ctx_slots * sizeof(*c->ctx_seq));
	s->vrec_ctx = dup(c->vrec_ctx, c->ctx_slots * sizeof(*c->vrec_ctx));
	s->vrec = dup(c->vrec, XNIC_VREC_DEPTH * XNIC_VERDICT_SIZE);
	s->pkt = dup(c->mem_pkt, c->card_cfg.pkt_size);
	s->imem = dup(c->mem_imem, c->card_cfg.imem_size);
	s->emem = dup(c->mem_emem, c->card_cfg.emem_size);
	s->me_state = dup(c->me_state, c->me_state_size);
	s->prof_on = c->prof_on;
	s->prof_insns = c->prof_insns;
	s->prof_cycles = c->prof_cycles;
	s->prof_base_insns = c->prof_base_insns;
	s->prof_base_cycles = c->prof_base_cycles;
	s->prof_nwords = c->prof_nwords;
	s->prof_words = dup(c->prof_words, 3 * sizeof(uint64_t) *
			    c->card_cfg.istore_size);
	s->ram = dup(xnic_fake->mem, XNIC_FAKE_MEM_SIZE);
}

/* Writes the snapshot back and loads it: NULL, or why it was refused. */
static const char *snap_load(const struct snap *s, char *msg, size_t msglen)
{
	struct xnic_core *c = &xnic_fake->core;

	memcpy(c->regs, s->regs, sizeof(s->regs));
	memcpy(c->qregs, s->qregs, sizeof(s->qregs));
	c->fw_started = s->fw_started;
	c->fw_contexts = s->fw_contexts;
	c->fw_prog_max = s->fw_prog_max;
	c->fw_slot_words = s->fw_slot_words;
	c->prog_words = s->prog_words;
	c->fifo_head = s->fifo_head;
	c->fifo_count = s->fifo_count;
	c->vrec_head = s->vrec_head;
	memcpy(c->fw_slot, s->fw_slot, c->card_cfg.istore_size * 8);
	memcpy(c->fifo, s->fifo, XNIC_CARD_FIFO_DEPTH * sizeof(*c->fifo));
	memcpy(c->ctx_seq, s->ctx_seq, c->ctx_slots * sizeof(*c->ctx_seq));
	memcpy(c->vrec_ctx, s->vrec_ctx, c->ctx_slots * sizeof(*c->vrec_ctx));
	memcpy(c->vrec, s->vrec, XNIC_VREC_DEPTH * XNIC_VERDICT_SIZE);
	memcpy(c->mem_pkt, s->pkt, c->card_cfg.pkt_size);
	memcpy(c->mem_imem, s->imem, c->card_cfg.imem_size);
	memcpy(c->mem_emem, s->emem, c->card_cfg.emem_size);
	memcpy(c->me_state, s->me_state, c->me_state_size);
	c->prof_on = s->prof_on;
	c->prof_insns = s->prof_insns;
	c->prof_cycles = s->prof_cycles;
	c->prof_base_insns = s->prof_base_insns;
	c->prof_base_cycles = s->prof_base_cycles;
	c->prof_nwords = s->prof_nwords;
	memcpy(c->prof_words, s->prof_words,
	       3 * sizeof(uint64_t) * c->card_cfg.istore_size);
	memcpy(xnic_fake->mem, s->ram, XNIC_FAKE_MEM_SIZE);
	return xnic_core_post_load(c, true, msg, msglen);
}

static void snap_free(struct snap *s)
{
	free(s->fw_slot);
	free(s->fifo);
	free(s->ctx_seq);
	free(s->vrec_ctx);
	free(s->vrec);
	free(s->pkt);
	free(s->imem);
	free(s->emem);
	free(s->me_state);
	free(s->prof_words);
	free(s->ram);
}

static void migrate_setup(void)
{
	uint32_t i;

	xnic_fake_setup();
	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_ENABLE);
	xnic_fake_ring(0, XNIC_Q_RX_BASE_LO, XNIC_FAKE_RX_RING, 64);
	for (i = 0; i < 63; i++)
		xnic_fake_desc(XNIC_FAKE_RX_RING, i, xnic_fake_buf(i), 0x2400);
	xnic_fake_qwr(0, XNIC_Q_RX_TAIL, 63);
	xnic_fake_load_fw();
}

static void receive(unsigned int n, uint8_t seed)
{
	uint8_t frame[200];
	unsigned int i;

	for (i = 0; i < n; i++) {
		xnic_fake_frame(frame, 60 + 10 * i, bcast, seed + i);
		frame[14] = 2;	/* XDP_PASS for a program that reads it */
		xnic_core_receive(&xnic_fake->core, frame, 60 + 10 * i);
	}
}

static uint64_t fw_passed(void)
{
	return xnic_fake_rd(XNIC_REG_FW_STATS + 8 * XNIC_FW_CNT_PASS);
}

/*
 * Saved mid-traffic, run on, restored: the same frames then leave the
 * card in the same state, to the byte, so nothing the MEs hold (contexts,
 * command queues, cycle counts, memories) was left out.
 */
START_TEST(test_restore_runs_on_identically)
{
	struct xnic_core *c = &xnic_fake->core;
	struct snap s0, a, b;
	char msg[200];

	receive(3, 1);
	snap_take(&s0);
	ck_assert_uint_eq(fw_passed(), 3);
	/* what the restore's kick does on the other path */
	xnic_core_card_run(c);
	receive(5, 40);
	xnic_fake_run_card();
	snap_take(&a);
	ck_assert_uint_eq(fw_passed(), 8);
	ck_assert_msg(!snap_load(&s0, msg, sizeof(msg)), "%s", msg);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_RUNNING);
	ck_assert_uint_eq(fw_passed(), 3);
	ck_assert_uint_eq(xnic_fake->card_kicks, 1);
	xnic_fake_run_card();
	receive(5, 40);
	xnic_fake_run_card();
	snap_take(&b);
	ck_assert_uint_eq(fw_passed(), 8);
	ck_assert_int_eq(memcmp(a.me_state, b.me_state, c->me_state_size), 0);
	ck_assert_int_eq(memcmp(a.imem, b.imem, c->card_cfg.imem_size), 0);
	ck_assert_int_eq(memcmp(a.pkt, b.pkt, c->card_cfg.pkt_size), 0);
	ck_assert_int_eq(memcmp(a.regs, b.regs, sizeof(a.regs)), 0);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
	snap_free(&s0);
	snap_free(&a);
	snap_free(&b);
}
END_TEST

static void check_refused(const struct snap *s, const char *why);

/* What the PROFILE command shows: its reply, and every entry. */
struct prof {
	uint32_t on;
	uint64_t insns, cycles;
	uint32_t n;
	struct me_profile_insn *entries;
};

static uint32_t mbox_word(uint32_t off)
{
	return xnic_fake_rd(XNIC_REG_MBOX_DATA + off);
}

/* PROFILE operation op (READ: every entry, into guest memory). */
static void profile(uint32_t op)
{
	uint64_t buf = XNIC_FAKE_MEM_BASE + 0x40000;

	xnic_fake_wr(XNIC_REG_MBOX_DATA + XNIC_PROF_REQ_OP, op);
	xnic_fake_wr(XNIC_REG_MBOX_DATA + XNIC_PROF_REQ_FIRST, 0);
	xnic_fake_wr(XNIC_REG_MBOX_DATA + XNIC_PROF_REQ_COUNT, 4096);
	xnic_fake_wr(XNIC_REG_MBOX_DATA + XNIC_PROF_REQ_ADDR_LO, (uint32_t)buf);
	xnic_fake_wr(XNIC_REG_MBOX_DATA + XNIC_PROF_REQ_ADDR_HI, buf >> 32);
	xnic_fake_wr(XNIC_REG_MBOX_LEN, XNIC_PROF_REQ_SIZE);
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_PROFILE);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_STATUS), XNIC_MBOX_DONE);
}

static void prof_take(struct prof *p)
{
	const uint8_t *e = xnic_fake_mem(XNIC_FAKE_MEM_BASE + 0x40000,
					 4096 * XNIC_PROF_ENTRY_SIZE);
	uint32_t i;

	profile(XNIC_PROF_OP_READ);
	p->on = mbox_word(XNIC_PROF_REPLY_ON);
	p->insns = mbox_word(XNIC_PROF_REPLY_INSNS_LO) |
		   (uint64_t)mbox_word(XNIC_PROF_REPLY_INSNS_HI) << 32;
	p->cycles = mbox_word(XNIC_PROF_REPLY_CYCLES_LO) |
		    (uint64_t)mbox_word(XNIC_PROF_REPLY_CYCLES_HI) << 32;
	p->n = mbox_word(XNIC_PROF_REPLY_ENTRIES);
	p->entries = calloc(p->n, sizeof(*p->entries));
	ck_assert_ptr_nonnull(p->entries);
	for (i = 0; i < p->n; i++, e += XNIC_PROF_ENTRY_SIZE) {
		p->entries[i].count = xnic_core_ld_le64(e + XNIC_PROF_ENTRY_COUNT);
		p->entries[i].cycles = xnic_core_ld_le64(e + XNIC_PROF_ENTRY_CYCLES);
		p->entries[i].wait = xnic_core_ld_le64(e + XNIC_PROF_ENTRY_WAIT);
	}
}

/*
 * A running profile migrates ("xnic/profile"): a fresh card restored from
 * it goes on profiling, and after the same frames the PROFILE command
 * shows what the source showed after them: its counters, each entry's
 * count and cycles.  Waits that were in progress when the state was saved
 * are not charged on the restored card (docs/device.md "Migration"), so a
 * wait there is at most the source's.
 */
START_TEST(test_profile_migrates)
{
	struct xnic_core *c = &xnic_fake->core;
	struct prof a, b;
	struct snap s;
	char msg[200];
	uint32_t i;

	profile(XNIC_PROF_OP_START);
	receive(3, 1);
	xnic_fake_run_card();
	snap_take(&s);
	xnic_core_card_run(c);
	receive(5, 40);
	xnic_fake_run_card();
	prof_take(&a);
	xnic_fake_teardown();
	xnic_fake_setup();
	ck_assert_msg(!snap_load(&s, msg, sizeof(msg)), "%s", msg);
	xnic_fake_run_card();
	receive(5, 40);
	xnic_fake_run_card();
	prof_take(&b);
	ck_assert_uint_eq(fw_passed(), 8);
	ck_assert_uint_eq(a.on, 1);
	ck_assert_uint_eq(b.on, 1);
	ck_assert_uint_gt(a.insns, 0);
	ck_assert_uint_eq(b.insns, a.insns);
	ck_assert_uint_eq(b.cycles, a.cycles);
	ck_assert_uint_gt(a.n, 0);
	ck_assert_uint_eq(b.n, a.n);
	for (i = 0; i < a.n; i++) {
		ck_assert_uint_eq(b.entries[i].count, a.entries[i].count);
		ck_assert_uint_eq(b.entries[i].cycles, a.entries[i].cycles);
		ck_assert_uint_le(b.entries[i].wait, a.entries[i].wait);
	}
	free(a.entries);
	free(b.entries);
	snap_free(&s);
}
END_TEST

/* A profile that does not fit the card is refused like the rest. */
START_TEST(test_profile_hostile_refused)
{
	uint32_t words = 3 * xnic_fake->core.card_cfg.istore_size;
	struct snap s;

	profile(XNIC_PROF_OP_START);
	receive(2, 1);
	xnic_fake_run_card();
	snap_take(&s);
	ck_assert_uint_eq(s.prof_nwords, words);
	s.prof_nwords = words - 1;
	check_refused(&s, "not 3 per address");
	s.prof_nwords = words - 3;
	check_refused(&s, "profile of");
	s.prof_nwords = 0;
	check_refused(&s, "profile running without entries");
	snap_free(&s);
}
END_TEST

/*
 * Into another card, as a migration does: one whose MEs never loaded an
 * image, so the record alone gives them their contexts and code.
 */
START_TEST(test_restore_into_fresh_card)
{
	struct snap s;
	char msg[200];
	const char *bad;

	receive(3, 1);
	snap_take(&s);
	xnic_fake_teardown();
	xnic_fake_setup();
	bad = snap_load(&s, msg, sizeof(msg));
	ck_assert_msg(!bad, "%s", bad);
	ck_assert_uint_eq(xnic_fake->card_kicks, 1);
	xnic_fake_run_card();
	ck_assert_uint_eq(fw_passed(), 3);
	receive(4, 9);
	xnic_fake_run_card();
	ck_assert_uint_eq(fw_passed(), 7);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
	snap_free(&s);
}
END_TEST

/* A stream without the card's part (version 2): no firmware runs. */
START_TEST(test_no_card_state_stops_firmware)
{
	char msg[200];

	ck_assert_ptr_null(xnic_core_post_load(&xnic_fake->core, false, msg,
					       sizeof(msg)));
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_NONE);
	receive(1, 1);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_RX_NO_FW), 1);
}
END_TEST

/* Offsets in the ME record (hw/me/me_state.c), for aimed corruption. */
#define REC_VERSION	4
#define REC_WORDS	44
#define REC_ENGINE(c)	(REC_WORDS + (c)->card_cfg.istore_size * 8)
#define REC_CUR(c)	(REC_ENGINE(c) + 40)
#define REC_NQ(c)	(REC_ENGINE(c) + 48)

static void st32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* The card after a refusal: no firmware, and frames are only counted. */
static void check_refused(const struct snap *s, const char *why)
{
	const char *bad;
	char msg[200];

	bad = snap_load(s, msg, sizeof(msg));
	ck_assert_uint_eq(xnic_fake->card_kicks, 0);
	ck_assert_msg(bad && strstr(bad, why), "expected \"%s\", got \"%s\"",
		      why, bad ? bad : "(accepted)");
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_NONE);
	receive(1, 1);
	xnic_fake_run_card();
}

START_TEST(test_hostile_state_refused)
{
	struct xnic_core *c = &xnic_fake->core;
	uint32_t word0 = REC_WORDS;
	struct snap s;

	receive(2, 1);
	snap_take(&s);
	s.fifo_count = XNIC_CARD_FIFO_DEPTH + 1;
	check_refused(&s, "FIFO");
	s.fifo_count = 1;
	s.fifo[s.fifo_head].len = XNIC_MAX_FRAME + 1;
	check_refused(&s, "FIFO frame");
	s.fifo_count = 0;
	s.vrec_head = XNIC_VREC_DEPTH;
	check_refused(&s, "verdict ring");
	s.vrec_head = 0;
	s.fw_contexts = 3;
	check_refused(&s, "contexts");
	s.fw_contexts = c->card_cfg.max_contexts;
	s.fw_prog_max = 0;
	check_refused(&s, "program size");
	s.fw_prog_max = 1;
	s.regs[XNIC_REG_FW_STATUS / 4] = 7;
	check_refused(&s, "FW_STATUS");
	s.regs[XNIC_REG_FW_STATUS / 4] = XNIC_FW_RUNNING;
	st32(s.me_state + REC_VERSION, 99);
	check_refused(&s, "version 99");
	st32(s.me_state + REC_VERSION, 1);
	st32(s.me_state + REC_CUR(c), 8);
	check_refused(&s, "out of range");
	st32(s.me_state + REC_CUR(c), UINT32_MAX);
	st32(s.me_state + REC_NQ(c), 300);
	check_refused(&s, "commands out of range");
	st32(s.me_state + REC_NQ(c), 0);
	memset(s.me_state + word0 + 8 * 1, 0xff, 8);	/* after the entry */
	check_refused(&s, "instruction");
	snap_free(&s);
}
END_TEST

/*
 * The firmware's info block travels in internal memory, unchecked: a
 * counters offset far outside it must not be followed by FW_STATS.
 */
START_TEST(test_hostile_info_block)
{
	struct snap s;
	char msg[200];
	const char *bad;

	receive(2, 1);
	snap_take(&s);
	st32(s.imem + XNIC_FWI_COUNTERS, 0xfffffff0u);
	bad = snap_load(&s, msg, sizeof(msg));
	ck_assert_msg(!bad, "%s", bad);
	ck_assert_uint_eq(fw_passed(), 0);
	xnic_fake_run_card();
	snap_free(&s);
}
END_TEST

/*
 * Random bytes of the ME record changed, many times over: each restore
 * is refused or accepted, and an accepted card runs frames without
 * reaching outside its buffers (the test runs under valgrind too).
 */
START_TEST(test_hostile_state_survived)
{
	struct xnic_core *c = &xnic_fake->core;
	uint32_t rng = 0x2545f491, accepted = 0;
	struct snap s;
	char msg[200];
	unsigned int i, j;

	receive(2, 1);
	snap_take(&s);
	for (i = 0; i < 300; i++) {
		uint8_t *rec = malloc(c->me_state_size);

		memcpy(rec, s.me_state, c->me_state_size);
		for (j = 0; j < 8; j++) {
			rng ^= rng << 13;
			rng ^= rng >> 17;
			rng ^= rng << 5;
			/* half the hits in the engines, where the indexes are */
			s.me_state[j % 2 ? REC_ENGINE(c) + rng % 4096 :
			  rng % c->me_state_size] ^= (uint8_t)(rng >> 24 | 1);
		}
		if (!snap_load(&s, msg, sizeof(msg)))
			accepted++;
		receive(2, (uint8_t)i);
		xnic_fake_run_card();
		memcpy(s.me_state, rec, c->me_state_size);
		free(rec);
	}
	ck_assert_uint_lt(accepted, 300);
	snap_free(&s);
}
END_TEST

Suite *make_migrate_suite(void)
{
	Suite *s = suite_create("xnic-core-migrate");
	TCase *tc = tcase_create("migrate");

	tcase_add_checked_fixture(tc, migrate_setup, xnic_fake_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_restore_runs_on_identically);
	tcase_add_test(tc, test_restore_into_fresh_card);
	tcase_add_test(tc, test_profile_migrates);
	tcase_add_test(tc, test_profile_hostile_refused);
	tcase_add_test(tc, test_no_card_state_stops_firmware);
	tcase_add_test(tc, test_hostile_state_refused);
	tcase_add_test(tc, test_hostile_info_block);
	tcase_add_test(tc, test_hostile_state_survived);
	suite_add_tcase(s, tc);
	return s;
}
