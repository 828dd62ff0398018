/*
 * report-record.c - one <record> from a store row: element order, the
 * packed dkim and reasons columns split, hostile values escaped, long ones
 * cut, and store values outside the schema's enumerations mapped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_record.h"
#include "report/report_xml.h"
#include "tap.h"

static const char want[] =
    "  <record>\n"
    "    <row>\n"
    "      <source_ip>192.0.2.1</source_ip>\n"
    "      <count>3</count>\n"
    "      <policy_evaluated>\n"
    "        <disposition>none</disposition>\n"
    "        <dkim>pass</dkim>\n"
    "        <spf>fail</spf>\n"
    "        <reason>\n"
    "          <type>local_policy</type>\n"
    "          <comment>a&lt;b&gt; &amp; &quot;c&quot;&#13; Bcc: x</comment>\n"
    "        </reason>\n"
    "        <reason>\n"
    "          <type>mailing_list</type>\n"
    "        </reason>\n"
    "      </policy_evaluated>\n"
    "    </row>\n"
    "    <identifiers>\n"
    "      <envelope_from>bounce.example</envelope_from>\n"
    "      <header_from>ex&lt;/header_from&gt;ample.com</header_from>\n"
    "    </identifiers>\n"
    "    <auth_results>\n"
    "      <dkim>\n"
    "        <domain>example.com</domain>\n"
    "        <selector>s1</selector>\n"
    "        <result>pass</result>\n"
    "      </dkim>\n"
    "      <dkim>\n"
    "        <domain>other.example</domain>\n"
    "        <selector>k&amp;2</selector>\n"
    "        <result>fail</result>\n"
    "      </dkim>\n"
    "      <spf>\n"
    "        <domain>bounce.example</domain>\n"
    "        <result>softfail</result>\n"
    "      </spf>\n"
    "    </auth_results>\n"
    "  </record>\n";

/* write_row - r through report_record_write into a new string */
static char *
write_row(const struct report_record *r, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		bail_out("open_memstream");
	*rc = report_record_write(f, r);
	if (fclose(f) != 0)
		bail_out("fclose");
	return buf;
}

/* The record of the enumeration cases: every stored word is off. */
static const char want_enum[] =
    "  <record>\n"
    "    <row>\n"
    "      <source_ip>2001:db8::1</source_ip>\n"
    "      <count>1</count>\n"
    "      <policy_evaluated>\n"
    "        <disposition>none</disposition>\n"
    "        <dkim>pass</dkim>\n"
    "        <spf>fail</spf>\n"
    "        <reason>\n"
    "          <type>other</type>\n"
    "          <comment>forwarded:via a list</comment>\n"
    "        </reason>\n"
    "        <reason>\n"
    "          <type>other</type>\n"
    "          <comment>sampled_out</comment>\n"
    "        </reason>\n"
    "        <reason>\n"
    "          <type>policy_test_mode</type>\n"
    "        </reason>\n"
    "        <reason>\n"
    "          <type>other</type>\n"
    "          <comment>the store has disposition &quot;discard&quot;"
    "</comment>\n"
    "        </reason>\n"
    "        <reason>\n"
    "          <type>other</type>\n"
    "          <comment>the store has aligned spf result &quot;&quot;"
    "</comment>\n"
    "        </reason>\n"
    "      </policy_evaluated>\n"
    "    </row>\n"
    "    <identifiers>\n"
    "      <envelope_from></envelope_from>\n"
    "      <header_from>caf\xef\xbf\xbd\xef\xbf\xbdx</header_from>\n"
    "    </identifiers>\n"
    "    <auth_results>\n"
    "      <dkim>\n"
    "        <domain>example.com</domain>\n"
    "        <selector></selector>\n"
    "        <result>permerror</result>\n"
    "        <human_result>the store has result &quot;softfail&quot;"
    "</human_result>\n"
    "      </dkim>\n"
    "      <dkim>\n"
    "        <domain>example.org</domain>\n"
    "        <selector>s</selector>\n"
    "        <result>temperror</result>\n"
    "      </dkim>\n"
    "      <spf>\n"
    "        <domain>x.example</domain>\n"
    "        <result>permerror</result>\n"
    "        <human_result>the store has result &quot;Bogus&lt;&quot;"
    "</human_result>\n"
    "      </spf>\n"
    "    </auth_results>\n"
    "  </record>\n";

