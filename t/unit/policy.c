/*
 * policy.c - the policy table: each action at each stage, first match
 * wins, from= and d= matching, the exemptions (internal, authenticated,
 * DNS errors), DryRun, the refusal of each bad rule with its message, and
 * the reply builder's refusals and escapes.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "authres/authres.h"
#include "policy/policy.h"
#include "../tap.h"

#include "policy-helpers.h"

#define NO_RULE POLICY_ACTION_NONE

#define SPF_FAIL "spf=fail smtp.mailfrom=u@x.example"
#define SPF_TEMP "spf=temperror smtp.mailfrom=u@x.example"

static const struct {
	const char *name;
	const char *conf[4];
	enum policy_stage stage;
	const char *ar, *from, *exp;
	bool auth, internal;
	enum policy_action want;
	unsigned line;
	const char *reply; /* "rcode xcode text" or the quarantine reason */
} dcases[] = {
	{ "no rules: spf fail is accepted", { NULL }, POLICY_STAGE_MAIL,
	    SPF_FAIL, "x.example", NULL, false, false, NO_RULE, 0, NULL },
	{ "reject spf=fail at MAIL with the RFC 7372 default",
	    { "PolicyRule reject spf=fail" }, POLICY_STAGE_MAIL, SPF_FAIL,
	    "x.example", NULL, false, false, POLICY_ACTION_REJECT, 1,
	    "550 5.7.23 SPF validation failed" },
	{ "spf rule does not act at HELO", { "PolicyRule reject spf=fail" },
	    POLICY_STAGE_HELO, SPF_FAIL, NULL, NULL, false, false, NO_RULE, 0,
	    NULL },
	{ "spf rule does not act again at EOM",
	    { "PolicyRule reject spf=fail" }, POLICY_STAGE_EOM, SPF_FAIL,
	    "x.example", NULL, false, false, NO_RULE, 0, NULL },
	{ "own reply with the SPF explanation, sanitized",
	    { "PolicyRule reject spf=fail 550 5.7.23 \"SPF: %{exp} (100%%)\"" },
	    POLICY_STAGE_MAIL, SPF_FAIL, "x.example",
	    "see\r\nhttp://x.example/%\x01", false, false, POLICY_ACTION_REJECT,
	    1, "550 5.7.23 SPF: see http://x.example/%? (100%)" },
	{ "default SPF reply carries the explanation",
	    { "PolicyRule reject spf=fail" }, POLICY_STAGE_MAIL, SPF_FAIL,
	    "x.example", "Not allowed", false, false, POLICY_ACTION_REJECT, 1,
	    "550 5.7.23 SPF validation failed: Not allowed" },
	{ "tempfail spf=temperror", { "PolicyRule tempfail spf=temperror" },
	    POLICY_STAGE_MAIL, SPF_TEMP, "x.example", NULL, false, false,
	    POLICY_ACTION_TEMPFAIL, 1,
	    "451 4.7.24 SPF validation error, try again later" },
	{ "a DNS error is not rejected by a fail rule",
	    { "PolicyRule reject spf=fail,softfail" }, POLICY_STAGE_MAIL,
	    SPF_TEMP, "x.example", NULL, false, false, NO_RULE, 0, NULL },
	{ "spf-helo matches only the HELO identity",
	    { "PolicyRule reject spf-helo=fail" }, POLICY_STAGE_MAIL, SPF_FAIL,
	    "x.example", NULL, false, false, NO_RULE, 0, NULL },
	{ "spf-helo=fail rejects on smtp.helo",
	    { "PolicyRule reject spf-helo=fail" }, POLICY_STAGE_MAIL,
	    "spf=pass smtp.mailfrom=u@x.example;spf=fail smtp.helo=h.example",
	    "x.example", NULL, false, false, POLICY_ACTION_REJECT, 1,
	    "550 5.7.23 SPF validation of the HELO name failed" },
	{ "spf rule ignores the HELO result", { "PolicyRule reject spf=fail" },
	    POLICY_STAGE_MAIL,
	    "spf=fail smtp.helo=h.example;spf=pass smtp.mailfrom=u@x.example",
	    "x.example", NULL, false, false, NO_RULE, 0, NULL },
	{ "authenticated client never rejected for SPF",
	    { "PolicyRule reject spf=fail" }, POLICY_STAGE_MAIL, SPF_FAIL,
	    "x.example", NULL, true, false, NO_RULE, 0, NULL },
	{ "internal host never rejected for SPF",
	    { "PolicyRule reject spf=fail" }, POLICY_STAGE_MAIL, SPF_FAIL,
	    "x.example", NULL, false, true, NO_RULE, 0, NULL },
	{ "internal host never acted on for DKIM",
	    { "PolicyRule reject dkim=fail" }, POLICY_STAGE_EOM,
	    "dkim=fail header.d=x.example", "x.example", NULL, false, true,
	    NO_RULE, 0, NULL },
	{ "first match wins",
	    { "PolicyRule accept spf=fail from=ok.example",
	        "PolicyRule reject spf=fail" },
	    POLICY_STAGE_MAIL, SPF_FAIL, "OK.Example", NULL, false, false,
	    POLICY_ACTION_ACCEPT, 1, NULL },
	{ "from= does not match another domain",
	    { "PolicyRule accept spf=fail from=ok.example",
	        "PolicyRule reject spf=fail" },
	    POLICY_STAGE_MAIL, SPF_FAIL, "x.example", NULL, false, false,
	    POLICY_ACTION_REJECT, 2, "550 5.7.23 SPF validation failed" },
	{ "from= takes a full address too",
	    { "PolicyRule quarantine spf=fail from=x.example" },
	    POLICY_STAGE_MAIL, SPF_FAIL, "u@X.example", NULL, false, false,
	    POLICY_ACTION_QUARANTINE, 1, "spf=fail by local policy" },
	{ "reject dkim=fail for d=bank.example",
	    { "PolicyRule reject dkim=fail d=bank.example" }, POLICY_STAGE_EOM,
	    "dkim=pass header.d=x.example;dkim=fail header.d=Bank.Example",
	    "x.example", NULL, false, false, POLICY_ACTION_REJECT, 1,
	    "550 5.7.20 No passing DKIM signature found" },
	{ "d= is exact without a leading dot",
	    { "PolicyRule reject dkim=fail d=bank.example" }, POLICY_STAGE_EOM,
	    "dkim=fail header.d=www.bank.example", "x.example", NULL, false,
	    false, NO_RULE, 0, NULL },
	{ "d=.bank.example matches subdomains",
	    { "PolicyRule reject dkim=fail d=.bank.example 554 \"%{d} bad\"" },
	    POLICY_STAGE_EOM, "dkim=fail header.d=www.bank.example",
	    "x.example", NULL, false, false, POLICY_ACTION_REJECT, 1,
	    "554 5.7.20 www.bank.example bad" },
	{ "d=.bank.example is not the domain itself",
	    { "PolicyRule reject dkim=fail d=.bank.example" }, POLICY_STAGE_EOM,
	    "dkim=fail header.d=bank.example", "x.example", NULL, false, false,
	    NO_RULE, 0, NULL },
	{ "d=.bank.example needs a label boundary",
	    { "PolicyRule reject dkim=fail d=.bank.example" }, POLICY_STAGE_EOM,
	    "dkim=fail header.d=evilbank.example", "x.example", NULL, false,
	    false, NO_RULE, 0, NULL },
	{ "quarantine dkim=policy with a reason",
	    { "PolicyRule quarantine dkim=policy \"weak key\"" },
	    POLICY_STAGE_EOM, "dkim=policy header.d=x.example", "x.example",
	    NULL, false, false, POLICY_ACTION_QUARANTINE, 1, "weak key" },
	{ "discard dkim=fail", { "PolicyRule discard dkim=fail" },
	    POLICY_STAGE_EOM, "dkim=fail header.d=x.example", NULL, NULL, false,
	    false, POLICY_ACTION_DISCARD, 1, NULL },
	{ "dkim rule applies to authenticated clients",
	    { "PolicyRule reject dkim=fail" }, POLICY_STAGE_EOM,
	    "dkim=fail header.d=x.example", NULL, NULL, true, false,
	    POLICY_ACTION_REJECT, 1,
	    "550 5.7.20 No passing DKIM signature found" },
	{ "unless-authenticated spares them",
	    { "PolicyRule reject dkim=fail unless-authenticated" },
	    POLICY_STAGE_EOM, "dkim=fail header.d=x.example", NULL, NULL, true,
	    false, NO_RULE, 0, NULL },
	{ "iprev at RCPT by default",
	    { "PolicyRule reject iprev=fail unless-authenticated" },
	    POLICY_STAGE_RCPT, "iprev=fail policy.iprev=192.0.2.1", NULL, NULL,
	    false, false, POLICY_ACTION_REJECT, 1,
	    "550 5.7.25 Reverse DNS validation failed" },
	{ "iprev not at MAIL by default", { "PolicyRule reject iprev=fail" },
	    POLICY_STAGE_MAIL, "iprev=fail policy.iprev=192.0.2.1", NULL, NULL,
	    false, false, NO_RULE, 0, NULL },
	{ "IprevPolicyStage connect",
	    { "IprevPolicyStage connect", "PolicyRule reject iprev=fail" },
	    POLICY_STAGE_CONNECT, "iprev=fail policy.iprev=192.0.2.1", NULL,
	    NULL, false, false, POLICY_ACTION_REJECT, 2,
	    "550 5.7.25 Reverse DNS validation failed" },
	{ "IprevPolicyStage helo",
	    { "IprevPolicyStage helo", "PolicyRule tempfail iprev=temperror" },
	    POLICY_STAGE_HELO, "iprev=temperror policy.iprev=192.0.2.1", NULL,
	    NULL, false, false, POLICY_ACTION_TEMPFAIL, 2,
	    "451 4.7.25 Reverse DNS validation error, try again later" },
	{ "authenticated never rejected for iprev",
	    { "PolicyRule reject iprev=fail" }, POLICY_STAGE_RCPT,
	    "iprev=fail policy.iprev=192.0.2.1", NULL, NULL, true, false,
	    NO_RULE, 0, NULL },
	{ "a later-stage rule above holds a rule back",
	    { "PolicyRule accept dkim=pass d=bank.example",
	        "PolicyRule reject spf=fail" },
	    POLICY_STAGE_MAIL, SPF_FAIL, "x.example", NULL, false, false,
	    NO_RULE, 0, NULL },
	{ "and it decides at EOM, in file order",
	    { "PolicyRule accept dkim=pass d=bank.example",
	        "PolicyRule reject spf=fail" },
	    POLICY_STAGE_EOM, SPF_FAIL ";dkim=pass header.d=bank.example",
	    "x.example", NULL, false, false, POLICY_ACTION_ACCEPT, 1, NULL },
	{ "reject auth=none at MAIL without an auth result",
	    { "PolicyRule reject auth=none" }, POLICY_STAGE_MAIL, NULL,
	    "x.example", NULL, false, false, POLICY_ACTION_REJECT, 1,
	    "530 5.7.0 Authentication required" },
	{ "auth=none does not match an authenticated client",
	    { "PolicyRule reject auth=none" }, POLICY_STAGE_MAIL, NULL,
	    "x.example", NULL, true, false, NO_RULE, 0, NULL },
	{ "auth result in the field wins over the flag",
	    { "PolicyRule tempfail auth=temperror" }, POLICY_STAGE_MAIL,
	    "auth=temperror", NULL, NULL, false, false, POLICY_ACTION_TEMPFAIL,
	    1,
	    "454 4.7.0 Temporary authentication "
	    "failure" },
	{ "permerror gets X.7.24", { "PolicyRule reject spf=permerror" },
	    POLICY_STAGE_MAIL, "spf=permerror smtp.mailfrom=u@x.example",
	    "x.example", NULL, false, false, POLICY_ACTION_REJECT, 1,
	    "550 5.7.24 SPF validation error" },
	{ "rcode alone keeps the default xcode",
	    { "PolicyRule reject spf=fail 554" }, POLICY_STAGE_MAIL, SPF_FAIL,
	    "x.example", NULL, false, false, POLICY_ACTION_REJECT, 1,
	    "554 5.7.23 SPF validation failed" },
	{ "placeholders",
	    { "PolicyRule tempfail spf=softfail 450 4.7.1 "
	      "\"%{method}=%{result} for %{from}\"" },
	    POLICY_STAGE_MAIL, "spf=softfail smtp.mailfrom=u@x.example",
	    "u@x.example", NULL, false, false, POLICY_ACTION_TEMPFAIL, 1,
	    "450 4.7.1 spf=softfail for x.example" },
};

