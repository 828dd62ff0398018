/*
 * authres_lex.c - the lexical level of the Authentication-Results parser:
 * RFC 5322 CFWS (nested comments without recursion, quoted-pairs, folding
 * with CRLF or a bare LF), quoted-strings, RFC 8601 values, keywords and
 * versions, with text carved from the field's pool and comments kept for
 * the element they belong to. NUL and controls are refused with their
 * column; a limit hit stops storing but not scanning.
 */
#include <stdio.h>
#include <string.h>

#include "authres_int.h"
#include "authres_lex.h"

/* ar_fail - record a syntax error at offset at; returns false */
bool
ar_fail(struct ar_parser *p, size_t at, const char *what)
{
	if (p->st == AUTHRES_OK) {
		p->st = AUTHRES_ESYNTAX;
		p->col = at + 1;
		snprintf(p->what, sizeof(p->what), "%s", what);
	}
	return false;
}

/* ar_nomem - record that the pool or malloc refused; returns false */
bool
ar_nomem(struct ar_parser *p)
{
	if (p->st == AUTHRES_OK) {
		p->st = p->ar->pool.limit ? AUTHRES_ELIMIT : AUTHRES_ENOMEM;
		p->col = p->i + 1;
		snprintf(
		    p->what, sizeof(p->what), "%s", authres_strerror(p->st));
	}
	return false;
}

/* ar_limit - note the first limit hit and stop storing; scanning goes on */
void
ar_limit(struct ar_parser *p, size_t at, const char *what)
{
	if (p->limcol == 0) {
		p->limcol = at + 1;
		p->limwhat = what;
	}
	p->store = false;
}

/* ar_unexpected - the error for the octet at i, whatever it is */
bool
ar_unexpected(struct ar_parser *p, size_t i, const char *what)
{
	char buf[96];
	unsigned char c;

	if (i >= p->n)
		return ar_fail(p, i, what != NULL ? what : "unexpected end");
	c = (unsigned char)p->s[i];
	if (c == '\0')
		return ar_fail(p, i, "NUL octet");
	if (AR_IS(c, AR_C_CTL) && c != '\t')
		return ar_fail(p, i, "control character");
	if (what != NULL)
		return ar_fail(p, i, what);
	if (c >= 0x80)
		return ar_fail(p, i, "unexpected 8-bit octet");
	snprintf(buf, sizeof(buf), "unexpected '%c'", c);
	return ar_fail(p, i, buf);
}

/* fold - step over a line break at *k: CRLF or LF, then white space or
 * the end of the field */
static bool
fold(struct ar_parser *p, size_t *k)
{
	size_t j = *k;

	if (p->s[j] == '\r') {
		if (j + 1 >= p->n || p->s[j + 1] != '\n')
			return ar_fail(p, j, "CR without LF");
		j++;
	}
	j++;
	if (j < p->n && !AR_IS(p->s[j], AR_C_WSP))
		return ar_fail(p, *k, "line break not followed by white space");
	*k = j;
	return true;
}

/* text_octet - step over one character of comment or quoted text at *k:
 * printable ASCII, WSP or UTF-8 (RFC 6532); lenient also takes octets
 * that are not UTF-8 (stored as '?') */
static bool
text_octet(struct ar_parser *p, size_t *k)
{
	const unsigned char *u = (const unsigned char *)p->s + *k;
	size_t l;

	if (*u < 0x80) {
		if (AR_IS(*u, AR_C_CTL) && *u != '\t')
			return ar_unexpected(p, *k, NULL);
		(*k)++;
		return true;
	}
	if ((l = ar_utf8_len(u, p->n - *k)) == 0) {
		if (!p->lenient)
			return ar_fail(p, *k, "invalid UTF-8");
		l = 1;
	}
	*k += l;
	return true;
}

/* quoted_pair - step over "\" and the character it quotes at *k */
static bool
quoted_pair(struct ar_parser *p, size_t *k)
{
	size_t j = *k + 1;

	if (j >= p->n)
		return ar_fail(p, *k, "backslash at end of field");
	if (p->s[j] == '\r' || p->s[j] == '\n')
		return ar_fail(p, j, "line break after backslash");
	*k = j;
	return text_octet(p, k);
}

