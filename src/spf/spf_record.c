/*
 * spf_record.c - RFC 7208 record syntax, checked before libspf2 compiles a
 * record, because libspf2 accepts much that RFC 7208 4.6 and 12 make a
 * permerror (bad toplabels, c/r/t macros outside exp, doubled modifiers,
 * controls, leading zeros in CIDR lengths). Also picks the one "v=spf1"
 * record of a TXT answer (4.5) and says which names a check may start with
 * (4.3). Only syntax: evaluation stays with libspf2.
 */
#include <sys/types.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "spf/spf_int.h"
#include "util/domain.h"

#define SPF_V1 "v=spf1"
#define SPF_V1_LEN 6

/* spf_record_select - index of the one SPF record among TXT RRs; -1 none,
 * -2 more than one (RFC 7208 4.5: permerror) */
int
spf_record_select(const struct dns_answer *ans)
{
	int found = -1;
	size_t i;

	for (i = 0; i < ans->count; i++) {
		const char *d = ans->rr[i].u.txt.data;
		size_t len = ans->rr[i].u.txt.len;

		if (len < SPF_V1_LEN || strncasecmp(d, SPF_V1, SPF_V1_LEN) != 0)
			continue;
		if (len > SPF_V1_LEN && d[SPF_V1_LEN] != ' ')
			continue;
		if (found != -1)
			return -2;
		found = (int)i;
	}
	return found;
}

/* is_literal - RFC 7208 7.1 macro-literal */
static bool
is_literal(unsigned char c)
{
	return (c >= 0x21 && c <= 0x24) || (c >= 0x26 && c <= 0x7e);
}

/*
 * macro_expand_len - length of the macro-expand at s (s[0] == '%'), 0 when
 * it is not one. exp allows the letters c, r and t (RFC 7208 7.2).
 */
static size_t
macro_expand_len(const char *s, size_t len, bool exp)
{
	size_t i, ndig = 0;
	char l;

	if (len < 2)
		return 0;
	if (s[1] == '%' || s[1] == '_' || s[1] == '-')
		return 2;
	if (s[1] != '{' || len < 4)
		return 0;
	l = (char)tolower((unsigned char)s[2]);
	if (strchr("slodiphv", l) == NULL && !(exp && strchr("crt", l) != NULL))
		return 0;
	for (i = 3; i < len && isdigit((unsigned char)s[i]); i++)
		ndig++;
	/* a digit transformer is 1..128, no leading zero */
	if (ndig > 0 && (s[3] == '0' || ndig > 3))
		return 0;
	if (i < len && (s[i] == 'r' || s[i] == 'R'))
		i++;
	while (i < len && strchr(".-+,/_=", s[i]) != NULL && s[i] != '\0')
		i++;
	if (i >= len || s[i] != '}')
		return 0;
	return i + 1;
}

/*
 * macro_string_ok - s is a macro-string (exp: an explain-string, spaces
 * allowed); *tail_start gets the offset where the trailing run of
 * literals begins (len when the string ends with a macro-expand).
 */
static bool
macro_string_ok(const char *s, size_t len, bool exp, size_t *tail_start)
{
	size_t i = 0, n, tail = 0;

	while (i < len) {
		if (s[i] == '%') {
			if ((n = macro_expand_len(s + i, len - i, exp)) == 0)
				return false;
			i += n;
			tail = i;
		} else if (is_literal((unsigned char)s[i]) ||
		    (exp && s[i] == ' ')) {
			i++;
		} else
			return false;
	}
	if (tail_start != NULL)
		*tail_start = tail;
	return true;
}

/* toplabel_ok - RFC 7208 7.1 toplabel: alphanumerics and inner dashes,
 * not all digits */
static bool
toplabel_ok(const char *s, size_t len)
{
	bool alpha = false, dash = false;
	size_t i;

	if (len == 0 || !isalnum((unsigned char)s[0]) ||
	    !isalnum((unsigned char)s[len - 1]))
		return false;
	for (i = 0; i < len; i++) {
		if (isalpha((unsigned char)s[i]))
			alpha = true;
		else if (s[i] == '-')
			dash = true;
		else if (!isdigit((unsigned char)s[i]))
			return false;
	}
	return alpha || dash;
}

