/*
 * metrics.c - the registry: fixed arrays of atomic counters indexed by
 * method, result, action and bucket, so recording never allocates; and
 * the writer of the text exposition format (HELP and TYPE for every
 * family, label values from fixed lists, histograms cumulative).
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "authres/authres.h"
#include "dns/dns.h"
#include "metrics/metrics.h"
#include "metrics/metrics_int.h"

static const char *const metrics_methods[METRICS_NMETHODS] = { "auth", "iprev",
	"spf", "dkim", "arc", "dmarc", "other" };
static const char *const metrics_actions[METRICS_NACTIONS] = { "reject",
	"tempfail", "quarantine", "discard", "other" };
/* end-of-message wait buckets, milliseconds */
const unsigned metrics_eom_bucket_ms[METRICS_EOM_NBUCKETS] = { 1, 5, 10, 25, 50,
	100, 250, 500, 1000, 2500, 5000, 10000 };

/* metrics_new - an empty registry */
struct metrics *
metrics_new(void)
{
	return calloc(1, sizeof(struct metrics));
}

/* metrics_free - NULL is a no-op */
void
metrics_free(struct metrics *m)
{
	free(m);
}

/* add - one relaxed atomic add */
static void
add(atomic_ulong *c, unsigned long n)
{
	atomic_fetch_add_explicit(c, n, memory_order_relaxed);
}

/* metrics_connection - open (+1) or close (-1) */
void
metrics_connection(struct metrics *m, int delta)
{
	if (m == NULL)
		return;
	if (delta > 0)
		add(&m->connections, 1);
	atomic_fetch_add_explicit(
	    &m->connections_open, delta, memory_order_relaxed);
}

/* metrics_message - begun (+1) or ended (-1) */
void
metrics_message(struct metrics *m, int delta)
{
	if (m != NULL)
		atomic_fetch_add_explicit(
		    &m->messages_open, delta, memory_order_relaxed);
}

/* metrics_index - the index of word in names[n], else n - 1 (other) */
static size_t
metrics_index(const char *const *names, size_t n, const char *word)
{
	size_t i;

	for (i = 0; word != NULL && i < n - 1; i++)
		if (strcmp(names[i], word) == 0)
			return i;
	return n - 1;
}

/* metrics_result_index - a result word's index, AUTHRES_RESULT_OTHER for
 * none we know */
static size_t
metrics_result_index(const char *word)
{
	size_t r;

	for (r = 0; r < AUTHRES_RESULT_OTHER; r++)
		if (strcmp(authres_result_name((enum authres_result)r), word) ==
		    0)
			return r;
	return AUTHRES_RESULT_OTHER;
}

/* metrics_eom - count a message's verdict */
void
metrics_eom(struct metrics *m, const struct authres *ar, size_t forged,
    long long wait_ms)
{
	size_t i, n, b;

	if (m == NULL)
		return;
	add(&m->messages, 1);
	add(&m->forged, forged);
	n = ar != NULL ? authres_result_count(ar) : 0;
	for (i = 0; i < n; i++)
		add(&m->results[metrics_index(metrics_methods, METRICS_NMETHODS,
		        authres_get_method(ar, i))]
		               [metrics_result_index(
		                   authres_get_result(ar, i))],
		    1);
	if (wait_ms < 0)
		wait_ms = 0;
	for (b = 0; b < METRICS_EOM_NBUCKETS; b++)
		if ((unsigned long long)wait_ms <= metrics_eom_bucket_ms[b])
			break;
	add(&m->eom_wait[b], 1);
	add(&m->eom_wait_sum_ms, (unsigned long)wait_ms);
}

/* metrics_policy - count a rule's action in the slot of its line: slots
 * are claimed once with a compare-and-swap, so no lock is taken */
void
metrics_policy(
    struct metrics *m, unsigned line, const char *action, bool dry_run)
{
	size_t a, i, s;
	unsigned want;

	if (m == NULL)
		return;
	a = metrics_index(metrics_actions, METRICS_NACTIONS, action);
	for (i = 0; i < METRICS_NRULES; i++) {
		s = (line + i) % METRICS_NRULES;
		want = 0;
		if (atomic_load(&m->rules[s].line) == line ||
		    atomic_compare_exchange_strong(
		        &m->rules[s].line, &want, line) ||
		    want == line) {
			add(&m->rules[s].actions[a][dry_run], 1);
			return;
		}
	}
	add(&m->rules_overflow, 1); /* more rules than slots */
}

/* metrics_reload - count a reload */
void
metrics_reload(struct metrics *m, bool ok)
{
	if (m != NULL)
		add(&m->reloads[ok ? 0 : 1], 1);
}

/* metrics_method_name, metrics_action_name - label values */
const char *
metrics_method_name(size_t i)
{
	return metrics_methods[i];
}

const char *
metrics_action_name(size_t i)
{
	return metrics_actions[i];
}
