/*
 * session.c - the session core without an MTA: event sequences (several
 * messages per connection, abort mid-message, close at every stage),
 * forged Authentication-Results removal with exact indices and edit
 * order, internal and authenticated clients, policy verdicts, MAIL FROM
 * and AUTH identities (source route, A-labels, SMTPUTF8). DNS goes to
 * a closed loopback port, so lookups end at once in temperror.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authres/authres.h"
#include "conf/conf.h"
#include "session/session.h"
#include "tap.h"
#include "util/log.h"

#define BASE                        \
	"AuthservID mx.example\n"   \
	"Nameservers 127.0.0.1@1\n" \
	"DNSTimeout 100ms\n"

/* env_new - a session environment for BASE + extra; bails out on failure */
static struct session_env *
env_new(const char *extra)
{
	char text[2048], err[CONF_ERRLEN];
	struct session_env *env;
	struct conf *c;

	snprintf(text, sizeof(text), "%s%s", BASE, extra);
	c = conf_parse("t.conf", text, strlen(text), err, sizeof(err));
	if (c == NULL)
		bail_out("config for the session environment: %s", err);
	env = session_env_new(c, err, sizeof(err));
	if (env == NULL)
		bail_out("session environment: %s", err);
	conf_unref(c);
	return env;
}

/* edits_str - the edits as one line: "-3 -1 +X-Original... +A-R" */
static const char *
edits_str(const struct session_verdict *v, char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < v->nedits && n < len; i++) {
		const struct session_edit *e = &v->edits[i];

		if (e->op == SESSION_EDIT_DELETE)
			n += (size_t)snprintf(buf + n, len - n, "%s-%s#%zu",
			    i > 0 ? " " : "", e->name, e->index);
		else
			n += (size_t)snprintf(buf + n, len - n, "%s+%s@%zu=%s",
			    i > 0 ? " " : "", e->name, e->index, e->value);
	}
	return buf;
}

static const char *const forged_in[][2] = {
	{ "Authentication-Results", " mx.example; spf=pass smtp.mailfrom=a@b" },
	{ "Received", " from x by y" },
	{ "Authentication-Results", " other.example; dkim=pass header.d=b" },
	{ "authentication-results", " MX.Example 1; iprev=pass" },
	{ "Authentication-Results", " relay.example; spf=fail" },
	{ "AUTHENTICATION-RESULTS", "mx.example; (((garbage" },
	{ "Authentication-Results", " mx.example.net; none" },
	{ "Authentication-Results", "\n\t(c) mx.EXAMPLE;\n\tdkim=pass" },
	{ "Subject", " hi" },
};

/* feed_message - headers, end of headers, a body; returns the eom verdict */
static const struct session_verdict *
feed_message(struct session *s, const char *const (*h)[2], size_t nh)
{
	static const unsigned char body[] = "hello\r\n";
	size_t i;

	for (i = 0; i < nh; i++)
		session_header(s, h[i][0], h[i][1]);
	session_eoh(s);
	if (session_wants_body(s))
		session_body(s, body, sizeof(body) - 1);
	return session_eom(s);
}

/* test_forged - which fields are ours, their indices, the edit order */
static void
test_forged(
    const char *extra, const char *want, const char *want2, const char *name)
{
	struct session_env *env = env_new(extra);
	const struct session_verdict *v;
	struct session *s;
	char buf[2048];
	s = session_new(env, "ignored.example");
	session_connect(s, "localhost", "127.0.0.1");
	session_helo(s, "client.example");
	session_mail(s, "<a@b.example>", NULL, false);
	session_rcpt(s, "<c@mx.example>");
	v = feed_message(
	    s, forged_in, sizeof(forged_in) / sizeof(forged_in[0]));
	is_int(v->action, SESSION_ACCEPT, "%s: accepted", name);
	is_str(edits_str(v, buf, sizeof(buf)), want, "%s: edits", name);
	is_str(v->header, "mx.example; none", "%s: internal: none", name);
	/* the next message on the connection starts afresh */
	session_mail(s, "<>", NULL, false);
	v = feed_message(s, forged_in + 2, 2);
	is_str(edits_str(v, buf, sizeof(buf)), want2,
	    "%s: second message counts from 1 again", name);
	session_free(s);
	session_env_free(env);
}

