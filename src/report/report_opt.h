/*
 * report_opt.h - authreport's command line and the settings it takes from
 * authmilter.conf (ReportStore, ReportOrgName, ReportEmail, Nameservers,
 * DNSTimeout, PublicSuffixList): options win over the file.
 */
#ifndef REPORT_OPT_H
#define REPORT_OPT_H

struct conf;
struct report_verifier;

/* REPORT_KEEP_DAYS - the days of data kept by default: past the default
 * range (7) with room for a late run, and RFC 9990's report period */
#define REPORT_KEEP_DAYS 31

/* The options of one run. */
struct report_opt {
	const char *store, *from, *to, *org, *email, *dir, *sendmail;
	const char *suppress, *unsuppress, *reason, *config;
	int list;
	int bounce; /* --bounce: a DSN on stdin feeds the suppression list */
	int dry_run;
	long keep_days; /* --keep-days: older days are deleted; 0: never */
	char dfrom[11], dto[11];
	struct conf *conf;         /* the file read, or NULL */
	struct report_verifier *v; /* mail mode: destination checks */
};

/* report_opt_parse - argv into o; exits EX_USAGE on a bad option */
void report_opt_parse(int argc, char **argv, struct report_opt *o);

/*
 * report_opt_config - fill what the command line left out from the config
 * file and check the result. Returns an exit code (EX_OK to go on); the
 * caller frees o->conf with conf_unref().
 */
int report_opt_config(struct report_opt *o);

/* report_opt_admin - is this a suppression-list run (--bounce too)? */
int report_opt_admin(const struct report_opt *o);

/* report_fail - "authreport: what: why" on stderr; returns code */
int report_fail(int code, const char *what, const char *why);
#endif
