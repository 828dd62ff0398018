/*
 * session_arc.c - ARC (RFC 8617) from the message events: every header
 * field goes to the check, its key lookups start at end of headers, the
 * body flows to it while it wants some, and at end of message its
 * "arc=" result (after dkim, before dmarc) gets the client address.
 * Internal hosts get no ARC result, as they get no other. A check that
 * could not run reports temperror. And the DMARC override: a failed DMARC
 * result is spared the dmarc rules when the chain passes and a sealer in
 * TrustedARCSealers recorded dmarc=pass for the same From domain in its
 * ARC-Authentication-Results (RFC 8617 7.2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "arc/arc.h"
#include "authres/authres.h"
#include "conf/conf.h"
#include "dmarc/dmarc.h"
#include "session/session_int.h"
#include "util/log.h"

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

/* session_aar_saw_pass - does the AAR value ("i=N; authserv-id; ...")
 * record dmarc=pass for header.from=from? */
static bool
session_aar_saw_pass(const char *aar, const char *from)
{
	const char *semi = aar != NULL ? strchr(aar, ';') : NULL;
	const char *hf;
	struct authres *ar = NULL;
	bool saw = false;
	size_t i, n;

	if (semi == NULL ||
	    authres_parse(semi + 1, strlen(semi + 1), AUTHRES_PARSE_LENIENT,
	        &ar, NULL) != AUTHRES_OK)
		return false;
	n = authres_result_count(ar);
	for (i = 0; i < n && !saw; i++) {
		hf = authres_lookup_prop(ar, i, "header", "from");
		saw = strcasecmp(authres_get_method(ar, i), "dmarc") == 0 &&
		    authres_get_result_code(ar, i) == AUTHRES_RESULT_PASS &&
		    hf != NULL && strcasecmp(hf, from) == 0;
	}
	authres_free(ar);
	return saw;
}

/* session_arc_override - after dmarc: find the trusted sealer that saw
 * DMARC pass, newest first; a chain that failed, or failed for our own
 * DNS trouble, never counts, nor a set whose AMS no longer validates
 * (the message changed after it). -1 only when out of memory. */
int
session_arc_override(struct session *s)
{
	struct session_msg *m = s->msg;
	const char *from, *sealer;
	char note[320];
	unsigned i;
	int op;

	if (s->internal || m->arc == NULL || m->dmarc == NULL ||
	    m->ar_dmarc == NULL || s->conf->arc_sealers == NULL ||
	    dmarc_check_get_result(m->dmarc) != AUTHRES_RESULT_FAIL ||
	    arc_check_get_chain(m->arc) != ARC_CHAIN_PASS ||
	    arc_check_dns_failed(m->arc) ||
	    (from = dmarc_check_get_domain(m->dmarc)) == NULL)
		return 0;
	op = arc_check_get_oldest_pass(m->arc);
	for (i = arc_check_get_instances(m->arc); i >= 1; i--) {
		sealer = arc_check_get_sealer(m->arc, i);
		if (!conf_is_arc_sealer(s->conf, sealer) ||
		    !session_aar_saw_pass(
		        arc_check_get_field(m->arc, i, ARC_AAR, NULL), from))
			continue;
		/* the AAR speaks for the message the sealer saw: a later
		 * hop may seal a changed one with cv=pass (seals do not
		 * cover the body), so its AMS must still validate */
		if (op < 0 || (op > 0 && (unsigned)op > i)) {
			log_info("%s%sdmarc=fail header.from=%s: ARC set %u "
			         "sealed by %s saw dmarc=pass, but the message "
			         "changed after it (header.oldest-pass=%d): no "
			         "override",
			    s->qid, s->qid[0] != '\0' ? ": " : "", from, i,
			    sealer, op);
			return 0;
		}
		if ((m->arc_sealer = strdup(sealer)) == NULL)
			return -1;
		snprintf(note, sizeof(note),
		    "ARC override: sealed by %s i=%u, which saw dmarc=pass",
		    sealer, i);
		if (authres_add_comment(m->ar_dmarc, note) != AUTHRES_OK)
			return -1;
		log_info("%s%sdmarc=fail header.from=%s: dmarc rules not "
		         "applied, ARC set %u sealed by %s (TrustedARCSealers) "
		         "saw dmarc=pass",
		    s->qid, s->qid[0] != '\0' ? ": " : "", from, i, sealer);
		return 0;
	}
	return 0;
}

/* session_arc_seal - our ARC set over the chain, when ARCSeal* is set;
 * a chain we must not seal is logged and left as it is. -1 only when out
 * of memory. */
int
session_arc_seal(struct session *s)
{
	struct session_msg *m = s->msg;
	const char *why;

	if (s->env->sealer == NULL || s->internal || m->arc == NULL ||
	    m->header == NULL)
		return 0;
	if ((m->seal = calloc(1, sizeof(*m->seal))) == NULL)
		return -1;
	if (arc_check_seal(m->arc, s->env->sealer, m->header,
	        (long long)time(NULL), m->seal, &why) == 0)
		return 0;
	log_info("%s%snot sealed (ARC): %s", s->qid,
	    s->qid[0] != '\0' ? ": " : "", why);
	free(m->seal);
	m->seal = NULL;
	return 0;
}
