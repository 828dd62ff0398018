/*
 * fuzz-authres-json.c - the authres command's JSON reader on arbitrary
 * bytes: no memory error, and every string it returns is NUL-free UTF-8
 * of at most the input's length, no object over AR_JSON_MAX_MEMBERS
 * members (checked by walking the tree).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "authres/authres_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* fuzz_walk - visit every node; abort on a string longer than the input */
static void
fuzz_walk(const struct ar_json *j, size_t size, int depth)
{
	size_t i;

	if (depth > AR_JSON_MAX_DEPTH + 1)
		abort();
	if (j->type == AR_JSON_STRING && strlen(j->str) > size)
		abort();
	if (j->type == AR_JSON_OBJECT && j->n > AR_JSON_MAX_MEMBERS)
		abort();
	for (i = 0; i < j->n; i++) {
		if (j->type == AR_JSON_OBJECT && strlen(j->keys[i]) > size)
			abort();
		fuzz_walk(j->items[i], size, depth + 1);
	}
}

/* LLVMFuzzerTestOneInput - one input */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ar_json *j;
	char err[128];

	if ((j = ar_json_parse((const char *)data, size, err, sizeof(err))) ==
	    NULL) {
		if (strncmp(err, "column ", 7) != 0)
			abort();
		return 0;
	}
	fuzz_walk(j, size, 0);
	ar_json_free(j);
	return 0;
}
