/*
 * report_bounce.c - the fields of a DSN that matter to the suppression
 * list, read line by line (continuation lines joined). A recipient block
 * starts at Final-Recipient and ends at the next empty line; it counts
 * when its Action is "failed" and its Status a permanent 5.x.y.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "report/report_bounce.h"

#define LINE_MAX_LEN 2048 /* one unfolded field; longer ones are cut */

/* The recipient block being read. */
struct block {
	int open, failed;
	char addr[REPORT_ADDR_MAX + 1], status[16];
};

/* field_value - the value of "name:" at the start of line, or NULL */
static const char *
field_value(const char *line, const char *name)
{
	size_t n = strlen(name);

	if (strncasecmp(line, name, n) != 0 || line[n] != ':')
		return NULL;
	line += n + 1;
	while (*line == ' ' || *line == '\t')
		line++;
	return line;
}

/* is_report_id - the shape authreport gives: hex "." YYYY-MM-DD "." 16 hex */
static int
is_report_id(const char *s, size_t n)
{
	size_t i = 0, h;

	for (h = 0; i < n && isxdigit((unsigned char)s[i]); i++)
		h++;
	if (h == 0 || h > 16 || i + 12 + 16 != n || s[i] != '.' ||
	    s[i + 11] != '.')
		return 0;
	for (h = 0; h < 10; h++)
		if (!(h == 4 || h == 7 ? s[i + 1 + h] == '-'
		                       : isdigit((unsigned char)s[i + 1 + h])))
			return 0;
	for (i += 12; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* take_ids - every <id@...> in v whose id has our shape, once each */
static void
take_ids(const char *v, struct report_bounce *b)
{
	const char *lt, *at, *gt;
	size_t n, i;

	while ((lt = strchr(v, '<')) != NULL && b->nids < 4) {
		v = lt + 1;
		at = strchr(v, '@');
		gt = strchr(v, '>');
		if (at == NULL || gt == NULL || gt < at)
			continue;
		n = (size_t)(at - v);
		if (n >= REPORT_ID_MAX || !is_report_id(v, n))
			continue;
		for (i = 0; i < b->nids; i++)
			if (strncmp(b->ids[i], v, n) == 0 &&
			    b->ids[i][n] == '\0')
				break;
		if (i < b->nids)
			continue;
		memcpy(b->ids[b->nids], v, n);
		b->ids[b->nids][n] = '\0';
		b->nids++;
	}
}

/* block_end - keep the block if it is a permanent failure */
static void
block_end(struct block *k, struct report_bounce *b)
{
	if (k->open && k->failed && k->status[0] == '5' && k->addr[0] != '\0' &&
	    b->nrcpt < REPORT_BOUNCE_MAX) {
		strlcpy(
		    b->rcpt[b->nrcpt].addr, k->addr, sizeof(b->rcpt[0].addr));
		strlcpy(b->rcpt[b->nrcpt].status, k->status,
		    sizeof(b->rcpt[0].status));
		b->nrcpt++;
	}
	memset(k, 0, sizeof(*k));
}

/* recipient - "rfc822; addr" (RFC 3464 2.3.2) into k->addr */
static void
recipient(const char *v, struct block *k)
{
	size_t n;

	if (strncasecmp(v, "rfc822", 6) != 0 || (v = strchr(v, ';')) == NULL)
		return;
	v += 1 + strspn(v + 1, " \t");
	if (*v == '<')
		v++;
	n = strcspn(v, "> \t");
	if (n > 0 && n < sizeof(k->addr)) {
		memcpy(k->addr, v, n);
		k->addr[n] = '\0';
	}
}

/* one_line - one unfolded line */
static void
one_line(const char *line, struct block *k, struct report_bounce *b)
{
	const char *v;
	size_t n;

	if (*line == '\0') {
		block_end(k, b);
	} else if ((v = field_value(line, "Final-Recipient")) != NULL) {
		block_end(k, b);
		k->open = 1;
		recipient(v, k);
	} else if (k->open && (v = field_value(line, "Action")) != NULL) {
		k->failed = strncasecmp(v, "failed", 6) == 0;
	} else if (k->open && (v = field_value(line, "Status")) != NULL) {
		n = strcspn(v, " \t(;");
		if (n < sizeof(k->status)) {
			memcpy(k->status, v, n);
			k->status[n] = '\0';
		}
	} else if ((v = field_value(line, "Message-ID")) != NULL ||
	    (v = field_value(line, "In-Reply-To")) != NULL ||
	    (v = field_value(line, "References")) != NULL) {
		take_ids(v, b);
	}
}

/* report_bounce_parse - unfold and read every line */
void
report_bounce_parse(const char *msg, size_t len, struct report_bounce *b)
{
	char line[LINE_MAX_LEN];
	struct block k;
	size_t i = 0, n = 0, e;

	memset(b, 0, sizeof(*b));
	memset(&k, 0, sizeof(k));
	while (i < len) {
		for (e = i; e < len && msg[e] != '\n'; e++)
			;
		/* a line that starts with white space continues the last */
		if (n > 0 && e > i && (msg[i] == ' ' || msg[i] == '\t')) {
			; /* fall through: append */
		} else if (i > 0) {
			line[n] = '\0';
			one_line(line, &k, b);
			n = 0;
		}
		for (; i < e; i++)
			if (msg[i] != '\r' && msg[i] != '\0' &&
			    n + 1 < sizeof(line))
				line[n++] = msg[i];
		i = e + 1;
	}
	line[n] = '\0';
	one_line(line, &k, b);
	block_end(&k, b);
}
