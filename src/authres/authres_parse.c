/*
 * authres_parse.c - the RFC 8601 2.2 grammar of one Authentication-Results
 * field over the scanners of authres_lex.c, in one pass. Strict mode is the
 * grammar; lenient mode also takes a missing authserv-id (Office 365),
 * values that are not tokens, bare UTF-8, a bare "word=value" property,
 * '_' in names, a trailing ';', empty resinfo, an authserv-id repeated
 * between results (Microsoft) and pseudo-properties before their result
 * (Yahoo's "from=x.com"). Limits (AUTHRES_MAX_*) end in AUTHRES_ELIMIT
 * after the whole field was checked for syntax.
 */
#include <stdio.h>
#include <string.h>

#include "authres_int.h"
#include "authres_lex.h"

/* hold_prop - lenient: keep a property that no result owns yet for the
 * next result */
static bool
hold_prop(
    struct ar_parser *p, size_t at, char *ptype, char *property, char *value)
{
	p->target = AR_T_PENDING;
	if (!p->store)
		return true;
	if (p->nheld >= AR_MAX_HELD) {
		ar_limit(p, at, "too many properties before a result");
		return true;
	}
	p->held[p->nheld][0] = ptype;
	p->held[p->nheld][1] = property;
	p->held[p->nheld][2] = value;
	p->nheld++;
	return true;
}

/* add_prop - store ptype.property=value with the pending comments */
static bool
add_prop(
    struct ar_parser *p, size_t at, char *ptype, char *property, char *value)
{
	struct ar_result *r;
	struct ar_prop *pr;

	if (p->hold)
		return hold_prop(p, at, ptype, property, value);
	if (p->store && ++p->nprops > AUTHRES_MAX_PROPS)
		ar_limit(p, at, "too many properties");
	p->target = AR_T_PROP;
	if ((r = ar_last_result(p)) == NULL)
		return true;
	if ((pr = ar_prop_append(p->ar, r)) == NULL)
		return ar_oom(p);
	pr->ptype = ptype;
	pr->property = property;
	pr->value = value;
	return ar_flush_pending(p, &pr->comment);
}

/* propspec - ptype [CFWS] "." [CFWS] property [CFWS] "=" pvalue, after
 * the ptype and its CFWS */
static bool
propspec(struct ar_parser *p, size_t at, char *ptype)
{
	char *property, *value;

	p->i++; /* "." */
	if (!ar_skip_cfws(p, NULL) ||
	    !ar_name(p, &property, "expected a property after '.'") ||
	    !ar_skip_cfws(p, NULL))
		return false;
	if (p->i >= p->n || p->s[p->i] != '=')
		return ar_unexpected(p, p->i, "expected '=' after property");
	p->i++;
	if (!ar_skip_cfws(p, NULL) ||
	    !ar_value(p, &value, true, "expected a value after '='"))
		return false;
	return add_prop(p, at, ptype, property, value);
}

/* reasonspec - "reason" [CFWS] "=" [CFWS] value, at the "=" */
static bool
reasonspec(struct ar_parser *p)
{
	struct ar_result *r;
	char *value;

	p->i++; /* "=" */
	if (!ar_skip_cfws(p, NULL) ||
	    !ar_value(p, &value, false, "expected a reason after '='"))
		return false;
	p->have_reason = true;
	p->target = AR_T_RESULT;
	if ((r = ar_last_result(p)) == NULL)
		return true;
	r->reason = value;
	return ar_flush_pending(p, &r->comment);
}

/* bare_word - a keyword followed by "=" where a ptype should be: the
 * reason, or (lenient) a property without ptype such as Office 365's
 * "action=none" */
