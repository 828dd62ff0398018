/*
 * report_xml.c - XML escaping (XML 1.0 section 2.4): &, <, >, " and '
 * become entities; control characters XML 1.0 cannot carry at all
 * (all below 0x20 but tab, newline, carriage return) become '?'.
 */
#include <string.h>

#include "report/report_xml.h"

/* report_xml_escape - s escaped for XML text into dst; -1 if too long */
int
report_xml_escape(char *dst, size_t cap, const char *s)
{
	size_t o = 0;

	if (cap == 0)
		return -1;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		const char *e = NULL;
		char one[2] = { (char)c, '\0' };
		size_t n;

		if (c == '&')
			e = "&amp;";
		else if (c == '<')
			e = "&lt;";
		else if (c == '>')
			e = "&gt;";
		else if (c == '"')
			e = "&quot;";
		else if (c == '\'')
			e = "&apos;";
		else if (c == '\r')
			e = "&#13;";
		else if (c < 0x20 && c != '\t' && c != '\n')
			one[0] = '?';
		if (e == NULL)
			e = one;
		n = strlen(e);
		if (o + n >= cap) {
			dst[0] = '\0';
			return -1;
		}
		memcpy(dst + o, e, n);
		o += n;
	}
	dst[o] = '\0';
	return 0;
}
