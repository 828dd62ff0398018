/*
 * policy_rule.c - parse one PolicyRule value:
 *   ACTION METHOD=RESULT[,RESULT...] [from=DOMAINS] [d=DOMAINS]
 *          [unless-authenticated] [CODE [XCODE]] ["TEXT"]
 * Words are separated by white space; the text is in double quotes with
 * \" and \\ as its only escapes. Everything is checked here, so a rule
 * that was read can always build its reply.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "authres/authres.h"
#include "policy/policy.h"
#include "policy/policy_int.h"
#include "util/domain.h"

#define WORD_MAX (POLICY_MAX_DOMAINS * (POLICY_DOMAIN_MAX + 2) + 8)

static const char *const method_names[] = { "iprev", "spf", "spf-helo", "dkim",
	"auth", "dmarc" };

#define BIT(r) (1u << (r))
#define R_ANY_ERR \
	(BIT(AUTHRES_RESULT_TEMPERROR) | BIT(AUTHRES_RESULT_PERMERROR))
/* RFC 8601 2.7: the results each method can have */
static const unsigned method_results[] = {
	[POLICY_METHOD_IPREV] =
	    BIT(AUTHRES_RESULT_PASS) | BIT(AUTHRES_RESULT_FAIL) | R_ANY_ERR,
	[POLICY_METHOD_SPF] = BIT(AUTHRES_RESULT_NONE) |
	    BIT(AUTHRES_RESULT_NEUTRAL) | BIT(AUTHRES_RESULT_PASS) |
	    BIT(AUTHRES_RESULT_FAIL) | BIT(AUTHRES_RESULT_SOFTFAIL) | R_ANY_ERR,
	[POLICY_METHOD_SPF_HELO] = BIT(AUTHRES_RESULT_NONE) |
	    BIT(AUTHRES_RESULT_NEUTRAL) | BIT(AUTHRES_RESULT_PASS) |
	    BIT(AUTHRES_RESULT_FAIL) | BIT(AUTHRES_RESULT_SOFTFAIL) | R_ANY_ERR,
	[POLICY_METHOD_DKIM] = BIT(AUTHRES_RESULT_NONE) |
	    BIT(AUTHRES_RESULT_PASS) | BIT(AUTHRES_RESULT_FAIL) |
	    BIT(AUTHRES_RESULT_POLICY) | BIT(AUTHRES_RESULT_NEUTRAL) |
	    R_ANY_ERR,
	[POLICY_METHOD_AUTH] = BIT(AUTHRES_RESULT_NONE) |
	    BIT(AUTHRES_RESULT_PASS) | BIT(AUTHRES_RESULT_FAIL) | R_ANY_ERR,
	[POLICY_METHOD_DMARC] = BIT(AUTHRES_RESULT_NONE) |
	    BIT(AUTHRES_RESULT_PASS) | BIT(AUTHRES_RESULT_FAIL) | R_ANY_ERR,
};

/* The policies a dmarc rule's policy= may name (RFC 9989 p=). */
static const char *const dmarc_policy_names[] = { "none", "quarantine",
	"reject" };

static const char *const action_names[] = { "none", "accept", "reject",
	"tempfail", "quarantine", "discard" };

/* policy_method_name - see policy_int.h */
const char *
policy_method_name(enum policy_method m)
{
	return method_names[m];
}

/* policy_method_from_name - the method a rule names, -1 for none */
static int
policy_method_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(method_names) / sizeof(method_names[0]); i++)
		if (strcasecmp(name, method_names[i]) == 0)
			return (int)i;
	return -1;
}

/* policy_action_name - see policy.h */
const char *
policy_action_name(enum policy_action a)
{
	if ((size_t)a >= sizeof(action_names) / sizeof(action_names[0]))
		return "none";
	return action_names[a];
}

/* next_word - the next word or quoted text at *sp into buf: 1 and
 * *quoted set, 0 at the end, -1 with why in err */
