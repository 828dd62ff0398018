# src/util: build rules for this module (included by Makefile.am)
src_libamcore_la_SOURCES += src/util/log.c src/util/log.h \
	src/util/domain.c src/util/domain.h \
	src/util/smtpid.c src/util/smtpid.h \
	src/util/utf8.c src/util/utf8.h \
	src/util/notify.c src/util/notify.h

check_PROGRAMS += t/unit/log
TESTS += t/unit/log
UNIT_TESTS += t/unit/log
t_unit_log_SOURCES = t/unit/log.c
t_unit_log_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_log_LDADD = src/libamcore.la

check_PROGRAMS += t/unit/domain
TESTS += t/unit/domain
UNIT_TESTS += t/unit/domain
t_unit_domain_SOURCES = t/unit/domain.c
t_unit_domain_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_domain_LDADD = src/libamcore.la
check_PROGRAMS += t/unit/smtpid
TESTS += t/unit/smtpid
UNIT_TESTS += t/unit/smtpid
t_unit_smtpid_SOURCES = t/unit/smtpid.c
t_unit_smtpid_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_smtpid_LDADD = src/libamcore.la
# memtrim: malloc_trim after a burst of large mail (see memtrim.h)
src_libamcore_la_SOURCES += src/util/memtrim.c src/util/memtrim.h
check_PROGRAMS += t/unit/memtrim
TESTS += t/unit/memtrim
UNIT_TESTS += t/unit/memtrim
t_unit_memtrim_SOURCES = t/unit/memtrim.c
t_unit_memtrim_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_memtrim_LDADD = src/libamcore.la

# ipaddr: a client address as text, read one way everywhere
src_libamcore_la_SOURCES += src/util/ipaddr.c src/util/ipaddr.h
check_PROGRAMS += t/unit/ipaddr
TESTS += t/unit/ipaddr
UNIT_TESTS += t/unit/ipaddr
t_unit_ipaddr_SOURCES = t/unit/ipaddr.c
t_unit_ipaddr_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_ipaddr_LDADD = src/libamcore.la

# msgfile: a message in memory as header fields and body
src_libamcore_la_SOURCES += src/util/msgfile.c src/util/msgfile.h
check_PROGRAMS += t/unit/msgfile
TESTS += t/unit/msgfile
UNIT_TESTS += t/unit/msgfile
t_unit_msgfile_SOURCES = t/unit/msgfile.c
t_unit_msgfile_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_msgfile_LDADD = src/libamcore.la
