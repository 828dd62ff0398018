/*
 * report_sqlite.c - the SQLite backend of the report store: one file, WAL
 * journal so authreport reads while the milter writes, a 5 s busy timeout,
 * and one transaction per batch. The schema comes from report_schema.sql.
 */
#include <stdint.h>
#include <stdio.h>

#include <sqlite3.h>

#include "report/report_schema.h"
#include "report/report_store_int.h"

#define SQLITE_BUSY_MS 5000

/* report_sqlite_open - open or create the file at path with the schema */
void *
report_sqlite_open(const char *path, char *err, size_t len)
{
	sqlite3 *db = NULL;
	char *why = NULL;

	if (sqlite3_open_v2(path, &db,
	        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	            SQLITE_OPEN_FULLMUTEX,
	        NULL) != SQLITE_OK) {
		report_err(err, len, "sqlite open",
		    db != NULL ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, SQLITE_BUSY_MS);
	/* WAL is an optimisation: a store on a file system without it works */
	sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
	/* in WAL mode NORMAL keeps the file sound; a power cut may lose the
	 * last batch of counts, which is cheaper than an fsync per batch */
	sqlite3_exec(db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
	if (sqlite3_exec(db, REPORT_SCHEMA_SQL, NULL, NULL, &why) !=
	    SQLITE_OK) {
		report_err(err, len, "sqlite schema",
		    why != NULL ? why : sqlite3_errmsg(db));
		sqlite3_free(why);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* bind_step - bind ncol texts (and the integer last, if any), run once */
static int
bind_step(sqlite3_stmt *st, const char **col, int ncol, int64_t last)
{
	int i;

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	for (i = 0; i < ncol; i++)
		if (sqlite3_bind_text(st, i + 1, col[i] != NULL ? col[i] : "",
		        -1, SQLITE_STATIC) != SQLITE_OK)
			return -1;
	if (sqlite3_bind_int64(st, ncol + 1, last) != SQLITE_OK)
		return -1;
	return sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
}

/* add_all - run the row and policy upserts inside an open transaction */
static int
add_all(sqlite3 *db, const struct report_row *rows, size_t nrows,
    const struct report_policy *pols, size_t npols)
{
	sqlite3_stmt *rst = NULL, *pst = NULL;
	const char *col[REPORT_ROW_COLS];
	size_t i;
	int rc = -1;

	if (sqlite3_prepare_v2(db, REPORT_ROW_SQL, -1, &rst, NULL) !=
	        SQLITE_OK ||
	    sqlite3_prepare_v2(db, REPORT_POLICY_SQL, -1, &pst, NULL) !=
	        SQLITE_OK)
		goto out;
	for (i = 0; i < nrows; i++) {
		report_row_cols(&rows[i], col);
		if (bind_step(rst, col, REPORT_ROW_COLS - 1, rows[i].n) == -1)
			goto out;
	}
	for (i = 0; i < npols; i++) {
		report_policy_cols(&pols[i], col);
		if (bind_step(pst, col, REPORT_POLICY_COLS - 1, pols[i].seen) ==
		    -1)
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(rst);
	sqlite3_finalize(pst);
	return rc;
}

/* report_sqlite_add - BEGIN IMMEDIATE, upsert everything, COMMIT */
int
report_sqlite_add(void *db, const struct report_row *rows, size_t nrows,
    const struct report_policy *pols, size_t npols, char *err, size_t len)
{
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		report_err(err, len, "sqlite begin", sqlite3_errmsg(db));
		return -1;
	}
	if (add_all(db, rows, nrows, pols, npols) == -1 ||
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		report_err(err, len, "sqlite write", sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

/* sqlite_bind_all - bind param[i] to the parameter named "$i+1" */
static int
sqlite_bind_all(sqlite3_stmt *st, const char *const *param, int nparam)
{
	char name[16];
	int i, ix;

	for (i = 0; i < nparam; i++) {
		snprintf(name, sizeof(name), "$%d", i + 1);
		/* an unused parameter is not an error: it has no index */
		if ((ix = sqlite3_bind_parameter_index(st, name)) != 0 &&
		    sqlite3_bind_text(st, ix, param[i], -1, SQLITE_STATIC) !=
		        SQLITE_OK)
			return -1;
	}
	return 0;
}

/* report_sqlite_query - prepare, bind by name, step through the rows */
int
report_sqlite_query(void *db, const char *sql, const char *const *param,
    int nparam, report_col_fn fn, void *arg, char *err, size_t len)
{
	const char *col[REPORT_COL_MAX];
	sqlite3_stmt *st = NULL;
	int i, n, rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite_bind_all(st, param, nparam) == -1)
		goto fail;
	n = sqlite3_column_count(st);
	if (n > REPORT_COL_MAX)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			col[i] = (const char *)sqlite3_column_text(st, i);
			if (col[i] == NULL)
				col[i] = "";
		}
		if (fn != NULL && fn(arg, col, n) == -1) {
			report_err(err, len, "report", "a row was refused");
			sqlite3_finalize(st);
			return -1;
		}
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	return n == 0 ? sqlite3_changes(db) : 0;
fail:
	report_err(err, len, "sqlite", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return -1;
}

/* report_sqlite_close - close db; pending statements are all finalized */
void
report_sqlite_close(void *db)
{
	sqlite3_close(db);
}
