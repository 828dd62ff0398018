/*
 * ipaddr.h - a client address given as text (the MTA's macro, a command
 * line), read once the same way everywhere: IPv4 or IPv6, and an
 * IPv4-mapped IPv6 address (::ffff:192.0.2.1, a client of a dual-stack
 * socket) taken as the IPv4 address it carries (RFC 4291 2.5.5.2, RFC
 * 7208 5). src/dns reads reverse-lookup names on its own (it includes no
 * other module).
 */
#ifndef IPADDR_H
#define IPADDR_H

#include <netinet/in.h>
#include <stdbool.h>

struct ipaddr {
	int family; /* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
		unsigned char bytes[16]; /* 4 of them for AF_INET */
	} u;
};

/* ipaddr_parse - text as an address into out (unmapped, see above);
 * false, out zeroed, when text is NULL or not an address */
bool ipaddr_parse(const char *text, struct ipaddr *out);

#endif /* IPADDR_H */
