/*
 * session_dmarc.c - DMARC (RFC 9989) from the message events: every From
 * field goes to the check, its lookups start at end of headers and are
 * read as answers arrive, and at end of message it gets what SPF (the
 * MAIL FROM identity) and DKIM (every signature) found. Internal hosts
 * get no DMARC result, as they get no other.
 */
#include <stdlib.h>
#include <strings.h>

#include "authres/authres.h"
#include "conf/conf.h"
#include "dkim/dkim_check.h"
#include "dmarc/dmarc.h"
#include "session/session_int.h"
#include "spf/spf_check.h"
#include "util/log.h"

#define SESSION_DMARC_DKIM 64 /* DKIM results DMARC looks at */

/* session_dmarc_get - the message's check, made when first needed */
static struct dmarc_check *
session_dmarc_get(struct session *s, struct session_msg *m)
{
	if (m->dmarc == NULL)
		m->dmarc = dmarc_check_new(s->env->dmarc, s->group);
	return m->dmarc;
}

/* session_dmarc_header - a From field for the check */
int
session_dmarc_header(struct session *s, const char *name, const char *value)
{
	struct dmarc_check *dc;

	if (s->internal || strcasecmp(name, "From") != 0)
		return 0;
	if ((dc = session_dmarc_get(s, s->msg)) == NULL)
		return -1;
	return dmarc_check_from(dc, value);
}

/* session_dmarc_eoh - the From fields are all in: start the lookups */
int
session_dmarc_eoh(struct session *s)
{
	struct dmarc_check *dc;
	const char *d;
	size_t i;

	if (s->internal)
		return 0;
	if ((dc = session_dmarc_get(s, s->msg)) == NULL ||
	    dmarc_check_start(dc) == -1)
		return -1;
	/* the alignment lookups of the identifiers known now (MAIL FROM,
	 * every DKIM d= being verified) start now, not at end of message */
	if (s->msg->spf_started)
		(void)dmarc_check_identifier(
		    dc, spf_check_get_domain_mailfrom(s->spf));
	for (i = 0; !s->msg->dkim_failed &&
	     (d = dkim_check_get_domain(s->msg->dkim, i)) != NULL;
	     i++)
		(void)dmarc_check_identifier(dc, d);
	return 0;
}

/* session_dmarc_advance - read what has arrived, never waiting */
void
session_dmarc_advance(struct session *s)
{
	if (s->msg != NULL)
		dmarc_check_advance(s->msg->dmarc);
}

/* session_dmarc_inputs - SPF for MAIL FROM and every DKIM result (at most
 * SESSION_DMARC_DKIM) into in and dk */
static void
session_dmarc_inputs(const struct session *s, const struct session_msg *m,
    struct dmarc_inputs *in, struct dmarc_dkim_input *dk)
{
	const struct authres *ar = m->ar_dkim;
	size_t i, n = ar != NULL ? authres_result_count(ar) : 0;

	in->spf_result = AUTHRES_RESULT_NONE;
	in->spf_domain = NULL;
	if (m->spf_started && m->ar_mail != NULL) {
		in->spf_result = spf_check_get_result_mailfrom(s->spf);
		in->spf_domain = spf_check_get_domain_mailfrom(s->spf);
	}
	in->dkim = dk;
	in->ndkim = 0;
	for (i = 0; i < n && in->ndkim < SESSION_DMARC_DKIM; i++) {
		if (strcasecmp(authres_get_method(ar, i), "dkim") != 0)
			continue;
		dk[in->ndkim].result = authres_get_result_code(ar, i);
		dk[in->ndkim].domain =
		    authres_lookup_prop(ar, i, "header", "d");
		in->ndkim++;
	}
}

/* session_dmarc_log - which mode and which record decided */
static void
session_dmarc_log(const struct session *s, const struct dmarc_check *dc)
{
	const char *from = dmarc_check_get_domain(dc);
	const char *where = dmarc_check_get_policy_domain(dc);

	log_info("%s%sdmarc=%s header.from=%s: %s%s, policy %s "
	         "(discovery %s)",
	    s->qid, s->qid[0] != '\0' ? ": " : "",
	    authres_result_name(dmarc_check_get_result(dc)),
	    from != NULL ? from : "-",
	    where != NULL ? "record at _dmarc." : "no record",
	    where != NULL ? where : "",
	    dmarc_policy_name(dmarc_check_get_policy(dc)),
	    dmarc_mode_name(s->conf->dmarc_discovery));
}

/* session_dmarc_eom - the dmarc result of the message, after dkim */
int
session_dmarc_eom(struct session *s)
{
	struct dmarc_dkim_input dk[SESSION_DMARC_DKIM];
	struct session_msg *m = s->msg;
	struct dmarc_inputs in;
	struct dmarc_check *dc;

	if (s->internal || !m->eoh)
		return 0;
	if ((dc = session_dmarc_get(s, m)) == NULL ||
	    (m->ar_dmarc = authres_new(s->authserv_id)) == NULL)
		return -1;
	session_dmarc_inputs(s, m, &in, dk);
	if (dmarc_check_eom(dc, &in, m->ar_dmarc) == -1)
		return -1;
	session_dmarc_log(s, dc);
	return 0;
}
