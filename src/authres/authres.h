/*
 * authres.h - libauthres: the Authentication-Results header field (RFC 8601)
 * as a data model, a parser and a formatter.
 *
 * One struct authres holds one field: the authserv-id (and its version),
 * then zero or more results, each with a method, a result, an optional
 * reason and properties (ptype.property=value), and the comments that stood
 * beside them. The library depends on libc alone, keeps no global state and
 * is therefore safe to use from any number of threads on distinct objects.
 * It never logs, exits or aborts: every function reports through its return
 * value.
 */
#ifndef AUTHRES_H
#define AUTHRES_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AUTHRES_FIELD_NAME "Authentication-Results"

/* Explicit limits: hitting one is the error AUTHRES_ELIMIT, never a silent
 * truncation. They are generous for any field seen in real mail. */
#define AUTHRES_MAX_INPUT (1024 * 1024) /* octets of one field, parsed */
#define AUTHRES_MAX_RESULTS 1024        /* resinfo per field */
#define AUTHRES_MAX_PROPS 256           /* properties per result */
#define AUTHRES_MAX_COMMENT_DEPTH 64    /* nested comments */

/* Returned by the lookup functions when nothing matches. */
#define AUTHRES_NPOS ((size_t)-1)

enum authres_status {
	AUTHRES_OK = 0,
	AUTHRES_ENOMEM,  /* out of memory */
	AUTHRES_ESYNTAX, /* input does not follow the grammar */
	AUTHRES_ELIMIT,  /* one of the AUTHRES_MAX_* limits was hit */
	AUTHRES_EINVAL,  /* bad argument (not a keyword, NULL, no result) */
	AUTHRES_ERANGE   /* index out of range */
};

/* RFC 8601 2.7 result values. Other result words (dmarc's or vbr's, x-
 * words, unknown ones) are kept as text: their code is AUTHRES_RESULT_OTHER. */
enum authres_result {
	AUTHRES_RESULT_NONE,
	AUTHRES_RESULT_PASS,
	AUTHRES_RESULT_FAIL,
	AUTHRES_RESULT_SOFTFAIL,
	AUTHRES_RESULT_NEUTRAL,
	AUTHRES_RESULT_POLICY,
	AUTHRES_RESULT_TEMPERROR,
	AUTHRES_RESULT_PERMERROR,
	AUTHRES_RESULT_OTHER
};

/* Where a parse failed: column is 1-based, counted in octets of the input
 * as given (field name included when it was given). */
struct authres_error {
	size_t column;
	char what[96];
};

/* Parse flags. */
#define AUTHRES_PARSE_STRICT 0x0 /* RFC 8601 grammar only */
/* Accept what real mail carries: a missing authserv-id (Office 365 writes
 * "Authentication-Results: spf=pass ..."), unquoted values that are not
 * tokens (IPv6 addresses, '/' '@' ':'), bare 8-bit UTF-8 (RFC 8616), a
 * trailing ';', bare "word=value" properties (empty ptype), '_' in names,
 * an id repeated between results (skipped) and Yahoo's "from=x.com"
 * (given to the next result); see authres(3). */
#define AUTHRES_PARSE_LENIENT 0x1

/* Format flags. */
#define AUTHRES_FORMAT_NAME 0x1 /* start with "Authentication-Results: " */
#define AUTHRES_FORMAT_CRLF 0x2 /* fold with CRLF instead of LF */

/* Registration of a method, result or property in the IANA registries. */
enum authres_registration {
	AUTHRES_REG_REGISTERED,   /* in the registry */
	AUTHRES_REG_EXPERIMENTAL, /* an x- name */
	AUTHRES_REG_UNKNOWN       /* neither */
};

struct authres; /* opaque */

/* authres_version - the library's version string, e.g. "0.1.0" */
const char *authres_version(void);

/* authres_strerror - a short English text for a status (never NULL) */
const char *authres_strerror(enum authres_status);

