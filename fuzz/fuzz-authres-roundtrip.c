/*
 * fuzz-authres-roundtrip.c - whatever parses (leniently) must format into
 * text that parses again, strictly, to an equal field, and formatting that
 * must give the same text; the text must hold no CR, no control but the
 * folds (each LF followed by a tab) and no line over 998 octets. Any
 * failure aborts. Formatting may refuse only a field without authserv-id
 * (EINVAL) or with an element too long for a line (ELIMIT).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authres/authres.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* fuzz_fail - report and abort */
static void
fuzz_fail(const char *what, const char *text)
{
	fprintf(stderr, "roundtrip: %s\n--- formatted:\n%s\n---\n", what,
	    text ? text : "(none)");
	abort();
}

/* fuzz_text_ok - no CR, controls only as folds, lines within 998 */
static bool
fuzz_text_ok(const char *s)
{
	size_t line = sizeof(AUTHRES_FIELD_NAME ": ") - 1;

	for (; *s != '\0'; s++) {
		if (*s == '\n') {
			if (s[1] != '\t')
				return false;
			line = 0;
			continue;
		}
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return false;
		if (++line > 998)
			return false;
	}
	return true;
}

/* fuzz_needs_lenient - a bare "word=value" (empty ptype) and '_' in a
 * name are not RFC 8601 syntax: such a field can only be read back
 * leniently */
static bool
fuzz_needs_lenient(const struct authres *ar)
{
	size_t i, j;

	for (i = 0; i < authres_result_count(ar); i++) {
		if (strchr(authres_get_method(ar, i), '_') != NULL ||
		    strchr(authres_get_result(ar, i), '_') != NULL)
			return true;
		for (j = 0; j < authres_prop_count(ar, i); j++)
			if (*authres_get_prop_ptype(ar, i, j) == '\0' ||
			    strchr(authres_get_prop_ptype(ar, i, j), '_') !=
			        NULL ||
			    strchr(authres_get_prop_property(ar, i, j), '_') !=
			        NULL)
				return true;
	}
	return false;
}

/* LLVMFuzzerTestOneInput - one input */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct authres *a = NULL, *b = NULL;
	struct authres_error err;
	enum authres_status st;
	char *s1 = NULL, *s2 = NULL;
	unsigned flags;

	if (authres_parse((const char *)data, size, AUTHRES_PARSE_LENIENT, &a,
	        NULL) != AUTHRES_OK)
		return 0;
	st = authres_format(a, 0, &s1);
	if (st == AUTHRES_EINVAL && authres_get_authserv_id(a) == NULL)
		goto out;
	if (st == AUTHRES_ELIMIT)
		goto out;
	if (st != AUTHRES_OK)
		fuzz_fail(authres_strerror(st), NULL);
	if (!fuzz_text_ok(s1))
		fuzz_fail("CR, control or long line in the output", s1);
	flags = fuzz_needs_lenient(a) ? AUTHRES_PARSE_LENIENT
	                              : AUTHRES_PARSE_STRICT;
	if (authres_parse(s1, strlen(s1), flags, &b, &err) != AUTHRES_OK) {
		fprintf(
		    stderr, "re-parse: column %zu: %s\n", err.column, err.what);
		fuzz_fail("the output does not parse", s1);
	}
	if (!authres_equal(a, b))
		fuzz_fail("the output parses to another field", s1);
	if (authres_format(b, 0, &s2) != AUTHRES_OK || strcmp(s1, s2) != 0)
		fuzz_fail("formatting is not idempotent", s1);
out:
	free(s1);
	free(s2);
	authres_free(a);
	authres_free(b);
	return 0;
}
