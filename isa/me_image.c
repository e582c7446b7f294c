/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Card image container (docs/isa.md section 10): parse, write, files.
 * Parsing checks every offset and size against the buffer, so a truncated
 * or hostile file is refused with a message, never read out of bounds.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "me_image.h"

__attribute__((format(printf, 3, 4)))
static int me_image_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static uint32_t me_image_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void me_image_wr32(uint8_t *p, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static int me_image_parse_syms(const uint8_t *p, uint32_t size,
			       struct me_image *img, char *err, size_t errlen)
{
	uint32_t off = 0;

	while (off < size) {
		struct me_image_sym *s;
		uint32_t namelen, rec;

		if (size - off < 6)
			return me_image_err(err, errlen, "symbol record truncated at %u", off);
		namelen = p[off + 5];
		rec = (6 + namelen + 3) & ~3u;
		if (rec > size - off)
			return me_image_err(err, errlen, "symbol name overruns section at %u", off);
		s = realloc(img->syms, (img->nsyms + 1) * sizeof(*s));
		if (!s)
			return me_image_err(err, errlen, "out of memory");
		img->syms = s;
		s = &img->syms[img->nsyms];
		s->value = me_image_rd32(p + off);
		s->sect = p[off + 4];
		s->name = strndup((const char *)p + off + 6, namelen);
		if (!s->name)
			return me_image_err(err, errlen, "out of memory");
		img->nsyms++;
		off += rec;
	}
	return 0;
}

static int me_image_parse_code(const uint8_t *p, uint32_t addr, uint32_t size,
			       struct me_image *img, char *err, size_t errlen)
{
	if (img->code)
		return me_image_err(err, errlen, "more than one code section");
	if (size % 8)
		return me_image_err(err, errlen, "code size %u is not a multiple of 8", size);
	img->ncode = size / 8;
	img->code_addr = addr;
	img->code = calloc(img->ncode ? img->ncode : 1, sizeof(uint64_t));
	if (!img->code)
		return me_image_err(err, errlen, "out of memory");
	for (uint32_t i = 0; i < img->ncode; i++)
		img->code[i] = me_image_rd32(p + 8 * i) |
			       (uint64_t)me_image_rd32(p + 8 * i + 4) << 32;
	return 0;
}

static int me_image_parse_data(const uint8_t *p, unsigned type, uint32_t addr,
			       uint32_t size, struct me_image *img,
			       char *err, size_t errlen)
{
	struct me_image_data *d = realloc(img->data, (img->ndata + 1) * sizeof(*d));

	if (!d)
		return me_image_err(err, errlen, "out of memory");
	img->data = d;
	d = &img->data[img->ndata];
	d->bytes = malloc(size ? size : 1);
	if (!d->bytes)
		return me_image_err(err, errlen, "out of memory");
	memcpy(d->bytes, p, size);
	d->sect = (uint8_t)type;
	d->addr = addr;
	d->size = size;
	img->ndata++;
	return 0;
}

static int me_image_parse_sect(const uint8_t *buf, size_t len, unsigned i,
			       struct me_image *img, char *err, size_t errlen)
{
	const uint8_t *h = buf + ME_IMAGE_HDR_SIZE + i * ME_IMAGE_SECT_SIZE;
	uint32_t type = me_image_rd32(h), addr = me_image_rd32(h + 4);
	uint32_t size = me_image_rd32(h + 8), off = me_image_rd32(h + 12);

	if ((uint64_t)off + size > len)
		return me_image_err(err, errlen,
				    "section %u (%u bytes at offset %u) runs past the %zu-byte file",
				    i, size, off, len);
	switch (type) {
	case ME_SECT_CODE:
		return me_image_parse_code(buf + off, addr, size, img, err, errlen);
	case ME_SECT_LM:
	case ME_SECT_PKT:
	case ME_SECT_IMEM:
	case ME_SECT_EMEM:
		return me_image_parse_data(buf + off, type, addr, size, img, err, errlen);
	case ME_SECT_SYMS:
		return me_image_parse_syms(buf + off, size, img, err, errlen);
	default:
		return me_image_err(err, errlen, "section %u has unknown type %u", i, type);
	}
}

int me_image_parse(const uint8_t *buf, size_t len, struct me_image *img,
		   char *err, size_t errlen)
{
	unsigned nsect;

	memset(img, 0, sizeof(*img));
	if (len < ME_IMAGE_HDR_SIZE || me_image_rd32(buf) != ME_IMAGE_MAGIC)
		return me_image_err(err, errlen, "not an xnic card image (bad magic)");
	if ((buf[4] | buf[5] << 8) != ME_IMAGE_VERSION)
		return me_image_err(err, errlen, "image version %u, expected %u",
				    buf[4] | buf[5] << 8, ME_IMAGE_VERSION);
	nsect = buf[6] | buf[7] << 8;
	if (ME_IMAGE_HDR_SIZE + (size_t)nsect * ME_IMAGE_SECT_SIZE > len)
		return me_image_err(err, errlen, "section table truncated");
	img->contexts = me_image_rd32(buf + 8);
	img->entry = me_image_rd32(buf + 12);
	if (me_image_rd32(buf + 16))
		return me_image_err(err, errlen, "unknown image flags 0x%x",
				    me_image_rd32(buf + 16));
	for (unsigned i = 0; i < nsect; i++) {
		if (me_image_parse_sect(buf, len, i, img, err, errlen)) {
			me_image_free(img);
			return -1;
		}
	}
	if (!img->code) {
		me_image_free(img);
		return me_image_err(err, errlen, "image has no code section");
	}
	return 0;
}

/* ---- writing ---- */

struct me_image_out {
	uint8_t *buf;
	size_t len;
};

static size_t me_image_syms_size(const struct me_image *img)
{
	size_t n = 0;

	for (unsigned i = 0; i < img->nsyms; i++)
		n += (6 + strlen(img->syms[i].name) + 3) & ~(size_t)3;
	return n;
}

static size_t me_image_put_sect(struct me_image_out *o, unsigned idx,
				uint32_t type, uint32_t addr, uint32_t size,
				size_t off)
{
	uint8_t *h = o->buf + ME_IMAGE_HDR_SIZE + idx * ME_IMAGE_SECT_SIZE;

	me_image_wr32(h, type);
	me_image_wr32(h + 4, addr);
	me_image_wr32(h + 8, size);
	me_image_wr32(h + 12, (uint32_t)off);
	o->len = off + size;	/* no padding after the last payload */
	return (off + size + 7) & ~(size_t)7;
}

static void me_image_put_syms(const struct me_image *img, uint8_t *p)
{
	for (unsigned i = 0; i < img->nsyms; i++) {
		size_t n = strlen(img->syms[i].name);

		me_image_wr32(p, img->syms[i].value);
		p[4] = img->syms[i].sect;
		p[5] = (uint8_t)n;
		memcpy(p + 6, img->syms[i].name, n);
		p += (6 + n + 3) & ~(size_t)3;
	}
}

int me_image_write(const struct me_image *img, uint8_t **out, size_t *len,
		   char *err, size_t errlen)
{
	unsigned nsect = 1 + img->ndata + (img->nsyms ? 1 : 0);
	size_t off = (ME_IMAGE_HDR_SIZE + nsect * ME_IMAGE_SECT_SIZE + 7) & ~(size_t)7;
	size_t total = off + img->ncode * 8 + 8 + me_image_syms_size(img) + 8;
	struct me_image_out o;
	unsigned s = 0;

	for (unsigned i = 0; i < img->nsyms; i++)
		if (strlen(img->syms[i].name) > 255)
			return me_image_err(err, errlen, "symbol name longer than 255: %s",
					    img->syms[i].name);
	for (unsigned i = 0; i < img->ndata; i++)
		total += img->data[i].size + 8;
	o.buf = calloc(1, total);
	if (!o.buf)
		return me_image_err(err, errlen, "out of memory");
	me_image_wr32(o.buf, ME_IMAGE_MAGIC);
	o.buf[4] = ME_IMAGE_VERSION;
	o.buf[6] = (uint8_t)nsect;
	o.buf[7] = (uint8_t)(nsect >> 8);
	me_image_wr32(o.buf + 8, img->contexts);
	me_image_wr32(o.buf + 12, img->entry);
	for (uint32_t i = 0; i < img->ncode; i++) {
		me_image_wr32(o.buf + off + 8 * i, (uint32_t)img->code[i]);
		me_image_wr32(o.buf + off + 8 * i + 4, (uint32_t)(img->code[i] >> 32));
	}
	off = me_image_put_sect(&o, s++, ME_SECT_CODE, img->code_addr,
				img->ncode * 8, off);
	for (unsigned i = 0; i < img->ndata; i++) {
		const struct me_image_data *d = &img->data[i];

		memcpy(o.buf + off, d->bytes, d->size);
		off = me_image_put_sect(&o, s++, d->sect, d->addr, d->size, off);
	}
	if (img->nsyms) {
		me_image_put_syms(img, o.buf + off);
		off = me_image_put_sect(&o, s++, ME_SECT_SYMS, 0,
					(uint32_t)me_image_syms_size(img), off);
	}
	*out = o.buf;
	*len = o.len;
	return 0;
}

/* ---- files ---- */

int me_image_load_file(const char *path, struct me_image *img,
		       char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;
	int rc;

	memset(img, 0, sizeof(*img));
	if (!f)
		return me_image_err(err, errlen, "%s: %s", path, strerror(errno));
	do {
		if (len == cap) {
			uint8_t *nb = realloc(buf, cap = cap ? 2 * cap : 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				return me_image_err(err, errlen, "out of memory");
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	rc = me_image_parse(buf, len, img, err, errlen);
	free(buf);
	return rc;
}

int me_image_save_file(const char *path, const struct me_image *img,
		       char *err, size_t errlen)
{
	uint8_t *buf;
	size_t len;
	FILE *f;
	int ok;

	if (me_image_write(img, &buf, &len, err, errlen))
		return -1;
	f = fopen(path, "wb");
	if (!f) {
		free(buf);
		return me_image_err(err, errlen, "%s: %s", path, strerror(errno));
	}
	ok = fwrite(buf, 1, len, f) == len;
	ok &= fclose(f) == 0;
	free(buf);
	return ok ? 0 : me_image_err(err, errlen, "%s: write failed", path);
}

const char *me_image_sym_at(const struct me_image *img, uint8_t sect,
			    uint32_t value)
{
	for (unsigned i = 0; i < img->nsyms; i++)
		if (img->syms[i].sect == sect && img->syms[i].value == value)
			return img->syms[i].name;
	return NULL;
}

void me_image_free(struct me_image *img)
{
	free(img->code);
	for (unsigned i = 0; i < img->ndata; i++)
		free(img->data[i].bytes);
	free(img->data);
	for (unsigned i = 0; i < img->nsyms; i++)
		free(img->syms[i].name);
	free(img->syms);
	memset(img, 0, sizeof(*img));
}
