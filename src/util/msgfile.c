/*
 * msgfile.c - a message in memory split into header fields and body (see
 * msgfile.h).
 */
#include <stdlib.h>
#include <string.h>

#include "util/msgfile.h"

/* msgfile_init - read buf from the start */
void
msgfile_init(struct msgfile *m, const char *buf, size_t len)
{
	m->buf = buf;
	m->len = len;
	m->pos = 0;
	m->inbody = false;
}

/* line_end - the offset just after the line that starts at p */
static size_t
line_end(const struct msgfile *m, size_t p)
{
	const char *nl = memchr(m->buf + p, '\n', m->len - p);

	return nl != NULL ? (size_t)(nl - m->buf) + 1 : m->len;
}

/* content_end - where the line from p to end stops, its LF or CRLF left
 * out */
static size_t
content_end(const struct msgfile *m, size_t p, size_t end)
{
	if (end > p && m->buf[end - 1] == '\n')
		end--;
	if (end > p && m->buf[end - 1] == '\r')
		end--;
	return end;
}

/* name_len - the length of the field name the line at p starts with
 * (printable ASCII up to a colon, RFC 5322 2.2), or 0 */
static size_t
name_len(const struct msgfile *m, size_t p, size_t end)
{
	size_t i;

	for (i = p; i < end && m->buf[i] != ':'; i++)
		if ((unsigned char)m->buf[i] <= ' ' ||
		    (unsigned char)m->buf[i] > '~')
			return 0;
	return i < end ? i - p : 0;
}

/* msgfile_next_field - the next field, or false at the end of the header */
bool
msgfile_next_field(struct msgfile *m, struct msgfile_field *f)
{
	size_t p = m->pos, end, n;

	if (m->inbody || p >= m->len)
		goto body;
	end = line_end(m, p);
	if (content_end(m, p, end) == p) {
		m->pos = end; /* the blank line ends the header */
		goto body;
	}
	if ((n = name_len(m, p, content_end(m, p, end))) == 0)
		goto body; /* as an MTA does: the body starts here */
	while (end < m->len && (m->buf[end] == ' ' || m->buf[end] == '\t'))
		end = line_end(m, end);
	f->name = m->buf + p;
	f->namelen = n;
	f->value = m->buf + p + n + 1;
	f->valuelen = content_end(m, p, end) - (p + n + 1);
	m->pos = end;
	return true;
body:
	m->inbody = true;
	return false;
}

/* msgfile_field_dup - copies of f's name and value */
int
msgfile_field_dup(const struct msgfile_field *f, char **name, char **value)
{
	*name = strndup(f->name, f->namelen);
	*value = strndup(f->value, f->valuelen);
	if (*name != NULL && *value != NULL)
		return 0;
	free(*name);
	free(*value);
	*name = *value = NULL;
	return -1;
}

/* msgfile_body - where the body starts */
size_t
msgfile_body(const struct msgfile *m)
{
	return m->pos;
}
