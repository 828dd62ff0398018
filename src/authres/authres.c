/*
 * authres.c - libauthres data model: build, copy and change one
 * Authentication-Results field (RFC 8601). Names must be keywords and
 * are stored lower-cased; text is sanitized (controls and non-UTF-8 octets
 * become '?'). At most AUTHRES_MAX_RESULTS results of AUTHRES_MAX_PROPS
 * properties each, text values of at most AUTHRES_MAX_INPUT octets.
 */
#include <stdlib.h>
#include <string.h>

#include "authres_int.h"

static const char *const status_text[] = {
	"success",
	"out of memory",
	"syntax error",
	"limit exceeded",
	"invalid argument",
	"index out of range",
};

/* authres_version - the library's version string */
const char *
authres_version(void)
{
	return "0.1.0";
}

/* authres_strerror - short text for a status */
const char *
authres_strerror(enum authres_status st)
{
	if ((unsigned)st >= sizeof(status_text) / sizeof(status_text[0]))
		return "unknown error";
	return status_text[st];
}

/* pool_status - why the pool refused: its cap or malloc */
static enum authres_status
pool_status(const struct authres *ar)
{
	return ar->pool.limit ? AUTHRES_ELIMIT : AUTHRES_ENOMEM;
}

/* ar_alloc - an empty field: no authserv-id, no version, no result */
struct authres *
ar_alloc(void)
{
	struct authres *ar;

	if ((ar = calloc(1, sizeof(*ar))) == NULL)
		return NULL;
	ar->version = -1;
	ar_pool_init(&ar->pool);
	return ar;
}

/* authres_new - a field for authserv_id (NULL: none) */
struct authres *
authres_new(const char *authserv_id)
{
	struct authres *ar;

	if (authserv_id != NULL && !ar_is_value(authserv_id))
		return NULL;
	if ((ar = ar_alloc()) == NULL)
		return NULL;
	if (authres_set_authserv_id(ar, authserv_id, -1) != AUTHRES_OK) {
		authres_free(ar);
		return NULL;
	}
	return ar;
}

/* authres_free - release a field and all its text */
void
authres_free(struct authres *ar)
{
	size_t i;

	if (ar == NULL)
		return;
	for (i = 0; i < ar->nres; i++)
		free(ar->res[i].props);
	free(ar->res);
	ar_pool_free(&ar->pool);
	free(ar);
}

/* text_dup - copy s (NULL stays NULL) into dst's pool; sanitize it when
 * clean is set; false when the pool refused */
static bool
text_dup(struct authres *dst, char **slot, const char *s, bool clean)
{
	size_t n;

	if (s == NULL) {
		*slot = NULL;
		return true;
	}
	n = strlen(s);
	*slot = clean ? ar_pool_sanitize(&dst->pool, s, n)
	              : ar_pool_dup(&dst->pool, s, n);
	return *slot != NULL;
}

/* clone_result - deep copy of result r into dst */
static bool
clone_result(struct authres *dst, const struct ar_result *r)
{
	struct ar_result *n;
	struct ar_prop *p;
	size_t j;

	if ((n = ar_result_append(dst)) == NULL)
		return false;
	n->method_version = r->method_version;
	n->code = r->code;
	if (!text_dup(dst, &n->method, r->method, false) ||
	    !text_dup(dst, &n->result, r->result, false) ||
	    !text_dup(dst, &n->reason, r->reason, false) ||
	    !text_dup(dst, &n->comment, r->comment, false))
		return false;
	for (j = 0; j < r->nprops; j++) {
		if ((p = ar_prop_append(dst, n)) == NULL)
			return false;
		if (!text_dup(dst, &p->ptype, r->props[j].ptype, false) ||
		    !text_dup(dst, &p->property, r->props[j].property, false) ||
		    !text_dup(dst, &p->value, r->props[j].value, false) ||
		    !text_dup(dst, &p->comment, r->props[j].comment, false))
			return false;
	}
	return true;
}

