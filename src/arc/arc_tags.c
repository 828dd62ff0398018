/*
 * arc_tags.c - the text side of ARC: tag-lists (RFC 6376 3.2), the c=
 * words, header canonicalization (RFC 6376 3.4.1, 3.4.2), b= blanking
 * (3.7) and the header selection of an h= list (5.4.2). Nothing here
 * allocates but struct arc_buf, which stops at its cap.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arc/arc_int.h"

/* is_wsp - RFC 5234 WSP, and the CR/LF of folding (FWS) */
static bool
is_fws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* tag_fail - write the reason and refuse */
static int
tag_fail(char *err, size_t errlen, const char *why)
{
	if (err != NULL && errlen > 0)
		(void)strlcpy(err, why, errlen);
	return -1;
}

/* is_namechar - ALNUMPUNC (RFC 6376 3.2) */
static bool
is_namechar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* trim - [p, e) without FWS at both ends */
static void
trim(const char **p, const char **e)
{
	while (*p < *e && is_fws((unsigned char)**p))
		(*p)++;
	while (*e > *p && is_fws((unsigned char)(*e)[-1]))
		(*e)--;
}

/* tag_spec - one tag-spec [p, e) into t; NULL or the reason */
static const char *
tag_spec(const char *p, const char *e, struct arc_tag *t)
{
	const char *eq = memchr(p, '=', (size_t)(e - p)), *n, *ne, *q;

	if (eq == NULL)
		return "tag without \"=\"";
	n = p;
	ne = eq;
	trim(&n, &ne);
	if (n == ne || !((*n >= 'a' && *n <= 'z') || (*n >= 'A' && *n <= 'Z')))
		return "bad tag name";
	for (q = n; q < ne; q++)
		if (!is_namechar((unsigned char)*q))
			return "bad tag name";
	p = eq + 1;
	trim(&p, &e);
	for (q = p; q < e; q++) {
		unsigned char c = (unsigned char)*q;

		if (!is_fws(c) && (c < 0x21 || c > 0x7e))
			return "control or 8-bit octet in a tag value";
	}
	t->name = n;
	t->namelen = (size_t)(ne - n);
	t->value = p;
	t->valuelen = (size_t)(e - p);
	return NULL;
}

/* arc_tags_parse - text as a tag-list, any order */
int
arc_tags_parse(const char *text, size_t len, struct arc_taglist *tl, char *err,
    size_t errlen)
{
	const char *p = text, *end = text + len, *semi, *why;
	size_t i;

	tl->n = 0;
	if (memchr(text, '\0', len) != NULL)
		return tag_fail(err, errlen, "NUL octet in a tag-list");
	while (p < end) {
		const char *s = p, *e;

		semi = memchr(p, ';', (size_t)(end - p));
		e = semi != NULL ? semi : end;
		p = semi != NULL ? semi + 1 : end;
		trim(&s, &e);
		if (s == e) {
			if (semi == NULL || p >= end)
				break; /* a trailing ";" */
			return tag_fail(err, errlen, "empty tag-spec");
		}
		if (tl->n >= ARC_TAGS_MAX)
			return tag_fail(err, errlen, "too many tags");
		if ((why = tag_spec(s, e, &tl->tag[tl->n])) != NULL)
			return tag_fail(err, errlen, why);
		for (i = 0; i < tl->n; i++)
			if (tl->tag[i].namelen == tl->tag[tl->n].namelen &&
			    memcmp(tl->tag[i].name, tl->tag[tl->n].name,
			        tl->tag[i].namelen) == 0)
				return tag_fail(err, errlen, "duplicate tag");
		tl->n++;
	}
	return 0;
}

/* arc_tags_get - the tag called name (tag names are case-sensitive) */
const struct arc_tag *
arc_tags_get(const struct arc_taglist *tl, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < tl->n; i++)
		if (tl->tag[i].namelen == n &&
		    memcmp(tl->tag[i].name, name, n) == 0)
			return &tl->tag[i];
	return NULL;
}

