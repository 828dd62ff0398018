/*
 * fuzz-policy-rule.c - a PolicyRule value of arbitrary bytes (up to the
 * first NUL). A refused rule must say why; an accepted one is decided at
 * every stage against results of every kind, with a hostile SPF
 * explanation, and its verdict must hold a valid reply: 5xx for reject,
 * 4xx for tempfail, an enhanced code of that class, printable text.
 * Any breach aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authres/authres.h"
#include "policy/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const methods[] = { "iprev", "spf", "dkim", "auth" };
static const char *const results[] = { "pass", "fail", "softfail", "neutral",
	"policy", "none", "temperror", "permerror" };

/* field - every method with result res, with the properties rules test */
static struct authres *
field(const char *res)
{
	struct authres *ar = authres_new("mx.example");
	size_t i;

	for (i = 0; ar != NULL && i < sizeof(methods) / sizeof(*methods); i++)
		authres_add_result_name(ar, methods[i], -1, res, NULL);
	authres_add_prop(ar, "header", "d", "Bank.Example");
	authres_add_result_name(ar, "spf", -1, res, NULL);
	authres_add_prop(ar, "smtp", "helo", "h.example");
	return ar;
}

/* check - the verdict's promises */
static void
check(const struct policy_verdict *v)
{
	const struct policy_reply *r = &v->reply;
	size_t i;

	if (v->action == POLICY_ACTION_REJECT && r->rcode[0] != '5')
		abort();
	if (v->action == POLICY_ACTION_TEMPFAIL && r->rcode[0] != '4')
		abort();
	/* Postfix wants the class digit in the 5th octet: an xcode */
	if ((v->action == POLICY_ACTION_REJECT ||
	        v->action == POLICY_ACTION_TEMPFAIL) &&
	    r->xcode[0] != r->rcode[0])
		abort();
	if (v->action != POLICY_ACTION_NONE && v->line != 1)
		abort();
	for (i = 0; r->text[i] != '\0'; i++)
		if (r->text[i] < 0x20 || r->text[i] > 0x7e ||
		    i >= POLICY_TEXT_MAX)
			abort();
}

/* LLVMFuzzerTestOneInput - one input */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy_input in = { 0 };
	struct policy_verdict v;
	struct policy *p;
	char *value, err[256];
	size_t i;
	int st, rc;

	if ((value = malloc(size + 1)) == NULL)
		return 0;
	memcpy(value, data, size);
	value[size] = '\0';
	if ((p = policy_new()) == NULL) {
		free(value);
		return 0;
	}
	err[0] = '\0';
	rc = policy_config_line(p, 1, "PolicyRule", value, err, sizeof(err));
	if (rc != 1 && (rc != -1 || err[0] == '\0'))
		abort();
	in.spf_explanation = "%s%n\r\nBcc: x@evil.example\x01\xff";
	in.mailfrom_domain = "u@bank.example";
	for (i = 0; rc == 1 && i < sizeof(results) / sizeof(*results); i++) {
		in.ar = field(results[i]);
		for (st = POLICY_STAGE_CONNECT; st <= POLICY_STAGE_EOM; st++) {
			in.authenticated = st % 2;
			policy_decide(p, (enum policy_stage)st, &in, &v);
			check(&v);
		}
		authres_free((struct authres *)in.ar);
	}
	policy_free(p);
	free(value);
	return 0;
}