/* decode - the text of s[from, to) with folds removed (and quoted-pairs
 * resolved when unescape is set), sanitized, in the pool; NULL when the
 * pool refused. plain: the scanner saw only printable ASCII and spaces. */
static char *
decode(struct ar_parser *p, size_t from, size_t to, bool unescape, bool plain)
{
	char *out, *o;
	size_t k;

	if (plain)
		return ar_pool_dup(&p->ar->pool, p->s + from, to - from);
	if ((out = ar_pool_alloc(&p->ar->pool, to - from + 1)) == NULL)
		return NULL;
	o = out;
	for (k = from; k < to; k++) {
		if (p->s[k] == '\r' || p->s[k] == '\n')
			continue;
		if (p->s[k] == '\\' && unescape)
			k++;
		/* a tab is white space, not a control to mask */
		*o++ = p->s[k] == '\t' ? ' ' : p->s[k];
	}
	ar_sanitize_into(out, out, (size_t)(o - out));
	*o = '\0';
	return out;
}

/* ar_comment_slot - where a comment goes now */
char **
ar_comment_slot(struct ar_parser *p)
{
	struct ar_result *r;

	if (p->target == AR_T_AUTHSERV)
		return &p->ar->comment;
	if (p->target == AR_T_PENDING || p->ar->nres == 0)
		return &p->pending;
	r = &p->ar->res[p->ar->nres - 1];
	if (p->target == AR_T_PROP && r->nprops > 0)
		return &r->props[r->nprops - 1].comment;
	return &r->comment;
}

/* keep_comment - attach the comment text s[from, to) */
static bool
keep_comment(struct ar_parser *p, size_t from, size_t to, bool plain)
{
	char **slot = ar_comment_slot(p);
	char *text;

	if ((text = decode(p, from, to, true, plain)) == NULL)
		return ar_nomem(p);
	if (*slot == NULL) {
		*slot = text;
		return true;
	}
	if (ar_comment_join(p->ar, slot, text, strlen(text)) != AUTHRES_OK)
		return ar_nomem(p);
	return true;
}

/* comment - step over a comment, nested ones included (without
 * recursion, so depth costs no stack), and keep its text */
static bool
comment(struct ar_parser *p)
{
	size_t k = p->i + 1, depth = 1;
	bool plain = true;

	for (;;) {
		/* the common case first: printable ASCII and spaces */
		while (
		    k < p->n && (AR_IS(p->s[k], AR_C_CTEXT) || p->s[k] == ' '))
			k++;
		if (k >= p->n)
			return ar_fail(p, p->i, "unterminated comment");
		switch (p->s[k]) {
		case '(':
			if (++depth > AUTHRES_MAX_COMMENT_DEPTH)
				ar_limit(p, k, "comments nested too deep");
			k++;
			break;
		case ')':
			k++;
			if (--depth == 0)
				goto done;
			break;
		case '\\':
			plain = false;
			if (!quoted_pair(p, &k))
				return false;
			break;
		case '\r':
		case '\n':
			plain = false;
			if (!fold(p, &k))
				return false;
			break;
		default:
			plain = false;
			if (!text_octet(p, &k))
				return false;
		}
	}
done:
	if (!p->quiet && p->store && !keep_comment(p, p->i + 1, k - 1, plain))
		return false;
	p->i = k;
	return true;
}

/* ar_skip_cfws - step over RFC 5322 CFWS; *seen: was there any? */
bool
ar_skip_cfws(struct ar_parser *p, bool *seen)
{
	size_t start = p->i;

	while (p->i < p->n) {
		char c = p->s[p->i];

		if (c == ' ' || c == '\t')
			p->i++;
		else if (c == '\r' || c == '\n') {
			if (!fold(p, &p->i))
				return false;
		} else if (c == '(') {
			if (!comment(p))
				return false;
		} else
			break;
	}
	if (seen != NULL)
		*seen = p->i > start;
	return true;
}

