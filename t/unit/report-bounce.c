/*
 * report-bounce.c - reading delivery status notifications (RFC 3464):
 * permanent failures only, the report id from the returned Message-ID in
 * the shape authreport makes, folded and CRLF lines, and text that is no
 * DSN at all.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report_bounce.h"
#include "tap.h"

#define OUR_ID "67a1b2c3.2026-02-01.0123456789abcdef"

/* A DSN as Postfix writes one: a failure, a delay and a success. */
static const char postfix_dsn[] =
    "Return-Path: <>\r\n"
    "From: MAILER-DAEMON@mx.example (Mail Delivery System)\r\n"
    "Message-ID: <20260202001122.ABCDEF@mx.example>\r\n"
    "Content-Type: multipart/report; report-type=delivery-status;\r\n"
    "\tboundary=\"B\"\r\n"
    "\r\n--B\r\nContent-Type: text/plain\r\n\r\nI'm sorry.\r\n"
    "\r\n--B\r\nContent-Type: message/delivery-status\r\n\r\n"
    "Reporting-MTA: dns; mx.example\r\n"
    "Arrival-Date: Mon,  2 Feb 2026 00:11:22 +0000\r\n"
    "\r\n"
    "Final-Recipient: rfc822; gone@reports.example\r\n"
    "Original-Recipient: rfc822;gone@reports.example\r\n"
    "Action: failed\r\n"
    "Status: 5.1.1\r\n"
    "Diagnostic-Code: smtp; 550 5.1.1 <gone@reports.example>: no such\r\n"
    "    user\r\n"
    "\r\n"
    "Final-Recipient: rfc822; late@reports.example\r\n"
    "Action: delayed\r\n"
    "Status: 4.4.1\r\n"
    "\r\n"
    "Final-Recipient: rfc822; fine@reports.example\r\n"
    "Action: delivered\r\n"
    "Status: 2.0.0\r\n"
    "\r\n--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
    "From: reports@receiver.example\r\n"
    "To: gone@reports.example, late@reports.example,\r\n"
    " fine@reports.example\r\n"
    "Subject: Report Domain: a.example Submitter: R Report-ID: <" OUR_ID ">\r\n"
    "Message-ID: <" OUR_ID "@receiver.example>\r\n"
    "References: <x@y> <" OUR_ID "@receiver.example>\r\n"
    "\r\n--B--\r\n";

/* postfix_case - one failure, the delay and success left out */
static void
postfix_case(void)
{
	struct report_bounce b;

	report_bounce_parse(postfix_dsn, strlen(postfix_dsn), &b);
	is_int((int)b.nids, 1,
	    "one report id: the returned Message-ID's (named twice)");
	is_str(b.nids > 0 ? b.ids[0] : "", OUR_ID, "... the id itself");
	is_int((int)b.nrcpt, 1, "one permanent failure (not the delay)");
	is_str(b.nrcpt > 0 ? b.rcpt[0].addr : "", "gone@reports.example",
	    "... its Final-Recipient");
	is_str(b.nrcpt > 0 ? b.rcpt[0].status : "", "5.1.1", "... its Status");
}

/* shape_cases - folded fields, LF endings, ids of other shapes */
static void
shape_cases(void)
{
	struct report_bounce b;
	const char *folded = "In-Reply-To:\n <" OUR_ID "@r.example>\n\n"
	                     "Final-Recipient:\n rfc822;\n <x@y.example>\n"
	                     "Action: Failed\nStatus: 5.2.2 (mailbox full)\n";
	const char *others =
	    "Message-ID: <20260202.ABC@mx.example>\n"
	    "References: <1.2026-0A-01.0123456789abcdef@a> <zz@b>\n"
	    "Message-ID: <67a1b2c3.2026-02-01.0123456789abcdeg@r>\n"
	    "Final-Recipient: rfc822; a@b.example\nAction: failed\n"
	    "Status: 5.1.1\n";
	const char *x400 = "Final-Recipient: x400; /C=xx/\nAction: failed\n"
	                   "Status: 5.1.1\n";

	report_bounce_parse(folded, strlen(folded), &b);
	ok(b.nids == 1 && b.nrcpt == 1 &&
	        strcmp(b.rcpt[0].addr, "x@y.example") == 0 &&
	        strcmp(b.rcpt[0].status, "5.2.2") == 0,
	    "folded fields and LF line ends are read");
	report_bounce_parse(others, strlen(others), &b);
	is_int((int)b.nids, 0, "Message-IDs not in our shape name no report");
	report_bounce_parse(x400, strlen(x400), &b);
	is_int((int)b.nrcpt, 0, "a recipient that is not rfc822 is ignored");
}

/* garbage_cases - no DSN, binary, huge lines: nothing, and no overrun */
static void
garbage_cases(void)
{
	struct report_bounce b;
	size_t n = 2 * 1024 * 1024, i;
	char *big = malloc(n);

	if (big == NULL)
		bail_out("malloc");
	for (i = 0; i < n; i++)
		big[i] = (char)(i % 7 == 0 ? '\n' : i % 251);
	report_bounce_parse(big, n, &b);
	ok(b.nrcpt == 0 && b.nids == 0, "2 MB of binary: nothing found");
	memset(big, 'A', n);
	memcpy(big, "Final-Recipient: rfc822; ", 25);
	report_bounce_parse(big, n, &b);
	is_int((int)b.nrcpt, 0, "one 2 MB line: nothing found");
	for (i = 0; i + 62 < n; i += 62)
		memcpy(big + i,
		    "Final-Recipient: rfc822; a@b.example\nAction: failed\n"
		    "Status: 5\n",
		    62);
	report_bounce_parse(big, n, &b);
	is_int((int)b.nrcpt, REPORT_BOUNCE_MAX, "failures are capped");
	report_bounce_parse("", 0, &b);
	ok(b.nrcpt == 0 && b.nids == 0, "an empty message");
	free(big);
}

/* main - the cases */
int
main(void)
{
	plan(5 + 3 + 4);
	postfix_case();
	shape_cases();
	garbage_cases();
	return done_testing();
}
