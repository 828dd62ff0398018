/*
 * metrics_int.h - the registry's layout, shared by the files of the
 * metrics module only.
 */
#ifndef METRICS_INT_H
#define METRICS_INT_H

#include <stdatomic.h>

#include "authres/authres.h"

#define METRICS_NMETHODS 7 /* auth iprev spf dkim arc dmarc other */
#define METRICS_NRESULTS (AUTHRES_RESULT_OTHER + 1)
#define METRICS_NACTIONS 5 /* reject tempfail quarantine discard other */
#define METRICS_NRULES 256 /* PolicyRule lines counted apart */
#define METRICS_EOM_NBUCKETS 12

extern const unsigned metrics_eom_bucket_ms[METRICS_EOM_NBUCKETS];

struct metrics_rule {
	atomic_uint line;                          /* 0: slot free */
	atomic_ulong actions[METRICS_NACTIONS][2]; /* [action][dry_run] */
};

struct metrics {
	atomic_ulong connections, messages, forged;
	atomic_long connections_open, messages_open;
	atomic_ulong results[METRICS_NMETHODS][METRICS_NRESULTS];
	atomic_ulong eom_wait[METRICS_EOM_NBUCKETS + 1];
	atomic_ulong eom_wait_sum_ms;
	struct metrics_rule rules[METRICS_NRULES];
	atomic_ulong rules_overflow;
	atomic_ulong reloads[2]; /* ok, failed */
};

const char *metrics_method_name(size_t);
const char *metrics_action_name(size_t);

#endif /* METRICS_INT_H */
