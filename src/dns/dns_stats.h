/*
 * dns_stats.h - what the resolver counts, for logs, benchmarks and the
 * metrics endpoint: packets, cache use, and each finished lookup by query
 * type and outcome with its latency (first send to answer) in a fixed
 * histogram. Counting is relaxed atomic adds, never a lock.
 */
#ifndef DNS_STATS_H
#define DNS_STATS_H

#include <stddef.h>

struct dns_resolver;

/* Query types counted apart; every other type is DNS_STAT_OTHER. */
enum dns_stat_type {
	DNS_STAT_A,
	DNS_STAT_AAAA,
	DNS_STAT_MX,
	DNS_STAT_TXT,
	DNS_STAT_PTR,
	DNS_STAT_OTHER,
	DNS_STAT_NTYPES
};

/* How a lookup that went to the network ended. */
enum dns_stat_outcome {
	DNS_STAT_ANSWER,   /* records of the asked type */
	DNS_STAT_NXDOMAIN, /* the name does not exist */
	DNS_STAT_NODATA,   /* no record of that type */
	DNS_STAT_TIMEOUT,  /* every attempt had its share, no answer */
	DNS_STAT_SERVFAIL, /* servers answered SERVFAIL, REFUSED... */
	DNS_STAT_ERROR,    /* network error, unusable answer */
	DNS_STAT_NOUTCOMES
};

/* Latency bucket upper bounds in milliseconds; a last bucket (+Inf)
 * follows them. */
#define DNS_STAT_NBUCKETS 12
extern const unsigned dns_stat_bucket_ms[DNS_STAT_NBUCKETS];

struct dns_stats {
	unsigned long queries, cache_hits, cache_misses, timeouts, tcp_retries;
	size_t cache_size;
	/* lookups that went to the network, by type and outcome */
	unsigned long lookups[DNS_STAT_NTYPES][DNS_STAT_NOUTCOMES];
	/* UDP answers with TC set, asked again over TCP, by type */
	unsigned long truncated[DNS_STAT_NTYPES];
	/* latency histogram (non-cumulative counts) and sum, by type */
	unsigned long latency[DNS_STAT_NTYPES][DNS_STAT_NBUCKETS + 1];
	unsigned long long latency_sum_us[DNS_STAT_NTYPES];
};

/* dns_get_stats - a snapshot of the counters */
void dns_get_stats(struct dns_resolver *, struct dns_stats *out);

/* dns_stat_type_name - "A", "AAAA", "MX", "TXT", "PTR", "other" */
const char *dns_stat_type_name(enum dns_stat_type);

/* dns_stat_outcome_name - "answer", "nxdomain", "nodata", "timeout",
 * "servfail", "error" */
const char *dns_stat_outcome_name(enum dns_stat_outcome);

#endif /* DNS_STATS_H */
