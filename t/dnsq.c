/*
 * dnsq.c - a test client for src/dns: looks up NAME/TYPE arguments with one
 * resolver and prints each answer in a fixed format that the shell tests
 * compare. "sleep:MS" between queries pauses; -P starts every query before
 * joining any; -S prints the resolver's counters at the end; -T starts
 * each line with the milliseconds the lookup took; -R polls
 * dns_query_ready() before each join and prints what it said; -B MS joins
 * every lookup within one check budget of MS milliseconds.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "dns/dns.h"
#include "dnsopt.h"

#define DNSQ_MAX 64

static const struct {
	const char *name;
	enum dns_type type;
} types[] = {
	{ "A", DNS_T_A },
	{ "NS", DNS_T_NS },
	{ "CNAME", DNS_T_CNAME },
	{ "SOA", DNS_T_SOA },
	{ "PTR", DNS_T_PTR },
	{ "MX", DNS_T_MX },
	{ "TXT", DNS_T_TXT },
	{ "AAAA", DNS_T_AAAA },
	{ "SPF", DNS_T_SPF },
};

/* type_name - the mnemonic of a type */
static const char *
type_name(enum dns_type t)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].type == t)
			return types[i].name;
	return "?";
}

/* print_text - data as printable text, other octets as \DDD */
static void
print_text(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (isprint((unsigned char)s[i]) && s[i] != '\\')
			putchar(s[i]);
		else
			printf("\\%03u", (unsigned char)s[i]);
	}
}

/* print_rr - one record on its own line */
static void
print_rr(const struct dns_rr *rr)
{
	char buf[INET6_ADDRSTRLEN];

	printf("\t%s ", type_name(rr->type));
	switch (rr->type) {
	case DNS_T_A:
		printf("%s", inet_ntop(AF_INET, &rr->u.a, buf, sizeof(buf)));
		break;
	case DNS_T_AAAA:
		printf(
		    "%s", inet_ntop(AF_INET6, &rr->u.aaaa, buf, sizeof(buf)));
		break;
	case DNS_T_PTR:
	case DNS_T_CNAME:
	case DNS_T_NS:
		printf("%s", rr->u.name);
		break;
	case DNS_T_MX:
		printf("%u %s", rr->u.mx.preference, rr->u.mx.exchange);
		break;
	case DNS_T_TXT:
	case DNS_T_SPF:
		printf(
		    "strings=%zu len=%zu ", rr->u.txt.nstrings, rr->u.txt.len);
		print_text(
		    rr->u.txt.data, rr->u.txt.len > 200 ? 200 : rr->u.txt.len);
		break;
	default:
		break;
	}
	putchar('\n');
}

/* Print how long each lookup took, measured here so that process start-up
 * (a libtool wrapper, a loaded machine) does not count. */
static bool show_ms;
/* Poll dns_query_ready() before joining (-R). */
static bool poll_ready;
/* The budget all joins share (-B), or NULL. */
static struct dns_budget *budget;

/* now_ms - monotonic milliseconds */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* print_answer - the answer's summary line, then its records */
static void
print_answer(const char *arg, const struct dns_answer *a, long long t0)
{
	size_t i;

	if (show_ms)
		printf("ms=%lld ", now_ms() - t0);

	printf("%s %s canonical=%s ttl=%u cache=%d count=%zu detail=\"%s\"\n",
	    arg, dns_status_name(a->status), a->canonical ? a->canonical : "-",
	    (unsigned)a->ttl, a->from_cache ? 1 : 0, a->count, a->detail);
	for (i = 0; i < a->count; i++)
		print_rr(&a->rr[i]);
}

/* start - start the lookup "NAME/TYPE"; NULL for a usage error */
static struct dns_query *
start(struct dns_resolver *r, const char *arg)
{
	char name[1100];
	const char *slash = strrchr(arg, '/');
	size_t i;

	if (slash == NULL || (size_t)(slash - arg) >= sizeof(name))
		return NULL;
	memcpy(name, arg, (size_t)(slash - arg));
	name[slash - arg] = '\0';
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(types[i].name, slash + 1) == 0)
			return dns_query_start(r, name, types[i].type);
	return NULL;
}

