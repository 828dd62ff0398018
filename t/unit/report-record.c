/*
 * report-record.c - one <record> from a store row: element order, the
 * packed dkim and reasons columns split, hostile values escaped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_record.h"
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

	plan(5);
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
	return done_testing();
}
