/*
 * session_msg.c - struct session_msg, one transaction: made when first
 * needed, freed in one place (eom, abort and close all come here), the
 * forged fields it found and the header edits it ends with.
 */
#include <stdlib.h>
#include <string.h>

#include "authres/authres.h"
#include "arc/arc.h"
#include "dkim/dkim_check.h"
#include "dmarc/dmarc.h"
#include "metrics/metrics.h"
#include "session/session_int.h"

/* session_msg_get - the current transaction, made when first needed */
struct session_msg *
session_msg_get(struct session *s)
{
	if (s->msg == NULL && (s->msg = calloc(1, sizeof(*s->msg))) != NULL &&
	    (s->msg->metrics = s->env->metrics) != NULL)
		metrics_message(s->msg->metrics, 1);
	return s->msg;
}

/* session_msg_free - everything one transaction made; NULL is a no-op */
void
session_msg_free(struct session_msg *m)
{
	size_t i;

	if (m == NULL)
		return;
	if (m->metrics != NULL)
		metrics_message(m->metrics, -1); /* ended without its end */
	free(m->mailfrom);
	free(m->mailfrom_domain);
	free(m->rcpt_domain);
	free(m->auth_user);
	free(m->arc_sealer);
	if (m->seal != NULL)
		arc_seal_fields_free(m->seal);
	free(m->seal);
	for (i = 0; i < m->nforged; i++)
		free(m->forged[i].value);
	free(m->forged);
	dkim_check_free(m->dkim);
	authres_free(m->ar_mail);
	authres_free(m->ar_dkim);
	dmarc_check_free(m->dmarc);
	authres_free(m->ar_dmarc);
	arc_check_free(m->arc);
	authres_free(m->ar_arc);
	free(m->header);
	authres_free(m->results);
	free(m->edits);
	free(m);
}

/* session_msg_add_forged - remember forged field number index */
int
session_msg_add_forged(
    struct session_msg *m, size_t index, const char *value, bool keep)
{
	struct session_forged *grown;

	grown = reallocarray(m->forged, m->nforged + 1, sizeof(*m->forged));
	if (grown == NULL)
		return -1;
	m->forged = grown;
	m->forged[m->nforged].index = index;
	m->forged[m->nforged].value = NULL;
	if (keep && (m->forged[m->nforged].value = strdup(value)) == NULL)
		return -1;
	m->nforged++;
	return 0;
}

/* session_edit_add - append one edit */
static void
session_edit_add(struct session_msg *m, enum session_edit_op op,
    const char *name, size_t index, const char *value)
{
	struct session_edit *e = &m->edits[m->nedits++];

	e->op = op;
	e->name = name;
	e->index = index;
	e->value = value;
}

/* session_msg_make_edits - deletions from the highest index down, then the
 * renamed copies (in their original order), then our field on top */
int
session_msg_make_edits(struct session_msg *m)
{
	size_t i;

	m->edits = reallocarray(NULL, 2 * m->nforged + 4, sizeof(*m->edits));
	if (m->edits == NULL)
		return -1;
	for (i = m->nforged; i > 0; i--)
		session_edit_add(m, SESSION_EDIT_DELETE, AUTHRES_FIELD_NAME,
		    m->forged[i - 1].index, NULL);
	for (i = m->nforged; i > 0; i--)
		if (m->forged[i - 1].value != NULL)
			session_edit_add(m, SESSION_EDIT_INSERT,
			    SESSION_ORIGINAL_FIELD, 0, m->forged[i - 1].value);
	session_edit_add(
	    m, SESSION_EDIT_INSERT, AUTHRES_FIELD_NAME, 0, m->header);
	if (m->seal != NULL) {
		/* on top, above our field: ARC-Seal, AMS, AAR (RFC 8617 4.1) */
		session_edit_add(m, SESSION_EDIT_INSERT,
		    "ARC-Authentication-Results", 0, m->seal->aar);
		session_edit_add(m, SESSION_EDIT_INSERT,
		    "ARC-Message-Signature", 0, m->seal->ams);
		session_edit_add(
		    m, SESSION_EDIT_INSERT, "ARC-Seal", 0, m->seal->as);
	}
	return 0;
}
