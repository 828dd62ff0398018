# fuzz: libFuzzer targets for every parser of outside input.
# The targets are always built as plain programs over fuzz/replay.c, and
# t/fuzz-replay.sh runs them on their seed corpora in make check; with
# --enable-fuzzing (CC=clang) they are also built as libFuzzer binaries
# with the library compiled in, so that it is instrumented too.
FUZZ_AUTHRES_SOURCES = $(src_authres_libauthres_la_SOURCES)

check_PROGRAMS += fuzz/replay-authres-parse fuzz/replay-authres-roundtrip
fuzz_replay_authres_parse_SOURCES = fuzz/fuzz-authres-parse.c fuzz/replay.c
fuzz_replay_authres_parse_LDADD = src/authres/libauthres.la
fuzz_replay_authres_roundtrip_SOURCES = fuzz/fuzz-authres-roundtrip.c \
	fuzz/replay.c
fuzz_replay_authres_roundtrip_LDADD = src/authres/libauthres.la
check_PROGRAMS += fuzz/replay-authres-json
fuzz_replay_authres_json_SOURCES = fuzz/fuzz-authres-json.c \
	src/authres/authres_json.c fuzz/replay.c

TESTS += t/fuzz-replay.sh
EXTRA_DIST += t/fuzz-replay.sh fuzz/corpus

if FUZZING
FUZZ_FLAGS = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
noinst_PROGRAMS += fuzz/fuzz-authres-parse fuzz/fuzz-authres-roundtrip
fuzz_fuzz_authres_parse_SOURCES = fuzz/fuzz-authres-parse.c \
	$(FUZZ_AUTHRES_SOURCES)
fuzz_fuzz_authres_parse_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/src/authres
fuzz_fuzz_authres_parse_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_authres_parse_LDFLAGS = $(FUZZ_FLAGS)
fuzz_fuzz_authres_roundtrip_SOURCES = fuzz/fuzz-authres-roundtrip.c \
	$(FUZZ_AUTHRES_SOURCES)
fuzz_fuzz_authres_roundtrip_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/src/authres
fuzz_fuzz_authres_roundtrip_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_authres_roundtrip_LDFLAGS = $(FUZZ_FLAGS)
noinst_PROGRAMS += fuzz/fuzz-authres-json
fuzz_fuzz_authres_json_SOURCES = fuzz/fuzz-authres-json.c \
	src/authres/authres_json.c
fuzz_fuzz_authres_json_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_authres_json_LDFLAGS = $(FUZZ_FLAGS)
endif

# policy: the SMTP reply builder and the PolicyRule parser (src/policy).
check_PROGRAMS += fuzz/replay-policy-reply fuzz/replay-policy-rule
fuzz_replay_policy_reply_SOURCES = fuzz/fuzz-policy-reply.c fuzz/replay.c
fuzz_replay_policy_reply_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_replay_policy_reply_LDADD = src/libamcore.la
fuzz_replay_policy_rule_SOURCES = fuzz/fuzz-policy-rule.c fuzz/replay.c
fuzz_replay_policy_rule_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_replay_policy_rule_LDADD = src/libamcore.la

if FUZZING
FUZZ_POLICY_SOURCES = src/policy/policy.c src/policy/policy_rule.c \
	src/policy/policy_reply.c $(FUZZ_AUTHRES_SOURCES)
noinst_PROGRAMS += fuzz/fuzz-policy-reply fuzz/fuzz-policy-rule
fuzz_fuzz_policy_reply_SOURCES = fuzz/fuzz-policy-reply.c \
	$(FUZZ_POLICY_SOURCES)
fuzz_fuzz_policy_reply_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/src/authres \
	$(LIBBSD_CFLAGS)
fuzz_fuzz_policy_reply_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_policy_reply_LDFLAGS = $(FUZZ_FLAGS)
fuzz_fuzz_policy_reply_LDADD = $(LIBBSD_LIBS)
fuzz_fuzz_policy_rule_SOURCES = fuzz/fuzz-policy-rule.c \
	$(FUZZ_POLICY_SOURCES)
fuzz_fuzz_policy_rule_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/src/authres \
	$(LIBBSD_CFLAGS)
fuzz_fuzz_policy_rule_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_policy_rule_LDFLAGS = $(FUZZ_FLAGS)
fuzz_fuzz_policy_rule_LDADD = $(LIBBSD_LIBS)
endif

# dns-answer: the resolver's packet parser (src/dns, dns_wire_parse);
# session: the session core fed arbitrary event sequences, its DNS sent
# to a closed loopback port. Their fuzz builds compile every libamcore
# source in, so the checks, policy and resolver are instrumented too.
check_PROGRAMS += fuzz/replay-dns-answer fuzz/replay-session
fuzz_replay_dns_answer_SOURCES = fuzz/fuzz-dns-answer.c fuzz/replay.c
fuzz_replay_dns_answer_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_replay_dns_answer_LDADD = src/libamcore.la $(LDNS_LIBS)
fuzz_replay_session_SOURCES = fuzz/fuzz-session.c fuzz/replay.c
fuzz_replay_session_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_replay_session_LDADD = src/libamcore.la

if FUZZING
FUZZ_CORE_LIBS = $(LIBBSD_LIBS) $(LDNS_LIBS) $(OPENDKIM_LIBS) $(SPF2_LIBS) \
	$(IDN2_LIBS) $(PSL_LIBS) \
	$(PTHREAD_LIBS)
noinst_PROGRAMS += fuzz/fuzz-dns-answer fuzz/fuzz-session
fuzz_fuzz_dns_answer_SOURCES = fuzz/fuzz-dns-answer.c src/dns/dns_wire.c \
	src/dns/dns_answer.c src/dns/dns_cache.c
