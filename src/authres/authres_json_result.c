/*
 * authres_json_result.c - the JSON writer: strings, keys and one
 * Authentication-Results result as the JSON object of the "authres parse"
 * contract (design.md), shared by the authres and authcheck commands so
 * the two print the same thing.
 */
#include <stdbool.h>
#include <stdio.h>

#include "authres.h"
#include "authres_json.h"

/* utf8_valid_len - the length of the well-formed UTF-8 sequence at p
 * (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF), or 0 */
static size_t
utf8_valid_len(const unsigned char *p)
{
	size_t n, i;
	unsigned long cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) /* also stops at the NUL */
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/* ar_json_put_string - write s as a JSON string: '"' '\' escaped,
 * controls as \u00XX (or \n, \t ...), well-formed UTF-8 passed through,
 * every octet of a malformed sequence as U+FFFD, so the output is always
 * valid JSON whatever s holds */
void
ar_json_put_string(FILE *f, const char *s)
{
	const unsigned char *p;
	size_t n;

	putc('"', f);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else if (*p < 0x80)
				putc(*p, f);
			else if ((n = utf8_valid_len(p)) == 0)
				fputs("\\ufffd", f);
			else {
				fwrite(p, 1, n, f);
				p += n - 1;
			}
		}
	}
	putc('"', f);
}

/* ar_json_put_key - write ", " (unless first) and "key": */
void
ar_json_put_key(FILE *f, const char *key, bool first)
{
	if (!first)
		fputs(", ", f);
	ar_json_put_string(f, key);
	fputs(": ", f);
}

/* ar_json_put_result - write result i as a JSON object, as "authres parse"
 * does */
void
ar_json_put_result(FILE *f, const struct authres *ar, size_t i)
{
	size_t j, np = authres_prop_count(ar, i);
	const char *s;

	fputs("{", f);
	ar_json_put_key(f, "method", true);
	ar_json_put_string(f, authres_get_method(ar, i));
	if (authres_get_method_version(ar, i) >= 0) {
		ar_json_put_key(f, "method_version", false);
		fprintf(f, "%d", authres_get_method_version(ar, i));
	}
	ar_json_put_key(f, "result", false);
	ar_json_put_string(f, authres_get_result(ar, i));
	if ((s = authres_get_reason(ar, i)) != NULL) {
		ar_json_put_key(f, "reason", false);
		ar_json_put_string(f, s);
	}
	ar_json_put_key(f, "properties", false);
	fputs("[", f);
	for (j = 0; j < np; j++) {
		fputs(j ? ", {" : "{", f);
		ar_json_put_key(f, "ptype", true);
		ar_json_put_string(f, authres_get_prop_ptype(ar, i, j));
		ar_json_put_key(f, "property", false);
		ar_json_put_string(f, authres_get_prop_property(ar, i, j));
		ar_json_put_key(f, "value", false);
		ar_json_put_string(f, authres_get_prop_value(ar, i, j));
		fputs("}", f);
	}
	fputs("]}", f);
}
