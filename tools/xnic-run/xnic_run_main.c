/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnic-run: load a card image into the emulator, feed it frames, run it to
 * halt (or idle, budget, watchdog, fault) and print registers, memory and
 * cycle counts as text or JSON (docs/isa.md sections 6 and 7).
 */
#include <getopt.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "me.h"
#include "me_encode.h"

#define RUN_MAX_FRAMES		4096
#define RUN_MAX_DUMPS		32
#define RUN_FRAME_MAX		9216
#define RUN_CARD_CSRS		0x10000

struct run_frame {
	uint8_t *data;
	uint32_t len, port;
};

struct run_tx {
	unsigned me, ctx;
	uint32_t dest, len;
	uint8_t *data;
};

struct run_dump {
	int mem;		/* enum me_mem, or -1 for host memory */
	unsigned me;
	uint32_t addr, len;
};

struct run {
	struct run_frame rx[RUN_MAX_FRAMES];
	unsigned nrx, next_rx;
	struct run_tx *tx;
	unsigned ntx;
	uint8_t *host;
	uint32_t host_size;
	uint32_t *csr;
	struct run_dump dump[RUN_MAX_DUMPS];
	unsigned ndump;
	struct run_dump preload[RUN_MAX_DUMPS];
	uint8_t *preload_data[RUN_MAX_DUMPS];
	unsigned npreload;
	int json;
	uint64_t budget;
};

/* ---- I/O hooks (struct me_io_ops) ---- */

static int run_rx(void *opaque, unsigned me, unsigned ctx, uint8_t *buf,
		  uint32_t cap, uint32_t *len, uint32_t *port)
{
	struct run *r = opaque;
	struct run_frame *f;

	if (r->next_rx == r->nrx)
		return 0;
	f = &r->rx[r->next_rx++];
	*len = f->len < cap ? f->len : cap;
	*port = f->port;
	memcpy(buf, f->data, *len);
	return 1;
}

static int run_tx(void *opaque, unsigned me, unsigned ctx, uint32_t dest,
		  const uint8_t *data, uint32_t len)
{
	struct run *r = opaque;
	struct run_tx *t = realloc(r->tx, (r->ntx + 1) * sizeof(*t));

	if (!t)
		return 2;
	r->tx = t;
	t = &r->tx[r->ntx];
	t->data = malloc(len ? len : 1);
	if (!t->data)
		return 2;
	memcpy(t->data, data, len);
	t->me = me;
	t->ctx = ctx;
	t->dest = dest;
	t->len = len;
	r->ntx++;
	return 0;
}

static int run_host_range(const struct run *r, uint64_t host, uint32_t len)
{
	return host <= r->host_size && len <= r->host_size - host;
}

static int run_dma_read(void *opaque, uint64_t host, uint8_t *buf, uint32_t len)
{
	struct run *r = opaque;

	if (!run_host_range(r, host, len))
		return 3;
	memcpy(buf, r->host + host, len);
	return 0;
}

static int run_dma_write(void *opaque, uint64_t host, const uint8_t *buf,
			 uint32_t len)
{
	struct run *r = opaque;

	if (!run_host_range(r, host, len))
		return 3;
	memcpy(r->host + host, buf, len);
	return 0;
}

/* Card CSRs are plain storage here; the device defines real ones. */
static int run_csr_read(void *opaque, unsigned me, unsigned ctx, uint32_t csr,
			uint32_t *val)
{
	*val = ((struct run *)opaque)->csr[csr & (RUN_CARD_CSRS - 1)];
	return 0;
}

static int run_csr_write(void *opaque, unsigned me, unsigned ctx, uint32_t csr,
			 uint32_t val)
{
	((struct run *)opaque)->csr[csr & (RUN_CARD_CSRS - 1)] = val;
	return 0;
}

static const struct me_io_ops run_ops = {
	.rx = run_rx, .tx = run_tx, .dma_read = run_dma_read,
	.dma_write = run_dma_write, .csr_read = run_csr_read,
	.csr_write = run_csr_write,
};

/* ---- inputs ---- */

