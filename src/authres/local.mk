# src/authres: libauthres (installed) and the authres command.
lib_LTLIBRARIES += src/authres/libauthres.la
include_HEADERS += src/authres/authres.h
pkgconfig_DATA += src/authres/libauthres.pc
dist_man_MANS += src/authres/authres.3 src/authres/authres.1

src_authres_libauthres_la_SOURCES = \
	src/authres/authres.c \
	src/authres/authres_text.c \
	src/authres/authres_parse.c \
	src/authres/authres_registry.c \
	src/authres/authres_format.c \
	src/authres/authres_int.h
# libc alone: no libbsd, no daemon header
src_authres_libauthres_la_CPPFLAGS = -I$(top_builddir)
src_authres_libauthres_la_LDFLAGS = $(AM_LDFLAGS) \
	-version-info $(LIBAUTHRES_VERSION_INFO) -no-undefined \
	-Wl,--version-script=$(srcdir)/src/authres/libauthres.map
EXTRA_src_authres_libauthres_la_DEPENDENCIES = src/authres/libauthres.map
EXTRA_DIST += src/authres/libauthres.map src/authres/libauthres.pc.in

bin_PROGRAMS += authres
authres_SOURCES = src/authres/authres_cli.c src/authres/authres_json.c \
	src/authres/authres_json.h
authres_LDADD = src/authres/libauthres.la

# --- libauthres model, parser, registry and their unit tests ---
# (the parser's lexical level and the authserv-id scanner sit apart)
src_authres_libauthres_la_SOURCES += src/authres/authres_lex.c \
	src/authres/authres_lex.h src/authres/authres_ours.c

# --- formatter and authres command: unit test, command and install tests ---
check_PROGRAMS += t/unit/authres-format
TESTS += t/unit/authres-format t/authres-cli.sh t/libauthres-installed.sh
UNIT_TESTS += t/unit/authres-format
t_unit_authres_format_SOURCES = t/unit/authres-format.c
t_unit_authres_format_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/t
t_unit_authres_format_LDADD = src/authres/libauthres.la
EXTRA_DIST += t/authres-cli.sh t/libauthres-installed.sh
