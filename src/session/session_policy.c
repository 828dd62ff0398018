/*
 * session_policy.c - joining the lookups a stage needs, assembling the
 * results into one field (order: auth, iprev, spf mailfrom, spf helo,
 * dkim) and turning policy decisions into verdicts. A decision ends policy
 * for its scope (the connection at CONNECT and HELO, else the message) and
 * is given again at each later stage of that scope.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authres/authres.h"
#include "conf/conf.h"
#include "metrics/metrics.h"
#include "rdns/rdns.h"
#include "session/session.h"
#include "session/session_int.h"
#include "spf/spf_check.h"
#include "util/log.h"

/* session_join_one - finish one check into a new field *slot */
static int
session_join_one(struct session *s, struct authres **slot,
    int (*finish)(struct session *, struct authres *))
{
	struct authres *ar = authres_new(s->authserv_id);

	if (ar == NULL || finish(s, ar) == -1) {
		authres_free(ar);
		return -1;
	}
	*slot = ar;
	return 0;
}

/* session_finish_iprev - iprev; the PTR state is not needed afterwards */
static int
session_finish_iprev(struct session *s, struct authres *ar)
{
	int r = rdns_check_finish(s->rdns, ar);

	rdns_check_free(s->rdns);
	s->rdns = NULL;
	return r;
}

/* session_finish_helo - spf for the HELO identity */
static int
session_finish_helo(struct session *s, struct authres *ar)
{
	return spf_check_helo(s->spf, ar);
}

/* session_finish_mail - spf for the MAIL FROM identity */
static int
session_finish_mail(struct session *s, struct authres *ar)
{
	return spf_check_mailfrom(s->spf, ar);
}

/* session_join - wait for the results policy tests at stage (all: every
 * result, for the header); 0 or -1 (a check could not run) */
int
session_join(struct session *s, enum policy_stage st, bool all)
{
	const struct policy *p = s->conf->policy;
	struct session_msg *m = s->msg;

	if (s->rdns != NULL && s->ar_iprev == NULL &&
	    (all || policy_needs(p, st, POLICY_METHOD_IPREV)) &&
	    session_join_one(s, &s->ar_iprev, session_finish_iprev) == -1)
		return -1;
	if (s->spf != NULL && s->helo != NULL && s->ar_helo == NULL &&
	    (all || policy_needs(p, st, POLICY_METHOD_SPF_HELO)) &&
	    session_join_one(s, &s->ar_helo, session_finish_helo) == -1)
		return -1;
	if (m != NULL && m->spf_started && m->ar_mail == NULL &&
	    (all || policy_needs(p, st, POLICY_METHOD_SPF)) &&
	    session_join_one(s, &m->ar_mail, session_finish_mail) == -1)
		return -1;
	return 0;
}

/* session_auth - the auth result: the user name when it is one */
static struct authres *
session_auth(struct session *s, const struct session_msg *m)
{
	struct authres *ar = authres_new(s->authserv_id);

	if (ar == NULL ||
	    authres_add_result(ar, "auth", AUTHRES_RESULT_PASS, NULL) !=
	        AUTHRES_OK ||
	    (m->auth_shown ? authres_add_prop(ar, "smtp", "auth", m->auth_user)
	                   : authres_add_comment(ar,
	                         "user name not shown: not a local-part or "
	                         "address")) != AUTHRES_OK) {
		authres_free(ar);
		return NULL;
	}
	return ar;
}

/* session_compose - one field with every result joined so far; NULL when
 * out of memory. The caller frees it. */