static int run_add_frame(struct run *r, const uint8_t *data, uint32_t len,
			 uint32_t port)
{
	struct run_frame *f;

	if (r->nrx == RUN_MAX_FRAMES || len > RUN_FRAME_MAX) {
		fprintf(stderr, "xnic-run: too many frames or frame above %u bytes\n",
			RUN_FRAME_MAX);
		return -1;
	}
	f = &r->rx[r->nrx];
	f->data = malloc(len ? len : 1);
	if (!f->data)
		return -1;
	memcpy(f->data, data, len);
	f->len = len;
	f->port = port;
	r->nrx++;
	return 0;
}

static int run_hex_frame(struct run *r, const char *hex)
{
	uint8_t buf[RUN_FRAME_MAX];
	uint32_t n = 0;

	for (const char *p = hex; *p; ) {
		unsigned v;

		if (*p == ':' || *p == ' ' || *p == '-') {
			p++;
			continue;
		}
		if (n == sizeof(buf) || sscanf(p, "%2x", &v) != 1 || !p[1]) {
			fprintf(stderr, "xnic-run: bad hex frame near '%s'\n", p);
			return -1;
		}
		buf[n++] = (uint8_t)v;
		p += 2;
	}
	return run_add_frame(r, buf, n, 0);
}

static int run_pcap(struct run *r, const char *path)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, errbuf);
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc = 0;

	if (!p) {
		fprintf(stderr, "xnic-run: %s\n", errbuf);
		return -1;
	}
	while (!rc && pcap_next_ex(p, &h, &data) == 1)
		rc = run_add_frame(r, data, h->caplen, 0);
	pcap_close(p);
	return rc;
}

/* "pkt", "imem", "emem", "lmN" or "host" to *mem (-1 for host) and *me. */
static int run_parse_space(char *space, int *mem, unsigned *me)
{
	static const char *const names[] = { "pkt", "imem", "emem", "lm", "host" };

	*me = 0;
	if (!strncmp(space, "lm", 2) && space[2])
		*me = (unsigned)atoi(space + 2), space[2] = 0;
	for (int i = 0; i < 5; i++) {
		if (!strcmp(space, names[i])) {
			*mem = i == 4 ? -1 : i;
			return 0;
		}
	}
	fprintf(stderr, "xnic-run: unknown space '%s' (pkt, imem, emem, lmN, host)\n",
		space);
	return -1;
}

static int run_parse_dump(struct run *r, const char *arg)
{
	struct run_dump *d = &r->dump[r->ndump];
	char space[8];
	unsigned long addr, len;

	if (r->ndump == RUN_MAX_DUMPS ||
	    sscanf(arg, "%7[a-z0-9]:%li:%li", space, &addr, &len) != 3) {
		fprintf(stderr, "xnic-run: -m wants SPACE:ADDR:LEN, got '%s'\n", arg);
		return -1;
	}
	if (run_parse_space(space, &d->mem, &d->me))
		return -1;
	d->addr = (uint32_t)addr;
	d->len = (uint32_t)len;
	r->ndump++;
	return 0;
}

/* -M SPACE:ADDR:HEX, kept as a frame-like byte string until the card exists. */
static int run_parse_preload(struct run *r, const char *arg)
{
	struct run_dump *d = &r->preload[r->npreload];
	char space[8];
	unsigned long addr;
	int pos = 0;

	if (r->npreload == RUN_MAX_DUMPS ||
	    sscanf(arg, "%7[a-z0-9]:%li:%n", space, &addr, &pos) != 2 || !pos) {
		fprintf(stderr, "xnic-run: -M wants SPACE:ADDR:HEX, got '%s'\n", arg);
		return -1;
	}
	if (run_parse_space(space, &d->mem, &d->me) || run_hex_frame(r, arg + pos))
		return -1;
	/* run_hex_frame queued the bytes as a frame: take them back. */
	r->nrx--;
	r->preload_data[r->npreload] = r->rx[r->nrx].data;
	d->len = r->rx[r->nrx].len;
	d->addr = (uint32_t)addr;
	r->npreload++;
	return 0;
}

