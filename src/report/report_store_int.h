/*
 * report_store_int.h - what report_store.c shares with its two backends,
 * report_sqlite.c and report_pg.c. Not for use outside src/report.
 */
#ifndef REPORT_STORE_INT_H
#define REPORT_STORE_INT_H

#include "report/report_store.h"

/* The columns of one row or policy, in the order of the SQL below. */
#define REPORT_ROW_COLS 14
#define REPORT_POLICY_COLS 12
/* The most result columns report_store_query hands to its callback. */
#define REPORT_COL_MAX 16

/* $n placeholders read the same in SQLite (as named) and PostgreSQL. */
#define REPORT_ROW_SQL                                                        \
	"INSERT INTO dmarc_row (day, policy_domain, source_ip, header_from, " \
	"envelope_from, envelope_to, spf_domain, spf_result, dkim, "          \
	"dmarc_dkim, dmarc_spf, disposition, reasons, n) VALUES ($1, $2, "    \
	"$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT "   \
	"(day, policy_domain, source_ip, header_from, envelope_from, "        \
	"envelope_to, spf_domain, spf_result, dkim, dmarc_dkim, dmarc_spf, "  \
	"disposition, reasons) DO UPDATE SET n = dmarc_row.n + excluded.n"
#define REPORT_POLICY_SQL                                                      \
	"INSERT INTO dmarc_policy (day, policy_domain, discovery, p, sp, np, " \
	"adkim, aspf, testing, fo, rua, seen) VALUES ($1, $2, $3, $4, $5, "    \
	"$6, $7, $8, $9, $10, $11, $12) ON CONFLICT (day, policy_domain) "     \
	"DO UPDATE SET discovery = excluded.discovery, p = excluded.p, "       \
	"sp = excluded.sp, np = excluded.np, adkim = excluded.adkim, "         \
	"aspf = excluded.aspf, testing = excluded.testing, fo = excluded.fo, " \
	"rua = excluded.rua, seen = excluded.seen "                            \
	"WHERE excluded.seen >= dmarc_policy.seen"

struct report_store {
	enum report_kind kind;
	void *db; /* sqlite3 * or PGconn * */
};

/* report_row_cols - the string columns of r (13), in REPORT_ROW_SQL order */
void report_row_cols(const struct report_row *r, const char **col);
/* report_policy_cols - the string columns of p (11), in SQL order */
void report_policy_cols(const struct report_policy *p, const char **col);
/* report_err - write a message to err (len may be 0) */
void report_err(char *err, size_t len, const char *what, const char *why);

/* report_sqlite_open - open the file path, WAL mode, run the schema */
void *report_sqlite_open(const char *path, char *err, size_t len);
/* report_sqlite_add - the rows and policies in one transaction */
int report_sqlite_add(void *db, const struct report_row *rows, size_t nrows,
    const struct report_policy *pols, size_t npols, char *err, size_t len);
/* report_sqlite_query - report_store_query on SQLite */
int report_sqlite_query(void *db, const char *sql, const char *const *param,
    int nparam, report_col_fn fn, void *arg, char *err, size_t len);
/* report_sqlite_close - close db */
void report_sqlite_close(void *db);

/* report_pg_open - connect to the libpq URI, run the schema */
void *report_pg_open(const char *uri, char *err, size_t len);
/* report_pg_add - the rows and policies in one transaction */
int report_pg_add(void *db, const struct report_row *rows, size_t nrows,
    const struct report_policy *pols, size_t npols, char *err, size_t len);
/* report_pg_query - report_store_query on PostgreSQL */
int report_pg_query(void *db, const char *sql, const char *const *param,
    int nparam, report_col_fn fn, void *arg, char *err, size_t len);
/* report_pg_close - close db */
void report_pg_close(void *db);

#endif