static int
next_word(const char **sp, char *buf, size_t bufsz, bool *quoted, char *err,
    size_t errlen)
{
	const char *s = *sp;
	size_t n = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return 0;
	*quoted = *s == '"';
	if (*quoted) {
		for (s++; *s != '"'; s++) {
			if (*s == '\0') {
				snprintf(err, errlen,
				    "the reply text has no closing '\"'");
				return -1;
			}
			if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
				s++;
			if (n + 1 >= bufsz)
				goto long_word;
			buf[n++] = *s;
		}
		s++;
		if (*s != '\0' && *s != ' ' && *s != '\t') {
			snprintf(err, errlen, "no space after the reply text");
			return -1;
		}
	} else {
		for (; *s != '\0' && *s != ' ' && *s != '\t'; s++) {
			if (n + 1 >= bufsz)
				goto long_word;
			buf[n++] = *s;
		}
	}
	buf[n] = '\0';
	*sp = s;
	return 1;
long_word:
	snprintf(err, errlen,
	    "a word of the rule is too long (over %zu "
	    "octets)",
	    bufsz - 1);
	return -1;
}

/* parse_domain - one list entry into d: [.]domain, one label allowed,
 * a final dot dropped (util/domain.h says what a domain name is) */
static int
parse_domain(const char *s, size_t len, struct policy_domain *d, char *err,
    size_t errlen)
{
	size_t i;

	d->sub = len > 0 && s[0] == '.';
	if (d->sub) {
		s++;
		len--;
	}
	if (len == 0 || len > POLICY_DOMAIN_MAX + 1)
		goto bad;
	memcpy(d->name, s, len);
	d->name[len] = '\0';
	if (!domain_name_ok(
	        d->name, DOMAIN_NAME_ONE_LABEL | DOMAIN_NAME_ROOT_DOT))
		goto bad;
	if (d->name[len - 1] == '.')
		d->name[len - 1] = '\0';
	for (i = 0; d->name[i] != '\0'; i++)
		d->name[i] = (char)tolower((unsigned char)d->name[i]);
	return 0;
bad:
	snprintf(err, errlen, "'%.*s' is not a domain name",
	    (int)(len > 64 ? 64 : len), s);
	return -1;
}

