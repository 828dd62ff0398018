/*
 * dns.c - the resolver: configuration, then queries that start at once
 * (one non-blocking connected UDP socket, random id and source port) and
 * are joined later. The time model: an answer that arrived is used
 * whenever it is joined, because the socket is read before any clock is
 * looked at; each attempt (servers in order, DNS_DEFAULT_RETRIES times)
 * has its share of the timeout on the wire, counted from its own send,
 * and a lookup is a timeout only when every attempt has had its share
 * without an answer. The next attempt goes out when the owner next looks
 * (ready or join), so a late join never turns an answer into a timeout;
 * while a join waits it also reads and retries for the other queries of
 * its group (one connection's), so their attempts keep their time too.
 * A truncated answer is asked again over TCP, and a reply that is not for
 * our question is ignored, so a spoofed or stray packet can delay but
 * never decide an answer. Only what servers said is cached: answers, and
 * server failures (SERVFAIL, REFUSED) for a few seconds; never a timeout.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/dns_int.h"

struct dns_query {
	struct dns_resolver *res;
	struct dns_answer *answer; /* the result; set when done */
	uint8_t *wire;             /* the query packet */
	size_t wirelen;
	uint16_t id;
	int fd;                /* UDP socket of the current attempt, or -1 */
	size_t attempt;        /* attempts started so far */
	size_t rcode_failures; /* attempts a server answered SERVFAIL... */
	uint64_t attempt_deadline; /* end of the current attempt's share */
	bool tcp;                  /* truncated: the join asks again over TCP */
	bool timed_out;            /* every attempt had its share */
	uint64_t sent_us;          /* first send, for the latency counted */
	char lasterr[96];          /* why the last attempt failed */
	struct dns_group *group;   /* while on the wire, or NULL */
	struct dns_query *gprev, *gnext; /* in the group's list */
};

struct dns_group {
	struct dns_query *head; /* its queries still on the wire */
};

/* What running a query came to. */
enum query_state {
	QUERY_WAITING, /* not answered yet (only when not waiting) */
	QUERY_DONE,    /* q->answer is final */
	QUERY_STOPPED  /* the caller's time limit came first */
};

/* dns_resolver_new - a resolver for cfg, or NULL with err set */
struct dns_resolver *
dns_resolver_new(const struct dns_config *cfg, char *err, size_t errlen)
{
	struct dns_resolver *r;
	size_t cap;
	int rc;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r->timeout_ms = cfg->timeout_ms ? cfg->timeout_ms : DNS_DEFAULT_TIMEOUT;
	r->retries = cfg->retries ? cfg->retries : DNS_DEFAULT_RETRIES;
	if (cfg->nameservers != NULL)
		rc = dns_conf_servers(r, cfg->nameservers, err, errlen);
	else
		rc = dns_conf_resolv(r, "/etc/resolv.conf", err, errlen);
	if (rc == -1)
		goto fail;
	if (!cfg->cache_disabled) {
		cap =
		    cfg->cache_entries ? cfg->cache_entries : DNS_DEFAULT_CACHE;
		if (cap > DNS_MAX_CACHE)
			cap = DNS_MAX_CACHE;
		if ((r->cache = dns_cache_new(cap)) == NULL) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
	}
	return r;
fail:
	free(r);
	return NULL;
}

/* dns_resolver_free - free r (all its queries are joined or cancelled) */
void
dns_resolver_free(struct dns_resolver *r)
{
	if (r == NULL)
		return;
	dns_cache_free(r->cache);
	free(r);
}

/* group_unlink - q is off the wire: out of its group's list */
static void
group_unlink(struct dns_query *q)
{
	if (q->group == NULL)
		return;
	if (q->gprev != NULL)
		q->gprev->gnext = q->gnext;
	else
		q->group->head = q->gnext;
	if (q->gnext != NULL)
		q->gnext->gprev = q->gprev;
	q->group = NULL;
	q->gprev = q->gnext = NULL;
}

/* dns_group_new - an empty group; NULL without memory */
struct dns_group *
dns_group_new(void)
{
	return calloc(1, sizeof(struct dns_group));
}

/* dns_group_free - free g; queries still in it leave it */
void
dns_group_free(struct dns_group *g)
{
	if (g == NULL)
		return;
	while (g->head != NULL)
		group_unlink(g->head);
	free(g);
}

/* query_close - close the current attempt's socket */
static void
query_close(struct dns_query *q)
{
	if (q->fd != -1) {
		close(q->fd);
		q->fd = -1;
	}
}

/* query_share - the time one attempt has on the wire: the timeout
 * shared by all attempts */
static uint64_t
query_share(const struct dns_resolver *r)
{
	uint64_t share = r->timeout_ms / ((uint64_t)r->nservers * r->retries);

	return share > 0 ? share : 1;
}

