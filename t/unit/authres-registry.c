/*
 * authres-registry.c - authres_classify_*: every method of the IANA
 * registry is registered with its results and properties, x- names are
 * experimental, anything else (or a pair from another method) unknown.
 */
#include "authres.h"
#include "tap.h"

#define R AUTHRES_REG_REGISTERED
#define X AUTHRES_REG_EXPERIMENTAL
#define U AUTHRES_REG_UNKNOWN

static const struct {
	const char *method;
	enum authres_registration want;
} methods[] = {
	{ "auth", R },
	{ "dkim", R },
	{ "domainkeys", R },
	{ "iprev", R },
	{ "sender-id", R },
	{ "spf", R },
	{ "dkim-adsp", R },
	{ "vbr", R },
	{ "rrvs", R },
	{ "smime", R },
	{ "dmarc", R },
	{ "arc", R },
	{ "dnswl", R },
	{ "dkim-atps", R },
	{ "DKIM", R },
	{ "x-custom", X },
	{ "X-Custom", X },
	{ "compauth", U },
	{ "x", U },
	{ "", U },
	{ NULL, U },
};

static const struct {
	const char *method, *result;
	enum authres_registration want;
} results[] = {
	{ "dkim", "policy", R },
	{ "dkim", "neutral", R },
	{ "dkim", "softfail", U },
	{ "iprev", "pass", R },
	{ "iprev", "none", U },
	{ "iprev", "neutral", U },
	{ "spf", "softfail", R },
	{ "spf", "hardfail", R },
	{ "spf", "policy", U },
	{ "sender-id", "hardfail", R },
	{ "auth", "temperror", R },
	{ "auth", "softfail", U },
	{ "dkim-adsp", "discard", R },
	{ "dkim-adsp", "nxdomain", R },
	{ "dkim-adsp", "unknown", R },
	{ "rrvs", "unknown", R },
	{ "dmarc", "pass", R },
	{ "dmarc", "bestguesspass", U },
	{ "arc", "fail", R },
	{ "arc", "temperror", U },
	{ "dnswl", "pass", R },
	{ "dnswl", "fail", U },
	{ "smime", "policy", R },
	{ "vbr", "pass", R },
	{ "SPF", "PASS", R },
	{ "x-custom", "anything", X },
	{ "spf", "x-maybe", X },
	{ "compauth", "pass", U },
	{ NULL, "discard", R },
	{ NULL, "bogus", U },
	{ "spf", NULL, U },
};

static const struct {
	const char *method, *ptype, *property;
	enum authres_registration want;
} props[] = {
	{ "auth", "smtp", "auth", R },
	{ "auth", "smtp", "mailfrom", R },
	{ "dkim", "header", "d", R },
	{ "dkim", "header", "i", R },
	{ "dkim", "header", "b", R },
	{ "dkim", "header", "a", R },
	{ "dkim", "header", "s", R },
	{ "dkim", "header", "from", U },
	{ "domainkeys", "header", "sender", R },
	{ "iprev", "policy", "iprev", R },
	{ "spf", "smtp", "mailfrom", R },
	{ "spf", "smtp", "helo", R },
	{ "spf", "smtp", "rcptto", U },
	{ "sender-id", "header", "from", R },
	{ "dkim-adsp", "header", "from", R },
	{ "vbr", "header", "md", R },
	{ "vbr", "header", "mv", R },
	{ "rrvs", "smtp", "rcptto", R },
	{ "smime", "body", "smime-identifier", R },
	{ "dmarc", "header", "from", R },
	{ "dmarc", "policy", "dmarc", R },
	{ "arc", "header", "oldest-pass", R },
	{ "arc", "smtp", "remote-ip", R },
	{ "dnswl", "dns", "zone", R },
	{ "dnswl", "policy", "ip", R },
	{ "dnswl", "policy", "txt", R },
	{ "dnswl", "dns", "sec", R },
	{ "dkim-atps", "header", "from", R },
	{ "DKIM", "Header", "D", R },
	{ "x-custom", "header", "d", X },
	{ "dkim", "x-my", "thing", X },
	{ "dkim", "header", "x-thing", X },
	{ "dkim", "smtp", "d", U },
	{ NULL, "policy", "iprev", R },
	{ NULL, "policy", "nothing", U },
	{ "spf", NULL, "helo", U },
};

int
main(void)
{
	size_t i;

	plan(88);
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		is_int(authres_classify_method(methods[i].method),
		    methods[i].want, "method %s",
		    methods[i].method ? methods[i].method : "(null)");
	for (i = 0; i < sizeof(results) / sizeof(results[0]); i++)
		is_int(authres_classify_result(
		           results[i].method, results[i].result),
		    results[i].want, "result %s=%s",
		    results[i].method ? results[i].method : "(any)",
		    results[i].result ? results[i].result : "(null)");
	for (i = 0; i < sizeof(props) / sizeof(props[0]); i++)
		is_int(authres_classify_prop(
		           props[i].method, props[i].ptype, props[i].property),
		    props[i].want, "property %s %s.%s",
		    props[i].method ? props[i].method : "(any)",
		    props[i].ptype ? props[i].ptype : "(null)",
		    props[i].property);
	return done_testing();
}
