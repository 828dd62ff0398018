/*
 * authres-rfc-examples.c - the Authentication-Results examples of RFC 8601
 * Appendix B (and RFC 7601's sender-id variants) parse, strictly, to the
 * structure the RFC gives. Inputs and expectations are those of
 * t/data/authres/rfc-authres-examples.jsonl (see t/data/README.md), written
 * out as C; comments are not part of an expectation, except for B.7 whose
 * point is where comments may stand.
 */
#include <stdio.h>
#include <string.h>

#include "authres.h"
#include "tap.h"

static const struct {
	const char *source, *in;
	const char *want; /* "id[/v]; method[/v]=result reason={r} p.q={v}" */
} examples[] = {
	{ "RFC 8601 Appendix B.2 (identical in RFC 7601 B.2)",
	    "Authentication-Results: example.org 1; none",
	    "example.org/1; none" },
	{ "RFC 8601 Appendix B.3 (identical in RFC 7601 B.3)",
	    "Authentication-Results: example.com;\r\n"
	    "          spf=pass smtp.mailfrom=example.net",
	    "example.com; spf=pass smtp.mailfrom={example.net}" },
	{ "RFC 8601 Appendix B.4, first field (identical in RFC 7601 "
	  "B.4)",
	    "Authentication-Results: example.com;\r\n"
	    "          auth=pass (cram-md5) "
	    "smtp.auth=sender@example.net;\r\n"
	    "          spf=pass smtp.mailfrom=example.net",
	    "example.com; auth=pass smtp.auth={sender@example.net}; "
	    "spf=pass smtp.mailfrom={example.net}" },
	{ "RFC 8601 Appendix B.4, second field",
	    "Authentication-Results: example.com; iprev=pass\r\n"
	    "          policy.iprev=192.0.2.200",
	    "example.com; iprev=pass policy.iprev={192.0.2.200}" },
	{ "RFC 7601 Appendix B.4, second field (replaced by iprev in "
	  "RFC 8601)",
	    "Authentication-Results: example.com;\r\n"
	    "          sender-id=pass header.from=example.net",
	    "example.com; sender-id=pass header.from={example.net}" },
	{ "RFC 8601 Appendix B.5, first field",
	    "Authentication-Results: example.com;\r\n"
	    "          dkim=pass (good signature) header.d=example.com",
	    "example.com; dkim=pass header.d={example.com}" },
	{ "RFC 7601 Appendix B.5, first field (sender-id variant; RFC "
	  "8601 dropped sender-id)",
	    "Authentication-Results: example.com;\r\n"
	    "          sender-id=fail header.from=example.com;\r\n"
	    "          dkim=pass (good signature) header.d=example.com",
	    "example.com; sender-id=fail header.from={example.com}; "
	    "dkim=pass header.d={example.com}" },
	{ "RFC 8601 Appendix B.5, second field (identical in RFC 7601 "
	  "B.5)",
	    "Authentication-Results: example.com;\r\n"
	    "          auth=pass (cram-md5) "
	    "smtp.auth=sender@example.com;\r\n"
	    "          spf=fail smtp.mailfrom=example.com",
	    "example.com; auth=pass smtp.auth={sender@example.com}; "
	    "spf=fail smtp.mailfrom={example.com}" },
	{ "RFC 8601 Appendix B.6, first field (identical in RFC 7601 "
	  "B.6)",
	    "Authentication-Results: example.com;\r\n"
	    "      dkim=pass reason=\"good signature\"\r\n"
	    "        header.i=@mail-router.example.net;\r\n"
	    "      dkim=fail reason=\"bad signature\"\r\n"
	    "        header.i=@newyork.example.com",
	    "example.com; dkim=pass reason={good signature} "
	    "header.i={@mail-router.example.net}; dkim=fail reason={bad "
	    "signature} header.i={@newyork.example.com}" },
	{ "RFC 8601 Appendix B.6, second field (identical in RFC 7601 "
	  "B.6)",
	    "Authentication-Results: example.net;\r\n"
	    "      dkim=pass (good signature) "
	    "header.i=@newyork.example.com",
	    "example.net; dkim=pass header.i={@newyork.example.com}" },
	{ "RFC 8601 Appendix B.7 Comment-Heavy Example (identical in "
	  "RFC 7601 B.7)",
	    "Authentication-Results: foo.example.net (foobar) 1 (baz);\r\n"
	    "    dkim (Because I like it) / 1 (One yay) = (wait for it) "
	    "fail\r\n"
	    "      policy (A dot can go here) . (like that) expired\r\n"
	    "      (this surprised me) = (as I wasn't expecting it) "
	    "1362471462",
	    "foo.example.net/1; dkim/1=fail policy.expired={1362471462}" },
};