static void
test_decide(void)
{
	struct policy_verdict v;
	struct policy_input in;
	struct policy *p;
	char err[256], buf[1200];
	size_t i;

	for (i = 0; i < sizeof(dcases) / sizeof(dcases[0]); i++) {
		if ((p = config(dcases[i].conf, err, sizeof(err))) == NULL) {
			ok(0, "%s: config: %s", dcases[i].name, err);
			continue;
		}
		memset(&in, 0, sizeof(in));
		in.ar = dcases[i].ar == NULL ? NULL : results(dcases[i].ar);
		in.mailfrom_domain = dcases[i].from;
		in.spf_explanation = dcases[i].exp;
		in.authenticated = dcases[i].auth;
		in.internal = dcases[i].internal;
		policy_decide(p, dcases[i].stage, &in, &v);
		is_str(policy_action_name(v.action),
		    policy_action_name(dcases[i].want), "%s: action",
		    dcases[i].name);
		is_int(v.line, dcases[i].line, "%s: line", dcases[i].name);
		is_str(reply_of(&v, buf, sizeof(buf)), dcases[i].reply,
		    "%s: reply", dcases[i].name);
		authres_free((struct authres *)in.ar);
		policy_free(p);
	}
}

/* Bad config lines and the message each one gets (the reader adds
 * "file:line: " in front). */
