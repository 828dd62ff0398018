/*
 * dmarc_align.c - identifier alignment (RFC 9989 4.10.2): strict is the
 * same name; relaxed is the same organizational domain, which for an
 * identifier below the author's organizational domain takes its own tree
 * walk. Those walks start as early as their domain is known (a hint from
 * the caller once the author's record is in, else at end of message, all
 * before the first is joined), at most DMARC_MAX_IDS per message; one
 * that failed, or one over the cap, leaves the alignment unknown.
 */
#include <stdlib.h>
#include <string.h>

#include "dmarc/dmarc_check_int.h"

/* dmarc_org_of - the organizational domain from a finished walk of
 * start, the list standing in where the mode says so; false: unknown */
bool
dmarc_org_of(struct dmarc_check *dc, struct dmarc_walk *w, const char *start,
    char *out, size_t outlen)
{
	bool anchored;

	if (dc->v->mode == DMARC_MODE_PSL) {
		dmarc_psl_org(dc->v, start, out, outlen);
		return true;
	}
	if (dmarc_walk_org(w->lv, w->n, out, outlen, &anchored) !=
	    DMARC_WALK_FOUND)
		return false;
	if (!anchored && dc->v->mode == DMARC_MODE_AUTO)
		dmarc_psl_org(dc->v, start, out, outlen);
	return true;
}

/* under - is d equal to or below parent? */
static bool
under(const char *d, const char *parent)
{
	size_t dl = strlen(d), pl = strlen(parent);

	if (dl == pl)
		return strcmp(d, parent) == 0;
	return dl > pl && d[dl - pl - 1] == '.' &&
	    strcmp(d + dl - pl, parent) == 0;
}

/* id_get - the entry of identifier id, started when new; NULL over the
 * cap or out of memory */
static struct dmarc_id *
id_get(struct dmarc_check *dc, const char *id)
{
	char names[DMARC_WALK_MAX][DMARC_DOMAIN_MAX];
	struct dmarc_id *x;
	size_t i, n;

	for (i = 0; i < dc->nids; i++)
		if (strcmp(dc->ids[i]->domain, id) == 0)
			return dc->ids[i];
	if (dc->nids == DMARC_MAX_IDS || (x = calloc(1, sizeof(*x))) == NULL)
		return NULL;
	strlcpy(x->domain, id, sizeof(x->domain));
	if (dc->v->mode != DMARC_MODE_PSL) {
		n = dmarc_walk_names(id, names, DMARC_WALK_MAX);
		if (dmarc_walk_start(
		        &x->walk, dc->v->res, dc->g, names, n, true) == -1) {
			free(x);
			return NULL;
		}
	}
	dc->ids[dc->nids++] = x;
	return x;
}

/* candidate - the normalised identifier in id when its alignment needs
 * its own organizational domain */
static bool
candidate(struct dmarc_check *dc, const char *raw, bool strict, char *id,
    size_t idlen)
{
	return raw != NULL && !strict && dc->org_known &&
	    dmarc_domain_normalise(raw, strlen(raw), id, idlen) &&
	    strcmp(id, dc->domain) != 0 && under(id, dc->org);
}

/* dmarc_id_prestart - start the walk of an identifier that may need it */
void
dmarc_id_prestart(struct dmarc_check *dc, const char *raw, bool strict)
{
	char id[DMARC_DOMAIN_MAX];

	if (candidate(dc, raw, strict, id, sizeof(id)))
		(void)id_get(dc, id);
}

/* dmarc_hints_start - once the author's record and organizational domain
 * are known, start the walks of the identifiers hinted so far */
void
dmarc_hints_start(struct dmarc_check *dc)
{
	const struct dmarc_record *r;
	size_t at;

	if (dc->nhints == dc->hints_started ||
	    dmarc_walk_policy(dc->walk.lv, dc->walk.n, dc->walk.treewalk,
	        &at) != DMARC_WALK_FOUND ||
	    at == AUTHRES_NPOS || dc->walk.lv[at].state != DMARC_LEVEL_RECORD)
		return;
	if (!dc->org_known &&
	    !(dc->org_known = dmarc_org_of(
	          dc, &dc->walk, dc->domain, dc->org, sizeof(dc->org))))
		return;
	r = &dc->walk.lv[at].rec;
	for (; dc->hints_started < dc->nhints; dc->hints_started++)
		dmarc_id_prestart(dc, dc->hints[dc->hints_started],
		    r->adkim_strict && r->aspf_strict);
}

/* dmarc_aligned - is identifier raw aligned with the author domain? */
enum dmarc_align
dmarc_aligned(struct dmarc_check *dc, const char *raw, bool strict)
{
	char id[DMARC_DOMAIN_MAX];
	struct dmarc_id *x;

	if (raw == NULL ||
	    !dmarc_domain_normalise(raw, strlen(raw), id, sizeof(id)))
		return DMARC_ALIGN_NO;
	if (strcmp(id, dc->domain) == 0)
		return DMARC_ALIGN_YES;
	if (strict)
		return DMARC_ALIGN_NO;
	if (!dc->org_known)
		return DMARC_ALIGN_UNKNOWN;
	if (!under(id, dc->org)) /* its org is a suffix of it */
		return DMARC_ALIGN_NO;
	if ((x = id_get(dc, id)) == NULL)
		return DMARC_ALIGN_UNKNOWN;
	if (!x->joined) {
		if (dc->v->mode != DMARC_MODE_PSL)
			dmarc_walk_join(&x->walk, &dc->budget);
		x->known = dmarc_org_of(
		    dc, &x->walk, x->domain, x->org, sizeof(x->org));
		x->joined = true;
	}
	if (!x->known)
		return DMARC_ALIGN_UNKNOWN;
	return strcmp(x->org, dc->org) == 0 ? DMARC_ALIGN_YES : DMARC_ALIGN_NO;
}
