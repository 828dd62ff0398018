# bench: benchmarks, built by make (noinst), never run by make check.
noinst_PROGRAMS += bench/authres-bench
bench_authres_bench_SOURCES = bench/authres-bench.c
bench_authres_bench_LDADD = src/authres/libauthres.la
EXTRA_DIST += bench/README.md bench/run-authres.sh bench/authres-python.py \
	bench/data/authres-corpus.txt

# DKIM verification rate (bench/run-dkim.sh runs it against nsd).
noinst_PROGRAMS += bench/dkim-bench
bench_dkim_bench_SOURCES = bench/dkim-bench.c
bench_dkim_bench_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
bench_dkim_bench_LDADD = src/libamcore.la
EXTRA_DIST += bench/run-dkim.sh

# Resolver throughput and cache hit rate (bench/run-dns.sh runs it
# against nsd).
noinst_PROGRAMS += bench/dns-bench
bench_dns_bench_SOURCES = bench/dns-bench.c
bench_dns_bench_CPPFLAGS = $(src_libamcore_la_CPPFLAGS)
bench_dns_bench_LDADD = src/libamcore.la -lm
EXTRA_DIST += bench/run-dns.sh

# Milter load client and the peer comparison (bench/run-peers.sh runs
# authmilter and opendkim through it in a network namespace).
noinst_PROGRAMS += bench/milterload
bench_milterload_SOURCES = bench/milterload.c bench/milterload-proto.c \
	bench/milterload.h
bench_milterload_LDADD = -lpthread
EXTRA_DIST += bench/run-peers.sh bench/make-corpus.py bench/dns-delay.py \
	bench/ops-overhead.sh \
	bench/run-dmarc-peers.sh bench/run-report.sh bench/run-authreport.sh

# bench/burst-rss.sh: RSS before and after a burst of huge mail (not in
# make check: it sends a 50 MB body)
EXTRA_DIST += bench/burst-rss.sh
