/*
 * fuzz-dns-answer.c - a DNS reply of arbitrary octets through the
 * resolver's packet parser (dns_wire_parse), as it would arrive over UDP
 * or TCP for a question of any type the checks ask. The first octet picks
 * the type, the transport and whether the question name is taken from the
 * packet itself (so the parser goes past the question check); the rest is
 * the packet, whose own id is used. An answer must be consistent (records
 * of the asked type, strings terminated) and survive a copy and the cache.
 * Any breach aborts.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dns/dns_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const enum dns_type types[] = { DNS_T_A, DNS_T_NS, DNS_T_CNAME,
	DNS_T_SOA, DNS_T_PTR, DNS_T_MX, DNS_T_TXT, DNS_T_AAAA, DNS_T_SPF };

/* packet_qname - the question name of the packet as text, or NULL */
static char *
packet_qname(const uint8_t *buf, size_t len)
{
	ldns_pkt *p = NULL;
	const ldns_rr *q;
	char *s = NULL, out[DNS_MAX_TEXT_NAME];

	if (ldns_wire2pkt(&p, buf, len) != LDNS_STATUS_OK)
		return NULL;
	q = ldns_rr_list_rr(ldns_pkt_question(p), 0);
	if (q != NULL && (s = ldns_rdf2str(ldns_rr_owner(q))) != NULL &&
	    dns_name_normalize(s, out, sizeof(out)) == 0) {
		free(s);
		s = strdup(out);
	} else {
		free(s);
		s = NULL;
	}
	ldns_pkt_free(p);
	return s;
}

/* check - the promises of an answer */
static void
check(const struct dns_answer *a, enum dns_type type)
{
	const struct dns_rr *rr;
	size_t i;

	if (strnlen(a->detail, sizeof(a->detail)) == sizeof(a->detail))
		abort();
	if (a->status != DNS_OK)
		return;
	if (a->count == 0 || a->rr == NULL || a->canonical == NULL)
		abort();
	for (i = 0; i < a->count; i++) {
		rr = &a->rr[i];
		if (rr->type != type)
			abort();
		if ((type == DNS_T_PTR || type == DNS_T_NS ||
		        type == DNS_T_CNAME) &&
		    strlen(rr->u.name) >= DNS_MAX_TEXT_NAME)
			abort();
		if (type == DNS_T_MX &&
		    strlen(rr->u.mx.exchange) >= DNS_MAX_TEXT_NAME)
			abort();
		if ((type == DNS_T_TXT || type == DNS_T_SPF) &&
		    rr->u.txt.data[rr->u.txt.len] != '\0')
			abort();
	}
}

/* cache_trip - put the answer in a small cache and read it back */
static void
cache_trip(const struct dns_answer *a)
{
	struct dns_cache *c;
	struct dns_answer *got;
	bool nomem = false;

	if ((c = dns_cache_new(4)) == NULL)
		return;
	if (dns_cache_put(c, a, 1000) == 0 &&
	    (got = dns_cache_get(c, a->qname, a->qtype, 1000, &nomem)) !=
	        NULL) {
		if (got->status != a->status || got->count != a->count)
			abort();
		dns_answer_free(got);
	}
	dns_cache_free(c);
}

/* LLVMFuzzerTestOneInput - one reply */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum dns_type type;
	enum dns_wire_verdict v;
	struct dns_answer *a, *copy;
	char *qname = NULL;
	uint16_t id;
	bool tcp;

	if (size < 1 + 2)
		return 0;
	type = types[(data[0] & 0x0f) % (sizeof(types) / sizeof(*types))];
	tcp = (data[0] & 0x10) != 0;
	if ((data[0] & 0x20) != 0)
		qname = packet_qname(data + 1, size - 1);
	id = (uint16_t)((data[1] << 8) | data[2]);
	a = dns_answer_new(qname != NULL ? qname : "t.example", type);
	free(qname);
	if (a == NULL)
		return 0;
	v = dns_wire_parse(data + 1, size - 1, id, tcp, a);
	if (v == DNS_WIRE_TRUNCATED && tcp)
		abort();
	if (v == DNS_WIRE_ANSWER) {
		check(a, type);
		if ((copy = dns_answer_clone(a)) != NULL) {
			check(copy, type);
			dns_answer_free(copy);
		}
		cache_trip(a);
	}
	dns_answer_free(a);
	return 0;
}
