/*
 * store.h - the ReportStore as the daemon runs it: the queue and its
 * writer started once privileges are dropped, handed to sessions through
 * a fresh snapshot, drained at exit.
 */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>

struct conf;
struct milter;
struct reload;
struct report_queue;

/* store_start - with ReportStore set, start the queue (*rq) and give the
 * milter a snapshot that records into it; *rq NULL when unset. 0, or -1
 * with the reason in err. */
int store_start(struct conf *c, struct reload *r, struct milter *m,
    struct report_queue **rq, char *err, size_t errlen);

/* store_stop - drain the queue (5 s at most) and log its counters; NULL
 * is a no-op */
void store_stop(struct report_queue *rq);

#endif /* STORE_H */
