/*
 * report_doc.c - the XML document of one aggregate report (RFC 9990):
 * report_metadata, policy_published, then one <record> per store row.
 * Every value goes through report_xml_escape.
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

/* doc_row - one store row as a <record> into the FILE arg */
static int
doc_row(void *arg, const char **col, int64_t n)
{
	struct report_record r = { col[0], col[1], col[2], col[3], col[4],
		col[5], col[6], col[7], col[8], col[9], col[10], n };

	return report_record_write(arg, &r);
}

/* doc_el - <name>escaped value</name> into f; -1 if too long */
static int
doc_el(FILE *f, const char *name, const char *value)
{
	char esc[4096];

	if (report_xml_escape(esc, sizeof(esc), value) == -1)
		return -1;
	fprintf(f, "<%s>%s</%s>\n", name, esc, name);
	return 0;
}

/* report_doc_write - the whole report of pd into f */
int
report_doc_write(FILE *f, struct report_store *rs,
    const struct report_doc_meta *m, const struct report_pending *pd, char *err,
    size_t len)
{
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
	fprintf(f, "</report_metadata>\n<policy_published>\n");
	r |= doc_el(f, "domain", pd->domain);
	r |= doc_el(f, "discovery_method", pd->discovery);
	r |= doc_el(f, "p", pd->p);
	if (*pd->sp != '\0')
		r |= doc_el(f, "sp", pd->sp);
	if (*pd->np != '\0')
		r |= doc_el(f, "np", pd->np);
	r |= doc_el(f, "adkim", pd->adkim);
	r |= doc_el(f, "aspf", pd->aspf);
	r |= doc_el(f, "testing", pd->testing);
	if (*pd->fo != '\0')
		r |= doc_el(f, "fo", pd->fo);
	fprintf(f, "</policy_published>\n");
	if (r != 0 ||
	    report_query_rows(rs, pd->day, pd->domain, doc_row, f, err, len) ==
	        -1)
		return -1;
	fprintf(f, "</feedback>\n");
	return 0;
}
