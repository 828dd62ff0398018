/*
 * authres_read.c - the read side of the libauthres model: borrowed
 * getters (NULL or -1 out of range), lookups by method, result and
 * property (names compared ignoring case, values exactly), and equality
 * of two fields with comments left aside.
 */
#include <string.h>

#include "authres_int.h"

/* result_at - result i, or NULL when out of range */
static const struct ar_result *
result_at(const struct authres *ar, size_t i)
{
	if (ar == NULL || i >= ar->nres)
		return NULL;
	return &ar->res[i];
}

/* prop_at - property j of result i, or NULL when out of range */
static const struct ar_prop *
prop_at(const struct authres *ar, size_t i, size_t j)
{
	const struct ar_result *r = result_at(ar, i);

	if (r == NULL || j >= r->nprops)
		return NULL;
	return &r->props[j];
}

/* authres_get_authserv_id - borrowed authserv-id, NULL: none */
const char *
authres_get_authserv_id(const struct authres *ar)
{
	return ar != NULL ? ar->authserv_id : NULL;
}

/* authres_get_version - the authserv-id's version, -1: none */
int
authres_get_version(const struct authres *ar)
{
	return ar != NULL ? ar->version : -1;
}

/* authres_get_authserv_comment - comments by the authserv-id */
const char *
authres_get_authserv_comment(const struct authres *ar)
{
	return ar != NULL ? ar->comment : NULL;
}

/* authres_result_count - number of results */
size_t
authres_result_count(const struct authres *ar)
{
	return ar != NULL ? ar->nres : 0;
}

/* authres_get_method - method of result i */
const char *
authres_get_method(const struct authres *ar, size_t i)
{
	const struct ar_result *r = result_at(ar, i);

	return r != NULL ? r->method : NULL;
}

/* authres_get_method_version - method version of result i, -1: none */
int
authres_get_method_version(const struct authres *ar, size_t i)
{
	const struct ar_result *r = result_at(ar, i);

	return r != NULL ? r->method_version : -1;
}

/* authres_get_result - result word of result i */
const char *
authres_get_result(const struct authres *ar, size_t i)
{
	const struct ar_result *r = result_at(ar, i);

	return r != NULL ? r->result : NULL;
}

/* authres_get_result_code - result code of result i (OTHER when out of
 * range) */
enum authres_result
authres_get_result_code(const struct authres *ar, size_t i)
{
	const struct ar_result *r = result_at(ar, i);

	return r != NULL ? r->code : AUTHRES_RESULT_OTHER;
}

/* authres_get_reason - reason of result i, NULL: none */
const char *
authres_get_reason(const struct authres *ar, size_t i)
{
	const struct ar_result *r = result_at(ar, i);

	return r != NULL ? r->reason : NULL;
}

/* authres_get_result_comment - comments of result i */
const char *
authres_get_result_comment(const struct authres *ar, size_t i)
{
	const struct ar_result *r = result_at(ar, i);

	return r != NULL ? r->comment : NULL;
}

/* authres_prop_count - number of properties of result i */
size_t
authres_prop_count(const struct authres *ar, size_t i)
{
	const struct ar_result *r = result_at(ar, i);

	return r != NULL ? r->nprops : 0;
}

/* authres_get_prop_ptype - ptype of property j of result i */
const char *
authres_get_prop_ptype(const struct authres *ar, size_t i, size_t j)
{
	const struct ar_prop *p = prop_at(ar, i, j);

	return p != NULL ? p->ptype : NULL;
}

/* authres_get_prop_property - property name of property j of result i */
const char *
authres_get_prop_property(const struct authres *ar, size_t i, size_t j)
{
	const struct ar_prop *p = prop_at(ar, i, j);

	return p != NULL ? p->property : NULL;
}

/* authres_get_prop_value - value of property j of result i */
const char *
authres_get_prop_value(const struct authres *ar, size_t i, size_t j)
{
	const struct ar_prop *p = prop_at(ar, i, j);

	return p != NULL ? p->value : NULL;
}

/* authres_get_prop_comment - comments of property j of result i */
const char *
authres_get_prop_comment(const struct authres *ar, size_t i, size_t j)
{
	const struct ar_prop *p = prop_at(ar, i, j);

	return p != NULL ? p->comment : NULL;
}

/* name_match - NULL pattern matches anything, else case-insensitive */
static bool
name_match(const char *pattern, const char *name)
{
	return pattern == NULL || ar_strcaseeq(pattern, name);
}

/* authres_find - first result at or after start matching method/result */
size_t
authres_find(const struct authres *ar, size_t start, const char *method,
    const char *result)
{
	size_t i;

	for (i = start; ar != NULL && i < ar->nres; i++)
		if (name_match(method, ar->res[i].method) &&
		    name_match(result, ar->res[i].result))
			return i;
	return AUTHRES_NPOS;
}

/* prop_find - index of ptype.property (value, unless NULL) in r */
static size_t
prop_find(const struct ar_result *r, const char *ptype, const char *property,
    const char *value)
{
	size_t j;

	for (j = 0; j < r->nprops; j++)
		if (name_match(ptype, r->props[j].ptype) &&
		    name_match(property, r->props[j].property) &&
		    (value == NULL || strcmp(value, r->props[j].value) == 0))
			return j;
	return AUTHRES_NPOS;
}

/* authres_find_prop - first result at or after start with the property */
size_t
authres_find_prop(const struct authres *ar, size_t start, const char *ptype,
    const char *property, const char *value)
{
	size_t i;

	if (ptype == NULL || property == NULL)
		return AUTHRES_NPOS;
	for (i = start; ar != NULL && i < ar->nres; i++)
		if (prop_find(&ar->res[i], ptype, property, value) !=
		    AUTHRES_NPOS)
			return i;
	return AUTHRES_NPOS;
}

/* authres_lookup_prop - value of ptype.property in result i */
const char *
authres_lookup_prop(
    const struct authres *ar, size_t i, const char *ptype, const char *property)
{
	const struct ar_result *r = result_at(ar, i);
	size_t j;

	if (r == NULL || ptype == NULL || property == NULL)
		return NULL;
	j = prop_find(r, ptype, property, NULL);
	return j != AUTHRES_NPOS ? r->props[j].value : NULL;
}

/* str_eq - equal strings, NULL equal only to NULL */
static bool
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* result_equal - same method, version, result, reason and properties */
static bool
result_equal(const struct ar_result *a, const struct ar_result *b)
{
	size_t j;

	if (!str_eq(a->method, b->method) ||
	    a->method_version != b->method_version ||
	    !str_eq(a->result, b->result) || !str_eq(a->reason, b->reason) ||
	    a->nprops != b->nprops)
		return false;
	for (j = 0; j < a->nprops; j++)
		if (!str_eq(a->props[j].ptype, b->props[j].ptype) ||
		    !str_eq(a->props[j].property, b->props[j].property) ||
		    !str_eq(a->props[j].value, b->props[j].value))
			return false;
	return true;
}

/* authres_equal - same field, comments aside */
bool
authres_equal(const struct authres *a, const struct authres *b)
{
	size_t i;

	if (a == NULL || b == NULL)
		return a == b;
	if (!str_eq(a->authserv_id, b->authserv_id) ||
	    a->version != b->version || a->nres != b->nres)
		return false;
	for (i = 0; i < a->nres; i++)
		if (!result_equal(&a->res[i], &b->res[i]))
			return false;
	return true;
}
