/*
 * arc_chain.c - grouping the ARC fields of a message into sets by
 * instance and checking the chain's structure (RFC 8617 4.1, 4.2, 5.2
 * steps 1-3): anything malformed makes the chain fail with a reason.
 * Works on fixed arrays: a hostile header cannot make it allocate.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "arc/arc_check_int.h"

enum { K_AAR, K_AMS, K_AS, K_NONE };

/* kind - which ARC field name is this, if any */
static int
kind(const char *name)
{
	if (strcasecmp(name, "ARC-Authentication-Results") == 0)
		return K_AAR;
	if (strcasecmp(name, "ARC-Message-Signature") == 0)
		return K_AMS;
	if (strcasecmp(name, "ARC-Seal") == 0)
		return K_AS;
	return K_NONE;
}

/* bad - the chain fails for why */
static int
bad(struct arc_chain_sets *cs, const char *why, unsigned i)
{
	if (i > 0)
		(void)snprintf(cs->why, sizeof(cs->why), "%s (i=%u)", why, i);
	else
		(void)strlcpy(cs->why, why, sizeof(cs->why));
	return -1;
}

/* instance - the digits of an i= value: 1..50, else 0 */
static unsigned
instance(const char *p, size_t n)
{
	unsigned v = 0;
	size_t k;

	if (n == 0 || n > 2)
		return 0; /* also refuses i=999999999999 without overflow */
	for (k = 0; k < n; k++) {
		if (p[k] < '0' || p[k] > '9')
			return 0;
		v = v * 10 + (unsigned)(p[k] - '0');
	}
	return v >= 1 && v <= ARC_INSTANCE_MAX ? v : 0;
}

/* aar_instance - the i= that starts an AAR value (RFC 8617 4.1.1) */
static unsigned
aar_instance(const char *v)
{
	const char *p = v, *d;

	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p++ != 'i')
		return 0;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p++ != '=')
		return 0;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	for (d = p; *p >= '0' && *p <= '9'; p++)
		;
	{
		unsigned i = instance(d, (size_t)(p - d));

		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		return *p == ';' ? i : 0;
	}
}

/* tag_is - does tag t of tl hold exactly want (whitespace ignored)? */
static bool
tag_is(const struct arc_taglist *tl, const char *t, const char *want)
{
	const struct arc_tag *g = arc_tags_get(tl, t);
	char buf[64];

	return g != NULL && arc_tag_copy(g, buf, sizeof(buf)) == 0 &&
	    strcasecmp(buf, want) == 0;
}

/* is_name - a domain name or selector we may look up: LDH labels */
static bool
is_name(const char *s)
{
	size_t k, label = 0;

	if (s[0] == '\0' || s[0] == '.')
		return false;
	for (k = 0; s[k] != '\0'; k++) {
		char c = s[k];

		if (c == '.') {
			if (label == 0)
				return false;
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_') {
			if (++label > 63)
				return false;
		} else {
			return false;
		}
	}
	return true;
}

/* common_tags - a=, d=, s=, b= of an AMS or AS; NULL or the reason */
static const char *
common_tags(const struct arc_taglist *tl, char *d, char *s)
{
	const struct arc_tag *t;

	if ((t = arc_tags_get(tl, "a")) == NULL)
		return "no a= tag";
	if (tag_is(tl, "a", "rsa-sha1"))
		return "rsa-sha1 is not allowed (RFC 8301)";
	if (!tag_is(tl, "a", "rsa-sha256"))
		return "unknown a= algorithm";
	if ((t = arc_tags_get(tl, "b")) == NULL || t->valuelen == 0)
		return "no b= signature";
	if ((t = arc_tags_get(tl, "d")) == NULL ||
	    arc_tag_copy(t, d, ARC_DOMAIN_MAX) == -1 || !is_name(d))
		return "bad or missing d=";
	if ((t = arc_tags_get(tl, "s")) == NULL ||
	    arc_tag_copy(t, s, ARC_DOMAIN_MAX) == -1 || !is_name(s))
		return "bad or missing s=";
	return NULL;
}