fuzz_fuzz_dns_answer_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_fuzz_dns_answer_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_dns_answer_LDFLAGS = $(FUZZ_FLAGS)
fuzz_fuzz_dns_answer_LDADD = $(FUZZ_CORE_LIBS)
fuzz_fuzz_session_SOURCES = fuzz/fuzz-session.c \
	$(src_libamcore_la_SOURCES) $(FUZZ_AUTHRES_SOURCES)
fuzz_fuzz_session_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) \
	-I$(srcdir)/src/authres
fuzz_fuzz_session_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_session_LDFLAGS = $(FUZZ_FLAGS)
fuzz_fuzz_session_LDADD = $(FUZZ_CORE_LIBS)
endif

# dmarc: the From field parser and the record parser (src/dmarc).
check_PROGRAMS += fuzz/replay-dmarc-from
fuzz_replay_dmarc_from_SOURCES = fuzz/fuzz-dmarc-from.c fuzz/replay.c
fuzz_replay_dmarc_from_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_replay_dmarc_from_LDADD = src/libamcore.la

if FUZZING
noinst_PROGRAMS += fuzz/fuzz-dmarc-from
fuzz_fuzz_dmarc_from_SOURCES = fuzz/fuzz-dmarc-from.c src/dmarc/dmarc_from.c
fuzz_fuzz_dmarc_from_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_fuzz_dmarc_from_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_dmarc_from_LDFLAGS = $(FUZZ_FLAGS)
fuzz_fuzz_dmarc_from_LDADD = $(LIBBSD_LIBS) $(IDN2_LIBS)
endif
check_PROGRAMS += fuzz/replay-dmarc-record
fuzz_replay_dmarc_record_SOURCES = fuzz/fuzz-dmarc-record.c fuzz/replay.c
fuzz_replay_dmarc_record_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_replay_dmarc_record_LDADD = src/libamcore.la

if FUZZING
noinst_PROGRAMS += fuzz/fuzz-dmarc-record
fuzz_fuzz_dmarc_record_SOURCES = fuzz/fuzz-dmarc-record.c \
	src/dmarc/dmarc_record.c
fuzz_fuzz_dmarc_record_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_fuzz_dmarc_record_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_dmarc_record_LDFLAGS = $(FUZZ_FLAGS)
fuzz_fuzz_dmarc_record_LDADD = $(LIBBSD_LIBS)
endif

# arc: the tag-list and key record parser, and chain grouping (src/arc).
check_PROGRAMS += fuzz/replay-arc-tags fuzz/replay-arc-chain
fuzz_replay_arc_tags_SOURCES = fuzz/fuzz-arc-tags.c fuzz/replay.c
fuzz_replay_arc_tags_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_replay_arc_tags_LDADD = src/libamcore.la
fuzz_replay_arc_chain_SOURCES = fuzz/fuzz-arc-chain.c fuzz/replay.c
fuzz_replay_arc_chain_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_replay_arc_chain_LDADD = src/libamcore.la
if FUZZING
FUZZ_ARC_SOURCES = src/arc/arc_tags.c src/arc/arc_hash.c src/arc/arc_key.c \
	src/arc/arc_chain.c
noinst_PROGRAMS += fuzz/fuzz-arc-tags fuzz/fuzz-arc-chain
fuzz_fuzz_arc_tags_SOURCES = fuzz/fuzz-arc-tags.c $(FUZZ_ARC_SOURCES)
fuzz_fuzz_arc_tags_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_fuzz_arc_tags_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_arc_tags_LDFLAGS = $(FUZZ_FLAGS)
fuzz_fuzz_arc_tags_LDADD = $(LIBBSD_LIBS) $(CRYPTO_LIBS)
fuzz_fuzz_arc_chain_SOURCES = fuzz/fuzz-arc-chain.c $(FUZZ_ARC_SOURCES)
fuzz_fuzz_arc_chain_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_fuzz_arc_chain_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_arc_chain_LDFLAGS = $(FUZZ_FLAGS)
fuzz_fuzz_arc_chain_LDADD = $(LIBBSD_LIBS) $(CRYPTO_LIBS)
endif

# report: DSNs piped to authreport --bounce, rua= values and report XML
# text (src/report).
check_PROGRAMS += fuzz/replay-report-bounce fuzz/replay-report-rua
fuzz_replay_report_bounce_SOURCES = fuzz/fuzz-report-bounce.c fuzz/replay.c
fuzz_replay_report_bounce_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_replay_report_bounce_LDADD = src/libamcore.la
fuzz_replay_report_rua_SOURCES = fuzz/fuzz-report-rua.c fuzz/replay.c
fuzz_replay_report_rua_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_replay_report_rua_LDADD = src/libamcore.la
if FUZZING
noinst_PROGRAMS += fuzz/fuzz-report-bounce fuzz/fuzz-report-rua
fuzz_fuzz_report_bounce_SOURCES = fuzz/fuzz-report-bounce.c \
	src/report/report_bounce.c
fuzz_fuzz_report_bounce_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_fuzz_report_bounce_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_report_bounce_LDFLAGS = $(FUZZ_FLAGS)
fuzz_fuzz_report_bounce_LDADD = $(LIBBSD_LIBS)
fuzz_fuzz_report_rua_SOURCES = fuzz/fuzz-report-rua.c \
	src/report/report_rua.c src/report/report_xml.c src/util/utf8.c
fuzz_fuzz_report_rua_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
fuzz_fuzz_report_rua_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_fuzz_report_rua_LDFLAGS = $(FUZZ_FLAGS)
fuzz_fuzz_report_rua_LDADD = $(LIBBSD_LIBS)
endif
