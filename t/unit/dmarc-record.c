/*
 * dmarc-record.c - DMARC Policy Records (RFC 9989 4.7): each accepted
 * record summarised as "p sp np adkim/aspf psd t rua", each refused one
 * with its status: not DMARC (discarded, does not count as a record) or
 * invalid (a DMARC record that cannot be used).
 */
#include <stdio.h>
#include <string.h>

#include "dmarc/dmarc_int.h"
#include "tap.h"

#define NOT "not-dmarc"
#define BAD "invalid"

static const struct {
	const char *name, *in, *want;
} cases[] = {
	{ "minimal", "v=DMARC1; p=none", "none - - r/r u n " },
	{ "RFC 9989 example: reject with rua",
	    "v=DMARC1; p=reject; rua=mailto:dmarc-feedback@example.com",
	    "reject - - r/r u n mailto:dmarc-feedback@example.com" },
	{ "every tag",
	    "v=DMARC1;p=quarantine;sp=reject;np=none;adkim=s;aspf=s;psd=n;"
	    "t=y;rua=mailto:a@example.com;ruf=mailto:b@example.com;fo=1",
	    "quarantine reject none s/s n y mailto:a@example.com" },
	{ "white space and folding around tags",
	    "v=DMARC1 ;  p = reject ;\r\n sp=none  ;",
	    "reject none - r/r u n " },
	{ "keywords are case-insensitive", "v=DMARC1; p=REJECT; psd=Y",
	    "reject - - r/r y n " },
	{ "psd=u", "v=DMARC1; p=none; psd=u", "none - - r/r u n " },
	{ "unknown tags ignored", "v=DMARC1; p=reject; foo=bar; zz=1",
	    "reject - - r/r u n " },
	{ "removed pct rf ri ignored",
	    "v=DMARC1; p=reject; pct=0; rf=afrf; ri=1", "reject - - r/r u n " },
	{ "bad sp without rua: invalid", "v=DMARC1; p=reject; sp=bogus", BAD },
	{ "bad np without rua: invalid", "v=DMARC1; p=reject; np=x", BAD },
	{ "bad sp with mailto rua: p=none alone",
	    "v=DMARC1; p=reject; sp=quarantin; np=reject; "
	    "rua=mailto:r@example.com",
	    "none - - r/r u n mailto:r@example.com" },
	{ "bad adkim is relaxed", "v=DMARC1; p=reject; adkim=x",
	    "reject - - r/r u n " },
	{ "bad p with mailto rua is none",
	    "v=DMARC1; p=bogus; rua=mailto:r@example.com",
	    "none - - r/r u n mailto:r@example.com" },
	{ "no p with mailto rua is none", "v=DMARC1; rua=mailto:r@example.com",
	    "none - - r/r u n mailto:r@example.com" },
	{ "no p, rua without mailto: invalid",
	    "v=DMARC1; rua=https://example.com/r", BAD },
	{ "no p, no rua: invalid", "v=DMARC1; sp=reject", BAD },
	{ "bad p, no rua: invalid", "v=DMARC1; p=bogus", BAD },
	{ "duplicate p: invalid", "v=DMARC1; p=none; p=reject", BAD },
	{ "duplicate unknown tag: ignored", "v=DMARC1; p=none; x=1; x=2",
	    "none - - r/r u n " },
	{ "duplicate p with mailto rua: p=none alone",
	    "v=DMARC1; p=reject; p=reject; rua=mailto:r@example.com",
	    "none - - r/r u n mailto:r@example.com" },
	{ "duplicate adkim: the default",
	    "v=DMARC1; p=reject; adkim=s; adkim=s", "reject - - r/r u n " },
	{ "second v: ignored", "v=DMARC1; p=none; v=DMARC1",
	    "none - - r/r u n " },
	{ "tag without =: discarded (RFC 9989 4.8)", "v=DMARC1; p=none; junk",
	    "none - - r/r u n " },
	{ "tag without value: discarded",
	    "v=DMARC1; p=reject; sp=", "reject - - r/r u n " },
	{ "p without =: no valid p", "v=DMARC1; p reject", BAD },
	{ "digit in a tag name: discarded", "v=DMARC1; p=none; x1=2",
	    "none - - r/r u n " },
	{ "hyphen in a tag name: discarded", "v=DMARC1; p=none; x-y=2",
	    "none - - r/r u n " },
	{ "control in a value: that tag discarded", "v=DMARC1; p=none; x=a\x01",
	    "none - - r/r u n " },
	{ "control in p: no valid p", "v=DMARC1; p=reject\x01", BAD },
	{ "v not first: not DMARC", "p=reject; v=DMARC1", NOT },
	{ "lower-case dmarc1: not DMARC", "v=dmarc1; p=reject", NOT },
	{ "DMARC2: not DMARC", "v=DMARC2; p=reject", NOT },
	{ "SPF record: not DMARC", "v=spf1 -all", NOT },
	{ "empty: not DMARC", "", NOT },
	{ "v=DMARC1 alone: invalid (no p, no rua)", "v=DMARC1", BAD },
	{ "trailing semicolons tolerated", "v=DMARC1; p=reject;;",
	    "reject - - r/r u n " },
};

/* pname - short policy name, "-" for unset */
static const char *
pname(enum dmarc_policy p)
{
	return p == DMARC_POLICY_UNSET ? "-" : dmarc_policy_name(p);
}

/* summary - the parsed record as one line */
static void
summary(const struct dmarc_record *r, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s %s %c/%c %c %c %s", pname(r->p), pname(r->sp),
	    pname(r->np), r->adkim_strict ? 's' : 'r',
	    r->aspf_strict ? 's' : 'r', "uyn"[r->psd], r -> testing ? 'y' : 'n',
	    r->rua);
}

/* check_caps - a rua= longer than kept, and a NUL */
static void
check_caps(void)
{
	static char txt[DMARC_URI_MAX + 64];
	struct dmarc_record r;
	size_t n;

	n = (size_t)snprintf(txt, sizeof(txt), "v=DMARC1; p=reject; rua=");
	memset(txt + n, 'a', sizeof(txt) - n - 1);
	txt[sizeof(txt) - 1] = '\0';
	is_int(dmarc_record_parse(txt, strlen(txt), &r, NULL), DMARC_RECORD_OK,
	    "a rua= over the cap: the record stays valid");
	ok(r.uri_overflow && r.rua[0] == '\0' && r.p == DMARC_POLICY_REJECT,
	    "a rua= over the cap: flagged, not truncated");
	is_int(dmarc_record_parse("v=DMARC1; p=none\0; p=reject", 27, &r, NULL),
	    DMARC_RECORD_OK, "a NUL inside a tag: that tag discarded");
	is_int(r.p, DMARC_POLICY_REJECT,
	    "a NUL inside a tag: not taken as the end of the record");
}

int
main(void)
{
	struct dmarc_record r;
	enum dmarc_record_status st;
	char got[2 * DMARC_URI_MAX];
	const char *why;
	size_t i;

	plan(49);
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		st = dmarc_record_parse(
		    cases[i].in, strlen(cases[i].in), &r, &why);
		if (st == DMARC_RECORD_OK)
			summary(&r, got, sizeof(got));
		else
			strlcpy(got, st == DMARC_RECORD_NOT_DMARC ? NOT : BAD,
			    sizeof(got));
		is_str(got, cases[i].want, "%s", cases[i].name);
		if (st == DMARC_RECORD_INVALID)
			ok(why != NULL && why[0] != '\0', "%s: says why (%s)",
			    cases[i].name, why ? why : "");
	}
	check_caps();
	return done_testing();
}
