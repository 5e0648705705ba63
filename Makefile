# alignplan — see README.md.  Two commands matter: `make run` and `make test`.

CC      ?= cc
PKGS    := libmicrohttpd sqlite3 libsodium md4c libzip libcurl libpq
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c17 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Wshadow \
           -Wstrict-prototypes -Wmissing-prototypes -Wvla -fno-common
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

DB      ?= alignplan.db
LISTEN  ?= 127.0.0.1:8080
SESSION ?= content/session-07.md
AGENDAS ?= content/agendas.md

# Layers, lowest first: each folder includes only from its own and lower
# ones (`make layers` checks it; docs/architecture.md draws it).
LAYERS := core model store auth mail import export web cli
SRC  := $(sort $(wildcard $(LAYERS:%=src/%/*.c) $(LAYERS:%=src/%/*/*.c)))
HDR  := $(wildcard $(LAYERS:%=src/%/*.h) $(LAYERS:%=src/%/*/*.h))
LIB  := $(filter-out src/cli/%,$(SRC))
OBJ  := $(LIB:src/%.c=build/%.o) build/assets.o
AOBJ := $(LIB:src/%.c=build/asan/%.o) build/assets.o
CLI  := $(filter src/cli/%,$(SRC))
TESTS := $(sort $(wildcard tests/test-*.c))
TBIN  := $(TESTS:tests/%.c=build/%)
ABIN  := $(TESTS:tests/%.c=build/asan/%)

.PHONY: all run test unit pgtest pgapp fuzz browser bench deps test-deps clean install layers sizes
all: alignplan

# `make install`: the binary, its manual, session 7 and a systemd unit, under
# PREFIX (files are copied into DESTDIR first, for packages and tests).
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/alignplan
UNITDIR ?= $(PREFIX)/lib/systemd/system

# Debian packages the build and the tests need; `deps` installs what is
# missing when run as root, and otherwise prints the line to run.
BUILD_DEBS := gcc make pkg-config libmicrohttpd-dev libsqlite3-dev \
              libsodium-dev libmd4c-dev libzip-dev libcurl4-openssl-dev libpq-dev xxd
TEST_DEBS  := libcmocka-dev clang libclang-rt-14-dev chromium openjdk-17-jre-headless wrk nginx-light python3 python3-aiosmtpd openssl curl sqlite3 systemd strace \
              postgresql-15 \
              libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils \
              $(if $(shell command -v npm),,nodejs npm)
deps:
	@./tools/ensure-debs $(BUILD_DEBS)
test-deps: deps
	@./tools/ensure-debs $(TEST_DEBS)

# `make V=1` shows the full compiler lines.
Q = $(if $(V),,@)
alignplan: $(CLI:src/%.c=build/%.o) build/libalignplan.a
	@echo "  LINK  $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)
