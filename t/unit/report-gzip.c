/*
 * report-gzip.c - the attachment is a gzip member that inflates back to
 * the report.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "report/report_gzip.h"
#include "tap.h"

/* gunzip - inflate a gzip member into dst; the length, -1 on error */
static long
gunzip(const unsigned char *src, size_t len, char *dst, size_t cap)
{
	z_stream z = { 0 };
	long n;

	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)(uintptr_t)src;
	z.avail_in = (unsigned)len;
	z.next_out = (unsigned char *)dst;
	z.avail_out = (unsigned)cap;
	n = inflate(&z, Z_FINISH) == Z_STREAM_END ? (long)z.total_out : -1;
	inflateEnd(&z);
	return n;
}

int
main(void)
{
	static const char xml[] = "<?xml version=\"1.0\"?>\n<feedback/>\n";
	unsigned char *gz;
	size_t gzlen;
	char back[256];
	long n;

	plan(4);
	if (report_gzip(xml, strlen(xml), &gz, &gzlen) != 0)
		bail_out("report_gzip failed");
	ok(gzlen > 18 && gz[0] == 0x1f && gz[1] == 0x8b && gz[2] == 8,
	    "gzip magic and deflate method");
	n = gunzip(gz, gzlen, back, sizeof(back));
	ok(n == (long)strlen(xml) && memcmp(back, xml, (size_t)n) == 0,
	    "inflates back to the report");
	free(gz);
	ok(report_gzip("", 0, &gz, &gzlen) == 0 && gzlen >= 20,
	    "an empty report still makes a whole member");
	n = gunzip(gz, gzlen, back, sizeof(back));
	is_int((int)n, 0, "which inflates to nothing");
	free(gz);
	return done_testing();
}
