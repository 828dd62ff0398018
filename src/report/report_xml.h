/*
 * report_xml.h - XML text for aggregate reports: every value in a report
 * comes from a sender or the store, so each goes through here and comes
 * out as XML 1.0 character data in valid UTF-8, whatever its bytes.
 */
#ifndef REPORT_XML_H
#define REPORT_XML_H

#include <stddef.h>
#include <stdio.h>

/* REPORT_XML_GROWTH - the most bytes one input byte becomes ("&quot;") */
#define REPORT_XML_GROWTH 6

/*
 * REPORT_XML_VALUE_MAX - the most input bytes of one value an element
 * carries; a longer value is cut there and ends in U+2026.
 */
#define REPORT_XML_VALUE_MAX 1024

/*
 * report_xml_escape_n - the n bytes at s as XML text into dst (cap bytes,
 * always NUL-terminated): &, <, >, " and ' become entities, CR "&#13;";
 * each byte that does not start a valid UTF-8 sequence (RFC 3629: no
 * overlong forms, surrogates or code points past U+10FFFF) becomes one
 * U+FFFD, and so does each character XML 1.0 forbids or discourages
 * (NUL and the other C0 controls but tab and newline, DEL, C1 controls,
 * U+FFFE, U+FFFF).
 * Returns 0, or -1 (dst "") when the result does not fit.
 */
int report_xml_escape_n(char *dst, size_t cap, const char *s, size_t n);

/* report_xml_escape - report_xml_escape_n of the string s */
int report_xml_escape(char *dst, size_t cap, const char *s);

/*
 * report_xml_elem - "<name>v</name>" and a newline after ind spaces to f,
 * the n bytes of v escaped and cut at REPORT_XML_VALUE_MAX; 0 or -1.
 */
int report_xml_elem(
    FILE *f, int ind, const char *name, const char *v, size_t n);

/*
 * report_xml_pick - the member of set (NULL-terminated) that the n bytes
 * at v spell, ignoring ASCII case, or NULL: a value the schema
 * enumerates is written only in its own spelling.
 */
const char *report_xml_pick(const char *v, size_t n, const char *const *set);

#endif
