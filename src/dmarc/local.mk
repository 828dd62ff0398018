# src/dmarc: DMARC (RFC 9989) in libamcore, its unit tests, its test
# client t/dmarcq and the tests against nsd.
src_libamcore_la_SOURCES += src/dmarc/dmarc.h src/dmarc/dmarc_int.h \
	src/dmarc/dmarc_from.c src/dmarc/dmarc_record.c

check_PROGRAMS += t/unit/dmarc-from t/unit/dmarc-record
TESTS += t/unit/dmarc-from t/unit/dmarc-record
UNIT_TESTS += t/unit/dmarc-from t/unit/dmarc-record
t_unit_dmarc_from_SOURCES = t/unit/dmarc-from.c
t_unit_dmarc_from_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_dmarc_from_LDADD = src/libamcore.la
t_unit_dmarc_record_SOURCES = t/unit/dmarc-record.c
t_unit_dmarc_record_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_dmarc_record_LDADD = src/libamcore.la
