/*
 * authres_json.h - the small strict JSON reader and writer of the authres
 * command (RFC 8259): objects, arrays, strings, integers, true, false,
 * null. Input is capped (AR_JSON_MAX_INPUT octets, AR_JSON_MAX_DEPTH
 * levels, AR_JSON_MAX_MEMBERS members per object); strings must be UTF-8
 * without NUL. Not part of libauthres; the daemon's JSON log uses the
 * writer too.
 */
#ifndef AUTHRES_JSON_H
#define AUTHRES_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define AR_JSON_MAX_INPUT (4 * 1024 * 1024)
#define AR_JSON_MAX_DEPTH 32
/* members per object: far above the contract's few keys, low enough that
 * the duplicate-key check costs at most this many compares per member */
#define AR_JSON_MAX_MEMBERS 256

enum ar_json_type {
	AR_JSON_NULL,
	AR_JSON_BOOL,
	AR_JSON_INT,
	AR_JSON_STRING,
	AR_JSON_ARRAY,
	AR_JSON_OBJECT
};

/* One value. Arrays and objects hold n items; objects also n keys. */
struct ar_json {
	enum ar_json_type type;
	bool b;
	long long num;
	char *str; /* STRING: NUL-terminated UTF-8 */
	size_t n, cap;
	struct ar_json **items;
	char **keys; /* OBJECT only */
};

/*
 * ar_json_parse - parse len octets holding exactly one JSON value (white
 * space around it allowed). Returns a tree the caller frees with
 * ar_json_free(), or NULL with a message in err ("column N: what").
 */
struct ar_json *ar_json_parse(
    const char *s, size_t len, char *err, size_t errsz);
void ar_json_free(struct ar_json *);

/* ar_json_get - the member key of object o (borrowed), or NULL */
const struct ar_json *ar_json_get(const struct ar_json *o, const char *key);

/* ar_json_put_string - write s as a JSON string: '"' '\' escaped,
 * controls as \u00XX (or \n, \t ...), well-formed UTF-8 passed through,
 * each octet of a malformed sequence written as \ufffd */
void ar_json_put_string(FILE *, const char *s);

/* ar_json_put_key - write ", " (unless first) and the "key": */
void ar_json_put_key(FILE *, const char *key, bool first);

struct authres;
/* ar_json_put_result - result i of ar as one object of the "results"
 * array of design.md's authres parse contract */
void ar_json_put_result(FILE *, const struct authres *ar, size_t i);

#endif /* AUTHRES_JSON_H */
