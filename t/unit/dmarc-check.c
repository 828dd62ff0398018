/*
 * dmarc-check.c - the policy a record sets for an author domain (p= for
 * its own record, sp= or np= below it, t=y one level lower) and the
 * check's interface without a DNS server: From refusals, a DNS failure,
 * a list file that does not load, NULL arguments, the getters.
 */
#include <stdlib.h>
#include <string.h>

#include "dmarc/dmarc_int.h"
#include "tap.h"

#define Q DMARC_POLICY_QUARANTINE
#define R DMARC_POLICY_REJECT
#define N DMARC_POLICY_NONE

static const struct {
	const char *name, *rec;
	bool own, nx;
	enum dmarc_policy want;
	bool probe; /* would NXDOMAIN change it? */
} policies[] = {
	{ "own record: p=", "v=DMARC1; p=reject; sp=quarantine; np=none", true,
	    false, R, false },
	{ "existing subdomain: sp=",
	    "v=DMARC1; p=reject; sp=quarantine; np=none", false, false, Q,
	    true },
	{ "non-existent subdomain: np=",
	    "v=DMARC1; p=reject; sp=quarantine; np=none", false, true, N,
	    true },
	{ "own record never takes np=", "v=DMARC1; p=reject; np=none", true,
	    true, R, false },
	{ "no sp=: p= below", "v=DMARC1; p=quarantine", false, false, Q,
	    false },
	{ "no np=: sp= for NXDOMAIN", "v=DMARC1; p=reject; sp=none", false,
	    true, N, false },
	{ "no np=, no sp=: p= for NXDOMAIN", "v=DMARC1; p=reject", false, true,
	    R, false },
	{ "np= like sp=: no probe needed", "v=DMARC1; p=none; np=none", false,
	    true, N, false },
	{ "t=y: reject acts as quarantine", "v=DMARC1; p=reject; t=y", true,
	    false, Q, false },
	{ "t=y: quarantine acts as none", "v=DMARC1; p=quarantine; t=y", true,
	    false, N, false },
	{ "t=y: none stays none", "v=DMARC1; p=none; t=y", true, false, N,
	    false },
	{ "t=y applies to np= too", "v=DMARC1; p=none; np=reject; t=y", false,
	    true, Q, true },
	{ "t=n: as published", "v=DMARC1; p=reject; t=n", true, false, R,
	    false },
};

/* check_policies - the table above */
static void
check_policies(void)
{
	struct dmarc_record r;
	size_t i;

	for (i = 0; i < sizeof(policies) / sizeof(*policies); i++) {
		if (!ok(dmarc_record_parse(policies[i].rec,
		            strlen(policies[i].rec), &r,
		            NULL) == DMARC_RECORD_OK,
		        "%s: record parses", policies[i].name))
			continue;
		is_str(dmarc_policy_name(dmarc_record_policy(
		           &r, policies[i].own, policies[i].nx)),
		    dmarc_policy_name(policies[i].want), "%s",
		    policies[i].name);
		is_int(dmarc_record_needs_probe(&r, policies[i].own),
		    policies[i].probe, "%s: existence probe %s",
		    policies[i].name,
		    policies[i].probe ? "needed" : "not needed");
	}
}

/* field - run eom for the From values and return the field, unfolded
 * (caller frees), or NULL */
static char *
field(struct dmarc_verifier *v, const char *const *from, size_t n,
    struct dmarc_check **out)
{
	struct dmarc_check *dc = dmarc_check_new(v, NULL);
	struct authres *ar = authres_new("mx.test.example");
	char *text = NULL, *p;
	size_t i;

	for (i = 0; dc != NULL && i < n; i++)
		dmarc_check_from(dc, from[i]);
	if (dc == NULL || ar == NULL || dmarc_check_eom(dc, NULL, ar) != 0 ||
	    authres_format(ar, 0, &text) != AUTHRES_OK)
		text = NULL;
	for (p = text; p != NULL && (p = strstr(p, "\n\t")) != NULL;) {
		memmove(p, p + 1, strlen(p + 1) + 1); /* fold: one space */
		*p = ' ';
	}
	authres_free(ar);
	*out = dc;
	return text;
}

