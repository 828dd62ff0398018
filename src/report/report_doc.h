/*
 * report_doc.h - the XML document of one aggregate report (RFC 9990) for
 * one (day, policy domain) of the store.
 */
#ifndef REPORT_DOC_H
#define REPORT_DOC_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report/report_query.h"

/* Who reports: org_name, email and the report's id, as given. */
struct report_doc_meta {
	const char *org, *email, *id;
};

/*
 * report_day_bounds - the first and last second of the UTC day
 * (YYYY-MM-DD) into *begin and *end; -1 when day is not one.
 */
int report_day_bounds(const char *day, int64_t *begin, int64_t *end);

/* report_doc_write - the report of pd, rows read from rs, into f; 0/-1 */
int report_doc_write(FILE *f, struct report_store *rs,
    const struct report_doc_meta *m, const struct report_pending *pd, char *err,
    size_t len);
#endif
