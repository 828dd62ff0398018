/*
 * report-rua.c - rua= parsing (mailto: only, "!size" limits, percent
 * decoding, header-injection refusal) and the XML text of report values:
 * escaping, U+FFFD for bad UTF-8 and controls, caps, enumerations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_rua.h"
#include "report/report_xml.h"
#include "tap.h"

/* rua_cases - which URIs of a rua= survive, with which limit */
static void
rua_cases(void)
{
	struct report_rua r[REPORT_RUA_MAX];
	size_t n;

	n = report_rua_parse(" mailto:a@example.org , https://x.example/r,"
	                     "mailto:b%40x@rep.example.net!10m",
	    r, REPORT_RUA_MAX);
	is_int(
	    (int)n, 1, "https dropped, %%40 decoded into a second @ refused");
	is_str(r[0].addr, "a@example.org", "blanks around a URI trimmed");
	n = report_rua_parse("mailto:dmarc%2Brua@rep.example.net!10m,"
	                     "MAILTO:c@example.org!2k",
	    r, REPORT_RUA_MAX);
	is_int((int)n, 2, "two mailto URIs");
	is_str(r[0].addr, "dmarc+rua@rep.example.net", "percent-decoded");
	ok(r[0].limit == 10ull << 20, "!10m is 10 MiB");
	ok(r[1].limit == 2048, "!2k is 2048 bytes, scheme case-blind");
	n = report_rua_parse(
	    "mailto:x@example.org%0D%0ABcc:y@evil.example,"
	    "mailto:a@b.example!9x,mailto:a%4@b.example,"
	    "mailto:a@b.example?subject=x,mailto:<a@b.example>",
	    r, REPORT_RUA_MAX);
	is_int((int)n, 0, "CRLF, bad limit, bad escape, query, <> refused");
	ok(!report_addr_ok("a@b.example,c@d.example"), "comma refused");
	ok(!report_addr_ok("a@b.example\r\nX: y"), "CR LF in domain refused");
	ok(!report_addr_ok("a\r\nb@example.org"),
	    "CR LF in local part refused");
	ok(!report_addr_ok("@b.example") && !report_addr_ok("a@"),
	    "empty local part or domain refused");
	ok(report_addr_ok("dmarc-reports@rep.example.net"), "plain accepted");
	is_str(report_addr_domain("a@rep.example.net"), "rep.example.net",
	    "domain part");
}

#define FFFD "\xEF\xBF\xBD"

