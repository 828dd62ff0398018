/*
 * rdns.c - iprev (RFC 8601 3, RFC 8601 2.7.3): the PTR names of the client
 * address, each looked up forward (A for IPv4, AAAA for IPv6; an
 * IPv4-mapped IPv6 address counts as IPv4), in parallel; pass when one
 * maps back to the address, compared in binary. At most RDNS_MAX_NAMES
 * names are tried. The PTR lookup starts at connect; the forward lookups
 * start as soon as its answer is seen (advance) and are joined at finish,
 * all of them within one time budget. No PTR data is permerror, not fail
 * (RFC 8601 2.7.3).
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rdns/rdns.h"
#include "util/ipaddr.h"

struct rdns_check {
	struct dns_resolver *res;
	struct dns_group *group;  /* the connection's lookups, or NULL */
	struct dns_budget budget; /* the chain's waiting time */
	char ip[64];              /* as given: the policy.iprev value */
	struct ipaddr addr;       /* family 0: not an IP */
	struct dns_query *ptr;    /* in flight until advance or finish */
	struct dns_answer *ptra;  /* the PTR answer once joined */
	struct dns_query *fwd[RDNS_MAX_NAMES]; /* forward lookups */
	size_t nfwd;                           /* started: the first nfwd */
	bool fwd_started;
	enum authres_result result;
	char *name; /* the verified name after a pass */
	bool finished;
};

/* Why a result is what it is: the comment beside it. */
struct rdns_outcome {
	enum authres_result result;
	char comment[160];
};

/* rdns_check_start - parse ip and start its PTR lookup (see rdns.h) */
struct rdns_check *
rdns_check_start(struct dns_resolver *res, struct dns_group *group,
    const char *ip, unsigned time_limit_ms)
{
	char text[INET6_ADDRSTRLEN], ptr[128];
	struct rdns_check *rc;

	if ((rc = calloc(1, sizeof(*rc))) == NULL)
		return NULL;
	rc->res = res;
	rc->group = group;
	dns_budget_init(&rc->budget, time_limit_ms);
	rc->result = AUTHRES_RESULT_NONE;
	if (ip == NULL || strlcpy(rc->ip, ip, sizeof(rc->ip)) >= sizeof(rc->ip))
		return rc; /* not an address: finish says permerror */
	(void)ipaddr_parse(ip, &rc->addr);
	if (rc->addr.family == 0 ||
	    inet_ntop(rc->addr.family, &rc->addr.u, text, sizeof(text)) ==
	        NULL ||
	    dns_ptr_name(text, ptr, sizeof(ptr)) == -1) {
		rc->addr.family = 0;
		return rc;
	}
	if ((rc->ptr = dns_query_start_in(res, group, ptr, DNS_T_PTR)) ==
	    NULL) {
		free(rc);
		return NULL;
	}
	return rc;
}

/* maps_back - does a forward answer hold the client address? */
static bool
maps_back(const struct rdns_check *rc, const struct dns_answer *a)
{
	size_t i;

	if (a->status != DNS_OK)
		return false;
	for (i = 0; i < a->count; i++) {
		if (rc->addr.family == AF_INET && a->rr[i].type == DNS_T_A &&
		    memcmp(&a->rr[i].u.a, &rc->addr.u.v4,
		        sizeof(rc->addr.u.v4)) == 0)
			return true;
		if (rc->addr.family == AF_INET6 &&
		    a->rr[i].type == DNS_T_AAAA &&
		    memcmp(&a->rr[i].u.aaaa, &rc->addr.u.v6,
		        sizeof(rc->addr.u.v6)) == 0)
			return true;
	}
	return false;
}

/* forward_start - start the forward lookups of the PTR names, in
 * parallel; -1 when out of memory (none left started) */
static int
forward_start(struct rdns_check *rc)
{
	const struct dns_answer *ptr = rc->ptra;
	enum dns_type type = rc->addr.family == AF_INET ? DNS_T_A : DNS_T_AAAA;
	size_t n = ptr->count < RDNS_MAX_NAMES ? ptr->count : RDNS_MAX_NAMES;

	if (rc->fwd_started)
		return 0;
	for (rc->nfwd = 0; rc->nfwd < n; rc->nfwd++) {
		rc->fwd[rc->nfwd] = dns_query_start_in(
		    rc->res, rc->group, ptr->rr[rc->nfwd].u.name, type);
		if (rc->fwd[rc->nfwd] == NULL) {
			while (rc->nfwd-- > 0)
				dns_query_cancel(rc->fwd[rc->nfwd]);
			rc->nfwd = 0;
			return -1;
		}
	}
	rc->fwd_started = true;
	return 0;
}

/* time_limit - the comment when the chain's budget ran out */
static void
time_limit(const struct rdns_check *rc, struct rdns_outcome *out)
{
	snprintf(out->comment, sizeof(out->comment),
	    "iprev time limit of %u ms reached", rc->budget.limit_ms);
}

