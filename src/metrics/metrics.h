/*
 * metrics.h - counters of what the daemon does, in Prometheus text
 * exposition format (0.0.4), and the HTTP endpoint that serves them
 * (MetricsSocket). The registry is made once by main and outlives every
 * configuration; the session records into it with relaxed atomic adds,
 * never a lock and never an allocation, and a NULL registry records
 * nothing (authcheck, unit tests, MetricsSocket unset).
 */
#ifndef METRICS_H
#define METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct authres;
struct dns_resolver;
struct metrics;
struct metrics_server;

/* metrics_new - an empty registry; NULL when out of memory */
struct metrics *metrics_new(void);
void metrics_free(struct metrics *);

/* metrics_connection - a connection opened (+1) or closed (-1) */
void metrics_connection(struct metrics *, int delta);

/* metrics_message - a message began (+1, at MAIL) or ended (-1) */
void metrics_message(struct metrics *, int delta);

/* metrics_eom - a message's verdict: the results its field holds (NULL:
 * none), forged fields removed, how long end of message waited (ms) */
void metrics_eom(struct metrics *, const struct authres *results, size_t forged,
    long long wait_ms);

/* metrics_policy - a rule (config line) decided action ("reject"...);
 * dry_run: only logged (DryRun) */
void metrics_policy(
    struct metrics *, unsigned line, const char *action, bool dry_run);

/* metrics_reload - a configuration reload ended, ok or failed */
void metrics_reload(struct metrics *, bool ok);

/* metrics_write - the whole exposition, resolver counters included
 * (dns NULL: none); -1 on a write error */
int metrics_write(struct metrics *, struct dns_resolver *dns, FILE *);

/* metrics_server_start - serve GET /metrics on spec ("inet:PORT@ADDR" or
 * "inet6:PORT@ADDR") from a thread of its own; NULL with err set when the
 * address cannot be used. dns is read at every scrape and must outlive
 * the server. */
struct metrics_server *metrics_server_start(struct metrics *,
    struct dns_resolver *dns, const char *spec, char *err, size_t errlen);
void metrics_server_stop(struct metrics_server *);

#endif /* METRICS_H */
