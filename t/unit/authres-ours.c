/*
 * authres-ours.c - authres_is_ours and authres_get_authserv_id_from read
 * only the authserv-id: they answer for fields whose rest is garbage, with
 * or without the field name, folded, quoted, in any case; and say no for
 * other ids, empty ids and fields that start with a resinfo.
 */
#include <string.h>

#include "authres.h"
#include "tap.h"

static const struct {
	const char *name, *field;
	bool ours;      /* for "mx.example" */
	const char *id; /* NULL: get_authserv_id_from refuses */
} cases[] = {
	{ "ours", "mx.example; spf=pass", true, "mx.example" },
	{ "ours with a version", "mx.example 1; none", true, "mx.example" },
	{ "ours quoted", "\"mx.example\"; none", true, "mx.example" },
	{ "ours quoted with a quoted-pair", "\"mx\\.example\"; none", true,
	    "mx.example" },
	{ "case differs", "MX.Example; none", true, "MX.Example" },
	{ "field name before it", "Authentication-Results: mx.example; none",
	    true, "mx.example" },
	{ "field name in other case, space before colon",
	    "AUTHENTICATION-RESULTS : mx.example; none", true, "mx.example" },
	{ "folded before the id",
	    "Authentication-Results:\r\n\tmx.example;\r\n"
	    "\tspf=pass",
	    true, "mx.example" },
	/* the parser reads a folded tab as a space; a lenient consumer
	 * joins the pieces, so the field is ours all the same */
	{ "folded quoted id: parser keeps a space, ours by joining",
	    "\"mx.\n\texample\"; none", true, "mx. example" },
	{ "comment before the id", "(forged (nested)) mx.example; none", true,
	    "mx.example" },
	{ "garbage after the id",
	    "mx.example; spf=pass smtp.mailfrom=a b c d "
	    "((( \x01",
	    true, "mx.example" },
	{ "unparseable rest", "mx.example ;;;=== \"unterminated", true,
	    "mx.example" },
	{ "no separator at all", "mx.example", true, "mx.example" },
	/* fail closed: a token ends at a tspecial, so this is ours */
	{ "ours glued to a tspecial", "mx.example@evil; none", true,
	    "mx.example" },
	{ "another id", "other.example; spf=pass", false, "other.example" },
	{ "ours as a prefix only", "mx.example.evil; none", false,
	    "mx.example.evil" },
	{ "a prefix of ours", "mx.exampl; none", false, "mx.exampl" },
	{ "subdomain of ours", "a.mx.example; none", false, "a.mx.example" },
	{ "empty field", "", false, NULL },
	{ "white space only", "  \r\n\t", false, NULL },
	{ "empty quoted id", "\"\"; none", false, NULL },
	{ "unterminated comment", "(mx.example; none", false, NULL },
	/* fail closed: a consumer that drops quotes reads mx.example */
	{ "unterminated quoted id", "\"mx.example; none", true, NULL },
	{ "starts with a resinfo (Office 365)", "spf=pass smtp.mailfrom=a.b",
	    false, NULL },
	{ "starts with a method version", "dkim/1=pass", false, NULL },
	{ "a ';' first", "; mx.example", false, NULL },
};

/* The lenient reading of authres_is_ours, for "mx.example.org": what a
 * consumer that joins pieces (OpenDMARC, OpenARC) would trust is ours. */
static const struct {
	const char *name, *field;
	bool ours;
} lax[] = {
	{ "plain", "mx.example.org; dkim=pass", true },
	{ "spaces around the dots", "mx . example . org; dkim=pass", true },
	{ "folded inside a label", "mx.exa\r\n\tmple.org; dkim=pass", true },
	{ "folded after a dot", "mx.\r\n example.org; dkim=pass", true },
	{ "LF fold inside a label", "mx.exa\n mple.org; none", true },
	{ "quoted middle label", "mx.\"example\".org; dkim=pass", true },
	{ "quoted pieces", "\"mx\".\"example.org\"; none", true },
	{ "whole id quoted", "\"mx.example.org\"; none", true },
	{ "vertical tab before", "\vmx.example.org; dkim=pass", true },
	{ "form feed before", "\fmx.example.org; dkim=pass", true },
	{ "vertical tab inside", "mx.\vexample.org; none", true },
	{ "form feed inside", "mx.example\f.org; none", true },
	{ "field name then form feed",
	    "Authentication-Results:\fmx.example.org; none", true },
	{ "trailing dot", "mx.example.org.; dkim=pass", true },
	{ "trailing dot after a space", "mx.example.org .; none", true },
	{ "upper case", "MX.EXAMPLE.ORG; dkim=pass", true },
	{ "comment before", "(c)mx.example.org; none", true },
	{ "nested comment before", "(a (b) c)mx.example.org; none", true },
	{ "comment inside", "mx(c).example.org; none", true },
	{ "comment with ';' inside", "mx(;).example.org; none", true },
	{ "comment after", "mx.example.org(comment); none", true },
	{ "backslash-escaped dot", "mx\\.example.org; none", true },
	{ "backslash in quotes", "\"mx\\.exam\\ple.org\"; none", true },
	{ "version after", "mx.example.org 1; none", true },
	{ "no ';', result right after", "mx.example.org dkim=pass", true },
	{ "garbage after", "mx.example.org evil stuff; none", true },
	{ "tspecial right after", "mx.example.org@x; none", true },
	{ "no ';' at all", "mx.example.org", true },
	{ "unterminated comment after", "mx.example.org (x; none", true },
	{ "unterminated quote after", "mx.example.org\"; none", true },
	{ "longer id", "mx.example.org.evil; none", false },
	{ "longer id with spaces", "mx.example.org . evil; none", false },
	{ "longer id after trailing dot", "mx.example.org.evil.; none", false },
	{ "a label after a dot and a space", "mx.example.org. evil; none",
	    false },
	{ "a version after a trailing dot", "mx.example.org. 1; none", true },
	{ "a version and garbage after a trailing dot", "mx.example.org. 12 x",
	    true },
	{ "a digit label after a dot and a space", "mx.example.org. 1a; none",
	    false },
	{ "letter before", "xmx.example.org; none", false },
	{ "letter after", "mx.example.orgx; none", false },
	{ "dash for a dot", "mx-example.org; none", false },
	{ "dash after", "mx.example.org-x; none", false },
	{ "underscore after", "mx.example.org_x; none", false },
	{ "8-bit after", "mx.example.org\xc3\xa9; none", false },
	{ "a shorter id", "mx.example.or; none", false },
	{ "ours after a ';'", "other.example; mx.example.org", false },
	{ "ours in a comment only", "(mx.example.org) other.example; none",
	    false },
	{ "resinfo first (Office 365)", "dkim=pass header.d=mx.example.org",
	    false },
	{ "empty", "", false },
	{ "only white space", " \v\f\t\r\n ", false },
};

