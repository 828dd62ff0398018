/*
 * report_opt.c - authreport's options and config file: see report_opt.h.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "conf/conf.h"
#include "report/report_doc.h"
#include "report/report_opt.h"
#include "report/report_rua.h"

/* arep_usage - print usage and exit EX_USAGE */
static void
report_usage(void)
{
	fprintf(stderr,
	    "usage: authreport [-c FILE] [--store URL] [--org NAME] "
	    "[--email ADDR]\n"
	    "                  [--dir DIR | --sendmail PATH]\n"
	    "                  [--from YYYY-MM-DD] [--to YYYY-MM-DD] "
	    "[--dry-run]\n"
	    "                  [--keep-days N]\n"
	    "       authreport [-c FILE] [--store URL] {--suppress ADDR "
	    "[--reason TEXT] |\n"
	    "                  --unsuppress ADDR | --list-suppressed | "
	    "--bounce}\n");
	exit(EX_USAGE);
}

/* arep_days - the default range: the seven UTC days before today, so a
 * day missed (host down, DNS failure) is caught up; done days are skipped */
static void
opt_days(struct report_opt *o)
{
	time_t now = time(NULL), t;
	struct tm tm;

	t = now - 7 * 86400;
	gmtime_r(&t, &tm);
	strftime(o->dfrom, sizeof(o->dfrom), "%Y-%m-%d", &tm);
	t = now - 86400;
	gmtime_r(&t, &tm);
	strftime(o->dto, sizeof(o->dto), "%Y-%m-%d", &tm);
}

/* arep_args - parse argv into o; exits EX_USAGE on a bad option */
void
report_opt_parse(int argc, char **argv, struct report_opt *o)
{
	static const struct option lo[] = { { "store", 1, NULL, 's' },
		{ "from", 1, NULL, 'f' }, { "to", 1, NULL, 't' },
		{ "org", 1, NULL, 'o' }, { "email", 1, NULL, 'e' },
		{ "dir", 1, NULL, 'd' }, { "sendmail", 1, NULL, 'm' },
		{ "suppress", 1, NULL, 'S' }, { "unsuppress", 1, NULL, 'U' },
		{ "reason", 1, NULL, 'r' }, { "list-suppressed", 0, NULL, 'L' },
		{ "dry-run", 0, NULL, 'n' }, { "config", 1, NULL, 'c' },
		{ "keep-days", 1, NULL, 'k' }, { "bounce", 0, NULL, 'b' },
		{ NULL, 0, NULL, 0 } };
	char *end;
	int c;

	memset(o, 0, sizeof(*o));
	opt_days(o);
	o->keep_days = REPORT_KEEP_DAYS;
	o->sendmail = "/usr/sbin/sendmail";
	o->from = o->dfrom;
	o->to = o->dto;
	while ((c = getopt_long(argc, argv, "c:", lo, NULL)) != -1) {
		switch (c) {
		case 's':
			o->store = optarg;
			break;
		case 'f':
			o->from = optarg;
			break;
		case 't':
			o->to = optarg;
			break;
		case 'o':
			o->org = optarg;
			break;
		case 'e':
			o->email = optarg;
			break;
		case 'd':
			o->dir = optarg;
			break;
		case 'm':
			o->sendmail = optarg;
			break;
		case 'S':
			o->suppress = optarg;
			break;
		case 'U':
			o->unsuppress = optarg;
			break;
		case 'r':
			o->reason = optarg;
			break;
		case 'L':
			o->list = 1;
			break;
		case 'n':
			o->dry_run = 1;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'b':
			o->bounce = 1;
			break;
		case 'k':
			o->keep_days = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' ||
			    o->keep_days < 0 || o->keep_days > 36500)
				report_usage();
			break;
		default:
			report_usage();
		}
	}
	if (optind != argc ||
	    (o->suppress != NULL) + (o->unsuppress != NULL) + o->list +
	            o->bounce >
	        1)
		report_usage();
}

/* report_opt_admin - is this a suppression-list run? */
int
report_opt_admin(const struct report_opt *o)
{
	return o->suppress != NULL || o->unsuppress != NULL || o->list ||
	    o->bounce;
}

/* report_fail - one line for the user; returns code */
int
report_fail(int code, const char *what, const char *why)
{
	fprintf(stderr, "authreport: %s%s%s\n", what, *why != '\0' ? ": " : "",
	    why);
	return code;
}

/* report_opt_config - fill what the command line left out from the config
 * file (read when -c names one, or when something is missing), then
 * check the result; an exit code */
int
report_opt_config(struct report_opt *o)
{
	char err[CONF_ERRLEN];
	int64_t b, e;

	if (o->config != NULL || o->store == NULL ||
	    (!report_opt_admin(o) && (o->org == NULL || o->email == NULL))) {
		if ((o->conf = conf_load(o->config, err, sizeof(err))) == NULL)
			return report_fail(EX_CONFIG, err, "");
		if (o->store == NULL)
			o->store = o->conf->report_store;
		if (o->org == NULL)
			o->org = o->conf->report_org;
		if (o->email == NULL)
			o->email = o->conf->report_email;
	}
	if (o->store == NULL)
		return report_fail(EX_USAGE, "no store",
		    "give --store or ReportStore in the config file");
	if (report_opt_admin(o))
		return EX_OK;
	if (o->org == NULL || o->email == NULL)
		return report_fail(EX_USAGE, "no reporter",
		    "give --org and --email, or ReportOrgName and "
		    "ReportEmail in the config file");
	/* --org goes into the Subject: one line of printable text */
	for (const char *p = o->org; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return report_fail(EX_USAGE, "--org",
			    "control characters are not allowed");
	if (!report_addr_ok(o->email))
		return report_fail(
		    EX_USAGE, o->email, "not a plain local@domain address");
	if (report_day_bounds(o->from, &b, &e) == -1 ||
	    report_day_bounds(o->to, &b, &e) == -1)
		return report_fail(EX_USAGE, "--from/--to", "want YYYY-MM-DD");
	return EX_OK;
}