/* authres_clone - deep copy */
struct authres *
authres_clone(const struct authres *ar)
{
	struct authres *c;
	size_t i;

	if (ar == NULL || (c = ar_alloc()) == NULL)
		return NULL;
	c->version = ar->version;
	if (!text_dup(c, &c->authserv_id, ar->authserv_id, false) ||
	    !text_dup(c, &c->comment, ar->comment, false))
		goto fail;
	for (i = 0; i < ar->nres; i++)
		if (!clone_result(c, &ar->res[i]))
			goto fail;
	return c;
fail:
	authres_free(c);
	return NULL;
}

/* authres_set_authserv_id - replace the authserv-id and its version */
enum authres_status
authres_set_authserv_id(struct authres *ar, const char *id, int version)
{
	char *p = NULL;

	if (ar == NULL || (id != NULL && !ar_is_value(id)) ||
	    version > AR_VERSION_MAX)
		return AUTHRES_EINVAL;
	if (id != NULL && strlen(id) > AUTHRES_MAX_INPUT)
		return AUTHRES_ELIMIT;
	if (id != NULL && (p = ar_pool_dup(&ar->pool, id, strlen(id))) == NULL)
		return pool_status(ar);
	ar->authserv_id = p;
	ar->version = version < 0 ? -1 : version;
	return AUTHRES_OK;
}

/* ar_result_append - a new zeroed result at the end (NULL: ENOMEM, or
 * AUTHRES_MAX_RESULTS reached, which the caller checks first) */
struct ar_result *
ar_result_append(struct authres *ar)
{
	struct ar_result *r;
	size_t cap;

	if (ar->nres >= AUTHRES_MAX_RESULTS)
		return NULL;
	if (ar->nres == ar->capres) {
		cap = ar->capres == 0 ? 4 : ar->capres * 2;
		if (cap > AUTHRES_MAX_RESULTS)
			cap = AUTHRES_MAX_RESULTS;
		if ((r = reallocarray(ar->res, cap, sizeof(*r))) == NULL)
			return NULL;
		ar->res = r;
		ar->capres = cap;
	}
	r = &ar->res[ar->nres++];
	memset(r, 0, sizeof(*r));
	r->method_version = -1;
	return r;
}

/* ar_prop_append - a new zeroed property at the end of r (NULL: ENOMEM,
 * or AUTHRES_MAX_PROPS reached, which the caller checks first) */
struct ar_prop *
ar_prop_append(struct authres *ar, struct ar_result *r)
{
	struct ar_prop *p;
	size_t cap;

	(void)ar;
	if (r->nprops >= AUTHRES_MAX_PROPS)
		return NULL;
	if (r->nprops == r->capprops) {
		cap = r->capprops == 0 ? 4 : r->capprops * 2;
		if (cap > AUTHRES_MAX_PROPS)
			cap = AUTHRES_MAX_PROPS;
		if ((p = reallocarray(r->props, cap, sizeof(*p))) == NULL)
			return NULL;
		r->props = p;
		r->capprops = cap;
	}
	p = &r->props[r->nprops++];
	memset(p, 0, sizeof(*p));
	return p;
}

/* text_ok - may s be stored as a text value? (NULL is fine) */
static enum authres_status
text_ok(const char *s)
{
	if (s != NULL && strlen(s) > AUTHRES_MAX_INPUT)
		return AUTHRES_ELIMIT;
	return AUTHRES_OK;
}

/* authres_add_result_name - append method[/version]=result [reason] */
enum authres_status
authres_add_result_name(struct authres *ar, const char *method,
    int method_version, const char *result, const char *reason)
{
	struct ar_result *r;
	enum authres_status st;

	if (ar == NULL || !authres_is_keyword(method) ||
	    !authres_is_keyword(result) || method_version > AR_VERSION_MAX)
		return AUTHRES_EINVAL;
	if ((st = text_ok(reason)) != AUTHRES_OK)
		return st;
	if (ar->nres >= AUTHRES_MAX_RESULTS)
		return AUTHRES_ELIMIT;
	if ((r = ar_result_append(ar)) == NULL)
		return AUTHRES_ENOMEM;
	r->method_version = method_version < 0 ? -1 : method_version;
	r->method = ar_pool_lower(&ar->pool, method, strlen(method));
	r->result = ar_pool_lower(&ar->pool, result, strlen(result));
	if (r->method == NULL || r->result == NULL ||
	    !text_dup(ar, &r->reason, reason, true)) {
		st = pool_status(ar);
		ar->nres--;
		return st;
	}
	r->code = authres_result_from_name(r->result);
	return AUTHRES_OK;
}

