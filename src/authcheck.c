/*
 * authcheck.c - the milter's pipeline from the command line: one SMTP
 * transaction described by options, and a message file (LF or CRLF line
 * ends) fed to the same session core the milter uses, header fields as an
 * MTA hands them over to the milter (name, value as it arrived with its
 * leading space, folds kept as LF), the body in CRLF chunks. Prints the
 * Authentication-Results field that would be inserted, or a JSON object.
 * Exit 0 whatever the verdict, 78 for a config error, 1 for usage/input.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authres/authres.h"
#include "authres/authres_json.h"
#include "conf/conf.h"
#include "session/session.h"
#include "util/ipaddr.h"
#include "util/log.h"
#include "util/msgfile.h"

#define AC_MAX_MESSAGE (64 * 1024 * 1024) /* octets of a message file */
#define AC_MAX_RCPTS 1000
#define AC_CHUNK 65536 /* body octets per session_body() call */
#define AC_EX_USAGE 1

struct ac_opts {
	const char *conf, *dns, *ip, *helo, *mailfrom, *auth, *file;
	const char *rcpt[AC_MAX_RCPTS];
	size_t nrcpt;
	bool json, smtputf8;
	int verbose;
};

/* ac_usage - the synopsis on stderr; exit 1 */
static void __attribute__((noreturn)) ac_usage(void)
{
	fprintf(stderr,
	    "usage: authcheck [-v] [-c CONFIG] [--dns ADDR[@PORT]] --ip IP "
	    "[--helo NAME]\n"
	    "\t[--mail-from ADDR] [--smtputf8] [--rcpt ADDR]... [--auth USER] "
	    "[--json]\n\t[MESSAGE-FILE | -]\n");
	exit(AC_EX_USAGE);
}

/* ac_fail - a usage or input error: the reason on stderr, exit 1 */
static void __attribute__((noreturn, format(printf, 1, 2)))
ac_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("authcheck: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(AC_EX_USAGE);
}

/* ac_options - parse the command line into o */
static void
ac_options(int argc, char *argv[], struct ac_opts *o)
{
	static const struct option longopts[] = {
		{ "dns", required_argument, NULL, 'd' },
		{ "ip", required_argument, NULL, 'i' },
		{ "helo", required_argument, NULL, 'H' },
		{ "mail-from", required_argument, NULL, 'm' },
		{ "rcpt", required_argument, NULL, 'r' },
		{ "auth", required_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "smtputf8", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "c:hv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->conf = optarg;
			break;
		case 'd':
			o->dns = optarg;
			break;
		case 'i':
			o->ip = optarg;
			break;
		case 'H':
			o->helo = optarg;
			break;
		case 'm':
			o->mailfrom = optarg;
			break;
		case 'r':
			if (o->nrcpt == AC_MAX_RCPTS)
				ac_fail("more than %d --rcpt", AC_MAX_RCPTS);
			o->rcpt[o->nrcpt++] = optarg;
			break;
		case 'a':
			o->auth = optarg;
			break;
		case 'j':
			o->json = true;
			break;
		case 'u':
			o->smtputf8 = true;
			break;
		case 'v':
			o->verbose++;
			break;
		default:
			ac_usage();
		}
	}
	if (argc - optind > 1 || o->ip == NULL)
		ac_usage();
	o->file = argc > optind ? argv[optind] : NULL;
}

/* ac_read - the whole message file ("-": stdin) into a new buffer */
static char *
ac_read(const char *path, size_t *lenp)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t len = 0, cap = 0, n;
	char *buf = NULL, *grown;

	if (f == NULL)
		ac_fail("%s: %s", path, strerror(errno));
	do {
		if (len == cap) {
			cap = cap == 0 ? 65536 : cap * 2;
			if (cap > AC_MAX_MESSAGE + 1)
				cap = AC_MAX_MESSAGE + 1;
			if ((grown = realloc(buf, cap)) == NULL)
				ac_fail("%s: out of memory", path);
			buf = grown;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0 && len <= AC_MAX_MESSAGE);
	if (ferror(f) || len > AC_MAX_MESSAGE)
		ac_fail("%s: %s", path,
		    ferror(f) ? strerror(errno) : "message too large");
	if (f != stdin)
		fclose(f);
	*lenp = len;
	return buf;
}

/* ac_field - feed one field to the session, its folds as the LF an MTA
 * gives them; NUL octets are refused */
static const struct session_verdict *
ac_field(struct session *s, const struct msgfile_field *f)
{
	const struct session_verdict *v;
	char *name, *value;
	size_t i, n = 0;

	if (memchr(f->name, '\0', f->namelen) != NULL ||
	    memchr(f->value, '\0', f->valuelen) != NULL)
		ac_fail(
		    "NUL octet in header field %.*s", (int)f->namelen, f->name);
	if ((name = strndup(f->name, f->namelen)) == NULL ||
	    (value = malloc(f->valuelen + 1)) == NULL)
		ac_fail("out of memory");
	/* the value as it arrived, leading space and all, as the milter
	 * asks the MTA for it; CRLF inside it becomes LF */
	for (i = 0; i < f->valuelen; i++)
		if (!(f->value[i] == '\r' && i + 1 < f->valuelen &&
		        f->value[i + 1] == '\n'))
			value[n++] = f->value[i];
	value[n] = '\0';
	v = session_header(s, name, value);
	free(name);
	free(value);
	return v;
}

/* ac_body - the body from pos with CRLF line ends, in chunks, while
 * the session wants it; NULL when nothing was fed */
