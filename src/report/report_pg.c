/*
 * report_pg.c - the PostgreSQL backend of the report store, through libpq:
 * the schema runs under a transaction-scoped advisory lock so two milters
 * starting together do not race on CREATE TABLE; one transaction per
 * batch; "n = n + excluded.n" lets several writers share rows.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <libpq-fe.h>

#include "report/report_schema.h"
#include "report/report_store_int.h"

/* An arbitrary advisory lock key: "DMARC" 9990 */
#define PG_SCHEMA_LOCK "SELECT pg_advisory_xact_lock(9990)"

/* pg_ok - run sql without parameters; true when it succeeded */
static int
pg_ok(PGconn *c, const char *sql)
{
	PGresult *r;
	int ok;

	r = PQexec(c, sql);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
	    PQresultStatus(r) == PGRES_TUPLES_OK;
	PQclear(r);
	return ok;
}

/* pg_quiet - drop server notices ("relation already exists, skipping")
 * that the idempotent schema provokes on every connection */
static void
pg_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* report_pg_open - connect and create the schema when missing */
void *
report_pg_open(const char *uri, char *err, size_t len)
{
	/* a host that does not answer must not hold the writer (or the
	 * drain at exit) for long; a connect_timeout in uri wins */
	const char *const key[] = { "connect_timeout", "dbname", NULL };
	const char *const val[] = { "3", uri, NULL };
	PGconn *c;

	c = PQconnectdbParams(key, val, 1);
	if (c == NULL || PQstatus(c) != CONNECTION_OK) {
		report_err(err, len, "postgresql connect",
		    c != NULL ? PQerrorMessage(c) : "out of memory");
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, pg_quiet, NULL);
	if (!pg_ok(c, "BEGIN") || !pg_ok(c, PG_SCHEMA_LOCK) ||
	    !pg_ok(c, REPORT_SCHEMA_SQL) || !pg_ok(c, "COMMIT")) {
		report_err(err, len, "postgresql schema", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	return c;
}

/* pg_exec_params - run sql with ncol texts and the integer last */
static int
pg_exec_params(
    PGconn *c, const char *sql, const char **col, int ncol, int64_t last)
{
	const char *val[REPORT_ROW_COLS];
	char num[32];
	PGresult *r;
	int i, ok;

	for (i = 0; i < ncol; i++)
		val[i] = col[i] != NULL ? col[i] : "";
	snprintf(num, sizeof(num), "%" PRId64, last);
	val[ncol] = num;
	r = PQexecParams(c, sql, ncol + 1, NULL, val, NULL, NULL, 0);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	return ok ? 0 : -1;
}

/* add_all - every upsert inside the open transaction */
static int
add_all(PGconn *c, const struct report_row *rows, size_t nrows,
    const struct report_policy *pols, size_t npols)
{
	const char *col[REPORT_ROW_COLS];
	size_t i;

	for (i = 0; i < nrows; i++) {
		report_row_cols(&rows[i], col);
		if (pg_exec_params(c, REPORT_ROW_SQL, col, REPORT_ROW_COLS - 1,
		        rows[i].n) == -1)
			return -1;
	}
	for (i = 0; i < npols; i++) {
		report_policy_cols(&pols[i], col);
		if (pg_exec_params(c, REPORT_POLICY_SQL, col,
		        REPORT_POLICY_COLS - 1, pols[i].seen) == -1)
			return -1;
	}
	return 0;
}

/* report_pg_add - BEGIN, upsert everything, COMMIT; ROLLBACK on error */
int
report_pg_add(void *db, const struct report_row *rows, size_t nrows,
    const struct report_policy *pols, size_t npols, char *err, size_t len)
{
	PGconn *c = db;

	if (!pg_ok(c, "BEGIN")) {
		report_err(err, len, "postgresql begin", PQerrorMessage(c));
		return -1;
	}
	if (add_all(c, rows, nrows, pols, npols) == -1 || !pg_ok(c, "COMMIT")) {
		report_err(err, len, "postgresql write", PQerrorMessage(c));
		pg_ok(c, "ROLLBACK");
		return -1;
	}
	return 0;
}

/* report_pg_query - PQexecParams, then fn for each tuple */
int
report_pg_query(void *db, const char *sql, const char *const *param, int nparam,
    report_col_fn fn, void *arg, char *err, size_t len)
{
	const char *col[REPORT_COL_MAX];
	PGconn *c = db;
	PGresult *r;
	int i, j, n, ntup, changed;

	r = PQexecParams(c, sql, nparam, NULL, param, NULL, NULL, 0);
	if (PQresultStatus(r) == PGRES_COMMAND_OK) {
		changed = (int)strtol(PQcmdTuples(r), NULL, 10);
		PQclear(r);
		return changed;
	}
	if (PQresultStatus(r) != PGRES_TUPLES_OK ||
	    (n = PQnfields(r)) > REPORT_COL_MAX) {
		report_err(err, len, "postgresql", PQerrorMessage(c));
		PQclear(r);
		return -1;
	}
	ntup = PQntuples(r);
	for (i = 0; i < ntup && fn != NULL; i++) {
		for (j = 0; j < n; j++)
			col[j] = PQgetvalue(r, i, j); /* "" for NULL */
		if (fn(arg, col, n) == -1) {
			report_err(err, len, "report", "a row was refused");
			PQclear(r);
			return -1;
		}
	}
	PQclear(r);
	return 0;
}

/* report_pg_close - disconnect */
void
report_pg_close(void *db)
{
	PQfinish(db);
}
