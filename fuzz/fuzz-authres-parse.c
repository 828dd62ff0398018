/*
 * fuzz-authres-parse.c - authres_parse (strict and lenient),
 * authres_is_ours and authres_get_authserv_id_from on arbitrary bytes.
 * Besides memory errors it checks that what parses strictly also parses
 * leniently to an equal field, and that the authserv-id scanners agree
 * with the parser; a disagreement aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authres/authres.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* fuzz_walk - read every part of a parsed field */
static void
fuzz_walk(const struct authres *ar)
{
	size_t i, j, n = authres_result_count(ar), np;
	volatile size_t sum = 0;

	for (i = 0; i < n; i++) {
		sum += strlen(authres_get_method(ar, i));
		sum += strlen(authres_get_result(ar, i));
		sum += (size_t)authres_get_result_code(ar, i);
		np = authres_prop_count(ar, i);
		for (j = 0; j < np; j++)
			sum += strlen(authres_get_prop_value(ar, i, j));
	}
	(void)sum;
}

/* LLVMFuzzerTestOneInput - one input */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct authres *strict = NULL, *lenient = NULL;
	struct authres_error err;
	enum authres_status st, sl;
	char id[256];
	const char *pid;

	memset(&err, 0, sizeof(err));
	st = authres_parse(s, size, AUTHRES_PARSE_STRICT, &strict, &err);
	if (st != AUTHRES_OK &&
	    (strict != NULL || err.column > size + 1 ||
	        (st == AUTHRES_ESYNTAX && err.column == 0)))
		abort();
	sl = authres_parse(s, size, AUTHRES_PARSE_LENIENT, &lenient, &err);
	if (st == AUTHRES_OK) {
		fuzz_walk(strict);
		if (sl != AUTHRES_OK || !authres_equal(strict, lenient)) {
			fprintf(stderr, "strict parse differs from lenient\n");
			abort();
		}
		pid = authres_get_authserv_id(strict);
		if (authres_get_authserv_id_from(s, size, id, sizeof(id)) ==
		        AUTHRES_OK &&
		    strcmp(id, pid) != 0) {
			fprintf(stderr, "authserv-id scanner: %s, parser: %s\n",
			    id, pid);
			abort();
		}
		/* an AuthservID is a token (authmilter.conf(5)) */
		if (strlen(pid) < 200 && authres_is_token(pid) &&
		    !authres_is_ours(s, size, pid)) {
			fprintf(stderr, "authres_is_ours misses %s\n", pid);
			abort();
		}
	}
	if (sl == AUTHRES_OK)
		fuzz_walk(lenient);
	authres_is_ours(s, size, "example.org");
	authres_free(strict);
	authres_free(lenient);
	return 0;
}
