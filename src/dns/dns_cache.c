/*
 * dns_cache.c - one answer cache shared by all threads behind a mutex:
 * a hash table keyed by (lower-case name, type) with a random seed, so
 * chosen names cannot pile into one chain, plus a list in insertion order.
 * Entries live for the answer's TTL (already capped by the parser); when
 * the cache is full the oldest entry goes. Hits return a private copy.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dns/dns_int.h"

struct cache_entry {
	struct cache_entry *hnext;       /* same bucket */
	struct cache_entry *prev, *next; /* insertion order, oldest first */
	uint64_t hash;
	uint64_t expires_ms;
	struct dns_answer *answer;
};

struct dns_cache {
	pthread_mutex_t lock;
	struct cache_entry **buckets;
	size_t nbuckets; /* a power of two */
	size_t size, cap;
	struct cache_entry *oldest, *newest;
	uint64_t seed;
};

/* dns_cache_new - an empty cache of at most cap entries, or NULL */
struct dns_cache *
dns_cache_new(size_t cap)
{
	struct dns_cache *c;

	if (cap == 0 || (c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->cap = cap;
	c->nbuckets = 16;
	while (c->nbuckets < cap)
		c->nbuckets <<= 1;
	if ((c->buckets = calloc(c->nbuckets, sizeof(*c->buckets))) == NULL ||
	    pthread_mutex_init(&c->lock, NULL) != 0) {
		free(c->buckets);
		free(c);
		return NULL;
	}
	c->seed = (uint64_t)arc4random() << 32 | arc4random();
	return c;
}

/* entry_free - free one entry and its answer */
static void
entry_free(struct cache_entry *e)
{
	dns_answer_free(e->answer);
	free(e);
}

/* dns_cache_free - free the cache and everything in it */
void
dns_cache_free(struct dns_cache *c)
{
	struct cache_entry *e, *next;

	if (c == NULL)
		return;
	for (e = c->oldest; e != NULL; e = next) {
		next = e->next;
		entry_free(e);
	}
	pthread_mutex_destroy(&c->lock);
	free(c->buckets);
	free(c);
}

/* key_hash - seeded FNV-1a over the type and the name */
static uint64_t
key_hash(const struct dns_cache *c, const char *qname, enum dns_type type)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ c->seed;
	const unsigned char *p;

	h = (h ^ (uint64_t)type) * 0x100000001b3ULL;
	for (p = (const unsigned char *)qname; *p != '\0'; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	return h ^ (h >> 29);
}

/* entry_unlink - take e out of its bucket and the order list */
static void
entry_unlink(struct dns_cache *c, struct cache_entry *e)
{
	struct cache_entry **pp = &c->buckets[e->hash & (c->nbuckets - 1)];

	while (*pp != e)
		pp = &(*pp)->hnext;
	*pp = e->hnext;
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		c->oldest = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	else
		c->newest = e->prev;
	c->size--;
}

/* entry_find - the entry for the key, or NULL (lock held) */
static struct cache_entry *
entry_find(
    struct dns_cache *c, uint64_t h, const char *qname, enum dns_type type)
{
	struct cache_entry *e;

	for (e = c->buckets[h & (c->nbuckets - 1)]; e != NULL; e = e->hnext)
		if (e->hash == h && e->answer->qtype == type &&
		    strcmp(e->answer->qname, qname) == 0)
			return e;
	return NULL;
}

/*
 * dns_cache_get - a copy of the cached answer for qname/type with
 * from_cache set and ttl what remains, or NULL (a miss; *nomem tells
 * whether memory ran out while copying). An expired entry is dropped.
 */
struct dns_answer *
dns_cache_get(struct dns_cache *c, const char *qname, enum dns_type type,
    uint64_t now_ms, bool *nomem)
{
	uint64_t h = key_hash(c, qname, type);
	struct dns_answer *a = NULL;
	struct cache_entry *e;

	*nomem = false;
	pthread_mutex_lock(&c->lock);
	if ((e = entry_find(c, h, qname, type)) != NULL &&
	    e->expires_ms <= now_ms) {
		entry_unlink(c, e);
		entry_free(e);
		e = NULL;
	}
	if (e != NULL) {
		if ((a = dns_answer_clone(e->answer)) == NULL)
			*nomem = true;
		else {
			a->from_cache = true;
			a->ttl =
			    (uint32_t)((e->expires_ms - now_ms + 999) / 1000);
		}
	}
	pthread_mutex_unlock(&c->lock);
	return a;
}

/* dns_cache_put - keep a copy of a for a->ttl seconds; 0, or -1 when out
 * of memory. A TTL of 0 is not cached (RFC 1035 3.2.1). */
int
dns_cache_put(struct dns_cache *c, const struct dns_answer *a, uint64_t now_ms)
{
	struct cache_entry *e, *old;

	if (a->ttl == 0)
		return 0;
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return -1;
	if ((e->answer = dns_answer_clone(a)) == NULL) {
		free(e);
		return -1;
	}
	e->answer->from_cache = false;
	e->hash = key_hash(c, a->qname, a->qtype);
	e->expires_ms = now_ms + (uint64_t)a->ttl * 1000;
	pthread_mutex_lock(&c->lock);
	if ((old = entry_find(c, e->hash, a->qname, a->qtype)) != NULL) {
		entry_unlink(c, old);
		entry_free(old);
	}
	while (c->size >= c->cap && c->oldest != NULL) {
		old = c->oldest;
		entry_unlink(c, old);
		entry_free(old);
	}
	e->hnext = c->buckets[e->hash & (c->nbuckets - 1)];
	c->buckets[e->hash & (c->nbuckets - 1)] = e;
	e->prev = c->newest;
	if (c->newest != NULL)
		c->newest->next = e;
	else
		c->oldest = e;
	c->newest = e;
	c->size++;
	pthread_mutex_unlock(&c->lock);
	return 0;
}

/* dns_cache_size - entries now in the cache */
size_t
dns_cache_size(struct dns_cache *c)
{
	size_t n;

	pthread_mutex_lock(&c->lock);
	n = c->size;
	pthread_mutex_unlock(&c->lock);
	return n;
}
