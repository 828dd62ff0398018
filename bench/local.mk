# bench: benchmarks, built by make (noinst), never run by make check.
noinst_PROGRAMS += bench/authres-bench
bench_authres_bench_SOURCES = bench/authres-bench.c
bench_authres_bench_LDADD = src/authres/libauthres.la
EXTRA_DIST += bench/README.md bench/run-authres.sh bench/authres-python.py \
	bench/data/authres-corpus.txt