struct authres *
session_compose(struct session *s)
{
	struct authres *ar = authres_new(s->authserv_id), *auth = NULL;
	struct session_msg *m = s->msg;
	const size_t max = SESSION_VALUE_MAX;

	if (ar == NULL)
		return NULL;
	if (m != NULL && m->auth_user != NULL &&
	    ((auth = session_auth(s, m)) == NULL ||
	        authres_append(ar, auth, max) != AUTHRES_OK))
		goto fail;
	if (authres_append(ar, s->ar_iprev, max) != AUTHRES_OK ||
	    authres_append(ar, m != NULL ? m->ar_mail : NULL, max) !=
	        AUTHRES_OK ||
	    authres_append(ar, s->ar_helo, max) != AUTHRES_OK ||
	    authres_append(ar, m != NULL ? m->ar_dkim : NULL, max) !=
	        AUTHRES_OK ||
	    authres_append(ar, m != NULL ? m->ar_arc : NULL, max) !=
	        AUTHRES_OK ||
	    authres_append(ar, m != NULL ? m->ar_dmarc : NULL, max) !=
	        AUTHRES_OK)
		goto fail;
	authres_free(auth);
	return ar;
fail:
	authres_free(auth);
	authres_free(ar);
	return NULL;
}

/* session_decided - the decision in force for the current scope, or NULL */
const struct policy_verdict *
session_decided(const struct session *s)
{
	if (s->decided)
		return &s->pv;
	if (s->msg != NULL && s->msg->decided)
		return &s->msg->pv;
	return NULL;
}

/* session_log_decision - one line per rule that matched */
static void
session_log_decision(const struct session *s, enum policy_stage st,
    const struct policy_verdict *pv)
{
	log_info("%s%s%s %s at %s: PolicyRule on line %u (%s=%s)", s->qid,
	    s->qid[0] != '\0' ? ": " : "", pv->dry_run ? "would" : "policy",
	    policy_action_name(pv->would), policy_stage_name(st), pv->line,
	    pv->method != NULL ? pv->method : "-",
	    pv->result != NULL ? pv->result : "-");
}

/* session_policy - ask the policy at stage unless the scope is decided */
const struct session_verdict *
session_policy(struct session *s, enum policy_stage st)
{
	const struct policy_verdict *done = session_decided(s);
	struct policy_input in = { 0 };
	struct policy_verdict pv;
	struct authres *ar;
	int r;

	if (s->internal)
		return &s->v; /* InternalHosts: never acted on */
	if (done != NULL)
		return session_apply(s, done);
	if (session_join(s, st, false) == -1 ||
	    (ar = session_compose(s)) == NULL)
		return session_fail(s, "policy");
	in.ar = ar;
	in.mailfrom_domain = s->msg != NULL ? s->msg->mailfrom_domain : NULL;
	in.spf_explanation =
	    s->spf != NULL ? spf_check_get_explanation(s->spf) : NULL;
	in.authenticated = s->msg != NULL && s->msg->auth_user != NULL;
	in.internal = s->internal;
	in.trusted_forwarder = conf_is_forwarder(s->conf, s->ip);
	in.arc_override = s->msg != NULL && s->msg->arc_sealer != NULL;
	r = policy_decide(s->conf->policy, st, &in, &pv);
	authres_free(ar);
	if (r == -1)
		return session_fail(s, "policy");
	if (pv.exempted != 0 && in.trusted_forwarder)
		log_info("%s%sPolicyRule on line %u not applied: client %s is "
		         "in TrustedForwarders",
		    s->qid, s->qid[0] != '\0' ? ": " : "", pv.exempted, s->ip);
	else if (pv.exempted != 0)
		log_info(
		    "%s%sPolicyRule on line %u not applied: the ARC chain "
		    "was sealed by %s (TrustedARCSealers), which saw DMARC "
		    "pass",
		    s->qid, s->qid[0] != '\0' ? ": " : "", pv.exempted,
		    s->msg->arc_sealer);
	if (pv.action == POLICY_ACTION_NONE)
		return &s->v;
	session_log_decision(s, st, &pv);
	metrics_policy(
	    s->env->metrics, pv.line, policy_action_name(pv.would), pv.dry_run);
	if (st == POLICY_STAGE_CONNECT || st == POLICY_STAGE_HELO) {
		s->decided = true;
		s->pv = pv;
		return session_apply(s, &s->pv);
	}
	s->msg->decided = true;
	s->msg->pv = pv;
	return session_apply(s, &s->msg->pv);
}
