# src/report (sending side): rua= parsing and XML escaping for authreport
# in libamcore, and their unit test.
src_libamcore_la_SOURCES += src/report/report_rua.h src/report/report_rua.c \
	src/report/report_xml.h src/report/report_xml.c

check_PROGRAMS += t/unit/report-rua
TESTS += t/unit/report-rua
UNIT_TESTS += t/unit/report-rua
t_unit_report_rua_SOURCES = t/unit/report-rua.c
t_unit_report_rua_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_report_rua_LDADD = src/libamcore.la

src_libamcore_la_SOURCES += src/report/report_mime.h src/report/report_mime.c
check_PROGRAMS += t/unit/report-mime
TESTS += t/unit/report-mime
UNIT_TESTS += t/unit/report-mime
t_unit_report_mime_SOURCES = t/unit/report-mime.c
t_unit_report_mime_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_report_mime_LDADD = src/libamcore.la

src_libamcore_la_SOURCES += src/report/report_record.h \
	src/report/report_record.c
check_PROGRAMS += t/unit/report-record
TESTS += t/unit/report-record
UNIT_TESTS += t/unit/report-record
t_unit_report_record_SOURCES = t/unit/report-record.c
t_unit_report_record_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_report_record_LDADD = src/libamcore.la

src_libamcore_la_SOURCES += src/report/report_gzip.h src/report/report_gzip.c
src_libamcore_la_CPPFLAGS += $(ZLIB_CFLAGS)
src_libamcore_la_LIBADD += $(ZLIB_LIBS)
check_PROGRAMS += t/unit/report-gzip
TESTS += t/unit/report-gzip
UNIT_TESTS += t/unit/report-gzip
t_unit_report_gzip_SOURCES = t/unit/report-gzip.c
t_unit_report_gzip_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_report_gzip_LDADD = src/libamcore.la $(ZLIB_LIBS)

# DSNs about report mail (authreport --bounce), in libamcore for its test
src_libamcore_la_SOURCES += src/report/report_bounce.h \
	src/report/report_bounce.c
check_PROGRAMS += t/unit/report-bounce
TESTS += t/unit/report-bounce
UNIT_TESTS += t/unit/report-bounce
t_unit_report_bounce_SOURCES = t/unit/report-bounce.c
t_unit_report_bounce_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_report_bounce_LDADD = src/libamcore.la

# authreport: builds the aggregate reports from the store
bin_PROGRAMS += authreport
authreport_SOURCES = src/report/authreport.c src/report/report_query.h \
	src/report/report_doc.h src/report/report_doc.c \
	src/report/report_dest.h src/report/report_dest.c \
	src/report/report_verify.h src/report/report_verify.c \
	src/report/report_opt.h src/report/report_opt.c \
	src/report/report_query.c src/report/report_sendmail.h \
	src/report/report_sendmail.c
authreport_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) $(PSL_CFLAGS)
authreport_LDADD = src/libamcore.la $(PSL_LIBS)
TESTS += t/authreport.sh t/authreport-mail.sh
EXTRA_DIST += t/authreport.sh t/authreport-mail.sh t/data/dmarc-2.0.xsd \
	t/zones/report/thirdparty.example.zone
dist_man_MANS += src/report/authreport.1