/* forward - join the forward lookups and decide; -1 when out of memory */
static int
forward(struct rdns_check *rc, struct rdns_outcome *out)
{
	const struct dns_answer *ptr = rc->ptra;
	struct dns_answer *a;
	size_t i, n, temp = 0, bad = 0, nomem = 0;
	char why[sizeof(((struct dns_answer *)0)->detail)] = "";
	const char *failed = "";

	if (forward_start(rc) == -1)
		return -1;
	n = rc->nfwd;
	for (i = 0; i < n; i++) {
		a = dns_query_join_within(rc->fwd[i], &rc->budget);
		rc->fwd[i] = NULL;
		if (rc->name == NULL && maps_back(rc, a) &&
		    (rc->name = strdup(ptr->rr[i].u.name)) == NULL)
			nomem++;
		if (a->status == DNS_TEMPFAIL || a->status == DNS_MALFORMED) {
			a->status == DNS_TEMPFAIL ? temp++ : bad++;
			failed = ptr->rr[i].u.name;
			strlcpy(why, a->detail, sizeof(why));
		} else if (a->status == DNS_NOMEM)
			nomem++;
		dns_answer_free(a);
	}
	rc->nfwd = 0;
	if (rc->name != NULL) {
		out->result = AUTHRES_RESULT_PASS;
		snprintf(out->comment, sizeof(out->comment), "%s", rc->name);
	} else if (nomem > 0)
		return -1;
	else if (temp > 0 || bad > 0) {
		/* a name we could not check might have matched */
		out->result = temp > 0 ? AUTHRES_RESULT_TEMPERROR
		                       : AUTHRES_RESULT_PERMERROR;
		if (temp > 0 && dns_budget_spent(&rc->budget))
			time_limit(rc, out);
		else
			snprintf(out->comment, sizeof(out->comment),
			    "forward lookup of %s failed: %s", failed, why);
	} else {
		out->result = AUTHRES_RESULT_FAIL;
		snprintf(out->comment, sizeof(out->comment),
		    "no PTR name maps back to %s", rc->ip);
	}
	return 0;
}

/* rdns_check_advance - start the forward lookups once the PTR answer is
 * here, without waiting (see rdns.h) */
int
rdns_check_advance(struct rdns_check *rc)
{
	if (rc == NULL || rc->finished || rc->fwd_started)
		return 0;
	if (rc->ptra == NULL) {
		if (rc->ptr == NULL || !dns_query_ready(rc->ptr))
			return 0;
		rc->ptra = dns_query_join(rc->ptr);
		rc->ptr = NULL;
	}
	if (rc->ptra->status != DNS_OK)
		return 0;
	return forward_start(rc);
}

/* decide - join the PTR lookup and work out the outcome; -1 on ENOMEM */
static int
decide(struct rdns_check *rc, struct rdns_outcome *out)
{
	struct dns_answer *a;
	int ret = 0;

	if (rc->addr.family == 0) {
		out->result = AUTHRES_RESULT_PERMERROR;
		snprintf(
		    out->comment, sizeof(out->comment), "not an IP address");
		return 0;
	}
	if (rc->ptra == NULL) {
		rc->ptra = dns_query_join_within(rc->ptr, &rc->budget);
		rc->ptr = NULL;
	}
	a = rc->ptra;
	switch (a->status) {
	case DNS_OK:
		ret = forward(rc, out);
		break;
	case DNS_NXDOMAIN:
	case DNS_NODATA:
		/* RFC 8601 2.7.3: no PTR data is a permanent error */
		out->result = AUTHRES_RESULT_PERMERROR;
		snprintf(out->comment, sizeof(out->comment),
		    "no PTR record: %s", dns_status_name(a->status));
		break;
	case DNS_TEMPFAIL:
		out->result = AUTHRES_RESULT_TEMPERROR;
		if (dns_budget_spent(&rc->budget))
			time_limit(rc, out);
		else
			snprintf(out->comment, sizeof(out->comment),
			    "PTR lookup failed: %s", a->detail);
		break;
	case DNS_MALFORMED:
		out->result = AUTHRES_RESULT_PERMERROR;
		snprintf(out->comment, sizeof(out->comment),
		    "PTR lookup failed: %s", a->detail);
		break;
	case DNS_NOMEM:
		ret = -1;
		break;
	}
	return ret;
}

/* rdns_check_finish - decide and append one iprev result (see rdns.h) */
int
rdns_check_finish(struct rdns_check *rc, struct authres *ar)
{
	struct rdns_outcome out;
	size_t n;

	if (rc->finished)
		return -1;
	rc->finished = true;
	memset(&out, 0, sizeof(out));
	if (decide(rc, &out) == -1)
		return -1;
	n = authres_result_count(ar);
	if (authres_add_result(ar, "iprev", out.result, NULL) != AUTHRES_OK)
		return -1;
	if (authres_add_prop(ar, "policy", "iprev", rc->ip) != AUTHRES_OK ||
	    authres_add_comment(ar, out.comment) != AUTHRES_OK) {
		(void)authres_remove_result(ar, n); /* ar unchanged */
		return -1;
	}
	rc->result = out.result;
	return 0;
}

/* rdns_check_get_name - the verified name after a pass, else NULL */
const char *
rdns_check_get_name(const struct rdns_check *rc)
{
	return rc->result == AUTHRES_RESULT_PASS ? rc->name : NULL;
}

/* rdns_check_get_result - the result after finish */
enum authres_result
rdns_check_get_result(const struct rdns_check *rc)
{
	return rc->result;
}

/* rdns_check_free - free rc, cancelling a lookup still in flight */
void
rdns_check_free(struct rdns_check *rc)
{
	size_t i;

	if (rc == NULL)
		return;
	dns_query_cancel(rc->ptr);
	for (i = 0; i < rc->nfwd; i++)
		dns_query_cancel(rc->fwd[i]);
	dns_answer_free(rc->ptra);
	free(rc->name);
	free(rc);
}
