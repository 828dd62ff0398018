/*
 * dns-wire.c - the resolver's packet parser on hand-made replies: data,
 * CNAME chains, negative answers and their TTLs (RFC 2308), and the
 * replies that must be ignored (id, QR, question) or refused (garbage,
 * bad records); plus reverse names and query building. No network.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/dns_int.h"
#include "tap.h"

struct pkt {
	uint8_t b[1024];
	size_t len;
};

/* put - append n octets */
static void
put(struct pkt *p, const void *data, size_t n)
{
	if (p->len + n <= sizeof(p->b)) {
		memcpy(p->b + p->len, data, n);
		p->len += n;
	}
}

/* put16, put32 - append numbers in network order */
static void
put16(struct pkt *p, unsigned v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	put(p, b, 2);
}

static void
put32(struct pkt *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p, v & 0xffff);
}

/* put_name - append "a.b" as labels */
static void
put_name(struct pkt *p, const char *name)
{
	const char *dot;
	uint8_t n;

	while (*name != '\0') {
		dot = strchr(name, '.');
		n = (uint8_t)(dot ? (size_t)(dot - name) : strlen(name));
		put(p, &n, 1);
		put(p, name, n);
		name += n + (dot ? 1 : 0);
	}
	put(p, "", 1);
}

/* start - header (id, flags, counts) and the question */
static void
start(struct pkt *p, unsigned id, unsigned flags, const char *qname,
    unsigned qtype, unsigned an, unsigned ns)
{
	p->len = 0;
	put16(p, id);
	put16(p, flags);
	put16(p, 1);
	put16(p, an);
	put16(p, ns);
	put16(p, 0);
	put_name(p, qname);
	put16(p, qtype);
	put16(p, 1);
}

/* rr - a record header; the caller appends rdlen octets of rdata */
static void
rr(struct pkt *p, const char *owner, unsigned type, uint32_t ttl,
    unsigned rdlen)
{
	put_name(p, owner);
	put16(p, type);
	put16(p, 1);
	put32(p, ttl);
	put16(p, rdlen);
}

/* parse - run the parser for qname/type with id 0x1234 */
static enum dns_wire_verdict
parse(struct pkt *p, const char *qname, enum dns_type t, struct dns_answer **a)
{
	*a = dns_answer_new(qname, t);
	return dns_wire_parse(p->b, p->len, 0x1234, false, *a);
}

/* soa - an SOA record with this TTL and MINIMUM field */
static void
soa(struct pkt *p, uint32_t ttl, uint32_t minimum)
{
	rr(p, "t.example", DNS_T_SOA, ttl, 3 + 3 + 20);
	put_name(p, "a");
	put_name(p, "b");
	put32(p, 1);
	put32(p, 2);
	put32(p, 3);
	put32(p, 4);
	put32(p, minimum);
}

/* test_data - A records, CNAME chains, case, TTL cap */
static void
test_data(void)
{
	struct dns_answer *a;
	struct pkt p;
	uint8_t ip[4] = { 192, 0, 2, 1 };

	start(&p, 0x1234, 0x8180, "Www.T.Example", DNS_T_A, 3, 0);
	rr(&p, "www.t.example", DNS_T_CNAME, 600, 13);
	put_name(&p, "h.t.example");
	rr(&p, "H.t.example", DNS_T_A, 100000, 4);
	put(&p, ip, 4);
	rr(&p, "other.t.example", DNS_T_A, 5, 4); /* not in the chain */
	put(&p, ip, 4);
	is_int(parse(&p, "www.t.example", DNS_T_A, &a), DNS_WIRE_ANSWER,
	    "a reply to our question (other case) is an answer");
	is_int(a->status, DNS_OK, "status ok");
	is_str(a->canonical, "h.t.example", "canonical is the CNAME target");
	is_int(a->count, 1, "the record off the chain is not taken");
	is_int(a->ttl, 600,
	    "ttl: the smallest on the chain, data capped at 1 day");
	dns_answer_free(a);

	start(&p, 0x1234, 0x8180, "t.example", DNS_T_A, 1, 0);
	rr(&p, "t.example", DNS_T_A, 100000, 4);
	put(&p, ip, 4);
	parse(&p, "t.example", DNS_T_A, &a);
	is_int(a->ttl, DNS_TTL_MAX, "a TTL over a day is capped at a day");
	dns_answer_free(a);

	start(&p, 0x1234, 0x8180, "t.example", DNS_T_TXT, 1, 0);
	rr(&p, "t.example", DNS_T_TXT, 60, 7);
	put(&p,
	    "\x02"
	    "ab"
	    "\x03"
	    "c\0d",
	    7);
	parse(&p, "t.example", DNS_T_TXT, &a);
	ok(a->status == DNS_OK && a->rr[0].u.txt.len == 5 &&
	        a->rr[0].u.txt.nstrings == 2 &&
	        memcmp(a->rr[0].u.txt.data, "abc\0d", 6) == 0,
	    "TXT strings joined, NUL octets kept, NUL-terminated");
	dns_answer_free(a);
}

