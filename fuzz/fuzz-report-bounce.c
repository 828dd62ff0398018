/*
 * fuzz-report-bounce.c - arbitrary octets as a message piped to
 * "authreport --bounce" (anyone can mail the reporter's address). What
 * comes out must stay within its caps and NUL-terminated, name only ids
 * in the shape authreport makes, and only permanent (5.x.y) failures.
 * Any breach aborts.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_bounce.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* LLVMFuzzerTestOneInput - one input */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_bounce b;
	size_t i;

	report_bounce_parse((const char *)data, size, &b);
	if (b.nids > 4 || b.nrcpt > REPORT_BOUNCE_MAX)
		abort();
	for (i = 0; i < b.nids; i++)
		if (memchr(b.ids[i], '\0', sizeof(b.ids[i])) == NULL ||
		    strchr(b.ids[i], '@') != NULL ||
		    !isxdigit((unsigned char)b.ids[i][0]))
			abort();
	for (i = 0; i < b.nrcpt; i++)
		if (memchr(b.rcpt[i].addr, '\0', sizeof(b.rcpt[i].addr)) ==
		        NULL ||
		    b.rcpt[i].addr[0] == '\0' || b.rcpt[i].status[0] != '5' ||
		    strpbrk(b.rcpt[i].addr, " \t\r\n>") != NULL)
			abort();
	return 0;
}
