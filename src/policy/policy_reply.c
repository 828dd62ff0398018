/*
 * policy_reply.c - the one SMTP reply builder: a 4xx/5xx code, an
 * enhanced status code of the same class (RFC 3463) and printable ASCII
 * text within a line; '%' doubled for libmilter's smfi_setreply(), which
 * ignores a text with a single '%'. Also the reply templates of the
 * config ("%{exp}") and the defaults by method (RFC 7372, RFC 4954 6).
 * Text from DNS or SMTP is sanitized before it goes into a reply.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authres/authres.h"
#include "policy/policy.h"
#include "policy/policy_int.h"

static const char *const tmpl_names[] = { "exp", "from", "d", "result",
	"method" };
#define TMPL_NAME_MAX 16

/* check_rcode - three digits, the first 4 or 5 (cls when it is set) */
static int
check_rcode(char cls, const char *rcode, char *err, size_t errlen)
{
	if (rcode == NULL || strlen(rcode) != 3 ||
	    !isdigit((unsigned char)rcode[0]) ||
	    !isdigit((unsigned char)rcode[1]) ||
	    !isdigit((unsigned char)rcode[2])) {
		snprintf(err, errlen, "reply code '%s' is not three digits",
		    rcode == NULL ? "" : rcode);
		return -1;
	}
	if (rcode[0] != '4' && rcode[0] != '5') {
		snprintf(err, errlen,
		    "reply code %s is not 4xx or 5xx: only those refuse mail",
		    rcode);
		return -1;
	}
	if (cls != 0 && rcode[0] != cls) {
		snprintf(err, errlen, "%s needs a %cxx reply code, not %s",
		    cls == '5' ? "reject" : "tempfail", cls, rcode);
		return -1;
	}
	return 0;
}

/* xcode_part - digits of one X.Y.Z part: 1 to max_digits, no leading 0
 * unless the part is "0" (RFC 3463 2); returns the octets used, 0: bad */
static size_t
xcode_part(const char *s, size_t max_digits)
{
	size_t n = 0;

	while (isdigit((unsigned char)s[n]) && n <= max_digits)
		n++;
	if (n == 0 || n > max_digits || (n > 1 && s[0] == '0'))
		return 0;
	return n;
}

/* check_xcode - "C.SSS.DDD": class C of rcode, subject and detail 0-999 */
static int
check_xcode(const char *rcode, const char *xcode, char *err, size_t errlen)
{
	const char *p = xcode;
	size_t n;

	if (strlen(xcode) > POLICY_XCODE_MAX || (p[0] != '4' && p[0] != '5') ||
	    p[1] != '.')
		goto bad;
	p += 2;
	if ((n = xcode_part(p, 3)) == 0 || p[n] != '.')
		goto bad;
	p += n + 1;
	if ((n = xcode_part(p, 3)) == 0 || p[n] != '\0')
		goto bad;
	if (xcode[0] != rcode[0]) {
		snprintf(err, errlen,
		    "enhanced code %s is not of the class of reply code %s",
		    xcode, rcode);
		return -1;
	}
	return 0;
bad:
	snprintf(err, errlen,
	    "enhanced code '%.16s' is not 4.X.Y or 5.X.Y with X and Y 0-999",
	    xcode);
	return -1;
}

/* check_text - printable ASCII and a length that fits one reply line */
static int
check_text(const char *text, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; text[i] != '\0'; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\r' || c == '\n') {
			snprintf(err, errlen,
			    "reply text has a line break (CR or LF)");
			return -1;
		}
		if (c < 0x20 || c > 0x7e) {
			snprintf(err, errlen,
			    "reply text has a control or 8-bit octet (0x%02x)",
			    c);
			return -1;
		}
		if (i >= POLICY_TEXT_MAX) {
			snprintf(err, errlen,
			    "reply text is longer than %d octets",
			    POLICY_TEXT_MAX);
			return -1;
		}
	}
	return 0;
}

/* policy_reply_build - check the parts and fill r (see policy.h) */
int
policy_reply_build(struct policy_reply *r, char cls, const char *rcode,
    const char *xcode, const char *text, char *err, size_t errlen)
{
	size_t i, o;

	if (text == NULL)
		text = "";
	if (check_rcode(cls, rcode, err, errlen) == -1)
		return -1;
	if (xcode != NULL && xcode[0] != '\0' &&
	    check_xcode(rcode, xcode, err, errlen) == -1)
		return -1;
	if (check_text(text, err, errlen) == -1)
		return -1;
	memset(r, 0, sizeof(*r));
	memcpy(r->rcode, rcode, 3);
	if (xcode != NULL)
		strlcpy(r->xcode, xcode, sizeof(r->xcode));
	strlcpy(r->text, text, sizeof(r->text));
	/* fits: text <= POLICY_TEXT_MAX, mtext holds twice that */
	for (i = o = 0; text[i] != '\0'; i++) {
		if (text[i] == '%')
			r->mtext[o++] = '%';
		r->mtext[o++] = text[i];
	}
	r->mtext[o] = '\0';
	return 0;
}

/* policy_reply_sanitize - hostile text made fit for a reply (policy.h) */
char *
policy_reply_sanitize(const char *in, char *out, size_t outsz)
{
	size_t i, o = 0;
	bool space = false;

	if (outsz == 0)
		return out;
	if (in == NULL)
		in = "";
	for (i = 0; in[i] != '\0'; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			space = o > 0;
			continue;
		}
		if (space && o + 1 < outsz)
			out[o++] = ' ';
		space = false;
		if (o + 1 >= outsz) {
			/* cut: mark it where there is room for the mark */
			if (outsz > 4) {
				memcpy(out + outsz - 4, "...", 3);
				o = outsz - 1;
			}
			break;
		}
		out[o++] = (c < 0x20 || c > 0x7e) ? '?' : (char)c;
	}
	out[o] = '\0';
	return out;
}

