/*
 * arc_verify.c - RFC 8617 5.2 steps 4-7 over a grouped chain: the newest
 * ARC-Message-Signature verified like a DKIM signature (RFC 6376 3.7),
 * every ARC-Seal over the sets up to its own (RFC 8617 5.1.1), newest
 * first, then older AMSes only to find oldest-pass. The first failure
 * decides, with its reason; a key lost to DNS is marked as such.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "arc/arc_check_int.h"

#define ARC_SIG_MAX 2048 /* decoded b=: RSA up to 16384 bits */

/* hash_field - canonicalize one field into h */
static int
hash_field(struct arc_hash *h, enum arc_canon c, const char *name,
    const char *value, bool last)
{
	struct arc_buf b;
	int rc;

	arc_buf_init(&b, ARC_HEADER_BYTES_MAX + 1024);
	arc_canon_header(&b, c, name, value, last);
	if ((rc = b.error) == 0)
		arc_hash_update(h, b.data, b.len);
	arc_buf_free(&b);
	return rc;
}

/* hash_blanked - the signature field itself, b= emptied, no CRLF */
static int
hash_blanked(struct arc_hash *h, enum arc_canon c, const struct arc_field *f)
{
	struct arc_buf v;
	int rc;

	arc_buf_init(&v, ARC_FIELD_MAX + 16);
	rc = arc_blank_b(&v, f->value) == 0 && v.error == 0
	    ? hash_field(h, c, f->name, v.data != NULL ? v.data : "", true)
	    : -1;
	arc_buf_free(&v);
	return rc;
}

/* check_sig - does the b= of tl sign digest with key slot ks? NULL or
 * the reason (why); *dns when the key was lost to DNS */
static const char *
check_sig(const struct arc_keyslot *ks, const struct arc_taglist *tl,
    const unsigned char *digest, bool *dns)
{
	const struct arc_tag *b = arc_tags_get(tl, "b");
	unsigned char *sig;
	long n;
	bool ok;

	if (ks->key == NULL) {
		*dns = ks->dns_failed;
		return ks->why[0] != '\0' ? ks->why : "no key";
	}
	if ((sig = malloc(ARC_SIG_MAX)) == NULL)
		return "out of memory";
	n = arc_base64_decode(b->value, b->valuelen, sig, ARC_SIG_MAX);
	ok = n > 0 && arc_key_verify(ks->key, digest, sig, (size_t)n);
	free(sig);
	if (n <= 0)
		return "b= is not base64";
	return ok ? NULL : "signature did not verify";
}

/* body_ok - the AMS's bh= against its body hash; NULL or the reason */
static const char *
body_ok(const struct arc_check *ck, unsigned i)
{
	const struct arc_set *st = &ck->cs->set[i];
	const struct arc_bodyslot *bs = &ck->bodies[ck->ams_body[i]];
	const struct arc_tag *bh = arc_tags_get(&st->ams_tags, "bh");
	unsigned char want[ARC_SHA256_LEN + 4];

	if (!bs->done)
		return "body hash could not be computed";
	if (st->l >= 0 && bs->hashed < (uint64_t)st->l)
		return "l= is longer than the body";
	if (arc_base64_decode(bh->value, bh->valuelen, want, sizeof(want)) !=
	    ARC_SHA256_LEN)
		return "bh= is not a SHA-256 hash";
	if (memcmp(want, bs->hash, ARC_SHA256_LEN) != 0)
		return "body hash did not verify";
	return NULL;
}

/* expired - does the AMS carry an x= in the past (or before t=)? */
static bool
expired(const struct arc_taglist *tl)
{
	const struct arc_tag *x = arc_tags_get(tl, "x"), *t;
	char buf[24], *end;
	long long xv, tv;

	if (x == NULL || arc_tag_copy(x, buf, sizeof(buf)) == -1)
		return x != NULL;
	xv = strtoll(buf, &end, 10);
	if (*end != '\0' || buf[0] == '\0' || xv < 0)
		return true;
	if ((t = arc_tags_get(tl, "t")) != NULL &&
	    arc_tag_copy(t, buf, sizeof(buf)) == 0 &&
	    (tv = strtoll(buf, &end, 10)) > xv && *end == '\0')
		return true;
	return xv < (long long)time(NULL);
}

/* signs_from - does the h= list name From? */
static bool
signs_from(const struct arc_tag *h)
{
	const char *p = h->value, *end = h->value + h->valuelen, *q;

	while (p < end) {
		while (p < end && strchr(" \t\r\n", *p) != NULL)
			p++;
		for (q = p; q < end && *q != ':'; q++)
			;
		if (q - p >= 4 && strncasecmp(p, "from", 4) == 0 &&
		    strspn(p + 4, " \t\r\n") >= (size_t)(q - p - 4))
			return true;
		p = q + 1;
	}
	return false;
}

