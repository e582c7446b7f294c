// SPDX-License-Identifier: GPL-2.0-or-later
/* Loading an eBPF object and its maps: see xnic_cc_obj.h. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/perf_event.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>

#include "xnic_cc_obj.h"

static int xnic_cc_obj_fail(struct xnic_cc_obj *obj, int err, const char *fmt, const char *arg)
{
	snprintf(obj->err, sizeof(obj->err), fmt, arg, strerror(-err));
	return err;
}

/* Room for the verifier's log of a refused program; a rotating log keeps its end. */
#define XNIC_CC_VERIFIER_LOG_SIZE	(1u << 20)

/* libbpf's warnings during one load: a refused map is named only there. */
static char xnic_cc_warnings[4096];

static int xnic_cc_libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	size_t used = strlen(xnic_cc_warnings);
	va_list copy;

	if (level == LIBBPF_DEBUG)
		return 0;
	va_copy(copy, ap);
	if (level == LIBBPF_WARN && used < sizeof(xnic_cc_warnings) - 1)
		vsnprintf(xnic_cc_warnings + used, sizeof(xnic_cc_warnings) - used, fmt, copy);
	va_end(copy);
	return vfprintf(stderr, fmt, ap);
}

int xnic_cc_bpf_permitted(void)
{
	const struct bpf_insn ret[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "xnic_probe", "GPL", ret, 2, NULL);

	if (fd >= 0)
		close(fd);
	return fd >= 0 || (errno != EPERM && errno != EACCES);
}

const char *xnic_cc_host_release(void)
{
	static struct utsname u;

	if (!u.release[0] && uname(&u))
		snprintf(u.release, sizeof(u.release), "(unknown release)");
	return u.release;
}

static int xnic_cc_is_log_summary(const char *line)
{
	static const char *const summary[] = {
		"processed ", "verification time", "stack depth", "max_states_per_insn", NULL,
	};
	int i;

	for (i = 0; summary[i]; i++)
		if (!strncmp(line, summary[i], strlen(summary[i])))
			return 1;
	return 0;
}

/* The verifier's error: its log's last line before the closing statistics. */
static void xnic_cc_verifier_error(const char *log, char *out, size_t size)
{
	const char *line = log, *found = NULL;
	size_t found_len = 0;

	while (*line) {
		size_t len = strcspn(line, "\n");

		if (len && !xnic_cc_is_log_summary(line)) {
			found = line;
			found_len = len;
		}
		line += len + (line[len] == '\n');
	}
	snprintf(out, size, "%.*s", (int)found_len, found ? found : "");
}

/* The warning naming a map the host could not create, if any. */
static void xnic_cc_map_error(char *out, size_t size)
{
	const char *w = strstr(xnic_cc_warnings, "failed to create");
	const char *start = w;

	if (!w)
		return;
	while (start > xnic_cc_warnings && start[-1] != '\n')
		start--;
	snprintf(out, size, "%.*s", (int)strcspn(start, "\n"), start);
}

/*
 * Why bpf_object__load() failed: BPF refused to us altogether, the host
 * kernel refusing the program or a map (host_refused), or anything else.
 */
static int xnic_cc_obj_load_failed(struct xnic_cc_obj *obj, int err, const char *path)
{
	char why[200] = "";

	if (!xnic_cc_bpf_permitted())
		return xnic_cc_obj_fail(obj, -EPERM, "BPF is not permitted to this process (%s): %s",
					"needs root or CAP_BPF");
	xnic_cc_verifier_error(obj->verifier_log, why, sizeof(why));
	if (!why[0])
		xnic_cc_map_error(why, sizeof(why));
	if (!why[0])
		return xnic_cc_obj_fail(obj, err, "libbpf cannot load %s: %s", path);
	obj->host_refused = 1;
	snprintf(obj->err, sizeof(obj->err), "host kernel %s refuses %s: %s",
		 xnic_cc_host_release(), bpf_program__name(obj->prog), why);
	return err;
}

