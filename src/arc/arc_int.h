/*
 * arc_int.h - the pieces of ARC (RFC 8617) shared by the files of the arc
 * module and by the sealer: the tag-list parser (RFC 6376 3.2), header and
 * body canonicalization (RFC 6376 3.4), SHA-256 hashing, the header
 * selection of an h= list (RFC 6376 5.4.2) and the public key record
 * parser and cache (RFC 6376 3.6.1, RSA of at least 1024 bits, RFC 8301).
 * OpenSSL types stay in the .c files; every buffer here has a cap.
 */
#ifndef ARC_INT_H
#define ARC_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARC_INSTANCE_MAX 50       /* RFC 8617 4.2.1: i= is 1..50 */
#define ARC_FIELD_MAX (16 * 1024) /* octets of one ARC field's value */
#define ARC_TAGS_MAX 32           /* tags in one tag-list */
#define ARC_HEADERS_MAX 1000      /* header fields kept of a message */
#define ARC_HLIST_MAX 64          /* names in one h= list */
#define ARC_DOMAIN_MAX 254        /* d= and s= (RFC 1035 limits) */
#define ARC_KEY_BITS_MIN 1024     /* RFC 8301 3.2 */
#define ARC_SHA256_LEN 32

/* One tag=value of a tag-list: both point into the parsed text, with
 * surrounding whitespace (FWS) trimmed; value may hold inner FWS. */
struct arc_tag {
	const char *name;
	size_t namelen;
	const char *value;
	size_t valuelen;
};

struct arc_taglist {
	struct arc_tag tag[ARC_TAGS_MAX];
	size_t n;
};

/*
 * arc_tags_parse - parse text[0..len) as a tag-list (RFC 6376 3.2), any
 * tag order, a trailing ";" allowed. Refuses a duplicate tag name, a tag
 * without "=", a bad tag name, a control character other than FWS, more
 * than ARC_TAGS_MAX tags. Returns 0, or -1 with the reason in err. The
 * tags point into text, which must outlive tl.
 */
int arc_tags_parse(const char *text, size_t len, struct arc_taglist *tl,
    char *err, size_t errlen);

/* arc_tags_get - the tag called name, or NULL (borrowed from tl) */
const struct arc_tag *arc_tags_get(const struct arc_taglist *, const char *);

/* arc_tag_copy - the value of t without any whitespace into buf (cap
 * bufsz, NUL-terminated); -1 when it does not fit */
int arc_tag_copy(const struct arc_tag *t, char *buf, size_t bufsz);

enum arc_canon {
	ARC_CANON_SIMPLE, /* RFC 6376 3.4.1, 3.4.3 */
	ARC_CANON_RELAXED /* RFC 6376 3.4.2, 3.4.4 */
};

/* arc_canon_parse - c= "header[/body]" into hc and bc (body defaults to
 * simple, RFC 6376 3.5); -1 for an unknown word */
int arc_canon_parse(
    const char *c, size_t len, enum arc_canon *hc, enum arc_canon *bc);

/* A growable output with a hard cap and a sticky error. */
struct arc_buf {
	char *data;
	size_t len, cap, max;
	int error; /* first failure wins; later adds are no-ops */
};

void arc_buf_init(struct arc_buf *, size_t max);
void arc_buf_add(struct arc_buf *, const char *, size_t);
void arc_buf_free(struct arc_buf *);

/*
 * arc_canon_header - append the canonical form of one header field
 * "name:value" (value: all after the colon, folded with CRLF or LF) to
 * out, ending in CRLF unless strip_crlf (the signature field itself is
 * hashed without its final CRLF, RFC 6376 3.7).
 */
void arc_canon_header(struct arc_buf *out, enum arc_canon, const char *name,
    const char *value, bool strip_crlf);

/*
 * arc_blank_b - value with the value of its b= tag emptied (RFC 6376
 * 3.7: "b=" kept, what follows removed up to the next ";"), written to
 * out (cap as made). -1 when value has no b= tag.
 */
int arc_blank_b(struct arc_buf *out, const char *value);