static const struct {
	const char *key, *value, *err;
} ecases[] = {
	{ "PolicyRule", "",
	    "a rule is ACTION METHOD=RESULT [options] "
	    "[CODE [X.Y.Z]] [\"TEXT\"]" },
	{ "PolicyRule", "bounce spf=fail",
	    "unknown action 'bounce' (known: "
	    "accept reject tempfail quarantine discard)" },
	{ "PolicyRule", "reject", "reject what? METHOD=RESULT is missing" },
	{ "PolicyRule", "reject spf", "'spf' is not METHOD=RESULT" },
	{ "PolicyRule", "reject arc=fail",
	    "unknown method 'arc' (known: "
	    "iprev spf spf-helo dkim auth dmarc)" },
	{ "PolicyRule", "reject spf=fail policy=reject",
	    "policy= is for dmarc rules only" },
	{ "PolicyRule", "reject dmarc=fail policy=strict",
	    "'strict' is not none, quarantine or reject" },
	{ "PolicyRule", "reject dmarc=fail policy=reject policy=none",
	    "policy= is given twice" },
	{ "PolicyRule",
	    "reject dmarc=fail policy=", "policy= names no policy" },
	{ "PolicyRule", "reject dmarc=temperror",
	    "reject on temperror: a DNS "
	    "error is never rejected or discarded (use tempfail)" },
	{ "PolicyRule", "reject iprev=softfail",
	    "'softfail' is not a result of iprev" },
	{ "PolicyRule", "reject spf=fail,", "'' is not a result of spf" },
	{ "PolicyRule", "reject spf=temperror",
	    "reject on temperror: a DNS "
	    "error is never rejected or discarded (use tempfail)" },
	{ "PolicyRule", "discard dkim=fail,temperror",
	    "discard on temperror:"
	    " a DNS error is never rejected or discarded (use tempfail)" },
	{ "PolicyRule", "reject spf=fail d=x.example",
	    "d= is for dkim rules only" },
	{ "PolicyRule", "reject dkim=fail d=x..example",
	    "'x..example' is not a domain name" },
	{ "PolicyRule", "reject dkim=fail d=a.example d=b.example",
	    "d= is given twice" },
	{ "PolicyRule", "reject spf=fail from=a_b!.example",
	    "'a_b!.example' is not a domain name" },
	{ "PolicyRule", "reject spf=fail unless-internal",
	    "unknown word 'unless-internal'" },
	{ "PolicyRule", "reject spf=fail 350",
	    "reply code 350 is not 4xx or 5xx: only those refuse mail" },
	{ "PolicyRule", "reject spf=fail 5500",
	    "reply code '5500' is not three digits" },
	{ "PolicyRule", "reject spf=fail 550 551",
	    "'551' is out of place: the reply is CODE [X.Y.Z] [\"TEXT\"] at "
	    "the end" },
	{ "PolicyRule", "reject spf=fail 451",
	    "reject needs a 5xx reply code, not 451" },
	{ "PolicyRule", "tempfail spf=temperror 550",
	    "tempfail needs a 4xx reply code, not 550" },
	{ "PolicyRule", "reject spf=fail 550 4.7.1",
	    "enhanced code 4.7.1 is not of the class of reply code 550" },
	{ "PolicyRule", "reject spf=fail 550 5.7.1000",
	    "enhanced code "
	    "'5.7.1000' is not 4.X.Y or 5.X.Y with X and Y 0-999" },
	{ "PolicyRule", "reject spf=fail 5.7.1",
	    "'5.7.1' is out of place: the reply is CODE [X.Y.Z] [\"TEXT\"] at "
	    "the end" },
	{ "PolicyRule", "reject spf=fail 550 5.7.1 from=x.example",
	    "'from=x.example' after the reply code" },
	{ "PolicyRule", "reject spf=fail \"a\" 550",
	    "'550' after the reply text" },
	{ "PolicyRule", "reject spf=fail \"unterminated",
	    "the reply text has no closing '\"'" },
	{ "PolicyRule", "reject spf=fail 550 \"100% sure\"",
	    "a lone '%' in "
	    "the reply text: write %% for a percent sign" },
	{ "PolicyRule", "reject spf=fail \"%{ip} is bad\"",
	    "unknown "
	    "placeholder at '%{ip} is bad' (known: %{exp} %{from} %{d} "
	    "%{result} %{method})" },
	{ "PolicyRule", "reject spf=fail \"a\tb\"",
	    "reply text has a control or 8-bit octet (0x09)" },
	{ "PolicyRule", "accept spf=pass 250", "accept takes no reply" },
	{ "PolicyRule", "discard spf=fail \"x\"", "discard takes no reply" },
	{ "PolicyRule", "quarantine dkim=fail 550 \"x\"",
	    "quarantine takes a reason text only, no reply code" },
	{ "IprevPolicyStage", "data",
	    "'data' is not connect, helo, mail or rcpt" },
};

