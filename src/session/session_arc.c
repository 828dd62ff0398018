/*
 * session_arc.c - ARC (RFC 8617) from the message events: every header
 * field goes to the check, its key lookups start at end of headers, the
 * body flows to it while it wants some, and at end of message its
 * "arc=" result (after dkim, before dmarc) gets the client address.
 * Internal hosts get no ARC result, as they get no other. A check that
 * could not run reports temperror.
 */
#include <stdlib.h>

#include "arc/arc.h"
#include "authres/authres.h"
#include "session/session_int.h"

/* session_arc_get - the message's check, made at the first header */
static struct arc_check *
session_arc_get(struct session *s, struct session_msg *m)
{
	if (m->arc == NULL && !m->arc_failed &&
	    (m->arc = arc_check_new(s->env->arc, s->group,
	         s->qid[0] != '\0' ? s->qid : NULL)) == NULL)
		m->arc_failed = true;
	return m->arc_failed ? NULL : m->arc;
}

/* session_arc_header - one header field for the check */
void
session_arc_header(struct session *s, const char *name, const char *value)
{
	struct arc_check *ck;

	if (s->internal || (ck = session_arc_get(s, s->msg)) == NULL)
		return;
	if (arc_check_header(ck, name, value) == -1)
		s->msg->arc_failed = true;
}

/* session_arc_eoh - group the chain and start its key lookups */
void
session_arc_eoh(struct session *s)
{
	struct arc_check *ck;

	if (s->internal || (ck = session_arc_get(s, s->msg)) == NULL)
		return;
	if (arc_check_eoh(ck) == -1)
		s->msg->arc_failed = true;
}

/* session_arc_wants_body - does the check need body octets? */
bool
session_arc_wants_body(const struct session *s)
{
	const struct session_msg *m = s->msg;

	return m != NULL && m->arc != NULL && !m->arc_failed &&
	    arc_check_wants_body(m->arc);
}

/* session_arc_body - a chunk of the body, while the check wants it */
void
session_arc_body(struct session *s, const unsigned char *p, size_t len)
{
	if (session_arc_wants_body(s) &&
	    arc_check_body(s->msg->arc, p, len) == -1)
		s->msg->arc_failed = true;
}

/* session_arc_eom - the arc result of the message into m->ar_arc */
int
session_arc_eom(struct session *s)
{
	struct session_msg *m = s->msg;

	if (s->internal || !m->eoh)
		return 0;
	if ((m->ar_arc = authres_new(s->authserv_id)) == NULL)
		return -1;
	(void)session_arc_get(s, m);
	if (!m->arc_failed && arc_check_eom(m->arc, s->ip, m->ar_arc) == 0)
		return 0;
	/* the check could not run: that much is known */
	if (authres_add_result(m->ar_arc, "arc", AUTHRES_RESULT_TEMPERROR,
	        "internal error") != AUTHRES_OK)
		return -1;
	return 0;
}
