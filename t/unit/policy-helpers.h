/*
 * policy-helpers.h - what the policy unit tests share: a policy from
 * config lines, a result set from a short spec, a verdict's reply as one
 * string. Header only, for t/unit/policy*.c.
 */
#ifndef POLICY_HELPERS_H
#define POLICY_HELPERS_H

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "authres/authres.h"
#include "policy/policy.h"

/* offer - one policy key as the conf module hands it over: 1 taken, -1
 * refused (DryRun and IprevPolicyStage are parsed there, see t/unit/conf.c) */
static int
offer(struct policy *p, unsigned line, const char *key, const char *value,
    char *err, size_t errlen)
{
	if (strcasecmp(key, "DryRun") == 0) {
		policy_set_dry_run(p, strcmp(value, "yes") == 0);
		return 1;
	}
	if (strcasecmp(key, "IprevPolicyStage") == 0)
		return policy_set_iprev_stage(p, value, err, errlen) == 0 ? 1
		                                                          : -1;
	return policy_config_line(p, line, key, value, err, errlen);
}

/* config - a policy from up to 4 "Key value" lines (line n+1 each) */
static struct policy *
config(const char *const *lines, char *err, size_t errlen)
{
	struct policy *p = policy_new();
	char key[64];
	const char *sp;
	size_t i, n;

	for (i = 0; p != NULL && i < 4 && lines[i] != NULL; i++) {
		sp = strchr(lines[i], ' ');
		n = sp == NULL ? strlen(lines[i]) : (size_t)(sp - lines[i]);
		snprintf(key, sizeof(key), "%.*s", (int)n, lines[i]);
		while (sp != NULL && *sp == ' ')
			sp++;
		if (offer(p, (unsigned)i + 1, key, sp == NULL ? "" : sp, err,
		        errlen) != 1) {
			policy_free(p);
			return NULL;
		}
	}
	return p;
}

/* results - "method=result ptype.prop=value ...; ..." into a field */
static struct authres *
results(const char *spec)
{
	struct authres *ar = authres_new("mx.example");
	char buf[512], *res, *w, *save1, *save2, *eq, *dot;

	snprintf(buf, sizeof(buf), "%s", spec);
	for (res = strtok_r(buf, ";", &save1); res != NULL;
	     res = strtok_r(NULL, ";", &save1)) {
		w = strtok_r(res, " ", &save2);
		eq = strchr(w, '=');
		*eq = '\0';
		authres_add_result_name(ar, w, -1, eq + 1, NULL);
		while ((w = strtok_r(NULL, " ", &save2)) != NULL) {
			eq = strchr(w, '=');
			dot = strchr(w, '.');
			*eq = *dot = '\0';
			authres_add_prop(ar, w, dot + 1, eq + 1);
		}
	}
	return ar;
}

/* reply_of - v's reply as one string */
static const char *
reply_of(const struct policy_verdict *v, char *buf, size_t len)
{
	if (v->action == POLICY_ACTION_QUARANTINE)
		return v->reply.text;
	if (v->reply.rcode[0] == '\0')
		return NULL;
	snprintf(buf, len, "%s %s %s", v->reply.rcode, v->reply.xcode,
	    v->reply.text);
	return buf;
}

#endif /* POLICY_HELPERS_H */
