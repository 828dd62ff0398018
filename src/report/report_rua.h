/*
 * report_rua.h - the rua= tag of a DMARC record (RFC 9989): the mailto:
 * destinations of aggregate reports, percent-decoded, each with its
 * optional size limit, and the check that keeps every address we put in
 * a mail header free of anything that could inject a header.
 */
#ifndef REPORT_RUA_H
#define REPORT_RUA_H

#include <stddef.h>
#include <stdint.h>

#define REPORT_RUA_MAX 8    /* destinations kept from one rua= */
#define REPORT_ADDR_MAX 254 /* RFC 5321 path limit, without brackets */

struct report_rua {
	char addr[REPORT_ADDR_MAX + 1]; /* local@domain, decoded, checked */
	uint64_t limit;                 /* bytes; 0 when no "!size" */
};

/* report_rua_parse - the usable mailto: URIs of rua into out[], count */
size_t report_rua_parse(const char *rua, struct report_rua *out, size_t max);
/* report_addr_ok - 1 when addr is a plain local@domain safe in a header */
int report_addr_ok(const char *addr);
/* report_addr_domain - the domain part of a checked address */
const char *report_addr_domain(const char *addr);

#endif
