/*
 * spf_check.c - SPF (RFC 7208) for the HELO and MAIL FROM identities of one
 * connection. libspf2 evaluates; spf_dns.c feeds it from the project
 * resolver and enforces the limits it lacks. Each connection has its own
 * SPF_server_t, because libspf2's DNS hooks carry no per-request context
 * and the counters must not be shared between threads. Identities that are
 * not domain names (RFC 7208 4.3) give "none" without a lookup; a null
 * sender is checked as postmaster@HELO (2.4) and reported so. The domain
 * is checked in A-label form whatever the local part; what is echoed
 * follows the identity grammar (util/smtpid.h) or is left out, and a
 * comment says what was left out. A loopback client is evaluated like any
 * other: libspf2's "localhost" pass is skipped by running its evaluation
 * steps here.
 */
#include <sys/types.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spf/spf_check.h"
#include "spf/spf_int.h"
#include "util/ipaddr.h"
#include "util/smtpid.h"

#define SPF_MAX_IDENTITY 512 /* octets of a HELO name or MAIL FROM shown */
#define SPF_MAX_LOCAL 64     /* RFC 5321 4.5.3.1.1: longer is postmaster */

struct spf_verifier {
	struct dns_resolver *dns;
	unsigned time_limit_ms;
	char receiver[256];
};

/* One identity: what was given, what libspf2 checks, what came out. */
struct spf_id {
	char *shown;        /* the property value, NULL: left out */
	char note[80];      /* comment on what was left out of it */
	char *sender;       /* local@domain for libspf2, NULL: none */
	const char *domain; /* points into sender */
	bool set;           /* noted by spf_check_start_* */
	bool done;
	enum authres_result result;
	char reason[128];
};

struct spf_check {
	struct spf_verifier *v;
	int family;
	struct in_addr a4;
	struct in6_addr a6;
	SPF_server_t *server;
	SPF_dns_server_t layer;
	struct spf_eval ev;
	char helo[256]; /* for %{h}: "unknown" unless a sane name */
	struct spf_id id_helo, id_mail;
	char exp[SPF_MAX_EXP];
};

/* spf_verifier_new - the process-wide part: resolver and receiver name */
struct spf_verifier *
spf_verifier_new(struct dns_resolver *dns, const struct spf_options *opt,
    char *err, size_t errlen)
{
	struct spf_verifier *v;

	if (dns == NULL) {
		snprintf(err, errlen, "SPF: no resolver");
		return NULL;
	}
	if ((v = calloc(1, sizeof(*v))) == NULL) {
		snprintf(err, errlen, "SPF: out of memory");
		return NULL;
	}
	v->dns = dns;
	v->time_limit_ms = opt != NULL ? opt->time_limit_ms : 0;
	if (opt != NULL && opt->receiver != NULL)
		strlcpy(v->receiver, opt->receiver, sizeof(v->receiver));
	else if (gethostname(v->receiver, sizeof(v->receiver) - 1) != 0)
		strlcpy(v->receiver, "unknown", sizeof(v->receiver));
	/* %{r} goes into explanations: a short host name is fine, odd
	 * octets are not */
	if (v->receiver[strcspn(v->receiver, " \t\r\n;\"\\")] != '\0')
		strlcpy(v->receiver, "unknown", sizeof(v->receiver));
	return v;
}

/* spf_lib_version - the libspf2 this process runs with */
void
spf_lib_version(char *buf, size_t bufsz)
{
	int ma = 0, mi = 0, pl = 0;

	SPF_get_lib_version(&ma, &mi, &pl);
	snprintf(buf, bufsz, "%d.%d.%d", ma, mi, pl);
}

/* spf_verifier_free - free v (NULL: nothing) */
void
spf_verifier_free(struct spf_verifier *v)
{
	free(v);
}

/* id_clear - forget an identity and its early lookups */
static void
id_clear(struct spf_check *sc, struct spf_id *id)
{
	spf_early_drop(&sc->ev, id);
	free(id->shown);
	free(id->sender);
	memset(id, 0, sizeof(*id));
}

