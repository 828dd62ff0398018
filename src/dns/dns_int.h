/*
 * dns_int.h - what the files of src/dns share: the resolver and query
 * structures, the wire (build/parse) functions, the answer helpers and the
 * cache. Nothing outside src/dns includes it, except the module's own unit
 * tests, which drive the parser and the cache directly.
 */
#ifndef DNS_INT_H
#define DNS_INT_H

#include <sys/socket.h>

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/dns.h"

#define DNS_MAX_SERVERS 8
#define DNS_MAX_CNAME 8         /* CNAMEs followed inside one answer */
#define DNS_EDNS_SIZE 1232      /* advertised UDP payload (DNS flag day 2020) */
#define DNS_UDP_BUF 4096        /* receive buffer; more is cut and ignored */
#define DNS_TTL_MAX 86400       /* cap on positive TTLs */
#define DNS_NEG_TTL_MAX 10800   /* RFC 2308 5: 1-3 hours is sensible */
#define DNS_NEG_TTL_DEFAULT 300 /* negative answer without SOA */
/* RFC 2308 7: a server failure may be cached, for at most 5 minutes. A
 * few seconds is enough for what matters here: the checks of one message
 * that ask a dead server for the same name wait for it once, not once
 * each, so the message gets its header within one DNSTimeout. */
#define DNS_FAIL_TTL 3
#define DNS_MAX_TEXT_NAME 1025   /* 255 octets, some escaped as \DDD */
#define DNS_DEFAULT_TIMEOUT 5000 /* ms */
#define DNS_DEFAULT_RETRIES 2
#define DNS_DEFAULT_CACHE 10000
#define DNS_MAX_CACHE (1u << 22)
#define DNS_GROUP_POLL 64 /* sockets one wait watches */

struct dns_server {
	struct sockaddr_storage addr;
	socklen_t len;
};

struct dns_cache;

struct dns_resolver {
	struct dns_server servers[DNS_MAX_SERVERS];
	size_t nservers;
	unsigned timeout_ms;
	unsigned retries;
	struct dns_cache *cache; /* NULL: caching disabled */
	atomic_ulong queries;    /* packets sent, UDP and TCP */
	atomic_ulong cache_hits;
	atomic_ulong cache_misses;
	atomic_ulong timeouts;
	atomic_ulong tcp_retries;
	atomic_ulong lookups[DNS_STAT_NTYPES][DNS_STAT_NOUTCOMES];
	atomic_ulong truncated[DNS_STAT_NTYPES];
	atomic_ulong latency[DNS_STAT_NTYPES][DNS_STAT_NBUCKETS + 1];
	atomic_ullong latency_sum_us[DNS_STAT_NTYPES];
};

/* What one received packet means for the query waiting for it. */
enum dns_wire_verdict {
	DNS_WIRE_IGNORE,    /* not the answer to our question: keep waiting */
	DNS_WIRE_ANSWER,    /* out is filled in: done */
	DNS_WIRE_TRUNCATED, /* TC bit: ask again over TCP */
	DNS_WIRE_RETRY      /* SERVFAIL, REFUSED...: ask another server */
};

/* dns_stats.c */
enum dns_stat_type dns_stat_type_of(enum dns_type);
void dns_stats_lookup(struct dns_resolver *, enum dns_type,
    enum dns_stat_outcome, uint64_t elapsed_us);

/* dns_wire.c */
int dns_wire_query(const char *qname, enum dns_type type, uint16_t id,
    uint8_t **wire, size_t *len);
enum dns_wire_verdict dns_wire_parse(const uint8_t *buf, size_t len,
    uint16_t id, bool tcp, struct dns_answer *out);

/* dns_answer.c */
struct dns_answer *dns_answer_new(const char *qname, enum dns_type type);
struct dns_answer *dns_answer_clone(const struct dns_answer *);
struct dns_answer *dns_answer_nomem(void);
void dns_answer_set(struct dns_answer *, enum dns_status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int dns_name_normalize(const char *in, char *out, size_t outsz);

/* dns_cache.c */
struct dns_cache *dns_cache_new(size_t cap);
void dns_cache_free(struct dns_cache *);
struct dns_answer *dns_cache_get(struct dns_cache *, const char *qname,
    enum dns_type type, uint64_t now_ms, bool *nomem);
int dns_cache_put(
    struct dns_cache *, const struct dns_answer *, uint64_t now_ms);
size_t dns_cache_size(struct dns_cache *);

/* dns_conf.c */
int dns_conf_servers(
    struct dns_resolver *, const char *list, char *err, size_t errlen);
int dns_conf_resolv(
    struct dns_resolver *, const char *path, char *err, size_t errlen);

/* dns_net.c */
uint64_t dns_now_ms(void);
uint64_t dns_now_us(void);
int dns_tcp_exchange(const struct dns_server *, const uint8_t *wire, size_t len,
    uint64_t deadline, uint8_t **reply, size_t *replylen, char *err,
    size_t errlen);

#endif /* DNS_INT_H */
