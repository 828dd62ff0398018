/*
 * policy-dmarc.c - dmarc rules: the policy that applied (policy=), the
 * From domain in the default reply, the stage, permerror and temperror
 * replies, and trusted forwarders spared from a reject but not from a
 * tempfail.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "policy-helpers.h"

#define NO_RULE POLICY_ACTION_NONE

/* test_dmarc - dmarc rules: the policy that applied, the From domain in
 * the reply, the stage, trusted forwarders spared */
static void
test_dmarc(void)
{
	static const struct {
		const char *name, *rule, *ar;
		bool forwarder;
		enum policy_action want;
		const char *reply;
	} cases[] = {
		{ "dmarc=fail policy=reject honours p=reject",
		    "PolicyRule reject dmarc=fail policy=reject",
		    "dmarc=fail header.from=bank.example policy.dmarc=reject",
		    false, POLICY_ACTION_REJECT,
		    "550 5.7.1 Rejected by the DMARC policy of bank.example" },
		{ "... not a domain that asks for none",
		    "PolicyRule reject dmarc=fail policy=reject",
		    "dmarc=fail header.from=x.example policy.dmarc=none", false,
		    NO_RULE, NULL },
		{ "... nor a fail with no policy applied",
		    "PolicyRule reject dmarc=fail policy=reject",
		    "dmarc=fail header.from=x.example", false, NO_RULE, NULL },
		{ "policy=quarantine,reject takes either",
		    "PolicyRule quarantine dmarc=fail policy=quarantine,reject",
		    "dmarc=fail header.from=x.example policy.dmarc=QUARANTINE",
		    false, POLICY_ACTION_QUARANTINE,
		    "dmarc=fail by local policy" },
		{ "permerror (several From) has its own reply",
		    "PolicyRule reject dmarc=permerror", "dmarc=permerror",
		    false, POLICY_ACTION_REJECT,
		    "550 5.7.1 DMARC validation error: the From field cannot "
		    "be checked" },
		{ "tempfail dmarc=temperror",
		    "PolicyRule tempfail dmarc=temperror",
		    "dmarc=temperror header.from=x.example", false,
		    POLICY_ACTION_TEMPFAIL,
		    "451 4.7.1 DMARC validation error, try again later" },
		{ "a trusted forwarder is spared a reject",
		    "PolicyRule reject dmarc=fail",
		    "dmarc=fail header.from=bank.example policy.dmarc=reject",
		    true, NO_RULE, NULL },
		{ "... but not a tempfail",
		    "PolicyRule tempfail dmarc=temperror",
		    "dmarc=temperror header.from=x.example", true,
		    POLICY_ACTION_TEMPFAIL,
		    "451 4.7.1 DMARC validation error, try again later" },
	};
	struct policy_verdict v;
	struct policy_input in;
	struct policy *p;
	const char *lines[2] = { NULL, NULL };
	char err[256], buf[1200];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		lines[0] = cases[i].rule;
		if ((p = config(lines, err, sizeof(err))) == NULL)
			bail_out("%s: config: %s", cases[i].name, err);
		memset(&in, 0, sizeof(in));
		in.ar = results(cases[i].ar);
		in.trusted_forwarder = cases[i].forwarder;
		policy_decide(p, POLICY_STAGE_EOM, &in, &v);
		is_str(policy_action_name(v.action),
		    policy_action_name(cases[i].want), "%s: action",
		    cases[i].name);
		is_str(reply_of(&v, buf, sizeof(buf)), cases[i].reply,
		    "%s: reply", cases[i].name);
		is_int(v.exempted,
		    cases[i].forwarder && cases[i].want == NO_RULE,
		    "%s: exemption noted", cases[i].name);
		authres_free((struct authres *)in.ar);
		policy_free(p);
	}
	lines[0] = "PolicyRule reject dmarc=fail";
	if ((p = config(lines, err, sizeof(err))) == NULL)
		bail_out("config: %s", err);
	ok(policy_needs(p, POLICY_STAGE_EOM, POLICY_METHOD_DMARC) &&
	        !policy_needs(p, POLICY_STAGE_MAIL, POLICY_METHOD_DMARC),
	    "dmarc rules apply at the end of the message");
	policy_free(p);
}

int
main(void)
{
	plan(25);
	test_dmarc();
	return done_testing();
}
