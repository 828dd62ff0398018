/*
 * policy.c - the rule table: config keys, and the decision at each SMTP
 * stage. A rule is applied at the first stage that knows all it tests,
 * but never before a rule above it in the file (first match wins, so a
 * rule waits for the rules before it). Internal hosts match no rule;
 * authenticated clients match no iprev or SPF rule. The table is only
 * read after the config is loaded, so decisions are thread-safe.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "authres/authres.h"
#include "policy/policy.h"
#include "policy/policy_int.h"

static const char *const stage_names[] = { "connect", "helo", "mail", "rcpt",
	"eom" };

/* policy_new - see policy.h */
struct policy *
policy_new(void)
{
	struct policy *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	/* Postfix's smtpd_delay_reject: the MTA logs the recipients, and
	 * authenticated clients are known by then */
	p->iprev_stage = POLICY_STAGE_RCPT;
	return p;
}

/* policy_free - see policy.h */
void
policy_free(struct policy *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nrules; i++)
		policy_rule_clear(&p->rules[i]);
	free(p->rules);
	free(p);
}

/* add_rule - parse value and append it */
static int
add_rule(struct policy *p, unsigned lineno, const char *value, char *err,
    size_t errlen)
{
	struct policy_rule r, *nr;
	size_t ncap;

	if (p->nrules == POLICY_MAX_RULES) {
		snprintf(err, errlen, "more than %d PolicyRule lines",
		    POLICY_MAX_RULES);
		return -1;
	}
	if (policy_rule_parse(&r, value, err, errlen) == -1)
		return -1;
	if (p->nrules == p->cap) {
		ncap = p->cap == 0 ? 8 : p->cap * 2;
		nr = reallocarray(p->rules, ncap, sizeof(*nr));
		if (nr == NULL) {
			policy_rule_clear(&r);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		p->rules = nr;
		p->cap = ncap;
	}
	r.line = lineno;
	p->rules[p->nrules++] = r;
	return 0;
}

/* policy_config_line - see policy.h */
int
policy_config_line(struct policy *p, unsigned lineno, const char *key,
    const char *value, char *err, size_t errlen)
{
	if (strcasecmp(key, "PolicyRule") == 0)
		return add_rule(p, lineno, value, err, errlen) == -1 ? -1 : 1;
	return 0;
}

/* policy_set_dry_run - see policy.h */
void
policy_set_dry_run(struct policy *p, bool on)
{
	p->dry_run = on;
}

/* policy_set_iprev_stage - see policy.h */
int
policy_set_iprev_stage(
    struct policy *p, const char *stage, char *err, size_t errlen)
{
	static const struct {
		const char *name;
		enum policy_stage stage;
	} stages[] = {
		{ "connect", POLICY_STAGE_CONNECT },
		{ "helo", POLICY_STAGE_HELO },
		{ "mail", POLICY_STAGE_MAIL },
		{ "rcpt", POLICY_STAGE_RCPT },
	};
	size_t i;

	for (i = 0; i < sizeof(stages) / sizeof(stages[0]); i++)
		if (strcasecmp(stage, stages[i].name) == 0) {
			p->iprev_stage = stages[i].stage;
			return 0;
		}
	snprintf(
	    err, errlen, "'%.40s' is not connect, helo, mail or rcpt", stage);
	return -1;
}

/* rule_stage - the first stage that knows everything r tests */
static enum policy_stage
rule_stage(const struct policy *p, const struct policy_rule *r)
{
	enum policy_stage s = POLICY_STAGE_MAIL;

	switch (r->method) {
	case POLICY_METHOD_IPREV:
		s = p->iprev_stage;
		break;
	case POLICY_METHOD_SPF:
	case POLICY_METHOD_SPF_HELO: /* waits for AUTH: never rejected */
	case POLICY_METHOD_AUTH:
		s = POLICY_STAGE_MAIL;
		break;
	case POLICY_METHOD_DKIM:
	case POLICY_METHOD_DMARC:
		s = POLICY_STAGE_EOM;
		break;
	}
	if ((r->nfrom > 0 || r->unless_auth) && s < POLICY_STAGE_MAIL)
		s = POLICY_STAGE_MAIL;
	return s;
}

/* policy_needs - see policy.h */
bool
policy_needs(
    const struct policy *p, enum policy_stage stage, enum policy_method m)
{
	enum policy_stage eff = POLICY_STAGE_CONNECT, s;
	size_t i;

	for (i = 0; i < p->nrules && eff <= stage; i++) {
		s = rule_stage(p, &p->rules[i]);
		if (s > eff)
			eff = s;
		if (eff == stage && p->rules[i].method == m)
			return true;
	}
	return false;
}

/* mailfrom_domain - the domain of the MAIL FROM given (an address or a
 * domain), or NULL */
static const char *
mailfrom_domain(const char *s)
{
	const char *at;

	if (s == NULL || *s == '\0')
		return NULL;
	at = strrchr(s, '@');
	return at == NULL ? s : at + 1;
}

/* is_identity - does SPF result i check the identity of method m? */
static bool
is_identity(const struct authres *ar, size_t i, enum policy_method m)
{
	bool helo = authres_lookup_prop(ar, i, "smtp", "helo") != NULL &&
	    authres_lookup_prop(ar, i, "smtp", "mailfrom") == NULL;

	return m == POLICY_METHOD_SPF_HELO ? helo : !helo;
}

/* match_results - a result in ar that r matches: its index, *code; or
 * AUTHRES_NPOS */
static size_t
match_results(const struct policy_rule *r, const struct authres *ar, int *code)
{
	const char *mname = r->method == POLICY_METHOD_SPF_HELO
	    ? "spf"
	    : policy_method_name(r->method);
	const char *d;
	size_t i, n = ar == NULL ? 0 : authres_result_count(ar);

	for (i = 0; i < n; i++) {
		if (strcasecmp(authres_get_method(ar, i), mname) != 0)
			continue;
		if ((r->method == POLICY_METHOD_SPF ||
		        r->method == POLICY_METHOD_SPF_HELO) &&
		    !is_identity(ar, i, r->method))
			continue;
		*code = (int)authres_get_result_code(ar, i);
		if (*code == AUTHRES_RESULT_OTHER ||
		    !(r->results & (1u << *code)))
			continue;
		if (r->ndom > 0) {
			d = authres_lookup_prop(ar, i, "header", "d");
			if (d == NULL ||
			    !policy_domain_match(r->dom, r->ndom, d))
				continue;
		}
		/* RFC 9989 9.1: policy.dmarc, the policy after sp/np/t */
		if (r->policies != 0 &&
		    !(r->policies &
		        policy_dmarc_policy_bit(
		            authres_lookup_prop(ar, i, "policy", "dmarc"))))
			continue;
		return i;
	}
	return AUTHRES_NPOS;
}

/* rule_matches - does r apply to in? *idx: the matched result (NPOS for
 * an auth rule decided by the authenticated flag), *code its result */
static bool
rule_matches(const struct policy_rule *r, const struct policy_input *in,
    size_t *idx, int *code)
{
	bool exempt_method = r->method == POLICY_METHOD_IPREV ||
	    r->method == POLICY_METHOD_SPF ||
	    r->method == POLICY_METHOD_SPF_HELO;

	if (in->internal)
		return false;
	if (in->authenticated && (exempt_method || r->unless_auth))
		return false;
	if (r->nfrom > 0 &&
	    (mailfrom_domain(in->mailfrom_domain) == NULL ||
	        !policy_domain_match(
	            r->from, r->nfrom, mailfrom_domain(in->mailfrom_domain))))
		return false;
	*idx = match_results(r, in->ar, code);
	if (*idx != AUTHRES_NPOS)
		return true;
	if (r->method != POLICY_METHOD_AUTH ||
	    (in->ar != NULL &&
	        authres_find(in->ar, 0, "auth", NULL) != AUTHRES_NPOS))
		return false;
	/* no auth result written: the flag is the result */
	*code = in->authenticated ? AUTHRES_RESULT_PASS : AUTHRES_RESULT_NONE;
	return (r->results & (1u << *code)) != 0;
}

/* forwarder_exempt - is r a dmarc rule that would refuse or hold the
 * mail of a trusted forwarder (a list, a forwarding host), whose
 * forwarding breaks SPF and often DKIM? */
static bool
forwarder_exempt(const struct policy_rule *r, const struct policy_input *in)
{
	return (in->trusted_forwarder || in->arc_override) &&
	    r->method == POLICY_METHOD_DMARC &&
	    (r->action == POLICY_ACTION_REJECT ||
	        r->action == POLICY_ACTION_QUARANTINE ||
	        r->action == POLICY_ACTION_DISCARD);
}

/* fill_reply - the reply of the matched rule r into v */
static void
fill_reply(const struct policy_rule *r, const struct policy_input *in,
    size_t idx, int code, struct policy_verdict *v)
{
	struct policy_tmpl_vars vars = { 0 };
	const char *rcode, *xcode, *tmpl;
	char text[POLICY_TEXT_MAX + 1], err[128];
	char cls = r->action == POLICY_ACTION_REJECT ? '5' : '4';
	bool have_exp =
	    in->spf_explanation != NULL && in->spf_explanation[0] != '\0';

	policy_reply_default(
	    r->action, r->method, code, have_exp, &rcode, &xcode, &tmpl);
	if (r->rcode[0] != '\0') {
		rcode = r->rcode;
		xcode =
		    r->xcode[0] != '\0' || xcode[0] != cls ? r->xcode : xcode;
	}
	if (r->text != NULL)
		tmpl = r->text;
	vars.exp = in->spf_explanation;
	vars.from = mailfrom_domain(in->mailfrom_domain);
	if (idx != AUTHRES_NPOS && r->method == POLICY_METHOD_DKIM)
		vars.d = authres_lookup_prop(in->ar, idx, "header", "d");
	if (idx != AUTHRES_NPOS && r->method == POLICY_METHOD_DMARC)
		vars.d = authres_lookup_prop(in->ar, idx, "header", "from");
	vars.result = v->result;
	vars.method = v->method;
	policy_tmpl_expand(tmpl, &vars, text, sizeof(text));
	if (r->action == POLICY_ACTION_QUARANTINE) {
		/* a reason, not a reply: the builder checks the text */
		if (policy_reply_build(
		        &v->reply, 0, "550", NULL, text, err, sizeof(err)) == 0)
			v->reply.rcode[0] = '\0';
		return;
	}
	if (r->action != POLICY_ACTION_REJECT &&
	    r->action != POLICY_ACTION_TEMPFAIL)
		return;
	if (policy_reply_build(
	        &v->reply, cls, rcode, xcode, text, err, sizeof(err)) == -1)
		/* cannot happen for a checked rule; stay safe anyway */
		policy_reply_build(&v->reply, cls, cls == '5' ? "550" : "451",
		    cls == '5' ? "5.7.1" : "4.7.1", "Rejected by local policy",
		    err, sizeof(err));
}

/* policy_decide - see policy.h */
int
policy_decide(const struct policy *p, enum policy_stage stage,
    const struct policy_input *in, struct policy_verdict *v)
{
	enum policy_stage eff = POLICY_STAGE_CONNECT, s;
	const struct policy_rule *r;
	size_t i, idx = AUTHRES_NPOS;
	int code = AUTHRES_RESULT_NONE;

	if (v == NULL)
		return -1;
	memset(v, 0, sizeof(*v));
	if (p == NULL || in == NULL)
		return -1;
	for (i = 0; i < p->nrules; i++) {
		r = &p->rules[i];
		if ((s = rule_stage(p, r)) > eff)
			eff = s;
		if (eff > stage)
			break;
		if (eff < stage || !rule_matches(r, in, &idx, &code))
			continue;
		if (forwarder_exempt(r, in)) {
			if (v->exempted == 0)
				v->exempted = r->line;
			continue;
		}
		v->would = v->action = r->action;
		v->line = r->line;
		v->method = policy_method_name(r->method);
		v->result = authres_result_name((enum authres_result)code);
		fill_reply(r, in, idx, code, v);
		if (p->dry_run) {
			v->dry_run = true;
			v->action = POLICY_ACTION_ACCEPT;
		}
		return 0;
	}
	return 0;
}

/* policy_dry_run - see policy.h */
bool
policy_dry_run(const struct policy *p)
{
	return p->dry_run;
}

/* policy_rule_count - see policy.h */
size_t
policy_rule_count(const struct policy *p)
{
	return p->nrules;
}

/* policy_stage_name - see policy.h */
const char *
policy_stage_name(enum policy_stage s)
{
	if ((size_t)s >= sizeof(stage_names) / sizeof(stage_names[0]))
		return "?";
	return stage_names[s];
}
