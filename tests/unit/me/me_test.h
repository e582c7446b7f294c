/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for the microengine unit tests: assemble a source string, run it
 * on a card with recording I/O hooks, look at the result.
 */
#ifndef ME_TEST_H
#define ME_TEST_H

#include <check.h>
#include <stdint.h>

#include "me.h"
#include "me_encode.h"
#include "xas.h"

#define ME_TEST_FRAMES	16
#define ME_TEST_HOST	4096

struct me_test_io {
	uint8_t frame[ME_TEST_FRAMES][256];
	uint32_t frame_len[ME_TEST_FRAMES];
	unsigned nframes, next_frame;
	uint8_t tx[ME_TEST_FRAMES][256];
	uint32_t tx_len[ME_TEST_FRAMES], tx_dest[ME_TEST_FRAMES], tx_me[ME_TEST_FRAMES];
	unsigned ntx;
	uint8_t host[ME_TEST_HOST];
	uint32_t csr_val;
	uint32_t csr_written, csr_written_num;
	int refuse_csr;
};

struct me_test_run {
	struct me_card *card;
	struct me_image img;
	struct me_stop_info stop;
	enum me_stop why;
	struct me_test_io io;
};

extern const struct me_io_ops me_test_ops;

/* Assemble src; on failure the test fails with the assembler's messages. */
void me_test_assemble(const char *src, struct me_image *img);
/* Assemble src expecting failure; returns the malloc'ed messages. */
char *me_test_assemble_fail(const char *src);
/* Create a card (cfg may be NULL for defaults with 1 ME) and load src. */
void me_test_load(struct me_test_run *r, const char *src,
		  const struct me_card_config *cfg);
/* me_test_load, then run with budget. */
enum me_stop me_test_exec(struct me_test_run *r, const char *src,
			  const struct me_card_config *cfg, uint64_t budget);
void me_test_free(struct me_test_run *r);
struct me_ctx_state me_test_ctx(struct me_test_run *r, unsigned me,
				unsigned ctx);
/* Value of a register named as in assembler ("a3", "b0", "$xr2"). */
uint32_t me_test_reg(const struct me_ctx_state *s, const char *name);
void me_test_config(struct me_card_config *cfg);

/* Operands of struct me_insn initialisers in the encoding tests. */
#define A(n) { ME_OPK_GPR_A, n }
#define B(n) { ME_OPK_GPR_B, n }
#define XR(n) { ME_OPK_XR, n }
#define XW(n) { ME_OPK_XW, n }
#define IMMZ { ME_OPK_IMM_Z, 0 }
#define IMMS { ME_OPK_IMM_S, 0 }

#endif /* ME_TEST_H */
