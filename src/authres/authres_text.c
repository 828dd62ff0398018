/*
 * authres_text.c - libauthres text primitives: the character classes of
 * RFC 2045/5322/8601, UTF-8 checking (RFC 3629), the sanitizer that turns
 * controls and non-UTF-8 octets into '?', the string pool a field's text
 * lives in, and the result names of RFC 8601 2.7. The pool refuses to grow
 * past AR_POOL_MAX octets per field.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "authres_int.h"

/* Bits per octet: see AR_C_* in authres_int.h. Octets >= 0x80 have none. */
const unsigned char ar_ctype[256] = {
	0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, /* 0x00 */
	0x20, 0x24, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, /* 0x08 */
	0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, /* 0x10 */
	0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, /* 0x18 */
	0x04, 0xd1, 0x80, 0xd1, 0xd1, 0xd1, 0xd1, 0xd1, /* ' ' */
	0x40, 0x40, 0xd1, 0xd1, 0xc0, 0xd1, 0xc1, 0xd0, /* '(' */
	0xdb, 0xdb, 0xdb, 0xdb, 0xdb, 0xdb, 0xdb, 0xdb, /* '0' */
	0xdb, 0xdb, 0xc0, 0xc0, 0xc0, 0xd0, 0xc0, 0xd0, /* '8' */
	0xc0, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, /* '@' */
	0xd3, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, /* 'H' */
	0xd3, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, /* 'P' */
	0xd3, 0xd3, 0xd3, 0xc0, 0x00, 0xc0, 0xd1, 0xd1, /* 'X' */
	0xd1, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, /* '`' */
	0xd3, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, /* 'h' */
	0xd3, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, 0xd3, /* 'p' */
	0xd3, 0xd3, 0xd3, 0xd1, 0xd1, 0xd1, 0xd1, 0x20, /* 'x' */
};

/* RFC 8601 2.7, in enum order */
static const char *const result_names[] = {
	"none",
	"pass",
	"fail",
	"softfail",
	"neutral",
	"policy",
	"temperror",
	"permerror",
};

/* ar_pool_init - an empty pool using its inline buffer first */
void
ar_pool_init(struct ar_pool *pool)
{
	pool->cur = pool->inline_buf;
	pool->left = sizeof(pool->inline_buf);
	pool->total = 0;
	pool->limit = false;
	pool->chunks = NULL;
}

/* ar_pool_free - release every chunk; the pool is empty afterwards */
void
ar_pool_free(struct ar_pool *pool)
{
	struct ar_chunk *c, *next;

	for (c = pool->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	ar_pool_init(pool);
}

/* ar_pool_alloc - n octets from the pool, NULL when out of memory or over
 * AR_POOL_MAX (then pool->limit is set) */
char *
ar_pool_alloc(struct ar_pool *pool, size_t n)
{
	struct ar_chunk *c;
	size_t cap;
	char *p;

	if (n <= pool->left) {
		p = pool->cur;
		pool->cur += n;
		pool->left -= n;
		return p;
	}
	/* chunks double so a big field needs few of them */
	cap = pool->chunks != NULL ? pool->chunks->cap * 2 : 2048;
	if (cap < n)
		cap = n;
	if (n > AR_POOL_MAX || pool->total > AR_POOL_MAX - n) {
		pool->limit = true;
		return NULL;
	}
	if (cap > AR_POOL_MAX - pool->total)
		cap = AR_POOL_MAX - pool->total;
	if ((c = malloc(sizeof(*c) + cap)) == NULL) {
		pool->limit = false;
		return NULL;
	}
	c->cap = cap;
	c->next = pool->chunks;
	pool->chunks = c;
	pool->total += cap;
	pool->cur = c->data + n;
	pool->left = cap - n;
	return c->data;
}

/* ar_pool_dup - a NUL-terminated copy of n octets of s */
char *
ar_pool_dup(struct ar_pool *pool, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX || (p = ar_pool_alloc(pool, n + 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* ar_pool_lower - as ar_pool_dup, ASCII letters lower-cased */
char *
ar_pool_lower(struct ar_pool *pool, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX || (p = ar_pool_alloc(pool, n + 1)) == NULL)
		return NULL;
	ar_lower_into(p, s, n);
	p[n] = '\0';
	return p;
}

/* ar_pool_sanitize - as ar_pool_dup, controls and non-UTF-8 made '?' */
char *
ar_pool_sanitize(struct ar_pool *pool, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX || (p = ar_pool_alloc(pool, n + 1)) == NULL)
		return NULL;
	ar_sanitize_into(p, s, n);
	p[n] = '\0';
	return p;
}

/* ar_utf8_len - length of the valid UTF-8 sequence at s, or 0 */
size_t
ar_utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned lo = 0x80, hi = 0xbf;

	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	/* RFC 3629 4: no overlongs, no surrogates, nothing past U+10FFFF */
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* ar_is_utf8 - are the n octets of s valid UTF-8? */
bool
ar_is_utf8(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, l;

	while (i < n) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if ((l = ar_utf8_len(u + i, n - i)) == 0)
			return false;
		i += l;
	}
	return true;
}

/* ar_sanitize_into - copy with controls and bad octets made '?' */
void
ar_sanitize_into(char *dst, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, l;

	while (i < n) {
		if (u[i] >= 0x80) {
			if ((l = ar_utf8_len(u + i, n - i)) == 0) {
				dst[i++] = '?';
				continue;
			}
			memmove(dst + i, s + i, l);
			i += l;
			continue;
		}
		dst[i] = AR_IS(u[i], AR_C_CTL) ? '?' : s[i];
		i++;
	}
}

/* ar_is_token_n - RFC 2045 token: 1*<CHAR but SPACE, CTLs, tspecials> */
bool
ar_is_token_n(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if (!AR_IS(s[i], AR_C_TOKEN))
			return false;
	return true;
}

/* ar_is_keyword_n - RFC 8601 Keyword = RFC 5321 Ldh-str: letters, digits
 * and '-', a letter or digit at both ends */
bool
ar_is_keyword_n(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !AR_IS(s[0], AR_C_LETDIG) ||
	    !AR_IS(s[n - 1], AR_C_LETDIG))
		return false;
	for (i = 1; i + 1 < n; i++)
		if (!AR_IS(s[i], AR_C_LETDIG) && s[i] != '-')
			return false;
	return true;
}

