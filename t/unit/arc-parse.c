/*
 * arc-parse.c - the pieces of src/arc that read outside input: tag-lists
 * (RFC 6376 3.2), header and body canonicalization (3.4) with the body fed
 * whole and one octet at a time, b= blanking, the h= selection (5.4.2),
 * base64, key records (RSA >= 1024 bits, RFC 8301) and the key cache.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arc/arc_int.h"
#include "tap.h"

/* The suite's 1024-bit key "dummy" and its 512-bit one (t/data/arc). */
#define KEY1024                                                                 \
	"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzW"   \
	"RiGs5V6NpP3id Y6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3Fu"  \
	"tACDfzwQ/BC/e/8uBsCR+yz1Lx j+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2" \
	"EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB"
#define KEY512                                                                  \
	"v=DKIM1; k=rsa; p= MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAIWmlgix/84GJ+dfg"  \
	"jm7LTc9EPdfk ftlgiPpCq4/kbDAZmU0VvYKDljjleJ1dfvS+CGy9U/kk1tG3EeEvb82x" \
	"AcCAwEAAQ=="

static const struct {
	const char *name, *in;
	int n; /* tags; -1: refused */
} tagcases[] = {
	{ "suite order, a= before i=", "a=rsa-sha256; i=1; cv=none", 3 },
	{ "FWS around everything", " a = x ;\r\n\tb=y z ; ", 2 },
	{ "trailing semicolon", "a=1;", 1 },
	{ "empty value", "a=;b=2", 2 },
	{ "duplicate tag refused", "a=1; a=2", -1 },
	{ "no = refused", "a=1; b", -1 },
	{ "empty tag-spec refused", "a=1;; b=2", -1 },
	{ "name starting with a digit refused", "1a=1", -1 },
	{ "control octet refused", "a=x\001y", -1 },
	{ "8-bit octet refused", "a=\xc3\xa9", -1 },
};

/* test_tags - the tag-list parser */
static void
test_tags(void)
{
	struct arc_taglist tl;
	const struct arc_tag *t;
	char err[64], buf[32];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(tagcases) / sizeof(tagcases[0]); i++) {
		rc = arc_tags_parse(tagcases[i].in, strlen(tagcases[i].in), &tl,
		    err, sizeof(err));
		is_int(rc == -1 ? -1 : (int)tl.n, tagcases[i].n, "tags: %s",
		    tagcases[i].name);
	}
	rc = arc_tags_parse(" a = x ;\r\n\tb=y z ; ", 19, &tl, err, 64);
	t = arc_tags_get(&tl, "b");
	ok(rc == 0 && t != NULL && t->valuelen == 3 &&
	        memcmp(t->value, "y z", 3) == 0,
	    "tags: value trimmed, inner space kept");
	ok(t != NULL && arc_tag_copy(t, buf, sizeof(buf)) == 0 &&
	        strcmp(buf, "yz") == 0,
	    "tags: copy drops whitespace");
	ok(arc_tags_get(&tl, "B") == NULL, "tags: names are case-sensitive");
}

/* canon - one field canonicalized, as a string (static) */
static const char *
canon(enum arc_canon c, const char *name, const char *value, bool last)
{
	static char out[256];
	struct arc_buf b;

	arc_buf_init(&b, 200);
	arc_canon_header(&b, c, name, value, last);
	(void)snprintf(out, sizeof(out), "%s", b.error ? "ERROR" : b.data);
	arc_buf_free(&b);
	return out;
}

/* test_header_canon - RFC 6376 3.4.1, 3.4.2, 3.7 */
static void
test_header_canon(void)
{
	struct arc_buf b;
	enum arc_canon hc, bc;

	is_str(canon(ARC_CANON_RELAXED, "SubJect", " A  \t b \r\n\tc  ", false),
	    "subject:A b c\r\n", "relaxed: lower name, unfold, squeeze, trim");
	is_str(canon(ARC_CANON_SIMPLE, "SubJect", " A \n\tb", false),
	    "SubJect: A \r\n\tb\r\n", "simple: as is, LF becomes CRLF");
	is_str(canon(ARC_CANON_RELAXED, "X", "a", true), "x:a",
	    "the signature field: no CRLF");
	arc_buf_init(&b, 64);
	ok(arc_blank_b(&b, " a=rsa-sha256; b=AbC\r\n dEf=; bh=x") == 0 &&
	        strcmp(b.data, " a=rsa-sha256; b=; bh=x") == 0,
	    "b= emptied, bh= kept");
	arc_buf_free(&b);
	arc_buf_init(&b, 64);
	ok(arc_blank_b(&b, "bh=x; d=y") == -1, "no b= tag: refused");
	arc_buf_free(&b);
	arc_buf_init(&b, 8);
	arc_buf_add(&b, "0123456789", 10);
	ok(b.error != 0, "a buffer stops at its cap");
	arc_buf_free(&b);
	ok(arc_canon_parse("relaxed", 7, &hc, &bc) == 0 &&
	        hc == ARC_CANON_RELAXED && bc == ARC_CANON_SIMPLE,
	    "c=relaxed: body simple");
	ok(arc_canon_parse("simple/fuzzy", 12, &hc, &bc) == -1,
	    "c= with an unknown word refused");
}

