; SPDX-License-Identifier: GPL-2.0-or-later
; Test program for the firmware's XDP slot (test_fw.c): never returns, so
; the card's watchdog must stop it.
	.contexts 4
main:	add	a0, a0, #1
	br	main
