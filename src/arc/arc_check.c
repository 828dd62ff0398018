/*
 * arc_check.c - one message's ARC check: header fields kept (capped),
 * the chain grouped at end of headers where its key lookups start and
 * its body hashers are made, the body streamed into them, and at end of
 * message the keys joined within the time limit, the chain verified
 * (arc_verify.c) and one "arc=" result written. Also the verifier.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arc/arc.h"
#include "arc/arc_check_int.h"
#include "util/log.h"

/* arc_verifier_new - the shared configuration and key cache */
struct arc_verifier *
arc_verifier_new(struct dns_resolver *res, const struct arc_options *o,
    char *err, size_t errlen)
{
	struct arc_verifier *v = calloc(1, sizeof(*v));

	if (v == NULL) {
		(void)strlcpy(err, "ARC: out of memory", errlen);
		return NULL;
	}
	v->res = res;
	if (o != NULL)
		v->o = *o;
	if (v->o.timeout_ms == 0)
		v->o.timeout_ms = 10000;
	if (v->o.minimum_key_bits < ARC_KEY_BITS_MIN)
		v->o.minimum_key_bits = ARC_KEY_BITS_MIN;
	if (v->o.key_cache_entries == 0)
		v->o.key_cache_entries = 1000;
	if (v->o.key_cache_ttl == 0)
		v->o.key_cache_ttl = 3600;
	v->cache = arc_keycache_new(v->o.key_cache_entries, v->o.key_cache_ttl);
	if (v->cache == NULL) {
		(void)strlcpy(err, "ARC: out of memory", errlen);
		free(v);
		return NULL;
	}
	return v;
}

/* arc_verifier_free - release v (NULL: no-op) */
void
arc_verifier_free(struct arc_verifier *v)
{
	if (v == NULL)
		return;
	arc_keycache_free(v->cache);
	free(v);
}

/* arc_check_new - an empty check of one message */
struct arc_check *
arc_check_new(struct arc_verifier *v, struct dns_group *group, const char *id)
{
	struct arc_check *ck = calloc(1, sizeof(*ck));

	if (ck == NULL)
		return NULL;
	ck->v = v;
	ck->group = group;
	if (id != NULL)
		(void)strlcpy(ck->id, id, sizeof(ck->id));
	ck->oldest_pass = -1;
	ck->seal_body = -1;
	ck->result = ARC_CHAIN_NONE;
	return ck;
}

/* free_fields - forget the header fields kept */
static void
free_fields(struct arc_check *ck)
{
	size_t i;

	for (i = 0; i < ck->nf; i++) {
		free(ck->f[i].name);
		free(ck->f[i].value);
	}
	free(ck->f);
	ck->f = NULL;
	ck->nf = ck->capf = 0;
}

/* arc_check_free - release ck, cancelling lookups (NULL: no-op) */
void
arc_check_free(struct arc_check *ck)
{
	size_t i;

	if (ck == NULL)
		return;
	for (i = 0; i < ck->nkeys; i++) {
		if (ck->keys[i].q != NULL)
			dns_query_cancel(ck->keys[i].q);
		arc_key_unref(ck->keys[i].key);
	}
	free(ck->keys);
	free(ck->cs);
	for (i = 0; i < ck->nbodies; i++)
		arc_body_free(ck->bodies[i].b);
	free_fields(ck);
	free(ck);
}

/* is_arc_name - one of the three ARC field names? */
static bool
is_arc_name(const char *name)
{
	return strncasecmp(name, "ARC-", 4) == 0 &&
	    (strcasecmp(name + 4, "Seal") == 0 ||
	        strcasecmp(name + 4, "Message-Signature") == 0 ||
	        strcasecmp(name + 4, "Authentication-Results") == 0);
}

/* arc_check_header - keep one header field (up to the caps) */
int
arc_check_header(struct arc_check *ck, const char *name, const char *value)
{
	size_t n = strlen(name) + strlen(value);
	struct arc_field *nf;

	if (ck->eoh)
		return 0;
	if (is_arc_name(name))
		ck->arc_seen = true;
	if (ck->overflow || ck->nf >= ARC_HEADERS_MAX ||
	    n > ARC_HEADER_BYTES_MAX - ck->hbytes) {
		ck->overflow = true;
		return 0;
	}
	if (ck->nf == ck->capf) {
		size_t cap = ck->capf == 0 ? 32 : ck->capf * 2;

		if ((nf = reallocarray(ck->f, cap, sizeof(*nf))) == NULL)
			goto oom;
		ck->f = nf;
		ck->capf = cap;
	}
	ck->f[ck->nf].name = strdup(name);
	ck->f[ck->nf].value = strdup(value);
	if (ck->f[ck->nf].name == NULL || ck->f[ck->nf].value == NULL) {
		free(ck->f[ck->nf].name);
		free(ck->f[ck->nf].value);
		goto oom;
	}
	ck->nf++;
	ck->hbytes += n;
	return 0;
oom:
	ck->oom = true;
	return -1;
}

