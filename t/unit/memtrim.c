/*
 * memtrim.c - after a burst of allocations is freed, memtrim_check() gives
 * the pages back (RSS falls) once and not again over the same free
 * memory; under the slack it does nothing; the thread trims on its own.
 * Under valgrind and ASan, whose allocators have no glibc arenas, only
 * the calls are made and the RSS checks are skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/memtrim.h"

#include "tap.h"

#define BURST_BLOCKS 20000
#define BURST_BLOCK 2048 /* under the mmap threshold: in the heap */
#define MB (1024 * 1024)

/* rss - resident bytes of this process */
static size_t
rss(void)
{
	unsigned long size = 0, res = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f == NULL || fscanf(f, "%lu %lu", &size, &res) != 2)
		res = 0;
	if (f != NULL)
		fclose(f);
	return res * (size_t)sysconf(_SC_PAGESIZE);
}

/* burst - allocate ~40 MB in small blocks, touch them, keep a block
 * above them so free() cannot shrink the heap's top, note RSS at the
 * peak, free the rest; returns the pin for the caller to free */
static void *
burst(size_t *peak)
{
	static void *blocks[BURST_BLOCKS];
	void *pin;
	size_t i;

	for (i = 0; i < BURST_BLOCKS; i++)
		if ((blocks[i] = malloc(BURST_BLOCK)) != NULL)
			memset(blocks[i], 'x', BURST_BLOCK);
	pin = malloc(64);
	*peak = rss();
	for (i = 0; i < BURST_BLOCKS; i++)
		free(blocks[i]);
	return pin;
}

/* foreign_malloc - why malloc is not glibc's (no arenas to trim and no
 * RSS to expect), or NULL when it is */
static const char *
foreign_malloc(void)
{
	const char *pre = getenv("LD_PRELOAD");

#if defined(__SANITIZE_ADDRESS__)
	return "ASan's allocator has no glibc arenas";
#endif
	if (pre != NULL && strstr(pre, "vgpreload") != NULL)
		return "valgrind's allocator has no glibc arenas";
	return NULL;
}

/* api_only - under a foreign malloc: the calls still work and leak
 * nothing; the RSS checks are skipped */
static int
api_only(const char *why)
{
	struct memtrim *mt;

	plan(3);
	if ((mt = memtrim_new(MEMTRIM_SLACK)) == NULL)
		bail_out("memtrim_new failed");
	ok(1, "memtrim_new");
	(void)memtrim_check(mt);
	ok(memtrim_start(mt, 10) == 0, "memtrim_start");
	usleep(50000);
	memtrim_free(mt);
	ok(1, "RSS after a burst # SKIP %s", why);
	return done_testing();
}

int
main(void)
{
	struct memtrim *mt;
	size_t r0, r1;
	void *pin;
	int i;

	if (foreign_malloc() != NULL)
		return api_only(foreign_malloc());
	plan(18);
	diag("slack %d MB, bursts of %d blocks of %d octets",
	    MEMTRIM_SLACK / MB, BURST_BLOCKS, BURST_BLOCK);
	if ((mt = memtrim_new(MEMTRIM_SLACK)) == NULL)
		bail_out("memtrim_new failed");
	ok(1, "memtrim_new");
	ok(!memtrim_check(mt), "nothing freed yet: no trim");

	r0 = rss();
	pin = burst(&r1);
	ok(r1 > r0 + 30 * MB, "the burst raised RSS from %zu to %zu MB",
	    r0 / MB, r1 / MB);
	ok(memtrim_free_bytes() > 30 * MB, "and left %zu MB free",
	    memtrim_free_bytes() / MB);
	ok(memtrim_check(mt), "RSS and free bytes past the slack: trimmed");
	ok(rss() + 20 * MB < r1, "RSS fell from %zu to %zu MB", r1 / MB,
	    rss() / MB);
	ok(!memtrim_check(mt), "the same free memory is not trimmed twice");
	free(pin);

	r0 = rss();
	pin = burst(&r1);
	ok(r1 > r0 + 30 * MB,
	    "a second burst over the trimmed free memory "
	    "raised RSS from %zu to %zu MB",
	    r0 / MB, r1 / MB);
	ok(memtrim_check(mt), "the second burst is trimmed too");
	ok(rss() + 20 * MB < r1, "RSS fell from %zu to %zu MB", r1 / MB,
	    rss() / MB);
	free(pin);
	memtrim_free(mt);

	ok((mt = memtrim_new(MEMTRIM_SLACK)) != NULL, "memtrim_new, thread");
	ok(mt != NULL && memtrim_start(mt, 20) == 0, "memtrim_start");
	r0 = rss();
	pin = burst(&r1);
	for (i = 0; i < 200 && memtrim_trims(mt) == 0; i++)
		usleep(10000);
	ok(memtrim_trims(mt) > 0, "the thread trimmed on its own");
	ok(rss() + 20 * MB < r1, "RSS fell from %zu to %zu MB", r1 / MB,
	    rss() / MB);
	free(pin);
	memtrim_free(mt);

	ok((mt = memtrim_new(64 * MB)) != NULL, "memtrim_new, 64 MB slack");
	r0 = rss();
	pin = burst(&r1);
	ok(r1 > r0 + 30 * MB, "a third burst raised RSS from %zu to %zu MB",
	    r0 / MB, r1 / MB);
	ok(!memtrim_check(mt), "under a 64 MB slack: no trim");
	ok(rss() + 20 * MB > r1, "RSS kept without a trim");
	free(pin);
	memtrim_free(mt);
	return done_testing();
}
