/*
 * authres-parse.c - authres_parse against the RFC 8601 2.2 grammar: one row
 * per rule and per refusal, strict and lenient, with the exact column of
 * every error; comments and where they attach; folding; limits (results,
 * properties, comment depth, input size) and NUL in the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authres.h"
#include "tap.h"

#define S AUTHRES_PARSE_STRICT
#define L AUTHRES_PARSE_LENIENT

struct dump {
	char buf[4096];
	size_t len;
};

/* put - append text to d, cut at its size */
static void
put(struct dump *d, const char *a, const char *b)
{
	int n = snprintf(d->buf + d->len, sizeof(d->buf) - d->len, "%s%s", a,
	    b != NULL ? b : "");

	if (n > 0 && d->len + (size_t)n < sizeof(d->buf))
		d->len += (size_t)n;
}

/* comment - append " (text)" when there is a comment */
static void
comment(struct dump *d, const char *c)
{
	if (c == NULL)
		return;
	put(d, " (", c);
	put(d, ")", NULL);
}

/* number - append "/n" when n >= 0 */
static void
number(struct dump *d, int n)
{
	char v[16];

	if (n < 0)
		return;
	snprintf(v, sizeof(v), "/%d", n);
	put(d, v, NULL);
}

/* dump_result - "; method[/v]=result [reason={r}] (c) pt.pr={v} (c)..." */
static void
dump_result(struct dump *d, const struct authres *ar, size_t i)
{
	size_t j;

	put(d, "; ", authres_get_method(ar, i));
	number(d, authres_get_method_version(ar, i));
	put(d, "=", authres_get_result(ar, i));
	if (authres_get_reason(ar, i) != NULL) {
		put(d, " reason={", authres_get_reason(ar, i));
		put(d, "}", NULL);
	}
	comment(d, authres_get_result_comment(ar, i));
	for (j = 0; j < authres_prop_count(ar, i); j++) {
		put(d, " ", authres_get_prop_ptype(ar, i, j));
		put(d, ".", authres_get_prop_property(ar, i, j));
		put(d, "={", authres_get_prop_value(ar, i, j));
		put(d, "}", NULL);
		comment(d, authres_get_prop_comment(ar, i, j));
	}
}

/* dump - the whole field as one line: "id[/v] (c); ..." or "id; none" */
static const char *
dump(struct dump *d, const struct authres *ar)
{
	size_t i;

	d->len = 0;
	d->buf[0] = '\0';
	put(d,
	    authres_get_authserv_id(ar) != NULL ? authres_get_authserv_id(ar)
	                                        : "-",
	    NULL);
	number(d, authres_get_version(ar));
	comment(d, authres_get_authserv_comment(ar));
	if (authres_result_count(ar) == 0)
		put(d, "; none", NULL);
	for (i = 0; i < authres_result_count(ar); i++)
		dump_result(d, ar, i);
	return d->buf;
}

