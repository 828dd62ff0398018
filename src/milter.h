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

/* milter_new - the adapter over env (it takes a reference). NULL when
 * out of memory. */
struct milter *milter_new(struct session_env *env);
void milter_free(struct milter *);
/* milter_set_env - a reload: connections negotiated from now on use env
 * (a reference is taken); those in progress keep the one they started
 * with, which is freed when the last of them closes */
void milter_set_env(struct milter *m, struct session_env *env);

/*
 * milter_register - smfi_register() our callbacks, serving m. Call once,
 * before smfi_opensocket() and smfi_main(); m is then the one instance
 * the callbacks use until the process exits. Returns 0, or -1 with a
 * message in err.
 */
int milter_register(struct milter *m, char *err, size_t errlen);

#endif /* MILTER_H */
