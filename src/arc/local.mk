# src/arc: ARC (RFC 8617) verification in libamcore, its unit tests, the
# conformance suite runner and the hostile-chain tests.
src_libamcore_la_SOURCES += src/arc/arc.h src/arc/arc_int.h \
	src/arc/arc_check_int.h
src_libamcore_la_SOURCES += src/arc/arc_tags.c src/arc/arc_hash.c \
	src/arc/arc_key.c src/arc/arc_chain.c src/arc/arc_check.c \
	src/arc/arc_result.c src/arc/arc_verify.c
# The sealer's key (sealing, RFC 8617 5.1) and its signatures.
src_libamcore_la_SOURCES += src/arc/arc_seal_key.c src/arc/arc_seal.c \
	src/arc/arc_sealer.c

# arcq: prints the arc result of message files; t/arc-suite.sh and
# t/arc-hostile.sh drive it against nsd.
check_PROGRAMS += t/arcq
t_arcq_SOURCES = t/arcq.c t/unfold.h
t_arcq_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
t_arcq_LDADD = src/libamcore.la

TESTS += t/arc-suite.sh
EXTRA_DIST += t/arc-suite.sh t/arc-suite-gen.py t/arc-suite.todo \
	t/data/arc/README t/data/arc/LICENSE.txt \
	t/data/arc/arc-draft-validation-tests.yml \
	t/data/arc/arc-draft-sign-tests.yml

check_PROGRAMS += t/unit/arc-parse
TESTS += t/unit/arc-parse
UNIT_TESTS += t/unit/arc-parse
t_unit_arc_parse_SOURCES = t/unit/arc-parse.c
t_unit_arc_parse_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_arc_parse_LDADD = src/libamcore.la

check_PROGRAMS += t/unit/arc-hostile
TESTS += t/unit/arc-hostile
UNIT_TESTS += t/unit/arc-hostile
t_unit_arc_hostile_SOURCES = t/unit/arc-hostile.c
t_unit_arc_hostile_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_arc_hostile_LDADD = src/libamcore.la

# ARC chains sealed by python3-dkim, checked by both.
TESTS += t/arc-interop.sh t/arc-override.sh t/arc-seal.sh \
	t/arc-sign-suite.sh
EXTRA_DIST += t/arc-interop.sh t/arc-interop.py t/arc-override.sh \
	t/arc-seal.sh t/arc-sign-suite.sh t/arc-sign-suite.py

check_PROGRAMS += t/unit/arc-sealkey
TESTS += t/unit/arc-sealkey
UNIT_TESTS += t/unit/arc-sealkey
t_unit_arc_sealkey_SOURCES = t/unit/arc-sealkey.c
t_unit_arc_sealkey_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_arc_sealkey_LDADD = src/libamcore.la $(CRYPTO_LIBS)
