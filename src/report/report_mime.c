/*
 * report_mime.c - the report file name (RFC 9990: receiver "!" policy
 * domain "!" begin "!" end, optionally "!" unique id, ".xml.gz") and the
 * base64 body of its attachment (RFC 2045: lines of at most 76).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report/report_mime.h"

/* name_ok - 1 when s may stand in a file name: no '!', '/' or control */
static int
name_ok(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= ' ' || *s == '!' || *s == '/' ||
		    (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

/* report_filename - receiver!policy!begin!end[!id].xml.gz; -1 too long */
int
report_filename(char *dst, size_t cap, const char *receiver, const char *policy,
    int64_t begin, int64_t end, const char *id)
{
	int n;

	if (!name_ok(receiver) || !name_ok(policy) ||
	    (id != NULL && !name_ok(id)) || *receiver == '\0' ||
	    *policy == '\0')
		return -1;
	n = snprintf(dst, cap, "%s!%s!%" PRId64 "!%" PRId64 "%s%s.xml.gz",
	    receiver, policy, begin, end, id != NULL ? "!" : "",
	    id != NULL ? id : "");
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* report_base64 - len bytes as base64 lines of 76, CRLF-ended, into dst */
int
report_base64(char *dst, size_t cap, const unsigned char *src, size_t len)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                          "abcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, o = 0, col = 0;

	for (i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)src[i] << 16;
		char q[4];

		if (i + 1 < len)
			v |= (uint32_t)src[i + 1] << 8;
		if (i + 2 < len)
			v |= src[i + 2];
		q[0] = b64[(v >> 18) & 63];
		q[1] = b64[(v >> 12) & 63];
		q[2] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
		q[3] = i + 2 < len ? b64[v & 63] : '=';
		if (o + 7 >= cap)
			return -1;
		memcpy(dst + o, q, 4);
		o += 4;
		col += 4;
		if (col == 76 || i + 3 >= len) {
			memcpy(dst + o, "\r\n", 2);
			o += 2;
			col = 0;
		}
	}
	if (o >= cap)
		return -1;
	dst[o] = '\0';
	return 0;
}
