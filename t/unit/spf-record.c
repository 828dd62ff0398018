/*
 * spf-record.c - RFC 7208 record syntax as checked before libspf2 sees a
 * record, the rewrite into what libspf2 accepts, the explanation macro
 * expansion, the names a check may start with, and the mapping of
 * libspf2's results (its INVALID in particular).
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <string.h>

#include "spf/spf_int.h"
#include "tap.h"

static const struct {
	const char *name, *rec;
	bool valid;
} records[] = {
	{ "plain record", "v=spf1 ip4:192.0.2.0/24 -all", true },
	{ "version only", "v=spf1", true },
	{ "trailing spaces allowed", "v=spf1 a -all  ", true },
	{ "all qualifiers", "v=spf1 +a -mx ~ptr ?all", true },
	{ "macro at the end", "v=spf1 exists:%{i}.%{d} -all", true },
	{ "dual cidr", "v=spf1 a/24//64 mx:example.com//0 -all", true },
	{ "unknown modifier ignored", "v=spf1 moo.cow-far_out=man:dog/cat",
	    true },
	{ "exp and redirect once",
	    "v=spf1 exp=e.example.com "
	    "redirect=r.example.com",
	    true },
	{ "ip6", "v=spf1 ip6:2001:db8::/32 -all", true },
	{ "bare toplabel refused", "v=spf1 a:museum -all", false },
	{ "bare toplabel with dot refused", "v=spf1 a:museum. -all", false },
	{ "numeric toplabel refused", "v=spf1 a:example.123 -all", false },
	{ "dash toplabel allowed", "v=spf1 a:example.1-2 -all", true },
	{ "empty a domain refused", "v=spf1 a: -all", false },
	{ "include needs a domain", "v=spf1 include -all", false },
	{ "include takes no cidr", "v=spf1 include:x.example.com/24", false },
	{ "exists needs a domain", "v=spf1 exists -all", false },
	{ "all takes nothing", "v=spf1 -all:foobar", false },
	{ "all takes no cidr", "v=spf1 -all/8", false },
	{ "ptr takes no cidr", "v=spf1 ptr/0 -all", false },
	{ "ip4 cidr over 32", "v=spf1 ip4:192.0.2.1/33", false },
	{ "ip4 cidr leading zero", "v=spf1 ip4:192.0.2.1/032", false },
	{ "ip4 short", "v=spf1 ip4:1.2.3", false },
	{ "ip4 leading zero", "v=spf1 ip4:192.0.02.1", false },
	{ "ip6 cidr over 128", "v=spf1 ip6:::1/129", false },
	{ "a cidr over 32", "v=spf1 a/33", false },
	{ "unknown mechanism", "v=spf1 foo -all", false },
	{ "redirect twice",
	    "v=spf1 redirect=a.example.com "
	    "redirect=b.example.com",
	    false },
	{ "exp twice", "v=spf1 exp=a.example.com exp=b.example.com", false },
	{ "exp without domain", "v=spf1 exp= -all", false },
	{ "c macro outside exp", "v=spf1 exists:%{c}.example.com", false },
	{ "bad macro letter", "v=spf1 exists:%{q}.example.com", false },
	{ "unclosed macro", "v=spf1 exists:%{d.example.com", false },
	{ "lone percent", "v=spf1 a:foo%.example.com", false },
	{ "zero digit transformer", "v=spf1 exists:%{d0}.example.com", false },
	{ "tab is no separator", "v=spf1 a\t-all", false },
	{ "newline is no separator", "v=spf1 ip4:192.0.2.5\n include:x.com",
	    false },
	{ "8-bit octet refused",
	    "v=spf1 \x80"
	    "a -all",
	    false },
	{ "modifier name with colon", "v=spf1 foo:bar=baz", false },
};

static const struct {
	const char *name, *rec, *client, *want;
	int family;
} rewrites[] = {
	{ "unknown modifier dropped", "v=spf1 a foo=bar -all", "192.0.2.1",
	    "v=spf1 a -all", AF_INET },
	{ "ip4/0 is the client", "v=spf1 ip4:198.51.100.0/0 -all", "192.0.2.1",
	    "v=spf1 ip4:192.0.2.1 -all", AF_INET },
	{ "ip6 dropped for IPv4", "v=spf1 ip6:::1/0 -all", "192.0.2.1",
	    "v=spf1 -all", AF_INET },
	{ "a/0 marked", "v=spf1 a/0 -all", "192.0.2.1",
	    "v=spf1 a:cur.example" SPF_CIDR0_MARK " -all", AF_INET },
	{ "a/0 ignored for IPv6", "v=spf1 a/0 -all", "2001:db8::1",
	    "v=spf1 a -all", AF_INET6 },
	{ "mx//0 marked for IPv6", "v=spf1 mx:x.example.//0 -all",
	    "2001:db8::1", "v=spf1 mx:x.example" SPF_CIDR0_MARK " -all",
	    AF_INET6 },
	{ "redirect ignored beside all", "v=spf1 redirect=x.example ~all",
	    "192.0.2.1", "v=spf1 ~all", AF_INET },
};

/* answer - a TXT answer of n records for spf_record_select */
static void
answer(struct dns_answer *a, struct dns_rr *rr, const char **txt, size_t n)
{
	size_t i;

	memset(a, 0, sizeof(*a));
	a->status = DNS_OK;
	a->count = n;
	a->rr = rr;
	for (i = 0; i < n; i++) {
		rr[i].type = DNS_T_TXT;
		rr[i].u.txt.data = (char *)txt[i];
		rr[i].u.txt.len = strlen(txt[i]);
	}
}

