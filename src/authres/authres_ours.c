/*
 * authres_ours.c - the minimal authserv-id scanners: forged-field removal
 * (RFC 8601 5) reads the id as the most lenient consumer would (pieces
 * joined across white space, folds, quotes, comments and backslashes), and
 * authres_get_authserv_id_from reads it as the parser does. Both read only
 * the optional field name and the id, so they answer even when the rest
 * of the field is garbage. Never allocates.
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

/*
 * The lenient reading of authres_is_ours (RFC 8601 5 with the consumers
 * in mind: OpenDMARC's parser, also in OpenARC, joins "mx . example . org",
 * ids split by folding or quotes, and skips \v and \f, then trusts the
 * field). The id is joined from everything up to the first ';' that is
 * neither escaped nor in a comment: comments (nested) are dropped, white
 * space (SP HTAB CR LF VT FF) and double quotes are dropped, a backslash
 * is dropped and the octet after it kept. Where something was dropped a
 * piece ends: that is a boundary.
 */
struct lax {
	const char *s;
	size_t n, k;
	bool edge; /* a boundary before the octet returned last */
};

/* lax_space - white space as the most lenient reader sees it */
static bool
lax_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	    c == '\f';
}

/* lax_comment - position after the comment at k (nested, quoted-pairs);
 * n when it does not end */
static size_t
lax_comment(const char *s, size_t n, size_t k)
{
	size_t depth = 0;

	for (; k < n; k++) {
		if (s[k] == '\\')
			k++;
		else if (s[k] == '(')
			depth++;
		else if (s[k] == ')' && --depth == 0)
			return k + 1;
	}
	return n;
}

/* lax_next - the next octet of the joined id, -1 at its end */
static int
lax_next(struct lax *l)
{
	unsigned char c;

	l->edge = false;
	while (l->k < l->n) {
		c = (unsigned char)l->s[l->k];
		if (c == ';')
			return -1;
		if (lax_space((char)c) || c == '"') {
			l->edge = true;
			l->k++;
		} else if (c == '(') {
			l->edge = true;
			l->k = lax_comment(l->s, l->n, l->k);
		} else if (c == '\\') {
			l->edge = true;
			if (++l->k < l->n)
				return (unsigned char)l->s[l->k++];
		} else {
			l->k++;
			return c;
		}
	}
	return -1;
}

/* lax_idchar - can c continue a domain-like id? */
static bool
lax_idchar(int c)
{
	return c >= 0x80 || AR_IS(c, AR_C_LETDIG) || c == '-' || c == '_' ||
	    c == '.';
}

/* lower - ASCII lower case */
static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* lax_ends_id - does the joined id end where l stands, so that what
 * came before is the whole id? kw: our id is a keyword, so "id=" or
 * "id/" is a method instead; dot: a '.' came last, so a joiner goes on
 * with the next piece whatever stands between */
static bool
lax_ends_id(struct lax l, bool kw, bool dot)
{
	int c = lax_next(&l);

	if (c == -1)
		return true;
	if (kw && (c == '=' || c == '/'))
		return false;
	/* "id 1", "id garbage", "id@x": the id is over; "id .evil" is not */
	if (!lax_idchar(c) || (l.edge && c != '.' && !dot))
		return true;
	if (!dot || !l.edge || !AR_IS(c, AR_C_DIGIT))
		return false;
	/* "id. 1": the parser reads a version there, so fail closed */
	while ((c = lax_next(&l)) != -1 && !l.edge && AR_IS(c, AR_C_DIGIT))
		;
	return c == -1 || l.edge || !lax_idchar(c);
}

/* authres_is_ours - does the field carry authserv_id, read as the most
 * lenient consumer would read it? */
bool
authres_is_ours(const char *field, size_t len, const char *authserv_id)
{
	struct lax l;
	size_t i, idlen;
	int c;

	if (field == NULL || authserv_id == NULL)
		return false;
	idlen = strlen(authserv_id);
	if (idlen > 1 && authserv_id[idlen - 1] == '.')
		idlen--;
	if (idlen == 0)
		return false;
	l = (struct lax){ field, len, skip_name(field, len), false };
	/* white space in our id is dropped too, as in the field */
	for (i = 0; i < idlen; i++)
		if (!lax_space(authserv_id[i]) &&
		    ((c = lax_next(&l)) == -1 ||
		        lower(c) != lower((unsigned char)authserv_id[i])))
			return false;
	if (lax_ends_id(l, ar_is_keyword_n(authserv_id, idlen), false))
		return true;
	/* one trailing dot: "mx.example.org." is the same name */
	return lax_next(&l) == '.' && lax_ends_id(l, false, true);
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
