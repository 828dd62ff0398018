/*
 * report_queue.c - the bounded report queue and its one writer thread.
 * The message path only takes the mutex to link a record in; the writer
 * takes the whole list, merges it with the rows the store has not taken
 * yet and writes them in one transaction. A store that is down is retried
 * with backoff (1 s doubling to 60 s) while records keep merging, up to
 * the bound; past it new records are dropped and counted.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report_queue.h"
#include "report/report_queue_int.h"
#include "report/report_store_int.h"
#include "util/log.h"

#define BACKOFF_MIN 1
#define BACKOFF_MAX 60
#define DROP_LOG_EVERY 60

struct report_queue {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t writer;
	char url[REPORT_URL_MAX + 1];
	size_t max;
	struct report_rec *head, **tail;
	size_t queued, pending; /* pending: merged rows the store lacks */
	bool stop;
	struct timespec deadline; /* when stop: give up writing after it */
	struct report_counters c;
	uint64_t drops_unlogged;
	time_t drop_logged;
	/* the writer thread's own: failures not logged yet, last logged */
	unsigned fails_unlogged;
	time_t fail_logged;
};

/* report_queue_push - link a copy of the record, or count the drop */
int
report_queue_push(struct report_queue *q, const struct report_row *row,
    const struct report_policy *pol)
{
	struct report_rec *rec;
	uint64_t n = 0;
	time_t now;

	rec = report_rec_new(row, pol, REPORT_RECORD_MAX);
	pthread_mutex_lock(&q->mu);
	if (rec != NULL && !q->stop && q->queued + q->pending < q->max) {
		*q->tail = rec;
		q->tail = &rec->next;
		q->queued++;
		q->c.recorded++;
		if (q->queued >= q->max / 2)
			pthread_cond_signal(&q->cv);
		pthread_mutex_unlock(&q->mu);
		return 0;
	}
	q->c.dropped_queue_full++;
	q->drops_unlogged++;
	now = time(NULL);
	if (now - q->drop_logged >= DROP_LOG_EVERY) {
		q->drop_logged = now;
		n = q->drops_unlogged;
		q->drops_unlogged = 0;
	}
	pthread_mutex_unlock(&q->mu);
	free(rec);
	if (n > 0)
		log_warn("ReportStore: queue full (%zu): %llu record(s) "
		         "dropped",
		    q->max, (unsigned long long)n);
	return -1;
}

/* take - wait up to wait_s for records (or stop); detach them */
static struct report_rec *
take(struct report_queue *q, time_t wait_s, bool *stop)
{
	struct report_rec *list;
	struct timespec ts;

	pthread_mutex_lock(&q->mu);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += wait_s;
	/* one batch a second: fewer, larger transactions cost the message
	 * path less CPU; half a full queue wakes the writer early */
	while (!q->stop && q->queued < q->max / 2)
		if (pthread_cond_timedwait(&q->cv, &q->mu, &ts) == ETIMEDOUT)
			break;
	list = q->head;
	q->head = NULL;
	q->tail = &q->head;
	q->pending += q->queued; /* still bounded until merged or written */
	q->queued = 0;
	*stop = q->stop;
	pthread_mutex_unlock(&q->mu);
	return list;
}

/* past_deadline - has the shutdown drain time run out? */
static bool
past_deadline(struct report_queue *q)
{
	struct timespec now;
	bool past;

	clock_gettime(CLOCK_REALTIME, &now);
	pthread_mutex_lock(&q->mu);
	past = q->stop &&
	    (now.tv_sec > q->deadline.tv_sec ||
	        (now.tv_sec == q->deadline.tv_sec &&
	            now.tv_nsec >= q->deadline.tv_nsec));
	pthread_mutex_unlock(&q->mu);
	return past;
}

/* fail_log - log a store failure: the first, then at most one line a
 * minute with the attempts in between (the shutdown drain retries every
 * 100 ms and would otherwise log each one) */
static void
fail_log(struct report_queue *q, const char *err)
{
	time_t now = time(NULL);

	if (q->fail_logged != 0 && now - q->fail_logged < DROP_LOG_EVERY) {
		q->fails_unlogged++;
		return;
	}
	if (q->fails_unlogged > 0)
		log_err("ReportStore: %s (%u more failed attempt(s) since "
		        "the last line)",
		    err, q->fails_unlogged);
	else
		log_err("ReportStore: %s", err);
	q->fail_logged = now;
	q->fails_unlogged = 0;
}

/* flush - try to write pending to the store (opening it when needed) */
static int
flush(struct report_queue *q, struct report_store **rs,
    struct report_rec **pending, size_t count)
{
	char err[512];
	uint64_t msgs;

