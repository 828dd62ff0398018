/*
 * report_doc.c - the XML document of one aggregate report (RFC 9990):
 * report_metadata, policy_published, then one <record> per store row.
 * Every value goes through report_xml; an enumerated policy tag is written
 * only with a value of the schema; a day without rows is refused.
 */
#define _GNU_SOURCE /* strptime, timegm */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "report/report_doc.h"
#include "report/report_record.h"
#include "report/report_xml.h"

/* report_day_bounds - the first and last second of the UTC day */
int
report_day_bounds(const char *day, int64_t *begin, int64_t *end)
{
	struct tm tm;
	char *e;

	memset(&tm, 0, sizeof(tm));
	if (strlen(day) != 10 || (e = strptime(day, "%Y-%m-%d", &tm)) == NULL ||
	    *e != '\0')
		return -1;
	*begin = (int64_t)timegm(&tm);
	*end = *begin + 86399;
	return 0;
}

/* The rows of one report as they are written. */
struct doc_rows {
	FILE *f;
	int64_t n; /* records written */
};

/* doc_row - one store row as a <record> into the doc_rows arg */
static int
doc_row(void *arg, const char **col, int64_t n)
{
	struct doc_rows *dr = arg;
	struct report_record r = { col[0], col[1], col[2], col[3], col[4],
		col[5], col[6], col[7], col[8], col[9], col[10], n };

	dr->n++;
	return report_record_write(dr->f, &r);
}

/* doc_el - <name>escaped value</name> into f; -1 on error */
static int
doc_el(FILE *f, const char *name, const char *value)
{
	return report_xml_elem(f, 0, name, value, strlen(value));
}

/* doc_enum - <name> with value, in the spelling of set; nothing when
 * value is not in it: the element is optional and absent means default */
static int
doc_enum(FILE *f, const char *name, const char *value, const char *const *set)
{
	const char *w = report_xml_pick(value, strlen(value), set);

	return w == NULL ? 0 : doc_el(f, name, w);
}

/* doc_policy - <policy_published> of pd: domain and p always (a p the
 * schema lacks is "none", RFC 9989 p=), the other tags when valid */
static int
doc_policy(FILE *f, const struct report_pending *pd)
{
	static const char *const disp[] = { "none", "quarantine", "reject",
		NULL };
	static const char *const discovery[] = { "psl", "treewalk", NULL };
	static const char *const align[] = { "r", "s", NULL };
	static const char *const testing[] = { "n", "y", NULL };
	const char *p = report_xml_pick(pd->p, strlen(pd->p), disp);
	int r = 0;

	fprintf(f, "<policy_published>\n");
	r |= doc_el(f, "domain", pd->domain);
	r |= doc_enum(f, "discovery_method", pd->discovery, discovery);
	r |= doc_el(f, "p", p != NULL ? p : "none");
	r |= doc_enum(f, "sp", pd->sp, disp);
	r |= doc_enum(f, "np", pd->np, disp);
	r |= doc_enum(f, "adkim", pd->adkim, align);
	r |= doc_enum(f, "aspf", pd->aspf, align);
	r |= doc_enum(f, "testing", pd->testing, testing);
	if (*pd->fo != '\0')
		r |= doc_el(f, "fo", pd->fo);
	return fprintf(f, "</policy_published>\n") < 0 ? -1 : r;
}

/* report_doc_write - the whole report of pd into f */
int
report_doc_write(FILE *f, struct report_store *rs,
    const struct report_doc_meta *m, const struct report_pending *pd, char *err,
    size_t len)
{
	struct doc_rows dr = { f, 0 };
	int64_t b, e;
	int r = 0;

	if (report_day_bounds(pd->day, &b, &e) == -1)
		return -1;
	fprintf(f,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">\n"
	    "<version>1.0</version>\n<report_metadata>\n");
	r |= doc_el(f, "org_name", m->org);
	r |= doc_el(f, "email", m->email);
	r |= doc_el(f, "report_id", m->id);
	fprintf(f,
	    "<date_range><begin>%" PRId64 "</begin><end>%" PRId64
	    "</end></date_range>\n",
	    b, e);
	r |= doc_el(f, "generator", "authmilter " PACKAGE_VERSION);
	fprintf(f, "</report_metadata>\n");
	r |= doc_policy(f, pd);
	if (r != 0 ||
	    report_query_rows(
	        rs, pd->day, pd->domain, doc_row, &dr, err, len) == -1)
		return -1;
	if (dr.n == 0) { /* RFC 9990: at least one record */
		snprintf(
		    err, len, "%s %s: no rows to report", pd->day, pd->domain);
		return -1;
	}
	fprintf(f, "</feedback>\n");
	return 0;
}
