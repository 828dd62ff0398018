/*
 * report_gzip.h - a report compressed as a gzip member (RFC 1952), as
 * RFC 9990 asks of the .xml.gz attachment, written through a stdio stream
 * so the XML is compressed as it is written and never held whole: a day
 * of 100000 rows is some 60 MB of XML and well under 1 MB of gzip.
 */
#ifndef REPORT_GZIP_H
#define REPORT_GZIP_H

#include <stddef.h>
#include <stdio.h>

/* The compressed bytes; owned by the caller (zeroed before open). */
struct report_gz {
	unsigned char *buf; /* after report_gz_close: the member, len bytes */
	size_t len, cap;
	void *z; /* the deflate state while the stream is open */
	int failed;
};

/*
 * report_gz_open - a write-only stream whose bytes are deflated into g;
 * NULL when out of memory. Close it with report_gz_close.
 */
FILE *report_gz_open(struct report_gz *g);

/*
 * report_gz_close - finish the member and close f. Returns 0 with the
 * member in g->buf (free it), or -1 (g->buf freed) when a write or the
 * compression failed.
 */
int report_gz_close(FILE *f, struct report_gz *g);

#endif
