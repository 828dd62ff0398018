/*
 * policy_int.h - inside the policy module: the rule table, the rule
 * parser and the reply templates ("%{exp}" and friends). Not for other
 * modules: they use policy.h.
 */
#ifndef POLICY_INT_H
#define POLICY_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "policy/policy.h"

#define POLICY_MAX_DOMAINS 32 /* entries in one from= or d= list */
#define POLICY_DOMAIN_MAX 253 /* RFC 1035 2.3.4, without the root dot */

/* One domain of a from= or d= list: lower case, no trailing dot. sub:
 * written ".example.com", it matches names strictly below it. */
struct policy_domain {
	char name[POLICY_DOMAIN_MAX + 2]; /* room for a final dot, dropped */
	bool sub;
};

struct policy_rule {
	unsigned line;
	enum policy_action action;
	enum policy_method method;
	unsigned results; /* bit (1u << enum authres_result) per result */
	struct policy_domain *from; /* MAIL FROM domain must be one of them */
	size_t nfrom;
	struct policy_domain *dom; /* dkim: header.d must be one of them */
	size_t ndom;
	bool unless_auth;
	unsigned policies; /* dmarc: bit i for dmarc_policy_names[i] (none,
	                    * quarantine, reject) the rule wants; 0: any */
	char rcode[4];     /* "" : the default */
	char xcode[POLICY_XCODE_MAX + 1]; /* "" : the default */
	char *text;                       /* template; NULL: the default */
};

struct policy {
	struct policy_rule *rules;
	size_t nrules, cap;
	bool dry_run;
	enum policy_stage iprev_stage;
};

/* Values a reply template may use; NULL stands for "". */
struct policy_tmpl_vars {
	const char *exp;    /* %{exp}: the SPF explanation (hostile) */
	const char *from;   /* %{from}: MAIL FROM domain (hostile) */
	const char *d;      /* %{d}: DKIM d= of the matched result */
	const char *result; /* %{result} */
	const char *method; /* %{method} */
};

/* policy_rule_parse - one PolicyRule value into r (zeroed first). 0, or
 * -1 with why in err and nothing to free. */
int policy_rule_parse(
    struct policy_rule *r, const char *value, char *err, size_t errlen);
/* policy_rule_clear - free what r owns */
void policy_rule_clear(struct policy_rule *r);

/* policy_method_name - "iprev", "spf", "spf-helo", "dkim", "auth",
 * "dmarc" */
const char *policy_method_name(enum policy_method);
/* policy_dmarc_policy_bit - a policy.dmarc value ("none", "quarantine",
 * "reject") as a struct policy_rule policies bit; 0 for anything else */
unsigned policy_dmarc_policy_bit(const char *value);

/* policy_domain_match - does name (any case, trailing dot allowed) match
 * one of the n domains? */
bool policy_domain_match(
    const struct policy_domain *, size_t n, const char *name);

/* policy_tmpl_check - is t a valid template: printable ASCII, at most
 * POLICY_TEXT_MAX octets, '%' only as "%%" or a known "%{name}"? 0, or
 * -1 with why in err. */
int policy_tmpl_check(const char *t, char *err, size_t errlen);

/* policy_tmpl_expand - t with its placeholders replaced by sanitized
 * values, cut to fit out (outsz octets with the NUL); returns out. */
char *policy_tmpl_expand(
    const char *t, const struct policy_tmpl_vars *, char *out, size_t outsz);

/* policy_reply_default - the reply a rule without its own uses: codes
 * and a template, by action, method and result (RFC 7372, RFC 4954). */
void policy_reply_default(enum policy_action, enum policy_method, int result,
    bool have_exp, const char **rcode, const char **xcode, const char **tmpl);

#endif /* POLICY_INT_H */
