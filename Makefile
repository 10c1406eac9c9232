# klaxon - the Kafka on-call console.
#
#   make            build ./klaxon (and libklaxon.a)
#   make check      every test: unit, integration against a real Kafka, and
#                   the same suites again under ASan+UBSan
#   make demo       local Kafka with realistic traffic, then the console
#   make bench      benchmarks side by side with Kafka's own tools
#   make install    PREFIX=/usr/local

VERSION   := 0.1.0
PREFIX    ?= /usr/local
BUILD     ?= build
SANITIZE  ?=
CC        ?= cc

PKGS      := ncursesw rdkafka jansson yaml-0.1 sqlite3 libcurl libcrypto libssl
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   = $(shell pkg-config --libs check 2>/dev/null)

WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
CFLAGS    ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DKLAXON_VERSION='"$(VERSION)"' $(WARN) $(CFLAGS) \
             $(PKG_CFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) -pthread
ifeq ($(SANITIZE),1)
ALL_CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
ALL_LDFLAGS += -fsanitize=address,undefined
endif

CORE_SRC  := $(wildcard core/*.c)
TUI_SRC   := $(wildcard tui/*.c)
VIEWS_SRC := $(wildcard views/*.c)
CORE_OBJ  := $(CORE_SRC:%.c=$(BUILD)/%.o)
GEN_OBJ   := $(BUILD)/gen/keymap_default.o
APP_OBJ   := $(TUI_SRC:%.c=$(BUILD)/%.o) $(VIEWS_SRC:%.c=$(BUILD)/%.o) $(GEN_OBJ)
LIB       := $(BUILD)/libklaxon.a
# Everything of the binary but main(), so unit tests can reach tui/ and views/.
TUI_LIB   := $(BUILD)/libklaxon-tui.a
BIN       := $(BUILD)/klaxon

UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
INTEG_SRC := $(wildcard tests/integration/test_*.c)
INTEG_BIN := $(INTEG_SRC:tests/integration/%.c=$(BUILD)/tests/%)
TESTLIB_SRC := $(wildcard tests/lib/*.c)
TESTLIB_OBJ := $(TESTLIB_SRC:%.c=$(BUILD)/%.o)
TOOLS_SRC := $(wildcard tests/env/traffic/*.c)
TRAFFIC   := $(BUILD)/klaxon-traffic

.PHONY: all deps check check-unit check-integration check-asan test-bins demo demo-down \
        bench install clean

all: klaxon

# ./klaxon is the normal build's binary, linked to where tests and users expect it.
klaxon: $(BIN)
	ln -sf $(BIN) klaxon

$(LIB): $(CORE_OBJ) $(BUILD)/gen/playbooks_builtin.o
	ar rcs $@ $^

$(TUI_LIB): $(filter-out $(BUILD)/tui/main.o,$(APP_OBJ))
	ar rcs $@ $^

$(BIN): $(APP_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(APP_OBJ) $(LIB) $(PKG_LIBS)

# The default keymap is compiled in: YAML bytes as a C array.
$(BUILD)/gen/keymap_default.c: keymaps/default.yaml
	@mkdir -p $(dir $@)
	{ echo 'const unsigned char kx_keymap_default[] = {'; \
	  od -An -v -tx1 $< | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '0x00};'; } > $@

# The built-in playbooks are compiled into libklaxon the same way.
PLAYBOOKS := $(sort $(wildcard playbooks/*.yaml))
$(BUILD)/gen/playbooks_builtin.c: $(PLAYBOOKS)
	@mkdir -p $(dir $@)
	{ echo 'struct builtin_playbook { const char *name; const unsigned char *text; };'; \
	  n=0; for f in $^; do \
	    echo "static const unsigned char pb_$$n[] = {"; \
	    od -An -v -tx1 $$f | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '0x00};'; n=$$((n+1)); \
	  done; \
	  echo 'const struct builtin_playbook kx_builtin_playbooks[] = {'; \
	  n=0; for f in $^; do echo "  {\"$$f\", pb_$$n},"; n=$$((n+1)); done; \
	  echo '  {0, 0}};'; } > $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -c -o $@ $<

$(BUILD)/tests/test_%: tests/unit/test_%.c $(TUI_LIB) $(LIB) $(TESTLIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(TESTLIB_OBJ) $(TUI_LIB) $(LIB) $(PKG_LIBS) $(CHECK_LIBS)

$(BUILD)/tests/test_%: tests/integration/test_%.c $(LIB) $(TESTLIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(TESTLIB_OBJ) $(LIB) $(PKG_LIBS) $(CHECK_LIBS)

$(TRAFFIC): $(TOOLS_SRC:%.c=$(BUILD)/%.o) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

test-bins: $(BIN) $(UNIT_BIN) $(INTEG_BIN) $(if $(TOOLS_SRC),$(TRAFFIC))

# Installs Debian packages (as root) and fetches Kafka's jars into a cache.
deps:
	@tests/env/deps

check: deps
	$(MAKE) test-bins klaxon
	@MAKE="$(MAKE)" tests/run-check

check-unit: test-bins
	@tests/run-unit $(UNIT_BIN)

# Under ASan every klaxon run is slower: Check's per-case timeouts double.
check-integration: test-bins
	@KLAXON_BIN=$(abspath $(BIN)) KLAXON_TRAFFIC=$(abspath $(TRAFFIC)) \
	  ASAN_OPTIONS=$${ASAN_OPTIONS:-detect_leaks=1} \
	  CK_TIMEOUT_MULTIPLIER=$${CK_TIMEOUT_MULTIPLIER:-$(if $(filter 1,$(SANITIZE)),2,1)} \
	  tests/run-integration $(INTEG_BIN)

# The same suites, built and run under AddressSanitizer and UBSan.
check-asan:
	$(MAKE) BUILD=build-asan SANITIZE=1 test-bins
	$(MAKE) BUILD=build-asan SANITIZE=1 check-unit check-integration

demo: deps
	$(MAKE) klaxon $(TRAFFIC)
	@tests/env/demo up $(abspath $(BIN)) $(abspath $(TRAFFIC))

demo-down:
	@tests/env/demo down

bench: deps
	$(MAKE) klaxon
	@bench/refresh $(abspath $(BIN))
	@bench/replay $(abspath $(BIN))

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/klaxon
	install -m 644 klaxon.1 $(DESTDIR)$(PREFIX)/share/man/man1/klaxon.1

clean:
	rm -rf build build-asan klaxon

.SECONDARY:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# The built-in governance policy is compiled into libklaxon (issue #7).
$(LIB): $(BUILD)/gen/policy_default.o
$(BUILD)/gen/policy_default.c: config/policy.yaml
	@mkdir -p $(dir $@)
	{ echo 'const unsigned char kx_policy_default[] = {'; \
	  od -An -v -tx1 $< | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '0x00};'; } > $@
# Fuzzing (not part of check): libFuzzer over every response decoder of the
# admin protocol module. Needs clang (Debian's `clang` package).
FUZZ_SRC  := core/kbuf.c core/kproto.c core/kmsg_quotas.c core/kmsg_logdirs.c core/kmsg_elect.c \
             core/kmsg_metadata.c \
             core/ksasl.c core/kscram.c core/kconn.c core/arena.c core/xalloc.c core/err.c
FUZZ_BIN  := $(BUILD)/fuzz/fuzz_responses
FUZZ_TIME ?= 600
.PHONY: fuzz
fuzz: $(FUZZ_BIN)
	@mkdir -p $(BUILD)/fuzz/corpus
	$(FUZZ_BIN) -max_total_time=$(FUZZ_TIME) -print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz/ \
	  $(BUILD)/fuzz/corpus tests/fuzz/seeds

$(FUZZ_BIN): tests/fuzz/fuzz_responses.c $(FUZZ_SRC)
	@command -v clang >/dev/null || { echo "make fuzz needs clang and its runtimes: apt-get install clang libclang-rt-14-dev" >&2; exit 1; }
	@mkdir -p $(dir $@)
	clang -std=c11 -D_GNU_SOURCE -DKLAXON_VERSION='"$(VERSION)"' $(WARN) -g -O1 \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -o $@ $^ \
	  $(shell pkg-config --libs libssl libcrypto)
