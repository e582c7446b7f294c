// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic test runs and the card's profile (docs/firmware.md "Test runs",
 * "The profile"; layouts in include/xnic/testrun.h).
 *
 * TEST_RUN puts a frame from host memory through the installed program on
 * the card itself, as BPF_PROG_TEST_RUN does in the kernel: the card
 * drains its contexts as a program switch does (frames in flight finish,
 * frames from the wire wait in the FIFO), hands the frame to one context
 * on the firmware's test port, which runs the XDP slot, times it and
 * reports instead of counting and sending, and reads what the program
 * left in that context's xdp_md block and packet buffer.  Maps are the
 * live ones.  Then the waiting frames run.
 *
 * PROFILE switches the microengines' per-instruction profile (docs/isa.md
 * 6.3) and copies it to host memory, with the card's own instruction and
 * cycle counters over the profiled stretch, which the entries add up to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_core.h"
#include "me/me.h"

/* A checked TEST_RUN request. */
struct xnic_testrun_req {
	uint64_t in, out;
	uint32_t in_len, out_cap, repeat;
	uint8_t *frame;
};

/* What the runs gave: the reply's fields. */
struct xnic_testrun_res {
	uint32_t err, retval, out_len, meta_len, redirect, runs;
	uint32_t min, max;
	uint64_t sum;
};

static const char *xnic_testrun_check_card(struct xnic_core *core)
{
	uint32_t abi = xnic_fw_info(core, XNIC_FWI_ABI);

	if (!xnic_card_running(core))
		return "no firmware runs";
	if ((abi & 0xffff) < XNIC_FW_ABI_MINOR_TEST)
		return "the firmware takes no test frames (its ABI minor is below 1)";
	if (!core->prog_words)
		return "no program is installed";
	return NULL;
}

static const char *xnic_testrun_parse(struct xnic_core *core, uint32_t len,
				      struct xnic_testrun_req *r, char *msg,
				      size_t msglen)
{
	const uint8_t *d = core->mbox_data;
	const char *bad = xnic_testrun_check_card(core);

	if (bad)
		return bad;
	if (len < XNIC_TEST_REQ_SIZE)
		return "request shorter than XNIC_TEST_REQ_SIZE";
	r->in = xnic_core_ld_le64(d + XNIC_TEST_REQ_IN_LO);
	r->in_len = xnic_core_ld_le32(d + XNIC_TEST_REQ_IN_LEN);
	r->out = xnic_core_ld_le64(d + XNIC_TEST_REQ_OUT_LO);
	r->out_cap = xnic_core_ld_le32(d + XNIC_TEST_REQ_OUT_CAP);
	r->repeat = xnic_core_ld_le32(d + XNIC_TEST_REQ_REPEAT);
	if (r->in_len < XNIC_MIN_FRAME || r->in_len > XNIC_MAX_FRAME) {
		snprintf(msg, msglen, "frame of %u bytes outside [%u, %u]",
			 r->in_len, XNIC_MIN_FRAME, XNIC_MAX_FRAME);
		return msg;
	}
	if (!r->repeat || r->repeat > XNIC_TEST_REPEAT_MAX) {
		snprintf(msg, msglen, "repeat %u outside [1, %u]", r->repeat,
			 XNIC_TEST_REPEAT_MAX);
		return msg;
	}
	if (r->in > UINT64_MAX - r->in_len || r->out > UINT64_MAX - r->out_cap)
		return "frame or output buffer wraps the address space";
	r->frame = malloc(r->in_len);
	if (!r->frame)
		return "out of memory";
	if (!xnic_dma_host_read(core, r->in, r->frame, r->in_len)) {
		snprintf(msg, msglen, "frame at 0x%llx+%u unreadable",
			 (unsigned long long)r->in, r->in_len);
		return msg;
	}
	return NULL;
}

/*
 * The last run's output: data_meta..data_end of the xdp_md block of the
 * context that ran it (docs/firmware.md "What a program finds"), written
 * to the request's buffer, at most out_cap bytes of it.
 */
