/*
 * dmarc_discover.c - policy discovery and the organizational domain by
 * the DNS tree walk (RFC 9989 4.10): at most 8 names, the author domain
 * first, then at most 7 labels, then one label less each step; the walk
 * ends at a record with psd=y or psd=n. All lookups of a walk start at
 * once and are joined in order. A name whose lookup failed is unknown,
 * and an outcome that depends on it is UNKNOWN (temperror), never a
 * guess. The public-suffix-list mode only uses the level records here.
 */
#include <stdio.h>
#include <string.h>

#include "dmarc/dmarc_int.h"

/* labels - how many labels a domain has */
static size_t
labels(const char *d)
{
	size_t n = 1;

	for (; *d != '\0'; d++)
		if (*d == '.')
			n++;
	return n;
}

/* rightmost - the suffix of d made of its last k labels */
static const char *
rightmost(const char *d, size_t k)
{
	size_t n = labels(d);

	while (n > k && (d = strchr(d, '.')) != NULL) {
		d++;
		n--;
	}
	return d;
}

/* dmarc_walk_names - the names of the walk (RFC 9989 4.10 steps 4-8) */
size_t
dmarc_walk_names(const char *domain, char names[][DMARC_DOMAIN_MAX], size_t max)
{
	size_t n = 0, x = labels(domain);
	const char *d = domain;

	if (max == 0 || strlen(domain) >= DMARC_DOMAIN_MAX)
		return 0;
	strlcpy(names[n++], d, DMARC_DOMAIN_MAX);
	if (x >= 8) { /* step 5: jump to 7 labels */
		d = rightmost(domain, 7);
		x = 7;
		if (n < max)
			strlcpy(names[n++], d, DMARC_DOMAIN_MAX);
	}
	while (x > 1 && n < max && (d = strchr(d, '.')) != NULL) {
		d++;
		x--;
		strlcpy(names[n++], d, DMARC_DOMAIN_MAX);
	}
	return n;
}

/* select - RFC 9989 4.10.2 over the levels: the organizational domain
 * (NULL: no record anchors it) and the level of the record that is its
 * policy, the public suffix domain's after a psd=y when the organization
 * publishes none (4.10.1) */
static enum dmarc_walk_status
select_org(
    const struct dmarc_level *lv, size_t n, const char **org, size_t *pol)
{
	size_t i, j, cand = AUTHRES_NPOS;

	*org = NULL;
	*pol = AUTHRES_NPOS;
	for (i = 0; i < n && *org == NULL; i++) {
		if (lv[i].state == DMARC_LEVEL_PENDING ||
		    lv[i].state == DMARC_LEVEL_TEMPFAIL)
			return DMARC_WALK_UNKNOWN;
		if (lv[i].state != DMARC_LEVEL_RECORD)
			continue;
		if (lv[i].rec.psd == DMARC_PSD_U) {
			cand = i; /* rule 3: the fewest labels wins */
			continue;
		}
		*pol = i;
		if (lv[i].rec.psd == DMARC_PSD_N || i == 0) {
			*org = lv[i].name; /* rule 1; a PSD mailing itself */
			break;
		}
		*org = rightmost(lv[0].name, labels(lv[i].name) + 1); /* 2 */
		for (j = 0; j < i; j++)
			if (strcmp(lv[j].name, *org) == 0 &&
			    (lv[j].state == DMARC_LEVEL_RECORD ||
			        lv[j].state == DMARC_LEVEL_INVALID))
				*pol = j;
	}
	if (*org == NULL && cand != AUTHRES_NPOS) {
		*org = lv[cand].name;
		*pol = cand;
	}
	return DMARC_WALK_FOUND;
}

/* dmarc_walk_org - the organizational domain (RFC 9989 4.10.2) */
enum dmarc_walk_status
dmarc_walk_org(const struct dmarc_level *lv, size_t n, char *out, size_t outlen,
    bool *anchored)
{
	const char *org;
	size_t pol;

	*anchored = false;
	if (select_org(lv, n, &org, &pol) == DMARC_WALK_UNKNOWN)
		return DMARC_WALK_UNKNOWN;
	*anchored = org != NULL;
	if (org == NULL)
		org = n > 0 ? lv[0].name : ""; /* the initial target */
	strlcpy(out, org, outlen);
	return DMARC_WALK_FOUND;
}

/* dmarc_walk_policy - the policy record (RFC 9989 4.10.1): the author
 * domain's, else its organizational domain's, else its public suffix
 * domain's; without the tree walk (RFC 7489), the first found */
