/*
 * authres-format.c - authres_format writes RFC 8601 text: tokens bare,
 * everything else quoted and escaped, comments re-escaped, "none" for no
 * result, folds only between elements at 78 columns, no line over 998
 * octets, no CR/LF from values; and parse(format(x)) equals x for 10 000
 * pseudo-random fields (fixed seed), with format idempotent.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "authres/authres.h"
#include "tap.h"

/* fmt - format ar with flags; a static copy, or "ERR:<status>" */
static const char *
fmt(const struct authres *ar, unsigned flags)
{
	static char buf[8192];
	enum authres_status st;
	char *s;

	if ((st = authres_format(ar, flags, &s)) != AUTHRES_OK) {
		snprintf(buf, sizeof(buf), "ERR:%s", authres_strerror(st));
		return buf;
	}
	snprintf(buf, sizeof(buf), "%s", s);
	free(s);
	return buf;
}

/* one_prop - the element "smtp.mailfrom=..." as formatted: a fold can
 * only come before it, never inside it */
static const char *
one_prop(const char *value)
{
	struct authres *ar = authres_new("example.org");
	const char *got, *p;

	authres_add_result(ar, "spf", AUTHRES_RESULT_PASS, NULL);
	authres_add_prop(ar, "smtp", "mailfrom", value);
	got = fmt(ar, 0);
	authres_free(ar);
	if ((p = strstr(got, "pass\n\tsmtp.mailfrom=")) != NULL)
		return p + 6;
	if ((p = strstr(got, "pass smtp.mailfrom=")) != NULL)
		return p + 5;
	return got;
}

static const struct {
	const char *name, *value, *want;
} value_cases[] = {
	{ "token stays bare", "example.net", "example.net" },
	{ "address stays bare", "a.b+c@b.example", "a.b+c@b.example" },
	{ "@domain stays bare", "@b.example", "@b.example" },
	{ "@ alone is quoted", "@", "\"@\"" },
	{ "space forces quotes", "a b@c.example", "\"a b@c.example\"" },
	{ "one-label domain is quoted", "a@localhost", "\"a@localhost\"" },
	{ "leading dot is quoted", ".a@c.example", "\".a@c.example\"" },
	{ "double dot is quoted", "a..b@c.example", "\"a..b@c.example\"" },
	{ "'=' in local part is quoted", "a=b@c.example", "\"a=b@c.example\"" },
	{ "label with leading hyphen is quoted", "a@-c.example",
	    "\"a@-c.example\"" },
	{ "two '@' are quoted", "a@b@c.example", "\"a@b@c.example\"" },
	{ "quote and backslash are escaped", "say \"hi\" \\ bye",
	    "\"say \\\"hi\\\" \\\\ bye\"" },
	{ "semicolon is quoted", "a;b", "\"a;b\"" },
	{ "parentheses are quoted", "(x)", "\"(x)\"" },
	{ "IPv6 address is quoted", "2001:db8::1", "\"2001:db8::1\"" },
	{ "IPv4 address stays bare", "192.0.2.1", "192.0.2.1" },
	{ "empty value is quoted", "", "\"\"" },
	{ "8-bit UTF-8 is quoted, not escaped", "j\xc3\xb6rg@b\xc3\xbc.example",
	    "\"j\xc3\xb6rg@b\xc3\xbc.example\"" },
	{ "CRLF injection stays in one quoted value",
	    "x@y.example;\r\nBcc: z@evil.example",
	    "\"x@y.example;??Bcc: z@evil.example\"" },
	{ "NUL-free controls become '?'",
	    "a\tb\x01"
	    "c\x7f",
	    "\"a?b?c?\"" },
};

/* test_values - each value written as a token or a quoted-string */
static void
test_values(void)
{
	char want[512];
	size_t i;

	for (i = 0; i < sizeof(value_cases) / sizeof(value_cases[0]); i++) {
		snprintf(want, sizeof(want), "smtp.mailfrom=%s",
		    value_cases[i].want);
		is_str(one_prop(value_cases[i].value), want, "%s",
		    value_cases[i].name);
	}
}

