/*
 * dmarc-from.c - the author domain from From fields (RFC 9989 4.4, RFC
 * 5322 3.4): exactly one domain or a named refusal, for plain forms,
 * obsolete forms, groups, comments, quoted display names, IDN, and every
 * bypass shape seen in peers (a domain hidden in a display name, a
 * comment or a second address; NUL, CR, LF; unbalanced brackets).
 */
#include <string.h>

#include "dmarc/dmarc_int.h"
#include "tap.h"

#define OK DMARC_FROM_OK
#define SYN DMARC_FROM_SYNTAX

static const struct {
	const char *name, *in;
	size_t len; /* 0: strlen(in) */
	enum dmarc_from_status st;
	const char *want; /* the domain when OK */
} cases[] = {
	{ "plain addr-spec", "a@bank.example", 0, OK, "bank.example" },
	{ "angle-addr", "<a@bank.example>", 0, OK, "bank.example" },
	{ "name-addr", "Alice <a@bank.example>", 0, OK, "bank.example" },
	{ "case folded", "a@BANK.Example", 0, OK, "bank.example" },
	{ "trailing dot removed", "a@bank.example.", 0, OK, "bank.example" },
	{ "trailing dot in angle", "<a@bank.example.>", 0, OK, "bank.example" },
	{ "quoted display name with @ < > , ;",
	    "\"a@bank.example <x@y>, ;\" <evil@attacker.example>", 0, OK,
	    "attacker.example" },
	{ "quoted display name naming bank",
	    "\"a@bank.example\" <evil@attacker.example>", 0, OK,
	    "attacker.example" },
	{ "address as bare display name refused",
	    "evil@attacker.example <a@bank.example>", 0, SYN, NULL },
	{ "bare display name the other way refused",
	    "a@bank.example <evil@attacker.example>", 0, SYN, NULL },
	{ "comment after the address ignored",
	    "a@bank.example (comment <x@evil.example>)", 0, OK,
	    "bank.example" },
	{ "comment naming another domain ignored",
	    "(x@evil.example) a@bank.example", 0, OK, "bank.example" },
	{ "nested comment with quoted pairs",
	    "a@bank.example (a (b \\) c) \\( d)", 0, OK, "bank.example" },
	{ "comments inside the address (obs)", "a(x)@(y)bank(z).example", 0, OK,
	    "bank.example" },
	{ "comment inside angle brackets", "<(c)a@bank.example(c)>", 0, OK,
	    "bank.example" },
	{ "unterminated comment refused", "a@bank.example (open", 0, SYN,
	    NULL },
	{ "comment closing too often refused", "a@bank.example )", 0, SYN,
	    NULL },
	{ "unbalanced angle refused", "Alice <a@bank.example", 0, SYN, NULL },
	{ "stray closing angle refused", "a@bank.example>", 0, SYN, NULL },
	{ "unterminated quote refused", "\"Alice <a@bank.example>", 0, SYN,
	    NULL },
	{ "two addresses, two domains",
	    "<a@bank.example>, <b@attacker.example>", 0, DMARC_FROM_DOMAINS,
	    NULL },
	{ "two addresses, one domain", "a@bank.example, B <b@Bank.Example>", 0,
	    OK, "bank.example" },
	{ "empty list elements (obs)", ", a@bank.example, ,", 0, OK,
	    "bank.example" },
	{ "group with two domains", "list: a@b.example, c@d.example;", 0,
	    DMARC_FROM_DOMAINS, NULL },
	{ "group with one address", "team: a@bank.example;", 0, OK,
	    "bank.example" },
	{ "empty group: no author", "undisclosed-recipients:;", 0,
	    DMARC_FROM_EMPTY, NULL },
	{ "group then address", "undisclosed:;, a@bank.example", 0, OK,
	    "bank.example" },
	{ "unterminated group refused", "list: a@bank.example", 0, SYN, NULL },
	{ "nested group refused", "a: b: c@bank.example;;", 0, SYN, NULL },
	{ "quoted local part", "\"a@evil.example\"@bank.example", 0, OK,
	    "bank.example" },
	{ "quoted local part with spaces", "\"a b\"@bank.example", 0, OK,
	    "bank.example" },
	{ "dotted local part (obs CFWS)", "a . b@bank.example", 0, OK,
	    "bank.example" },
	{ "double dot in local part refused", "a..b@bank.example", 0, SYN,
	    NULL },
	{ "domain literal refused", "a@[192.0.2.1]", 0, DMARC_FROM_LITERAL,
	    NULL },
	{ "domain literal in angle refused", "A <a@[IPv6:2001:db8::1]>", 0,
	    DMARC_FROM_LITERAL, NULL },
	{ "dotted quad without brackets refused", "a@192.0.2.1", 0,
	    DMARC_FROM_BADDOMAIN, NULL },
	{ "obs-route ignored", "<@relay.example,@r2.example:a@bank.example>", 0,
	    OK, "bank.example" },
	{ "obs-phrase with dots", "John Q. Public <a@bank.example>", 0, OK,
	    "bank.example" },
	{ "encoded word stays opaque",
	    "=?utf-8?q?a=40evil.example?= <a@bank.example>", 0, OK,
	    "bank.example" },
	{ "encoded word with @ inside refused",
	    "=?utf-8?q?a@evil.example?= <a@bank.example>", 0,
	    DMARC_FROM_BADDOMAIN, NULL },
	{ "encoded word with a host name inside refused",
	    "=?utf-8?q?a@evil.example?q?= <a@bank.example>", 0,
	    DMARC_FROM_BADDOMAIN, NULL },
	{ "address then angle-addr refused", "a@evil.example <a@bank.example>",
	    0, SYN, NULL },
	{ "folded with CRLF", "Alice\r\n <a@bank.example>", 0, OK,
	    "bank.example" },
	{ "folded with LF", "Alice\n\t<a@bank.example>", 0, OK,
	    "bank.example" },
	{ "bare CR refused", "a@bank.example\rb@evil.example", 0, SYN, NULL },
	{ "CRLF without WSP refused", "a@bank.example\r\nBcc: x@y.example", 0,
	    SYN, NULL },
	{ "NUL after the address refused", "a@bank.example\0@evil.example", 29,
	    SYN, NULL },
	{ "NUL inside the domain refused", "a@bank\0.example", 15, SYN, NULL },
	{ "NUL in a display name refused", "\"A\0\" <a@bank.example>", 21, SYN,
	    NULL },
	{ "control character refused", "a@bank.example\x01", 0, SYN, NULL },
	{ "IDN to A-labels",
	    "a@B\xc3\xbc"
	    "cher.example",
	    0, OK, "xn--bcher-kva.example" },
	{ "IDN upper case folded",
	    "a@B\xc3\x9c"
	    "CHER.example",
	    0, OK, "xn--bcher-kva.example" },
	{ "ideographic full stop is a dot (UTS 46)",
	    "a@bank\xe3\x80\x82"
	    "example",
	    0, OK, "bank.example" },
	{ "fullwidth full stop is a dot (UTS 46)",
	    "a@bank\xef\xbc\x8e"
	    "example",
	    0, OK, "bank.example" },
	{ "A-label input kept", "a@xn--bcher-kva.example", 0, OK,
	    "xn--bcher-kva.example" },
	{ "route naming bank: the address decides",
	    "<@bank.example:evil@attacker.example>", 0, OK,
	    "attacker.example" },
	{ "two trailing dots refused", "a@bank.example..", 0, SYN, NULL },
	{ "leading dot refused", "a@.bank.example", 0, SYN, NULL },
	{ "invalid UTF-8 domain refused", "a@b\xff.example", 0,
	    DMARC_FROM_BADDOMAIN, NULL },
	{ "underscore in domain refused", "a@b_c.example", 0,
	    DMARC_FROM_BADDOMAIN, NULL },
	{ "leading hyphen refused", "a@-bank.example", 0, DMARC_FROM_BADDOMAIN,
	    NULL },
	{ "empty label refused", "a@bank..example", 0, SYN, NULL },
	{ "no domain refused", "a@", 0, SYN, NULL },
	{ "no local part refused", "@bank.example", 0, SYN, NULL },
	{ "no @ refused", "alice", 0, SYN, NULL },
	{ "empty value", "", 0, DMARC_FROM_EMPTY, NULL },
	{ "only a comment", " (nobody) ", 0, DMARC_FROM_EMPTY, NULL },
	{ "two @ refused", "a@b@bank.example", 0, SYN, NULL },
	{ "semicolon outside a group refused", "a@bank.example; b@x.example", 0,
	    SYN, NULL },
	{ "63-octet label",
	    "a@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
	    "example",
	    0, OK,
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
	    "example" },
	{ "64-octet label refused",
	    "a@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    ".example",
	    0, DMARC_FROM_BADDOMAIN, NULL },
};

