/*
 * authres_int.h - libauthres internals shared by its .c files: the layout
 * of struct authres, the string pool its text lives in, and the text
 * helpers (token, keyword, UTF-8, sanitizer). Nothing here is installed or
 * exported: internal names start with ar_ so that the version script, which
 * exports every authres_* symbol, keeps them local.
 */
#ifndef AUTHRES_INT_H
#define AUTHRES_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "authres.h"

/*
 * One property of a result: "ptype.property=value (comment)". All strings
 * live in the owning field's pool. ptype and property are lower-case
 * keywords; value is sanitized text (never NULL, may be empty). comment is
 * NULL when there is none.
 *
 * A lenient parse of a bare "word=value" after a result (Office 365 writes
 * "dmarc=pass action=none header.from=...") gives ptype "" and property
 * "word": a formatter writes such a property as "word=value".
 */
struct ar_prop {
	char *ptype;
	char *property;
	char *value;
	char *comment;
};

/* One resinfo: "method[/version]=result [reason=...] props". */
struct ar_result {
	char *method;       /* lower-case keyword */
	int method_version; /* -1: none */
	char *result;       /* lower-case keyword */
	enum authres_result code;
	char *reason;  /* NULL: none */
	char *comment; /* NULL: none; joined with ' ' */
	struct ar_prop *props;
	size_t nprops, capprops; /* capprops <= AUTHRES_MAX_PROPS */
};

/*
 * The string pool: text is carved from chunks that never move, so the
 * char * above stay valid; it is all freed with the field. Replacing a
 * string (a comment joined, an authserv-id set again) leaves the old bytes
 * in the pool until then. The first chunk is inline in struct authres, so
 * a typical parsed field costs few allocations.
 */
struct ar_chunk {
	struct ar_chunk *next;
	size_t cap;
	char data[]; /* cap octets */
};

/* versions are 1*DIGIT: a larger one is refused, so they fit an int */
#define AR_VERSION_MAX 999999999

#define AR_POOL_INLINE 512
#define AR_POOL_MAX (4 * (size_t)AUTHRES_MAX_INPUT) /* octets per field */

struct ar_pool {
	char *cur;    /* next free octet */
	size_t left;  /* octets free at cur */
	size_t total; /* octets allocated in chunks, capped by AR_POOL_MAX */
	bool limit;   /* the last failure was the cap, not malloc */
	struct ar_chunk *chunks;
	char inline_buf[AR_POOL_INLINE];
};

struct authres {
	char *authserv_id; /* NULL: none (lenient parse of Office 365) */
	int version;       /* -1: none */
	char *comment;     /* comments by the authserv-id, NULL: none */
	struct ar_result *res;
	size_t nres, capres; /* capres <= AUTHRES_MAX_RESULTS */
	struct ar_pool pool;
};

/* authres.c: model internals */
struct authres *ar_alloc(void);
struct ar_result *ar_result_append(struct authres *);
struct ar_prop *ar_prop_append(struct authres *, struct ar_result *);
enum authres_status ar_comment_join(
    struct authres *, char **slot, const char *text, size_t len);

/* authres_text.c: pool */
void ar_pool_init(struct ar_pool *);
void ar_pool_free(struct ar_pool *);
char *ar_pool_alloc(struct ar_pool *, size_t n);
char *ar_pool_dup(struct ar_pool *, const char *s, size_t n);
char *ar_pool_lower(struct ar_pool *, const char *s, size_t n);
char *ar_pool_sanitize(struct ar_pool *, const char *s, size_t n);

/* authres_text.c: character classes and text checks */
extern const unsigned char ar_ctype[256];
#define AR_C_TOKEN 0x01  /* RFC 2045 token character */
#define AR_C_LETDIG 0x02 /* ALPHA / DIGIT */
#define AR_C_WSP 0x04    /* SP / HTAB */
#define AR_C_DIGIT 0x08  /* DIGIT */
#define AR_C_ATEXT 0x10  /* RFC 5322 atext */
#define AR_C_CTL 0x20    /* C0 (HTAB included) and DEL */
#define AR_C_QTEXT 0x40  /* RFC 5322 qtext (ASCII) */
#define AR_C_CTEXT 0x80  /* RFC 5322 ctext (ASCII) */
#define AR_IS(c, cls) ((ar_ctype[(unsigned char)(c)] & (cls)) != 0)

/* ar_utf8_len - octets of the valid UTF-8 sequence (RFC 3629) at s, which
 * has n octets; 0 when s does not start one (overlong, surrogate, cut) */
size_t ar_utf8_len(const unsigned char *s, size_t n);
bool ar_is_utf8(const char *s, size_t n);
bool ar_is_token_n(const char *s, size_t n);
bool ar_is_keyword_n(const char *s, size_t n);
/* ar_is_value - usable as a value: non-empty, UTF-8, no control */
bool ar_is_value(const char *s);
/* ar_sanitize_into - copy n octets of s to dst (n octets of room), each
 * control and each octet that is not UTF-8 replaced by '?'; dst is not
 * NUL-terminated and may equal s */
void ar_sanitize_into(char *dst, const char *s, size_t n);
bool ar_strcaseeq(const char *a, const char *b);
bool ar_strcaseeq_n(const char *a, size_t alen, const char *b);
void ar_lower_into(char *dst, const char *s, size_t n);

#endif /* AUTHRES_INT_H */
