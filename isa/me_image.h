/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Card image container (docs/isa.md section 10): what xnic-as and the
 * offload compiler write and what xnic-objdump, xnic-run and the device
 * load.  All fields little endian.
 *
 *   header   : u32 magic ME_IMAGE_MAGIC, u16 version, u16 nsections,
 *              u32 contexts (4 or 8), u32 entry (instruction index),
 *              u32 flags (0)                                  = 20 bytes
 *   sections : nsections x { u32 type, u32 addr, u32 size, u32 offset }
 *   payloads : at their offsets, each 8-byte aligned
 */
#ifndef ME_IMAGE_H
#define ME_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#define ME_IMAGE_MAGIC		0x454d4e58u	/* "XNME" in file order */
#define ME_IMAGE_VERSION	1
#define ME_IMAGE_HDR_SIZE	20
#define ME_IMAGE_SECT_SIZE	16

enum me_image_sect {
	ME_SECT_CODE = 1,	/* addr: first instruction index; u64 words */
	ME_SECT_LM   = 2,	/* copied into every ME's local memory */
	ME_SECT_PKT  = 3,	/* packet memory */
	ME_SECT_IMEM = 4,	/* internal memory */
	ME_SECT_EMEM = 5,	/* external memory */
	ME_SECT_SYMS = 6,	/* symbol records, see below */
};

/* Symbol record: u32 value, u8 section type, u8 name length, name bytes,
 * zero padding to a multiple of 4.  Code symbols are instruction indexes,
 * data symbols byte addresses in their memory. */
struct me_image_sym {
	char *name;
	uint32_t value;
	uint8_t sect;
};

struct me_image_data {
	uint8_t sect;		/* ME_SECT_LM .. ME_SECT_EMEM */
	uint32_t addr;
	uint32_t size;
	uint8_t *bytes;
};

struct me_image {
	unsigned contexts;	/* 4 or 8 */
	uint32_t entry;
	uint32_t code_addr;	/* first instruction index of code */
	uint32_t ncode;
	uint64_t *code;
	unsigned ndata;
	struct me_image_data *data;
	unsigned nsyms;
	struct me_image_sym *syms;
};

/* Parse a file image held in memory.  0, or -1 with a message in err. */
int me_image_parse(const uint8_t *buf, size_t len, struct me_image *img,
		   char *err, size_t errlen);
/* Serialise img; *out is malloc'ed.  0, or -1 with err. */
int me_image_write(const struct me_image *img, uint8_t **out, size_t *len,
		   char *err, size_t errlen);
/* Read/write a file.  0, or -1 with err. */
int me_image_load_file(const char *path, struct me_image *img,
		       char *err, size_t errlen);
int me_image_save_file(const char *path, const struct me_image *img,
		       char *err, size_t errlen);
/* Name of the symbol whose value is target in section sect, or NULL. */
const char *me_image_sym_at(const struct me_image *img, uint8_t sect,
			    uint32_t value);
/* Free everything img owns and zero it. */
void me_image_free(struct me_image *img);

#endif /* ME_IMAGE_H */
