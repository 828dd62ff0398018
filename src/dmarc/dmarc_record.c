/*
 * dmarc_record.c - one DMARC Policy Record (RFC 9989 4.7, 4.8): v=DMARC1
 * first, then p sp np adkim aspf psd t rua ruf fo. Unknown tags, the
 * removed pct, rf and ri, and tags with a syntax error are ignored (4.8);
 * a tag given twice counts as not given. A missing, bad or doubled p=,
 * or a bad or doubled sp= or np=, makes it a record of p=none alone when
 * rua= holds a mailto: URI, else invalid (RFC 9989 4.10.1 step 6); other
 * bad values fall back to their defaults.
 */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "dmarc/dmarc_int.h"

#define RECORD_MAX_TAGS 64

struct span {
	const char *s;
	size_t len;
};

/* is_wsp - white space or a line break inside a TXT record */
static bool
is_wsp(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* trim - drop white space at both ends of sp */
static struct span
trim(struct span sp)
{
	while (sp.len > 0 && is_wsp(sp.s[0])) {
		sp.s++;
		sp.len--;
	}
	while (sp.len > 0 && is_wsp(sp.s[sp.len - 1]))
		sp.len--;
	return sp;
}

/* eq - does sp equal word, ignoring case (ABNF strings)? */
static bool
eq(struct span sp, const char *word)
{
	return sp.len == strlen(word) && strncasecmp(sp.s, word, sp.len) == 0;
}

/* tag_name_ok - 1*ALPHA (RFC 9989 4.8 dmarc-tag) */
static bool
tag_name_ok(struct span n)
{
	size_t i;

	for (i = 0; i < n.len; i++)
		if (!((n.s[i] >= 'a' && n.s[i] <= 'z') ||
		        (n.s[i] >= 'A' && n.s[i] <= 'Z')))
			return false;
	return n.len > 0;
}

/* tag_value_ok - 1*dmarc-value (%x20-3A / %x3C-7E), folds allowed */
static bool
tag_value_ok(struct span v)
{
	size_t i;

	for (i = 0; i < v.len; i++)
		if (!is_wsp(v.s[i]) &&
		    ((unsigned char)v.s[i] < 0x20 ||
		        (unsigned char)v.s[i] > 0x7e || v.s[i] == ';'))
			return false;
	return v.len > 0;
}

/* policy - none, quarantine or reject; UNSET when not one of them */
static enum dmarc_policy
policy(struct span v)
{
	if (eq(v, "none"))
		return DMARC_POLICY_NONE;
	if (eq(v, "quarantine"))
		return DMARC_POLICY_QUARANTINE;
	if (eq(v, "reject"))
		return DMARC_POLICY_REJECT;
	return DMARC_POLICY_UNSET;
}

/* has_mailto - does a comma-separated URI list hold a mailto: URI with
 * an address? */
static bool
has_mailto(const char *list)
{
	const char *p = list, *end;
	struct span u;

	while (*p != '\0') {
		end = strchr(p, ',');
		u.s = p;
		u.len = end ? (size_t)(end - p) : strlen(p);
		u = trim(u);
		if (u.len > 7 && strncasecmp(u.s, "mailto:", 7) == 0 &&
		    memchr(u.s + 7, '@', u.len - 7) != NULL && u.s[7] != '@' &&
		    u.s[u.len - 1] != '@')
			return true;
		p = end ? end + 1 : p + u.len;
		if (end == NULL)
			break;
	}
	return false;
}

/* keep - copy a URI list or fo= into dst, flagging what does not fit */
static void
keep(char *dst, size_t dstlen, struct span v, bool *overflow)
{
	if (v.len >= dstlen) {
		dst[0] = '\0';
		*overflow = true;
		return;
	}
	memcpy(dst, v.s, v.len);
	dst[v.len] = '\0';
}

/* apply - store one known tag; *pol_ok false for a bad p=, sp=, np= */
static void
apply(struct dmarc_record *rec, struct span n, struct span v, bool *pol_ok)
{
	bool ignored = false;

	if (eq(n, "p"))
		*pol_ok &= (rec->p = policy(v)) != DMARC_POLICY_UNSET;
	else if (eq(n, "sp"))
		*pol_ok &= (rec->sp = policy(v)) != DMARC_POLICY_UNSET;
	else if (eq(n, "np"))
		*pol_ok &= (rec->np = policy(v)) != DMARC_POLICY_UNSET;
	else if (eq(n, "adkim"))
		rec->adkim_strict = eq(v, "s");
	else if (eq(n, "aspf"))
		rec->aspf_strict = eq(v, "s");
	else if (eq(n, "psd"))
		rec->psd = eq(v, "y") ? DMARC_PSD_Y
		    : eq(v, "n")      ? DMARC_PSD_N
		                      : DMARC_PSD_U;
	else if (eq(n, "t"))
		rec->testing = eq(v, "y");
	else if (eq(n, "rua"))
		keep(rec->rua, sizeof(rec->rua), v, &rec->uri_overflow);
	else if (eq(n, "ruf"))
		keep(rec->ruf, sizeof(rec->ruf), v, &rec->uri_overflow);
	else if (eq(n, "fo"))
		keep(rec->fo, sizeof(rec->fo), v, &ignored);
	/* pct, rf, ri (RFC 7489, removed) and unknown tags: ignored */
}

/* next_spec - the tag-spec starting at *at (up to ';' or the end) */
static struct span
next_spec(const char *txt, size_t len, size_t *at)
{
	struct span sp = { txt + *at, 0 };

	while (*at + sp.len < len && txt[*at + sp.len] != ';')
		sp.len++;
	*at += sp.len + 1;
	return trim(sp);
}

/* split - tag name and value of one spec; false when it has no '=' */
static bool
split(struct span spec, struct span *n, struct span *v)
{
	const char *eqp = memchr(spec.s, '=', spec.len);

	if (eqp == NULL)
		return false;
	n->s = spec.s;
	n->len = (size_t)(eqp - spec.s);
	v->s = eqp + 1;
	v->len = spec.len - n->len - 1;
	*n = trim(*n);
	*v = trim(*v);
	return true;
}

/* dmarc_record_parse - parse one TXT record into rec */
enum dmarc_record_status
dmarc_record_parse(
    const char *txt, size_t len, struct dmarc_record *rec, const char **why)
{
	struct span spec, n, v, seen[RECORD_MAX_TAGS], vals[RECORD_MAX_TAGS];
	bool dup[RECORD_MAX_TAGS];
	size_t at = 0, nseen = 0, i;
	bool pol_ok = true;
	const char *dummy;

	if (why == NULL)
		why = &dummy;
	memset(rec, 0, sizeof(*rec));
	*why = "not a DMARC record";
	spec = next_spec(txt, len, &at);
	if (!split(spec, &n, &v) || n.len != 1 || n.s[0] != 'v' || v.len != 6 ||
	    memcmp(v.s, "DMARC1", 6) != 0)
		return DMARC_RECORD_NOT_DMARC; /* RFC 9989 4.7: exact */
	*why = NULL;
	seen[nseen++] = n; /* a second v= is a duplicate */
	while (at < len) {
		spec = next_spec(txt, len, &at);
		/* RFC 9989 4.8: a tag with a syntax error is discarded */
		if (!split(spec, &n, &v) || !tag_name_ok(n) || !tag_value_ok(v))
			continue;
		for (i = 0; i < nseen; i++)
			if (seen[i].len == n.len &&
			    strncasecmp(seen[i].s, n.s, n.len) == 0)
				break;
		if (i < nseen) {
			dup[i] = true;
			continue;
		}
		if (nseen == RECORD_MAX_TAGS)
			continue; /* over the cap: like an unknown tag */
		dup[nseen] = false;
		vals[nseen] = v;
		seen[nseen++] = n;
	}
	for (i = 1; i < nseen; i++) {
		if (!dup[i])
			apply(rec, seen[i], vals[i], &pol_ok);
		else if (eq(seen[i], "p") || eq(seen[i], "sp") ||
		    eq(seen[i], "np")) {
			pol_ok = false; /* which one was meant? neither */
			*why = "a policy tag given twice";
		}
	}
	if (!pol_ok || rec->p == DMARC_POLICY_UNSET) {
		if (!has_mailto(rec->rua)) {
			if (*why == NULL)
				*why = "no valid p=, sp=, np= and no rua=";
			return DMARC_RECORD_INVALID;
		}
		rec->p = DMARC_POLICY_NONE; /* as if "p=none" alone */
		rec->sp = rec->np = DMARC_POLICY_UNSET;
		rec->p_from_rua = true;
	}
	*why = NULL;
	return DMARC_RECORD_OK;
}

static const char *const dmarc_modes[] = { "treewalk", "psl", "auto" };

/* dmarc_mode_name - the word for a discovery mode */
const char *
dmarc_mode_name(enum dmarc_mode m)
{
	return (size_t)m < sizeof(dmarc_modes) / sizeof(dmarc_modes[0])
	    ? dmarc_modes[m]
	    : "?";
}

/* dmarc_mode_from_name - the mode a word names, or -1 */
int
dmarc_mode_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(dmarc_modes) / sizeof(dmarc_modes[0]); i++)
		if (strcasecmp(name, dmarc_modes[i]) == 0)
			return (int)i;
	return -1;
}

