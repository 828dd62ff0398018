/*
 * arc_check_int.h - the state of one message's ARC check and the chain
 * grouping it rests on, shared by the files of the arc module (and read
 * by the sealer): the sets by instance (RFC 8617 5.2 steps 1-3), the key
 * and body-hash slots, the verifier. Built on arc_int.h.
 */
#ifndef ARC_CHECK_INT_H
#define ARC_CHECK_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arc/arc.h"
#include "arc/arc_int.h"

/* One ARC set as found in the header: indexes into the message's
 * fields, and the parsed tags of its AMS and AS (pointing into them). */
struct arc_set {
	size_t aar, ams, as; /* field indexes */
	struct arc_taglist ams_tags, as_tags;
	char d[ARC_DOMAIN_MAX], s[ARC_DOMAIN_MAX]; /* the AS's */
	char ams_d[ARC_DOMAIN_MAX], ams_s[ARC_DOMAIN_MAX];
	enum arc_canon hc, bc; /* the AMS's c= */
	int64_t l;             /* the AMS's l=, -1: none */
};

/* The ARC sets of a message, grouped (RFC 8617 5.2 steps 1-3). */
struct arc_chain_sets {
	unsigned n;                               /* N: sets 1..N */
	struct arc_set set[ARC_INSTANCE_MAX + 1]; /* set[1..n] */
	char why[128]; /* why the chain is malformed ("" when not) */
};

/*
 * arc_chain_group - find the ARC fields among fields[0..nf), group them
 * by i= and check the structure: exactly one AAR, AMS and AS per
 * instance, instances 1..N with N <= 50, cv=none at 1 and pass above
 * (the newest cv=fail first), the required tags, a=rsa-sha256, no h= in a
 * seal. Returns 0 with cs->n sets (0: none), or -1 (chain fails) with
 * the reason in cs->why. Never allocates.
 */
int arc_chain_group(
    const struct arc_field *fields, size_t nf, struct arc_chain_sets *cs);

#define ARC_KEYNAME_MAX (2 * ARC_DOMAIN_MAX + 16) /* s._domainkey.d */
#define ARC_HEADER_BYTES_MAX (1024 * 1024)        /* header octets kept */
#define ARC_BODIES_MAX 8 /* distinct (c=, l=) body hashes of a message */

/* The verifier: options and the key cache, shared by threads. */
struct arc_verifier {
	struct dns_resolver *res;
	struct arc_options o;
	struct arc_keycache *cache;
};

struct dns_query;

/* A key one of the chain's signatures needs. */
struct arc_keyslot {
	char name[ARC_KEYNAME_MAX];
	struct dns_query *q;            /* in flight, or NULL */
	struct arc_key *key;            /* decoded, or NULL */
	bool dns_failed;                /* the lookup failed in DNS */
	char why[ARC_KEYNAME_MAX + 48]; /* why there is no key */
};

/* A body hash one or more AMSes need. */
struct arc_bodyslot {
	enum arc_canon bc;
	int64_t l;
	struct arc_body *b;
	unsigned char hash[ARC_SHA256_LEN];
	uint64_t hashed;
	bool done;
};

/* The state of one message (arc_check.c); the files of the module and
 * the sealer read it, arc_check.c alone changes its lifecycle. */
struct arc_check {
	struct arc_verifier *v;
	struct dns_group *group;
	char id[64];
	struct arc_field *f; /* the header fields, in order */
	size_t nf, capf, hbytes;
	bool overflow; /* more header than kept */
	bool arc_seen; /* an ARC field arrived */
	bool oom;
	bool eoh, eom;
	int grouped;               /* 0 sets grouped, -1 malformed */
	struct arc_chain_sets *cs; /* made at eoh when an ARC field came */
	struct arc_keyslot *keys;  /* 2 * ARC_INSTANCE_MAX of them, too */
	size_t nkeys;
	struct arc_bodyslot bodies[ARC_BODIES_MAX];
	size_t nbodies;
	unsigned char ams_body[ARC_INSTANCE_MAX + 1]; /* bodies[] index */
	unsigned char ams_key[ARC_INSTANCE_MAX + 1];  /* keys[] index */
	unsigned char as_key[ARC_INSTANCE_MAX + 1];
	int seal_body; /* bodies[] index of the sealer's hash, or -1 */
	int result;    /* enum arc_chain */
	int oldest_pass;
	bool dns_failed;
	char reason[160];
};

/* arc_verify_chain - eom: the keys are in ck->keys, the body hashes
 * final; sets ck->result, ck->oldest_pass, ck->reason, ck->dns_failed
 * (arc_verify.c) */
void arc_verify_chain(struct arc_check *ck);

#endif /* ARC_CHECK_INT_H */
