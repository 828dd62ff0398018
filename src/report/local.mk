# src/report: the DMARC aggregate report store (RFC 9990), a small library
# the milter and authreport both link. report_schema.sql is the one source
# of the schema; the build turns it into a C string in report_schema.h.
noinst_LTLIBRARIES += src/report/libamreport.la
src_report_libamreport_la_SOURCES = src/report/report_store.h \
	src/report/report_store.c src/report/report_store_int.h \
	src/report/report_sqlite.c src/report/report_pg.c
nodist_src_report_libamreport_la_SOURCES = src/report/report_schema.h
src_report_libamreport_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_builddir)/src \
	$(LIBBSD_CFLAGS) $(SQLITE3_CFLAGS) $(LIBPQ_CFLAGS)
src_report_libamreport_la_LIBADD = $(LIBBSD_LIBS) $(SQLITE3_LIBS) $(LIBPQ_LIBS)
EXTRA_DIST += src/report/report_schema.sql
BUILT_SOURCES += src/report/report_schema.h
CLEANFILES += src/report/report_schema.h
# BUILT_SOURCES only helps "make all": the objects that include it say so
src/report/libamreport_la-report_store.lo \
src/report/libamreport_la-report_sqlite.lo \
src/report/libamreport_la-report_pg.lo: src/report/report_schema.h

# report_schema.h: each line of the .sql becomes one C string line
src/report/report_schema.h: $(srcdir)/src/report/report_schema.sql
	$(AM_V_GEN)$(MKDIR_P) src/report && { \
	echo '/* report_schema.h - generated from report_schema.sql; do not edit */'; \
	echo '#ifndef REPORT_SCHEMA_H'; echo '#define REPORT_SCHEMA_H'; \
	echo '#define REPORT_SCHEMA_SQL \'; \
	$(SED) -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/	/\\t/g' \
	    -e 's/^/	"/' -e 's/$$/\\n" \\/' $(srcdir)/src/report/report_schema.sql; \
	echo '	""'; echo '#endif'; } >$@.tmp && mv $@.tmp $@

check_PROGRAMS += t/unit/report-store
TESTS += t/unit/report-store
UNIT_TESTS += t/unit/report-store
t_unit_report_store_SOURCES = t/unit/report-store.c t/sqlite-query.h
t_unit_report_store_CPPFLAGS = $(src_report_libamreport_la_CPPFLAGS) \
	-I$(top_srcdir)/t
t_unit_report_store_LDADD = src/report/libamreport.la $(SQLITE3_LIBS)

# The queue and its writer thread log, so they live in libamcore.
src_libamcore_la_SOURCES += src/report/report_queue.h \
	src/report/report_queue.c src/report/report_queue_int.h \
	src/report/report_batch.c
src_libamcore_la_LIBADD += src/report/libamreport.la

check_PROGRAMS += t/unit/report-queue
TESTS += t/unit/report-queue
UNIT_TESTS += t/unit/report-queue
t_unit_report_queue_SOURCES = t/unit/report-queue.c t/sqlite-query.h
t_unit_report_queue_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) \
	$(SQLITE3_CFLAGS) -I$(top_srcdir)/t
t_unit_report_queue_LDADD = src/libamcore.la $(SQLITE3_LIBS)

TESTS += t/report-store.sh t/report-pg.sh
EXTRA_DIST += t/report-store.sh t/report-pg.sh
