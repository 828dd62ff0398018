/*
 * spf_dns.c - the libspf2 DNS layer (an SPF_dns_server_t) over the project
 * resolver. It sees every lookup of one evaluation and so enforces what
 * libspf2 does not (RFC 7208 4.6.4): 10 DNS-querying terms in all,
 * includes included; 2 void lookups; more than 10 MX names a permerror;
 * only the first 10 PTR names looked at. It also fetches and checks the
 * SPF record itself (4.4, 4.5, syntax) and the exp= text (6.2). When it
 * decides the outcome it records a verdict and answers "try again", which
 * makes libspf2 stop; spf_check.c then reports the verdict.
 */
#include <sys/types.h>

#include <netinet/in.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spf/spf_int.h"

/* libspf2 keeps a macro's data right behind its header (spf_internal.h) */
#define SPF_MACRO_DATA(m) ((SPF_data_t *)((char *)(m) + sizeof(SPF_macro_t)))

/* spf_eval_set - the first verdict wins; why says it for the header */
void
spf_eval_set(struct spf_eval *ev, enum spf_verdict v, const char *why)
{
	if (ev->verdict != SPF_VERDICT_NONE)
		return;
	ev->verdict = v;
	strlcpy(ev->why, why, sizeof(ev->why));
}

/* pending_clear - forget the MX or PTR names of the last term */
static void
pending_clear(struct spf_eval *ev)
{
	size_t i;

	for (i = 0; i < ev->npending; i++) {
		free(ev->pending[i]);
		ev->pending[i] = NULL;
	}
	ev->npending = ev->ipending = 0;
	ev->pending_kind = SPF_PENDING_NONE;
}

/* spf_eval_reset - fresh counters for one evaluation of req */
void
spf_eval_reset(struct spf_eval *ev, SPF_request_t *req)
{
	pending_clear(ev);
	ev->request = req;
	ev->terms = ev->voids = ev->records = 0;
	ev->verdict = SPF_VERDICT_NONE;
	ev->why[0] = '\0';
	ev->exp[0] = '\0';
}

/* pending_take - is this address lookup the next name of an mx or ptr
 * term (not a term of its own)? */
static bool
pending_take(struct spf_eval *ev, const char *domain, ns_type type)
{
	if (ev->pending_kind == SPF_PENDING_NONE ||
	    (type != ns_t_a && type != ns_t_aaaa))
		return false;
	while (ev->ipending < ev->npending) {
		if (strcasecmp(ev->pending[ev->ipending++], domain) == 0)
			return true;
	}
	return false;
}

/* pending_set - remember the names an MX or PTR answer gave */
static void
pending_set(struct spf_eval *ev, enum spf_pending_kind kind,
    const struct dns_answer *ans)
{
	size_t i;

	pending_clear(ev);
	ev->pending_kind = kind;
	for (i = 0; i < ans->count && ev->npending < SPF_MAX_NAMES; i++) {
		const char *n = kind == SPF_PENDING_MX
		    ? ans->rr[i].u.mx.exchange
		    : ans->rr[i].u.name;

		if ((ev->pending[ev->npending] = strdup(n)) == NULL)
			break;
		ev->npending++;
	}
}

/* rr_new - an answer for libspf2 with no records and herrno */
static SPF_dns_rr_t *
rr_new(SPF_dns_server_t *s, const char *domain, ns_type type, int herrno)
{
	/* libspf2 aborts on NULL: there is no way to say "no memory" */
	return SPF_dns_rr_new_init(s, domain, type, 0, herrno);
}

/* rr_fill - copy the records of ans into rr (at most max) */
static void
rr_fill(SPF_dns_rr_t *rr, const struct dns_answer *ans, size_t max)
{
	size_t i;
	int n = 0;

	for (i = 0; i < ans->count && i < max; i++) {
		const struct dns_rr *r = &ans->rr[i];
		const char *name = NULL;
		size_t len;

		if (r->type == DNS_T_MX)
			name = r->u.mx.exchange;
		else if (r->type == DNS_T_PTR)
			name = r->u.name;
		len = name ? strlen(name) + 1 : sizeof(struct in6_addr);
		if (SPF_dns_rr_buf_realloc(rr, n, len) != SPF_E_SUCCESS)
			break;
		if (r->type == DNS_T_A)
			rr->rr[n]->a = r->u.a;
		else if (r->type == DNS_T_AAAA)
			rr->rr[n]->aaaa = r->u.aaaa;
		else if (name != NULL)
			memcpy(rr->rr[n]->ptr, name, len);
		else
			continue;
		n++;
	}
	rr->num_rr = n;
}

/* lookup_name_ok - can name be asked at all? A macro can expand to
 * labels over 63 octets or empty ones: such names do not exist. */
static bool
lookup_name_ok(const char *name)
{
	size_t len = strlen(name), label = 0, i;

	if (len > 0 && name[len - 1] == '.')
		len--;
	if (len == 0 || len > 253)
		return false;
	for (i = 0; i < len; i++) {
		if (name[i] != '.') {
			if (++label > 63)
				return false;
		} else if (label == 0)
			return false;
		else
			label = 0;
	}
	return label > 0;
}

