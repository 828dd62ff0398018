/*
 * metrics_http.c - the MetricsSocket endpoint on libmicrohttpd: GET or
 * HEAD /metrics, from libmicrohttpd's own polling thread, so a scrape
 * never runs on a connection thread; anything else is 404 or 405. Bounded:
 * 16 clients at once, 10 s each.
 */
#include <sys/socket.h>

#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics.h"

#define METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

struct metrics_server {
	struct MHD_Daemon *d;
	struct metrics *reg;
	struct dns_resolver *dns;
};

/* metrics_reply - queue a response with body (len octets, freed by MHD
 * when must_free) and status */
static enum MHD_Result
metrics_reply(struct MHD_Connection *c, unsigned status, char *body, size_t len,
    bool must_free, const char *type)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, body,
	    must_free ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (r == NULL) {
		if (must_free)
			free(body);
		return MHD_NO;
	}
	(void)MHD_add_response_header(r, "Content-Type", type);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* metrics_handle - one request */
static enum MHD_Result
metrics_handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_len, void **state)
{
	struct metrics_server *s = cls;
	char *body = NULL;
	size_t len = 0;
	FILE *f;

	(void)version;
	(void)upload;
	(void)upload_len;
	(void)state;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return metrics_reply(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    (char *)"GET or HEAD only\n", 17, false, "text/plain");
	if (strcmp(url, "/metrics") != 0)
		return metrics_reply(c, MHD_HTTP_NOT_FOUND,
		    (char *)"not found: the metrics are at /metrics\n", 39,
		    false, "text/plain");
	if ((f = open_memstream(&body, &len)) == NULL)
		return MHD_NO;
	if (metrics_write(s->reg, s->dns, f) == -1 || fclose(f) != 0) {
		free(body);
		return MHD_NO;
	}
	return metrics_reply(
	    c, MHD_HTTP_OK, body, len, true, METRICS_CONTENT_TYPE);
}

/* metrics_addr - "inet:PORT@ADDR" or "inet6:PORT@ADDR" (brackets around
 * ADDR allowed) into ss; -1 with err set */
static int
metrics_addr(const char *spec, struct sockaddr_storage *ss, socklen_t *len,
    char *err, size_t errlen)
{
	char host[128], port[16];
	const char *at, *p = strchr(spec, ':');
	struct addrinfo hints = { 0 }, *ai;
	size_t hl;

	at = p != NULL ? strchr(p, '@') : NULL;
	if (p == NULL || at == NULL || (size_t)(at - p - 1) >= sizeof(port) ||
	    at == p + 1) {
		snprintf(err, errlen, "'%s' is not inet:PORT@ADDRESS", spec);
		return -1;
	}
	memcpy(port, p + 1, (size_t)(at - p - 1));
	port[at - p - 1] = '\0';
	at++;
	hl = strlen(at);
	if (hl >= 2 && at[0] == '[' && at[hl - 1] == ']') {
		at++;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof(host)) {
		snprintf(err, errlen, "'%s': no address", spec);
		return -1;
	}
	memcpy(host, at, hl);
	host[hl] = '\0';
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_family = strncmp(spec, "inet6:", 6) == 0 ? AF_INET6 : AF_INET;
	if (getaddrinfo(host, port, &hints, &ai) != 0) {
		snprintf(err, errlen, "'%s' is not inet:PORT@ADDRESS", spec);
		return -1;
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

/* metrics_server_start - listen and serve (see metrics.h) */
struct metrics_server *
metrics_server_start(struct metrics *reg, struct dns_resolver *dns,
    const char *spec, char *err, size_t errlen)
{
	struct metrics_server *s;
	struct sockaddr_storage ss;
	socklen_t len;
	sigset_t all, old;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;

	if (metrics_addr(spec, &ss, &len, err, errlen) == -1)
		return NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->reg = reg;
	s->dns = dns;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	/* signals belong to libmilter's thread: block them in ours */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	s->d = MHD_start_daemon(flags, 0, NULL, NULL, metrics_handle, s,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_CONNECTION_LIMIT, 16u, MHD_OPTION_CONNECTION_TIMEOUT,
	    10u, MHD_OPTION_END);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (s->d == NULL) {
		snprintf(err, errlen,
		    "cannot listen on %s (in use, or no "
		    "permission?)",
		    spec);
		free(s);
		return NULL;
	}
	return s;
}

/* metrics_server_stop - stop serving; NULL is a no-op */
void
metrics_server_stop(struct metrics_server *s)
{
	if (s == NULL)
		return;
	MHD_stop_daemon(s->d);
	free(s);
}
