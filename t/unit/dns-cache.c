/*
 * dns-cache.c - the answer cache (hits are copies with what remains of the
 * TTL, expiry, the size cap evicting the oldest, TTL 0 not kept, threads
 * sharing it) and the resolver's configuration (Nameservers syntax,
 * resolv.conf). No network.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/dns_int.h"
#include "tap.h"

/* answer - an OK answer for name/A with one record and this TTL */
static struct dns_answer *
answer(const char *name, uint32_t ttl)
{
	struct dns_answer *a = dns_answer_new(name, DNS_T_A);

	a->status = DNS_OK;
	a->ttl = ttl;
	a->canonical = strdup(name);
	a->rr = calloc(1, sizeof(*a->rr));
	a->rr[0].type = DNS_T_A;
	a->rr[0].u.a.s_addr = htonl(0xc0000201);
	a->count = 1;
	return a;
}

/* hit - look name/A up at time now; true on a hit (and frees it) */
static bool
hit(struct dns_cache *c, const char *name, uint64_t now, uint32_t *ttl)
{
	struct dns_answer *a;
	bool nomem;

	if ((a = dns_cache_get(c, name, DNS_T_A, now, &nomem)) == NULL)
		return false;
	if (ttl != NULL)
		*ttl = a->ttl;
	dns_answer_free(a);
	return true;
}

static void
test_ttl(void)
{
	struct dns_cache *c = dns_cache_new(10);
	struct dns_answer *a = answer("a.example", 10), *got;
	uint32_t ttl = 0;
	bool nomem;

	is_int(dns_cache_put(c, a, 1000), 0, "put");
	got = dns_cache_get(c, "a.example", DNS_T_A, 1000, &nomem);
	ok(got != NULL && got->from_cache && got->ttl == 10 &&
	        got->count == 1 && got != a && got->rr != a->rr,
	    "a hit is a copy marked from_cache, with the full TTL");
	dns_answer_free(got);
	ok(hit(c, "a.example", 5500, &ttl) && ttl == 6,
	    "4.5 s later 5.5 s remain, rounded up to 6");
	ok(!hit(c, "a.example", 11000, NULL), "after the TTL it is a miss");
	is_int(dns_cache_size(c), 0, "... and the entry is gone");
	ok(dns_cache_get(c, "a.example", DNS_T_AAAA, 1000, &nomem) == NULL,
	    "another type is another key");
	a->ttl = 0;
	dns_cache_put(c, a, 1000);
	is_int(dns_cache_size(c), 0, "a TTL of 0 is not cached");
	dns_answer_free(a);
	dns_cache_free(c);
}

static void
test_cap(void)
{
	struct dns_cache *c = dns_cache_new(3);
	const char *names[] = { "a", "b", "c", "d" };
	struct dns_answer *a;
	uint32_t ttl = 0;
	size_t i;

	for (i = 0; i < 4; i++) {
		a = answer(names[i], 100);
		dns_cache_put(c, a, 0);
		dns_answer_free(a);
	}
	is_int(dns_cache_size(c), 3, "the size stays at the cap");
	ok(!hit(c, "a", 1, NULL) && hit(c, "b", 1, NULL) &&
	        hit(c, "d", 1, NULL),
	    "the oldest entry was evicted");
	a = answer("b", 50);
	dns_cache_put(c, a, 0);
	dns_answer_free(a);
	ok(dns_cache_size(c) == 3 && hit(c, "b", 0, &ttl) && ttl == 50,
	    "putting a key again replaces it");
	a = answer("e", 100);
	dns_cache_put(c, a, 0);
	dns_answer_free(a);
	ok(!hit(c, "c", 1, NULL) && hit(c, "b", 1, NULL),
	    "a replaced entry counts as new: c is now the oldest");
	dns_cache_free(c);
}

