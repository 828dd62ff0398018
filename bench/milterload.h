/*
 * milterload.h - the milter load client's pieces: one message of the
 * corpus with its envelope, one connection speaking the milter wire
 * protocol (version 6) as an MTA does, and how one transaction ended.
 * libc and pthreads only, so it measures any milter the same way.
 */
#ifndef MILTERLOAD_H
#define MILTERLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ML_NAME_MAX 256 /* an envelope string, a macro value */
#define ML_CHUNK 65535  /* body chunk: MILTER_CHUNK_SIZE, libmilter's cap */
#define ML_PACKET_MAX (1024 * 1024) /* a reply we accept */

struct ml_header {
	char *name;
	char *value; /* folded lines joined with LF, leading space kept */
};

/* One message of the corpus and its envelope. */
struct ml_msg {
	char ip[ML_NAME_MAX];
	char helo[ML_NAME_MAX];
	char from[ML_NAME_MAX];
	char rcpt[ML_NAME_MAX];
	struct ml_header *hdrs;
	size_t nhdrs;
	char *body; /* CRLF lines, as an MTA sends them */
	size_t bodylen;
};

/* How one transaction ended, for the counters. */
enum ml_outcome {
	ML_OK,       /* accept or continue at EOM with a header inserted */
	ML_REJECTED, /* reject (5xx); an error unless rejects are allowed */
	ML_TEMPFAIL, /* tempfail (4xx) */
	ML_OTHER,    /* discard, early accept, or no header inserted */
	ML_TIMEOUT,  /* a read or write ran out of time */
	ML_PROTO,    /* malformed or unexpected packet, connection lost */
	ML_CONNECT,  /* could not connect or negotiate */
	ML_NOUTCOMES
};

/* One milter connection, reused for many transactions. */
struct ml_conn {
	int fd;
	int timeout_ms;
	uint32_t actions;        /* negotiated SMFIF_* */
	uint32_t protocol;       /* negotiated SMFIP_* */
	const char *want_header; /* NULL: any inserted header counts */
	bool in_msg;             /* a transaction was started: ABORT next */
	bool verbose;            /* print inserted fields on stderr */
	unsigned gap_us; /* pause before HELO, MAIL, RCPT, DATA and EOM, as
	                  * an SMTP client's round trips would */
	bool pipelined;  /* ... but none before RCPT and EOM: a client that
	                  * pipelines MAIL, RCPT and DATA (RFC 2920) and
	                  * sends the message at once after 354 */
	const char *extra_value; /* a field sent before the message's, named
	                          * want_header: what an earlier milter of a
	                          * chain inserted; NULL: none */
	char inserted[16384];    /* the want_header field inserted at the
	                          * last EOM ("" none; cut to fit) */
	char *buf;               /* reply payload, ML_PACKET_MAX */
};

/* Timestamps of one transaction (monotonic nanoseconds). */
struct ml_times {
	uint64_t start, eom_sent, done;
};

/*
 * ml_conn_open - connect to sock ("unix:PATH", "local:PATH",
 * "inet:PORT@HOST", "inet6:PORT@HOST"), negotiate, then CONNECT and HELO
 * for msg's client. Returns 0, or -1 with c->fd closed and the reason in
 * err.
 */
int ml_conn_open(struct ml_conn *c, const char *sock, const struct ml_msg *msg,
    char *err, size_t errlen);

/* ml_conn_close - QUIT and close (no-op when closed) */
void ml_conn_close(struct ml_conn *c);

/*
 * ml_transaction - one message over an open connection: ABORT of the
 * previous one if any, MAIL, RCPT, headers, EOH, body, EOM, then replies
 * until the final one. qid is the queue id macro. On ML_TIMEOUT and
 * ML_PROTO the connection is closed. err says what went wrong.
 */
enum ml_outcome ml_transaction(struct ml_conn *c, const struct ml_msg *msg,
    const char *qid, struct ml_times *t, char *err, size_t errlen);

/* ml_now - monotonic clock in nanoseconds */
uint64_t ml_now(void);

#endif /* MILTERLOAD_H */
