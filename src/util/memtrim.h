/*
 * memtrim.h - give memory back to the kernel after a burst of large mail.
 * glibc keeps what free() returns inside its arenas: after one 50 MB body
 * or a header bomb the daemon's RSS would stay high for good. A watcher
 * thread looks every interval and calls malloc_trim(0) when RSS grew by
 * more than a slack since the last trim (or its lowest since) and more
 * than the slack is free inside the arenas (mallinfo2): an idle or steady
 * daemon never trims, and each burst is trimmed once, at most one
 * interval after the memory was freed.
 */
#ifndef MEMTRIM_H
#define MEMTRIM_H

#include <stdbool.h>
#include <stddef.h>

#define MEMTRIM_SLACK (1024 * 1024) /* RSS growth and free bytes to trim */
#define MEMTRIM_INTERVAL_MS 1000    /* between two looks */

struct memtrim;

/* memtrim_new - a watcher with the given slack in bytes; no thread yet.
 * Opens /proc/self/statm now, so it keeps working after a chroot. NULL
 * when out of memory or /proc is missing. Free it with memtrim_free(). */
struct memtrim *memtrim_new(size_t slack);

/* memtrim_check - look once: trim when RSS grew by more than the slack
 * since the last trim and more than the slack is free in the arenas.
 * Returns true when it trimmed. */
bool memtrim_check(struct memtrim *);

/* memtrim_start - look every interval_ms in a thread of its own that
 * blocks every signal. Returns 0, or -1 with errno set. */
int memtrim_start(struct memtrim *, unsigned interval_ms);

/* memtrim_trims - how many trims were made (for logs and tests) */
unsigned long memtrim_trims(struct memtrim *);

/* memtrim_free_bytes - bytes free inside malloc's arenas now */
size_t memtrim_free_bytes(void);

/* memtrim_free - stop the thread if started and free mt; NULL: no-op */
void memtrim_free(struct memtrim *);

#endif /* MEMTRIM_H */