static void
test_config_errors(void)
{
	struct policy *p = policy_new();
	char err[256], big[700];
	int rc;
	size_t i;

	for (i = 0; i < sizeof(ecases) / sizeof(ecases[0]); i++) {
		err[0] = '\0';
		rc = offer(
		    p, 7, ecases[i].key, ecases[i].value, err, sizeof(err));
		is_int(
		    rc, -1, "refused: %s %s", ecases[i].key, ecases[i].value);
		is_str(err, ecases[i].err, "message for: %s", ecases[i].value);
	}
	memset(big, 'a', sizeof(big));
	memcpy(big, "reject spf=fail \"", 17);
	memcpy(big + sizeof(big) - 2, "\"", 2);
	is_int(policy_config_line(p, 1, "PolicyRule", big, err, sizeof(err)),
	    -1, "overlong reply text refused");
	is_str(err, "reply text is longer than 480 octets",
	    "overlong reply text message");
	is_int(policy_rule_count(p), 0, "no bad rule was kept");
	is_int(policy_config_line(p, 1, "Socket", "inet:1@x", err, sizeof(err)),
	    0, "a key that is not ours is left alone");
	is_int(policy_config_line(
	           p, 1, "policyrule", "reject spf=fail", err, sizeof(err)),
	    1, "keys are case-insensitive");
	is_int(policy_config_line(p, 2, "PolicyRule",
	           "REJECT SPF=FAIL,SoftFail from=A.example,.b.example. "
	           "unless-authenticated 550 5.7.23 \"say \\\"no\\\" # not a "
	           "comment\"",
	           err, sizeof(err)),
	    1, "a rule with every part");
	is_int(policy_rule_count(p), 2, "two rules kept");
	policy_free(p);
}

