/*
 * conf_value.c - the value syntaxes of the configuration file: numbers in
 * a range, yes/no, octal modes, durations, lists, CIDR blocks, name server
 * addresses and milter sockets. Each parser writes the reason for a
 * refusal into err and leaves its output alone then.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf/conf.h"
#include "conf/conf_int.h"

/* conf_value_number - a decimal integer in [min, max] */
int
conf_value_number(const char *s, long long min, long long max, long long *out,
    char *err, size_t errlen)
{
	const char *why = NULL;
	long long n;

	n = strtonum(s, min, max, &why);
	if (why != NULL) {
		snprintf(err, errlen, "'%s' is not a number from %lld to %lld",
		    s, min, max);
		return -1;
	}
	*out = n;
	return 0;
}

/* conf_value_bool - yes/no, true/false, on/off, 1/0 */
int
conf_value_bool(const char *s, bool *out, char *err, size_t errlen)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	snprintf(err, errlen, "'%s' is not yes or no", s);
	return -1;
}

/* conf_value_octal - an octal number in [0, max], e.g. a umask */
int
conf_value_octal(const char *s, unsigned long max, unsigned long *out,
    char *err, size_t errlen)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(s, &end, 8);
	if (*s < '0' || *s > '7' || *end != '\0' || errno != 0 || n > max) {
		snprintf(err, errlen, "'%s' is not an octal number up to %lo",
		    s, max);
		return -1;
	}
	*out = n;
	return 0;
}

/* conf_value_duration_ms - "5" or "5s" (seconds) or "500ms", within
 * [min_ms, max_ms] */
int
conf_value_duration_ms(const char *s, unsigned min_ms, unsigned max_ms,
    unsigned *out, char *err, size_t errlen)
{
	char num[32];
	size_t n = strspn(s, "0123456789");
	long long v, scale = 1000;
	const char *why = NULL;

	if (strcmp(s + n, "ms") == 0)
		scale = 1;
	else if (s[n] != '\0' && strcmp(s + n, "s") != 0)
		n = 0;
	if (n > 0 && n < sizeof(num)) {
		memcpy(num, s, n);
		num[n] = '\0';
		v = strtonum(num, 0, max_ms, &why);
		if (why == NULL && v * scale >= min_ms && v * scale <= max_ms) {
			*out = (unsigned)(v * scale);
			return 0;
		}
	}
	snprintf(err, errlen,
	    "'%s' is not a duration from %ums to %us (e.g. 5, 5s, 500ms)", s,
	    min_ms, max_ms / 1000);
	return -1;
}

/* conf_list_next - the next item of a comma- or space-separated list:
 * copies it into item and advances *sp; false at the end */
bool
conf_list_next(const char **sp, char *item, size_t itemlen)
{
	const char *s = *sp;
	size_t n;

	s += strspn(s, ", \t");
	if (*s == '\0')
		return false;
	n = strcspn(s, ", \t");
	if (n >= itemlen)
		n = itemlen - 1; /* callers refuse: the item then differs */
	memcpy(item, s, n);
	item[n] = '\0';
	*sp = s + strcspn(s, ", \t");
	return true;
}

/* conf_value_cidr - "ADDR" or "ADDR/PREFIX", IPv4 or IPv6; host bits are
 * cleared */
int
conf_value_cidr(const char *s, struct conf_cidr *out, char *err, size_t errlen)
{
	char addr[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(s, '/'), *why = NULL;
	size_t n = slash != NULL ? (size_t)(slash - s) : strlen(s);
	struct conf_cidr c;
	unsigned max, i;

	memset(&c, 0, sizeof(c));
	if (n >= sizeof(addr))
		goto bad;
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (inet_pton(AF_INET, addr, c.addr) == 1) {
		c.family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, addr, c.addr) == 1) {
		c.family = AF_INET6;
		max = 128;
	} else
		goto bad;
	c.prefix = max;
	if (slash != NULL) {
		if (slash[1] < '0' || slash[1] > '9')
			goto bad;
		c.prefix = (unsigned)strtonum(slash + 1, 0, max, &why);
		if (why != NULL)
			goto bad;
	}
	for (i = c.prefix; i < max; i++)
		c.addr[i / 8] &= (unsigned char)~(0x80u >> (i % 8));
	*out = c;
	return 0;
bad:
	snprintf(err, errlen, "'%s' is not an address or CIDR block", s);
	return -1;
}

