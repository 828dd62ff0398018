/*
 * ipaddr.c - tests for util/ipaddr: IPv4, IPv6, IPv4-mapped IPv6 taken as
 * IPv4, and everything else refused.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "util/ipaddr.h"

static const struct {
	const char *name, *in;
	int family;       /* 0: must be refused */
	const char *want; /* the address as inet_ntop writes it */
} cases[] = {
	{ "IPv4", "192.0.2.1", AF_INET, "192.0.2.1" },
	{ "IPv6", "2001:db8::1", AF_INET6, "2001:db8::1" },
	{ "IPv6 loopback", "::1", AF_INET6, "::1" },
	{ "IPv4-mapped is IPv4", "::ffff:192.0.2.7", AF_INET, "192.0.2.7" },
	{ "IPv4-mapped in hex", "::ffff:c000:0201", AF_INET, "192.0.2.1" },
	{ "IPv4-compatible stays IPv6", "::192.0.2.1", AF_INET6,
	    "::192.0.2.1" },
	{ "empty", "", 0, NULL },
	{ "a name", "mail.example", 0, NULL },
	{ "brackets", "[192.0.2.1]", 0, NULL },
	{ "IPv6: prefix", "IPv6:2001:db8::1", 0, NULL },
	{ "trailing space", "192.0.2.1 ", 0, NULL },
	{ "octet over 255", "192.0.2.256", 0, NULL },
	{ "short IPv4", "192.0.2", 0, NULL },
	{ "zone id", "fe80::1%eth0", 0, NULL },
};

int
main(void)
{
	struct ipaddr a;
	char buf[INET6_ADDRSTRLEN];
	size_t i;
	bool r;

	plan((int)(sizeof(cases) / sizeof(cases[0])) * 2 + 1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = ipaddr_parse(cases[i].in, &a);
		is_int(r ? a.family : 0, cases[i].family, "%s: family",
		    cases[i].name);
		if (cases[i].want == NULL)
			is_int(a.family, 0, "%s: out zeroed", cases[i].name);
		else
			is_str(inet_ntop(a.family, &a.u, buf, sizeof(buf)),
			    cases[i].want, "%s: address", cases[i].name);
	}
	ok(!ipaddr_parse(NULL, &a), "NULL is refused");
	return done_testing();
}
