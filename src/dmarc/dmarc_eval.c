/*
 * dmarc_eval.c - end of message: the policy record and the policy that
 * applies (p=, sp=, np= after an existence probe of the author domain,
 * RFC 8020 NXDOMAIN; then t=y one level lower), identifier alignment
 * (RFC 9989 4.10.2) and the "dmarc=" result with header.from and
 * policy.dmarc (RFC 9989 9.1) and the comment "(p=.. sp=.. dis=..)".
 */
#include <stdio.h>
#include <string.h>

#include "dmarc/dmarc_check_int.h"

/* dmarc_probe_start - start the existence probe when np= matters */
void
dmarc_probe_start(struct dmarc_check *dc, size_t at)
{
	const struct dmarc_record *r = &dc->walk.lv[at].rec;

	if (dc->probe != NULL || dc->exists != PROBE_NONE ||
	    !dmarc_record_needs_probe(
	        r, strcmp(dc->walk.lv[at].name, dc->domain) == 0))
		return;
	dc->probe = dns_query_start_in(dc->v->res, dc->g, dc->domain, DNS_T_A);
	if (dc->probe == NULL) {
		dc->exists = PROBE_FAIL;
		strlcpy(dc->probe_detail, "out of memory",
		    sizeof(dc->probe_detail));
	}
}

/* probe_join - the existence of the author domain, if it was asked */
static void
probe_join(struct dmarc_check *dc)
{
	struct dns_answer *a;

	if (dc->probe == NULL)
		return;
	a = dns_query_join_within(dc->probe, &dc->budget);
	dc->probe = NULL;
	if (a->status == DNS_NXDOMAIN)
		dc->exists = PROBE_NX;
	else if (a->status == DNS_OK || a->status == DNS_NODATA)
		dc->exists = PROBE_EXISTS;
	else {
		dc->exists = PROBE_FAIL;
		strlcpy(dc->probe_detail, a->detail, sizeof(dc->probe_detail));
	}
	dns_answer_free(a);
}

/* applied - the policy for the author domain from the record at level
 * at; false when the existence probe failed and np= would decide */
static bool
applied(struct dmarc_check *dc, size_t at, enum dmarc_policy *pol)
{
	const struct dmarc_record *r = &dc->walk.lv[at].rec;
	bool own = strcmp(dc->walk.lv[at].name, dc->domain) == 0;

	if (dmarc_record_needs_probe(r, own)) {
		dmarc_probe_start(dc, at);
		probe_join(dc);
		if (dc->exists == PROBE_FAIL)
			return false;
	}
	*pol = dmarc_record_policy(r, own, dc->exists == PROBE_NX);
	return true;
}

/* weigh - one identifier's share of the result: true when it passed
 * and aligns; *unsure gets why it might have when that is unknown */
static bool
weigh(struct dmarc_check *dc, enum authres_result r, const char *d, bool strict,
    const char **unsure)
{
	enum dmarc_align a;

	if (r != AUTHRES_RESULT_PASS && r != AUTHRES_RESULT_TEMPERROR)
		return false;
	a = dmarc_aligned(dc, d, strict);
	if (r == AUTHRES_RESULT_PASS && a == DMARC_ALIGN_YES)
		return true;
	if (a == DMARC_ALIGN_UNKNOWN)
		*unsure = "organizational domain of an identifier unknown";
	else if (a == DMARC_ALIGN_YES && *unsure == NULL)
		*unsure = "an aligned identifier's result is temperror";
	return false;
}

/* evaluate - pass, fail or temperror for the record at level at (every
 * DKIM result is weighed; only the walks are capped) */
static void
evaluate(struct dmarc_check *dc, size_t at, const struct dmarc_inputs *in)
{
	const struct dmarc_record *r = &dc->walk.lv[at].rec;
	const char *unsure = NULL;
	bool pass;
	size_t i;

	/* start every walk alignment may need, then join them in turn */
	for (i = 0; in != NULL && i < in->ndkim; i++)
		if (in->dkim[i].result == AUTHRES_RESULT_PASS ||
		    in->dkim[i].result == AUTHRES_RESULT_TEMPERROR)
			dmarc_id_prestart(
			    dc, in->dkim[i].domain, r->adkim_strict);
	if (in != NULL &&
	    (in->spf_result == AUTHRES_RESULT_PASS ||
	        in->spf_result == AUTHRES_RESULT_TEMPERROR))
		dmarc_id_prestart(dc, in->spf_domain, r->aspf_strict);
	/* both mechanisms are weighed: reports (RFC 9990) give each one */
	dc->spf_aligned = in != NULL &&
	    weigh(dc, in->spf_result, in->spf_domain, r->aspf_strict, &unsure);
	for (i = 0; in != NULL && !dc->dkim_aligned && i < in->ndkim; i++)
		dc->dkim_aligned = weigh(dc, in->dkim[i].result,
		    in->dkim[i].domain, r->adkim_strict, &unsure);
	pass = dc->spf_aligned || dc->dkim_aligned;
	if (pass)
		dc->result = AUTHRES_RESULT_PASS;
	else if (unsure != NULL) {
		dc->result = AUTHRES_RESULT_TEMPERROR;
		strlcpy(dc->reason, unsure, sizeof(dc->reason));
	} else
		dc->result = AUTHRES_RESULT_FAIL;
}

