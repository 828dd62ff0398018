/*
 * fuzz-session.c - the session core fed an arbitrary sequence of events
 * (connect, helo, mail, rcpt, header, eoh, body, eom, abort, close) with
 * byte-string arguments, under one of a few configurations, keeping only
 * the call-order contract of session.h. DNS goes to a closed loopback
 * port with a 10 ms budget, so every lookup fails fast and nothing leaves
 * the host. Every verdict must keep its promises: replies of the right
 * class without CR/LF, and at end of message one well-formed field with
 * our authserv-id that fits in a milter packet, edits deletions first
 * from the highest index down. Any breach aborts.
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "authres/authres.h"
#include "conf/conf.h"
#include "session/session.h"
#include "util/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FZ_NCONF 3
#define FZ_STR_MAX 4096
#define FZ_FIELD_MAX 60000 /* libmilter refuses packets over 64 KB */

/* Extra configuration of each variant, after the common lines. */
static const char *const fz_conf[FZ_NCONF] = {
	"AuthservID test.example\n",
	"AuthservID test.example\nKeepOriginalHeaders yes\n"
	"PolicyRule tempfail spf=temperror\n"
	"PolicyRule reject iprev=fail unless-authenticated\n"
	"PolicyRule quarantine dkim=temperror \"held: %{d}\"\n",
	"InternalHosts 192.0.2.0/24\n"
	"PolicyRule reject spf=fail,softfail 550 5.7.23 \"SPF: %{exp}\"\n"
	"PolicyRule tempfail dkim=temperror\n",
};

/* Made once per process: a fuzzer keeps its environment between runs. */
static struct session_env *fz_env[FZ_NCONF];

struct input {
	const uint8_t *p, *end;
};

/* closed_port - a loopback UDP port nothing listens on, or 9 */
static unsigned
closed_port(void)
{
	struct sockaddr_in sin = { 0 };
	socklen_t len = sizeof(sin);
	unsigned port = 9;
	int fd;

	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1)
		return port;
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sin, &len) == 0)
		port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

/* env_get - the environment of variant i, made on first use */
static struct session_env *
env_get(unsigned i)
{
	char text[1024], err[CONF_ERRLEN];
	struct conf *c;
	int n;

	if (fz_env[i] != NULL)
		return fz_env[i];
	log_open("fuzz-session", true, NULL, LOG_LEVEL_ERR);
	n = snprintf(text, sizeof(text),
	    "Nameservers 127.0.0.1@%u\nDNSTimeout 10ms\n%s", closed_port(),
	    fz_conf[i]);
	if (n < 0 || (size_t)n >= sizeof(text))
		abort();
	if ((c = conf_parse("fuzz.conf", text, (size_t)n, err, sizeof(err))) ==
	    NULL) {
		fprintf(stderr, "fuzz-session: %s\n", err);
		abort();
	}
	fz_env[i] = session_env_new(c, err, sizeof(err));
	conf_unref(c);
	if (fz_env[i] == NULL) {
		fprintf(stderr, "fuzz-session: %s\n", err);
		abort();
	}
	return fz_env[i];
}

/* arg - the next byte string: a length octet (0xff: NULL; 0xfe: two more
 * octets of length), then that many octets, cut at the end of the input */
static const char *
arg(struct input *in, char *buf, size_t *lenp)
{
	size_t len;

	if (in->p >= in->end || *in->p == 0xff) {
		in->p += in->p < in->end;
		*lenp = 0;
		return NULL;
	}
	len = *in->p++;
	if (len == 0xfe && in->end - in->p >= 2) {
		len = ((size_t)in->p[0] << 8 | in->p[1]) % FZ_STR_MAX;
		in->p += 2;
	}
	if (len > (size_t)(in->end - in->p))
		len = (size_t)(in->end - in->p);
	memcpy(buf, in->p, len);
	buf[len] = '\0';
	in->p += len;
	*lenp = len;
	return buf;
}

/* check_reply - a refusal has a reply of its class, one line */
static void
check_reply(const struct session_verdict *v, char class)
{
	if (v->rcode == NULL || v->xcode == NULL || v->text == NULL ||
	    v->reply == NULL || v->mtext == NULL)
		abort();
	if (v->rcode[0] != class || v->xcode[0] != class)
		abort();
	if (strpbrk(v->reply, "\r\n") != NULL)
		abort();
}

/* check_header - one well-formed field with our authserv-id, small
 * enough for one milter packet */
