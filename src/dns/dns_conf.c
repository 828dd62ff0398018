/*
 * dns_conf.c - where queries go: the Nameservers setting ("ADDR[@PORT]"
 * items separated by commas, IPv4 or IPv6 literals, port 1-65535, default
 * 53) or the "nameserver" lines of resolv.conf. No names are resolved
 * here: only numeric addresses, at most DNS_MAX_SERVERS of them.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <ctype.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/dns_int.h"

#define DNS_ITEM_MAX 128 /* one "ADDR@PORT" item */

/* add_server - parse one "ADDR[@PORT]" into the resolver */
static int
add_server(struct dns_resolver *r, const char *item, char *err, size_t errlen)
{
	struct addrinfo hints, *ai;
	char addr[DNS_ITEM_MAX];
	const char *at, *errstr = NULL;
	long long port = 53;
	size_t alen;

	if (r->nservers == DNS_MAX_SERVERS) {
		snprintf(err, errlen, "Nameservers: more than %d servers",
		    DNS_MAX_SERVERS);
		return -1;
	}
	at = strchr(item, '@');
	alen = at ? (size_t)(at - item) : strlen(item);
	if (alen == 0 || alen >= sizeof(addr)) {
		snprintf(err, errlen, "Nameservers: bad address '%.64s'", item);
		return -1;
	}
	memcpy(addr, item, alen);
	addr[alen] = '\0';
	if (at != NULL) {
		port = strtonum(at + 1, 1, 65535, &errstr);
		if (errstr != NULL) {
			snprintf(err, errlen, "Nameservers: port '%.16s' is %s",
			    at + 1, errstr);
			return -1;
		}
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST;
	if (getaddrinfo(addr, NULL, &hints, &ai) != 0 || ai == NULL) {
		snprintf(err, errlen, "Nameservers: bad address '%.64s'", addr);
		return -1;
	}
	memcpy(&r->servers[r->nservers].addr, ai->ai_addr, ai->ai_addrlen);
	r->servers[r->nservers].len = ai->ai_addrlen;
	if (ai->ai_family == AF_INET)
		((struct sockaddr_in *)&r->servers[r->nservers].addr)
		    ->sin_port = htons((uint16_t)port);
	else
		((struct sockaddr_in6 *)&r->servers[r->nservers].addr)
		    ->sin6_port = htons((uint16_t)port);
	r->nservers++;
	freeaddrinfo(ai);
	return 0;
}

/* dns_conf_servers - parse a Nameservers value; -1 with err set */
int
dns_conf_servers(
    struct dns_resolver *r, const char *list, char *err, size_t errlen)
{
	char item[DNS_ITEM_MAX];
	const char *p = list, *end;
	size_t n;

	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		end = p + strcspn(p, ",");
		n = (size_t)(end - p);
		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		if (n == 0 || n >= sizeof(item)) {
			snprintf(err, errlen, "Nameservers: %s item in '%.64s'",
			    n ? "overlong" : "empty", list);
			return -1;
		}
		memcpy(item, p, n);
		item[n] = '\0';
		if (add_server(r, item, err, errlen) == -1)
			return -1;
		if (*end == '\0')
			return 0;
		p = end + 1;
	}
}

/* dns_conf_resolv - the nameserver lines of a resolv.conf file (none, or
 * no file: 127.0.0.1, as resolv.conf(5) says) */
int
dns_conf_resolv(
    struct dns_resolver *r, const char *path, char *err, size_t errlen)
{
	char line[512], *p, *addr;
	FILE *fp;

	if ((fp = fopen(path, "re")) != NULL) {
		while (fgets(line, sizeof(line), fp) != NULL &&
		    r->nservers < DNS_MAX_SERVERS) {
			p = line;
			while (isspace((unsigned char)*p))
				p++;
			if (strncmp(p, "nameserver", 10) != 0 ||
			    !isspace((unsigned char)p[10]))
				continue;
			p += 10;
			while (isspace((unsigned char)*p))
				p++;
			addr = p;
			p += strcspn(p, " \t\r\n#;");
			*p = '\0';
			/* a line we cannot use is skipped, as libc does */
			if (*addr != '\0' && strchr(addr, '@') == NULL)
				(void)add_server(r, addr, err, errlen);
		}
		fclose(fp);
	}
	if (r->nservers == 0)
		return dns_conf_servers(r, "127.0.0.1", err, errlen);
	return 0;
}
