/*
 * report-mime.c - the report file name and the folded base64 of the
 * attachment.
 */
#include <string.h>

#include "report/report_mime.h"
#include "tap.h"

/* name_cases - RFC 9990 file names, and names a sender could bend */
static void
name_cases(void)
{
	char b[128];

	ok(report_filename(b, sizeof(b), "mx.example.net", "example.com",
	       1764806400, 1764892799, NULL) == 0,
	    "file name built");
	is_str(b, "mx.example.net!example.com!1764806400!1764892799.xml.gz",
	    "receiver!policy!begin!end.xml.gz");
	ok(report_filename(b, sizeof(b), "mx.example.net", "example.com", 1, 2,
	       "r42") == 0 &&
	        strcmp(b, "mx.example.net!example.com!1!2!r42.xml.gz") == 0,
	    "unique id appended after a !");
	ok(report_filename(b, sizeof(b), "mx", "a!b.example", 1, 2, NULL) ==
	            -1 &&
	        report_filename(b, sizeof(b), "mx", "../etc", 1, 2, NULL) == -1,
	    "! or / in a domain refused");
	ok(report_filename(
	       b, 20, "mx.example.net", "example.com", 1, 2, NULL) == -1,
	    "too long for the buffer refused");
}

/* b64_cases - padding and folding at 76 columns */
static void
b64_cases(void)
{
	unsigned char in[58];
	char b[256];

	ok(report_base64(b, sizeof(b), (const unsigned char *)"Man", 3) == 0 &&
	        strcmp(b, "TWFu\r\n") == 0,
	    "three bytes, no padding");
	ok(report_base64(b, sizeof(b), (const unsigned char *)"Ma", 2) == 0 &&
	        strcmp(b, "TWE=\r\n") == 0,
	    "two bytes, one =");
	ok(report_base64(b, sizeof(b), (const unsigned char *)"M", 1) == 0 &&
	        strcmp(b, "TQ==\r\n") == 0,
	    "one byte, two =");
	memset(in, 0, sizeof(in));
	ok(report_base64(b, sizeof(b), in, 57) == 0 && strlen(b) == 78 &&
	        strcmp(b + 76, "\r\n") == 0,
	    "57 bytes fill one line of 76");
	ok(report_base64(b, sizeof(b), in, 58) == 0 && strlen(b) == 84 &&
	        strcmp(b + 76, "\r\nAA==\r\n") == 0,
	    "58 bytes fold onto a second line");
	ok(report_base64(b, 40, in, 58) == -1, "too small a buffer refused");
}

int
main(void)
{
	plan(11);
	name_cases();
	b64_cases();
	return done_testing();
}
