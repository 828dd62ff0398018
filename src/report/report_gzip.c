/*
 * report_gzip.c - gzip through zlib's deflate with a gzip wrapper
 * (windowBits 15 + 16) behind a fopencookie stream: each write is
 * deflated into a buffer that doubles as it fills.
 */
#define _GNU_SOURCE /* fopencookie */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "report/report_gzip.h"

#define GZ_FIRST 65536           /* the first output buffer */
#define GZ_MAX ((size_t)1 << 31) /* zlib counts in unsigned int */

/* gz_room - make room for more output; -1 when it cannot */
static int
gz_room(struct report_gz *g, z_stream *z)
{
	size_t cap = g->cap == 0 ? GZ_FIRST : g->cap * 2;
	unsigned char *b;

	if (cap > GZ_MAX || (b = realloc(g->buf, cap)) == NULL)
		return -1;
	g->buf = b;
	g->cap = cap;
	z->next_out = b + g->len;
	z->avail_out = (unsigned)(cap - g->len);
	return 0;
}

/* gz_run - deflate what is in z with flush; -1 on error */
static int
gz_run(struct report_gz *g, z_stream *z, int flush)
{
	int rc;

	for (;;) {
		if (z->avail_out == 0 && gz_room(g, z) == -1)
			return -1;
		rc = deflate(z, flush);
		g->len = g->cap - z->avail_out;
		if (rc == Z_STREAM_END)
			return 0;
		if (rc != Z_OK && rc != Z_BUF_ERROR)
			return -1;
		/* finishing with room left and no end: no progress possible */
		if (flush == Z_FINISH && z->avail_out > 0 && rc == Z_BUF_ERROR)
			return -1;
		/* done when the input is used and output room is left */
		if (z->avail_in == 0 && z->avail_out > 0 && flush == Z_NO_FLUSH)
			return 0;
	}
}

/* gz_write - the stream's write: deflate n bytes */
static ssize_t
gz_write(void *cookie, const char *buf, size_t n)
{
	struct report_gz *g = cookie;
	z_stream *z = g->z;

	if (g->failed || n > UINT32_MAX)
		return -1;
	z->next_in = (unsigned char *)(uintptr_t)buf;
	z->avail_in = (unsigned)n;
	if (gz_run(g, z, Z_NO_FLUSH) == -1) {
		g->failed = 1;
		return -1;
	}
	return (ssize_t)n;
}

/* gz_close - the stream's close: finish the member, free the state */
static int
gz_close(void *cookie)
{
	struct report_gz *g = cookie;
	z_stream *z = g->z;

	z->next_in = NULL;
	z->avail_in = 0;
	if (!g->failed && gz_run(g, z, Z_FINISH) == -1)
		g->failed = 1;
	deflateEnd(z);
	free(z);
	g->z = NULL;
	return g->failed ? -1 : 0;
}

/* report_gz_open - a deflating stream into g */
FILE *
report_gz_open(struct report_gz *g)
{
	static const cookie_io_functions_t io = { NULL, gz_write, NULL,
		gz_close };
	z_stream *z;
	FILE *f;

	memset(g, 0, sizeof(*g));
	if ((z = calloc(1, sizeof(*z))) == NULL)
		return NULL;
	if (deflateInit2(z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
	        Z_DEFAULT_STRATEGY) != Z_OK) {
		free(z);
		return NULL;
	}
	g->z = z;
	if ((f = fopencookie(g, "w", io)) == NULL) {
		deflateEnd(z);
		free(z);
		g->z = NULL;
	}
	return f;
}

/* report_gz_close - flush, finish, and hand over the buffer */
int
report_gz_close(FILE *f, struct report_gz *g)
{
	if (fclose(f) != 0 || g->failed) {
		free(g->buf);
		g->buf = NULL;
		g->len = g->cap = 0;
		return -1;
	}
	return 0;
}
