/*
 * dkim_dns.c - DKIM key lookups through the project resolver. At end of
 * headers (libopendkim's prescreen callback) one TXT query starts per
 * signature that will be verified, shared by signatures naming the same
 * key; libopendkim's key lookup callback, run at end of message, joins it.
 * DNS errors are remembered here: libopendkim alone cannot report them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dkim/dkim_int.h"
#include "util/log.h"

/* dkim_dns_slot - the slot of sig, or NULL */
static struct dkim_slot *
dkim_dns_slot(struct dkim_check *dc, DKIM_SIGINFO *sig)
{
	size_t i;

	for (i = 0; i < dc->nslots; i++)
		if (dc->slots[i].sig == sig)
			return &dc->slots[i];
	return NULL;
}

/* same_key - do two signatures name the same key record? */
static bool
same_key(DKIM_SIGINFO *a, DKIM_SIGINFO *b)
{
	const char *da = (const char *)dkim_sig_getdomain(a);
	const char *db = (const char *)dkim_sig_getdomain(b);
	const char *sa = (const char *)dkim_sig_getselector(a);
	const char *sb = (const char *)dkim_sig_getselector(b);

	return da != NULL && db != NULL && sa != NULL && sb != NULL &&
	    strcasecmp(da, db) == 0 && strcasecmp(sa, sb) == 0;
}

/* slot_start - start the key query of slot i, or share an earlier one */
static void
slot_start(struct dkim_check *dc, size_t i)
{
	struct dkim_slot *s = &dc->slots[i];
	const char *d = (const char *)dkim_sig_getdomain(s->sig);
	const char *sel = (const char *)dkim_sig_getselector(s->sig);
	char name[DKIM_MAX_KEYNAME];
	size_t j;
	int n;

	for (j = 0; j < i; j++) {
		if (dc->slots[j].owner == j &&
		    dc->slots[j].key == DKIM_KEY_PENDING &&
		    same_key(dc->slots[j].sig, s->sig)) {
			s->owner = j;
			s->key = DKIM_KEY_PENDING;
			return;
		}
	}
	n = snprintf(name, sizeof(name), "%s._domainkey.%s",
	    sel != NULL ? sel : "", d != NULL ? d : "");
	if (d == NULL || sel == NULL || n < 0 || (size_t)n >= sizeof(name)) {
		s->key = DKIM_KEY_BADREC;
		return;
	}
	s->query = dns_query_start_in(dc->v->dns, dc->group, name, DNS_T_TXT);
	if (s->query == NULL) {
		s->key = DKIM_KEY_TEMPFAIL;
		strlcpy(s->detail, "out of memory", sizeof(s->detail));
		return;
	}
	s->key = DKIM_KEY_PENDING;
}

/*
 * dkim_dns_prescreen - libopendkim's prescreen callback (in dkim_eoh):
 * mark the signatures beyond maximum_signatures, and those whose d=, s=
 * or i= is not a name, ignored and start a key query for each of the
 * others that parsed. The cap counts signatures that need a key, so
 * unparseable ones cannot push a good one out.
 */
DKIM_CBSTAT
dkim_dns_prescreen(DKIM *dkim, DKIM_SIGINFO **sigs, int nsigs)
{
	struct dkim_check *dc = dkim_get_user_context(dkim);
	size_t i, active = 0;

	if (dc == NULL || nsigs <= 0)
		return DKIM_CBSTAT_CONTINUE;
	dc->slots = calloc((size_t)nsigs, sizeof(*dc->slots));
	if (dc->slots == NULL)
		return DKIM_CBSTAT_ERROR;
	dc->nslots = (size_t)nsigs;
	for (i = 0; i < dc->nslots; i++) {
		dc->slots[i].sig = sigs[i];
		dc->slots[i].owner = i;
		if (dkim_sig_geterror(sigs[i]) != DKIM_SIGERROR_UNKNOWN)
			continue;
		/* RFC 6376 3.5: a d=, s= or i= that is no name is a syntax
		 * error: no key query for it, and it takes no place */
		if ((dc->slots[i].syntax = dkim_syntax_check(sigs[i])) !=
		    NULL) {
			dkim_sig_ignore(sigs[i]);
			continue;
		}
		if (active >= dc->v->opt.maximum_signatures) {
			dc->slots[i].over_limit = true;
			dkim_sig_ignore(sigs[i]);
			continue;
		}
		active++;
		dc->slots[i].active = true;
		slot_start(dc, i);
	}
	return DKIM_CBSTAT_CONTINUE;
}

