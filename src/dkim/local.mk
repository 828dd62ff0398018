# src/dkim: DKIM verification (in libamcore), its test driver and tests.
src_libamcore_la_SOURCES += src/dkim/dkim_check.h src/dkim/dkim_int.h \
	src/dkim/dkim_check.c src/dkim/dkim_dns.c src/dkim/dkim_result.c \
	src/dkim/dkim_body.c src/dkim/dkim_syntax.c

# dkim-check-file: feeds a message file through dkim_check_* in chunks and
# prints one line per result; t/dkim-verify.sh drives it.
check_PROGRAMS += t/dkim-check-file
t_dkim_check_file_SOURCES = t/dkim-check-file.c
t_dkim_check_file_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
t_dkim_check_file_LDADD = src/libamcore.la

check_PROGRAMS += t/unit/dkim-body
TESTS += t/unit/dkim-body
UNIT_TESTS += t/unit/dkim-body
t_unit_dkim_body_SOURCES = t/unit/dkim-body.c
t_unit_dkim_body_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_dkim_body_LDADD = src/libamcore.la

TESTS += t/dkim-verify.sh t/dkim-hostile.sh t/dkim-bprefix.sh
EXTRA_DIST += src/dkim/README t/dkim-verify.sh t/dkim-hostile.sh \
	t/dkim-bprefix.sh t/data/dkim/.gitattributes \
	t/data/dkim/make-corpus.py t/data/dkim/expected.jsonl \
	t/data/dkim/keys.txt t/data/dkim/rfc6376-appendix-A2-signed.eml \
	t/data/dkim/rfc6376-appendix-A3-verified.eml \
	t/data/dkim/rfc6376-brisbane-rsa.private \
	t/data/dkim/rfc8463-appendix-A3-signed.eml \
	t/data/dkim/rfc8463-brisbane-ed25519.private \
	t/data/dkim/rfc8463-test-rsa.private \
	t/data/dkim/corpus/keys/ed.seed t/data/dkim/corpus/keys/s1024.private \
	t/data/dkim/corpus/keys/s2048.private \
	t/data/dkim/corpus/keys/weak512.private \
	t/zones/dkim/attacker.example.zone \
	t/zones/dkim/example.com.zone t/zones/dkim/football.example.com.zone \
	t/zones/dkim/signer.example.zone
EXTRA_DIST += \
	t/data/dkim/corpus/body-modified.eml \
	t/data/dkim/corpus/d-not-a-domain.eml \
	t/data/dkim/corpus/header-modified.eml \
	t/data/dkim/corpus/key-absent.eml \
	t/data/dkim/corpus/key-malformed.eml \
	t/data/dkim/corpus/key-revoked.eml \
	t/data/dkim/corpus/key-servfail.eml \
	t/data/dkim/corpus/length-partial.eml \
	t/data/dkim/corpus/length-whole-body.eml \
	t/data/dkim/corpus/lf-only.eml \
	t/data/dkim/corpus/pass-ed25519.eml \
	t/data/dkim/corpus/pass-relaxed-relaxed.eml \
	t/data/dkim/corpus/pass-relaxed-simple.eml \
	t/data/dkim/corpus/pass-rsa1024.eml \
	t/data/dkim/corpus/pass-simple-simple.eml \
	t/data/dkim/corpus/rsa-sha1.eml \
	t/data/dkim/corpus/same-sig-twice.eml \
	t/data/dkim/corpus/seven-sigs.eml \
	t/data/dkim/corpus/sig-expired.eml \
	t/data/dkim/corpus/sig-future.eml \
	t/data/dkim/corpus/two-sigs-pass-fail.eml \
	t/data/dkim/corpus/unsigned.eml \
	t/data/dkim/corpus/weak-key-512.eml
