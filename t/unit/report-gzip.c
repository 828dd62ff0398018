/*
 * report-gzip.c - the attachment is a gzip member that inflates back to
 * the report, whether it is written at once, a byte at a time, empty, or
 * too large for the first output buffer.
 */
#include <stdint.h>
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

/* gz_of - len bytes of src written in pieces of step into g; 0 or -1 */
static int
gz_of(const char *src, size_t len, size_t step, struct report_gz *g)
{
	FILE *f = report_gz_open(g);
	size_t i, n;

	if (f == NULL)
		return -1;
	for (i = 0; i < len; i += n) {
		n = len - i < step ? len - i : step;
		if (fwrite(src + i, 1, n, f) != n)
			break;
	}
	return report_gz_close(f, g);
}

/* small_cases - a report, byte by byte, and an empty one */
static void
small_cases(void)
{
	static const char xml[] = "<?xml version=\"1.0\"?>\n<feedback/>\n";
	struct report_gz g;
	char back[256];
	long n;

	if (gz_of(xml, strlen(xml), strlen(xml), &g) != 0)
		bail_out("report_gz failed");
	ok(g.len > 18 && g.buf[0] == 0x1f && g.buf[1] == 0x8b && g.buf[2] == 8,
	    "gzip magic and deflate method");
	n = gunzip(g.buf, g.len, back, sizeof(back));
	ok(n == (long)strlen(xml) && memcmp(back, xml, (size_t)n) == 0,
	    "inflates back to the report");
	free(g.buf);
	ok(gz_of(xml, strlen(xml), 1, &g) == 0 &&
	        gunzip(g.buf, g.len, back, sizeof(back)) == (long)strlen(xml) &&
	        memcmp(back, xml, strlen(xml)) == 0,
	    "written a byte at a time: the same report");
	free(g.buf);
	ok(gz_of("", 0, 1, &g) == 0 && g.len >= 20,
	    "an empty report still makes a whole member");
	n = gunzip(g.buf, g.len, back, sizeof(back));
	is_int((int)n, 0, "which inflates to nothing");
	free(g.buf);
}

/* big_case - 8 MB that hardly compresses: the output buffer grows */
static void
big_case(void)
{
	size_t len = 8 * 1024 * 1024, i;
	char *src = malloc(len), *back = malloc(len + 1);
	struct report_gz g;
	uint32_t x = 2463534242u;

	if (src == NULL || back == NULL)
		bail_out("malloc");
	for (i = 0; i < len; i++) { /* xorshift: no pattern deflate finds */
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		src[i] = (char)x;
	}
	ok(gz_of(src, len, 4000, &g) == 0 && g.len > len,
	    "8 MB of noise: one member larger than the input");
	ok(gunzip(g.buf, g.len, back, len + 1) == (long)len &&
	        memcmp(back, src, len) == 0,
	    "... which inflates back byte for byte");
	free(g.buf);
	free(src);
	free(back);
}

/* main - the cases */
int
main(void)
{
	plan(5 + 2);
	small_cases();
	big_case();
	return done_testing();
}
