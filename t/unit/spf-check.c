/*
 * spf-check.c - spf_check with hostile and odd identities: nothing
 * crashes, ill-formed names give "none" without a lookup (RFC 7208 4.3),
 * the null sender is postmaster@HELO (2.4), a DNS failure is temperror,
 * and no CR or LF reaches the header. The resolver points at a closed
 * loopback port, so every lookup fails at once.
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
	const char *name, *helo, *mailfrom, *want, *shown;
} cases[] = {
	{ "CR LF in MAIL FROM is none", "mx.example.org",
	    "x@y.example;\r\nBcc: z@evil.example", "none", NULL },
	{ "8-bit domain is none", "mx.example.org",
	    "a@\xc3\xa9t\xc3\xa9.example", "none", NULL },
	{ "domain literal is none", "mx.example.org", "a@[192.0.2.1]", "none",
	    NULL },
	{ "one-label domain is none", "mx.example.org", "a@localhost", "none",
	    NULL },
	{ "65-octet local-part is none", "mx.example.org",
	    "a1234567890123456789012345678901234567890123456789012345678901234"
	    "@example.com",
	    "none", NULL },
	{ "null sender is postmaster@HELO", "mx.example.org", "<>", "temperror",
	    "postmaster@mx.example.org" },
	{ "empty sender is postmaster@HELO", "mx.example.org", "", "temperror",
	    "postmaster@mx.example.org" },
	{ "null sender, hostile HELO is none", "a\";b\r\n.example", "<>",
	    "none", NULL },
	{ "DNS failure is temperror", "mx.example.org", "<a@example.com>",
	    "temperror", "a@example.com" },
	{ "no local-part is postmaster", "mx.example.org", "@example.com",
	    "temperror", NULL },
};

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

	plan(53);
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
		spf_check_start_mailfrom(sc, cases[i].mailfrom);
		is_int(spf_check_mailfrom(sc, ar), 0, "%s: ran", cases[i].name);
		is_str(authres_get_result(ar, 0), cases[i].want, "%s",
		    cases[i].name);
		if (cases[i].shown != NULL)
			is_str(authres_lookup_prop(ar, 0, "smtp", "mailfrom"),
			    cases[i].shown, "%s: reported as", cases[i].name);
		out = NULL;
		authres_format(ar, 0, &out);
		ok(out != NULL && strchr(out, '\r') == NULL,
		    "%s: no CR in the header", cases[i].name);
		free(out);
		authres_free(ar);
		spf_check_free(sc);
	}
	/* overlong input, HELO first evaluated, then a repeated call */
	memset(huge, 'a', sizeof(huge) - 1);
	huge[sizeof(huge) - 1] = '\0';
	sc = spf_check_new(v, NULL, "2001:db8::5");
	ar = authres_new("mx.example.net");
	spf_check_start_helo(sc, huge);
	spf_check_start_mailfrom(sc, huge);
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