/* test_shapes - none, versions, reasons, comments, flags, errors */
static void
test_shapes(void)
{
	struct authres *ar;

	ar = authres_new("example.org");
	is_str(fmt(ar, 0), "example.org; none", "no result is 'none'");
	authres_set_authserv_id(ar, "example.org", 1);
	is_str(fmt(ar, 0), "example.org 1; none", "authserv-id version");
	authres_add_comment(ar, "a (b) \\ c");
	is_str(fmt(ar, 0), "example.org 1 (a \\(b\\) \\\\ c); none",
	    "comment by the authserv-id, re-escaped");
	is_str(fmt(ar, AUTHRES_FORMAT_NAME),
	    "Authentication-Results: example.org 1 (a \\(b\\) \\\\ c); none",
	    "AUTHRES_FORMAT_NAME writes the field name");
	authres_free(ar);

	ar = authres_new("example org");
	is_str(fmt(ar, 0), "\"example org\"; none", "authserv-id quoted");
	authres_free(ar);

	ar = authres_new("mx.example.org");
	authres_add_result_name(ar, "dkim", 1, "pass", "good signature");
	authres_add_comment(ar, "2048-bit key");
	authres_add_prop(ar, "header", "d", "example.com");
	authres_add_comment(ar, "first");
	authres_add_prop(ar, "header", "b", "AbCd1234");
	authres_add_result(ar, "spf", AUTHRES_RESULT_SOFTFAIL, "ok");
	is_str(fmt(ar, 0),
	    "mx.example.org; dkim/1=pass reason=\"good signature\"\n"
	    "\t(2048-bit key) header.d=example.com (first) header.b=AbCd1234; "
	    "spf=softfail\n\treason=ok",
	    "method version, reasons, comments, a fold at 78");
	authres_free(ar);

	ar = authres_new(NULL);
	{
		char *s = (char *)1;
		is_int(authres_format(ar, 0, &s), AUTHRES_EINVAL,
		    "no authserv-id is AUTHRES_EINVAL");
		ok(s == NULL, "no authserv-id: *out is NULL");
	}
	authres_free(ar);
	is_int(authres_format(NULL, 0, &(char *){ NULL }), AUTHRES_EINVAL,
	    "NULL field is AUTHRES_EINVAL");
}

/* test_folding - exact folds at 78 columns, LF or CRLF, and 998 */
static void
test_folding(void)
{
	struct authres *ar;
	char big[1200];
	const char *got;

	ar = authres_new("mx.example.org");
	authres_add_result(ar, "spf", AUTHRES_RESULT_PASS, NULL);
	authres_add_prop(ar, "smtp", "mailfrom", "bounces@lists.example.com");
	authres_add_result(ar, "dkim", AUTHRES_RESULT_PASS, NULL);
	authres_add_prop(ar, "header", "d", "lists.example.com");
	authres_add_prop(ar, "header", "s", "selector2023");
	authres_add_prop(ar, "header", "b", "AbCdEfGh");
	/* 24 + 15 + 1 + 8 + 1 + 40 would pass 78: a fold before mailfrom;
	 * the second line is then exactly 78 columns */
	is_str(fmt(ar, 0),
	    "mx.example.org; spf=pass\n"
	    "\tsmtp.mailfrom=bounces@lists.example.com; dkim=pass "
	    "header.d=lists.example.com\n\theader.s=selector2023 "
	    "header.b=AbCdEfGh",
	    "folded once at 78 columns (name counted)");
	is_str(fmt(ar, AUTHRES_FORMAT_CRLF),
	    "mx.example.org; spf=pass\r\n"
	    "\tsmtp.mailfrom=bounces@lists.example.com; dkim=pass "
	    "header.d=lists.example.com\r\n\theader.s=selector2023 "
	    "header.b=AbCdEfGh",
	    "AUTHRES_FORMAT_CRLF folds with CRLF TAB");
	authres_free(ar);

	/* "header.b=" + 988 octets + TAB is 998: fits; 989 does not */
	memset(big, 'A', sizeof(big));
	big[988] = '\0';
	ar = authres_new("example.org");
	authres_add_result(ar, "dkim", AUTHRES_RESULT_PASS, NULL);
	authres_add_prop(ar, "header", "b", big);
	got = fmt(ar, 0);
	ok(strncmp(got, "example.org; dkim=pass\n\theader.b=AAA", 35) == 0 &&
	        strlen(got) == 23 + 1 + 9 + 988,
	    "a 998-octet element gets a line of its own");
	authres_free(ar);
	big[988] = 'A';
	big[989] = '\0';
	ar = authres_new("example.org");
	authres_add_result(ar, "dkim", AUTHRES_RESULT_PASS, NULL);
	authres_add_prop(ar, "header", "b", big);
	{
		char *s;
		is_int(authres_format(ar, 0, &s), AUTHRES_ELIMIT,
		    "an element over 998 octets is AUTHRES_ELIMIT");
	}
	authres_free(ar);
}

