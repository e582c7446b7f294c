// SPDX-License-Identifier: GPL-2.0-or-later
/* The guest tools' shared part: see xnic_guest.h. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "xnic_guest.h"

int xnic_guest_bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

int xnic_guest_prog_fd(const char *spec)
{
	union bpf_attr attr;
	char *end;
	unsigned long id = strtoul(spec, &end, 0);

	memset(&attr, 0, sizeof(attr));
	if (*spec && !*end) {
		attr.prog_id = (uint32_t)id;
		return xnic_guest_bpf(BPF_PROG_GET_FD_BY_ID, &attr);
	}
	attr.pathname = (uintptr_t)spec;
	return xnic_guest_bpf(BPF_OBJ_GET, &attr);
}

int xnic_guest_prog_info(int fd, struct bpf_prog_info *info)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = (uint32_t)fd;
	attr.info.info_len = sizeof(*info);
	attr.info.info = (uintptr_t)info;
	return xnic_guest_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr);
}

/* The last part of the link at /sys/class/net/IF/device[/driver]. */
static int xnic_guest_link(const char *ifname, const char *what, char *out, size_t size)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", ifname, what);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -1;
	link[n] = '\0';
	snprintf(out, size, "%s", basename(link));
	return 0;
}

int xnic_guest_card(const char *spec, struct xnic_guest_card *card, int *not_xnic,
		    char *err, size_t errlen)
{
	struct bpf_prog_info info;
	char driver[64], pci[128];
	int fd = xnic_guest_prog_fd(spec), r;

	*not_xnic = 0;
	memset(card, 0, sizeof(*card));
	if (fd < 0) {
		snprintf(err, errlen, "program %s: %s", spec, strerror(errno));
		*not_xnic = errno == ENOENT;
		return -1;
	}
	memset(&info, 0, sizeof(info));
	r = xnic_guest_prog_info(fd, &info);
	close(fd);
	if (r) {
		snprintf(err, errlen, "program %s: %s", spec, strerror(errno));
		return -1;
	}
	card->prog_id = info.id;
	*not_xnic = 1;
	if (!info.ifindex || !if_indextoname(info.ifindex, card->ifname)) {
		snprintf(err, errlen, "program %u is not offloaded to a device "
			 "(load it with `dev IF`, attach it with xdpoffload)", info.id);
		return -1;
	}
	if (xnic_guest_link(card->ifname, "device/driver", driver, sizeof(driver)) ||
	    strcmp(driver, "xnic") ||
	    xnic_guest_link(card->ifname, "device", pci, sizeof(pci))) {
		snprintf(err, errlen, "program %u is offloaded to %s, which is not an xnic",
			 info.id, card->ifname);
		return -1;
	}
	*not_xnic = 0;
	snprintf(card->debugfs, sizeof(card->debugfs), "/sys/kernel/debug/xnic/%s", pci);
	return 0;
}

void xnic_guest_path(const struct xnic_guest_card *card, const char *file, char *path,
		     size_t size)
{
	snprintf(path, size, "%s/%s", card->debugfs, file);
}
