/*
 * rdns.h - iprev (RFC 8601 3): the client address's PTR names, each looked
 * up forward (A or AAAA), pass when one maps back to the address. At most
 * RDNS_MAX_NAMES names are tried; CNAME chains are bounded by the resolver.
 * Results (RFC 8601 2.7.3): pass; fail (PTR names, none of which maps
 * back); permerror (no PTR data: NXDOMAIN or NODATA, or an answer that
 * cannot be used); temperror (a DNS error, or the chain's time limit,
 * kept us from knowing).
 */
#ifndef RDNS_H
#define RDNS_H

#include "authres/authres.h"
#include "dns/dns.h"

#define RDNS_MAX_NAMES 10

struct rdns_check; /* one client address being checked */

/*
 * rdns_check_start - start the PTR lookup for ip (IPv4 or IPv6 text) and
 * return at once; its lookups are in group (the connection's; NULL:
 * none). time_limit_ms bounds the time finish may wait for the whole
 * chain (0: none; see struct dns_budget). Returns NULL when out of
 * memory. The caller finishes it with rdns_check_finish() or drops it
 * with rdns_check_free().
 */
struct rdns_check *rdns_check_start(struct dns_resolver *, struct dns_group *,
    const char *ip, unsigned time_limit_ms);

/*
 * rdns_check_advance - when the PTR answer has arrived, start the forward
 * lookups of its names, so they overlap the SMTP dialog; otherwise do
 * nothing. Never waits; may be called any number of times, at any stage
 * before finish (NULL: no-op). Returns 0, or -1 when out of memory
 * (finish then tries again and reports it).
 */
int rdns_check_advance(struct rdns_check *);

/*
 * rdns_check_finish - wait for the lookups and append exactly one iprev
 * result to ar: "iprev=<r> policy.iprev=<ip>" with the verified name (or
 * what went wrong) as a comment. Returns 0, or -1 when the result could
 * not be appended (ar unchanged). May be called once.
 */
int rdns_check_finish(struct rdns_check *, struct authres *ar);

/* rdns_check_get_name - the verified name after a pass, else NULL
 * (borrowed, valid until rdns_check_free) */
const char *rdns_check_get_name(const struct rdns_check *);

/* rdns_check_get_result - the result after finish (NONE before) */
enum authres_result rdns_check_get_result(const struct rdns_check *);

void rdns_check_free(struct rdns_check *);

#endif /* RDNS_H */
