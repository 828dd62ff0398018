/*
 * milterload.c - replay a corpus of messages with envelopes through any
 * milter socket, as an MTA would, at a given concurrency (one thread and
 * one reused connection each), for a count or a duration. Prints msgs/s,
 * p50/p99 latency of the whole transaction and of EOM to the final reply,
 * and counts every outcome; an outcome other than accept/continue with an
 * inserted header is an error (rejects may be allowed with -r).
 *   milterload -s SOCKET -m MANIFEST [-c N] [-n COUNT | -d SECONDS]
 *              [-t MS] [-g MS [-p]] [-r] [-1] [-H FIELD] [-v]
 * -r: rejects are not errors; -1: a new connection per message; -H: the
 * field that must be inserted; -v: print inserted fields on stderr; -g:
 * pause before HELO, MAIL, RCPT, DATA and EOM (an SMTP client's RTT);
 * -p: a pipelining client, no pause before RCPT and EOM. -s A,B: a
 * chain, as an MTA with two milters: each message goes through A, then
 * through B with the field A inserted (-H, default Authentication-Results)
 * on top; latencies are the chain's.
 * A manifest line is "CLIENT-IP HELO MAIL-FROM RCPT FILE" (FILE relative
 * to the manifest's directory; a message file in CRLF wire form).
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "milterload.h"

#define ML_MSGS_MAX 1000000            /* corpus entries */
#define ML_FILE_MAX (64 * 1024 * 1024) /* bench/burst-rss.sh: 50 MB body */
#define ML_HDRS_MAX 20000              /* bench/burst-rss.sh: 10 000 fields */
#define ML_LAT_MAX 50000000            /* latency samples kept per thread */
#define ML_ERRLOG_MAX 10               /* error reasons printed */

struct ml_run {
	const char *sock, *want_header;
	char *sock2; /* -s A,B: B follows A as in an MTA's milter chain */
	struct ml_msg *msgs;
	size_t nmsgs;
	unsigned long count; /* 0: run for seconds */
	double seconds;
	int timeout_ms;
	bool allow_rejects, conn_per_msg, verbose, pipelined;
	unsigned gap_us;
	atomic_ulong next;
	atomic_uint errlogs;
	uint64_t deadline;
};

struct ml_worker {
	struct ml_run *run;
	unsigned id;
	pthread_t tid;
	unsigned long outcomes[ML_NOUTCOMES];
	uint64_t *tx, *eom; /* latencies, ns */
	size_t ntx, neom, cap;
};

static const char *const ml_outcome_names[ML_NOUTCOMES] = { "ok", "rejected",
	"tempfail", "other", "timeout", "proto", "connect" };

/* usage - print the synopsis and exit 1 */
static void
usage(void)
{
	fprintf(stderr,
	    "usage: milterload -s SOCKET -m MANIFEST [-c N] [-n COUNT | -d "
	    "SECONDS] [-t MS] [-g MS [-p]] [-r] [-1] [-H FIELD] [-v]\n");
	exit(1);
}

/* num - a decimal option value in [min, max], else usage() */
static long
num(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		usage();
	return v;
}