/* test_lax - the lenient table, and a keyword id that a method is not */
static void
test_lax(void)
{
	size_t i;

	for (i = 0; i < sizeof(lax) / sizeof(lax[0]); i++)
		is_int(authres_is_ours(lax[i].field, strlen(lax[i].field),
		           "mx.example.org"),
		    lax[i].ours, "lenient: %s", lax[i].name);
	ok(authres_is_ours("mx.example.org; none", 20, "MX.Example.Org."),
	    "our id configured with a trailing dot and in upper case");
	ok(!authres_is_ours("mx=pass; none", 13, "mx"),
	    "a keyword id followed by '=' is a method, not ours");
	ok(!authres_is_ours("mx / 1 = pass", 13, "mx"),
	    "a keyword id followed by '/' is a method, not ours");
	ok(authres_is_ours("mx 1; none", 10, "mx"), "a keyword id of ours");
	ok(authres_is_ours("\"a b\"; none", 11, "a b"),
	    "white space in our id is dropped as in the field");
	ok(authres_is_ours("ab; none", 8, "a b"),
	    "so a field without it matches too");
	ok(authres_is_ours(".; none", 7, "."), "an id of a lone dot keeps it");
	ok(!authres_is_ours("x; none", 7, "."), "and matches nothing else");
}

/* test_cases - the table, for both functions */
static void
test_cases(void)
{
	char buf[256];
	size_t i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = strlen(cases[i].field);
		is_int(authres_is_ours(cases[i].field, n, "mx.example"),
		    cases[i].ours, "%s: is_ours", cases[i].name);
		is_int(authres_get_authserv_id_from(
		           cases[i].field, n, buf, sizeof(buf)),
		    cases[i].id != NULL ? AUTHRES_OK : AUTHRES_ESYNTAX,
		    "%s: get_authserv_id_from status", cases[i].name);
		is_str(buf, cases[i].id != NULL ? cases[i].id : "",
		    "%s: get_authserv_id_from id", cases[i].name);
	}
}

/* test_edges - lengths, empty ids, small buffers */
static void
test_edges(void)
{
	static const char field[] = "mx.example; none";
	char buf[11];

	ok(!authres_is_ours(field, sizeof(field) - 1, ""),
	    "an empty id of ours matches nothing");
	ok(!authres_is_ours(field, sizeof(field) - 1, NULL),
	    "a NULL id of ours matches nothing");
	ok(!authres_is_ours(field, 5, "mx.example"),
	    "len cuts the id: not ours");
	ok(authres_is_ours(field, 10, "mx.example"), "len just covers the id");
	ok(!authres_is_ours(NULL, 0, "mx.example"), "NULL field: not ours");
	is_int(authres_get_authserv_id_from(field, sizeof(field) - 1, buf, 11),
	    AUTHRES_OK, "buffer of exactly id + NUL");
	is_str(buf, "mx.example", "copied whole");
	is_int(authres_get_authserv_id_from(field, sizeof(field) - 1, buf, 10),
	    AUTHRES_ELIMIT, "one octet short: ELIMIT");
	is_str(buf, "", "nothing half-copied");
	is_int(authres_get_authserv_id_from("\"a\x01\"; none", 9, buf, 11),
	    AUTHRES_ESYNTAX, "a control in a quoted id: ESYNTAX");
	is_int(authres_get_authserv_id_from(field, 16, NULL, 0), AUTHRES_EINVAL,
	    "NULL buffer: EINVAL");
}

int
main(void)
{
	plan(146);
	test_cases();
	test_lax();
	test_edges();
	return done_testing();
}