static const char *xnic_testrun_output(struct xnic_core *core,
				       const struct xnic_testrun_req *r,
				       struct xnic_testrun_res *res)
{
	const struct xnic_card_test *t = &core->test;
	uint32_t lm_size, pkt_size, md, meta, data, end, n;
	const uint8_t *lm = me_card_mem(core->card, ME_MEM_LM, t->me, &lm_size);
	uint8_t *pkt = me_card_mem(core->card, ME_MEM_PKT, 0, &pkt_size);

	md = t->ctx * (core->card_cfg.lm_size / core->fw_contexts);
	if (!lm || md + XNIC_MD_SIZE > lm_size)
		return "xdp_md block outside local memory";
	data = xnic_core_ld_le32(lm + md + XNIC_MD_DATA);
	end = xnic_core_ld_le32(lm + md + XNIC_MD_DATA_END);
	meta = xnic_core_ld_le32(lm + md + XNIC_MD_DATA_META);
	if (meta > data || data > end || end > pkt_size)
		return "data_meta..data_end outside packet memory";
	res->out_len = end - meta;
	res->meta_len = data - meta;
	res->redirect = xnic_core_ld_le32(lm + md + XNIC_MD_REDIRECT);
	n = res->out_len;
	if (n > r->out_cap) {
		res->err = XNIC_TEST_ENOSPC;
		n = r->out_cap;
	}
	if (n && !xnic_dma_host_write(core, r->out, pkt + meta, n))
		return "output buffer unwritable";
	return NULL;
}

/* The runs, between a drain and the resumption of the waiting frames. */
static const char *xnic_testrun_runs(struct xnic_core *core,
				     const struct xnic_testrun_req *r,
				     struct xnic_testrun_res *res, char *msg,
				     size_t msglen)
{
	const char *bad;

	if (xnic_card_drain(core, msg, msglen)) {
		if (!xnic_card_running(core))
			return msg;
		res->err = XNIC_TEST_EBUSY;	/* nothing ran: try again */
		return NULL;
	}
	res->min = UINT32_MAX;
	/* the MMIO write waits for the command: bounded in cycles too */
	for (res->runs = 0; res->runs < r->repeat && res->sum < XNIC_TEST_CYCLES_MAX;
	     res->runs++) {
		bad = xnic_card_test_frame(core, r->frame, r->in_len, msg,
					   msglen);
		if (bad) {
			xnic_card_resume(core);
			return bad;
		}
		res->sum += core->test.cycles;
		if (core->test.cycles < res->min)
			res->min = core->test.cycles;
		if (core->test.cycles > res->max)
			res->max = core->test.cycles;
	}
	res->retval = core->test.retval;
	bad = xnic_testrun_output(core, r, res);
	xnic_card_resume(core);
	return bad;
}

static void xnic_testrun_reply(struct xnic_core *core,
			       const struct xnic_testrun_res *res)
{
	uint8_t *d = core->mbox_data;

	memset(d, 0, XNIC_TEST_REPLY_SIZE);
	xnic_core_st_le32(d + XNIC_TEST_REPLY_ERR, res->err);
	xnic_core_st_le32(d + XNIC_TEST_REPLY_RETVAL, res->retval);
	xnic_core_st_le32(d + XNIC_TEST_REPLY_OUT_LEN, res->out_len);
	xnic_core_st_le32(d + XNIC_TEST_REPLY_META_LEN, res->meta_len);
	xnic_core_st_le32(d + XNIC_TEST_REPLY_REDIRECT, res->redirect);
	xnic_core_st_le32(d + XNIC_TEST_REPLY_RUNS, res->runs);
	xnic_core_st_le32(d + XNIC_TEST_REPLY_CYCLES_MIN,
			  res->runs ? res->min : 0);
	xnic_core_st_le32(d + XNIC_TEST_REPLY_CYCLES_MAX, res->max);
	xnic_core_st_le32(d + XNIC_TEST_REPLY_CYCLES_LO, res->sum);
	xnic_core_st_le32(d + XNIC_TEST_REPLY_CYCLES_HI, res->sum >> 32);
	*xnic_core_reg(core, XNIC_REG_MBOX_LEN) = XNIC_TEST_REPLY_SIZE;
}

