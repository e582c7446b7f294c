// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic-testrun: BPF_PROG_TEST_RUN for a program offloaded to an xnic
 * (docs/performance.md "Test runs in the guest").  The kernel refuses a
 * test run of any device-bound program (ENOTSUPP); this tool puts the
 * frame through the program on the card instead, with the card's TEST_RUN
 * command reached through the driver's debugfs file `testrun`
 * (guest-driver/xnic_testrun.c, include/xnic/testrun.h), and prints what
 * `bpftool prog run` prints, plus the card's cycles.
 *
 *   xnic-testrun ID|PIN --data-in F [--data-out F|-] [--repeat N] [--json]
 *   xnic-testrun ID|PIN --data-in F --lengths L [--repeat N] [--json]
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xnic/testrun.h"
#include "me.h"
#include "xnic_guest.h"

/* Exit statuses (docs/performance.md): bpftool's 0 on success, then one per cause. */
enum {
	XNIC_TR_OK,
	XNIC_TR_ERROR,		/* files, options, anything else */
	XNIC_TR_USAGE,
	XNIC_TR_NOT_OFFLOADED,	/* not a program on an xnic card */
	XNIC_TR_FRAME,		/* frame too large (or too short) */
	XNIC_TR_CARD,		/* the card restarts, or is busy */
	XNIC_TR_TIMEOUT,	/* no answer in time */
};

/* Longer than any card command can take: the mailbox times out first. */
#define XNIC_TR_ALARM_S		120
/* What --lengths reads of --data-in: 16 MiB, thousands of frames */
#define XNIC_TR_FRAMES_MAX	(16u << 20)

struct xnic_tr_args {
	const char *prog, *data_in, *data_out, *lengths;
	unsigned long repeat;
	int json;
};

struct xnic_tr_result {
	uint32_t w[XNIC_TESTRUN_DBG_RES_SIZE / 4];	/* TEST_RUN reply from RETVAL on */
	uint8_t out[16 * 1024];
	size_t out_len;
};

static uint32_t res_word(const struct xnic_tr_result *r, uint32_t reply_off)
{
	return r->w[(reply_off - XNIC_TEST_REPLY_RETVAL) / 4];
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: xnic-testrun ID|PIN --data-in FILE [--data-out FILE|-] [--repeat N] [--json]\n"
		"       xnic-testrun ID|PIN --data-in FILE --lengths FILE [--repeat N] [--json]\n"
		"Runs FILE's bytes as one frame through the program offloaded to an xnic, on the\n"
		"card (its TEST_RUN command), as `bpftool prog run` does for host programs: the\n"
		"return value, the output bytes (metadata first, as BPF_PROG_TEST_RUN gives them)\n"
		"and the card cycles of the program, per run and mean.  Map updates are real.\n"
		"Exit: 0 ran, 1 error, 2 usage, 3 not the program on an xnic card, 4 frame too\n"
		"large, 5 card restarting or busy, 6 timed out.\n"
		"--lengths: FILE's frames back to back, their lengths one a line: each its own\n"
		"test run and one line, INDEX RETVAL OUTPUT-HEX or INDEX none EXIT (or a JSON\n"
		"object with \"frame\", and \"exit\" for a failed one); the exit status is the\n"
		"first failed frame's.\n");
}