/* slurp - a whole file, NUL-terminated, or NULL */
static char *
slurp(const char *path, size_t *len)
{
	struct stat st;
	FILE *f;
	char *buf;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fstat(fileno(f), &st) == -1 || st.st_size > ML_FILE_MAX ||
	    (buf = malloc((size_t)st.st_size + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	*len = fread(buf, 1, (size_t)st.st_size, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* parse_header_line - add one field (or a continuation) to m */
static int
parse_header_line(struct ml_msg *m, const char *line, size_t n)
{
	struct ml_header *h;
	const char *colon;
	size_t old;
	char *v;

	if ((line[0] == ' ' || line[0] == '\t') && m->nhdrs > 0) {
		h = &m->hdrs[m->nhdrs - 1];
		old = strlen(h->value);
		if ((v = realloc(h->value, old + n + 2)) == NULL)
			return -1;
		v[old] = '\n'; /* MTAs send folded lines joined by LF */
		memcpy(v + old + 1, line, n);
		v[old + 1 + n] = '\0';
		h->value = v;
		return 0;
	}
	if ((colon = memchr(line, ':', n)) == NULL || m->nhdrs == ML_HDRS_MAX)
		return -1;
	if ((h = reallocarray(m->hdrs, m->nhdrs + 1, sizeof(*h))) == NULL)
		return -1;
	m->hdrs = h;
	h = &m->hdrs[m->nhdrs++];
	h->name = strndup(line, (size_t)(colon - line));
	h->value = strndup(colon + 1, n - (size_t)(colon + 1 - line));
	return h->name != NULL && h->value != NULL ? 0 : -1;
}

/* parse_message - split a CRLF message file into fields and body */
static int
parse_message(struct ml_msg *m, const char *path)
{
	size_t len, n;
	char *buf, *p, *eol;

	if ((buf = slurp(path, &len)) == NULL)
		return -1;
	for (p = buf; p < buf + len; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(buf + len - p))) == NULL)
			eol = buf + len;
		n = (size_t)(eol - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n == 0) { /* the empty line: the body follows */
			p = eol + 1;
			break;
		}
		if (parse_header_line(m, p, n) == -1) {
			free(buf);
			return -1;
		}
	}
	m->bodylen = p < buf + len ? (size_t)(buf + len - p) : 0;
	if ((m->body = malloc(m->bodylen + 1)) == NULL) {
		free(buf);
		return -1;
	}
	memcpy(m->body, p < buf + len ? p : "", m->bodylen);
	free(buf);
	return 0;
}

/* load_manifest - every line of the manifest and its message file */
static int
load_manifest(struct ml_run *run, const char *manifest)
{
	char line[4 * ML_NAME_MAX + PATH_MAX], file[PATH_MAX],
	    path[2 * PATH_MAX];
	char dir[PATH_MAX], *slash;
	struct ml_msg *m;
	FILE *f;
	int rc = 0;

	snprintf(dir, sizeof(dir), "%s", manifest);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	if ((f = fopen(manifest, "r")) == NULL)
		return -1;
	while (
	    fgets(line, sizeof(line), f) != NULL && run->nmsgs < ML_MSGS_MAX) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if ((m = reallocarray(run->msgs, run->nmsgs + 1, sizeof(*m))) ==
		    NULL)
			break;
		run->msgs = m;
		m = &run->msgs[run->nmsgs];
		memset(m, 0, sizeof(*m));
		/* field widths are ML_NAME_MAX - 1 and PATH_MAX - 1 */
		if (sscanf(line, "%255s %255s %255s %255s %4095s", m->ip,
		        m->helo, m->from, m->rcpt, file) != 5) {
			fprintf(
			    stderr, "milterload: bad manifest line: %s", line);
			rc = -1;
			break;
		}
		if (strcmp(m->from, "<>") == 0)
			m->from[0] = '\0';
		snprintf(path, sizeof(path), "%s/%s", dir, file);
		if (parse_message(m, path) == -1) {
			fprintf(stderr, "milterload: cannot read %s\n", path);
			rc = -1;
			break;
		}
		run->nmsgs++;
	}
	fclose(f);
	return rc == 0 && run->nmsgs > 0 ? 0 : -1;
}

/* record - keep one latency sample */
static void
record(struct ml_worker *w, const struct ml_times *t, enum ml_outcome o)
{
	uint64_t *p;
	size_t cap;

	w->outcomes[o]++;
	if (o == ML_TIMEOUT || o == ML_PROTO || o == ML_CONNECT)
		return;
	if (w->ntx == w->cap && w->cap < ML_LAT_MAX) {
		cap = w->cap == 0 ? 4096 : w->cap * 2;
		if ((p = reallocarray(w->tx, cap, sizeof(*p))) != NULL)
			w->tx = p;
		if (p != NULL &&
		    (p = reallocarray(w->eom, cap, sizeof(*p))) != NULL) {
			w->eom = p;
			w->cap = cap;
		}
	}
	if (w->ntx < w->cap)
		w->tx[w->ntx++] = t->done - t->start;
	if (w->neom < w->cap && t->eom_sent != 0)
		w->eom[w->neom++] = t->done - t->eom_sent;
}

/* log_error - print the first few error reasons */
static void
log_error(struct ml_run *run, enum ml_outcome o, const char *err)
{
	if (atomic_fetch_add(&run->errlogs, 1) < ML_ERRLOG_MAX)
		fprintf(
		    stderr, "milterload: %s: %s\n", ml_outcome_names[o], err);
}

/* conn_init - a connection as the run asks for it */
static void
conn_init(struct ml_conn *c, const struct ml_run *run)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->timeout_ms = run->timeout_ms;
	c->want_header = run->want_header;
	c->verbose = run->verbose;
	c->gap_us = run->gap_us;
	c->pipelined = run->pipelined;
}