/* spf_check_new - one connection's state for client address ip */
struct spf_check *
spf_check_new(struct spf_verifier *v, struct dns_group *group, const char *ip)
{
	struct spf_check *sc;
	struct ipaddr addr;

	if (v == NULL || ip == NULL || (sc = calloc(1, sizeof(*sc))) == NULL)
		return NULL;
	sc->v = v;
	/* RFC 7208 5: an IPv4-mapped address is checked as IPv4 */
	if (!ipaddr_parse(ip, &addr)) {
		free(sc);
		return NULL;
	}
	sc->family = addr.family;
	if (addr.family == AF_INET)
		sc->a4 = addr.u.v4;
	else
		sc->a6 = addr.u.v6;
	strlcpy(sc->helo, "unknown", sizeof(sc->helo));
	sc->ev.dns = v->dns;
	sc->ev.group = group;
	dns_budget_init(&sc->ev.budget, v->time_limit_ms);
	spf_dns_layer_init(&sc->layer, &sc->ev);
	if ((sc->server = SPF_server_new_dns(&sc->layer, 0)) == NULL ||
	    SPF_server_set_rec_dom(sc->server, v->receiver) != SPF_E_SUCCESS) {
		spf_check_free(sc);
		return NULL;
	}
	return sc;
}

/* spf_check_free - free sc and cancel its lookups (NULL: nothing) */
void
spf_check_free(struct spf_check *sc)
{
	if (sc == NULL)
		return;
	id_clear(sc, &sc->id_helo);
	id_clear(sc, &sc->id_mail);
	spf_eval_reset(&sc->ev, NULL);
	if (sc->server != NULL)
		SPF_server_free(sc->server);
	free(sc);
}

