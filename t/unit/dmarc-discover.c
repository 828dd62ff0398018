/*
 * dmarc-discover.c - the DNS tree walk (RFC 9989 4.10) without DNS: the
 * names asked (at most 8, the jump to 7 labels), the policy record (the
 * first found), the organizational domain (psd=n, psd=y, the record with
 * the fewest labels, the start when none), UNKNOWN whenever a failed
 * lookup could change the answer, and how TXT answers become levels.
 */
#include <stdio.h>
#include <string.h>

#include "dmarc/dmarc_int.h"
#include "tap.h"

static const struct {
	const char *name, *domain, *want;
} walks[] = {
	{ "four labels: one less each step", "a.mail.example.com",
	    "a.mail.example.com mail.example.com example.com com" },
	{ "one label", "localhost", "localhost" },
	{ "seven labels: seven names", "a.b.c.d.e.f.g",
	    "a.b.c.d.e.f.g b.c.d.e.f.g c.d.e.f.g d.e.f.g e.f.g f.g g" },
	{ "eight labels: eight names", "a.b.c.d.e.f.g.h",
	    "a.b.c.d.e.f.g.h b.c.d.e.f.g.h c.d.e.f.g.h d.e.f.g.h e.f.g.h "
	    "f.g.h g.h h" },
	{ "RFC 9989 4.10 example: eight queries",
	    "a.b.c.d.e.f.g.h.i.j.mail.example.com",
	    "a.b.c.d.e.f.g.h.i.j.mail.example.com g.h.i.j.mail.example.com "
	    "h.i.j.mail.example.com i.j.mail.example.com j.mail.example.com "
	    "mail.example.com example.com com" },
	{ "RFC 9989 B.4.2 example", "a.b.c.d.e.f.g.h.i.j.k.example.com",
	    "a.b.c.d.e.f.g.h.i.j.k.example.com g.h.i.j.k.example.com "
	    "h.i.j.k.example.com i.j.k.example.com j.k.example.com "
	    "k.example.com example.com com" },
	{ "twelve labels: start, then jump to seven",
	    "a.b.c.d.e.f.g.h.i.j.example.com",
	    "a.b.c.d.e.f.g.h.i.j.example.com f.g.h.i.j.example.com "
	    "g.h.i.j.example.com h.i.j.example.com i.j.example.com "
	    "j.example.com example.com com" },
};

/*
 * Levels as text: "name=S" words, S one of N (no record), T (lookup
 * failed), Ru / Ry / Rn (a record with psd=u, y, n), I (invalid).
 */
