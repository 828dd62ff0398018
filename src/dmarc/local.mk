# src/dmarc: DMARC (RFC 9989) in libamcore, its unit tests, its test
# client t/dmarcq and the tests against nsd.
src_libamcore_la_SOURCES += src/dmarc/dmarc.h src/dmarc/dmarc_int.h \
	src/dmarc/dmarc_from.c src/dmarc/dmarc_record.c \
	src/dmarc/dmarc_discover.c src/dmarc/dmarc_check.c src/dmarc/dmarc_eval.c \
	src/dmarc/dmarc_align.c \
	src/dmarc/dmarc_check_int.h
# The DMARC section of authmilter.conf(5), pasted there when the keys
# land in src/conf (as src/policy/policy.conf.5.part is).
EXTRA_DIST += src/dmarc/dmarc.conf.5.part

check_PROGRAMS += t/unit/dmarc-from t/unit/dmarc-record \
	t/unit/dmarc-discover t/unit/dmarc-check
TESTS += t/unit/dmarc-from t/unit/dmarc-record \
	t/unit/dmarc-discover t/unit/dmarc-check
UNIT_TESTS += t/unit/dmarc-from t/unit/dmarc-record \
	t/unit/dmarc-discover t/unit/dmarc-check
t_unit_dmarc_from_SOURCES = t/unit/dmarc-from.c
t_unit_dmarc_from_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_dmarc_from_LDADD = src/libamcore.la
t_unit_dmarc_record_SOURCES = t/unit/dmarc-record.c
t_unit_dmarc_record_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_dmarc_record_LDADD = src/libamcore.la
t_unit_dmarc_discover_SOURCES = t/unit/dmarc-discover.c
t_unit_dmarc_discover_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_dmarc_discover_LDADD = src/libamcore.la
t_unit_dmarc_check_SOURCES = t/unit/dmarc-check.c
t_unit_dmarc_check_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_dmarc_check_LDADD = src/libamcore.la

# dmarcq: prints the dmarc result of one message; t/dmarc-discover.sh
# drives it against nsd.
check_PROGRAMS += t/dmarcq
t_dmarcq_SOURCES = t/dmarcq.c t/unfold.h
t_dmarcq_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
t_dmarcq_LDADD = src/libamcore.la

TESTS += t/dmarc-discover.sh
EXTRA_DIST += t/dmarc-discover.sh t/zones/dmarc/example.zone \
	t/zones/dmarc/psd.zone t/zones/dmarc/good.brokentld.zone \
	t/zones/dmarc/com.zone
