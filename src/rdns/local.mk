# src/rdns: iprev (in libamcore), its test client t/iprevq and tests.
src_libamcore_la_SOURCES += src/rdns/rdns.h src/rdns/rdns.c

# iprevq: prints the iprev result for addresses; t/iprev.sh drives it.
check_PROGRAMS += t/iprevq
t_iprevq_SOURCES = t/iprevq.c t/dnsopt.h t/unfold.h
t_iprevq_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
t_iprevq_LDADD = src/libamcore.la

TESTS += t/iprev.sh
EXTRA_DIST += t/iprev.sh t/zones/iprev/iprev.example.zone \
	t/zones/iprev/2.0.192.in-addr.arpa.zone \
	t/zones/iprev/8.b.d.0.1.0.0.2.ip6.arpa.zone
