/*
 * dmarc_from.c - the author domain (RFC 9989 4.4) from the From field
 * value(s): an RFC 5322 3.4 address list with the obsolete forms of 4.4
 * (phrases with dots, routes, empty list elements, CFWS around dots),
 * comments nested up to 64 deep, groups. Exactly one domain comes out, or
 * a refusal: nothing is guessed from text that does not parse, display
 * names and comments never reach the domain, and encoded words stay
 * opaque atoms. Domain literals, NUL, bare CR or LF are refused.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <idn2.h>

#include "dmarc/dmarc_int.h"

#define FROM_COMMENT_DEPTH 64
#define FROM_RAW_DOMAIN 1024

enum tok_type { T_END, T_ATOM, T_QUOTED, T_LITERAL, T_CHAR, T_ERR };

struct tok {
	enum tok_type type;
	size_t start, len;
	char c; /* T_CHAR */
};

struct fp {
	const unsigned char *s;
	size_t len, i;
	bool in_group;
	size_t naddr;
	char domain[DMARC_DOMAIN_MAX]; /* the first address's */
	bool other_domain;
};

/* is_atext - RFC 5322 3.2.3 atext, or an octet of UTF-8 (RFC 6532) */
static bool
is_atext(unsigned char c)
{
	if (c >= 0x80)
		return true;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/* fold - length of a line fold (CRLF or LF, then WSP) at i, else 0 */
static size_t
fold(const struct fp *f, size_t i)
{
	size_t n = 0;

	if (i < f->len && f->s[i] == '\r')
		n = 1;
	if (i + n < f->len && f->s[i + n] == '\n' && i + n + 1 < f->len &&
	    (f->s[i + n + 1] == ' ' || f->s[i + n + 1] == '\t'))
		return n + 1;
	return 0;
}

/* quoted_pair_ok - may the octet after the backslash at f->i be quoted?
 * (VCHAR, WSP or UTF-8; never NUL, CR, LF or another control) */
static bool
quoted_pair_ok(const struct fp *f)
{
	unsigned char c;

	if (f->i + 1 >= f->len)
		return false;
	c = f->s[f->i + 1];
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

/* comment - skip a comment at f->i ('('); false when it does not end or
 * holds a control character */
static bool
comment(struct fp *f)
{
	size_t depth = 0, n;
	unsigned char c;

	while (f->i < f->len) {
		c = f->s[f->i];
		if ((n = fold(f, f->i)) > 0) {
			f->i += n;
			continue;
		}
		if (c == '(') {
			if (++depth > FROM_COMMENT_DEPTH)
				return false;
		} else if (c == ')') {
			if (--depth == 0) {
				f->i++;
				return true;
			}
		} else if (c == '\\') {
			if (!quoted_pair_ok(f))
				return false;
			f->i++;
		} else if ((c < 0x20 && c != '\t') || c == 0x7f)
			return false;
		f->i++;
	}
	return false;
}

/* cfws - skip white space, folds and comments; false on a bad comment */
static bool
cfws(struct fp *f)
{
	size_t n;

	while (f->i < f->len) {
		if (f->s[f->i] == ' ' || f->s[f->i] == '\t')
			f->i++;
		else if ((n = fold(f, f->i)) > 0)
			f->i += n;
		else if (f->s[f->i] == '(') {
			if (!comment(f))
				return false;
		} else
			break;
	}
	return true;
}

/* delimited - read a quoted-string ('"') or domain literal ('[') */
static bool
delimited(struct fp *f, unsigned char close)
{
	size_t n;
	unsigned char c;

	for (f->i++; f->i < f->len; f->i++) {
		c = f->s[f->i];
		if ((n = fold(f, f->i)) > 0) {
			f->i += n - 1;
			continue;
		}
		if (c == close) {
			f->i++;
			return true;
		}
		if (c == '\\') {
			if (!quoted_pair_ok(f))
				return false;
			f->i++;
		} else if ((c < 0x20 && c != '\t') || c == 0x7f ||
		    (close == ']' && c == '['))
			return false;
	}
	return false;
}

/* next - the next token after CFWS */
static struct tok
next(struct fp *f)
{
	struct tok t = { T_ERR, 0, 0, 0 };
	unsigned char c;

	if (!cfws(f))
		return t;
	t.start = f->i;
	if (f->i >= f->len) {
		t.type = T_END;
		return t;
	}
	c = f->s[f->i];
	if (is_atext(c)) {
		while (f->i < f->len && is_atext(f->s[f->i]))
			f->i++;
		t.type = T_ATOM;
	} else if (c == '"' || c == '[') {
		if (!delimited(f, c == '"' ? '"' : ']'))
			return t;
		t.type = c == '"' ? T_QUOTED : T_LITERAL;
	} else if (strchr("<>:;@,.", c) != NULL && c != '\0') {
		f->i++;
		t.type = T_CHAR;
		t.c = (char)c;
	}
	t.len = f->i - t.start;
	return t;
}

/* peek - the next token, without consuming it */
static struct tok
peek(struct fp *f)
{
	size_t at = f->i;
	struct tok t = next(f);

	f->i = at;
	return t;
}

/* is_char - is t the special character c? */
static bool
is_char(struct tok t, char c)
{
	return t.type == T_CHAR && t.c == c;
}

/* domain - domain after '@': dot-atom or obs-domain; a trailing dot is
 * dropped; the normalised domain is compared with the first one */
static enum dmarc_from_status
domain(struct fp *f)
{
	char raw[FROM_RAW_DOMAIN], norm[DMARC_DOMAIN_MAX];
	size_t n = 0;
	struct tok t = next(f);

	if (t.type == T_LITERAL)
		return DMARC_FROM_LITERAL;
	for (;;) {
		if (t.type != T_ATOM)
			return DMARC_FROM_SYNTAX;
		if (n + t.len + 1 >= sizeof(raw))
			return DMARC_FROM_BADDOMAIN;
		memcpy(raw + n, f->s + t.start, t.len);
		n += t.len;
		if (!is_char(peek(f), '.'))
			break;
		next(f);
		raw[n++] = '.';
		if (peek(f).type != T_ATOM)
			break; /* a trailing dot */
		t = next(f);
	}
	if (!dmarc_domain_normalise(raw, n, norm, sizeof(norm)))
		return DMARC_FROM_BADDOMAIN;
	if (++f->naddr > DMARC_FROM_MAX_ADDRS)
		return DMARC_FROM_LIMIT;
	if (f->naddr == 1)
		memcpy(f->domain, norm, sizeof(norm));
	else if (strcmp(f->domain, norm) != 0)
		f->other_domain = true;
	return DMARC_FROM_OK;
}

/* addr_spec - local-part "@" domain */
static enum dmarc_from_status
addr_spec(struct fp *f)
{
	struct tok t;
	bool want_word = true;

	for (;;) { /* local-part: word *("." word) */
		t = next(f);
		if (want_word && (t.type == T_ATOM || t.type == T_QUOTED))
			want_word = false;
		else if (!want_word && is_char(t, '.'))
			want_word = true;
		else if (!want_word && is_char(t, '@'))
			return domain(f);
		else
			return t.type == T_LITERAL ? DMARC_FROM_LITERAL
			                           : DMARC_FROM_SYNTAX;
	}
}

/* angle_addr - after '<': [obs-route] addr-spec '>' */
static enum dmarc_from_status
angle_addr(struct fp *f)
{
	enum dmarc_from_status st;
	struct tok t = peek(f);

	if (is_char(t, '@') || is_char(t, ',')) { /* obs-route */
		for (;;) {
			t = next(f);
			if (is_char(t, ':'))
				break;
			if (is_char(t, ','))
				continue;
			if (!is_char(t, '@'))
				return DMARC_FROM_SYNTAX;
			t = next(f); /* a route's domain is no author */
			if (t.type != T_ATOM && t.type != T_LITERAL)
				return DMARC_FROM_SYNTAX;
			while (is_char(peek(f), '.') && next(f).type == T_CHAR)
				if (next(f).type != T_ATOM)
					return DMARC_FROM_SYNTAX;
		}
	}
	if ((st = addr_spec(f)) != DMARC_FROM_OK)
		return st;
	return is_char(next(f), '>') ? DMARC_FROM_OK : DMARC_FROM_SYNTAX;
}

static enum dmarc_from_status address(struct fp *);

/* group - after "display-name :": [group-list] ";" */
static enum dmarc_from_status
group(struct fp *f)
{
	enum dmarc_from_status st;
	struct tok t;

	if (f->in_group)
		return DMARC_FROM_SYNTAX; /* groups do not nest */
	f->in_group = true;
	for (;;) {
		t = peek(f);
		if (is_char(t, ';') || is_char(t, ',')) {
			next(f);
			if (t.c == ';')
				break;
			continue;
		}
		if ((st = address(f)) != DMARC_FROM_OK)
			return st;
		t = peek(f);
		if (!is_char(t, ',') && !is_char(t, ';'))
			return DMARC_FROM_SYNTAX;
	}
	f->in_group = false;
	return DMARC_FROM_OK;
}

/* address - a mailbox (name-addr or addr-spec) or a group */
static enum dmarc_from_status
address(struct fp *f)
{
	size_t at = f->i, words = 0;
	bool dot_first = false;
	struct tok t;

	for (;;) { /* phrase or local part: words and dots */
		t = peek(f);
		if (t.type == T_ATOM || t.type == T_QUOTED)
			words++;
		else if (is_char(t, '.')) {
			if (words == 0)
				dot_first = true;
		} else
			break;
		next(f);
	}
	t = next(f);
	if (t.type == T_ERR || t.type == T_LITERAL)
		return t.type == T_LITERAL ? DMARC_FROM_LITERAL
		                           : DMARC_FROM_SYNTAX;
	if (is_char(t, '<') && !dot_first)
		return angle_addr(f);
	if (is_char(t, ':') && words > 0 && !dot_first)
		return group(f);
	if (is_char(t, '@') && words > 0) {
		f->i = at; /* read the local part again, strictly */
		return addr_spec(f);
	}
	return DMARC_FROM_SYNTAX;
}

/* field - one From field value */
static enum dmarc_from_status
field(struct fp *f)
{
	enum dmarc_from_status st;
	struct tok t;

	for (;;) {
		t = peek(f);
		if (t.type == T_END)
			break;
		if (is_char(t, ',')) { /* obs-addr-list: empty elements */
			next(f);
			continue;
		}
		if ((st = address(f)) != DMARC_FROM_OK)
			return st;
		t = next(f);
		if (t.type == T_END)
			break;
		if (!is_char(t, ','))
			return t.type == T_LITERAL ? DMARC_FROM_LITERAL
			                           : DMARC_FROM_SYNTAX;
	}
	return DMARC_FROM_OK;
}

/* dmarc_from_domain - the one author domain of the From field values */
enum dmarc_from_status
dmarc_from_domain(const char *const *vals, const size_t *lens, size_t n,
    char *out, size_t outlen)
{
	struct fp f;
	enum dmarc_from_status st;

	if (out != NULL && outlen > 0)
		out[0] = '\0';
	if (n == 0)
		return DMARC_FROM_NONE;
	if (n > 1)
		return DMARC_FROM_FIELDS; /* RFC 5322 3.6: exactly one */
	if (lens[0] > DMARC_FROM_MAX_LEN)
		return DMARC_FROM_LIMIT;
	memset(&f, 0, sizeof(f));
	f.s = (const unsigned char *)vals[0];
	f.len = lens[0];
	if ((st = field(&f)) != DMARC_FROM_OK)
		return st;
	if (f.naddr == 0)
		return DMARC_FROM_EMPTY;
	if (f.other_domain)
		return DMARC_FROM_DOMAINS;
	if (out == NULL || strlcpy(out, f.domain, outlen) >= outlen)
		return DMARC_FROM_LIMIT;
	return DMARC_FROM_OK;
}

/* dmarc_from_strerror - a reason for a status */
const char *
dmarc_from_strerror(enum dmarc_from_status st)
{
	switch (st) {
	case DMARC_FROM_OK:
		return "ok";
	case DMARC_FROM_NONE:
		return "no From field";
	case DMARC_FROM_FIELDS:
		return "several From fields";
	case DMARC_FROM_DOMAINS:
		return "From addresses of different domains";
	case DMARC_FROM_EMPTY:
		return "no address in From";
	case DMARC_FROM_SYNTAX:
		return "From does not parse";
	case DMARC_FROM_LITERAL:
		return "From domain is an address literal";
	case DMARC_FROM_BADDOMAIN:
		return "From domain is not a host name";
	case DMARC_FROM_LIMIT:
		return "From too long or too many addresses";
	}
	return "?";
}

/* ldh_ok - lower-case LDH labels of 1-63 octets, 253 at most, and not
 * an IPv4 address written without brackets (all-digit last label) */
static bool
ldh_ok(const char *d)
{
	size_t i, lablen = 0, len = strlen(d);
	bool digits = true;

	if (len == 0 || len > 253)
		return false;
	for (i = 0; i <= len; i++) {
		if (d[i] == '.' || d[i] == '\0') {
			if (lablen == 0 || lablen > 63 || d[i - 1] == '-')
				return false;
			if (d[i] == '\0' && digits)
				return false;
			lablen = 0;
			digits = true;
			continue;
		}
		if (lablen == 0 && d[i] == '-')
			return false;
		if (!((d[i] >= 'a' && d[i] <= 'z') ||
		        (d[i] >= '0' && d[i] <= '9') || d[i] == '-'))
			return false;
		if (d[i] < '0' || d[i] > '9')
			digits = false;
		lablen++;
	}
	return true;
}

/* dmarc_domain_normalise - to lower-case A-labels without trailing dot */
bool
dmarc_domain_normalise(const char *in, size_t len, char *out, size_t outlen)
{
	char raw[FROM_RAW_DOMAIN], *ace = NULL;
	size_t i;
	bool utf8 = false;

	if (len > 0 && in[len - 1] == '.')
		len--;
	if (len == 0 || len >= sizeof(raw) || outlen == 0)
		return false;
	for (i = 0; i < len; i++) {
		if (in[i] == '\0')
			return false;
		if ((unsigned char)in[i] >= 0x80)
			utf8 = true;
		raw[i] =
		    in[i] >= 'A' && in[i] <= 'Z' ? (char)(in[i] + 32) : in[i];
	}
	raw[len] = '\0';
	if (utf8) {
		if (idn2_to_ascii_8z(raw, &ace,
		        IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) != IDN2_OK) {
			free(ace);
			return false;
		}
		i = strlcpy(out, ace, outlen);
		free(ace);
		if (i >= outlen)
			return false;
		for (i = 0; out[i] != '\0'; i++)
			if (out[i] >= 'A' && out[i] <= 'Z')
				out[i] = (char)(out[i] + 32);
	} else if (strlcpy(out, raw, outlen) >= outlen)
		return false;
	return ldh_ok(out);
}
