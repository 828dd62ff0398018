/*
 * dkim_int.h - what the files of src/dkim share: the verifier and the
 * per-message state, one slot per signature found at end of headers, and
 * the body normalizer. libopendkim types stay in this module.
 */
#ifndef DKIM_INT_H
#define DKIM_INT_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <opendkim/dkim.h>

#include "authres/authres.h"
#include "dkim/dkim_check.h"
#include "dns/dns.h"

#define DKIM_MAX_HEADER (256 * 1024) /* one header field, name included */
#define DKIM_MAX_KEYNAME 512         /* selector._domainkey.domain */
#define DKIM_BODY_BUF 8192           /* normalized body, per dkim_body() */
/* Signatures reported beyond MaximumSignatures or as syntax errors: more
 * would let a message grow our field past what libmilter can insert. */
#define DKIM_MAX_UNVERIFIED 10
/* DKIM-Signature fields handed to libopendkim, whose set-up grows faster
 * than linearly with them (20000 took 6 s); later ones are counted as not
 * reported */
#define DKIM_MAX_SIGFIELDS 1000
/* RFC 6008 header.b: at least BPREFIX_MIN octets, never more than
 * BPREFIX_MAX (identical or crafted b= values share longer prefixes) */
#define DKIM_BPREFIX_MIN 8
#define DKIM_BPREFIX_MAX 128
/* Octets of the field the dkim results may take, as estimated before
 * formatting; results past it are counted in one summary result. */
#define DKIM_FIELD_BUDGET 8192

struct dkim_verifier {
	DKIM_LIB *lib;
	struct dns_resolver *dns;
	struct dkim_options opt; /* defaults filled in */
};

/* What our key lookup learned; libopendkim alone cannot tell these. */
enum dkim_key_state {
	DKIM_KEY_NONE,     /* no lookup started (error, ignored, limit) */
	DKIM_KEY_PENDING,  /* started at end of headers */
	DKIM_KEY_GOT,      /* a record was handed to libopendkim */
	DKIM_KEY_NOTFOUND, /* NXDOMAIN or no TXT */
	DKIM_KEY_TEMPFAIL, /* DNS error: temperror */
	DKIM_KEY_BADREC    /* unusable record (too long, NUL octets) */
};

struct dkim_slot {
	DKIM_SIGINFO *sig;
	bool over_limit;         /* beyond maximum_signatures */
	bool active;             /* parsed, within the cap: verified */
	const char *syntax;      /* our syntax error (static text), or NULL */
	size_t owner;            /* slot whose query serves this one */
	struct dns_query *query; /* on the owner slot only */
	struct dns_answer *answer;
	enum dkim_key_state key;
	int process_status; /* DKIM_STAT of dkim_sig_process() */
	bool time_limit;    /* DKIMTimeout ended the key query */
	char detail[96];    /* DNS detail for logs; the reason with
	                     * time_limit */
};

/* Canonical body length counter (RFC 6376 3.4.3, 3.4.4) for l= checks. */
struct dkim_bodylen {
	uint64_t total;   /* canonical octets up to the last non-empty line */
	uint64_t empties; /* empty lines seen since then */
	uint64_t line;    /* octets of the current line so far */
	bool wsp;         /* relaxed: white space pending */
	bool cr;          /* a CR waits for the next octet */
	bool relaxed;
};

struct dkim_check {
	struct dkim_verifier *v;
	DKIM *dkim;
	char id[64];
	int eoh_status;     /* DKIM_STAT of dkim_eoh() */
	bool failed;        /* could not run: temperror */
	bool prev_cr;       /* body normalizer: last octet was CR */
	bool count_body;    /* some signature needs the canonical length */
	bool body_done;     /* libopendkim wants no more body */
	bool to_eol;        /* ... once the current line is complete */
	bool at_eol;        /* what it got so far ends with LF (or is empty) */
	size_t nsigheaders; /* DKIM-Signature fields seen */
	size_t nsigskipped; /* ... not given to libopendkim (the cap) */
	struct dkim_slot *slots;
	size_t nslots;
	struct dns_group *group;     /* the connection's lookups, or NULL */
	struct dns_budget budget;    /* the key lookups' waiting time */
	struct dkim_bodylen blen[2]; /* simple, relaxed */
};

/* dkim_dns.c */
DKIM_CBSTAT dkim_dns_prescreen(DKIM *, DKIM_SIGINFO **, int);
DKIM_CBSTAT dkim_dns_key_lookup(
    DKIM *, DKIM_SIGINFO *, unsigned char *, size_t);
void dkim_dns_cancel_all(struct dkim_check *);

/* dkim_body.c */
void dkim_bodylen_init(struct dkim_bodylen *, bool relaxed);
void dkim_bodylen_add(struct dkim_bodylen *, const unsigned char *, size_t);
uint64_t dkim_bodylen_final(const struct dkim_bodylen *);
int dkim_body_feed(struct dkim_check *, const unsigned char *, size_t);
char *dkim_header_join(const char *name, const char *value, size_t *lenp);

/* dkim_syntax.c: dkim_syntax_check - NULL, or why d=, s= or i= make the
 * signature unusable (a reason for the field); the others say whether a
 * value may be echoed as header.d, .s, .i, .a or .b */
const char *dkim_syntax_check(DKIM_SIGINFO *);
bool dkim_syntax_d_ok(DKIM_SIGINFO *);
bool dkim_syntax_s_ok(DKIM_SIGINFO *);
bool dkim_syntax_i_ok(DKIM_SIGINFO *);
bool dkim_syntax_alg_ok(const char *);
bool dkim_syntax_b_ok(const char *);

/* dkim_result.c */
int dkim_result_add(struct dkim_check *, struct authres *);

#endif /* DKIM_INT_H */