/* tmpl_name - the placeholder at t (just after "%{"): its index in
 * tmpl_names and its length up to '}' in *len; -1 when unknown */
static int
tmpl_name(const char *t, size_t *len)
{
	const char *end = strchr(t, '}');
	size_t i, n;

	if (end == NULL || (n = (size_t)(end - t)) >= TMPL_NAME_MAX)
		return -1;
	*len = n;
	for (i = 0; i < sizeof(tmpl_names) / sizeof(tmpl_names[0]); i++)
		if (strlen(tmpl_names[i]) == n &&
		    strncmp(t, tmpl_names[i], n) == 0)
			return (int)i;
	return -1;
}

/* policy_tmpl_check - see policy_int.h */
int
policy_tmpl_check(const char *t, char *err, size_t errlen)
{
	size_t i, n;

	if (check_text(t, err, errlen) == -1)
		return -1;
	for (i = 0; t[i] != '\0'; i++) {
		if (t[i] != '%')
			continue;
		if (t[i + 1] == '%') {
			i++;
			continue;
		}
		if (t[i + 1] != '{') {
			snprintf(err, errlen,
			    "a lone '%%' in the reply text: "
			    "write %%%% for a percent sign");
			return -1;
		}
		if (tmpl_name(t + i + 2, &n) == -1) {
			snprintf(err, errlen,
			    "unknown placeholder at '%.20s' "
			    "(known: %%{exp} %%{from} %%{d} %%{result} "
			    "%%{method})",
			    t + i);
			return -1;
		}
		i += n + 2;
	}
	return 0;
}

/* tmpl_value - the value of placeholder k */
static const char *
tmpl_value(int k, const struct policy_tmpl_vars *v)
{
	const char *s[] = { v->exp, v->from, v->d, v->result, v->method };

	return s[k] == NULL ? "" : s[k];
}

/* policy_tmpl_expand - see policy_int.h */
char *
policy_tmpl_expand(
    const char *t, const struct policy_tmpl_vars *v, char *out, size_t outsz)
{
	size_t i, o = 0, n;
	int k;

	if (outsz == 0)
		return out;
	for (i = 0; t[i] != '\0' && o + 1 < outsz; i++) {
		if (t[i] != '%') {
			out[o++] = t[i];
			continue;
		}
		if (t[i + 1] == '%') {
			out[o++] = '%';
			i++;
			continue;
		}
		if (t[i + 1] != '{' || (k = tmpl_name(t + i + 2, &n)) == -1)
			break; /* not a checked template: stop here */
		policy_reply_sanitize(tmpl_value(k, v), out + o, outsz - o);
		o += strlen(out + o);
		i += n + 2;
	}
	out[o] = '\0';
	return out;
}

/* policy_reply_default - see policy_int.h */
void
policy_reply_default(enum policy_action action, enum policy_method m,
    int result, bool have_exp, const char **rcode, const char **xcode,
    const char **tmpl)
{
	bool temp = action == POLICY_ACTION_TEMPFAIL;

	*rcode = temp ? "451" : "550";
	switch (m) {
	case POLICY_METHOD_IPREV: /* RFC 7372 3.3 */
		*xcode = temp ? "4.7.25" : "5.7.25";
		*tmpl = temp ? "Reverse DNS validation error, try again later"
		             : "Reverse DNS validation failed";
		break;
	case POLICY_METHOD_SPF: /* RFC 7372 3.2; RFC 7208 8.4 */
	case POLICY_METHOD_SPF_HELO:
		*xcode = temp                            ? "4.7.24"
		    : result == AUTHRES_RESULT_PERMERROR ? "5.7.24"
		                                         : "5.7.23";
		if (temp)
			*tmpl = "SPF validation error, try again later";
		else if (result == AUTHRES_RESULT_PERMERROR)
			*tmpl = "SPF validation error";
		else if (m == POLICY_METHOD_SPF_HELO)
			*tmpl = "SPF validation of the HELO name failed";
		else
			*tmpl = have_exp ? "SPF validation failed: %{exp}"
			                 : "SPF validation failed";
		break;
	case POLICY_METHOD_DKIM: /* RFC 7372 3.1 */
		*xcode = temp                         ? "4.7.0"
		    : result == AUTHRES_RESULT_POLICY ? "5.7.21"
		                                      : "5.7.20";
		*tmpl = temp ? "DKIM validation error, try again later"
		    : result == AUTHRES_RESULT_POLICY
		    ? "No acceptable DKIM signature found"
		    : "No passing DKIM signature found";
		break;
	case POLICY_METHOD_DMARC: /* RFC 7372 3 style: 5.7.1, naming DMARC */
		*xcode = temp ? "4.7.1" : "5.7.1";
		*tmpl = temp ? "DMARC validation error, try again later"
		    : result == AUTHRES_RESULT_PERMERROR
		    ? "DMARC validation error: the From field cannot be checked"
		    : "Rejected by the DMARC policy of %{d}";
		break;
	case POLICY_METHOD_AUTH: /* RFC 4954 6 */
		*rcode = temp ? "454" : "530";
		*xcode = temp ? "4.7.0" : "5.7.0";
		*tmpl = temp ? "Temporary authentication failure"
		             : "Authentication required";
		break;
	}
	if (action == POLICY_ACTION_QUARANTINE)
		*tmpl = "%{method}=%{result} by local policy";
}
