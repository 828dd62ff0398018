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
	src/authres/authres_json_result.c \
	src/authres/authres_json.h
authres_LDADD = src/authres/libauthres.la

# --- libauthres model, parser, registry and their unit tests ---
# (the parser's lexical level and the authserv-id scanner sit apart)
src_authres_libauthres_la_SOURCES += src/authres/authres_lex.c \
	src/authres/authres_lex.h src/authres/authres_ours.c \
	src/authres/authres_read.c src/authres/authres_append.c

AUTHRES_UNIT_TESTS = t/unit/authres-model t/unit/authres-parse \
	t/unit/authres-rfc-examples t/unit/authres-ours t/unit/authres-registry \
	t/unit/authres-providers t/unit/authres-append
check_PROGRAMS += $(AUTHRES_UNIT_TESTS)
TESTS += $(AUTHRES_UNIT_TESTS)
UNIT_TESTS += $(AUTHRES_UNIT_TESTS)
AUTHRES_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/authres \
	-I$(top_srcdir)/t
t_unit_authres_model_SOURCES = t/unit/authres-model.c
t_unit_authres_model_CPPFLAGS = $(AUTHRES_TEST_CPPFLAGS)
t_unit_authres_model_LDADD = src/authres/libauthres.la
t_unit_authres_parse_SOURCES = t/unit/authres-parse.c
t_unit_authres_parse_CPPFLAGS = $(AUTHRES_TEST_CPPFLAGS)
t_unit_authres_parse_LDADD = src/authres/libauthres.la
t_unit_authres_rfc_examples_SOURCES = t/unit/authres-rfc-examples.c
t_unit_authres_rfc_examples_CPPFLAGS = $(AUTHRES_TEST_CPPFLAGS)
t_unit_authres_rfc_examples_LDADD = src/authres/libauthres.la
t_unit_authres_ours_SOURCES = t/unit/authres-ours.c
t_unit_authres_ours_CPPFLAGS = $(AUTHRES_TEST_CPPFLAGS)
t_unit_authres_ours_LDADD = src/authres/libauthres.la
t_unit_authres_registry_SOURCES = t/unit/authres-registry.c
t_unit_authres_registry_CPPFLAGS = $(AUTHRES_TEST_CPPFLAGS)
t_unit_authres_registry_LDADD = src/authres/libauthres.la
t_unit_authres_providers_SOURCES = t/unit/authres-providers.c
t_unit_authres_providers_CPPFLAGS = $(AUTHRES_TEST_CPPFLAGS)
t_unit_authres_providers_LDADD = src/authres/libauthres.la
t_unit_authres_append_SOURCES = t/unit/authres-append.c
t_unit_authres_append_CPPFLAGS = $(AUTHRES_TEST_CPPFLAGS)
t_unit_authres_append_LDADD = src/authres/libauthres.la
EXTRA_DIST += t/data/authres/rfc-authres-examples.jsonl \
	t/data/authres-providers/fields.txt t/data/authres-providers/README.md

# --- formatter and authres command: unit test, command and install tests ---
check_PROGRAMS += t/unit/authres-format
TESTS += t/unit/authres-format t/authres-cli.sh t/libauthres-installed.sh
UNIT_TESTS += t/unit/authres-format
t_unit_authres_format_SOURCES = t/unit/authres-format.c
t_unit_authres_format_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/t
t_unit_authres_format_LDADD = src/authres/libauthres.la
EXTRA_DIST += t/authres-cli.sh t/libauthres-installed.sh