static int xnic_cc_obj_has_prog_array(const struct xnic_cc_obj *obj)
{
	struct bpf_map *m;

	bpf_object__for_each_map(m, obj->bpf)
		if (bpf_map__type(m) == BPF_MAP_TYPE_PROG_ARRAY)
			return 1;
	return 0;
}

/* A program for a DEVMAP or CPUMAP entry, run at a redirect's egress. */
static int xnic_cc_obj_is_egress(const struct bpf_program *p)
{
	enum bpf_attach_type t = bpf_program__expected_attach_type(p);

	return t == BPF_XDP_DEVMAP || t == BPF_XDP_CPUMAP;
}

/*
 * The program named `name` (by name or section) is selected; without a
 * name, the only program or, among several, the one named after the file.
 * It is loaded, and with a PROG_ARRAY every XDP program
 * of the object, which its slots may hold (libbpf fills the slots the
 * object initialises once their programs are loaded).
 */
static int xnic_cc_obj_select(struct xnic_cc_obj *obj, const char *name, const char *path,
			      int as_ingress)
{
	struct bpf_program *p, *found = NULL, *named = NULL;
	int tail = xnic_cc_obj_has_prog_array(obj);
	const char *base = strrchr(path, '/');
	char file_prog[256];
	int n = 0;

	/* without a name: the only program, or the one named after the file */
	snprintf(file_prog, sizeof(file_prog), "%s", base ? base + 1 : path);
	file_prog[strcspn(file_prog, ".")] = 0;

	bpf_object__for_each_program(p, obj->bpf) {
		int match = !name || !strcmp(bpf_program__name(p), name) ||
			    !strcmp(bpf_program__section_name(p), name);

		if (match && !found)
			found = p;
		if (!name && !strcmp(bpf_program__name(p), file_prog))
			named = p;
		n += match;
		bpf_program__set_autoload(p, tail && bpf_program__type(p) == BPF_PROG_TYPE_XDP);
	}
	if (!name && n > 1 && named)
		found = named;
	else if (!found || (!name && n != 1))
		return xnic_cc_obj_fail(obj, -ENOENT, "no single program named %s (%s)",
					name ? name : "(any)");
	obj->prog = found;
	bpf_program__set_autoload(found, true);
	bpf_program__set_type(found, BPF_PROG_TYPE_XDP);
	if (as_ingress && xnic_cc_obj_is_egress(found)) {
		bpf_program__set_expected_attach_type(found, BPF_XDP);
		obj->egress_as_ingress = 1;
	}
	return 0;
}

/*
 * Maps whose size the program's own loader sets at run time (samples/bpf
 * size per-CPU tables from the CPU count) are declared with max_entries 0;
 * the kernel refuses those, so they get one entry per possible CPU.
 */
static void xnic_cc_obj_size_maps(struct xnic_cc_obj *obj)
{
	struct bpf_map *m;

	bpf_object__for_each_map(m, obj->bpf)
		if (!bpf_map__max_entries(m) && bpf_map__type(m) != BPF_MAP_TYPE_RINGBUF)
			bpf_map__set_max_entries(m, (__u32)libbpf_num_possible_cpus());
}

/*
 * A map of maps' inner maps have its template's shape (type, key and value
 * size): the compiler takes the object's first map of that shape as its
 * example (xcc_map_desc.inner_map), 0 when the object has none.
 */
static __u32 xnic_cc_obj_inner_example(const struct xnic_cc_obj *obj, struct bpf_map *outer)
{
	const struct bpf_map *t = bpf_map__inner_map(outer);
	unsigned int i;

	for (i = 0; t && i < obj->n_maps; i++)
		if (obj->maps[i] != outer && bpf_map__type(obj->maps[i]) == bpf_map__type(t) &&
		    bpf_map__key_size(obj->maps[i]) == bpf_map__key_size(t) &&
		    bpf_map__value_size(obj->maps[i]) == bpf_map__value_size(t))
			return i + 1;
	return 0;
}