/* domain_spec_ok - RFC 7208 7.1 domain-spec: macro-string domain-end */
static bool
domain_spec_ok(const char *s, size_t len)
{
	size_t tail, i;

	if (len == 0 || !macro_string_ok(s, len, false, &tail))
		return false;
	if (tail == len)
		return true; /* ends with a macro-expand */
	if (s[len - 1] == '.')
		len--;
	for (i = len; i > tail; i--)
		if (s[i - 1] == '.')
			return toplabel_ok(s + i, len - i);
	return false;
}

/* cidr_ok - "/" then 0..max, no leading zero */
static bool
cidr_ok(const char *s, size_t len, unsigned max)
{
	unsigned v = 0;
	size_t i;

	if (len < 2 || len > 4 || s[0] != '/' || (s[1] == '0' && len > 2))
		return false;
	for (i = 1; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	return v <= max;
}

/* split_cidr - cut a trailing dual-cidr-length off s, checking it */
static bool
split_cidr(const char *s, size_t *len, bool dual, unsigned max4)
{
	size_t i, n = *len;

	for (i = n; i > 0 && isdigit((unsigned char)s[i - 1]); i--)
		;
	if (dual && i >= 2 && i < n && s[i - 1] == '/' && s[i - 2] == '/') {
		if (!cidr_ok(s + i - 1, n - i + 1, 128))
			return false;
		n = i - 2;
		for (i = n; i > 0 && isdigit((unsigned char)s[i - 1]); i--)
			;
	}
	if (i >= 1 && i < n && s[i - 1] == '/') {
		if (!cidr_ok(s + i - 1, n - i + 1, max4))
			return false;
		n = i - 1;
	}
	*len = n;
	return true;
}

/* ip4_ok - four qnums, no leading zeros (RFC 7208 5.6) */
static bool
ip4_ok(const char *s, size_t len)
{
	char buf[16];
	struct in_addr a;
	size_t i;

	if (len == 0 || len >= sizeof(buf))
		return false;
	for (i = 0; i < len; i++)
		if (isdigit((unsigned char)s[i]) && s[i] == '0' &&
		    (i == 0 || s[i - 1] == '.') && i + 1 < len &&
		    isdigit((unsigned char)s[i + 1]))
			return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return inet_pton(AF_INET, buf, &a) == 1;
}

/* ip6_ok - an IPv6 address */
static bool
ip6_ok(const char *s, size_t len)
{
	char buf[INET6_ADDRSTRLEN];
	struct in6_addr a;

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return inet_pton(AF_INET6, buf, &a) == 1;
}

/* mech_is - does the term name n (length nlen) equal word? */
static bool
mech_is(const char *n, size_t nlen, const char *word)
{
	return nlen == strlen(word) && strncasecmp(n, word, nlen) == 0;
}

/* directive_ok - one directive: [qualifier] mechanism (RFC 7208 4.6.2) */
static bool
directive_ok(const char *t, size_t len)
{
	size_t nlen, alen;
	const char *arg;

	if (len > 0 && strchr("+-?~", t[0]) != NULL) {
		t++;
		len--;
	}
	for (nlen = 0; nlen < len && t[nlen] != ':' && t[nlen] != '/'; nlen++)
		;
	arg = t + nlen;
	alen = len - nlen;
	if (mech_is(t, nlen, "all"))
		return alen == 0;
	if (mech_is(t, nlen, "include") || mech_is(t, nlen, "exists"))
		return alen > 1 && arg[0] == ':' &&
		    domain_spec_ok(arg + 1, alen - 1);
	if (mech_is(t, nlen, "ptr"))
		return alen == 0 ||
		    (arg[0] == ':' && domain_spec_ok(arg + 1, alen - 1));
	if (mech_is(t, nlen, "a") || mech_is(t, nlen, "mx")) {
		if (!split_cidr(arg, &alen, true, 32))
			return false;
		return alen == 0 ||
		    (arg[0] == ':' && domain_spec_ok(arg + 1, alen - 1));
	}
	if (mech_is(t, nlen, "ip4") || mech_is(t, nlen, "ip6")) {
		bool v4 = mech_is(t, nlen, "ip4");

		if (alen < 2 || arg[0] != ':')
			return false;
		arg++;
		alen--;
		if (!split_cidr(arg, &alen, false, v4 ? 32 : 128))
			return false;
		return v4 ? ip4_ok(arg, alen) : ip6_ok(arg, alen);
	}
	return false;
}

/* modifier_name_len - length of "name=" at t, 0 when t is no modifier */
static size_t
modifier_name_len(const char *t, size_t len)
{
	size_t i;

	if (len == 0 || !isalpha((unsigned char)t[0]))
		return 0;
	for (i = 1; i < len; i++) {
		if (t[i] == '=')
			return i;
		if (!isalnum((unsigned char)t[i]) &&
		    strchr("-_.", t[i]) == NULL)
			return 0;
	}
	return 0;
}

/* term_ok - one term; counts redirect= and exp= to refuse doubles */
static bool
term_ok(const char *t, size_t len, int *nredirect, int *nexp, char *why,
    size_t whylen)
{
	size_t n = modifier_name_len(t, len);

	if (n == 0) {
		if (directive_ok(t, len))
			return true;
		snprintf(why, whylen, "bad mechanism");
		return false;
	}
	if (mech_is(t, n, "redirect") || mech_is(t, n, "exp")) {
		int *count = mech_is(t, n, "exp") ? nexp : nredirect;

		if (++*count > 1) {
			snprintf(why, whylen, "repeated %s",
			    *t == 'e' || *t == 'E' ? "exp" : "redirect");
			return false;
		}
		if (domain_spec_ok(t + n + 1, len - n - 1))
			return true;
	} else if (macro_string_ok(t + n + 1, len - n - 1, false, NULL))
		return true;
	snprintf(why, whylen, "bad modifier");
	return false;
}

/* spf_record_check - does rec (len octets, may hold NUL) follow RFC 7208
 * 4.5/12? why gets a short reason when it does not */
bool
spf_record_check(const char *rec, size_t len, char *why, size_t whylen)
{
	int nredirect = 0, nexp = 0;
	size_t i = SPF_V1_LEN, start;

	if (len > SPF_MAX_RECORD) {
		snprintf(why, whylen, "record too long");
		return false;
	}
	while (i < len) {
		if (rec[i] != ' ') {
			snprintf(why, whylen, "terms not separated by space");
			return false;
		}
		while (i < len && rec[i] == ' ')
			i++;
		if (i == len)
			break;
		for (start = i; i < len && rec[i] != ' '; i++)
			if (!is_literal((unsigned char)rec[i]) &&
			    rec[i] != '%') {
				snprintf(why, whylen, "invalid character");
				return false;
			}
		if (!term_ok(
		        rec + start, i - start, &nredirect, &nexp, why, whylen))
			return false;
	}
	return true;
}

/* spf_exp_check - is text an RFC 7208 6.2 explain-string? */
bool
spf_exp_check(const char *text, size_t len)
{
	return macro_string_ok(text, len, true, NULL);
}

/* spf_domain_ok - a domain name of two labels or more (RFC 7208 4.3:
 * anything else gives "none"), as util/domain.h defines one */
bool
spf_domain_ok(const char *domain)
{
	return domain_name_ok(domain, DOMAIN_NAME_ROOT_DOT);
}

/* cidr_values - the ip4 and ip6 prefix lengths of a checked
 * dual-cidr-length (-1: not given) */
static void
cidr_values(const char *s, size_t len, int *c4, int *c6)
{
	const char *end = s + len;

	*c4 = *c6 = -1;
	if (s < end && s[0] == '/' && s + 1 < end && s[1] != '/') {
		*c4 = 0;
		for (s++; s < end && isdigit((unsigned char)*s); s++)
			*c4 = *c4 * 10 + (*s - '0');
	}
	if (s + 1 < end && s[0] == '/' && s[1] == '/') {
		*c6 = 0;
		for (s += 2; s < end && isdigit((unsigned char)*s); s++)
			*c6 = *c6 * 10 + (*s - '0');
	}
}

/* rewrite_addr - a/mx for libspf2: one prefix length, /0 as a mark */
static void
rewrite_addr(const char *q, const char *t, size_t nlen, const char *arg,
    size_t alen, int family, const char *cur, char *out, size_t outsz)
{
	size_t dlen = alen;
	int c4, c6, rel;
	char term[SPF_MAX_RECORD + 64];

	split_cidr(arg, &dlen, true, 32);
	cidr_values(arg + dlen, alen - dlen, &c4, &c6);
	rel = family == AF_INET ? c4 : c6;
	if (dlen > 0) { /* ":domain-spec", without a final dot */
		arg++;
		dlen--;
		if (dlen > 0 && arg[dlen - 1] == '.')
			dlen--;
	}
	if (rel == 0)
		snprintf(term, sizeof(term), " %s%.*s:%.*s%s", q, (int)nlen, t,
		    (int)(dlen ? dlen : strlen(cur)), dlen ? arg : cur,
		    SPF_CIDR0_MARK);
	else if (rel > 0)
		snprintf(term, sizeof(term), " %s%.*s%s%.*s%s%d", q, (int)nlen,
		    t, dlen ? ":" : "", (int)dlen, arg,
		    family == AF_INET ? "/" : "//", rel);
	else
		snprintf(term, sizeof(term), " %s%.*s%s%.*s", q, (int)nlen, t,
		    dlen ? ":" : "", (int)dlen, arg);
	strlcat(out, term, outsz);
}

/* rewrite_term - append the libspf2 form of one checked term to out;
 * has_all: redirect= is ignored (RFC 7208 6.1) */
static void
rewrite_term(const char *t, size_t len, int family, const char *client,
    const char *cur, bool has_all, char *out, size_t outsz)
{
	char q[2] = "", term[SPF_MAX_RECORD + 64];
	size_t n = modifier_name_len(t, len), nlen, alen;
	const char *arg;
	bool v4;

	if (n > 0) { /* unknown modifiers are ignored (RFC 7208 6) */
		if ((mech_is(t, n, "redirect") && !has_all) ||
		    mech_is(t, n, "exp"))
			snprintf(term, sizeof(term), " %.*s", (int)len, t);
		else
			term[0] = '\0';
		strlcat(out, term, outsz);
		return;
	}
	if (strchr("+-?~", t[0]) != NULL) {
		q[0] = t[0];
		t++;
		len--;
	}
	for (nlen = 0; nlen < len && t[nlen] != ':' && t[nlen] != '/'; nlen++)
		;
	arg = t + nlen;
	alen = len - nlen;
	if (mech_is(t, nlen, "a") || mech_is(t, nlen, "mx")) {
		rewrite_addr(q, t, nlen, arg, alen, family, cur, out, outsz);
		return;
	}
	v4 = mech_is(t, nlen, "ip4");
	if (v4 || mech_is(t, nlen, "ip6")) {
		/* RFC 7208 5.6: the other family never matches */
		if (family != (v4 ? AF_INET : AF_INET6))
			return;
		if (alen >= 3 && memcmp(arg + alen - 2, "/0", 2) == 0)
			snprintf(term, sizeof(term), " %s%s:%s", q,
			    v4 ? "ip4" : "ip6", client);
		else
			snprintf(term, sizeof(term), " %s%.*s", q, (int)len, t);
		strlcat(out, term, outsz);
		return;
	}
	snprintf(term, sizeof(term), " %s%.*s", q, (int)len, t);
	strlcat(out, term, outsz);
}

/* record_has_all - has the checked record an "all" mechanism? */
static bool
record_has_all(const char *rec, size_t len)
{
	size_t i, n;

	for (i = 0; i < len; i++) {
		if (rec[i] != ' ' || i + 1 >= len)
			continue;
		n = strchr("+-?~", rec[i + 1]) != NULL ? i + 2 : i + 1;
		if (n + 3 <= len && strncasecmp(rec + n, "all", 3) == 0 &&
		    (n + 3 == len || rec[n + 3] == ' '))
			return true;
	}
	return false;
}

/* spf_record_rewrite - the checked record rec in a form libspf2 takes */
bool
spf_record_rewrite(const char *rec, size_t len, int family, const char *client,
    const char *cur, char *out, size_t outsz)
{
	size_t i = SPF_V1_LEN, start;
	bool has_all = false;

	has_all = record_has_all(rec, len);
	if (strlcpy(out, SPF_V1, outsz) >= outsz)
		return false;
	while (i < len) {
		while (i < len && rec[i] == ' ')
			i++;
		if (i == len)
			break;
		for (start = i; i < len && rec[i] != ' '; i++)
			;
		rewrite_term(rec + start, i - start, family, client, cur,
		    has_all, out, outsz);
	}
	return strlen(out) + 1 < outsz;
}