/* arc_tag_copy - t's value without whitespace into buf */
int
arc_tag_copy(const struct arc_tag *t, char *buf, size_t bufsz)
{
	size_t i, n = 0;

	for (i = 0; i < t->valuelen; i++) {
		if (is_fws((unsigned char)t->value[i]))
			continue;
		if (n + 1 >= bufsz)
			return -1;
		buf[n++] = t->value[i];
	}
	if (bufsz == 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/* canon_word - "simple" or "relaxed" */
static int
canon_word(const char *w, size_t n, enum arc_canon *c)
{
	if (n == 6 && strncasecmp(w, "simple", 6) == 0)
		*c = ARC_CANON_SIMPLE;
	else if (n == 7 && strncasecmp(w, "relaxed", 7) == 0)
		*c = ARC_CANON_RELAXED;
	else
		return -1;
	return 0;
}

/* arc_canon_parse - c= into the header and body canonicalizations */
int
arc_canon_parse(
    const char *c, size_t len, enum arc_canon *hc, enum arc_canon *bc)
{
	const char *slash = memchr(c, '/', len);

	*bc = ARC_CANON_SIMPLE;
	if (slash == NULL)
		return canon_word(c, len, hc);
	if (canon_word(c, (size_t)(slash - c), hc) == -1)
		return -1;
	return canon_word(slash + 1, len - (size_t)(slash - c) - 1, bc);
}

/* arc_buf_init - an empty buffer that grows to max octets */
void
arc_buf_init(struct arc_buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

/* arc_buf_add - append, or set the sticky error */
void
arc_buf_add(struct arc_buf *b, const char *p, size_t n)
{
	char *d;
	size_t cap;

	if (b->error != 0 || n == 0)
		return;
	if (n > b->max - b->len) {
		b->error = -1;
		return;
	}
	if (b->len + n + 1 > b->cap) {
		cap = b->cap < 256 ? 256 : b->cap;
		while (cap < b->len + n + 1)
			cap = cap > SIZE_MAX / 2 ? b->len + n + 1 : cap * 2;
		if ((d = realloc(b->data, cap)) == NULL) {
			b->error = -1;
			return;
		}
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* arc_buf_free - release the data; the buffer is empty again */
void
arc_buf_free(struct arc_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->error = 0;
}

/* canon_relaxed - RFC 6376 3.4.2 of name and value */
static void
canon_relaxed(struct arc_buf *out, const char *name, const char *value)
{
	char c;
	size_t i;
	bool sp = false, any = false;

	for (i = 0; name[i] != '\0'; i++) {
		c = name[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!is_fws((unsigned char)c))
			arc_buf_add(out, &c, 1);
	}
	arc_buf_add(out, ":", 1);
	for (i = 0; value[i] != '\0'; i++) {
		c = value[i];
		if (c == '\r' || c == '\n')
			continue; /* unfold */
		if (c == ' ' || c == '\t') {
			sp = true;
			continue;
		}
		if (sp && any)
			arc_buf_add(out, " ", 1);
		sp = false;
		any = true;
		arc_buf_add(out, &c, 1);
	}
}

/* canon_simple - RFC 6376 3.4.1: as is, line ends as CRLF */
static void
canon_simple(struct arc_buf *out, const char *name, const char *value)
{
	size_t i;

	arc_buf_add(out, name, strlen(name));
	arc_buf_add(out, ":", 1);
	for (i = 0; value[i] != '\0'; i++) {
		if (value[i] == '\r' && value[i + 1] == '\n')
			continue;
		if (value[i] == '\n')
			arc_buf_add(out, "\r\n", 2);
		else
			arc_buf_add(out, &value[i], 1);
	}
}

/* arc_canon_header - one field canonicalized into out */
void
arc_canon_header(struct arc_buf *out, enum arc_canon c, const char *name,
    const char *value, bool strip_crlf)
{
	if (c == ARC_CANON_RELAXED)
		canon_relaxed(out, name, value);
	else
		canon_simple(out, name, value);
	if (!strip_crlf)
		arc_buf_add(out, "\r\n", 2);
}

/* arc_blank_b - value with its b= tag's value removed */
int
arc_blank_b(struct arc_buf *out, const char *value)
{
	const char *p = value, *start, *semi;

	for (;;) {
		start = p;
		while (is_fws((unsigned char)*p))
			p++;
		if (*p == 'b') {
			const char *q = p + 1;

			while (is_fws((unsigned char)*q))
				q++;
			if (*q == '=') {
				arc_buf_add(
				    out, value, (size_t)(q + 1 - value));
				semi = strchr(q, ';');
				if (semi != NULL)
					arc_buf_add(out, semi, strlen(semi));
				return 0;
			}
		}
		if ((semi = strchr(start, ';')) == NULL)
			return -1;
		p = semi + 1;
	}
}

/* hname_next - the next name of an h= list at *p into [*n, *ne) */
static bool
hname_next(const char **p, const char *end, const char **n, const char **ne)
{
	const char *colon;

	if (*p >= end)
		return false;
	colon = memchr(*p, ':', (size_t)(end - *p));
	*n = *p;
	*ne = colon != NULL ? colon : end;
	*p = colon != NULL ? colon + 1 : end;
	trim(n, ne);
	return true;
}

/* arc_select_headers - RFC 6376 5.4.2, bottom-up per name */
int
arc_select_headers(const struct arc_field *fields, size_t n, const char *hlist,
    size_t hlen, size_t *idx, size_t max, size_t *nidx)
{
	const char *p = hlist, *end = hlist + hlen, *nm, *ne;
	uint8_t used[ARC_HEADERS_MAX];
	size_t k, j;

	*nidx = 0;
	if (n > ARC_HEADERS_MAX)
		return -1;
	memset(used, 0, n);
	while (hname_next(&p, end, &nm, &ne)) {
		if (nm == ne || *nidx >= max)
			return -1;
		for (k = 0; nm + k < ne; k++)
			if (!(nm[k] >= '!' && nm[k] <= '~'))
				return -1;
		idx[*nidx] = SIZE_MAX;
		for (j = n; j-- > 0;) {
			if (used[j] ||
			    strlen(fields[j].name) != (size_t)(ne - nm) ||
			    strncasecmp(
			        fields[j].name, nm, (size_t)(ne - nm)) != 0)
				continue;
			used[j] = 1;
			idx[*nidx] = j;
			break;
		}
		(*nidx)++;
	}
	return *nidx > 0 ? 0 : -1;
}
