# src/conf: the configuration file reader (included by Makefile.am)
src_libamcore_la_SOURCES += src/conf/conf.c src/conf/conf_keys.c \
	src/conf/conf_value.c src/conf/conf.h src/conf/conf_int.h

check_PROGRAMS += t/unit/conf
TESTS += t/unit/conf
UNIT_TESTS += t/unit/conf
t_unit_conf_SOURCES = t/unit/conf.c
t_unit_conf_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_conf_LDADD = src/libamcore.la
