/*
 * authres-providers.c - a lenient parse of the fields the largest
 * providers write (t/data/authres-providers/fields.txt, sources in its
 * README.md) gives every result exactly as the table says; a strict parse
 * refuses the ones that break RFC 8601, at the column the table says.
 * Every corpus line must have a table row and every row a corpus line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authres.h"
#include "tap.h"

#define LINE_MAX_LEN 4096
#define DUMP_MAX 4096

/* want: the results as dump() writes them; strict_col 0: strict parses */
static const struct {
	const char *name, *id, *want;
	size_t strict_col;
} cases[] = {
	{ "outlook-repeated-id", NULL,
	    "spf=pass smtp.mailfrom=fastmail.com; dkim=pass "
	    "header.d=fastmail.com; dmarc=pass action=none "
	    "header.from=fastmail.com",
	    1 },
	{ "microsoft-compauth", NULL,
	    "spf=pass smtp.mailfrom=x.com; dkim=pass header.d=x.com; "
	    "dmarc=pass action=none header.from=x.com; compauth=pass "
	    "reason=100",
	    1 },
	{ "yahoo-from-pseudo", "mta4011.mail.gq1.yahoo.com",
	    "domainkeys=neutral from=fastmail.com; dkim=pass "
	    "from=messagingengine.com",
	    29 },
	{ "yahoo-mta-from", "mta4012.mail.gq1.yahoo.com",
	    "dkim=pass from=x.com header.i=@x.com", 28 },
	{ "yahoo-atlas", "atlas-production.v2-mail-prod1-gq1.omega.yahoo.com",
	    "dkim=pass header.i=@x.com header.s=s1; spf=pass "
	    "smtp.mailfrom=x.com; dmarc=pass header.from=x.com",
	    159 },
	{ "fastmail-full", "mx6.messagingengine.com",
	    "arc=none; dkim=pass header.d=mail.ru header.i=@mail.ru "
	    "header.b=oF80QtY/ x-bits=1024 x-keytype=rsa "
	    "x-algorithm=sha256 x-selector=mail2; dmarc=pass "
	    "header.from=mail.ru; iprev=pass "
	    "policy.iprev=94.100.177.106; spf=pass "
	    "smtp.mailfrom=fmdeliverability@mail.ru "
	    "smtp.helo=smtp46.i.mail.ru; x-aligned-from=pass; x-ptr=pass "
	    "x-ptr-helo=smtp46.i.mail.ru x-ptr-lookup=smtp46.i.mail.ru; "
	    "x-return-mx=pass smtp.domain=mail.ru smtp.result=pass "
	    "smtp_is_org_domain=yes header.domain=mail.ru "
	    "header.result=pass header_is_org_domain=yes; x-tls=pass "
	    "version=TLSv1.2 cipher=ECDHE-RSA-AES128-GCM-SHA256 "
	    "bits=128/128",
	    145 },
	{ "fastmail-policy-is-org", "mx.fastmail.com",
	    "dkim=pass header.d=fastmail.com header.i=@fastmail.com "
	    "header.b=abc header.a=rsa-sha256 header.s=fm1 x-bits=2048; "
	    "x-aligned-from=pass; x-me-sender=none; x-return-mx=pass "
	    "header.domain=fastmail.com policy.is_org=yes",
	    151 },
	{ "gmail-spf-comment", "mx.google.com",
	    "dkim=pass header.i=@fastmail.com header.s=fm1 "
	    "header.b=2j32dcmg; dkim=pass header.i=@messagingengine.com "
	    "header.s=fm1 header.b=dgrCnA5f; spf=pass "
	    "smtp.mailfrom=deliverability@fastmail.com; dmarc=pass "
	    "header.from=fastmail.com",
	    0 },
	{ "gmail-arc", "mx.google.com",
	    "dkim=pass header.i=@x.com header.s=s1 header.b=abc; "
	    "arc=pass; spf=pass smtp.mailfrom=x@y.com; dmarc=pass "
	    "header.from=gmail.com",
	    0 },
	{ "aol", "mx.aol.com",
	    "spf=pass smtp.mailfrom=fastmail.com; dkim=pass "
	    "header.i=@fastmail.com; dmarc=pass header.from=fastmail.com",
	    348 },
	{ "yandex", "mxfront8g.mail.yandex.net",
	    "spf=pass smtp.mail=deliverability@fastmail.com; dkim=pass "
	    "header.i=@fastmail.com",
	    0 },
	{ "icloud-tabs", "mr21p00im-dkimmilter005.me.com",
	    "dkim=pass header.d=fastmail.com header.i=@fastmail.com "
	    "header.b=0GObIji6; dkim-adsp=pass",
	    0 },
};

/* put - append s to buf (size DUMP_MAX) at *len, capped */
static void
put(char *buf, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n >= DUMP_MAX)
		n = DUMP_MAX - 1 - *len;
	memcpy(buf + *len, s, n);
	*len += n;
	buf[*len] = '\0';
}