/* ams_tags - the AMS's own tags; NULL or the reason */
static const char *
ams_tags(struct arc_set *st)
{
	const struct arc_taglist *tl = &st->ams_tags;
	const struct arc_tag *t;
	const char *why;
	char buf[32];
	size_t k;

	if ((why = common_tags(tl, st->ams_d, st->ams_s)) != NULL)
		return why;
	if ((t = arc_tags_get(tl, "bh")) == NULL || t->valuelen == 0)
		return "AMS without bh=";
	if ((t = arc_tags_get(tl, "h")) == NULL || t->valuelen == 0)
		return "AMS without h=";
	st->hc = st->bc = ARC_CANON_SIMPLE;
	if ((t = arc_tags_get(tl, "c")) != NULL &&
	    (arc_tag_copy(t, buf, sizeof(buf)) == -1 ||
	        arc_canon_parse(buf, strlen(buf), &st->hc, &st->bc) == -1))
		return "AMS with a bad c=";
	st->l = -1;
	if ((t = arc_tags_get(tl, "l")) != NULL) {
		if (arc_tag_copy(t, buf, sizeof(buf)) == -1 || buf[0] == '\0' ||
		    strlen(buf) > 18)
			return "AMS with a bad l=";
		st->l = 0;
		for (k = 0; buf[k] != '\0'; k++) {
			if (buf[k] < '0' || buf[k] > '9')
				return "AMS with a bad l=";
			st->l = st->l * 10 + (buf[k] - '0');
		}
	}
	return NULL;
}

/* as_tags - the seal's own tags; NULL or the reason */
static const char *
as_tags(struct arc_set *st, unsigned i, unsigned n)
{
	const struct arc_taglist *tl = &st->as_tags;
	const char *why;

	if ((why = common_tags(tl, st->d, st->s)) != NULL)
		return why;
	if (arc_tags_get(tl, "h") != NULL)
		return "h= in an ARC-Seal";
	if (arc_tags_get(tl, "cv") == NULL)
		return "ARC-Seal without cv=";
	if (i == n && tag_is(tl, "cv", "fail"))
		return "the newest ARC-Seal says cv=fail";
	if (i == 1 && !tag_is(tl, "cv", "none"))
		return "cv= of instance 1 is not none";
	if (i > 1 && !tag_is(tl, "cv", "pass"))
		return "cv= is not pass";
	return NULL;
}

/* place - put field f (kind k) in its set; -1 when malformed */
static int
place(const struct arc_field *fields, size_t f, int k,
    struct arc_chain_sets *cs, unsigned *seen)
{
	struct arc_taglist tl;
	const struct arc_tag *t;
	char err[64];
	unsigned i;
	size_t *slot;

	if (strlen(fields[f].value) > ARC_FIELD_MAX)
		return bad(cs, "ARC field too long", 0);
	if (k == K_AAR) {
		i = aar_instance(fields[f].value);
	} else {
		if (arc_tags_parse(fields[f].value, strlen(fields[f].value),
		        &tl, err, sizeof(err)) == -1)
			return bad(cs, err, 0);
		t = arc_tags_get(&tl, "i");
		i = t != NULL ? instance(t->value, t->valuelen) : 0;
	}
	if (i == 0)
		return bad(cs, "missing or bad i= (1 to 50)", 0);
	slot = k == K_AAR ? &cs->set[i].aar
	    : k == K_AMS  ? &cs->set[i].ams
	                  : &cs->set[i].as;
	if (*slot != SIZE_MAX)
		return bad(cs, "duplicate ARC field", i);
	*slot = f;
	if (k == K_AMS)
		cs->set[i].ams_tags = tl;
	else if (k == K_AS)
		cs->set[i].as_tags = tl;
	if (i > *seen)
		*seen = i;
	return 0;
}

/* arc_chain_group - the sets of a message and their structure */
int
arc_chain_group(
    const struct arc_field *fields, size_t nf, struct arc_chain_sets *cs)
{
	unsigned i, n = 0;
	size_t f;
	const char *why;
	int k;

	cs->n = 0;
	cs->why[0] = '\0';
	for (i = 0; i <= ARC_INSTANCE_MAX; i++)
		cs->set[i].aar = cs->set[i].ams = cs->set[i].as = SIZE_MAX;
	for (f = 0; f < nf; f++)
		if ((k = kind(fields[f].name)) != K_NONE &&
		    place(fields, f, k, cs, &n) == -1)
			return -1;
	if (n == 0)
		return 0;
	for (i = 1; i <= n; i++)
		if (cs->set[i].aar == SIZE_MAX || cs->set[i].ams == SIZE_MAX ||
		    cs->set[i].as == SIZE_MAX)
			return bad(cs, "incomplete or missing ARC set", i);
	/* RFC 8617 5.2 step 2: the newest seal's verdict comes first */
	if (tag_is(&cs->set[n].as_tags, "cv", "fail"))
		return bad(cs, "the newest ARC-Seal says cv=fail", n);
	for (i = n; i >= 1; i--) {
		if ((why = as_tags(&cs->set[i], i, n)) != NULL ||
		    (why = ams_tags(&cs->set[i])) != NULL)
			return bad(cs, why, i);
	}
	cs->n = n;
	return 0;
}