static void
test_select(void)
{
	const char *one[] = { "hello", "v=spf1 -all", "v=spf10 +all" };
	const char *two[] = { "v=spf1 -all", "V=SPF1 +all" };
	const char *none[] = { "v=spf1x", "spf1" };
	struct dns_answer a;
	struct dns_rr rr[3];

	answer(&a, rr, one, 3);
	is_int(spf_record_select(&a), 1, "select: the one v=spf1 record");
	answer(&a, rr, two, 2);
	is_int(spf_record_select(&a), -2, "select: two records (any case)");
	answer(&a, rr, none, 2);
	is_int(spf_record_select(&a), -1, "select: v=spf1x is not one");
}

static void
test_macro(void)
{
	struct spf_macro_env env = { "strong-bad@email.example.com",
		"strong-bad", "email.example.com", "email.example.com",
		"mx.example.org", "rcv.example", NULL, AF_INET, { 0 },
		{ { { 0 } } } };
	char out[SPF_MAX_EXP];

	inet_pton(AF_INET, "192.0.2.3", &env.a4);
	spf_macro_expand(
	    "%{s} %{o} %{d4} %{d2} %{d1r} %{ir}.%{v}", &env, out, sizeof(out));
	is_str(out,
	    "strong-bad@email.example.com email.example.com "
	    "email.example.com example.com email 3.2.0.192.in-addr",
	    "macro: RFC 7208 7.4 examples");
	spf_macro_expand("%{l-} %%%_%-%{L}", &env, out, sizeof(out));
	is_str(out, "strong.bad % %20strong-bad", "macro: delimiters, escapes");
	spf_macro_expand("x%{p}\r\ny", &env, out, sizeof(out));
	is_str(out, "xunknown??y", "macro: controls never pass");
	env.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::cb01", &env.a6);
	spf_macro_expand("%{c} %{i}", &env, out, sizeof(out));
	is_str(out,
	    "2001:db8::cb01 2.0.0.1.0.D.B.8.0.0.0.0.0.0.0.0.0.0.0.0.0."
	    "0.0.0.0.0.0.0.C.B.0.1",
	    "macro: IPv6 c and i");
}

int
main(void)
{
	char why[96], out[SPF_MAX_RECORD];
	size_t i;

	plan(63);
	for (i = 0; i < sizeof(records) / sizeof(records[0]); i++) {
		bool got = spf_record_check(
		    records[i].rec, strlen(records[i].rec), why, sizeof(why));
		ok(got == records[i].valid, "record: %s", records[i].name);
		if (got != records[i].valid)
			diag("got %s (%s), want %s", got ? "valid" : "invalid",
			    got ? "-" : why,
			    records[i].valid ? "valid" : "invalid");
	}
	for (i = 0; i < sizeof(rewrites) / sizeof(rewrites[0]); i++) {
		spf_record_rewrite(rewrites[i].rec, strlen(rewrites[i].rec),
		    rewrites[i].family, rewrites[i].client, "cur.example", out,
		    sizeof(out));
		is_str(out, rewrites[i].want, "rewrite: %s", rewrites[i].name);
	}
	test_select();
	test_macro();
	ok(spf_domain_ok("example.com."), "domain: trailing dot allowed");
	ok(!spf_domain_ok("localhost"), "domain: one label is none");
	ok(!spf_domain_ok("a..example.com"), "domain: empty label is none");
	ok(!spf_domain_ok("[192.0.2.1]"), "domain: a literal is none");
	ok(!spf_domain_ok("x.example.com\r\nBcc: y"), "domain: CR LF is none");
	ok(!spf_domain_ok("\xc3\xa9.example.com"), "domain: 8-bit is none");
	ok(!spf_domain_ok("a123456789012345678901234567890123456789012345678"
	                  "9012345678901234.example.com"),
	    "domain: 64-octet label is none");
	is_int(spf_result_map(SPF_RESULT_INVALID, SPF_E_DNS_ERROR),
	    AUTHRES_RESULT_TEMPERROR, "map: INVALID with DNS error");
	is_int(spf_result_map(SPF_RESULT_INVALID, SPF_E_SYNTAX),
	    AUTHRES_RESULT_PERMERROR, "map: INVALID otherwise");
	is_int(spf_result_map(SPF_RESULT_SOFTFAIL, SPF_E_SUCCESS),
	    AUTHRES_RESULT_SOFTFAIL, "map: softfail");
	return done_testing();
}