/* dump - "method=result [reason=r] [ptype.]property=value ...; ..." */
static void
dump(const struct authres *ar, char *buf)
{
	size_t i, j, len = 0;
	const char *s;

	buf[0] = '\0';
	for (i = 0; i < authres_result_count(ar); i++) {
		put(buf, &len, i > 0 ? "; " : "");
		put(buf, &len, authres_get_method(ar, i));
		put(buf, &len, "=");
		put(buf, &len, authres_get_result(ar, i));
		if ((s = authres_get_reason(ar, i)) != NULL) {
			put(buf, &len, " reason=");
			put(buf, &len, s);
		}
		for (j = 0; j < authres_prop_count(ar, i); j++) {
			put(buf, &len, " ");
			s = authres_get_prop_ptype(ar, i, j);
			put(buf, &len, s);
			put(buf, &len, s[0] != '\0' ? "." : "");
			put(buf, &len, authres_get_prop_property(ar, i, j));
			put(buf, &len, "=");
			put(buf, &len, authres_get_prop_value(ar, i, j));
		}
	}
}

/* roundtrip - a field with an authserv-id formats ('_' names and empty
 * ptypes included) into text that a lenient parse reads back equal; one
 * without is refused */
static void
roundtrip(size_t c, const struct authres *ar)
{
	struct authres *back = NULL;
	char *text = NULL;
	enum authres_status st = authres_format(ar, 0, &text);

	if (cases[c].id == NULL) {
		is_int(st, AUTHRES_EINVAL, "%s: no id, format refuses",
		    cases[c].name);
		return;
	}
	is_int(st, AUTHRES_OK, "%s: format", cases[c].name);
	ok(text != NULL &&
	        authres_parse(text, strlen(text), AUTHRES_PARSE_LENIENT, &back,
	            NULL) == AUTHRES_OK &&
	        authres_equal(ar, back),
	    "%s: formatted text reads back equal", cases[c].name);
	authres_free(back);
	free(text);
}

/* check - one corpus field against row c */
static void
check(size_t c, const char *field)
{
	struct authres *ar = NULL;
	struct authres_error err;
	char got[DUMP_MAX];
	size_t len = strlen(field);

	is_int(authres_parse(field, len, AUTHRES_PARSE_LENIENT, &ar, &err),
	    AUTHRES_OK, "%s: lenient parse (%zu: %s)", cases[c].name,
	    err.column, err.what);
	is_str(authres_get_authserv_id(ar), cases[c].id, "%s: authserv-id",
	    cases[c].name);
	dump(ar, got);
	is_str(got, cases[c].want, "%s: results", cases[c].name);
	roundtrip(c, ar);
	authres_free(ar);
	ar = NULL;
	is_int(authres_parse(field, len, AUTHRES_PARSE_STRICT, &ar, &err),
	    cases[c].strict_col != 0 ? AUTHRES_ESYNTAX : AUTHRES_OK,
	    "%s: strict parse", cases[c].name);
	is_int(cases[c].strict_col != 0 ? err.column : 0, cases[c].strict_col,
	    "%s: strict column (%s)", cases[c].name, err.what);
	authres_free(ar);
}

/* find - the row named name, or the number of rows */
static size_t
find(const char *name)
{
	size_t c;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
		if (strcmp(cases[c].name, name) == 0)
			return c;
	return c;
}

/* test_held - Yahoo's pseudo-properties wait for a result, at most 16 */
static void
test_held(void)
{
	static const char f16[] =
	    "x.example a=v.x b=v.x c=v.x d=v.x e=v.x f=v.x g=v.x h=v."
	    "x i=v.x j=v.x k=v.x l=v.x m=v.x n=v.x o=v.x from=p.examp"
	    "le; dkim=pass";
	static const char f17[] =
	    "x.example a=v.x b=v.x c=v.x d=v.x e=v.x f=v.x g=v.x h=v."
	    "x i=v.x j=v.x k=v.x l=v.x m=v.x n=v.x o=v.x p=v.x from=p"
	    ".example; dkim=pass";
	struct authres *ar = NULL;
	struct authres_error err;

	is_int(authres_parse(
	           f16, sizeof(f16) - 1, AUTHRES_PARSE_LENIENT, &ar, &err),
	    AUTHRES_OK, "16 held properties parse");
	is_int(authres_prop_count(ar, 0), 16, "all 16 go to the result");
	is_str(authres_get_prop_property(ar, 0, 15), "from", "in order");
	is_str(authres_get_prop_ptype(ar, 0, 15), "", "with an empty ptype");
	authres_free(ar);
	is_int(authres_parse(
	           f17, sizeof(f17) - 1, AUTHRES_PARSE_LENIENT, &ar, &err),
	    AUTHRES_ELIMIT, "17 held properties: ELIMIT");
	is_int(err.column, 107, "at the one too many");
	ok(ar == NULL, "no field on ELIMIT");
}

int
main(void)
{
	static char line[LINE_MAX_LEN];
	const char *top = getenv("top_srcdir");
	char path[1024];
	bool seen[sizeof(cases) / sizeof(cases[0])] = { false };
	size_t c, n;
	char *tab;
	FILE *f;

	plan(125);
	snprintf(path, sizeof(path), "%s/t/data/authres-providers/fields.txt",
	    top != NULL ? top : ".");
	if ((f = fopen(path, "r")) == NULL)
		bail_out("cannot open %s", path);
	while (fgets(line, sizeof(line), f) != NULL) {
		n = strcspn(line, "\n");
		line[n] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (!ok((tab = strchr(line, '\t')) != NULL, "line has a name"))
			continue;
		*tab = '\0';
		if (!ok((c = find(line)) < sizeof(cases) / sizeof(cases[0]),
		        "%s: has a table row", line))
			continue;
		seen[c] = true;
		check(c, tab + 1);
	}
	fclose(f);
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
		ok(seen[c], "%s: found in the corpus", cases[c].name);
	test_held();
	return done_testing();
}
