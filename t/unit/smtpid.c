/*
 * smtpid.c - the identity grammar: a MAIL FROM path to its mailbox
 * (source routes dropped), domains to A-labels, Dot-strings, address
 * literals and AUTH names, with the refusals that keep method=result text
 * out of echoed values.
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "util/smtpid.h"

static const struct {
	const char *name, *in, *want;
} paths[] = {
	{ "brackets go", "<a@b.example>", "a@b.example" },
	{ "no brackets", "a@b.example", "a@b.example" },
	{ "null sender", "<>", "" },
	{ "source route dropped",
	    "<@relay.example,@paypal.example:alice@example.test>",
	    "alice@example.test" },
	{ "one-hop route dropped", "@r.example:a@b.example", "a@b.example" },
	{ "IPv6 literal in a route", "<@[IPv6:2001:db8::1]:a@b.example>",
	    "a@b.example" },
	{ "not a route: no colon", "<@r.example,a@b.example>",
	    "@r.example,a@b.example" },
	{ "not a route: space", "<@r example:a@b.example>",
	    "@r example:a@b.example" },
	{ "empty route hop", "<@,@r.example:a@b.example>",
	    "@,@r.example:a@b.example" },
};

static const struct {
	const char *name, *in, *want; /* want NULL: refused */
} domains[] = {
	{ "ASCII as it is", "Mail.Example", "Mail.Example" },
	{ "U-label to A-label",
	    "b\xc3\xbc"
	    "cher.example",
	    "xn--bcher-kva.example" },
	{ "upper case U-label mapped",
	    "B\xc3\x9c"
	    "CHER.example",
	    "xn--bcher-kva.example" },
	{ "not UTF-8",
	    "b\xfc"
	    "cher.example",
	    NULL },
	{ "not IDNA2008 (a symbol)", "\xe2\x98\x83.example", NULL },
};

static const struct {
	const char *name, *in;
	bool utf8, want;
} auths[] = {
	{ "plain user", "alice", false, true },
	{ "user@domain", "alice@example.test", false, true },
	{ "dots and plus", "a.b+c_d-e", false, true },
	{ "semicolon", "user; dkim=pass header.d=paypal.example", false,
	    false },
	{ "equals sign", "dkim=pass", false, false },
	{ "quotes", "\"alice\"", false, false },
	{ "space", "alice smith", false, false },
	{ "8-bit without SMTPUTF8", "j\xc3\xb6rg", false, false },
	{ "UTF-8 with SMTPUTF8", "j\xc3\xb6rg", true, true },
	{ "bad UTF-8 even with SMTPUTF8", "j\xf6rg", true, false },
	{ "empty", "", false, false },
	{ "double dot", "a..b", false, false },
	{ "bad domain", "a@b;c.example", false, false },
};

static const struct {
	const char *name, *in;
	bool want;
} literals[] = {
	{ "IPv4", "[192.0.2.1]", true },
	{ "IPv6", "[IPv6:2001:db8::1]", true },
	{ "IPv6 without tag", "[2001:db8::1]", false },
	{ "junk", "[x; dkim=pass]", false },
	{ "no brackets", "192.0.2.1", false },
};

int
main(void)
{
	char out[256];
	const char *mb;
	size_t i, n;
	bool r;

	plan(45);

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		smtpid_mailbox(paths[i].in, &mb, &n);
		snprintf(out, sizeof(out), "%.*s", (int)n, mb);
		is_str(out, paths[i].want, "mailbox: %s", paths[i].name);
	}
	for (i = 0; i < sizeof(domains) / sizeof(domains[0]); i++) {
		r = smtpid_domain_alabel(
		    domains[i].in, strlen(domains[i].in), out, sizeof(out));
		if (domains[i].want == NULL)
			ok(!r && out[0] == '\0', "A-label: %s refused",
			    domains[i].name);
		else
			is_str(r ? out : "(refused)", domains[i].want,
			    "A-label: %s", domains[i].name);
	}
	ok(!smtpid_domain_alabel("b\xc3\xbc"
	                         "cher.example",
	       14, out, 10),
	    "A-label: too long for out is refused");
	for (i = 0; i < sizeof(auths) / sizeof(auths[0]); i++)
		is_int(smtpid_auth_ok(auths[i].in, auths[i].utf8),
		    auths[i].want, "auth: %s", auths[i].name);
	for (i = 0; i < sizeof(literals) / sizeof(literals[0]); i++)
		is_int(
		    smtpid_literal_ok(literals[i].in, strlen(literals[i].in)),
		    literals[i].want, "literal: %s", literals[i].name);
	ok(smtpid_dot_string("SRS0=x=y", 8, false, true),
	    "Dot-string: '=' taken where asked (SRS)");
	ok(!smtpid_dot_string("SRS0=x=y", 8, false, false),
	    "Dot-string: '=' refused where asked");
	ok(smtpid_domain_ok("mail.example.", 13), "domain: final dot");
	ok(!smtpid_domain_ok("-a.example", 10), "domain: leading hyphen");
	ok(!smtpid_domain_ok("a b.example", 11), "domain: space");
	ok(smtpid_utf8_ok("\xf0\x9f\x98\x80", 4), "UTF-8: 4 octets");
	ok(!smtpid_utf8_ok("\xc0\xaf", 2), "UTF-8: overlong refused");
	ok(!smtpid_utf8_ok("\xed\xa0\x80", 3), "UTF-8: surrogate refused");
	ok(!smtpid_utf8_ok("\xc3", 1), "UTF-8: cut sequence refused");
	{
		char *with[] = { "SIZE=10", "smtputf8", NULL };
		char *without[] = { "SIZE=10", "BODY=8BITMIME", NULL };

		ok(smtpid_smtputf8(with), "SMTPUTF8 parameter found");
		ok(!smtpid_smtputf8(without), "no SMTPUTF8 parameter");
		ok(!smtpid_smtputf8(NULL), "no parameters at all");
	}
	return done_testing();
}
