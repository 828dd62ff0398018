/*
 * session.c - one connection's state and the envelope events: connect
 * starts the PTR lookup, HELO and MAIL FROM start SPF, each later event
 * starts iprev's forward lookups once the PTR answer is in (without
 * waiting for it), and each stage asks the policy, joining only the
 * lookups its rules test, so the rest of the DNS time overlaps the dialog.
 * Internal hosts are neither checked nor acted on. Message events and the
 * header are in session_data.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authres/authres.h"
#include "conf/conf.h"
#include "dkim/dkim_check.h"
#include "rdns/rdns.h"
#include "session/session.h"
#include "session/session_int.h"
#include "spf/spf_check.h"
#include "util/ipaddr.h"
#include "util/log.h"
#include "util/smtpid.h"

/* session_new - a connection; the authserv-id is fixed here */
struct session *
session_new(struct session_env *env, const char *mta_id)
{
	struct session *s = calloc(1, sizeof(*s));
	const char *id = env->conf->authserv_id;

	if (s == NULL)
		return NULL;
	if ((s->group = dns_group_new()) == NULL) {
		free(s);
		return NULL;
	}
	s->env = env;
	s->conf = env->conf;
	if (id == NULL)
		id = mta_id != NULL && authres_is_token(mta_id) &&
		        strlen(mta_id) < sizeof(s->authserv_id)
		    ? mta_id
		    : env->hostname;
	strlcpy(s->authserv_id, id, sizeof(s->authserv_id));
	s->v.action = SESSION_CONTINUE;
	return s;
}

/* session_free - the connection is closed, at whatever stage */
void
session_free(struct session *s)
{
	if (s == NULL)
		return;
	session_msg_free(s->msg);
	session_msg_free(s->done);
	rdns_check_free(s->rdns);
	spf_check_free(s->spf);
	authres_free(s->ar_iprev);
	authres_free(s->ar_helo);
	dns_group_free(s->group); /* after every check that used it */
	free(s->hostname);
	free(s->ip);
	free(s->helo);
	free(s);
}

/* session_strdup - replace *slot with a copy of v (NULL: none) */
static int
session_strdup(char **slot, const char *v)
{
	free(*slot);
	*slot = NULL;
	if (v != NULL && (*slot = strdup(v)) == NULL)
		return -1;
	return 0;
}

/* session_connect - note the client; start iprev and SPF state */
const struct session_verdict *
session_connect(struct session *s, const char *hostname, const char *ip)
{
	struct ipaddr addr;

	session_event(s);
	if (ip != NULL && !ipaddr_parse(ip, &addr))
		ip = NULL; /* not an address we can check */
	if (session_strdup(&s->hostname, hostname) == -1 ||
	    session_strdup(&s->ip, ip) == -1)
		return session_fail(s, "connect");
	s->internal = conf_is_internal(s->conf, ip);
	if (ip != NULL && !s->internal && s->rdns == NULL) {
		s->rdns = rdns_check_start(
		    s->env->dns, s->group, ip, s->conf->iprev_timeout_ms);
		s->spf = spf_check_new(s->env->spf, s->group, ip);
		if (s->rdns == NULL || s->spf == NULL)
			return session_fail(s, "iprev/SPF");
	}
	return session_policy(s, POLICY_STAGE_CONNECT);
}

/* session_helo - note HELO/EHLO (again after STARTTLS) and start SPF */
const struct session_verdict *
session_helo(struct session *s, const char *helo)
{
	session_event(s);
	(void)rdns_check_advance(s->rdns); /* finish reports ENOMEM */
	spf_check_advance(s->spf);
	if (helo != NULL && *helo == '\0')
		helo = NULL;
	if (session_strdup(&s->helo, helo) == -1)
		return session_fail(s, "HELO");
	authres_free(s->ar_helo);
	s->ar_helo = NULL;
	if (s->spf != NULL && helo != NULL &&
	    spf_check_start_helo(s->spf, helo) == -1)
		return session_fail(s, "SPF HELO");
	return session_policy(s, POLICY_STAGE_HELO);
}

/* session_mail_parse - the mailbox of the path (no <>, no source route,
 * RFC 5321 4.1.2) and its domain as A-labels */
