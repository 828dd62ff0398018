/*
 * ipaddr.c - a textual address as family and bytes (see ipaddr.h).
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <string.h>

#include "util/ipaddr.h"

/* ipaddr_parse - text as an address, IPv4-mapped IPv6 as IPv4 */
bool
ipaddr_parse(const char *text, struct ipaddr *out)
{
	struct in6_addr v6;

	memset(out, 0, sizeof(*out));
	if (text == NULL)
		return false;
	if (inet_pton(AF_INET, text, &out->u.v4) == 1) {
		out->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, text, &v6) != 1)
		return false;
	if (IN6_IS_ADDR_V4MAPPED(&v6)) {
		out->family = AF_INET;
		memcpy(&out->u.v4, &v6.s6_addr[12], sizeof(out->u.v4));
	} else {
		out->family = AF_INET6;
		out->u.v6 = v6;
	}
	return true;
}
