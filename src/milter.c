/*
 * milter.c - libmilter adapter: each callback copies what libmilter hands
 * it, feeds the session, and turns the verdict into smfi_* calls. No
 * authentication logic lives here. It asks the MTA only for the steps and
 * macros it uses, for no reply at the stages where it cannot act, gives
 * DKIM header values with the space after the colon and skips the body
 * once no check needs it.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmilter/mfapi.h>

#include "milter.h"
#include "session/session.h"
#include "util/log.h"
#include "util/smtpid.h"

#define MILTER_NAME "authmilter"
/* Largest packet and header value we take. libmilter's default, 64 KB,
 * is below Postfix's header_size_limit (100 KB): a larger forged field
 * made libmilter drop the connection, so the message was tempfailed
 * instead of having the field removed. */
#define MILTER_VALUE_MAX (1024 * 1024)

/* The macros we read, per stage (smfi_setsymlist). */
#define MILTER_MACROS_CONNECT "j"
#define MILTER_MACROS_ENVFROM "i {auth_authen}"
#define MILTER_MACROS_EOM "i"

struct milter {
	pthread_mutex_t lock;    /* guards env: swapped by a reload */
	struct session_env *env; /* one reference of ours */
	/* one warning per process for a macro the MTA does not send */
	atomic_bool warned_j;
	atomic_bool warned_i;
};

/* Per connection, hung off smfi_setpriv() from negotiate to close. */
struct milter_conn {
	struct milter *m;
	struct session_env *env; /* taken at negotiate, for the connection */
	struct session *s;
	unsigned long steps; /* protocol steps agreed at negotiation */
	bool have_qid;       /* macro i seen for the current message */
	/* a tempfail at a no-reply stage, given at the next reply */
	bool held;
	char held_rcode[4], held_xcode[16], held_text[1024]; /* mtext */
};

/* Set once by milter_register() before smfi_main(); libmilter callbacks
 * carry no user pointer, so this is how they reach their instance. */
static struct milter *milter_instance;

/* milter_new - the adapter over env */
struct milter *
milter_new(struct session_env *env)
{
	struct milter *m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	if (pthread_mutex_init(&m->lock, NULL) != 0) {
		free(m);
		return NULL;
	}
	m->env = session_env_ref(env);
	atomic_init(&m->warned_j, false);
	atomic_init(&m->warned_i, false);
	return m;
}