static int xnic_cc_obj_collect_maps(struct xnic_cc_obj *obj)
{
	struct bpf_map *m;
	unsigned int i = 0;
	size_t initial_size;

	xnic_cc_obj_size_maps(obj);
	bpf_object__for_each_map(m, obj->bpf)
		obj->n_maps++;
	obj->maps = calloc(obj->n_maps + 1, sizeof(*obj->maps));
	obj->descs = calloc(obj->n_maps + 1, sizeof(*obj->descs));
	if (!obj->maps || !obj->descs)
		return xnic_cc_obj_fail(obj, -ENOMEM, "%s: %s", "maps");
	bpf_object__for_each_map(m, obj->bpf) {
		struct xcc_map_desc *d = &obj->descs[i];

		obj->maps[i++] = m;
		d->type = bpf_map__type(m);
		d->key_size = bpf_map__key_size(m);
		d->value_size = bpf_map__value_size(m);
		d->max_entries = bpf_map__max_entries(m);
		snprintf(d->name, sizeof(d->name), "%s", bpf_map__name(m));
		/* global data: the compiler reads constant formats from .rodata */
		d->initial = bpf_map__initial_value(m, &initial_size);
		d->initial_size = d->initial ? (u32)initial_size : 0;
	}
	for (i = 0; i < obj->n_maps; i++)
		if (bpf_map__inner_map(obj->maps[i]))
			obj->descs[i].inner_map = xnic_cc_obj_inner_example(obj, obj->maps[i]);
	return 0;
}

static int xnic_cc_obj_map_index(const struct xnic_cc_obj *obj, int fd)
{
	unsigned int i;

	for (i = 0; i < obj->n_maps; i++)
		if (bpf_map__fd(obj->maps[i]) == fd)
			return (int)i;
	return -1;
}

/*
 * Appends prog's instructions to obj->insns; the compiler takes map indexes
 * where the kernel took file descriptors.
 */
static int xnic_cc_obj_append_insns(struct xnic_cc_obj *obj, const struct bpf_program *prog)
{
	const struct bpf_insn *in = bpf_program__insns(prog);
	size_t i, n = bpf_program__insn_cnt(prog);
	struct bpf_insn *all = realloc(obj->insns, (obj->n_insns + n) * sizeof(*all));

	if (!in || !all)
		return xnic_cc_obj_fail(obj, -ENOMEM, "%s: %s", "instructions");
	obj->insns = all;
	memcpy(obj->insns + obj->n_insns, in, n * sizeof(*in));
	i = obj->n_insns;
	obj->n_insns += n;
	for (; i < obj->n_insns; i++) {
		struct bpf_insn *insn = &obj->insns[i];
		int idx;

		if (insn->code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (insn->src_reg == BPF_PSEUDO_MAP_FD || insn->src_reg == BPF_PSEUDO_MAP_VALUE) {
			idx = xnic_cc_obj_map_index(obj, insn->imm);
			if (idx < 0)
				return xnic_cc_obj_fail(obj, -EINVAL, "%s: %s",
							"map reference to an unknown fd");
			insn->imm = idx;
		}
		i++;	/* second half */
	}
	return 0;
}

static int xnic_cc_obj_prog_id(int fd, __u32 *id)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	*id = info.id;
	return 0;
}

/* The loaded program of the object with kernel id `id`, or NULL. */
static struct bpf_program *xnic_cc_obj_prog_by_id(const struct xnic_cc_obj *obj, __u32 id)
{
	struct bpf_program *p;
	__u32 pid = 0;

	bpf_object__for_each_program(p, obj->bpf)
		if (bpf_program__fd(p) >= 0 && !xnic_cc_obj_prog_id(bpf_program__fd(p), &pid) &&
		    pid == id)
			return p;
	return NULL;
}

/* Program id `id` becomes a tail call program unless it is one already (or the main one). */
static int xnic_cc_obj_add_tail(struct xnic_cc_obj *obj, const char *map, __u32 slot, __u32 id)
{
	struct bpf_program *p;
	unsigned int k;
	char what[160];
	int err;

	for (k = 0; k <= obj->n_tail; k++)
		if (obj->prog_ids[k] == id)
			return 0;
	p = xnic_cc_obj_prog_by_id(obj, id);
	if (!p) {
		snprintf(what, sizeof(what), "PROG_ARRAY %s slot %u holds program id %u, not one "
			 "of the object's", map, slot, id);
		return xnic_cc_obj_fail(obj, -EINVAL, "%s (%s)", what);
	}
	obj->tail_starts[obj->n_tail++] = (__u32)obj->n_insns;
	obj->prog_ids[obj->n_tail] = id;
	err = xnic_cc_obj_append_insns(obj, p);
	return err;
}