/* one - one transaction on c, connecting to sock first when needed */
static enum ml_outcome
one(struct ml_conn *c, const char *sock, const struct ml_msg *m,
    const char *qid, struct ml_times *t, char *err, size_t errlen)
{
	if (c->fd == -1 && ml_conn_open(c, sock, m, err, errlen) == -1)
		return ML_CONNECT;
	return ml_transaction(c, m, qid, t, err, errlen);
}

/* transact - the message through the milter, or through both milters of
 * a chain, the second seeing the field the first inserted; the chain's
 * time at end of message is both milters' together, as an MTA calls them
 * one after the other */
static enum ml_outcome
transact(const struct ml_run *run, struct ml_conn *c, struct ml_conn *c2,
    const struct ml_msg *m, const char *qid, struct ml_times *t, char *err,
    size_t errlen)
{
	struct ml_times t2 = { 0 };
	enum ml_outcome o;
	uint64_t eom1;

	o = one(c, run->sock, m, qid, t, err, errlen);
	if (o != ML_OK || run->sock2 == NULL)
		return o;
	eom1 = t->done - t->eom_sent;
	c2->extra_value = c->inserted;
	t2.start = ml_now();
	o = one(c2, run->sock2, m, qid, &t2, err, errlen);
	t->done = t2.done;
	t->eom_sent =
	    t2.eom_sent != 0 ? t->done - eom1 - (t2.done - t2.eom_sent) : 0;
	return o;
}

/* worker - send messages until the count or the time is used up */
static void *
worker(void *arg)
{
	struct ml_worker *w = arg;
	struct ml_run *run = w->run;
	struct ml_conn c, c2;
	struct ml_times t;
	const struct ml_msg *m;
	enum ml_outcome o;
	unsigned long i;
	char err[256], qid[32];

	conn_init(&c, run);
	conn_init(&c2, run);
	c.buf = malloc(ML_PACKET_MAX + 1);
	c2.buf = malloc(ML_PACKET_MAX + 1);
	while (c.buf != NULL && c2.buf != NULL) {
		i = atomic_fetch_add(&run->next, 1);
		if (run->count != 0 ? i >= run->count
		                    : ml_now() >= run->deadline)
			break;
		m = &run->msgs[i % run->nmsgs];
		snprintf(qid, sizeof(qid), "B%02X%08lX", w->id, i);
		t.start = ml_now();
		o = transact(run, &c, &c2, m, qid, &t, err, sizeof(err));
		if (o == ML_CONNECT)
			usleep(10000); /* don't spin on a dead milter */
		if (o != ML_OK && (o != ML_REJECTED || !run->allow_rejects))
			log_error(run, o, err);
		record(w, &t, o);
		if (run->conn_per_msg) {
			ml_conn_close(&c);
			ml_conn_close(&c2);
		}
	}
	ml_conn_close(&c);
	ml_conn_close(&c2);
	free(c.buf);
	free(c2.buf);
	return NULL;
}

/* cmp_u64 - qsort order */
static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* pct - the p-th percentile of sorted v in ms, or 0 */
static double
pct(const uint64_t *v, size_t n, double p)
{
	size_t k;

	if (n == 0)
		return 0;
	k = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return (double)v[k] / 1e6;
}

/* merge - all workers' samples of one kind, sorted */
static uint64_t *
merge(struct ml_worker *ws, unsigned n, bool eom, size_t *total)
{
	uint64_t *all;
	size_t k = 0, cnt;
	unsigned i;

	*total = 0;
	for (i = 0; i < n; i++)
		*total += eom ? ws[i].neom : ws[i].ntx;
	if ((all = calloc(*total + 1, sizeof(*all))) == NULL) {
		*total = 0;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if ((cnt = eom ? ws[i].neom : ws[i].ntx) == 0)
			continue;
		memcpy(all + k, eom ? ws[i].eom : ws[i].tx, cnt * sizeof(*all));
		k += cnt;
	}
	qsort(all, *total, sizeof(*all), cmp_u64);
	return all;
}

