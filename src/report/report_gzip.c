/*
 * report_gzip.c - gzip through zlib's deflate with a gzip wrapper
 * (windowBits 15 + 16), into a buffer sized by deflateBound.
 */
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

#include "report/report_gzip.h"

/* report_gzip - src as gzip in a new *out of *outlen bytes; -1 on error */
int
report_gzip(const void *src, size_t len, unsigned char **out, size_t *outlen)
{
	z_stream z = { 0 };
	unsigned long cap;
	unsigned char *buf;

	*out = NULL;
	*outlen = 0;
	if (len > 0x7fffffffUL)
		return -1;
	if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
	        Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	cap = deflateBound(&z, (unsigned long)len) + 32;
	buf = malloc(cap);
	if (buf == NULL) {
		deflateEnd(&z);
		return -1;
	}
	z.next_in = (unsigned char *)(uintptr_t)src;
	z.avail_in = (unsigned)len;
	z.next_out = buf;
	z.avail_out = (unsigned)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		free(buf);
		return -1;
	}
	*outlen = z.total_out;
	deflateEnd(&z);
	*out = buf;
	return 0;
}
