/*
 * arc_sealer.c - adding our ARC set (RFC 8617 5.1): the
 * ARC-Authentication-Results (i=N+1 and our field's value), an
 * ARC-Message-Signature (rsa-sha256, relaxed/relaxed, over the fields of
 * ARC_SEAL_HEADERS the message has and the whole body) and an ARC-Seal
 * whose cv= is the chain's status, signing every set up to ours, or only
 * ours when cv=fail (RFC 8617 5.1.2). No seal past i=50, over a chain
 * whose newest seal already says cv=fail, over a chain too malformed to
 * number, or when the chain failed because of our own DNS trouble.
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arc/arc.h"
#include "arc/arc_check_int.h"

/* What the AMS signs when present (OpenARC's and Gmail's choice). */
static const char *const arc_seal_headers[] = { "from", "to", "cc", "subject",
	"date", "message-id", "mime-version", "content-type",
	"content-transfer-encoding", "reply-to", "in-reply-to", "references",
	"list-id", "dkim-signature" };

#define ARC_SEAL_B64 1400 /* b= of a 8192-bit key, and more */

struct arc_sealer {
	EVP_PKEY *key;
	char d[ARC_DOMAIN_MAX], s[ARC_DOMAIN_MAX];
	char h[256]; /* a fixed h= list, or "" for ARC_SEAL_HEADERS */
};

/* arc_sealer_set_headers - see arc.h */
int
arc_sealer_set_headers(struct arc_sealer *sl, const char *hlist)
{
	return strlcpy(sl->h, hlist, sizeof(sl->h)) >= sizeof(sl->h) ? -1 : 0;
}

