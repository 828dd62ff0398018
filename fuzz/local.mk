# fuzz: libFuzzer targets for every parser of outside input.
# The targets are always built as plain programs over fuzz/replay.c, and
# t/fuzz-replay.sh runs them on their seed corpora in make check; with
# --enable-fuzzing (CC=clang) they are also built as libFuzzer binaries
# with the library compiled in, so that it is instrumented too.
FUZZ_AUTHRES_SOURCES = $(src_authres_libauthres_la_SOURCES)

check_PROGRAMS += fuzz/replay-authres-parse fuzz/replay-authres-roundtrip
fuzz_replay_authres_parse_SOURCES = fuzz/fuzz-authres-parse.c fuzz/replay.c
fuzz_replay_authres_parse_LDADD = src/authres/libauthres.la
fuzz_replay_authres_roundtrip_SOURCES = fuzz/fuzz-authres-roundtrip.c \
	fuzz/replay.c
fuzz_replay_authres_roundtrip_LDADD = src/authres/libauthres.la
check_PROGRAMS += fuzz/replay-authres-json
fuzz_replay_authres_json_SOURCES = fuzz/fuzz-authres-json.c \
	src/authres/authres_json.c fuzz/replay.c

TESTS += t/fuzz-replay.sh
EXTRA_DIST += t/fuzz-replay.sh fuzz/corpus

if FUZZING
FUZZ_FLAGS = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
noinst_PROGRAMS += fuzz/fuzz-authres-parse fuzz/fuzz-authres-roundtrip
fuzz_fuzz_authres_parse_SOURCES = fuzz/fuzz-authres-parse.c \
	$(FUZZ_AUTHRES_SOURCES)
fuzz_fuzz_authres_parse_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/src/authres
fuzz_fuzz_authres_parse_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_authres_parse_LDFLAGS = $(FUZZ_FLAGS)
fuzz_fuzz_authres_roundtrip_SOURCES = fuzz/fuzz-authres-roundtrip.c \
	$(FUZZ_AUTHRES_SOURCES)
fuzz_fuzz_authres_roundtrip_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/src/authres
fuzz_fuzz_authres_roundtrip_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_authres_roundtrip_LDFLAGS = $(FUZZ_FLAGS)
noinst_PROGRAMS += fuzz/fuzz-authres-json
fuzz_fuzz_authres_json_SOURCES = fuzz/fuzz-authres-json.c \
	src/authres/authres_json.c
fuzz_fuzz_authres_json_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_authres_json_LDFLAGS = $(FUZZ_FLAGS)
endif

# policy: the SMTP reply builder and the PolicyRule parser (src/policy).
check_PROGRAMS += fuzz/replay-policy-reply fuzz/replay-policy-rule
fuzz_replay_policy_reply_SOURCES = fuzz/fuzz-policy-reply.c fuzz/replay.c
fuzz_replay_policy_reply_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_replay_policy_reply_LDADD = src/libamcore.la
fuzz_replay_policy_rule_SOURCES = fuzz/fuzz-policy-rule.c fuzz/replay.c
fuzz_replay_policy_rule_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_replay_policy_rule_LDADD = src/libamcore.la

if FUZZING
FUZZ_POLICY_SOURCES = src/policy/policy.c src/policy/policy_rule.c \
	src/policy/policy_reply.c $(FUZZ_AUTHRES_SOURCES)
noinst_PROGRAMS += fuzz/fuzz-policy-reply fuzz/fuzz-policy-rule
fuzz_fuzz_policy_reply_SOURCES = fuzz/fuzz-policy-reply.c \
	$(FUZZ_POLICY_SOURCES)
fuzz_fuzz_policy_reply_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/src/authres \
	$(LIBBSD_CFLAGS)
fuzz_fuzz_policy_reply_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_policy_reply_LDFLAGS = $(FUZZ_FLAGS)
fuzz_fuzz_policy_reply_LDADD = $(LIBBSD_LIBS)
fuzz_fuzz_policy_rule_SOURCES = fuzz/fuzz-policy-rule.c \
	$(FUZZ_POLICY_SOURCES)
fuzz_fuzz_policy_rule_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/src/authres \
	$(LIBBSD_CFLAGS)
fuzz_fuzz_policy_rule_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_policy_rule_LDFLAGS = $(FUZZ_FLAGS)
fuzz_fuzz_policy_rule_LDADD = $(LIBBSD_LIBS)
endif