static int run_apply_preloads(struct run *r, struct me_card *card)
{
	for (unsigned i = 0; i < r->npreload; i++) {
		const struct run_dump *d = &r->preload[i];
		uint32_t size = r->host_size;
		uint8_t *base = r->host;

		if (d->mem >= 0)
			base = me_card_mem(card, (enum me_mem)d->mem, d->me, &size);
		if (!base || d->addr > size || d->len > size - d->addr) {
			fprintf(stderr, "xnic-run: -M: %u bytes at 0x%x do not fit\n",
				d->len, d->addr);
			return -1;
		}
		memcpy(base + d->addr, r->preload_data[i], d->len);
	}
	return 0;
}

/* ---- output ---- */

static const char *const run_stop_names[] = {
	[ME_STOP_HALTED] = "halted", [ME_STOP_IDLE] = "idle",
	[ME_STOP_BUDGET] = "budget", [ME_STOP_WATCHDOG] = "watchdog",
	[ME_STOP_FAULT] = "fault",
};

static const char *const run_status_names[] = {
	[ME_CTX_READY] = "ready", [ME_CTX_WAITING] = "waiting",
	[ME_CTX_HALTED] = "halted", [ME_CTX_FAULTED] = "faulted",
};

static void run_hex(const uint8_t *p, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		printf("%02x", p[i]);
}

static void run_json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void run_json_array(const char *name, const uint32_t *v, unsigned n)
{
	printf("\"%s\":[", name);
	for (unsigned i = 0; i < n; i++)
		printf("%s%u", i ? "," : "", v[i]);
	printf("]");
}

static const uint8_t *run_dump_bytes(struct run *r, struct me_card *card,
				     const struct run_dump *d)
{
	uint32_t size = r->host_size;
	const uint8_t *base = r->host;

	if (d->mem >= 0)
		base = me_card_mem(card, (enum me_mem)d->mem, d->me, &size);
	if (!base || d->addr > size || d->len > size - d->addr)
		return NULL;
	return base + d->addr;
}

static const char *run_dump_name(const struct run_dump *d)
{
	static const char *const names[] = { "pkt", "imem", "emem", "lm" };

	return d->mem < 0 ? "host" : names[d->mem];
}

static void run_print_json(struct run *r, struct me_card *card,
			   const struct me_stop_info *st, unsigned gprs)
{
	printf("{\"stop\":{\"reason\":\"%s\",\"me\":%u,\"ctx\":%u,\"pc\":%u,\"message\":",
	       run_stop_names[st->reason], st->me, st->ctx, st->pc);
	run_json_string(st->msg);
	printf("},\"cycles\":%llu,\"mes\":[", (unsigned long long)me_card_cycles(card));
	for (unsigned m = 0; m < me_card_num_me(card); m++) {
		struct me_counters c;

		me_card_counters(card, m, &c);
		printf("%s{\"cycles\":%llu,\"insns\":%llu,\"idle_cycles\":%llu,\"commands\":%llu,\"contexts\":[",
		       m ? "," : "", (unsigned long long)c.cycles,
		       (unsigned long long)c.insns, (unsigned long long)c.idle_cycles,
		       (unsigned long long)c.commands);
		for (unsigned x = 0; x < me_card_num_ctx(card); x++) {
			struct me_ctx_state s;

			me_card_ctx_state(card, m, x, &s);
			printf("%s{\"status\":\"%s\",\"pc\":%u,\"insns\":%llu,\"cycles\":%llu,"
			       "\"flags\":{\"z\":%d,\"n\":%d,\"c\":%d,\"v\":%d},\"signals\":%u,",
			       x ? "," : "", run_status_names[s.status], s.pc,
			       (unsigned long long)s.insns, (unsigned long long)s.cycles,
			       s.z, s.n, s.c, s.v, s.signals);
			run_json_array("a", s.a, gprs);
			putchar(',');
			run_json_array("b", s.b, gprs);
			putchar(',');
			run_json_array("xr", s.xr, ME_XFER_REGS);
			putchar(',');
			run_json_array("xw", s.xw, ME_XFER_REGS);
			putchar(',');
			run_json_array("lmi", s.lmi, ME_LM_INDEXES);
			putchar('}');
		}
		printf("]}");
	}
	printf("],\"tx\":[");
	for (unsigned i = 0; i < r->ntx; i++) {
		printf("%s{\"me\":%u,\"ctx\":%u,\"dest\":%u,\"len\":%u,\"data\":\"",
		       i ? "," : "", r->tx[i].me, r->tx[i].ctx, r->tx[i].dest, r->tx[i].len);
		run_hex(r->tx[i].data, r->tx[i].len);
		printf("\"}");
	}
	printf("],\"memory\":[");
	for (unsigned i = 0; i < r->ndump; i++) {
		const uint8_t *p = run_dump_bytes(r, card, &r->dump[i]);

		printf("%s{\"space\":\"%s\",\"me\":%u,\"addr\":%u,\"data\":\"", i ? "," : "",
		       run_dump_name(&r->dump[i]), r->dump[i].me, r->dump[i].addr);
		if (p)
			run_hex(p, r->dump[i].len);
		printf("\"}");
	}
	printf("]}\n");
}

