/*
 * arc_hash.c - SHA-256 over streams (OpenSSL EVP) and the body
 * canonicalizer (RFC 6376 3.4.3, 3.4.4, 3.7) that hashes the body as it
 * streams in: it keeps only counts of pending empty lines and whitespace,
 * never body text, and stops hashing after l= octets. Also base64.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "arc/arc_int.h"

struct arc_hash {
	EVP_MD_CTX *ctx;
};

/* arc_hash_new - a SHA-256 context, or NULL */
struct arc_hash *
arc_hash_new(void)
{
	struct arc_hash *h = calloc(1, sizeof(*h));

	if (h == NULL)
		return NULL;
	if ((h->ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1) {
		arc_hash_free(h);
		return NULL;
	}
	return h;
}

/* arc_hash_update - hash n more octets */
void
arc_hash_update(struct arc_hash *h, const void *p, size_t n)
{
	if (n > 0)
		(void)EVP_DigestUpdate(h->ctx, p, n);
}

/* arc_hash_final - the digest; h is freed */
int
arc_hash_final(struct arc_hash *h, unsigned char out[ARC_SHA256_LEN])
{
	unsigned int n = 0;
	int rc = EVP_DigestFinal_ex(h->ctx, out, &n) == 1 && n == ARC_SHA256_LEN
	    ? 0
	    : -1;

	arc_hash_free(h);
	return rc;
}

/* arc_hash_free - release h (NULL: no-op) */
void
arc_hash_free(struct arc_hash *h)
{
	if (h == NULL)
		return;
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

struct arc_body {
	struct arc_hash *h;
	enum arc_canon canon;
	int64_t limit;    /* -1: all */
	uint64_t hashed;  /* canonical octets hashed */
	uint64_t emitted; /* canonical octets produced (to the limit) */
	size_t empty;     /* empty lines not yet written */
	bool wsp;         /* relaxed: whitespace pending in the line */
	bool content;     /* the current line has content */
	bool cr;          /* a CR waits for its LF */
	unsigned char out[4096];
	size_t nout;
};

/* arc_body_new - a body hasher, or NULL */
struct arc_body *
arc_body_new(enum arc_canon c, int64_t limit)
{
	struct arc_body *b = calloc(1, sizeof(*b));

	if (b == NULL)
		return NULL;
	if ((b->h = arc_hash_new()) == NULL) {
		free(b);
		return NULL;
	}
	b->canon = c;
	b->limit = limit;
	return b;
}

/* flush - hash what is buffered */
static void
flush(struct arc_body *b)
{
	arc_hash_update(b->h, b->out, b->nout);
	b->nout = 0;
}

/* emit - canonical octets, hashed up to the limit */
static void
emit(struct arc_body *b, const char *p, size_t n)
{
	size_t k;

	b->emitted += n;
	if (b->limit >= 0 && (uint64_t)b->limit - b->hashed < n)
		n = (size_t)((uint64_t)b->limit - b->hashed);
	b->hashed += n;
	while (n > 0) {
		if (b->nout == sizeof(b->out))
			flush(b);
		k = sizeof(b->out) - b->nout;
		if (k > n)
			k = n;
		memcpy(b->out + b->nout, p, k);
		b->nout += k;
		p += k;
		n -= k;
	}
}

/* content - one octet of a line's content */
static void
content(struct arc_body *b, char c)
{
	if (b->canon == ARC_CANON_RELAXED && (c == ' ' || c == '\t')) {
		b->wsp = true;
		return;
	}
	for (; b->empty > 0; b->empty--)
		emit(b, "\r\n", 2);
	if (b->wsp)
		emit(b, " ", 1);
	b->wsp = false;
	b->content = true;
	emit(b, &c, 1);
}

/* line_end - a CRLF (or bare LF) of the body */
static void
line_end(struct arc_body *b)
{
	b->wsp = false; /* relaxed: trailing whitespace goes */
	if (b->content)
		emit(b, "\r\n", 2);
	else if (b->empty < SIZE_MAX)
		b->empty++;
	b->content = false;
}

/* plain - octets from p[0] on that need no canonical care: no line
 * end, and for relaxed no whitespace */
static size_t
plain(const struct arc_body *b, const unsigned char *p, size_t n)
{
	size_t j;

	for (j = 0; j < n; j++)
		if (p[j] == '\r' || p[j] == '\n' ||
		    (b->canon == ARC_CANON_RELAXED &&
		        (p[j] == ' ' || p[j] == '\t')))
			break;
	return j;
}

/* octet - one octet of the body through the line state */
static void
octet(struct arc_body *b, char c)
{
	if (b->cr) {
		b->cr = false;
		if (c == '\n') {
			line_end(b);
			return;
		}
		content(b, '\r');
	}
	if (c == '\r')
		b->cr = true;
	else if (c == '\n')
		line_end(b);
	else
		content(b, c);
}

/* arc_body_update - canonicalize and hash a chunk of the body: runs of
 * plain octets in the middle of a line go through in one piece */
void
arc_body_update(struct arc_body *b, const unsigned char *p, size_t n)
{
	size_t i = 0, run;

	while (i < n && !arc_body_done(b)) {
		if (!b->cr && b->empty == 0 && !b->wsp &&
		    (run = plain(b, p + i, n - i)) > 0) {
			b->content = true;
			emit(b, (const char *)p + i, run);
			i += run;
			continue;
		}
		octet(b, (char)p[i++]);
	}
}

/* arc_body_done - l= octets are hashed: no more body is needed */
bool
arc_body_done(const struct arc_body *b)
{
	return b->limit >= 0 && b->hashed >= (uint64_t)b->limit;
}

/* arc_body_final - finish the body and its digest */
int
arc_body_final(
    struct arc_body *b, unsigned char out[ARC_SHA256_LEN], uint64_t *hashed)
{
	int rc;

	if (b->cr)
		content(b, '\r');
	b->cr = false;
	if (b->content)
		emit(b, "\r\n", 2);
	b->content = false;
	if (b->emitted == 0 && b->canon == ARC_CANON_SIMPLE)
		emit(b, "\r\n", 2); /* RFC 6376 3.4.3: an empty body */
	flush(b);
	*hashed = b->hashed;
	rc = arc_hash_final(b->h, out);
	b->h = NULL;
	return rc;
}

/* arc_body_free - release b (NULL: no-op) */
void
arc_body_free(struct arc_body *b)
{
	if (b == NULL)
		return;
	arc_hash_free(b->h);
	free(b);
}

/* b64val - the value of a base64 digit, or -1 */
static int
b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* arc_base64_decode - whitespace-tolerant base64 into out */
long
arc_base64_decode(const char *in, size_t len, unsigned char *out, size_t outsz)
{
	uint32_t acc = 0;
	size_t i, n = 0, bits = 0, pad = 0;
	int v;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (v = b64val(c)) < 0)
			return -1; /* data after padding, or not base64 */
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n >= outsz)
				return -1;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	if (pad > 2 || bits >= 6)
		return -1;
	return n > (size_t)INT32_MAX ? -1 : (long)n;
}
