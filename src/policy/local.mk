# src/policy: build rules for this module (included by Makefile.am)
src_libamcore_la_SOURCES += src/policy/policy.c src/policy/policy_rule.c \
	src/policy/policy_reply.c src/policy/policy.h src/policy/policy_int.h
EXTRA_DIST += src/policy/policy.conf.5.part

check_PROGRAMS += t/unit/policy
TESTS += t/unit/policy
UNIT_TESTS += t/unit/policy
t_unit_policy_SOURCES = t/unit/policy.c t/unit/policy-helpers.h
t_unit_policy_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
t_unit_policy_LDADD = src/libamcore.la

check_PROGRAMS += t/unit/policy-dmarc
TESTS += t/unit/policy-dmarc
UNIT_TESTS += t/unit/policy-dmarc
t_unit_policy_dmarc_SOURCES = t/unit/policy-dmarc.c t/unit/policy-helpers.h
t_unit_policy_dmarc_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
t_unit_policy_dmarc_LDADD = src/libamcore.la
