/*
 * authres_registry.c - the IANA "Email Authentication Methods", "Result
 * Names" and "Property Types" registries (RFC 8601 6, with RFC 6008, 7281,
 * 7293, 7410, 7489, 8617, 8904 and 8616), compiled in. A name is
 * registered, experimental (an "x-" name, RFC 8601 2.7.6) or unknown.
 * Deprecated entries (domainkeys, sender-id, dkim-adsp, "hardfail") still
 * count as registered: they are seen in the field.
 */
#include <stddef.h>

#include "authres_int.h"

struct method_entry {
	const char *name;
	const char *const *results; /* NULL-terminated */
	const char *const *props;   /* "ptype.property", NULL-terminated */
};

/* RFC 8601 2.7.1 (dkim), RFC 4870 (domainkeys), RFC 7281 (smime) */
static const char *const res_dkim[] = { "none", "pass", "fail", "policy",
	"neutral", "temperror", "permerror", NULL };
/* RFC 8601 2.7.2; "hardfail" is RFC 5451's word, deprecated by RFC 7001 */
static const char *const res_spf[] = { "none", "neutral", "pass", "fail",
	"softfail", "temperror", "permerror", "hardfail", NULL };
/* RFC 4406, as RFC 8601 lists it (deprecated method) */
static const char *const res_senderid[] = { "none", "neutral", "pass", "fail",
	"softfail", "temperror", "permerror", "policy", "hardfail", NULL };
/* RFC 8601 2.7.3 */
static const char *const res_iprev[] = { "pass", "fail", "temperror",
	"permerror", NULL };
/* RFC 8601 2.7.4 (auth), RFC 6212 (vbr), RFC 7489 (dmarc), RFC 6541
 * (dkim-atps) */
static const char *const res_basic[] = { "none", "pass", "fail", "temperror",
	"permerror", NULL };
/* RFC 5617 4.1 */
static const char *const res_adsp[] = { "none", "pass", "unknown", "fail",
	"discard", "nxdomain", "temperror", "permerror", NULL };
/* RFC 7293 4.2 */
static const char *const res_rrvs[] = { "none", "unknown", "temperror", "pass",
	"fail", "permerror", NULL };
/* RFC 8617 10.2 */
static const char *const res_arc[] = { "none", "pass", "fail", NULL };
/* RFC 8904 3 */
static const char *const res_dnswl[] = { "pass", "none", "temperror",
	"permerror", NULL };

/* RFC 8601 2.7.4; smtp.mailfrom for auth since RFC 7601 */
static const char *const prop_auth[] = { "smtp.auth", "smtp.mailfrom", NULL };
/* RFC 8601 2.7.1 (d, i, a, s), RFC 6008 (b) */
static const char *const prop_dkim[] = { "header.d", "header.i", "header.b",
	"header.a", "header.s", NULL };
/* RFC 4870 */
static const char *const prop_domainkeys[] = { "header.d", "header.from",
	"header.sender", NULL };
/* RFC 8601 2.7.3 */
static const char *const prop_iprev[] = { "policy.iprev", NULL };
/* RFC 4406: the header field the PRA came from */
static const char *const prop_senderid[] = { "header.from", "header.sender",
	"header.resent-from", "header.resent-sender", NULL };
/* RFC 8601 2.7.2, RFC 8616 (UTF-8 in mailfrom) */
static const char *const prop_spf[] = { "smtp.mailfrom", "smtp.helo", NULL };
/* RFC 5617 (dkim-adsp), RFC 6541 (dkim-atps) */
static const char *const prop_from[] = { "header.from", NULL };
/* RFC 6212 */
static const char *const prop_vbr[] = { "header.md", "header.mv", NULL };
/* RFC 7293, RFC 8616 (UTF-8 in rcptto) */
static const char *const prop_rrvs[] = { "smtp.rcptto", NULL };
/* RFC 7281 */
static const char *const prop_smime[] = { "body.smime-identifier",
	"body.smime-part", "body.smime-serial", "body.smime-issuer", NULL };
/* RFC 7489 11.1 */
static const char *const prop_dmarc[] = { "header.from", "policy.dmarc", NULL };
/* RFC 8617 10.1 */
static const char *const prop_arc[] = { "smtp.remote-ip", "header.oldest-pass",
	NULL };