/* milter_free - free the adapter (after smfi_main returned) */
void
milter_free(struct milter *m)
{
	if (m == NULL)
		return;
	session_env_free(m->env);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

/* milter_set_env - connections negotiated from now on use env */
void
milter_set_env(struct milter *m, struct session_env *env)
{
	struct session_env *old;

	session_env_ref(env);
	pthread_mutex_lock(&m->lock);
	old = m->env;
	m->env = env;
	pthread_mutex_unlock(&m->lock);
	session_env_free(old); /* freed when its last connection closes */
}

/* milter_conn_get - our connection state, or NULL (close without connect,
 * or connect ran out of memory) */
static struct milter_conn *
milter_conn_get(SMFICTX *ctx)
{
	return smfi_getpriv(ctx);
}

/* milter_warn_macro - say once per process which MTA setting is missing */
static void
milter_warn_macro(atomic_bool *flag, const char *macro, const char *postfix,
    const char *sendmail)
{
	if (atomic_exchange(flag, true))
		return;
	log_warn("the MTA does not send the milter macro %s; Postfix: "
	         "%s; Sendmail: %s",
	    macro, postfix, sendmail);
}

/* milter_setreply - hand the verdict's SMTP reply to libmilter */
static void
milter_setreply(SMFICTX *ctx, const struct session_verdict *v)
{
	if (v->rcode == NULL)
		return;
	/* mtext: the text with '%' doubled, as libmilter wants it */
	if (smfi_setreply(ctx, (char *)v->rcode, (char *)v->xcode,
	        v->mtext != NULL && v->mtext[0] != '\0' ? (char *)v->mtext
	                                                : NULL) != MI_SUCCESS)
		log_warn("smfi_setreply %s %s failed: the MTA uses its own "
		         "reply",
		    v->rcode, v->xcode != NULL ? v->xcode : "");
}

/* milter_status - the SMFIS_* code for a verdict before end of message */
static sfsistat
milter_status(SMFICTX *ctx, const struct session_verdict *v)
{
	switch (v->action) {
	case SESSION_CONTINUE:
		return SMFIS_CONTINUE;
	case SESSION_ACCEPT:
	case SESSION_QUARANTINE: /* only meaningful at eom */
		return SMFIS_ACCEPT;
	case SESSION_REJECT:
		milter_setreply(ctx, v);
		return SMFIS_REJECT;
	case SESSION_TEMPFAIL:
		milter_setreply(ctx, v);
		return SMFIS_TEMPFAIL;
	case SESSION_DISCARD:
		return SMFIS_DISCARD;
	}
	log_bug("unknown session action %d", (int)v->action);
	return SMFIS_TEMPFAIL;
}

/* milter_hold - keep a verdict that came at a no-reply stage: only a
 * check that could not run gets there (session_env_may_act), a tempfail */
static void
milter_hold(struct milter_conn *c, const struct session_verdict *v)
{
	if (c->held)
		return; /* the first one wins */
	c->held = true;
	strlcpy(c->held_rcode, v->rcode != NULL ? v->rcode : "451",
	    sizeof(c->held_rcode));
	strlcpy(c->held_xcode, v->xcode != NULL ? v->xcode : "",
	    sizeof(c->held_xcode));
	/* a text cut short could end in half a "%%": then the MTA's own */
	if (v->mtext == NULL ||
	    strlcpy(c->held_text, v->mtext, sizeof(c->held_text)) >=
	        sizeof(c->held_text))
		c->held_text[0] = '\0';
}

/* milter_held - give the held tempfail now (its reply, if it had one) */
static sfsistat
milter_held(SMFICTX *ctx, const struct milter_conn *c)
{
	struct session_verdict held;

	memset(&held, 0, sizeof(held));
	held.action = SESSION_TEMPFAIL;
	held.rcode = c->held_rcode[0] != '\0' ? c->held_rcode : NULL;
	held.xcode = c->held_xcode[0] != '\0' ? c->held_xcode : NULL;
	held.mtext = c->held_text;
	return milter_status(ctx, &held);
}

/* milter_reply - the SMFIS_* code for v at a stage whose no-reply flag is
 * nr: SMFIS_NOREPLY when it was agreed (the MTA reads no answer), else
 * the verdict, or the held tempfail when v would let the message go on */
static sfsistat
milter_reply(SMFICTX *ctx, struct milter_conn *c, unsigned long nr,
    const struct session_verdict *v)
{
	if ((c->steps & nr) != 0) {
		if (v->action != SESSION_CONTINUE)
			milter_hold(c, v);
		return SMFIS_NOREPLY;
	}
	if (c->held && v->action == SESSION_CONTINUE)
		return milter_held(ctx, c);
	return milter_status(ctx, v);
}

/* milter_negotiate_nr - no-reply flags for the stages where the session
 * cannot act; never body, whose reply may be SKIP */
static unsigned long
milter_negotiate_nr(const struct session_env *env)
{
	static const struct {
		enum session_stage st;
		unsigned long flag;
	} nr[] = {
		{ SESSION_STAGE_CONNECT, SMFIP_NR_CONN },
		{ SESSION_STAGE_HELO, SMFIP_NR_HELO },
		{ SESSION_STAGE_MAIL, SMFIP_NR_MAIL },
		{ SESSION_STAGE_RCPT, SMFIP_NR_RCPT },
		{ SESSION_STAGE_HEADER, SMFIP_NR_HDR },
		{ SESSION_STAGE_EOH, SMFIP_NR_EOH },
	};
	unsigned long want = 0;
	size_t i;

	for (i = 0; i < sizeof(nr) / sizeof(nr[0]); i++)
		if (!session_env_may_act(env, nr[i].st))
			want |= nr[i].flag;
	return want;
}

/* milter_negotiate - ask only for the steps, actions and macros we use */
static sfsistat
milter_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1,
    unsigned long f2, unsigned long f3, unsigned long *pf0, unsigned long *pf1,
    unsigned long *pf2, unsigned long *pf3)
{
	struct milter_conn *c;
	unsigned long want;

	(void)f2;
	(void)f3;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		log_err("negotiate: out of memory");
		return SMFIS_TEMPFAIL;
	}
	c->m = milter_instance;
	pthread_mutex_lock(&c->m->lock); /* milter_set_env may swap it */
	c->env = session_env_ref(c->m->env);
	pthread_mutex_unlock(&c->m->lock);
	/* steps we never use: no callback for DATA or unknown commands */
	want = SMFIP_NOUNKNOWN | SMFIP_NODATA;
	/* SKIP: stop the body early. Not SMFIP_HDR_LEADSPC: with it,
	 * Postfix 3.7 ignored our deletes of forged fields (seen in
	 * t/postfix-milter.sh); without it milter_header() restores the
	 * usual single space, which DKIM verification needs. */
	want |= SMFIP_SKIP;
	/* libmilter: request a no-reply flag only when the MTA offers it */
	want |= milter_negotiate_nr(c->env);
	c->steps = want & f1;
	*pf0 = (SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE |
	           SMFIF_SETSYMLIST) &
	    f0;
	*pf1 = c->steps;
	*pf2 = 0;
	*pf3 = 0;
	if (smfi_setpriv(ctx, c) != MI_SUCCESS) {
		session_env_free(c->env);
		free(c);
		return SMFIS_TEMPFAIL;
	}
	if ((f0 & SMFIF_SETSYMLIST) != 0 &&
	    (smfi_setsymlist(ctx, SMFIM_CONNECT, MILTER_MACROS_CONNECT) !=
	            MI_SUCCESS ||
	        smfi_setsymlist(ctx, SMFIM_ENVFROM, MILTER_MACROS_ENVFROM) !=
	            MI_SUCCESS ||
	        smfi_setsymlist(ctx, SMFIM_EOM, MILTER_MACROS_EOM) !=
	            MI_SUCCESS))
		log_warn("negotiate: smfi_setsymlist failed");
	return SMFIS_CONTINUE;
}

