/*
 * session_verdict.c - what every event returns: the verdict is reset at
 * the start of each event (the message it described expires with it), a
 * policy decision becomes a verdict with its SMTP reply, and a check that
 * could not run becomes a tempfail. The lowest layer of the session: it
 * calls nothing above it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"
#include "session/session_int.h"
#include "util/log.h"

/* session_event - start of every event: the last verdict and the message
 * it described expire */
void
session_event(struct session *s)
{
	session_msg_free(s->done);
	s->done = NULL;
	memset(&s->v, 0, sizeof(s->v));
	s->v.action = SESSION_CONTINUE;
}

/* session_fail - a check could not run: tempfail the message, log once */
const struct session_verdict *
session_fail(struct session *s, const char *what)
{
	char err[128];

	log_err("%s%s%s could not run (out of memory?): tempfail", s->qid,
	    s->qid[0] != '\0' ? ": " : "", what);
	memset(&s->failpv, 0, sizeof(s->failpv));
	s->failpv.action = POLICY_ACTION_TEMPFAIL;
	if (policy_reply_build(&s->failpv.reply, '4', "451", "4.3.0",
	        "Temporary authentication failure, try again later", err,
	        sizeof(err)) == -1) {
		log_bug("built-in reply refused: %s", err);
		abort();
	}
	return session_apply(s, &s->failpv);
}

/* session_apply - the verdict for decision pv at stage; QUARANTINE and
 * ACCEPT go on until eom, which applies them */
const struct session_verdict *
session_apply(struct session *s, const struct policy_verdict *pv)
{
	switch (pv->action) {
	case POLICY_ACTION_REJECT:
		s->v.action = SESSION_REJECT;
		break;
	case POLICY_ACTION_TEMPFAIL:
		s->v.action = SESSION_TEMPFAIL;
		break;
	case POLICY_ACTION_DISCARD:
		s->v.action = SESSION_DISCARD;
		return &s->v;
	default:
		return &s->v;
	}
	s->v.rcode = pv->reply.rcode;
	s->v.xcode = pv->reply.xcode[0] != '\0' ? pv->reply.xcode : NULL;
	s->v.text = pv->reply.text;
	s->v.mtext = pv->reply.mtext;
	snprintf(s->replybuf, sizeof(s->replybuf), "%s%s%s %s", pv->reply.rcode,
	    s->v.xcode != NULL ? " " : "", s->v.xcode != NULL ? s->v.xcode : "",
	    pv->reply.text);
	s->v.reply = s->replybuf;
	return &s->v;
}