/* Reply builder: (class, rcode, xcode, text) -> refused or mtext */
static const struct {
	const char *name;
	char cls;
	const char *rcode, *xcode, *text, *want; /* want NULL: refused */
} rcases[] = {
	{ "plain 550", 0, "550", "5.7.1", "go away", "go away" },
	{ "no xcode", 0, "451", NULL, "later", "later" },
	{ "% doubled for libmilter", 0, "550", "5.7.1", "100% %s",
	    "100%% %%s" },
	{ "3xx refused", 0, "354", NULL, "x", NULL },
	{ "2xx refused", 0, "250", "2.0.0", "x", NULL },
	{ "class mismatch 550 4.7.1", 0, "550", "4.7.1", "x", NULL },
	{ "class mismatch 451 5.7.1", 0, "451", "5.7.1", "x", NULL },
	{ "reject needs 5xx", '5', "451", NULL, "x", NULL },
	{ "tempfail needs 4xx", '4', "550", NULL, "x", NULL },
	{ "CRLF in text", 0, "550", NULL, "a\r\nb", NULL },
	{ "LF in text", 0, "550", NULL, "a\nb", NULL },
	{ "8-bit text", 0, "550", NULL, "caf\xc3\xa9", NULL },
	{ "rcode not digits", 0, "5x0", NULL, "x", NULL },
	{ "rcode too long", 0, "5500", NULL, "x", NULL },
	{ "xcode leading zero", 0, "550", "5.07.1", "x", NULL },
	{ "xcode 999", 0, "550", "5.999.999", "x", "x" },
	{ "xcode 1000", 0, "550", "5.7.1000", "x", NULL },
	{ "xcode short", 0, "550", "5.7", "x", NULL },
	{ "xcode trailing dot", 0, "550", "5.7.1.", "x", NULL },
};