static const struct {
	const char *name;
	unsigned flags;
	const char *in, *want;
} accepted[] = {
	{ "minimal resinfo", S, "example.com; spf=pass",
	    "example.com; spf=pass" },
	{ "field name is skipped", S,
	    "Authentication-Results: example.com; spf=pass",
	    "example.com; spf=pass" },
	{ "field name in any case, WSP before the colon", S,
	    "authentication-RESULTS \t: example.com; spf=pass",
	    "example.com; spf=pass" },
	{ "no-result", S, "example.org; none", "example.org; none" },
	{ "NONE in upper case", S, "example.org; NONE", "example.org; none" },
	{ "authserv-id version", S, "example.org 1; none",
	    "example.org/1; none" },
	{ "digits without CFWS belong to the id", S, "example.org1; none",
	    "example.org1; none" },
	{ "version after a comment", S, "example.org (c)2; none",
	    "example.org/2 (c); none" },
	{ "quoted authserv-id", S, "\"my id\"; spf=pass", "my id; spf=pass" },
	{ "method version with CFWS around '/' and '='", S,
	    "example.com; dkim / 1 = pass", "example.com; dkim/1=pass" },
	{ "reason token", S, "x.example; dkim=fail reason=bad",
	    "x.example; dkim=fail reason={bad}" },
	{ "reason quoted with quoted-pairs", S,
	    "x.example; dkim=fail reason=\"a \\\"b\\\" \\\\c\"",
	    "x.example; dkim=fail reason={a \"b\" \\c}" },
	{ "reason with CFWS around '='", S,
	    "x.example; dkim=fail reason (r) = (s) bad",
	    "x.example; dkim=fail reason={bad} (r s)" },
	{ "names lower-cased, values kept", S,
	    "X.Example; SPF=PASS SMTP.MailFrom=A@B.Example",
	    "X.Example; spf=pass smtp.mailfrom={A@B.Example}" },
	{ "local-part@domain pvalue", S,
	    "x.example; auth=pass smtp.auth=user+tag@example.net",
	    "x.example; auth=pass smtp.auth={user+tag@example.net}" },
	{ "dot-atom local-part with '/' and '='", S,
	    "x.example; spf=pass smtp.mailfrom=a/b=c.d@example.net",
	    "x.example; spf=pass smtp.mailfrom={a/b=c.d@example.net}" },
	{ "@domain pvalue", S, "x.example; dkim=pass header.i=@example.net",
	    "x.example; dkim=pass header.i={@example.net}" },
	{ "quoted local-part kept as written", S,
	    "x.example; spf=pass smtp.mailfrom=\"a b\"@example.net",
	    "x.example; spf=pass smtp.mailfrom={\"a b\"@example.net}" },
	{ "quoted pvalue unquoted", S,
	    "x.example; spf=pass smtp.helo=\"[192.0.2.1]\"",
	    "x.example; spf=pass smtp.helo={[192.0.2.1]}" },
	{ "empty quoted pvalue", S, "x.example; spf=pass smtp.helo=\"\"",
	    "x.example; spf=pass smtp.helo={}" },
	{ "several results and properties", S,
	    "x.example; spf=pass smtp.mailfrom=a.example; dkim=pass "
	    "header.d=a.example header.s=sel",
	    "x.example; spf=pass smtp.mailfrom={a.example}; dkim=pass "
	    "header.d={a.example} header.s={sel}" },
	{ "quoted pvalue followed directly by a propspec", S,
	    "x.example; a=pass b.c=\"x\"d.e=y",
	    "x.example; a=pass b.c={x} d.e={y}" },
	{ "nested comment with a quoted-pair", S,
	    "x.example (a (b \\) c) d); spf=pass",
	    "x.example (a (b ) c) d); spf=pass" },
	{ "comments attach to result and property", S,
	    "x.example; dkim=pass (good) header.d=a.example (sig 1)",
	    "x.example; dkim=pass (good) header.d={a.example} (sig 1)" },
	{ "comment before the method goes to the result", S,
	    "x.example; (first) spf=pass", "x.example; spf=pass (first)" },
	{ "comment before the pvalue goes to the property", S,
	    "x.example; spf=pass smtp.mailfrom= (c) a.example",
	    "x.example; spf=pass smtp.mailfrom={a.example} (c)" },
	{ "comment before ';' stays with the last element", S,
	    "x.example; spf=pass (p); dkim=fail (f)",
	    "x.example; spf=pass (p); dkim=fail (f)" },
	{ "none with a comment", S, "x.example; none (nothing)",
	    "x.example (nothing); none" },
	{ "folded with CRLF", S,
	    "x.example;\r\n\tspf=pass\r\n smtp.mailfrom=a.example",
	    "x.example; spf=pass smtp.mailfrom={a.example}" },
	{ "folded with a bare LF", S, "x.example;\n spf=pass",
	    "x.example; spf=pass" },
	{ "fold inside a quoted-string is removed", S,
	    "x.example; dkim=fail reason=\"a\r\n b\"",
	    "x.example; dkim=fail reason={a b}" },
	{ "fold inside a comment is removed", S,
	    "x.example (a\r\n\tb); spf=pass", "x.example (a b); spf=pass" },
	{ "trailing CRLF", S, "x.example; spf=pass\r\n",
	    "x.example; spf=pass" },
	{ "unknown method and ptype kept", S, "x.example; foo=bar baz.qux=1",
	    "x.example; foo=bar baz.qux={1}" },
	{ "x- method kept", S, "x.example; x-custom=pass x-p.y=z",
	    "x.example; x-custom=pass x-p.y={z}" },
	{ "a method called none", S, "x.example; none=pass",
	    "x.example; none=pass" },
	{ "smtp.rcptto", S, "x.example; rrvs=pass smtp.rcptto=u@example.net",
	    "x.example; rrvs=pass smtp.rcptto={u@example.net}" },
	{ "UTF-8 in a quoted-string (RFC 6532)", S,
	    "x.example; dkim=fail reason=\"caf\xc3\xa9\"",
	    "x.example; dkim=fail reason={caf\xc3\xa9}" },
	{ "UTF-8 in a comment", S, "x.example (\xe2\x82\xac); spf=pass",
	    "x.example (\xe2\x82\xac); spf=pass" },
	{ "quoted-pair in a comment keeps the octet", S,
	    "x.example (\\(x\\)); none", "x.example ((x)); none" },
	{ "lenient: Office 365 without authserv-id", L,
	    "spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=example.com; "
	    "dkim=none (message not signed) header.d=none;dmarc=none "
	    "action=none header.from=example.com;compauth=pass reason=100",
	    "-; spf=pass (sender IP is 192.0.2.1) smtp.mailfrom={example.com}"
	    "; dkim=none (message not signed) header.d={none}"
	    "; dmarc=none .action={none} header.from={example.com}"
	    "; compauth=pass reason={100}" },
	{ "lenient: unquoted IPv6 address", L,
	    "x.example; iprev=pass policy.iprev=2001:db8::1",
	    "x.example; iprev=pass policy.iprev={2001:db8::1}" },
	{ "lenient: '/' '@' '[' ']' ':' in values", L,
	    "x.example; dkim=pass header.b=ab/c+d= smtp.helo=[192.0.2.1] "
	    "reason=a:b",
	    "x.example; dkim=pass reason={a:b} header.b={ab/c+d=} "
	    "smtp.helo={[192.0.2.1]}" },
	{ "lenient: bare UTF-8 (RFC 8616)", L,
	    "x.example; spf=pass smtp.mailfrom=\xc3\xa9@caf\xc3\xa9.example",
	    "x.example; spf=pass smtp.mailfrom={\xc3\xa9@caf\xc3\xa9.example}" },
	{ "lenient: invalid UTF-8 becomes '?'", L,
	    "x.example (a\xff); spf=pass smtp.helo=b\xc0.example",
	    "x.example (a?); spf=pass smtp.helo={b?.example}" },
	{ "lenient: trailing ';'", L, "x.example; spf=pass;",
	    "x.example; spf=pass" },
	{ "lenient: empty resinfo", L, "x.example; spf=pass;; dkim=pass;",
	    "x.example; spf=pass; dkim=pass" },
	{ "lenient: id alone", L, "x.example", "x.example; none" },
	{ "lenient: id and ';'", L, "x.example;", "x.example; none" },
	{ "lenient: reason after properties", L,
	    "x.example; dkim=fail header.d=a.example reason=x",
	    "x.example; dkim=fail reason={x} header.d={a.example}" },
	{ "lenient: bare word=value", L, "x.example; dmarc=pass action=none",
	    "x.example; dmarc=pass .action={none}" },
	{ "lenient: '_' in property and ptype names", L,
	    "x.example; x-return-mx=pass policy.is_org=yes a_b.c_d=1 e_f=2",
	    "x.example; x-return-mx=pass policy.is_org={yes} a_b.c_d={1} "
	    ".e_f={2}" },
	{ "lenient: '_' in method and result names", L,
	    "x.example; smtp_is_org=yes_no", "x.example; smtp_is_org=yes_no" },
	{ "lenient: id repeated between results is skipped", L,
	    "x.example; spf=pass; outlook.com; dkim=pass;outlook.com",
	    "x.example; spf=pass; dkim=pass" },
	{ "lenient: comments after a repeated id go with it", L,
	    "x.example; spf=pass; a.example (c); dkim=pass",
	    "x.example; spf=pass; dkim=pass" },
	{ "lenient: a result right after the id", L,
	    "x.example spf=pass; dkim=pass", "x.example; spf=pass; dkim=pass" },
	{ "lenient: a result right after the id and its version", L,
	    "x.example 1 spf=pass", "x.example/1; spf=pass" },
	{ "lenient: Yahoo from= goes to the next result", L,
	    "x.example from=a.example; dkim=pass header.i=@a.example",
	    "x.example; dkim=pass .from={a.example} header.i={@a.example}" },
	{ "lenient: Yahoo from= between results", L,
	    "x.example; from=a.example; dk=neutral; from=b.example x.y=z; "
	    "dkim=pass",
	    "x.example; dk=neutral .from={a.example}; dkim=pass "
	    ".from={b.example} x.y={z}" },
	{ "lenient: a pseudo-property no result follows is dropped", L,
	    "x.example; spf=pass; from=a.example", "x.example; spf=pass" },
	{ "lenient: only a pseudo-property", L, "x.example from=a.example",
	    "x.example; none" },
	{ "lenient: a held bare reason is the next result's reason", L,
	    "x.example; from=a.example reason=r p.q=1; dkim=pass reason=s",
	    "x.example; dkim=pass reason={r} .from={a.example} p.q={1} "
	    ".reason={s}" },
	{ "lenient: a result word stays a result", L, "x.example; from=pass",
	    "x.example; from=pass" },
};

