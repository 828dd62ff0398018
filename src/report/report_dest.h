/*
 * report_dest.h - where one aggregate report may be mailed: the rua=
 * mailto: addresses of its policy that are plain and header-safe, not
 * the reporter's own address (a loop), not suppressed, and, outside the
 * policy domain's organization, authorized by the destination
 * (report_verify.h). When none is left, a status for dmarc_sent says why.
 */
#ifndef REPORT_DEST_H
#define REPORT_DEST_H

#include <stddef.h>
#include <stdint.h>

#include "report/report_rua.h"

struct report_store;
struct report_verifier;

/* Why a report has no destination (or REPORT_TO_OK: it has some). */
enum report_to_status {
	REPORT_TO_OK,
	REPORT_TO_NONE,       /* the policy names no mailto: address */
	REPORT_TO_SUPPRESSED, /* suppressed, or our own address */
	REPORT_TO_UNVERIFIED, /* external and not authorized */
	REPORT_TO_TEMPFAIL,   /* the authorization lookup failed: retry */
	REPORT_TO_TOOBIG,     /* the mail is over every "!size" limit */
	REPORT_TO_FAILED      /* no address is usable */
};

/* The inputs of one choice; v may be NULL (no verification: tests). */
struct report_dest_in {
	struct report_store *rs;
	struct report_verifier *v;
	const char *rua, *policy_domain, *self;
};

/*
 * report_dest_pick - the usable destinations of in into to[] (at least
 * REPORT_RUA_MAX), their count in *n; returns REPORT_TO_OK when *n > 0,
 * else why, with a line for dmarc_sent in detail.
 */
enum report_to_status report_dest_pick(const struct report_dest_in *in,
    struct report_rua *to, size_t *n, char *detail, size_t dlen);

/*
 * report_dest_limit - drop from to[0..*n) the addresses whose "!size"
 * limit is below size (the whole mail, in octets); REPORT_TO_OK while
 * one is left, else REPORT_TO_TOOBIG with detail set.
 */
enum report_to_status report_dest_limit(
    struct report_rua *to, size_t *n, uint64_t size, char *detail, size_t dlen);

/* report_dest_list - to[0..n) as "a, b" into buf (whole addresses) */
void report_dest_list(
    const struct report_rua *to, size_t n, char *buf, size_t len);

/* report_dest_listed - is addr (any case) in a report_dest_list text? */
int report_dest_listed(const char *list, const char *addr);

/* report_to_status_name - the dmarc_sent status of st */
const char *report_to_status_name(enum report_to_status st);
#endif