/* test_internal_auth - internal and authenticated: auth only, no checks */
static void
test_internal_auth(void)
{
	struct session_env *env = env_new("");
	const struct session_verdict *v;
	struct session *s;
	s = session_new(env, NULL);
	is_str(session_get_authserv_id(s), "mx.example", "AuthservID wins");
	session_connect(s, "localhost", "::1");
	session_mail(s, "<alice@mx.example>", "alice", false);
	ok(!session_wants_body(s), "internal: no body wanted");
	v = feed_message(s, forged_in + 1, 1);
	is_int(v->action, SESSION_ACCEPT, "internal, authenticated: accept");
	is_str(v->header, "mx.example; auth=pass smtp.auth=alice",
	    "internal, authenticated: auth result only");
	is_int(v->nedits, 1, "one insert, nothing to delete");
	session_free(s);
	session_env_free(env);
}

/* test_long_auth - an SMTP AUTH identity too long for a line of the
 * field: not written (a cut name is another name), said in a comment, and
 * the message is accepted, not deferred */
static void
test_long_auth(void)
{
	struct session_env *env = env_new("");
	const struct session_verdict *v;
	struct session *s;
	char user[1201];

	if (env == NULL)
		return;
	memset(user, 'u', sizeof(user) - 1);
	user[sizeof(user) - 1] = '\0';
	s = session_new(env, NULL);
	session_connect(s, "localhost", "::1");
	session_mail(s, "<alice@mx.example>", user, false);
	v = feed_message(s, forged_in + 1, 1);
	is_int(v->action, SESSION_ACCEPT, "1200-octet AUTH identity: accept");
	is_str(v->header,
	    "mx.example; auth=pass\n\t(user name not shown: not a "
	    "local-part or address)",
	    "1200-octet AUTH identity: not written, said in a comment");
	session_free(s);
	session_env_free(env);
}

/* test_external - a checked client whose DNS fails: temperror results in
 * the documented order; nothing is rejected for a DNS error */
static void
test_external(void)
{
	struct session_env *env = env_new("");
	const struct session_verdict *v;
	struct authres *ar = NULL;
	struct session *s;
	s = session_new(env, NULL);
	is_int(session_connect(s, "[192.0.2.1]", "192.0.2.1")->action,
	    SESSION_CONTINUE, "external connect goes on");
	is_int(session_helo(s, "client.example")->action, SESSION_CONTINUE,
	    "helo goes on");
	session_set_queue_id(s, "4XyZ");
	is_int(session_mail(s, "<a@b.example>", "bob", false)->action,
	    SESSION_CONTINUE, "mail goes on");
	session_rcpt(s, "<c@mx.example>");
	session_header(s, "From", " a@b.example");
	ok(session_wants_body(s), "before eoh the body is wanted");
	session_eoh(s);
	ok(!session_wants_body(s), "unsigned: no body wanted after eoh");
	v = session_eom(s);
	is_int(v->action, SESSION_ACCEPT, "DNS errors are not rejected");
	diag("%s", v->header);
	ok(v->header != NULL &&
	        authres_parse(v->header, strlen(v->header),
	            AUTHRES_PARSE_STRICT, &ar, NULL) == AUTHRES_OK,
	    "header parses");
	if (ar != NULL) {
		is_int(authres_result_count(ar), 7, "seven results");
		is_str(authres_get_method(ar, 0), "auth", "1: auth");
		is_str(authres_lookup_prop(ar, 0, "smtp", "auth"), "bob",
		    "smtp.auth=bob");
		is_str(authres_get_method(ar, 1), "iprev", "2: iprev");
		is_str(
		    authres_get_result(ar, 1), "temperror", "iprev temperror");
		is_str(authres_lookup_prop(ar, 2, "smtp", "mailfrom"),
		    "a@b.example", "3: spf smtp.mailfrom");
		is_str(authres_get_result(ar, 2), "temperror", "spf temperror");
		is_str(authres_lookup_prop(ar, 3, "smtp", "helo"),
		    "client.example", "4: spf smtp.helo");
		is_str(authres_get_method(ar, 4), "dkim", "5: dkim");
		is_str(
		    authres_get_result(ar, 4), "none", "unsigned: dkim=none");
		is_str(authres_get_method(ar, 5), "arc", "6: arc");
		is_str(
		    authres_get_result(ar, 5), "none", "no ARC set: arc=none");
		is_str(authres_lookup_prop(ar, 5, "smtp", "remote-ip"),
		    "192.0.2.1", "arc smtp.remote-ip");
		is_str(authres_get_method(ar, 6), "dmarc", "7: dmarc, last");
		is_str(authres_get_result(ar, 6), "temperror",
		    "dmarc temperror: the DNS error could change it");
	}
	authres_free(ar);
	session_free(s);
	session_env_free(env);
}

