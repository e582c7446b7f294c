# kernel_oops CONSOLE: the first kernel oops of a guest's console on one
# line ('|' between its lines), shortened to what names the fault: the
# headline, RIP and Code, the call trace and the panic; registers left out.
# Fails when the console has none.  Sourced by host-lib.sh and run-all.sh:
# a guest that dies in the kernel shows why in the test's FAIL line.
KERNEL_OOPS='^\[ *[0-9.]+\] (BUG:|Oops|general protection|Kernel panic|.*: [0-9a-f]{4} \[#[0-9]+\])'
kernel_oops() {
	tr -d '\r' <"$1" | grep -qE "$KERNEL_OOPS" || return 1
	tr -d '\r' <"$1" | sed -En "/$KERNEL_OOPS/,\$p" | sed 's/^\[ *[0-9.]*\] //' |
		grep -vE '^ *(RSP|RAX|RDX|RBP|R10|R13|FS|CS|CR2|DR[0-9]|PKRU|Modules linked)' |
		head -n 40 | tr '\n' '|'
}
