# xnic: thin wrapper over meson (host code) and scripts/ (QEMU, guest).
# The two commands a user needs are `make run` and `make check`; both
# install their own Debian dependencies first.  Heavy builds live in
# XNIC_CACHE, outside the checkout, and are reused across clones.
XNIC_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/xnic
BUILD ?= build
XNIC_BUILD := $(abspath $(BUILD))
# The guest kernel of make guest/run/guest-check: 6.1 (Debian 12) or 6.12 (Debian 13)
GUEST ?= 6.1
XNIC_KERNEL := $(GUEST)
# The guest kernels make check runs the guest suite on, one after the other
CHECK_KERNELS ?= 6.1 6.12
export XNIC_CACHE XNIC_BUILD XNIC_KERNEL

.PHONY: all deps build qemu guest guests hwmeta run check unit-check guest-check verdict-check bench clean help \
	asan-build asan asan-long fuzz-build fuzz

all: build

help:
	@echo "make run     build what is missing, boot a guest with -device xnic"
	@echo "             (GUEST=6.12: Debian 13's Linux 6.12 instead of Debian 12's 6.1)"
	@echo "make check   build everything and run every test"
	@echo "make bench   benchmarks, as ratios against a reference run side by side"
	@echo "make verdict-check   the corpus native vs offloaded, packet by packet"
	@echo "make asan    QEMU, tools and unit tests under ASan+UBSan: units, hostile qtest, a guest test"
	@echo "make asan-long [FIRST_SEED=0x100 SEEDS=50]   the hostile qtest over many seeds under ASan+UBSan"
	@echo "make fuzz [FUZZ_SECONDS=60]   coverage-guided fuzzing of the device: the core, then QEMU's generic-fuzz-xnic"
	@echo "make build | qemu | guest | guests | hwmeta | unit-check | guest-check | fuzz-build | clean"
	@echo "             (guest-check: the guest suite on GUEST; check: on each of CHECK_KERNELS)"

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja:
	@echo "[build] meson setup $(BUILD)"
	@meson setup $(BUILD) >/dev/null

build: deps $(BUILD)/build.ninja
	@echo "[build] host tools, libraries and unit tests"
	@ninja -C $(BUILD) >$(BUILD)/ninja.log 2>&1 || { tail -40 $(BUILD)/ninja.log; exit 1; }

qemu: deps
	@scripts/build-qemu.sh >/dev/null

guest: build
	@scripts/build-guest.sh --kernel $(GUEST) >/dev/null

# Every guest make check boots
guests: build
	@for k in $(CHECK_KERNELS); do scripts/build-guest.sh --kernel $$k >/dev/null || exit 1; done

# The kernel's xdp_hw_metadata for host-hwmeta.sh, when a 6.12 guest is checked
hwmeta: guests
	@case " $(CHECK_KERNELS) " in *" 6.12 "*) scripts/build-hwmeta.sh >/dev/null ;; esac

run: qemu guest
	@scripts/demo.sh

unit-check: build qemu
	@scripts/check.sh unit

guest-check: qemu guest
	@XNIC_CHECK_KERNELS=$(GUEST) scripts/check.sh guest

check: build qemu guests hwmeta asan-build
	@XNIC_CHECK_KERNELS="$(CHECK_KERNELS)" scripts/check.sh all

# Sanitizer builds (docs/testing.md "Sanitizer builds"): QEMU keyed apart
# from the plain one in XNIC_CACHE, host code in build-asan.
asan-build: deps
	@scripts/asan.sh build

asan: asan-build guest
	@scripts/asan.sh all

FIRST_SEED ?= 0x100
SEEDS ?= 50
asan-long: asan-build
	@scripts/asan.sh long $(FIRST_SEED) $(SEEDS)

# Coverage-guided fuzzing (docs/testing.md "Coverage-guided fuzzing"):
# QEMU's libFuzzer target, keyed apart from the other QEMU builds.
fuzz-build: deps
	@scripts/fuzz.sh build >/dev/null

FUZZ_SECONDS ?= 60
fuzz: build fuzz-build
	@scripts/fuzz.sh run core $(FUZZ_SECONDS)
	@scripts/fuzz.sh run qemu $(FUZZ_SECONDS)

# The compiler's corpus through tools/xnic-verdict (docs/verdict-ci.md)
verdict-check: build qemu guest
	@tests/guest/host-verdict.sh

bench: build
	@scripts/bench.sh

clean:
	rm -rf $(BUILD) build-asan
	$(MAKE) -C guest-driver clean
