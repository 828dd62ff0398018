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

#include "arc/arc.h"
#include "authres/authres.h"
#include "conf/conf.h"
#include "dkim/dkim_check.h"
#include "dmarc/dmarc.h"
#include "dns/dns.h"
#include "policy/policy.h"
#include "session/session.h"
#include "session/session_int.h"
#include "spf/spf_check.h"
#include "util/log.h"

/* session_env_new - resolver, verifiers and host name for conf */
struct session_env *
session_env_new(struct conf *conf, char *err, size_t errlen)
{
	return session_env_new_with(conf, NULL, err, errlen);
}

/* session_env_dns - the borrowed resolver, or a new one of our own */
static int
session_env_dns(struct session_env *env, const struct session_env_borrowed *b,
    char *err, size_t errlen)
{
	struct dns_config dc = { 0 };

	if (b != NULL && b->dns != NULL) {
		env->dns = b->dns;
		return 0;
	}
	dc.nameservers = env->conf->nameservers;
	dc.timeout_ms = env->conf->dns_timeout_ms;
	if ((env->dns = dns_resolver_new(&dc, err, errlen)) == NULL)
		return -1;
	env->dns_owned = true;
	return 0;
}

/* session_env_sealer - ARCSealKey, ARCSealDomain and ARCSealSelector:
 * all three, or none */
static int
session_env_sealer(
    struct session_env *env, const struct conf *c, char *err, size_t errlen)
{
	char why[256];
	int n = (c->arc_seal_key != NULL) + (c->arc_seal_domain != NULL) +
	    (c->arc_seal_selector != NULL);

	if (n == 0)
		return 0;
	if (n != 3) {
		snprintf(err, errlen,
		    "ARC sealing needs ARCSealKey, "
		    "ARCSealDomain and ARCSealSelector together");
		return -1;
	}
	env->sealer = arc_sealer_new(c->arc_seal_key, c->arc_seal_domain,
	    c->arc_seal_selector, why, sizeof(why));
	if (env->sealer == NULL) {
		snprintf(
		    err, errlen, "ARCSealKey %s: %s", c->arc_seal_key, why);
		return -1;
	}
	return 0;
}

/* session_env_new_with - verifiers and host name for conf over b's
 * long-lived objects */
struct session_env *
session_env_new_with(struct conf *conf, const struct session_env_borrowed *b,
    char *err, size_t errlen)
{
	struct spf_options so = { 0 };
	struct dkim_options dko = { 0 };
	struct dmarc_options dmo = { 0 };
	struct arc_options aro = { 0 };
	struct session_env *env = calloc(1, sizeof(*env));

	if (env == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	atomic_init(&env->refs, 1);
	env->conf = conf_ref(conf);
	if (gethostname(env->hostname, sizeof(env->hostname) - 1) == -1 ||
	    !authres_is_token(env->hostname))
		strlcpy(env->hostname, "localhost", sizeof(env->hostname));
	if (session_env_dns(env, b, err, errlen) == -1)
		goto fail;
	env->metrics = b != NULL ? b->metrics : NULL;
	env->report = b != NULL ? b->report : NULL;
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
	dmo.mode = conf->dmarc_discovery;
	dmo.psl_path = conf->psl_path;
	dmo.timeout_ms = conf->dmarc_timeout_ms;
	env->dmarc = dmarc_verifier_new(env->dns, &dmo, err, errlen);
	if (env->dmarc == NULL)
		goto fail;
	if (session_env_sealer(env, conf, err, errlen) == -1)
		goto fail;
	aro.seal = env->sealer != NULL;
	aro.timeout_ms = conf->arc_timeout_ms;
	aro.minimum_key_bits = conf->minimum_key_bits;
	if ((env->arc = arc_verifier_new(env->dns, &aro, err, errlen)) == NULL)
		goto fail;
	return env;
fail:
	session_env_free(env);
	return NULL;
}

/* session_env_ref - one more reference to env */
struct session_env *
session_env_ref(struct session_env *env)
{
	atomic_fetch_add(&env->refs, 1);
	return env;
}

/* session_env_free - drop a reference; the last frees what
 * session_env_new made (never what it borrowed) */
void
session_env_free(struct session_env *env)
{
	if (env == NULL || atomic_fetch_sub(&env->refs, 1) != 1)
		return;
	dmarc_verifier_free(env->dmarc);
	arc_verifier_free(env->arc);
	arc_sealer_free(env->sealer);
	dkim_verifier_free(env->dkim);
	spf_verifier_free(env->spf);
	if (env->dns_owned)
		dns_resolver_free(env->dns);
	/* a reload's old snapshot goes when its last connection closes */
	log_debug("configuration snapshot freed (%s)",
	    env->conf->path != NULL ? env->conf->path : "defaults");
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
