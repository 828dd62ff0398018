/*
 * fuzz-dmarc-from.c - arbitrary octets as one From field value (and, cut
 * at the first 0xfe octet, as two). An accepted value must give a
 * non-empty domain of lower-case letters, digits, '-' and '.', and two
 * fields must always be refused. Any breach aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dmarc/dmarc_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* LLVMFuzzerTestOneInput - one input */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *v[2];
	size_t lens[2], i;
	char out[DMARC_DOMAIN_MAX];
	const uint8_t *cut;

	v[0] = (const char *)data;
	lens[0] = size;
	if (dmarc_from_domain(v, lens, 1, out, sizeof(out)) == DMARC_FROM_OK) {
		if (out[0] == '\0' || strlen(out) > 253)
			abort();
		for (i = 0; out[i] != '\0'; i++)
			if (!((out[i] >= 'a' && out[i] <= 'z') ||
			        (out[i] >= '0' && out[i] <= '9') ||
			        out[i] == '-' || out[i] == '.'))
				abort();
	}
	if ((cut = memchr(data, 0xfe, size)) != NULL) {
		lens[0] = (size_t)(cut - data);
		v[1] = (const char *)cut + 1;
		lens[1] = size - lens[0] - 1;
		if (dmarc_from_domain(v, lens, 2, out, sizeof(out)) !=
		    DMARC_FROM_FIELDS)
			abort();
	}
	return 0;
}