/* enum_cases - words the schema lacks never reach the XML as they are */
static void
enum_cases(void)
{
	struct report_record r = { .source_ip = "2001:db8::1",
		.header_from = "caf\xe9\x01x",
		.envelope_from = "",
		.envelope_to = "",
		.spf_domain = "x.example",
		.spf_result = "Bogus<",
		.dkim = "example.com//softfail example.org/s/TEMPERROR",
		.dmarc_dkim = "PASS",
		.dmarc_spf = "",
		.disposition = "discard",
		.reasons = "forwarded:via a list\nsampled_out\n\n"
		           "policy_test_mode:",
		.n = 1 };
	char *out;
	int rc;

	out = write_row(&r, &rc);
	is_int(rc, 0, "record with off-schema words written");
	is_str(out, want_enum,
	    "unknown reason types are other, unknown results permerror, "
	    "a bad disposition none with a reason, bad UTF-8 replaced");
	free(out);
	r.spf_domain = "";
	r.spf_result = "";
	out = write_row(&r, &rc);
	ok(rc == 0 && strstr(out, "<spf>\n") == NULL &&
	        strstr(out, "</dkim>\n    </auth_results>") != NULL,
	    "no SPF domain and no result: no <spf>");
	free(out);
}

/* long_cases - a sender's long value is cut, the record still written */
static void
long_cases(void)
{
	struct report_record r = { .source_ip = "192.0.2.1",
		.header_from = "example.com",
		.envelope_from = "",
		.envelope_to = "",
		.spf_domain = "",
		.spf_result = "none",
		.dkim = "",
		.dmarc_dkim = "fail",
		.dmarc_spf = "fail",
		.disposition = "none",
		.reasons = "",
		.n = 2 };
	char helo[5000], *out;
	const char *p;
	int rc;

	memset(helo, 'h', sizeof(helo) - 1);
	helo[sizeof(helo) - 1] = '\0';
	r.spf_domain = helo;
	out = write_row(&r, &rc);
	p = strstr(out, "<domain>");
	ok(rc == 0 && p != NULL &&
	        strncmp(p + 8 + REPORT_XML_VALUE_MAX, "\xe2\x80\xa6</domain>\n",
	            13) == 0 &&
	        strspn(p + 8, "h") == REPORT_XML_VALUE_MAX,
	    "a 4999-byte HELO as SPF domain: cut at the cap, U+2026");
	free(out);
}

int
main(void)
{
	struct report_record r = { .source_ip = "192.0.2.1",
		.header_from = "ex</header_from>ample.com",
		.envelope_from = "bounce.example",
		.envelope_to = "",
		.spf_domain = "bounce.example",
		.spf_result = "softfail",
		.dkim = "example.com/s1/pass other.example/k&2/fail",
		.dmarc_dkim = "pass",
		.dmarc_spf = "fail",
		.disposition = "none",
		.reasons = "local_policy:a<b> & \"c\"\r Bcc: x\nmailing_list",
		.n = 3 };
	char *out;
	int rc;

	plan(9);
	out = write_row(&r, &rc);
	is_int(rc, 0, "record written");
	is_str(out, want, "order, split columns, escaping");
	free(out);
	r.envelope_to = "rcpt.example";
	out = write_row(&r, &rc);
	ok(rc == 0 &&
	        strstr(out,
	            "<envelope_to>rcpt.example</envelope_to>\n"
	            "      <envelope_from>") != NULL,
	    "envelope_to first when known");
	free(out);
	r.dkim = "broken-no-slashes";
	out = write_row(&r, &rc);
	is_int(rc, -1, "a malformed dkim column refused");
	free(out);
	r.dkim = "";
	out = write_row(&r, &rc);
	ok(rc == 0 && strstr(out, "<dkim>\n") == NULL,
	    "no signature, no <dkim>");
	free(out);
	enum_cases();
	long_cases();
	return done_testing();
}
