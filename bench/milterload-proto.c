/*
 * milterload-proto.c - the MTA side of the milter wire protocol, version 6:
 * negotiate, then per connection CONNECT and HELO, per message MAIL, RCPT,
 * headers, EOH, body chunks and EOM, reading the replies the negotiated
 * flags call for (no step the milter declined, no read after a step it
 * asked not to answer, no more body after SKIP). Every read and write has
 * a timeout; a reply over ML_PACKET_MAX drops the connection.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "milterload.h"

/* Commands, replies and flags of the milter protocol (libmilter mfdef.h). */
#define SMFI_PROT_VERSION 6
#define SMFIF_ALL 0x1ffU    /* every action up to SETSYMLIST */
#define SMFIP_ALL 0x1fffffU /* every protocol flag up to HDR_LEADSPC */
#define SMFIP_NOCONNECT 0x1U
#define SMFIP_NOHELO 0x2U
#define SMFIP_NOMAIL 0x4U
#define SMFIP_NORCPT 0x8U
#define SMFIP_NOBODY 0x10U
#define SMFIP_NOHDRS 0x20U
#define SMFIP_NOEOH 0x40U
#define SMFIP_NR_HDR 0x80U
#define SMFIP_NODATA 0x200U
#define SMFIP_NR_CONN 0x1000U
#define SMFIP_NR_HELO 0x2000U
#define SMFIP_NR_MAIL 0x4000U
#define SMFIP_NR_RCPT 0x8000U
#define SMFIP_NR_DATA 0x10000U
#define SMFIP_NR_EOH 0x40000U
#define SMFIP_NR_BODY 0x80000U
#define SMFIP_HDR_LEADSPC 0x100000U

/* ml_now - monotonic clock in nanoseconds */
uint64_t
ml_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000U + (uint64_t)ts.tv_nsec;
}

/* ml_gap - the configured pause between SMTP stages */
static void
ml_gap(const struct ml_conn *c)
{
	if (c->gap_us > 0)
		usleep(c->gap_us);
}

/* ml_gap_unpipelined - the pause where a pipelining client has none */
static void
ml_gap_unpipelined(const struct ml_conn *c)
{
	if (!c->pipelined)
		ml_gap(c);
}

/* ml_fail - write a reason and return the outcome */
static enum ml_outcome
ml_fail(enum ml_outcome o, char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s", what);
	return o;
}