/* milter_addr - the client address as text, or NULL (unix, unknown) */
static const char *
milter_addr(const struct sockaddr *sa, char *buf, size_t bufsz)
{
	const void *a;

	if (sa == NULL)
		return NULL;
	if (sa->sa_family == AF_INET)
		a = &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
	else if (sa->sa_family == AF_INET6)
		a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
	else
		return NULL;
	return inet_ntop(sa->sa_family, a, buf, (socklen_t)bufsz);
}

/* milter_connect - start the session: PTR lookups begin here */
static sfsistat
milter_connect(SMFICTX *ctx, char *hostname, struct sockaddr *hostaddr)
{
	struct milter_conn *c = milter_conn_get(ctx);
	char ip[INET6_ADDRSTRLEN];
	const char *j;

	if (c == NULL)
		return SMFIS_TEMPFAIL;
	if ((j = smfi_getsymval(ctx, "j")) == NULL)
		milter_warn_macro(&c->m->warned_j, "j",
		    "milter_connect_macros = j {daemon_name} {daemon_addr} v _",
		    "define(`confMILTER_MACROS_CONNECT', `j, _, "
		    "{daemon_name}, {if_name}, {if_addr}')");
	session_free(c->s);
	if ((c->s = session_new(c->env, j)) == NULL) {
		log_err("connect: out of memory");
		return SMFIS_TEMPFAIL;
	}
	return milter_reply(ctx, c, SMFIP_NR_CONN,
	    session_connect(
	        c->s, hostname, milter_addr(hostaddr, ip, sizeof(ip))));
}

/* milter_helo - the HELO/EHLO name */
static sfsistat
milter_helo(SMFICTX *ctx, char *name)
{
	struct milter_conn *c = milter_conn_get(ctx);

	if (c == NULL || c->s == NULL)
		return SMFIS_TEMPFAIL;
	return milter_reply(ctx, c, SMFIP_NR_HELO, session_helo(c->s, name));
}

/* milter_envfrom - a new message: sender (whole: the session drops the
 * brackets and a source route), SMTPUTF8, SMTP AUTH user, queue id */
static sfsistat
milter_envfrom(SMFICTX *ctx, char **argv)
{
	struct milter_conn *c = milter_conn_get(ctx);
	const char *qid;

	if (c == NULL || c->s == NULL)
		return SMFIS_TEMPFAIL;
	/* macros are sticky: read this message's values at this stage */
	qid = smfi_getsymval(ctx, "i");
	c->have_qid = qid != NULL;
	if (qid != NULL)
		session_set_queue_id(c->s, qid);
	return milter_reply(ctx, c, SMFIP_NR_MAIL,
	    session_mail(c->s, argv != NULL ? argv[0] : NULL,
	        smfi_getsymval(ctx, "{auth_authen}"),
	        argv != NULL && argv[0] != NULL && smtpid_smtputf8(argv + 1)));
}

