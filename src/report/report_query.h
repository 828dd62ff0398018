/*
 * report_query.h - what authreport reads from and writes to the report
 * store: the (day, policy_domain) pairs not yet reported, their rows, and
 * the dmarc_sent mark, the lock and the suppression list; the same SQL
 * runs on SQLite and PostgreSQL stores.
 */
#ifndef REPORT_QUERY_H
#define REPORT_QUERY_H
#include <stddef.h>
#include <stdint.h>

struct report_store;

/* REPORT_QUERY_MAX - the most pending reports one run handles */
#define REPORT_QUERY_MAX 4096

/* One pending report: its day, domain and published policy, copied. */
struct report_pending {
	char day[11], domain[256], discovery[16], p[16], sp[16], np[16];
	char adkim[4], aspf[4], testing[4], fo[64], rua[1024];
};

/*
 * report_query_pending - the policies of days from..to (YYYY-MM-DD) that
 * have no dmarc_sent row, into a new *out of *n (caller frees); 0 or -1.
 */
int report_query_pending(struct report_store *rs, const char *from,
    const char *to, struct report_pending **out, size_t *n, char *err,
    size_t len);

/* report_row_fn - one dmarc_row: 11 columns in report_record.h order */
typedef int (*report_row_fn)(void *arg, const char **col, int64_t n);

/* report_query_rows - call fn for each row of (day, domain); 0 or -1 */
int report_query_rows(struct report_store *rs, const char *day,
    const char *domain, report_row_fn fn, void *arg, char *err, size_t len);

/* report_query_mark - record what became of the report; 0 or -1 */
int report_query_mark(struct report_store *rs, const char *day,
    const char *domain, const char *id, const char *status, const char *detail,
    char *err, size_t len);

/*
 * report_query_lock - take the "authreport" dmarc_lock row for holder; a
 * lock older than an hour is taken over. Returns 0 taken, 1 held by
 * someone else, -1 on error.
 */
int report_query_lock(
    struct report_store *rs, const char *holder, char *err, size_t len);

/* report_query_unlock - delete our lock row; 0 or -1 */
int report_query_unlock(
    struct report_store *rs, const char *holder, char *err, size_t len);

/*
 * report_query_purge - delete the rows, policies and dmarc_sent marks of
 * days before before (YYYY-MM-DD); the rows deleted, or -1.
 */
long long report_query_purge(
    struct report_store *rs, const char *before, char *err, size_t len);

/*
 * report_query_sent - the status and detail of the dmarc_sent row whose
 * report_id is id; 1 found, 0 none, -1 on error.
 */
int report_query_sent(struct report_store *rs, const char *id, char *status,
    size_t slen, char *detail, size_t dlen, char *err, size_t len);

/* report_query_suppressed - is addr, or its domain, in dmarc_suppress? */
int report_query_suppressed(struct report_store *rs, const char *addr);

/* report_query_suppress - add (reason non-NULL) or remove addr; 0 or -1 */
int report_query_suppress(struct report_store *rs, const char *addr,
    const char *reason, char *err, size_t len);

/* report_query_list_suppressed - "address<TAB>reason" lines on stdout */
int report_query_list_suppressed(
    struct report_store *rs, char *err, size_t len);
#endif
