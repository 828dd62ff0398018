/*
 * session_report.c - one DMARC aggregate record (RFC 9990) per message
 * that DMARC evaluated against a published policy (dmarc=pass or fail),
 * handed at end of message to the report queue main owns. Nothing here
 * waits: the queue copies the record or drops it and counts. Messages
 * with dmarc none, temperror or permerror were not evaluated against a
 * policy and are not recorded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "authres/authres.h"
#include "conf/conf.h"
#include "dmarc/dmarc.h"
#include "report/report_queue.h"
#include "session/session_int.h"
#include "spf/spf_check.h"

#define REPORT_DKIM_MAX 16 /* signatures a record lists */
#define REPORT_DKIM_LEN (64 + 2 * 256)

/* pol_word - a policy for the store: "" when not published */
static const char *
pol_word(enum dmarc_policy p)
{
	return p == DMARC_POLICY_UNSET ? "" : dmarc_policy_name(p);
}

/* str_cmp - qsort order of two strings */
static int
str_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* dkim_list - every dkim result as d/s/result, sorted, space-joined */
static void
dkim_list(const struct authres *ar, char *out, size_t len)
{
	char v[REPORT_DKIM_MAX][REPORT_DKIM_LEN];
	const char *d, *sel, *res;
	size_t i, k, used, n = 0;
	size_t all = ar != NULL ? authres_result_count(ar) : 0;

	out[0] = '\0';
	for (i = 0; i < all && n < REPORT_DKIM_MAX; i++) {
		if (strcmp(authres_get_method(ar, i), "dkim") != 0)
			continue;
		/* dkim=none (no signature) has no domain: nothing to list */
		if ((d = authres_lookup_prop(ar, i, "header", "d")) == NULL)
			continue;
		sel = authres_lookup_prop(ar, i, "header", "s");
		res = authres_result_name(authres_get_result_code(ar, i));
		if (sel == NULL)
			sel = "";
		/* the column is "d/s/result" joined by spaces: a d= or s=
		 * that would break it, or not fit, is left out whole */
		if (strpbrk(d, " /") != NULL || strpbrk(sel, " /") != NULL ||
		    (size_t)snprintf(v[n], REPORT_DKIM_LEN, "%s/%s/%s", d, sel,
		        res != NULL ? res : "") >= REPORT_DKIM_LEN)
			continue;
		n++;
	}
	qsort(v, n, sizeof(v[0]), str_cmp);
	for (i = 0, used = 0; i < n; i++) {
		/* whole entries only: never half of one at the end */
		k = strlen(v[i]);
		if (used + (i > 0) + k >= len)
			break;
		if (i > 0)
			out[used++] = ' ';
		memcpy(out + used, v[i], k + 1);
		used += k;
	}
}

/* disposition - what we applied and why it differs from the policy */
static const char *
disposition(const struct session *s, const struct dmarc_check *dc, char *why,
    size_t len)
{
	const struct policy_verdict *pv = session_decided(s);
	enum dmarc_policy asked = dmarc_check_get_disposition(dc);

	why[0] = '\0';
	if (pv != NULL && pv->dry_run) {
		snprintf(why, len, "local_policy:DryRun would %s",
		    policy_action_name(pv->would));
		return "none";
	}
	if (pv != NULL && pv->action == POLICY_ACTION_REJECT)
		return "reject";
	if (pv != NULL && pv->action == POLICY_ACTION_QUARANTINE)
		return "quarantine";
	if (asked != DMARC_POLICY_NONE && asked != DMARC_POLICY_UNSET &&
	    s->msg != NULL && s->msg->arc_sealer != NULL)
		snprintf(why, len, "trusted_forwarder:ARC sealed by %s",
		    s->msg->arc_sealer);
	else if (asked != DMARC_POLICY_NONE && asked != DMARC_POLICY_UNSET)
		snprintf(why, len, "%s",
		    conf_is_forwarder(s->conf, s->ip)
		        ? "trusted_forwarder:TrustedForwarders"
		        : "local_policy:no PolicyRule acted on dmarc");
	return "none";
}

/* spf_part - the SPF identity of the record: MAIL FROM, else HELO */
static void
spf_part(const struct session *s, const struct session_msg *m, const char **dom,
    const char **res)
{
	enum authres_result r = AUTHRES_RESULT_NONE;

	*dom = "";
	if (m->mailfrom_domain != NULL) {
		*dom = m->mailfrom_domain;
		if (m->spf_started && m->ar_mail != NULL)
			r = spf_check_get_result_mailfrom(s->spf);
	} else if (s->helo != NULL) {
		*dom = s->helo; /* RFC 9990: helo when MAIL FROM is null */
		if (s->ar_helo != NULL && authres_result_count(s->ar_helo) > 0)
			r = authres_get_result_code(s->ar_helo, 0);
	}
	*res = authres_result_name(r) != NULL ? authres_result_name(r) : "";
}

/* session_report - queue the message's aggregate record, if it has one */
void
session_report(struct session *s, struct session_msg *m)
{
	struct report_queue *q = s->env->report;
	const struct dmarc_check *dc = m->dmarc;
	enum authres_result r = dmarc_check_get_result(dc);
	struct dmarc_published pub;
	struct report_policy pol;
	struct report_row row;
	char day[16], dkim[1024], why[128];
	bool al_spf, al_dkim;
	time_t now = time(NULL);
	struct tm tm;

	if (q == NULL || s->internal || dc == NULL ||
	    (r != AUTHRES_RESULT_PASS && r != AUTHRES_RESULT_FAIL) ||
	    dmarc_check_get_published(dc, &pub) == -1 ||
	    gmtime_r(&now, &tm) == NULL)
		return;
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	dkim_list(m->ar_dkim, dkim, sizeof(dkim));
	dmarc_check_get_aligned(dc, &al_spf, &al_dkim);
	memset(&row, 0, sizeof(row));
	row.day = day;
	row.policy_domain = dmarc_check_get_policy_domain(dc);
	row.source_ip = s->ip;
	row.header_from = dmarc_check_get_domain(dc);
	row.envelope_from = m->mailfrom_domain;
	row.envelope_to = m->rcpt_domain;
	spf_part(s, m, &row.spf_domain, &row.spf_result);
	row.dkim = dkim;
	row.dmarc_dkim = al_dkim ? "pass" : "fail";
	row.dmarc_spf = al_spf ? "pass" : "fail";
	row.disposition = disposition(s, dc, why, sizeof(why));
	row.reasons = why;
	/* under "auto" the record is found by the tree walk too; the list
	 * only stands in for organizational domains (alignment) */
	pol = (struct report_policy){ day, row.policy_domain,
		s->conf->dmarc_discovery == DMARC_MODE_PSL ? "psl" : "treewalk",
		pol_word(pub.p), pol_word(pub.sp), pol_word(pub.np),
		pub.adkim_strict ? "s" : "r", pub.aspf_strict ? "s" : "r",
		pub.testing ? "y" : "n", pub.fo, pub.rua, (int64_t)now };
	(void)report_queue_push(q, &row, &pol);
}
