/*
 * report_rua.c - rua= parsing (RFC 9989 section on the rua tag): a comma
 * separated list of URIs, of which only mailto: is used; a "!" suffix
 * gives a size limit with an optional k, m, g or t unit; the address is
 * percent-decoded and then refused unless it is a plain local@domain.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "report/report_rua.h"

/* hexval - the value of one hex digit, -1 if it is none */
static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* decode - percent-decode s[0..n) into dst (cap bytes); -1 on error */
static int
decode(const char *s, size_t n, char *dst, size_t cap)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];

		if (c == '%') {
			int h, l;

			if (i + 2 >= n)
				return -1;
			h = hexval(s[i + 1]);
			l = hexval(s[i + 2]);
			if (h < 0 || l < 0)
				return -1;
			c = h * 16 + l;
			i += 2;
		}
		if (c == '\0' || o + 1 >= cap)
			return -1;
		dst[o++] = (char)c;
	}
	dst[o] = '\0';
	return 0;
}

/* parse_limit - the "!size" suffix in bytes; -1 if malformed */
static int
parse_limit(const char *s, size_t n, uint64_t *limit)
{
	uint64_t v = 0;
	size_t i = 0;

	if (n == 0)
		return -1;
	for (; i < n && isdigit((unsigned char)s[i]); i++) {
		if (v > UINT64_MAX / 10 - 9)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (i == 0)
		return -1;
	if (i < n) {
		const char *u = strchr("kmgt", tolower((unsigned char)s[i]));
		int shift;

		if (u == NULL || i + 1 != n)
			return -1;
		shift = 10 * (int)(u - "kmgt" + 1);
		if (v > (UINT64_MAX >> shift))
			return -1;
		v <<= shift;
	}
	*limit = v;
	return 0;
}

/* report_addr_ok - 1 when addr is a plain local@domain safe in a header */
int
report_addr_ok(const char *addr)
{
	const char *at = strchr(addr, '@');
	const char *p;

	if (at == NULL || at == addr || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL || strlen(addr) > REPORT_ADDR_MAX)
		return 0;
	for (p = addr; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= ' ' || c >= 0x7f || strchr("\",;:<>()[]\\", c))
			return 0;
	}
	for (p = at + 1; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
			return 0;
	return at[1] != '.' && p[-1] != '.';
}

/* report_addr_domain - the domain part of a checked address */
const char *
report_addr_domain(const char *addr)
{
	const char *at = strrchr(addr, '@');

	return at == NULL ? addr : at + 1;
}

/* trim - skip blanks at both ends of s[0..*n) */
static const char *
trim(const char *s, size_t *n)
{
	while (*n > 0 && isspace((unsigned char)*s)) {
		s++;
		(*n)--;
	}
	while (*n > 0 && isspace((unsigned char)s[*n - 1]))
		(*n)--;
	return s;
}

/* one_uri - one URI of the list into r; 0 when usable */
static int
one_uri(const char *s, size_t n, struct report_rua *r)
{
	const char *bang;
	size_t un;

	s = trim(s, &n);
	if (n < 7 || strncasecmp(s, "mailto:", 7) != 0)
		return -1;
	s += 7;
	n -= 7;
	bang = memchr(s, '!', n);
	un = bang == NULL ? n : (size_t)(bang - s);
	r->limit = 0;
	if (bang != NULL && parse_limit(bang + 1, n - un - 1, &r->limit) != 0)
		return -1;
	if (memchr(s, '?', un) != NULL)
		return -1;
	if (decode(s, un, r->addr, sizeof(r->addr)) != 0)
		return -1;
	return report_addr_ok(r->addr) ? 0 : -1;
}

/* report_rua_parse - the usable mailto: URIs of rua into out[], count */
size_t
report_rua_parse(const char *rua, struct report_rua *out, size_t max)
{
	size_t k = 0;

	while (rua != NULL && *rua != '\0' && k < max) {
		const char *comma = strchr(rua, ',');
		size_t n = comma == NULL ? strlen(rua) : (size_t)(comma - rua);

		if (one_uri(rua, n, &out[k]) == 0)
			k++;
		rua = comma == NULL ? NULL : comma + 1;
	}
	return k;
}