static void
test_reply(void)
{
	struct policy_reply r;
	char err[256], text[POLICY_TEXT_MAX + 2], out[16];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(rcases) / sizeof(rcases[0]); i++) {
		err[0] = '\0';
		rc = policy_reply_build(&r, rcases[i].cls, rcases[i].rcode,
		    rcases[i].xcode, rcases[i].text, err, sizeof(err));
		if (rcases[i].want == NULL) {
			is_int(rc, -1, "reply refused: %s", rcases[i].name);
			ok(err[0] != '\0', "with a message: %s", err);
		} else {
			is_int(
			    rc, 0, "reply built: %s (%s)", rcases[i].name, err);
			is_str(r.mtext, rcases[i].want, "mtext: %s",
			    rcases[i].name);
		}
	}
	memset(text, 'x', sizeof(text));
	text[POLICY_TEXT_MAX] = '\0';
	is_int(policy_reply_build(&r, 0, "550", NULL, text, err, sizeof(err)),
	    0, "text of exactly POLICY_TEXT_MAX fits");
	text[POLICY_TEXT_MAX] = 'x';
	text[POLICY_TEXT_MAX + 1] = '\0';
	is_int(policy_reply_build(&r, 0, "550", NULL, text, err, sizeof(err)),
	    -1, "one more octet is refused");
	memset(text, '%', POLICY_TEXT_MAX);
	text[POLICY_TEXT_MAX] = '\0';
	policy_reply_build(&r, 0, "550", NULL, text, err, sizeof(err));
	is_int(strlen(r.mtext), 2 * POLICY_TEXT_MAX, "all-%% text fits mtext");
	is_str(policy_reply_sanitize("  a\t\tb\x7f\xff  ", out, sizeof(out)),
	    "a b??", "sanitize: spaces folded, controls and 8-bit masked");
	is_str(policy_reply_sanitize("0123456789abcdefghij", out, sizeof(out)),
	    "0123456789ab...", "sanitize: cut marked");
	is_str(policy_reply_sanitize(NULL, out, sizeof(out)), "",
	    "sanitize: NULL is empty");
}

