/*
 * dkim_syntax.c - what libopendkim does not check in a signature before
 * its key is looked up (RFC 6376 3.5): d= a domain name, s= a selector,
 * i= an address whose domain is d= or below it, and a key name DNS can
 * carry. A signature failing here gets no key query and a neutral result
 * without the value, so no lenient reader of the field can take it for a
 * domain. Also the tests for echoing a= and b= as properties.
 */
#include <stdbool.h>
#include <string.h>

#include "dkim/dkim_int.h"
#include "util/domain.h"

#define DKIM_LOCAL_MAX 64 /* RFC 5321 4.5.3.1.1 */

/* hex_value - 0..15 for a hex digit, or -1 (RFC 6376 2.11 hex-octet:
 * ABNF HEXDIG, whose letters match either case) */
static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* local_char - RFC 5322 atext, or an 8-bit octet (RFC 6532 UTF-8) */
static bool
local_char(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80)
		return true;
	return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/*
 * local_ok - is the dkim-quoted-printable local part p (n octets, may be
 * empty) a dot-atom once decoded? White space is folding and is skipped
 * (RFC 6376 2.11). A quoted-string local part is refused.
 */
static bool
local_ok(const char *p, size_t n)
{
	size_t i, out = 0;
	int hi, lo;
	unsigned char c, prev = '.';

	for (i = 0; i < n; i++) {
		c = (unsigned char)p[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			if (i + 2 >= n || (hi = hex_value(p[i + 1])) < 0 ||
			    (lo = hex_value(p[i + 2])) < 0)
				return false;
			c = (unsigned char)(hi * 16 + lo);
			i += 2;
		}
		if (c == '.' ? prev == '.' : !local_char(c))
			return false;
		if (++out > DKIM_LOCAL_MAX)
			return false;
		prev = c;
	}
	return out == 0 || prev != '.';
}

/* identity_ok - RFC 6376 3.5 i=: [local-part] "@" domain-name, the
 * domain being d= or a subdomain of it */
static bool
identity_ok(const char *i, const char *d)
{
	const char *at = strrchr(i, '@');

	return at != NULL && local_ok(i, (size_t)(at - i)) &&
	    domain_name_ok(at + 1, 0) && domain_is_within(at + 1, d);
}

/* dkim_syntax_d_ok - is d= a domain name? */
bool
dkim_syntax_d_ok(DKIM_SIGINFO *sig)
{
	return domain_name_ok((const char *)dkim_sig_getdomain(sig), 0);
}

/* dkim_syntax_s_ok - is s= a selector (one or more labels)? */
bool
dkim_syntax_s_ok(DKIM_SIGINFO *sig)
{
	return domain_name_ok(
	    (const char *)dkim_sig_getselector(sig), DOMAIN_NAME_ONE_LABEL);
}

/* dkim_syntax_i_ok - is i= absent, or an address in a d= that is a
 * domain name? */
bool
dkim_syntax_i_ok(DKIM_SIGINFO *sig)
{
	const char *i = (const char *)dkim_sig_gettagvalue(
	    sig, false, (unsigned char *)"i");

	if (!dkim_syntax_d_ok(sig))
		return false;
	return i == NULL ||
	    identity_ok(i, (const char *)dkim_sig_getdomain(sig));
}

/* dkim_syntax_check - see dkim_int.h */
const char *
dkim_syntax_check(DKIM_SIGINFO *sig)
{
	const char *d = (const char *)dkim_sig_getdomain(sig);
	const char *s = (const char *)dkim_sig_getselector(sig);

	if (!dkim_syntax_d_ok(sig))
		return "signature syntax error: d= is not a domain name";
	if (!dkim_syntax_s_ok(sig))
		return "signature syntax error: s= is not a selector";
	/* s._domainkey.d must be a name DNS can carry */
	if (strlen(s) + sizeof("._domainkey.") - 1 + strlen(d) >
	    DOMAIN_NAME_MAX)
		return "signature syntax error: key name too long";
	if (!dkim_syntax_i_ok(sig))
		return "signature syntax error: i= is not an address in d=";
	return NULL;
}

/* dkim_syntax_alg_ok - may a= be echoed: RFC 6376 sig-a-tag-alg, one or
 * more runs of letters and digits joined by '-', at most 32 octets */
bool
dkim_syntax_alg_ok(const char *a)
{
	size_t n;

	if (a == NULL || (n = strlen(a)) == 0 || n > 32 || a[0] == '-' ||
	    a[n - 1] == '-')
		return false;
	return strspn(a,
	           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	           "0123456789-") == n;
}

/* dkim_syntax_b_ok - may b= (white space removed) be echoed: base64 */
bool
dkim_syntax_b_ok(const char *b)
{
	return b != NULL && b[0] != '\0' &&
	    b[strspn(b,
	        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	        "0123456789+/=")] == '\0';
}
