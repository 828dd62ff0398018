/*
 * dmarc.h - DMARC (RFC 9989): the author domain from the From field(s),
 * policy discovery by the DNS tree walk (or, on request, the RFC 7489
 * public suffix list), identifier alignment of the caller's SPF and DKIM
 * results, and one "dmarc=" result in the message's struct authres. It
 * refuses From fields it cannot read unambiguously (permerror) and never
 * turns a DNS failure that could change the outcome into fail
 * (temperror). No third-party type appears here.
 */
#ifndef DMARC_H
#define DMARC_H

#include <stdbool.h>
#include <stddef.h>

#include "authres/authres.h"
#include "dns/dns.h"

enum dmarc_mode {
	DMARC_MODE_TREEWALK, /* RFC 9989 4.10 */
	DMARC_MODE_PSL,      /* RFC 7489 3.2 and 6.6.3 */
	DMARC_MODE_AUTO      /* tree walk; the list when it finds no record */
};

/* A Domain Owner Assessment Policy (p=, sp=, np=). */
enum dmarc_policy {
	DMARC_POLICY_UNSET, /* no record applied */
	DMARC_POLICY_NONE,
	DMARC_POLICY_QUARANTINE,
	DMARC_POLICY_REJECT
};

struct dmarc_options {
	enum dmarc_mode mode;
	const char *psl_path; /* NULL: DMARC_PSL_DEFAULT (psl and auto) */
	unsigned timeout_ms; /* time all joins of a message may wait; 0: 5000 */
};

#define DMARC_PSL_DEFAULT "/usr/share/publicsuffix/public_suffix_list.dat"

/* One DKIM signature's outcome, from the DKIM check. */
struct dmarc_dkim_input {
	enum authres_result result; /* PASS counts; TEMPERROR may */
	const char *domain;         /* its d= */
};

/* What the other checks found, given at end of message. */
struct dmarc_inputs {
	enum authres_result spf_result; /* of the MAIL FROM identity */
	const char *spf_domain;         /* its domain (NULL: none) */
	const struct dmarc_dkim_input *dkim;
	size_t ndkim;
};

struct dmarc_verifier; /* configuration, shared by all threads */
struct dmarc_check;    /* one message, one thread at a time */

/*
 * dmarc_verifier_new - a verifier over res (which must outlive it). Loads
 * the public suffix list for the psl and auto modes. On error returns
 * NULL and writes the reason into err. Freed with dmarc_verifier_free().
 */
struct dmarc_verifier *dmarc_verifier_new(struct dns_resolver *res,
    const struct dmarc_options *, char *err, size_t errlen);
void dmarc_verifier_free(struct dmarc_verifier *);

/*
 * dmarc_check_new - a check of one message whose lookups join group (the
 * connection's; NULL: none). NULL when out of memory. The caller frees it
 * with dmarc_check_free(), which cancels what is still on the wire.
 */
struct dmarc_check *dmarc_check_new(
    struct dmarc_verifier *, struct dns_group *group);

/*
 * dmarc_check_from - record the value of one From field (unfolded or
 * not), in the order seen; call it for every From field. Returns 0, or
 * -1 when out of memory.
 */
int dmarc_check_from(struct dmarc_check *, const char *value);

/*
 * dmarc_check_start - at end of headers: find the author domain and start
 * the policy lookups; returns at once. Returns 0, or -1 when out of
 * memory (eom then reports it).
 */
int dmarc_check_start(struct dmarc_check *);

/*
 * dmarc_check_identifier - note a domain that may be aligned at end of
 * message (the MAIL FROM domain, a DKIM d= seen at end of headers), so
 * that the lookups its relaxed alignment needs start once the author's
 * record is known instead of at end of message. Optional; eom works
 * without it. Returns 0 (a domain that cannot align is ignored).
 */
int dmarc_check_identifier(struct dmarc_check *, const char *domain);

/* dmarc_check_advance - read answers that have arrived and start the
 * lookups they call for; never waits (NULL: no-op) */
void dmarc_check_advance(struct dmarc_check *);

/*
 * dmarc_check_eom - wait (within the time limit) for the lookups, align
 * in's identifiers and append exactly one result to ar:
 * "dmarc=<r> [reason] header.from=<domain> [policy.dmarc=<policy>]"
 * (RFC 9989 9.1: the policy after sp=, np= and t=y) with the comment
 * "(p=.. sp=.. dis=..)" when a record applied. Returns 0, or -1 when it
 * could not run (ar unchanged).
 */
int dmarc_check_eom(
    struct dmarc_check *, const struct dmarc_inputs *in, struct authres *ar);

/* dmarc_check_get_result - the result after eom (NONE before) */
enum authres_result dmarc_check_get_result(const struct dmarc_check *);
/* dmarc_check_get_policy - the policy that applied after sp=, np= and
 * t=y (UNSET: no record), whatever the result */
enum dmarc_policy dmarc_check_get_policy(const struct dmarc_check *);
/* dmarc_check_get_disposition - what the owner asks for this message:
 * the policy after a fail, NONE after any other result with a record */
enum dmarc_policy dmarc_check_get_disposition(const struct dmarc_check *);
/* dmarc_check_get_domain - the author domain, or NULL (borrowed) */
const char *dmarc_check_get_domain(const struct dmarc_check *);
/* dmarc_check_get_policy_domain - where the record was, or NULL */
const char *dmarc_check_get_policy_domain(const struct dmarc_check *);
/* dmarc_check_get_org_domain - the author's organizational domain after
 * eom, or NULL when unknown (borrowed) */
const char *dmarc_check_get_org_domain(const struct dmarc_check *);

/* The record that applied, as published (for aggregate reports). */
struct dmarc_published {
	enum dmarc_policy p, sp, np; /* sp, np: UNSET when absent */
	bool adkim_strict, aspf_strict, testing;
	const char *fo, *rua; /* as published, "" when absent (borrowed) */
};
/* dmarc_check_get_published - the record after eom into *pub; -1 when
 * no record applied */
int dmarc_check_get_published(
    const struct dmarc_check *, struct dmarc_published *pub);
/* dmarc_check_get_aligned - after eom: was there an aligned SPF pass,
 * an aligned DKIM pass? */
void dmarc_check_get_aligned(const struct dmarc_check *, bool *spf, bool *dkim);

/* dmarc_mode_name - "treewalk", "psl", "auto" (DMARCDiscovery's words) */
const char *dmarc_mode_name(enum dmarc_mode);
/* dmarc_mode_from_name - the mode a word names (any case); -1 for none */
int dmarc_mode_from_name(const char *);

/* dmarc_policy_name - "none", "quarantine", "reject" (UNSET: "unset") */
const char *dmarc_policy_name(enum dmarc_policy);

void dmarc_check_free(struct dmarc_check *);

#endif /* DMARC_H */
