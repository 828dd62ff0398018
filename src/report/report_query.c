/*
 * report_query.c - authreport's statements on the report store: pending
 * reports, their rows, and the dmarc_sent mark. Only SQLite for now; a
 * PostgreSQL store is refused with a clear message (XXX #18).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "report/report_query.h"
#include "report/report_store_int.h"

/* query_db - the sqlite3 handle of rs, or NULL with err set */
static sqlite3 *
query_db(struct report_store *rs, char *err, size_t len)
{
	if (rs->kind != REPORT_KIND_SQLITE) {
		report_err(err, len, "authreport",
		    "only sqlite: stores are supported so far");
		return NULL;
	}
	return rs->db;
}

/* col_copy - column i of st into dst (cap bytes); -1 when too long */
static int
col_copy(sqlite3_stmt *st, int i, char *dst, size_t cap)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return strlcpy(dst, s != NULL ? s : "", cap) >= cap ? -1 : 0;
}

/* pending_fill - one policy row of st into pd; -1 when a value is too long */
static int
pending_fill(sqlite3_stmt *st, struct report_pending *pd)
{
	int r = 0;

	r |= col_copy(st, 0, pd->day, sizeof(pd->day));
	r |= col_copy(st, 1, pd->domain, sizeof(pd->domain));
	r |= col_copy(st, 2, pd->discovery, sizeof(pd->discovery));
	r |= col_copy(st, 3, pd->p, sizeof(pd->p));
	r |= col_copy(st, 4, pd->sp, sizeof(pd->sp));
	r |= col_copy(st, 5, pd->np, sizeof(pd->np));
	r |= col_copy(st, 6, pd->adkim, sizeof(pd->adkim));
	r |= col_copy(st, 7, pd->aspf, sizeof(pd->aspf));
	r |= col_copy(st, 8, pd->testing, sizeof(pd->testing));
	r |= col_copy(st, 9, pd->fo, sizeof(pd->fo));
	r |= col_copy(st, 10, pd->rua, sizeof(pd->rua));
	return r;
}

/* report_query_pending - unreported policies of days from..to */
int
report_query_pending(struct report_store *rs, const char *from, const char *to,
    struct report_pending **out, size_t *n, char *err, size_t len)
{
	static const char sql[] =
	    "SELECT p.day, p.policy_domain, p.discovery, p.p, p.sp, p.np, "
	    "p.adkim, p.aspf, p.testing, p.fo, p.rua FROM dmarc_policy p "
	    "WHERE p.day >= ?1 AND p.day <= ?2 AND NOT EXISTS (SELECT 1 "
	    "FROM dmarc_sent s WHERE s.day = p.day AND s.policy_domain = "
	    "p.policy_domain) ORDER BY p.day, p.policy_domain";
	sqlite3 *db = query_db(rs, err, len);
	sqlite3_stmt *st = NULL;
	struct report_pending *v;
	int rc;