/*
 * Building a field.
 *
 * authres_new - a field for authserv_id (NULL: none, as some parsers in
 * the wild produce; the formatter then refuses with AUTHRES_EINVAL).
 * Returns NULL when out of memory or when authserv_id is not a value.
 * The caller frees the result with authres_free(). authres_free(NULL) is
 * a no-op.
 */
struct authres *authres_new(const char *authserv_id);
void authres_free(struct authres *);

/* authres_clone - deep copy; the caller frees it; NULL when out of memory */
struct authres *authres_clone(const struct authres *);

/* authres_set_authserv_id - replace the authserv-id and its version
 * (version < 0: none). */
enum authres_status authres_set_authserv_id(
    struct authres *, const char *authserv_id, int version);

/*
 * authres_add_result - append "method=result", with reason (may be NULL)
 * written as "reason=...". method must be a keyword (RFC 8601 2.2); it is
 * stored lower-cased.
 */
enum authres_status authres_add_result(struct authres *, const char *method,
    enum authres_result, const char *reason);

/* authres_add_result_name - as authres_add_result with the result as a
 * word (a keyword, e.g. "bestguesspass"), and a method version (< 0:
 * none). */
enum authres_status authres_add_result_name(struct authres *,
    const char *method, int method_version, const char *result,
    const char *reason);

/*
 * authres_add_prop - append "ptype.property=value" to the last result
 * added (AUTHRES_EINVAL when there is none). ptype and property must be
 * keywords and are stored lower-cased; value is any text.
 *
 * Text values (reason, property values, comments) are stored as given,
 * except that control characters (C0 and DEL, CR and LF included) and
 * octets that are not UTF-8 are each replaced by '?': no call can make
 * the formatter write a line break, so a hostile MAIL FROM such as
 * "x@y.example;\r\nBcc: z@evil.example" stays one value of one field.
 */
enum authres_status authres_add_prop(struct authres *, const char *ptype,
    const char *property, const char *value);

/*
 * authres_add_comment - attach a comment (text without the outer
 * parentheses) to the element added last: the authserv-id when no result
 * was added yet, else the last result (after its reason), else the last
 * property. Comments on one element are joined with a space.
 */
enum authres_status authres_add_comment(struct authres *, const char *text);

/*
 * Reading a field. Pointers returned by authres_get_* are borrowed: they
 * stay valid until the field is changed or freed. Indices start at 0; an
 * index out of range gives NULL (or -1 for versions).
 */
const char *authres_get_authserv_id(const struct authres *);
int authres_get_version(const struct authres *); /* -1: none */
const char *authres_get_authserv_comment(const struct authres *);

size_t authres_result_count(const struct authres *);
const char *authres_get_method(const struct authres *, size_t i);
int authres_get_method_version(const struct authres *, size_t i);
const char *authres_get_result(const struct authres *, size_t i);
enum authres_result authres_get_result_code(const struct authres *, size_t i);
const char *authres_get_reason(const struct authres *, size_t i);
const char *authres_get_result_comment(const struct authres *, size_t i);

size_t authres_prop_count(const struct authres *, size_t i);
const char *authres_get_prop_ptype(const struct authres *, size_t i, size_t j);
const char *authres_get_prop_property(
    const struct authres *, size_t i, size_t j);
const char *authres_get_prop_value(const struct authres *, size_t i, size_t j);
const char *authres_get_prop_comment(
    const struct authres *, size_t i, size_t j);

/*
 * authres_append - append every result of src (NULL: none) to dst, with
 * its reason, comments and properties, as a verifier assembles its field
 * from its checks' results. max (0: no limit) keeps each element within
 * max octets as written (quoted, escaped), so every element fits a line
 * of the field: a property value that does not fit is left out and a
 * comment names it ("ptype.property not shown: N octets"), since a cut
 * name would be another name; a reason or comment that does not fit is
 * cut and ends in "...". On error dst is unchanged.
 */
enum authres_status authres_append(
    struct authres *dst, const struct authres *src, size_t max);

/* authres_remove_result - remove result i and its properties */
enum authres_status authres_remove_result(struct authres *, size_t i);