/* dkim_check_get_domain - the d= of the i-th signature being verified */
const char *
dkim_check_get_domain(const struct dkim_check *dc, size_t i)
{
	size_t j;

	for (j = 0; dc != NULL && j < dc->nslots; j++)
		if (dc->slots[j].active && i-- == 0)
			return (const char *)dkim_sig_getdomain(
			    dc->slots[j].sig);
	return NULL;
}

/* owner_answer - the joined answer for a slot, joining on first use */
static struct dns_answer *
owner_answer(struct dkim_check *dc, struct dkim_slot *s)
{
	struct dkim_slot *o = &dc->slots[s->owner];

	if (o->query != NULL) {
		o->answer = dns_query_join_within(o->query, &dc->budget);
		o->query = NULL;
	}
	return o->answer;
}

/*
 * dkim_dns_key_lookup - libopendkim's key lookup callback (in dkim_eom):
 * put the key record into buf. A DNS error is TRYAGAIN, which leaves the
 * signature unprocessed; the slot says why.
 */
DKIM_CBSTAT
dkim_dns_key_lookup(
    DKIM *dkim, DKIM_SIGINFO *sig, unsigned char *buf, size_t buflen)
{
	struct dkim_check *dc = dkim_get_user_context(dkim);
	struct dkim_slot *s;
	struct dns_answer *a;

	if (dc == NULL || (s = dkim_dns_slot(dc, sig)) == NULL)
		return DKIM_CBSTAT_ERROR;
	if (s->key != DKIM_KEY_PENDING && s->key != DKIM_KEY_GOT)
		return s->key == DKIM_KEY_NOTFOUND ? DKIM_CBSTAT_NOTFOUND
		                                   : DKIM_CBSTAT_TRYAGAIN;
	a = owner_answer(dc, s);
	if (a == NULL)
		return DKIM_CBSTAT_ERROR;
	switch (a->status) {
	case DNS_OK:
		/* RFC 6376 3.6.2.2: the strings are already concatenated;
		 * with several records the first is used */
		buf[0] = '\0';
		if (a->count < 1 || a->rr[0].u.txt.len >= buflen ||
		    memchr(a->rr[0].u.txt.data, '\0', a->rr[0].u.txt.len) !=
		        NULL) {
			s->key = DKIM_KEY_BADREC;
			return DKIM_CBSTAT_CONTINUE; /* empty: a syntax error */
		}
		memcpy(buf, a->rr[0].u.txt.data, a->rr[0].u.txt.len);
		buf[a->rr[0].u.txt.len] = '\0';
		s->key = DKIM_KEY_GOT;
		return DKIM_CBSTAT_CONTINUE;
	case DNS_NXDOMAIN:
	case DNS_NODATA:
		s->key = DKIM_KEY_NOTFOUND;
		return DKIM_CBSTAT_NOTFOUND;
	default:
		s->key = DKIM_KEY_TEMPFAIL;
		s->time_limit =
		    a->status == DNS_TEMPFAIL && dns_budget_spent(&dc->budget);
		if (s->time_limit)
			snprintf(s->detail, sizeof(s->detail),
			    "DKIM time limit of %u ms reached",
			    dc->budget.limit_ms);
		else
			strlcpy(s->detail, a->detail, sizeof(s->detail));
		return DKIM_CBSTAT_TRYAGAIN;
	}
}

/* dkim_dns_cancel_all - forget queries never joined and free answers */
void
dkim_dns_cancel_all(struct dkim_check *dc)
{
	size_t i;

	for (i = 0; i < dc->nslots; i++) {
		if (dc->slots[i].query != NULL)
			dns_query_cancel(dc->slots[i].query);
		dc->slots[i].query = NULL;
		if (dc->slots[i].answer != NULL)
			dns_answer_free(dc->slots[i].answer);
		dc->slots[i].answer = NULL;
	}
}