static const struct {
	const char *name;
	unsigned flags;
	const char *in;
	enum authres_status status;
	size_t column;
	const char *what;
} refused[] = {
	{ "field name alone", L, "Authentication-Results:", AUTHRES_ESYNTAX, 24,
	    "expected authserv-id" },
	{ "missing ';' after the id", S, "x.example spf=pass", AUTHRES_ESYNTAX,
	    11, "expected ';' after authserv-id" },
	{ "missing '=' after method", L, "x.example; spf pass", AUTHRES_ESYNTAX,
	    16, "expected '=' after method" },
	{ "missing value", L, "x.example; spf=pass smtp.mailfrom=",
	    AUTHRES_ESYNTAX, 35, "expected a value after '='" },
	{ "missing version after '/'", L, "x.example; dkim/=pass",
	    AUTHRES_ESYNTAX, 17, "expected a version number" },
	{ "unterminated comment", L, "x.example (abc; spf=pass",
	    AUTHRES_ESYNTAX, 11, "unterminated comment" },
	{ "unbalanced ')'", L, "x.example); spf=pass", AUTHRES_ESYNTAX, 10,
	    "expected ';' after authserv-id" },
	{ "backslash at the end", L, "x.example (a\\", AUTHRES_ESYNTAX, 13,
	    "backslash at end of field" },
	{ "control character", L, "x.example; spf=pass\x01", AUTHRES_ESYNTAX,
	    20, "control character" },
	{ "CR without LF", L, "x.example;\r spf=pass", AUTHRES_ESYNTAX, 11,
	    "CR without LF" },
	{ "line break not followed by WSP", L, "x.example;\r\nspf=pass",
	    AUTHRES_ESYNTAX, 11, "line break not followed by white space" },
	{ "keyword ending in '-'", L, "x.example; spf-=pass", AUTHRES_ESYNTAX,
	    15, "keyword ends with '-'" },
	{ "keyword starting with '-'", L, "x.example; -spf=pass",
	    AUTHRES_ESYNTAX, 12, "keyword starts with '-'" },
	{ "results after none", L, "x.example; none; spf=pass", AUTHRES_ESYNTAX,
	    18, "results after 'none'" },
	{ "strict: unquoted IPv6 address", S,
	    "x.example; iprev=pass policy.iprev=2001:db8::1", AUTHRES_ESYNTAX,
	    40, "value is not a token: quote it" },
	{ "strict: authserv-id not a token", S, "x@y; none", AUTHRES_ESYNTAX, 2,
	    "value is not a token: quote it" },
	{ "strict: bare UTF-8", S,
	    "x.example; spf=pass smtp.mailfrom=caf\xc3\xa9.example",
	    AUTHRES_ESYNTAX, 38, "8-bit octet outside quotes" },
	{ "strict: trailing ';'", S, "x.example; spf=pass;", AUTHRES_ESYNTAX,
	    21, "expected a result" },
	{ "strict: reason after properties", S,
	    "x.example; dkim=fail header.d=a.example reason=x", AUTHRES_ESYNTAX,
	    41, "reason after properties" },
	{ "empty field", L, "", AUTHRES_ESYNTAX, 1, "expected authserv-id" },
	{ "missing result", L, "x.example; spf=", AUTHRES_ESYNTAX, 16,
	    "expected a result after '='" },
	{ "missing property after '.'", L, "x.example; spf=pass smtp.=x",
	    AUTHRES_ESYNTAX, 26, "expected a property after '.'" },
	{ "missing '=' after property", L, "x.example; spf=pass smtp.helo x",
	    AUTHRES_ESYNTAX, 31, "expected '=' after property" },
	{ "two ';' in a row (strict)", S, "x.example; spf=pass;; dkim=pass",
	    AUTHRES_ESYNTAX, 21, "expected a result" },
	{ "unterminated quoted-string", L, "x.example; dkim=fail reason=\"abc",
	    AUTHRES_ESYNTAX, 29, "unterminated quoted-string" },
	{ "control character in a comment", L, "x.example (a\x1b); none",
	    AUTHRES_ESYNTAX, 13, "control character" },
	{ "none after results is a method without '='", L,
	    "x.example; spf=pass; none", AUTHRES_ESYNTAX, 26,
	    "expected '=' after method" },
	{ "empty quoted authserv-id", L, "\"\"; none", AUTHRES_ESYNTAX, 1,
	    "empty authserv-id" },
	{ "strict: '_' in a property", S, "x.example; a=pass p.is_org=y",
	    AUTHRES_ESYNTAX, 23, "expected '=' after property" },
	{ "strict: repeated id", S, "x.example; a=pass; b.example; c=d",
	    AUTHRES_ESYNTAX, 21, "expected '=' after method" },
	{ "strict: Yahoo from= after the id", S,
	    "x.example from=a.example; a=b", AUTHRES_ESYNTAX, 11,
	    "expected ';' after authserv-id" },
	{ "lenient: a word alone after the id", L, "x.example junk; a=b",
	    AUTHRES_ESYNTAX, 15, "expected '=' after method" },
	{ "unknown flag", 0x80, "x.example; none", AUTHRES_EINVAL, 0,
	    "invalid argument" },
	{ "strict: missing authserv-id (Office 365)", S,
	    "spf=pass smtp.mailfrom=a.example", AUTHRES_ESYNTAX, 1,
	    "missing authserv-id" },
	{ "strict: unquoted '/' in a reason", S,
	    "x.example; dkim=fail reason=a/b", AUTHRES_ESYNTAX, 30,
	    "value is not a token: quote it" },
	{ "strict: invalid UTF-8 in a comment", S, "x.example (\xff); none",
	    AUTHRES_ESYNTAX, 12, "invalid UTF-8" },
	{ "strict: no resinfo at all", S, "x.example", AUTHRES_ESYNTAX, 10,
	    "expected ';' after authserv-id" },
	{ "strict: bare word=value", S, "x.example; dmarc=pass action=none",
	    AUTHRES_ESYNTAX, 29, "expected '.' after ptype" },
	{ "strict: second reason", S, "x.example; dkim=fail reason=a reason=b",
	    AUTHRES_ESYNTAX, 31, "second reason" },
};