/* add - append text to buf (size sz, used *len), cut at its size */
static void
add(char *buf, size_t sz, size_t *len, const char *a, const char *b)
{
	int n = snprintf(buf + *len, sz - *len, "%s%s", a, b != NULL ? b : "");

	if (n > 0 && *len + (size_t)n < sz)
		*len += (size_t)n;
}

/* structure - the field as in the table, comments left out */
static const char *
structure(const struct authres *ar, char *buf, size_t sz)
{
	size_t i, j, len = 0;
	char v[16];

	buf[0] = '\0';
	add(buf, sz, &len, authres_get_authserv_id(ar), NULL);
	snprintf(v, sizeof(v), "/%d", authres_get_version(ar));
	add(buf, sz, &len, authres_get_version(ar) >= 0 ? v : "", NULL);
	if (authres_result_count(ar) == 0)
		add(buf, sz, &len, "; none", NULL);
	for (i = 0; i < authres_result_count(ar); i++) {
		add(buf, sz, &len, "; ", authres_get_method(ar, i));
		snprintf(
		    v, sizeof(v), "/%d", authres_get_method_version(ar, i));
		add(buf, sz, &len,
		    authres_get_method_version(ar, i) >= 0 ? v : "", NULL);
		add(buf, sz, &len, "=", authres_get_result(ar, i));
		if (authres_get_reason(ar, i) != NULL) {
			add(buf, sz, &len, " reason={",
			    authres_get_reason(ar, i));
			add(buf, sz, &len, "}", NULL);
		}
		for (j = 0; j < authres_prop_count(ar, i); j++) {
			add(buf, sz, &len, " ",
			    authres_get_prop_ptype(ar, i, j));
			add(buf, sz, &len, ".",
			    authres_get_prop_property(ar, i, j));
			add(buf, sz, &len, "={",
			    authres_get_prop_value(ar, i, j));
			add(buf, sz, &len, "}", NULL);
		}
	}
	return buf;
}

/* test_b7_comments - RFC 8601 B.7: each comment joins its element */
static void
test_b7_comments(void)
{
	const char *in =
	    examples[sizeof(examples) / sizeof(examples[0]) - 1].in;
	struct authres *ar;

	is_int(authres_parse(in, strlen(in), AUTHRES_PARSE_STRICT, &ar, NULL),
	    AUTHRES_OK, "B.7 parses");
	is_str(authres_get_authserv_comment(ar), "foobar baz",
	    "B.7: comments by the authserv-id and its version");
	is_str(authres_get_result_comment(ar, 0),
	    "Because I like it One yay wait for it",
	    "B.7: comments inside the methodspec");
	is_str(authres_get_prop_comment(ar, 0, 0),
	    "A dot can go here like that this surprised me "
	    "as I wasn't expecting it",
	    "B.7: comments inside the propspec");
	authres_free(ar);
}

int
main(void)
{
	struct authres *ar;
	struct authres_error err;
	char buf[1024];
	size_t i;
	unsigned mode;

	plan(48);
	for (i = 0; i < sizeof(examples) / sizeof(examples[0]); i++) {
		for (mode = 0; mode <= AUTHRES_PARSE_LENIENT; mode++) {
			if (!ok(authres_parse(examples[i].in,
			            strlen(examples[i].in), mode, &ar,
			            &err) == AUTHRES_OK,
			        "%s: parses (%s)", examples[i].source,
			        mode ? "lenient" : "strict"))
				diag("%zu: %s", err.column, err.what);
			is_str(
			    ar != NULL ? structure(ar, buf, sizeof(buf)) : NULL,
			    examples[i].want, "%s: structure (%s)",
			    examples[i].source, mode ? "lenient" : "strict");
			authres_free(ar);
		}
	}
	test_b7_comments();
	return done_testing();
}
