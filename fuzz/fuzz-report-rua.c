/*
 * fuzz-report-rua.c - arbitrary octets as the rua= value a domain owner
 * publishes, and as a value a sender put in a report row. Every address
 * rua= parsing keeps must be one report_addr_ok accepts (it goes into a
 * mail header), and the XML text of any value must be valid UTF-8 with
 * no markup character and no character XML 1.0 forbids. Any breach
 * aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_rua.h"
#include "report/report_xml.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* xml_ok - valid UTF-8, no raw markup, no C0 control but tab and LF */
static int
xml_ok(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k;

	while (i < n) {
		if ((k = utf8_seq_len(u + i, n - i)) == 0)
			return 0;
		if (k == 1 &&
		    ((u[i] < 0x20 && u[i] != '\t' && u[i] != '\n') ||
		        u[i] == '<' || u[i] == '>' || u[i] == 0x7f))
			return 0;
		i += k;
	}
	return 1;
}

/* LLVMFuzzerTestOneInput - one input */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_rua out[REPORT_RUA_MAX];
	char *s, esc[8192];
	size_t i, n;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	n = report_rua_parse(s, out, REPORT_RUA_MAX);
	if (n > REPORT_RUA_MAX)
		abort();
	for (i = 0; i < n; i++)
		if (!report_addr_ok(out[i].addr))
			abort();
	if (report_xml_escape_n(esc, sizeof(esc), (const char *)data, size) ==
	        0 &&
	    !xml_ok(esc))
		abort();
	free(s);
	return 0;
}
