/*
 * domain.c - domain_name_ok() takes exactly RFC 5321 sub-domain labels
 * (with '_'), refuses what a lenient consumer would cut short ("a.example(
 * .evil.example"), and domain_is_within() matches on label boundaries.
 */
#include <string.h>

#include "util/domain.h"

#include "tap.h"

#define L63 "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk"

static const struct {
	const char *name, *in;
	unsigned flags;
	int want;
} cases[] = {
	{ "two labels", "example.com", 0, 1 },
	{ "digits, hyphen, capitals", "Mail-1.EXAMPLE.com", 0, 1 },
	{ "A-label", "xn--bcher-kva.example", 0, 1 },
	{ "underscore label", "_dmarc.example.com", 0, 1 },
	{ "63-octet label", L63 ".example", 0, 1 },
	{ "64-octet label", L63 "x.example", 0, 0 },
	{ "one label refused by default", "localhost", 0, 0 },
	{ "one label as a selector", "s2048", DOMAIN_NAME_ONE_LABEL, 1 },
	{ "comment char after a domain", "legitimate.com(.attacker.com", 0, 0 },
	{ "quote", "a\".example", 0, 0 },
	{ "space", "a b.example", 0, 0 },
	{ "semicolon", "a.example;x", 0, 0 },
	{ "8-bit U-label",
	    "b\xc3\xbc"
	    "cher.example",
	    0, 0 },
	{ "empty", "", 0, 0 },
	{ "empty label", "a..example", 0, 0 },
	{ "leading dot", ".example.com", 0, 0 },
	{ "trailing dot refused", "example.com.", 0, 0 },
	{ "trailing dot allowed", "example.com.", DOMAIN_NAME_ROOT_DOT, 1 },
	{ "dot alone", ".", DOMAIN_NAME_ROOT_DOT | DOMAIN_NAME_ONE_LABEL, 0 },
	{ "label starts with hyphen", "-a.example", 0, 0 },
	{ "label ends with hyphen", "a-.example", 0, 0 },
	{ "last label ends with hyphen", "a.example-", 0, 0 },
	{ "hyphen alone", "a.-", 0, 0 },
};

static const struct {
	const char *name, *domain;
	int want;
} within[] = {
	{ "mail.example.com", "example.com", 1 },
	{ "EXAMPLE.com", "example.COM", 1 },
	{ "badexample.com", "example.com", 0 },
	{ "example.com", "mail.example.com", 0 },
	{ "example.com.evil", "example.com", 0 },
	{ "x", "", 0 },
};

int
main(void)
{
	char name[300];
	size_t i;

	plan(32);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_int(domain_name_ok(cases[i].in, cases[i].flags),
		    cases[i].want, "domain_name_ok: %s", cases[i].name);
	ok(!domain_name_ok(NULL, DOMAIN_NAME_ONE_LABEL),
	    "domain_name_ok: NULL is refused");
	/* 4 labels of 61 + dots: exactly 253 passes, 254 does not */
	memset(name, 'a', 253);
	name[61] = name[123] = name[185] = name[247] = '.';
	name[253] = '\0';
	ok(domain_name_ok(name, 0), "domain_name_ok: 253 octets pass");
	name[253] = 'b';
	name[254] = '\0';
	ok(!domain_name_ok(name, 0), "domain_name_ok: 254 octets do not");
	for (i = 0; i < sizeof(within) / sizeof(within[0]); i++)
		is_int(domain_is_within(within[i].name, within[i].domain),
		    within[i].want, "domain_is_within: %s in %s",
		    within[i].name, within[i].domain);
	return done_testing();
}
