/*
 * dkim_body.c - what the MTA gives us, in the form libopendkim wants:
 * header fields joined as "Name:value" with CRLF folding, body chunks with
 * every bare LF turned into CRLF (state kept across chunk boundaries), and
 * a count of the canonical body length (RFC 6376 3.4.3, 3.4.4) so an l=
 * shorter than the body can be told apart from one that covers it all.
 */
#include <stdlib.h>
#include <string.h>

#include "dkim/dkim_int.h"
#include "util/log.h"

/* dkim_header_join - "name:value" with LF line ends made CRLF; NULL when
 * out of memory or over DKIM_MAX_HEADER */
char *
dkim_header_join(const char *name, const char *value, size_t *lenp)
{
	size_t nlen = strlen(name), vlen = strlen(value), i, o;
	char *out;

	if (nlen > DKIM_MAX_HEADER || vlen > DKIM_MAX_HEADER - nlen)
		return NULL;
	out = malloc(nlen + 2 * vlen + 2);
	if (out == NULL)
		return NULL;
	memcpy(out, name, nlen);
	o = nlen;
	out[o++] = ':';
	for (i = 0; i < vlen; i++) {
		if (value[i] == '\n' && (i == 0 || value[i - 1] != '\r'))
			out[o++] = '\r';
		out[o++] = value[i];
	}
	out[o] = '\0';
	*lenp = o;
	return out;
}

/* dkim_bodylen_init - start counting a body canonicalized one way */
void
dkim_bodylen_init(struct dkim_bodylen *bl, bool relaxed)
{
	memset(bl, 0, sizeof(*bl));
	bl->relaxed = relaxed;
}

/* bodylen_eol - a line ended: empty lines count only once followed by
 * content (RFC 6376 3.4.3: trailing empty lines are ignored) */
static void
bodylen_eol(struct dkim_bodylen *bl)
{
	if (bl->line == 0) {
		bl->empties++;
	} else {
		bl->total += bl->empties * 2 + bl->line + 2;
		bl->empties = 0;
	}
	bl->line = 0;
	bl->wsp = false;
}

/* bodylen_octet - one octet of line content */
static void
bodylen_octet(struct dkim_bodylen *bl, unsigned char c)
{
	if (bl->relaxed && (c == ' ' || c == '\t')) {
		/* RFC 6376 3.4.4: a run of WSP is one SP, none at the end */
		bl->wsp = true;
		return;
	}
	if (bl->wsp)
		bl->line++;
	bl->wsp = false;
	bl->line++;
}

/* dkim_bodylen_add - count CRLF-normalized body octets; a CR not followed
 * by LF is content, so one CR may wait for the next chunk */
void
dkim_bodylen_add(struct dkim_bodylen *bl, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (bl->cr) {
			bl->cr = false;
			if (p[i] == '\n') {
				bodylen_eol(bl);
				continue;
			}
			bodylen_octet(bl, '\r');
		}
		if (p[i] == '\r')
			bl->cr = true;
		else
			bodylen_octet(bl, p[i]);
	}
}

/* dkim_bodylen_final - canonical length of the whole body */
uint64_t
dkim_bodylen_final(const struct dkim_bodylen *in)
{
	struct dkim_bodylen bl = *in;

	if (bl.cr)
		bodylen_octet(&bl, '\r');
	if (bl.line > 0)
		bl.total += bl.empties * 2 + bl.line + 2;
	/* simple: an empty body is one CRLF; relaxed: nothing */
	if (!bl.relaxed && bl.total == 0)
		return 2;
	return bl.total;
}

/* dkim_body_feed - normalize a chunk and hand it to libopendkim (while it
 * wants more) and to the length counters (while they matter) */
int
dkim_body_feed(struct dkim_check *dc, const unsigned char *p, size_t n)
{
	unsigned char buf[DKIM_BODY_BUF];
	unsigned char *eol;
	size_t i = 0, o;
	DKIM_STAT st;

	while (i < n) {
		for (o = 0; i < n && o < sizeof(buf) - 1; i++) {
			if (p[i] == '\n' && !dc->prev_cr)
				buf[o++] = '\r';
			buf[o++] = p[i];
			dc->prev_cr = p[i] == '\r';
		}
		if (dc->count_body) {
			dkim_bodylen_add(&dc->blen[0], buf, o);
			dkim_bodylen_add(&dc->blen[1], buf, o);
		}
		if (dc->body_done)
			continue;
		if (dc->to_eol && (eol = memchr(buf, '\n', o)) != NULL) {
			/* libopendkim needs whole lines: stop after this one */
			o = (size_t)(eol - buf) + 1;
			dc->body_done = true;
		}
		dc->at_eol = buf[o - 1] == '\n';
		st = dkim_body(dc->dkim, buf, o);
		if (st != DKIM_STAT_OK) {
			log_warn(
			    "%s: dkim_body: %s", dc->id, dkim_getresultstr(st));
			return -1;
		}
	}
	return 0;
}