/* count_term - one more DNS-querying term (RFC 7208 4.6.4); false when
 * over the limit */
static bool
count_term(struct spf_eval *ev)
{
	if (++ev->terms <= SPF_MAX_TERMS)
		return true;
	spf_eval_set(
	    ev, SPF_VERDICT_PERMERROR, "more than 10 DNS-querying terms");
	return false;
}

/* count_void - one more void lookup; false when over the limit */
static bool
count_void(struct spf_eval *ev)
{
	if (++ev->voids <= SPF_MAX_VOID)
		return true;
	spf_eval_set(ev, SPF_VERDICT_PERMERROR, "more than 2 void lookups");
	return false;
}

/* layer_answer - turn ans into what libspf2 expects, applying the limits */
static SPF_dns_rr_t *
layer_answer(SPF_dns_server_t *s, struct spf_eval *ev, const char *domain,
    ns_type type, const struct dns_answer *ans, enum spf_pending_kind sub)
{
	SPF_dns_rr_t *rr;
	bool is_void = ans->status == DNS_NXDOMAIN ||
	    ans->status == DNS_NODATA ||
	    (ans->status == DNS_OK && ans->count == 0);

	if (ans->status != DNS_OK && !is_void) {
		/* RFC 7208 5.5: a DNS error in ptr means no match */
		if (type == ns_t_ptr || sub == SPF_PENDING_PTR)
			return rr_new(s, domain, type, NO_DATA);
		spf_eval_set(ev, SPF_VERDICT_TEMPERROR, "DNS failure");
		return rr_new(s, domain, type, TRY_AGAIN);
	}
	if (is_void) {
		if (sub == SPF_PENDING_NONE && !count_void(ev))
			return rr_new(s, domain, type, TRY_AGAIN);
		return rr_new(s, domain, type,
		    ans->status == DNS_NXDOMAIN ? HOST_NOT_FOUND : NO_DATA);
	}
	if (type == ns_t_mx && ans->count > SPF_MAX_NAMES) {
		spf_eval_set(
		    ev, SPF_VERDICT_PERMERROR, "more than 10 MX names");
		return rr_new(s, domain, type, TRY_AGAIN);
	}
	if (type == ns_t_mx)
		pending_set(ev, SPF_PENDING_MX, ans);
	else if (type == ns_t_ptr)
		pending_set(ev, SPF_PENDING_PTR, ans);
	if ((rr = rr_new(s, domain, type, NETDB_SUCCESS)) != NULL)
		rr_fill(rr, ans, type == ns_t_ptr ? SPF_MAX_NAMES : ans->count);
	return rr;
}

/* layer_lookup - libspf2's lookup hook: every A, AAAA, MX, PTR query */
static SPF_dns_rr_t *
layer_lookup(
    SPF_dns_server_t *s, const char *domain, ns_type type, int should_cache)
{
	struct spf_eval *ev = s->hook;
	enum spf_pending_kind sub = SPF_PENDING_NONE;
	enum dns_type qtype;
	struct dns_answer *ans;
	SPF_dns_rr_t *rr;

	(void)should_cache; /* the resolver caches everything */
	if (ev->verdict != SPF_VERDICT_NONE)
		return rr_new(s, domain, type, TRY_AGAIN);
	if (pending_take(ev, domain, type))
		sub = ev->pending_kind;
	else {
		pending_clear(ev);
		if (!count_term(ev))
			return rr_new(s, domain, type, TRY_AGAIN);
	}
	switch (type) {
	case ns_t_a:
		qtype = DNS_T_A;
		break;
	case ns_t_aaaa:
		qtype = DNS_T_AAAA;
		break;
	case ns_t_mx:
		qtype = DNS_T_MX;
		break;
	case ns_t_ptr:
		qtype = DNS_T_PTR;
		break;
	default:
		return rr_new(s, domain, type, NO_DATA);
	}
	if (!lookup_name_ok(domain)) {
		if (sub == SPF_PENDING_NONE && !count_void(ev))
			return rr_new(s, domain, type, TRY_AGAIN);
		return rr_new(s, domain, type, HOST_NOT_FOUND);
	}
	ans = dns_lookup(ev->dns, domain, qtype);
	rr = layer_answer(s, ev, domain, type, ans, sub);
	dns_answer_free(ans);
	return rr;
}

/* fetch_record - the SPF record of domain as a string (caller frees),
 * or NULL with the verdict set (RFC 7208 4.4, 4.5) */