/* ar_is_value - non-empty UTF-8 text without controls */
bool
ar_is_value(const char *s)
{
	size_t i, n;

	if (s == NULL || (n = strlen(s)) == 0)
		return false;
	for (i = 0; i < n; i++)
		if (AR_IS(s[i], AR_C_CTL))
			return false;
	return ar_is_utf8(s, n);
}

/* ar_lower_into - copy n octets, ASCII letters lower-cased */
void
ar_lower_into(char *dst, const char *s, size_t n)
{
	size_t i;

	/* without a branch per octet: names come in mixed case */
	for (i = 0; i < n; i++)
		dst[i] = (char)(s[i] +
		    ((unsigned char)(s[i] - 'A') < 26 ? 'a' - 'A' : 0));
}

/* lower - one ASCII octet lower-cased, locale-free */
static inline unsigned char
lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* ar_strcaseeq - ASCII case-insensitive equality */
bool
ar_strcaseeq(const char *a, const char *b)
{
	while (*a != '\0' && lower(*a) == lower(*b)) {
		a++;
		b++;
	}
	return lower(*a) == lower(*b);
}

/* ar_strcaseeq_n - does a (alen octets) equal the string b, ignoring
 * ASCII case? */
bool
ar_strcaseeq_n(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen; i++)
		if (b[i] == '\0' || lower(a[i]) != lower(b[i]))
			return false;
	return b[alen] == '\0';
}

/* authres_is_token - is s an RFC 2045 token? */
bool
authres_is_token(const char *s)
{
	return s != NULL && ar_is_token_n(s, strlen(s));
}

/* authres_is_keyword - is s an RFC 8601 keyword? */
bool
authres_is_keyword(const char *s)
{
	return s != NULL && ar_is_keyword_n(s, strlen(s));
}

/* authres_result_name - the RFC 8601 2.7 word of a result code */
const char *
authres_result_name(enum authres_result r)
{
	if ((unsigned)r >= sizeof(result_names) / sizeof(result_names[0]))
		return NULL;
	return result_names[r];
}

/* authres_result_from_name - the code of a result word */
enum authres_result
authres_result_from_name(const char *s)
{
	size_t i;

	if (s == NULL)
		return AUTHRES_RESULT_OTHER;
	for (i = 0; i < sizeof(result_names) / sizeof(result_names[0]); i++)
		if (ar_strcaseeq(s, result_names[i]))
			return (enum authres_result)i;
	return AUTHRES_RESULT_OTHER;
}