/* quoted - a quoted-string at i; *out its text (NULL when not storing) */
static bool
quoted(struct ar_parser *p, char **out)
{
	size_t k = p->i + 1;
	bool plain = true;

	for (;;) {
		while (
		    k < p->n && (AR_IS(p->s[k], AR_C_QTEXT) || p->s[k] == ' '))
			k++;
		if (k >= p->n)
			return ar_fail(p, p->i, "unterminated quoted-string");
		if (p->s[k] == '"')
			break;
		plain = false;
		if (p->s[k] == '\\') {
			if (!quoted_pair(p, &k))
				return false;
		} else if (p->s[k] == '\r' || p->s[k] == '\n') {
			if (!fold(p, &k))
				return false;
		} else if (!text_octet(p, &k))
			return false;
	}
	*out = NULL;
	if (p->store && (*out = decode(p, p->i + 1, k, true, plain)) == NULL)
		return ar_nomem(p);
	p->i = k + 1;
	return true;
}

/* ar_oom - an array could not grow; returns false */
bool
ar_oom(struct ar_parser *p)
{
	p->ar->pool.limit = false;
	return ar_nomem(p);
}

/* run_end - end of the unquoted value starting at k: it stops at white
 * space, a line break, a comment, a quote, ';' or a control. *token: all
 * of it is RFC 2045 token; *ascii: no 8-bit octet in it. */
static size_t
run_end(const struct ar_parser *p, size_t k, bool *token, bool *ascii)
{
	unsigned char c, hi = 0;

	*token = true;
	for (; k < p->n; k++) {
		c = (unsigned char)p->s[k];
		if (AR_IS(c, AR_C_TOKEN))
			continue;
		if (AR_IS(c, AR_C_CTL | AR_C_WSP) || c == '(' || c == ')' ||
		    c == ';' || c == '"')
			break;
		*token = false;
		hi |= c & 0x80;
	}
	*ascii = hi == 0;
	return k;
}

/* is_domain - RFC 6376 domain-name: sub-domain 1*("." sub-domain) */
static bool
is_domain(const char *s, size_t n)
{
	size_t i, start = 0, labels = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '.')
			continue;
		if (!ar_is_keyword_n(s + start, i - start))
			return false;
		labels++;
		start = i + 1;
	}
	return labels >= 2;
}

/* is_address - [dot-atom-text] "@" domain-name (RFC 8601 pvalue) */
static bool
is_address(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);
	size_t i, l;

	if (at == NULL)
		return false;
	l = (size_t)(at - s);
	for (i = 0; i < l; i++)
		if (!AR_IS(s[i], AR_C_ATEXT) &&
		    (s[i] != '.' || i == 0 || i + 1 == l || s[i + 1] == '.'))
			return false;
	return is_domain(at + 1, n - l - 1);
}

/* check_bare - strict: an unquoted value must be a token (a pvalue may
 * also be an address) */
static bool
check_bare(struct ar_parser *p, size_t start, size_t end, bool pvalue)
{
	size_t k;

	if (ar_is_token_n(p->s + start, end - start) ||
	    (pvalue && is_address(p->s + start, end - start)))
		return true;
	for (k = start; k < end && AR_IS(p->s[k], AR_C_TOKEN); k++)
		;
	if (k < end && (unsigned char)p->s[k] >= 0x80)
		return ar_fail(p, k, "8-bit octet outside quotes");
	return ar_fail(p, k, "value is not a token: quote it");
}

/* ar_value - RFC 8601 value (token / quoted-string) at i, or with pvalue
 * set also [[local-part] "@"] domain-name; lenient takes any run of
 * octets up to a delimiter. *out is NULL when not storing. */
