/*
 * arc_key.c - public key records (RFC 6376 3.6.1) decoded into OpenSSL
 * keys, RSA of at least 1024 bits only (RFC 8301 3.2; RFC 8617 allows
 * rsa-sha256 alone), signature checks, and a thread-safe cache of decoded
 * keys bounded by entry count and TTL (decoding costs several verifies).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "arc/arc_int.h"

#define ARC_KEY_DER_MAX 2048 /* decoded p=: RSA up to 16384 bits */

struct arc_key {
	EVP_PKEY *pkey;
	unsigned bits;
	atomic_uint refs;
};

/* key_fail - the reason into err, NULL */
static struct arc_key *
key_fail(char *err, size_t errlen, const char *why)
{
	if (err != NULL && errlen > 0)
		(void)strlcpy(err, why, errlen);
	return NULL;
}

/* key_decode - DER of a SubjectPublicKeyInfo or an RSAPublicKey */
static EVP_PKEY *
key_decode(const unsigned char *der, long n)
{
	const unsigned char *p = der;
	EVP_PKEY *k = d2i_PUBKEY(NULL, &p, n);

	if (k != NULL && p == der + n)
		return k;
	EVP_PKEY_free(k);
	p = der;
	if ((k = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, n)) != NULL &&
	    p == der + n)
		return k;
	EVP_PKEY_free(k);
	return NULL;
}

/* key_tags_ok - v=, k=, h= of the record; NULL or the reason */
static const char *
key_tags_ok(const struct arc_taglist *tl)
{
	const struct arc_tag *t;
	char buf[128];

	if (tl->n > 0 && (t = arc_tags_get(tl, "v")) != NULL &&
	    (t != &tl->tag[0] || arc_tag_copy(t, buf, sizeof(buf)) == -1 ||
	        strcmp(buf, "DKIM1") != 0))
		return "key record: bad v=";
	if ((t = arc_tags_get(tl, "k")) != NULL &&
	    (arc_tag_copy(t, buf, sizeof(buf)) == -1 ||
	        strcmp(buf, "rsa") != 0))
		return "key record: key type not rsa";
	if ((t = arc_tags_get(tl, "h")) != NULL &&
	    (arc_tag_copy(t, buf, sizeof(buf)) == -1 ||
	        strstr(buf, "sha256") == NULL))
		return "key record: h= excludes sha256";
	return NULL;
}

/* arc_key_parse - a key record into a decoded key */
struct arc_key *
arc_key_parse(
    const char *rec, size_t len, unsigned min_bits, char *err, size_t errlen)
{
	struct arc_taglist tl;
	const struct arc_tag *p;
	const char *why;
	unsigned char der[ARC_KEY_DER_MAX];
	struct arc_key *k;
	EVP_PKEY *pkey;
	long n;

	if (arc_tags_parse(rec, len, &tl, err, errlen) == -1)
		return NULL;
	if ((why = key_tags_ok(&tl)) != NULL)
		return key_fail(err, errlen, why);
	if ((p = arc_tags_get(&tl, "p")) == NULL)
		return key_fail(err, errlen, "key record: no p=");
	if (p->valuelen == 0)
		return key_fail(err, errlen, "key revoked (empty p=)");
	n = arc_base64_decode(p->value, p->valuelen, der, sizeof(der));
	if (n <= 0 || (pkey = key_decode(der, n)) == NULL)
		return key_fail(
		    err, errlen, "key record: p= is not an RSA key");
	if (EVP_PKEY_base_id(pkey) != EVP_PKEY_RSA) {
		EVP_PKEY_free(pkey);
		return key_fail(err, errlen, "key record: not an RSA key");
	}
	if (min_bits < ARC_KEY_BITS_MIN)
		min_bits = ARC_KEY_BITS_MIN;
	if (EVP_PKEY_bits(pkey) < (int)min_bits) {
		EVP_PKEY_free(pkey);
		return key_fail(err, errlen, "key too short (RFC 8301)");
	}
	if ((k = calloc(1, sizeof(*k))) == NULL) {
		EVP_PKEY_free(pkey);
		return key_fail(err, errlen, "out of memory");
	}
	k->pkey = pkey;
	k->bits = (unsigned)EVP_PKEY_bits(pkey);
	atomic_init(&k->refs, 1);
	return k;
}

