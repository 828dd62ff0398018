# src/dns: the resolver (in libamcore), its test client t/dnsq and tests.
src_libamcore_la_SOURCES += src/dns/dns.h src/dns/dns_int.h src/dns/dns.c \
	src/dns/dns_answer.c src/dns/dns_cache.c src/dns/dns_conf.c \
	src/dns/dns_stats.c src/dns/dns_stats.h \
	src/dns/dns_net.c src/dns/dns_wire.c

# dnsq: prints what the resolver answers; the shell tests drive it.
check_PROGRAMS += t/dnsq
t_dnsq_SOURCES = t/dnsq.c t/dnsopt.h
t_dnsq_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
t_dnsq_LDADD = src/libamcore.la

TESTS += t/dns-answers.sh t/dns-cache.sh t/dns-tcp-fallback.sh \
	t/dns-failures.sh t/dns-hostile-server.sh t/dns-ready.sh \
	t/dns-time.sh
EXTRA_DIST += t/dns-answers.sh t/dns-cache.sh t/dns-tcp-fallback.sh \
	t/dns-failures.sh t/dns-hostile-server.sh t/dns-ready.sh \
	t/dns-time.sh t/dns-hostile.py \
	t/zones/dns/dns.example.zone

check_PROGRAMS += t/unit/dns-wire
TESTS += t/unit/dns-wire
UNIT_TESTS += t/unit/dns-wire
t_unit_dns_wire_SOURCES = t/unit/dns-wire.c
t_unit_dns_wire_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_dns_wire_LDADD = src/libamcore.la

check_PROGRAMS += t/unit/dns-cache
TESTS += t/unit/dns-cache
UNIT_TESTS += t/unit/dns-cache
t_unit_dns_cache_SOURCES = t/unit/dns-cache.c
t_unit_dns_cache_CPPFLAGS = $(src_libamcore_la_CPPFLAGS) -I$(top_srcdir)/t
t_unit_dns_cache_LDADD = src/libamcore.la
