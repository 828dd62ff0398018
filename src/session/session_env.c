/*
 * session_env.c - what every session shares, made once at start-up from
 * the configuration: the resolver, the SPF and DKIM verifiers, the policy
 * (inside the conf) and our host name. Also the helper that copies results
 * from one field into another, which is how a session assembles its one
 * Authentication-Results field from the checks' partial ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "authres/authres.h"
#include "conf/conf.h"
#include "dkim/dkim_check.h"
#include "dns/dns.h"
#include "policy/policy.h"
#include "session/session.h"
#include "session/session_int.h"
#include "spf/spf_check.h"

/* session_env_new - resolver, verifiers and host name for conf */
struct session_env *
session_env_new(struct conf *conf, char *err, size_t errlen)
{
	struct dns_config dc = { 0 };
	struct spf_options so = { 0 };
	struct dkim_options dko = { 0 };
	struct session_env *env = calloc(1, sizeof(*env));

	if (env == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	env->conf = conf_ref(conf);
	if (gethostname(env->hostname, sizeof(env->hostname) - 1) == -1 ||
	    !authres_is_token(env->hostname))
		strlcpy(env->hostname, "localhost", sizeof(env->hostname));
	dc.nameservers = conf->nameservers;
	dc.timeout_ms = conf->dns_timeout_ms;
	if ((env->dns = dns_resolver_new(&dc, err, errlen)) == NULL)
		goto fail;
	so.receiver =
	    conf->authserv_id != NULL ? conf->authserv_id : env->hostname;
	so.time_limit_ms = conf->spf_timeout_ms;
	if ((env->spf = spf_verifier_new(env->dns, &so, err, errlen)) == NULL)
		goto fail;
	dko.minimum_key_bits = conf->minimum_key_bits;
	dko.maximum_signatures = conf->maximum_signatures;
	dko.clock_drift = conf->clock_drift;
	dko.allow_sha1 = conf->allow_sha1;
	dko.time_limit_ms = conf->dkim_timeout_ms;
	env->dkim = dkim_verifier_new(env->dns, &dko, err, errlen);
	if (env->dkim == NULL)
		goto fail;
	return env;
fail:
	session_env_free(env);
	return NULL;
}

/* session_env_free - free what session_env_new made; NULL is a no-op */
void
session_env_free(struct session_env *env)
{
	if (env == NULL)
		return;
	dkim_verifier_free(env->dkim);
	spf_verifier_free(env->spf);
	dns_resolver_free(env->dns);
	conf_unref(env->conf);
	free(env);
}

/* session_env_may_act - is a rule applied at or before st? (see
 * session.h) */
bool
session_env_may_act(const struct session_env *env, enum session_stage st)
{
	const struct policy *p = env->conf->policy;
	enum policy_stage ps, last;
	int m;

	switch (st) {
	case SESSION_STAGE_CONNECT:
	case SESSION_STAGE_HELO:
	case SESSION_STAGE_MAIL:
	case SESSION_STAGE_RCPT:
		break;
	case SESSION_STAGE_EOM:
		return true;
	default:
		return false; /* header, eoh, body: no policy stage */
	}
	if (p == NULL || policy_dry_run(p))
		return false;
	last = st == SESSION_STAGE_CONNECT ? POLICY_STAGE_CONNECT
	    : st == SESSION_STAGE_HELO     ? POLICY_STAGE_HELO
	    : st == SESSION_STAGE_MAIL     ? POLICY_STAGE_MAIL
	                                   : POLICY_STAGE_RCPT;
	for (ps = POLICY_STAGE_CONNECT; ps <= last; ps++)
		for (m = 0; m < POLICY_NMETHODS; m++)
			if (policy_needs(p, ps, (enum policy_method)m))
				return true;
	return false;
}

/* session_fits - can s be written as one element of the field: at most
 * SESSION_VALUE_MAX octets once quoted and escaped? */
static bool
session_fits(const char *s)
{
	size_t n = 2;

	for (; *s != '\0' && n <= SESSION_VALUE_MAX; s++)
		n +=
		    (*s == '"' || *s == '\\' || *s == '(' || *s == ')') ? 2 : 1;
	return n <= SESSION_VALUE_MAX;
}

/* session_cut - s, or when it does not fit, its start and "..." in buf
 * (reasons and comments are text: a cut one still says something) */
static const char *
session_cut(const char *s, char *buf, size_t bufsz)
{
	if (s == NULL || session_fits(s))
		return s;
	/* every octet may double when escaped */
	snprintf(buf, bufsz, "%.*s...", (int)(SESSION_VALUE_MAX / 2 - 8), s);
	return buf;
}

/* session_ar_add_prop - ptype.property=value on the last result of ar;
 * a value too long for a line of the field is not written, not cut (a
 * cut name is another name), and a comment says so. 0 or -1 (no memory) */
int
session_ar_add_prop(struct authres *ar, const char *ptype, const char *property,
    const char *value)
{
	char note[96];

	if (session_fits(value))
		return authres_add_prop(ar, ptype, property, value) ==
		        AUTHRES_OK
		    ? 0
		    : -1;
	snprintf(note, sizeof(note), "%s.%s not shown: %zu octets", ptype,
	    property, strlen(value));
	return authres_add_comment(ar, note) == AUTHRES_OK ? 0 : -1;
}

/* session_ar_append_props - copy the properties of src's result i onto
 * the last result of dst */
static int
session_ar_append_props(
    struct authres *dst, const struct authres *src, size_t i)
{
	const char *comment;
	char buf[SESSION_VALUE_MAX / 2];
	size_t j;

	for (j = 0; j < authres_prop_count(src, i); j++) {
		if (session_ar_add_prop(dst, authres_get_prop_ptype(src, i, j),
		        authres_get_prop_property(src, i, j),
		        authres_get_prop_value(src, i, j)) == -1)
			return -1;
		comment = session_cut(
		    authres_get_prop_comment(src, i, j), buf, sizeof(buf));
		if (comment != NULL &&
		    authres_add_comment(dst, comment) != AUTHRES_OK)
			return -1;
	}
	return 0;
}

/* session_ar_append - append every result of src (NULL: none) to dst,
 * with reasons, properties and comments, each small enough for a line of
 * the field (see session_ar_add_prop); 0 or -1 (no memory) */
int
session_ar_append(struct authres *dst, const struct authres *src)
{
	const char *comment;
	char rbuf[SESSION_VALUE_MAX / 2], cbuf[SESSION_VALUE_MAX / 2];
	size_t i;

	for (i = 0; src != NULL && i < authres_result_count(src); i++) {
		if (authres_add_result_name(dst, authres_get_method(src, i),
		        authres_get_method_version(src, i),
		        authres_get_result(src, i),
		        session_cut(authres_get_reason(src, i), rbuf,
		            sizeof(rbuf))) != AUTHRES_OK)
			return -1;
		comment = session_cut(
		    authres_get_result_comment(src, i), cbuf, sizeof(cbuf));
		if (comment != NULL &&
		    authres_add_comment(dst, comment) != AUTHRES_OK)
			return -1;
		if (session_ar_append_props(dst, src, i) == -1)
			return -1;
	}
	return 0;
}

/* session_action_name - the word for an action, as authcheck prints it */
const char *
session_action_name(enum session_action a)
{
	switch (a) {
	case SESSION_CONTINUE:
		return "continue";
	case SESSION_ACCEPT:
		return "accept";
	case SESSION_REJECT:
		return "reject";
	case SESSION_TEMPFAIL:
		return "tempfail";
	case SESSION_DISCARD:
		return "discard";
	case SESSION_QUARANTINE:
		return "quarantine";
	}
	return "?";
}