/* query_send - start attempt number q->attempt: new socket (so a new
 * random source port), new id, send. -1 with lasterr set on failure. */
static int
query_send(struct dns_query *q)
{
	struct dns_resolver *r = q->res;
	const struct dns_server *sv = &r->servers[q->attempt % r->nservers];

	query_close(q);
	q->attempt++;
	q->attempt_deadline = dns_now_ms() + query_share(r);
	q->id = (uint16_t)arc4random_uniform(65536);
	q->wire[0] = (uint8_t)(q->id >> 8);
	q->wire[1] = (uint8_t)q->id;
	q->fd = socket(
	    sv->addr.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (q->fd == -1) {
		snprintf(q->lasterr, sizeof(q->lasterr), "socket: %s",
		    strerror(errno));
		return -1;
	}
	/* connected: the kernel drops datagrams from any other address */
	if (connect(q->fd, (const struct sockaddr *)&sv->addr, sv->len) == -1 ||
	    send(q->fd, q->wire, q->wirelen, 0) == -1) {
		snprintf(q->lasterr, sizeof(q->lasterr), "send: %s",
		    strerror(errno));
		query_close(q);
		return -1;
	}
	atomic_fetch_add(&r->queries, 1);
	return 0;
}

/* query_next - start the next attempt that can be sent; false if none */
static bool
query_next(struct dns_query *q)
{
	size_t total = (size_t)q->res->nservers * q->res->retries;

	while (q->attempt < total)
		if (query_send(q) == 0)
			return true;
	return false;
}

/* query_count - count q, finished, by type, outcome and latency */
static void
query_count(struct dns_query *q)
{
	enum dns_stat_outcome o;
	uint64_t now = dns_now_us();

	switch (q->answer->status) {
	case DNS_OK:
		o = DNS_STAT_ANSWER;
		break;
	case DNS_NXDOMAIN:
		o = DNS_STAT_NXDOMAIN;
		break;
	case DNS_NODATA:
		o = DNS_STAT_NODATA;
		break;
	case DNS_TEMPFAIL:
		o = q->timed_out            ? DNS_STAT_TIMEOUT
		    : q->rcode_failures > 0 ? DNS_STAT_SERVFAIL
		                            : DNS_STAT_ERROR;
		break;
	default:
		o = DNS_STAT_ERROR;
	}
	dns_stats_lookup(q->res, q->answer->qtype, o,
	    now > q->sent_us ? now - q->sent_us : 0);
}

/* query_done - finish q with its answer's status; cache what a server
 * said: answers, and a failure every attempt got from a server (RFC 2308
 * 7.1), never a timeout or an error of ours */
static void
query_done(struct dns_query *q)
{
	struct dns_answer *a = q->answer;

	query_close(q);
	query_count(q);
	if (q->res->cache == NULL || a->status == DNS_MALFORMED ||
	    a->status == DNS_NOMEM)
		return;
	if (a->status == DNS_TEMPFAIL) {
		if (q->tcp || q->attempt == 0 || q->rcode_failures < q->attempt)
			return;
		a->ttl = DNS_FAIL_TTL;
	}
	/* a cache that cannot take it only loses a later hit */
	(void)dns_cache_put(q->res->cache, a, dns_now_ms());
}

/* query_tcp - ask the current attempt's server again over TCP */
static void
query_tcp(struct dns_query *q)
{
	struct dns_resolver *r = q->res;
	const struct dns_server *sv =
	    &r->servers[(q->attempt - 1) % r->nservers];
	uint8_t *reply;
	size_t len;
	uint64_t deadline;
	enum dns_wire_verdict v;

	atomic_fetch_add(&r->tcp_retries, 1);
	atomic_fetch_add_explicit(
	    &r->truncated[dns_stat_type_of(q->answer->qtype)], 1,
	    memory_order_relaxed);
	atomic_fetch_add(&r->queries, 1);
	/* what the attempts not yet sent would have had, and this one */
	deadline = dns_now_ms() +
	    query_share(r) *
	        ((size_t)r->nservers * r->retries - q->attempt + 1);
	if (dns_tcp_exchange(sv, q->wire, q->wirelen, deadline, &reply, &len,
	        q->lasterr, sizeof(q->lasterr)) == -1) {
		dns_answer_set(q->answer, DNS_TEMPFAIL, "%s", q->lasterr);
		return;
	}
	v = dns_wire_parse(reply, len, q->id, true, q->answer);
	free(reply);
	if (v == DNS_WIRE_IGNORE)
		dns_answer_set(
		    q->answer, DNS_TEMPFAIL, "tcp: answer to another question");
}

/* query_recv - read one datagram; true when q is finished. A truncated
 * answer is asked again over TCP at once when wait is set, else marked
 * for the join (TCP would block). */
static bool
query_recv(struct dns_query *q, bool wait)
{
	uint8_t buf[DNS_UDP_BUF];
	ssize_t n;

	n = recv(q->fd, buf, sizeof(buf), MSG_TRUNC);
	if (n == -1) {
		if (errno == EAGAIN || errno == EINTR)
			return false;
		/* ECONNREFUSED and the like: this server is out */
		snprintf(q->lasterr, sizeof(q->lasterr), "recv: %s",
		    strerror(errno));
		query_close(q);
		return false;
	}
	if ((size_t)n > sizeof(buf))
		return false; /* over what we advertised: not a valid answer */
	switch (dns_wire_parse(buf, (size_t)n, q->id, false, q->answer)) {
	case DNS_WIRE_IGNORE:
		return false;
	case DNS_WIRE_TRUNCATED:
		query_close(q);
		q->tcp = true;
		if (!wait)
			return false;
		query_tcp(q);
		return true;
	case DNS_WIRE_RETRY:
		q->rcode_failures++;
		snprintf(
		    q->lasterr, sizeof(q->lasterr), "%s", q->answer->detail);
		query_close(q);
		return false;
	case DNS_WIRE_ANSWER:
		break;
	}
	return true;
}

/* dns_query_start - start looking up name/type (see dns.h) */
struct dns_query *
dns_query_start(struct dns_resolver *r, const char *name, enum dns_type type)
{
	char qname[DNS_MAX_TEXT_NAME];
	struct dns_query *q;
	bool nomem = false, bad;
	int rc;

	if ((q = calloc(1, sizeof(*q))) == NULL)
		return NULL;
	q->res = r;
	q->fd = -1;
	bad = name == NULL || dns_name_normalize(name, qname, sizeof(qname));
	if (bad)
		qname[0] = '\0';
	if (r->cache != NULL && !bad) {
		q->answer =
		    dns_cache_get(r->cache, qname, type, dns_now_ms(), &nomem);
		atomic_fetch_add(
		    q->answer ? &r->cache_hits : &r->cache_misses, 1);
		if (q->answer != NULL || nomem)
			goto done;
	}
	if ((q->answer = dns_answer_new(qname, type)) == NULL)
		goto done;
	q->sent_us = dns_now_us();
	rc = bad ? -1 : dns_wire_query(qname, type, 0, &q->wire, &q->wirelen);
	if (rc == -1)
		dns_answer_set(q->answer, DNS_MALFORMED, "not a domain name");
	else if (rc == 0 && !query_next(q))
		dns_answer_set(q->answer, DNS_TEMPFAIL, "%s", q->lasterr);
	else if (rc == 0)
		return q; /* on the wire */
	else {
		dns_answer_free(q->answer);
		q->answer = NULL;
	}
done:
	if (q->answer == NULL) {
		free(q);
		return NULL;
	}
	q->attempt = 0;
	q->wirelen = 0; /* marks "answered at start" for join */
	return q;
}

/* query_drain - read every datagram that is waiting for the current
 * attempt, without blocking; true when q is finished */
static bool
query_drain(struct dns_query *q, bool wait)
{
	struct pollfd pfd;
	int i;

	/* a bound, so a flood of stray packets cannot keep us here */
	for (i = 0; i < 64 && q->fd != -1 && !q->tcp; i++) {
		pfd.fd = q->fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, 0) != 1)
			return false;
		if (query_recv(q, wait))
			return true;
	}
	return false;
}

