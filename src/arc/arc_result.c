/*
 * arc_result.c - end of message: the key lookups joined within the time
 * limit (a lookup that failed in DNS is remembered as such: the chain
 * then fails, but must not feed a DMARC override or a seal), the body
 * hashes finished, the chain verified and one "arc=" result written; and
 * the getters the sealer and the DMARC override read.
 */
#include <stdio.h>
#include <string.h>

#include "arc/arc.h"
#include "arc/arc_check_int.h"
#include "util/log.h"

/* key_from_answer - the key slot k after its DNS answer a */
static void
key_from_answer(struct arc_check *ck, struct arc_keyslot *k,
    const struct dns_answer *a, unsigned min_bits)
{
	char err[96] = "";
	size_t i;

	switch (a->status) {
	case DNS_OK:
		break;
	case DNS_NXDOMAIN:
	case DNS_NODATA:
		(void)snprintf(
		    k->why, sizeof(k->why), "no key for %s", k->name);
		return;
	case DNS_NOMEM:
		ck->oom = true;
		(void)strlcpy(k->why, "out of memory", sizeof(k->why));
		return;
	default:
		k->dns_failed = true;
		(void)snprintf(k->why, sizeof(k->why),
		    "key lookup failed in DNS: %s",
		    a->detail[0] != '\0' ? a->detail
		                         : dns_status_name(a->status));
		return;
	}
	for (i = 0; i < a->count && k->key == NULL; i++)
		k->key = arc_key_parse(a->rr[i].u.txt.data, a->rr[i].u.txt.len,
		    min_bits, err, sizeof(err));
	if (k->key == NULL)
		(void)snprintf(k->why, sizeof(k->why), "%s", err);
}

/* join_keys - every key lookup answered, or given up */
static void
join_keys(struct arc_check *ck, unsigned timeout_ms, unsigned min_bits,
    struct arc_keycache *cache)
{
	struct dns_budget budget;
	struct dns_answer *a;
	size_t i;

	dns_budget_init(&budget, timeout_ms);
	for (i = 0; i < ck->nkeys; i++) {
		struct arc_keyslot *k = &ck->keys[i];

		if (k->q == NULL)
			continue;
		a = dns_query_join_within(k->q, &budget);
		k->q = NULL;
		key_from_answer(ck, k, a, min_bits);
		if (k->key != NULL)
			arc_keycache_put(cache, k->name, k->key, a->ttl);
		dns_answer_free(a);
	}
}

/* write_result - "arc=..." with its properties into ar */
static int
write_result(struct arc_check *ck, const char *ip, struct authres *ar)
{
	static const enum authres_result map[] = { AUTHRES_RESULT_NONE,
		AUTHRES_RESULT_PASS, AUTHRES_RESULT_FAIL };
	char n[16];

	if (authres_add_result(ar, "arc", map[ck->result],
	        ck->result == ARC_CHAIN_FAIL ? ck->reason : NULL) != AUTHRES_OK)
		return -1;
	if (ip != NULL &&
	    authres_add_prop(ar, "smtp", "remote-ip", ip) != AUTHRES_OK)
		return -1;
	if (ck->result == ARC_CHAIN_PASS && ck->oldest_pass >= 0) {
		(void)snprintf(n, sizeof(n), "%d", ck->oldest_pass);
		if (authres_add_prop(ar, "header", "oldest-pass", n) !=
		    AUTHRES_OK)
			return -1;
	}
	return 0;
}

/* arc_check_eom - verify and append one arc result to ar */
int
arc_check_eom(struct arc_check *ck, const char *ip, struct authres *ar)
{
	size_t i;

	if (!ck->eoh && arc_check_eoh(ck) == -1)
		return -1;
	if (!ck->eom) {
		ck->eom = true;
		join_keys(ck, ck->v->o.timeout_ms, ck->v->o.minimum_key_bits,
		    ck->v->cache);
		for (i = 0; i < ck->nbodies; i++) {
			struct arc_bodyslot *b = &ck->bodies[i];

			b->done =
			    arc_body_final(b->b, b->hash, &b->hashed) == 0;
			arc_body_free(b->b);
			b->b = NULL;
		}
		if (ck->oom)
			return -1;
		arc_verify_chain(ck);
		if (ck->id[0] != '\0' && ck->result == ARC_CHAIN_FAIL)
			log_info("%s: arc=fail: %s", ck->id, ck->reason);
	}
	return write_result(ck, ip, ar);
}

/* arc_check_get_chain - the chain's status */
enum arc_chain
arc_check_get_chain(const struct arc_check *ck)
{
	return ck->eom ? (enum arc_chain)ck->result : ARC_CHAIN_NONE;
}

/* arc_check_get_instances - N of a well-formed chain */
unsigned
arc_check_get_instances(const struct arc_check *ck)
{
	return ck->eoh && ck->grouped == 0 && ck->cs != NULL ? ck->cs->n : 0;
}

/* arc_check_get_field - instance i's field of kind k */
const char *
arc_check_get_field(
    const struct arc_check *ck, unsigned i, enum arc_kind k, const char **name)
{
	size_t f;

	if (i == 0 || i > arc_check_get_instances(ck))
		return NULL;
	f = k == ARC_AAR   ? ck->cs->set[i].aar
	    : k == ARC_AMS ? ck->cs->set[i].ams
	                   : ck->cs->set[i].as;
	if (name != NULL)
		*name = ck->f[f].name;
	return ck->f[f].value;
}

/* arc_check_get_sealer - instance i's seal d= */
const char *
arc_check_get_sealer(const struct arc_check *ck, unsigned i)
{
	if (i == 0 || i > arc_check_get_instances(ck))
		return NULL;
	return ck->cs->set[i].d;
}

/* arc_check_get_selector - instance i's seal s= */
const char *
arc_check_get_selector(const struct arc_check *ck, unsigned i)
{
	if (i == 0 || i > arc_check_get_instances(ck))
		return NULL;
	return ck->cs->set[i].s;
}

/* arc_check_get_oldest_pass - RFC 8617 5.2 step 5, -1 unknown */
int
arc_check_get_oldest_pass(const struct arc_check *ck)
{
	return ck->eom && ck->result == ARC_CHAIN_PASS ? ck->oldest_pass : -1;
}

/* arc_check_dns_failed - did the chain fail for a DNS failure? */
bool
arc_check_dns_failed(const struct arc_check *ck)
{
	return ck->eom && ck->result == ARC_CHAIN_FAIL && ck->dns_failed;
}

/* arc_check_get_reason - why the chain failed, or NULL */
const char *
arc_check_get_reason(const struct arc_check *ck)
{
	return ck->eom && ck->result == ARC_CHAIN_FAIL ? ck->reason : NULL;
}
