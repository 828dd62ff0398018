/*
 * dkim_result.c - one RFC 8601 dkim result per signature from what
 * libopendkim and our key lookups found (see src/dkim/README for the
 * table), with header.d/i/s/a and header.b cut to the shortest prefix,
 * at least 8 octets, that no other signature's b= starts with (RFC 6008).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkim/dkim_int.h"
#include "util/log.h"

#define BPREFIX_MIN 8

struct verdict {
	enum authres_result result;
	const char *reason; /* static text or NULL */
};

/* sig_syntax_error - errors libopendkim finds while parsing a signature */
static bool
sig_syntax_error(int err)
{
	switch (err) {
	case DKIM_SIGERROR_UNKNOWN:
	case DKIM_SIGERROR_OK:
	case DKIM_SIGERROR_EXPIRED:
	case DKIM_SIGERROR_FUTURE:
	case DKIM_SIGERROR_TOOLARGE_L:
	case DKIM_SIGERROR_BADSIG:
	case DKIM_SIGERROR_SUBDOMAIN:
		return false;
	default:
		return err < DKIM_SIGERROR_NOKEY ||
		    err == DKIM_SIGERROR_MISSING_BH ||
		    err == DKIM_SIGERROR_EMPTY_BH ||
		    err == DKIM_SIGERROR_CORRUPT_BH ||
		    err == DKIM_SIGERROR_EMPTY_H ||
		    err == DKIM_SIGERROR_INVALID_H ||
		    err == DKIM_SIGERROR_MISSING_V ||
		    err == DKIM_SIGERROR_EMPTY_V;
	}
}

/* key_verdict - what the key lookup and the key record decided, if
 * anything (result NONE: nothing to say) */
static struct verdict
key_verdict(const struct dkim_slot *s, int err)
{
	if (s->key == DKIM_KEY_TEMPFAIL)
		return (struct verdict){ AUTHRES_RESULT_TEMPERROR,
			s->time_limit ? s->detail : "key query failed" };
	if (s->key == DKIM_KEY_NOTFOUND || err == DKIM_SIGERROR_NOKEY)
		return (struct verdict){ AUTHRES_RESULT_PERMERROR,
			"key not found" };
	if (s->key == DKIM_KEY_BADREC)
		return (struct verdict){ AUTHRES_RESULT_PERMERROR,
			"key record malformed" };
	switch (err) {
	case DKIM_SIGERROR_KEYREVOKED: /* RFC 6376 6.1.2 step 6 */
		return (
		    struct verdict){ AUTHRES_RESULT_PERMERROR, "key revoked" };
	case DKIM_SIGERROR_KEYHASHMISMATCH:
		return (struct verdict){ AUTHRES_RESULT_PERMERROR,
			"key does not allow this hash" };
	case DKIM_SIGERROR_NOTEMAILKEY:
		return (struct verdict){ AUTHRES_RESULT_PERMERROR,
			"key not for email" };
	case DKIM_SIGERROR_DNSSYNTAX:
	case DKIM_SIGERROR_MULTIREPLY:
	case DKIM_SIGERROR_KEYVERSION:
	case DKIM_SIGERROR_KEYUNKNOWNHASH:
	case DKIM_SIGERROR_KEYTYPEMISSING:
	case DKIM_SIGERROR_KEYTYPEUNKNOWN:
	case DKIM_SIGERROR_KEYDECODE:
		return (struct verdict){ AUTHRES_RESULT_PERMERROR,
			"key record malformed" };
	default:
		return (struct verdict){ AUTHRES_RESULT_NONE, NULL };
	}
}

/* partial_body - l= shorter than the canonical body? */
static bool
partial_body(struct dkim_check *dc, DKIM_SIGINFO *sig)
{
	ssize_t msglen = 0, canonlen = 0, signlen = -1;
	dkim_canon_t hc = DKIM_CANON_SIMPLE, bc = DKIM_CANON_SIMPLE;
	uint64_t full;

	if (dc->v->opt.allow_partial_body || !dc->count_body ||
	    dkim_sig_gettagvalue(sig, false, (unsigned char *)"l") == NULL)
		return false;
	if (dkim_sig_getcanonlen(dc->dkim, sig, &msglen, &canonlen, &signlen) !=
	        DKIM_STAT_OK ||
	    dkim_sig_getcanons(sig, &hc, &bc) != DKIM_STAT_OK || signlen < 0)
		return true; /* cannot tell: do not trust it */
	full = dkim_bodylen_final(&dc->blen[bc == DKIM_CANON_RELAXED]);
	return (uint64_t)signlen < full;
}