static const struct {
	const char *name, *levels, *org, *policy; /* NULL: UNKNOWN */
} orgs[] = {
	{ "RFC 9989 4.10.2 example: records at mail.example.com and "
	  "example.com",
	    "a.mail.example.com=N mail.example.com=Ru example.com=Ru com=N",
	    "example.com", "example.com" },
	{ "RFC 9989 B.4: psd=n at mail.example.com",
	    "a.mail.example.com=N mail.example.com=Rn", "mail.example.com",
	    "mail.example.com" },
	{ "RFC 9989 B.4: only com, with psd=y",
	    "a.mail.example.com=N mail.example.com=N example.com=N com=Ry",
	    "example.com", "com" },
	{ "record at the org domain",
	    "a.mail.example.com=N mail.example.com=N example.com=Ru com=N",
	    "example.com", "example.com" },
	{ "record at the author and the org: org has fewest labels",
	    "a.example.com=Ru example.com=Ru com=N", "example.com",
	    "a.example.com" },
	{ "psd=n ends the walk", "a.b.example=Rn b.example=Ru example=Ru",
	    "a.b.example", "a.b.example" },
	{ "psd=y: one label below it, the PSD's record",
	    "a.b.example=N b.example=N example=Ry", "b.example", "example" },
	{ "psd=y at the author domain: the author domain",
	    "psd.example=Ry example=Ru", "psd.example", "psd.example" },
	{ "psd=y after a jump: the label below on the author's path",
	    "a.b.c.d.e.f.g.h.i.j.example.com=N f.g.h.i.j.example.com=N "
	    "g.h.i.j.example.com=N h.i.j.example.com=N i.j.example.com=N "
	    "j.example.com=N example.com=Ry com=N",
	    "j.example.com", "example.com" },
	{ "no record: the author domain, no policy", "a.example=N example=N",
	    "a.example", "-" },
	{ "lookup failed at the author: unknown", "a.example=T example=Ru",
	    NULL, NULL },
	{ "lookup failed above the record: org unknown, policy known",
	    "a.example.com=Ru example.com=N com=T", NULL, "a.example.com" },
	{ "failure after psd=n does not matter", "a.example=Rn example=T",
	    "a.example", "a.example" },
	{ "a record between author and org is not the policy",
	    "a.b.example.com=N b.example.com=Ru example.com=Ru com=N",
	    "example.com", "example.com" },
	{ "an invalid record between author and org is ignored",
	    "a.b.example.com=N b.example.com=I example.com=Ru com=N",
	    "example.com", "example.com" },
	{ "psd=y with a record at the org: the org's",
	    "a.org.psd=N org.psd=Ru psd=Ry", "org.psd", "org.psd" },
	{ "psd=y with an invalid record at the org: that one",
	    "a.org.psd=N org.psd=I psd=Ry", "org.psd", "org.psd" },
	{ "failure above the org's record: both unknown",
	    "a.example.com=N example.com=Ru com=T", NULL, NULL },
	{ "invalid record: the policy record, not an org anchor",
	    "a.example=I example=Ru", "example", "a.example" },
};

/* parse_levels - build levels from the text form; returns how many */
static size_t
parse_levels(const char *text, struct dmarc_level *lv, size_t max)
{
	char buf[1024], *w, *save = NULL, *eqp;
	size_t n = 0;

	strlcpy(buf, text, sizeof(buf));
	for (w = strtok_r(buf, " ", &save); w && n < max;
	     w = strtok_r(NULL, " ", &save)) {
		memset(&lv[n], 0, sizeof(lv[n]));
		eqp = strchr(w, '=');
		*eqp = '\0';
		strlcpy(lv[n].name, w, sizeof(lv[n].name));
		lv[n].state = eqp[1] == 'N' ? DMARC_LEVEL_NONE
		    : eqp[1] == 'I'         ? DMARC_LEVEL_INVALID
		    : eqp[1] == 'T'         ? DMARC_LEVEL_TEMPFAIL
		                            : DMARC_LEVEL_RECORD;
		lv[n].invalid = eqp[1] == 'I' ? "bad" : NULL;
		lv[n].rec.p = DMARC_POLICY_REJECT;
		lv[n].rec.psd = eqp[2] == 'y' ? DMARC_PSD_Y
		    : eqp[2] == 'n'           ? DMARC_PSD_N
		                              : DMARC_PSD_U;
		n++;
	}
	return n;
}

/* check_walk_names - the names of each walk */
static void
check_walk_names(void)
{
	char names[DMARC_WALK_MAX][DMARC_DOMAIN_MAX], got[2048];
	size_t i, j, n;

	for (i = 0; i < sizeof(walks) / sizeof(*walks); i++) {
		n = dmarc_walk_names(walks[i].domain, names, DMARC_WALK_MAX);
		got[0] = '\0';
		for (j = 0; j < n; j++) {
			if (j > 0)
				strlcat(got, " ", sizeof(got));
			strlcat(got, names[j], sizeof(got));
		}
		is_str(got, walks[i].want, "walk: %s", walks[i].name);
		ok(n <= 8, "walk: %s: at most 8 queries", walks[i].name);
	}
}