/* milter_envrcpt - one recipient */
static sfsistat
milter_envrcpt(SMFICTX *ctx, char **argv)
{
	struct milter_conn *c = milter_conn_get(ctx);

	if (c == NULL || c->s == NULL)
		return SMFIS_TEMPFAIL;
	return milter_reply(ctx, c, SMFIP_NR_RCPT,
	    session_rcpt(c->s, argv != NULL ? argv[0] : NULL));
}

/* milter_header - one header field, its value exactly as it arrived */
static sfsistat
milter_header(SMFICTX *ctx, char *name, char *value)
{
	struct milter_conn *c = milter_conn_get(ctx);
	const struct session_verdict *v;
	size_t n;
	char *raw;

	if (c == NULL || c->s == NULL)
		return SMFIS_TEMPFAIL;
	if (value == NULL)
		value = "";
	if ((c->steps & SMFIP_HDR_LEADSPC) != 0)
		return milter_reply(
		    ctx, c, SMFIP_NR_HDR, session_header(c->s, name, value));
	/* the MTA dropped the space after the colon: put the usual one
	 * back so relaxed and simple canonicalization see the field */
	if ((n = strnlen(value, MILTER_VALUE_MAX)) == MILTER_VALUE_MAX ||
	    (raw = malloc(n + 2)) == NULL) {
		log_err("header %s: value too long or out of memory",
		    name != NULL ? name : "");
		if ((c->steps & SMFIP_NR_HDR) == 0)
			return SMFIS_TEMPFAIL;
		if (!c->held) {
			c->held = true; /* with the MTA's own reply */
			c->held_rcode[0] = '\0';
			c->held_xcode[0] = '\0';
			c->held_text[0] = '\0';
		}
		return SMFIS_NOREPLY;
	}
	raw[0] = ' ';
	memcpy(raw + 1, value, n + 1);
	v = session_header(c->s, name, raw);
	free(raw);
	return milter_reply(ctx, c, SMFIP_NR_HDR, v);
}

/* milter_eoh - end of the header block: DKIM key lookups start */
static sfsistat
milter_eoh(SMFICTX *ctx)
{
	struct milter_conn *c = milter_conn_get(ctx);

	if (c == NULL || c->s == NULL)
		return SMFIS_TEMPFAIL;
	return milter_reply(ctx, c, SMFIP_NR_EOH, session_eoh(c->s));
}

/* milter_body - a body chunk; skip the rest once nobody needs it */
static sfsistat
milter_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
	struct milter_conn *c = milter_conn_get(ctx);
	const struct session_verdict *v;

	if (c == NULL || c->s == NULL)
		return SMFIS_TEMPFAIL;
	v = session_body(c->s, chunk, len);
	if (v->action == SESSION_CONTINUE && (c->steps & SMFIP_SKIP) != 0 &&
	    !session_wants_body(c->s))
		return SMFIS_SKIP;
	return milter_reply(ctx, c, 0, v);
}

/* milter_insert - insert a field; with LEADSPC the MTA adds no space */
static int
milter_insert(
    SMFICTX *ctx, const struct milter_conn *c, const struct session_edit *e)
{
	const char *value = e->value != NULL ? e->value : "";
	size_t n;
	char *buf;
	int rc;

	if ((c->steps & SMFIP_HDR_LEADSPC) == 0 || value[0] == ' ' ||
	    value[0] == '\t')
		return smfi_insheader(
		    ctx, (int)e->index, (char *)e->name, (char *)value);
	n = strlen(value);
	if ((buf = malloc(n + 2)) == NULL)
		return MI_FAILURE;
	buf[0] = ' ';
	memcpy(buf + 1, value, n + 1);
	rc = smfi_insheader(ctx, (int)e->index, (char *)e->name, buf);
	free(buf);
	return rc;
}

/* milter_apply_edits - header edits in the session's order: deletes from
 * the highest index down, then inserts (Postfix counts inserted fields
 * when it applies a later delete by index) */