/* key_too_small - RFC 8301 3.2: RSA keys under 1024 bits are not valid;
 * minimum_key_bits may ask for more. Such a key decides the result
 * whether or not the signature verified (OpenSSL may refuse to use it). */
static bool
key_too_small(struct dkim_check *dc, DKIM_SIGINFO *sig)
{
	dkim_alg_t alg = DKIM_SIGN_UNKNOWN;
	unsigned int bits = 0;

	(void)dkim_sig_getsignalg(sig, &alg);
	return alg != DKIM_SIGN_ED25519SHA256 &&
	    dkim_sig_getkeysize(sig, &bits) == DKIM_STAT_OK && bits > 0 &&
	    bits < dc->v->opt.minimum_key_bits;
}

/* pass_verdict - a signature that verified, judged by local policy */
static struct verdict
pass_verdict(struct dkim_check *dc, DKIM_SIGINFO *sig)
{
	dkim_alg_t alg = DKIM_SIGN_UNKNOWN;

	(void)dkim_sig_getsignalg(sig, &alg);
	/* RFC 8301 3.1: rsa-sha1 signatures are not to be trusted */
	if (alg == DKIM_SIGN_RSASHA1 && !dc->v->opt.allow_sha1)
		return (struct verdict){ AUTHRES_RESULT_POLICY,
			"rsa-sha1 not allowed" };
	if (partial_body(dc, sig))
		return (struct verdict){ AUTHRES_RESULT_POLICY,
			"partial body signed" };
	return (struct verdict){ AUTHRES_RESULT_PASS, NULL };
}

/* slot_verdict - the result for one signature */
static struct verdict
slot_verdict(struct dkim_check *dc, const struct dkim_slot *s)
{
	int err = dkim_sig_geterror(s->sig);
	unsigned int flags = dkim_sig_getflags(s->sig);
	struct verdict kv;

	if (dc->failed)
		return (struct verdict){ AUTHRES_RESULT_TEMPERROR,
			"DKIM check could not run" };
	if (s->over_limit)
		return (struct verdict){ AUTHRES_RESULT_NEUTRAL,
			"not verified: signature limit" };
	if (dc->eoh_status != DKIM_STAT_OK)
		return (struct verdict){ AUTHRES_RESULT_PERMERROR,
			"message not usable for DKIM" };
	if (err == DKIM_SIGERROR_EXPIRED)
		return (struct verdict){ AUTHRES_RESULT_PERMERROR,
			"signature expired" };
	if (err == DKIM_SIGERROR_FUTURE)
		return (struct verdict){ AUTHRES_RESULT_PERMERROR,
			"signature in the future" };
	if (err == DKIM_SIGERROR_TOOLARGE_L)
		return (struct verdict){ AUTHRES_RESULT_PERMERROR,
			"l= longer than the body" };
	if (sig_syntax_error(err))
		return (struct verdict){ AUTHRES_RESULT_NEUTRAL,
			"signature syntax error" };
	kv = key_verdict(s, err);
	if (kv.result != AUTHRES_RESULT_NONE)
		return kv;
	if ((flags & DKIM_SIGFLAG_PROCESSED) == 0)
		return (struct verdict){ AUTHRES_RESULT_TEMPERROR,
			"signature not verified" };
	if (key_too_small(dc, s->sig))
		return (struct verdict){ AUTHRES_RESULT_POLICY,
			"signing key too small" };
	if (err == DKIM_SIGERROR_SUBDOMAIN)
		return (struct verdict){ AUTHRES_RESULT_FAIL,
			"identity not allowed by key" };
	if ((flags & DKIM_SIGFLAG_PASSED) == 0)
		return (struct verdict){ AUTHRES_RESULT_FAIL,
			"signature did not verify" };
	if (dkim_sig_getbh(s->sig) == DKIM_SIGBH_MISMATCH)
		return (struct verdict){ AUTHRES_RESULT_FAIL,
			"body hash did not verify" };
	if (dkim_sig_getbh(s->sig) != DKIM_SIGBH_MATCH)
		return (struct verdict){ AUTHRES_RESULT_TEMPERROR,
			"body hash not checked" };
	return pass_verdict(dc, s->sig);
}

/* b_value - the b= tag of slot i (white space already removed), or "" */
static const char *
b_value(struct dkim_check *dc, size_t i)
{
	const unsigned char *b;

	b = dkim_sig_gettagvalue(dc->slots[i].sig, false, (unsigned char *)"b");
	return b != NULL ? (const char *)b : "";
}