/* report - one line of figures; returns the number of errors */
static unsigned long
report(struct ml_run *run, struct ml_worker *ws, unsigned n, double secs)
{
	unsigned long sum[ML_NOUTCOMES] = { 0 }, done = 0, errors;
	uint64_t *tx, *eom;
	size_t ntx, neom;
	unsigned i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < ML_NOUTCOMES; k++)
			sum[k] += ws[i].outcomes[k];
	for (k = 0; k < ML_NOUTCOMES; k++)
		done += sum[k];
	errors =
	    done - sum[ML_OK] - (run->allow_rejects ? sum[ML_REJECTED] : 0);
	tx = merge(ws, n, false, &ntx);
	eom = merge(ws, n, true, &neom);
	printf("conc=%u msgs=%lu secs=%.3f rate=%.1f tx_p50=%.3f tx_p99=%.3f "
	       "eom_p50=%.3f eom_p99=%.3f",
	    n, done, secs, secs > 0 ? (double)done / secs : 0.0,
	    pct(tx, ntx, 50), pct(tx, ntx, 99), pct(eom, neom, 50),
	    pct(eom, neom, 99));
	for (k = 0; k < ML_NOUTCOMES; k++)
		printf(" %s=%lu", ml_outcome_names[k], sum[k]);
	printf(" errors=%lu\n", errors);
	free(tx);
	free(eom);
	return errors;
}

/* release - free the corpus and the samples (keeps leak checkers quiet) */
static void
release(struct ml_run *run, struct ml_worker *ws, unsigned n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		free(ws[i].tx);
		free(ws[i].eom);
	}
	free(ws);
	for (i = 0; i < run->nmsgs; i++) {
		for (k = 0; k < run->msgs[i].nhdrs; k++) {
			free(run->msgs[i].hdrs[k].name);
			free(run->msgs[i].hdrs[k].value);
		}
		free(run->msgs[i].hdrs);
		free(run->msgs[i].body);
	}
	free(run->msgs);
}

/* main - parse options, load the corpus, run the workers, report */
int
main(int argc, char *argv[])
{
	struct ml_run run = { .timeout_ms = 10000 };
	struct ml_worker *ws;
	const char *manifest = NULL;
	unsigned conc = 1, i;
	unsigned long errors;
	uint64_t t0;
	int ch;

	while ((ch = getopt(argc, argv, "1c:d:g:H:m:n:prs:t:v")) != -1) {
		switch (ch) {
		case '1':
			run.conn_per_msg = true;
			break;
		case 'c':
			conc = (unsigned)num(optarg, 1, 4096);
			break;
		case 'd':
			run.seconds = (double)num(optarg, 1, 86400);
			break;
		case 'g':
			run.gap_us = (unsigned)num(optarg, 0, 10000) * 1000;
			break;
		case 'H':
			run.want_header = optarg;
			break;
		case 'p':
			run.pipelined = true;
			break;
		case 'm':
			manifest = optarg;
			break;
		case 'n':
			run.count = (unsigned long)num(optarg, 1, LONG_MAX);
			break;
		case 'r':
			run.allow_rejects = true;
			break;
		case 's': /* SOCKET or SOCKET1,SOCKET2 (a chain) */
			run.sock = optarg;
			if ((run.sock2 = strchr(optarg, ',')) != NULL)
				*run.sock2++ = '\0';
			break;
		case 't':
			run.timeout_ms = (int)num(optarg, 1, 3600000);
			break;
		case 'v':
			run.verbose = true;
			break;
		default:
			usage();
		}
	}
	if (run.sock == NULL || manifest == NULL || optind != argc)
		usage();
	if (run.sock2 != NULL && run.want_header == NULL)
		run.want_header = "Authentication-Results";
	if (load_manifest(&run, manifest) == -1) {
		fprintf(stderr, "milterload: no message loaded from %s\n",
		    manifest);
		return 1;
	}
	if (run.count == 0 && run.seconds == 0)
		run.count = run.nmsgs;
	signal(SIGPIPE, SIG_IGN); /* a milter that hangs up is an error */
	if ((ws = calloc(conc, sizeof(*ws))) == NULL)
		return 1;
	atomic_init(&run.next, 0);
	atomic_init(&run.errlogs, 0);
	t0 = ml_now();
	run.deadline = t0 + (uint64_t)(run.seconds * 1e9);
	for (i = 0; i < conc; i++) {
		ws[i].run = &run;
		ws[i].id = i;
		if (pthread_create(&ws[i].tid, NULL, worker, &ws[i]) != 0) {
			fprintf(stderr, "milterload: pthread_create failed\n");
			return 1;
		}
	}
	for (i = 0; i < conc; i++)
		pthread_join(ws[i].tid, NULL);
	errors = report(&run, ws, conc, (double)(ml_now() - t0) / 1e9);
	release(&run, ws, conc);
	return errors == 0 ? 0 : 2;
}
