/*
 * dns.c - the resolver: configuration, then queries that start at once
 * (one non-blocking connected UDP socket, random id and source port) and
 * are joined later. A join waits at most for what is left of the budget;
 * inside it the servers are tried in order, each DNS_DEFAULT_RETRIES
 * times, a truncated answer is asked again over TCP, and a reply that is
 * not for our question is ignored (we keep waiting), so a spoofed or stray
 * packet can delay but never decide an answer.
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
	int fd;         /* UDP socket of the current attempt, or -1 */
	size_t attempt; /* attempts started so far */
	uint64_t deadline, attempt_deadline;
	bool tcp;         /* truncated: the join asks again over TCP */
	char lasterr[96]; /* why the last attempt failed */
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

/* query_close - close the current attempt's socket */
static void
query_close(struct dns_query *q)
{
	if (q->fd != -1) {
		close(q->fd);
		q->fd = -1;
	}
}

/* query_send - start attempt number q->attempt: new socket (so a new
 * random source port), new id, send. -1 with lasterr set on failure. */
static int
query_send(struct dns_query *q)
{
	struct dns_resolver *r = q->res;
	const struct dns_server *sv = &r->servers[q->attempt % r->nservers];
	size_t left = (size_t)r->nservers * r->retries - q->attempt;
	uint64_t now = dns_now_ms();

	query_close(q);
	q->attempt++;
	/* the rest of the budget shared by the attempts still to come */
	q->attempt_deadline =
	    now + (q->deadline > now ? (q->deadline - now) / left : 0);
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

/* query_done - finish q with its answer's status; cache what may be */
static void
query_done(struct dns_query *q)
{
	struct dns_answer *a = q->answer;

	query_close(q);
	if (q->res->cache == NULL || a->status == DNS_MALFORMED ||
	    a->status == DNS_NOMEM)
		return;
	if (a->status == DNS_TEMPFAIL)
		a->ttl = DNS_FAIL_TTL;
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
	enum dns_wire_verdict v;

	atomic_fetch_add(&r->tcp_retries, 1);
	atomic_fetch_add(&r->queries, 1);
	if (dns_tcp_exchange(sv, q->wire, q->wirelen, q->deadline, &reply, &len,
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
	q->deadline = dns_now_ms() + r->timeout_ms;
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

/* query_run - run attempts until q has its answer or the budget ends
 * (true); with wait false, return false instead of blocking */
static bool
query_run(struct dns_query *q, bool wait)
{
	struct pollfd pfd;
	uint64_t now, until;
	int n;

	for (;;) {
		if (q->tcp) {
			if (!wait)
				return false;
			query_tcp(q);
			return true;
		}
		now = dns_now_ms();
		if (now >= q->deadline) {
			atomic_fetch_add(&q->res->timeouts, 1);
			dns_answer_set(q->answer, DNS_TEMPFAIL,
			    "timeout after %u ms%s%s", q->res->timeout_ms,
			    q->lasterr[0] ? ", " : "", q->lasterr);
			return true;
		}
		if (q->fd == -1 || now >= q->attempt_deadline) {
			if (!query_next(q)) {
				if (q->fd == -1) {
					dns_answer_set(q->answer, DNS_TEMPFAIL,
					    "%s", q->lasterr);
					return true;
				}
				/* the last attempt may still be answered */
				q->attempt_deadline = q->deadline;
			}
			continue;
		}
		until = q->attempt_deadline < q->deadline ? q->attempt_deadline
		                                          : q->deadline;
		pfd.fd = q->fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		n = poll(&pfd, 1, wait ? (int)(until - now) : 0);
		if (n > 0 && query_recv(q, wait))
			return true;
		if (n <= 0 && !wait)
			return false;
	}
}

/* dns_query_ready - true when a join would not wait (see dns.h) */
bool
dns_query_ready(struct dns_query *q)
{
	if (q == NULL || q->wirelen == 0)
		return true;
	if (!query_run(q, false))
		return false;
	query_done(q);
	q->wirelen = 0; /* answered: join only hands it over */
	return true;
}

/* dns_query_join - wait for q's answer, free q (see dns.h) */
struct dns_answer *
dns_query_join(struct dns_query *q)
{
	struct dns_answer *a;

	if (q == NULL)
		return dns_answer_nomem();
	if (q->wirelen > 0) {
		(void)query_run(q, true);
		query_done(q);
	}
	a = q->answer;
	free(q->wire);
	free(q);
	return a;
}

/* dns_query_cancel - forget q */
void
dns_query_cancel(struct dns_query *q)
{
	if (q == NULL)
		return;
	query_close(q);
	dns_answer_free(q->answer);
	free(q->wire);
	free(q);
}

/* dns_lookup - start and join at once */
struct dns_answer *
dns_lookup(struct dns_resolver *r, const char *name, enum dns_type type)
{
	return dns_query_join(dns_query_start(r, name, type));
}

/* dns_get_stats - a snapshot of the counters */
void
dns_get_stats(struct dns_resolver *r, struct dns_stats *out)
{
	memset(out, 0, sizeof(*out));
	out->queries = atomic_load(&r->queries);
	out->cache_hits = atomic_load(&r->cache_hits);
	out->cache_misses = atomic_load(&r->cache_misses);
	out->timeouts = atomic_load(&r->timeouts);
	out->tcp_retries = atomic_load(&r->tcp_retries);
	out->cache_size = r->cache ? dns_cache_size(r->cache) : 0;
}
