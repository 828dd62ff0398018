/*
 * spf-suite.c - run one scenario of the OpenSPF test suite (written by
 * t/spf-suite-zones.py) through spf_check against the DNS server given.
 * Prints one TAP line per test, unnumbered (t/spf-suite.sh numbers them):
 * "ok - <scenario>/<test>", failures with got/want, skips with a reason,
 * known divergences listed in the TODO file as "# TODO known divergence".
 *
 * usage: spf-suite ADDR@PORT TESTS SCENARIO [TODO-FILE]
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authres/authres.h"
#include "dns/dns.h"
#include "spf/spf_check.h"

#define NFIELDS 7

/* unescape - undo the \xNN escapes of the tests file, in place */
static void
unescape(char *s)
{
	char *d = s;
	unsigned v;

	while (*s != '\0') {
		if (s[0] == '\\' && s[1] == 'x' &&
		    sscanf(s + 2, "%2x", &v) == 1) {
			*d++ = (char)v;
			s += 4;
		} else
			*d++ = *s++;
	}
	*d = '\0';
}

/* todo_reason - the reason a test is a known divergence, or NULL */
static const char *
todo_reason(const char *todo, const char *name, char *buf, size_t bufsz)
{
	FILE *f;
	char line[1024];
	size_t n = strlen(name);

	if (todo == NULL || (f = fopen(todo, "r")) == NULL)
		return NULL;
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, name, n) == 0 && line[n] == '\t') {
			snprintf(buf, bufsz, "%s", line + n + 1);
			fclose(f);
			return buf;
		}
	}
	fclose(f);
	return NULL;
}

/* result_in - is got one of the comma-separated results in want? */
static bool
result_in(const char *got, const char *want)
{
	size_t n = strlen(got);
	const char *p = want;

	while (*p != '\0') {
		if (strncmp(p, got, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
		p = strchr(p, ',');
		if (p == NULL)
			break;
		p++;
	}
	return false;
}

/* run_one - one test: f holds name, host, helo, mailfrom, results,
 * explanation, skip reason; returns true when it passed */
static bool
run_one(struct spf_verifier *v, char **f, const char *scen, const char *todo)
{
	char name[600], why[300], tbuf[300];
	const char *got, *exp, *reason, *td;
	struct spf_check *sc;
	struct authres *ar;
	bool pass;

	snprintf(name, sizeof(name), "%s/%s", scen, f[0]);
	if (f[6][0] != '\0') {
		printf("ok - %s # SKIP %s\n", name, f[6]);
		return true;
	}
	if ((sc = spf_check_new(v, NULL, f[1])) == NULL ||
	    (ar = authres_new("suite.example")) == NULL) {
		printf("not ok - %s\n# could not set up\n", name);
		exit(1);
	}
	spf_check_start_helo(sc, f[2]);
	spf_check_start_mailfrom(sc, f[3], false);
	if (spf_check_mailfrom(sc, ar) != 0) {
		printf("not ok - %s\n# spf_check_mailfrom failed\n", name);
		exit(1);
	}
	got = authres_result_name(spf_check_get_result_mailfrom(sc));
	reason = authres_get_reason(ar, 0);
	exp = spf_check_get_explanation(sc);
	pass = result_in(got, f[4]);
	snprintf(why, sizeof(why), "got %s (%s), want %s", got,
	    reason ? reason : "-", f[4]);
	/* "DEFAULT": no exp= text applies, the receiver's own is used */
	if (pass && strcmp(f[5], "DEFAULT") == 0 && exp != NULL) {
		pass = false;
		snprintf(
		    why, sizeof(why), "got explanation \"%s\", want none", exp);
	} else if (pass && f[5][0] != '\0' && strcmp(f[5], "DEFAULT") &&
	    (exp == NULL || strcmp(exp, f[5]))) {
		pass = false;
		snprintf(why, sizeof(why),
		    "got explanation \"%s\", want \"%s\"", exp ? exp : "(none)",
		    f[5]);
	}
	td = pass ? NULL : todo_reason(todo, name, tbuf, sizeof(tbuf));
	if (td != NULL)
		printf("not ok - %s # TODO known divergence: %s\n", name, td);
	else
		printf("%sok - %s\n", pass ? "" : "not ", name);
	if (!pass)
		printf("# %s\n", why);
	authres_free(ar);
	spf_check_free(sc);
	return pass;
}

int
main(int argc, char **argv)
{
	struct dns_config cfg = { 0 };
	struct dns_resolver *dns;
	struct spf_verifier *v;
	struct spf_options opt = { "receiver.example", 0 };
	char err[256], line[4096], *f[NFIELDS], *p;
	FILE *in;
	int i, n = 0, passed = 0;

	if (argc < 4) {
		fprintf(stderr,
		    "usage: spf-suite ADDR@PORT TESTS SCENARIO "
		    "[TODO]\n");
		return 2;
	}
	cfg.nameservers = argv[1];
	cfg.timeout_ms = 3000;
	if ((dns = dns_resolver_new(&cfg, err, sizeof(err))) == NULL ||
	    (v = spf_verifier_new(dns, &opt, err, sizeof(err))) == NULL) {
		fprintf(stderr, "spf-suite: %s\n", err);
		return 2;
	}
	if ((in = fopen(argv[2], "r")) == NULL) {
		perror(argv[2]);
		return 2;
	}
	while (fgets(line, sizeof(line), in) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		p = line;
		for (i = 0; i < NFIELDS; i++) {
			f[i] = strsep(&p, "\t");
			if (f[i] == NULL)
				f[i] = (char *)"";
			unescape(f[i]);
		}
		n++;
		passed += run_one(v, f, argv[3], argc > 4 ? argv[4] : NULL);
	}
	fclose(in);
	printf("# %s: %d/%d pass\n", argv[3], passed, n);
	spf_verifier_free(v);
	dns_resolver_free(dns);
	return 0;
}