static const struct {
	const char *name, *from[2];
	size_t n;
	const char *want;
} fields[] = {
	{ "no From field: none", { NULL, NULL }, 0,
	    "mx.test.example; dmarc=none reason=\"no From field\"" },
	{ "two From fields: permerror", { "a@bank.example", "a@bank.example" },
	    2,
	    "mx.test.example; dmarc=permerror reason=\"several From fields\"" },
	{ "address literal: permerror", { "a@[192.0.2.1]", NULL }, 1,
	    "mx.test.example; dmarc=permerror reason=\"From domain is an "
	    "address literal\"" },
	{ "DNS refused: temperror, never fail", { "A <a@Bank.Example>", NULL },
	    1,
	    "mx.test.example; dmarc=temperror reason=\"lookup of "
	    "_dmarc.bank.example failed: recv: Connection refused\" "
	    "header.from=bank.example" },
};

/* check_fields - eom without a DNS server */
static void
check_fields(struct dmarc_verifier *v)
{
	struct dmarc_check *dc;
	char *got;
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
		got = field(v, fields[i].from, fields[i].n, &dc);
		is_str(got, fields[i].want, "%s", fields[i].name);
		is_int(dmarc_check_get_policy(dc), DMARC_POLICY_UNSET,
		    "%s: no policy", fields[i].name);
		is_int(dmarc_check_get_disposition(dc), DMARC_POLICY_UNSET,
		    "%s: no disposition", fields[i].name);
		free(got);
		dmarc_check_free(dc);
	}
}

/* check_interface - NULLs, getters, start, a list that does not load */
static void
check_interface(struct dmarc_verifier *v, struct dns_resolver *res)
{
	struct dmarc_options opt = { DMARC_MODE_PSL, "/nonexistent/psl", 0 };
	struct dmarc_check *dc;
	struct authres *ar = authres_new("mx.test.example");
	char err[128] = "";

	ok(dmarc_verifier_new(res, &opt, err, sizeof(err)) == NULL &&
	        strcmp(err,
	            "PublicSuffixList: cannot load "
	            "'/nonexistent/psl'") == 0,
	    "a list file that does not load: refused, named");
	ok(dmarc_check_new(NULL, NULL) == NULL, "no verifier: no check");
	dc = dmarc_check_new(v, NULL);
	ok(dmarc_check_get_domain(dc) == NULL, "no domain before start");
	is_int(dmarc_check_get_result(dc), AUTHRES_RESULT_NONE,
	    "result before eom: none");
	is_int(dmarc_check_from(dc, "x@Sub.Bank.Example."), 0, "From kept");
	is_int(dmarc_check_identifier(dc, "not a domain!"), 0,
	    "a hint that cannot align is ignored");
	is_int(dmarc_check_start(dc), 0, "start");
	is_str(dmarc_check_get_domain(dc), "sub.bank.example",
	    "after start: the normalised author domain");
	dmarc_check_advance(dc);
	is_int(dmarc_check_eom(dc, NULL, NULL), -1, "eom without a field: -1");
	is_int(authres_result_count(ar), 0, "nothing appended");
	dmarc_check_free(dc);
	dmarc_check_free(NULL);
	dmarc_check_advance(NULL);
	dmarc_verifier_free(NULL);
	authres_free(ar);
}

int
main(void)
{
	struct dns_config cfg = { "127.0.0.1@1", 500, 1, 0, true };
	struct dmarc_options opt = { DMARC_MODE_TREEWALK, NULL, 1000 };
	struct dns_resolver *res;
	struct dmarc_verifier *v;
	char err[128];

	plan(62);
	check_policies();
	res = dns_resolver_new(&cfg, err, sizeof(err));
	v = res ? dmarc_verifier_new(res, &opt, err, sizeof(err)) : NULL;
	if (v == NULL)
		bail_out(
		    "no verifier over a resolver at a closed port: %s", err);
	ok(1, "a verifier over a resolver at a closed port");
	check_fields(v);
	check_interface(v, res);
	dmarc_verifier_free(v);
	dns_resolver_free(res);
	return done_testing();
}