/* SHA-256 over a stream; opaque (OpenSSL inside). */
struct arc_hash;
struct arc_hash *arc_hash_new(void); /* NULL when out of memory */
void arc_hash_update(struct arc_hash *, const void *, size_t);
/* arc_hash_final - the digest into out; -1 on failure; frees h */
int arc_hash_final(struct arc_hash *h, unsigned char out[ARC_SHA256_LEN]);
void arc_hash_free(struct arc_hash *);

/*
 * The body canonicalizer and hasher (RFC 6376 3.4.3, 3.4.4, 3.7): fed the
 * body in chunks of any size (CRLF or bare LF line ends), it keeps only
 * the pending empty lines and whitespace, never the body. limit: l= (the
 * octets of canonical body hashed), or -1 for all of it.
 */
struct arc_body;
struct arc_body *arc_body_new(enum arc_canon, int64_t limit);
void arc_body_update(struct arc_body *, const unsigned char *, size_t);
/* arc_body_done - true once l= octets are hashed (more is not needed) */
bool arc_body_done(const struct arc_body *);
/* arc_body_final - digest into out and the canonical octets hashed
 * (fewer than l= when the body is shorter) into hashed; -1 on failure */
int arc_body_final(
    struct arc_body *, unsigned char out[ARC_SHA256_LEN], uint64_t *hashed);
void arc_body_free(struct arc_body *);

/* One header field of the message as it arrived. */
struct arc_field {
	char *name;
	char *value; /* all after the colon */
};

/*
 * arc_select_headers - RFC 6376 5.4.2: for each name of the colon list
 * hlist (any case, FWS allowed), from first to last, the bottom-most
 * field of that name not chosen yet among fields[0..n) (in arrival
 * order); a name with none left selects nothing (SIZE_MAX in idx, hashed
 * as nothing). Writes at most max indexes to idx and their number to
 * nidx. -1 when hlist is empty, malformed or longer than max.
 */
int arc_select_headers(const struct arc_field *fields, size_t n,
    const char *hlist, size_t hlen, size_t *idx, size_t max, size_t *nidx);

/* A decoded public key (refcounted, immutable, shareable by threads). */
struct arc_key;

/*
 * arc_key_parse - a key record (RFC 6376 3.6.1: v=DKIM1 optional and
 * first, k=rsa (default), h= containing sha256 if present, p= base64 of a
 * SubjectPublicKeyInfo or an RSAPublicKey). Refuses an empty p= (revoked),
 * other key types, keys under min_bits. Returns the key (caller releases
 * it with arc_key_unref) or NULL with the reason in err.
 */
struct arc_key *arc_key_parse(
    const char *rec, size_t len, unsigned min_bits, char *err, size_t errlen);
struct arc_key *arc_key_ref(struct arc_key *);
void arc_key_unref(struct arc_key *);
unsigned arc_key_bits(const struct arc_key *);

/* arc_key_verify - does sig (RSASSA-PKCS1-v1_5) sign the SHA-256 digest
 * of the data hashed into digest? */
bool arc_key_verify(const struct arc_key *,
    const unsigned char digest[ARC_SHA256_LEN], const unsigned char *sig,
    size_t siglen);

/* arc_base64_decode - decode base64 (whitespace ignored) into out; the
 * decoded length, or -1 on bad input or when it exceeds outsz */
long arc_base64_decode(
    const char *in, size_t len, unsigned char *out, size_t outsz);

/*
 * The key cache: decoded keys keyed by "selector._domainkey.domain",
 * each kept for its DNS TTL (capped by max_ttl) and at most max entries,
 * evicting the oldest. Thread-safe.
 */
struct arc_keycache;
struct arc_keycache *arc_keycache_new(size_t max, unsigned max_ttl);
void arc_keycache_free(struct arc_keycache *);
/* arc_keycache_get - a reference to the cached key, or NULL (miss) */
struct arc_key *arc_keycache_get(struct arc_keycache *, const char *name);
/* arc_keycache_put - remember key for ttl seconds (takes a reference) */
void arc_keycache_put(
    struct arc_keycache *, const char *name, struct arc_key *key, unsigned ttl);

#endif /* ARC_INT_H */
