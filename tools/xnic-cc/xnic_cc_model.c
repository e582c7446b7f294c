// SPDX-License-Identifier: GPL-2.0-or-later
/* The throughput model of xnic-cc --model: see xnic_cc_model.h. */
#include <string.h>

#include "xnic_cc_model.h"

/* Ethernet: 64-byte minimum frame with FCS; preamble, SFD and gap: 20 bytes. */
#define XNIC_CC_MIN_WIRE_FRAME	64.0
#define XNIC_CC_FCS		4.0
#define XNIC_CC_WIRE_OVERHEAD	20.0

const unsigned int xnic_cc_line_gbps[XNIC_CC_LINE_RATES] = { 10, 25, 40, 100 };
const char *const xnic_cc_bound_names[XNIC_CC_BOUNDS] = {
	[XNIC_CC_BOUND_ISSUE] = "ME issue slots",
	[XNIC_CC_BOUND_LATENCY] = "contexts (all waiting)",
	[XNIC_CC_BOUND_EMEM] = "external memory",
	[XNIC_CC_BOUND_IO] = "packet I/O",
};

static double xnic_cc_model_rate(double per_second, double per_packet)
{
	return per_packet > 0 ? per_second / per_packet : 0.0;
}

static double xnic_cc_line_pps(unsigned int gbps, double wire_frame)
{
	return (double)gbps * 1e9 / ((wire_frame + XNIC_CC_WIRE_OVERHEAD) * 8.0);
}

void xnic_cc_model_compute(const struct xnic_cc_model_in *in, struct xnic_cc_model *out)
{
	double hz = (double)in->clock_hz, path = hz * in->bytes_per_cycle;
	unsigned int b, r;

	memset(out, 0, sizeof(*out));
	out->bound_pps[XNIC_CC_BOUND_ISSUE] = xnic_cc_model_rate(hz * in->n_me, in->issue);
	out->bound_pps[XNIC_CC_BOUND_LATENCY] =
		xnic_cc_model_rate(hz * in->n_me * in->contexts, in->latency);
	out->bound_pps[XNIC_CC_BOUND_EMEM] = xnic_cc_model_rate(path, in->emem_bytes);
	out->bound_pps[XNIC_CC_BOUND_IO] = xnic_cc_model_rate(path, in->io_bytes);
	for (b = 0; b < XNIC_CC_BOUNDS; b++)
		if (out->bound_pps[b] > 0 && (out->pps == 0 || out->bound_pps[b] < out->pps)) {
			out->pps = out->bound_pps[b];
			out->binds = b;
		}
	out->wire_mean = in->mean_frame + XNIC_CC_FCS;
	if (out->wire_mean < XNIC_CC_MIN_WIRE_FRAME)
		out->wire_mean = XNIC_CC_MIN_WIRE_FRAME;
	for (r = 0; r < XNIC_CC_LINE_RATES; r++) {
		out->line_pps_64[r] = xnic_cc_line_pps(xnic_cc_line_gbps[r], XNIC_CC_MIN_WIRE_FRAME);
		out->line_pps_mean[r] = xnic_cc_line_pps(xnic_cc_line_gbps[r], out->wire_mean);
	}
}

void xnic_cc_model_from_profile(const struct xnic_cc_profile *p, struct xnic_cc_model_in *in)
{
	struct me_card_config cfg;
	double n = p->view.packets ? (double)p->view.packets : 1.0;
	const struct xnic_profile_split *s = &p->view.split;

	me_card_config_default(&cfg);
	memset(in, 0, sizeof(*in));
	in->n_me = cfg.n_me;
	in->contexts = p->image.contexts;
	in->clock_hz = ME_CLOCK_HZ;
	in->bytes_per_cycle = ME_CMD_BYTES_PER_CYCLE;
	in->issue = (double)s->issue / n;
	in->latency = (double)(s->own + s->helpers + s->mem_wait + s->harness) / n;
	in->emem_bytes = (double)p->view.emem_bytes / n;
	in->io_bytes = (double)(p->bytes_in + p->bytes_out) / n;
	in->mean_frame = (double)p->bytes_in / n;
}

