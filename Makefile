# klang: the two commands (make run, make test) and the build.
# Each target installs the Debian packages it needs first (scripts/deps.sh).

BUILD      ?= build
ASAN_BUILD ?= build-asan
DATA       ?= data
PORT       ?= 8080
MESON_OPTS ?=

.PHONY: all build deps run test test-unit test-asan e2e-deps bench-http clean

all: build

deps:
	@scripts/deps.sh build

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_OPTS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) -Dsanitize=true -De2e=false $(MESON_OPTS)

# Serves the demo organisation on http://127.0.0.1:$(PORT). The first run
# creates the data and prints every demo login; later runs print a fresh
# password for 'admin'.
run: build
	@scripts/deps.sh run
	@if [ -f $(DATA)/klang.db ]; then \
		$(BUILD)/klang --data $(DATA) user passwd admin; \
	else \
		$(BUILD)/klang --data $(DATA) init --demo; \
	fi
	@echo "klang: open http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	$(BUILD)/klang --data $(DATA) serve --port $(PORT)

e2e-deps:
	@scripts/deps.sh test
	@cd tests/e2e && if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
		if [ -f /etc/ssl/certs/ca-certificates.crt ]; then export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt; fi; \
		npm ci --no-audit --no-fund --loglevel=error; fi

# Every test: the normal build (unit, http, browser) and the sanitizer build
# (unit, http under ASan + UBSan). Ends with "N passed, N failed".
test: build e2e-deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	@rc=0; \
	meson test -C $(BUILD) --print-errorlogs || rc=1; \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
		meson test -C $(ASAN_BUILD) --print-errorlogs || rc=1; \
	python3 scripts/test-summary.py $(BUILD) $(ASAN_BUILD) || rc=1; \
	exit $$rc

bench-http: build
	@scripts/deps.sh bench
	bench/http

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
