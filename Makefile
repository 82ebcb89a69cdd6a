# SPDX-License-Identifier: Apache-2.0
# telltale: one GNU Makefile.  `make` builds; `make check` runs every test; `make demo` runs
# the demo; `make SANITIZE=address,undefined check` does it under sanitizers; `make DEVELOPER=1`
# turns warnings into errors.  Objects go to build/<config>/ so sanitizer and plain builds
# never mix.

PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
# The libraries linked into telltale and libtelltale.so.0, and those (OCR, PDF, images,
# printing, mail, archives) that src/lib/dynlib.c loads at first use instead: their headers
# are compiled against, they are never linked (see docs/ARCHITECTURE.md, "dynlib").
CORE_PKGS = sqlite3 libsodium libutf8proc jansson glib-2.0 gobject-2.0
DL_PKGS   = poppler-glib cairo pangocairo tesseract lept libjpeg gmime-3.0 libarchive libxml-2.0
PKGS      = $(CORE_PKGS) $(DL_PKGS)
VERSION   = 0.1.0

CONFIG   := $(if $(SANITIZE),san,default)
B        := build/$(CONFIG)

WARN      = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wvla -Wformat=2 -Wimplicit-fallthrough -Wno-format-nonliteral
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) -Iinclude \
            -DTT_VERSION='"$(VERSION)"'
# The library's own headers: for the library, its tests, fuzz targets and benches; never for
# the command line, which sees only include/telltale/ (scripts/check-api, run by make check).
LIB_INC   = -Isrc/lib
ifneq ($(DEVELOPER),)
CFLAGS   += -Werror
endif
ifneq ($(SANITIZE),)
CFLAGS   += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=$(SANITIZE)
endif

# Evaluated lazily, once: the packages may be installed by the deps step of this same run.
PKG_CFLAGS  = $(eval PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS)))$(PKG_CFLAGS)
PKG_LIBS    = $(eval PKG_LIBS := $(shell pkg-config --libs $(CORE_PKGS)))$(PKG_LIBS)
# only for the test programs that call those libraries themselves (below)
DL_LIBS     = $(eval DL_LIBS := $(shell pkg-config --libs $(DL_PKGS)))$(DL_LIBS)
CMOCKA_LIBS = $(eval CMOCKA_LIBS := $(shell pkg-config --libs cmocka))$(CMOCKA_LIBS)
LIBS      = $(PKG_LIBS) -lm -lpthread
# NATS (libnats, the C client): only the command line's src/cli/natsq.c calls it, and it is
# compiled against, never linked: src/cli/natsdl.c loads it at first use (`watch --nats`,
# `collect`, `publish`), by the soname read at build time.  The library never uses it.
NATS_PKG  = libnats
NATS_CFLAGS = $(eval NATS_CFLAGS := $(shell pkg-config --cflags $(NATS_PKG)))$(NATS_CFLAGS)

