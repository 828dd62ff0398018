/*
 * fuzz-dmarc-record.c - arbitrary octets as one TXT record at _dmarc. A
 * valid record must have a policy, rua=/ruf= NUL-terminated within their
 * caps, and a reason must come with every invalid one. Any breach aborts.
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
	struct dmarc_record r;
	const char *why = NULL;

	switch (dmarc_record_parse((const char *)data, size, &r, &why)) {
	case DMARC_RECORD_OK:
		if (r.p == DMARC_POLICY_UNSET ||
		    memchr(r.rua, '\0', sizeof(r.rua)) == NULL ||
		    memchr(r.ruf, '\0', sizeof(r.ruf)) == NULL ||
		    memchr(r.fo, '\0', sizeof(r.fo)) == NULL)
			abort();
		break;
	case DMARC_RECORD_INVALID:
	case DMARC_RECORD_NOT_DMARC:
		if (why == NULL || why[0] == '\0')
			abort();
		break;
	}
	return 0;
}