bool
ar_value(struct ar_parser *p, char **out, bool pvalue, const char *what)
{
	size_t start = p->i, k;
	bool token, ascii;

	*out = NULL;
	if (p->i < p->n && p->s[p->i] == '"') {
		if (!quoted(p, out))
			return false;
		if (!pvalue || p->i >= p->n || p->s[p->i] != '@')
			return true;
		/* a quoted local-part: keep the address as written */
		k = run_end(p, p->i + 1, &token, &ascii);
		if (!p->lenient && !is_domain(p->s + p->i + 1, k - p->i - 1))
			return ar_fail(
			    p, p->i + 1, "expected a domain after '@'");
		p->i = k;
		if (p->store &&
		    (*out = decode(p, start, k, false, false)) == NULL)
			return ar_nomem(p);
		return true;
	}
	k = run_end(p, start, &token, &ascii);
	if (k == start)
		return ar_unexpected(p, start, what);
	if (!p->lenient && !token && !check_bare(p, start, k, pvalue))
		return false;
	p->i = k;
	/* a run holds no control: only 8-bit octets can need the sanitizer */
	if (p->store &&
	    (*out = ascii ? ar_pool_dup(&p->ar->pool, p->s + start, k - start)
	                  : ar_pool_sanitize(
	                        &p->ar->pool, p->s + start, k - start)) == NULL)
		return ar_nomem(p);
	return true;
}

/* ar_keyword_end - end of the keyword characters starting at k; lenient
 * also takes '_' (Fastmail's "policy.is_org", "smtp_is_org_domain") */
size_t
ar_keyword_end(const struct ar_parser *p, size_t k)
{
	while (k < p->n &&
	    (AR_IS(p->s[k], AR_C_LETDIG) || p->s[k] == '-' ||
	        (p->lenient && p->s[k] == '_')))
		k++;
	return k;
}

/* ar_run_end - end of the unquoted value starting at k */
size_t
ar_run_end(const struct ar_parser *p, size_t k)
{
	bool token, ascii;

	return run_end(p, k, &token, &ascii);
}

/* ar_name - a keyword at i, lower-cased into *out (NULL when not storing) */
bool
ar_name(struct ar_parser *p, char **out, const char *what)
{
	size_t k = ar_keyword_end(p, p->i);

	*out = NULL;
	if (k == p->i)
		return ar_unexpected(p, p->i, what);
	if (p->s[p->i] == '-')
		return ar_fail(p, p->i, "keyword starts with '-'");
	if (p->s[k - 1] == '-')
		return ar_fail(p, k - 1, "keyword ends with '-'");
	if (p->store &&
	    (*out = ar_pool_lower(&p->ar->pool, p->s + p->i, k - p->i)) == NULL)
		return ar_nomem(p);
	p->i = k;
	return true;
}

/* ar_version - 1*DIGIT at i into *v */
bool
ar_version(struct ar_parser *p, int *v)
{
	int val = 0;

	if (p->i >= p->n || !AR_IS(p->s[p->i], AR_C_DIGIT))
		return ar_unexpected(p, p->i, "expected a version number");
	for (; p->i < p->n && AR_IS(p->s[p->i], AR_C_DIGIT); p->i++) {
		if (val > (AR_VERSION_MAX - 9) / 10) {
			ar_limit(p, p->i, "version number too large");
			continue;
		}
		val = val * 10 + (p->s[p->i] - '0');
	}
	*v = val;
	return true;
}

/* ar_peek_after_keyword - lookahead: the octet after the keyword at i and
 * the CFWS behind it (-1 at the end); *kwlen the keyword's length */
int
ar_peek_after_keyword(struct ar_parser *p, size_t *kwlen)
{
	struct ar_parser save = *p;
	int c = -1;

	*kwlen = ar_keyword_end(p, p->i) - p->i;
	p->quiet = true;
	p->i += *kwlen;
	if (*kwlen > 0 && ar_skip_cfws(p, NULL) && p->i < p->n)
		c = (unsigned char)p->s[p->i];
	*p = save;
	return c;
}

/* ar_flush_pending - move pending comments into *slot */
bool
ar_flush_pending(struct ar_parser *p, char **slot)
{
	char *text = p->pending;

	p->pending = NULL;
	if (text == NULL || !p->store)
		return true;
	if (*slot == NULL) {
		*slot = text;
		return true;
	}
	if (ar_comment_join(p->ar, slot, text, strlen(text)) != AUTHRES_OK)
		return ar_nomem(p);
	return true;
}

/* ar_last_result - the result being parsed (NULL when not storing) */
struct ar_result *
ar_last_result(struct ar_parser *p)
{
	if (!p->store || p->ar->nres == 0)
		return NULL;
	return &p->ar->res[p->ar->nres - 1];
}
