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

/* ar_json_put_string - write s as a JSON string literal */
void
ar_json_put_string(FILE *f, const char *s)
{
	const unsigned char *p;

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
			else
				putc(*p, f);
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
