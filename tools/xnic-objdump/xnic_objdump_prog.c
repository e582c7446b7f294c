// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic-objdump -p: the card code of a program offloaded to an xnic, read
 * with bpf(2) as the program's jited image (BPF_OBJ_GET_INFO_BY_FD), so it
 * can be disassembled in a guest whose bpftool has no libbfd (Debian's
 * refuses `prog dump jited` then, even into a file).
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xnic_guest.h"
#include "xnic_objdump.h"

static int prog_image(int fd, const char *spec, struct me_image *img, char *err,
		      size_t errlen)
{
	struct bpf_prog_info info;
	uint8_t *bytes;
	uint32_t len;
	int r;

	memset(&info, 0, sizeof(info));
	if (xnic_guest_prog_info(fd, &info)) {
		snprintf(err, errlen, "%s: %s", spec, strerror(errno));
		return -1;
	}
	if (!info.ifindex || !info.jited_prog_len || info.jited_prog_len % 8) {
		snprintf(err, errlen, "%s: not a program offloaded to a device "
			 "(ifindex %u, %u bytes of device code)", spec, info.ifindex,
			 info.jited_prog_len);
		return -1;
	}
	len = info.jited_prog_len;
	bytes = malloc(len);
	if (!bytes) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memset(&info, 0, sizeof(info));
	info.jited_prog_len = len;
	info.jited_prog_insns = (uintptr_t)bytes;
	r = xnic_guest_prog_info(fd, &info);
	if (r)
		snprintf(err, errlen, "%s: %s", spec, strerror(errno));
	else if ((r = objdump_set_words(img, bytes, len)))
		snprintf(err, errlen, "out of memory");
	free(bytes);
	return r;
}

int xnic_objdump_prog_load(const char *spec, struct me_image *img, char *err,
		      size_t errlen)
{
	int fd = xnic_guest_prog_fd(spec), r;

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", spec, strerror(errno));
		return -1;
	}
	r = prog_image(fd, spec, img, err, errlen);
	close(fd);
	return r;
}
