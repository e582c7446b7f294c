// SPDX-License-Identifier: GPL-2.0-or-later
/* The profile report of xnic-cc --profile: see xnic_cc_profile.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xnic_cc_profile.h"

/* The largest frame the card's packet buffer takes, after the headroom. */
static unsigned int xnic_cc_profile_max_frame(void)
{
	struct me_card_config cfg;

	me_card_config_default(&cfg);
	return cfg.pkt_buf_size - ME_PKT_HEADROOM;
}

int xnic_cc_profile_open(struct xnic_cc_profile *p, const struct xnic_cc_obj *obj,
			 const struct xcc_prog *prog, struct xnic_cc_card *card,
			 const char *object_path)
{
	memset(p, 0, sizeof(*p));
	p->obj = obj;
	p->prog = prog;
	if (xcc_prog_image(prog, &p->image)) {
		snprintf(p->err, sizeof(p->err), "no compiled image");
		return -1;
	}
	p->origin = calloc(p->image.n_code + 1, sizeof(*p->origin));
	if (!p->origin || xnic_cc_lines_load(&p->lines, object_path, obj)) {
		snprintf(p->err, sizeof(p->err), "out of memory");
		return -1;
	}
	if (xcc_prog_origins(prog, p->origin, p->image.n_code)) {
		snprintf(p->err, sizeof(p->err), "no instruction origins");
		return -1;
	}
	return me_card_profile_start(card->card, p->err, sizeof(p->err));
}

void xnic_cc_profile_close(struct xnic_cc_profile *p)
{
	xnic_cc_lines_free(&p->lines);
	free(p->origin);
	p->origin = NULL;
}

/* Frames leaving the card (to the wire or the host) cross packet I/O again. */
static void xnic_cc_profile_packet(struct xnic_cc_profile *p, size_t len,
				   const struct xnic_cc_result *res)
{
	p->view.packets++;
	p->bytes_in += len;
	if (res->retval == XDP_PASS || res->retval == XDP_TX || res->retval == XDP_REDIRECT)
		p->bytes_out += res->len;
}

int xnic_cc_profile_run(struct xnic_cc_profile *p, struct xnic_cc_card *card,
			const unsigned char *pkt, size_t len, struct xnic_cc_result *res)
{
	if (len > xnic_cc_profile_max_frame()) {
		snprintf(p->err, sizeof(p->err),
			 "packet %u: a frame of %zu bytes does not fit the card's packet buffer "
			 "(%u bytes after the headroom); cut the pcap (e.g. editcap -s %u)",
			 res->index, len, xnic_cc_profile_max_frame(), xnic_cc_profile_max_frame());
		return -EMSGSIZE;
	}
	if (xnic_cc_card_run(card, pkt, len, res)) {
		snprintf(p->err, sizeof(p->err), "%s", card->err);
		return -EIO;
	}
	if (!res->err)
		xnic_cc_profile_packet(p, len, res);
	return 0;
}

void xnic_cc_profile_collect(struct xnic_cc_profile *p, struct xnic_cc_card *card)
{
	struct xnic_profile *v = &p->view;
	uint32_t n, m;

	me_card_profile_stop(card->card);
	v->prof = me_card_profile(card->card, &n);
	v->program = bpf_program__name(p->obj->prog);
	v->code = p->image.code;
	v->n_code = p->image.n_code < n ? p->image.n_code : n;
	v->base = 0;
	v->origin = p->origin;
	v->insns = p->obj->insns;
	v->n_insns = p->obj->n_insns;
	v->lines = p->lines.by_insn;
	v->harness_what = "harness: rx, xdp_md, tx (the firmware's part)";
	xnic_profile_account(v);
	v->total_insns = v->total_cycles = 0;
	for (m = 0; m < me_card_num_me(card->card); m++) {
		struct me_counters c;

		me_card_counters(card->card, m, &c);
		v->total_insns += c.insns;
		v->total_cycles += c.cycles - c.idle_cycles;
	}
}
