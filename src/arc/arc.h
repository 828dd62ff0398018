/*
 * arc.h - ARC (RFC 8617) chain verification: the ARC sets of a message
 * grouped by instance, their structure checked, the newest
 * ARC-Message-Signature and every ARC-Seal verified (RSA-SHA256, keys of
 * at least 1024 bits, RFC 8301), and one "arc=" result with
 * smtp.remote-ip and header.oldest-pass. A malformed chain is fail with a
 * reason. Key lookups go through the project resolver, start at end of
 * headers, and decoded keys are cached. No third-party type appears here.
 */
#ifndef ARC_H
#define ARC_H

#include <stdbool.h>
#include <stddef.h>

#include "authres/authres.h"
#include "dns/dns.h"

struct arc_options {
	unsigned timeout_ms;       /* DNS waiting time of one message's key
	                            * lookups together; 0: 10000 */
	unsigned minimum_key_bits; /* 0 or less than 1024: 1024 */
	size_t key_cache_entries;  /* 0: 1000 */
	unsigned key_cache_ttl;    /* longest a key is kept, s; 0: 3600 */
	bool seal;                 /* keep what arc_check_seal() needs: the
	                            * header and a relaxed body hash */
};

/* The chain validation status (RFC 8617 4.4). */
enum arc_chain {
	ARC_CHAIN_NONE, /* no ARC set */
	ARC_CHAIN_PASS,
	ARC_CHAIN_FAIL
};

/* The three fields of one ARC set. */
enum arc_kind {
	ARC_AAR, /* ARC-Authentication-Results */
	ARC_AMS, /* ARC-Message-Signature */
	ARC_AS   /* ARC-Seal */
};

struct arc_verifier; /* configuration and key cache, shared by threads */
struct arc_check;    /* one message, one thread at a time */

/* arc_verifier_new - a verifier over res (which must outlive it); NULL
 * with the reason in err on failure. Freed with arc_verifier_free(). */
struct arc_verifier *arc_verifier_new(struct dns_resolver *res,
    const struct arc_options *, char *err, size_t errlen);
void arc_verifier_free(struct arc_verifier *);

/* arc_check_new - a check of one message whose lookups join group (the
 * connection's; NULL: none); id names it in logs (may be NULL). NULL when
 * out of memory. Freed with arc_check_free(), which cancels lookups. */
struct arc_check *arc_check_new(
    struct arc_verifier *, struct dns_group *group, const char *id);
void arc_check_free(struct arc_check *);

/*
 * Feed the message: every header field in order (value is all after the
 * colon, folded with LF or CRLF), then end of headers (the chain is
 * grouped and its key lookups start), then the body in chunks while
 * arc_check_wants_body() holds. Each returns 0, or -1 when out of memory
 * (eom then reports it).
 */
int arc_check_header(struct arc_check *, const char *name, const char *value);
int arc_check_eoh(struct arc_check *);
int arc_check_body(struct arc_check *, const unsigned char *, size_t);
bool arc_check_wants_body(const struct arc_check *);

/*
 * arc_check_eom - wait (within the time limit) for the keys, verify and
 * append exactly one result to ar: "arc=pass|fail|none" with
 * smtp.remote-ip=ip (when ip is not NULL), header.oldest-pass=N (when
 * computable and the chain passes) and a reason on fail. Returns 0, or -1
 * when it could not run (ar unchanged).
 */
int arc_check_eom(struct arc_check *, const char *ip, struct authres *ar);

/* Getters for the sealer and the DMARC override (after eom). */
/* arc_check_get_chain - the chain's status (NONE before eom) */
enum arc_chain arc_check_get_chain(const struct arc_check *);
/* arc_check_get_instances - the highest instance N of a well-formed
 * chain (sets 1..N all present), 0 when none or malformed */
