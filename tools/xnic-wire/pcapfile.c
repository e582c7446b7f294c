// SPDX-License-Identifier: GPL-2.0-or-later
/* pcap file I/O; the format is described in pcap-savefile(5). */
#include "pcapfile.h"

#include <string.h>
#include <sys/time.h>

#define PCAP_MAGIC_US		0xa1b2c3d4u
#define PCAP_MAGIC_NS		0xa1b23c4du
#define PCAP_LINKTYPE_ETHERNET	1

struct pcap_file_header {
	uint32_t magic;
	uint16_t version_major, version_minor;
	int32_t thiszone;
	uint32_t sigfigs, snaplen, linktype;
};

struct pcap_record_header {
	uint32_t ts_sec, ts_frac, caplen, len;
};

static uint32_t pcapfile_u32(const struct pcapfile *pf, uint32_t v)
{
	return pf->swapped ? __builtin_bswap32(v) : v;
}

int pcapfile_open_read(struct pcapfile *pf, const char *path)
{
	struct pcap_file_header h;

	memset(pf, 0, sizeof(*pf));
	pf->path = path;
	pf->fp = fopen(path, "rb");
	if (!pf->fp)
		return -1;
	if (fread(&h, sizeof(h), 1, pf->fp) != 1)
		goto bad;
	if (h.magic == PCAP_MAGIC_US || h.magic == PCAP_MAGIC_NS) {
		pf->nanosecond = h.magic == PCAP_MAGIC_NS;
	} else if (h.magic == __builtin_bswap32(PCAP_MAGIC_US) ||
		   h.magic == __builtin_bswap32(PCAP_MAGIC_NS)) {
		pf->swapped = 1;
		pf->nanosecond = h.magic == __builtin_bswap32(PCAP_MAGIC_NS);
	} else {
		goto bad;
	}
	if (pcapfile_u32(pf, h.linktype) != PCAP_LINKTYPE_ETHERNET)
		goto bad;
	return 0;
bad:
	fclose(pf->fp);
	pf->fp = NULL;
	return -1;
}

int pcapfile_open_write(struct pcapfile *pf, const char *path)
{
	struct pcap_file_header h = {
		.magic = PCAP_MAGIC_US, .version_major = 2, .version_minor = 4,
		.snaplen = PCAPFILE_SNAPLEN, .linktype = PCAP_LINKTYPE_ETHERNET,
	};

	memset(pf, 0, sizeof(*pf));
	pf->path = path;
	pf->fp = fopen(path, "wb");
	if (!pf->fp)
		return -1;
	if (fwrite(&h, sizeof(h), 1, pf->fp) != 1 || fflush(pf->fp)) {
		fclose(pf->fp);
		pf->fp = NULL;
		return -1;
	}
	return 0;
}

long pcapfile_read(struct pcapfile *pf, uint8_t *buf, size_t size)
{
	struct pcap_record_header r;
	uint32_t caplen;

	if (fread(&r, sizeof(r), 1, pf->fp) != 1)
		return feof(pf->fp) ? 0 : -1;
	caplen = pcapfile_u32(pf, r.caplen);
	if (caplen == 0 || caplen > size)
		return -1;
	if (fread(buf, caplen, 1, pf->fp) != 1)
		return -1;
	return caplen;
}

/* Flushed per frame so a capture killed by a test timeout stays readable. */
int pcapfile_write(struct pcapfile *pf, const uint8_t *frame, size_t len)
{
	struct timeval tv;
	struct pcap_record_header r;

	gettimeofday(&tv, NULL);
	r.ts_sec = tv.tv_sec;
	r.ts_frac = tv.tv_usec;
	r.caplen = len;
	r.len = len;
	if (fwrite(&r, sizeof(r), 1, pf->fp) != 1 || fwrite(frame, len, 1, pf->fp) != 1)
		return -1;
	return fflush(pf->fp) ? -1 : 0;
}

void pcapfile_close(struct pcapfile *pf)
{
	if (pf->fp)
		fclose(pf->fp);
	pf->fp = NULL;
}
