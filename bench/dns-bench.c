/*
 * dns-bench.c - resolver throughput against a DNS server (nsd on loopback,
 * see run-dns.sh): uncached lookups one at a time and many in flight,
 * cached lookups, and the cache hit rate on a workload of repeated senders
 * (lookups drawn Zipf-like from a set of names, as mail from a few big
 * senders and many small ones). Names are h0..h<N-1>.<zone>, type A.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dns/dns.h"

#define BENCH_MAX_FLIGHT 64

struct bench {
	const char *servers, *zone;
	unsigned names, lookups, threads, flight;
	double zipf_s;
	double *cdf; /* Zipf cumulative distribution over the names */
};

struct worker {
	struct bench *b;
	struct dns_resolver *r;
	unsigned n, seed;
	bool zipf;
	unsigned long errors;
	pthread_t tid;
};

/* now_s - monotonic seconds */
static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* pick - name index: i-th in turn, or Zipf-drawn */
static unsigned
pick(const struct worker *w, unsigned i)
{
	double u;
	unsigned lo = 0, hi = w->b->names - 1, mid;

	if (!w->zipf)
		return (w->seed + i) % w->b->names;
	u = (double)arc4random() / 4294967296.0;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (w->b->cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* work - n lookups, up to flight of them started before being joined */
static void *
work(void *arg)
{
	struct dns_query *q[BENCH_MAX_FLIGHT];
	struct worker *w = arg;
	struct dns_answer *a;
	char name[256];
	unsigned i, j, k;

	for (i = 0; i < w->n; i += k) {
		for (k = 0; k < w->b->flight && i + k < w->n; k++) {
			snprintf(name, sizeof(name), "h%u.%s", pick(w, i + k),
			    w->b->zone);
			q[k] = dns_query_start(w->r, name, DNS_T_A);
		}
		for (j = 0; j < k; j++) {
			a = dns_query_join(q[j]);
			if (a->status != DNS_OK)
				w->errors++;
			dns_answer_free(a);
		}
	}
	return NULL;
}

/* phase - run n lookups over the threads and print the rate */
static void
phase(struct bench *b, const char *label, bool cache, bool warm, bool zipf,
    unsigned flight)
{
	struct dns_config cfg = { 0 };
	struct worker w[64], one = { 0 };
	struct dns_resolver *r;
	struct dns_stats st0, st;
	unsigned long errors = 0;
	double t0, dt, hits;
	char err[256];
	unsigned i;

	cfg.nameservers = b->servers;
	cfg.cache_disabled = !cache;
	cfg.cache_entries = b->names * 2;
	if ((r = dns_resolver_new(&cfg, err, sizeof(err))) == NULL) {
		fprintf(stderr, "dns-bench: %s\n", err);
		exit(1);
	}
	if (warm) {
		one.b = b;
		one.r = r;
		one.n = b->names;
		work(&one);
	}
	b->flight = flight;
	dns_get_stats(r, &st0);
	t0 = now_s();
	for (i = 0; i < b->threads; i++) {
		w[i] = (struct worker){ .b = b,
			.r = r,
			.zipf = zipf,
			.n = b->lookups / b->threads,
			.seed = i * 7919 };
		pthread_create(&w[i].tid, NULL, work, &w[i]);
	}
	for (i = 0; i < b->threads; i++) {
		pthread_join(w[i].tid, NULL);
		errors += w[i].errors;
	}
	dt = now_s() - t0;
	dns_get_stats(r, &st);
	hits = (double)(st.cache_hits - st0.cache_hits);
	printf("%-34s %8u lookups %7.3f s %9.0f/s  sent %6lu  hit rate %5.1f%%"
	       "  errors %lu\n",
	    label, b->lookups / b->threads * b->threads, dt,
	    (double)(b->lookups / b->threads * b->threads) / dt,
	    st.queries - st0.queries,
	    cache
	        ? 100.0 * hits / (double)(b->lookups / b->threads * b->threads)
	        : 0.0,
	    errors);
	dns_resolver_free(r);
}

/* zipf_cdf - P(rank <= k) for ranks 1..n with exponent s */
static double *
zipf_cdf(unsigned n, double s)
{
	double *cdf = calloc(n, sizeof(*cdf)), sum = 0;
	unsigned k;

	if (cdf == NULL)
		return NULL;
	for (k = 0; k < n; k++)
		sum += 1.0 / pow((double)k + 1, s);
	for (k = 0; k < n; k++)
		cdf[k] =
		    (k ? cdf[k - 1] : 0) + 1.0 / pow((double)k + 1, s) / sum;
	cdf[n - 1] = 1.0;
	return cdf;
}

int
main(int argc, char **argv)
{
	struct bench b = { .servers = NULL,
		.zone = "bench.example",
		.names = 1000,
		.lookups = 10000,
		.threads = 1,
		.zipf_s = 1.0 };
	const char *errstr = NULL;
	unsigned flight = 16;
	int ch;

	while ((ch = getopt(argc, argv, "f:j:n:N:s:z:Z:")) != -1) {
		switch (ch) {
		case 'f':
			flight = (unsigned)strtonum(
			    optarg, 1, BENCH_MAX_FLIGHT, &errstr);
			break;
		case 'j':
			b.threads = (unsigned)strtonum(optarg, 1, 64, &errstr);
			break;
		case 'n':
			b.lookups =
			    (unsigned)strtonum(optarg, 1, 10000000, &errstr);
			break;
		case 'N':
			b.names =
			    (unsigned)strtonum(optarg, 1, 1000000, &errstr);
			break;
		case 's':
			b.servers = optarg;
			break;
		case 'z':
			b.zone = optarg;
			break;
		case 'Z':
			b.zipf_s = strtod(optarg, NULL);
			break;
		default:
			errstr = "unknown option";
		}
		if (errstr != NULL) {
			fprintf(stderr,
			    "usage: dns-bench -s ADDR@PORT [-f in-flight] "
			    "[-j threads] [-n lookups] [-N names] "
			    "[-z zone] [-Z zipf-s]\n");
			return 1;
		}
	}
	if ((b.cdf = zipf_cdf(b.names, b.zipf_s)) == NULL)
		return 1;
	printf("dns-bench: %u names, %u lookups, %u thread(s), server %s\n",
	    b.names, b.lookups, b.threads,
	    b.servers ? b.servers : "resolv.conf");
	phase(&b, "uncached, 1 in flight", false, false, false, 1);
	phase(&b, "uncached, -f in flight per thread", false, false, false,
	    flight);
	phase(&b, "cached (all names warm)", true, true, false, 1);
	phase(&b, "zipf senders, cold cache", true, false, true, 1);
	free(b.cdf);
	return 0;
}
