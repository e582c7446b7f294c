// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic-genverdict: verdict records (docs/verdicts.md) of an XDP program
 * attached in generic mode, which runs in the kernel's receive path where
 * neither the driver's recorder nor the card's sees it.  Attaches
 * genverdict.bpf.c's fentry and fexit programs to the XDP program, prints
 * "attached", then appends one record per program run to RECORDS until
 * SIGINT or SIGTERM, and prints "lost=N", the runs the ring buffer had no
 * room for.  Generic XDP knows no wire sequence number: a record's seq is
 * the run's position, counted from 0 (docs/verdict-ci.md matches them to
 * the frames in order).  Used by tools/xnic-verdict/guest.sh.
 *
 *   xnic-genverdict PROG_ID RECORDS
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "xnic/verdict.h"
#include "genverdict.h"
#include "genverdict.skel.h"

struct reader {
	int out;
	__u32 runs;
};

static volatile sig_atomic_t stopping;

static void stop(int sig)
{
	(void)sig;
	stopping = 1;
}

/* The name of the XDP program's main function, from its BTF: the attach
 * target of fentry/fexit is a BTF function, not a program id. */
static int prog_func_name(int prog_fd, char *name, size_t size)
{
	struct bpf_prog_info info = {};
	struct bpf_func_info func = {};
	__u32 len = sizeof(info);
	const struct btf_type *t;
	struct btf *btf;

	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len))
		return -errno;
	if (!info.btf_id || !info.nr_func_info) {
		fprintf(stderr, "xnic-genverdict: program %u has no BTF: fexit needs it "
			"(compile with -g)\n", info.id);
		return -ENOENT;
	}
	memset(&info, 0, sizeof(info));
	info.nr_func_info = 1;
	info.func_info_rec_size = sizeof(func);
	info.func_info = (__u64)(unsigned long)&func;
	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len))
		return -errno;
	btf = btf__load_from_kernel_by_id(info.btf_id);
	if (!btf)
		return -errno;
	t = btf__type_by_id(btf, func.type_id);
	snprintf(name, size, "%s", t ? btf__name_by_offset(btf, t->name_off) : "");
	btf__free(btf);
	return name[0] ? 0 : -ENOENT;
}

static void encode(const struct genverdict_sample *s, __u32 seq, struct xnic_verdict *v)
{
	__u32 emitted = s->retval == XDP_PASS || s->retval == XDP_TX ||
			s->retval == XDP_REDIRECT ? s->out_len : 0;

	memset(v, 0, sizeof(*v));
	v->seq = htole32(seq);
	v->queue = htole16(s->queue);
	/* outside enum xdp_action: recorded as ABORTED, as the driver does */
	v->action = s->retval <= XDP_REDIRECT ? s->retval : XNIC_VERDICT_ACT_ABORTED;
	v->in_len = htole16(s->in_len);
	v->out_len = htole16(emitted);
	v->digest = htole32(xnic_verdict_digest(s->bytes, emitted));
	memcpy(v->head, s->bytes, emitted < sizeof(v->head) ? emitted : sizeof(v->head));
}

static int on_sample(void *ctx, void *data, size_t size)
{
	const struct genverdict_sample *s = data;
	struct reader *r = ctx;
	struct xnic_verdict v;

	if (size < sizeof(*s) || s->out_len == GENVERDICT_UNREADABLE) {
		fprintf(stderr, "xnic-genverdict: run %u: the frame was not readable "
			"(or %u bytes or longer)\n", r->runs, GENVERDICT_MAX_BYTES);
		return -EFBIG;
	}
	encode(s, r->runs++, &v);
	if (write(r->out, &v, sizeof(v)) != sizeof(v))
		return -errno;
	return 0;
}

static int attach(struct genverdict_bpf *skel, int prog_fd)
{
	char func[128];
	int err = prog_func_name(prog_fd, func, sizeof(func));

	if (err)
		return err;
	err = bpf_program__set_attach_target(skel->progs.genverdict_entry, prog_fd, func);
	if (!err)
		err = bpf_program__set_attach_target(skel->progs.genverdict_exit, prog_fd, func);
	if (!err)
		err = genverdict_bpf__load(skel);
	if (!err)
		err = genverdict_bpf__attach(skel);
	return err;
}

static int record(struct genverdict_bpf *skel, int out)
{
	struct reader r = { .out = out };
	struct ring_buffer *rb;
	int err = 0;

	rb = ring_buffer__new(bpf_map__fd(skel->maps.samples), on_sample, &r, NULL);
	if (!rb)
		return -errno;
	printf("attached\n");
	fflush(stdout);
	while (!stopping && (err = ring_buffer__poll(rb, 100)) >= 0)
		;
	if (err == -EINTR || stopping)
		err = ring_buffer__consume(rb);
	ring_buffer__free(rb);
	printf("lost=%llu\n", (unsigned long long)skel->bss->lost);
	return err < 0 ? err : 0;
}

int main(int argc, char **argv)
{
	struct genverdict_bpf *skel;
	int prog_fd, out, err;
	char *end;
	unsigned long id;

	if (argc != 3 || !(id = strtoul(argv[1], &end, 10)) || *end) {
		fprintf(stderr, "usage: xnic-genverdict PROG_ID RECORDS\n");
		return 2;
	}
	signal(SIGINT, stop);
	signal(SIGTERM, stop);
	prog_fd = bpf_prog_get_fd_by_id(id);
	if (prog_fd < 0) {
		fprintf(stderr, "xnic-genverdict: program %lu: %s\n", id, strerror(errno));
		return 1;
	}
	out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	if (out < 0) {
		fprintf(stderr, "xnic-genverdict: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	skel = genverdict_bpf__open();
	err = skel ? attach(skel, prog_fd) : -errno;
	if (!err)
		err = record(skel, out);
	if (err)
		fprintf(stderr, "xnic-genverdict: %s\n", strerror(-err));
	genverdict_bpf__destroy(skel);
	close(out);
	return err ? 1 : 0;
}
