/*
 * authres_lex.h - the parser state and the lexical scanners shared by
 * authres_lex.c (CFWS, quoted-strings, values, keywords) and
 * authres_parse.c (the RFC 8601 grammar). Internal: not installed.
 */
#ifndef AUTHRES_LEX_H
#define AUTHRES_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "authres_int.h"

/* Lenient: pseudo-properties met before the result they describe (Yahoo's
 * "id from=x.com; dkim=pass") wait here for the next result. */
#define AR_MAX_HELD 16

/* Where the next comment goes (indices, never pointers: arrays move). */
enum ar_target { AR_T_PENDING, AR_T_AUTHSERV, AR_T_RESULT, AR_T_PROP };

struct ar_parser {
	const char *s;
	size_t n, i;
	bool lenient;
	bool quiet; /* lookahead: keep no comment */
	bool store; /* false once a limit was hit: scan only */
	struct authres *ar;
	enum ar_target target;
	char *pending;    /* comments met before their element */
	bool have_reason; /* the current result has its reason */
	size_t nprops;    /* properties of the current result */
	bool hold;        /* lenient: no result owns properties now */
	size_t nheld;
	char *held[AR_MAX_HELD][3]; /* ptype, property, value */
	enum authres_status st;
	size_t col; /* 1-based column of the first failure */
	char what[96];
	size_t limcol; /* 1-based column of the first limit hit */
	const char *limwhat;
};

/* Failures: each records the first one and returns false. */
bool ar_fail(struct ar_parser *, size_t at, const char *what);
bool ar_unexpected(struct ar_parser *, size_t at, const char *what);
bool ar_nomem(struct ar_parser *);
bool ar_oom(struct ar_parser *);
void ar_limit(struct ar_parser *, size_t at, const char *what);

/* Scanners: each starts at p->i and leaves it after what it read. */
bool ar_skip_cfws(struct ar_parser *, bool *seen);
bool ar_value(struct ar_parser *, char **out, bool pvalue, const char *what);
bool ar_name(struct ar_parser *, char **out, const char *what);
bool ar_version(struct ar_parser *, int *v);
size_t ar_keyword_end(const struct ar_parser *, size_t k);
size_t ar_run_end(const struct ar_parser *, size_t k);
int ar_peek_after_keyword(struct ar_parser *, size_t *kwlen);

/* Elements */
char **ar_comment_slot(struct ar_parser *);
bool ar_flush_pending(struct ar_parser *, char **slot);
struct ar_result *ar_last_result(struct ar_parser *);

#endif /* AUTHRES_LEX_H */