/* query_timeout - every attempt had its share: a real timeout */
static void
query_timeout(struct dns_query *q)
{
	atomic_fetch_add(&q->res->timeouts, 1);
	q->timed_out = true;
	dns_answer_set(q->answer, DNS_TEMPFAIL, "timeout after %u ms%s%s",
	    q->res->timeout_ms, q->lasterr[0] ? ", " : "", q->lasterr);
}

/*
 * query_wait - block until q's socket or one of its group's has
 * something, or until; the group's other queries are read and retried
 * first (never blocking), and their next retry bounds the wait.
 */
static void
query_wait(struct dns_query *q, uint64_t until)
{
	struct pollfd pfd[DNS_GROUP_POLL];
	struct dns_query *m, *next;
	nfds_t n = 0;
	uint64_t now;

	for (m = q->group ? q->group->head : NULL; m != NULL; m = next) {
		next = m->gnext; /* ready() unlinks m when it is done */
		if (m != q)
			(void)dns_query_ready(m);
	}
	for (m = q->group ? q->group->head : NULL;
	     m != NULL && n + 1 < DNS_GROUP_POLL; m = m->gnext) {
		if (m == q || m->fd == -1)
			continue;
		if (m->attempt_deadline < until)
			until = m->attempt_deadline;
		pfd[n].fd = m->fd;
		pfd[n].events = POLLIN;
		pfd[n++].revents = 0;
	}
	pfd[n].fd = q->fd;
	pfd[n].events = POLLIN;
	pfd[n++].revents = 0;
	now = dns_now_ms();
	(void)poll(pfd, n, until > now ? (int)(until - now) : 0);
}

