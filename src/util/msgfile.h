/*
 * msgfile.h - a message held in memory (a file, stdin) read as an MTA
 * reads one: header fields, each with its continuation lines, up to the
 * blank line or to the first line that is not a field (where the body
 * then starts, as Postfix and Sendmail do), then the body. Line ends may
 * be LF or CRLF. Nothing is copied: fields point into the buffer.
 */
#ifndef MSGFILE_H
#define MSGFILE_H

#include <stdbool.h>
#include <stddef.h>

/* One header field: name before the colon; value after it, leading
 * white space and inner line ends as in the buffer, the last line end
 * left out. */
struct msgfile_field {
	const char *name;
	size_t namelen;
	const char *value;
	size_t valuelen;
};

struct msgfile {
	const char *buf;
	size_t len;
	size_t pos;  /* the next field, then the body */
	bool inbody; /* the header has ended */
};

/* msgfile_init - start reading buf (len octets) */
void msgfile_init(struct msgfile *, const char *buf, size_t len);

/* msgfile_next_field - the next header field into f; false when the
 * header has ended (msgfile_body() then gives where the body starts) */
bool msgfile_next_field(struct msgfile *, struct msgfile_field *f);

/* msgfile_body - the offset of the body, after the header has ended */
size_t msgfile_body(const struct msgfile *);

/* msgfile_field_dup - f's name and value as NUL-terminated copies the
 * caller frees; -1 (nothing to free) when out of memory */
int msgfile_field_dup(const struct msgfile_field *f, char **name, char **value);

#endif /* MSGFILE_H */
