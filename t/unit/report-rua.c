/*
 * report-rua.c - rua= parsing (mailto: only, "!size" limits, percent
 * decoding, header-injection refusal) and XML escaping of report values.
 */
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

/* xml_cases - every markup character of a hostile value escaped */
static void
xml_cases(void)
{
	char buf[128];

	ok(report_xml_escape(buf, sizeof(buf), "a<b>&\"c'\r\x01") == 0,
	    "escape fits");
	is_str(buf, "a&lt;b&gt;&amp;&quot;c&apos;&#13;?", "all escaped");
	ok(report_xml_escape(buf, 6, "&&") == -1 && buf[0] == '\0',
	    "too long refused, nothing half-written");
}

int
main(void)
{
	plan(16);
	rua_cases();
	xml_cases();
	return done_testing();
}