LIB_SRC  := $(wildcard src/lib/*.c)
CLI_SRC  := $(wildcard src/cli/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
BENCH_SRC:= $(wildcard bench/*.c)
TOOL_SRC := $(wildcard tests/tools/*.c)

LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
PIC_OBJ  := $(LIB_SRC:%.c=$(B)/pic/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
REPLAY_BIN := $(FUZZ_SRC:fuzz/%.c=$(B)/fuzz/replay_%)
BENCH_BIN:= $(BENCH_SRC:bench/%.c=$(B)/bench/%)
TOOL_BIN := $(TOOL_SRC:tests/%.c=$(B)/tests/%)

LIBA     := $(B)/libtelltale.a
LIBSO    := $(B)/libtelltale.so.0
TELLTALE := $(B)/telltale

.PHONY: all deps check unit cli replay demo demo-watch bench bench-watch fuzz fuzz-long format tidy install clean
all: deps $(TELLTALE) $(LIBSO)
	@ln -sf $(CONFIG)/telltale build/telltale

# Every build step waits for this one: it installs missing Debian packages (as root) or
# prints the exact line to run and stops.
deps: $(B)/.deps-ok
$(B)/.deps-ok: scripts/install-deps
	@scripts/install-deps
	@pkg-config --exists $(PKGS) $(NATS_PKG) cmocka || { echo "telltale: pkg-config cannot find $(PKGS) $(NATS_PKG) cmocka" >&2; exit 1; }
	@mkdir -p $(@D) && touch $@

$(B)/%.o: %.c | $(B)/.deps-ok
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LIB_INC) $(PKG_CFLAGS) -fvisibility=hidden -MMD -MP -c $< -o $@

$(CLI_OBJ): LIB_INC :=

# The media libraries' sonames, read from their development symlinks (scripts/sonames).
SONAMES_H := $(B)/gen/tt_sonames.h
$(SONAMES_H): scripts/sonames | $(B)/.deps-ok
	@mkdir -p $(@D)
	@scripts/sonames "$(CC)" > $@.tmp && mv $@.tmp $@
$(B)/src/lib/dynlib.o $(B)/pic/src/lib/dynlib.o: $(SONAMES_H)
$(B)/src/lib/dynlib.o $(B)/pic/src/lib/dynlib.o: LIB_INC += -I$(B)/gen
# libnats's soname, for the command line's own loader; a directory of its own, so the
# command line sees no generated header of the library's.  The two files that include
# <nats/nats.h> get libnats's cflags.
CLI_SONAMES_H := $(B)/gen/cli/cli_sonames.h
$(CLI_SONAMES_H): scripts/sonames | $(B)/.deps-ok
	@mkdir -p $(@D)
	@scripts/sonames "$(CC)" NATS:$(NATS_PKG) > $@.tmp && mv $@.tmp $@
$(B)/src/cli/natsdl.o: $(CLI_SONAMES_H)
$(B)/src/cli/natsdl.o $(B)/src/cli/natsq.o: LIB_INC = -I$(B)/gen/cli $(NATS_CFLAGS)

$(B)/pic/%.o: %.c | $(B)/.deps-ok
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LIB_INC) $(PKG_CFLAGS) -fPIC -fvisibility=hidden -MMD -MP -c $< -o $@

$(LIBA): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# -z defs (not under sanitizers, whose runtime the library leaves undefined): a media
# function called without going through a dynlib_*.h header fails the link here, as in the CLI.
$(LIBSO): $(PIC_OBJ)
	$(CC) -shared -Wl,-soname,libtelltale.so.0 $(if $(SANITIZE),,-Wl,-z,defs) $(LDFLAGS) -o $@ $^ $(LIBS)

$(TELLTALE): $(CLI_OBJ) $(LIBA)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIBA) $(LIBS)

$(B)/tests/%: tests/unit/%.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LIB_INC) $(PKG_CFLAGS) $(NAT_CFLAGS) -MMD -MP $(LDFLAGS) -o $@ $< $(LIBA) $(LIBS) $(NAT_LIBS) $(PAGE_LIBS) $(CMOCKA_LIBS)

# Test tools (not tests themselves): mkpage renders the page files the print/photo tests read;
# mkbackground builds the background model (data/background/build).
$(B)/tests/tools/%: tests/tools/%.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LIB_INC) $(PKG_CFLAGS) -MMD -MP $(LDFLAGS) -o $@ $< $(LIBA) $(LIBS) $(PAGE_LIBS)

# These draw pages with cairo, pango and leptonica, or write archives with libarchive, themselves.
$(B)/tests/test_extract $(B)/tests/test_source $(B)/tests/tools/mkpage: PAGE_LIBS = $(DL_LIBS)

# The background model of ordinary language is assembled into the library (bgmodel.c).
$(B)/src/lib/bgmodel.o $(B)/pic/src/lib/bgmodel.o: data/background/en.ttbg

$(B)/fuzz/replay_%: fuzz/%.c fuzz/replay.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LIB_INC) $(PKG_CFLAGS) -MMD -MP $(LDFLAGS) -o $@ $< fuzz/replay.c $(LIBA) $(LIBS)

$(B)/bench/%: bench/%.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LIB_INC) $(PKG_CFLAGS) $(NAT_CFLAGS) -MMD -MP $(LDFLAGS) -o $@ $< $(LIBA) $(LIBS) $(NAT_LIBS)

# The naturalness check (bench/natural.h) needs hunspell; only it and its test link it.
HUNSPELL_CFLAGS = $(eval HUNSPELL_CFLAGS := $(shell pkg-config --cflags hunspell))$(HUNSPELL_CFLAGS)
HUNSPELL_LIBS   = $(eval HUNSPELL_LIBS := $(shell pkg-config --libs hunspell))$(HUNSPELL_LIBS)
$(B)/bench/bench_natural: bench/natural.h
$(B)/tests/test_natural: bench/natural.h
$(B)/bench/bench_natural $(B)/tests/test_natural: NAT_CFLAGS = $(HUNSPELL_CFLAGS) -Ibench
$(B)/bench/bench_natural $(B)/tests/test_natural: NAT_LIBS = $(HUNSPELL_LIBS)

# The header-only compile test: every public header stands alone.
$(B)/header-test.ok: $(wildcard include/telltale/*.h)
	@mkdir -p $(@D)
	@for h in $^; do printf '#include "%s"\n' "$${h#include/}" | \
	  $(CC) $(CFLAGS) -Iinclude -x c -fsyntax-only - || exit 1; done
	@touch $@

check: all $(UNIT_BIN) $(REPLAY_BIN) $(TOOL_BIN) $(B)/header-test.ok
	@scripts/check-api $(B)
	@TT_BUILD=$(B) TELLTALE=$(abspath $(TELLTALE)) tests/run

unit: all $(UNIT_BIN)
	@TT_BUILD=$(B) tests/run unit

cli: all $(TOOL_BIN)
	@TT_BUILD=$(B) TELLTALE=$(abspath $(TELLTALE)) tests/run cli

replay: all $(REPLAY_BIN)
	@TT_BUILD=$(B) tests/run fuzz

demo: all
	@TELLTALE=$(abspath $(TELLTALE)) demo/run.sh

# watch: a local nats-server, two vault-less workers and a collector (demo/watch.sh)
demo-watch: all
	@TELLTALE=$(abspath $(TELLTALE)) demo/watch.sh

# watch throughput and the kill-midway run (bench/watch.sh; WATCH_POSTS, default 1000000)
bench-watch: all
	@TELLTALE=$(abspath $(TELLTALE)) bench/watch.sh

bench: all $(BENCH_BIN)
	@TT_BUILD=$(B) TELLTALE=$(abspath $(TELLTALE)) bench/run.sh

# libFuzzer targets: make fuzz [FUZZ_SECONDS=60]
FUZZ_SECONDS ?= 30
FUZZ_B := build/fuzz
fuzz:
	@scripts/install-deps --fuzz
	@mkdir -p $(FUZZ_B)/gen
	@scripts/sonames clang > $(FUZZ_B)/gen/tt_sonames.h
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  clang -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DTT_VERSION='"$(VERSION)"' -Iinclude -Isrc/lib -I$(FUZZ_B)/gen $(PKG_CFLAGS) \
	    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -o $(FUZZ_B)/$$n $$f $(LIB_SRC) $(LIBS) || exit 1; \
	  mkdir -p fuzz/corpus/$$n $(FUZZ_B)/new-$$n; \
	  echo "fuzzing $$n for $(FUZZ_SECONDS)s"; \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp $(FUZZ_B)/$$n -max_total_time=$(FUZZ_SECONDS) -max_len=65536 $(FUZZ_B)/new-$$n fuzz/corpus/$$n || exit 1; \
	done

# The recorded campaign: every target for FUZZ_SECONDS (default 60) with the library built
# once; the result goes to bench/results/fuzz-long.md (executions, exec/s, crashes).
fuzz-long: $(SONAMES_H)
	@scripts/install-deps --fuzz
	@FUZZ_SECONDS=$(if $(filter command line environment,$(origin FUZZ_SECONDS)),$(FUZZ_SECONDS),60) \
	  CFLAGS_PKG='$(PKG_CFLAGS) -I$(abspath $(B)/gen)' LIBS='$(LIBS)' VERSION='$(VERSION)' fuzz/run-long.sh

format:
	clang-format -i $(wildcard include/telltale/*.h src/lib/*.[ch] src/cli/*.[ch] tests/unit/*.[ch] fuzz/*.c bench/*.c)

tidy: $(SONAMES_H) $(CLI_SONAMES_H)
	clang-tidy $(LIB_SRC) $(CLI_SRC) -- $(CFLAGS) $(LIB_INC) -I$(B)/gen -I$(B)/gen/cli $(PKG_CFLAGS) $(NATS_CFLAGS)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	  $(DESTDIR)$(PREFIX)/include/telltale $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(TELLTALE) $(DESTDIR)$(PREFIX)/bin/telltale
	install -m 644 $(LIBA) $(DESTDIR)$(PREFIX)/lib/libtelltale.a
	install -m 755 $(LIBSO) $(DESTDIR)$(PREFIX)/lib/libtelltale.so.0
	ln -sf libtelltale.so.0 $(DESTDIR)$(PREFIX)/lib/libtelltale.so
	install -m 644 include/telltale/*.h $(DESTDIR)$(PREFIX)/include/telltale/
	install -m 644 docs/telltale.1 $(DESTDIR)$(PREFIX)/share/man/man1/telltale.1
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 contrib/telltale.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/telltale
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' -e 's|@PKGS@|$(CORE_PKGS)|' \
	  telltale.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/telltale.pc

clean:
	rm -rf build demo/out demo/out-watch

-include $(LIB_OBJ:.o=.d) $(PIC_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d) $(REPLAY_BIN:=.d) $(BENCH_BIN:=.d) $(TOOL_BIN:=.d)
