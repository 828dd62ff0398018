/*
 * authres_format.c - write a struct authres as one folded
 * Authentication-Results field value (RFC 8601 2.2).
 *
 * Reads the model only through the public accessors. Folds between
 * elements only (never inside a token, quoted-string or comment), at 78
 * columns counted as if "Authentication-Results: " stood first; a line
 * never exceeds 998 octets (an element that alone would is AUTHRES_ELIMIT).
 * Control characters never reach the output, whatever the model holds.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authres.h"

#define AR_FOLD_SOFT 78  /* RFC 5322 2.1.1 SHOULD */
#define AR_FOLD_HARD 998 /* RFC 5322 2.1.1 MUST */
#define AR_OUT_MAX (16 * 1024 * 1024)

/* Output with a sticky error and the current line's length. */
struct ar_out {
	char *buf;
	size_t len, cap;
	size_t col; /* octets on the current line */
	bool fresh; /* nothing on the line yet but the fold */
	bool crlf;
	enum authres_status error;
	char *atom; /* the element being built */
	size_t alen, acap;
	char *pend; /* the element built last, not yet placed */
	size_t plen, pcap;
};

/* ar_grow - make room for n more octets in *buf (len used, cap size) */
static bool
ar_grow(char **buf, size_t *cap, size_t len, size_t n, enum authres_status *e)
{
	size_t ncap;
	char *nbuf;

	if (*e != AUTHRES_OK)
		return false;
	if (n > AR_OUT_MAX || len > AR_OUT_MAX - n) {
		*e = AUTHRES_ELIMIT;
		return false;
	}
	if (len + n < *cap)
		return true;
	ncap = *cap ? *cap : 256;
	while (ncap <= len + n)
		ncap *= 2;
	if ((nbuf = realloc(*buf, ncap)) == NULL) {
		*e = AUTHRES_ENOMEM;
		return false;
	}
	*buf = nbuf;
	*cap = ncap;
	return true;
}

