/*
 * domain.c - domain name syntax (RFC 5321 sub-domain, RFC 6376 3.5
 * domain-name) in one place, for every check that takes a name from a
 * peer: a name that fails here is never looked up and never written into
 * the field as a domain.
 */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "util/domain.h"

/* label_char - letter, digit, '-' or '_' (ASCII only) */
static bool
label_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* domain_name_ok - see domain.h */
bool
domain_name_ok(const char *name, unsigned flags)
{
	size_t len, i, label = 0, labels = 1;

	if (name == NULL)
		return false;
	len = strlen(name);
	if ((flags & DOMAIN_NAME_ROOT_DOT) && len > 1 && name[len - 1] == '.')
		len--;
	if (len == 0 || len > DOMAIN_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c == '.') {
			/* empty label, or one ending with '-' */
			if (label == 0 || name[i - 1] == '-')
				return false;
			label = 0;
			labels++;
			continue;
		}
		if (!label_char(c) || (c == '-' && label == 0) ||
		    ++label > DOMAIN_LABEL_MAX)
			return false;
	}
	if (label == 0 || name[len - 1] == '-')
		return false;
	return labels >= 2 || (flags & DOMAIN_NAME_ONE_LABEL) != 0;
}

/* domain_is_within - see domain.h */
bool
domain_is_within(const char *name, const char *domain)
{
	size_t n = strlen(name), d = strlen(domain);

	if (d == 0 || n < d || strcasecmp(name + (n - d), domain) != 0)
		return false;
	return n == d || name[n - d - 1] == '.';
}