static const struct session_verdict *
ac_body(struct session *s, const char *buf, size_t len, size_t pos)
{
	unsigned char chunk[AC_CHUNK + 2];
	const struct session_verdict *v = NULL;
	size_t n = 0;

	if (!session_wants_body(s))
		return NULL;
	for (; pos < len; pos++) {
		if (buf[pos] == '\n' && (pos == 0 || buf[pos - 1] != '\r'))
			chunk[n++] = '\r';
		chunk[n++] = (unsigned char)buf[pos];
		if (n >= AC_CHUNK) {
			v = session_body(s, chunk, n);
			n = 0;
			if (v->action != SESSION_CONTINUE ||
			    !session_wants_body(s))
				return v;
		}
	}
	if (n > 0)
		v = session_body(s, chunk, n);
	return v;
}

/* ac_message - headers, end of headers and body from the file */
static const struct session_verdict *
ac_message(struct session *s, const char *path)
{
	const struct session_verdict *v = NULL, *bv;
	struct msgfile_field f;
	struct msgfile m;
	size_t len;
	char *buf = ac_read(path, &len);

	msgfile_init(&m, buf, len);
	while (msgfile_next_field(&m, &f)) {
		v = ac_field(s, &f);
		if (v->action != SESSION_CONTINUE)
			goto done;
	}
	v = session_eoh(s);
	if (v->action == SESSION_CONTINUE &&
	    (bv = ac_body(s, buf, len, msgfile_body(&m))) != NULL)
		v = bv;
done:
	free(buf);
	return v;
}

/* ac_run - the transaction the options describe, up to end of message or
 * the first verdict that ends it */
static const struct session_verdict *
ac_run(struct session *s, const struct ac_opts *o)
{
	const struct session_verdict *v;
	size_t i;

	v = session_connect(s, "unknown", o->ip);
	if (v->action == SESSION_CONTINUE && o->helo != NULL)
		v = session_helo(s, o->helo);
	/* --auth alone is a transaction with the null sender */
	if (v->action == SESSION_CONTINUE &&
	    (o->mailfrom != NULL || o->auth != NULL))
		v = session_mail(s, o->mailfrom != NULL ? o->mailfrom : "",
		    o->auth, o->smtputf8);
	for (i = 0; i < o->nrcpt && v->action == SESSION_CONTINUE; i++)
		v = session_rcpt(s, o->rcpt[i]);
	if (v->action == SESSION_CONTINUE && o->file != NULL)
		v = ac_message(s, o->file);
	if (v->action == SESSION_CONTINUE)
		v = session_eom(s);
	return v;
}

/* ac_print - the field (text) or the JSON object on stdout */
static void
ac_print(const struct session_verdict *v, bool json)
{
	enum session_action a = v->action;
	const struct authres *ar = v->results;
	char *field = NULL;
	size_t i, n;

	/* no fixed buffer: a field can be as long as the session made it */
	if (v->header != NULL) {
		n = sizeof(AUTHRES_FIELD_NAME) + 2 + strlen(v->header);
		if ((field = malloc(n)) == NULL) {
			fprintf(stderr, "authcheck: out of memory\n");
			exit(1);
		}
		snprintf(field, n, "%s: %s", AUTHRES_FIELD_NAME, v->header);
	}
	if (!json) {
		if (field != NULL)
			printf("%s\n", field);
		if (a != SESSION_ACCEPT && a != SESSION_CONTINUE)
			fprintf(stderr, "authcheck: %s%s%s\n",
			    session_action_name(a),
			    v->reply != NULL ? ": " : "",
			    v->reply != NULL ? v->reply : "");
		free(field);
		return;
	}
	fputs("{", stdout);
	ar_json_put_key(stdout, "action", true);
	ar_json_put_string(stdout,
	    session_action_name(a == SESSION_CONTINUE ? SESSION_ACCEPT : a));
	if (v->reply != NULL) {
		ar_json_put_key(stdout, "reply", false);
		ar_json_put_string(stdout, v->reply);
	}
	if (field != NULL) {
		ar_json_put_key(stdout, "header", false);
		ar_json_put_string(stdout, field);
	}
	ar_json_put_key(stdout, "results", false);
	fputs("[", stdout);
	for (i = 0; ar != NULL && i < authres_result_count(ar); i++) {
		if (i > 0)
			fputs(", ", stdout);
		ar_json_put_result(stdout, ar, i);
	}
	fputs("]}\n", stdout);
	free(field);
}

int
main(int argc, char *argv[])
{
	static const enum log_level levels[] = { LOG_LEVEL_WARN, LOG_LEVEL_INFO,
		LOG_LEVEL_DEBUG };
	char err[CONF_ERRLEN];
	struct ipaddr addr;
	struct ac_opts o = { 0 };
	struct session_env *env;
	struct session *s;
	struct conf *c;

	ac_options(argc, argv, &o);
	if (!ipaddr_parse(o.ip, &addr))
		ac_fail("--ip: '%s' is not an IPv4 or IPv6 address", o.ip);
	log_open(
	    "authcheck", true, NULL, levels[o.verbose > 2 ? 2 : o.verbose]);
	if ((c = conf_load(o.conf, err, sizeof(err))) == NULL) {
		fprintf(stderr, "authcheck: %s\n", err);
		return CONF_EX_CONFIG;
	}
	if (o.dns != NULL &&
	    conf_set(c, "Nameservers", o.dns, err, sizeof(err)) == -1)
		ac_fail("--dns: %s", err);
	env = session_env_new(c, err, sizeof(err));
	conf_unref(c);
	if (env == NULL) {
		fprintf(stderr, "authcheck: %s\n", err);
		return CONF_EX_CONFIG;
	}
	if ((s = session_new(env, NULL)) == NULL)
		ac_fail("out of memory");
	ac_print(ac_run(s, &o), o.json);
	session_free(s);
	session_env_free(env);
	if (fflush(stdout) == EOF || ferror(stdout))
		ac_fail("stdout: %s", strerror(errno));
	return 0;
}
