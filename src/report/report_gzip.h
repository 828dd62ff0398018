/*
 * report_gzip.h - a report compressed as a gzip member (RFC 1952), as
 * RFC 9990 asks of the .xml.gz attachment.
 */
#ifndef REPORT_GZIP_H
#define REPORT_GZIP_H

#include <stddef.h>

/* report_gzip - src as gzip in a new *out of *outlen bytes; -1 on error */
int report_gzip(
    const void *src, size_t len, unsigned char **out, size_t *outlen);

#endif
