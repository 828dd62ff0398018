/*
 * report_verify.c - external destination verification for aggregate
 * reports: the organizational domains of the policy domain and of the
 * destination host are compared, and only when they differ is the
 * destination's "<policy>._report._dmarc.<host>" TXT record asked for.
 * Exactly one TXT record whose first tag is v=DMARC1 authorizes; other
 * tags in it (an old rua= override) are ignored.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpsl.h>

#include "dmarc/dmarc.h"
#include "dns/dns.h"
#include "report/report_verify.h"
#include "util/domain.h"

#define NAME_MAX_LEN 253 /* a domain name in text, no trailing dot */

struct report_verifier {
	struct dns_resolver *dns;
	psl_ctx_t *psl; /* NULL: no list, compare by subdomain only */
};

/* report_verifier_new - the resolver and the suffix list */
struct report_verifier *
report_verifier_new(struct dns_resolver *dns, const char *psl_path)
{
	struct report_verifier *v;

	if ((v = calloc(1, sizeof(*v))) == NULL)
		return NULL;
	v->dns = dns;
	v->psl = psl_load_file(psl_path != NULL ? psl_path : DMARC_PSL_DEFAULT);
	return v;
}

/* report_verifier_free - the list and v */
void
report_verifier_free(struct report_verifier *v)
{
	if (v == NULL)
		return;
	psl_free(v->psl);
	free(v);
}

/* lower - s in lower case into dst (cap); -1 when too long */
static int
lower(char *dst, size_t cap, const char *s)
{
	size_t i, n = strlen(s);

	while (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 0 || n >= cap || n > NAME_MAX_LEN)
		return -1;
	for (i = 0; i < n; i++)
		dst[i] = (char)tolower((unsigned char)s[i]);
	dst[n] = '\0';
	return 0;
}

/* same_org - do a and b (lower case) share an organizational domain? */
static int
same_org(const struct report_verifier *v, const char *a, const char *b)
{
	const char *oa, *ob;

	if (v->psl == NULL)
		return domain_is_within(b, a);
	oa = psl_registrable_domain(v->psl, a);
	ob = psl_registrable_domain(v->psl, b);
	/* a name that is itself a public suffix has no organization */
	if (oa == NULL || ob == NULL)
		return strcmp(a, b) == 0;
	return strcmp(oa, ob) == 0;
}

/* is_dmarc1 - does the TXT data start with the tag v=DMARC1? */
static int
is_dmarc1(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= len || (s[i] != 'v' && s[i] != 'V'))
		return 0;
	for (i++; i < len && (s[i] == ' ' || s[i] == '\t'); i++)
		continue;
	if (i >= len || s[i] != '=')
		return 0;
	for (i++; i < len && (s[i] == ' ' || s[i] == '\t'); i++)
		continue;
	if (len - i < 6 || strncmp(s + i, "DMARC1", 6) != 0)
		return 0;
	for (i += 6; i < len && (s[i] == ' ' || s[i] == '\t'); i++)
		continue;
	return i == len || s[i] == ';';
}

/* report_verify_dest - compare organizations, then ask the destination */
enum report_verdict
report_verify_dest(struct report_verifier *v, const char *policy_domain,
    const char *dest_domain)
{
	char pd[NAME_MAX_LEN + 1], dd[NAME_MAX_LEN + 1];
	char qname[2 * NAME_MAX_LEN + 32];
	struct dns_query *q;
	struct dns_answer *a;
	enum report_verdict r;

	if (lower(pd, sizeof(pd), policy_domain) == -1 ||
	    lower(dd, sizeof(dd), dest_domain) == -1)
		return REPORT_DEST_REFUSED;
	if (same_org(v, pd, dd))
		return REPORT_DEST_SAME_ORG;
	if ((size_t)snprintf(qname, sizeof(qname), "%s._report._dmarc.%s", pd,
	        dd) >= sizeof(qname) ||
	    strlen(qname) > NAME_MAX_LEN)
		return REPORT_DEST_REFUSED; /* no such name can exist */
	if ((q = dns_query_start(v->dns, qname, DNS_T_TXT)) == NULL)
		return REPORT_DEST_TEMPFAIL;
	a = dns_query_join(q);
	if (a->status == DNS_TEMPFAIL || a->status == DNS_NOMEM)
		r = REPORT_DEST_TEMPFAIL;
	else if (a->status == DNS_OK && a->count == 1 &&
	    is_dmarc1(a->rr[0].u.txt.data, a->rr[0].u.txt.len))
		r = REPORT_DEST_AUTHORIZED;
	else
		r = REPORT_DEST_REFUSED;
	dns_answer_free(a);
	return r;
}
