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

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spf/spf_int.h"

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
    const struct dns_answer *ans, const char *suffix)
{
	char buf[SPF_NAME_BUF];
	size_t i;

	pending_clear(ev);
	ev->pending_kind = kind;
	for (i = 0; i < ans->count && ev->npending < SPF_MAX_NAMES; i++) {
		const char *n = kind == SPF_PENDING_MX
		    ? ans->rr[i].u.mx.exchange
		    : ans->rr[i].u.name;

		snprintf(buf, sizeof(buf), "%s%s", n, suffix);
		if ((ev->pending[ev->npending] = strdup(buf)) == NULL)
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
rr_fill(SPF_dns_rr_t *rr, const struct dns_answer *ans, size_t max,
    const char *suffix)
{
	char buf[SPF_NAME_BUF];
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
		if (name != NULL) {
			snprintf(buf, sizeof(buf), "%s%s", name, suffix);
			name = buf;
		}
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

/*
 * spf_query_name - name in the resolver's presentation form (odd octets
 * as \\DDD) into out; false when it cannot be a DNS name: a macro can
 * expand to labels over 63 octets or empty ones, and such names do not
 * exist.
 */
bool
spf_query_name(const char *name, char *out, size_t outsz)
{
	size_t len = strlen(name), label = 0, i, o = 0;
	const char *dot;
	unsigned char c;

	if (len > 0 && name[len - 1] == '.')
		len--;
	/* RFC 7208 7.3: drop labels on the left until it fits */
	while (len > 253 && (dot = memchr(name, '.', len)) != NULL) {
		len -= (size_t)(dot + 1 - name);
		name = dot + 1;
	}
	if (len == 0 || len > 253)
		return false;
	for (i = 0; i < len; i++) {
		c = (unsigned char)name[i];
		if (c == '.') {
			if (label == 0)
				return false;
			label = 0;
		} else if (++label > 63)
			return false;
		if (o + 5 >= outsz)
			return false;
		if (c > 0x20 && c < 0x7f && strchr("\\\"();$@", c) == NULL)
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, outsz - o, "\\%03u", c);
	}
	out[o] = '\0';
	return label > 0;
}

/* strip_mark - does name end in the /0 mark of spf_record_rewrite()? If
 * so, cut it off (name is libspf2's copy, which it frees itself) */
static bool
strip_mark(char *buf, size_t bufsz, const char *name)
{
	size_t n = strlen(name), m = strlen(SPF_CIDR0_MARK);

	if (n <= m || n >= bufsz || strcasecmp(name + n - m, SPF_CIDR0_MARK))
		return false;
	memcpy(buf, name, n - m);
	buf[n - m] = '\0';
	return true;
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

/* rr_client - a one-record answer holding the client address: what an
 * a/0 or mx/0 (marked by spf_record_rewrite) matches whenever the name has
 * any address of the client's family */
static SPF_dns_rr_t *
rr_client(
    SPF_dns_server_t *s, struct spf_eval *ev, const char *domain, ns_type type)
{
	SPF_dns_rr_t *rr = rr_new(s, domain, type, NETDB_SUCCESS);

	if (rr != NULL &&
	    SPF_dns_rr_buf_realloc(rr, 0, sizeof(struct in6_addr)) ==
	        SPF_E_SUCCESS) {
		if (type == ns_t_a)
			rr->rr[0]->a = ev->request->ipv4;
		else
			rr->rr[0]->aaaa = ev->request->ipv6;
		rr->num_rr = 1;
	}
	return rr;
}

/* layer_answer - turn ans into what libspf2 expects, applying the
 * limits; mark: the name carried the /0 mark */
static SPF_dns_rr_t *
layer_answer(SPF_dns_server_t *s, struct spf_eval *ev, const char *domain,
    ns_type type, const struct dns_answer *ans, enum spf_pending_kind sub,
    bool mark)
{
	SPF_dns_rr_t *rr;
	const char *suffix = mark ? SPF_CIDR0_MARK : "";
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
	if (mark && (type == ns_t_a || type == ns_t_aaaa))
		return rr_client(s, ev, domain, type);
	if (type == ns_t_mx)
		pending_set(ev, SPF_PENDING_MX, ans, suffix);
	else if (type == ns_t_ptr)
		pending_set(ev, SPF_PENDING_PTR, ans, "");
	if ((rr = rr_new(s, domain, type, NETDB_SUCCESS)) != NULL)
		rr_fill(rr, ans, type == ns_t_ptr ? SPF_MAX_NAMES : ans->count,
		    suffix);
	return rr;
}

/* qtype_of - our type for libspf2's, or 0 for one it should not ask */
static enum dns_type
qtype_of(ns_type type)
{
	switch (type) {
	case ns_t_a:
		return DNS_T_A;
	case ns_t_aaaa:
		return DNS_T_AAAA;
	case ns_t_mx:
		return DNS_T_MX;
	case ns_t_ptr:
		return DNS_T_PTR;
	default:
		return 0;
	}
}

/* layer_lookup - libspf2's lookup hook: every A, AAAA, MX, PTR query */
static SPF_dns_rr_t *
layer_lookup(
    SPF_dns_server_t *s, const char *domain, ns_type type, int should_cache)
{
	struct spf_eval *ev = s->hook;
	enum spf_pending_kind sub = SPF_PENDING_NONE;
	enum dns_type qtype = qtype_of(type);
	char plain[SPF_NAME_BUF], q[SPF_QNAME_BUF];
	struct dns_answer *ans;
	SPF_dns_rr_t *rr;
	bool mark;

	(void)should_cache; /* the resolver caches everything */
	if (ev->in_exp)     /* %{p} of an explanation: no limits, no errors */
		sub = SPF_PENDING_PTR;
	else if (ev->verdict != SPF_VERDICT_NONE)
		return rr_new(s, domain, type, TRY_AGAIN);
	else if (pending_take(ev, domain, type))
		sub = ev->pending_kind;
	else {
		pending_clear(ev);
		if (!count_term(ev))
			return rr_new(s, domain, type, TRY_AGAIN);
	}
	if (qtype == 0)
		return rr_new(s, domain, type, NO_DATA);
	mark = strip_mark(plain, sizeof(plain), domain);
	if (!spf_query_name(mark ? plain : domain, q, sizeof(q))) {
		if (sub == SPF_PENDING_NONE && !count_void(ev))
			return rr_new(s, domain, type, TRY_AGAIN);
		return rr_new(s, domain, type, HOST_NOT_FOUND);
	}
	ans = spf_fetch(ev, q, qtype, ev->in_exp);
	rr = layer_answer(s, ev, domain, type, ans, sub, mark);
	dns_answer_free(ans);
	return rr;
}

/* client_text - the client address of req as text */
static void
client_text(const SPF_request_t *req, char *buf, size_t bufsz)
{
	if (req->client_ver == AF_INET)
		inet_ntop(AF_INET, &req->ipv4, buf, bufsz);
	else
		inet_ntop(AF_INET6, &req->ipv6, buf, bufsz);
}

/*
 * fetch_record - the SPF record of domain, checked and rewritten for
 * libspf2 (caller frees), or NULL with the verdict set (RFC 7208 4.4,
 * 4.5); top: the first record, whose absence is "none"
 */
static char *
fetch_record(struct spf_eval *ev, const char *domain, bool top)
{
	enum spf_verdict none = top
	    ? SPF_VERDICT_NORECORD
	    : SPF_VERDICT_PERMERROR; /* include or redirect to nothing */
	struct dns_answer *ans;
	char *txt = NULL, why[96], q[SPF_QNAME_BUF], ip[INET6_ADDRSTRLEN];
	size_t sz = SPF_MAX_RECORD * 2;
	int i;

	if (!spf_query_name(domain, q, sizeof(q))) {
		spf_eval_set(ev, none, "no SPF record");
		return NULL;
	}
	ans = spf_fetch(ev, q, DNS_T_TXT, false);
	if (ev->verdict != SPF_VERDICT_NONE) { /* the time limit ran out */
		dns_answer_free(ans);
		return NULL;
	}
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
	else if ((txt = malloc(sz)) == NULL)
		spf_eval_set(ev, SPF_VERDICT_TEMPERROR, "out of memory");
	else {
		client_text(ev->request, ip, sizeof(ip));
		if (!spf_record_rewrite(ans->rr[i].u.txt.data,
		        ans->rr[i].u.txt.len, ev->request->client_ver, ip,
		        domain, txt, sz)) {
			spf_eval_set(
			    ev, SPF_VERDICT_PERMERROR, "record too long");
			free(txt);
			txt = NULL;
		}
	}
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
	char *text = NULL, q[SPF_QNAME_BUF];

	if (!spf_query_name(domain, q, sizeof(q)))
		return NULL;
	ans = spf_fetch(ev, q, DNS_T_TXT, true);
	if (ans->status == DNS_OK && ans->count == 1 &&
	    ans->rr[0].u.txt.len < SPF_MAX_EXP &&
	    memchr(ans->rr[0].u.txt.data, '\0', ans->rr[0].u.txt.len) == NULL &&
	    spf_exp_check(ans->rr[0].u.txt.data, ans->rr[0].u.txt.len))
		text = strndup(ans->rr[0].u.txt.data, ans->rr[0].u.txt.len);
	dns_answer_free(ans);
	return text;
}

/* layer_get_exp - libspf2's hook for exp=: fetch, check, expand (our
 * expansion: libspf2 leaves exp texts unexpanded) */
static SPF_errcode_t
layer_get_exp(
    SPF_server_t *srv, const char *domain, char **bufp, size_t *buflenp)
{
	struct spf_eval *ev = srv->resolver->hook;
	SPF_request_t *req = ev->request;
	struct spf_macro_env env;
	char *text, *nb;
	size_t need;

	ev->exp[0] = '\0';
	if (req == NULL || (text = exp_text(ev, domain)) == NULL)
		return SPF_E_NOT_SPF;
	memset(&env, 0, sizeof(env));
	env.sender = req->env_from;
	env.local = req->env_from_lp;
	env.sender_domain = req->env_from_dp;
	env.domain = req->cur_dom;
	env.helo = req->helo_dom;
	env.receiver = srv->rec_dom;
	env.family = req->client_ver;
	env.a4 = req->ipv4;
	env.a6 = req->ipv6;
	if (strstr(text, "%{p") != NULL || strstr(text, "%{P") != NULL) {
		ev->in_exp = true; /* %{p}: PTR and address lookups */
		env.client_domain = SPF_request_get_client_dom(req);
		ev->in_exp = false;
	}
	spf_macro_expand(text, &env, ev->exp, sizeof(ev->exp));
	free(text);
	need = strlen(ev->exp) + 1;
	if (*bufp == NULL || *buflenp < need) {
		if ((nb = realloc(*bufp, need)) == NULL)
			return SPF_E_NO_MEMORY;
		*bufp = nb;
		*buflenp = need;
	}
	memcpy(*bufp, ev->exp, need);
	return SPF_E_SUCCESS;
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
