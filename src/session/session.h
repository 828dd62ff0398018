/*
 * session.h - one SMTP connection's authentication state, independent of
 * libmilter: the milter and authcheck are thin adapters over it. Checks
 * start as soon as their input is known (PTR at connect, SPF at HELO and
 * MAIL, DKIM keys at end of headers) and are joined when a result is
 * needed, so DNS time overlaps the SMTP dialog. It writes the one
 * Authentication-Results field and removes forged ones (RFC 8601 5).
 *
 * Call order for an adapter (one thread per connection):
 *   env = session_env_new(conf, err, len)      once, at start-up
 *   s = session_new(env, j_macro)             at connect
 *   v = session_connect(s, hostname, ip)      ip NULL: unix socket/unknown
 *   v = session_helo(s, name)                 optional, may repeat
 *   then per message (several per connection):
 *     session_set_queue_id(s, id)              whenever it is known
 *     v = session_mail(s, from, auth_user, smtputf8)  auth_user NULL:
 *                                               none
 *     v = session_rcpt(s, rcpt)                once per recipient
 *     v = session_header(s, name, value)       each field in order
 *     v = session_eoh(s)
 *     v = session_body(s, chunk, len)          while session_wants_body()
 *     v = session_eom(s)                       -> action + header edits
 *   or session_abort(s) at any point of a message (RSET, MTA abort);
 *   session_free(s) at close, at any stage (also NULL, also before
 *   connect). Every event returns a verdict (never NULL), valid until the
 *   next call on s: act on v->action at once (SESSION_CONTINUE: go on).
 *   After a verdict other than CONTINUE, the message is over: the next
 *   event is session_mail(), session_abort() or session_free().
 * Errors: a check that cannot run at all (out of memory) tempfails the
 * message with "451 4.3.0" and one log line, whatever the check; the one
 * exception is DKIM failing inside libopendkim while the message streams
 * in, which gives "dkim=temperror reason=internal error" instead, because
 * the sender's data may be what made it fail, and sender data must never
 * defer a message.
 * The field lists auth, iprev, spf (mailfrom, then helo), dkim; clients in
 * InternalHosts get no checks ("id; none", or auth alone); with no client
 * address there is no iprev or SPF. Fields with our authserv-id are
 * removed; those with any other authserv-id are kept.
 */
#ifndef SESSION_H
#define SESSION_H

#include <stdbool.h>
#include <stddef.h>

struct authres;
struct conf;
struct report_queue;

#define SESSION_ORIGINAL_FIELD "X-Original-Authentication-Results"
#define SESSION_MAX_HEADERS 1000 /* fields per message we track */
#define SESSION_MAX_RCPTS 1000   /* recipients per message we keep */

enum session_action {
	SESSION_CONTINUE,  /* go on (SMFIS_CONTINUE) */
	SESSION_ACCEPT,    /* eom: deliver, after applying edits */
	SESSION_REJECT,    /* reply rcode/xcode/text (5xx) */
	SESSION_TEMPFAIL,  /* reply rcode/xcode/text (4xx) */
	SESSION_DISCARD,   /* accept and drop silently */
	SESSION_QUARANTINE /* eom: accept, apply edits, hold with text as
	                    * the reason (smfi_quarantine) */
};

/* One change to the header block, applied in the order given. */
enum session_edit_op {
	SESSION_EDIT_DELETE, /* smfi_chgheader(name, index, NULL) */
	SESSION_EDIT_INSERT  /* smfi_insheader(index, name, value) */
};

struct session_edit {
	enum session_edit_op op;
	const char *name;
	size_t index;      /* DELETE: 1-based occurrence of name among the
	                    * fields the message arrived with; INSERT:
	                    * position (0: top) */
	const char *value; /* INSERT: folded with "\n\t"; DELETE: NULL */
};

/*
 * What to tell the MTA. All pointers are owned by the session and valid
 * until the next call on it. Reply fields are set for REJECT and TEMPFAIL
 * (rcode "550", xcode "5.7.1", text without CR/LF, reply "550 5.7.1
 * text"); NULL elsewhere (text is the reason for QUARANTINE).
 *
 * Edits (eom, ACCEPT or QUARANTINE only): deletions of forged fields
 * first, from the highest index down, then insertions, because Postfix
 * counts inserted fields when it applies a later delete by index. Apply
 * them exactly in this order.
 */