static char *
fetch_record(struct spf_eval *ev, const char *domain, bool top)
{
	struct dns_answer *ans;
	char *txt = NULL, why[96];
	int i;

	enum spf_verdict none = top
	    ? SPF_VERDICT_NORECORD
	    : SPF_VERDICT_PERMERROR; /* include or redirect to nothing */
	if (!lookup_name_ok(domain)) {
		spf_eval_set(ev, none, "no SPF record");
		return NULL;
	}
	ans = dns_lookup(ev->dns, domain, DNS_T_TXT);
	if (ans->status == DNS_NXDOMAIN || ans->status == DNS_NODATA)
		spf_eval_set(ev, none, "no SPF record");
	else if (ans->status != DNS_OK)
		spf_eval_set(ev, SPF_VERDICT_TEMPERROR, "DNS failure");
	else if ((i = spf_record_select(ans)) == -1)
		spf_eval_set(ev, none, "no SPF record");
	else if (i == -2)
		spf_eval_set(ev, SPF_VERDICT_PERMERROR, "multiple SPF records");
	else if (!spf_record_check(ans->rr[i].u.txt.data, ans->rr[i].u.txt.len,
	             why, sizeof(why)))
		spf_eval_set(ev, SPF_VERDICT_PERMERROR, why);
	else if ((txt = strndup(ans->rr[i].u.txt.data, ans->rr[i].u.txt.len)) ==
	    NULL)
		spf_eval_set(ev, SPF_VERDICT_TEMPERROR, "out of memory");
	dns_answer_free(ans);
	return txt;
}

/* layer_get_spf - libspf2's hook for fetching and compiling a record,
 * at the start and for every include and redirect */
static SPF_errcode_t
layer_get_spf(SPF_server_t *srv, SPF_request_t *req, SPF_response_t *resp,
    SPF_record_t **recp)
{
	struct spf_eval *ev = srv->resolver->hook;
	bool top = ev->records++ == 0;
	SPF_errcode_t err;
	char *txt;

	*recp = NULL;
	pending_clear(ev);
	if (ev->verdict != SPF_VERDICT_NONE || (!top && !count_term(ev)))
		return SPF_E_DNS_ERROR;
	if ((txt = fetch_record(ev, req->cur_dom, top)) == NULL)
		return SPF_E_DNS_ERROR;
	err = SPF_record_compile(srv, resp, recp, txt);
	free(txt);
	if (err != SPF_E_SUCCESS) {
		if (*recp != NULL)
			SPF_record_free(*recp);
		*recp = NULL;
		spf_eval_set(ev, SPF_VERDICT_PERMERROR, SPF_strerror(err));
		return SPF_E_DNS_ERROR;
	}
	return SPF_E_SUCCESS;
}

/* exp_text - the one TXT string of the exp= target, or NULL (RFC 7208
 * 6.2: no record, several, a DNS error or bad syntax: no explanation) */
static char *
exp_text(struct spf_eval *ev, const char *domain)
{
	struct dns_answer *ans;
	char *text = NULL;

	if (!lookup_name_ok(domain))
		return NULL;
	ans = dns_lookup(ev->dns, domain, DNS_T_TXT);
	if (ans->status == DNS_OK && ans->count == 1 &&
	    ans->rr[0].u.txt.len < SPF_MAX_EXP &&
	    memchr(ans->rr[0].u.txt.data, '\0', ans->rr[0].u.txt.len) == NULL &&
	    spf_exp_check(ans->rr[0].u.txt.data, ans->rr[0].u.txt.len))
		text = strndup(ans->rr[0].u.txt.data, ans->rr[0].u.txt.len);
	dns_answer_free(ans);
	return text;
}

/* layer_get_exp - libspf2's hook for exp=: fetch, check, expand */
static SPF_errcode_t
layer_get_exp(
    SPF_server_t *srv, const char *domain, char **bufp, size_t *buflenp)
{
	struct spf_eval *ev = srv->resolver->hook;
	SPF_response_t *resp;
	SPF_macro_t *mac = NULL;
	SPF_errcode_t err;
	char *text;

	ev->exp[0] = '\0';
	/* domain may be *bufp itself, which the expansion overwrites */
	if (ev->request == NULL || (text = exp_text(ev, domain)) == NULL)
		return SPF_E_NOT_SPF;
	if ((resp = SPF_response_new(ev->request)) == NULL) {
		free(text);
		return SPF_E_NO_MEMORY;
	}
	err = SPF_record_compile_macro(srv, resp, &mac, text);
	if (err == SPF_E_SUCCESS)
		err = SPF_record_expand_data(srv, ev->request, resp,
		    SPF_MACRO_DATA(mac), mac->macro_len, bufp, buflenp);
	if (mac != NULL)
		SPF_macro_free(mac);
	SPF_response_free(resp);
	free(text);
	if (err == SPF_E_SUCCESS && *bufp != NULL)
		strlcpy(ev->exp, *bufp, sizeof(ev->exp));
	return err;
}

/* spf_dns_layer_init - set up s as our layer for the evaluation ev; no
 * destructor: s lives inside struct spf_check */
void
spf_dns_layer_init(SPF_dns_server_t *s, struct spf_eval *ev)
{
	memset(s, 0, sizeof(*s));
	s->destroy = NULL;
	s->lookup = layer_lookup;
	s->get_spf = layer_get_spf;
	s->get_exp = layer_get_exp;
	s->add_cache = NULL;
	s->layer_below = NULL;
	s->name = "authmilter";
	s->hook = ev;
}