/*
 * The main program's instructions, then those of every program the
 * PROG_ARRAYs hold after the load, each once, in slot order.
 */
static int xnic_cc_obj_collect_insns(struct xnic_cc_obj *obj)
{
	unsigned int n = 0, i;
	struct bpf_program *p;
	__u32 k, id = 0;
	int err;

	bpf_object__for_each_program(p, obj->bpf)
		n++;
	obj->prog_ids = calloc(n + 1, sizeof(*obj->prog_ids));
	obj->tail_starts = calloc(n + 1, sizeof(*obj->tail_starts));
	if (!obj->prog_ids || !obj->tail_starts)
		return xnic_cc_obj_fail(obj, -ENOMEM, "%s: %s", "programs");
	err = xnic_cc_obj_prog_id(obj->prog_fd, &obj->prog_ids[0]);
	if (!err)
		err = xnic_cc_obj_append_insns(obj, obj->prog);
	for (i = 0; !err && i < obj->n_maps; i++) {
		if (obj->descs[i].type != BPF_MAP_TYPE_PROG_ARRAY)
			continue;
		for (k = 0; !err && k < obj->descs[i].max_entries; k++)
			if (!bpf_map_lookup_elem(bpf_map__fd(obj->maps[i]), &k, &id))
				err = xnic_cc_obj_add_tail(obj, obj->descs[i].name, k, id);
	}
	return err;
}

/*
 * Maps the object asks to pin by name (xdp-filter's do) are created
 * unpinned: a run must neither pick up state another run left in bpffs nor
 * leave any there, and bpffs need not be mounted.
 */
static void xnic_cc_obj_unpin_maps(struct xnic_cc_obj *obj)
{
	struct bpf_map *map;

	bpf_object__for_each_map(map, obj->bpf)
		bpf_map__set_pin_path(map, NULL);
}

/*
 * A BPF_OUTPUT perf event on cpu with a ring of XNIC_CC_PERF_PAGES pages,
 * as a perf reader (bpftool map event_pipe) sets one up: the kernel
 * delivers bpf_perf_event_output's records only to an event on the CPU
 * running the program, with a ring to write to.
 */
