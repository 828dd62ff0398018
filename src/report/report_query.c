/*
 * report_query.c - authreport's statements on the report store: pending
 * reports, their rows, the dmarc_sent mark, the lock and the suppression
 * list. Plain SQL with $n parameters through report_store_query, so the
 * same text runs on SQLite and PostgreSQL; the time comes from here, not
 * from a database function, because the two spell "now" differently.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report_query.h"
#include "report/report_store.h"

/* The pending reports collected by pending_add. */
struct pending_acc {
	struct report_pending *v;
	size_t n;
};

/* copy_col - src into dst (cap bytes), or "" when longer: the domain
 * owner controls fo= and rua=, and an over-long value must not make a
 * day's report vanish, nor be reported cut as if it had been published */
static void
copy_col(char *dst, const char *src, size_t cap)
{
	if (strlcpy(dst, src, cap) >= cap)
		dst[0] = '\0';
}

/* copy_rua - rua= into dst, cut after the last whole URI that fits */
static void
copy_rua(char *dst, const char *src, size_t cap)
{
	char *comma;

	if (strlcpy(dst, src, cap) < cap)
		return;
	if ((comma = strrchr(dst, ',')) != NULL)
		*comma = '\0';
	else
		dst[0] = '\0'; /* not even one URI fits: none */
}

/* pending_add - one dmarc_policy row into the accumulator arg */
static int
pending_add(void *arg, const char *const *col, int ncol)
{
	struct pending_acc *a = arg;
	struct report_pending *pd;

	if (ncol != 11 || a->n >= REPORT_QUERY_MAX)
		return 0; /* the rest waits for the next run */
	pd = &a->v[a->n];
	/* a day or domain this long is not from our milter: say so */
	if (strlcpy(pd->day, col[0], sizeof(pd->day)) >= sizeof(pd->day) ||
	    strlcpy(pd->domain, col[1], sizeof(pd->domain)) >=
	        sizeof(pd->domain)) {
		fprintf(stderr,
		    "authreport: dmarc_policy: a row with a malformed day or "
		    "domain is skipped\n");
		return 0;
	}
	copy_col(pd->discovery, col[2], sizeof(pd->discovery));
	copy_col(pd->p, col[3], sizeof(pd->p));
	copy_col(pd->sp, col[4], sizeof(pd->sp));
	copy_col(pd->np, col[5], sizeof(pd->np));
	copy_col(pd->adkim, col[6], sizeof(pd->adkim));
	copy_col(pd->aspf, col[7], sizeof(pd->aspf));
	copy_col(pd->testing, col[8], sizeof(pd->testing));
	copy_col(pd->fo, col[9], sizeof(pd->fo));
	copy_rua(pd->rua, col[10], sizeof(pd->rua));
	a->n++;
	return 0;
}

/* report_query_pending - unreported policies of days from..to */
int
report_query_pending(struct report_store *rs, const char *from, const char *to,
    struct report_pending **out, size_t *n, char *err, size_t len)
{
	static const char sql[] =
	    "SELECT p.day, p.policy_domain, p.discovery, p.p, p.sp, p.np, "
	    "p.adkim, p.aspf, p.testing, p.fo, p.rua FROM dmarc_policy p "
	    "WHERE p.day >= $1 AND p.day <= $2 AND NOT EXISTS (SELECT 1 "
	    "FROM dmarc_sent s WHERE s.day = p.day AND s.policy_domain = "
	    "p.policy_domain) ORDER BY p.day, p.policy_domain";
	const char *param[2] = { from, to };
	struct pending_acc a;

	*out = NULL;
	*n = 0;
	if ((a.v = calloc(REPORT_QUERY_MAX, sizeof(*a.v))) == NULL) {
		snprintf(err, len, "authreport: out of memory");
		return -1;
	}
	a.n = 0;
	if (report_store_query(rs, sql, param, 2, pending_add, &a, err, len) ==
	    -1) {
		free(a.v);
		return -1;
	}
	*out = a.v;
	*n = a.n;
	return 0;
}

