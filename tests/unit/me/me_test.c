/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the microengine unit tests (see me_test.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "me_test.h"

static int me_test_rx(void *opaque, unsigned me, unsigned ctx, uint8_t *buf,
		      uint32_t cap, uint32_t *len, uint32_t *port)
{
	struct me_test_io *io = opaque;
	unsigned i = io->next_frame;

	if (i == io->nframes)
		return 0;
	io->next_frame++;
	*len = io->frame_len[i] < cap ? io->frame_len[i] : cap;
	*port = 100 + i;
	memcpy(buf, io->frame[i], *len);
	return 1;
}

static int me_test_tx(void *opaque, unsigned me, unsigned ctx, uint32_t dest,
		      const uint8_t *data, uint32_t len)
{
	struct me_test_io *io = opaque;

	if (io->ntx == ME_TEST_FRAMES || len > sizeof(io->tx[0]))
		return 7;
	memcpy(io->tx[io->ntx], data, len);
	io->tx_len[io->ntx] = len;
	io->tx_me[io->ntx] = me;
	io->tx_dest[io->ntx++] = dest;
	return 0;
}

static int me_test_dma_read(void *opaque, uint64_t host, uint8_t *buf,
			    uint32_t len)
{
	struct me_test_io *io = opaque;

	if (host > ME_TEST_HOST || len > ME_TEST_HOST - host)
		return 9;
	memcpy(buf, io->host + host, len);
	return 0;
}

static int me_test_dma_write(void *opaque, uint64_t host, const uint8_t *buf,
			     uint32_t len)
{
	struct me_test_io *io = opaque;

	if (host > ME_TEST_HOST || len > ME_TEST_HOST - host)
		return 9;
	memcpy(io->host + host, buf, len);
	return 0;
}

static int me_test_csr_read(void *opaque, unsigned me, unsigned ctx,
			    uint32_t csr, uint32_t *val)
{
	struct me_test_io *io = opaque;

	*val = io->csr_val + csr;
	return io->refuse_csr;
}

static int me_test_csr_write(void *opaque, unsigned me, unsigned ctx,
			     uint32_t csr, uint32_t val)
{
	struct me_test_io *io = opaque;

	io->csr_written_num = csr;
	io->csr_written = val;
	return io->refuse_csr;
}

const struct me_io_ops me_test_ops = {
	.rx = me_test_rx, .tx = me_test_tx, .dma_read = me_test_dma_read,
	.dma_write = me_test_dma_write, .csr_read = me_test_csr_read,
	.csr_write = me_test_csr_write,
};

void me_test_assemble(const char *src, struct me_image *img)
{
	char *errors = NULL;
	int rc = xas_assemble_string("t.s", src, NULL, img, &errors);

	ck_assert_msg(rc == 0, "assembly failed:\n%s\nsource:\n%s",
		      errors ? errors : "", src);
	free(errors);
}

char *me_test_assemble_fail(const char *src)
{
	struct me_image img;
	char *errors = NULL;
	int rc = xas_assemble_string("t.s", src, NULL, &img, &errors);

	ck_assert_msg(rc != 0, "assembly unexpectedly succeeded:\n%s", src);
	ck_assert_ptr_nonnull(errors);
	return errors;
}

void me_test_config(struct me_card_config *cfg)
{
	me_card_config_default(cfg);
	cfg->n_me = 1;
	cfg->emem_size = 1 << 20;
	cfg->ops = &me_test_ops;
}

void me_test_load(struct me_test_run *r, const char *src,
		  const struct me_card_config *cfg)
{
	struct me_card_config c;
	char err[256];

	if (cfg)
		c = *cfg;
	else
		me_test_config(&c);
	c.opaque = &r->io;
	me_test_assemble(src, &r->img);
	ck_assert_msg(me_card_create(&c, &r->card, err, sizeof(err)) == 0, "%s", err);
	ck_assert_msg(me_card_load(r->card, &r->img, err, sizeof(err)) == 0,
		      "load: %s", err);
}

enum me_stop me_test_exec(struct me_test_run *r, const char *src,
			  const struct me_card_config *cfg, uint64_t budget)
{
	me_test_load(r, src, cfg);
	r->why = me_card_run(r->card, budget, &r->stop);
	return r->why;
}

void me_test_free(struct me_test_run *r)
{
	me_card_destroy(r->card);
	me_image_free(&r->img);
	r->card = NULL;
}

struct me_ctx_state me_test_ctx(struct me_test_run *r, unsigned me,
				unsigned ctx)
{
	struct me_ctx_state s;

	ck_assert_int_eq(me_card_ctx_state(r->card, me, ctx, &s), 0);
	return s;
}

uint32_t me_test_reg(const struct me_ctx_state *s, const char *name)
{
	unsigned n;

	if (sscanf(name, "$xr%u", &n) == 1 && n < ME_XFER_REGS)
		return s->xr[n];
	if (sscanf(name, "$xw%u", &n) == 1 && n < ME_XFER_REGS)
		return s->xw[n];
	if (sscanf(name, "a%u", &n) == 1 && n < ME_GPRS_MAX)
		return s->a[n];
	if (sscanf(name, "b%u", &n) == 1 && n < ME_GPRS_MAX)
		return s->b[n];
	ck_abort_msg("bad register name %s", name);
	return 0;
}