static const struct {
	const char *name, *body;
	enum arc_canon c;
	int64_t l;
	const char *want; /* base64 SHA-256 (python hashlib) */
} bodies[] = {
	{ "empty, simple: one CRLF", "", ARC_CANON_SIMPLE, -1,
	    "frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY=" },
	{ "empty, relaxed: nothing", "", ARC_CANON_RELAXED, -1,
	    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" },
	{ "relaxed", " a \t b  \r\n\r\nc\r\n\r\n\r\n", ARC_CANON_RELAXED, -1,
	    "LXmMBGb07aGq+JXv4g8cA0Sb/v+C3J//iKyIX+pOPp8=" },
	{ "relaxed, bare LF", " a \t b  \n\nc\n\n \n", ARC_CANON_RELAXED, -1,
	    "LXmMBGb07aGq+JXv4g8cA0Sb/v+C3J//iKyIX+pOPp8=" },
	{ "simple", " a \t b  \r\n\r\nc\r\n\r\n\r\n", ARC_CANON_SIMPLE, -1,
	    "E7qotoecu/X3SerRiQOHPX0d0ClBbfYrrvhh5qRYz4s=" },
	{ "simple, l=3", " a \t b  \r\n", ARC_CANON_SIMPLE, 3,
	    "y/fzAATzZnywk7PHtVFpqQ4/AET26j/5PT91Qnpy43c=" },
	{ "no final CRLF: one added", "x", ARC_CANON_SIMPLE, -1,
	    "s14J+iztnrytnRYzb7lhFG/jS/vrxWJnnahfijFMnco=" },
};

/* body_hash - the body hash of b fed in chunks of n, base64 */
static void
body_hash(size_t k, size_t n, char *out, size_t outsz)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrs"
	    "tuvwxyz0123456789+/";
	struct arc_body *b = arc_body_new(bodies[k].c, bodies[k].l);
	unsigned char h[ARC_SHA256_LEN + 2] = { 0 };
	const char *p = bodies[k].body;
	size_t len = strlen(p), i, o = 0;
	uint64_t hashed;

	if (b == NULL)
		bail_out("out of memory");
	for (i = 0; i < len; i += n)
		arc_body_update(
		    b, (const unsigned char *)p + i, len - i < n ? len - i : n);
	if (arc_body_final(b, h, &hashed) == -1)
		bail_out("arc_body_final failed");
	arc_body_free(b);
	for (i = 0; i < ARC_SHA256_LEN; i += 3) {
		unsigned v =
		    (unsigned)h[i] << 16 | (unsigned)h[i + 1] << 8 | h[i + 2];

		if (o + 5 > outsz)
			break;
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = i + 1 < ARC_SHA256_LEN ? b64[v >> 6 & 63] : '=';
		out[o++] = i + 2 < ARC_SHA256_LEN ? b64[v & 63] : '=';
	}
	out[o] = '\0';
}

/* test_body - whole, and one octet at a time */
static void
test_body(void)
{
	char got[64];
	size_t k;

	for (k = 0; k < sizeof(bodies) / sizeof(bodies[0]); k++) {
		body_hash(k, 4096, got, sizeof(got));
		is_str(got, bodies[k].want, "body: %s", bodies[k].name);
		body_hash(k, 1, got, sizeof(got));
		is_str(got, bodies[k].want, "body: %s, octet by octet",
		    bodies[k].name);
	}
}