/* b_prefix_len - RFC 6008: the shortest prefix of slot i's b= (at least
 * BPREFIX_MIN) that does not start any other signature's b= */
static size_t
b_prefix_len(struct dkim_check *dc, size_t i)
{
	const char *bi = b_value(dc, i), *bj;
	size_t n = BPREFIX_MIN, len = strlen(bi), j;

	for (j = 0; j < dc->nslots && n < len; j++) {
		if (j == i)
			continue;
		bj = b_value(dc, j);
		while (n < len && strlen(bj) >= n && strncmp(bi, bj, n) == 0)
			n++;
	}
	return n < len ? n : len;
}

/* add_props - header.d, .i, .s, .a, .b of slot i; 0 or an error */
static enum authres_status
add_props(struct dkim_check *dc, size_t i, struct authres *ar)
{
	DKIM_SIGINFO *sig = dc->slots[i].sig;
	enum authres_status st = AUTHRES_OK;
	const unsigned char *v;
	unsigned char ident[DKIM_MAX_KEYNAME];
	char b[1024];
	size_t blen;

	if ((v = dkim_sig_getdomain(sig)) != NULL)
		st = authres_add_prop(ar, "header", "d", (const char *)v);
	if (st == AUTHRES_OK &&
	    dkim_sig_getidentity(dc->dkim, sig, ident, sizeof(ident)) ==
	        DKIM_STAT_OK &&
	    ident[0] != '\0')
		st = authres_add_prop(ar, "header", "i", (const char *)ident);
	if (st == AUTHRES_OK && (v = dkim_sig_getselector(sig)) != NULL)
		st = authres_add_prop(ar, "header", "s", (const char *)v);
	if (st == AUTHRES_OK &&
	    (v = dkim_sig_gettagvalue(sig, false, (unsigned char *)"a")) !=
	        NULL)
		st = authres_add_prop(ar, "header", "a", (const char *)v);
	blen = b_prefix_len(dc, i);
	if (st == AUTHRES_OK && blen > 0) {
		if (blen >= sizeof(b))
			blen = sizeof(b) - 1;
		memcpy(b, b_value(dc, i), blen);
		b[blen] = '\0';
		st = authres_add_prop(ar, "header", "b", b);
	}
	return st;
}

/* add_all - the results, in signature order; at most
 * DKIM_MAX_UNVERIFIED of the signatures not verified */
static enum authres_status
add_all(struct dkim_check *dc, struct authres *ar)
{
	enum authres_status st;
	struct verdict vd;
	size_t i, over = 0;

	if (dc->nslots == 0) {
		if (dc->failed)
			return authres_add_result(ar, "dkim",
			    AUTHRES_RESULT_TEMPERROR,
			    "DKIM check could not run");
		if (dc->nsigheaders == 0)
			return authres_add_result(
			    ar, "dkim", AUTHRES_RESULT_NONE, NULL);
		for (i = 0; i < dc->nsigheaders && i < DKIM_MAX_UNVERIFIED; i++)
			if ((st = authres_add_result(ar, "dkim",
			         AUTHRES_RESULT_NEUTRAL,
			         "signature syntax error")) != AUTHRES_OK)
				return st;
		return AUTHRES_OK;
	}
	for (i = 0; i < dc->nslots; i++) {
		if (dc->slots[i].over_limit && over++ >= DKIM_MAX_UNVERIFIED)
			continue;
		vd = slot_verdict(dc, &dc->slots[i]);
		if (vd.result == AUTHRES_RESULT_TEMPERROR &&
		    dc->slots[i].detail[0] != '\0')
			log_info("%s: DKIM: key query: %s", dc->id,
			    dc->slots[i].detail);
		st = authres_add_result(ar, "dkim", vd.result, vd.reason);
		if (st == AUTHRES_OK)
			st = add_props(dc, i, ar);
		if (st != AUTHRES_OK)
			return st;
	}
	return AUTHRES_OK;
}

/* dkim_result_add - append every result, or nothing and -1 */
int
dkim_result_add(struct dkim_check *dc, struct authres *ar)
{
	size_t n0 = authres_result_count(ar);

	if (add_all(dc, ar) == AUTHRES_OK)
		return 0;
	while (authres_result_count(ar) > n0)
		(void)authres_remove_result(ar, authres_result_count(ar) - 1);
	return -1;
}