/* test_policy - a rule at eom rejects with its reply and no edits; DryRun
 * only logs */
static void
test_policy(const char *extra, enum session_action want, const char *reply,
    const char *name)
{
	struct session_env *env = env_new(extra);
	const struct session_verdict *v;
	struct session *s;
	s = session_new(env, NULL);
	session_connect(s, "[192.0.2.1]", "192.0.2.1");
	session_mail(s, "<>", NULL, false);
	session_rcpt(s, "<c@mx.example>");
	v = feed_message(s, forged_in, 1);
	is_int(v->action, want, "%s: action", name);
	is_str(v->reply, reply, "%s: reply", name);
	ok(want == SESSION_ACCEPT ? v->nedits == 2 : v->nedits == 0,
	    "%s: edits only when accepted", name);
	/* the next message gets its own decision */
	session_mail(s, "<>", NULL, false);
	v = feed_message(s, forged_in + 1, 1);
	is_int(v->action, want, "%s: second message too", name);
	session_free(s);
	session_env_free(env);
}

/* test_abort - abort mid-message forgets it; the connection goes on */
static void
test_abort(void)
{
	struct session_env *env = env_new("");
	const struct session_verdict *v;
	struct session *s;
	char buf[1024];
	s = session_new(env, NULL);
	session_connect(s, "localhost", "127.0.0.1");
	session_mail(s, "<a@b.example>", "alice", false);
	session_header(s, forged_in[0][0], forged_in[0][1]);
	session_abort(s);
	session_mail(s, "<a@b.example>", NULL, false);
	v = feed_message(s, forged_in + 1, 1);
	is_str(edits_str(v, buf, sizeof(buf)),
	    "+Authentication-Results@0=mx.example; none",
	    "after abort: no stale forged field, no stale auth");
	session_abort(s);
	session_abort(NULL);
	ok(1, "abort after eom and abort(NULL) are harmless");
	session_free(s);
	session_env_free(env);
}

/* test_close_everywhere - free at each stage, with lookups in flight
 * (valgrind and ASan check nothing leaks) */
static void
test_close_everywhere(void)
{
	struct session_env *env = env_new("");
	struct session *s;
	int stage, i;
	session_free(NULL);
	for (stage = 0; stage <= 9; stage++) {
		s = session_new(env, NULL);
		for (i = 0; i < stage; i++) {
			if (i == 0)
				session_connect(s, "h", "198.51.100.7");
			if (i == 1)
				session_helo(s, "h.example");
			if (i == 2)
				session_mail(s, "<x@y.example>", NULL, false);
			if (i == 3)
				session_rcpt(s, "<z@mx.example>");
			if (i == 4)
				session_header(s, "DKIM-Signature",
				    " v=1; a=rsa-sha256; d=y.example; s=s; "
				    "h=from; bh=AAAA; b=AAAA");
			if (i == 5)
				session_header(s, "From", " x@y.example");
			if (i == 6)
				session_eoh(s);
			if (i == 7)
				session_body(
				    s, (const unsigned char *)"x\r\n", 3);
			if (i == 8)
				session_eom(s);
		}
		session_free(s);
		ok(1, "close after %d events", stage);
	}
	session_env_free(env);
}

/* test_may_act - which stages a verdict can come at, for the milter's
 * no-reply flags: one digit per stage, connect to eom */
static void
test_may_act(void)
{
	static const struct {
		const char *name, *conf, *want;
	} cases[] = {
		{ "no rule: only eom", "", "00000001" },
		{ "spf rule: from MAIL on",
		    "PolicyRule reject spf=fail 550 5.7.23 \"x\"\n",
		    "00110001" },
		{ "spf-helo rule waits for MAIL",
		    "PolicyRule reject spf-helo=fail\n", "00110001" },
		{ "iprev rule at rcpt (default)",
		    "PolicyRule reject iprev=fail\n", "00010001" },
		{ "iprev rule at connect: every envelope stage",
		    "IprevPolicyStage connect\nPolicyRule reject iprev=fail\n",
		    "11110001" },
		{ "dkim rule: only eom", "PolicyRule reject dkim=fail\n",
		    "00000001" },
		{ "DryRun never acts before eom",
		    "DryRun yes\nPolicyRule reject spf=fail\n", "00000001" },
	};
	struct session_env *env;
	char got[9];
	size_t i, st;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		env = env_new(cases[i].conf);
		for (st = 0; st <= SESSION_STAGE_EOM; st++)
			got[st] = session_env_may_act(env, st) ? '1' : '0';
		got[st] = '\0';
		is_str(got, cases[i].want, "may act: %s", cases[i].name);
		session_env_free(env);
	}
}

