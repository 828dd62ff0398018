/*
 * dmarc_check.c - one message's DMARC check (RFC 9989): the From fields
 * are collected, discovery starts at end of headers, and at end of
 * message the caller's SPF and DKIM results are aligned with the author
 * domain, strictly (same name) or relaxed (same organizational domain).
 * Results: pass, fail, none (no record, no From), permerror (a From that
 * cannot be read, an invalid record), temperror (a DNS failure or the
 * time limit where it could change the outcome, or an aligned SPF or
 * DKIM temperror without an aligned pass).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpsl.h>

#include "dmarc/dmarc_check_int.h"

/* dmarc_verifier_new - a verifier over res */
struct dmarc_verifier *
dmarc_verifier_new(struct dns_resolver *res, const struct dmarc_options *opt,
    char *err, size_t errlen)
{
	struct dmarc_verifier *v;
	const char *path;

	if ((v = calloc(1, sizeof(*v))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	v->res = res;
	v->mode = opt ? opt->mode : DMARC_MODE_TREEWALK;
	v->timeout_ms = opt && opt->timeout_ms ? opt->timeout_ms : 5000;
	if (v->mode != DMARC_MODE_TREEWALK) {
		path = opt && opt->psl_path ? opt->psl_path : DMARC_PSL_DEFAULT;
		if ((v->psl = psl_load_file(path)) == NULL) {
			snprintf(err, errlen,
			    "PublicSuffixList: cannot load '%s'", path);
			free(v);
			return NULL;
		}
	}
	return v;
}

/* dmarc_verifier_free - free v (NULL: no-op) */
void
dmarc_verifier_free(struct dmarc_verifier *v)
{
	if (v == NULL)
		return;
	psl_free(v->psl);
	free(v);
}

/* dmarc_psl_org - the registrable domain of d by the list (RFC 7489
 * 3.2); d itself when d is a public suffix */
void
dmarc_psl_org(
    const struct dmarc_verifier *v, const char *d, char *out, size_t outlen)
{
	const char *r = v->psl ? psl_registrable_domain(v->psl, d) : NULL;

	strlcpy(out, r ? r : d, outlen);
}

/* dmarc_check_new - a check of one message */
struct dmarc_check *
dmarc_check_new(struct dmarc_verifier *v, struct dns_group *g)
{
	struct dmarc_check *dc;

	if (v == NULL || (dc = calloc(1, sizeof(*dc))) == NULL)
		return NULL;
	dc->v = v;
	dc->g = g;
	dns_budget_init(&dc->budget, v->timeout_ms);
	return dc;
}

/* dmarc_check_from - keep one From field value */
int
dmarc_check_from(struct dmarc_check *dc, const char *value)
{
	size_t len;

	if (dc == NULL || value == NULL)
		return -1;
	if (dc->nfrom < DMARC_FROM_MAX_FIELDS) {
		/* one octet over the cap is enough to refuse it later */
		len = strnlen(value, DMARC_FROM_MAX_LEN + 1);
		if ((dc->from[dc->nfrom] = malloc(len + 1)) == NULL)
			return -1;
		memcpy(dc->from[dc->nfrom], value, len);
		dc->from[dc->nfrom][len] = '\0';
		dc->fromlen[dc->nfrom] = len;
	}
	dc->nfrom++;
	return 0;
}

/* dmarc_check_start - the author domain, then the policy lookups */
int
dmarc_check_start(struct dmarc_check *dc)
{
	char names[DMARC_WALK_MAX][DMARC_DOMAIN_MAX];
	size_t n;

	if (dc == NULL || dc->started)
		return dc == NULL ? -1 : 0;
	dc->started = true;
	dc->from_st = dmarc_from_domain((const char *const *)dc->from,
	    dc->fromlen, dc->nfrom, dc->domain, sizeof(dc->domain));
	if (dc->from_st != DMARC_FROM_OK)
		return 0;
	if (dc->v->mode == DMARC_MODE_PSL) { /* RFC 7489 6.6.3 */
		strlcpy(names[0], dc->domain, sizeof(names[0]));
		dmarc_psl_org(dc->v, dc->domain, names[1], sizeof(names[1]));
		n = strcmp(names[0], names[1]) == 0 ? 1 : 2;
	} else
		n = dmarc_walk_names(dc->domain, names, DMARC_WALK_MAX);
	if (dmarc_walk_start(&dc->walk, dc->v->res, dc->g, names, n,
	        dc->v->mode != DMARC_MODE_PSL) == -1) {
		dc->nomem = true;
		return -1;
	}
	return 0;
}

/* dmarc_check_advance - take answers in; start the existence probe as
 * soon as the record says it is needed */
void
dmarc_check_advance(struct dmarc_check *dc)
{
	size_t at, i;

	if (dc == NULL || !dc->started || dc->from_st != DMARC_FROM_OK)
		return;
	dmarc_walk_poll(&dc->walk);
	if (dmarc_walk_policy(dc->walk.lv, dc->walk.n, dc->walk.treewalk,
	        &at) == DMARC_WALK_FOUND &&
	    at != AUTHRES_NPOS)
		dmarc_probe_start(dc, at);
	dmarc_hints_start(dc);
	for (i = 0; i < dc->nids; i++)
		if (!dc->ids[i]->joined)
			dmarc_walk_poll(&dc->ids[i]->walk);
}

/* dmarc_check_identifier - note an identifier that may be aligned */
int
dmarc_check_identifier(struct dmarc_check *dc, const char *domain)
{
	char id[DMARC_DOMAIN_MAX];
	size_t i;

	if (dc == NULL || domain == NULL ||
	    !dmarc_domain_normalise(domain, strlen(domain), id, sizeof(id)))
		return 0; /* nothing to align: not an error */
	for (i = 0; i < dc->nhints; i++)
		if (strcmp(dc->hints[i], id) == 0)
			return 0;
	if (dc->nhints < DMARC_MAX_IDS)
		strlcpy(dc->hints[dc->nhints++], id, sizeof(dc->hints[0]));
	if (dc->started)
		dmarc_hints_start(dc);
	return 0;
}

/* dmarc_check_get_result - the result after eom */
enum authres_result
dmarc_check_get_result(const struct dmarc_check *dc)
{
	return dc ? dc->result : AUTHRES_RESULT_NONE;
}

/* dmarc_check_get_policy - the policy that applied */
enum dmarc_policy
dmarc_check_get_policy(const struct dmarc_check *dc)
{
	return dc ? dc->policy : DMARC_POLICY_UNSET;
}

/* dmarc_check_get_disposition - the policy after a fail, else none */
enum dmarc_policy
dmarc_check_get_disposition(const struct dmarc_check *dc)
{
	if (dc == NULL || dc->policy == DMARC_POLICY_UNSET)
		return DMARC_POLICY_UNSET;
	return dc->result == AUTHRES_RESULT_FAIL ? dc->policy
	                                         : DMARC_POLICY_NONE;
}

/* dmarc_check_get_domain - the author domain */
const char *
dmarc_check_get_domain(const struct dmarc_check *dc)
{
	return dc && dc->domain[0] ? dc->domain : NULL;
}

/* dmarc_check_get_policy_domain - where the record was */
const char *
dmarc_check_get_policy_domain(const struct dmarc_check *dc)
{
	return dc && dc->poldomain[0] ? dc->poldomain : NULL;
}

/* dmarc_check_get_org_domain - the author's organizational domain */
const char *
dmarc_check_get_org_domain(const struct dmarc_check *dc)
{
	return dc && dc->org_known ? dc->org : NULL;
}

/* dmarc_check_get_published - the applied record's tags, as published */
int
dmarc_check_get_published(
    const struct dmarc_check *dc, struct dmarc_published *pub)
{
	if (dc == NULL || dc->rec == NULL)
		return -1;
	pub->p = dc->rec->p;
	pub->sp = dc->rec->sp;
	pub->np = dc->rec->np;
	pub->adkim_strict = dc->rec->adkim_strict;
	pub->aspf_strict = dc->rec->aspf_strict;
	pub->testing = dc->rec->testing;
	pub->fo = dc->rec->fo;
	pub->rua = dc->rec->rua;
	return 0;
}

/* dmarc_check_get_aligned - which mechanisms gave an aligned pass */
void
dmarc_check_get_aligned(const struct dmarc_check *dc, bool *spf, bool *dkim)
{
	*spf = dc != NULL && dc->spf_aligned;
	*dkim = dc != NULL && dc->dkim_aligned;
}

/* dmarc_check_free - free dc and cancel its lookups (NULL: no-op) */
void
dmarc_check_free(struct dmarc_check *dc)
{
	size_t i;

	if (dc == NULL)
		return;
	dmarc_walk_cancel(&dc->walk);
	if (dc->probe != NULL)
		dns_query_cancel(dc->probe);
	for (i = 0; i < dc->nids; i++) {
		dmarc_walk_cancel(&dc->ids[i]->walk);
		free(dc->ids[i]);
	}
	for (i = 0; i < DMARC_FROM_MAX_FIELDS; i++)
		free(dc->from[i]);
	free(dc);
}