# Everything but the command line, for the tests' and benchmarks' helpers.
build/libalignplan.a: $(OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

build/%.o: src/%.c $(HDR) | build
	@echo "  CC    $<"
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -Isrc $(PKG_CFLAGS) -c -o $@ $<
build/asan/%.o: src/%.c $(HDR) | build
	@echo "  CC    $< (asan)"
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(SAN) -Isrc $(PKG_CFLAGS) -c -o $@ $<
build/test-%: tests/test-%.c $(OBJ) $(wildcard tests/*.h)
	@echo "  TEST  $@"
	$(Q)$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ $< $(OBJ) $(PKG_LIBS) -lcmocka
# The ASan objects are only the tests' prerequisites: keep them, or make
# deletes them as intermediates and compiles them all again next time.
.SECONDARY: $(AOBJ)
build/asan/test-%: tests/test-%.c $(AOBJ) $(wildcard tests/*.h)
	@echo "  TEST  $@"
	$(Q)$(CC) $(CFLAGS) $(SAN) $(PKG_CFLAGS) -Isrc -o $@ $< $(AOBJ) $(PKG_LIBS) -lcmocka
# The stylesheet and script are compiled in, so the binary is the whole app.
build/assets.c: web/app.css web/app.js | build
	{ xxd -i web/app.css; xxd -i web/app.js; } > $@
build/assets.o: build/assets.c
	$(CC) -std=c17 -c -o $@ $<
build:
	@mkdir -p build/asan

# DB is a file (SQLite) or a URL: make run DB=postgres://user@host/db
run: deps alignplan
	./alignplan serve --db '$(if $(findstring ://,$(DB)),$(DB),sqlite:$(DB))' \
	  --listen $(LISTEN) --load $(SESSION) --load $(AGENDAS)

# Unit tests run twice: optimised, then under ASan + UBSan.  Those that
# need a PostgreSQL (tests/test-pg-*.c) are built here and run by pgtest.
PGRUN := $(filter build/test-pg-% build/asan/test-pg-%,$(TBIN) $(ABIN))
unit: $(TBIN) $(ABIN)
	@set -e; for t in $(filter-out $(PGRUN),$(TBIN) $(ABIN)); do \
	  echo "== $$t"; \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $$t; done

# The same, against a PostgreSQL 15 of their own that tests/with-pg.sh
# starts (as the postgres user when run as root) and stops afterwards;
# then, on it (ALIGNPLAN_TEST_DB), the tests that open a store: the
# contract and the app's (tests/app-env.h), optimised, and the contract
# under ASan + UBSan too (it drives every path of src/store/pg.c).
DBRUN := $(patsubst tests/%.c,build/%,$(shell grep -l \
	   'app-env.h\|peer-env.h\|store_open' $(filter-out tests/test-pg-%,$(TESTS))))
pgtest: $(PGRUN) $(DBRUN) build/asan/test-store
	@./tests/with-pg.sh sh -ec 'for t in $(PGRUN); do echo "== $$t"; \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $$t; done; \
	  export ALIGNPLAN_TEST_DB="$$ALIGNPLAN_PG_URL"; \
	  for t in $(DBRUN) build/asan/test-store; do echo "== $$t (postgres)"; \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $$t; done'

# Coverage-guided fuzzing of every parser (clang's libFuzzer), FUZZ_SECONDS
# each; crashes are saved in build/fuzz/ and fail the run.
FUZZ_SECONDS ?= 15
FUZZERS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz-*.c))
# The app's objects are compiled once for all fuzzers, instrumented.
FUZZ_CC  := clang -std=c17 -D_DEFAULT_SOURCE -g -O1 -Isrc
FUZZ_OBJ := $(LIB:src/%.c=build/fuzz/obj/%.o) build/fuzz/obj/assets.o
.SECONDARY: $(FUZZ_OBJ)
build/fuzz/obj/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(PKG_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<
build/fuzz/obj/assets.o: build/assets.c
	@mkdir -p $(@D)
	$(Q)clang -std=c17 -c -o $@ $<
build/fuzz/fuzz-%: tests/fuzz/fuzz-%.c $(FUZZ_OBJ)
	@echo "  FUZZ  $@"
	$(Q)$(FUZZ_CC) $(PKG_CFLAGS) -fsanitize=fuzzer,address,undefined \
	  -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS)
fuzz: $(FUZZERS)
	@set -e; for f in $(FUZZERS); do echo "== $$f ($(FUZZ_SECONDS) s)"; \
	  mkdir -p $$f.corpus; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -print_final_stats=0 \
	    -artifact_prefix=$$f- $$f.corpus tests/fixtures >/dev/null 2>$$f.log \
	    || { tail -40 $$f.log; exit 1; }; done

# npm ci again whenever the committed lock file changes.
tests/browser/node_modules/.package-lock.json: tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund
# Every tests/browser/*.mjs is a test file, run one after another in name
# order, except harness.mjs and helpers named _*.mjs; a failure stops none.
BROWSER_TESTS := $(sort $(filter-out harness.mjs _%,$(notdir $(wildcard tests/browser/*.mjs))))
browser: alignplan tests/browser/node_modules/.package-lock.json
	@cd tests/browser && rc=0 && for f in $(BROWSER_TESTS); do \
	  echo "== tests/browser/$$f"; node $$f || rc=1; done; exit $$rc

# The CLI and browser tests again, on a PostgreSQL of their own
# (ALIGNPLAN_TEST_DB; tests/with-pg.sh starts it): the CLI tests that take
# their database from tests/db-lib.sh (the others are SQLite's own or use
# none) and every browser test.
PG_BROWSER_TESTS ?= $(BROWSER_TESTS)
pgapp: alignplan tests/browser/node_modules/.package-lock.json
	@./tests/with-pg.sh sh -c 'export ALIGNPLAN_TEST_DB="$$ALIGNPLAN_PG_URL"; \
	  rc=0; ./tests/cli.sh || rc=1; cd tests/browser && \
	  for f in $(PG_BROWSER_TESTS); do echo "== tests/browser/$$f (postgres)"; \
	  node $$f || rc=1; done; exit $$rc'

# Includes only point down the layers (see LAYERS above).
layers:
	./tools/check-layers src
# No file over 900 lines, no function over 80 (a parser may say why).
sizes:
	./tools/check-size src

test: test-deps
	$(MAKE) layers sizes
	$(MAKE) alignplan
	$(MAKE) unit
	$(MAKE) pgtest
	$(MAKE) fuzz
	./tests/cli.sh
	./tests/export.sh
	$(MAKE) browser
	$(MAKE) pgapp

install: alignplan
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(DATADIR) $(DESTDIR)$(UNITDIR)
	install -m 0755 alignplan $(DESTDIR)$(BINDIR)/alignplan
	install -m 0644 docs/alignplan.1 $(DESTDIR)$(MANDIR)/man1/alignplan.1
	install -m 0644 content/session-07.md $(DESTDIR)$(DATADIR)/session-07.md
	install -m 0644 content/agendas.md $(DESTDIR)$(DATADIR)/agendas.md
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DATADIR@|$(DATADIR)|g' \
	  dist/alignplan.service.in > $(DESTDIR)$(UNITDIR)/alignplan.service.tmp
	chmod 0644 $(DESTDIR)$(UNITDIR)/alignplan.service.tmp
	mv $(DESTDIR)$(UNITDIR)/alignplan.service.tmp \
	  $(DESTDIR)$(UNITDIR)/alignplan.service

bench: test-deps alignplan
	./bench/pages.sh
	./bench/render.sh
	./bench/export.sh
	./bench/cohort.sh
	./bench/comments.sh
	./bench/signup.sh

clean:
	rm -rf build alignplan
