/*
 * store.c - the ReportStore's life in the daemon. The queue starts after
 * the privilege drop, so the store's files belong to UserID, and after
 * Chroot, so a sqlite: path is inside it; the env the milter was
 * registered with cannot see it, so a snapshot with it replaces that one
 * before the first connection. Reloads keep the queue (it is one of the
 * objects every snapshot borrows).
 */
#include <stdio.h>

#include "conf/conf.h"
#include "milter.h"
#include "reload.h"
#include "report/report_queue.h"
#include "session/session.h"
#include "store.h"
#include "util/log.h"

/* store_start - see store.h */
int
store_start(struct conf *c, struct reload *r, struct milter *m,
    struct report_queue **rq, char *err, size_t errlen)
{
	struct session_env *env;

	*rq = NULL;
	if (c->report_store == NULL)
		return 0;
	*rq = report_queue_new(c->report_store, c->report_queue, err, errlen);
	if (*rq == NULL)
		return -1;
	r->deps.report = *rq;
	if ((env = session_env_new_with(c, &r->deps, err, errlen)) == NULL)
		return -1;
	milter_set_env(m, env);
	session_env_free(env); /* the milter holds it now */
	return 0;
}

/* store_stop - see store.h */
void
store_stop(struct report_queue *rq)
{
	struct report_counters rc;

	if (rq == NULL)
		return;
	report_queue_free(rq, 5000, &rc);
	log_info("ReportStore: %llu recorded, %llu written, %llu dropped "
	         "(queue full), %llu lost (store error)",
	    (unsigned long long)rc.recorded, (unsigned long long)rc.written,
	    (unsigned long long)rc.dropped_queue_full,
	    (unsigned long long)rc.dropped_store_error);
}