/* xml_cases - any bytes come out as XML 1.0 text in valid UTF-8 */
static void
xml_cases(void)
{
	static const struct {
		const char *name, *in;
		size_t n; /* 0: strlen(in) */
		const char *want;
	} cases[] = {
		{ "markup characters escaped", "a<b>&\"c'", 0,
		    "a&lt;b&gt;&amp;&quot;c&apos;" },
		{ "CR a reference, tab and LF kept", "a\rb\tc\nd", 0,
		    "a&#13;b\tc\nd" },
		{ "C0 controls become U+FFFD",
		    "a\x01"
		    "b\x1b\x1f",
		    0, "a" FFFD "b" FFFD FFFD },
		{ "NUL inside the value becomes U+FFFD", "a\0b", 3,
		    "a" FFFD "b" },
		{ "DEL and C1 controls become U+FFFD", "\x7f\xc2\x80\xc2\x9f",
		    0, FFFD FFFD FFFD },
		{ "valid UTF-8 kept: NBSP, e-acute, euro, emoji, U+10FFFF",
		    "\xc2\xa0\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf",
		    0,
		    "\xc2\xa0\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf" },
		{ "U+FFFD itself kept", FFFD, 0, FFFD },
		{ "Latin-1 byte becomes U+FFFD", "caf\xe9!", 0,
		    "caf" FFFD "!" },
		{ "lone continuation byte", "\x80x", 0, FFFD "x" },
		{ "overlong 2 and 3 byte forms", "\xc0\xaf\xe0\x80\xaf", 0,
		    FFFD FFFD FFFD FFFD FFFD },
		{ "surrogate", "\xed\xa0\x80", 0, FFFD FFFD FFFD },
		{ "past U+10FFFF", "\xf4\x90\x80\x80\xf5", 0,
		    FFFD FFFD FFFD FFFD FFFD },
		{ "sequence cut by the end", "a\xe2\x82", 0, "a" FFFD FFFD },
		{ "sequence cut by ASCII", "\xe2\x82<", 0, FFFD FFFD "&lt;" },
		{ "U+FFFE and U+FFFF are not characters",
		    "\xef\xbf\xbe\xef\xbf\xbf", 0, FFFD FFFD },
	};
	char buf[128];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = cases[i].n ? cases[i].n : strlen(cases[i].in);

		if (report_xml_escape_n(buf, sizeof(buf), cases[i].in, n) != 0)
			buf[0] = '\0';
		is_str(buf, cases[i].want, "xml: %s", cases[i].name);
	}
	ok(report_xml_escape(buf, 6, "&&") == -1 && buf[0] == '\0',
	    "xml: too long refused, nothing half-written");
	ok(report_xml_escape(buf, 4, "abc") == 0 &&
	        report_xml_escape(buf, 3, "abc") == -1,
	    "xml: the NUL counts in cap");
	ok(report_xml_escape(buf, 4, "\xff") == 0 && strcmp(buf, FFFD) == 0 &&
	        report_xml_escape(buf, 3, "\xff") == -1,
	    "xml: a replacement must fit whole");
}

/* elem_of - report_xml_elem of the n bytes at v into a new string */
static char *
elem_of(const char *v, size_t n, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		bail_out("open_memstream");
	*rc = report_xml_elem(f, 2, "e", v, n);
	if (fclose(f) != 0)
		bail_out("fclose");
	return buf;
}

/* elem_cases - elements are capped, never cut inside a character */
static void
elem_cases(void)
{
	static const char *const set[] = { "pass", "fail", NULL };
	char v[REPORT_XML_VALUE_MAX + 200], want[sizeof(v) + 32];
	char *out;
	int rc;

	out = elem_of("a&b", 3, &rc);
	ok(rc == 0 && strcmp(out, "  <e>a&amp;b</e>\n") == 0,
	    "elem: indented, escaped");
	free(out);
	memset(v, '&', REPORT_XML_VALUE_MAX);
	out = elem_of(v, REPORT_XML_VALUE_MAX, &rc);
	ok(rc == 0 && strlen(out) == 2 + 3 + 5 * REPORT_XML_VALUE_MAX + 5,
	    "elem: a value of the most bytes, all escaped, fits whole");
	free(out);
	memset(v, 'a', sizeof(v));
	memcpy(v + REPORT_XML_VALUE_MAX - 1, "\xe2\x82\xac", 3);
	out = elem_of(v, sizeof(v), &rc);
	snprintf(want, sizeof(want), "  <e>%.*s\xe2\x80\xa6</e>\n",
	    REPORT_XML_VALUE_MAX - 1, v);
	is_str(rc == 0 ? out : "", want,
	    "elem: a long value cut before the character at the cap, "
	    "ends in U+2026");
	free(out);
	is_str(report_xml_pick("PASS", 4, set), "pass",
	    "pick: case-blind, our spelling");
	ok(report_xml_pick("pas", 3, set) == NULL &&
	        report_xml_pick("passed", 4, set) != NULL &&
	        report_xml_pick("", 0, set) == NULL &&
	        report_xml_pick("passx", 5, set) == NULL,
	    "pick: the n bytes exactly, no prefix, no empty");
}

int
main(void)
{
	plan(13 + 18 + 5);
	rua_cases();
	xml_cases();
	elem_cases();
	return done_testing();
}