static int xnic_cc_perf_open(unsigned int cpu, void **ring)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_BPF_OUTPUT,
		.sample_period = 1,
		.sample_type = PERF_SAMPLE_RAW,
		.wakeup_events = 1,
	};
	size_t len = (size_t)(1 + XNIC_CC_PERF_PAGES) * (size_t)sysconf(_SC_PAGESIZE);
	int fd = (int)syscall(__NR_perf_event_open, &attr, -1, (int)cpu, -1, PERF_FLAG_FD_CLOEXEC);

	if (fd < 0)
		return -1;
	*ring = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (*ring == MAP_FAILED) {
		*ring = NULL;
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Every PERF_EVENT_ARRAY gets an event per CPU where the host lets us open
 * one (the card's copy follows, xnic_cc_card.c), so that records reach a
 * reader in the kernel and on the card alike.
 */
static int xnic_cc_obj_open_perf(struct xnic_cc_obj *obj)
{
	unsigned int i, k, ncpu = (unsigned int)libbpf_num_possible_cpus();

	obj->perf = calloc(obj->n_maps + 1, sizeof(*obj->perf));
	if (!obj->perf)
		return xnic_cc_obj_fail(obj, -ENOMEM, "%s: %s", "perf events");
	for (i = 0; i < obj->n_maps; i++) {
		struct xnic_cc_perf *pe = &obj->perf[i];

		if (obj->descs[i].type != BPF_MAP_TYPE_PERF_EVENT_ARRAY)
			continue;
		pe->n = obj->descs[i].max_entries < ncpu ? obj->descs[i].max_entries : ncpu;
		pe->fd = calloc(pe->n + 1, sizeof(*pe->fd));
		pe->ring = calloc(pe->n + 1, sizeof(*pe->ring));
		if (!pe->fd || !pe->ring)
			return xnic_cc_obj_fail(obj, -ENOMEM, "%s: %s", "perf events");
		for (k = 0; k < pe->n; k++) {
			pe->fd[k] = xnic_cc_perf_open(k, &pe->ring[k]);
			if (pe->fd[k] >= 0 &&
			    bpf_map_update_elem(bpf_map__fd(obj->maps[i]), &k, &pe->fd[k], BPF_ANY))
				return xnic_cc_obj_fail(obj, -errno, "%s: %s", "perf event array");
		}
	}
	return 0;
}

static void xnic_cc_obj_close_perf(struct xnic_cc_obj *obj)
{
	size_t len = (size_t)(1 + XNIC_CC_PERF_PAGES) * (size_t)sysconf(_SC_PAGESIZE);
	unsigned int i, k;

	for (i = 0; obj->perf && i < obj->n_maps; i++) {
		for (k = 0; k < obj->perf[i].n; k++) {
			if (obj->perf[i].ring && obj->perf[i].ring[k])
				munmap(obj->perf[i].ring[k], len);
			if (obj->perf[i].fd && obj->perf[i].fd[k] >= 0)
				close(obj->perf[i].fd[k]);
		}
		free(obj->perf[i].fd);
		free(obj->perf[i].ring);
	}
	free(obj->perf);
}

static int xnic_cc_obj_load_as(struct xnic_cc_obj *obj, const char *path, const char *name,
			       int as_ingress)
{
	int err;

	memset(obj, 0, sizeof(*obj));
	obj->prog_fd = -1;
	obj->bpf = bpf_object__open_file(path, NULL);
	if (!obj->bpf) {
		err = -errno;
		obj->bpf = NULL;
		return xnic_cc_obj_fail(obj, err, "cannot open %s: %s", path);
	}
	err = xnic_cc_obj_select(obj, name, path, as_ingress);
	if (!err)
		err = xnic_cc_obj_collect_maps(obj);
	if (err)
		return err;
	xnic_cc_obj_unpin_maps(obj);
	obj->verifier_log = calloc(1, XNIC_CC_VERIFIER_LOG_SIZE);
	if (!obj->verifier_log)
		return xnic_cc_obj_fail(obj, -ENOMEM, "%s: %s", "verifier log");
	/* at log level 0 libbpf asks for the log only when the load fails */
	bpf_program__set_log_buf(obj->prog, obj->verifier_log, XNIC_CC_VERIFIER_LOG_SIZE);
	libbpf_set_print(xnic_cc_libbpf_print);
	xnic_cc_warnings[0] = 0;
	err = bpf_object__load(obj->bpf);
	if (err)
		return xnic_cc_obj_load_failed(obj, err, path);
	obj->prog_fd = bpf_program__fd(obj->prog);
	err = xnic_cc_obj_collect_insns(obj);
	return err ? err : xnic_cc_obj_open_perf(obj);
}

int xnic_cc_obj_load(struct xnic_cc_obj *obj, const char *path, const char *name)
{
	int err = xnic_cc_obj_load_as(obj, path, name, 1);

	if (!err || !obj->egress_as_ingress || !obj->host_refused)
		return err;
	xnic_cc_obj_close(obj);
	return xnic_cc_obj_load_as(obj, path, name, 0);
}

void xnic_cc_obj_close(struct xnic_cc_obj *obj)
{
	xnic_cc_obj_close_perf(obj);
	bpf_object__close(obj->bpf);
	free(obj->verifier_log);
	free(obj->maps);
	free(obj->descs);
	free(obj->insns);
	free(obj->tail_starts);
	free(obj->prog_ids);
	memset(obj, 0, sizeof(*obj));
	obj->prog_fd = -1;
}

struct bpf_map *xnic_cc_obj_map(const struct xnic_cc_obj *obj, const char *name)
{
	unsigned int i;

	for (i = 0; i < obj->n_maps; i++)
		if (!strcmp(bpf_map__name(obj->maps[i]), name))
			return obj->maps[i];
	return NULL;
}

int xnic_cc_hex_parse(const char *hex, unsigned char *out, size_t size)
{
	size_t n = 0;

	while (*hex) {
		unsigned int byte;

		if (isspace((unsigned char)*hex) || *hex == ':') {
			hex++;
			continue;
		}
		if (n == size || !isxdigit((unsigned char)hex[0]) || !isxdigit((unsigned char)hex[1]) ||
		    sscanf(hex, "%2x", &byte) != 1)
			return -1;
		out[n++] = (unsigned char)byte;
		hex += 2;
	}
	return (int)n;
}

void xnic_cc_hex_format(const unsigned char *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = 0;
}

/*
 * A PROG_ARRAY entry NAME:KEYHEX=PROGRAM puts the object's program of that
 * name (loaded with the selected one) into the slot, and among the tail
 * call programs the compiler gets.
 */
static int xnic_cc_obj_set_prog_slot(struct xnic_cc_obj *obj, struct bpf_map *map,
				     const char *spec, const unsigned char *key,
				     const char *prog_name)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj->bpf, prog_name);
	int fd = p ? bpf_program__fd(p) : -1;
	__u32 slot, id = 0;
	int err;

	if (fd < 0)
		return xnic_cc_obj_fail(obj, -ENOENT, "map entry '%s': no loaded XDP program of "
					"that name (%s)", spec);
	if (bpf_map_update_elem(bpf_map__fd(map), key, &fd, BPF_ANY))
		return xnic_cc_obj_fail(obj, -errno, "map entry '%s': %s", spec);
	memcpy(&slot, key, sizeof(slot));
	err = xnic_cc_obj_prog_id(fd, &id);
	return err ? err : xnic_cc_obj_add_tail(obj, bpf_map__name(map), slot, id);
}

