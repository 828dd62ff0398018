/*
 * session_int.h - the session structures, shared by the files of the
 * session module only. A struct session is one connection; its struct
 * session_msg is the current transaction, freed in one place
 * (session_msg_free) from eom, abort and close.
 */
#ifndef SESSION_INT_H
#define SESSION_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "authres/authres.h"
#include "policy/policy.h"
#include "session/session.h"

struct arc_check;
struct arc_verifier;
struct arc_sealer;
struct arc_seal_fields;
struct conf;
struct dkim_check;
struct dkim_verifier;
struct dmarc_check;
struct dmarc_verifier;
struct dns_group;
struct dns_resolver;
struct metrics;
struct rdns_check;
struct report_queue;
struct spf_check;
struct spf_verifier;

struct session_env {
	atomic_uint refs; /* session_env_ref/_free only */
	struct conf *conf;
	struct dns_resolver *dns;
	bool dns_owned; /* made here, not borrowed from the caller */
	struct spf_verifier *spf;
	struct dkim_verifier *dkim;
	struct dmarc_verifier *dmarc;
	struct metrics *metrics;     /* borrowed from main; NULL: none */
	struct report_queue *report; /* borrowed from main; NULL: off */
	struct arc_verifier *arc;
	struct arc_sealer *sealer; /* ARCSeal*: our seal, or NULL */
	char hostname[256];        /* authserv-id of last resort, a token */
};

/* A forged Authentication-Results field: its occurrence index and, when
 * KeepOriginalHeaders is on, its value for the renamed copy. */
struct session_forged {
	size_t index;
	char *value;
};

struct session_msg {
	char *mailfrom;        /* as given; "" for the null sender */
	char *mailfrom_domain; /* NULL for the null sender */
	char *auth_user;       /* SMTP AUTH identity, or NULL */
	bool auth_shown;       /* auth_user passes smtpid_auth_ok() */
	size_t nrcpt;
	char *rcpt_domain;    /* the first recipient's domain, or NULL */
	size_t nheaders, nar; /* fields seen; Authentication-Results seen */
	struct session_forged *forged;
	size_t nforged;
	struct dkim_check *dkim;
	bool dkim_failed; /* the DKIM check could not run */
	bool spf_started; /* SPF for MAIL FROM is under way */
	bool eoh;
	struct authres *ar_mail;   /* spf mailfrom, once joined */
	struct authres *ar_dkim;   /* dkim, at eom */
	struct dmarc_check *dmarc; /* made at the first header */
	struct authres *ar_dmarc;  /* dmarc, at eom */
	struct arc_check *arc;     /* made at the first header */
	bool arc_failed;           /* the ARC check could not run */
	struct authres *ar_arc;    /* arc, at eom */
	bool decided; /* policy reached a verdict for the message */
	struct policy_verdict pv;
	long long eom_wait_ms;        /* eom: time spent joining checks */
	struct arc_seal_fields *seal; /* eom: our ARC set, or NULL */
	char *arc_sealer;             /* eom: the TrustedARCSealers sealer whose
	                               * AAR saw DMARC pass, when ours failed */
	struct metrics *metrics;      /* counted in progress there until eom */
	char *header;                 /* eom: the A-R value */
	struct authres *results;      /* eom: the results header holds */
	struct session_edit *edits;   /* eom: the edits, nedits of them */
	size_t nedits;
};

struct session {
	struct session_env *env;
	const struct conf *conf;
	struct dns_group *group; /* the connection's lookups */
	char authserv_id[256];
	char *hostname, *ip, *helo;
	char qid[64];
	bool internal;            /* InternalHosts: no checks, no policy */
	struct rdns_check *rdns;  /* started at connect */
	struct authres *ar_iprev; /* once joined */
	struct spf_check *spf;    /* made at connect when ip is known */
	struct authres *ar_helo;  /* spf helo, once joined */
	bool decided;             /* policy decided for the connection */
	struct policy_verdict pv;
	struct session_msg *msg;      /* the current transaction */
	struct session_msg *done;     /* the last one, until the next event */
	struct session_verdict v;     /* the last verdict returned */
	struct policy_verdict failpv; /* our own tempfail */
	char replybuf[8 + POLICY_XCODE_MAX + POLICY_TEXT_MAX];
};

/*
 * The files call down only: session.c (connection events) and
 * session_data.c (message events) -> session_dmarc.c (DMARC's inputs),
 * session_arc.c (the ARC check)
 * and session_policy.c (joining, composing, deciding) ->
 * session_verdict.c (verdicts) -> session_msg.c (the transaction) and
 * session_env.c (the shared environment).
 */

/* session_dmarc.c: the DMARC check fed from the message events; each
 * returns 0, or -1 when it could not run (out of memory) */
int session_dmarc_header(struct session *, const char *name, const char *value);
int session_dmarc_eoh(struct session *);
void session_dmarc_advance(struct session *);
int session_dmarc_eom(struct session *);

/* session_arc.c: the ARC check fed from the message events (a check
 * that cannot run is marked and reports temperror at eom, which returns
 * -1 only when out of memory) */
void session_arc_header(struct session *, const char *name, const char *value);
void session_arc_eoh(struct session *);
bool session_arc_wants_body(const struct session *);
void session_arc_body(struct session *, const unsigned char *, size_t);
int session_arc_eom(struct session *);
int session_arc_override(struct session *);
int session_arc_seal(struct session *);
/* session_report.c: the message's DMARC aggregate record, at eom */
void session_report(struct session *, struct session_msg *);

/* session_msg.c */
struct session_msg *session_msg_get(struct session *);
void session_msg_free(struct session_msg *);
int session_msg_add_forged(
    struct session_msg *, size_t index, const char *value, bool keep);
int session_msg_make_edits(struct session_msg *);

/* session_verdict.c */
void session_event(struct session *);
const struct session_verdict *session_fail(struct session *, const char *);
const struct session_verdict *session_apply(
    struct session *, const struct policy_verdict *);

/* session_policy.c */
int session_join(struct session *, enum policy_stage, bool all);
struct authres *session_compose(struct session *);
const struct session_verdict *session_policy(
    struct session *, enum policy_stage);
const struct policy_verdict *session_decided(const struct session *);

/* session_log.c */
void session_log_summary(const struct session *, const char *results);

/* How results from the checks become the one field (authres_append):
 * no value, reason or comment takes more than SESSION_VALUE_MAX octets as
 * written (quoted, escaped), so every element fits a line of 998. */
#define SESSION_VALUE_MAX 512
#endif /* SESSION_INT_H */
