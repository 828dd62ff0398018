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
	if (s->syntax != NULL) /* RFC 8601 2.7.1: syntax errors */
		return (struct verdict){ AUTHRES_RESULT_NEUTRAL, s->syntax };
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

/* One b= value for the prefix search: only its first DKIM_BPREFIX_MAX + 1
 * octets matter, since no prefix longer than DKIM_BPREFIX_MAX is written. */
struct bval {
	const char *s;
	size_t len; /* capped at DKIM_BPREFIX_MAX + 1 */
	size_t slot;
};

/* bval_cmp - qsort order of the capped values */
static int
bval_cmp(const void *a, const void *b)
{
	const struct bval *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);

	if (c != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* bval_lcp - length of the common prefix of two capped values */
static size_t
bval_lcp(const struct bval *x, const struct bval *y)
{
	size_t i, n = x->len < y->len ? x->len : y->len;

	for (i = 0; i < n && x->s[i] == y->s[i]; i++)
		continue;
	return i;
}

/*
 * b_prefixes - RFC 6008: for each slot the length of the shortest prefix
 * of its b= (at least DKIM_BPREFIX_MIN, at most DKIM_BPREFIX_MAX, at most
 * the whole value) that starts no other signature's b=. After a sort the
 * longest common prefix with any other value is the one with a
 * neighbour, so this is O(n log n) comparisons of capped values. Returns
 * a new array (caller frees) or NULL when out of memory.
 */
static size_t *
b_prefixes(struct dkim_check *dc)
{
	struct bval *v = reallocarray(NULL, dc->nslots, sizeof(*v));
	size_t *len = calloc(dc->nslots, sizeof(*len));
	size_t k, need, full, l;

	if (v == NULL || len == NULL) {
		free(v);
		free(len);
		return NULL;
	}
	for (k = 0; k < dc->nslots; k++) {
		v[k].s = b_value(dc, k);
		v[k].len = strnlen(v[k].s, DKIM_BPREFIX_MAX + 1);
		v[k].slot = k;
	}
	qsort(v, dc->nslots, sizeof(*v), bval_cmp);
	for (k = 0; k < dc->nslots; k++) {
		need = 0;
		if (k > 0)
			need = bval_lcp(&v[k - 1], &v[k]);
		if (k + 1 < dc->nslots &&
		    (l = bval_lcp(&v[k], &v[k + 1])) > need)
			need = l;
		need++; /* one octet past the longest shared prefix */
		if (need < DKIM_BPREFIX_MIN)
			need = DKIM_BPREFIX_MIN;
		if (need > DKIM_BPREFIX_MAX)
			need = DKIM_BPREFIX_MAX;
		full = v[k].len; /* the whole value when it is that short */
		len[v[k].slot] = need < full ? need : full;
	}
	free(v);
	return len;
}

/* add_b - header.b: the first blen octets of slot i's b=, when b= is
 * base64 (anything else is not echoed) */
static enum authres_status
add_b(struct dkim_check *dc, size_t i, size_t blen, struct authres *ar)
{
	char b[DKIM_BPREFIX_MAX + 1];

	if (blen == 0 || blen > DKIM_BPREFIX_MAX ||
	    !dkim_syntax_b_ok(b_value(dc, i)))
		return AUTHRES_OK;
	memcpy(b, b_value(dc, i), blen);
	b[blen] = '\0';
	return authres_add_prop(ar, "header", "b", b);
}

/* add_props - header.d, .i, .s, .a, .b of slot i, each only when it has
 * its RFC 6376 syntax: a lenient reader cutting a value short must not
 * find a domain in it (so a syntax error keeps its reason alone) */
static enum authres_status
add_props(struct dkim_check *dc, size_t i, size_t blen, struct authres *ar)
{
	DKIM_SIGINFO *sig = dc->slots[i].sig;
	enum authres_status st = AUTHRES_OK;
	const unsigned char *v;
	unsigned char ident[DKIM_MAX_KEYNAME];

	if (dkim_syntax_d_ok(sig))
		st = authres_add_prop(
		    ar, "header", "d", (const char *)dkim_sig_getdomain(sig));
	if (st == AUTHRES_OK && dkim_syntax_i_ok(sig) &&
	    dkim_sig_getidentity(dc->dkim, sig, ident, sizeof(ident)) ==
	        DKIM_STAT_OK &&
	    ident[0] != '\0')
		st = authres_add_prop(ar, "header", "i", (const char *)ident);
	if (st == AUTHRES_OK && dkim_syntax_s_ok(sig))
		st = authres_add_prop(
		    ar, "header", "s", (const char *)dkim_sig_getselector(sig));
	v = dkim_sig_gettagvalue(sig, false, (unsigned char *)"a");
	if (st == AUTHRES_OK && dkim_syntax_alg_ok((const char *)v))
		st = authres_add_prop(ar, "header", "a", (const char *)v);
	if (st == AUTHRES_OK)
		st = add_b(dc, i, blen, ar);
	return st;
}

/* escaped - octets of s written as a quoted-string, at most */
static size_t
escaped(const char *s)
{
	size_t n = 2;

	for (; s != NULL && *s != '\0'; s++)
		n += (*s == '"' || *s == '\\') ? 2 : 1;
	return n;
}

/* result_cost - octets result i of ar can take in the field (with the
 * separators and folds around each element), an estimate from above */
static size_t
result_cost(const struct authres *ar, size_t i)
{
	size_t j,
	    n = 8 + strlen(authres_get_method(ar, i)) +
	    strlen(authres_get_result(ar, i));

	if (authres_get_reason(ar, i) != NULL)
		n += 10 + escaped(authres_get_reason(ar, i));
	for (j = 0; j < authres_prop_count(ar, i); j++)
		n += 4 + strlen(authres_get_prop_ptype(ar, i, j)) +
		    strlen(authres_get_prop_property(ar, i, j)) +
		    escaped(authres_get_prop_value(ar, i, j));
	return n;
}

/* What add_all has written so far. */
struct tally {
	size_t used;       /* estimated octets of the results added */
	size_t unverified; /* results for signatures not verified */
	size_t dropped;    /* signatures left out of the field */
};

/* add_slot - the result of slot i, unless the caps leave it out */
static enum authres_status
add_slot(struct dkim_check *dc, size_t i, size_t blen, struct authres *ar,
    struct tally *t)
{
	const struct dkim_slot *s = &dc->slots[i];
	enum authres_status st;
	struct verdict vd;
	size_t cost;

	/* verified: parsed, within MaximumSignatures, message usable */
	if (!s->active || dc->failed || dc->eoh_status != DKIM_STAT_OK) {
		if (t->unverified >= DKIM_MAX_UNVERIFIED) {
			t->dropped++;
			return AUTHRES_OK;
		}
		t->unverified++;
	}
	vd = slot_verdict(dc, s);
	if (vd.result == AUTHRES_RESULT_TEMPERROR && s->detail[0] != '\0')
		log_info("%s: DKIM: key query: %s", dc->id, s->detail);
	st = authres_add_result(ar, "dkim", vd.result, vd.reason);
	if (st == AUTHRES_OK)
		st = add_props(dc, i, blen, ar);
	if (st != AUTHRES_OK)
		return st;
	cost = result_cost(ar, authres_result_count(ar) - 1);
	if (t->used + cost > DKIM_FIELD_BUDGET) {
		t->dropped++;
		return authres_remove_result(ar, authres_result_count(ar) - 1);
	}
	t->used += cost;
	return AUTHRES_OK;
}

/* add_dropped - say in the field how many signatures were left out */
static enum authres_status
add_dropped(struct dkim_check *dc, const struct tally *t, struct authres *ar)
{
	char reason[64];

	if (t->dropped == 0)
		return AUTHRES_OK;
	log_info("%s: DKIM: %zu signatures not reported: field limits", dc->id,
	    t->dropped);
	snprintf(reason, sizeof(reason), "%zu more signatures not reported",
	    t->dropped);
	return authres_add_result(ar, "dkim", AUTHRES_RESULT_NEUTRAL, reason);
}

/* add_all - the results, in signature order; at most
 * DKIM_MAX_UNVERIFIED of the signatures not verified, and no more than
 * DKIM_FIELD_BUDGET octets, then one result counting the rest */
static enum authres_status
add_all(struct dkim_check *dc, struct authres *ar)
{
	enum authres_status st = AUTHRES_OK;
	struct tally t = { 0 };
	size_t i, *blen;

	t.dropped = dc->nsigskipped;
	if (dc->nslots == 0) {
		if (dc->failed)
			return authres_add_result(ar, "dkim",
			    AUTHRES_RESULT_TEMPERROR,
			    "DKIM check could not run");
		if (dc->nsigheaders == 0)
			return authres_add_result(
			    ar, "dkim", AUTHRES_RESULT_NONE, NULL);
		for (i = 0;
		     i < dc->nsigheaders - dc->nsigskipped && st == AUTHRES_OK;
		     i++)
			if (i < DKIM_MAX_UNVERIFIED)
				st = authres_add_result(ar, "dkim",
				    AUTHRES_RESULT_NEUTRAL,
				    "signature syntax error");
			else
				t.dropped++;
		return st == AUTHRES_OK ? add_dropped(dc, &t, ar) : st;
	}
	if ((blen = b_prefixes(dc)) == NULL)
		return AUTHRES_ENOMEM;
	for (i = 0; i < dc->nslots && st == AUTHRES_OK; i++)
		st = add_slot(dc, i, blen[i], ar, &t);
	free(blen);
	return st == AUTHRES_OK ? add_dropped(dc, &t, ar) : st;
}

/* dkim_result_add - append every result; -1 (ar unchanged) only when out
 * of memory: a limit the sender's data hits is a result, not a failure */
int
dkim_result_add(struct dkim_check *dc, struct authres *ar)
{
	size_t n0 = authres_result_count(ar);
	enum authres_status st;

	if ((st = add_all(dc, ar)) == AUTHRES_OK)
		return 0;
	while (authres_result_count(ar) > n0)
		(void)authres_remove_result(ar, authres_result_count(ar) - 1);
	if (st == AUTHRES_ENOMEM)
		return -1;
	log_info(
	    "%s: DKIM: results not written: %s", dc->id, authres_strerror(st));
	return authres_add_result(ar, "dkim", AUTHRES_RESULT_NEUTRAL,
	           "results not written: field limits") == AUTHRES_OK
	    ? 0
	    : -1;
}
