/*
 * spf-check.c - spf_check with hostile and odd identities: nothing
 * crashes, ill-formed names give "none" without a lookup (RFC 7208 4.3),
 * the null sender is postmaster@HELO (2.4), a DNS failure is temperror,
 * and no CR or LF reaches the header. A local part never hides the
 * domain (a DNS failure, temperror, shows the domain was looked up); a
 * source route is ignored, U-labels become A-labels, and what fails the
 * identity grammar is left out of the field with a comment. The
 * resolver points at a closed loopback port, so every lookup fails at
 * once.
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "authres/authres.h"
#include "dns/dns.h"
#include "spf/spf_check.h"
#include "tap.h"

/* closed_port - a loopback UDP port nothing listens on */
static int
closed_port(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s == -1 || bind(s, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    getsockname(s, (struct sockaddr *)&sin, &len) == -1)
		return 9;
	close(s);
	return ntohs(sin.sin_port);
}

static const struct {
	const char *name, *helo, *mailfrom, *want, *shown, *note;
	bool smtputf8;
} cases[] = {
	{ "CR LF in a local-part: domain checked, local-part not shown",
	    "mx.example.org", "x@y.example;\r\nBcc: z@evil.example",
	    "temperror", "evil.example",
	    "local-part not shown: not a Dot-string", false },
	{ "U-label domain checked as A-labels", "mx.example.org",
	    "a@\xc3\xa9t\xc3\xa9.example", "temperror", "a@xn--t-9fab.example",
	    NULL, false },
	{ "not IDNA2008: none, not shown", "mx.example.org",
	    "a@\xe2\x98\x83.example", "none", NULL,
	    "MAIL FROM not shown: not an address", false },
	{ "source route ignored", "mx.example.org",
	    "<@relay.example,@paypal.example:alice@example.test>", "temperror",
	    "alice@example.test", NULL, false },
	{ "8-bit local-part without SMTPUTF8 not shown", "mx.example.org",
	    "j\xc3\xb6rg@example.com", "temperror", "example.com",
	    "local-part not shown: 8-bit without SMTPUTF8", false },
	{ "UTF-8 local-part with SMTPUTF8 shown", "mx.example.org",
	    "j\xc3\xb6rg@example.com", "temperror", "j\xc3\xb6rg@example.com",
	    NULL, true },
	{ "quoted local-part not shown", "mx.example.org",
	    "\"a; dkim=pass\"@example.com", "temperror", "example.com",
	    "local-part not shown: not a Dot-string", false },
	{ "dkim=pass in a local-part not shown", "mx.example.org",
	    "dkim=pass@evil.example", "temperror", "evil.example",
	    "local-part not shown: method= inside", false },
	{ "x.SPF=pass in a local-part not shown", "mx.example.org",
	    "x.SPF=pass@evil.example", "temperror", "evil.example",
	    "local-part not shown: method= inside", false },
	{ "a-dmarc=pass in a local-part not shown", "mx.example.org",
	    "a-dmarc=pass@evil.example", "temperror", "evil.example",
	    "local-part not shown: method= inside", false },
	{ "SRS sender shown", "mx.example.org",
	    "SRS0=ab=cd=x.example=u@example.com", "temperror",
	    "SRS0=ab=cd=x.example=u@example.com", NULL, false },
	{ "domain literal is none, shown", "mx.example.org", "a@[192.0.2.1]",
	    "none", "a@[192.0.2.1]", NULL, false },
	{ "one-label domain is none", "mx.example.org", "a@localhost", "none",
	    NULL, NULL, false },
	{ "65-octet local-part: the domain is checked", "mx.example.org",
	    "a1234567890123456789012345678901234567890123456789012345678901234"
	    "@example.com",
	    "temperror",
	    "a1234567890123456789012345678901234567890123456789012345678901234"
	    "@example.com",
	    NULL, false },
	{ "null sender is postmaster@HELO", "mx.example.org", "<>", "temperror",
	    "postmaster@mx.example.org", NULL, false },
	{ "empty sender is postmaster@HELO", "mx.example.org", "", "temperror",
	    "postmaster@mx.example.org", NULL, false },
	{ "null sender, hostile HELO is none", "a\";b\r\n.example", "<>",
	    "none", NULL, NULL, false },
	{ "DNS failure is temperror", "mx.example.org", "<a@example.com>",
	    "temperror", "a@example.com", NULL, false },
	{ "no local-part is postmaster", "mx.example.org", "@example.com",
	    "temperror", NULL, NULL, false },
};

static const struct {
	const char *name, *helo, *want, *shown; /* shown NULL: left out */
} helos[] = {
	{ "HELO name", "mx.example.org", "temperror", "mx.example.org" },
	{ "U-label HELO as A-labels",
	    "b\xc3\xbc"
	    "cher.example",
	    "temperror", "xn--bcher-kva.example" },
	{ "HELO address literal shown", "[192.0.2.1]", "none", "[192.0.2.1]" },
	{ "HELO IPv6 literal shown", "[IPv6:2001:db8::1]", "none",
	    "[IPv6:2001:db8::1]" },
	{ "HELO with ';' left out", "x; dkim=pass header.d=paypal.example",
	    "none", NULL },
	{ "HELO with a space left out", "mx example", "none", NULL },
	{ "HELO with quotes left out", "\"mx.example\"", "none", NULL },
	{ "HELO not UTF-8 left out",
	    "b\xfc"
	    "cher.example",
	    "none", NULL },
};