/* local_ok - text libspf2 may expand: no controls, 1..max octets */
static bool
local_ok(const char *s, size_t len, size_t max)
{
	size_t i;

	if (len == 0 || len > max)
		return false;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/*
 * id_set - note an identity: shown is what the header says, sender the
 * address checked (local@domain); an ill-formed one keeps sender NULL and
 * gives "none". Starts the TXT lookup of its domain.
 */
static int
id_set(struct spf_check *sc, struct spf_id *id, const char *shown,
    const char *local, size_t llen, const char *domain)
{
	size_t n;

	id_clear(sc, id);
	id->set = true;
	if (shown != NULL &&
	    (id->shown = strndup(shown, SPF_MAX_IDENTITY)) == NULL)
		return -1;
	/* RFC 7208 4.3: no local-part is postmaster; so is one %{l} cannot
	 * carry, which does not make the domain unknown */
	if (!local_ok(local, llen, SPF_MAX_LOCAL)) {
		local = "postmaster";
		llen = 10;
	}
	if (!spf_domain_ok(domain))
		return 0;
	n = llen + 1 + strlen(domain) + 1;
	if ((id->sender = malloc(n)) == NULL)
		return -1;
	snprintf(id->sender, n, "%.*s@%s", (int)llen, local, domain);
	id->domain = id->sender + llen + 1;
	return spf_early_start(&sc->ev, id, id->domain, DNS_T_TXT, 0);
}

/* spf_check_start_helo - note the HELO name and prefetch its record; a
 * U-label name is checked and shown as A-labels, a name that is neither a
 * domain nor an address literal is not shown */
int
spf_check_start_helo(struct spf_check *sc, const char *helo)
{
	char name[SMTPID_MAX_DOMAIN + 1];
	size_t len;
	int r;

	if (helo == NULL)
		helo = "";
	len = strnlen(helo, SMTPID_MAX_TEXT); /* longer: refused */
	if (!smtpid_domain_alabel(helo, len, name, sizeof(name)) ||
	    (!smtpid_domain_ok(name, strlen(name)) &&
	        !smtpid_literal_ok(name, strlen(name))))
		name[0] = '\0';
	/* %{h} is the HELO name (RFC 7208 7.3), as A-labels */
	strlcpy(sc->helo, name[0] != '\0' ? name : "unknown", sizeof(sc->helo));
	r = id_set(sc, &sc->id_helo, name[0] != '\0' ? name : NULL,
	    "postmaster", 10, name);
	if (r == 0 && name[0] == '\0')
		strlcpy(sc->id_helo.note,
		    "HELO name not shown: not a domain or address literal",
		    sizeof(sc->id_helo.note));
	return r;
}

/* method_inside - does s hold "<method>=" for any registered or x- method
 * name (RFC 8601 2.2) ending a run of letters, digits and '-'? Lenient
 * readers and regex filters take such text for a result. */
static bool
method_inside(const char *s, size_t len)
{
	char word[64];
	size_t i, k, j;

	for (i = 0; i < len; i++) {
		if (s[i] != '=')
			continue;
		for (k = i; k > 0 && i - k < sizeof(word) - 1 &&
		     (isalnum((unsigned char)s[k - 1]) || s[k - 1] == '-');
		     k--)
			;
		memcpy(word, s + k, i - k);
		word[i - k] = '\0';
		for (j = 0; j < i - k; j++)
			if (authres_classify_method(word + j) !=
			    AUTHRES_REG_UNKNOWN)
				return true;
	}
	return false;
}

/* mail_shown - smtp.mailfrom for local@dom: whole when the local part is
 * a Dot-string (UTF-8 only with SMTPUTF8) and it fits, else the domain
 * alone; a domain that is neither a name nor a literal is not shown.
 * Writes into buf (bufsz > SPF_MAX_IDENTITY) and why; NULL: not shown. */
static const char *
mail_shown(const char *local, size_t llen, const char *dom, bool smtputf8,
    char *buf, size_t bufsz, char *why, size_t whysz)
{
	size_t dlen = strlen(dom);

	why[0] = '\0';
	if (!smtpid_domain_ok(dom, dlen) && !smtpid_literal_ok(dom, dlen)) {
		snprintf(why, whysz, "MAIL FROM not shown: not an address");
		return NULL;
	}
	if (llen == 0)
		return dom;
	if (!smtpid_dot_string(local, llen, true, true))
		snprintf(why, whysz, "local-part not shown: not a Dot-string");
	else if (method_inside(local, llen))
		snprintf(why, whysz, "local-part not shown: method= inside");
	else if (!smtputf8 && !smtpid_dot_string(local, llen, false, true))
		snprintf(
		    why, whysz, "local-part not shown: 8-bit without SMTPUTF8");
	else if (llen + 1 + dlen > SPF_MAX_IDENTITY)
		snprintf(
		    why, whysz, "local-part of %zu octets not shown", llen);
	if (why[0] != '\0')
		return dom;
	snprintf(buf, bufsz, "%.*s@%s", (int)llen, local, dom);
	return buf;
}

/* spf_check_start_mailfrom - note MAIL FROM (with or without <> and a
 * source route; empty: postmaster@HELO) and prefetch its record */
int
spf_check_start_mailfrom(
    struct spf_check *sc, const char *mailfrom, bool smtputf8)
{
	char buf[SPF_MAX_IDENTITY + 16], dom[SMTPID_MAX_DOMAIN + 1];
	char why[sizeof(sc->id_mail.note)];
	const char *mb, *at, *shown;
	size_t len, llen = 0;
	int r;

	smtpid_mailbox(mailfrom, &mb, &len);
	/* a new transaction: its SPF has its own time */
	dns_budget_init(&sc->ev.budget, sc->v->time_limit_ms);
	sc->exp[0] = '\0';
	if (len == 0) { /* RFC 7208 2.4: the null sender */
		if (!spf_domain_ok(sc->helo)) {
			r = id_set(sc, &sc->id_mail, NULL, "", 0, "");
			if (r == 0)
				strlcpy(sc->id_mail.note,
				    "null sender and no HELO domain",
				    sizeof(sc->id_mail.note));
			return r;
		}
		snprintf(buf, sizeof(buf), "postmaster@%s", sc->helo);
		return id_set(
		    sc, &sc->id_mail, buf, "postmaster", 10, sc->helo);
	}
	/* RFC 7208 4.3: no local-part is postmaster; the domain is what
	 * follows the last '@', looked up as A-labels */
	for (at = NULL; llen < len; llen++)
		if (mb[llen] == '@')
			at = mb + llen;
	llen = at != NULL ? (size_t)(at - mb) : 0;
	if (at != NULL)
		len -= llen + 1;
	if (!smtpid_domain_alabel(
	        at != NULL ? at + 1 : mb, len, dom, sizeof(dom)))
		dom[0] = '\0';
	shown = mail_shown(
	    mb, llen, dom, smtputf8, buf, sizeof(buf), why, sizeof(why));
	r = id_set(sc, &sc->id_mail, shown, mb, llen, dom);
	if (r == 0)
		strlcpy(sc->id_mail.note, why, sizeof(sc->id_mail.note));
	return r;
}

/* spf_result_map - libspf2's result in RFC 8601 words; its INVALID is a
 * DNS error (temperror) or anything else (permerror) */
enum authres_result
spf_result_map(SPF_result_t result, SPF_errcode_t err)
{
	switch (result) {
	case SPF_RESULT_PASS:
		return AUTHRES_RESULT_PASS;
	case SPF_RESULT_FAIL:
		return AUTHRES_RESULT_FAIL;
	case SPF_RESULT_SOFTFAIL:
		return AUTHRES_RESULT_SOFTFAIL;
	case SPF_RESULT_NEUTRAL:
		return AUTHRES_RESULT_NEUTRAL;
	case SPF_RESULT_NONE:
		return AUTHRES_RESULT_NONE;
	case SPF_RESULT_TEMPERROR:
		return AUTHRES_RESULT_TEMPERROR;
	case SPF_RESULT_PERMERROR:
		return AUTHRES_RESULT_PERMERROR;
	default:
		return err == SPF_E_DNS_ERROR ? AUTHRES_RESULT_TEMPERROR
		                              : AUTHRES_RESULT_PERMERROR;
	}
}

/* verdict_result - the outcome our layer decided, if it did */
static bool
verdict_result(const struct spf_eval *ev, enum authres_result *r)
{
	switch (ev->verdict) {
	case SPF_VERDICT_NORECORD:
		*r = AUTHRES_RESULT_NONE;
		return true;
	case SPF_VERDICT_PERMERROR:
		*r = AUTHRES_RESULT_PERMERROR;
		return true;
	case SPF_VERDICT_TEMPERROR:
		*r = AUTHRES_RESULT_TEMPERROR;
		return true;
	default:
		return false;
	}
}

/* request_new - a libspf2 request for id; HELO is set before MAIL FROM
 * so libspf2 never falls back on a missing one */
static SPF_request_t *
request_new(struct spf_check *sc, const struct spf_id *id)
{
	SPF_request_t *req;
	SPF_errcode_t e;

	if ((req = SPF_request_new(sc->server)) == NULL)
		return NULL;
	e = sc->family == AF_INET ? SPF_request_set_ipv4(req, sc->a4)
	                          : SPF_request_set_ipv6(req, sc->a6);
	if (e == SPF_E_SUCCESS)
		e = SPF_request_set_helo_dom(req, sc->helo);
	if (e == SPF_E_SUCCESS)
		e = SPF_request_set_env_from(req, id->sender);
	if (e != SPF_E_SUCCESS) {
		SPF_request_free(req);
		return NULL;
	}
	return req;
}

/*
 * check_host - what SPF_request_query_mailfrom() does, without its
 * "localhost" pass for loopback clients, which would let anything
 * relayed over loopback (a content filter) pass: fetch the record of the
 * current domain, then interpret it. *respp is NULL only when out of
 * memory.
 */
static SPF_errcode_t
check_host(struct spf_check *sc, SPF_request_t *req, SPF_response_t **respp)
{
	SPF_record_t *rec = NULL;
	SPF_response_t *resp;
	SPF_errcode_t err;

	if ((*respp = resp = SPF_response_new(req)) == NULL)
		return SPF_E_NO_MEMORY;
	req->cur_dom = req->env_from_dp;
	err = SPF_server_get_record(sc->server, req, resp, &rec);
	if (err != SPF_E_SUCCESS) {
		if (rec != NULL)
			SPF_record_free(rec);
		/* our layer has set the verdict that explains it */
		return err;
	}
	resp->spf_record_exp = rec;
	err = SPF_record_interpret(rec, req, resp, 0);
	resp->spf_record_exp = NULL;
	SPF_record_free(rec);
	return err;
}

/* evaluate - run check_host() for id once; -1 when it could not run */
static int
evaluate(struct spf_check *sc, struct spf_id *id, bool mailfrom)
{
	SPF_request_t *req;
	SPF_response_t *resp = NULL;
	SPF_errcode_t err;
	const char *e;

	id->reason[0] = '\0';
	if (id->sender == NULL) {
		id->result = AUTHRES_RESULT_NONE;
		strlcpy(id->reason, "not a domain name", sizeof(id->reason));
		id->done = true;
		return 0;
	}
	if ((req = request_new(sc, id)) == NULL)
		return -1;
	spf_eval_reset(&sc->ev, req);
	err = check_host(sc, req, &resp);
	if (resp == NULL) {
		SPF_request_free(req);
		return -1;
	}
	if (verdict_result(&sc->ev, &id->result))
		strlcpy(id->reason, sc->ev.why, sizeof(id->reason));
	else {
		if (err == SPF_E_DNS_ERROR ||
		    SPF_response_errcode(resp) == SPF_E_DNS_ERROR)
			err = SPF_E_DNS_ERROR;
		id->result = spf_result_map(SPF_response_result(resp), err);
		if (id->result == AUTHRES_RESULT_PERMERROR ||
		    id->result == AUTHRES_RESULT_TEMPERROR)
			strlcpy(id->reason,
			    SPF_strerror(SPF_response_errcode(resp)),
			    sizeof(id->reason));
		e = SPF_response_get_explanation(resp);
		/* only an exp= text our layer expanded, not libspf2's
		 * default */
		if (mailfrom && id->result == AUTHRES_RESULT_FAIL &&
		    e != NULL && sc->ev.exp[0] != '\0' &&
		    strcmp(e, sc->ev.exp) == 0)
			strlcpy(sc->exp, e, sizeof(sc->exp));
	}
	SPF_response_free(resp);
	spf_eval_reset(&sc->ev, NULL);
	SPF_request_free(req);
	id->done = true;
	return 0;
}

/* report - append "spf=<r> smtp.<prop>=<value> (note)" to ar, or
 * nothing */
static int
report(const struct spf_id *id, const char *prop, struct authres *ar)
{
	const char *reason = id->reason[0] != '\0' ? id->reason : NULL;

	if (authres_add_result(ar, "spf", id->result, reason) != AUTHRES_OK)
		return -1;
	if ((id->shown != NULL &&
	        authres_add_prop(ar, "smtp", prop, id->shown) != AUTHRES_OK) ||
	    (id->note[0] != '\0' &&
	        authres_add_comment(ar, id->note) != AUTHRES_OK)) {
		authres_remove_result(ar, authres_result_count(ar) - 1);
		return -1;
	}
	return 0;
}

/* spf_check_advance - start what the records that are in will need */
void
spf_check_advance(struct spf_check *sc)
{
	if (sc != NULL)
		spf_early_advance(&sc->ev, sc->family);
}

/* spf_check_helo - evaluate the HELO identity (once) and report it */
int
spf_check_helo(struct spf_check *sc, struct authres *ar)
{
	if (!sc->id_helo.set && spf_check_start_helo(sc, "") != 0)
		return -1;
	if (!sc->id_helo.done && evaluate(sc, &sc->id_helo, false) != 0)
		return -1;
	return report(&sc->id_helo, "helo", ar);
}

/* spf_check_mailfrom - evaluate the MAIL FROM identity (once), report it */
int
spf_check_mailfrom(struct spf_check *sc, struct authres *ar)
{
	if (!sc->id_mail.set && spf_check_start_mailfrom(sc, "", false) != 0)
		return -1;
	if (!sc->id_mail.done && evaluate(sc, &sc->id_mail, true) != 0)
		return -1;
	return report(&sc->id_mail, "mailfrom", ar);
}

/* spf_check_get_result_mailfrom - the last MAIL FROM result */
enum authres_result
spf_check_get_result_mailfrom(const struct spf_check *sc)
{
	return sc->id_mail.done ? sc->id_mail.result : AUTHRES_RESULT_NONE;
}

/* spf_check_get_note_mailfrom - what smtp.mailfrom leaves out, or NULL */
const char *
spf_check_get_note_mailfrom(const struct spf_check *sc)
{
	return sc->id_mail.note[0] != '\0' ? sc->id_mail.note : NULL;
}

/* spf_check_get_domain_mailfrom - the domain MAIL FROM was checked for */
const char *
spf_check_get_domain_mailfrom(const struct spf_check *sc)
{
	return sc != NULL ? sc->id_mail.domain : NULL;
}

/* spf_check_get_explanation - the expanded exp= of a MAIL FROM fail */
const char *
spf_check_get_explanation(const struct spf_check *sc)
{
	return sc->exp[0] != '\0' ? sc->exp : NULL;
}
