/*
 * reload.c - the SIGUSR1 reload thread. A new snapshot (conf + env) is
 * built beside the running one over main's resolver; the milter swaps it
 * in for new connections, and the old one is freed when its last
 * connection closes. Restart-only keys are named and keep their value.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "milter.h"
#include "metrics/metrics.h"
#include "reload.h"
#include "session/session.h"
#include "util/log.h"
#include "util/notify.h"

/* reload_block_signals - SIGUSR1/SIGUSR2 reach only our sigwait */
int
reload_block_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	return pthread_sigmask(SIG_BLOCK, &set, NULL) == 0 ? 0 : -1;
}

/* reload_same - are two optional strings equal? */
static bool
reload_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* reload_keep_str - a restart-only string key: name it, keep old */
static int
reload_keep_str(const char *key, char **now, const char *old)
{
	char *copy = NULL;

	if (reload_same(*now, old))
		return 0;
	log_warn("reload: %s changed (%s -> %s): kept until a restart", key,
	    old != NULL ? old : "unset", *now != NULL ? *now : "unset");
	if (old != NULL && (copy = strdup(old)) == NULL)
		return -1;
	free(*now);
	*now = copy;
	return 0;
}

/* reload_keep_uint - a restart-only number key: name it, keep old */
static void
reload_keep_uint(const char *key, unsigned *now, unsigned old)
{
	if (*now == old)
		return;
	log_warn("reload: %s changed (%u -> %u): kept until a restart", key,
	    old, *now);
	*now = old;
}

/*
 * reload_keep - restore in c the keys only a restart can change: the
 * socket, user, pidfile, chroot, metrics endpoint and report store are
 * set up once; syslog is
 * opened once; the resolver (Nameservers, DNSTimeout) and its cache are
 * kept across reloads. -1 when out of memory.
 */
static int
reload_keep(struct conf *c, const struct conf *old)
{
	unsigned um = c->umask, sl = c->syslog;

	if (reload_keep_str("Socket", &c->socket, old->socket) == -1 ||
	    reload_keep_str("UserID", &c->user_id, old->user_id) == -1 ||
	    reload_keep_str("PidFile", &c->pid_file, old->pid_file) == -1 ||
	    reload_keep_str("Chroot", &c->chroot, old->chroot) == -1 ||
	    reload_keep_str("MetricsSocket", &c->metrics_socket,
	        old->metrics_socket) == -1 ||
	    reload_keep_str(
	        "ReportStore", &c->report_store, old->report_store) == -1 ||
	    reload_keep_str("SyslogFacility", &c->syslog_facility,
	        old->syslog_facility) == -1 ||
	    reload_keep_str("Nameservers", &c->nameservers, old->nameservers) ==
	        -1)
		return -1;
	reload_keep_uint("DNSTimeout", &c->dns_timeout_ms, old->dns_timeout_ms);
	if (c->report_queue != old->report_queue) {
		log_warn("reload: ReportQueue changed (%zu -> %zu): kept until "
		         "a restart",
		    old->report_queue, c->report_queue);
		c->report_queue = old->report_queue;
	}
	reload_keep_uint("UMask", &um, old->umask);
	reload_keep_uint("Syslog", &sl, old->syslog);
	c->umask = (mode_t)um;
	c->syslog = sl != 0;
	return 0;
}

/* reload_try - read, check and swap in; 0, or -1 with the reason */
static int
reload_try(struct reload *r, char *err, size_t errlen)
{
	struct session_env *env;
	struct conf *c;

	c = r->load(r->path, r->sock, r->running, err, errlen);
	if (c == NULL)
		return -1;
	if (reload_keep(c, r->running) == -1) {
		snprintf(err, errlen, "out of memory");
		conf_unref(c);
		return -1;
	}
	env = session_env_new_with(c, &r->deps, err, errlen);
	if (env == NULL) {
		conf_unref(c);
		return -1;
	}
	milter_set_env(r->milter, env);
	session_env_free(env); /* the milter holds it now */
	conf_unref(r->running);
	r->running = c;
	return 0;
}

/* reload_once - one reload, logged and counted */
static void
reload_once(struct reload *r)
{
	char err[CONF_ERRLEN], path[CONF_MAX_LINE];
	enum log_level level;

	/* a copy: a successful reload may free the conf that owns the path */
	strlcpy(path,
	    r->running->path != NULL ? r->running->path : CONF_DEFAULT_PATH,
	    sizeof(path));
	notify_send(r->notify_fd, "STATUS=reloading", 1);
	if (reload_try(r, err, sizeof(err)) == 0) {
		metrics_reload(r->deps.metrics, true);
		/* this line shows whatever the old and new LogLevel */
		level = (enum log_level)r->running->log_level;
		log_set_level(level > LOG_LEVEL_INFO ? level : LOG_LEVEL_INFO);
		log_info("reload ok: %s", path);
		log_set_level(level);
	} else {
		metrics_reload(r->deps.metrics, false);
		log_err(
		    "reload failed, running on the old configuration: %s%s%s",
		    err, r->running->chroot != NULL ? " (under Chroot " : "",
		    r->running->chroot != NULL ? r->running->chroot : "");
	}
	notify_send(r->notify_fd, "READY=1\nSTATUS=serving", 0);
}

/* reload_main - wait for SIGUSR1 (reload) or SIGUSR2 (stop) */
static void *
reload_main(void *arg)
{
	struct reload *r = arg;
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGUSR2)
			return NULL;
		reload_once(r);
	}
}

/* reload_start - the thread */
int
reload_start(struct reload *r)
{
	sigset_t all, old;
	int e;

	/* every signal blocked in the thread: libmilter's SIGTERM, SIGHUP
	 * and SIGINT must reach its own sigwait, not kill us here */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	e = pthread_create(&r->thread, NULL, reload_main, r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e != 0) {
		errno = e;
		return -1;
	}
	r->started = true;
	return 0;
}

/* reload_stop - SIGUSR2 to the thread, join, drop the conf */
void
reload_stop(struct reload *r)
{
	if (r->started) {
		pthread_kill(r->thread, SIGUSR2);
		pthread_join(r->thread, NULL);
		r->started = false;
	}
	conf_unref(r->running);
	r->running = NULL;
}
