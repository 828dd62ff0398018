/*
 * dkim_check.h - DKIM (RFC 6376, RFC 8463 ed25519) verification of every
 * signature of a message, up to a cap, with libopendkim; key lookups go
 * through the project resolver and start at end of headers. libopendkim
 * types stay inside this module.
 */
#ifndef DKIM_CHECK_H
#define DKIM_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "authres/authres.h"
#include "dns/dns.h"

struct dkim_options {
	unsigned minimum_key_bits;   /* 0: 1024 */
	unsigned maximum_signatures; /* 0: 5; the rest are "not verified" */
	unsigned clock_drift;        /* seconds of tolerance for t= and x= */
	bool allow_sha1; /* RFC 8301: rsa-sha1 gets "policy" unless set */
	bool allow_partial_body; /* l= shorter than the body: else policy */
	unsigned time_limit_ms;  /* DNS waiting time of one message's key
	                          * lookups together (0: none); then
	                          * temperror "DKIM time limit of N ms
	                          * reached" */
};

struct dkim_verifier; /* process-wide, thread-safe */
struct dkim_check;    /* one message */

/* dkim_lib_version - libopendkim's version as it runs ("2.11.0") */
void dkim_lib_version(char *buf, size_t bufsz);

/* dkim_verifier_new - NULL and a message in err on failure */
struct dkim_verifier *dkim_verifier_new(struct dns_resolver *,
    const struct dkim_options *, char *err, size_t errlen);
void dkim_verifier_free(struct dkim_verifier *);

/* dkim_check_new - state for one message, its key lookups in group (the
 * connection's; NULL: none); id names it in logs (may be NULL). NULL when
 * out of memory. */
struct dkim_check *dkim_check_new(
    struct dkim_verifier *, struct dns_group *, const char *id);
void dkim_check_free(struct dkim_check *);

/*
 * Feed the message: each header field as the MTA gives it (value is all
 * that follows the colon, leading space included, as with SMFIP_HDR_LEADSPC;
 * folded with LF or CRLF), then end of headers (which starts the key lookups),
 * then the body in chunks. Return 0 or -1 (could not run; the check then
 * reports temperror). After dkim_check_eoh(), dkim_check_wants_body() is
 * false when no signature needs more of the body.
 */
int dkim_check_header(struct dkim_check *, const char *name, const char *value);
int dkim_check_eoh(struct dkim_check *);
int dkim_check_body(struct dkim_check *, const unsigned char *, size_t);
bool dkim_check_wants_body(const struct dkim_check *);

/* dkim_check_get_domain - after dkim_check_eoh(), the d= of the i-th
 * signature that will be verified (borrowed, valid until the check is
 * freed), or NULL past the last: a DMARC check can start the lookups its
 * alignment of that domain needs before end of message */
const char *dkim_check_get_domain(const struct dkim_check *, size_t i);

/*
 * dkim_check_eom - finish and append one dkim result per signature (or
 * "dkim=none" when unsigned) to ar, with header.d, header.i, header.s,
 * header.a, header.b and a reason where it helps. Returns 0 or -1 (ar
 * unchanged).
 */
int dkim_check_eom(struct dkim_check *, struct authres *ar);

#endif /* DKIM_CHECK_H */