/* TEST_RUN: a frame through the installed program on the card. */
uint32_t xnic_testrun_run(struct xnic_core *core, uint32_t len)
{
	struct xnic_testrun_req r = { 0 };
	struct xnic_testrun_res res = { 0 };
	char msg[XNIC_MBOX_DATA_SIZE / 16];
	const char *bad;

	bad = xnic_testrun_parse(core, len, &r, msg, sizeof(msg));
	if (!bad)
		bad = xnic_testrun_runs(core, &r, &res, msg, sizeof(msg));
	free(r.frame);
	if (bad)
		return xnic_env_refuse(core, "test run refused", bad);
	xnic_testrun_reply(core, &res);
	return XNIC_MBOX_DONE;
}

/* ---- the profile ---- */

/* The card's counters over the profiled stretches, the running one too. */
static void xnic_testrun_prof_counters(struct xnic_core *core,
				       uint64_t *insns, uint64_t *cycles)
{
	uint64_t now_insns, now_cycles;

	*insns = core->prof_insns;
	*cycles = core->prof_cycles;
	if (!core->prof_on)
		return;
	xnic_card_counters(core, &now_insns, &now_cycles);
	*insns += now_insns - core->prof_base_insns;
	*cycles += now_cycles - core->prof_base_cycles;
}

static const char *xnic_testrun_prof_start(struct xnic_core *core,
					   char *msg, size_t msglen)
{
	if (core->prof_on)
		return NULL;
	if (me_card_profile_start(core->card, msg, msglen))
		return msg;
	xnic_card_counters(core, &core->prof_base_insns,
			   &core->prof_base_cycles);
	core->prof_on = true;
	return NULL;
}

static void xnic_testrun_prof_stop(struct xnic_core *core)
{
	xnic_testrun_prof_counters(core, &core->prof_insns,
				   &core->prof_cycles);
	core->prof_on = false;
	me_card_profile_stop(core->card);
}

static void xnic_testrun_prof_reset(struct xnic_core *core)
{
	me_card_profile_reset(core->card);
	core->prof_insns = core->prof_cycles = 0;
	if (core->prof_on)
		xnic_card_counters(core, &core->prof_base_insns,
				   &core->prof_base_cycles);
}

/* ---- migration ("xnic/profile", docs/device.md "Migration") ---- */

/* The MEs' profile into the words VMState sends. */
void xnic_testrun_prof_pre_save(struct xnic_core *core)
{
	uint32_t n, i;
	const struct me_profile_insn *p = me_card_profile(core->card, &n);

	for (i = 0; i < n; i++) {
		core->prof_words[3 * i] = p[i].count;
		core->prof_words[3 * i + 1] = p[i].cycles;
		core->prof_words[3 * i + 2] = p[i].wait;
	}
	core->prof_nwords = 3 * n;
}

/*
 * After the MEs' record: the profile and its counters as the source had
 * them.  A stream without them (an older one, or a profile never started)
 * leaves the profile off and empty.  The counters at the last start were
 * read from the MEs' counters, which migrate: a running stretch goes on.
 */
const char *xnic_testrun_prof_post_load(struct xnic_core *core, char *msg,
					size_t msglen)
{
	if (core->prof_nwords % 3) {
		snprintf(msg, msglen, "profile of %u words, not 3 per address",
			 core->prof_nwords);
		return msg;
	}
	if (me_card_profile_restore(core->card, core->prof_words,
				    core->prof_nwords / 3, core->prof_on,
				    msg, msglen))
		return msg;
	return NULL;
}