	*out = NULL;
	*n = 0;
	if (db == NULL)
		return -1;
	if ((v = calloc(REPORT_QUERY_MAX, sizeof(*v))) == NULL) {
		report_err(err, len, "authreport", "out of memory");
		return -1;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < REPORT_QUERY_MAX) {
		if (pending_fill(st, &v[*n]) == 0)
			(*n)++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	*out = v;
	return 0;
fail:
	report_err(err, len, "dmarc_policy", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	free(v);
	*n = 0;
	return -1;
}

/* report_query_rows - call fn for each dmarc_row of (day, domain) */
int
report_query_rows(struct report_store *rs, const char *day, const char *domain,
    report_row_fn fn, void *arg, char *err, size_t len)
{
	static const char sql[] =
	    "SELECT source_ip, header_from, envelope_from, envelope_to, "
	    "spf_domain, spf_result, dkim, dmarc_dkim, dmarc_spf, "
	    "disposition, reasons, n FROM dmarc_row WHERE day = ?1 AND "
	    "policy_domain = ?2 ORDER BY source_ip, header_from";
	sqlite3 *db = query_db(rs, err, len);
	sqlite3_stmt *st = NULL;
	const char *col[11];
	int i, rc;

	if (db == NULL)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, domain, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < 11; i++) {
			col[i] = (const char *)sqlite3_column_text(st, i);
			if (col[i] == NULL)
				col[i] = "";
		}
		if (fn(arg, col, sqlite3_column_int64(st, 11)) == -1) {
			report_err(err, len, "report", "cannot write a record");
			sqlite3_finalize(st);
			return -1;
		}
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	return 0;
fail:
	report_err(err, len, "dmarc_row", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return -1;
}

/* report_query_mark - insert the dmarc_sent row of (day, domain) */
int
report_query_mark(struct report_store *rs, const char *day, const char *domain,
    const char *id, const char *status, const char *detail, char *err,
    size_t len)
{
	static const char sql[] =
	    "INSERT INTO dmarc_sent (day, policy_domain, report_id, status, "
	    "detail, at) VALUES (?1, ?2, ?3, ?4, ?5, strftime('%s','now'))";
	sqlite3 *db = query_db(rs, err, len);
	sqlite3_stmt *st = NULL;
	int rc;

	if (db == NULL)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		report_err(err, len, "dmarc_sent", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, domain, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, detail, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		report_err(err, len, "dmarc_sent", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

/* query_exec - run sql with ?1 = a, ?2 = b; changed rows, or -1 */
static int
query_exec(sqlite3 *db, const char *sql, const char *a, const char *b,
    char *err, size_t len)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		report_err(err, len, "dmarc_lock", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b != NULL)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		report_err(err, len, "dmarc_lock", sqlite3_errmsg(db));
		return -1;
	}
	return sqlite3_changes(db);
}

/* report_query_lock - take the authreport lock, or say who holds it */
int
report_query_lock(
    struct report_store *rs, const char *holder, char *err, size_t len)
{
	/* one statement: insert, or take over a lock older than an hour */
	static const char sql[] =
	    "INSERT INTO dmarc_lock (name, holder, at) VALUES ('authreport', "
	    "?1, strftime('%s','now')) ON CONFLICT (name) DO UPDATE SET "
	    "holder = excluded.holder, at = excluded.at WHERE dmarc_lock.at "
	    "< excluded.at - 3600";
	sqlite3 *db = query_db(rs, err, len);
	int n;

	if (db == NULL || (n = query_exec(db, sql, holder, NULL, err, len)) < 0)
		return -1;
	return n == 0 ? 1 : 0;
}

/* report_query_unlock - delete the lock row if it is still ours */
int
report_query_unlock(
    struct report_store *rs, const char *holder, char *err, size_t len)
{
	static const char sql[] = "DELETE FROM dmarc_lock WHERE name = "
	                          "'authreport' AND holder = ?1";
	sqlite3 *db = query_db(rs, err, len);

	if (db == NULL || query_exec(db, sql, holder, NULL, err, len) < 0)
		return -1;
	return 0;
}

/* report_query_suppressed - addr or its domain in dmarc_suppress (1/0) */
int
report_query_suppressed(struct report_store *rs, const char *addr)
{
	static const char sql[] = "SELECT 1 FROM dmarc_suppress WHERE "
	                          "lower(address) IN (lower(?1), lower(?2))";
	const char *at = strrchr(addr, '@');
	sqlite3 *db = query_db(rs, NULL, 0);
	sqlite3_stmt *st = NULL;
	int rc;

	if (db == NULL || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != 0)
		return 1; /* fail closed: cannot tell, do not send */
	sqlite3_bind_text(st, 1, addr, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, at != NULL ? at + 1 : addr, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc != SQLITE_DONE;
}

/* report_query_suppress - add or remove addr in dmarc_suppress */
int
report_query_suppress(struct report_store *rs, const char *addr,
    const char *reason, char *err, size_t len)
{
	static const char add[] =
	    "INSERT INTO dmarc_suppress (address, reason, at) VALUES (?1, ?2, "
	    "strftime('%s','now')) ON CONFLICT (address) DO UPDATE SET "
	    "reason = excluded.reason";
	static const char del[] = "DELETE FROM dmarc_suppress WHERE "
	                          "lower(address) = lower(?1)";
	sqlite3 *db = query_db(rs, err, len);

	if (db == NULL)
		return -1;
	return query_exec(
	           db, reason != NULL ? add : del, addr, reason, err, len) < 0
	    ? -1
	    : 0;
}

/* report_query_list_suppressed - print dmarc_suppress */
int
report_query_list_suppressed(struct report_store *rs, char *err, size_t len)
{
	static const char sql[] = "SELECT address, reason FROM dmarc_suppress "
	                          "ORDER BY address";
	sqlite3 *db = query_db(rs, err, len);
	sqlite3_stmt *st = NULL;

	if (db == NULL)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		report_err(err, len, "dmarc_suppress", sqlite3_errmsg(db));
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW)
		printf("%s\t%s\n", sqlite3_column_text(st, 0),
		    sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	return 0;
}