/* run_cases - every row of both tables */
static void
run_cases(void)
{
	struct authres *ar;
	struct authres_error err;
	struct dump d;
	enum authres_status st;
	size_t i;

	for (i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
		st = authres_parse(accepted[i].in, strlen(accepted[i].in),
		    accepted[i].flags, &ar, &err);
		if (!ok(st == AUTHRES_OK, "%s: parses", accepted[i].name))
			diag("error %d at %zu: %s", st, err.column, err.what);
		is_str(ar != NULL ? dump(&d, ar) : NULL, accepted[i].want,
		    "%s: structure", accepted[i].name);
		authres_free(ar);
	}
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		st = authres_parse(refused[i].in, strlen(refused[i].in),
		    refused[i].flags, &ar, &err);
		is_int(st, refused[i].status, "%s: refused", refused[i].name);
		is_int(err.column, refused[i].column, "%s: column",
		    refused[i].name);
		is_str(
		    err.what, refused[i].what, "%s: message", refused[i].name);
		ok(ar == NULL, "%s: no field", refused[i].name);
		authres_free(ar);
	}
}

/* parse_n - parse n octets; the status, with *col the error column */
static enum authres_status
parse_n(const char *in, size_t n, unsigned flags, size_t *col, char *what,
    size_t whatsz)
{
	struct authres *ar;
	struct authres_error err;
	enum authres_status st = authres_parse(in, n, flags, &ar, &err);

	*col = err.column;
	if (what != NULL)
		snprintf(what, whatsz, "%s", err.what);
	authres_free(ar);
	return st;
}