/* ml_dial - a connected stream socket for sock, or -1 */
static int
ml_dial(const char *sock, int timeout_ms)
{
	struct sockaddr_un sun;
	struct addrinfo hints, *res = NULL;
	struct timeval tv;
	char port[16], host[ML_NAME_MAX];
	const char *at, *p;
	int fd = -1, on = 1;

	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	if ((p = strchr(sock, ':')) != NULL &&
	    (strncmp(sock, "unix:", 5) == 0 ||
	        strncmp(sock, "local:", 6) == 0)) {
		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		if ((size_t)snprintf(sun.sun_path, sizeof(sun.sun_path), "%s",
		        p + 1) >= sizeof(sun.sun_path) ||
		    (fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
			return -1;
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
			close(fd);
			return -1;
		}
		return fd;
	}
	if (p == NULL || (at = strchr(p, '@')) == NULL ||
	    (size_t)(at - p - 1) >= sizeof(port))
		return -1;
	memcpy(port, p + 1, (size_t)(at - p - 1));
	port[at - p - 1] = '\0';
	snprintf(host, sizeof(host), "%s", at + 1);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = strncmp(sock, "inet6:", 6) == 0 ? AF_INET6 : AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return -1;
	if ((fd = socket(res->ai_family, SOCK_STREAM, 0)) != -1) {
		/* an MTA writes whole packets: Nagle here would measure us */
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (connect(fd, res->ai_addr, res->ai_addrlen) == -1) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	return fd;
}

/* ml_send - one packet: length, command, data; -1 on error or timeout */
static int
ml_send(struct ml_conn *c, char cmd, const void *data, size_t len)
{
	unsigned char head[5];
	struct iovec iov[2];
	uint32_t n = htonl((uint32_t)len + 1);
	size_t off = 0, total = len + 5;
	ssize_t w;

	memcpy(head, &n, 4);
	head[4] = (unsigned char)cmd;
	while (off < total) {
		int k = 0;

		if (off < 5) {
			iov[k].iov_base = head + off;
			iov[k++].iov_len = 5 - off;
			iov[k].iov_base = (void *)(uintptr_t)data;
			iov[k++].iov_len = len;
		} else {
			iov[k].iov_base = (char *)(uintptr_t)data + (off - 5);
			iov[k++].iov_len = total - off;
		}
		if ((w = writev(c->fd, iov, k)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

/* ml_readn - exactly n octets within the timeout; -1 timeout, -2 error */
static int
ml_readn(struct ml_conn *c, void *buf, size_t n)
{
	struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
	size_t off = 0;
	ssize_t r;
	int pr;

	while (off < n) {
		if ((pr = poll(&pfd, 1, c->timeout_ms)) == 0)
			return -1;
		if (pr == -1) {
			if (errno == EINTR)
				continue;
			return -2;
		}
		if ((r = read(c->fd, (char *)buf + off, n - off)) <= 0) {
			if (r == -1 && errno == EINTR)
				continue;
			return -2;
		}
		off += (size_t)r;
	}
	return 0;
}

/* ml_recv - one reply into c->buf: its command and payload length;
 * returns ML_OK, ML_TIMEOUT or ML_PROTO; progress replies are skipped */
static enum ml_outcome
ml_recv(struct ml_conn *c, char *cmd, size_t *len)
{
	uint32_t n;
	int rc;

	for (;;) {
		if ((rc = ml_readn(c, &n, 4)) != 0)
			return rc == -1 ? ML_TIMEOUT : ML_PROTO;
		n = ntohl(n);
		if (n < 1 || n > ML_PACKET_MAX)
			return ML_PROTO;
		if ((rc = ml_readn(c, c->buf, n)) != 0)
			return rc == -1 ? ML_TIMEOUT : ML_PROTO;
		*cmd = c->buf[0];
		*len = n - 1;
		if (*cmd != 'p') /* SMFIR_PROGRESS: still working */
			return ML_OK;
	}
}

/* ml_verdict - the outcome of a final reply in c->buf (cmd, len) */
static enum ml_outcome
ml_verdict(struct ml_conn *c, char cmd, size_t len)
{
	switch (cmd) {
	case 'r': /* SMFIR_REJECT */
		return ML_REJECTED;
	case 't': /* SMFIR_TEMPFAIL */
		return ML_TEMPFAIL;
	case 'y': /* SMFIR_REPLYCODE: "5xx ..." or "4xx ..." */
		if (len > 0 && c->buf[1] == '5')
			return ML_REJECTED;
		if (len > 0 && c->buf[1] == '4')
			return ML_TEMPFAIL;
		return ML_PROTO;
	case 'a': /* accept before EOM: no header will come */
	case 'd': /* SMFIR_DISCARD */
		return ML_OTHER;
	}
	return ML_PROTO;
}

/* ml_step - send one step unless declined; read its reply unless the
 * milter asked for none. Returns ML_OK to go on (continue, or skip with
 * *skipped set), else how the transaction ended. */
static enum ml_outcome
ml_step(struct ml_conn *c, char cmd, const void *data, size_t len,
    uint32_t nr_flag, bool *skipped)
{
	enum ml_outcome o;
	size_t rlen;
	char r;

	if (ml_send(c, cmd, data, len) == -1)
		return errno == EAGAIN || errno == EWOULDBLOCK ? ML_TIMEOUT
		                                               : ML_PROTO;
	if ((c->protocol & nr_flag) != 0)
		return ML_OK;
	if ((o = ml_recv(c, &r, &rlen)) != ML_OK)
		return o;
	if (r == 'c')
		return ML_OK;
	if (r == 's' && skipped != NULL) { /* SMFIR_SKIP after a body chunk */
		*skipped = true;
		return ML_OK;
	}
	return ml_verdict(c, r, rlen);
}

/* ml_macros - an SMFIC_MACRO packet for stage: NULL-terminated name,
 * value pairs */
static int
ml_macros(struct ml_conn *c, char stage, const char *const *nv)
{
	char buf[2048];
	size_t off = 1, n;

	buf[0] = stage;
	for (; nv[0] != NULL; nv += 2) {
		n = strlen(nv[0]) + strlen(nv[1]) + 2;
		if (off + n > sizeof(buf))
			return -1;
		memcpy(buf + off, nv[0], strlen(nv[0]) + 1);
		off += strlen(nv[0]) + 1;
		memcpy(buf + off, nv[1], strlen(nv[1]) + 1);
		off += strlen(nv[1]) + 1;
	}
	return ml_send(c, 'D', buf, off);
}

/* ml_negotiate - SMFIC_OPTNEG offering everything; keep what was agreed */
static int
ml_negotiate(struct ml_conn *c)
{
	uint32_t v[3] = { htonl(SMFI_PROT_VERSION), htonl(SMFIF_ALL),
		htonl(SMFIP_ALL) };
	size_t len;
	char cmd;

	if (ml_send(c, 'O', v, sizeof(v)) == -1 ||
	    ml_recv(c, &cmd, &len) != ML_OK || cmd != 'O' || len < 12)
		return -1;
	memcpy(v, c->buf + 1, sizeof(v)); /* macro lists after it: ignored */
	if (ntohl(v[0]) < 2 || ntohl(v[0]) > SMFI_PROT_VERSION)
		return -1;
	c->actions = ntohl(v[1]);
	c->protocol = ntohl(v[2]);
	if (c->verbose)
		fprintf(stderr,
		    "negotiated: version %u actions 0x%x protocol 0x%x\n",
		    ntohl(v[0]), c->actions, c->protocol);
	return 0;
}

/* ml_hello - macros, CONNECT and HELO for msg's client */
static enum ml_outcome
ml_hello(struct ml_conn *c, const struct ml_msg *msg)
{
	char buf[3 * ML_NAME_MAX], ptr[ML_NAME_MAX + 4], name[ML_NAME_MAX + 16];
	const char *mac[] = { "j", "mx.bench.example", "{daemon_name}", "bench",
		"v", "milterload", "_", name, "{client_addr}", msg->ip,
		"{client_name}", ptr, "{client_ptr}", ptr, NULL };
	uint16_t port = htons(25000);
	size_t off;
	enum ml_outcome o;

	snprintf(ptr, sizeof(ptr), "[%s]", msg->ip);
	snprintf(name, sizeof(name), "unknown [%s]", msg->ip);
	if ((c->protocol & SMFIP_NOCONNECT) == 0) {
		off = (size_t)snprintf(buf, sizeof(buf), "%s", ptr) + 1;
		buf[off++] = strchr(msg->ip, ':') != NULL ? '6' : '4';
		memcpy(buf + off, &port, 2);
		off += 2;
		off += (size_t)snprintf(
		           buf + off, sizeof(buf) - off, "%s", msg->ip) +
		    1;
		if (ml_macros(c, 'C', mac) == -1)
			return ML_PROTO;
		if ((o = ml_step(c, 'C', buf, off, SMFIP_NR_CONN, NULL)) !=
		    ML_OK)
			return o;
	}
	ml_gap(c);
	if ((c->protocol & SMFIP_NOHELO) == 0)
		return ml_step(c, 'H', msg->helo, strlen(msg->helo) + 1,
		    SMFIP_NR_HELO, NULL);
	return ML_OK;
}

/* ml_conn_open - connect, negotiate, CONNECT and HELO */
int
ml_conn_open(struct ml_conn *c, const char *sock, const struct ml_msg *msg,
    char *err, size_t errlen)
{
	enum ml_outcome o;

	c->in_msg = false;
	if ((c->fd = ml_dial(sock, c->timeout_ms)) == -1) {
		snprintf(err, errlen, "connect %s: %s", sock, strerror(errno));
		return -1;
	}
	if (ml_negotiate(c) == -1) {
		snprintf(err, errlen, "negotiation failed");
		close(c->fd);
		c->fd = -1;
		return -1;
	}
	if ((o = ml_hello(c, msg)) != ML_OK) {
		snprintf(
		    err, errlen, "CONNECT/HELO refused (outcome %d)", (int)o);
		close(c->fd);
		c->fd = -1;
		return -1;
	}
	return 0;
}

/* ml_conn_close - QUIT and close */
void
ml_conn_close(struct ml_conn *c)
{
	if (c->fd == -1)
		return;
	(void)ml_send(c, 'Q', "", 0);
	close(c->fd);
	c->fd = -1;
}

/* ml_envelope - macros, MAIL and RCPT */
static enum ml_outcome
ml_envelope(struct ml_conn *c, const struct ml_msg *msg, const char *qid)
{
	char arg[ML_NAME_MAX + 3];
	const char *mmac[] = { "i", qid, "{mail_addr}", msg->from, NULL };
	const char *rmac[] = { "{rcpt_addr}", msg->rcpt, NULL };
	enum ml_outcome o;
	size_t n;

	ml_gap(c);
	if ((c->protocol & SMFIP_NOMAIL) == 0) {
		n = (size_t)snprintf(arg, sizeof(arg), "<%s>", msg->from) + 1;
		if (ml_macros(c, 'M', mmac) == -1)
			return ML_PROTO;
		if ((o = ml_step(c, 'M', arg, n, SMFIP_NR_MAIL, NULL)) != ML_OK)
			return o;
	}
	ml_gap_unpipelined(c);
	if ((c->protocol & SMFIP_NORCPT) == 0) {
		n = (size_t)snprintf(arg, sizeof(arg), "<%s>", msg->rcpt) + 1;
		if (ml_macros(c, 'R', rmac) == -1)
			return ML_PROTO;
		if ((o = ml_step(c, 'R', arg, n, SMFIP_NR_RCPT, NULL)) != ML_OK)
			return o;
	}
	if ((c->protocol & SMFIP_NODATA) == 0)
		return ml_step(c, 'T', "", 0, SMFIP_NR_DATA, NULL);
	return ML_OK;
}

/* ml_headers - every header field, then EOH */
static enum ml_outcome
ml_headers(struct ml_conn *c, const struct ml_msg *msg)
{
	char buf[ML_CHUNK];
	const char *v;
	size_t i, nl, vl;
	enum ml_outcome o;

	ml_gap(c);
	if (c->extra_value != NULL && c->want_header != NULL &&
	    (c->protocol & SMFIP_NOHDRS) == 0) {
		/* a chain: the earlier milter's field, as the MTA shows it */
		nl = strlen(c->want_header) + 1;
		vl = strlen(c->extra_value) + 1;
		if (nl + vl > sizeof(buf))
			return ML_PROTO;
		memcpy(buf, c->want_header, nl);
		memcpy(buf + nl, c->extra_value, vl);
		if ((o = ml_step(c, 'L', buf, nl + vl, SMFIP_NR_HDR, NULL)) !=
		    ML_OK)
			return o;
	}
	for (i = 0; i < msg->nhdrs && (c->protocol & SMFIP_NOHDRS) == 0; i++) {
		v = msg->hdrs[i].value;
		/* like Postfix: drop the space after the colon unless the
		 * milter asked to see it */
		if ((c->protocol & SMFIP_HDR_LEADSPC) == 0)
			v += strspn(v, " \t");
		nl = strlen(msg->hdrs[i].name) + 1;
		vl = strlen(v) + 1;
		if (nl + vl > sizeof(buf))
			return ML_PROTO;
		memcpy(buf, msg->hdrs[i].name, nl);
		memcpy(buf + nl, v, vl);
		if ((o = ml_step(c, 'L', buf, nl + vl, SMFIP_NR_HDR, NULL)) !=
		    ML_OK)
			return o;
	}
	if ((c->protocol & SMFIP_NOEOH) == 0)
		return ml_step(c, 'N', "", 0, SMFIP_NR_EOH, NULL);
	return ML_OK;
}

/* ml_body - body chunks until done or SKIP */
static enum ml_outcome
ml_body(struct ml_conn *c, const struct ml_msg *msg)
{
	size_t off, n;
	bool skipped = false;
	enum ml_outcome o;

	if ((c->protocol & SMFIP_NOBODY) != 0)
		return ML_OK;
	for (off = 0; off < msg->bodylen && !skipped; off += n) {
		n = msg->bodylen - off < ML_CHUNK ? msg->bodylen - off
		                                  : ML_CHUNK;
		if ((o = ml_step(c, 'B', msg->body + off, n, SMFIP_NR_BODY,
		         &skipped)) != ML_OK)
			return o;
	}
	return ML_OK;
}

/* ml_eom_replies - modification replies until the final one */
static enum ml_outcome
ml_eom_replies(struct ml_conn *c)
{
	bool header = false;
	const char *name;
	enum ml_outcome o;
	size_t len;
	char r;

	for (;;) {
		if ((o = ml_recv(c, &r, &len)) != ML_OK)
			return o;
		c->buf[len + 1 < ML_PACKET_MAX ? len + 1 : len] = '\0';
		switch (r) {
		case 'h': /* SMFIR_ADDHEADER: name, value */
		case 'i': /* SMFIR_INSHEADER: index, name, value */
			name = c->buf + 1 + (r == 'i' ? 4 : 0);
			if (r == 'i' && len < 5)
				return ML_PROTO;
			if (c->verbose)
				fprintf(stderr, "%s:%s\n", name,
				    name + strnlen(name, len) + 1);
			if (c->want_header == NULL ||
			    strcasecmp(name, c->want_header) == 0) {
				header = true;
				snprintf(c->inserted, sizeof(c->inserted), "%s",
				    name + strnlen(name, len) + 1);
			}
			break;
		case 'm':
		case 'b':
		case '+':
		case '-':
		case '2':
		case 'e':
		case 'q':
			break; /* other modifications: allowed, not checked */
		case 'a':
		case 'c':
			return header ? ML_OK : ML_OTHER;
		default:
			return ml_verdict(c, r, len);
		}
	}
}

/* ml_transaction - one message, timed; see milterload.h */
enum ml_outcome
ml_transaction(struct ml_conn *c, const struct ml_msg *msg, const char *qid,
    struct ml_times *t, char *err, size_t errlen)
{
	const char *emac[] = { "i", qid, NULL };
	enum ml_outcome o;

	t->eom_sent = t->done = 0;
	c->inserted[0] = '\0';
	if (c->in_msg && ml_send(c, 'A', "", 0) == -1) /* no reply to ABORT */
		o = ml_fail(ML_PROTO, err, errlen, "ABORT not sent");
	else if (c->in_msg = true, (o = ml_envelope(c, msg, qid)) != ML_OK)
		ml_fail(o, err, errlen, "envelope step");
	else if ((o = ml_headers(c, msg)) != ML_OK)
		ml_fail(o, err, errlen, "header step");
	else if ((o = ml_body(c, msg)) != ML_OK)
		ml_fail(o, err, errlen, "body step");
	else if ((ml_gap_unpipelined(c), ml_macros(c, 'E', emac)) == -1 ||
	    (t->eom_sent = ml_now(), ml_send(c, 'E', "", 0) == -1))
		o = ml_fail(ML_PROTO, err, errlen, "EOM not sent");
	else if ((o = ml_eom_replies(c)) != ML_OK)
		ml_fail(o, err, errlen, "end of message");
	t->done = ml_now();
	if (o == ML_TIMEOUT || o == ML_PROTO) {
		close(c->fd);
		c->fd = -1;
	}
	return o;
}
