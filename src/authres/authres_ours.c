/*
 * authres_ours.c - the minimal authserv-id scanner behind forged-field
 * removal (RFC 8601 5): it reads only the optional field name, CFWS and
 * the authserv-id (token or quoted-string), so it answers even when the
 * rest of the field is garbage. A field that starts with a resinfo
 * ("spf=pass ...", Office 365) has no authserv-id. Never allocates.
 */
#include <stdint.h>
#include <string.h>

#include "authres_int.h"

struct id_span {
	size_t start, end; /* the id's octets, quotes excluded */
	bool quoted;
};

/* skip_cfws - position after white space, line breaks and comments at k;
 * SIZE_MAX when a comment does not end */
static size_t
skip_cfws(const char *s, size_t n, size_t k)
{
	size_t depth;

	while (k < n) {
		if (AR_IS(s[k], AR_C_WSP) || s[k] == '\r' || s[k] == '\n') {
			k++;
			continue;
		}
		if (s[k] != '(')
			break;
		for (depth = 0; k < n; k++) {
			if (s[k] == '\\')
				k++;
			else if (s[k] == '(')
				depth++;
			else if (s[k] == ')' && --depth == 0)
				break;
		}
		if (k >= n)
			return SIZE_MAX;
		k++;
	}
	return k;
}

/* skip_name - position after "Authentication-Results" [WSP] ":", or 0 */
static size_t
skip_name(const char *s, size_t n)
{
	size_t k = sizeof(AUTHRES_FIELD_NAME) - 1;

	if (n < k || !ar_strcaseeq_n(s, k, AUTHRES_FIELD_NAME))
		return 0;
	while (k < n && AR_IS(s[k], AR_C_WSP))
		k++;
	return k < n && s[k] == ':' ? k + 1 : 0;
}

/* find_id - where the authserv-id of the field is; false when it has none
 * (empty, unterminated, or a resinfo first) */
static bool
find_id(const char *s, size_t n, struct id_span *sp)
{
	size_t k, j;

	if ((k = skip_cfws(s, n, skip_name(s, n))) >= n)
		return false;
	if (s[k] == '"') {
		for (j = k + 1; j < n && s[j] != '"'; j++)
			if (s[j] == '\\')
				j++;
		if (j >= n)
			return false;
		*sp = (struct id_span){ k + 1, j, true };
		return j > k + 1;
	}
	for (j = k; j < n && AR_IS(s[j], AR_C_TOKEN); j++)
		;
	if (j == k)
		return false;
	*sp = (struct id_span){ k, j, false };
	if (!ar_is_keyword_n(s + k, j - k))
		return true;
	/* "method=" or "method/": a resinfo, not an id */
	j = skip_cfws(s, n, j);
	return j >= n || (s[j] != '=' && s[j] != '/');
}

/* id_next - the next octet of the id at *k, quoted-pairs resolved and
 * folds dropped; -1 at its end */
static int
id_next(const char *s, const struct id_span *sp, size_t *k)
{
	while (*k < sp->end) {
		unsigned char c = (unsigned char)s[(*k)++];

		if (!sp->quoted)
			return c;
		if (c == '\r' || c == '\n')
			continue;
		if (c == '\\' && *k < sp->end)
			c = (unsigned char)s[(*k)++];
		/* as the parser reads it: a tab is white space */
		return c == '\t' ? ' ' : c;
	}
	return -1;
}

/* lower - ASCII lower case */
static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* authres_is_ours - does the field carry authserv_id? */
bool
authres_is_ours(const char *field, size_t len, const char *authserv_id)
{
	struct id_span sp;
	size_t k, i;
	int c;

	if (field == NULL || authserv_id == NULL || authserv_id[0] == '\0' ||
	    !find_id(field, len, &sp))
		return false;
	k = sp.start;
	for (i = 0; (c = id_next(field, &sp, &k)) != -1; i++)
		if (authserv_id[i] == '\0' ||
		    lower(c) != lower((unsigned char)authserv_id[i]))
			return false;
	return authserv_id[i] == '\0';
}

/* authres_get_authserv_id_from - copy the authserv-id into buf */
enum authres_status
authres_get_authserv_id_from(
    const char *field, size_t len, char *buf, size_t bufsz)
{
	struct id_span sp;
	size_t k, i = 0;
	int c;

	if (field == NULL || buf == NULL || bufsz == 0)
		return AUTHRES_EINVAL;
	buf[0] = '\0';
	if (!find_id(field, len, &sp))
		return AUTHRES_ESYNTAX;
	for (k = sp.start; (c = id_next(field, &sp, &k)) != -1; i++) {
		if (AR_IS(c, AR_C_CTL) && c != '\t') {
			buf[0] = '\0';
			return AUTHRES_ESYNTAX;
		}
		if (i + 1 >= bufsz) {
			buf[0] = '\0';
			return AUTHRES_ELIMIT;
		}
		buf[i] = (char)c;
	}
	buf[i] = '\0';
	if (!ar_is_utf8(buf, i)) {
		buf[0] = '\0';
		return AUTHRES_ESYNTAX;
	}
	return AUTHRES_OK;
}