/* test_injection - a hostile MAIL FROM stays one value of one field */
static void
test_injection(void)
{
	struct authres *ar, *back = NULL;
	const char *got;
	size_t i;
	bool clean = true;

	ar = authres_new("mx.example.org");
	authres_add_result(ar, "spf", AUTHRES_RESULT_FAIL, "x\r\nX-Evil: 1");
	authres_add_prop(
	    ar, "smtp", "mailfrom", "x@y.example;\r\nBcc: z@evil.example");
	authres_add_comment(ar, "c)\r\nBcc: w@evil.example (");
	got = fmt(ar, AUTHRES_FORMAT_NAME);
	for (i = 0; got[i] != '\0'; i++)
		if (got[i] == '\r' || (got[i] == '\n' && got[i + 1] != '\t'))
			clean = false;
	ok(clean, "no CR, every LF is a fold followed by TAB");
	is_int(
	    authres_parse(got, strlen(got), AUTHRES_PARSE_STRICT, &back, NULL),
	    AUTHRES_OK, "the injection field parses");
	is_int(authres_result_count(back), 1, "into exactly one result");
	is_int(authres_prop_count(back, 0), 1, "with exactly one property");
	is_str(authres_get_prop_value(back, 0, 0),
	    "x@y.example;??Bcc: z@evil.example", "holding the sanitized value");
	authres_free(back);
	authres_free(ar);
}

/* test_lenient_bare_property - Microsoft 365's bare "action=none" (empty
 * ptype from a lenient parse) is written back as it came */
static void
test_lenient_bare_property(void)
{
	static const char in[] =
	    "a.example; dmarc=pass action=none header.d=b.example";
	struct authres *ar = NULL, *back = NULL;
	char *s = NULL;

	authres_parse(in, sizeof(in) - 1, AUTHRES_PARSE_LENIENT, &ar, NULL);
	is_int(authres_format(ar, 0, &s), AUTHRES_OK,
	    "a lenient field with a bare property formats");
	is_str(s, in, "the bare property is written as property=value");
	is_int(authres_parse(s ? s : "", s ? strlen(s) : 0,
	           AUTHRES_PARSE_LENIENT, &back, NULL),
	    AUTHRES_OK, "and reads back leniently");
	ok(back != NULL && authres_equal(ar, back), "to an equal field");
	free(s);
	authres_free(ar);
	authres_free(back);
}

/* rnd - xorshift64*, seeded: the same fields on every run */
static uint64_t
rnd(uint64_t *st)
{
	*st ^= *st >> 12;
	*st ^= *st << 25;
	*st ^= *st >> 27;
	return *st * 0x2545f4914f6cdd1dULL;
}

/* rnd_text - a random text value: specials, controls, UTF-8, bad bytes */
static void
rnd_text(uint64_t *st, char *buf, size_t cap, size_t maxlen)
{
	static const char *const pieces[] = { "a", "Z", "0", "-", ".", "_", " ",
		"\"", "\\", "(", ")", ";", "@", "=", "/", ":", ",", "\t",
		"\r\n", "\x01", "\x7f", "\xc3\xb6", "\xe2\x82\xac",
		"\xf0\x9f\x98\x80", "\xff", "example", "@b.example",
		"x.y@c.example" };
	size_t n = rnd(st) % (maxlen + 1), len = 0, k;
	const char *p;

	buf[0] = '\0';
	while (n-- > 0) {
		p = pieces[rnd(st) % (sizeof(pieces) / sizeof(pieces[0]))];
		k = strlen(p);
		if (len + k >= cap)
			break;
		memcpy(buf + len, p, k + 1);
		len += k;
	}
}