/* check_many - From with more addresses than the cap, and over 64 KiB */
static void
check_limits(void)
{
	static char big[DMARC_FROM_MAX_LEN + 64];
	const char *v[1] = { big };
	size_t len, i;
	char out[DMARC_DOMAIN_MAX];

	big[0] = '\0';
	for (i = 0; i <= DMARC_FROM_MAX_ADDRS; i++)
		strlcat(big, "a@bank.example,", sizeof(big));
	len = strlen(big);
	is_int(dmarc_from_domain(v, &len, 1, out, sizeof(out)),
	    DMARC_FROM_LIMIT, "more than %d addresses: refused",
	    DMARC_FROM_MAX_ADDRS);
	memset(big, ' ', sizeof(big));
	memcpy(big, "a@bank.example", 14);
	len = DMARC_FROM_MAX_LEN + 1;
	is_int(dmarc_from_domain(v, &len, 1, out, sizeof(out)),
	    DMARC_FROM_LIMIT, "a From value over 64 KiB: refused");
	memset(big, '(', sizeof(big));
	len = 200;
	is_int(dmarc_from_domain(v, &len, 1, out, sizeof(out)), SYN,
	    "comments nested 200 deep: refused");
}

/* check_fields - the number of From fields */
static void
check_fields(void)
{
	const char *v[2] = { "a@bank.example", "a@bank.example" };
	size_t lens[2] = { 14, 14 };
	char out[DMARC_DOMAIN_MAX];

	is_int(dmarc_from_domain(v, lens, 0, out, sizeof(out)), DMARC_FROM_NONE,
	    "no From field: none");
	is_int(dmarc_from_domain(v, lens, 2, out, sizeof(out)),
	    DMARC_FROM_FIELDS, "two From fields, same address: refused");
	is_int(dmarc_from_domain(v, lens, 1, out, sizeof(out)), OK,
	    "one From field: ok");
	is_str(out, "bank.example", "one From field: its domain");
}

int
main(void)
{
	char out[DMARC_DOMAIN_MAX];
	const char *v[1];
	size_t i, len;
	enum dmarc_from_status st;

	plan(110);
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		v[0] = cases[i].in;
		len = cases[i].len ? cases[i].len : strlen(cases[i].in);
		st = dmarc_from_domain(v, &len, 1, out, sizeof(out));
		is_int(st, cases[i].st, "%s: %s", cases[i].name,
		    dmarc_from_strerror(cases[i].st));
		if (cases[i].st == OK)
			is_str(out, cases[i].want, "%s: domain", cases[i].name);
	}
	check_fields();
	check_limits();
	return done_testing();
}