static int
milter_apply_edits(
    SMFICTX *ctx, const struct milter_conn *c, const struct session_verdict *v)
{
	const struct session_edit *e;
	size_t i;
	int rc;

	for (i = 0; i < v->nedits; i++) {
		e = &v->edits[i];
		if (e->op == SESSION_EDIT_DELETE)
			rc = smfi_chgheader(
			    ctx, (char *)e->name, (int)e->index, NULL);
		else
			rc = milter_insert(ctx, c, e);
		log_debug("%s %s at index %zu: %s",
		    e->op == SESSION_EDIT_DELETE ? "delete" : "insert", e->name,
		    e->index, rc == MI_SUCCESS ? "ok" : "failed");
		if (rc != MI_SUCCESS)
			return -1;
	}
	return 0;
}

/* milter_eom - end of message: apply the verdict and its edits */
static sfsistat
milter_eom(SMFICTX *ctx)
{
	struct milter_conn *c = milter_conn_get(ctx);
	const struct session_verdict *v;
	const char *qid;

	if (c == NULL || c->s == NULL)
		return SMFIS_TEMPFAIL;
	if ((qid = smfi_getsymval(ctx, "i")) != NULL)
		session_set_queue_id(c->s, qid);
	else if (!c->have_qid)
		milter_warn_macro(&c->m->warned_i, "i",
		    "milter_end_of_data_macros = i",
		    "define(`confMILTER_MACROS_ENVFROM', `i, {auth_authen}')");
	c->have_qid = false;
	v = session_eom(c->s);
	if (c->held &&
	    (v->action == SESSION_ACCEPT || v->action == SESSION_QUARANTINE)) {
		c->held = false;
		return milter_held(ctx, c);
	}
	c->held = false;
	if (v->action != SESSION_ACCEPT && v->action != SESSION_QUARANTINE)
		return milter_status(ctx, v);
	if (milter_apply_edits(ctx, c, v) == -1) {
		log_err("%s: could not edit the header block: tempfail",
		    qid != NULL ? qid : "NOQUEUE");
		return SMFIS_TEMPFAIL;
	}
	if (v->action == SESSION_QUARANTINE &&
	    smfi_quarantine(
	        ctx, (char *)(v->text != NULL ? v->text : "authmilter")) !=
	        MI_SUCCESS)
		log_warn("%s: smfi_quarantine failed",
		    qid != NULL ? qid : "NOQUEUE");
	return SMFIS_ACCEPT;
}

/* milter_abort - the MTA dropped the message; the connection goes on */
static sfsistat
milter_abort(SMFICTX *ctx)
{
	struct milter_conn *c = milter_conn_get(ctx);

	if (c != NULL && c->s != NULL)
		session_abort(c->s);
	if (c != NULL) {
		c->have_qid = false;
		c->held = false;
	}
	return SMFIS_CONTINUE;
}

/* milter_close - end of connection; may be the only callback */
static sfsistat
milter_close(SMFICTX *ctx)
{
	struct milter_conn *c = milter_conn_get(ctx);

	if (c == NULL)
		return SMFIS_CONTINUE;
	session_free(c->s);
	session_env_free(c->env);
	free(c);
	smfi_setpriv(ctx, NULL);
	return SMFIS_CONTINUE;
}

/* milter_register - hand our callbacks to libmilter */
int
milter_register(struct milter *m, char *err, size_t errlen)
{
	struct smfiDesc desc;

	memset(&desc, 0, sizeof(desc));
	desc.xxfi_name = MILTER_NAME;
	desc.xxfi_version = SMFI_VERSION;
	desc.xxfi_flags =
	    SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE | SMFIF_SETSYMLIST;
	desc.xxfi_connect = milter_connect;
	desc.xxfi_helo = milter_helo;
	desc.xxfi_envfrom = milter_envfrom;
	desc.xxfi_envrcpt = milter_envrcpt;
	desc.xxfi_header = milter_header;
	desc.xxfi_eoh = milter_eoh;
	desc.xxfi_body = milter_body;
	desc.xxfi_eom = milter_eom;
	desc.xxfi_abort = milter_abort;
	desc.xxfi_close = milter_close;
	desc.xxfi_negotiate = milter_negotiate;
	milter_instance = m;
	if (smfi_register(desc) != MI_SUCCESS) {
		snprintf(err, errlen, "smfi_register failed");
		return -1;
	}
	smfi_setmaxdatasize(MILTER_VALUE_MAX);
	return 0;
}