/*
 * Lookups. authres_find - index of the first result at or after start
 * whose method and result match (NULL matches anything; names compare
 * case-insensitively), or AUTHRES_NPOS.
 */
size_t authres_find(const struct authres *, size_t start, const char *method,
    const char *result);

/* authres_find_prop - index of the first result at or after start that has
 * ptype.property (and value, unless NULL; compared exactly), or
 * AUTHRES_NPOS. */
size_t authres_find_prop(const struct authres *, size_t start,
    const char *ptype, const char *property, const char *value);

/* authres_lookup_prop - the value of ptype.property in result i, or NULL */
const char *authres_lookup_prop(
    const struct authres *, size_t i, const char *ptype, const char *property);

/* authres_equal - same authserv-id, version, results, reasons and
 * properties (comments are not compared) */
bool authres_equal(const struct authres *, const struct authres *);

/*
 * Parsing. authres_parse - parse one field of len octets: the value alone
 * or with its "Authentication-Results:" name, folded (CRLF or LF followed
 * by white space) or not. flags: AUTHRES_PARSE_*. On AUTHRES_OK *out is a
 * new field the caller frees; otherwise *out is NULL and err (may be NULL)
 * says where and what. Unknown methods, results and ptypes are kept.
 */
enum authres_status authres_parse(const char *field, size_t len, unsigned flags,
    struct authres **out, struct authres_error *err);

/*
 * authres_is_ours - does this field (value, or name and value) carry
 * authserv_id, with or without a version, compared case-insensitively?
 * Reads only the authserv-id, so it answers even when the rest of the
 * field does not parse (RFC 8601 5: a forged field must go). The id is
 * read as the most lenient consumer would: up to the first ';' outside
 * comments, comments, white space (SP HTAB CR LF VT FF), double quotes
 * and backslashes are dropped and the pieces joined; it is ours when it
 * starts with authserv_id (one trailing dot ignored) and ends there or
 * where a piece ended (see authres(3)).
 */
bool authres_is_ours(const char *field, size_t len, const char *authserv_id);

/*
 * authres_get_authserv_id_from - copy the authserv-id of a field into buf
 * (size bufsz) without parsing the rest. Returns AUTHRES_OK, ESYNTAX or
 * ELIMIT (buf too small).
 */
enum authres_status authres_get_authserv_id_from(
    const char *field, size_t len, char *buf, size_t bufsz);

/*
 * Formatting. authres_format - write the field as one value folded at 78
 * columns (counted as if the field name stood before it, which is where
 * an MTA puts it), never a line over 998 octets, with LF (or CRLF) and a
 * tab at each fold. Each value is written as a token when it is one and as
 * a quoted-string otherwise. flags: AUTHRES_FORMAT_*. On AUTHRES_OK *out
 * is a NUL-terminated string the caller frees with free().
 */
enum authres_status authres_format(
    const struct authres *, unsigned flags, char **out);

/* authres_is_token - is s an RFC 2045 token, writable unquoted as a
 * value? */
bool authres_is_token(const char *s);

/* authres_is_keyword - is s an RFC 8601 keyword (method, ptype, ...)? */
bool authres_is_keyword(const char *s);

/* authres_result_name - "pass" for AUTHRES_RESULT_PASS...; NULL for OTHER */
const char *authres_result_name(enum authres_result);

/* authres_result_from_name - the code of a result word (case-insensitive);
 * AUTHRES_RESULT_OTHER when it is none of RFC 8601 2.7's */
enum authres_result authres_result_from_name(const char *);

/*
 * Registry: the IANA "Email Authentication Methods", "Email Authentication
 * Result Names" and "Email Authentication Property Types" registries as of
 * RFC 8601, 7410, 6008, 7281, 7293, 7489, 8617, 8904 and 8616.
 */
enum authres_registration authres_classify_method(const char *method);
enum authres_registration authres_classify_result(
    const char *method, const char *result);
enum authres_registration authres_classify_prop(
    const char *method, const char *ptype, const char *property);

#ifdef __cplusplus
}
#endif

#endif /* AUTHRES_H */
