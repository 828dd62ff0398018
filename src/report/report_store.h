/*
 * report_store.h - the DMARC aggregate report store (RFC 9990), shared by
 * the milter, which adds rows, and authreport, which reads and sends them.
 * A store is "sqlite:/absolute/path" or a libpq URI "postgresql://..." (or
 * "postgres://..."); opening it runs report_schema.sql, which is idempotent.
 * One handle is used by one thread at a time.
 */
#ifndef REPORT_STORE_H
#define REPORT_STORE_H

#include <stddef.h>
#include <stdint.h>

/* REPORT_URL_MAX - the longest store URL accepted */
#define REPORT_URL_MAX 1024

enum report_kind { REPORT_KIND_SQLITE, REPORT_KIND_PG };

/*
 * One dmarc_row: every string is a column of report_schema.sql, never NULL
 * ("" stands for absent); n messages are added to the row with that key.
 */
struct report_row {
	const char *day, *policy_domain, *source_ip, *header_from;
	const char *envelope_from, *envelope_to, *spf_domain, *spf_result;
	const char *dkim, *dmarc_dkim, *dmarc_spf, *disposition, *reasons;
	int64_t n;
};

/* One dmarc_policy: replaces the (day, policy_domain) row unless older. */
struct report_policy {
	const char *day, *policy_domain, *discovery, *p, *sp, *np;
	const char *adkim, *aspf, *testing, *fo, *rua;
	int64_t seen;
};

struct report_store; /* opaque: one open connection */

/*
 * report_store_url_check - is url a store URL we can open (syntax only, no
 * connection)? Returns 0 and sets *kind, or -1 with the reason in err.
 */
int report_store_url_check(
    const char *url, enum report_kind *kind, char *err, size_t len);

/*
 * report_store_open - connect to url and create the schema when missing.
 * Returns a handle the caller frees with report_store_close(), or NULL with
 * the reason in err (len bytes, always NUL-terminated when len > 0).
 */
struct report_store *report_store_open(const char *url, char *err, size_t len);

/*
 * report_store_add - in one transaction, add rows[0..nrows) to dmarc_row
 * (n summed on the key) and upsert pols[0..npols) into dmarc_policy.
 * Returns 0, or -1 with err set and nothing written; after -1 the caller
 * closes the handle and opens a new one.
 */
int report_store_add(struct report_store *rs, const struct report_row *rows,
    size_t nrows, const struct report_policy *pols, size_t npols, char *err,
    size_t len);

/* report_col_fn - one result row: ncol texts, "" for NULL; -1 stops */
typedef int (*report_col_fn)(void *arg, const char *const *col, int ncol);

/* REPORT_PARAM_MAX - the most parameters one report_store_query takes */
#define REPORT_PARAM_MAX 16

/*
 * report_store_query - run one statement with text parameters $1..$nparam
 * (the same spelling works in SQLite and PostgreSQL) and call fn, when not
 * NULL, for each result row. Returns the rows the statement changed (0
 * for a SELECT), or -1 with err set (also when fn returned -1).
 */
int report_store_query(struct report_store *rs, const char *sql,
    const char *const *param, int nparam, report_col_fn fn, void *arg,
    char *err, size_t len);

/* report_store_kind - which database rs talks to */
enum report_kind report_store_kind(const struct report_store *rs);

/* report_store_close - disconnect and free rs; NULL is a no-op */
void report_store_close(struct report_store *rs);

#endif
