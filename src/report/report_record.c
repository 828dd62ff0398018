/*
 * report_record.c - a <record>: <row> (source_ip, count,
 * <policy_evaluated> with its <reason>s), <identifiers> and <auth_results>
 * in the order of the RFC 9990 schema. The store's packed columns (dkim,
 * reasons) are split here; every value goes through report_xml_escape.
 */
#include <inttypes.h>
#include <string.h>

#include "report/report_record.h"
#include "report/report_xml.h"

#define VAL_MAX 1024 /* one escaped value */

/* elem - <name>escaped value</name> at indent ind; -1 on error */
static int
elem(FILE *f, int ind, const char *name, const char *v, size_t n)
{
	char raw[VAL_MAX], esc[VAL_MAX * 6];

	if (n >= sizeof(raw))
		return -1;
	memcpy(raw, v, n);
	raw[n] = '\0';
	if (report_xml_escape(esc, sizeof(esc), raw) != 0)
		return -1;
	return fprintf(f, "%*s<%s>%s</%s>\n", ind, "", name, esc, name) < 0 ? -1
	                                                                    : 0;
}

/* elem_s - elem for a whole string */
static int
elem_s(FILE *f, int ind, const char *name, const char *v)
{
	return elem(f, ind, name, v, strlen(v));
}

/* reasons - each "type:comment" line as a <reason>; -1 on error */
static int
reasons(FILE *f, const char *s)
{
	while (*s != '\0') {
		const char *nl = strchr(s, '\n');
		size_t n = nl == NULL ? strlen(s) : (size_t)(nl - s);
		const char *colon = memchr(s, ':', n);
		size_t tn = colon == NULL ? n : (size_t)(colon - s);

		if (n > 0 &&
		    (fputs("        <reason>\n", f) == EOF ||
		        elem(f, 10, "type", s, tn) != 0 ||
		        (colon != NULL &&
		            elem(f, 10, "comment", colon + 1, n - tn - 1) !=
		                0) ||
		        fputs("        </reason>\n", f) == EOF))
			return -1;
		s += nl == NULL ? n : n + 1;
	}
	return 0;
}

/* one_dkim - one "domain/selector/result" as a <dkim>; -1 on error */
static int
one_dkim(FILE *f, const char *s, size_t n)
{
	const char *a = memchr(s, '/', n), *b;

	if (a == NULL)
		return -1;
	b = memchr(a + 1, '/', n - (size_t)(a + 1 - s));
	if (b == NULL)
		return -1;
	if (fputs("      <dkim>\n", f) == EOF ||
	    elem(f, 8, "domain", s, (size_t)(a - s)) != 0 ||
	    elem(f, 8, "selector", a + 1, (size_t)(b - a - 1)) != 0 ||
	    elem(f, 8, "result", b + 1, n - (size_t)(b + 1 - s)) != 0 ||
	    fputs("      </dkim>\n", f) == EOF)
		return -1;
	return 0;
}

/* auth_results - the <auth_results> element; -1 on error */
static int
auth_results(FILE *f, const struct report_record *r)
{
	const char *s = r->dkim;

	if (fputs("    <auth_results>\n", f) == EOF)
		return -1;
	while (*s != '\0') {
		size_t n = strcspn(s, " ");

		if (n > 0 && one_dkim(f, s, n) != 0)
			return -1;
		s += n;
		s += strspn(s, " ");
	}
	if (fputs("      <spf>\n", f) == EOF ||
	    elem_s(f, 8, "domain", r->spf_domain) != 0 ||
	    elem_s(f, 8, "result", r->spf_result) != 0 ||
	    fputs("      </spf>\n    </auth_results>\n", f) == EOF)
		return -1;
	return 0;
}

/* report_record_write - r as one <record> element to f; -1 on error */
int
report_record_write(FILE *f, const struct report_record *r)
{
	if (fputs("  <record>\n    <row>\n", f) == EOF ||
	    elem_s(f, 6, "source_ip", r->source_ip) != 0 ||
	    fprintf(f, "      <count>%" PRId64 "</count>\n", r->n) < 0 ||
	    fputs("      <policy_evaluated>\n", f) == EOF ||
	    elem_s(f, 8, "disposition", r->disposition) != 0 ||
	    elem_s(f, 8, "dkim", r->dmarc_dkim) != 0 ||
	    elem_s(f, 8, "spf", r->dmarc_spf) != 0 || reasons(f, r->reasons) ||
	    fputs("      </policy_evaluated>\n    </row>\n", f) == EOF ||
	    fputs("    <identifiers>\n", f) == EOF ||
	    (*r->envelope_to != '\0' &&
	        elem_s(f, 6, "envelope_to", r->envelope_to) != 0) ||
	    elem_s(f, 6, "envelope_from", r->envelope_from) != 0 ||
	    elem_s(f, 6, "header_from", r->header_from) != 0 ||
	    fputs("    </identifiers>\n", f) == EOF ||
	    auth_results(f, r) != 0 || fputs("  </record>\n", f) == EOF)
		return -1;
	return 0;
}