static bool
bare_word(struct ar_parser *p, size_t at, char *word)
{
	size_t len = ar_keyword_end(p, at) - at;
	bool reason = ar_strcaseeq_n(p->s + at, len, "reason");
	char *value;

	if (reason && !p->hold && !p->have_reason &&
	    (p->lenient || p->nprops == 0))
		return reasonspec(p);
	if (!p->lenient) {
		if (!reason)
			return ar_fail(p, p->i, "expected '.' after ptype");
		return ar_fail(p, at,
		    p->have_reason ? "second reason"
		                   : "reason after properties");
	}
	p->i++;
	if (!ar_skip_cfws(p, NULL) ||
	    !ar_value(p, &value, true, "expected a value after '='"))
		return false;
	/* ptype "": the empty string at the end of word, in the pool */
	return add_prop(p, at, word != NULL ? word + len : NULL, word, value);
}

/* element - a reasonspec or a propspec */
static bool
element(struct ar_parser *p)
{
	size_t at = p->i;
	char *word;

	p->target = AR_T_PENDING;
	if (!ar_name(p, &word, "expected a property") || !ar_skip_cfws(p, NULL))
		return false;
	if (p->i < p->n && p->s[p->i] == '.')
		return propspec(p, at, word);
	if (p->i < p->n && p->s[p->i] == '=')
		return bare_word(p, at, word);
	return ar_unexpected(p, p->i, "expected '.' after ptype");
}

/* flush_held - give the held properties to the result just added; a
 * bare "reason=" among them is its reason, as it would be read after
 * the result */
static bool
flush_held(struct ar_parser *p, size_t at, struct ar_result *r)
{
	size_t h;
	char **hp;

	p->hold = false;
	for (h = 0; h < p->nheld; h++) {
		hp = p->held[h];
		if (hp[0] != NULL && hp[0][0] == '\0' && !p->have_reason &&
		    ar_strcaseeq(hp[1], "reason")) {
			r->reason = hp[2];
			p->have_reason = true;
		} else if (!add_prop(p, at, hp[0], hp[1], hp[2]))
			return false;
	}
	p->nheld = 0;
	p->target = AR_T_RESULT;
	return true;
}

/* is_word - lenient: is the run at i one result word ("pass"), not a
 * pseudo-property value ("x.com" in Yahoo's "from=x.com")? */
static bool
is_word(struct ar_parser *p)
{
	size_t k = ar_keyword_end(p, p->i);

	return k > p->i && ar_run_end(p, k) == k;
}

/* pseudo - lenient: "word=value" where a resinfo stands but value is no
 * result word: a property with empty ptype, held for the next result */
static bool
pseudo(struct ar_parser *p, size_t at, char *word)
{
	char *value;

	if (!ar_value(p, &value, true, "expected a result after '='"))
		return false;
	p->hold = true;
	return hold_prop(
	    p, at, word != NULL ? word + strlen(word) : NULL, word, value);
}

/* methodspec - [CFWS] method [CFWS] ["/" [CFWS] version [CFWS]] "="
 * [CFWS] result, stored as a new result */
static bool
methodspec(struct ar_parser *p)
{
	size_t at = p->i;
	char *method, *result;
	int mversion = -1;
	struct ar_result *r;

	p->target = AR_T_PENDING;
	p->have_reason = false;
	p->nprops = 0;
	if (!ar_name(p, &method, "expected a method") || !ar_skip_cfws(p, NULL))
		return false;
	if (p->i < p->n && p->s[p->i] == '/') {
		p->i++;
		if (!ar_skip_cfws(p, NULL) || !ar_version(p, &mversion) ||
		    !ar_skip_cfws(p, NULL))
			return false;
	}
	if (p->i >= p->n || p->s[p->i] != '=')
		return ar_unexpected(p, p->i, "expected '=' after method");
	p->i++;
	if (!ar_skip_cfws(p, NULL))
		return false;
	if (p->lenient && mversion < 0 && p->i < p->n && !is_word(p))
		return pseudo(p, at, method);
	if (!ar_name(p, &result, "expected a result after '='"))
		return false;
	if (p->store && p->ar->nres >= AUTHRES_MAX_RESULTS)
		ar_limit(p, at, "too many results");
	p->target = AR_T_RESULT;
	p->hold = false;
	if (!p->store)
		return true;
	if ((r = ar_result_append(p->ar)) == NULL)
		return ar_oom(p);
	r->method = method;
	r->method_version = mversion;
	r->result = result;
	r->code = authres_result_from_name(result);
	return ar_flush_pending(p, &r->comment) && flush_held(p, at, r);
}

