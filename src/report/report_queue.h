/*
 * report_queue.h - the bounded queue between the message path and the
 * report store. report_queue_push() never blocks on the store: it copies
 * the record or drops it (counted) when the queue is full. One writer
 * thread aggregates queued records (identical keys summed) and writes each
 * batch in one transaction, reconnecting with backoff while the store is
 * down. main owns the queue; sessions borrow it.
 */
#ifndef REPORT_QUEUE_H
#define REPORT_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "report/report_store.h"

/* The default bound (ReportQueue) and the longest record accepted. */
#define REPORT_QUEUE_DEFAULT 10000
#define REPORT_QUEUE_MAX 1000000
#define REPORT_RECORD_MAX 8192

struct report_counters {
	uint64_t recorded;            /* records accepted into the queue */
	uint64_t written;             /* messages committed to the store */
	uint64_t dropped_queue_full;  /* records refused: queue full */
	uint64_t dropped_store_error; /* messages lost: store down at exit,
	                                 or pending over the bound */
};

struct report_queue;

/*
 * report_queue_new - check url and start the writer thread, which opens
 * the store itself (and retries when it cannot). max bounds the records
 * queued plus the rows waiting for the store. Returns the queue, freed
 * with report_queue_free(), or NULL with the reason in err.
 */
struct report_queue *report_queue_new(
    const char *url, size_t max, char *err, size_t len);

/*
 * report_queue_push - copy one message's row (row->n is ignored: one
 * message) and its policy into the queue. Returns 0, or -1 when the record
 * was dropped (queue full, too long, no memory); never waits on the store.
 */
int report_queue_push(struct report_queue *q, const struct report_row *row,
    const struct report_policy *pol);

/* report_queue_counters - a consistent snapshot of q's counters */
void report_queue_counters(struct report_queue *q, struct report_counters *c);

/*
 * report_queue_free - stop accepting, let the writer write what is queued
 * for at most drain_ms milliseconds, then stop it, copy the final counters
 * to *last when last is not NULL, and free q. NULL q is a no-op.
 */
void report_queue_free(
    struct report_queue *q, unsigned drain_ms, struct report_counters *last);

#endif
