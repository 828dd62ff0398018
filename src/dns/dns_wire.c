/*
 * dns_wire.c - DNS messages on the wire, through libldns: build a query
 * (RD set, EDNS0 advertising 1232 octets) and turn a reply into a struct
 * dns_answer. A reply that is not for our question (id, QR bit, question
 * name, type, class) is ignored; one that is but cannot be parsed, or has
 * records that do not fit their type, is MALFORMED. CNAMEs inside the
 * answer are followed at most DNS_MAX_CNAME times.
 */
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dns/dns_int.h"

/* dns_wire_query - the query packet for qname/type with this id.
 * Returns 0, -1 when qname is not a domain name, -2 when out of memory;
 * the caller frees *wire with free(). */
int
dns_wire_query(const char *qname, enum dns_type type, uint16_t id,
    uint8_t **wire, size_t *len)
{
	ldns_rdf *dn;
	ldns_pkt *p;
	ldns_status st;

	if ((dn = ldns_dname_new_frm_str(qname[0] ? qname : ".")) == NULL)
		return -1;
	p = ldns_pkt_query_new(
	    dn, (ldns_rr_type)type, LDNS_RR_CLASS_IN, LDNS_RD);
	if (p == NULL)
		return -2;
	ldns_pkt_set_id(p, id);
	ldns_pkt_set_edns_udp_size(p, DNS_EDNS_SIZE);
	*wire = NULL;
	st = ldns_pkt2wire(wire, p, len);
	ldns_pkt_free(p);
	if (st != LDNS_STATUS_OK) {
		free(*wire);
		*wire = NULL;
		return st == LDNS_STATUS_MEM_ERR ? -2 : -1;
	}
	return 0;
}

/* dns_lib_version - the libldns this process runs with */
const char *
dns_lib_version(void)
{
	return ldns_version();
}

/* dname_text - a name as lower-case text without the trailing dot into
 * buf; -1 when it does not fit or memory runs out */
static int
dname_text(const ldns_rdf *rdf, char *buf, size_t bufsz)
{
	char *s;
	int rc;

	if (rdf == NULL || ldns_rdf_get_type(rdf) != LDNS_RDF_TYPE_DNAME)
		return -1;
	if ((s = ldns_rdf2str(rdf)) == NULL)
		return -1;
	rc = dns_name_normalize(s, buf, bufsz);
	free(s);
	return rc;
}

/* question_matches - is the reply's question exactly ours? */
static bool
question_matches(const ldns_pkt *p, const char *qname, enum dns_type type)
{
	const ldns_rr *q;
	ldns_rdf *want;
	bool same;

	if (ldns_pkt_qdcount(p) != 1 ||
	    ldns_rr_list_rr_count(ldns_pkt_question(p)) != 1)
		return false;
	q = ldns_rr_list_rr(ldns_pkt_question(p), 0);
	if (ldns_rr_get_type(q) != (ldns_rr_type)type ||
	    ldns_rr_get_class(q) != LDNS_RR_CLASS_IN)
		return false;
	if ((want = ldns_dname_new_frm_str(qname[0] ? qname : ".")) == NULL)
		return false;
	/* ldns_dname_compare ignores case (RFC 4343) */
	same = ldns_dname_compare(ldns_rr_owner(q), want) == 0;
	ldns_rdf_deep_free(want);
	return same;
}

/* owner_is - does rr belong to name, class IN, with this type? */
static bool
owner_is(const ldns_rr *rr, const ldns_rdf *name, ldns_rr_type type)
{
	return ldns_rr_get_type(rr) == type &&
	    ldns_rr_get_class(rr) == LDNS_RR_CLASS_IN &&
	    ldns_dname_compare(ldns_rr_owner(rr), name) == 0;
}

/* txt_copy - concatenate the character-strings of a TXT record */
static int
txt_copy(const ldns_rr *rr, struct dns_rr *out)
{
	size_t i, len = 0, n = ldns_rr_rd_count(rr);
	const ldns_rdf *f;

	for (i = 0; i < n; i++) {
		f = ldns_rr_rdf(rr, i);
		if (ldns_rdf_get_type(f) != LDNS_RDF_TYPE_STR ||
		    ldns_rdf_size(f) < 1 ||
		    ldns_rdf_data(f)[0] != ldns_rdf_size(f) - 1)
			return -1;
		len += ldns_rdf_size(f) - 1;
	}
	if ((out->u.txt.data = malloc(len + 1)) == NULL)
		return -2;
	out->u.txt.len = len;
	out->u.txt.nstrings = n;
	for (len = 0, i = 0; i < n; i++) {
		f = ldns_rr_rdf(rr, i);
		memcpy(out->u.txt.data + len, ldns_rdf_data(f) + 1,
		    ldns_rdf_size(f) - 1);
		len += ldns_rdf_size(f) - 1;
	}
	out->u.txt.data[len] = '\0';
	return 0;
}