/* conf_cidr_match - is the address (4 or 16 octets of family) inside c? */
bool
conf_cidr_match(
    const struct conf_cidr *c, int family, const unsigned char *addr)
{
	unsigned i;

	if (c->family != family)
		return false;
	for (i = 0; i < c->prefix; i++) {
		unsigned bit = 0x80u >> (i % 8);

		if ((c->addr[i / 8] & bit) != (addr[i / 8] & bit))
			return false;
	}
	return true;
}

/* conf_value_port - a port number 1-65535 as text */
static bool
conf_value_port(const char *s)
{
	const char *why = NULL;

	if (*s < '0' || *s > '9')
		return false;
	strtonum(s, 1, 65535, &why);
	return why == NULL;
}

/* conf_value_nameserver - "ADDR[@PORT]" with a literal IPv4 or IPv6
 * address */
int
conf_value_nameserver(const char *s, char *err, size_t errlen)
{
	char addr[INET6_ADDRSTRLEN + 1];
	unsigned char bin[16];
	const char *at = strchr(s, '@');
	size_t n = at != NULL ? (size_t)(at - s) : strlen(s);

	if (n > 0 && n < sizeof(addr)) {
		memcpy(addr, s, n);
		addr[n] = '\0';
		if ((inet_pton(AF_INET, addr, bin) == 1 ||
		        inet_pton(AF_INET6, addr, bin) == 1) &&
		    (at == NULL || conf_value_port(at + 1)))
			return 0;
	}
	snprintf(err, errlen, "'%s' is not ADDR[@PORT] (an IP address)", s);
	return -1;
}

/* conf_check_host - a host name or address for inet sockets */
static bool
conf_check_host(const char *h, int family)
{
	unsigned char bin[16];
	const char *p;

	if (*h == '\0' || strlen(h) > 253)
		return false;
	if (family == AF_INET6)
		return inet_pton(AF_INET6, h, bin) == 1;
	for (p = h; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-')
			return false;
	return true;
}

/* conf_check_socket - inet:PORT[@HOST], inet6:PORT[@HOST], unix:PATH or
 * local:PATH, as libmilter accepts them */
int
conf_check_socket(const char *s, char *err, size_t errlen)
{
	struct sockaddr_un sun;
	char port[8];
	const char *rest, *at;
	size_t n;
	int family = AF_INET;

	if (strncasecmp(s, "unix:", 5) == 0 ||
	    strncasecmp(s, "local:", 6) == 0) {
		rest = strchr(s, ':') + 1;
		if (*rest != '\0' && strlen(rest) < sizeof(sun.sun_path))
			return 0;
		snprintf(err, errlen,
		    "'%s': a socket path must have 1 to %zu octets", s,
		    sizeof(sun.sun_path) - 1);
		return -1;
	}
	if (strncasecmp(s, "inet6:", 6) == 0) {
		family = AF_INET6;
		rest = s + 6;
	} else if (strncasecmp(s, "inet:", 5) == 0)
		rest = s + 5;
	else {
		snprintf(err, errlen,
		    "'%s' is not inet:PORT@HOST, inet6:PORT@HOST, unix:PATH "
		    "or local:PATH",
		    s);
		return -1;
	}
	at = strchr(rest, '@');
	n = at != NULL ? (size_t)(at - rest) : strlen(rest);
	if (n > 0 && n < sizeof(port)) {
		memcpy(port, rest, n);
		port[n] = '\0';
		if (conf_value_port(port) &&
		    (at == NULL || conf_check_host(at + 1, family)))
			return 0;
	}
	snprintf(err, errlen, "'%s': bad port (1-65535) or host", s);
	return -1;
}