static void
test_dry_run(void)
{
	static const char *const conf[4] = { "DryRun yes",
		"PolicyRule reject spf=fail" };
	struct policy_verdict v;
	struct policy_input in = { 0 };
	struct policy *p;
	char err[256];

	if ((p = config(conf, err, sizeof(err))) == NULL) {
		ok(0, "dry run config: %s", err);
		return;
	}
	ok(policy_dry_run(p), "DryRun yes is on");
	in.ar = results(SPF_FAIL);
	in.mailfrom_domain = "x.example";
	policy_decide(p, POLICY_STAGE_MAIL, &in, &v);
	is_str(policy_action_name(v.action), "accept", "dry run: not acted on");
	is_str(policy_action_name(v.would), "reject", "dry run: would reject");
	ok(v.dry_run, "dry run: flagged for the log");
	is_int(v.line, 2, "dry run: the rule's line for the log");
	is_str(v.reply.rcode, "550", "dry run: the reply it would give");
	authres_free((struct authres *)in.ar);
	policy_free(p);
}

static void
test_needs(void)
{
	static const char *const conf[4] = {
		"PolicyRule reject spf=fail",
		"PolicyRule reject dkim=fail d=bank.example",
		"PolicyRule reject iprev=fail",
		"IprevPolicyStage helo",
	};
	static const char *const one[4] = { "IprevPolicyStage connect",
		"PolicyRule reject iprev=fail" };
	struct policy *p;
	char err[256];

	if ((p = config(conf, err, sizeof(err))) == NULL) {
		ok(0, "needs config: %s", err);
		return;
	}
	ok(policy_needs(p, POLICY_STAGE_MAIL, POLICY_METHOD_SPF),
	    "spf needed at MAIL");
	ok(!policy_needs(p, POLICY_STAGE_MAIL, POLICY_METHOD_SPF_HELO),
	    "spf-helo not needed");
	ok(!policy_needs(p, POLICY_STAGE_HELO, POLICY_METHOD_SPF),
	    "spf not at HELO");
	ok(policy_needs(p, POLICY_STAGE_EOM, POLICY_METHOD_DKIM),
	    "dkim needed at EOM");
	ok(!policy_needs(p, POLICY_STAGE_MAIL, POLICY_METHOD_DKIM),
	    "dkim not at MAIL");
	/* the iprev rule comes after a dkim rule: it waits for it */
	ok(policy_needs(p, POLICY_STAGE_EOM, POLICY_METHOD_IPREV),
	    "iprev below a dkim rule is needed at EOM");
	ok(!policy_needs(p, POLICY_STAGE_HELO, POLICY_METHOD_IPREV),
	    "and not at HELO");
	ok(!policy_needs(p, POLICY_STAGE_MAIL, POLICY_METHOD_AUTH),
	    "auth: no rule tests it");
	is_int(policy_rule_count(p), 3, "three rules");
	policy_free(p);
	if ((p = config(one, err, sizeof(err))) == NULL) {
		ok(0, "needs config: %s", err);
		return;
	}
	ok(policy_needs(p, POLICY_STAGE_CONNECT, POLICY_METHOD_IPREV),
	    "iprev needed at connect");
	ok(!policy_dry_run(p), "DryRun is off by default");
	policy_free(p);
	is_str(policy_stage_name(POLICY_STAGE_RCPT), "rcpt", "stage name");
}

int
main(void)
{
	plan(260);
	test_decide();
	test_dry_run();
	test_needs();
	test_config_errors();
	test_reply();
	return done_testing();
}