/* check_orgs - organizational domain and policy record per level set */
static void
check_orgs(void)
{
	struct dmarc_level lv[DMARC_WALK_MAX];
	char org[DMARC_DOMAIN_MAX];
	size_t i, n, at;
	bool anchored;
	const char *got;

	for (i = 0; i < sizeof(orgs) / sizeof(*orgs); i++) {
		n = parse_levels(orgs[i].levels, lv, DMARC_WALK_MAX);
		got = dmarc_walk_org(lv, n, org, sizeof(org), &anchored) ==
		        DMARC_WALK_FOUND
		    ? org
		    : NULL;
		is_str(got, orgs[i].org, "org: %s", orgs[i].name);
		if (dmarc_walk_policy(lv, n, true, &at) == DMARC_WALK_UNKNOWN)
			got = NULL;
		else
			got = at == AUTHRES_NPOS ? "-" : lv[at].name;
		is_str(got, orgs[i].policy, "policy: %s", orgs[i].name);
	}
}

/* answer - a TXT answer of up to three records */
static void
answer(struct dns_answer *a, struct dns_rr *rr, enum dns_status st,
    const char *r1, const char *r2)
{
	memset(a, 0, sizeof(*a));
	memset(rr, 0, 2 * sizeof(*rr));
	a->status = st;
	a->rr = rr;
	if (r1 != NULL) {
		rr[a->count].u.txt.data = (char *)r1;
		rr[a->count++].u.txt.len = strlen(r1);
	}
	if (r2 != NULL) {
		rr[a->count].u.txt.data = (char *)r2;
		rr[a->count++].u.txt.len = strlen(r2);
	}
	strlcpy(a->detail, "SERVFAIL", sizeof(a->detail));
}

/* check_level_set - how an answer becomes a level */
static void
check_level_set(void)
{
	struct dns_answer a;
	struct dns_rr rr[2];
	struct dmarc_level lv;

	answer(&a, rr, DNS_OK, "v=spf1 -all", "v=DMARC1; p=reject");
	dmarc_level_set(&lv, &a);
	ok(lv.state == DMARC_LEVEL_RECORD && lv.rec.p == DMARC_POLICY_REJECT,
	    "a DMARC record beside another TXT record: the record");
	answer(&a, rr, DNS_OK, "v=DMARC1; p=reject", "v=DMARC1; p=none");
	dmarc_level_set(&lv, &a);
	ok(lv.state == DMARC_LEVEL_NONE && lv.several,
	    "two DMARC records: none there (RFC 9989 4.10 step 2)");
	answer(&a, rr, DNS_OK, "v=DMARC1; p=reject", "v=DMARC1; p=x; p=y");
	dmarc_level_set(&lv, &a);
	ok(lv.state == DMARC_LEVEL_NONE && lv.several,
	    "a valid and an invalid DMARC record: none there");
	answer(&a, rr, DNS_OK, "v=DMARC1; p=none; p=reject", NULL);
	dmarc_level_set(&lv, &a);
	ok(lv.state == DMARC_LEVEL_INVALID && lv.invalid != NULL,
	    "one invalid record: invalid, with the reason kept");
	answer(&a, rr, DNS_OK, "v=spf1 -all", NULL);
	dmarc_level_set(&lv, &a);
	ok(lv.state == DMARC_LEVEL_NONE && !lv.several && !lv.invalid,
	    "only other TXT records: none there");
	answer(&a, rr, DNS_NXDOMAIN, NULL, NULL);
	dmarc_level_set(&lv, &a);
	ok(lv.state == DMARC_LEVEL_NONE, "NXDOMAIN: none there");
	answer(&a, rr, DNS_TEMPFAIL, NULL, NULL);
	dmarc_level_set(&lv, &a);
	ok(lv.state == DMARC_LEVEL_TEMPFAIL &&
	        strcmp(lv.detail, "SERVFAIL") == 0,
	    "SERVFAIL: unknown, with the detail");
	answer(&a, rr, DNS_MALFORMED, NULL, NULL);
	dmarc_level_set(&lv, &a);
	ok(lv.state == DMARC_LEVEL_TEMPFAIL, "a malformed answer: unknown");
}

int
main(void)
{
	plan(60);
	check_walk_names();
	check_orgs();
	check_level_set();
	return done_testing();
}
