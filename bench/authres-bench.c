/*
 * authres-bench.c - parse and format throughput of libauthres on one core.
 * Reads a corpus of Authentication-Results fields in header-block form (a
 * field starts at column 1, continuation lines start with white space),
 * then reports the best of 5 runs of at least 1 s of CPU time each, in
 * fields/s.
 * Parsing is lenient, as a receiving system reading real mail would be.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "authres/authres.h"

#define BENCH_MAX_FIELDS 100000
#define BENCH_MAX_FILE (64 * 1024 * 1024)
#define BENCH_RUNS 5
#define BENCH_MIN_SECONDS 1.0

struct bench_field {
	const char *s;
	size_t len;
};

struct bench_corpus {
	char *data;
	struct bench_field *f;
	size_t n;
	struct authres **ar; /* parsed, for the format runs */
	size_t nar;
};

/* bench_now - seconds of CPU time of this thread: one core's work,
 * unaffected by other processes sharing the machine */
static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* bench_load - read path and split it into fields */
static bool
bench_load(const char *path, struct bench_corpus *c)
{
	FILE *fp;
	size_t len, i, start;

	if ((fp = fopen(path, "rb")) == NULL)
		return false;
	c->data = malloc(BENCH_MAX_FILE + 1);
	c->f = calloc(BENCH_MAX_FIELDS, sizeof(*c->f));
	if (c->data == NULL || c->f == NULL) {
		fclose(fp);
		return false;
	}
	len = fread(c->data, 1, BENCH_MAX_FILE, fp);
	fclose(fp);
	c->data[len] = '\0';
	for (start = 0, i = 0; i <= len; i++) {
		/* a field ends at a LF not followed by white space */
		if (i < len &&
		    !(c->data[i] == '\n' &&
		        (i + 1 == len ||
		            (c->data[i + 1] != ' ' && c->data[i + 1] != '\t'))))
			continue;
		if (i > start && c->n < BENCH_MAX_FIELDS) {
			c->f[c->n].s = c->data + start;
			c->f[c->n].len = i - start;
			c->n++;
		}
		start = i + 1;
	}
	return c->n > 0;
}

/* bench_parse_pass - parse every field once; returns the failures */
static size_t
bench_parse_pass(const struct bench_corpus *c)
{
	struct authres *ar;
	size_t i, failed = 0;

	for (i = 0; i < c->n; i++) {
		if (authres_parse(c->f[i].s, c->f[i].len, AUTHRES_PARSE_LENIENT,
		        &ar, NULL) != AUTHRES_OK)
			failed++;
		authres_free(ar);
	}
	return failed;
}

/* bench_format_pass - format every parsed field once */
static size_t
bench_format_pass(const struct bench_corpus *c)
{
	size_t i, failed = 0;
	char *s;

	for (i = 0; i < c->nar; i++) {
		if (authres_format(c->ar[i], 0, &s) != AUTHRES_OK)
			failed++;
		free(s);
	}
	return failed;
}

/* bench_best - best fields/s of BENCH_RUNS runs of pass() */
static double
bench_best(const struct bench_corpus *c,
    size_t (*pass)(const struct bench_corpus *), size_t per_pass)
{
	double best = 0, t0, el, rate;
	size_t fields;
	int run;

	for (run = 0; run < BENCH_RUNS; run++) {
		fields = 0;
		t0 = bench_now();
		do {
			pass(c);
			fields += per_pass;
			el = bench_now() - t0;
		} while (el < BENCH_MIN_SECONDS);
		rate = (double)fields / el;
		if (rate > best)
			best = rate;
	}
	return best;
}

/* main - load the corpus, run and print both benchmarks */
int
main(int argc, char *argv[])
{
	struct bench_corpus c;
	struct authres *ar;
	size_t i, pfail, ffail;
	double parse, format;

	if (argc != 2) {
		fputs("usage: authres-bench CORPUS\n", stderr);
		return 1;
	}
	memset(&c, 0, sizeof(c));
	if (!bench_load(argv[1], &c)) {
		fprintf(stderr, "authres-bench: cannot load %s\n", argv[1]);
		return 1;
	}
	if ((c.ar = calloc(c.n, sizeof(*c.ar))) == NULL)
		return 1;
	for (i = 0; i < c.n; i++) {
		if (authres_parse(c.f[i].s, c.f[i].len, AUTHRES_PARSE_LENIENT,
		        &ar, NULL) != AUTHRES_OK)
			continue;
		if (authres_get_authserv_id(ar) == NULL)
			authres_set_authserv_id(ar, "unknown.invalid", -1);
		c.ar[c.nar++] = ar;
	}
	pfail = bench_parse_pass(&c);
	ffail = bench_format_pass(&c);
	parse = bench_best(&c, bench_parse_pass, c.n);
	format = bench_best(&c, bench_format_pass, c.nar);
	printf("corpus %zu fields, %zu not parsed (lenient), %zu not "
	       "formatted\n",
	    c.n, pfail, ffail);
	printf("libauthres parse %.0f fields/s\n", parse);
	printf("libauthres format %.0f fields/s\n", format);
	for (i = 0; i < c.nar; i++)
		authres_free(c.ar[i]);
	free(c.ar);
	free(c.f);
	free(c.data);
	return 0;
}