static void
check_header(struct session *s, const char *h)
{
	struct authres *ar = NULL;
	const char *c;

	if (strlen(h) > FZ_FIELD_MAX)
		abort();
	for (c = h; *c != '\0'; c++)
		if ((*c == '\n' && c[1] != '\t') || *c == '\r' ||
		    (*c != '\n' && *c != '\t' && (unsigned char)*c < 0x20) ||
		    *c == 0x7f)
			abort();
	if (authres_parse(h, strlen(h), 0, &ar, NULL) != AUTHRES_OK)
		abort();
	if (strcasecmp(
	        authres_get_authserv_id(ar), session_get_authserv_id(s)) != 0)
		abort();
	authres_free(ar);
}

/* check_edits - deletions first, highest index first, then insertions
 * of our field */
static void
check_edits(const struct session_verdict *v)
{
	size_t i, last = (size_t)-1;
	bool inserted = false;

	for (i = 0; i < v->nedits; i++) {
		if (v->edits[i].op == SESSION_EDIT_DELETE) {
			if (inserted || v->edits[i].index == 0 ||
			    v->edits[i].index > last)
				abort();
			last = v->edits[i].index;
		} else {
			inserted = true;
			if (v->edits[i].value == NULL)
				abort();
		}
	}
}

/* check - the promises of any verdict; eom tells an end of message */
static void
check(struct session *s, const struct session_verdict *v, bool eom)
{
	switch (v->action) {
	case SESSION_REJECT:
		check_reply(v, '5');
		break;
	case SESSION_TEMPFAIL:
		check_reply(v, '4');
		break;
	case SESSION_ACCEPT:
	case SESSION_QUARANTINE:
		if (!eom)
			abort();
		break;
	case SESSION_CONTINUE:
		if (eom)
			abort();
		break;
	case SESSION_DISCARD:
		break;
	default:
		abort();
	}
	if (eom && v->header != NULL)
		check_header(s, v->header);
	if (v->action == SESSION_ACCEPT || v->action == SESSION_QUARANTINE) {
		if (v->header == NULL || v->nedits == 0)
			abort();
		check_edits(v);
	}
}

/* event - run one event; returns the verdict, or NULL when none. first:
 * no event yet on s (connect comes first or not at all, as in libmilter) */
static const struct session_verdict *
event(struct session *s, unsigned op, struct input *in, bool over, bool first)
{
	static char a[FZ_STR_MAX + 1], b[FZ_STR_MAX + 1];
	const char *x, *y;
	size_t xl, yl;

	x = arg(in, a, &xl);
	y = op == 0 || op == 2 || op == 4 ? arg(in, b, &yl) : NULL;
	/* session.h: after a refusal or eom, only mail, abort or close */
	if ((over && op != 2 && op != 8 && op != 9) || (op == 0 && !first))
		return NULL;
	switch (op) {
	case 0:
		return session_connect(s, x, y);
	case 1:
		return session_helo(s, x);
	case 2:
		return session_mail(s, x, y, (xl & 1) != 0);
	case 3:
		return session_rcpt(s, x);
	case 4:
		return session_header(s, x, y);
	case 5:
		return session_eoh(s);
	case 6:
		if (!session_wants_body(s))
			return NULL;
		return session_body(s, (const unsigned char *)a, xl);
	case 7:
		return session_eom(s);
	case 8:
		session_abort(s);
		return NULL;
	default: /* close is handled by the caller */
		return NULL;
	}
}

/* LLVMFuzzerTestOneInput - one connection (or several, with close) */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, data + size };
	struct session_env *env;
	struct session *s;
	const struct session_verdict *v;
	unsigned op;
	bool over = false, first = true;

	if (size < 1)
		return 0;
	env = env_get(*in.p++ % FZ_NCONF);
	if ((s = session_new(env, "mx.fuzz.example")) == NULL)
		return 0;
	while (in.p < in.end) {
		op = *in.p++ % 10;
		if (op == 9) {
			session_free(s);
			over = false;
			first = true;
			if ((s = session_new(env, "mx.fuzz.example")) == NULL)
				return 0;
			continue;
		}
		v = event(s, op, &in, over, first);
		first = false;
		if (op == 8 || op == 2)
			over = false;
		if (v == NULL)
			continue;
		check(s, v, op == 7);
		if (v->action != SESSION_CONTINUE || op == 7)
			over = true;
	}
	session_free(s);
	return 0;
}