/* authres_add_result - append method=result [reason] */
enum authres_status
authres_add_result(struct authres *ar, const char *method,
    enum authres_result res, const char *reason)
{
	const char *name = authres_result_name(res);

	if (name == NULL)
		return AUTHRES_EINVAL;
	return authres_add_result_name(ar, method, -1, name, reason);
}

/* authres_add_prop - append ptype.property=value to the last result */
enum authres_status
authres_add_prop(struct authres *ar, const char *ptype, const char *property,
    const char *value)
{
	struct ar_result *r;
	struct ar_prop *p;
	enum authres_status st;

	if (ar == NULL || ar->nres == 0 || !authres_is_keyword(ptype) ||
	    !authres_is_keyword(property) || value == NULL)
		return AUTHRES_EINVAL;
	if ((st = text_ok(value)) != AUTHRES_OK)
		return st;
	r = &ar->res[ar->nres - 1];
	if (r->nprops >= AUTHRES_MAX_PROPS)
		return AUTHRES_ELIMIT;
	if ((p = ar_prop_append(ar, r)) == NULL)
		return AUTHRES_ENOMEM;
	p->ptype = ar_pool_lower(&ar->pool, ptype, strlen(ptype));
	p->property = ar_pool_lower(&ar->pool, property, strlen(property));
	p->value = ar_pool_sanitize(&ar->pool, value, strlen(value));
	if (p->ptype == NULL || p->property == NULL || p->value == NULL) {
		r->nprops--;
		return pool_status(ar);
	}
	return AUTHRES_OK;
}

/* ar_comment_join - set *slot to text (len octets, sanitized), or to the
 * old comment, a space and text */
enum authres_status
ar_comment_join(struct authres *ar, char **slot, const char *text, size_t len)
{
	size_t old = *slot != NULL ? strlen(*slot) : 0;
	char *p;

	if (len > AUTHRES_MAX_INPUT || old > AUTHRES_MAX_INPUT)
		return AUTHRES_ELIMIT;
	if ((p = ar_pool_alloc(&ar->pool, old + 1 + len + 1)) == NULL)
		return pool_status(ar);
	if (old > 0) {
		memcpy(p, *slot, old);
		p[old++] = ' ';
	}
	ar_sanitize_into(p + old, text, len);
	p[old + len] = '\0';
	*slot = p;
	return AUTHRES_OK;
}

/* authres_add_comment - comment the element added last */
enum authres_status
authres_add_comment(struct authres *ar, const char *text)
{
	struct ar_result *r;
	char **slot;

	if (ar == NULL || text == NULL)
		return AUTHRES_EINVAL;
	if (ar->nres == 0)
		slot = &ar->comment;
	else {
		r = &ar->res[ar->nres - 1];
		slot = r->nprops == 0 ? &r->comment
		                      : &r->props[r->nprops - 1].comment;
	}
	return ar_comment_join(ar, slot, text, strlen(text));
}

/* authres_remove_result - remove result i and its properties */
enum authres_status
authres_remove_result(struct authres *ar, size_t i)
{
	if (ar == NULL)
		return AUTHRES_EINVAL;
	if (i >= ar->nres)
		return AUTHRES_ERANGE;
	free(ar->res[i].props);
	memmove(&ar->res[i], &ar->res[i + 1],
	    (ar->nres - i - 1) * sizeof(ar->res[0]));
	ar->nres--;
	return AUTHRES_OK;
}
