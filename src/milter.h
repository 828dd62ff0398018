/*
 * milter.h - the libmilter adapter: registers the callbacks that turn
 * milter events into session events and session verdicts into smfi_*
 * actions. One struct milter per process, made by main before smfi_main.
 */
#ifndef MILTER_H
#define MILTER_H

#include <stddef.h>

struct session_env;
struct milter;

/* milter_new - the adapter over env (borrowed: env must outlive it).
 * NULL when out of memory. */
struct milter *milter_new(struct session_env *env);
void milter_free(struct milter *);

/*
 * milter_register - smfi_register() our callbacks, serving m. Call once,
 * before smfi_opensocket() and smfi_main(); m is then the one instance
 * the callbacks use until the process exits. Returns 0, or -1 with a
 * message in err.
 */
int milter_register(struct milter *m, char *err, size_t errlen);

#endif /* MILTER_H */