/* hammer - one thread's share of puts and gets on a small cache */
static void *
hammer(void *arg)
{
	struct dns_cache *c = arg;
	struct dns_answer *a;
	char name[32];
	int i;

	for (i = 0; i < 20000; i++) {
		snprintf(
		    name, sizeof(name), "n%u.example", arc4random_uniform(300));
		if (i % 3 == 0) {
			a = answer(name, 1 + arc4random_uniform(3));
			dns_cache_put(c, a, (uint64_t)i);
			dns_answer_free(a);
		} else
			(void)hit(c, name, (uint64_t)i, NULL);
	}
	return NULL;
}

static void
test_threads(void)
{
	struct dns_cache *c = dns_cache_new(100);
	pthread_t t[4];
	int i;

	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, hammer, c);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	ok(dns_cache_size(c) <= 100, "4 threads sharing one cache: cap held");
	dns_cache_free(c);
}

static void
test_config(void)
{
	static const struct {
		const char *ns, *want; /* want NULL: accepted */
	} cases[] = {
		{ "127.0.0.1", NULL },
		{ "127.0.0.1@5353,::1@53", NULL },
		{ " 192.0.2.1 , 2001:db8::53@8053 ", NULL },
		{ "", "Nameservers: empty item in ''" },
		{ "127.0.0.1,", "Nameservers: empty item in '127.0.0.1,'" },
		{ "127.0.0.1@0", "Nameservers: port '0' is too small" },
		{ "127.0.0.1@70000", "Nameservers: port '70000' is too large" },
		{ "127.0.0.1@x", "Nameservers: port 'x' is invalid" },
		{ "ns.example", "Nameservers: bad address 'ns.example'" },
		{ "@53", "Nameservers: bad address '@53'" },
	};
	struct dns_config cfg = { 0 };
	struct dns_resolver *r;
	char err[128];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cfg.nameservers = cases[i].ns;
		err[0] = '\0';
		r = dns_resolver_new(&cfg, err, sizeof(err));
		if (cases[i].want == NULL)
			ok(r != NULL, "Nameservers '%s' is accepted",
			    cases[i].ns);
		else
			is_str(r == NULL ? err : "accepted", cases[i].want,
			    "Nameservers '%s' is refused", cases[i].ns);
		dns_resolver_free(r);
	}
	cfg.nameservers = "127.0.0.1@5353,::1@53";
	r = dns_resolver_new(&cfg, err, sizeof(err));
	ok(r->nservers == 2 && r->timeout_ms == DNS_DEFAULT_TIMEOUT &&
	        r->retries == DNS_DEFAULT_RETRIES &&
	        r->servers[1].addr.ss_family == AF_INET6 &&
	        ntohs(((struct sockaddr_in *)&r->servers[0].addr)->sin_port) ==
	            5353,
	    "two servers, the port, the defaults");
	dns_resolver_free(r);
}

static void
test_resolv(void)
{
	char path[] = "/tmp/dns-cache-resolv.XXXXXX", err[128];
	struct dns_resolver r;
	FILE *fp;
	int fd;

	if ((fd = mkstemp(path)) == -1 || (fp = fdopen(fd, "w")) == NULL)
		bail_out("cannot write a temporary resolv.conf");
	fputs(
	    "# comment\nsearch example\nnameserver 192.0.2.53 # x\n"
	    "nameserver\tbogus\nnameserver 2001:db8::53\nnameservers 1.2.3.4\n",
	    fp);
	fclose(fp);
	memset(&r, 0, sizeof(r));
	ok(dns_conf_resolv(&r, path, err, sizeof(err)) == 0 &&
	        r.nservers == 2 && r.servers[1].addr.ss_family == AF_INET6,
	    "resolv.conf: the two usable nameserver lines");
	unlink(path);
	memset(&r, 0, sizeof(r));
	ok(dns_conf_resolv(&r, path, err, sizeof(err)) == 0 &&
	        r.nservers == 1 && r.servers[0].addr.ss_family == AF_INET,
	    "no resolv.conf: 127.0.0.1");
}

int
main(void)
{
	plan(25);
	test_ttl();
	test_cap();
	test_threads();
	test_config();
	test_resolv();
	return done_testing();
}