enum dmarc_walk_status
dmarc_walk_policy(
    const struct dmarc_level *lv, size_t n, bool treewalk, size_t *at)
{
	const char *org;
	size_t i;

	*at = AUTHRES_NPOS;
	for (i = 0; i < n && (i == 0 || !treewalk); i++) {
		if (lv[i].state == DMARC_LEVEL_PENDING ||
		    lv[i].state == DMARC_LEVEL_TEMPFAIL)
			return DMARC_WALK_UNKNOWN;
		if (lv[i].state == DMARC_LEVEL_RECORD ||
		    lv[i].state == DMARC_LEVEL_INVALID) {
			*at = i;
			return DMARC_WALK_FOUND;
		}
	}
	if (!treewalk || n == 0)
		return DMARC_WALK_FOUND;
	return select_org(lv, n, &org, at);
}

/* dmarc_level_set - one level from one TXT answer */
void
dmarc_level_set(struct dmarc_level *lv, const struct dns_answer *a)
{
	struct dmarc_record rec;
	size_t i, found = 0;
	const char *why = NULL;

	lv->several = false;
	lv->invalid = NULL;
	if (a->status == DNS_NXDOMAIN || a->status == DNS_NODATA) {
		lv->state = DMARC_LEVEL_NONE;
		return;
	}
	if (a->status != DNS_OK) {
		lv->state = DMARC_LEVEL_TEMPFAIL;
		strlcpy(lv->detail,
		    a->detail[0] ? a->detail : dns_status_name(a->status),
		    sizeof(lv->detail));
		return;
	}
	lv->state = DMARC_LEVEL_NONE;
	for (i = 0; i < a->count; i++) {
		switch (dmarc_record_parse(
		    a->rr[i].u.txt.data, a->rr[i].u.txt.len, &rec, &why)) {
		case DMARC_RECORD_NOT_DMARC:
			continue; /* discarded: does not count */
		case DMARC_RECORD_OK:
			lv->rec = rec;
			lv->invalid = NULL;
			break;
		case DMARC_RECORD_INVALID:
			lv->invalid = why;
			break;
		}
		found++;
	}
	if (found > 1) { /* RFC 9989 4.10 step 2: all discarded */
		lv->several = true;
		lv->invalid = NULL;
	} else if (found == 1)
		lv->state = lv->invalid == NULL ? DMARC_LEVEL_RECORD
		                                : DMARC_LEVEL_INVALID;
}

/* dmarc_walk_start - start every lookup of the walk */
int
dmarc_walk_start(struct dmarc_walk *w, struct dns_resolver *res,
    struct dns_group *g, char names[][DMARC_DOMAIN_MAX], size_t n,
    bool treewalk)
{
	char qname[DMARC_DOMAIN_MAX + 8];
	size_t i;

	memset(w, 0, sizeof(*w));
	w->treewalk = treewalk;
	for (i = 0; i < n && i < DMARC_WALK_MAX; i++) {
		strlcpy(w->lv[i].name, names[i], sizeof(w->lv[i].name));
		w->lv[i].state = DMARC_LEVEL_PENDING;
		w->n = i + 1;
		if ((size_t)snprintf(qname, sizeof(qname), "_dmarc.%s",
		        names[i]) >= sizeof(qname)) {
			/* over 253 octets with the label: no such name */
			w->lv[i].state = DMARC_LEVEL_NONE;
			continue;
		}
		if ((w->q[i] = dns_query_start_in(res, g, qname, DNS_T_TXT)) ==
		    NULL) {
			dmarc_walk_cancel(w);
			return -1;
		}
	}
	return 0;
}

/* take - join level i (within b, NULL: only when ready) */
static void
take(struct dmarc_walk *w, size_t i, struct dns_budget *b)
{
	struct dns_answer *a;

	if (w->q[i] == NULL)
		return;
	a = dns_query_join_within(w->q[i], b);
	w->q[i] = NULL;
	dmarc_level_set(&w->lv[i], a);
	dns_answer_free(a);
}

/* dmarc_walk_poll - take the answers that are here */
void
dmarc_walk_poll(struct dmarc_walk *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->q[i] != NULL && dns_query_ready(w->q[i]))
			take(w, i, NULL);
}

/* dmarc_walk_join - join in order until the walk ends */
void
dmarc_walk_join(struct dmarc_walk *w, struct dns_budget *b)
{
	size_t i, j;

	for (i = 0; i < w->n; i++) {
		take(w, i, b);
		if (w->treewalk && w->lv[i].state == DMARC_LEVEL_RECORD &&
		    w->lv[i].rec.psd != DMARC_PSD_U) {
			for (j = i + 1; j < w->n; j++) { /* step 2/7: stop */
				if (w->q[j] != NULL)
					dns_query_cancel(w->q[j]);
				w->q[j] = NULL;
				w->lv[j].state = DMARC_LEVEL_SKIPPED;
			}
			w->n = i + 1;
		}
	}
}

/* dmarc_walk_cancel - drop what is still on the wire */
void
dmarc_walk_cancel(struct dmarc_walk *w)
{
	size_t i;

	for (i = 0; i < DMARC_WALK_MAX; i++) {
		if (w->q[i] != NULL)
			dns_query_cancel(w->q[i]);
		w->q[i] = NULL;
	}
}
