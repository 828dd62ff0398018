/*
 * report_record.h - one <record> of an aggregate report (RFC 9990) from
 * one dmarc_row of the store, every value XML-escaped.
 */
#ifndef REPORT_RECORD_H
#define REPORT_RECORD_H

#include <stdint.h>
#include <stdio.h>

struct report_record {
	const char *source_ip, *header_from, *envelope_from, *envelope_to;
	const char *spf_domain, *spf_result;
	const char *dkim; /* domain/selector/result, space separated */
	const char *dmarc_dkim, *dmarc_spf, *disposition;
	const char *reasons; /* type:comment, newline separated */
	int64_t n;
};

/* report_record_write - r as one <record> element to f; -1 on error */
int report_record_write(FILE *f, const struct report_record *r);

#endif