static void run_print_regs(const char *bank, const uint32_t *v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		printf("%s%s%-2u=%08x", i % 8 ? " " : i ? "\n    " : "    ", bank,
		       i, v[i]);
	printf("\n");
}

static void run_print_ctx(struct me_card *card, unsigned m, unsigned x,
			  unsigned gprs)
{
	struct me_ctx_state s;

	me_card_ctx_state(card, m, x, &s);
	printf("  ctx %u: %s pc %u insns %llu cycles %llu flags %c%c%c%c signals 0x%04x\n",
	       x, run_status_names[s.status], s.pc, (unsigned long long)s.insns,
	       (unsigned long long)s.cycles, s.z ? 'Z' : '-', s.n ? 'N' : '-',
	       s.c ? 'C' : '-', s.v ? 'V' : '-', s.signals);
	run_print_regs("a", s.a, gprs);
	run_print_regs("b", s.b, gprs);
	run_print_regs("$xr", s.xr, ME_XFER_REGS);
	run_print_regs("$xw", s.xw, ME_XFER_REGS);
	printf("    l0=%08x l1=%08x l2=%08x l3=%08x\n", s.lmi[0], s.lmi[1],
	       s.lmi[2], s.lmi[3]);
}

static void run_print_text(struct run *r, struct me_card *card,
			   const struct me_stop_info *st, unsigned gprs)
{
	printf("stop: %s", run_stop_names[st->reason]);
	if (st->reason == ME_STOP_FAULT || st->reason == ME_STOP_WATCHDOG)
		printf(" (me %u ctx %u pc %u: %s)", st->me, st->ctx, st->pc, st->msg);
	printf("\ncycles: %llu\n", (unsigned long long)me_card_cycles(card));
	for (unsigned m = 0; m < me_card_num_me(card); m++) {
		struct me_counters c;

		me_card_counters(card, m, &c);
		printf("me %u: cycles %llu insns %llu idle %llu commands %llu\n", m,
		       (unsigned long long)c.cycles, (unsigned long long)c.insns,
		       (unsigned long long)c.idle_cycles, (unsigned long long)c.commands);
		for (unsigned x = 0; x < me_card_num_ctx(card); x++)
			run_print_ctx(card, m, x, gprs);
	}
	for (unsigned i = 0; i < r->ntx; i++) {
		printf("tx %u: me %u ctx %u dest %u len %u ", i, r->tx[i].me,
		       r->tx[i].ctx, r->tx[i].dest, r->tx[i].len);
		run_hex(r->tx[i].data, r->tx[i].len);
		printf("\n");
	}
	for (unsigned i = 0; i < r->ndump; i++) {
		const uint8_t *p = run_dump_bytes(r, card, &r->dump[i]);

		printf("mem %s", run_dump_name(&r->dump[i]));
		if (r->dump[i].mem == ME_MEM_LM)
			printf("%u", r->dump[i].me);
		printf(" 0x%x: ", r->dump[i].addr);
		if (p)
			run_hex(p, r->dump[i].len);
		else
			printf("(out of range)");
		printf("\n");
	}
}

