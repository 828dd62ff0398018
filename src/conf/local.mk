# src/conf: the configuration file reader (included by Makefile.am)
src_libamcore_la_SOURCES += src/conf/conf.c src/conf/conf_keys.c \
	src/conf/conf_value.c src/conf/conf.h src/conf/conf_int.h

check_PROGRAMS += t/unit/conf
TESTS += t/unit/conf
UNIT_TESTS += t/unit/conf
t_unit_conf_SOURCES = t/unit/conf.c
t_unit_conf_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t \
	-DCONF_TEST_SRCDIR='"$(abs_top_srcdir)"'
t_unit_conf_LDADD = src/libamcore.la

# The config reader parses outside input, so it has a fuzz target; its
# plain replay build runs fuzz/corpus/conf in make check (t/fuzz-replay.sh).
check_PROGRAMS += fuzz/replay-conf
fuzz_replay_conf_SOURCES = fuzz/fuzz-conf.c fuzz/replay.c
fuzz_replay_conf_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_replay_conf_LDADD = src/libamcore.la

if FUZZING
noinst_PROGRAMS += fuzz/fuzz-conf
fuzz_fuzz_conf_SOURCES = fuzz/fuzz-conf.c src/conf/conf.c \
	src/conf/conf_keys.c src/conf/conf_value.c src/policy/policy.c \
	src/policy/policy_rule.c src/policy/policy_reply.c src/util/log.c
fuzz_fuzz_conf_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_fuzz_conf_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
fuzz_fuzz_conf_LDFLAGS = -fsanitize=fuzzer,address,undefined
fuzz_fuzz_conf_LDADD = src/authres/libauthres.la $(LIBBSD_LIBS)
endif
