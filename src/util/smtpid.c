/*
 * smtpid.c - the grammar of SMTP identities (RFC 5321 4.1.2, RFC 6531)
 * for what we check and what we echo into Authentication-Results: the
 * mailbox of a MAIL FROM path without its source route, A-labels for
 * domains (libidn2, IDNA2008 with UTS 46 mapping), Dot-strings, address
 * literals and AUTH names. General address literals (RFC 5321 4.1.3
 * Standardized-tag) are not taken; nothing longer than 1023 octets is.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <idn2.h>

#include "util/smtpid.h"
#include "util/utf8.h"

/* route_len - the length of a source route at s, ":" included, or 0 */
static size_t
route_len(const char *s, size_t n)
{
	const char *close;
	size_t i = 0, start;

	for (;;) {
		if (i >= n || s[i] != '@')
			return 0;
		start = ++i;
		while (i < n && s[i] != ',' && s[i] != ':') {
			if (strchr("@<>\" \t", s[i]) != NULL)
				return 0;
			/* an IPv6 literal holds colons */
			if (s[i] == '[' &&
			    (close = memchr(s + i, ']', n - i)) != NULL)
				i = (size_t)(close - s);
			i++;
		}
		if (i == start || i >= n)
			return 0;
		if (s[i] == ':')
			return i + 1;
		i++; /* ',' */
	}
}

/* smtpid_mailbox - the mailbox of a path, route and brackets removed */
void
smtpid_mailbox(const char *s, const char **mbox, size_t *len)
{
	size_t n, r;

	if (s == NULL)
		s = "";
	n = strlen(s);
	if (n >= 2 && s[0] == '<' && s[n - 1] == '>') {
		s++;
		n -= 2;
	}
	/* RFC 5321 4.1.2 [ A-d-l ":" ] Mailbox; C: the route is ignored */
	if ((r = route_len(s, n)) > 0) {
		s += r;
		n -= r;
	}
	*mbox = s;
	*len = n;
}

/* smtpid_utf8_ok - valid UTF-8 throughout */
bool
smtpid_utf8_ok(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if ((n = utf8_seq_len(u + i, len - i)) == 0)
			return false;
		i += n;
	}
	return true;
}

/* is_7bit - no octet above 0x7f */
static bool
is_7bit(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/* smtpid_domain_alabel - d as A-labels (RFC 5890 2.3.2.1) into out */
bool
smtpid_domain_alabel(const char *d, size_t len, char *out, size_t outsz)
{
	char in[SMTPID_MAX_TEXT];
	uint8_t *a = NULL;
	bool fits;

	if (outsz == 0)
		return false;
	out[0] = '\0';
	if (len == 0 || len >= sizeof(in) || memchr(d, '\0', len) != NULL)
		return false;
	if (is_7bit(d, len)) {
		if (len >= outsz)
			return false;
		memcpy(out, d, len);
		out[len] = '\0';
		return true;
	}
	if (!smtpid_utf8_ok(d, len))
		return false;
	memcpy(in, d, len);
	in[len] = '\0';
	if (idn2_lookup_u8((const uint8_t *)in, &a,
	        IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) != IDN2_OK)
		return false;
	fits = strlcpy(out, (const char *)a, outsz) < outsz;
	idn2_free(a);
	if (!fits)
		out[0] = '\0';
	return fits;
}

/* smtpid_domain_ok - LDH (and '_') labels, 1..63 octets, 253 in all, an
 * optional final dot */
bool
smtpid_domain_ok(const char *d, size_t len)
{
	size_t i, label = 0;

	if (len > 0 && d[len - 1] == '.')
		len--;
	if (len == 0 || len > 253)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)d[i];

		if (c == '.') {
			if (label == 0 || d[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && c != '-' && c != '_')
			return false;
		if ((label == 0 && c == '-') || ++label > 63)
			return false;
	}
	return d[len - 1] != '-';
}

/* smtpid_literal_ok - "[IPv4]" or "[IPv6:address]" */
bool
smtpid_literal_ok(const char *s, size_t len)
{
	char buf[64];
	unsigned char bin[16];

	if (len < 3 || len - 2 >= sizeof(buf) || s[0] != '[' ||
	    s[len - 1] != ']')
		return false;
	memcpy(buf, s + 1, len - 2);
	buf[len - 2] = '\0';
	if (strncasecmp(buf, "IPv6:", 5) == 0)
		return inet_pton(AF_INET6, buf + 5, bin) == 1;
	return strchr(buf, ':') == NULL && inet_pton(AF_INET, buf, bin) == 1;
}

/* smtpid_dot_string - atoms of atext (RFC 5321 4.1.2) joined by dots */
bool
smtpid_dot_string(const char *s, size_t len, bool utf8, bool eq)
{
	size_t i, atom = 0;

	if (len == 0 ||
	    (!is_7bit(s, len) && (!utf8 || !smtpid_utf8_ok(s, len))))
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (atom == 0)
				return false;
			atom = 0;
			continue;
		}
		if (c < 0x80 && !(c >= 'a' && c <= 'z') &&
		    !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') &&
		    (c == '\0' || strchr("!#$%&'*+-/?^_`{|}~", c) == NULL) &&
		    !(eq && c == '='))
			return false;
		atom++;
	}
	return atom > 0;
}

/* smtpid_auth_ok - a user name or address without '=' (see smtpid.h) */
bool
smtpid_auth_ok(const char *s, bool utf8)
{
	char alabel[SMTPID_MAX_DOMAIN + 1];
	size_t len = strnlen(s, 256);
	const char *at;

	if (len == 0 || len > 255)
		return false;
	if ((at = strrchr(s, '@')) == NULL)
		return smtpid_dot_string(s, len, utf8, false);
	if (!smtpid_dot_string(s, (size_t)(at - s), utf8, false))
		return false;
	len -= (size_t)(at - s) + 1;
	if (!utf8 && !is_7bit(at + 1, len))
		return false;
	return smtpid_domain_alabel(at + 1, len, alabel, sizeof(alabel)) &&
	    smtpid_domain_ok(alabel, strlen(alabel));
}

/* smtpid_smtputf8 - SMTPUTF8 among the ESMTP parameters */
bool
smtpid_smtputf8(char *const *params)
{
	size_t i;

	for (i = 0; params != NULL && params[i] != NULL; i++)
		if (strcasecmp(params[i], "SMTPUTF8") == 0)
			return true;
	return false;
}
