/*
 * iprevq.c - a test client for src/rdns: runs the iprev check for each
 * address argument against one resolver and prints one line per address,
 * "IP RESULT NAME | FIELD", FIELD being the Authentication-Results value
 * it produced, unfolded. All PTR lookups start before any is finished.
 * -a MS: sleep MS ms, call rdns_check_advance() on each check, and print
 * how many packets the resolver had sent before the first finish.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "authres/authres.h"
#include "dns/dns.h"
#include "dnsopt.h"
#include "rdns/rdns.h"
#include "unfold.h"

#define IPREVQ_MAX 64

/* report - finish one check and print its line; 0 or -1 */
static int
report(const char *ip, struct rdns_check *rc)
{
	struct authres *ar;
	char *field = NULL;
	const char *name, *res;

	if ((ar = authres_new("mx.test.example")) == NULL)
		return -1;
	if (rdns_check_finish(rc, ar) == -1 ||
	    authres_format(ar, 0, &field) != AUTHRES_OK) {
		authres_free(ar);
		return -1;
	}
	unfold(field);
	name = rdns_check_get_name(rc);
	res = authres_result_name(rdns_check_get_result(rc));
	printf(
	    "%s %s %s | %s\n", ip, res ? res : "?", name ? name : "-", field);
	free(field);
	authres_free(ar);
	return 0;
}

int
main(int argc, char **argv)
{
	struct rdns_check *rc[IPREVQ_MAX];
	struct dns_config cfg = { 0 };
	struct dns_resolver *res;
	struct dns_stats st;
	const char *errstr = NULL;
	char err[256];
	long long advance_ms = -1;
	unsigned limit_ms = 0;
	int ch, i, n, status = 0;

	while ((ch = getopt(argc, argv, "a:l:s:t:")) != -1) {
		switch (ch) {
		case 'a':
			advance_ms = strtonum(optarg, 0, 60000, &errstr);
			break;
		case 'l':
			limit_ms =
			    (unsigned)strtonum(optarg, 1, 60000, &errstr);
			break;
		default:
			if (!dns_test_option(ch, optarg, &cfg, &errstr))
				errstr = "unknown option";
		}
		if (errstr != NULL) {
			fprintf(stderr,
			    "usage: iprevq [-a ms] [-l limit-ms] [-s nameservers] "
			    "[-t timeout-ms] IP...\n");
			return 1;
		}
	}
	if ((res = dns_resolver_new(&cfg, err, sizeof(err))) == NULL) {
		fprintf(stderr, "iprevq: %s\n", err);
		return 78;
	}
	n = argc - optind < IPREVQ_MAX ? argc - optind : IPREVQ_MAX;
	for (i = 0; i < n; i++)
		if ((rc[i] = rdns_check_start(
		         res, NULL, argv[optind + i], limit_ms)) == NULL)
			return 1;
	if (advance_ms >= 0) {
		usleep((useconds_t)advance_ms * 1000);
		for (i = 0; i < n; i++)
			if (rdns_check_advance(rc[i]) == -1 ||
			    rdns_check_advance(rc[i]) == -1)
				return 1; /* twice: it must be idempotent */
		dns_get_stats(res, &st);
		printf("queries before finish: %lu\n", st.queries);
	}
	for (i = 0; i < n; i++) {
		if (report(argv[optind + i], rc[i]) == -1) {
			printf("%s could not run\n", argv[optind + i]);
			status = 1;
		}
		rdns_check_free(rc[i]);
	}
	dns_resolver_free(res);
	return status;
}
