// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pass "emit".  Input: resolve's card instructions with final addresses.
 * Encodes each with hw/me's encoder, which checks it against isa.md (a
 * failure here is a compiler bug, reported with the eBPF instruction it
 * came from), into the code words of the card image.
 */
#include "xcc_priv.h"

int xcc_emit(struct xcc_prog *prog)
{
	struct xcc_mcode *mc = &prog->mc;
	char err[128];
	u32 i;

	mc->words = xcc_calloc(prog, mc->n + 1, sizeof(*mc->words));
	if (!mc->words)
		return -1;
	mc->n_words = 0;
	for (i = 0; i < mc->n; i++) {
		const struct xcc_minsn *m = &mc->insns[i];

		if (m->mi.op == XCC_MI_LABEL)
			continue;
		if (me_encode(&m->mi, &mc->words[mc->n_words], err, sizeof(err))) {
			xcc_fail(prog, XCC_E_ANALYSIS, m->bpf < prog->n_insns ? (s32)m->bpf : -1,
				 "internal error: card instruction %u does not encode: %s",
				 mc->n_words, err);
			return -1;
		}
		mc->n_words++;
	}
	return 0;
}
