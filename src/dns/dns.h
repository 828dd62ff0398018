/*
 * dns.h - the one stub resolver every check uses (on libldns).
 *
 * Queries go to the configured nameservers (ADDR[@PORT], IPv4 or IPv6;
 * default: /etc/resolv.conf) over UDP with EDNS0, and again over TCP when
 * an answer is truncated. A whole lookup, retries included, fits in the
 * configured timeout. Answers are cached, positive and negative (RFC 2308),
 * in one cache shared by all threads, capped in size, evicting the oldest.
 * A lookup can be started early and joined later, so DNS time overlaps the
 * SMTP dialog. The time model in one sentence: an answer that arrived is
 * used whenever it is joined, and a lookup times out only after each of
 * its attempts has been on the wire for its share of the timeout without
 * an answer; time between start and join (a slow SMTP client) never
 * counts against it. A check can also bound the time it spends waiting in
 * all its joins together (struct dns_budget). No third-party type appears
 * in this interface.
 */
#ifndef DNS_H
#define DNS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/dns_stats.h" /* the counters */

/* RR types the checks ask for (values are the IANA codes). */
enum dns_type {
	DNS_T_A = 1,
	DNS_T_NS = 2,
	DNS_T_CNAME = 5,
	DNS_T_SOA = 6,
	DNS_T_PTR = 12,
	DNS_T_MX = 15,
	DNS_T_TXT = 16,
	DNS_T_AAAA = 28,
	DNS_T_SPF = 99
};

/* What an answer says; callers map these to none/temperror/permerror. */
enum dns_status {
	DNS_OK,        /* data: count >= 1 records of the asked type */
	DNS_NXDOMAIN,  /* the name does not exist */
	DNS_NODATA,    /* the name exists, no record of that type */
	DNS_TEMPFAIL,  /* timeout, SERVFAIL, REFUSED, network error */
	DNS_MALFORMED, /* an answer came that could not be used */
	DNS_NOMEM      /* the lookup could not run (out of memory) */
};

struct dns_rr {
	enum dns_type type;
	uint32_t ttl;
	union {
		struct in_addr a;     /* DNS_T_A */
		struct in6_addr aaaa; /* DNS_T_AAAA */
		char *name;           /* DNS_T_PTR, DNS_T_CNAME, DNS_T_NS:
		                       * lower-case, no trailing dot */
		struct {
			uint16_t preference;
			char *exchange; /* as name */
		} mx;
		struct {
			/* the character-strings concatenated (RFC 7208
			 * 3.3, RFC 6376 3.6.2.2); may hold NUL octets */
			char *data;
			size_t len;
			size_t nstrings;
		} txt; /* DNS_T_TXT, DNS_T_SPF */
	} u;
};

struct dns_answer {
	enum dns_status status;
	char *qname; /* as asked, lower-case, no trailing dot */
	enum dns_type qtype;
	char *canonical;   /* owner after following CNAMEs in the answer */
	size_t count;      /* records of qtype for canonical */
	struct dns_rr *rr; /* count of them */
	uint32_t ttl;      /* how long this answer is cached */
	bool from_cache;
	char detail[96]; /* why, for logs: "timeout after 5000 ms" */
};

struct dns_config {
	const char *nameservers; /* "ADDR[@PORT],..."; NULL: resolv.conf */
	unsigned timeout_ms;     /* one lookup's attempts together; 0: 5000 */
	unsigned retries;        /* UDP tries per server; 0: 2 */
	size_t cache_entries;    /* cap; 0: 10000 */
	bool cache_disabled;
};

struct dns_resolver; /* shared by all threads */
struct dns_query;    /* one lookup in flight, owned by its starter */
struct dns_group;    /* the lookups of one connection, one thread at a time */

/*
 * dns_resolver_new - a resolver for cfg. On error returns NULL and writes a
 * message for the user into err (errlen octets), e.g. "Nameservers: bad
 * address 'x'". The caller frees it with dns_resolver_free() after every
 * query is joined or cancelled.
 */
struct dns_resolver *dns_resolver_new(
    const struct dns_config *cfg, char *err, size_t errlen);
void dns_resolver_free(struct dns_resolver *);

/*
 * dns_query_start - start looking up name/type and return at once (the
 * query is on the wire, or answered from the cache). Returns NULL only when
 * out of memory. The caller must dns_query_join() or dns_query_cancel() it.
 */
struct dns_query *dns_query_start(
    struct dns_resolver *, const char *name, enum dns_type type);

/*
 * dns_query_join - read the answer if it has arrived, else wait for it
 * (until the attempts still due have had their share of the timeout),
 * free the query and return the answer, which the caller frees with
 * dns_answer_free(). Never NULL: when memory runs out it is a shared
 * static DNS_NOMEM answer, which dns_answer_free() leaves alone.
 */
struct dns_answer *dns_query_join(struct dns_query *);

/*
 * A check's DNS time budget: how long its owner may wait in joins, all
 * its lookups together (an SPF evaluation, the iprev chain, the DKIM key
 * lookups of a message). Only waiting counts: an answer already here
 * costs nothing, and so does the time between a start and its join.
 * Owned by the check; init before the first join.
 */
struct dns_budget {
	unsigned limit_ms;  /* 0: no limit */
	uint64_t waited_ms; /* waited so far */
};

void dns_budget_init(struct dns_budget *, unsigned limit_ms);
/* dns_budget_spent - true once the check has waited limit_ms */
bool dns_budget_spent(const struct dns_budget *);

/*
 * dns_query_join_within - dns_query_join() that waits at most what is
 * left of b (NULL: no limit) and adds the time waited to it. When b runs
 * out first the answer is DNS_TEMPFAIL ("time limit ... reached", never
 * cached) and dns_budget_spent(b) is true; an answer that has already
 * arrived is still used, even with b spent.
 */
struct dns_answer *dns_query_join_within(
    struct dns_query *, struct dns_budget *);

/*
 * dns_query_ready - true when dns_query_join() would not wait: the answer
 * (or the end of the last attempt) is here, or the cache answered at
 * start. Never blocks: it reads what has arrived and sends the next
 * attempt when one is due. A truncated answer stays not ready until the
 * join, which asks again over TCP. Like join, only the query's owner may
 * call it.
 */
bool dns_query_ready(struct dns_query *);

/*
 * A group holds the queries one connection has on the wire: while a join
 * waits for one of them, the others' answers are read and their retries
 * sent on time, so a check joined after another has waited finds its
 * lookup as far along as if it had been waited for itself. Owned by the
 * connection; free it after its queries are joined or cancelled.
 */
struct dns_group *dns_group_new(void);
void dns_group_free(struct dns_group *);
/* dns_query_start_in - dns_query_start() as a query of g (NULL: none) */
struct dns_query *dns_query_start_in(
    struct dns_resolver *, struct dns_group *, const char *name, enum dns_type);

/* dns_query_cancel - forget a started query and free it */
void dns_query_cancel(struct dns_query *);

void dns_answer_free(struct dns_answer *);

/* dns_lib_version - libldns's version as it runs ("1.8.3", borrowed) */
const char *dns_lib_version(void);

/* dns_status_name - "ok", "nxdomain", "nodata", "tempfail"... */
const char *dns_status_name(enum dns_status);

/* dns_ptr_name - write the reverse-lookup name of an IPv4 or IPv6 address
 * string ("4.3.2.1.in-addr.arpa", "...ip6.arpa") into buf; -1 when ip is
 * not an address or buf too small. */
int dns_ptr_name(const char *ip, char *buf, size_t bufsz);

#endif /* DNS_H */
