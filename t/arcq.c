/*
 * arcq.c - a test client for src/arc: each message file named is fed
 * through one arc check (header fields, end of headers, the body in
 * chunks of -c octets) against one resolver and verifier, and one line
 * is printed per file: "FILE RESULT oldest=N dns=0|1 n=N | FIELD",
 * FIELD being the Authentication-Results value, unfolded. -r R: run the
 * whole list R times (the key cache then answers), for timing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arc/arc.h"
#include "authres/authres.h"
#include "dns/dns.h"
#include "unfold.h"
#include "util/msgfile.h"

#define ARCQ_FILE_MAX (8 * 1024 * 1024)

/* slurp - a whole file into *buf (caller frees); its length or -1 */
static long
slurp(const char *path, char **buf)
{
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (fp == NULL || (*buf = malloc(ARCQ_FILE_MAX)) == NULL) {
		if (fp != NULL)
			fclose(fp);
		return -1;
	}
	n = fread(*buf, 1, ARCQ_FILE_MAX, fp);
	fclose(fp);
	return (long)n;
}

/* feed - the message in buf through ck */
static int
feed(struct arc_check *ck, const char *buf, size_t len, size_t chunk)
{
	struct msgfile mf;
	struct msgfile_field f;
	char *name, *value;
	size_t pos, n;
	int rc;

	msgfile_init(&mf, buf, len);
	while (msgfile_next_field(&mf, &f)) {
		if (msgfile_field_dup(&f, &name, &value) == -1)
			return -1;
		rc = arc_check_header(ck, name, value);
		free(name);
		free(value);
		if (rc == -1)
			return -1;
	}
	if (arc_check_eoh(ck) == -1)
		return -1;
	for (pos = msgfile_body(&mf); pos < len && arc_check_wants_body(ck);
	     pos += n) {
		n = len - pos < chunk ? len - pos : chunk;
		if (arc_check_body(ck, (const unsigned char *)buf + pos, n) ==
		    -1)
			return -1;
	}
	return 0;
}

/* The sealer of -K/-D/-S (with -H h= and -T t=; -A the AAR's A-R value):
 * after the check, print our set's three values on lines of their own. */
static struct {
	struct arc_sealer *sl;
	const char *ar;
	long long t;
} seal;

/* print_seal - our set over ck, or why not */
static void
print_seal(const struct arc_check *ck)
{
	struct arc_seal_fields f;
	const char *why;

	if (arc_check_seal(ck, seal.sl, seal.ar, seal.t, &f, &why) == -1) {
		printf("NOSEAL %s\n", why);
		return;
	}
	printf("AAR %s\nAMS %s\nAS %s\n", f.aar, f.ams, f.as);
	arc_seal_fields_free(&f);
}

/* one - check one file and print its line */
static int
one(struct arc_verifier *v, struct dns_group *g, const char *path, size_t chunk,
    const char *ip)
{
	static const char *const words[] = { "none", "pass", "fail" };
	struct arc_check *ck;
	struct authres *ar = NULL;
	char *buf = NULL, *field = NULL;
	long len;
	int rc = -1;

	if ((len = slurp(path, &buf)) < 0 ||
	    (ck = arc_check_new(v, g, NULL)) == NULL) {
		free(buf);
		return -1;
	}
	if (feed(ck, buf, (size_t)len, chunk) == 0 &&
	    (ar = authres_new("mx.test.example")) != NULL &&
	    arc_check_eom(ck, ip, ar) == 0 &&
	    authres_format(ar, 0, &field) == AUTHRES_OK) {
		unfold(field);
		printf("%s %s oldest=%d dns=%d n=%u | %s\n", path,
		    words[arc_check_get_chain(ck)],
		    arc_check_get_oldest_pass(ck), arc_check_dns_failed(ck),
		    arc_check_get_instances(ck), field);
		if (seal.sl != NULL)
			print_seal(ck);
		rc = 0;
	}
	free(field);
	authres_free(ar);
	arc_check_free(ck);
	free(buf);
	return rc;
}

int
main(int argc, char **argv)
{
	struct arc_options opt = { 0 };
	struct dns_config cfg = { 0 };
	struct dns_resolver *res;
	struct arc_verifier *v;
	struct dns_group *g;
	const char *errstr = NULL, *ip = NULL, *key = NULL, *dom = NULL;
	const char *sel = NULL, *hl = NULL;
	char err[256];
	long long chunk = 4096, rounds = 1, r;
	int ch, i, status = 0;

	while ((ch = getopt(argc, argv, "A:c:D:H:i:K:l:r:s:S:t:T:")) != -1) {
		switch (ch) {
		case 'A':
			seal.ar = optarg;
			break;
		case 'D':
			dom = optarg;
			break;
		case 'H':
			hl = optarg;
			break;
		case 'K':
			key = optarg;
			break;
		case 'S':
			sel = optarg;
			break;
		case 'T':
			seal.t = strtonum(optarg, 0, 1LL << 40, &errstr);
			break;
		case 'c':
			chunk = strtonum(optarg, 1, 1 << 20, &errstr);
			break;
		case 'i':
			ip = optarg;
			break;
		case 'l':
			opt.timeout_ms =
			    (unsigned)strtonum(optarg, 1, 60000, &errstr);
			break;
		case 'r':
			rounds = strtonum(optarg, 1, 1000000, &errstr);
			break;
		case 's':
			cfg.nameservers = optarg;
			break;
		case 't':
			cfg.timeout_ms =
			    (unsigned)strtonum(optarg, 1, 60000, &errstr);
			break;
		default:
			errstr = "usage";
		}
		if (errstr != NULL) {
			fprintf(stderr,
			    "usage: arcq [-c chunk] [-i ip] [-l "
			    "limit-ms] [-r rounds] [-s nameservers] "
			    "[-t timeout-ms] [-K key -D domain -S selector -A "
			    "ar-value [-H h-list] [-T t]] FILE...\n");
			return 1;
		}
	}
	opt.seal = key != NULL;
	if (key != NULL &&
	    (dom == NULL || sel == NULL || seal.ar == NULL ||
	        (seal.sl = arc_sealer_new(key, dom, sel, err, sizeof(err))) ==
	            NULL ||
	        (hl != NULL && arc_sealer_set_headers(seal.sl, hl) == -1))) {
		fprintf(stderr, "arcq: sealer: %s\n",
		    seal.sl == NULL ? err : "bad -H");
		return 78;
	}
	if ((res = dns_resolver_new(&cfg, err, sizeof(err))) == NULL ||
	    (v = arc_verifier_new(res, &opt, err, sizeof(err))) == NULL) {
		fprintf(stderr, "arcq: %s\n", err);
		return 78;
	}
	if ((g = dns_group_new()) == NULL)
		return 1;
	for (r = 0; r < rounds; r++)
		for (i = optind; i < argc; i++)
			if (one(v, g, argv[i], (size_t)chunk, ip) == -1) {
				printf("%s could not run\n", argv[i]);
				status = 1;
			}
	dns_group_free(g);
	arc_verifier_free(v);
	arc_sealer_free(seal.sl);
	dns_resolver_free(res);
	return status;
}