/* RFC 8904 3 */
static const char *const prop_dnswl[] = { "dns.zone", "policy.ip", "policy.txt",
	"dns.sec", NULL };

static const struct method_entry methods[] = {
	{ "arc", res_arc, prop_arc },
	{ "auth", res_basic, prop_auth },
	{ "dkim", res_dkim, prop_dkim },
	{ "dkim-adsp", res_adsp, prop_from },
	{ "dkim-atps", res_basic, prop_from },
	{ "dmarc", res_basic, prop_dmarc },
	{ "dnswl", res_dnswl, prop_dnswl },
	{ "domainkeys", res_dkim, prop_domainkeys },
	{ "iprev", res_iprev, prop_iprev },
	{ "rrvs", res_rrvs, prop_rrvs },
	{ "sender-id", res_senderid, prop_senderid },
	{ "smime", res_dkim, prop_smime },
	{ "spf", res_spf, prop_spf },
	{ "vbr", res_basic, prop_vbr },
};

/* find_method - the registry entry of method, or NULL */
static const struct method_entry *
find_method(const char *method)
{
	size_t i;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (ar_strcaseeq(method, methods[i].name))
			return &methods[i];
	return NULL;
}

/* in_list - is word in the NULL-terminated list (case-insensitive)? */
static bool
in_list(const char *const *list, const char *word)
{
	for (; *list != NULL; list++)
		if (ar_strcaseeq(word, *list))
			return true;
	return false;
}

/* is_x - an experimental "x-" name? */
static bool
is_x(const char *s)
{
	return s != NULL && (s[0] == 'x' || s[0] == 'X') && s[1] == '-';
}

/* prop_in_list - is ptype.property in the list? */
static bool
prop_in_list(const char *const *list, const char *ptype, const char *prop)
{
	const char *dot;

	for (; *list != NULL; list++) {
		for (dot = *list; *dot != '.'; dot++)
			;
		if (ar_strcaseeq_n(*list, (size_t)(dot - *list), ptype) &&
		    ar_strcaseeq(dot + 1, prop))
			return true;
	}
	return false;
}

/* authres_classify_method - is method registered? */
enum authres_registration
authres_classify_method(const char *method)
{
	if (method == NULL)
		return AUTHRES_REG_UNKNOWN;
	if (find_method(method) != NULL)
		return AUTHRES_REG_REGISTERED;
	return is_x(method) ? AUTHRES_REG_EXPERIMENTAL : AUTHRES_REG_UNKNOWN;
}

/* authres_classify_result - is result registered for method (for any
 * method when method is NULL)? */
enum authres_registration
authres_classify_result(const char *method, const char *result)
{
	const struct method_entry *m;
	size_t i;

	if (result == NULL)
		return AUTHRES_REG_UNKNOWN;
	if (method == NULL) {
		for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
			if (in_list(methods[i].results, result))
				return AUTHRES_REG_REGISTERED;
	} else if ((m = find_method(method)) != NULL &&
	    in_list(m->results, result))
		return AUTHRES_REG_REGISTERED;
	if (is_x(method) || is_x(result))
		return AUTHRES_REG_EXPERIMENTAL;
	return AUTHRES_REG_UNKNOWN;
}

/* authres_classify_prop - is ptype.property registered for method (for
 * any method when method is NULL)? */
enum authres_registration
authres_classify_prop(
    const char *method, const char *ptype, const char *property)
{
	const struct method_entry *m;
	size_t i;

	if (ptype == NULL || property == NULL)
		return AUTHRES_REG_UNKNOWN;
	if (method == NULL) {
		for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
			if (prop_in_list(methods[i].props, ptype, property))
				return AUTHRES_REG_REGISTERED;
	} else if ((m = find_method(method)) != NULL &&
	    prop_in_list(m->props, ptype, property))
		return AUTHRES_REG_REGISTERED;
	if (is_x(method) || is_x(ptype) || is_x(property))
		return AUTHRES_REG_EXPERIMENTAL;
	return AUTHRES_REG_UNKNOWN;
}