/* ams_verify - instance i's AMS: NULL when it validates, else why */
static const char *
ams_verify(struct arc_check *ck, unsigned i, bool *dns)
{
	const struct arc_set *st = &ck->cs->set[i];
	const struct arc_tag *h = arc_tags_get(&st->ams_tags, "h");
	size_t idx[ARC_HLIST_MAX], n, k;
	unsigned char digest[ARC_SHA256_LEN];
	struct arc_hash *hs;
	const char *why;

	*dns = false;
	if ((why = body_ok(ck, i)) != NULL)
		return why;
	if (expired(&st->ams_tags))
		return "signature expired";
	if (arc_select_headers(ck->f, ck->nf, h->value, h->valuelen, idx,
	        ARC_HLIST_MAX, &n) == -1)
		return "bad h= list";
	if (!signs_from(h))
		return "h= does not sign From (RFC 6376 6.1.1)";
	for (k = 0; k < n; k++)
		if (idx[k] != SIZE_MAX &&
		    strcasecmp(ck->f[idx[k]].name, "ARC-Seal") == 0)
			return "h= signs an ARC-Seal (RFC 8617 4.1.2)";
	if ((hs = arc_hash_new()) == NULL)
		return "out of memory";
	for (k = 0; k < n; k++)
		if (idx[k] != SIZE_MAX &&
		    hash_field(hs, st->hc, ck->f[idx[k]].name,
		        ck->f[idx[k]].value, false) == -1)
			break;
	if (k < n || hash_blanked(hs, st->hc, &ck->f[st->ams]) == -1) {
		arc_hash_free(hs);
		return "header too large to hash";
	}
	if (arc_hash_final(hs, digest) == -1)
		return "hash failed";
	return check_sig(&ck->keys[ck->ams_key[i]], &st->ams_tags, digest, dns);
}

/* as_verify - instance i's seal over sets 1..i: NULL or why */
static const char *
as_verify(struct arc_check *ck, unsigned i, bool *dns)
{
	unsigned char digest[ARC_SHA256_LEN];
	struct arc_hash *hs;
	const struct arc_set *st;
	unsigned j;
	int rc = 0;

	*dns = false;
	if ((hs = arc_hash_new()) == NULL)
		return "out of memory";
	for (j = 1; j <= i && rc == 0; j++) {
		st = &ck->cs->set[j];
		rc = hash_field(hs, ARC_CANON_RELAXED, ck->f[st->aar].name,
		    ck->f[st->aar].value, false);
		if (rc == 0)
			rc = hash_field(hs, ARC_CANON_RELAXED,
			    ck->f[st->ams].name, ck->f[st->ams].value, false);
		if (rc == 0 && j < i)
			rc = hash_field(hs, ARC_CANON_RELAXED,
			    ck->f[st->as].name, ck->f[st->as].value, false);
	}
	st = &ck->cs->set[i];
	if (rc != 0 ||
	    hash_blanked(hs, ARC_CANON_RELAXED, &ck->f[st->as]) == -1) {
		arc_hash_free(hs);
		return "ARC set too large to hash";
	}
	if (arc_hash_final(hs, digest) == -1)
		return "hash failed";
	return check_sig(&ck->keys[ck->as_key[i]], &st->as_tags, digest, dns);
}

/* fail - the chain fails at instance i of a kind for why */
static void
fail(struct arc_check *ck, const char *what, unsigned i, const char *why,
    bool dns)
{
	ck->result = ARC_CHAIN_FAIL;
	ck->dns_failed = dns;
	if (what != NULL)
		(void)snprintf(ck->reason, sizeof(ck->reason), "%s i=%u: %s",
		    what, i, why);
	else
		(void)strlcpy(ck->reason, why, sizeof(ck->reason));
}

/* oldest_pass - RFC 8617 5.2 step 5: older AMSes, newest first */
static int
oldest_pass(struct arc_check *ck)
{
	unsigned j;
	bool dns;

	for (j = ck->cs->n - 1; j >= 1; j--)
		if (ams_verify(ck, j, &dns) != NULL)
			return dns ? -1 : (int)j + 1;
	return 0;
}

/* arc_verify_chain - the chain's status, reason and oldest-pass */
void
arc_verify_chain(struct arc_check *ck)
{
	const char *why;
	unsigned i, n = ck->cs != NULL ? ck->cs->n : 0;
	bool dns;

	ck->oldest_pass = -1;
	if (ck->grouped == -1) {
		fail(ck, NULL, 0, ck->cs->why, false);
		return;
	}
	if (n == 0) {
		ck->result = ARC_CHAIN_NONE;
		return;
	}
	if ((why = ams_verify(ck, n, &dns)) != NULL) {
		fail(ck, "ARC-Message-Signature", n, why, dns);
		return;
	}
	for (i = n; i >= 1; i--)
		if ((why = as_verify(ck, i, &dns)) != NULL) {
			fail(ck, "ARC-Seal", i, why, dns);
			return;
		}
	ck->result = ARC_CHAIN_PASS;
	ck->oldest_pass = oldest_pass(ck);
}
