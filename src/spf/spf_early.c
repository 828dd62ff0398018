/*
 * spf_early.c - SPF lookups started before the evaluation needs them. The
 * record of each identity starts at HELO and MAIL FROM; whenever the
 * session looks (advance, which never blocks) and a record has arrived,
 * the names its terms will ask for start too (include and redirect
 * targets, a, mx and exists names without macros, the addresses of MX
 * names), SPF_EARLY_DEPTH levels down, at most SPF_MAX_EARLY lookups in
 * all. The evaluation takes these answers directly, whatever their TTL
 * (RFC 1035 3.2.1: TTL 0 is good for the transaction in progress), and
 * looks up anything else within the transaction's time budget.
 */
#include <sys/socket.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spf/spf_int.h"

/* early_find - the entry for qname/type, or NULL */
static struct spf_early *
early_find(struct spf_eval *ev, const char *qname, enum dns_type type)
{
	size_t i;

	for (i = 0; i < ev->nearly; i++)
		if (ev->early[i].type == type &&
		    strcasecmp(ev->early[i].name, qname) == 0)
			return &ev->early[i];
	return NULL;
}

/* early_remove - free entry i and close the gap */
static void
early_remove(struct spf_eval *ev, size_t i)
{
	struct spf_early *e = &ev->early[i];

	dns_query_cancel(e->query);
	dns_answer_free(e->answer);
	free(e->name);
	ev->nearly--;
	memmove(e, e + 1, (ev->nearly - i) * sizeof(*e));
	memset(&ev->early[ev->nearly], 0, sizeof(*e));
}

/* spf_early_start - start name/type for owner unless it is under way */
int
spf_early_start(struct spf_eval *ev, const void *owner, const char *name,
    enum dns_type type, unsigned depth)
{
	char q[SPF_QNAME_BUF];
	struct spf_early *e;

	if (ev->nearly >= SPF_MAX_EARLY ||
	    !spf_query_name(name, q, sizeof(q)) || early_find(ev, q, type))
		return 0; /* the evaluation will ask itself */
	e = &ev->early[ev->nearly];
	memset(e, 0, sizeof(*e));
	if ((e->name = strdup(q)) == NULL)
		return -1;
	if ((e->query = dns_query_start_in(ev->dns, ev->group, q, type)) ==
	    NULL) {
		free(e->name);
		e->name = NULL;
		return -1;
	}
	e->owner = owner;
	e->type = type;
	e->depth = depth;
	ev->nearly++;
	return 0;
}

/* spf_early_take - hand the answer for qname/type to the evaluation
 * (NULL: none was started; the caller frees it) */
static struct dns_answer *
spf_early_take(struct spf_eval *ev, const char *qname, enum dns_type type)
{
	struct spf_early *e = early_find(ev, qname, type);
	struct dns_answer *a;

	if (e == NULL)
		return NULL;
	if (e->answer != NULL)
		a = e->answer;
	else
		a = dns_query_join_within(e->query, &ev->budget);
	e->answer = NULL;
	e->query = NULL;
	early_remove(ev, (size_t)(e - ev->early));
	return a;
}

/* spf_early_drop - forget every lookup owner started */
void
spf_early_drop(struct spf_eval *ev, const void *owner)
{
	size_t i = 0;

	while (i < ev->nearly)
		if (ev->early[i].owner == owner)
			early_remove(ev, i);
		else
			i++;
}

/* term_target - the domain-spec of a term that names one ("include:d",
 * "a:d/24", "mx", "redirect=d"...) into out, the record's owner when the
 * term has none; the type to ask, or 0 when there is nothing to start
 * (no such term, or a macro we cannot expand before the evaluation) */