/* test_mail_identities - from= sees the mailbox after a source route and
 * its domain as A-labels; the AUTH name is echoed only when it follows
 * its grammar, UTF-8 only with SMTPUTF8 */
static void
test_mail_identities(void)
{
	static const struct {
		const char *name, *from, *auth, *want_auth;
		bool smtputf8;
	} cases[] = {
		{ "source route", "<@b.example,@c.example:a@d.example>", "bob",
		    "bob", false },
		{ "U-label domain",
		    "<a@b\xc3\xbc"
		    "cher.example>",
		    "j\xc3\xb6rg", NULL, false },
		{ "UTF-8 with SMTPUTF8",
		    "<a@b\xc3\xbc"
		    "cher.example>",
		    "j\xc3\xb6rg", "j\xc3\xb6rg", true },
	};
	struct session_env *env =
	    env_new("PolicyRule tempfail spf=temperror "
	            "from=d.example,xn--bcher-kva.example "
	            "451 4.7.24 \"no\"\n");
	const struct session_verdict *v;
	struct authres *ar;
	struct session *s;
	size_t i;

	if (env == NULL) {
		ok(0, "policy config for identities");
		return;
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = session_new(env, NULL);
		session_connect(s, "[192.0.2.1]", "192.0.2.1");
		session_helo(s, "client.example");
		/* no AUTH here: authenticated clients pass SPF rules */
		v = session_mail(s, cases[i].from, NULL, cases[i].smtputf8);
		is_int(v->action, SESSION_TEMPFAIL, "%s: from= matches",
		    cases[i].name);
		session_free(s);
		/* without the rule's domain in reach: the field */
		s = session_new(env, NULL);
		session_connect(s, "[192.0.2.1]", "192.0.2.1");
		session_mail(
		    s, "<x@other.example>", cases[i].auth, cases[i].smtputf8);
		v = session_eom(s);
		ar = NULL;
		if (v->header == NULL ||
		    authres_parse(v->header, strlen(v->header),
		        AUTHRES_PARSE_STRICT, &ar, NULL) != AUTHRES_OK)
			ok(0, "%s: header parses", cases[i].name);
		else if (cases[i].want_auth == NULL)
			ok(authres_prop_count(ar, 0) == 0,
			    "%s: AUTH name left out", cases[i].name);
		else
			is_str(authres_lookup_prop(ar, 0, "smtp", "auth"),
			    cases[i].want_auth, "%s: AUTH name", cases[i].name);
		authres_free(ar);
		session_free(s);
	}
	session_env_free(env);
}

int
main(void)
{
	plan(70);
	log_open("session-test", true, NULL, LOG_LEVEL_ERR);
	test_forged("",
	    "-Authentication-Results#7 -Authentication-Results#5 "
	    "-Authentication-Results#3 -Authentication-Results#1 "
	    "+Authentication-Results@0=mx.example; none",
	    "-Authentication-Results#2 "
	    "+Authentication-Results@0=mx.example; none",
	    "forged");
	test_forged("KeepOriginalHeaders yes\n",
	    "-Authentication-Results#7 -Authentication-Results#5 "
	    "-Authentication-Results#3 -Authentication-Results#1 "
	    "+X-Original-Authentication-Results@0=\n\t(c) mx.EXAMPLE;\n\tdkim=pass "
	    "+X-Original-Authentication-Results@0=mx.example; (((garbage "
	    "+X-Original-Authentication-Results@0= MX.Example 1; iprev=pass "
	    "+X-Original-Authentication-Results@0= mx.example; spf=pass "
	    "smtp.mailfrom=a@b "
	    "+Authentication-Results@0=mx.example; none",
	    "-Authentication-Results#2 "
	    "+X-Original-Authentication-Results@0= MX.Example 1; iprev=pass "
	    "+Authentication-Results@0=mx.example; none",
	    "kept copies");
	test_internal_auth();
	test_long_auth();
	test_external();
	test_mail_identities();
	test_policy("PolicyRule reject dkim=none 550 5.7.20 \"No signature\"\n",
	    SESSION_REJECT, "550 5.7.20 No signature", "reject unsigned");
	test_policy("DryRun yes\nPolicyRule reject dkim=none\n", SESSION_ACCEPT,
	    NULL, "dry run");
	test_abort();
	test_close_everywhere();
	test_may_act();
	return done_testing();
}
