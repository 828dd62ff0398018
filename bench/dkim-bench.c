/*
 * dkim-bench.c - DKIM verifications per second through dkim_check_*: each
 * message file is verified once to warm the resolver cache, then again and
 * again for the given time; prints "FILE: N verifications in S s = R/s".
 * Fails (exit 1) if a verification does not pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "authres/authres.h"
#include "dkim/dkim_check.h"
#include "dns/dns.h"
#include "util/msgfile.h"

#define MAX_MESSAGE (16 * 1024 * 1024)

/* now - monotonic seconds */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* feed_headers - header fields of buf; body offset */
static size_t
feed_headers(struct dkim_check *dc, const char *buf, size_t len)
{
	struct msgfile_field f;
	struct msgfile m;
	char *name, *value;

	msgfile_init(&m, buf, len);
	while (msgfile_next_field(&m, &f) &&
	    msgfile_field_dup(&f, &name, &value) == 0) {
		(void)dkim_check_header(dc, name, value);
		free(name);
		free(value);
	}
	return msgfile_body(&m);
}

/* verify_once - true when every result is pass */
static bool
verify_once(struct dkim_verifier *v, char *buf, size_t len)
{
	struct dkim_check *dc = dkim_check_new(v, NULL, "bench");
	struct authres *ar = authres_new("bench.example");
	size_t p, n, i;
	bool pass = dc != NULL && ar != NULL;

	if (pass) {
		p = feed_headers(dc, buf, len);
		(void)dkim_check_eoh(dc);
		for (; p < len && dkim_check_wants_body(dc); p += n) {
			n = len - p < 65536 ? len - p : 65536;
			(void)dkim_check_body(dc, (unsigned char *)buf + p, n);
		}
		pass =
		    dkim_check_eom(dc, ar) == 0 && authres_result_count(ar) > 0;
		for (i = 0; pass && i < authres_result_count(ar); i++)
			pass = authres_get_result_code(ar, i) ==
			    AUTHRES_RESULT_PASS;
	}
	dkim_check_free(dc);
	authres_free(ar);
	return pass;
}

/* bench_file - verify path repeatedly for secs seconds */
static int
bench_file(struct dkim_verifier *v, const char *path, double secs)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(MAX_MESSAGE);
	size_t len;
	unsigned long count = 0;
	double t0, t;

	if (f == NULL || buf == NULL) {
		perror(path);
		return 1;
	}
	len = fread(buf, 1, MAX_MESSAGE, f);
	fclose(f);
	if (!verify_once(v, buf, len)) {
		fprintf(stderr, "%s: does not pass\n", path);
		free(buf);
		return 1;
	}
	t0 = now();
	do {
		if (!verify_once(v, buf, len)) {
			fprintf(stderr, "%s: failed during the run\n", path);
			free(buf);
			return 1;
		}
		count++;
	} while ((t = now() - t0) < secs);
	printf("%s: %zu octets: %lu verifications in %.2f s = %.0f/s\n", path,
	    len, count, t, count / t);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	struct dns_config dcfg = { 0 };
	struct dkim_options opt = { 0 };
	struct dns_resolver *dns;
	struct dkim_verifier *v;
	struct dns_stats st;
	double secs = 3;
	char err[256];
	int c, rc = 0;

	while ((c = getopt(argc, argv, "d:s:")) != -1) {
		switch (c) {
		case 'd':
			dcfg.nameservers = optarg;
			break;
		case 's':
			secs = strtod(optarg, NULL);
			break;
		default:
			fprintf(stderr,
			    "usage: dkim-bench [-d addr@port] "
			    "[-s seconds] file...\n");
			return 2;
		}
	}
	if ((dns = dns_resolver_new(&dcfg, err, sizeof(err))) == NULL ||
	    (v = dkim_verifier_new(dns, &opt, err, sizeof(err))) == NULL) {
		fprintf(stderr, "dkim-bench: %s\n", err);
		return 2;
	}
	for (c = optind; c < argc; c++)
		rc |= bench_file(v, argv[c], secs);
	dns_get_stats(dns, &st);
	printf("resolver: %lu queries, %lu cache hits, %lu misses\n",
	    st.queries, st.cache_hits, st.cache_misses);
	dkim_verifier_free(v);
	dns_resolver_free(dns);
	return rc;
}