/* READ: entries [first, first + count) clipped to the profiled code. */
static const char *xnic_testrun_prof_read(struct xnic_core *core,
					  const uint8_t *d, uint32_t *done,
					  char *msg, size_t msglen)
{
	uint32_t first = xnic_core_ld_le32(d + XNIC_PROF_REQ_FIRST);
	uint32_t count = xnic_core_ld_le32(d + XNIC_PROF_REQ_COUNT);
	uint64_t addr = xnic_core_ld_le64(d + XNIC_PROF_REQ_ADDR_LO);
	const struct me_profile_insn *p;
	uint8_t e[XNIC_PROF_ENTRY_SIZE];
	uint32_t n = 0, i;

	p = me_card_profile(core->card, &n);
	*done = 0;
	if (!p || first >= n)
		return NULL;
	if (count > n - first)
		count = n - first;
	if (addr > UINT64_MAX - (uint64_t)count * sizeof(e))
		return "profile buffer wraps the address space";
	for (i = 0; i < count; i++) {
		xnic_core_st_le32(e + XNIC_PROF_ENTRY_COUNT, p[first + i].count);
		xnic_core_st_le32(e + XNIC_PROF_ENTRY_COUNT + 4,
				  p[first + i].count >> 32);
		xnic_core_st_le32(e + XNIC_PROF_ENTRY_CYCLES, p[first + i].cycles);
		xnic_core_st_le32(e + XNIC_PROF_ENTRY_CYCLES + 4,
				  p[first + i].cycles >> 32);
		xnic_core_st_le32(e + XNIC_PROF_ENTRY_WAIT, p[first + i].wait);
		xnic_core_st_le32(e + XNIC_PROF_ENTRY_WAIT + 4,
				  p[first + i].wait >> 32);
		if (!xnic_dma_host_write(core, addr + (uint64_t)i * sizeof(e),
					 e, sizeof(e))) {
			snprintf(msg, msglen, "profile buffer at 0x%llx unwritable",
				 (unsigned long long)(addr + (uint64_t)i * sizeof(e)));
			return msg;
		}
	}
	*done = count;
	return NULL;
}

static void xnic_testrun_prof_reply(struct xnic_core *core, uint32_t done)
{
	uint8_t *d = core->mbox_data;
	uint64_t insns, cycles;
	uint32_t n = 0;

	me_card_profile(core->card, &n);
	xnic_testrun_prof_counters(core, &insns, &cycles);
	memset(d, 0, XNIC_PROF_REPLY_SIZE);
	xnic_core_st_le32(d + XNIC_PROF_REPLY_ON, core->prof_on);
	xnic_core_st_le32(d + XNIC_PROF_REPLY_CODE, n);
	xnic_core_st_le32(d + XNIC_PROF_REPLY_ENTRIES, done);
	xnic_core_st_le32(d + XNIC_PROF_REPLY_INSNS_LO, insns);
	xnic_core_st_le32(d + XNIC_PROF_REPLY_INSNS_HI, insns >> 32);
	xnic_core_st_le32(d + XNIC_PROF_REPLY_CYCLES_LO, cycles);
	xnic_core_st_le32(d + XNIC_PROF_REPLY_CYCLES_HI, cycles >> 32);
	*xnic_core_reg(core, XNIC_REG_MBOX_LEN) = XNIC_PROF_REPLY_SIZE;
}

/*
 * PROFILE: start, stop, reset or read the card's profile.  The card runs
 * its MEs only from the device's callbacks, never during a command, so
 * every operation falls between two runs, as the emulator asks.
 */
uint32_t xnic_testrun_profile(struct xnic_core *core, uint32_t len)
{
	const uint8_t *d = core->mbox_data;
	char msg[XNIC_MBOX_DATA_SIZE / 16];
	const char *bad = NULL;
	uint32_t op, done = 0;

	if (!xnic_card_running(core))
		return xnic_env_refuse(core, "profile refused", "no firmware runs");
	if (len < XNIC_PROF_REQ_SIZE)
		return xnic_env_refuse(core, "profile refused",
				       "request shorter than XNIC_PROF_REQ_SIZE");
	op = xnic_core_ld_le32(d + XNIC_PROF_REQ_OP);
	switch (op) {
	case XNIC_PROF_OP_START:
		bad = xnic_testrun_prof_start(core, msg, sizeof(msg));
		break;
	case XNIC_PROF_OP_STOP:
		if (core->prof_on)
			xnic_testrun_prof_stop(core);
		break;
	case XNIC_PROF_OP_RESET:
		xnic_testrun_prof_reset(core);
		break;
	case XNIC_PROF_OP_READ:
		bad = xnic_testrun_prof_read(core, d, &done, msg, sizeof(msg));
		break;
	default:
		bad = "unknown profile operation";
	}
	if (bad)
		return xnic_env_refuse(core, "profile refused", bad);
	xnic_testrun_prof_reply(core, done);
	return XNIC_MBOX_DONE;
}