/* test_select - RFC 6376 5.4.2: bottom-up, a missing name selects none */
static void
test_select(void)
{
	struct arc_field f[] = { { "From", "a" }, { "Subject", "1" },
		{ "subject", "2" }, { "To", "b" } };
	size_t idx[8], n;
	const char *h = "subject : from:Subject:subject:cc";

	ok(arc_select_headers(f, 4, h, strlen(h), idx, 8, &n) == 0 && n == 5 &&
	        idx[0] == 2 && idx[1] == 0 && idx[2] == 1 &&
	        idx[3] == SIZE_MAX && idx[4] == SIZE_MAX,
	    "h=: the last instance first, then upwards, missing ones empty");
	ok(arc_select_headers(f, 4, "from::to", 8, idx, 8, &n) == -1,
	    "h= with an empty name refused");
	ok(arc_select_headers(f, 4, "a:b:c", 5, idx, 2, &n) == -1,
	    "h= longer than the cap refused");
}

/* test_base64 - whitespace allowed, garbage refused */
static void
test_base64(void)
{
	unsigned char out[16];

	is_int((int)arc_base64_decode("aGVs\r\n bG8=", 11, out, sizeof(out)), 5,
	    "base64 with FWS");
	ok(memcmp(out, "hello", 5) == 0, "base64 decodes");
	is_int((int)arc_base64_decode("aGV*bG8=", 8, out, sizeof(out)), -1,
	    "base64 with '*' refused");
	is_int((int)arc_base64_decode("aG=Vs", 5, out, sizeof(out)), -1,
	    "base64 with data after '=' refused");
	is_int((int)arc_base64_decode("aGVsbG8gd29ybGQh", 16, out, 4), -1,
	    "base64 longer than the output refused");
}

/* test_keys - records and the cache */
static void
test_keys(void)
{
	struct arc_key *k, *k2, *got;
	struct arc_keycache *c;
	char err[96];

	k = arc_key_parse(KEY1024, strlen(KEY1024), 1024, err, sizeof(err));
	ok(k != NULL && arc_key_bits(k) == 1024, "1024-bit key accepted");
	if (k == NULL)
		bail_out("cannot parse the suite key: %s", err);
	ok(arc_key_parse(KEY512, strlen(KEY512), 0, err, sizeof(err)) == NULL,
	    "512-bit key refused (RFC 8301)");
	is_str(err, "key too short (RFC 8301)", "its reason");
	ok(arc_key_parse(KEY1024, strlen(KEY1024), 2048, err, 96) == NULL,
	    "a higher minimum is kept");
	ok(arc_key_parse("v=DKIM1; p=", 11, 0, err, sizeof(err)) == NULL &&
	        strstr(err, "revoked") != NULL,
	    "empty p=: revoked");
	ok(arc_key_parse("k=ed25519; p=AAAA", 17, 0, err, 96) == NULL,
	    "k=ed25519 refused");
	ok(arc_key_parse("p=AAAA; v=DKIM1", 15, 0, err, 96) == NULL,
	    "v= not first refused");
	ok(arc_key_parse("v=DKIM1; p=!!!!", 15, 0, err, 96) == NULL,
	    "p= not base64 refused");

	if ((c = arc_keycache_new(2, 60)) == NULL)
		bail_out("out of memory");
	arc_keycache_put(c, "a._domainkey.x", k, 300);
	arc_keycache_put(c, "z._domainkey.x", k, 0);
	got = arc_keycache_get(c, "a._domainkey.x");
	ok(got == k, "cache: a key put is found");
	arc_key_unref(got);
	ok(arc_keycache_get(c, "z._domainkey.x") == NULL,
	    "cache: TTL 0 is not kept");
	k2 = arc_key_ref(k);
	arc_keycache_put(c, "b._domainkey.x", k2, 300);
	arc_keycache_put(c, "c._domainkey.x", k2, 300);
	arc_key_unref(k2);
	got = arc_keycache_get(c, "a._domainkey.x");
	ok(got == NULL, "cache: the oldest entry goes when full");
	arc_key_unref(got);
	got = arc_keycache_get(c, "c._domainkey.x");
	ok(got == k, "cache: the newest stays");
	arc_key_unref(got);
	arc_keycache_free(c);
	arc_key_unref(k);
}

int
main(void)
{
	plan(10 + 3 + 8 + 14 + 3 + 5 + 12);
	test_tags();
	test_header_canon();
	test_body();
	test_select();
	test_base64();
	test_keys();
	return done_testing();
}
