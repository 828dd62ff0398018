/*
 * report_record.c - a <record>: <row> (source_ip, count,
 * <policy_evaluated> with its <reason>s), <identifiers> and <auth_results>
 * in the order of the RFC 9990 schema. The store's packed columns (dkim,
 * reasons) are split here; every value goes through report_xml. A store
 * value outside a schema enumeration is never written as is: the element
 * gets a safe value and the stored text goes where the schema allows text
 * (a reason "other" with a comment, or human_result).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report/report_record.h"
#include "report/report_xml.h"

#define NOTE_MAX (REPORT_XML_VALUE_MAX + 64) /* "the store has ..." */

/* RFC 9990 Appendix A: ActionDispositionType, DMARCResultType,
 * PolicyOverrideType, DKIMResultType and SPFResultType */
static const char *const dispositions[] = { "none", "pass", "quarantine",
	"reject", NULL };
static const char *const dmarc_results[] = { "pass", "fail", NULL };
static const char *const override_types[] = { "local_policy", "mailing_list",
	"other", "policy_test_mode", "trusted_forwarder", NULL };
static const char *const dkim_results[] = { "none", "pass", "fail", "policy",
	"neutral", "temperror", "permerror", NULL };
static const char *const spf_results[] = { "none", "pass", "fail", "softfail",
	"policy", "neutral", "temperror", "permerror", NULL };

/* elem_s - report_xml_elem for a whole string */
static int
elem_s(FILE *f, int ind, const char *name, const char *v)
{
	return report_xml_elem(f, ind, name, v, strlen(v));
}

/* pick_s - report_xml_pick for a whole string */
static const char *
pick_s(const char *v, const char *const *set)
{
	return report_xml_pick(v, strlen(v), set);
}

/* note - "the store has what \"v\"" (n bytes of v, capped) into buf */
static size_t
note(char buf[NOTE_MAX], const char *what, const char *v, size_t n)
{
	int k = snprintf(buf, NOTE_MAX, "the store has %s \"%.*s\"", what,
	    (int)(n < REPORT_XML_VALUE_MAX ? n : REPORT_XML_VALUE_MAX), v);

	return k < 0 ? 0 : (size_t)k < NOTE_MAX ? (size_t)k : NOTE_MAX - 1;
}

/* reason - one <reason> of type t (tn bytes), comment c (cn, 0: none);
 * RFC 9990: a type it lacks is "other", the text leads the comment */
static int
reason(FILE *f, const char *t, size_t tn, const char *c, size_t cn)
{
	const char *type = report_xml_pick(t, tn, override_types);
	char buf[2 * REPORT_XML_VALUE_MAX + 2];
	size_t k;

	if (type == NULL) {
		type = "other";
		k = tn < REPORT_XML_VALUE_MAX ? tn : REPORT_XML_VALUE_MAX;
		memcpy(buf, t, k);
		if (k > 0 && cn > 0)
			buf[k++] = ':';
		cn = cn < REPORT_XML_VALUE_MAX ? cn : REPORT_XML_VALUE_MAX;
		memcpy(buf + k, c, cn);
		c = buf;
		cn += k;
	}
	if (fputs("        <reason>\n", f) == EOF ||
	    elem_s(f, 10, "type", type) != 0 ||
	    (cn > 0 && report_xml_elem(f, 10, "comment", c, cn) != 0) ||
	    fputs("        </reason>\n", f) == EOF)
		return -1;
	return 0;
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
		    reason(f, s, tn, colon == NULL ? "" : colon + 1,
		        colon == NULL ? 0 : n - tn - 1) != 0)
			return -1;
		s += nl == NULL ? n : n + 1;
	}
	return 0;
}

/* policy_evaluated - disposition, dkim, spf and the reasons; a stored
 * word the schema lacks is written as dflt plus a reason "other" */
static int
policy_evaluated(FILE *f, const struct report_record *r)
{
	static const struct {
		const char *name, *what, *dflt;
		const char *const *set;
	} el[3] = { { "disposition", "disposition", "none", dispositions },
		{ "dkim", "aligned dkim result", "fail", dmarc_results },
		{ "spf", "aligned spf result", "fail", dmarc_results } };
	const char *v[3] = { r->disposition, r->dmarc_dkim, r->dmarc_spf };
	const char *w[3];
	char buf[NOTE_MAX];
	size_t i;

	if (fputs("      <policy_evaluated>\n", f) == EOF)
		return -1;
	for (i = 0; i < 3; i++) {
		w[i] = pick_s(v[i], el[i].set);
		if (elem_s(f, 8, el[i].name, w[i] != NULL ? w[i] : el[i].dflt))
			return -1;
	}
	if (reasons(f, r->reasons) != 0)
		return -1;
	for (i = 0; i < 3; i++)
		if (w[i] == NULL &&
		    reason(f, "other", 5, buf,
		        note(buf, el[i].what, v[i], strlen(v[i]))) != 0)
			return -1;
	return fputs("      </policy_evaluated>\n", f) == EOF ? -1 : 0;
}

/* result - <result> of the n bytes at v if set has them, else permerror
 * (RFC 8601 2.7.1: an error that will not go away) and a human_result */
static int
result(FILE *f, const char *v, size_t n, const char *const *set)
{
	const char *w = report_xml_pick(v, n, set);
	char buf[NOTE_MAX];

	if (w != NULL)
		return elem_s(f, 8, "result", w);
	return elem_s(f, 8, "result", "permerror") != 0 ||
	        report_xml_elem(
	            f, 8, "human_result", buf, note(buf, "result", v, n)) != 0
	    ? -1
	    : 0;
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
	    report_xml_elem(f, 8, "domain", s, (size_t)(a - s)) != 0 ||
	    report_xml_elem(f, 8, "selector", a + 1, (size_t)(b - a - 1)) !=
	        0 ||
	    result(f, b + 1, n - (size_t)(b + 1 - s), dkim_results) != 0 ||
	    fputs("      </dkim>\n", f) == EOF)
		return -1;
	return 0;
}

/* auth_results - every <dkim>, then <spf> unless nothing was checked */
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
	if ((*r->spf_domain != '\0' || *r->spf_result != '\0') &&
	    (fputs("      <spf>\n", f) == EOF ||
	        elem_s(f, 8, "domain", r->spf_domain) != 0 ||
	        result(f, r->spf_result, strlen(r->spf_result), spf_results) !=
	            0 ||
	        fputs("      </spf>\n", f) == EOF))
		return -1;
	return fputs("    </auth_results>\n", f) == EOF ? -1 : 0;
}

/* report_record_write - r as one <record> element to f; -1 on error */
int
report_record_write(FILE *f, const struct report_record *r)
{
	if (fputs("  <record>\n    <row>\n", f) == EOF ||
	    elem_s(f, 6, "source_ip", r->source_ip) != 0 ||
	    fprintf(f, "      <count>%" PRId64 "</count>\n", r->n) < 0 ||
	    policy_evaluated(f, r) != 0 || fputs("    </row>\n", f) == EOF ||
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
