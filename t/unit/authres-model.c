/*
 * authres-model.c - the libauthres data model: building a field, reading
 * it back, the sanitizer on every text (controls, CR, LF, non-UTF-8 become
 * '?', UTF-8 stays), refused arguments, limits, find/lookup/equal/clone/
 * remove, comments and their attachment, strerror and version.
 */
#include <stdlib.h>
#include <string.h>

#include "authres.h"
#include "tap.h"

static const struct {
	const char *name, *in, *want;
} sanitize[] = {
	{ "plain text stays", "a@b.example", "a@b.example" },
	{ "CRLF never passes", "x@y.example;\r\nBcc: z@evil.example",
	    "x@y.example;??Bcc: z@evil.example" },
	{ "bare LF never passes", "a\nb", "a?b" },
	{ "tab is a control", "a\tb", "a?b" },
	{ "C0 and DEL become '?'", "\x01\x1f\x7f", "???" },
	{ "valid UTF-8 stays", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
	{ "a lone continuation octet", "a\x80z", "a?z" },
	{ "Latin-1 is not UTF-8", "caf\xe9", "caf?" },
	{ "overlong encoding", "\xc0\xaf", "??" },
	{ "surrogate", "\xed\xa0\x80", "???" },
	{ "past U+10FFFF", "\xf4\x90\x80\x80", "????" },
	{ "cut sequence at the end", "ab\xe2\x82", "ab??" },
};

/* test_sanitizer - values, reasons and comments all lose controls */
static void
test_sanitizer(void)
{
	struct authres *ar;
	size_t i;

	for (i = 0; i < sizeof(sanitize) / sizeof(sanitize[0]); i++) {
		ar = authres_new("mx.example");
		is_int(authres_add_result(
		           ar, "spf", AUTHRES_RESULT_PASS, sanitize[i].in),
		    AUTHRES_OK, "%s: reason added", sanitize[i].name);
		is_int(authres_add_prop(ar, "smtp", "mailfrom", sanitize[i].in),
		    AUTHRES_OK, "%s: value added", sanitize[i].name);
		is_int(authres_add_comment(ar, sanitize[i].in), AUTHRES_OK,
		    "%s: comment added", sanitize[i].name);
		is_str(authres_get_reason(ar, 0), sanitize[i].want,
		    "%s: reason", sanitize[i].name);
		is_str(authres_get_prop_value(ar, 0, 0), sanitize[i].want,
		    "%s: value", sanitize[i].name);
		is_str(authres_get_prop_comment(ar, 0, 0), sanitize[i].want,
		    "%s: comment", sanitize[i].name);
		authres_free(ar);
	}
}

/* test_build - a field built by calls reads back as built */
static void
test_build(void)
{
	struct authres *ar = authres_new("mx.example");

	ok(ar != NULL, "authres_new");
	is_str(authres_get_authserv_id(ar), "mx.example", "authserv-id");
	is_int(authres_get_version(ar), -1, "no version by default");
	is_int(authres_result_count(ar), 0, "no result yet");
	is_int(authres_add_result(ar, "SPF", AUTHRES_RESULT_SOFTFAIL, NULL),
	    AUTHRES_OK, "add spf");
	is_int(authres_add_prop(ar, "SMTP", "MailFrom", "U@Example.NET"),
	    AUTHRES_OK, "add smtp.mailfrom");
	is_int(authres_add_result_name(ar, "dmarc", 1, "BestGuessPass", "r"),
	    AUTHRES_OK, "add dmarc/1 by name");
	is_int(authres_result_count(ar), 2, "two results");
	is_str(authres_get_method(ar, 0), "spf", "method lower-cased");
	is_str(authres_get_result(ar, 0), "softfail", "result word");
	is_int(authres_get_result_code(ar, 0), AUTHRES_RESULT_SOFTFAIL,
	    "result code");
	is_str(authres_get_reason(ar, 0), NULL, "no reason");
	is_str(authres_get_prop_ptype(ar, 0, 0), "smtp", "ptype lower-cased");
	is_str(authres_get_prop_property(ar, 0, 0), "mailfrom",
	    "property lower-cased");
	is_str(authres_get_prop_value(ar, 0, 0), "U@Example.NET",
	    "value kept as given");
	is_int(authres_get_method_version(ar, 1), 1, "method version");
	is_int(authres_get_method_version(ar, 0), -1, "no method version");
	is_str(authres_get_result(ar, 1), "bestguesspass",
	    "result word lower-cased");
	is_int(authres_get_result_code(ar, 1), AUTHRES_RESULT_OTHER,
	    "other word: AUTHRES_RESULT_OTHER");
	is_str(authres_get_reason(ar, 1), "r", "reason");
	is_int(authres_prop_count(ar, 1), 0, "no property on dmarc");
	is_str(authres_get_method(ar, 2), NULL, "result out of range: NULL");
	is_int(authres_get_method_version(ar, 2), -1, "out of range: -1");
	is_int(authres_get_result_code(ar, 2), AUTHRES_RESULT_OTHER,
	    "out of range code: OTHER");
	is_str(authres_get_prop_value(ar, 0, 1), NULL,
	    "property out of range: NULL");
	is_int(authres_prop_count(ar, 9), 0, "count of a missing result: 0");
	is_int(authres_set_authserv_id(ar, "other.example", 2), AUTHRES_OK,
	    "set authserv-id");
	is_str(authres_get_authserv_id(ar), "other.example", "new authserv-id");
	is_int(authres_get_version(ar), 2, "new version");
	is_int(authres_set_authserv_id(ar, NULL, -5), AUTHRES_OK,
	    "set no authserv-id");
	is_str(authres_get_authserv_id(ar), NULL, "authserv-id gone");
	is_int(authres_get_version(ar), -1, "negative version is none");
	authres_free(ar);
	authres_free(NULL);
	ok(1, "authres_free(NULL) is a no-op");
}

/* test_refusals - bad arguments never change the field */
static void
test_refusals(void)
{
	struct authres *ar;

	ok(authres_new("") == NULL, "empty authserv-id refused");
	ok(authres_new("a\r\nb") == NULL, "authserv-id with CRLF refused");
	ok(authres_new("caf\xe9") == NULL, "authserv-id not UTF-8 refused");
	ar = authres_new(NULL);
	ok(ar != NULL, "NULL authserv-id accepted");
	is_int(authres_add_prop(ar, "smtp", "mailfrom", "x"), AUTHRES_EINVAL,
	    "add_prop before any result: EINVAL");
	is_int(authres_add_result(ar, "sp f", AUTHRES_RESULT_PASS, NULL),
	    AUTHRES_EINVAL, "method with a space: EINVAL");
	is_int(authres_add_result(ar, "-spf", AUTHRES_RESULT_PASS, NULL),
	    AUTHRES_EINVAL, "method starting with '-': EINVAL");
	is_int(authres_add_result(ar, "spf-", AUTHRES_RESULT_PASS, NULL),
	    AUTHRES_EINVAL, "method ending with '-': EINVAL");
	is_int(authres_add_result(ar, "", AUTHRES_RESULT_PASS, NULL),
	    AUTHRES_EINVAL, "empty method: EINVAL");
	is_int(authres_add_result(ar, NULL, AUTHRES_RESULT_PASS, NULL),
	    AUTHRES_EINVAL, "NULL method: EINVAL");
	is_int(authres_add_result(ar, "spf", AUTHRES_RESULT_OTHER, NULL),
	    AUTHRES_EINVAL, "AUTHRES_RESULT_OTHER: EINVAL");
	is_int(authres_add_result_name(ar, "spf", -1, "pa ss", NULL),
	    AUTHRES_EINVAL, "result word not a keyword: EINVAL");
	is_int(authres_result_count(ar), 0, "nothing was added");
	is_int(authres_add_result(ar, "spf", AUTHRES_RESULT_PASS, NULL),
	    AUTHRES_OK, "a good result");
	is_int(authres_add_prop(ar, "smtp.x", "mailfrom", "v"), AUTHRES_EINVAL,
	    "ptype with a dot: EINVAL");
	is_int(authres_add_prop(ar, "smtp", "mail from", "v"), AUTHRES_EINVAL,
	    "property with a space: EINVAL");
	is_int(authres_add_prop(ar, "smtp", "mailfrom", NULL), AUTHRES_EINVAL,
	    "NULL value: EINVAL");
	is_int(authres_prop_count(ar, 0), 0, "no property was added");
	is_int(authres_add_comment(ar, NULL), AUTHRES_EINVAL,
	    "NULL comment: EINVAL");
	is_int(authres_set_authserv_id(ar, "a\nb", 1), AUTHRES_EINVAL,
	    "set_authserv_id with LF: EINVAL");
	is_int(authres_add_result(NULL, "spf", AUTHRES_RESULT_PASS, NULL),
	    AUTHRES_EINVAL, "NULL field: EINVAL");
	authres_free(ar);
}

/* test_limits - results and properties stop at their caps */
static void
test_limits(void)
{
	struct authres *ar = authres_new("mx.example");
	size_t i;
	int fails = 0;

	for (i = 0; i < AUTHRES_MAX_RESULTS; i++)
		fails += authres_add_result(
		             ar, "a", AUTHRES_RESULT_PASS, NULL) != AUTHRES_OK;
	is_int(fails, 0, "%d results added", AUTHRES_MAX_RESULTS);
	is_int(authres_add_result(ar, "a", AUTHRES_RESULT_PASS, NULL),
	    AUTHRES_ELIMIT, "one result more: ELIMIT");
	for (i = 0; i < AUTHRES_MAX_PROPS; i++)
		fails += authres_add_prop(ar, "p", "q", "v") != AUTHRES_OK;
	is_int(fails, 0, "%d properties added", AUTHRES_MAX_PROPS);
	is_int(authres_add_prop(ar, "p", "q", "v"), AUTHRES_ELIMIT,
	    "one property more: ELIMIT");
	is_int(authres_result_count(ar), AUTHRES_MAX_RESULTS,
	    "count stays at the cap");
	authres_free(ar);
}

/* sample - mx.example; spf=pass smtp.mailfrom=a@b.example;
 * dkim=fail header.d=b.example header.s=s1; dkim=pass header.d=c.example */
static struct authres *
sample(void)
{
	struct authres *ar = authres_new("mx.example");

	authres_set_authserv_id(ar, "mx.example", 1);
	authres_add_comment(ar, "id comment");
	authres_add_result(ar, "spf", AUTHRES_RESULT_PASS, NULL);
	authres_add_comment(ar, "spf comment");
	authres_add_prop(ar, "smtp", "mailfrom", "a@b.example");
	authres_add_result(ar, "dkim", AUTHRES_RESULT_FAIL, "bad sig");
	authres_add_prop(ar, "header", "d", "b.example");
	authres_add_prop(ar, "header", "s", "s1");
	authres_add_comment(ar, "s comment");
	authres_add_comment(ar, "joined");
	authres_add_result(ar, "dkim", AUTHRES_RESULT_PASS, NULL);
	authres_add_prop(ar, "header", "d", "c.example");
	return ar;
}

/* test_lookups - find, find_prop, lookup_prop */
static void
test_lookups(void)
{
	struct authres *ar = sample();

	is_int(authres_find(ar, 0, "dkim", NULL), 1, "first dkim");
	is_int(authres_find(ar, 2, "DKIM", NULL), 2, "dkim from 2, any case");
	is_int(authres_find(ar, 0, "dkim", "pass"), 2, "dkim=pass");
	is_int(authres_find(ar, 0, NULL, "Fail"), 1, "any method, fail");
	is_int(authres_find(ar, 0, NULL, NULL), 0, "anything: the first");
	ok(authres_find(ar, 0, "iprev", NULL) == AUTHRES_NPOS,
	    "no iprev: AUTHRES_NPOS");
	ok(authres_find(ar, 3, NULL, NULL) == AUTHRES_NPOS,
	    "start past the end: AUTHRES_NPOS");
	is_int(
	    authres_find_prop(ar, 0, "header", "d", NULL), 1, "first header.d");
	is_int(authres_find_prop(ar, 0, "Header", "D", "c.example"), 2,
	    "header.d=c.example");
	ok(authres_find_prop(ar, 0, "header", "d", "C.example") == AUTHRES_NPOS,
	    "values compare exactly");
	ok(authres_find_prop(ar, 0, "smtp", "helo", NULL) == AUTHRES_NPOS,
	    "no smtp.helo");
	is_str(authres_lookup_prop(ar, 1, "header", "s"), "s1",
	    "lookup header.s in result 1");
	is_str(authres_lookup_prop(ar, 2, "header", "s"), NULL,
	    "no header.s in result 2");
	is_str(authres_lookup_prop(ar, 7, "header", "d"), NULL,
	    "lookup in a missing result");
	authres_free(ar);
}

/* test_comments - each comment lands where authres.h says */
static void
test_comments(void)
{
	struct authres *ar = sample();

	is_str(authres_get_authserv_comment(ar), "id comment",
	    "before any result: the authserv-id");
	is_str(authres_get_result_comment(ar, 0), "spf comment",
	    "after a result: that result");
	is_str(authres_get_prop_comment(ar, 1, 1), "s comment joined",
	    "after a property: it, joined with a space");
	is_str(authres_get_prop_comment(ar, 1, 0), NULL, "others have none");
	authres_free(ar);
}

/* test_equal_clone_remove - deep copy, comparison, removal */
static void
test_equal_clone_remove(void)
{
	struct authres *ar = sample(), *c = authres_clone(ar);

	ok(c != NULL && c != ar, "clone made");
	ok(authres_equal(ar, c), "clone equals the original");
	is_str(authres_get_prop_comment(c, 1, 1), "s comment joined",
	    "clone keeps comments");
	authres_add_comment(c, "more");
	ok(authres_equal(ar, c), "comments are not compared");
	authres_set_authserv_id(c, "mx.example", 2);
	ok(!authres_equal(ar, c), "versions differ");
	authres_set_authserv_id(c, "mx.example", 1);
	ok(authres_equal(ar, c), "equal again");
	authres_add_prop(c, "header", "i", "@c.example");
	ok(!authres_equal(ar, c), "one more property differs");
	is_int(authres_remove_result(c, 2), AUTHRES_OK, "remove last");
	is_int(authres_remove_result(c, 0), AUTHRES_OK, "remove first");
	is_int(authres_result_count(c), 1, "one left");
	is_str(authres_get_method(c, 0), "dkim", "the middle one is left");
	is_str(authres_get_reason(c, 0), "bad sig", "with its reason");
	is_str(authres_get_prop_value(c, 0, 1), "s1", "and its properties");
	is_int(authres_remove_result(c, 1), AUTHRES_ERANGE,
	    "remove out of range: ERANGE");
	ok(!authres_equal(ar, c), "fewer results differ");
	is_str(authres_get_prop_value(ar, 2, 0), "c.example",
	    "the original is untouched");
	ok(authres_equal(NULL, NULL), "NULL equals NULL");
	ok(!authres_equal(ar, NULL), "a field is not NULL");
	ok(authres_clone(NULL) == NULL, "clone of NULL is NULL");
	authres_free(c);
	authres_free(ar);
}

/* test_text - strerror, version, names, token and keyword */
static void
test_text(void)
{
	is_str(authres_strerror(AUTHRES_OK), "success", "strerror OK");
	is_str(authres_strerror(AUTHRES_ELIMIT), "limit exceeded",
	    "strerror ELIMIT");
	is_str(authres_strerror((enum authres_status)99), "unknown error",
	    "strerror of an unknown status is not NULL");
	is_str(authres_version(), "0.1.0", "version");
	is_str(authres_result_name(AUTHRES_RESULT_PERMERROR), "permerror",
	    "result name");
	is_str(authres_result_name(AUTHRES_RESULT_OTHER), NULL,
	    "OTHER has no name");
	is_int(authres_result_from_name("TempError"), AUTHRES_RESULT_TEMPERROR,
	    "result from name, any case");
	is_int(authres_result_from_name("hardfail"), AUTHRES_RESULT_OTHER,
	    "other word: OTHER");
	is_int(authres_result_from_name(NULL), AUTHRES_RESULT_OTHER,
	    "NULL: OTHER");
	ok(authres_is_token("a.b-c_d+e"), "token");
	ok(!authres_is_token("a b"), "space is not in a token");
	ok(!authres_is_token("a@b"), "'@' is a tspecial");
	ok(!authres_is_token("2001:db8::1"), "':' is a tspecial");
	ok(!authres_is_token(""), "empty is not a token");
	ok(!authres_is_token("caf\xc3\xa9"), "8-bit is not a token");
	ok(authres_is_keyword("dkim-adsp"), "keyword");
	ok(authres_is_keyword("x-9"), "keyword with digits");
	ok(!authres_is_keyword("a_b"), "'_' is not in a keyword");
	ok(!authres_is_keyword("a.b"), "'.' is not in a keyword");
	ok(!authres_is_keyword("-a"), "leading '-'");
	ok(!authres_is_keyword(NULL), "NULL is no keyword");
}

int
main(void)
{
	plan(189);
	test_sanitizer();
	test_build();
	test_refusals();
	test_limits();
	test_lookups();
	test_comments();
	test_equal_clone_remove();
	test_text();
	return done_testing();
}