/* rr_convert - one record into out; -1 when it does not fit its type,
 * -2 when out of memory */
static int
rr_convert(const ldns_rr *rr, struct dns_rr *out)
{
	char name[DNS_MAX_TEXT_NAME];
	const ldns_rdf *f = ldns_rr_rdf(rr, 0);
	size_t n = ldns_rr_rd_count(rr);

	out->type = (enum dns_type)ldns_rr_get_type(rr);
	out->ttl = ldns_rr_ttl(rr);
	switch (out->type) {
	case DNS_T_A:
		if (n != 1 || ldns_rdf_size(f) != sizeof(out->u.a))
			return -1;
		memcpy(&out->u.a, ldns_rdf_data(f), sizeof(out->u.a));
		return 0;
	case DNS_T_AAAA:
		if (n != 1 || ldns_rdf_size(f) != sizeof(out->u.aaaa))
			return -1;
		memcpy(&out->u.aaaa, ldns_rdf_data(f), sizeof(out->u.aaaa));
		return 0;
	case DNS_T_PTR:
	case DNS_T_CNAME:
	case DNS_T_NS:
		if (n != 1 || dname_text(f, name, sizeof(name)) == -1)
			return -1;
		return (out->u.name = strdup(name)) == NULL ? -2 : 0;
	case DNS_T_MX:
		if (n != 2 || ldns_rdf_size(f) != 2 ||
		    dname_text(ldns_rr_rdf(rr, 1), name, sizeof(name)) == -1)
			return -1;
		out->u.mx.preference = ldns_rdf2native_int16(f);
		out->u.mx.exchange = strdup(name);
		return out->u.mx.exchange == NULL ? -2 : 0;
	case DNS_T_TXT:
	case DNS_T_SPF:
		return txt_copy(rr, out);
	default:
		return 0;
	}
}

/* negative_ttl - RFC 2308 5: the SOA's TTL, at most its MINIMUM field */
static uint32_t
negative_ttl(const ldns_pkt *p)
{
	const ldns_rr_list *auth = ldns_pkt_authority(p);
	const ldns_rr *rr;
	uint32_t ttl, min;
	size_t i;

	for (i = 0; i < ldns_rr_list_rr_count(auth); i++) {
		rr = ldns_rr_list_rr(auth, i);
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_SOA ||
		    ldns_rr_rd_count(rr) != 7 ||
		    ldns_rdf_size(ldns_rr_rdf(rr, 6)) != 4)
			continue;
		ttl = ldns_rr_ttl(rr);
		min = ldns_rdf2native_int32(ldns_rr_rdf(rr, 6));
		ttl = ttl < min ? ttl : min;
		return ttl < DNS_NEG_TTL_MAX ? ttl : DNS_NEG_TTL_MAX;
	}
	return DNS_NEG_TTL_DEFAULT;
}

/* collect - copy the records of the answer's type owned by name */
static enum dns_wire_verdict
collect(const ldns_rr_list *an, const ldns_rdf *name, struct dns_answer *a,
    size_t n)
{
	const ldns_rr *rr;
	size_t i;
	int rc;

	if ((a->rr = calloc(n, sizeof(*a->rr))) == NULL) {
		dns_answer_set(a, DNS_NOMEM, "out of memory");
		return DNS_WIRE_ANSWER;
	}
	for (i = 0; i < ldns_rr_list_rr_count(an); i++) {
		rr = ldns_rr_list_rr(an, i);
		if (!owner_is(rr, name, (ldns_rr_type)a->qtype))
			continue;
		if ((rc = rr_convert(rr, &a->rr[a->count])) != 0) {
			if (rc == -2)
				dns_answer_set(a, DNS_NOMEM, "out of memory");
			else
				dns_answer_set(a, DNS_MALFORMED,
				    "bad record of type %d", (int)a->qtype);
			return DNS_WIRE_ANSWER;
		}
		a->count++;
		if (a->rr[a->count - 1].ttl < a->ttl)
			a->ttl = a->rr[a->count - 1].ttl;
	}
	dns_answer_set(
	    a, DNS_OK, "%zu record%s", a->count, a->count == 1 ? "" : "s");
	return DNS_WIRE_ANSWER;
}

/* count_owned - records of type owned by name */
static size_t
count_owned(const ldns_rr_list *an, const ldns_rdf *name, ldns_rr_type type)
{
	size_t i, n = 0;

	for (i = 0; i < ldns_rr_list_rr_count(an); i++)
		if (owner_is(ldns_rr_list_rr(an, i), name, type))
			n++;
	return n;
}