/* test_negative - NXDOMAIN/NODATA and their TTLs (RFC 2308 5) */
static void
test_negative(void)
{
	struct dns_answer *a;
	struct pkt p;

	start(&p, 0x1234, 0x8183, "n.t.example", DNS_T_A, 0, 1);
	soa(&p, 3600, 120);
	parse(&p, "n.t.example", DNS_T_A, &a);
	is_int(a->status, DNS_NXDOMAIN, "rcode 3 is NXDOMAIN");
	is_int(a->ttl, 120, "negative TTL: the SOA MINIMUM when smaller");
	dns_answer_free(a);

	start(&p, 0x1234, 0x8180, "n.t.example", DNS_T_A, 0, 1);
	soa(&p, 30, 120);
	parse(&p, "n.t.example", DNS_T_A, &a);
	is_int(a->status, DNS_NODATA, "NOERROR without data is NODATA");
	is_int(a->ttl, 30, "negative TTL: the SOA's own TTL when smaller");
	dns_answer_free(a);

	start(&p, 0x1234, 0x8180, "n.t.example", DNS_T_A, 0, 1);
	soa(&p, 999999, 999999);
	parse(&p, "n.t.example", DNS_T_A, &a);
	is_int(a->ttl, DNS_NEG_TTL_MAX, "negative TTL capped at 3 hours");
	dns_answer_free(a);

	start(&p, 0x1234, 0x8180, "n.t.example", DNS_T_A, 0, 0);
	parse(&p, "n.t.example", DNS_T_A, &a);
	is_int(a->ttl, DNS_NEG_TTL_DEFAULT, "no SOA: the default 5 minutes");
	dns_answer_free(a);
}

/* test_ignored - replies that are not for our question, and the ones
 * that are but cannot be used */