/* test_nul - a NUL octet is refused at its column, in every mode */
static void
test_nul(void)
{
	static const char value[] = "x.example; spf=pass smtp.mailfrom=a\0b";
	static const char comment[] = "x.example (a\0b); none";
	static const char quoted[] = "x.example; dkim=fail reason=\"a\0\"";
	char what[96];
	size_t col;

	is_int(parse_n(value, sizeof(value) - 1, L, &col, what, sizeof(what)),
	    AUTHRES_ESYNTAX, "NUL in a value: refused");
	is_int(col, 36, "NUL in a value: column");
	is_str(what, "NUL octet", "NUL in a value: message");
	is_int(parse_n(comment, sizeof(comment) - 1, L, &col, NULL, 0),
	    AUTHRES_ESYNTAX, "NUL in a comment: refused");
	is_int(col, 13, "NUL in a comment: column");
	is_int(parse_n(quoted, sizeof(quoted) - 1, S, &col, NULL, 0),
	    AUTHRES_ESYNTAX, "NUL in a quoted-string: refused");
	is_int(col, 31, "NUL in a quoted-string: column");
	is_int(parse_n("x.example; none", 9, S, &col, NULL, 0), AUTHRES_ESYNTAX,
	    "len, not the NUL, ends the field");
	is_int(parse_n("x.example; none\0junk", 15, S, &col, NULL, 0),
	    AUTHRES_OK, "octets after len are not read");
}

