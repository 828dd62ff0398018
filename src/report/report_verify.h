/*
 * report_verify.h - external destination verification (RFC 9990 3.3 and
 * RFC 9989): a domain may have its aggregate reports sent to an address
 * outside its organizational domain only when the destination publishes
 * "<policy-domain>._report._dmarc.<destination-host>" TXT "v=DMARC1...".
 * Organizational domains come from the public suffix list (libpsl); no
 * third-party type appears here.
 */
#ifndef REPORT_VERIFY_H
#define REPORT_VERIFY_H

#include <stddef.h>

struct dns_resolver;
struct report_verifier; /* opaque: the resolver and the suffix list */

/* What the destination's DNS says about one report relationship. */
enum report_verdict {
	REPORT_DEST_SAME_ORG,   /* same organizational domain: no lookup */
	REPORT_DEST_AUTHORIZED, /* exactly one TXT record, v=DMARC1 */
	REPORT_DEST_REFUSED,    /* no such record, several, or not DMARC1 */
	REPORT_DEST_TEMPFAIL    /* the DNS did not answer: try later */
};

/*
 * report_verifier_new - verify through dns (borrowed, must outlive it)
 * with the suffix list at psl_path (NULL: Debian's). Without a usable
 * list every destination outside the policy domain and its subdomains is
 * looked up. NULL only when out of memory.
 */
struct report_verifier *report_verifier_new(
    struct dns_resolver *dns, const char *psl_path);
/* report_verifier_free - free v; NULL is a no-op */
void report_verifier_free(struct report_verifier *v);

/*
 * report_verify_dest - may reports for policy_domain go to dest_domain
 * (the host part of a mailto: address)? Both are lower-case or not; any
 * case is accepted.
 */
enum report_verdict report_verify_dest(struct report_verifier *v,
    const char *policy_domain, const char *dest_domain);
#endif
