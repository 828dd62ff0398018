/*
 * dkim-check-file.c - test driver: feed one message file through
 * dkim_check_* the way an MTA would (header fields one by one, the body in
 * chunks of a chosen size, optionally with LF line ends) and print each
 * dkim result on a line: "result [reason="..."] d= i= s= a= b="; with -v
 * also the DNS queries it made and how much body it fed; with -e the d=
 * domains the check names at end of headers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "authres/authres.h"
#include "dkim/dkim_check.h"
#include "dns/dns.h"
#include "util/msgfile.h"

#define MAX_MESSAGE (16 * 1024 * 1024)

struct run {
	size_t chunk;
	bool lf, verbose, domains;
};

/* slurp - the whole file; exits on error (a test driver) */
static char *
slurp(const char *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(MAX_MESSAGE + 1);
	size_t n;

	if (f == NULL || buf == NULL) {
		perror(path);
		exit(2);
	}
	n = fread(buf, 1, MAX_MESSAGE, f);
	fclose(f);
	buf[n] = '\0';
	*lenp = n;
	return buf;
}

/* to_lf - CRLF to LF in place, as some MTAs hand the message over */
static size_t
to_lf(char *buf, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++)
		if (!(buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n'))
			buf[o++] = buf[i];
	buf[o] = '\0';
	return o;
}

/* feed_headers - one dkim_check_header per field; returns the body offset */
static size_t
feed_headers(struct dkim_check *dc, const char *buf, size_t len)
{
	struct msgfile_field f;
	struct msgfile m;
	char *name, *value;

	msgfile_init(&m, buf, len);
	while (msgfile_next_field(&m, &f)) {
		if (msgfile_field_dup(&f, &name, &value) == -1 ||
		    dkim_check_header(dc, name, value) == -1)
			printf("header: could not run\n");
		free(name);
		free(value);
	}
	return msgfile_body(&m);
}

/* print_result - one line per result */
static void
print_result(const struct authres *ar, size_t i)
{
	static const char *props[] = { "d", "i", "s", "a", "b" };
	const char *v;
	size_t j;

	printf("%s", authres_get_result(ar, i));
	if ((v = authres_get_reason(ar, i)) != NULL)
		printf(" reason=\"%s\"", v);
	for (j = 0; j < sizeof(props) / sizeof(props[0]); j++)
		if ((v = authres_lookup_prop(ar, i, "header", props[j])) !=
		    NULL)
			printf(" %s=%s", props[j], v);
	printf("\n");
}

/* check_file - run one message through a fresh dkim_check */
static int
check_file(struct dkim_verifier *v, struct dns_resolver *dns, const char *path,
    const struct run *r)
{
	struct dns_stats st0, st1;
	struct dkim_check *dc = dkim_check_new(v, NULL, "test");
	struct authres *ar = authres_new("test.example");
	size_t len, body, p, n;
	char *buf = slurp(path, &len);
	const char *d;
	size_t i;

	if (dc == NULL || ar == NULL)
		return 2;
	dns_get_stats(dns, &st0);
	if (r->lf)
		len = to_lf(buf, len);
	body = feed_headers(dc, buf, len);
	if (dkim_check_eoh(dc) == -1)
		printf("eoh: could not run\n");
	if (r->domains) { /* what a DMARC check is told at end of headers */
		printf("domains at end of headers:");
		for (i = 0; (d = dkim_check_get_domain(dc, i)) != NULL; i++)
			printf(" %s", d);
		printf("\n");
	}
	for (p = body; p < len && dkim_check_wants_body(dc); p += n) {
		n = len - p < r->chunk ? len - p : r->chunk;
		if (dkim_check_body(dc, (unsigned char *)buf + p, n) == -1)
			printf("body: could not run\n");
	}
	if (dkim_check_eom(dc, ar) == -1)
		printf("eom: could not run\n");
	for (i = 0; i < authres_result_count(ar); i++)
		print_result(ar, i);
	dns_get_stats(dns, &st1);
	if (r->verbose) {
		printf("dns queries %lu\n", st1.queries - st0.queries);
		printf("body fed %zu of %zu\n", p - body, len - body);
	}
	dkim_check_free(dc);
	authres_free(ar);
	free(buf);
	return 0;
}

/* num - a number option or exit */
static long long
num(const char *s, long long max)
{
	const char *err;
	long long n = strtonum(s, 0, max, &err);

	if (err != NULL) {
		fprintf(stderr, "dkim-check-file: %s: %s\n", s, err);
		exit(2);
	}
	return n;
}

int
main(int argc, char **argv)
{
	struct dkim_options opt = { 0 };
	struct dns_config dcfg = { 0 };
	struct run r = { 65536, false, false, false };
	struct dns_resolver *dns;
	struct dkim_verifier *v;
	char err[256];
	int c, rc = 0;

	while ((c = getopt(argc, argv, "1c:d:ek:lm:pt:v")) != -1) {
		switch (c) {
		case '1':
			opt.allow_sha1 = true;
			break;
		case 'c':
			r.chunk = num(optarg, MAX_MESSAGE);
			break;
		case 'd':
			dcfg.nameservers = optarg;
			break;
		case 'k':
			opt.minimum_key_bits = num(optarg, 65536);
			break;
		case 'l':
			r.lf = true;
			break;
		case 'm':
			opt.maximum_signatures = num(optarg, 1000);
			break;
		case 'p':
			opt.allow_partial_body = true;
			break;
		case 't':
			opt.clock_drift = num(optarg, 1LL << 40);
			break;
		case 'v':
			r.verbose = true;
			break;
		case 'e':
			r.domains = true;
			break;
		default:
			fprintf(stderr,
			    "usage: dkim-check-file [-1lpv] [-c chunk] "
			    "[-d addr@port] [-k bits] [-m sigs] [-t drift] file...\n");
			return 2;
		}
	}
	if (r.chunk == 0)
		r.chunk = 1;
	dcfg.timeout_ms = 2000;
	if ((dns = dns_resolver_new(&dcfg, err, sizeof(err))) == NULL ||
	    (v = dkim_verifier_new(dns, &opt, err, sizeof(err))) == NULL) {
		fprintf(stderr, "dkim-check-file: %s\n", err);
		return 2;
	}
	for (c = optind; c < argc; c++)
		rc |= check_file(v, dns, argv[c], &r);
	dkim_verifier_free(v);
	dns_resolver_free(dns);
	return rc;
}