/* resinfo - methodspec [CFWS reasonspec] [CFWS 1*propspec], up to the
 * next ';' or the end */
static bool
resinfo(struct ar_parser *p)
{
	if (!methodspec(p) || !ar_skip_cfws(p, NULL))
		return false;
	while (p->i < p->n && p->s[p->i] != ';')
		if (!element(p) || !ar_skip_cfws(p, NULL))
			return false;
	return true;
}

/* is_none - is the resinfo at i the word "none" (not a method "none")? */
static bool
is_none(struct ar_parser *p)
{
	size_t len = ar_keyword_end(p, p->i) - p->i;
	int c;

	/* the lookahead copies the parser: only for the word "none" */
	if (!ar_strcaseeq_n(p->s + p->i, len, "none"))
		return false;
	c = ar_peek_after_keyword(p, &len);
	return c != '=' && c != '/';
}

/* stray_id - lenient: step over a run without '=' that stands alone
 * between ';' (Microsoft repeats "outlook.com;" between results); comments
 * after it go with it. *skipped says whether it did. */
static bool
stray_id(struct ar_parser *p, bool *skipped)
{
	size_t start = p->i, k = ar_run_end(p, p->i);
	bool ok;

	*skipped = false;
	/* "none" after results stays an error: it contradicts them */
	if (k == start || memchr(p->s + start, '=', k - start) != NULL ||
	    ar_strcaseeq_n(p->s + start, k - start, "none"))
		return true;
	p->i = k;
	p->quiet = true;
	ok = ar_skip_cfws(p, NULL);
	p->quiet = false;
	if (!ok)
		return false;
	if (p->i < p->n && p->s[p->i] != ';')
		p->i = start;
	else
		*skipped = true;
	return true;
}

/* after_semicolon - what follows a ';': "none", a resinfo, or (lenient)
 * nothing or a stray authserv-id; *any and *none say what was seen */
static bool
after_semicolon(struct ar_parser *p, bool *any, bool *none)
{
	p->target = AR_T_PENDING;
	if (!ar_skip_cfws(p, NULL))
		return false;
	if (p->i >= p->n || p->s[p->i] == ';') {
		if (!p->lenient)
			return ar_unexpected(p, p->i, "expected a result");
		return true;
	}
	if (*none)
		return ar_fail(p, p->i, "results after 'none'");
	if (!*any && is_none(p)) {
		*none = true;
		p->i += 4;
		p->target = AR_T_AUTHSERV;
		return ar_flush_pending(p, &p->ar->comment);
	}
	if (p->lenient) {
		bool skipped;

		if (!stray_id(p, &skipped))
			return false;
		if (skipped)
			return true;
	}
	*any = true;
	return resinfo(p);
}

/* results - ( no-result / 1*resinfo ), first_bare when the first resinfo
 * has no ';' (lenient: no authserv-id) */
static bool
results(struct ar_parser *p, bool first_bare)
{
	bool any = first_bare, none = false, semi = false;

	if (first_bare && !resinfo(p))
		return false;
	for (;;) {
		if (!ar_skip_cfws(p, NULL))
			return false;
		if (p->i >= p->n)
			break;
		if (p->s[p->i] != ';')
			return ar_unexpected(p, p->i,
			    any || none ? "expected ';' between results"
			                : "expected ';' after authserv-id");
		p->i++;
		semi = true;
		if (!after_semicolon(p, &any, &none))
			return false;
	}
	if (!semi && !any && !p->lenient)
		return ar_fail(p, p->i, "expected ';' after authserv-id");
	if (p->target == AR_T_PENDING)
		p->target = any ? AR_T_RESULT : AR_T_AUTHSERV;
	return ar_flush_pending(p, ar_comment_slot(p));
}

