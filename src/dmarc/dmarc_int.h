/*
 * dmarc_int.h - the parts of src/dmarc that the unit tests and fuzz
 * targets reach directly: the From parser, the record parser and the
 * organizational-domain rule of the tree walk. Not an interface for other
 * modules: they use dmarc.h.
 */
#ifndef DMARC_INT_H
#define DMARC_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "dmarc/dmarc.h"
#include "dns/dns.h"

#define DMARC_DOMAIN_MAX 254     /* 253 octets and the NUL */
#define DMARC_FROM_MAX_LEN 65536 /* octets of one From field value */
#define DMARC_FROM_MAX_ADDRS 64  /* addresses in one From field */
#define DMARC_FROM_MAX_FIELDS 8  /* From fields kept (more: still refused) */
#define DMARC_URI_MAX 1024       /* rua=, ruf= kept up to this */
#define DMARC_WALK_MAX 8         /* RFC 9989 4.10: at most 8 queries */

enum dmarc_from_status {
	DMARC_FROM_OK,
	DMARC_FROM_NONE,      /* no From field */
	DMARC_FROM_FIELDS,    /* more than one From field */
	DMARC_FROM_DOMAINS,   /* addresses of different domains */
	DMARC_FROM_EMPTY,     /* a From without any address */
	DMARC_FROM_SYNTAX,    /* not an RFC 5322 3.4 address list */
	DMARC_FROM_LITERAL,   /* a domain literal: [192.0.2.1] */
	DMARC_FROM_BADDOMAIN, /* not a host name, or IDNA refused it */
	DMARC_FROM_LIMIT      /* over a DMARC_FROM_MAX_* cap */
};

/*
 * dmarc_from_domain - the one author domain of n From field values
 * (vals[i] of lens[i] octets, NUL allowed and refused): lower-case
 * A-labels, no trailing dot, written to out (DMARC_DOMAIN_MAX octets).
 * Several addresses with one domain give that domain (RFC 9989 4.4).
 */
enum dmarc_from_status dmarc_from_domain(const char *const *vals,
    const size_t *lens, size_t n, char *out, size_t outlen);
/* dmarc_from_strerror - "several From fields"..., never NULL */
const char *dmarc_from_strerror(enum dmarc_from_status);
/* dmarc_domain_normalise - a domain as text (UTF-8 or A-labels, a
 * trailing dot allowed) to lower-case A-labels in out; false when it is
 * not a host name */
bool dmarc_domain_normalise(
    const char *in, size_t len, char *out, size_t outlen);

enum dmarc_psd { DMARC_PSD_U, DMARC_PSD_Y, DMARC_PSD_N };

struct dmarc_record {
	enum dmarc_policy p, sp, np; /* sp, np: UNSET when absent */
	bool adkim_strict, aspf_strict;
	enum dmarc_psd psd;
	bool testing;            /* t=y */
	bool p_from_rua;         /* no valid p=, taken as none (rua=) */
	char rua[DMARC_URI_MAX]; /* as published; "" when absent */
	char ruf[DMARC_URI_MAX];
	char fo[32];
	bool uri_overflow; /* rua= or ruf= longer than kept */
};

enum dmarc_record_status {
	DMARC_RECORD_OK,
	DMARC_RECORD_NOT_DMARC, /* does not start with v=DMARC1: discarded */
	DMARC_RECORD_INVALID    /* a DMARC record that cannot be used */
};

/* dmarc_record_parse - parse one TXT record (len octets) into rec; why
 * (may be NULL) gets a short reason for INVALID */
enum dmarc_record_status dmarc_record_parse(
    const char *txt, size_t len, struct dmarc_record *rec, const char **why);

/* dmarc_record_policy - the policy r sets for the author domain: own
 * (the record is the author domain's) p=; else np= when the author
 * domain is NXDOMAIN and np= is set, else sp=, else p=; then t=y */
enum dmarc_policy dmarc_record_policy(
    const struct dmarc_record *r, bool own, bool nxdomain);
/* dmarc_record_needs_probe - would NXDOMAIN change that policy? */
bool dmarc_record_needs_probe(const struct dmarc_record *r, bool own);
/* dmarc_record_subpolicy - sp=, else p= (for the comment) */
enum dmarc_policy dmarc_record_subpolicy(const struct dmarc_record *r);

/* What a walk learned at one name. */
enum dmarc_level_state {
	DMARC_LEVEL_PENDING,
	DMARC_LEVEL_NONE,     /* no record (none, or several) */
	DMARC_LEVEL_INVALID,  /* one DMARC record, unusable: no policy */
	DMARC_LEVEL_RECORD,   /* exactly one valid record */
	DMARC_LEVEL_TEMPFAIL, /* DNS failure: unknown */
	DMARC_LEVEL_SKIPPED   /* not asked: the walk stopped before */
};

struct dmarc_level {
	char name[DMARC_DOMAIN_MAX]; /* the domain, without "_dmarc." */
	enum dmarc_level_state state;
	struct dmarc_record rec;
	bool several;        /* NONE because several records were published */
	const char *invalid; /* INVALID: why */
	char detail[96];     /* TEMPFAIL: what the resolver said */
};

/* dmarc_walk_names - the names of the tree walk from domain, longest
 * first (RFC 9989 4.10 steps 4-8); returns how many (<= 8) */
size_t dmarc_walk_names(
    const char *domain, char names[][DMARC_DOMAIN_MAX], size_t max);

enum dmarc_walk_status { DMARC_WALK_FOUND, DMARC_WALK_UNKNOWN };

/* dmarc_walk_org - the organizational domain (RFC 9989 4.10.2) of the
 * walk's start lv[0].name from its n levels into out; UNKNOWN when a DNS
 * failure could change it. *anchored: a record was found. */
enum dmarc_walk_status dmarc_walk_org(const struct dmarc_level *lv, size_t n,
    char *out, size_t outlen, bool *anchored);

/* dmarc_walk_policy - the index of the policy record in *at (RFC 9989
 * 4.10.1: the author domain's, valid or INVALID, else the organizational
 * domain's, else the public suffix domain's; without treewalk the first
 * found), or AUTHRES_NPOS for none; UNKNOWN when a failed lookup could
 * change it */
enum dmarc_walk_status dmarc_walk_policy(
    const struct dmarc_level *lv, size_t n, bool treewalk, size_t *at);

/* dmarc_level_set - fill lv from the TXT records of one answer */
void dmarc_level_set(struct dmarc_level *lv, const struct dns_answer *a);

/* The lookups of one walk: all started at once, joined in order. */
struct dmarc_walk {
	struct dmarc_level lv[DMARC_WALK_MAX];
	struct dns_query *q[DMARC_WALK_MAX];
	size_t n;
	bool treewalk; /* psd= ends the walk (RFC 9989 4.10) */
};

/* dmarc_walk_start - start the TXT lookups of _dmarc.<names[i]>; -1 when
 * out of memory (what started is cancelled) */
int dmarc_walk_start(struct dmarc_walk *, struct dns_resolver *,
    struct dns_group *, char names[][DMARC_DOMAIN_MAX], size_t n,
    bool treewalk);
/* dmarc_walk_poll - take in the answers that have arrived; never waits */
void dmarc_walk_poll(struct dmarc_walk *);
/* dmarc_walk_join - wait (within b) for what the outcome needs; the
 * lookups after a psd= stop are cancelled */
void dmarc_walk_join(struct dmarc_walk *, struct dns_budget *b);
/* dmarc_walk_cancel - drop the lookups still on the wire */
void dmarc_walk_cancel(struct dmarc_walk *);

#endif /* DMARC_INT_H */