struct session_verdict {
	enum session_action action;
	const char *rcode;
	const char *xcode;
	const char *text;
	const char *mtext; /* text with every '%' doubled, for
	                    * smfi_setreply() */
	const char *reply;
	const struct session_edit *edits;
	size_t nedits;
	const char *header; /* eom: the Authentication-Results value (no
	                     * field name), also when the message is
	                     * refused; inserted only through edits */
	const struct authres *results; /* eom: what header says, as a
	                                * result set (authres.h) */
};

/* The events, for session_env_may_act(). */
enum session_stage {
	SESSION_STAGE_CONNECT,
	SESSION_STAGE_HELO,
	SESSION_STAGE_MAIL,
	SESSION_STAGE_RCPT,
	SESSION_STAGE_HEADER,
	SESSION_STAGE_EOH,
	SESSION_STAGE_BODY,
	SESSION_STAGE_EOM
};

struct session_env; /* process-wide: conf, resolver, checkers, policy */
struct session;     /* one connection */

/*
 * session_env_new - everything the checks share, made at start-up from
 * conf (a reference is taken). NULL with a message in err on failure
 * (e.g. a bad Nameservers value). Free with session_env_free() after the
 * last session is freed.
 */
struct session_env *session_env_new(struct conf *, char *err, size_t errlen);
void session_env_free(struct session_env *);
/*
 * session_env_set_report - sessions of env hand DMARC aggregate records
 * to q (borrowed: main owns it and frees it after the last session; it
 * outlives env snapshots). NULL: nothing recorded.
 */
void session_env_set_report(struct session_env *, struct report_queue *q);
/*
 * session_env_may_act - can an event of this stage return a verdict other
 * than CONTINUE, leaving aside a check that could not run (out of
 * memory: TEMPFAIL)? Only when a policy rule (DryRun off) is applied at
 * that stage or, for envelope stages, an earlier one (its decision is
 * given again), and always at EOM. When false, an adapter may tell the
 * MTA it will not reply at that stage and hold such a TEMPFAIL back
 * until the next event that replies.
 */
bool session_env_may_act(const struct session_env *, enum session_stage);

/*
 * session_new - state for one connection. mta_id is the MTA's host name
 * (milter macro j) used as authserv-id when AuthservID is not set (NULL:
 * our host name). NULL when out of memory. Free with session_free().
 */
struct session *session_new(struct session_env *, const char *mta_id);
void session_free(struct session *);

/* Arguments are copied; any may be NULL (treated as absent). */
const struct session_verdict *session_connect(
    struct session *, const char *hostname, const char *ip);
const struct session_verdict *session_helo(struct session *, const char *);
/* session_mail - from is the MAIL FROM path as given (brackets and a
 * source route are dropped); smtputf8: the command had the SMTPUTF8
 * parameter (RFC 6531), so UTF-8 identities may be echoed as UTF-8 */
const struct session_verdict *session_mail(
    struct session *, const char *from, const char *auth_user, bool smtputf8);
const struct session_verdict *session_rcpt(struct session *, const char *);
const struct session_verdict *session_header(
    struct session *, const char *name, const char *value);
const struct session_verdict *session_eoh(struct session *);
const struct session_verdict *session_body(
    struct session *, const unsigned char *, size_t);
const struct session_verdict *session_eom(struct session *);
/* session_abort - forget the current message; the connection goes on */
void session_abort(struct session *);

/* session_set_queue_id - the MTA's queue id for logs (macro i) */
void session_set_queue_id(struct session *, const char *id);

/* session_wants_body - false when no check needs more of the body, so
 * the adapter may skip the rest (SMFIS_SKIP) */
bool session_wants_body(const struct session *);

/* session_get_authserv_id - the authserv-id in use (borrowed) */
const char *session_get_authserv_id(const struct session *);

/* session_action_name - "continue", "accept", "reject", "tempfail",
 * "discard", "quarantine" */
const char *session_action_name(enum session_action);

#endif /* SESSION_H */
