// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hwtstamp IFNAME [on|off]: sets (on: every RX frame, no TX; off: none)
 * or only reads a device's hardware timestamping config with
 * SIOCSHWTSTAMP/SIOCGHWTSTAMP and prints what the driver answers,
 * "tx_type N rx_filter N".  For the guest tests (tests/guest/
 * parts/xdp-hints.sh); the guest has no linuxptp.
 */
#include <linux/net_tstamp.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct hwtstamp_config cfg = { .tx_type = HWTSTAMP_TX_OFF };
	unsigned long cmd = SIOCGHWTSTAMP;
	struct ifreq ifr = { .ifr_data = (void *)&cfg };
	int fd;

	if (argc < 2 || argc > 3 ||
	    (argc == 3 && strcmp(argv[2], "on") && strcmp(argv[2], "off"))) {
		fprintf(stderr, "usage: hwtstamp IFNAME [on|off]\n");
		return 2;
	}
	if (argc == 3) {
		cmd = SIOCSHWTSTAMP;
		cfg.rx_filter = strcmp(argv[2], "on") ? HWTSTAMP_FILTER_NONE :
							HWTSTAMP_FILTER_ALL;
	}
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[1]);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || ioctl(fd, cmd, &ifr) < 0) {
		perror(cmd == SIOCSHWTSTAMP ? "SIOCSHWTSTAMP" : "SIOCGHWTSTAMP");
		return 1;
	}
	printf("tx_type %d rx_filter %d\n", cfg.tx_type, cfg.rx_filter);
	close(fd);
	return 0;
}
