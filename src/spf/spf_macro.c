/*
 * spf_macro.c - RFC 7208 7 macro expansion for explanation strings.
 * libspf2 hands back exp= texts with their macros and spaces unexpanded
 * ("See%me."), so the explanation is expanded here from the request's
 * values. Output is capped and never holds a control character, because
 * it may become an SMTP reply.
 */
#include <sys/types.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "spf/spf_int.h"

#define SPF_MACRO_PARTS 128 /* parts a value is split into, at most */

/* macro_value - the raw value of macro letter l (lower case) */
static void
macro_value(const struct spf_macro_env *env, char l, char *buf, size_t bufsz)
{
	const char *s = NULL;
	size_t i, n = 0;

	switch (l) {
	case 's':
		s = env->sender;
		break;
	case 'l':
		s = env->local;
		break;
	case 'o':
		s = env->sender_domain;
		break;
	case 'd':
		s = env->domain;
		break;
	case 'h':
		s = env->helo;
		break;
	case 'r':
		s = env->receiver;
		break;
	case 'p':
		s = env->client_domain;
		break;
	case 'v':
		s = env->family == AF_INET ? "in-addr" : "ip6";
		break;
	case 't':
		snprintf(buf, bufsz, "%lld", (long long)time(NULL));
		return;
	case 'c':
		if (env->family == AF_INET)
			inet_ntop(AF_INET, &env->a4, buf, bufsz);
		else
			inet_ntop(AF_INET6, &env->a6, buf, bufsz);
		return;
	case 'i':
		if (env->family == AF_INET) {
			inet_ntop(AF_INET, &env->a4, buf, bufsz);
			return;
		}
		/* RFC 7208 7.3: dot-separated nibbles */
		for (i = 0; i < 16 && n + 4 < bufsz; i++)
			n += (size_t)snprintf(buf + n, bufsz - n, "%s%X.%X",
			    i ? "." : "", env->a6.s6_addr[i] >> 4,
			    env->a6.s6_addr[i] & 0xf);
		return;
	}
	snprintf(buf, bufsz, "%s", s ? s : "unknown");
}

/* transform - split value on delims, maybe reverse, keep the rightmost
 * keep parts (0: all), join with dots into out (RFC 7208 7.3) */
static void
transform(char *value, const char *delims, bool rev, unsigned keep, char *out,
    size_t outsz)
{
	char *part[SPF_MACRO_PARTS], *p = value;
	size_t n = 0, i, start, o = 0;

	while (n < SPF_MACRO_PARTS && (part[n] = strsep(&p, delims)) != NULL)
		n++;
	if (rev)
		for (i = 0; i < n / 2; i++) {
			char *t = part[i];

			part[i] = part[n - 1 - i];
			part[n - 1 - i] = t;
		}
	start = keep != 0 && keep < n ? n - keep : 0;
	out[0] = '\0';
	for (i = start; i < n && o < outsz; i++)
		o += (size_t)snprintf(
		    out + o, outsz - o, "%s%s", i > start ? "." : "", part[i]);
}

/* url_escape - RFC 3986 escaping of what is not unreserved */
static void
url_escape(const char *in, char *out, size_t outsz)
{
	size_t o = 0;

	for (; *in != '\0' && o + 4 < outsz; in++) {
		unsigned char c = (unsigned char)*in;

		if (isalnum(c) || strchr("-._~", c) != NULL)
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, outsz - o, "%%%02X", c);
	}
	out[o] = '\0';
}

/* expand_one - one %{...} at s (checked syntax); appends to out */
static size_t
expand_one(
    const char *s, const struct spf_macro_env *env, char *out, size_t outsz)
{
	char raw[SPF_MAX_EXP], val[SPF_MAX_EXP], esc[SPF_MAX_EXP * 3];
	char delims[8] = "";
	size_t i = 3, nd = 0;
	unsigned keep = 0;
	bool rev = false;

	while (isdigit((unsigned char)s[i]))
		keep = keep * 10 + (unsigned)(s[i++] - '0');
	if (s[i] == 'r' || s[i] == 'R') {
		rev = true;
		i++;
	}
	while (s[i] != '}' && s[i] != '\0') {
		if (nd + 1 < sizeof(delims))
			delims[nd++] = s[i];
		i++;
	}
	delims[nd] = '\0';
	macro_value(env, (char)tolower((unsigned char)s[2]), raw, sizeof(raw));
	transform(raw, nd ? delims : ".", rev, keep, val, sizeof(val));
	if (isupper((unsigned char)s[2])) {
		url_escape(val, esc, sizeof(esc));
		strlcat(out, esc, outsz);
	} else
		strlcat(out, val, outsz);
	return s[i] == '}' ? i + 1 : i;
}

/* spf_macro_expand - expand an explain-string (checked by
 * spf_exp_check) into out; controls become '?' */
void
spf_macro_expand(
    const char *text, const struct spf_macro_env *env, char *out, size_t outsz)
{
	size_t n;
	char c[2] = { 0, 0 };

	out[0] = '\0';
	while (*text != '\0') {
		if (text[0] == '%' && text[1] == '{') {
			text += expand_one(text, env, out, outsz);
			continue;
		}
		if (text[0] == '%' && text[1] != '\0') {
			strlcat(out,
			    text[1] == '%'       ? "%"
			        : text[1] == '_' ? " "
			                         : "%20",
			    outsz);
			text += 2;
			continue;
		}
		c[0] = *text++;
		strlcat(out, c, outsz);
	}
	for (n = 0; out[n] != '\0'; n++)
		if ((unsigned char)out[n] < 0x20 || out[n] == 0x7f)
			out[n] = '?';
}