static enum dns_type
term_target(const char *t, size_t n, const char *owner, int family, char *out,
    size_t outsz)
{
	static const struct {
		const char *word;
		size_t len;
		int type; /* 0: the client family's address type */
	} terms[] = {
		{ "include:", 8, DNS_T_TXT },
		{ "redirect=", 9, DNS_T_TXT },
		{ "exists:", 7, DNS_T_A },
		{ "mx", 2, DNS_T_MX },
		{ "a", 1, 0 },
	};
	size_t i, len;

	if (n > 0 && strchr("+-~?", t[0]) != NULL) {
		t++;
		n--;
	}
	for (i = 0; i < sizeof(terms) / sizeof(terms[0]); i++) {
		len = terms[i].len;
		if (n < len || strncasecmp(t, terms[i].word, len) != 0)
			continue;
		if (n > len && terms[i].type != DNS_T_TXT &&
		    terms[i].type != DNS_T_A && t[len] != ':' && t[len] != '/')
			continue; /* "all", "aaa", "mxx": not this term */
		t += len;
		n -= len;
		if (n > 0 && t[0] == ':') {
			t++;
			n--;
		}
		len = strcspn(t, "/");
		if (len > n)
			len = n;
		if (len == 0)
			snprintf(out, outsz, "%s", owner);
		else
			snprintf(out, outsz, "%.*s", (int)len, t);
		if (memchr(out, '%', strlen(out)) != NULL)
			return 0;
		if (terms[i].type != 0)
			return (enum dns_type)terms[i].type;
		return family == AF_INET6 ? DNS_T_AAAA : DNS_T_A;
	}
	return 0;
}

/* expand_record - start the names the terms of a record will need */
static void
expand_record(struct spf_eval *ev, const struct spf_early *e, int family)
{
	const struct dns_answer *a = e->answer;
	char target[SPF_NAME_BUF];
	const char *p, *end, *t;
	enum dns_type type;
	int i = spf_record_select(a);

	if (i < 0 || memchr(a->rr[i].u.txt.data, '\0', a->rr[i].u.txt.len))
		return;
	p = a->rr[i].u.txt.data;
	end = p + a->rr[i].u.txt.len;
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		for (t = p; p < end && *p != ' '; p++)
			;
		type = term_target(t, (size_t)(p - t), e->name, family, target,
		    sizeof(target));
		if (type != 0)
			(void)spf_early_start(
			    ev, e->owner, target, type, e->depth + 1);
	}
}

/* expand_mx - start the address lookups of the MX names */
static void
expand_mx(struct spf_eval *ev, const struct spf_early *e, int family)
{
	enum dns_type type = family == AF_INET6 ? DNS_T_AAAA : DNS_T_A;
	size_t i;

	for (i = 0; i < e->answer->count && i < SPF_MAX_NAMES; i++)
		(void)spf_early_start(ev, e->owner,
		    e->answer->rr[i].u.mx.exchange, type, e->depth + 1);
}

/* spf_early_advance - look one level further where answers are in */
void
spf_early_advance(struct spf_eval *ev, int family)
{
	struct spf_early *e;
	size_t i;

	/* entries appended here are looked at in the same pass */
	for (i = 0; i < ev->nearly; i++) {
		e = &ev->early[i];
		if (e->expanded || e->depth >= SPF_EARLY_DEPTH ||
		    (e->type != DNS_T_TXT && e->type != DNS_T_MX))
			continue;
		if (e->answer == NULL) {
			if (!dns_query_ready(e->query))
				continue;
			e->answer = dns_query_join(e->query);
			e->query = NULL;
		}
		e->expanded = true;
		if (e->answer->status != DNS_OK)
			continue;
		if (e->type == DNS_T_TXT)
			expand_record(ev, e, family);
		else
			expand_mx(ev, e, family);
	}
}

/* spf_fetch - the answer for the layer: early, else within the budget */
struct dns_answer *
spf_fetch(
    struct spf_eval *ev, const char *qname, enum dns_type type, bool in_exp)
{
	struct dns_answer *a = spf_early_take(ev, qname, type);
	char why[64];

	if (a == NULL)
		a = dns_query_join_within(
		    dns_query_start_in(ev->dns, ev->group, qname, type),
		    &ev->budget);
	if (!in_exp && a->status == DNS_TEMPFAIL &&
	    dns_budget_spent(&ev->budget)) {
		snprintf(why, sizeof(why), "SPF time limit of %u ms reached",
		    ev->budget.limit_ms);
		spf_eval_set(ev, SPF_VERDICT_TEMPERROR, why);
	}
	return a;
}