static void xnic_cc_model_text(FILE *out, const struct xnic_cc_model_in *in,
			       const struct xnic_cc_model *m)
{
	struct me_card_config cfg;
	unsigned int b, r;

	me_card_config_default(&cfg);
	fprintf(out, "model: %u MEs x %u contexts at %.0f MHz, %u bytes/cycle data paths; "
		"latencies pkt %u imem %u emem %u (+%u atomic) rx %u tx %u cycles\n",
		in->n_me, in->contexts, (double)in->clock_hz / 1e6, in->bytes_per_cycle,
		cfg.lat.pkt, cfg.lat.imem, cfg.lat.emem, cfg.lat.atomic_extra, cfg.lat.rx,
		cfg.lat.tx);
	fprintf(out, "per packet: %.1f cycles (%.1f issue), %.1f bytes of external memory, "
		"%.1f bytes of packet I/O, mean frame %.1f bytes\n",
		in->latency, in->issue, in->emem_bytes, in->io_bytes, in->mean_frame);
	for (b = 0; b < XNIC_CC_BOUNDS; b++)
		if (m->bound_pps[b] > 0)
			fprintf(out, "  %-24s %10.2f Mpps%s\n", xnic_cc_bound_names[b],
				m->bound_pps[b] / 1e6, b == m->binds ? "  <- binds" : "");
	fprintf(out, "card: %.2f Mpps (%.2f Gbit/s of frames at the mean size)\n", m->pps / 1e6,
		m->pps * (m->wire_mean + XNIC_CC_WIRE_OVERHEAD) * 8.0 / 1e9);
	fprintf(out, "%-8s %14s %10s %18s %10s\n", "line", "64 B: Mpps", "card/line",
		"mean size: Mpps", "card/line");
	for (r = 0; r < XNIC_CC_LINE_RATES; r++)
		fprintf(out, "%3u GbE  %14.2f %9.2fx %18.2f %9.2fx\n", xnic_cc_line_gbps[r],
			m->line_pps_64[r] / 1e6, m->pps / m->line_pps_64[r],
			m->line_pps_mean[r] / 1e6, m->pps / m->line_pps_mean[r]);
}

static void xnic_cc_model_json(FILE *out, const struct xnic_cc_model_in *in,
			       const struct xnic_cc_model *m)
{
	unsigned int b, r;

	fprintf(out, "{\"model\":{\"mes\":%u,\"contexts\":%u,\"clock_hz\":%llu,"
		"\"cycles_per_packet\":%.3f,\"issue_per_packet\":%.3f,\"emem_bytes_per_packet\":%.3f,"
		"\"io_bytes_per_packet\":%.3f,\"mean_frame\":%.3f,\"pps\":%.0f,\"binds\":\"%s\","
		"\"bounds\":{", in->n_me, in->contexts, in->clock_hz, in->latency, in->issue,
		in->emem_bytes, in->io_bytes, in->mean_frame, m->pps, xnic_cc_bound_names[m->binds]);
	for (b = 0; b < XNIC_CC_BOUNDS; b++)
		fprintf(out, "%s\"%s\":%.0f", b ? "," : "", xnic_cc_bound_names[b], m->bound_pps[b]);
	fputs("},\"line_rate\":[", out);
	for (r = 0; r < XNIC_CC_LINE_RATES; r++)
		fprintf(out, "%s{\"gbps\":%u,\"pps_64\":%.0f,\"pps_mean\":%.0f}", r ? "," : "",
			xnic_cc_line_gbps[r], m->line_pps_64[r], m->line_pps_mean[r]);
	fputs("]}}\n", out);
}

void xnic_cc_model_print(FILE *out, const struct xnic_cc_model_in *in,
			 const struct xnic_cc_model *m, int json)
{
	if (json)
		xnic_cc_model_json(out, in, m);
	else
		xnic_cc_model_text(out, in, m);
}