/* rnd_keyword - Let-dig [Ldh-str] */
static void
rnd_keyword(uint64_t *st, char *buf)
{
	static const char ldh[] = "abcdefghijklmnopqrstuvwxyz0123456789-";
	size_t n = 1 + rnd(st) % 10, i;

	for (i = 0; i < n; i++)
		buf[i] = ldh[rnd(st) % (i == 0 || i == n - 1 ? 36 : 37)];
	buf[n] = '\0';
}

/* rnd_field - a random field built through the public API */
static struct authres *
rnd_field(uint64_t *st)
{
	static const char *const ids[] = { "example.org", "mx.example.org",
		"example org", "\xc3\xa9xample.org", "a\"b\\c" };
	char t[256], k1[16], k2[16];
	struct authres *ar;
	size_t i, j, nr, np;

	ar = authres_new(ids[rnd(st) % 5]);
	authres_set_authserv_id(
	    ar, authres_get_authserv_id(ar), (int)(rnd(st) % 3) - 1);
	if (rnd(st) % 4 == 0) {
		rnd_text(st, t, sizeof(t), 6);
		authres_add_comment(ar, t);
	}
	nr = rnd(st) % 5;
	for (i = 0; i < nr; i++) {
		rnd_keyword(st, k1);
		rnd_keyword(st, k2);
		rnd_text(st, t, sizeof(t), 8);
		authres_add_result_name(ar, k1, (int)(rnd(st) % 3) - 1, k2,
		    rnd(st) % 3 == 0 ? t : NULL);
		if (rnd(st) % 4 == 0)
			authres_add_comment(ar, t);
		np = rnd(st) % 5;
		for (j = 0; j < np; j++) {
			rnd_keyword(st, k1);
			rnd_keyword(st, k2);
			rnd_text(st, t, sizeof(t), 12);
			authres_add_prop(ar, k1, k2, t);
			if (rnd(st) % 5 == 0)
				authres_add_comment(ar, t);
		}
	}
	return ar;
}

/* lines_ok - folds are LF (or CRLF) + TAB, no other control, <= 998 */
static bool
lines_ok(const char *s, bool crlf)
{
	size_t line = 24;

	for (; *s != '\0'; s++) {
		if (crlf && s[0] == '\r' && s[1] == '\n')
			s++;
		else if (*s == '\r')
			return false;
		if (*s == '\n') {
			if (s[1] != '\t')
				return false;
			line = 0;
		} else if (((unsigned char)*s < 0x20 && *s != '\t') ||
		    *s == 0x7f || ++line > 998) {
			return false;
		}
	}
	return true;
}

/* test_roundtrip - parse(format(x)) == x and format is idempotent */
static void
test_roundtrip(void)
{
	uint64_t st = 0x8601u;
	struct authres *x, *y;
	char *s1, *s2;
	unsigned flags;
	int i, bad = 0, reported = 0;
	struct authres_error err;

	for (i = 0; i < 10000; i++) {
		x = rnd_field(&st);
		flags = (unsigned)(rnd(&st) % 4);
		y = NULL;
		s1 = s2 = NULL;
		if (x == NULL || authres_format(x, flags, &s1) != AUTHRES_OK ||
		    !lines_ok(s1, flags & AUTHRES_FORMAT_CRLF) ||
		    authres_parse(s1, strlen(s1), AUTHRES_PARSE_STRICT, &y,
		        &err) != AUTHRES_OK ||
		    !authres_equal(x, y) ||
		    authres_format(y, flags, &s2) != AUTHRES_OK ||
		    strcmp(s1, s2) != 0) {
			if (reported++ < 3)
				diag("field %d: %s", i,
				    s1 ? s1 : "(unformatted)");
			bad++;
		}
		free(s1);
		free(s2);
		authres_free(x);
		authres_free(y);
	}
	is_int(bad, 0,
	    "10000 random fields: parse(format(x)) == x, "
	    "format idempotent, folds clean");
}

/* main - run every group */
int
main(void)
{
	plan(43);
	test_values();
	test_shapes();
	test_folding();
	test_injection();
	test_lenient_bare_property();
	test_roundtrip();
	return done_testing();
}
