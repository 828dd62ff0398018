/*
 * domain.h - the syntax of a domain name as mail authentication takes it
 * (RFC 6376 3.5 d= and s=, RFC 7489 / RFC 9989 identities, RFC 7208 4.3):
 * dot-separated labels of letters, digits and hyphens (RFC 5321
 * sub-domain, A-labels included), checked before a name reaches DNS or
 * the Authentication-Results field.
 */
#ifndef DOMAIN_H
#define DOMAIN_H

#include <stdbool.h>
#include <stddef.h>

#define DOMAIN_NAME_MAX 253 /* octets, without a final dot (RFC 1035) */
#define DOMAIN_LABEL_MAX 63

/* domain_name_ok flags */
#define DOMAIN_NAME_ONE_LABEL 0x1 /* one label is enough (a selector) */
#define DOMAIN_NAME_ROOT_DOT 0x2  /* a final "." is allowed */

/*
 * domain_name_ok - is name (NUL-terminated) a domain name: labels of 1 to
 * 63 octets of letters, digits, '-' and '_', never starting or ending with
 * '-', separated by single dots, at most DOMAIN_NAME_MAX octets, and at
 * least two labels unless DOMAIN_NAME_ONE_LABEL? '_' is accepted because
 * real names carry it (_domainkey, selectors: RFC 2181 11). Anything else
 * (8-bit octets, white space, '(' ...) is refused. NULL is refused.
 */
bool domain_name_ok(const char *name, unsigned flags);

/* domain_is_within - is name equal to domain or one of its subdomains
 * (case-insensitive, label-aligned)? */
bool domain_is_within(const char *name, const char *domain);

#endif /* DOMAIN_H */
