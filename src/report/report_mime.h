/*
 * report_mime.h - the pieces of an aggregate report mail (RFC 9990): the
 * report file name, the Subject, and base64 folded at 76 columns.
 */
#ifndef REPORT_MIME_H
#define REPORT_MIME_H

#include <stddef.h>
#include <stdint.h>

/* report_filename - receiver!policy!begin!end[!id].xml.gz; -1 too long */
int report_filename(char *dst, size_t cap, const char *receiver,
    const char *policy, int64_t begin, int64_t end, const char *id);
/* report_base64 - len bytes as base64 lines of 76, CRLF-ended, into dst */
int report_base64(char *dst, size_t cap, const unsigned char *src, size_t len);

#endif
