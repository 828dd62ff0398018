/*
 * authres_append.c - copying the results of one field into another, as a
 * verifier does when it assembles its field from its checks' results,
 * optionally keeping every element small enough for a line of the field:
 * a value that would not fit is left out and a comment names it (a cut
 * name would be another name), a reason or comment is cut and says so.
 */
#include <stdio.h>
#include <string.h>

#include "authres.h"

/* fits - is s at most max octets once quoted and escaped (0: no max)? */
static int
fits(const char *s, size_t max)
{
	size_t n = 2;

	if (max == 0)
		return 1;
	for (; *s != '\0' && n <= max; s++)
		n +=
		    (*s == '"' || *s == '\\' || *s == '(' || *s == ')') ? 2 : 1;
	return n <= max;
}

/* cut - s, or when it does not fit max, its start and "..." in buf
 * (bufsz > 8); every octet may double when escaped */
static const char *
cut(const char *s, size_t max, char *buf, size_t bufsz)
{
	size_t n;

	if (s == NULL || fits(s, max))
		return s;
	n = max / 2 > 8 ? max / 2 - 8 : 1;
	if (n > bufsz - 4)
		n = bufsz - 4;
	snprintf(buf, bufsz, "%.*s...", (int)n, s);
	return buf;
}

/* append_comment - a comment on dst's last element, cut to max */
static enum authres_status
append_comment(struct authres *dst, const char *text, size_t max)
{
	char buf[512];

	if (text == NULL)
		return AUTHRES_OK;
	return authres_add_comment(dst, cut(text, max, buf, sizeof(buf)));
}

/* append_props - the properties of src's result i onto dst's last one */
static enum authres_status
append_props(
    struct authres *dst, const struct authres *src, size_t i, size_t max)
{
	enum authres_status st = AUTHRES_OK;
	const char *ptype, *prop, *value;
	char note[128];
	size_t j;

	for (j = 0; st == AUTHRES_OK && j < authres_prop_count(src, i); j++) {
		ptype = authres_get_prop_ptype(src, i, j);
		prop = authres_get_prop_property(src, i, j);
		value = authres_get_prop_value(src, i, j);
		if (fits(value, max))
			st = authres_add_prop(dst, ptype, prop, value);
		else {
			snprintf(note, sizeof(note),
			    "%.40s.%.40s not shown: %zu octets", ptype, prop,
			    strlen(value));
			st = authres_add_comment(dst, note);
		}
		if (st == AUTHRES_OK)
			st = append_comment(
			    dst, authres_get_prop_comment(src, i, j), max);
	}
	return st;
}

/* authres_append - every result of src onto dst (see authres.h) */
enum authres_status
authres_append(struct authres *dst, const struct authres *src, size_t max)
{
	enum authres_status st = AUTHRES_OK;
	size_t i, n0;
	char buf[512];

	if (dst == NULL)
		return AUTHRES_EINVAL;
	n0 = authres_result_count(dst);
	for (i = 0;
	     src != NULL && st == AUTHRES_OK && i < authres_result_count(src);
	     i++) {
		st = authres_add_result_name(dst, authres_get_method(src, i),
		    authres_get_method_version(src, i),
		    authres_get_result(src, i),
		    cut(authres_get_reason(src, i), max, buf, sizeof(buf)));
		if (st == AUTHRES_OK)
			st = append_comment(
			    dst, authres_get_result_comment(src, i), max);
		if (st == AUTHRES_OK)
			st = append_props(dst, src, i, max);
	}
	while (st != AUTHRES_OK && authres_result_count(dst) > n0)
		(void)authres_remove_result(dst, authres_result_count(dst) - 1);
	return st;
}