	if (*rs == NULL &&
	    (*rs = report_store_open(q->url, err, sizeof(err))) == NULL) {
		fail_log(q, err);
		return -1;
	}
	if (report_batch_write(*rs, *pending, count, &msgs, err, sizeof(err)) ==
	    -1) {
		fail_log(q, err);
		report_store_close(*rs);
		*rs = NULL;
		return -1;
	}
	if (q->fail_logged != 0) {
		log_info("ReportStore: writing again (%u failed attempt(s) "
		         "not logged)",
		    q->fails_unlogged);
		q->fail_logged = 0;
		q->fails_unlogged = 0;
	}
	report_rec_free_list(*pending);
	*pending = NULL;
	pthread_mutex_lock(&q->mu);
	q->c.written += msgs;
	q->pending = 0;
	pthread_mutex_unlock(&q->mu);
	return 0;
}

/* append - put list at the end of *pending */
static void
append(struct report_rec **pending, struct report_rec *list)
{
	while (*pending != NULL)
		pending = &(*pending)->next;
	*pending = list;
}

/* lose - count the pending messages as lost and free them */
static void
lose(struct report_queue *q, struct report_rec *pending)
{
	struct report_rec *r;
	uint64_t n = 0;

	for (r = pending; r != NULL; r = r->next)
		n += (uint64_t)r->row.n;
	if (n > 0)
		log_err("ReportStore: %llu message(s) not written at exit",
		    (unsigned long long)n);
	pthread_mutex_lock(&q->mu);
	q->c.dropped_store_error += n;
	q->pending = 0;
	pthread_mutex_unlock(&q->mu);
	report_rec_free_list(pending);
}

/* writer - the thread: take, merge, write; back off while the store fails */
static void *
writer(void *arg)
{
	struct report_queue *q = arg;
	struct report_store *rs = NULL;
	struct report_rec *pending = NULL;
	time_t backoff = 0, wait_s = BACKOFF_MIN, next_try = 0;
	size_t count = 0;
	bool stop;

	for (;;) {
		append(&pending, take(q, wait_s, &stop));
		if (report_batch_merge(&pending, &count) == 0) {
			pthread_mutex_lock(&q->mu);
			q->pending = count;
			pthread_mutex_unlock(&q->mu);
		}
		if (pending != NULL && (stop || time(NULL) >= next_try)) {
			if (flush(q, &rs, &pending, count) == 0) {
				backoff = 0;
			} else {
				backoff =
				    backoff == 0 ? BACKOFF_MIN : backoff * 2;
				if (backoff > BACKOFF_MAX)
					backoff = BACKOFF_MAX;
				next_try = time(NULL) + backoff;
			}
		}
		if (stop && (pending == NULL || past_deadline(q)))
			break;
		wait_s = stop ? 0 : BACKOFF_MIN;
		if (stop && pending != NULL) {
			struct timespec ms = { 0, 100 * 1000 * 1000 };
			nanosleep(&ms, NULL);
		}
	}
	lose(q, pending);
	report_store_close(rs);
	return NULL;
}

/* report_queue_new - check the URL and start the writer */
struct report_queue *
report_queue_new(const char *url, size_t max, char *err, size_t len)
{
	struct report_queue *q;
	enum report_kind kind;
	sigset_t all, old;
	int rc;

	if (report_store_url_check(url, &kind, err, len) == -1)
		return NULL;
	if ((q = calloc(1, sizeof(*q))) == NULL) {
		report_err(err, len, "out of memory", NULL);
		return NULL;
	}
	strlcpy(q->url, url, sizeof(q->url));
	q->max = max > 0 ? max : REPORT_QUEUE_DEFAULT;
	q->tail = &q->head;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	/* the writer takes no signal: libmilter's thread handles SIGTERM */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&q->writer, NULL, writer, q);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		report_err(err, len, "cannot start the report writer", NULL);
		pthread_cond_destroy(&q->cv);
		pthread_mutex_destroy(&q->mu);
		free(q);
		return NULL;
	}
	return q;
}

/* report_queue_counters - copy the counters under the lock */
void
report_queue_counters(struct report_queue *q, struct report_counters *c)
{
	pthread_mutex_lock(&q->mu);
	*c = q->c;
	pthread_mutex_unlock(&q->mu);
}

/* report_queue_free - drain for at most drain_ms, stop the writer */
void
report_queue_free(
    struct report_queue *q, unsigned drain_ms, struct report_counters *last)
{
	if (q == NULL)
		return;
	pthread_mutex_lock(&q->mu);
	clock_gettime(CLOCK_REALTIME, &q->deadline);
	q->deadline.tv_sec += drain_ms / 1000;
	q->deadline.tv_nsec += (long)(drain_ms % 1000) * 1000000;
	if (q->deadline.tv_nsec >= 1000000000) {
		q->deadline.tv_sec++;
		q->deadline.tv_nsec -= 1000000000;
	}
	q->stop = true;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->writer, NULL);
	if (last != NULL)
		*last = q->c;
	pthread_cond_destroy(&q->cv);
	pthread_mutex_destroy(&q->mu);
	free(q);
}
