/*
 * dmarcq.c - a test client for src/dmarc: one message whose From fields
 * are the arguments, checked against one resolver, with the SPF and DKIM
 * outcomes given as options. Prints one line, "RESULT policy=P dis=D
 * org=O | FIELD", FIELD being the Authentication-Results value produced,
 * unfolded. -H DOMAIN: an identifier hinted after start. -a MS: sleep MS
 * ms after start, advance, and print how many packets were sent before
 * end of message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "authres/authres.h"
#include "dmarc/dmarc.h"
#include "dns/dns.h"
#include "unfold.h"

#define DMARCQ_MAX_DKIM 32

/* result_code - a result word as enum authres_result */
static enum authres_result
result_code(const char *w, size_t len)
{
	static const char *const names[] = { "none", "pass", "fail", "softfail",
		"neutral", "policy", "temperror", "permerror" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strlen(names[i]) == len && strncmp(names[i], w, len) == 0)
			return (enum authres_result)i;
	return AUTHRES_RESULT_OTHER;
}

/* outcome - "RESULT:DOMAIN" into r and d; -1 when malformed */
static int
outcome(char *arg, enum authres_result *r, const char **d)
{
	char *colon = strchr(arg, ':');

	if (colon == NULL)
		return -1;
	*r = result_code(arg, (size_t)(colon - arg));
	*d = colon + 1;
	return *r == AUTHRES_RESULT_OTHER ? -1 : 0;
}

/* report - end of message and the line */
static int
report(struct dmarc_check *dc, const struct dmarc_inputs *in)
{
	struct authres *ar;
	char *field = NULL;
	const char *org;

	if ((ar = authres_new("mx.test.example")) == NULL)
		return -1;
	if (dmarc_check_eom(dc, in, ar) == -1 ||
	    authres_format(ar, 0, &field) != AUTHRES_OK) {
		authres_free(ar);
		return -1;
	}
	unfold(field);
	org = dmarc_check_get_org_domain(dc);
	printf("%s policy=%s dis=%s org=%s | %s\n",
	    authres_result_name(dmarc_check_get_result(dc)),
	    dmarc_policy_name(dmarc_check_get_policy(dc)),
	    dmarc_policy_name(dmarc_check_get_disposition(dc)), org ? org : "-",
	    field);
	free(field);
	authres_free(ar);
	return 0;
}

/* usage - the synopsis */
static int
usage(void)
{
	fprintf(stderr,
	    "usage: dmarcq [-a ms] [-m treewalk|psl|auto] [-P psl-file] "
	    "[-s nameservers] [-t timeout-ms] [-l limit-ms] "
	    "[-S result:domain] [-D result:domain]... [-H domain]... "
	    "FROM-VALUE...\n");
	return 1;
}

/* options - read the command line into opt, cfg, in and *advance_ms;
 * the index of the first From value, or -1 on a usage error */
static int
options(int argc, char **argv, struct dmarc_options *opt,
    struct dns_config *cfg, struct dmarc_inputs *in,
    struct dmarc_dkim_input *dkim, const char **hints, size_t *nhints,
    long long *advance_ms)
{
	const char *errstr = NULL;
	int ch;

	while ((ch = getopt(argc, argv, "a:D:H:l:m:P:s:S:t:")) != -1) {
		switch (ch) {
		case 'a':
			*advance_ms = strtonum(optarg, 0, 60000, &errstr);
			break;
		case 'D':
			if (in->ndkim == DMARCQ_MAX_DKIM ||
			    outcome(optarg, &dkim[in->ndkim].result,
			        &dkim[in->ndkim].domain) == -1)
				return -1;
			in->ndkim++;
			break;
		case 'H':
			if (*nhints == DMARCQ_MAX_DKIM)
				return -1;
			hints[(*nhints)++] = optarg;
			break;
		case 'l':
			opt->timeout_ms =
			    (unsigned)strtonum(optarg, 1, 60000, &errstr);
			break;
		case 'm':
			opt->mode = strcmp(optarg, "psl") == 0 ? DMARC_MODE_PSL
			    : strcmp(optarg, "auto") == 0      ? DMARC_MODE_AUTO
			                                  : DMARC_MODE_TREEWALK;
			break;
		case 'P':
			opt->psl_path = optarg;
			break;
		case 's':
			cfg->nameservers = optarg;
			break;
		case 'S':
			if (outcome(optarg, &in->spf_result, &in->spf_domain) ==
			    -1)
				return -1;
			break;
		case 't':
			cfg->timeout_ms =
			    (unsigned)strtonum(optarg, 1, 60000, &errstr);
			break;
		default:
			return -1;
		}
		if (errstr != NULL)
			return -1;
	}
	return optind;
}

int
main(int argc, char **argv)
{
	struct dmarc_dkim_input dkim[DMARCQ_MAX_DKIM];
	struct dmarc_inputs in = { AUTHRES_RESULT_NONE, NULL, dkim, 0 };
	struct dmarc_options opt = { DMARC_MODE_TREEWALK, NULL, 0 };
	struct dns_config cfg = { 0 };
	struct dns_resolver *res;
	struct dmarc_verifier *v;
	struct dmarc_check *dc;
	struct dns_group *g;
	struct dns_stats st;
	char err[256];
	long long advance_ms = -1;
	const char *hints[DMARCQ_MAX_DKIM];
	size_t nhints = 0, j;
	int first, i, status;

	if ((first = options(argc, argv, &opt, &cfg, &in, dkim, hints, &nhints,
	         &advance_ms)) == -1)
		return usage();
	if ((res = dns_resolver_new(&cfg, err, sizeof(err))) == NULL ||
	    (v = dmarc_verifier_new(res, &opt, err, sizeof(err))) == NULL) {
		fprintf(stderr, "dmarcq: %s\n", err);
		return 78;
	}
	if ((g = dns_group_new()) == NULL ||
	    (dc = dmarc_check_new(v, g)) == NULL)
		return 1;
	for (i = first; i < argc; i++)
		if (dmarc_check_from(dc, argv[i]) == -1)
			return 1;
	if (dmarc_check_start(dc) == -1)
		return 1;
	for (j = 0; j < nhints; j++)
		if (dmarc_check_identifier(dc, hints[j]) == -1)
			return 1;
	if (advance_ms >= 0) {
		usleep((useconds_t)advance_ms * 1000);
		dmarc_check_advance(dc);
		dmarc_check_advance(dc); /* twice: it must be idempotent */
		dns_get_stats(res, &st);
		printf("queries before eom: %lu\n", st.queries);
	}
	status = report(dc, &in) == -1 ? 1 : 0;
	if (status != 0)
		printf("could not run\n");
	dmarc_check_free(dc);
	dns_group_free(g);
	dmarc_verifier_free(v);
	dns_resolver_free(res);
	return status;
}
