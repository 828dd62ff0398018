/*
 * authres_json.c - a strict JSON (RFC 8259) reader for the authres
 * command. Refuses what RFC 8259 refuses (trailing commas,
 * leading zeros, lone surrogates, raw controls, bad UTF-8) and, to stay
 * small, also fractions, exponents, duplicate keys and "\u0000". Capped in
 * input size, nesting depth and members per object (so that the duplicate
 * check stays linear); a string costs memory in proportion to its own
 * length. No global state.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authres_json.h"

struct ar_jp {
	const unsigned char *s;
	size_t len, pos;
	int depth;
	char *err;
	size_t errsz;
	bool failed;
};

static struct ar_json *ar_jp_value(struct ar_jp *);

/* ar_jp_fail - record the first error, with its 1-based column */
static void __attribute__((format(printf, 2, 3)))
ar_jp_fail(struct ar_jp *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (p->failed)
		return;
	p->failed = true;
	n = snprintf(p->err, p->errsz, "column %zu: ", p->pos + 1);
	if (n < 0 || (size_t)n >= p->errsz)
		return;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errsz - (size_t)n, fmt, ap);
	va_end(ap);
}

/* ar_jp_ws - skip JSON white space */
static void
ar_jp_ws(struct ar_jp *p)
{
	while (p->pos < p->len &&
	    (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
	        p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
}

/* ar_json_free - free a tree; NULL is a no-op */
void
ar_json_free(struct ar_json *j)
{
	size_t i;

	if (j == NULL)
		return;
	for (i = 0; i < j->n; i++) {
		ar_json_free(j->items[i]);
		if (j->keys != NULL)
			free(j->keys[i]);
	}
	free(j->items);
	free(j->keys);
	free(j->str);
	free(j);
}

/* ar_jp_new - a new value of type t */
static struct ar_json *
ar_jp_new(struct ar_jp *p, enum ar_json_type t)
{
	struct ar_json *j;

	if ((j = calloc(1, sizeof(*j))) == NULL) {
		ar_jp_fail(p, "out of memory");
		return NULL;
	}
	j->type = t;
	return j;
}

/* ar_jp_push - append item (and key, for objects) to container c */
static bool
ar_jp_push(struct ar_jp *p, struct ar_json *c, struct ar_json *item, char *key)
{
	struct ar_json **ni;
	char **nk;
	size_t ncap;

	if (c->n == c->cap) {
		ncap = c->cap ? c->cap * 2 : 4;
		if ((ni = reallocarray(c->items, ncap, sizeof(*ni))) == NULL)
			goto nomem;
		c->items = ni;
		if (c->type == AR_JSON_OBJECT) {
			if ((nk = reallocarray(c->keys, ncap, sizeof(*nk))) ==
			    NULL)
				goto nomem;
			c->keys = nk;
		}
		c->cap = ncap;
	}
	c->items[c->n] = item;
	if (c->type == AR_JSON_OBJECT)
		c->keys[c->n] = key;
	c->n++;
	return true;
nomem:
	ar_jp_fail(p, "out of memory");
	return false;
}

/* ar_jp_hex4 - read 4 hex digits after "\u" */
static long
ar_jp_hex4(struct ar_jp *p)
{
	long v = 0;
	int i, c;

	if (p->len - p->pos < 4) {
		ar_jp_fail(p, "short \\u escape");
		return -1;
	}
	for (i = 0; i < 4; i++) {
		c = p->s[p->pos++];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else {
			p->pos--;
			ar_jp_fail(p, "bad hex digit in \\u escape");
			return -1;
		}
	}
	return v;
}

/* ar_jp_unicode - decode \uXXXX (a surrogate pair when it is one) into
 * UTF-8 at out; returns the octets written or 0 on error */
static size_t
ar_jp_unicode(struct ar_jp *p, char *out)
{
	long cp, lo;

	if ((cp = ar_jp_hex4(p)) < 0)
		return 0;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		goto lone;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (p->len - p->pos < 2 || p->s[p->pos] != '\\' ||
		    p->s[p->pos + 1] != 'u')
			goto lone;
		p->pos += 2;
		if ((lo = ar_jp_hex4(p)) < 0)
			return 0;
		if (lo < 0xdc00 || lo > 0xdfff)
			goto lone;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	if (cp == 0) {
		ar_jp_fail(p, "\\u0000 is not allowed");
		return 0;
	}
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
lone:
	ar_jp_fail(p, "lone UTF-16 surrogate");
	return 0;
}

/* ar_jp_utf8 - length of the valid UTF-8 sequence at p->pos, or 0 */
static size_t
ar_jp_utf8(const struct ar_jp *p)
{
	const unsigned char *s = p->s + p->pos;
	size_t avail = p->len - p->pos, n, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	/* RFC 3629 4: no overlongs, no surrogates, nothing over U+10FFFF */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (avail < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/* ar_jp_escape - decode the escape after '\' into out; octets or 0 */
static size_t
ar_jp_escape(struct ar_jp *p, char *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e;
	int c;

	if (p->pos >= p->len) {
		ar_jp_fail(p, "unterminated string");
		return 0;
	}
	c = p->s[p->pos++];
	if (c == 'u')
		return ar_jp_unicode(p, out);
	if (c == '\0' || (e = strchr(from, c)) == NULL) {
		p->pos--;
		ar_jp_fail(p, "bad escape");
		return 0;
	}
	out[0] = to[e - from];
	return 1;
}

/* ar_jp_span - octets from p->pos up to the closing quote, the first
 * control character or the end, a backslash always taking the octet after
 * it: decoding never writes more than this */
static size_t
ar_jp_span(const struct ar_jp *p)
{
	size_t k;

	for (k = p->pos; k < p->len; k++) {
		if (p->s[k] == '"' || p->s[k] < 0x20)
			break;
		if (p->s[k] == '\\' && k + 1 < p->len)
			k++;
	}
	return k - p->pos;
}

/* ar_jp_string - read a string at '"'; a new NUL-terminated copy as long
 * as the string, not as the rest of the input */
static char *
ar_jp_string(struct ar_jp *p)
{
	char *out, enc[4];
	size_t n = 0, k, cap;
	unsigned char c;

	p->pos++; /* the opening quote */
	cap = ar_jp_span(p);
	if ((out = malloc(cap + 1)) == NULL) {
		ar_jp_fail(p, "out of memory");
		return NULL;
	}
	for (;;) {
		if (p->pos >= p->len) {
			ar_jp_fail(p, "unterminated string");
			break;
		}
		c = p->s[p->pos];
		if (c == '"') {
			p->pos++;
			out[n] = '\0';
			return out;
		}
		if (c < 0x20) {
			ar_jp_fail(p, "control character in string");
			break;
		}
		if (c == '\\') {
			p->pos++;
			if ((k = ar_jp_escape(p, enc)) == 0)
				break;
			if (k > cap - n) {
				ar_jp_fail(p, "string overflows its span");
				break;
			}
			memcpy(out + n, enc, k);
			n += k;
		} else if (c < 0x80) {
			if (n >= cap) {
				ar_jp_fail(p, "string overflows its span");
				break;
			}
			out[n++] = (char)c;
			p->pos++;
		} else {
			if ((k = ar_jp_utf8(p)) == 0) {
				ar_jp_fail(p, "invalid UTF-8");
				break;
			}
			if (k > cap - n) {
				ar_jp_fail(p, "string overflows its span");
				break;
			}
			memcpy(out + n, p->s + p->pos, k);
			n += k;
			p->pos += k;
		}
	}
	free(out);
	return NULL;
}

/* ar_jp_number - read an integer; fractions and exponents are refused */
static struct ar_json *
ar_jp_number(struct ar_jp *p)
{
	struct ar_json *j;
	long long v = 0;
	bool neg = false;
	int d;

	if (p->s[p->pos] == '-') {
		neg = true;
		p->pos++;
	}
	if (p->pos >= p->len || p->s[p->pos] < '0' || p->s[p->pos] > '9') {
		ar_jp_fail(p, "bad number");
		return NULL;
	}
	if (p->s[p->pos] == '0' && p->pos + 1 < p->len &&
	    p->s[p->pos + 1] >= '0' && p->s[p->pos + 1] <= '9') {
		ar_jp_fail(p, "leading zero in number");
		return NULL;
	}
	while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') {
		d = p->s[p->pos] - '0';
		if (v > (LLONG_MAX - d) / 10) {
			ar_jp_fail(p, "number out of range");
			return NULL;
		}
		v = v * 10 + d;
		p->pos++;
	}
	if (p->pos < p->len && strchr(".eE", p->s[p->pos]) != NULL &&
	    p->s[p->pos] != '\0') {
		ar_jp_fail(p, "only integers are accepted");
		return NULL;
	}
	if ((j = ar_jp_new(p, AR_JSON_INT)) != NULL)
		j->num = neg ? -v : v;
	return j;
}

/* ar_jp_word - read true, false or null */
static struct ar_json *
ar_jp_word(struct ar_jp *p)
{
	static const struct {
		const char *w;
		enum ar_json_type t;
		bool b;
	} words[] = {
		{ "true", AR_JSON_BOOL, true },
		{ "false", AR_JSON_BOOL, false },
		{ "null", AR_JSON_NULL, false },
	};
	struct ar_json *j;
	size_t i, n;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = strlen(words[i].w);
		if (p->len - p->pos >= n &&
		    memcmp(p->s + p->pos, words[i].w, n) == 0) {
			p->pos += n;
			if ((j = ar_jp_new(p, words[i].t)) != NULL)
				j->b = words[i].b;
			return j;
		}
	}
	ar_jp_fail(p, "unexpected character");
	return NULL;
}

/* ar_jp_member - read "key": value into object o */
static bool
ar_jp_member(struct ar_jp *p, struct ar_json *o)
{
	struct ar_json *v;
	char *key;

	ar_jp_ws(p);
	if (p->pos >= p->len || p->s[p->pos] != '"') {
		ar_jp_fail(p, "expected a string key");
		return false;
	}
	/* a cap keeps the duplicate check linear in the input */
	if (o->n >= AR_JSON_MAX_MEMBERS) {
		ar_jp_fail(
		    p, "object has more than %d members", AR_JSON_MAX_MEMBERS);
		return false;
	}
	if ((key = ar_jp_string(p)) == NULL)
		return false;
	if (ar_json_get(o, key) != NULL) {
		ar_jp_fail(p, "duplicate key \"%.40s\"", key);
		free(key);
		return false;
	}
	ar_jp_ws(p);
	if (p->pos >= p->len || p->s[p->pos] != ':') {
		ar_jp_fail(p, "expected ':'");
		free(key);
		return false;
	}
	p->pos++;
	if ((v = ar_jp_value(p)) == NULL) {
		free(key);
		return false;
	}
	if (!ar_jp_push(p, o, v, key)) {
		ar_json_free(v);
		free(key);
		return false;
	}
	return true;
}

/* ar_jp_container - read an array or object after its opening bracket */
static struct ar_json *
ar_jp_container(struct ar_jp *p, enum ar_json_type t)
{
	struct ar_json *c, *v;
	char close = t == AR_JSON_ARRAY ? ']' : '}';

	if (++p->depth > AR_JSON_MAX_DEPTH) {
		ar_jp_fail(p, "nested deeper than %d", AR_JSON_MAX_DEPTH);
		return NULL;
	}
	p->pos++;
	if ((c = ar_jp_new(p, t)) == NULL)
		return NULL;
	ar_jp_ws(p);
	if (p->pos < p->len && p->s[p->pos] == close) {
		p->pos++;
		p->depth--;
		return c;
	}
	for (;;) {
		if (t == AR_JSON_OBJECT) {
			if (!ar_jp_member(p, c))
				break;
		} else {
			if ((v = ar_jp_value(p)) == NULL)
				break;
			if (!ar_jp_push(p, c, v, NULL)) {
				ar_json_free(v);
				break;
			}
		}
		ar_jp_ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == close) {
			p->pos++;
			p->depth--;
			return c;
		}
		ar_jp_fail(p, "expected ',' or '%c'", close);
		break;
	}
	ar_json_free(c);
	return NULL;
}

/* ar_jp_value - read any value */
static struct ar_json *
ar_jp_value(struct ar_jp *p)
{
	struct ar_json *j;
	char *s;

	ar_jp_ws(p);
	if (p->pos >= p->len) {
		ar_jp_fail(p, "unexpected end of input");
		return NULL;
	}
	switch (p->s[p->pos]) {
	case '{':
		return ar_jp_container(p, AR_JSON_OBJECT);
	case '[':
		return ar_jp_container(p, AR_JSON_ARRAY);
	case '"':
		if ((s = ar_jp_string(p)) == NULL)
			return NULL;
		if ((j = ar_jp_new(p, AR_JSON_STRING)) == NULL) {
			free(s);
			return NULL;
		}
		j->str = s;
		return j;
	case '-':
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7':
	case '8':
	case '9':
		return ar_jp_number(p);
	default:
		return ar_jp_word(p);
	}
}

/* ar_json_parse - parse exactly one JSON value */
struct ar_json *
ar_json_parse(const char *s, size_t len, char *err, size_t errsz)
{
	struct ar_jp p;
	struct ar_json *j;

	memset(&p, 0, sizeof(p));
	p.s = (const unsigned char *)s;
	p.len = len;
	p.err = err;
	p.errsz = errsz;
	if (errsz > 0)
		err[0] = '\0';
	if (len > AR_JSON_MAX_INPUT) {
		ar_jp_fail(
		    &p, "input longer than %d octets", AR_JSON_MAX_INPUT);
		return NULL;
	}
	if ((j = ar_jp_value(&p)) == NULL)
		return NULL;
	ar_jp_ws(&p);
	if (p.pos != p.len) {
		ar_jp_fail(&p, "trailing data after the value");
		ar_json_free(j);
		return NULL;
	}
	return j;
}

/* ar_json_get - the member key of object o, or NULL */
const struct ar_json *
ar_json_get(const struct ar_json *o, const char *key)
{
	size_t i;

	if (o == NULL || o->type != AR_JSON_OBJECT)
		return NULL;
	for (i = 0; i < o->n; i++)
		if (strcmp(o->keys[i], key) == 0)
			return o->items[i];
	return NULL;
}