/* dmarc_policy_name - the tag value of a policy */
const char *
dmarc_policy_name(enum dmarc_policy p)
{
	switch (p) {
	case DMARC_POLICY_NONE:
		return "none";
	case DMARC_POLICY_QUARANTINE:
		return "quarantine";
	case DMARC_POLICY_REJECT:
		return "reject";
	case DMARC_POLICY_UNSET:
		break;
	}
	return "unset";
}

/* sp_or_p - the subdomain policy: sp=, else p= */
static enum dmarc_policy
sp_or_p(const struct dmarc_record *r)
{
	return r->sp != DMARC_POLICY_UNSET ? r->sp : r->p;
}

/* dmarc_record_subpolicy - sp=, else p= */
enum dmarc_policy
dmarc_record_subpolicy(const struct dmarc_record *r)
{
	return sp_or_p(r);
}

/* dmarc_record_needs_probe - does the existence of the author domain
 * change the policy (np= set and unlike sp=/p=)? */
bool
dmarc_record_needs_probe(const struct dmarc_record *r, bool own)
{
	return !own && r->np != DMARC_POLICY_UNSET && r->np != sp_or_p(r);
}

/* dmarc_record_policy - the policy r sets for the author domain
 * (RFC 9989 4.10.1), one level lower with t=y (4.7) */
enum dmarc_policy
dmarc_record_policy(const struct dmarc_record *r, bool own, bool nxdomain)
{
	enum dmarc_policy pol;

	if (own)
		pol = r->p;
	else if (nxdomain && r->np != DMARC_POLICY_UNSET)
		pol = r->np;
	else
		pol = sp_or_p(r);
	if (r->testing && pol == DMARC_POLICY_REJECT)
		pol = DMARC_POLICY_QUARANTINE;
	else if (r->testing && pol == DMARC_POLICY_QUARANTINE)
		pol = DMARC_POLICY_NONE;
	return pol;
}