/* key_slot - the index of the key name s._domainkey.d, its lookup
 * started (or answered by the cache) when new */
static unsigned char
key_slot(struct arc_check *ck, const char *s, const char *d)
{
	char name[ARC_KEYNAME_MAX];
	struct arc_keyslot *k;
	size_t i;

	(void)snprintf(name, sizeof(name), "%s._domainkey.%s", s, d);
	for (i = 0; i < ck->nkeys; i++)
		if (strcasecmp(ck->keys[i].name, name) == 0)
			return (unsigned char)i;
	k = &ck->keys[ck->nkeys];
	(void)strlcpy(k->name, name, sizeof(k->name));
	if ((k->key = arc_keycache_get(ck->v->cache, name)) == NULL &&
	    (k->q = dns_query_start_in(
	         ck->v->res, ck->group, name, DNS_T_TXT)) == NULL) {
		ck->oom = true;
		(void)strlcpy(k->why, "out of memory", sizeof(k->why));
	}
	return (unsigned char)ck->nkeys++;
}

/* body_slot - the index of the body hash (bc, l), made when new */
static int
body_slot(struct arc_check *ck, enum arc_canon bc, int64_t l)
{
	size_t i;

	for (i = 0; i < ck->nbodies; i++)
		if (ck->bodies[i].bc == bc && ck->bodies[i].l == l)
			return (int)i;
	if (ck->nbodies == ARC_BODIES_MAX)
		return -1;
	ck->bodies[i].bc = bc;
	ck->bodies[i].l = l;
	if ((ck->bodies[i].b = arc_body_new(bc, l)) == NULL) {
		ck->oom = true;
		return -1;
	}
	ck->nbodies++;
	return (int)i;
}

/* arc_check_eoh - group the chain; start its key lookups */
int
arc_check_eoh(struct arc_check *ck)
{
	unsigned i;
	int b;

	ck->eoh = true;
	/* a sealer signs the body relaxed and whole (c=relaxed/relaxed) */
	if (ck->v->o.seal && !ck->overflow &&
	    (ck->seal_body = body_slot(ck, ARC_CANON_RELAXED, -1)) == -1)
		return -1;
	if (!ck->arc_seen) {
		if (!ck->v->o.seal)
			free_fields(ck); /* no chain (RFC 8617 5.2 step 1) */
		return 0;
	}
	ck->cs = calloc(1, sizeof(*ck->cs));
	ck->keys = calloc(2 * ARC_INSTANCE_MAX, sizeof(*ck->keys));
	if (ck->cs == NULL || ck->keys == NULL) {
		ck->oom = true;
		return -1;
	}
	if (ck->overflow) {
		ck->grouped = -1;
		(void)strlcpy(ck->cs->why, "header too large to verify ARC",
		    sizeof(ck->cs->why));
		return 0;
	}
	ck->grouped = arc_chain_group(ck->f, ck->nf, ck->cs);
	if (ck->grouped == -1)
		return 0;
	for (i = 1; i <= ck->cs->n; i++) {
		struct arc_set *st = &ck->cs->set[i];

		ck->as_key[i] = key_slot(ck, st->s, st->d);
		ck->ams_key[i] = key_slot(ck, st->ams_s, st->ams_d);
		if ((b = body_slot(ck, st->bc, st->l)) == -1) {
			if (ck->oom)
				return -1;
			ck->grouped = -1;
			(void)strlcpy(ck->cs->why,
			    "too many distinct body hashes",
			    sizeof(ck->cs->why));
			return 0;
		}
		ck->ams_body[i] = (unsigned char)b;
	}
	return ck->oom ? -1 : 0;
}

/* arc_check_body - stream a chunk into the body hashers */
int
arc_check_body(struct arc_check *ck, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < ck->nbodies; i++)
		if (!arc_body_done(ck->bodies[i].b))
			arc_body_update(ck->bodies[i].b, p, n);
	return 0;
}

/* arc_check_wants_body - does any hasher still need body octets? */
bool
arc_check_wants_body(const struct arc_check *ck)
{
	size_t i;

	if (ck == NULL || !ck->eoh)
		return ck != NULL;
	for (i = 0; i < ck->nbodies; i++)
		if (!arc_body_done(ck->bodies[i].b))
			return true;
	return false;
}