/* arc_sealer_new - see arc.h */
struct arc_sealer *
arc_sealer_new(const char *keyfile, const char *domain, const char *selector,
    char *err, size_t errlen)
{
	struct arc_sealer *sl = calloc(1, sizeof(*sl));

	if (sl == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (strlcpy(sl->d, domain, sizeof(sl->d)) >= sizeof(sl->d) ||
	    strlcpy(sl->s, selector, sizeof(sl->s)) >= sizeof(sl->s)) {
		snprintf(
		    err, errlen, "ARCSealDomain or ARCSealSelector too long");
		free(sl);
		return NULL;
	}
	if ((sl->key = arc_seal_key_load(keyfile, err, errlen)) == NULL) {
		free(sl);
		return NULL;
	}
	return sl;
}

/* arc_sealer_free - NULL is a no-op */
void
arc_sealer_free(struct arc_sealer *sl)
{
	if (sl == NULL)
		return;
	EVP_PKEY_free(sl->key);
	free(sl);
}

/* seal_hlist - the h= list: the names of ARC_SEAL_HEADERS present */
static void
seal_hlist(const struct arc_check *ck, char *out, size_t outsz)
{
	size_t i, k;

	out[0] = '\0';
	for (k = 0; k < sizeof(arc_seal_headers) / sizeof(*arc_seal_headers);
	     k++)
		for (i = 0; i < ck->nf; i++)
			if (strcasecmp(ck->f[i].name, arc_seal_headers[k]) ==
			    0) {
				if (out[0] != '\0')
					(void)strlcat(out, ":", outsz);
				(void)strlcat(out, arc_seal_headers[k], outsz);
				break;
			}
}

/* sign_value - canonical input in in, signed; the value completed with
 * the base64 signature into a new string, or NULL */
static char *
sign_value(const struct arc_sealer *sl, struct arc_buf *in, const char *v)
{
	char b64[ARC_SEAL_B64], *out;
	size_t n;

	if (in->error != 0 ||
	    arc_seal_sign(sl->key, in->data, in->len, b64, sizeof(b64)) == -1)
		return NULL;
	n = strlen(v) + strlen(b64) + 1;
	if ((out = malloc(n)) != NULL)
		snprintf(out, n, "%s%s", v, b64);
	return out;
}

/* seal_ams - the AMS value for instance i, or NULL */
static char *
seal_ams(const struct arc_check *ck, const struct arc_sealer *sl, unsigned i,
    long long now)
{
	char h[256], bh[64], v[1024];
	size_t idx[ARC_HLIST_MAX], n, k;
	struct arc_buf in;
	char *out = NULL;

	if (sl->h[0] != '\0')
		(void)strlcpy(h, sl->h, sizeof(h));
	else
		seal_hlist(ck, h, sizeof(h));
	if (h[0] == '\0' || !ck->bodies[ck->seal_body].done ||
	    arc_select_headers(
	        ck->f, ck->nf, h, strlen(h), idx, ARC_HLIST_MAX, &n) == -1)
		return NULL;
	EVP_EncodeBlock((unsigned char *)bh, ck->bodies[ck->seal_body].hash,
	    ARC_SHA256_LEN);
	snprintf(v, sizeof(v),
	    "i=%u; a=rsa-sha256; c=relaxed/relaxed; d=%s; s=%s; t=%lld; "
	    "h=%s; bh=%s; b=",
	    i, sl->d, sl->s, now, h, bh);
	arc_buf_init(&in, ARC_HEADER_BYTES_MAX + 4096);
	for (k = 0; k < n; k++)
		if (idx[k] != SIZE_MAX)
			arc_canon_header(&in, ARC_CANON_RELAXED,
			    ck->f[idx[k]].name, ck->f[idx[k]].value, false);
	arc_canon_header(
	    &in, ARC_CANON_RELAXED, "ARC-Message-Signature", v, true);
	out = sign_value(sl, &in, v);
	arc_buf_free(&in);
	return out;
}

/* seal_as - the ARC-Seal value over sets 1..N (none when cv=fail) and
 * ours, or NULL */
static char *
seal_as(const struct arc_check *ck, const struct arc_sealer *sl, unsigned i,
    const char *cv, long long now, const char *aar, const char *ams)
{
	char v[512];
	struct arc_buf in;
	const struct arc_set *st;
	unsigned j;
	char *out;

	if (arc_seal_as_value(i, cv, sl->d, sl->s, now, v, sizeof(v)) == -1)
		return NULL;
	arc_buf_init(&in, ARC_HEADER_BYTES_MAX + 4096);
	for (j = 1; strcmp(cv, "fail") != 0 && j < i; j++) {
		st = &ck->cs->set[j];
		arc_canon_header(&in, ARC_CANON_RELAXED, ck->f[st->aar].name,
		    ck->f[st->aar].value, false);
		arc_canon_header(&in, ARC_CANON_RELAXED, ck->f[st->ams].name,
		    ck->f[st->ams].value, false);
		arc_canon_header(&in, ARC_CANON_RELAXED, ck->f[st->as].name,
		    ck->f[st->as].value, false);
	}
	arc_canon_header(
	    &in, ARC_CANON_RELAXED, "ARC-Authentication-Results", aar, false);
	arc_canon_header(
	    &in, ARC_CANON_RELAXED, "ARC-Message-Signature", ams, false);
	arc_canon_header(&in, ARC_CANON_RELAXED, "ARC-Seal", v, true);
	out = sign_value(sl, &in, v);
	arc_buf_free(&in);
	return out;
}

/* newest_cv_fail - does the newest seal of the chain say cv=fail? */
static bool
newest_cv_fail(const struct arc_check *ck)
{
	const struct arc_tag *cv;

	if (ck->cs == NULL || ck->grouped == -1 || ck->cs->n == 0)
		return false;
	cv = arc_tags_get(&ck->cs->set[ck->cs->n].as_tags, "cv");
	return cv != NULL && cv->valuelen == 4 &&
	    strncasecmp(cv->value, "fail", 4) == 0;
}

/* arc_check_seal - see arc.h */
int
arc_check_seal(const struct arc_check *ck, const struct arc_sealer *sl,
    const char *ar_value, long long now, struct arc_seal_fields *out,
    const char **why)
{
	const char *cv;
	unsigned n = arc_check_get_instances(ck), i;
	size_t len;

	memset(out, 0, sizeof(*out));
	*why = NULL;
	if (!ck->eom || ck->overflow || ck->seal_body < 0)
		*why = "the header was too large to keep";
	else if (ck->result == ARC_CHAIN_FAIL &&
	    (ck->grouped == -1 || ck->cs == NULL))
		*why = "the chain is too malformed to number a new set";
	else if (newest_cv_fail(ck))
		*why = "the newest seal already says cv=fail";
	else if (arc_seal_plan((enum arc_chain)ck->result, n, ck->dns_failed,
	             &i, &cv) == -1)
		*why = ck->dns_failed ? "the chain failed for our DNS trouble"
		                      : "the chain is at i=50";
	if (*why != NULL)
		return -1;
	len = strlen(ar_value) + 16;
	if ((out->aar = malloc(len)) == NULL ||
	    arc_seal_aar(i, ar_value, out->aar, len) == -1 ||
	    (out->ams = seal_ams(ck, sl, i, now)) == NULL ||
	    (out->as = seal_as(ck, sl, i, cv, now, out->aar, out->ams)) ==
	        NULL) {
		arc_seal_fields_free(out);
		*why = "signing failed";
		return -1;
	}
	out->i = i;
	out->cv = cv;
	return 0;
}

/* arc_seal_fields_free - the values of a seal; the struct stays */
void
arc_seal_fields_free(struct arc_seal_fields *f)
{
	free(f->aar);
	free(f->ams);
	free(f->as);
	memset(f, 0, sizeof(*f));
}
