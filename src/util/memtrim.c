/*
 * memtrim.c - a thread that hands memory freed inside glibc's arenas back
 * to the kernel with malloc_trim(0) when a burst left much of it free
 * (see memtrim.h). It never frees or moves live memory: malloc_trim only
 * releases whole free pages, so it is safe with any other thread running.
 * Free bytes alone cannot say whether free pages are still resident (a
 * trimmed chunk stays free in the arenas), so the trigger is RSS growth
 * over a baseline: the RSS after the last trim, or the lowest seen since.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "util/memtrim.h"

struct memtrim {
	size_t slack;
	size_t baseline; /* RSS after the last trim or the lowest seen since */
	int statm;       /* /proc/self/statm, open for good */
	unsigned long trims;
	unsigned interval_ms;
	bool started, stop;
	pthread_t tid;
	pthread_mutex_t lock; /* guards stop, trims and baseline */
	pthread_cond_t wake;
};

/* memtrim_free_bytes - what mallinfo2 counts as free in all arenas */
size_t
memtrim_free_bytes(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.fordblks;
}

/* memtrim_rss - the second field of statm (resident pages) in bytes */
static size_t
memtrim_rss(struct memtrim *mt)
{
	char buf[128];
	uintmax_t size, res;
	ssize_t n;

	if ((n = pread(mt->statm, buf, sizeof(buf) - 1, 0)) <= 0)
		return 0;
	buf[n] = '\0';
	if (sscanf(buf, "%ju %ju", &size, &res) != 2)
		return 0;
	return (size_t)res * (size_t)sysconf(_SC_PAGESIZE);
}

/* memtrim_new - the watcher's state, baseline taken now */
struct memtrim *
memtrim_new(size_t slack)
{
	struct memtrim *mt;

	if ((mt = calloc(1, sizeof(*mt))) == NULL)
		return NULL;
	if ((mt->statm = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)) ==
	    -1) {
		free(mt);
		return NULL;
	}
	mt->slack = slack;
	mt->baseline = memtrim_rss(mt);
	pthread_mutex_init(&mt->lock, NULL);
	return mt;
}

/* memtrim_check - trim when RSS grew past baseline + slack and there is
 * more than the slack free to give back */
bool
memtrim_check(struct memtrim *mt)
{
	size_t rss = memtrim_rss(mt);
	bool trim;

	pthread_mutex_lock(&mt->lock);
	if (rss < mt->baseline)
		mt->baseline = rss; /* a later burst counts from here */
	trim =
	    rss - mt->baseline > mt->slack && memtrim_free_bytes() > mt->slack;
	pthread_mutex_unlock(&mt->lock);
	if (!trim)
		return false;
	malloc_trim(0);
	rss = memtrim_rss(mt);
	pthread_mutex_lock(&mt->lock);
	mt->baseline = rss; /* live memory grew: count from the new level */
	mt->trims++;
	pthread_mutex_unlock(&mt->lock);
	return true;
}

/* memtrim_deadline - now + ms on the condition variable's clock */
static void
memtrim_deadline(struct timespec *ts, unsigned ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* memtrim_thread - look every interval until memtrim_free() says stop */
static void *
memtrim_thread(void *arg)
{
	struct memtrim *mt = arg;
	struct timespec ts;
	bool stop;

	for (;;) {
		memtrim_deadline(&ts, mt->interval_ms);
		pthread_mutex_lock(&mt->lock);
		while (!mt->stop &&
		    pthread_cond_timedwait(&mt->wake, &mt->lock, &ts) == 0)
			;
		stop = mt->stop;
		pthread_mutex_unlock(&mt->lock);
		if (stop)
			return NULL;
		memtrim_check(mt);
	}
}

/* memtrim_start - the thread, with every signal blocked so libmilter's
 * signal thread alone receives SIGTERM, SIGHUP and SIGINT */
int
memtrim_start(struct memtrim *mt, unsigned interval_ms)
{
	pthread_condattr_t ca;
	sigset_t all, old;
	int rc;

	if (mt->started) {
		errno = EBUSY;
		return -1;
	}
	mt->interval_ms = interval_ms > 0 ? interval_ms : 1;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	rc = pthread_cond_init(&mt->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&mt->tid, NULL, memtrim_thread, mt);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_cond_destroy(&mt->wake);
		errno = rc;
		return -1;
	}
	mt->started = true;
	return 0;
}

/* memtrim_trims - the number of trims so far */
unsigned long
memtrim_trims(struct memtrim *mt)
{
	unsigned long n;

	pthread_mutex_lock(&mt->lock);
	n = mt->trims;
	pthread_mutex_unlock(&mt->lock);
	return n;
}

/* memtrim_free - stop and join the thread, then free */
void
memtrim_free(struct memtrim *mt)
{
	if (mt == NULL)
		return;
	if (mt->started) {
		pthread_mutex_lock(&mt->lock);
		mt->stop = true;
		pthread_cond_signal(&mt->wake);
		pthread_mutex_unlock(&mt->lock);
		pthread_join(mt->tid, NULL);
		pthread_cond_destroy(&mt->wake);
	}
	pthread_mutex_destroy(&mt->lock);
	close(mt->statm);
	free(mt);
}