/* many_results - "x.example; a=pass; a=pass..." with n results */
static char *
many_results(size_t n)
{
	char *s = malloc(16 + n * 8);
	size_t i, len;

	if (s == NULL)
		return NULL;
	len = (size_t)snprintf(s, 16, "x.example");
	for (i = 0; i < n; i++) {
		memcpy(s + len, "; a=pass", 8);
		len += 8;
	}
	s[len] = '\0';
	return s;
}

/* test_result_limit - AUTHRES_MAX_RESULTS results, not one more */
static void
test_result_limit(void)
{
	char *s = many_results(AUTHRES_MAX_RESULTS);
	struct authres *ar;
	size_t col;

	is_int(authres_parse(s, strlen(s), S, &ar, NULL), AUTHRES_OK,
	    "%d results parse", AUTHRES_MAX_RESULTS);
	is_int(authres_result_count(ar), AUTHRES_MAX_RESULTS, "%d results kept",
	    AUTHRES_MAX_RESULTS);
	authres_free(ar);
	free(s);
	s = many_results(AUTHRES_MAX_RESULTS + 1);
	is_int(parse_n(s, strlen(s), S, &col, NULL, 0), AUTHRES_ELIMIT,
	    "%d results: ELIMIT", AUTHRES_MAX_RESULTS + 1);
	is_int(col, 10 + AUTHRES_MAX_RESULTS * 8 + 2,
	    "ELIMIT column is the method of the result too many");
	/* the scan goes on past the limit: a later syntax error wins */
	s[strlen(s) - 5] = '?';
	is_int(parse_n(s, strlen(s), S, &col, NULL, 0), AUTHRES_ESYNTAX,
	    "a syntax error after the limit is still found");
	free(s);
}

/* test_prop_limit - AUTHRES_MAX_PROPS properties, not one more */
static void
test_prop_limit(void)
{
	char *s = malloc(32 + (AUTHRES_MAX_PROPS + 1) * 6);
	size_t i, len, col;

	len = (size_t)snprintf(s, 32, "x.example; a=pass");
	for (i = 0; i < AUTHRES_MAX_PROPS; i++) {
		memcpy(s + len, " p.q=1", 6);
		len += 6;
	}
	is_int(parse_n(s, len, S, &col, NULL, 0), AUTHRES_OK,
	    "%d properties parse", AUTHRES_MAX_PROPS);
	memcpy(s + len, " p.q=1", 6);
	is_int(parse_n(s, len + 6, S, &col, NULL, 0), AUTHRES_ELIMIT,
	    "%d properties: ELIMIT", AUTHRES_MAX_PROPS + 1);
	is_int(col, len + 2, "ELIMIT column is the property too many");
	free(s);
}