/* invalid_record - the policy record found cannot be used: no DMARC
 * processing (RFC 9989 4.10.1 step 6), reported as permerror */
static void
invalid_record(struct dmarc_check *dc, const struct dmarc_level *lv)
{
	dc->result = AUTHRES_RESULT_PERMERROR;
	snprintf(dc->reason, sizeof(dc->reason),
	    "invalid record at _dmarc.%s: %s", lv->name, lv->invalid);
}

/* decide - the result, policy and domains of the check */
static void
decide(struct dmarc_check *dc, const struct dmarc_inputs *in)
{
	size_t at, i;

	dmarc_walk_join(&dc->walk, &dc->budget);
	if (dmarc_walk_policy(dc->walk.lv, dc->walk.n, dc->walk.treewalk,
	        &at) == DMARC_WALK_UNKNOWN) {
		for (i = 0; i + 1 < dc->walk.n &&
		     dc->walk.lv[i].state != DMARC_LEVEL_TEMPFAIL;
		     i++)
			;
		dc->result = AUTHRES_RESULT_TEMPERROR;
		snprintf(dc->reason, sizeof(dc->reason),
		    "lookup of _dmarc.%s failed: %s", dc->walk.lv[i].name,
		    dc->walk.lv[i].detail);
		return;
	}
	if (at == AUTHRES_NPOS) {
		dc->result = AUTHRES_RESULT_NONE;
		return;
	}
	if (dc->walk.lv[at].state == DMARC_LEVEL_INVALID) {
		invalid_record(dc, &dc->walk.lv[at]);
		return;
	}
	strlcpy(dc->poldomain, dc->walk.lv[at].name, sizeof(dc->poldomain));
	dc->rec = &dc->walk.lv[at].rec;
	dc->org_known =
	    dmarc_org_of(dc, &dc->walk, dc->domain, dc->org, sizeof(dc->org));
	if (!applied(dc, at, &dc->policy)) {
		dc->policy = DMARC_POLICY_UNSET;
		evaluate(dc, at, in);
		if (dc->result != AUTHRES_RESULT_PASS) {
			dc->result = AUTHRES_RESULT_TEMPERROR;
			snprintf(dc->reason, sizeof(dc->reason),
			    "existence lookup of %s failed: %s", dc->domain,
			    dc->probe_detail);
		}
		return;
	}
	evaluate(dc, at, in);
}

/* put_result - the result into ar */
static int
put_result(struct dmarc_check *dc, struct authres *ar)
{
	const struct dmarc_record *r = dc->rec;
	char comment[96];
	enum authres_status st;

	st = authres_add_result(
	    ar, "dmarc", dc->result, dc->reason[0] ? dc->reason : NULL);
	if (st == AUTHRES_OK && r != NULL && dc->policy != DMARC_POLICY_UNSET) {
		snprintf(comment, sizeof(comment), "p=%s sp=%s dis=%s",
		    dmarc_policy_name(r->p),
		    dmarc_policy_name(dmarc_record_subpolicy(r)),
		    dmarc_policy_name(dmarc_check_get_disposition(dc)));
		st = authres_add_comment(ar, comment);
	}
	if (st == AUTHRES_OK && dc->domain[0] != '\0')
		st = authres_add_prop(ar, "header", "from", dc->domain);
	/* RFC 9989 9.1: the evaluated policy, after sp=, np= and t= */
	if (st == AUTHRES_OK && dc->policy != DMARC_POLICY_UNSET)
		st = authres_add_prop(
		    ar, "policy", "dmarc", dmarc_policy_name(dc->policy));
	return st == AUTHRES_OK ? 0 : -1;
}

/* dmarc_check_eom - decide and append one dmarc result to ar */
int
dmarc_check_eom(
    struct dmarc_check *dc, const struct dmarc_inputs *in, struct authres *ar)
{
	size_t before;

	if (dc == NULL || ar == NULL)
		return -1;
	if (!dc->started && dmarc_check_start(dc) == -1)
		return -1;
	if (dc->nomem)
		return -1;
	dc->result = AUTHRES_RESULT_NONE;
	dc->policy = DMARC_POLICY_UNSET;
	dc->reason[0] = '\0';
	dc->rec = NULL;
	if (dc->from_st == DMARC_FROM_OK)
		decide(dc, in);
	else {
		dc->result = dc->from_st == DMARC_FROM_NONE
		    ? AUTHRES_RESULT_NONE
		    : AUTHRES_RESULT_PERMERROR;
		strlcpy(dc->reason, dmarc_from_strerror(dc->from_st),
		    sizeof(dc->reason));
	}
	/* all or nothing: ar stays unchanged when an add fails */
	before = authres_result_count(ar);
	if (put_result(dc, ar) == 0)
		return 0;
	if (authres_result_count(ar) > before)
		authres_remove_result(ar, before);
	return -1;
}
