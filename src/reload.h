/*
 * reload.h - SIGUSR1 reloads the configuration: a thread of ours waits
 * for the signal with sigwait (never a handler), reads and checks the file
 * with the very function -n uses, and on success hands a new session_env
 * to the milter for connections negotiated from then on. Any error keeps
 * the running configuration. Keys that only a restart can change keep
 * their old value and are named in the log. SIGUSR2 is ours too: it stops
 * the thread at exit.
 */
#ifndef RELOAD_H
#define RELOAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "session/session.h"

struct conf;
struct milter;

/* Reads path (with the -p override sock) and checks it; returns a conf
 * with one reference or NULL with "file:line: message" in err. running
 * is the configuration in force (NULL at startup). */
typedef struct conf *reload_load_fn(const char *path, const char *sock,
    const struct conf *running, char *err, size_t errlen);

struct reload {
	const char *path, *sock;          /* as given to main (-c, -p) */
	reload_load_fn *load;             /* main's, shared with -n */
	struct milter *milter;            /* gets the new env */
	struct session_env_borrowed deps; /* main's long-lived objects */
	struct conf *running;             /* in force; a reference */
	int notify_fd;                    /* systemd, or -1 */
	pthread_t thread;
	bool started;
};

/* reload_block_signals - block SIGUSR1 and SIGUSR2 in this thread and in
 * all it starts afterwards: call before any thread exists. -1 on error. */
int reload_block_signals(void);

/* reload_start - start the thread; r (filled in by the caller, running
 * holding a reference) must live until reload_stop(). 0 or -1. */
int reload_start(struct reload *r);

/* reload_stop - stop and join the thread, drop running */
void reload_stop(struct reload *r);

#endif /* RELOAD_H */