int xnic_cc_obj_set_entry(struct xnic_cc_obj *obj, const char *spec)
{
	char name[64], key_hex[512], val_hex[8192];
	unsigned char key[256], val[4096];
	struct bpf_map *map;

	if (sscanf(spec, "%63[^:]:%511[^=]=%8191s", name, key_hex, val_hex) != 3)
		return xnic_cc_obj_fail(obj, -EINVAL, "bad map entry '%s' (%s): want NAME:KEYHEX=VALUEHEX", spec);
	map = xnic_cc_obj_map(obj, name);
	if (!map)
		return xnic_cc_obj_fail(obj, -ENOENT, "no map named %s (%s)", name);
	if (bpf_map__type(map) == BPF_MAP_TYPE_PROG_ARRAY &&
	    xnic_cc_hex_parse(key_hex, key, sizeof(key)) == 4)
		return xnic_cc_obj_set_prog_slot(obj, map, spec, key, val_hex);
	if (xnic_cc_hex_parse(key_hex, key, sizeof(key)) != (int)bpf_map__key_size(map) ||
	    xnic_cc_hex_parse(val_hex, val, sizeof(val)) != (int)bpf_map__value_size(map))
		return xnic_cc_obj_fail(obj, -EINVAL, "map entry '%s': key or value size differs from the map's (%s)", spec);
	if (bpf_map_update_elem(bpf_map__fd(map), key, val, BPF_ANY))
		return xnic_cc_obj_fail(obj, -errno, "map entry '%s': %s", spec);
	return 0;
}

int xnic_cc_obj_set_entries_file(struct xnic_cc_obj *obj, const char *path)
{
	char line[9000];
	FILE *f = fopen(path, "r");
	int err = 0;

	if (!f)
		return xnic_cc_obj_fail(obj, -errno, "cannot open %s: %s", path);
	while (!err && fgets(line, sizeof(line), f)) {
		char *p = line;

		while (isspace((unsigned char)*p))
			p++;
		p[strcspn(p, "#\r\n")] = 0;
		if (*p)
			err = xnic_cc_obj_set_entry(obj, p);
	}
	fclose(f);
	return err;
}
