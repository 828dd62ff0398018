/*
 * report_sendmail.h - one aggregate report mail (RFC 9990 section 5.2.1):
 * multipart/mixed with a text part and the gzip attachment in base64,
 * handed to "sendmail -t -oi -f FROM" on stdin. Every address must have passed
 * report_addr_ok(); the subject parts must be header-safe tokens.
 */
#ifndef REPORT_SENDMAIL_H
#define REPORT_SENDMAIL_H
#include <stddef.h>

#include "report/report_rua.h"

/* The pieces of one report mail; to[0..nto) are checked addresses. */
struct report_mail {
	const char *sendmail, *from, *domain, *org, *id, *filename;
	const struct report_rua *to;
	size_t nto;
	const unsigned char *gz;
	size_t gzlen;
};

/* report_mail_size - the size of m's whole message into *size; 0/-1 */
int report_mail_size(const struct report_mail *m, size_t *size);

/* report_sendmail - build m and run sendmail; 0, or -1 with err set */
int report_sendmail(const struct report_mail *m, char *err, size_t len);
#endif