/* test_depth_limit - comments nested AUTHRES_MAX_COMMENT_DEPTH deep */
static void
test_depth_limit(void)
{
	char s[512];
	size_t len, d, col;

	for (d = AUTHRES_MAX_COMMENT_DEPTH; d <= AUTHRES_MAX_COMMENT_DEPTH + 1;
	     d++) {
		len = (size_t)snprintf(s, sizeof(s), "x.example ");
		memset(s + len, '(', d);
		memset(s + len + d, ')', d);
		len += 2 * d;
		len += (size_t)snprintf(s + len, sizeof(s) - len, "; none");
		is_int(parse_n(s, len, S, &col, NULL, 0),
		    d > AUTHRES_MAX_COMMENT_DEPTH ? AUTHRES_ELIMIT : AUTHRES_OK,
		    "comments nested %zu deep", d);
	}
	is_int(col, 11 + AUTHRES_MAX_COMMENT_DEPTH,
	    "ELIMIT column is the '(' too deep");
}

/* test_size_limits - input size and version numbers */
static void
test_size_limits(void)
{
	char *big = malloc(AUTHRES_MAX_INPUT + 1);
	size_t col;

	memset(big, ' ', AUTHRES_MAX_INPUT + 1);
	memcpy(big, "x.example; none", 15);
	is_int(parse_n(big, AUTHRES_MAX_INPUT, S, &col, NULL, 0), AUTHRES_OK,
	    "a field of AUTHRES_MAX_INPUT octets parses");
	is_int(parse_n(big, AUTHRES_MAX_INPUT + 1, S, &col, NULL, 0),
	    AUTHRES_ELIMIT, "one octet more: ELIMIT");
	is_int(col, AUTHRES_MAX_INPUT + 1, "ELIMIT column is past the cap");
	free(big);
	is_int(parse_n("x.example 999999999; none", 25, S, &col, NULL, 0),
	    AUTHRES_OK, "version 999999999 parses");
	is_int(parse_n("x.example 9999999999; none", 26, S, &col, NULL, 0),
	    AUTHRES_ELIMIT, "version 9999999999: ELIMIT");
	is_int(parse_n("x.example; a/99999999999=pass", 29, S, &col, NULL, 0),
	    AUTHRES_ELIMIT, "method version too large: ELIMIT");
}

/* test_values - result codes and versions as numbers */
static void
test_values(void)
{
	static const char in[] =
	    "Authentication-Results: x.example 3; "
	    "dkim/2=pass; spf=SoftFail; dmarc=bestguesspass";
	struct authres *ar;

	is_int(authres_parse(in, sizeof(in) - 1, S, &ar, NULL), AUTHRES_OK,
	    "codes: parses");
	is_int(authres_get_version(ar), 3, "authserv-id version");
	is_int(authres_get_method_version(ar, 0), 2, "method version");
	is_int(authres_get_method_version(ar, 1), -1, "no method version");
	is_int(authres_get_result_code(ar, 0), AUTHRES_RESULT_PASS,
	    "pass is AUTHRES_RESULT_PASS");
	is_int(authres_get_result_code(ar, 1), AUTHRES_RESULT_SOFTFAIL,
	    "SoftFail is AUTHRES_RESULT_SOFTFAIL");
	is_str(authres_get_result(ar, 2), "bestguesspass",
	    "an unknown result word is kept");
	is_int(authres_get_result_code(ar, 2), AUTHRES_RESULT_OTHER,
	    "an unknown result word is AUTHRES_RESULT_OTHER");
	authres_free(ar);
	ar = (struct authres *)1;
	is_int(authres_parse(NULL, 0, S, &ar, NULL), AUTHRES_EINVAL,
	    "NULL field: EINVAL");
	ok(ar == NULL, "NULL field: *out is NULL");
	is_int(authres_parse("x; none", 7, S, NULL, NULL), AUTHRES_EINVAL,
	    "NULL out: EINVAL");
}

int
main(void)
{
	plan(319);
	run_cases();
	test_nul();
	test_result_limit();
	test_prop_limit();
	test_depth_limit();
	test_size_limits();
	test_values();
	return done_testing();
}