/* The caller's row callback, for rows_one. */
struct rows_ctx {
	report_row_fn fn;
	void *arg;
};

/* rows_one - one dmarc_row: 11 texts and the count */
static int
rows_one(void *arg, const char *const *col, int ncol)
{
	struct rows_ctx *c = arg;
	const char *v[11];
	int i;

	if (ncol != 12)
		return -1;
	for (i = 0; i < 11; i++)
		v[i] = col[i];
	return c->fn(c->arg, v, strtoll(col[11], NULL, 10));
}

/* report_query_rows - call fn for each dmarc_row of (day, domain) */
int
report_query_rows(struct report_store *rs, const char *day, const char *domain,
    report_row_fn fn, void *arg, char *err, size_t len)
{
	static const char sql[] =
	    "SELECT source_ip, header_from, envelope_from, envelope_to, "
	    "spf_domain, spf_result, dkim, dmarc_dkim, dmarc_spf, "
	    "disposition, reasons, n FROM dmarc_row WHERE day = $1 AND "
	    "policy_domain = $2 ORDER BY source_ip, header_from, n";
	const char *param[2] = { day, domain };
	struct rows_ctx c = { fn, arg };

	return report_store_query(rs, sql, param, 2, rows_one, &c, err, len) ==
	        -1
	    ? -1
	    : 0;
}

/* now_text - the unix time as decimal text into buf */
static const char *
now_text(char *buf, size_t cap)
{
	snprintf(buf, cap, "%" PRId64, (int64_t)time(NULL));
	return buf;
}

/* report_query_mark - insert the dmarc_sent row of (day, domain) */
int
report_query_mark(struct report_store *rs, const char *day, const char *domain,
    const char *id, const char *status, const char *detail, char *err,
    size_t len)
{
	static const char sql[] =
	    "INSERT INTO dmarc_sent (day, policy_domain, report_id, status, "
	    "detail, at) VALUES ($1, $2, $3, $4, $5, $6)";
	char now[24];
	const char *param[6] = { day, domain, id, status, detail,
		now_text(now, sizeof(now)) };

	return report_store_query(rs, sql, param, 6, NULL, NULL, err, len) == -1
	    ? -1
	    : 0;
}

/* report_query_lock - take the authreport lock, or say who holds it */
int
report_query_lock(
    struct report_store *rs, const char *holder, char *err, size_t len)
{
	/* one statement, atomic on both backends: insert, or take over a
	 * lock older than an hour; 0 rows changed means someone holds it */
	static const char sql[] =
	    "INSERT INTO dmarc_lock (name, holder, at) VALUES ('authreport', "
	    "$1, $2) ON CONFLICT (name) DO UPDATE SET holder = "
	    "excluded.holder, at = excluded.at WHERE dmarc_lock.at < "
	    "excluded.at - 3600";
	char now[24];
	const char *param[2] = { holder, now_text(now, sizeof(now)) };
	int n;

	if ((n = report_store_query(rs, sql, param, 2, NULL, NULL, err, len)) <
	    0)
		return -1;
	return n == 0 ? 1 : 0;
}

/* report_query_unlock - delete the lock row if it is still ours */
int
report_query_unlock(
    struct report_store *rs, const char *holder, char *err, size_t len)
{
	static const char sql[] = "DELETE FROM dmarc_lock WHERE name = "
	                          "'authreport' AND holder = $1";
	const char *param[1] = { holder };

	return report_store_query(rs, sql, param, 1, NULL, NULL, err, len) == -1
	    ? -1
	    : 0;
}