static int parse(int argc, char **argv, struct xnic_tr_args *a)
{
	static const struct option opts[] = {
		{ "data-in", required_argument, NULL, 'i' },
		{ "data-out", required_argument, NULL, 'o' },
		{ "lengths", required_argument, NULL, 'l' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	memset(a, 0, sizeof(*a));
	a->repeat = 1;
	while ((c = getopt_long(argc, argv, "i:o:l:r:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'i': a->data_in = optarg; break;
		case 'o': a->data_out = optarg; break;
		case 'l': a->lengths = optarg; break;
		case 'j': a->json = 1; break;
		case 'r':
			a->repeat = strtoul(optarg, &end, 0);
			if (*end || !a->repeat || a->repeat > XNIC_TEST_REPEAT_MAX) {
				fprintf(stderr, "xnic-testrun: --repeat %s: 1..%u\n", optarg,
					XNIC_TEST_REPEAT_MAX);
				return -1;
			}
			break;
		case 'h': usage(stdout); exit(0);
		default: return -1;
		}
	}
	if (optind + 1 != argc || !a->data_in || (a->lengths && a->data_out))
		return -1;
	a->prog = argv[optind];
	return 0;
}

/* At most max bytes of path ("-": standard input), and one more to tell a longer file. */
static uint8_t *read_data(const char *path, size_t max, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	uint8_t *buf = malloc(max + 1);

	if (!f || !buf) {
		fprintf(stderr, "xnic-testrun: %s: %s\n", path, strerror(errno));
		free(buf);
		if (f && f != stdin)
			fclose(f);
		return NULL;
	}
	*len = fread(buf, 1, max + 1, f);
	if (f != stdin)
		fclose(f);
	return buf;
}

static int frame_fits(const char *what, size_t len)
{
	if (len <= XNIC_MAX_FRAME && len >= XNIC_MIN_FRAME)
		return 1;
	fprintf(stderr, "xnic-testrun: %s: frame %s for the card (%u to %u bytes)\n", what,
		len > XNIC_MAX_FRAME ? "too large" : "too short", XNIC_MIN_FRAME, XNIC_MAX_FRAME);
	return 0;
}

/* The driver's errno, said for a user; the exit status. */
static int card_error(int err, uint32_t id, const char *ifname)
{
	switch (err) {
	case ENOENT:
		fprintf(stderr, "xnic-testrun: program %u is offloaded to %s but is not the "
			"program its card runs (attach it: ip link set dev %s xdpoffload pinned PIN)\n",
			id, ifname, ifname);
		return XNIC_TR_NOT_OFFLOADED;
	case EMSGSIZE:
		fprintf(stderr, "xnic-testrun: frame too large for the card (at most %u bytes)\n",
			XNIC_MAX_FRAME);
		return XNIC_TR_FRAME;
	case EINVAL:
		fprintf(stderr, "xnic-testrun: frame too short for the card (at least %u bytes)\n",
			XNIC_MIN_FRAME);
		return XNIC_TR_FRAME;
	case EAGAIN:
		fprintf(stderr, "xnic-testrun: the card of %s is restarting (its firmware does not "
			"run; the kernel log says why); try again\n", ifname);
		return XNIC_TR_CARD;
	case EBUSY:
		fprintf(stderr, "xnic-testrun: the card of %s is busy (its contexts did not finish "
			"their frames); try again\n", ifname);
		return XNIC_TR_CARD;
	case ETIMEDOUT:
		fprintf(stderr, "xnic-testrun: the card of %s did not answer\n", ifname);
		return XNIC_TR_TIMEOUT;
	}
	fprintf(stderr, "xnic-testrun: test run on %s: %s\n", ifname, strerror(err));
	return XNIC_TR_ERROR;
}

static int run_on_card(const struct xnic_guest_card *card, const struct xnic_tr_args *a,
		       const uint8_t *frame, size_t len, struct xnic_tr_result *r)
{
	uint32_t hdr[XNIC_TESTRUN_DBG_REQ_SIZE / 4];
	uint8_t *req = malloc(sizeof(hdr) + len);
	char path[PATH_MAX];
	ssize_t n;
	int fd, err = 0;

	xnic_guest_path(card, "testrun", path, sizeof(path));
	fd = open(path, O_RDWR);
	if (fd < 0 || !req) {
		fprintf(stderr, "xnic-testrun: %s: %s (is debugfs mounted?)\n", path,
			strerror(errno));
		free(req);
		if (fd >= 0)
			close(fd);
		return XNIC_TR_ERROR;
	}
	hdr[XNIC_TESTRUN_DBG_PROG_ID / 4] = card->prog_id;
	hdr[XNIC_TESTRUN_DBG_REPEAT / 4] = (uint32_t)a->repeat;
	memcpy(req, hdr, sizeof(hdr));
	memcpy(req + sizeof(hdr), frame, len);
	if (write(fd, req, sizeof(hdr) + len) < 0)
		err = errno;
	free(req);
	if (!err) {
		n = read(fd, r, sizeof(r->w) + sizeof(r->out));
		if (n < (ssize_t)sizeof(r->w))
			err = n < 0 ? errno : EIO;
		else
			r->out_len = (size_t)n - sizeof(r->w);
	}
	close(fd);
	return err ? card_error(err, card->prog_id, card->ifname) : XNIC_TR_OK;
}

/* bpftool's hex dump: offset, 16 bytes in pairs, their ASCII. */
static void hex_dump(const uint8_t *d, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i += 16) {
		printf("%07zx\t", i);
		for (j = i; j < i + 16; j++)
			if (j < n)
				printf("%02x%s", d[j], j % 2 ? " " : "");
			else
				printf("  %s", j % 2 ? " " : "");
		printf("| ");
		for (j = i; j < i + 16 && j < n; j++)
			printf("%c%s", d[j] >= ' ' && d[j] <= '~' ? d[j] : '.', j == i + 7 ? " " : "");
		printf("\n");
	}
}

/* The output bytes as a JSON field, before the result's */
static void json_data_out(const struct xnic_tr_result *r)
{
	size_t i;

	printf("\"data_out\":[");
	for (i = 0; i < r->out_len; i++)
		printf("%s%u", i ? "," : "", r->out[i]);
	printf("],");
}

static int write_out(const struct xnic_tr_args *a, const struct xnic_tr_result *r)
{
	FILE *f;

	if (!a->data_out)
		return 0;
	if (!strcmp(a->data_out, "-")) {
		if (a->json)
			json_data_out(r);
		else
			hex_dump(r->out, r->out_len);
		return 0;
	}
	f = fopen(a->data_out, "wb");
	if (!f || fwrite(r->out, 1, r->out_len, f) != r->out_len || fclose(f)) {
		fprintf(stderr, "xnic-testrun: %s: %s\n", a->data_out, strerror(errno));
		return -1;
	}
	return 0;
}

static void print_result(const struct xnic_tr_args *a, const struct xnic_tr_result *r)
{
	uint32_t runs = res_word(r, XNIC_TEST_REPLY_RUNS);
	uint64_t sum = res_word(r, XNIC_TEST_REPLY_CYCLES_LO) |
		       (uint64_t)res_word(r, XNIC_TEST_REPLY_CYCLES_HI) << 32;
	double mean = runs ? (double)sum / runs : 0.0;
	/* bpftool's duration: nanoseconds, here at the card's clock */
	unsigned long long ns = runs ? sum * 1000000000ull / ME_CLOCK_HZ / runs : 0;

	if (a->json) {
		printf("\"retval\":%u,\"duration\":%llu,\"data_size_out\":%zu,\"meta_len\":%u,"
		       "\"redirect_ifindex\":%u,\"cycles\":{\"runs\":%u,\"min\":%u,\"max\":%u,"
		       "\"mean\":%.1f,\"total\":%llu}}\n",
		       res_word(r, XNIC_TEST_REPLY_RETVAL), ns, r->out_len,
		       res_word(r, XNIC_TEST_REPLY_META_LEN),
		       res_word(r, XNIC_TEST_REPLY_REDIRECT), runs,
		       res_word(r, XNIC_TEST_REPLY_CYCLES_MIN),
		       res_word(r, XNIC_TEST_REPLY_CYCLES_MAX), mean, (unsigned long long)sum);
		return;
	}
	printf("Metadata: %u bytes; output: %zu bytes (metadata first)\n",
	       res_word(r, XNIC_TEST_REPLY_META_LEN), r->out_len);
	if (res_word(r, XNIC_TEST_REPLY_REDIRECT))
		printf("Redirect ifindex: %u\n", res_word(r, XNIC_TEST_REPLY_REDIRECT));
	printf("Card cycles: %u per run (min %u, max %u), mean %.1f over %u run%s\n",
	       res_word(r, XNIC_TEST_REPLY_CYCLES_MIN), res_word(r, XNIC_TEST_REPLY_CYCLES_MIN),
	       res_word(r, XNIC_TEST_REPLY_CYCLES_MAX), mean, runs, runs == 1 ? "" : "s");
	printf("Return value: %u, duration%s: %lluns\n", res_word(r, XNIC_TEST_REPLY_RETVAL),
	       runs > 1 ? " (average)" : "", ns);
}

static void on_alarm(int sig)
{
	static const char msg[] = "xnic-testrun: no answer from the card within the time limit\n";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(XNIC_TR_TIMEOUT);
	_exit(XNIC_TR_TIMEOUT);
}

static int run_one(const struct xnic_guest_card *card, const struct xnic_tr_args *a)
{
	static struct xnic_tr_result r;
	uint8_t *frame;
	size_t len;
	int st;

	frame = read_data(a->data_in, XNIC_MAX_FRAME, &len);
	if (!frame)
		return XNIC_TR_ERROR;
	st = frame_fits(a->data_in, len) ? run_on_card(card, a, frame, len, &r) : XNIC_TR_FRAME;
	free(frame);
	if (st)
		return st;
	if (a->json)
		printf("{");
	if (write_out(a, &r))
		return XNIC_TR_ERROR;
	print_result(a, &r);
	return XNIC_TR_OK;
}

/* One line of --lengths: the frame's index, then what one run prints. */
static void print_frame_line(const struct xnic_tr_args *a, unsigned long k,
			     const struct xnic_tr_result *r)
{
	size_t i;

	if (a->json) {
		printf("{\"frame\":%lu,", k);
		json_data_out(r);
		print_result(a, r);
		return;
	}
	printf("%lu %u ", k, res_word(r, XNIC_TEST_REPLY_RETVAL));
	for (i = 0; i < r->out_len; i++)
		printf("%02x", r->out[i]);
	printf("\n");
}

/* Each frame of --lengths in turn; the first failed frame's status. */
static int run_frames(const struct xnic_guest_card *card, const struct xnic_tr_args *a)
{
	static struct xnic_tr_result r;
	size_t size, off = 0, len;
	int st, first = XNIC_TR_OK;
	unsigned long k = 0;
	char what[64];
	uint8_t *data;
	FILE *lf;

	lf = fopen(a->lengths, "r");
	data = lf ? read_data(a->data_in, XNIC_TR_FRAMES_MAX, &size) : NULL;
	if (!lf)
		fprintf(stderr, "xnic-testrun: %s: %s\n", a->lengths, strerror(errno));
	else if (data && size > XNIC_TR_FRAMES_MAX)
		fprintf(stderr, "xnic-testrun: %s: more than the %u bytes --lengths takes\n",
			a->data_in, XNIC_TR_FRAMES_MAX);
	if (!lf || !data || size > XNIC_TR_FRAMES_MAX) {
		free(data);
		if (lf)
			fclose(lf);
		return XNIC_TR_ERROR;
	}
	for (; fscanf(lf, "%zu", &len) == 1; off += len, k++) {
		if (len > size - off) {
			fprintf(stderr, "xnic-testrun: %s: frame %lu (%zu bytes) runs past the end of %s\n",
				a->lengths, k, len, a->data_in);
			first = first ? first : XNIC_TR_ERROR;
			break;
		}
		snprintf(what, sizeof(what), "frame %lu", k);
		alarm(XNIC_TR_ALARM_S);
		st = frame_fits(what, len) ? run_on_card(card, a, data + off, len, &r) : XNIC_TR_FRAME;
		if (st && a->json)
			printf("{\"frame\":%lu,\"exit\":%d}\n", k, st);
		else if (st)
			printf("%lu none %d\n", k, st);
		else
			print_frame_line(a, k, &r);
		fflush(stdout);
		first = first ? first : st;
	}
	if (!feof(lf) && first == XNIC_TR_OK) {
		fprintf(stderr, "xnic-testrun: %s: not a length at line %lu\n", a->lengths, k + 1);
		first = XNIC_TR_ERROR;
	}
	fclose(lf);
	free(data);
	return first;
}

int main(int argc, char **argv)
{
	struct xnic_guest_card card;
	struct xnic_tr_args a;
	int not_xnic;
	char err[256];

	if (parse(argc, argv, &a)) {
		usage(stderr);
		return XNIC_TR_USAGE;
	}
	signal(SIGALRM, on_alarm);
	alarm(XNIC_TR_ALARM_S);
	if (xnic_guest_card(a.prog, &card, &not_xnic, err, sizeof(err))) {
		fprintf(stderr, "xnic-testrun: %s\n", err);
		return not_xnic ? XNIC_TR_NOT_OFFLOADED : XNIC_TR_ERROR;
	}
	return a.lengths ? run_frames(&card, &a) : run_one(&card, &a);
}