/* starts_resinfo - lookahead: does the field start with "method=" or
 * "method/", i.e. without authserv-id (Office 365)? */
static bool
starts_resinfo(struct ar_parser *p)
{
	size_t len;
	int c = ar_peek_after_keyword(p, &len);

	return len > 0 && (c == '=' || c == '/');
}

/* authserv - authserv-id [CFWS authres-version] */
static bool
authserv(struct ar_parser *p)
{
	size_t at = p->i;
	char *id;
	bool seen;

	if (!ar_value(p, &id, false, "expected authserv-id"))
		return false;
	if (id != NULL && *id == '\0')
		return ar_fail(p, at, "empty authserv-id");
	p->ar->authserv_id = id;
	if (!ar_skip_cfws(p, &seen))
		return false;
	if (seen && p->i < p->n && AR_IS(p->s[p->i], AR_C_DIGIT))
		return ar_version(p, &p->ar->version);
	return true;
}

/* skip_name - step over "Authentication-Results" [WSP] ":", if there */
static void
skip_name(struct ar_parser *p)
{
	size_t k = sizeof(AUTHRES_FIELD_NAME) - 1;

	if (p->n < k || !ar_strcaseeq_n(p->s, k, AUTHRES_FIELD_NAME))
		return;
	while (k < p->n && AR_IS(p->s[k], AR_C_WSP))
		k++;
	if (k < p->n && p->s[k] == ':')
		p->i = k + 1;
}

/* field - the whole field */
static bool
field(struct ar_parser *p)
{
	skip_name(p);
	p->target = AR_T_AUTHSERV;
	if (!ar_skip_cfws(p, NULL))
		return false;
	if (p->i >= p->n)
		return ar_fail(p, p->i, "expected authserv-id");
	if (starts_resinfo(p))
		return p->lenient ? results(p, true)
		                  : ar_fail(p, p->i, "missing authserv-id");
	if (!authserv(p))
		return false;
	/* lenient: a result (or Yahoo's "from=x.com") right after the id */
	if (p->lenient &&
	    (!ar_skip_cfws(p, NULL) ||
	        (p->i < p->n && ar_keyword_end(p, p->i) > p->i)))
		return p->st == AUTHRES_OK && results(p, true);
	return results(p, false);
}

/* set_error - fill err (may be NULL) */
static void
set_error(struct authres_error *err, size_t column, const char *what)
{
	if (err == NULL)
		return;
	err->column = column;
	snprintf(err->what, sizeof(err->what), "%s", what);
}

/* authres_parse - parse one field of len octets */
enum authres_status
authres_parse(const char *text, size_t len, unsigned flags,
    struct authres **out, struct authres_error *err)
{
	struct ar_parser p;

	set_error(err, 0, "");
	if (out != NULL)
		*out = NULL;
	if (text == NULL || out == NULL || (flags & ~AUTHRES_PARSE_LENIENT)) {
		set_error(err, 0, authres_strerror(AUTHRES_EINVAL));
		return AUTHRES_EINVAL;
	}
	if (len > AUTHRES_MAX_INPUT) {
		set_error(err, AUTHRES_MAX_INPUT + 1, "field too long");
		return AUTHRES_ELIMIT;
	}
	memset(&p, 0, sizeof(p));
	p.s = text;
	p.n = len;
	p.lenient = (flags & AUTHRES_PARSE_LENIENT) != 0;
	p.store = true;
	if ((p.ar = ar_alloc()) == NULL) {
		set_error(err, 0, authres_strerror(AUTHRES_ENOMEM));
		return AUTHRES_ENOMEM;
	}
	if (field(&p) && p.limcol != 0) {
		p.st = AUTHRES_ELIMIT;
		p.col = p.limcol;
		snprintf(p.what, sizeof(p.what), "%s", p.limwhat);
	}
	if (p.st != AUTHRES_OK) {
		set_error(err, p.col, p.what);
		authres_free(p.ar);
		return p.st;
	}
	*out = p.ar;
	return AUTHRES_OK;
}