unsigned arc_check_get_instances(const struct arc_check *);
/* arc_check_get_field - the value (all after the colon) of instance i's
 * field of kind k, and its name as it arrived into *name when not NULL;
 * NULL when i is not 1..N (borrowed until the check is freed) */
const char *arc_check_get_field(
    const struct arc_check *, unsigned i, enum arc_kind k, const char **name);
/* arc_check_get_sealer - the d= and s= of instance i's ARC-Seal, or NULL
 * (borrowed) */
const char *arc_check_get_sealer(const struct arc_check *, unsigned i);
const char *arc_check_get_selector(const struct arc_check *, unsigned i);
/* arc_check_get_oldest_pass - RFC 8617 5.2 step 5 after a pass: the
 * oldest instance whose AMS still validates, 0 when all do; -1 when not
 * computed (the chain did not pass) */
int arc_check_get_oldest_pass(const struct arc_check *);
/* arc_check_dns_failed - the chain failed because a key lookup failed
 * in DNS: it must not feed a DMARC override or a seal's cv */
bool arc_check_dns_failed(const struct arc_check *);
/* arc_check_get_reason - why the chain failed, or NULL (borrowed) */
const char *arc_check_get_reason(const struct arc_check *);

/* arc_seal_key_load - the sealer's PEM RSA private key (>= 1024 bits,
 * not readable by others), or NULL with why in err */
struct evp_pkey_st;
struct evp_pkey_st *arc_seal_key_load(const char *path, char *err, size_t);

/* arc_seal_sign - the base64 rsa-sha256 signature (RFC 8617 5.1.1 b=) of
 * data into out (NUL-terminated); 0, or -1 when out is too small or the
 * signing failed */
int arc_seal_sign(struct evp_pkey_st *, const char *data, size_t len, char *out,
    size_t outsz);

/* arc_seal_plan - for a chain of status chain and highest instance n: 0
 * and the new set's *i and *cv, or -1 when we must not seal (n at 50, or
 * the chain failed because of our DNS trouble) */
int arc_seal_plan(
    enum arc_chain, unsigned n, bool dns_failed, unsigned *i, const char **cv);

/* arc_seal_aar, arc_seal_as_value - the new AAR value ("i=N; " and our
 * A-R value) and ARC-Seal value ending in an empty b=; 0, or -1 when it
 * does not fit in out */
int arc_seal_aar(unsigned i, const char *ar, char *out, size_t outsz);
int arc_seal_as_value(unsigned i, const char *cv, const char *d, const char *s,
    long long t, char *out, size_t outsz);

/* The sealer (ARCSealKey, ARCSealDomain, ARCSealSelector): the key loaded
 * once, read-only, shared by threads. Checks made by a verifier with
 * o.seal keep what sealing needs. */
struct arc_sealer;
struct arc_sealer *arc_sealer_new(const char *keyfile, const char *domain,
    const char *selector, char *err, size_t errlen);
void arc_sealer_free(struct arc_sealer *);
/* arc_sealer_set_headers - sign exactly the colon list hlist (h=) instead
 * of the present fields of the default list; -1 when too long */
int arc_sealer_set_headers(struct arc_sealer *, const char *hlist);

/* Our ARC set: the three field values (malloc'ed), i= and cv=. */
struct arc_seal_fields {
	char *aar, *ams, *as;
	unsigned i;
	const char *cv; /* static */
};
/*
 * arc_check_seal - after eom, our set over ck's chain: AAR "i=N+1;
 * ar_value", AMS and AS signed with sl at time now. 0, or -1 with why
 * (static) when we must not seal (i=50, a chain whose newest seal says
 * cv=fail or too malformed to number, our own DNS trouble) or could not.
 */
int arc_check_seal(const struct arc_check *ck, const struct arc_sealer *sl,
    const char *ar_value, long long now, struct arc_seal_fields *out,
    const char **why);
void arc_seal_fields_free(struct arc_seal_fields *);

#endif /* ARC_H */