/* find_cname - the CNAME owned by name in the answer, or NULL */
static const ldns_rr *
find_cname(const ldns_rr_list *an, const ldns_rdf *name)
{
	const ldns_rr *rr;
	size_t i;

	for (i = 0; i < ldns_rr_list_rr_count(an); i++) {
		rr = ldns_rr_list_rr(an, i);
		if (owner_is(rr, name, LDNS_RR_TYPE_CNAME) &&
		    ldns_rr_rd_count(rr) == 1 &&
		    ldns_rdf_get_type(ldns_rr_rdf(rr, 0)) ==
		        LDNS_RDF_TYPE_DNAME)
			return rr;
	}
	return NULL;
}

/* fill - a NOERROR or NXDOMAIN reply into a: follow the CNAME chain from
 * the question name, then take the data or the negative answer */
static enum dns_wire_verdict
fill(const ldns_pkt *p, struct dns_answer *a)
{
	const ldns_rr_list *an = ldns_pkt_answer(p);
	const ldns_rdf *cur;
	const ldns_rr *cn;
	char name[DNS_MAX_TEXT_NAME];
	uint32_t ttl = DNS_TTL_MAX, neg;
	size_t n, hops;

	cur = ldns_rr_owner(ldns_rr_list_rr(ldns_pkt_question(p), 0));
	for (hops = 0;; hops++) {
		n = count_owned(an, cur, (ldns_rr_type)a->qtype);
		if (n > 0 || a->qtype == DNS_T_CNAME ||
		    (cn = find_cname(an, cur)) == NULL)
			break;
		if (hops == DNS_MAX_CNAME) {
			dns_answer_set(a, DNS_MALFORMED,
			    "CNAME chain longer than %d", DNS_MAX_CNAME);
			return DNS_WIRE_ANSWER;
		}
		if (ldns_rr_ttl(cn) < ttl)
			ttl = ldns_rr_ttl(cn);
		cur = ldns_rr_rdf(cn, 0);
	}
	if (dname_text(cur, name, sizeof(name)) == -1 ||
	    (a->canonical = strdup(name)) == NULL) {
		dns_answer_set(a, DNS_NOMEM, "out of memory");
		return DNS_WIRE_ANSWER;
	}
	a->ttl = ttl;
	if (n > 0)
		return collect(an, cur, a, n);
	neg = negative_ttl(p);
	a->ttl = neg < ttl ? neg : ttl;
	if (ldns_pkt_get_rcode(p) == LDNS_RCODE_NXDOMAIN)
		dns_answer_set(a, DNS_NXDOMAIN, "no such name %s", name);
	else
		dns_answer_set(a, DNS_NODATA, "no record of type %d for %s",
		    (int)a->qtype, name);
	return DNS_WIRE_ANSWER;
}

/* rcode_name - a few response codes by name for the detail text */
static const char *
rcode_name(ldns_pkt_rcode rc)
{
	switch (rc) {
	case LDNS_RCODE_FORMERR:
		return "FORMERR";
	case LDNS_RCODE_SERVFAIL:
		return "SERVFAIL";
	case LDNS_RCODE_NOTIMPL:
		return "NOTIMP";
	case LDNS_RCODE_REFUSED:
		return "REFUSED";
	default:
		return "error";
	}
}

/*
 * dns_wire_parse - what a received packet means for the query with this
 * id whose out->qname/qtype it should answer. On DNS_WIRE_ANSWER, out's
 * status, records, ttl and detail are set; on DNS_WIRE_RETRY only the
 * status (TEMPFAIL) and detail. Over TCP (tcp) the TC bit is ignored.
 */
enum dns_wire_verdict
dns_wire_parse(const uint8_t *buf, size_t len, uint16_t id, bool tcp,
    struct dns_answer *out)
{
	enum dns_wire_verdict v;
	ldns_pkt_rcode rc;
	ldns_pkt *p = NULL;

	/* not even a header, someone else's id, or a query: not ours */
	if (len < LDNS_HEADER_SIZE || ((buf[0] << 8) | buf[1]) != id ||
	    (buf[2] & 0x80) == 0)
		return DNS_WIRE_IGNORE;
	if (ldns_wire2pkt(&p, buf, len) != LDNS_STATUS_OK) {
		dns_answer_set(out, DNS_MALFORMED, "unparseable answer");
		return DNS_WIRE_ANSWER;
	}
	if (!question_matches(p, out->qname, out->qtype)) {
		ldns_pkt_free(p);
		return DNS_WIRE_IGNORE;
	}
	rc = ldns_pkt_get_rcode(p);
	if (!tcp && ldns_pkt_tc(p))
		v = DNS_WIRE_TRUNCATED;
	else if (rc != LDNS_RCODE_NOERROR && rc != LDNS_RCODE_NXDOMAIN) {
		dns_answer_set(out, DNS_TEMPFAIL, "%s", rcode_name(rc));
		v = DNS_WIRE_RETRY;
	} else
		v = fill(p, out);
	ldns_pkt_free(p);
	return v;
}
