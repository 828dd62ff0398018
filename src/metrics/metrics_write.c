/*
 * metrics_write.c - the text exposition format (Prometheus 0.0.4): one
 * HELP and one TYPE line per family, then its samples; histograms with
 * cumulative le buckets, _sum in seconds and _count. Every label value
 * comes from a fixed list or is a number, so none needs escaping.
 */
#include <stdatomic.h>
#include <stdio.h>

#include "authres/authres.h"
#include "dns/dns.h"
#include "metrics/metrics.h"
#include "metrics/metrics_int.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

/* rd - a relaxed read */
static unsigned long
rd(atomic_ulong *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

/* family - the HELP and TYPE lines */
static void
family(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* write_simple - counters and gauges without labels */
static void
write_simple(struct metrics *m, FILE *f)
{
	long open;

	family(f, "authmilter_build_info", "gauge",
	    "The version of the running daemon.");
	fprintf(
	    f, "authmilter_build_info{version=\"%s\"} 1\n", PACKAGE_VERSION);
	family(f, "authmilter_connections_total", "counter",
	    "SMTP connections the MTA handed over.");
	fprintf(f, "authmilter_connections_total %lu\n", rd(&m->connections));
	family(f, "authmilter_connections_in_progress", "gauge",
	    "Connections open now.");
	open = atomic_load_explicit(&m->connections_open, memory_order_relaxed);
	fprintf(f, "authmilter_connections_in_progress %ld\n", open);
	family(f, "authmilter_messages_total", "counter",
	    "Messages that reached end of message.");
	fprintf(f, "authmilter_messages_total %lu\n", rd(&m->messages));
	family(f, "authmilter_messages_in_progress", "gauge",
	    "Messages between MAIL and their end.");
	open = atomic_load_explicit(&m->messages_open, memory_order_relaxed);
	fprintf(f, "authmilter_messages_in_progress %ld\n", open);
	family(f, "authmilter_forged_fields_removed_total", "counter",
	    "Authentication-Results fields with our authserv-id removed.");
	fprintf(
	    f, "authmilter_forged_fields_removed_total %lu\n", rd(&m->forged));
	family(f, "authmilter_reloads_total", "counter",
	    "Configuration reloads (SIGUSR1), by outcome.");
	fprintf(f, "authmilter_reloads_total{outcome=\"ok\"} %lu\n",
	    rd(&m->reloads[0]));
	fprintf(f, "authmilter_reloads_total{outcome=\"failed\"} %lu\n",
	    rd(&m->reloads[1]));
}

/* write_results - results per method and result word */
static void
write_results(struct metrics *m, FILE *f)
{
	size_t i, r;
	unsigned long n;

	family(f, "authmilter_results_total", "counter",
	    "Results written in Authentication-Results, by method and "
	    "result.");
	for (i = 0; i < METRICS_NMETHODS; i++)
		for (r = 0; r < METRICS_NRESULTS; r++) {
			n = rd(&m->results[i][r]);
			/* every method with every result word is a lot of
			 * zeros: write the ones seen, and pass/fail/none */
			if (n == 0 && r > AUTHRES_RESULT_FAIL)
				continue;
			fprintf(f,
			    "authmilter_results_total{method=\"%s\","
			    "result=\"%s\"} %lu\n",
			    metrics_method_name(i),
			    r < AUTHRES_RESULT_OTHER
			        ? authres_result_name((enum authres_result)r)
			        : "other",
			    n);
		}
}

/* write_policy - actions per rule, dry-run ones apart */
static void
write_policy(struct metrics *m, FILE *f)
{
	size_t s, a, d;
	unsigned line;
	unsigned long n;

	family(f, "authmilter_policy_actions_total", "counter",
	    "Actions PolicyRule lines took, by action and rule (config "
	    "line); dry_run=\"1\": only logged (DryRun).");
	for (s = 0; s < METRICS_NRULES; s++) {
		if ((line = atomic_load(&m->rules[s].line)) == 0)
			continue;
		for (a = 0; a < METRICS_NACTIONS; a++)
			for (d = 0; d < 2; d++)
				if ((n = rd(&m->rules[s].actions[a][d])) > 0)
					fprintf(f,
					    "authmilter_policy_actions_total{"
					    "action=\"%s\",rule=\"%u\","
					    "dry_run=\"%zu\"} %lu\n",
					    metrics_action_name(a), line, d, n);
	}
}

/* write_eom_wait - the end-of-message wait histogram */
static void
write_eom_wait(struct metrics *m, FILE *f)
{
	unsigned long cum = 0;
	size_t b;

	family(f, "authmilter_eom_wait_seconds", "histogram",
	    "How long a message waited for its checks (DNS) at end of "
	    "message.");
	for (b = 0; b <= METRICS_EOM_NBUCKETS; b++) {
		cum += rd(&m->eom_wait[b]);
		if (b < METRICS_EOM_NBUCKETS)
			fprintf(f,
			    "authmilter_eom_wait_seconds_bucket{le=\"%g\"} "
			    "%lu\n",
			    metrics_eom_bucket_ms[b] / 1000.0, cum);
		else
			fprintf(f,
			    "authmilter_eom_wait_seconds_bucket{le=\"+Inf\"} "
			    "%lu\n",
			    cum);
	}
	fprintf(f, "authmilter_eom_wait_seconds_sum %.3f\n",
	    rd(&m->eom_wait_sum_ms) / 1000.0);
	fprintf(f, "authmilter_eom_wait_seconds_count %lu\n", cum);
}

/* write_dns - the resolver's counters */
static void
write_dns(const struct dns_stats *st, FILE *f)
{
	size_t t, o, b;
	unsigned long cum;

	family(f, "authmilter_dns_queries_total", "counter",
	    "DNS lookups that went to the network, by type and outcome.");
	for (t = 0; t < DNS_STAT_NTYPES; t++)
		for (o = 0; o < DNS_STAT_NOUTCOMES; o++)
			fprintf(f,
			    "authmilter_dns_queries_total{type=\"%s\","
			    "outcome=\"%s\"} %lu\n",
			    dns_stat_type_name(t), dns_stat_outcome_name(o),
			    st->lookups[t][o]);
	family(f, "authmilter_dns_truncated_total", "counter",
	    "UDP answers with TC set, asked again over TCP, by type.");
	for (t = 0; t < DNS_STAT_NTYPES; t++)
		fprintf(f, "authmilter_dns_truncated_total{type=\"%s\"} %lu\n",
		    dns_stat_type_name(t), st->truncated[t]);
	family(f, "authmilter_dns_latency_seconds", "histogram",
	    "DNS lookup latency from first send to answer, by type.");
	for (t = 0; t < DNS_STAT_NTYPES; t++) {
		for (cum = 0, b = 0; b <= DNS_STAT_NBUCKETS; b++) {
			cum += st->latency[t][b];
			if (b < DNS_STAT_NBUCKETS)
				fprintf(f,
				    "authmilter_dns_latency_seconds_bucket{"
				    "type=\"%s\",le=\"%g\"} %lu\n",
				    dns_stat_type_name(t),
				    dns_stat_bucket_ms[b] / 1000.0, cum);
			else
				fprintf(f,
				    "authmilter_dns_latency_seconds_bucket{"
				    "type=\"%s\",le=\"+Inf\"} %lu\n",
				    dns_stat_type_name(t), cum);
		}
		fprintf(f,
		    "authmilter_dns_latency_seconds_sum{type=\"%s\"} %.6f\n",
		    dns_stat_type_name(t), st->latency_sum_us[t] / 1e6);
		fprintf(f,
		    "authmilter_dns_latency_seconds_count{type=\"%s\"} %lu\n",
		    dns_stat_type_name(t), cum);
	}
	family(f, "authmilter_dns_cache_hits_total", "counter",
	    "Lookups answered from the cache.");
	fprintf(f, "authmilter_dns_cache_hits_total %lu\n", st->cache_hits);
	family(f, "authmilter_dns_cache_misses_total", "counter",
	    "Lookups the cache could not answer.");
	fprintf(f, "authmilter_dns_cache_misses_total %lu\n", st->cache_misses);
	family(f, "authmilter_dns_cache_entries", "gauge",
	    "Answers in the cache now.");
	fprintf(f, "authmilter_dns_cache_entries %zu\n", st->cache_size);
}

/* metrics_write - the whole exposition */
int
metrics_write(struct metrics *m, struct dns_resolver *dns, FILE *f)
{
	struct dns_stats st;

	write_simple(m, f);
	write_results(m, f);
	write_policy(m, f);
	write_eom_wait(m, f);
	if (dns != NULL) {
		dns_get_stats(dns, &st);
		write_dns(&st, f);
	}
	return ferror(f) ? -1 : 0;
}
