/*
 * session_data.c - the message events: header fields (fed to DKIM, ARC
 * and DMARC, and Authentication-Results fields carrying our authserv-id
 * marked as forged, RFC 8601 5), end of headers (DKIM and ARC key lookups
 * start), body (while DKIM or ARC wants it), and end of
 * message, which joins every check, asks the policy and returns the edits:
 * forged fields deleted from the highest index down, then our field
 * inserted at the top, because Postfix counts inserted fields when it
 * applies a later delete by index.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "authres/authres.h"
#include "conf/conf.h"
#include "dkim/dkim_check.h"
#include "metrics/metrics.h"
#include "rdns/rdns.h"
#include "session/session.h"
#include "session/session_int.h"
#include "spf/spf_check.h"
#include "util/log.h"

/* session_header - one header field as it arrived */
const struct session_verdict *
session_header(struct session *s, const char *name, const char *value)
{
	struct session_msg *m;

	session_event(s);
	if (name == NULL || value == NULL)
		return &s->v;
	if ((m = session_msg_get(s)) == NULL)
		return session_fail(s, "header");
	m->nheaders++;
	if (strcasecmp(name, AUTHRES_FIELD_NAME) == 0) {
		m->nar++;
		/* RFC 8601 5: ours from outside is forged, even unparseable;
		 * ours stays ours even when listed as trusted */
		if (authres_is_ours(value, strlen(value), s->authserv_id)) {
			if (m->nforged >= SESSION_MAX_HEADERS ||
			    session_msg_add_forged(
			        m, m->nar, value, s->conf->keep_original) == -1)
				return session_fail(s, "forged-field removal");
		}
	}
	if (session_dmarc_header(s, name, value) == -1)
		return session_fail(s, "DMARC");
	session_arc_header(s, name, value);
	if (s->internal || m->dkim_failed)
		return &s->v;
	if (m->dkim == NULL && m->nheaders == 1)
		m->dkim = dkim_check_new(
		    s->env->dkim, s->group, s->qid[0] != '\0' ? s->qid : NULL);
	if (m->dkim == NULL || dkim_check_header(m->dkim, name, value) == -1)
		m->dkim_failed = true;
	return &s->v;
}

/* session_eoh - end of headers: DKIM key lookups start */
const struct session_verdict *
session_eoh(struct session *s)
{
	struct session_msg *m;

	session_event(s);
	if ((m = session_msg_get(s)) == NULL)
		return session_fail(s, "end of headers");
	m->eoh = true;
	(void)rdns_check_advance(s->rdns); /* finish reports ENOMEM */
	spf_check_advance(s->spf);
	if (!s->internal && m->dkim == NULL && !m->dkim_failed &&
	    (m->dkim = dkim_check_new(s->env->dkim, s->group,
	         s->qid[0] != '\0' ? s->qid : NULL)) == NULL)
		m->dkim_failed = true;
	if (m->dkim != NULL && !m->dkim_failed && dkim_check_eoh(m->dkim) == -1)
		m->dkim_failed = true;
	session_arc_eoh(s);
	if (session_dmarc_eoh(s) == -1)
		return session_fail(s, "DMARC");
	return &s->v;
}

/* session_body - a chunk of the body, for DKIM; DMARC's answers are
 * read as they arrive */
const struct session_verdict *
session_body(struct session *s, const unsigned char *p, size_t len)
{
	struct session_msg *m = s->msg;

	session_event(s);
	session_dmarc_advance(s);
	if (m != NULL && m->dkim != NULL && !m->dkim_failed &&
	    (!m->eoh || dkim_check_wants_body(m->dkim)) &&
	    dkim_check_body(m->dkim, p, len) == -1)
		m->dkim_failed = true;
	session_arc_body(s, p, len);
	return &s->v;
}

/* session_wants_body - does DKIM or ARC still need body octets? */
bool
session_wants_body(const struct session *s)
{
	const struct session_msg *m = s->msg;

	return (m != NULL && m->dkim != NULL && !m->dkim_failed &&
	           (!m->eoh || dkim_check_wants_body(m->dkim))) ||
	    session_arc_wants_body(s);
}

/* session_eom_results - join every check; the final field or NULL */
static struct authres *
session_eom_results(struct session *s, struct session_msg *m)
{
	if (!s->internal) {
		if (session_join(s, POLICY_STAGE_EOM, true) == -1)
			return NULL;
		/* no message data (authcheck without a file): no dkim */
		if (m->eoh &&
		    (m->ar_dkim = authres_new(s->authserv_id)) == NULL)
			return NULL;
		if (m->eoh && m->dkim != NULL && !m->dkim_failed &&
		    dkim_check_eom(m->dkim, m->ar_dkim) == -1)
			return NULL;
		/* the check could not run: that much is known */
		if (m->eoh && (m->dkim == NULL || m->dkim_failed) &&
		    authres_add_result(m->ar_dkim, "dkim",
		        AUTHRES_RESULT_TEMPERROR,
		        "internal error") != AUTHRES_OK)
			return NULL;
		if (session_arc_eom(s) == -1 || session_dmarc_eom(s) == -1 ||
		    session_arc_override(s) == -1)
			return NULL;
	}
	return session_compose(s);
}

/* session_eom - end of message: the verdict and the header edits */
const struct session_verdict *
session_eom(struct session *s)
{
	struct session_msg *m;
	enum authres_status st;
	struct timespec t0, t1;

	session_event(s);
	if ((m = session_msg_get(s)) == NULL)
		return session_fail(s, "end of message");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	m->results = session_eom_results(s, m);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	m->eom_wait_ms = (long long)(t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	if (m->results == NULL)
		return session_fail(s, "end of message");
	st = authres_format(m->results, 0, &m->header);
	if (st != AUTHRES_OK || session_arc_seal(s) == -1 ||
	    session_msg_make_edits(m) == -1)
		return session_fail(s, "Authentication-Results");
	session_policy(s, POLICY_STAGE_EOM);
	session_report(s, m);
	if (s->v.action == SESSION_CONTINUE) {
		const struct policy_verdict *pv = session_decided(s);

		s->v.action = SESSION_ACCEPT;
		if (pv != NULL && pv->action == POLICY_ACTION_QUARANTINE) {
			s->v.action = SESSION_QUARANTINE;
			s->v.text = pv->reply.text;
		}
		s->v.edits = m->edits;
		s->v.nedits = m->nedits;
	}
	s->v.header = m->header;
	metrics_eom(m->metrics, m->results, m->nforged, m->eom_wait_ms);
	if (m->metrics != NULL)
		metrics_message(m->metrics, -1);
	m->metrics = NULL;
	s->v.results = m->results;
	session_log_summary(s, m->header);
	s->done = m; /* the verdict points into it until the next event */
	s->msg = NULL;
	s->qid[0] = '\0';
	return &s->v;
}
