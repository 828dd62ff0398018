/*
 * dns_stats.c - the resolver's counters: each lookup that went to the
 * network is counted once, when it finishes, by type and outcome, with
 * its latency from the first send; snapshots for dns_get_stats().
 */
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "dns/dns.h"
#include "dns/dns_int.h"

/* Bounds of the Prometheus-style latency buckets, in milliseconds: from a
 * cache next door to a server at the end of DNSTimeout. */
const unsigned dns_stat_bucket_ms[DNS_STAT_NBUCKETS] = { 1, 2, 5, 10, 25, 50,
	100, 250, 500, 1000, 2500, 5000 };

static const char *const dns_stat_type_names[DNS_STAT_NTYPES] = { "A", "AAAA",
	"MX", "TXT", "PTR", "other" };
static const char *const dns_stat_outcome_names[DNS_STAT_NOUTCOMES] = {
	"answer", "nxdomain", "nodata", "timeout", "servfail", "error"
};

/* dns_stat_type_of - the counted type of a query type */
enum dns_stat_type
dns_stat_type_of(enum dns_type t)
{
	switch (t) {
	case DNS_T_A:
		return DNS_STAT_A;
	case DNS_T_AAAA:
		return DNS_STAT_AAAA;
	case DNS_T_MX:
		return DNS_STAT_MX;
	case DNS_T_TXT:
		return DNS_STAT_TXT;
	case DNS_T_PTR:
		return DNS_STAT_PTR;
	default:
		return DNS_STAT_OTHER;
	}
}

/* dns_stat_type_name - the label of a counted type */
const char *
dns_stat_type_name(enum dns_stat_type t)
{
	return t < DNS_STAT_NTYPES ? dns_stat_type_names[t] : "other";
}

/* dns_stat_outcome_name - the label of an outcome */
const char *
dns_stat_outcome_name(enum dns_stat_outcome o)
{
	return o < DNS_STAT_NOUTCOMES ? dns_stat_outcome_names[o] : "error";
}

/* dns_stats_lookup - count one finished lookup */
void
dns_stats_lookup(struct dns_resolver *r, enum dns_type type,
    enum dns_stat_outcome o, uint64_t elapsed_us)
{
	enum dns_stat_type t = dns_stat_type_of(type);
	size_t b;

	for (b = 0; b < DNS_STAT_NBUCKETS; b++)
		if (elapsed_us <= (uint64_t)dns_stat_bucket_ms[b] * 1000)
			break;
	atomic_fetch_add_explicit(&r->lookups[t][o], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&r->latency[t][b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(
	    &r->latency_sum_us[t], elapsed_us, memory_order_relaxed);
}

/* dns_get_stats - a snapshot of the counters (each read atomic; the set
 * may be slightly stale against itself) */
void
dns_get_stats(struct dns_resolver *r, struct dns_stats *out)
{
	size_t t, i;

	memset(out, 0, sizeof(*out));
	out->queries = atomic_load(&r->queries);
	out->cache_hits = atomic_load(&r->cache_hits);
	out->cache_misses = atomic_load(&r->cache_misses);
	out->timeouts = atomic_load(&r->timeouts);
	out->tcp_retries = atomic_load(&r->tcp_retries);
	out->cache_size = r->cache ? dns_cache_size(r->cache) : 0;
	for (t = 0; t < DNS_STAT_NTYPES; t++) {
		for (i = 0; i < DNS_STAT_NOUTCOMES; i++)
			out->lookups[t][i] = atomic_load_explicit(
			    &r->lookups[t][i], memory_order_relaxed);
		for (i = 0; i <= DNS_STAT_NBUCKETS; i++)
			out->latency[t][i] = atomic_load_explicit(
			    &r->latency[t][i], memory_order_relaxed);
		out->truncated[t] = atomic_load_explicit(
		    &r->truncated[t], memory_order_relaxed);
		out->latency_sum_us[t] = atomic_load_explicit(
		    &r->latency_sum_us[t], memory_order_relaxed);
	}
}