/* parse_domains - "a.example,.b.example" into a new array */
static int
parse_domains(const char *key, const char *s, struct policy_domain **out,
    size_t *n, char *err, size_t errlen)
{
	const char *end;
	size_t len;

	if (*out != NULL) {
		snprintf(err, errlen, "%s= is given twice", key);
		return -1;
	}
	*out = calloc(POLICY_MAX_DOMAINS, sizeof(**out));
	if (*out == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (;;) {
		end = strchr(s, ',');
		len = end == NULL ? strlen(s) : (size_t)(end - s);
		if (*n == POLICY_MAX_DOMAINS) {
			snprintf(err, errlen,
			    "more than %d domains in %s=", POLICY_MAX_DOMAINS,
			    key);
			return -1;
		}
		if (parse_domain(s, len, &(*out)[*n], err, errlen) == -1)
			return -1;
		(*n)++;
		if (end == NULL)
			return 0;
		s = end + 1;
	}
}

/* parse_match - "method=result[,result...]" */
static int
parse_match(struct policy_rule *r, char *w, char *err, size_t errlen)
{
	char *eq = strchr(w, '='), *res, *next;
	int m, code;

	if (eq == NULL) {
		snprintf(err, errlen, "'%.40s' is not METHOD=RESULT", w);
		return -1;
	}
	*eq = '\0';
	if ((m = policy_method_from_name(w)) == -1) {
		snprintf(err, errlen,
		    "unknown method '%.40s' (known: iprev "
		    "spf spf-helo dkim auth dmarc)",
		    w);
		return -1;
	}
	r->method = (enum policy_method)m;
	for (res = eq + 1; res != NULL; res = next) {
		if ((next = strchr(res, ',')) != NULL)
			*next++ = '\0';
		code = (int)authres_result_from_name(res);
		if (code == AUTHRES_RESULT_OTHER ||
		    !(method_results[m] & BIT(code))) {
			snprintf(err, errlen, "'%.40s' is not a result of %s",
			    res, method_names[m]);
			return -1;
		}
		r->results |= BIT(code);
	}
	return 0;
}

/* parse_policies - dmarc's policy=none|quarantine|reject[,...] */
static int
parse_policies(struct policy_rule *r, const char *s, char *err, size_t errlen)
{
	size_t i, len;

	if (r->method != POLICY_METHOD_DMARC || r->policies != 0) {
		snprintf(err, errlen,
		    r->policies != 0 ? "policy= is given twice"
		                     : "policy= is for dmarc rules only");
		return -1;
	}
	for (; *s != '\0'; s += len + (s[len] == ',')) {
		len = strcspn(s, ",");
		for (i = 0; i < 3; i++)
			if (strlen(dmarc_policy_names[i]) == len &&
			    strncasecmp(s, dmarc_policy_names[i], len) == 0)
				break;
		if (i == 3) {
			snprintf(err, errlen,
			    "'%.*s' is not none, quarantine or reject",
			    (int)(len > 40 ? 40 : len), s);
			return -1;
		}
		r->policies |= 1u << i;
	}
	if (r->policies == 0) {
		snprintf(err, errlen, "policy= names no policy");
		return -1;
	}
	return 0;
}

/* policy_dmarc_policy_bit - the policies bit of a policy.dmarc value, 0
 * for none of them */
unsigned
policy_dmarc_policy_bit(const char *value)
{
	size_t i;

	for (i = 0; value != NULL && i < 3; i++)
		if (strcasecmp(value, dmarc_policy_names[i]) == 0)
			return 1u << i;
	return 0;
}

/* parse_option - from=, d=, policy=, unless-authenticated, a code or an
 * xcode; 1 when w was one of them, 0 when not, -1 on error */
static int
parse_option(struct policy_rule *r, const char *w, char *err, size_t errlen)
{
	if (strncasecmp(w, "policy=", 7) == 0)
		return parse_policies(r, w + 7, err, errlen) == -1 ? -1 : 1;
	if (strncasecmp(w, "from=", 5) == 0)
		return parse_domains("from", w + 5, &r->from, &r->nfrom, err,
		           errlen) == -1
		    ? -1
		    : 1;
	if (strncasecmp(w, "d=", 2) == 0) {
		if (r->method != POLICY_METHOD_DKIM) {
			snprintf(err, errlen, "d= is for dkim rules only");
			return -1;
		}
		return parse_domains(
		           "d", w + 2, &r->dom, &r->ndom, err, errlen) == -1
		    ? -1
		    : 1;
	}
	if (strcasecmp(w, "unless-authenticated") == 0) {
		r->unless_auth = true;
		return 1;
	}
	if (isdigit((unsigned char)w[0]) && strchr(w, '.') == NULL) {
		if (strlen(w) != 3) {
			snprintf(err, errlen,
			    "reply code '%.20s' is not three digits", w);
			return -1;
		}
		if (r->rcode[0] != '\0' ||
		    strlcpy(r->rcode, w, sizeof(r->rcode)) >= sizeof(r->rcode))
			goto bad_code;
		return 1;
	}
	if (isdigit((unsigned char)w[0])) {
		if (r->rcode[0] == '\0' || r->xcode[0] != '\0' ||
		    strlcpy(r->xcode, w, sizeof(r->xcode)) >= sizeof(r->xcode))
			goto bad_code;
		return 1;
	}
	return 0;
bad_code:
	snprintf(err, errlen,
	    "'%.20s' is out of place: the reply is "
	    "CODE [X.Y.Z] [\"TEXT\"] at the end",
	    w);
	return -1;
}

/* check_rule - what can only be judged once the whole rule is read */
static int
check_rule(struct policy_rule *r, char *err, size_t errlen)
{
	struct policy_reply rep;
	const char *act = action_names[r->action];
	bool has_code = r->rcode[0] != '\0';

	if ((r->action == POLICY_ACTION_REJECT ||
	        r->action == POLICY_ACTION_DISCARD) &&
	    (r->results & BIT(AUTHRES_RESULT_TEMPERROR))) {
		snprintf(err, errlen,
		    "%s on temperror: a DNS error is never "
		    "rejected or discarded (use tempfail)",
		    act);
		return -1;
	}
	if ((r->action == POLICY_ACTION_ACCEPT ||
	        r->action == POLICY_ACTION_DISCARD) &&
	    (has_code || r->text != NULL)) {
		snprintf(err, errlen, "%s takes no reply", act);
		return -1;
	}
	if (r->action == POLICY_ACTION_QUARANTINE && has_code) {
		snprintf(err, errlen,
		    "quarantine takes a reason text only, "
		    "no reply code");
		return -1;
	}
	if (has_code &&
	    policy_reply_build(&rep,
	        r->action == POLICY_ACTION_REJECT ? '5' : '4', r->rcode,
	        r->xcode, NULL, err, errlen) == -1)
		return -1;
	if (r->text != NULL && policy_tmpl_check(r->text, err, errlen) == -1)
		return -1;
	return 0;
}

/* parse_action - the first word */
static int
parse_action(struct policy_rule *r, const char *w, char *err, size_t errlen)
{
	size_t i;

	for (i = 1; i < sizeof(action_names) / sizeof(action_names[0]); i++) {
		if (strcasecmp(w, action_names[i]) == 0) {
			r->action = (enum policy_action)i;
			return 0;
		}
	}
	snprintf(err, errlen,
	    "unknown action '%.40s' (known: accept reject "
	    "tempfail quarantine discard)",
	    w);
	return -1;
}

/* rule_words - everything after the action and the match */
static int
rule_words(
    struct policy_rule *r, const char **sp, char *w, char *err, size_t errlen)
{
	bool quoted;
	int rc;

	while ((rc = next_word(sp, w, WORD_MAX, &quoted, err, errlen)) == 1) {
		if (r->text != NULL) {
			snprintf(
			    err, errlen, "'%.40s' after the reply text", w);
			return -1;
		}
		if (quoted) {
			if ((r->text = strdup(w)) == NULL) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			continue;
		}
		if (r->rcode[0] != '\0' && strchr(w, '=') != NULL) {
			snprintf(
			    err, errlen, "'%.40s' after the reply code", w);
			return -1;
		}
		if ((rc = parse_option(r, w, err, errlen)) == -1)
			return -1;
		if (rc == 0) {
			snprintf(err, errlen, "unknown word '%.40s'", w);
			return -1;
		}
	}
	return rc;
}

/* policy_rule_parse - see policy_int.h */
int
policy_rule_parse(
    struct policy_rule *r, const char *value, char *err, size_t errlen)
{
	const char *s = value;
	char *w;
	bool quoted;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if ((w = malloc(WORD_MAX)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if ((rc = next_word(&s, w, WORD_MAX, &quoted, err, errlen)) != 1 ||
	    quoted) {
		if (rc == 0 || quoted)
			snprintf(err, errlen,
			    "a rule is ACTION METHOD=RESULT "
			    "[options] [CODE [X.Y.Z]] [\"TEXT\"]");
		goto fail;
	}
	if (parse_action(r, w, err, errlen) == -1)
		goto fail;
	if ((rc = next_word(&s, w, WORD_MAX, &quoted, err, errlen)) != 1 ||
	    quoted) {
		if (rc == 0 || quoted)
			snprintf(err, errlen,
			    "%s what? METHOD=RESULT is "
			    "missing",
			    action_names[r->action]);
		goto fail;
	}
	if (parse_match(r, w, err, errlen) == -1 ||
	    rule_words(r, &s, w, err, errlen) == -1 ||
	    check_rule(r, err, errlen) == -1)
		goto fail;
	free(w);
	return 0;
fail:
	free(w);
	policy_rule_clear(r);
	return -1;
}

/* policy_rule_clear - see policy_int.h */
void
policy_rule_clear(struct policy_rule *r)
{
	free(r->from);
	free(r->dom);
	free(r->text);
	memset(r, 0, sizeof(*r));
}

/* policy_domain_match - see policy_int.h */
bool
policy_domain_match(const struct policy_domain *d, size_t n, const char *name)
{
	size_t i, len = strlen(name), dl;

	if (len > 0 && name[len - 1] == '.')
		len--;
	for (i = 0; i < n; i++) {
		dl = strlen(d[i].name);
		if (!d[i].sub) {
			if (len == dl && strncasecmp(name, d[i].name, len) == 0)
				return true;
			continue;
		}
		/* ".example.com": strictly below, on a label boundary */
		if (len > dl + 1 && name[len - dl - 1] == '.' &&
		    strncasecmp(name + len - dl, d[i].name, dl) == 0)
			return true;
	}
	return false;
}
