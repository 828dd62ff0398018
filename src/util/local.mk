# src/util: build rules for this module (included by Makefile.am)
src_libamcore_la_SOURCES += src/util/log.c src/util/log.h

check_PROGRAMS += t/unit/log
TESTS += t/unit/log
UNIT_TESTS += t/unit/log
t_unit_log_SOURCES = t/unit/log.c
t_unit_log_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_log_LDADD = src/libamcore.la

# memtrim: malloc_trim after a burst of large mail (see memtrim.h)
src_libamcore_la_SOURCES += src/util/memtrim.c src/util/memtrim.h
check_PROGRAMS += t/unit/memtrim
TESTS += t/unit/memtrim
UNIT_TESTS += t/unit/memtrim
t_unit_memtrim_SOURCES = t/unit/memtrim.c
t_unit_memtrim_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_memtrim_LDADD = src/libamcore.la
