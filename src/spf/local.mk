# src/spf: build rules for this module (included by Makefile.am)
src_libamcore_la_SOURCES += src/spf/spf_check.c src/spf/spf_check.h \
	src/spf/spf_dns.c src/spf/spf_early.c src/spf/spf_record.c src/spf/spf_macro.c \
	src/spf/spf_int.h

# The OpenSPF RFC 7208 / 4408 suites against nsd on loopback.
check_PROGRAMS += t/spf-suite
t_spf_suite_SOURCES = t/spf-suite.c
t_spf_suite_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
t_spf_suite_LDADD = src/libamcore.la
TESTS += t/spf-suite.sh
EXTRA_DIST += t/spf-suite.sh t/spf-suite-zones.py t/spf-suite.todo \
	t/data/spf/rfc7208-tests.yml t/data/spf/rfc4408-tests.yml \
	t/data/spf/rfc7208-tests.LICENSE t/data/spf/rfc4408-tests.LICENSE \
	t/data/spf/rfc7208-tests.CHANGES

check_PROGRAMS += t/unit/spf-record t/unit/spf-check
TESTS += t/unit/spf-record t/unit/spf-check
UNIT_TESTS += t/unit/spf-record t/unit/spf-check
t_unit_spf_record_SOURCES = t/unit/spf-record.c
t_unit_spf_record_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_spf_record_LDADD = src/libamcore.la
t_unit_spf_check_SOURCES = t/unit/spf-check.c
t_unit_spf_check_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_spf_check_LDADD = src/libamcore.la