static int
session_mail_parse(struct session_msg *m, const char *from)
{
	char dom[SMTPID_MAX_DOMAIN + 1];
	const char *mb, *at;
	size_t n;

	smtpid_mailbox(from, &mb, &n);
	if ((m->mailfrom = strndup(mb, n)) == NULL)
		return -1;
	at = strrchr(m->mailfrom, '@');
	if (at != NULL &&
	    smtpid_domain_alabel(at + 1, strlen(at + 1), dom, sizeof(dom)) &&
	    (m->mailfrom_domain = strdup(dom)) == NULL)
		return -1;
	return 0;
}

/* session_log_note - say what smtp.mailfrom leaves out of from */
static void
session_log_note(const struct session *s, const char *from)
{
	char safe[128];

	log_info("%s%sMAIL FROM <%s> (%zu octets): %s", s->qid,
	    s->qid[0] != '\0' ? ": " : "", log_safe(from, safe, sizeof(safe)),
	    strlen(from), spf_check_get_note_mailfrom(s->spf));
}

/* session_mail - a new transaction: start SPF for MAIL FROM */
const struct session_verdict *
session_mail(
    struct session *s, const char *from, const char *auth_user, bool smtputf8)
{
	struct session_msg *m;

	session_event(s);
	(void)rdns_check_advance(s->rdns);
	spf_check_advance(s->spf);
	session_msg_free(s->msg);
	s->msg = NULL;
	if ((m = session_msg_get(s)) == NULL ||
	    session_mail_parse(m, from) == -1)
		return session_fail(s, "MAIL");
	if (auth_user != NULL && *auth_user != '\0' &&
	    (m->auth_user = strdup(auth_user)) == NULL)
		return session_fail(s, "MAIL");
	/* RFC 8601 2.7.4: echoed only when it is a user name or address */
	m->auth_shown =
	    m->auth_user != NULL && smtpid_auth_ok(m->auth_user, smtputf8);
	/* RFC 7208 2.4: <> is checked as postmaster@HELO, so needs HELO */
	if (s->spf != NULL && (m->mailfrom[0] != '\0' || s->helo != NULL) &&
	    spf_check_start_mailfrom(s->spf, from, smtputf8) == -1)
		return session_fail(s, "SPF MAIL FROM");
	m->spf_started =
	    s->spf != NULL && (m->mailfrom[0] != '\0' || s->helo != NULL);
	if (m->spf_started && spf_check_get_note_mailfrom(s->spf) != NULL)
		session_log_note(s, m->mailfrom);
	return session_policy(s, POLICY_STAGE_MAIL);
}

/* session_rcpt_domain - the domain of rcpt ("<a@b>" or "a@b"), a copy
 * the caller frees; NULL when there is none that is plain printable */
static char *
session_rcpt_domain(const char *rcpt)
{
	const char *at = rcpt != NULL ? strrchr(rcpt, '@') : NULL;
	size_t n, i;

	if (at == NULL)
		return NULL;
	n = strcspn(++at, ">");
	if (n == 0 || n > 255)
		return NULL;
	for (i = 0; i < n; i++)
		if (at[i] <= ' ' || at[i] == 0x7f)
			return NULL;
	return strndup(at, n);
}

/* session_rcpt - the first recipient is a policy stage; later ones get
 * the message's verdict again */
const struct session_verdict *
session_rcpt(struct session *s, const char *rcpt)
{
	struct session_msg *m;

	session_event(s);
	(void)rdns_check_advance(s->rdns);
	spf_check_advance(s->spf);
	if ((m = session_msg_get(s)) == NULL)
		return session_fail(s, "RCPT");
	if (m->nrcpt == 0) /* for DMARC reports; none is not an error */
		m->rcpt_domain = session_rcpt_domain(rcpt);
	if (m->nrcpt < SESSION_MAX_RCPTS)
		m->nrcpt++;
	return session_policy(s, POLICY_STAGE_RCPT);
}

/* session_abort - forget the transaction; the connection goes on */
void
session_abort(struct session *s)
{
	if (s == NULL)
		return;
	session_event(s);
	session_msg_free(s->msg);
	s->msg = NULL;
	s->qid[0] = '\0';
}

/* session_set_queue_id - the MTA's queue id, for logs */
void
session_set_queue_id(struct session *s, const char *id)
{
	char safe[sizeof(s->qid)];

	if (id != NULL && *id != '\0')
		strlcpy(
		    s->qid, log_safe(id, safe, sizeof(safe)), sizeof(s->qid));
}

/* session_get_authserv_id - the authserv-id this session writes */
const char *
session_get_authserv_id(const struct session *s)
{
	return s->authserv_id;
}
