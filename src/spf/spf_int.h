/*
 * spf_int.h - what the files of src/spf share: one evaluation's state (the
 * lookup counters libspf2 lacks, RFC 7208 4.6.4) and the libspf2 DNS layer
 * that routes every SPF lookup through the project resolver. Only this
 * module includes it; libspf2 types never leave src/spf.
 */
#ifndef SPF_INT_H
#define SPF_INT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

#include <spf2/spf.h>

#include "authres/authres.h"
#include "dns/dns.h"

#define SPF_MAX_TERMS 10    /* DNS-querying terms per evaluation */
#define SPF_MAX_VOID 2      /* void lookups per evaluation */
#define SPF_MAX_NAMES 10    /* MX or PTR names looked at per term */
#define SPF_MAX_RECORD 4096 /* octets of a record we parse */
#define SPF_MAX_EXP 512     /* octets of an explanation we keep */
#define SPF_NAME_BUF 512    /* a name libspf2 asks for, with our mark */
#define SPF_QNAME_BUF (SPF_NAME_BUF * 4) /* the same, odd octets as \\DDD */
#define SPF_MAX_EARLY 32  /* lookups started before the evaluation */
#define SPF_EARLY_DEPTH 2 /* levels looked ahead below a record */

/* How an evaluation ends when our layer, not libspf2, decides it. */
enum spf_verdict {
	SPF_VERDICT_NONE,      /* libspf2's own result stands */
	SPF_VERDICT_NORECORD,  /* no SPF record: none */
	SPF_VERDICT_PERMERROR, /* limit hit, syntax error, bad include */
	SPF_VERDICT_TEMPERROR  /* DNS failure */
};

/* Which names the next address lookups belong to (an mx or ptr term). */
enum spf_pending_kind { SPF_PENDING_NONE, SPF_PENDING_MX, SPF_PENDING_PTR };

/*
 * A lookup started before the evaluation asks for it: the record of an
 * identity (at HELO and MAIL FROM) and, once that record is in, the
 * names its terms will need. The evaluation takes its answer directly, so
 * an answer with TTL 0 is not asked for twice.
 */
struct spf_early {
	const void *owner; /* the identity it was started for */
	char *name;        /* as the layer will ask: query_name() form */
	enum dns_type type;
	unsigned depth;            /* 0: an identity's record */
	bool expanded;             /* its answer's names are started */
	struct dns_query *query;   /* in flight, or NULL */
	struct dns_answer *answer; /* joined, or NULL */
};

/* One check_host() run: reset by spf_eval_reset() before each; the
 * budget and the early lookups outlive it. */
struct spf_eval {
	struct dns_resolver *dns;
	struct dns_group *group;  /* the connection's lookups, or NULL */
	struct dns_budget budget; /* one transaction's SPF waiting time */
	struct spf_early early[SPF_MAX_EARLY];
	size_t nearly;
	SPF_request_t *request; /* for expanding the explanation */
	unsigned terms, voids, records;
	enum spf_verdict verdict;
	char why[128]; /* reason for the verdict, for the header */
	enum spf_pending_kind pending_kind;
	char *pending[SPF_MAX_NAMES];
	size_t npending, ipending;
	char exp[SPF_MAX_EXP]; /* last explanation our layer expanded */
	bool in_exp;           /* lookups for exp= count toward no limit */
};

/* The values macros expand to (RFC 7208 7.2). */
struct spf_macro_env {
	const char *sender, *local, *sender_domain, *domain, *helo;
	const char *receiver, *client_domain;
	int family;
	struct in_addr a4;
	struct in6_addr a6;
};

/* spf_macro.c: expand a checked explain-string into out (capped) */
void spf_macro_expand(
    const char *text, const struct spf_macro_env *, char *out, size_t outsz);

/* spf_early.c: start a lookup early for owner (name in any form; -1
 * only when out of memory), look one level further where answers are in
 * (never blocks), forget what owner started. */
int spf_early_start(struct spf_eval *, const void *owner, const char *name,
    enum dns_type, unsigned depth);
void spf_early_advance(struct spf_eval *, int family);
void spf_early_drop(struct spf_eval *, const void *owner);
/* spf_query_name - name in the resolver's presentation form (odd octets
 * as \\DDD), cut on the left to 253 octets (RFC 7208 7.3); false when it
 * cannot be a DNS name */
bool spf_query_name(const char *name, char *out, size_t outsz);
/* spf_fetch - the answer for the layer: an early one, else a lookup
 * within the budget; a spent budget ends the evaluation (temperror) */
struct dns_answer *spf_fetch(
    struct spf_eval *, const char *qname, enum dns_type, bool in_exp);

/* spf_dns.c: the SPF_dns_server_t layer over our resolver; ev is the
 * evaluation whose counters the layer keeps. */
void spf_dns_layer_init(SPF_dns_server_t *, struct spf_eval *ev);
void spf_eval_reset(struct spf_eval *, SPF_request_t *);
void spf_eval_set(struct spf_eval *, enum spf_verdict, const char *why);

/* spf_record.c: RFC 7208 syntax. spf_record_select picks the one
 * "v=spf1" record among TXT strings (-1: none, -2: several).
 * spf_record_check says whether a record follows RFC 7208 4.5/12; on a
 * syntax error it writes why. spf_exp_check does the same for an
 * explanation string (RFC 7208 6.2). */
int spf_record_select(const struct dns_answer *);
bool spf_record_check(const char *rec, size_t len, char *why, size_t whylen);
bool spf_exp_check(const char *text, size_t len);
/* spf_domain_ok - a name a check may start with (RFC 7208 4.3): a
 * domain name of two labels or more, a final dot allowed */
bool spf_domain_ok(const char *domain);

/* spf_record_rewrite - the record as libspf2 can take it for a client of
 * family: unknown modifiers dropped, ip4/ip6 of the other family dropped,
 * a /0 prefix length (which libspf2 refuses) turned into an equivalent
 * (ip4/ip6: the client address; a/mx: SPF_CIDR0_MARK on the name, cur
 * standing for the current domain). */
#define SPF_CIDR0_MARK ".cidr-zero.invalid"
bool spf_record_rewrite(const char *rec, size_t len, int family,
    const char *client, const char *cur, char *out, size_t outsz);

/* spf_check.c: libspf2's result as an RFC 8601 one (INVALID: temperror
 * for SPF_E_DNS_ERROR, else permerror) */
enum authres_result spf_result_map(SPF_result_t, SPF_errcode_t);

#endif /* SPF_INT_H */