/* arc_key_ref - one more reference to k */
struct arc_key *
arc_key_ref(struct arc_key *k)
{
	atomic_fetch_add(&k->refs, 1);
	return k;
}

/* arc_key_unref - drop a reference; the last frees k (NULL: no-op) */
void
arc_key_unref(struct arc_key *k)
{
	if (k == NULL || atomic_fetch_sub(&k->refs, 1) != 1)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

/* arc_key_bits - the key's size */
unsigned
arc_key_bits(const struct arc_key *k)
{
	return k->bits;
}

/* arc_key_verify - RSASSA-PKCS1-v1_5 with SHA-256 over digest */
bool
arc_key_verify(const struct arc_key *k,
    const unsigned char digest[ARC_SHA256_LEN], const unsigned char *sig,
    size_t siglen)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(k->pkey, NULL);
	bool ok;

	if (ctx == NULL)
		return false;
	ok = EVP_PKEY_verify_init(ctx) == 1 &&
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
	    EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) == 1 &&
	    EVP_PKEY_verify(ctx, sig, siglen, digest, ARC_SHA256_LEN) == 1;
	EVP_PKEY_CTX_free(ctx);
	return ok;
}

struct arc_keyentry {
	char name[2 * ARC_DOMAIN_MAX + 16];
	struct arc_key *key;
	time_t expires, added;
};

struct arc_keycache {
	pthread_mutex_t lock;
	struct arc_keyentry *e;
	size_t n, max;
	unsigned max_ttl;
};

/* now - monotonic seconds */
static time_t
now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* arc_keycache_new - an empty cache of at most max keys, or NULL */
struct arc_keycache *
arc_keycache_new(size_t max, unsigned max_ttl)
{
	struct arc_keycache *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->max = max > 0 ? max : 1;
	c->max_ttl = max_ttl;
	if ((c->e = calloc(c->max, sizeof(*c->e))) == NULL ||
	    pthread_mutex_init(&c->lock, NULL) != 0) {
		free(c->e);
		free(c);
		return NULL;
	}
	return c;
}

/* arc_keycache_free - release c and its keys (NULL: no-op) */
void
arc_keycache_free(struct arc_keycache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		arc_key_unref(c->e[i].key);
	pthread_mutex_destroy(&c->lock);
	free(c->e);
	free(c);
}

/* drop - forget entry i */
static void
drop(struct arc_keycache *c, size_t i)
{
	arc_key_unref(c->e[i].key);
	c->e[i] = c->e[--c->n];
}

/* arc_keycache_get - a live cached key for name, or NULL */
struct arc_key *
arc_keycache_get(struct arc_keycache *c, const char *name)
{
	struct arc_key *k = NULL;
	time_t t = now();
	size_t i;

	pthread_mutex_lock(&c->lock);
	for (i = 0; i < c->n; i++) {
		if (strcmp(c->e[i].name, name) != 0)
			continue;
		if (c->e[i].expires <= t)
			drop(c, i);
		else
			k = arc_key_ref(c->e[i].key);
		break;
	}
	pthread_mutex_unlock(&c->lock);
	return k;
}

/* arc_keycache_put - keep key for name, evicting the oldest when full */
void
arc_keycache_put(
    struct arc_keycache *c, const char *name, struct arc_key *key, unsigned ttl)
{
	time_t t = now();
	size_t i, old = 0;

	if (ttl > c->max_ttl)
		ttl = c->max_ttl;
	if (ttl == 0 || strlen(name) >= sizeof(c->e[0].name))
		return; /* RFC 1035 3.2.1: TTL 0 is for this message only */
	pthread_mutex_lock(&c->lock);
	for (i = 0; i < c->n; i++)
		if (strcmp(c->e[i].name, name) == 0 || c->e[i].expires <= t)
			drop(c, i--);
	if (c->n == c->max) {
		for (i = 1; i < c->n; i++)
			if (c->e[i].added < c->e[old].added)
				old = i;
		drop(c, old);
	}
	(void)strlcpy(c->e[c->n].name, name, sizeof(c->e[0].name));
	c->e[c->n].key = arc_key_ref(key);
	c->e[c->n].added = t;
	c->e[c->n].expires = t + (time_t)ttl;
	c->n++;
	pthread_mutex_unlock(&c->lock);
}