static void
test_ignored(void)
{
	static const struct {
		const char *name, *qname;
		unsigned id, flags, qtype;
		enum dns_wire_verdict want;
	} cases[] = {
		{ "another id is ignored", "q.t.example", 0x4321, 0x8180,
		    DNS_T_A, DNS_WIRE_IGNORE },
		{ "a query (no QR bit) is ignored", "q.t.example", 0x1234,
		    0x0100, DNS_T_A, DNS_WIRE_IGNORE },
		{ "another name is ignored", "p.t.example", 0x1234, 0x8180,
		    DNS_T_A, DNS_WIRE_IGNORE },
		{ "another type is ignored", "q.t.example", 0x1234, 0x8180,
		    DNS_T_TXT, DNS_WIRE_IGNORE },
		{ "TC over UDP: ask again over TCP", "q.t.example", 0x1234,
		    0x8380, DNS_T_A, DNS_WIRE_TRUNCATED },
		{ "SERVFAIL: ask another server", "q.t.example", 0x1234, 0x8182,
		    DNS_T_A, DNS_WIRE_RETRY },
		{ "REFUSED: ask another server", "q.t.example", 0x1234, 0x8185,
		    DNS_T_A, DNS_WIRE_RETRY },
	};
	struct dns_answer *a;
	struct pkt p;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		start(&p, cases[i].id, cases[i].flags, cases[i].qname,
		    cases[i].qtype, 0, 0);
		is_int(parse(&p, "q.t.example", DNS_T_A, &a), cases[i].want,
		    "%s", cases[i].name);
		dns_answer_free(a);
	}
	p.len = 0;
	put(&p, "\x12\x34\x81", 3);
	is_int(parse(&p, "q.t.example", DNS_T_A, &a), DNS_WIRE_IGNORE,
	    "3 octets are no reply");
	dns_answer_free(a);

	start(&p, 0x1234, 0x8180, "q.t.example", DNS_T_A, 2, 0);
	is_int(parse(&p, "q.t.example", DNS_T_A, &a), DNS_WIRE_ANSWER,
	    "our id, counts promising records that are not there...");
	is_int(a->status, DNS_MALFORMED, "... is malformed");
	dns_answer_free(a);

	start(&p, 0x1234, 0x8180, "q.t.example", DNS_T_MX, 1, 0);
	rr(&p, "q.t.example", DNS_T_MX, 60, 1);
	put(&p, "\0", 1);
	parse(&p, "q.t.example", DNS_T_MX, &a);
	is_int(
	    a->status, DNS_MALFORMED, "an MX record of one octet is malformed");
	dns_answer_free(a);

	start(&p, 0x1234, 0x8180, "q.t.example", DNS_T_A, 1, 0);
	rr(&p, "q.t.example", DNS_T_CNAME, 60, 2);
	put(&p, "\xc0\x0c", 2); /* CNAME to itself */
	parse(&p, "q.t.example", DNS_T_A, &a);
	is_int(a->status, DNS_MALFORMED, "a CNAME to itself is malformed");
	dns_answer_free(a);
}

/* test_names - reverse names and query packets */
static void
test_names(void)
{
	char buf[128];
	uint8_t *wire;
	size_t len;

	ok(dns_ptr_name("192.0.2.10", buf, sizeof(buf)) == 0 &&
	        strcmp(buf, "10.2.0.192.in-addr.arpa") == 0,
	    "IPv4 reverse name");
	ok(dns_ptr_name("2001:db8::1", buf, sizeof(buf)) == 0 &&
	        strcmp(buf,
	            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
	            "8.b.d.0.1.0.0.2.ip6.arpa") == 0,
	    "IPv6 reverse name");
	is_int(dns_ptr_name("192.0.2.300", buf, sizeof(buf)), -1,
	    "no reverse name for a bad address");
	is_int(dns_ptr_name("2001:db8::1", buf, 72), -1,
	    "no reverse name into a short buffer");
	is_int(dns_ptr_name("192.0.2.10", buf, 10), -1, "... nor an IPv4 one");
	is_int(dns_wire_query("a.example", DNS_T_A, 0xbeef, &wire, &len), 0,
	    "a query packet is built");
	ok(len == 12 + 11 + 4 + 11 && wire[0] == 0xbe && wire[1] == 0xef &&
	        (wire[2] & 0x01) && wire[11] == 1,
	    "id, RD bit, one OPT record (EDNS0)");
	ok(wire[len - 11 + 3] == (DNS_EDNS_SIZE >> 8) &&
	        wire[len - 11 + 4] == (DNS_EDNS_SIZE & 0xff),
	    "EDNS0 advertises 1232 octets");
	free(wire);
	is_int(dns_wire_query("a..example", DNS_T_A, 1, &wire, &len), -1,
	    "an empty label is refused");
	is_str(dns_status_name(DNS_NXDOMAIN), "nxdomain", "status names");
}

int
main(void)
{
	plan(35);
	test_data();
	test_negative();
	test_ignored();
	test_names();
	return done_testing();
}