/* helo_cases - what the HELO identity gives and how it is echoed */
static void
helo_cases(struct spf_verifier *v)
{
	char big[400], want[256];
	struct spf_check *sc;
	struct authres *ar;
	const char *got;
	size_t i, n;

	for (i = 0; i < sizeof(helos) / sizeof(helos[0]); i++) {
		sc = spf_check_new(v, NULL, "192.0.2.10");
		ar = authres_new("mx.example.net");
		spf_check_start_helo(sc, helos[i].helo);
		is_int(spf_check_helo(sc, ar), 0, "%s: ran", helos[i].name);
		is_str(authres_get_result(ar, 0), helos[i].want, "%s: result",
		    helos[i].name);
		got = authres_lookup_prop(ar, 0, "smtp", "helo");
		if (helos[i].shown != NULL)
			is_str(got, helos[i].shown, "%s: shown", helos[i].name);
		else
			ok(got == NULL && authres_prop_count(ar, 0) == 0 &&
			        authres_get_result_comment(ar, 0) != NULL &&
			        strcmp(authres_get_result_comment(ar, 0),
			            "HELO name not shown: not a domain or "
			            "address literal") == 0,
			    "%s: not shown, comment says so", helos[i].name);
		authres_free(ar);
		spf_check_free(sc);
	}
	/* a U-label name of 331 octets whose A-label form (195) fits is
	 * converted whole, never cut first */
	big[0] = want[0] = '\0';
	for (i = 0; i < 4; i++) {
		for (n = 0; n < 40; n++)
			strlcat(big, "\xc3\xa9", sizeof(big));
		strlcat(big, ".", sizeof(big));
		strlcat(want, "xn--9caaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
		    sizeof(want));
	}
	strlcat(big, "example", sizeof(big));
	strlcat(want, "example", sizeof(want));
	sc = spf_check_new(v, NULL, "192.0.2.10");
	ar = authres_new("mx.example.net");
	spf_check_start_helo(sc, big);
	spf_check_helo(sc, ar);
	is_str(authres_get_result(ar, 0), "temperror",
	    "long U-label HELO: checked");
	is_str(authres_lookup_prop(ar, 0, "smtp", "helo"), want,
	    "long U-label HELO: shown as A-labels");
	authres_free(ar);
	spf_check_free(sc);
}

int
main(void)
{
	char ns[64], err[128], huge[2048], *out;
	struct dns_config cfg = { 0 };
	struct dns_resolver *dns;
	struct spf_verifier *v;
	struct spf_check *sc;
	struct authres *ar;
	size_t i;

	plan(134);
	snprintf(ns, sizeof(ns), "127.0.0.1@%d", closed_port());
	cfg.nameservers = ns;
	cfg.timeout_ms = 500;
	dns = dns_resolver_new(&cfg, err, sizeof(err));
	if (dns == NULL)
		bail_out("resolver: %s", err);
	v = spf_verifier_new(dns, NULL, err, sizeof(err));
	ok(v != NULL, "verifier made");
	if (v == NULL)
		bail_out("verifier: %s", err);
	ok(spf_check_new(v, NULL, "not-an-ip") == NULL,
	    "a bad client IP refused");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sc = spf_check_new(v, NULL, "192.0.2.10");
		ar = authres_new("mx.example.net");
		is_int(spf_check_get_result_mailfrom(sc), AUTHRES_RESULT_NONE,
		    "%s: none before evaluation", cases[i].name);
		spf_check_start_helo(sc, cases[i].helo);
		spf_check_start_mailfrom(
		    sc, cases[i].mailfrom, cases[i].smtputf8);
		is_int(spf_check_mailfrom(sc, ar), 0, "%s: ran", cases[i].name);
		is_str(authres_get_result(ar, 0), cases[i].want, "%s",
		    cases[i].name);
		if (cases[i].shown != NULL)
			is_str(authres_lookup_prop(ar, 0, "smtp", "mailfrom"),
			    cases[i].shown, "%s: reported as", cases[i].name);
		if (cases[i].note != NULL)
			is_str(cases[i].shown != NULL
			        ? authres_get_prop_comment(ar, 0, 0)
			        : authres_get_result_comment(ar, 0),
			    cases[i].note, "%s: comment", cases[i].name);
		out = NULL;
		authres_format(ar, 0, &out);
		ok(out != NULL && strchr(out, '\r') == NULL,
		    "%s: no CR in the header", cases[i].name);
		free(out);
		authres_free(ar);
		spf_check_free(sc);
	}
	helo_cases(v);
	/* overlong input, HELO first evaluated, then a repeated call */
	memset(huge, 'a', sizeof(huge) - 1);
	huge[sizeof(huge) - 1] = '\0';
	sc = spf_check_new(v, NULL, "2001:db8::5");
	ar = authres_new("mx.example.net");
	spf_check_start_helo(sc, huge);
	spf_check_start_mailfrom(sc, huge, false);
	is_int(spf_check_helo(sc, ar), 0, "overlong HELO: ran");
	is_int(spf_check_mailfrom(sc, ar), 0, "overlong MAIL FROM: ran");
	is_int(spf_check_mailfrom(sc, ar), 0, "repeated call: ran");
	is_int(authres_result_count(ar), 3, "three results appended");
	is_str(authres_get_result(ar, 0), "none", "overlong HELO is none");
	is_str(authres_get_result(ar, 1), "none", "overlong MAIL FROM is none");
	is_str(authres_get_result(ar, 2), "none", "repeated call, same result");
	ok(spf_check_get_explanation(sc) == NULL, "no explanation");
	authres_free(ar);
	spf_check_free(sc);
	spf_verifier_free(v);
	dns_resolver_free(dns);
	return done_testing();
}