/*
 * query_run - read what has arrived, send the next attempt when one is
 * due, and (wait) block until q has its answer or stop_ms (the caller's
 * own limit, UINT64_MAX for none) comes. Without wait it never blocks.
 */
static enum query_state
query_run(struct dns_query *q, bool wait, uint64_t stop_ms)
{
	size_t total = (size_t)q->res->nservers * q->res->retries;
	uint64_t now, until;

	for (;;) {
		if (q->tcp) {
			if (!wait)
				return QUERY_WAITING;
			query_tcp(q);
			return QUERY_DONE;
		}
		if (query_drain(q, wait))
			return QUERY_DONE;
		if (q->tcp)
			continue;
		now = dns_now_ms();
		if (q->fd == -1 || now >= q->attempt_deadline) {
			if (q->attempt >= total) {
				if (q->fd == -1)
					dns_answer_set(q->answer, DNS_TEMPFAIL,
					    "%s", q->lasterr);
				else
					query_timeout(q);
				return QUERY_DONE;
			}
			if (wait && now >= stop_ms)
				return QUERY_STOPPED;
			(void)query_next(q);
			continue;
		}
		if (!wait)
			return QUERY_WAITING;
		if (now >= stop_ms)
			return QUERY_STOPPED;
		until = q->attempt_deadline < stop_ms ? q->attempt_deadline
		                                      : stop_ms;
		query_wait(q, until);
	}
}

/* dns_query_ready - true when a join would not wait (see dns.h) */
bool
dns_query_ready(struct dns_query *q)
{
	if (q == NULL || q->wirelen == 0)
		return true;
	if (query_run(q, false, UINT64_MAX) != QUERY_DONE)
		return false;
	query_done(q);
	group_unlink(q);
	q->wirelen = 0; /* answered: join only hands it over */
	return true;
}

/* dns_budget_init - a check's waiting time, limit_ms in all (0: none) */
void
dns_budget_init(struct dns_budget *b, unsigned limit_ms)
{
	b->limit_ms = limit_ms;
	b->waited_ms = 0;
}

/* dns_budget_spent - has the check waited all it may? */
bool
dns_budget_spent(const struct dns_budget *b)
{
	return b != NULL && b->limit_ms > 0 && b->waited_ms >= b->limit_ms;
}

/* dns_query_join_within - wait for q's answer, at most what is left of
 * b; free q (see dns.h) */
struct dns_answer *
dns_query_join_within(struct dns_query *q, struct dns_budget *b)
{
	struct dns_answer *a;
	uint64_t start, stop = UINT64_MAX;

	if (q == NULL)
		return dns_answer_nomem();
	if (q->wirelen > 0) {
		start = dns_now_ms();
		if (b != NULL && b->limit_ms > 0)
			stop = b->waited_ms >= b->limit_ms
			    ? start
			    : start + (b->limit_ms - b->waited_ms);
		if (query_run(q, true, stop) == QUERY_STOPPED) {
			query_close(q); /* ours alone: never cached */
			dns_answer_set(q->answer, DNS_TEMPFAIL,
			    "time limit of %u ms for the check reached",
			    b->limit_ms);
		} else
			query_done(q);
		if (b != NULL)
			b->waited_ms += dns_now_ms() - start;
	}
	group_unlink(q);
	a = q->answer;
	free(q->wire);
	free(q);
	return a;
}

/* dns_query_join - wait for q's answer, free q (see dns.h) */
struct dns_answer *
dns_query_join(struct dns_query *q)
{
	return dns_query_join_within(q, NULL);
}

/* dns_query_cancel - forget q */
void
dns_query_cancel(struct dns_query *q)
{
	if (q == NULL)
		return;
	group_unlink(q);
	query_close(q);
	dns_answer_free(q->answer);
	free(q->wire);
	free(q);
}

/* dns_query_start_in - dns_query_start() as a query of g (NULL: none) */
struct dns_query *
dns_query_start_in(struct dns_resolver *r, struct dns_group *g,
    const char *name, enum dns_type type)
{
	struct dns_query *q = dns_query_start(r, name, type);

	if (g != NULL && q != NULL && q->wirelen > 0) { /* on the wire */
		q->group = g;
		q->gnext = g->head;
		if (g->head != NULL)
			g->head->gprev = q;
		g->head = q;
	}
	return q;
}