/* report_query_purge - forget the days before before */
long long
report_query_purge(
    struct report_store *rs, const char *before, char *err, size_t len)
{
	static const char *const sql[] = {
		"DELETE FROM dmarc_row WHERE day < $1",
		"DELETE FROM dmarc_policy WHERE day < $1",
		"DELETE FROM dmarc_sent WHERE day < $1",
	};
	const char *param[1] = { before };
	long long rows = 0;
	size_t i;
	int n;

	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		if ((n = report_store_query(
		         rs, sql[i], param, 1, NULL, NULL, err, len)) < 0)
			return -1;
		if (i == 0)
			rows = n;
	}
	return rows;
}

/* The buffers report_query_sent fills. */
struct sent_ctx {
	char *status, *detail;
	size_t slen, dlen;
	int found;
};

/* sent_one - the first row found */
static int
sent_one(void *arg, const char *const *col, int ncol)
{
	struct sent_ctx *c = arg;

	if (ncol == 2 && !c->found) {
		strlcpy(c->status, col[0], c->slen);
		strlcpy(c->detail, col[1], c->dlen);
		c->found = 1;
	}
	return 0;
}

/* report_query_sent - what became of the report with this id */
int
report_query_sent(struct report_store *rs, const char *id, char *status,
    size_t slen, char *detail, size_t dlen, char *err, size_t len)
{
	static const char sql[] = "SELECT status, detail FROM dmarc_sent "
	                          "WHERE report_id = $1";
	const char *param[1] = { id };
	struct sent_ctx c = { status, detail, slen, dlen, 0 };

	if (report_store_query(rs, sql, param, 1, sent_one, &c, err, len) == -1)
		return -1;
	return c.found;
}

/* found - a row callback that counts */
static int
found(void *arg, const char *const *col, int ncol)
{
	(void)col;
	(void)ncol;
	++*(int *)arg;
	return 0;
}

/* report_query_suppressed - addr or its domain in dmarc_suppress (1/0) */
int
report_query_suppressed(struct report_store *rs, const char *addr)
{
	static const char sql[] = "SELECT 1 FROM dmarc_suppress WHERE "
	                          "lower(address) IN (lower($1), lower($2))";
	const char *at = strrchr(addr, '@');
	const char *param[2] = { addr, at != NULL ? at + 1 : addr };
	int hits = 0;

	if (report_store_query(rs, sql, param, 2, found, &hits, NULL, 0) == -1)
		return 1; /* fail closed: cannot tell, do not send */
	return hits != 0;
}

/* report_query_suppress - add or remove addr in dmarc_suppress */
int
report_query_suppress(struct report_store *rs, const char *addr,
    const char *reason, char *err, size_t len)
{
	static const char add[] =
	    "INSERT INTO dmarc_suppress (address, reason, at) VALUES ($1, $2, "
	    "$3) ON CONFLICT (address) DO UPDATE SET reason = "
	    "excluded.reason";
	static const char del[] = "DELETE FROM dmarc_suppress WHERE "
	                          "lower(address) = lower($1)";
	char now[24];
	const char *param[3] = { addr, reason, now_text(now, sizeof(now)) };

	if (reason != NULL)
		return report_store_query(
		           rs, add, param, 3, NULL, NULL, err, len) == -1
		    ? -1
		    : 0;
	return report_store_query(rs, del, param, 1, NULL, NULL, err, len) == -1
	    ? -1
	    : 0;
}

/* print_suppressed - one "address<TAB>reason" line */
static int
print_suppressed(void *arg, const char *const *col, int ncol)
{
	(void)arg;
	if (ncol == 2)
		printf("%s\t%s\n", col[0], col[1]);
	return 0;
}

/* report_query_list_suppressed - print dmarc_suppress */
int
report_query_list_suppressed(struct report_store *rs, char *err, size_t len)
{
	static const char sql[] = "SELECT address, reason FROM dmarc_suppress "
	                          "ORDER BY address";

	return report_store_query(
	           rs, sql, NULL, 0, print_suppressed, NULL, err, len) == -1
	    ? -1
	    : 0;
}