/* ---- main ---- */

static void run_free(struct run *r)
{
	for (unsigned i = 0; i < r->nrx; i++)
		free(r->rx[i].data);
	for (unsigned i = 0; i < r->ntx; i++)
		free(r->tx[i].data);
	for (unsigned i = 0; i < r->npreload; i++)
		free(r->preload_data[i]);
	free(r->tx);
	free(r->host);
	free(r->csr);
}

static void run_usage(FILE *f)
{
	fprintf(f,
		"usage: xnic-run [options] image\n"
		"  -n N          microengines (default 1)\n"
		"  -c CYCLES     cycle budget (default 100000000)\n"
		"  -W CYCLES     watchdog per context between pkt_rx (default 1000000, 0 off)\n"
		"  -x HEX        a frame to receive (repeatable)\n"
		"  -p FILE.pcap  frames to receive\n"
		"  -m SPACE:ADDR:LEN  print memory; SPACE is pkt, imem, emem, lmN or host\n"
		"  -M SPACE:ADDR:HEX  write bytes to memory before the run\n"
		"  -H BYTES      host memory for DMA at host address 0 (default 1 MiB)\n"
		"  -j            JSON output\n"
		"Exit status: 0 halted or idle, 1 fault, watchdog or budget, 2 usage.\n");
}

static int run_options(struct run *r, struct me_card_config *cfg, int argc,
		       char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "n:c:W:x:p:m:M:H:jh")) != -1) {
		switch (c) {
		case 'n': cfg->n_me = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'c': r->budget = strtoull(optarg, NULL, 0); break;
		case 'W': cfg->watchdog_cycles = strtoull(optarg, NULL, 0); break;
		case 'x': if (run_hex_frame(r, optarg)) return -1; break;
		case 'p': if (run_pcap(r, optarg)) return -1; break;
		case 'm': if (run_parse_dump(r, optarg)) return -1; break;
		case 'M': if (run_parse_preload(r, optarg)) return -1; break;
		case 'H': r->host_size = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'j': r->json = 1; break;
		case 'h': run_usage(stdout); exit(0);
		default: return -1;
		}
	}
	return optind == argc - 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	static struct run r = { .budget = 100000000, .host_size = 1 << 20 };
	struct me_card_config cfg;
	struct me_card *card = NULL;
	struct me_stop_info st;
	struct me_image img = { 0 };
	char err[256];
	enum me_stop why = ME_STOP_FAULT;
	unsigned gprs;

	me_card_config_default(&cfg);
	cfg.n_me = 1;
	if (run_options(&r, &cfg, argc, argv)) {
		run_usage(stderr);
		run_free(&r);
		return 2;
	}
	r.host = calloc(1, r.host_size ? r.host_size : 1);
	r.csr = calloc(RUN_CARD_CSRS, sizeof(uint32_t));
	cfg.ops = &run_ops;
	cfg.opaque = &r;
	if (!r.host || !r.csr) {
		fprintf(stderr, "xnic-run: out of memory\n");
		goto out;
	}
	if (me_image_load_file(argv[optind], &img, err, sizeof(err)) ||
	    me_card_create(&cfg, &card, err, sizeof(err)) ||
	    me_card_load(card, &img, err, sizeof(err))) {
		fprintf(stderr, "xnic-run: %s: %s\n", argv[optind], err);
		goto out;
	}
	if (run_apply_preloads(&r, card))
		goto out;
	why = me_card_run(card, r.budget, &st);
	gprs = img.contexts == 4 ? ME_GPRS_MAX : ME_GPRS_8CTX;
	if (r.json)
		run_print_json(&r, card, &st, gprs);
	else
		run_print_text(&r, card, &st, gprs);
out:
	me_card_destroy(card);
	me_image_free(&img);
	run_free(&r);
	return why == ME_STOP_HALTED || why == ME_STOP_IDLE ? 0 : 1;
}
