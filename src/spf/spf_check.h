/*
 * spf_check.h - SPF (RFC 7208) for the HELO and MAIL FROM identities, with
 * libspf2 evaluating and every lookup going through the project resolver,
 * where the limits libspf2 lacks are enforced (10 DNS mechanisms, 10 MX/PTR
 * names each, 2 void lookups). libspf2 types stay inside this module.
 */
#ifndef SPF_CHECK_H
#define SPF_CHECK_H

#include <stdbool.h>

#include "authres/authres.h"
#include "dns/dns.h"

struct spf_verifier; /* process-wide, made at start-up, thread-safe */
struct spf_check;    /* one connection's SPF state, one thread at a time */

struct spf_options {
	const char *receiver;   /* our host name, for %{r} (NULL: hostname) */
	unsigned time_limit_ms; /* DNS waiting time of one transaction's
	                         * evaluations together (0: none); then
	                         * temperror "SPF time limit of N ms reached" */
};

/*
 * spf_verifier_new - create what libspf2 needs; call at start-up only,
 * because libspf2 aborts the process on some errors. NULL and a message
 * in err on failure. Free with spf_verifier_free() at exit.
 */
struct spf_verifier *spf_verifier_new(struct dns_resolver *,
    const struct spf_options *, char *err, size_t errlen);
void spf_verifier_free(struct spf_verifier *);

/* spf_lib_version - libspf2's version as it runs ("1.2.10") into buf */
void spf_lib_version(char *buf, size_t bufsz);

/* spf_check_new - SPF state for one client address (IPv4 or IPv6 text),
 * its lookups in group (the connection's; NULL: none); NULL when out of
 * memory or ip is not an address. */
struct spf_check *spf_check_new(
    struct spf_verifier *, struct dns_group *, const char *ip);
void spf_check_free(struct spf_check *);

/*
 * spf_check_start_helo / spf_check_start_mailfrom - note the identity and
 * start its first lookup (the SPF record) so DNS time overlaps the SMTP
 * dialog. helo must be given before mailfrom (an empty MAIL FROM, "<>" or
 * "", is checked as postmaster@helo, RFC 7208 2.4). A new MAIL FROM on the
 * same connection replaces the previous one and starts a new transaction's
 * time limit. A source route in MAIL FROM
 * is ignored (RFC 5321 4.1.2); domains are looked up as A-labels; a local
 * part over 64 octets or with controls is postmaster for the macros.
 * smtputf8: the MAIL command had SMTPUTF8, so a UTF-8 local part may be
 * echoed. Return 0 or -1 (no memory).
 */
int spf_check_start_helo(struct spf_check *, const char *helo);
int spf_check_start_mailfrom(
    struct spf_check *, const char *mailfrom, bool smtputf8);

/* spf_check_advance - where a record has arrived, start the lookups its
 * terms will need (includes, redirect, a, mx, exists without macros), so
 * the evaluation finds their answers in hand. Never blocks; NULL: no-op. */
void spf_check_advance(struct spf_check *);

/*
 * spf_check_helo / spf_check_mailfrom - evaluate and append exactly one
 * result to ar: "spf=<r> smtp.helo=<name>" or "spf=<r>
 * smtp.mailfrom=<addr>", with a reason or comment where it helps. A DNS
 * problem is a temperror result. Return 0, or -1 when the check could not
 * run at all (ar unchanged). Results are kept, so a second call appends
 * the same result without new lookups.
 */
int spf_check_helo(struct spf_check *, struct authres *ar);
int spf_check_mailfrom(struct spf_check *, struct authres *ar);

/* spf_check_get_result_mailfrom - the result of the last MAIL FROM
 * evaluation (NONE before one) */
enum authres_result spf_check_get_result_mailfrom(const struct spf_check *);

/* spf_check_get_note_mailfrom - why smtp.mailfrom leaves out part or all
 * of the last MAIL FROM (the comment it gets), or NULL (borrowed) */
const char *spf_check_get_note_mailfrom(const struct spf_check *);

/* spf_check_get_domain_mailfrom - the domain the MAIL FROM identity was
 * checked for (A-labels; HELO for the null sender), or NULL (borrowed) */
const char *spf_check_get_domain_mailfrom(const struct spf_check *);

/* spf_check_get_explanation - the expanded exp= text of the last MAIL FROM
 * fail, for an SMTP reply, or NULL (borrowed) */
const char *spf_check_get_explanation(const struct spf_check *);

#endif /* SPF_CHECK_H */
