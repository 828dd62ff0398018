/*
 * report_store.c - open a DMARC report store by URL and hand rows to the
 * SQLite or PostgreSQL backend. Refuses a relative SQLite path, an empty
 * one and any URL with a control character or over REPORT_URL_MAX bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "report/report_store_int.h"

#define SQLITE_PREFIX "sqlite:"

/* report_err - write "what: why" into err, truncated, when len > 0 */
void
report_err(char *err, size_t len, const char *what, const char *why)
{
	if (len == 0)
		return;
	snprintf(err, len, "%s%s%s", what, why != NULL ? ": " : "",
	    why != NULL ? why : "");
}

/* url_has_control - true when url has a byte below 0x20 or DEL */
static int
url_has_control(const char *url)
{
	const unsigned char *p;

	for (p = (const unsigned char *)url; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 1;
	return 0;
}

/* pg_uri_check - does libpq parse uri as a connection URI? */
static int
pg_uri_check(const char *uri, char *err, size_t len)
{
	PQconninfoOption *opts;
	char *why = NULL;

	opts = PQconninfoParse(uri, &why);
	if (opts == NULL) {
		report_err(err, len, "bad postgresql URI",
		    why != NULL ? why : "out of memory");
		PQfreemem(why);
		return -1;
	}
	PQconninfoFree(opts);
	return 0;
}

/* report_store_url_check - accept sqlite:/abs/path or a postgresql URI */
int
report_store_url_check(
    const char *url, enum report_kind *kind, char *err, size_t len)
{
	if (url == NULL || strlen(url) > REPORT_URL_MAX) {
		report_err(err, len, "store URL missing or too long", NULL);
		return -1;
	}
	if (url_has_control(url)) {
		report_err(err, len, "control character in store URL", NULL);
		return -1;
	}
	if (strncmp(url, SQLITE_PREFIX, strlen(SQLITE_PREFIX)) == 0) {
		if (url[strlen(SQLITE_PREFIX)] != '/') {
			report_err(
			    err, len, "sqlite: wants an absolute path", NULL);
			return -1;
		}
		*kind = REPORT_KIND_SQLITE;
		return 0;
	}
	if (strncmp(url, "postgresql://", 13) == 0 ||
	    strncmp(url, "postgres://", 11) == 0) {
		if (pg_uri_check(url, err, len) == -1)
			return -1;
		*kind = REPORT_KIND_PG;
		return 0;
	}
	report_err(
	    err, len, "store URL is neither sqlite: nor postgresql://", NULL);
	return -1;
}

/* report_store_open - check url, connect, create the schema */
struct report_store *
report_store_open(const char *url, char *err, size_t len)
{
	struct report_store *rs;
	enum report_kind kind;

	if (len > 0)
		err[0] = '\0';
	if (report_store_url_check(url, &kind, err, len) == -1)
		return NULL;
	if ((rs = calloc(1, sizeof(*rs))) == NULL) {
		report_err(err, len, "out of memory", NULL);
		return NULL;
	}
	rs->kind = kind;
	if (kind == REPORT_KIND_SQLITE)
		rs->db =
		    report_sqlite_open(url + strlen(SQLITE_PREFIX), err, len);
	else
		rs->db = report_pg_open(url, err, len);
	if (rs->db == NULL) {
		free(rs);
		return NULL;
	}
	return rs;
}

/* report_store_add - one transaction of rows and policies */
int
report_store_add(struct report_store *rs, const struct report_row *rows,
    size_t nrows, const struct report_policy *pols, size_t npols, char *err,
    size_t len)
{
	if (rs->kind == REPORT_KIND_SQLITE)
		return report_sqlite_add(
		    rs->db, rows, nrows, pols, npols, err, len);
	return report_pg_add(rs->db, rows, nrows, pols, npols, err, len);
}

/* report_store_query - one statement on either backend */
int
report_store_query(struct report_store *rs, const char *sql,
    const char *const *param, int nparam, report_col_fn fn, void *arg,
    char *err, size_t len)
{
	if (nparam < 0 || nparam > REPORT_PARAM_MAX) {
		report_err(err, len, "report store", "too many parameters");
		return -1;
	}
	if (rs->kind == REPORT_KIND_SQLITE)
		return report_sqlite_query(
		    rs->db, sql, param, nparam, fn, arg, err, len);
	return report_pg_query(rs->db, sql, param, nparam, fn, arg, err, len);
}

/* report_store_kind - SQLite or PostgreSQL */
enum report_kind
report_store_kind(const struct report_store *rs)
{
	return rs->kind;
}

/* report_store_close - close the backend and free rs */
void
report_store_close(struct report_store *rs)
{
	if (rs == NULL)
		return;
	if (rs->kind == REPORT_KIND_SQLITE)
		report_sqlite_close(rs->db);
	else
		report_pg_close(rs->db);
	free(rs);
}

/* report_row_cols - the 13 key columns of r in REPORT_ROW_SQL order */
void
report_row_cols(const struct report_row *r, const char **col)
{
	const char *c[] = { r->day, r->policy_domain, r->source_ip,
		r->header_from, r->envelope_from, r->envelope_to, r->spf_domain,
		r->spf_result, r->dkim, r->dmarc_dkim, r->dmarc_spf,
		r->disposition, r->reasons };

	memcpy(col, c, sizeof(c));
}

/* report_policy_cols - the 11 text columns of p in REPORT_POLICY_SQL order */
void
report_policy_cols(const struct report_policy *p, const char **col)
{
	const char *c[] = { p->day, p->policy_domain, p->discovery, p->p, p->sp,
		p->np, p->adkim, p->aspf, p->testing, p->fo, p->rua };

	memcpy(col, c, sizeof(c));
}