/* ready_wait - print whether q is ready at once, then poll it every 5 ms
 * for at most limit_ms and print whether it became ready, and when */
static void
ready_wait(struct dns_query *q, long long t0, unsigned limit_ms)
{
	long long t;
	bool now = dns_query_ready(q), later = now;

	while (!later && now_ms() - t0 < (long long)limit_ms) {
		usleep(5000);
		later = dns_query_ready(q);
	}
	t = now_ms();
	printf("ready start=%d later=%d", now ? 1 : 0, later ? 1 : 0);
	if (show_ms)
		printf(" ms=%lld", t - t0);
	putchar('\n');
}

/* usage - print the synopsis and exit 1 */
static void
usage(void)
{
	fprintf(stderr,
	    "usage: dnsq [-CPRST] [-B budget-ms] [-r retries] [-s nameservers] "
	    "[-t timeout-ms] NAME/TYPE | sleep:MS ...\n");
	exit(1);
}

/* run - look up every argument, in order or all started first (par);
 * limit_ms bounds the -R polling */
static int
run(struct dns_resolver *r, char **argv, int argc, bool par, unsigned limit_ms)
{
	struct dns_query *q[DNSQ_MAX];
	struct dns_answer *a;
	const char *errstr;
	long long ms, t0 = now_ms();
	int i, n = 0;

	for (i = 0; i < argc && i < DNSQ_MAX; i++) {
		if (strncmp(argv[i], "sleep:", 6) == 0) {
			ms = strtonum(argv[i] + 6, 0, 60000, &errstr);
			if (errstr != NULL)
				usage();
			usleep((useconds_t)ms * 1000);
			q[i] = NULL;
			continue;
		}
		if (!par)
			t0 = now_ms();
		if ((q[i] = start(r, argv[i])) == NULL)
			usage();
		n = i + 1;
		if (par)
			continue;
		if (poll_ready)
			ready_wait(q[i], t0, limit_ms);
		a = dns_query_join_within(q[i], budget);
		print_answer(argv[i], a, t0);
		dns_answer_free(a);
	}
	for (i = 0; par && i < n; i++) {
		if (q[i] == NULL)
			continue;
		a = dns_query_join_within(q[i], budget);
		print_answer(argv[i], a, t0);
		dns_answer_free(a);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct dns_config cfg = { 0 };
	struct dns_resolver *r;
	struct dns_stats st;
	struct dns_budget b;
	const char *errstr = NULL;
	char err[256];
	bool par = false, stats = false;
	int ch;

	while ((ch = getopt(argc, argv, "B:CPRSTr:s:t:")) != -1) {
		switch (ch) {
		case 'B':
			dns_budget_init(
			    &b, (unsigned)strtonum(optarg, 1, 60000, &errstr));
			budget = &b;
			break;
		case 'C':
			cfg.cache_disabled = true;
			break;
		case 'P':
			par = true;
			break;
		case 'R':
			poll_ready = true;
			break;
		case 'S':
			stats = true;
			break;
		case 'T':
			show_ms = true;
			break;
		case 'r':
			cfg.retries =
			    (unsigned)strtonum(optarg, 1, 10, &errstr);
			break;
		default:
			if (!dns_test_option(ch, optarg, &cfg, &errstr))
				usage();
		}
		if (errstr != NULL)
			usage();
	}
	if ((r = dns_resolver_new(&cfg, err, sizeof(err))) == NULL) {
		fprintf(stderr, "dnsq: %s\n", err);
		return 78;
	}
	run(r, argv + optind, argc - optind, par,
	    (cfg.timeout_ms ? cfg.timeout_ms : 5000) + 200);
	if (stats) {
		dns_get_stats(r, &st);
		printf("stats queries=%lu hits=%lu misses=%lu timeouts=%lu "
		       "tcp=%lu size=%zu\n",
		    st.queries, st.cache_hits, st.cache_misses, st.timeouts,
		    st.tcp_retries, st.cache_size);
	}
	dns_resolver_free(r);
	return 0;
}
