/*
 * report_bounce.h - delivery status notifications (RFC 3464) about our
 * report mails: which recipients failed for good, and which report the
 * notification is about, found by the Message-ID authreport gave it. Only
 * the text is read: the returned headers and the per-recipient fields are
 * 7bit in every DSN an MTA writes; an encoded part is not decoded.
 */
#ifndef REPORT_BOUNCE_H
#define REPORT_BOUNCE_H

#include <stddef.h>

#include "report/report_rua.h"

#define REPORT_BOUNCE_MAX 32 /* failed recipients kept from one DSN */
#define REPORT_ID_MAX 64     /* a report_id authreport makes fits */

/* One recipient the DSN says failed permanently. */
struct report_bounce_rcpt {
	char addr[REPORT_ADDR_MAX + 1]; /* Final-Recipient, rfc822 type */
	char status[16];                /* Status: 5.x.y */
};

/* What one DSN says. */
struct report_bounce {
	char ids[4][REPORT_ID_MAX]; /* report_ids its Message-ID fields name */
	size_t nids;
	struct report_bounce_rcpt rcpt[REPORT_BOUNCE_MAX];
	size_t nrcpt;
};

/*
 * report_bounce_parse - read the len bytes of msg: the report ids of
 * every Message-ID, In-Reply-To or References field in the shape
 * authreport makes, and each recipient block with Action: failed and a
 * 5.x.y Status.
 */
void report_bounce_parse(const char *msg, size_t len, struct report_bounce *b);

#endif
