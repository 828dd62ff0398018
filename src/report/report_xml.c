/*
 * report_xml.c - XML text for aggregate reports (XML 1.0 sections 2.2 and
 * 2.4): markup characters become entities, and whatever is not a valid
 * UTF-8 sequence of an allowed character becomes U+FFFD, so a report
 * parses whatever bytes a sender put in its values. Values are capped.
 */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "report/report_xml.h"
#include "util/utf8.h"

#define XML_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */
#define XML_ELLIPSIS "\xE2\x80\xA6"    /* U+2026, ends a value cut short */

/* xml_char_ok - may the character of the len-byte sequence at s appear?
 * XML 1.0 2.2 Char, less the controls it discourages */
static bool
xml_char_ok(const unsigned char *s, size_t len)
{
	if (len == 1)
		return (s[0] >= 0x20 && s[0] != 0x7F) || s[0] == '\t' ||
		    s[0] == '\n' || s[0] == '\r';
	if (len == 2 && s[0] == 0xC2 && s[1] <= 0x9F)
		return false; /* C1 controls */
	if (len == 3 && s[0] == 0xEF && s[1] == 0xBF && s[2] >= 0xBE)
		return false; /* U+FFFE, U+FFFF */
	return true;
}

/* xml_entity - the entity of a markup character, NULL for others */
static const char *
xml_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&apos;";
	case '\r':
		return "&#13;"; /* a literal CR would be read as LF (2.11) */
	default:
		return NULL;
	}
}

/* report_xml_escape_n - n bytes of s as XML text into dst; -1 too long */
int
report_xml_escape_n(char *dst, size_t cap, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0;

	if (cap == 0)
		return -1;
	while (i < n) {
		size_t k = utf8_seq_len(u + i, n - i), m = k;
		const char *e = s + i, *ent;

		if (k == 0 || !xml_char_ok(u + i, k)) {
			e = XML_REPLACEMENT;
			m = sizeof(XML_REPLACEMENT) - 1;
			k = k == 0 ? 1
			           : k; /* a bad byte, or a whole character */
		} else if (k == 1 && (ent = xml_entity(u[i])) != NULL) {
			e = ent;
			m = strlen(ent);
		}
		if (o + m >= cap) {
			dst[0] = '\0';
			return -1;
		}
		memcpy(dst + o, e, m);
		o += m;
		i += k;
	}
	dst[o] = '\0';
	return 0;
}

/* report_xml_escape - s escaped for XML text into dst; -1 if too long */
int
report_xml_escape(char *dst, size_t cap, const char *s)
{
	return report_xml_escape_n(dst, cap, s, strlen(s));
}

/* xml_cut - where to cut v near max bytes: not inside a UTF-8 sequence */
static size_t
xml_cut(const char *v, size_t max)
{
	size_t n = max;

	while (n > max - 3 && ((unsigned char)v[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* report_xml_elem - <name>escaped v</name> at indent ind; 0 or -1 */
int
report_xml_elem(FILE *f, int ind, const char *name, const char *v, size_t n)
{
	char esc[REPORT_XML_VALUE_MAX * REPORT_XML_GROWTH + 1];
	const char *more = "";

	if (n > REPORT_XML_VALUE_MAX) {
		n = xml_cut(v, REPORT_XML_VALUE_MAX);
		more = XML_ELLIPSIS;
	}
	if (report_xml_escape_n(esc, sizeof(esc), v, n) != 0)
		return -1;
	return fprintf(
	           f, "%*s<%s>%s%s</%s>\n", ind, "", name, esc, more, name) < 0
	    ? -1
	    : 0;
}

/* report_xml_pick - the member of set that v (n bytes) spells, or NULL */
const char *
report_xml_pick(const char *v, size_t n, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strlen(*set) == n && strncasecmp(*set, v, n) == 0)
			return *set;
	return NULL;
}
