/*
 * dkim-body.c - the DKIM input normalizers: header fields joined with CRLF
 * folding, and the canonical body length (RFC 6376 3.4.3, 3.4.4) counted
 * the same whatever the chunk boundaries.
 */
#include <stdlib.h>
#include <string.h>

#include "dkim/dkim_int.h"
#include "tap.h"

static const struct {
	const char *name, *value, *want;
} joins[] = {
	{ "Subject", " hi", "Subject: hi" },
	{ "Subject", " a\n\tb", "Subject: a\r\n\tb" },
	{ "Subject", " a\r\n\tb", "Subject: a\r\n\tb" },
	{ "X", "\n c\n d", "X:\r\n c\r\n d" },
};

static const struct {
	const char *body;
	unsigned long long simple, relaxed; /* canonical lengths */
} bodies[] = {
	{ "", 2, 0 },
	{ "\r\n\r\n", 2, 0 },
	{ "a\r\n", 3, 3 },
	{ "a", 3, 3 },
	{ "a\r\n\r\n\r\n", 3, 3 },
	{ "a\r\n\r\nb\r\n", 8, 8 },
	{ "a  \t b \r\n", 9, 5 },
	{ " a\r\n", 4, 4 },
	{ "\t\t\r\nx\r\n", 7, 5 },
	{ "a\rb\r\n", 5, 5 },
	{ "a\r\n \r\n", 6, 3 },
};

/* count - canonical length of s fed in chunks of n octets */
static unsigned long long
count(const char *s, bool relaxed, size_t n)
{
	struct dkim_bodylen bl;
	size_t len = strlen(s), p, k;

	dkim_bodylen_init(&bl, relaxed);
	for (p = 0; p < len; p += k) {
		k = len - p < n ? len - p : n;
		dkim_bodylen_add(&bl, (const unsigned char *)s + p, k);
	}
	return dkim_bodylen_final(&bl);
}

int
main(void)
{
	size_t i, n, len;
	char *h;

	plan(74);
	for (i = 0; i < sizeof(joins) / sizeof(joins[0]); i++) {
		h = dkim_header_join(joins[i].name, joins[i].value, &len);
		is_str(
		    h, joins[i].want, "join %zu: LF folding becomes CRLF", i);
		is_int(len, strlen(joins[i].want), "join %zu: length", i);
		free(h);
	}
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		for (n = 1; n <= 3; n++) {
			is_int(count(bodies[i].body, false, n),
			    bodies[i].simple, "body %zu simple, chunks of %zu",
			    i, n);
			is_int(count(bodies[i].body, true, n),
			    bodies[i].relaxed,
			    "body %zu relaxed, chunks of %zu", i, n);
		}
	}
	return done_testing();
}