/* ar_out_raw - append n octets to the output itself */
static void
ar_out_raw(struct ar_out *o, const char *s, size_t n)
{
	if (!ar_grow(&o->buf, &o->cap, o->len, n, &o->error))
		return;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

/* ar_atom_add - append n octets to the element being built */
static void
ar_atom_add(struct ar_out *o, const char *s, size_t n)
{
	if (!ar_grow(&o->atom, &o->acap, o->alen, n, &o->error))
		return;
	memcpy(o->atom + o->alen, s, n);
	o->alen += n;
}

/* ar_atom_str - append a NUL-terminated string to the element */
static void
ar_atom_str(struct ar_out *o, const char *s)
{
	ar_atom_add(o, s, strlen(s));
}

/* ar_atom_int - append a decimal number to the element */
static void
ar_atom_int(struct ar_out *o, int v)
{
	char num[16];
	int n;

	n = snprintf(num, sizeof(num), "%d", v);
	if (n > 0 && (size_t)n < sizeof(num))
		ar_atom_add(o, num, (size_t)n);
}

/* ar_place - put an element on the output, folding before it when the
 * soft limit would be passed; one that cannot fit any line is ELIMIT */
static void
ar_place(struct ar_out *o, const char *s, size_t n)
{
	if (o->error != AUTHRES_OK)
		return;
	if (o->fresh) {
		if (o->col + n > AR_FOLD_HARD) {
			o->error = AUTHRES_ELIMIT;
			return;
		}
	} else if (o->col + 1 + n > AR_FOLD_SOFT) {
		if (1 + n > AR_FOLD_HARD) {
			o->error = AUTHRES_ELIMIT;
			return;
		}
		ar_out_raw(o, o->crlf ? "\r\n\t" : "\n\t", o->crlf ? 3 : 2);
		o->col = 1;
	} else {
		ar_out_raw(o, " ", 1);
		o->col++;
	}
	ar_out_raw(o, s, n);
	o->col += n;
	o->fresh = false;
}

/* ar_flush - place the pending element, if any */
static void
ar_flush(struct ar_out *o)
{
	if (o->plen > 0)
		ar_place(o, o->pend, o->plen);
	o->plen = 0;
}

/* ar_end_atom - the element being built is complete: it becomes the
 * pending one (kept back so a ';' can still join it) */
static void
ar_end_atom(struct ar_out *o)
{
	if (o->alen == 0)
		return;
	ar_flush(o);
	if (!ar_grow(&o->pend, &o->pcap, 0, o->alen, &o->error))
		return;
	memcpy(o->pend, o->atom, o->alen);
	o->plen = o->alen;
	o->alen = 0;
}

/* ar_semicolon - end a resinfo: ';' sticks to the element before it */
static void
ar_semicolon(struct ar_out *o)
{
	if (o->plen == 0 || o->error != AUTHRES_OK)
		return;
	if (!ar_grow(&o->pend, &o->pcap, o->plen, 1, &o->error))
		return;
	o->pend[o->plen++] = ';';
}

/* ar_safe - the octet to write for c: controls become '?' (the model
 * already replaced them; this is the second line of defence) */
static char
ar_safe(unsigned char c)
{
	return (c < 0x20 || c == 0x7f) ? '?' : (char)c;
}

/* ar_is_atext - RFC 5322 atext that is also an RFC 2045 token char, so
 * the address needs no special handling in a parser reading a token */
static bool
ar_is_atext(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-^_`{|}~", c) != NULL;
}

/* ar_is_domain - RFC 6376 domain-name: two or more LDH labels */
static bool
ar_is_domain(const char *s)
{
	size_t labels = 0, n = 0;
	char prev = '.';

	for (;; s++) {
		if (*s == '.' || *s == '\0') {
			if (n == 0 || prev == '-')
				return false;
			labels++;
			n = 0;
			if (*s == '\0')
				return labels >= 2;
		} else if ((*s >= 'a' && *s <= 'z') ||
		    (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')) {
			n++;
		} else if (*s == '-' && n > 0) {
			n++;
		} else {
			return false;
		}
		prev = *s;
	}
}

/* ar_is_bare_address - [local-part]@domain writable bare as an RFC 8601
 * pvalue: a dot-atom local part (of token chars) and a domain-name */
static bool
ar_is_bare_address(const char *s)
{
	const char *at, *p;

	/* RFC 8601 2.2 pvalue: [ [ local-part ] "@" ] domain-name */
	if ((at = strchr(s, '@')) == NULL)
		return false;
	for (p = s; p < at; p++) {
		if (*p == '.') {
			if (p == s || p[-1] == '.' || p + 1 == at)
				return false;
		} else if (!ar_is_atext((unsigned char)*p)) {
			return false;
		}
	}
	return ar_is_domain(at + 1);
}

/* ar_value - append v as a token, a bare address (pvalue) or a
 * quoted-string with '"' and '\' escaped */
static void
ar_value(struct ar_out *o, const char *v, bool pvalue)
{
	const unsigned char *p;
	char c;

	if (authres_is_token(v) || (pvalue && ar_is_bare_address(v))) {
		ar_atom_str(o, v);
		return;
	}
	ar_atom_add(o, "\"", 1);
	for (p = (const unsigned char *)v; *p != '\0'; p++) {
		c = ar_safe(*p);
		if (c == '"' || c == '\\')
			ar_atom_add(o, "\\", 1);
		ar_atom_add(o, &c, 1);
	}
	ar_atom_add(o, "\"", 1);
}

/* ar_comment - append "(text)" as its own element, with '(' ')' '\'
 * written as quoted-pairs; nothing for NULL */
static void
ar_comment(struct ar_out *o, const char *text)
{
	const unsigned char *p;
	char c;

	if (text == NULL)
		return;
	ar_atom_add(o, "(", 1);
	for (p = (const unsigned char *)text; *p != '\0'; p++) {
		c = ar_safe(*p);
		if (c == '(' || c == ')' || c == '\\')
			ar_atom_add(o, "\\", 1);
		ar_atom_add(o, &c, 1);
	}
	ar_atom_add(o, ")", 1);
	ar_end_atom(o);
}

/* ar_resinfo - append result i: method[/ver]=result, reason, comment,
 * then each property with its comment */
static void
ar_resinfo(struct ar_out *o, const struct authres *ar, size_t i)
{
	const char *reason, *pt;
	size_t j, np;
	int mv;

	ar_atom_str(o, authres_get_method(ar, i));
	if ((mv = authres_get_method_version(ar, i)) >= 0) {
		ar_atom_add(o, "/", 1);
		ar_atom_int(o, mv);
	}
	ar_atom_add(o, "=", 1);
	ar_atom_str(o, authres_get_result(ar, i));
	ar_end_atom(o);
	if ((reason = authres_get_reason(ar, i)) != NULL) {
		ar_atom_add(o, "reason=", 7);
		ar_value(o, reason, false);
		ar_end_atom(o);
	}
	ar_comment(o, authres_get_result_comment(ar, i));
	np = authres_prop_count(ar, i);
	for (j = 0; j < np; j++) {
		pt = authres_get_prop_ptype(ar, i, j);
		/* a lenient parse keeps Office 365's bare "action=none" with
		 * an empty ptype: written back the way it came */
		if (*pt != '\0') {
			ar_atom_str(o, pt);
			ar_atom_add(o, ".", 1);
		}
		ar_atom_str(o, authres_get_prop_property(ar, i, j));
		ar_atom_add(o, "=", 1);
		ar_value(o, authres_get_prop_value(ar, i, j), true);
		ar_end_atom(o);
		ar_comment(o, authres_get_prop_comment(ar, i, j));
	}
}

/* ar_is_name - a keyword, or a lenient parse's name with '_' in it
 * (Fastmail's "is_org"): letters, digits, '-' and '_', no '-' at an end */
static bool
ar_is_name(const char *s)
{
	size_t n;

	if (s == NULL || (n = strlen(s)) == 0 || s[0] == '-' || s[n - 1] == '-')
		return false;
	return strspn(s,
	           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	           "0123456789-_") == n;
}

/* ar_check_names - every name the model hands out is a name (the result
 * word too): anything else would let text escape the grammar */
static bool
ar_check_names(const struct authres *ar, size_t i)
{
	size_t j, np;
	const char *pt, *m = authres_get_method(ar, i);
	const char *r = authres_get_result(ar, i);

	if (!ar_is_name(m) || !ar_is_name(r))
		return false;
	np = authres_prop_count(ar, i);
	for (j = 0; j < np; j++) {
		pt = authres_get_prop_ptype(ar, i, j);
		if (pt == NULL || (*pt != '\0' && !ar_is_name(pt)) ||
		    !ar_is_name(authres_get_prop_property(ar, i, j)) ||
		    authres_get_prop_value(ar, i, j) == NULL)
			return false;
	}
	return true;
}

/* ar_body - write the whole field value into o */
static void
ar_body(struct ar_out *o, const struct authres *ar)
{
	size_t i, n;
	int v;

	ar_value(o, authres_get_authserv_id(ar), false);
	ar_end_atom(o);
	if ((v = authres_get_version(ar)) >= 0) {
		ar_atom_int(o, v);
		ar_end_atom(o);
	}
	ar_comment(o, authres_get_authserv_comment(ar));
	ar_semicolon(o);
	n = authres_result_count(ar);
	if (n == 0) {
		/* RFC 8601 2.2: no-result */
		ar_atom_str(o, "none");
		ar_end_atom(o);
	}
	for (i = 0; i < n && o->error == AUTHRES_OK; i++) {
		if (!ar_check_names(ar, i)) {
			o->error = AUTHRES_EINVAL;
			break;
		}
		ar_resinfo(o, ar, i);
		if (i + 1 < n)
			ar_semicolon(o);
	}
	ar_flush(o);
}

/* authres_format - write ar as one folded field value into *out */
enum authres_status
authres_format(const struct authres *ar, unsigned flags, char **out)
{
	struct ar_out o;
	const char *id;

	if (out == NULL)
		return AUTHRES_EINVAL;
	*out = NULL;
	if (ar == NULL || (id = authres_get_authserv_id(ar)) == NULL ||
	    *id == '\0')
		return AUTHRES_EINVAL;
	memset(&o, 0, sizeof(o));
	o.crlf = (flags & AUTHRES_FORMAT_CRLF) != 0;
	o.col = sizeof(AUTHRES_FIELD_NAME ": ") - 1;
	o.fresh = true;
	if (flags & AUTHRES_FORMAT_NAME)
		ar_out_raw(&o, AUTHRES_FIELD_NAME ": ", o.col);
	ar_body(&o, ar);
	if (o.error == AUTHRES_OK && o.buf == NULL)
		o.error = AUTHRES_EINVAL;
	free(o.atom);
	free(o.pend);
	if (o.error != AUTHRES_OK) {
		free(o.buf);
		return o.error;
	}
	*out = o.buf;
	return AUTHRES_OK;
}
