/*
 * authreport.c - build the DMARC aggregate reports (RFC 9990) of the days
 * in range from the report store and write each, gzipped and named as the
 * RFC asks, into a folder; marks dmarc_sent so a second run does nothing.
 * One run at a time per store: the dmarc_lock row "authreport".
 * Without --dir each report is mailed to the policy's rua= addresses.
 * Addresses in dmarc_suppress (or whose domain is) get nothing.
 */
#define _GNU_SOURCE /* strptime, timegm, open_memstream */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "report/report_doc.h"
#include "report/report_gzip.h"
#include "report/report_mime.h"
#include "report/report_query.h"
#include "report/report_store.h"
#include "report/report_record.h"
#include "report/report_rua.h"
#include "report/report_sendmail.h"
#include "report/report_xml.h"

/* The options of one run. */
struct arep_opt {
	const char *store, *from, *to, *org, *email, *dir, *sendmail;
	const char *suppress, *unsuppress, *reason;
	int list;
	int dry_run;
	char dfrom[11], dto[11];
};

/* arep_usage - print usage and exit EX_USAGE */
static void
arep_usage(void)
{
	fprintf(stderr,
	    "usage: authreport --store URL --org NAME --email ADDR\n"
	    "                  [--dir DIR | --sendmail PATH]\n"
	    "                  [--from YYYY-MM-DD] [--to YYYY-MM-DD] "
	    "[--dry-run]\n");
	exit(EX_USAGE);
}

/* arep_write - gzip buf into DIR/name; -1 on error */
static int
arep_write(
    const struct arep_opt *o, const char *name, const char *buf, size_t blen)
{
	unsigned char *gz = NULL;
	size_t gzlen;
	char path[4096];
	FILE *f;
	int r = -1;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", o->dir, name) >=
	        sizeof(path) ||
	    report_gzip(buf, blen, &gz, &gzlen) == -1)
		goto out;
	if ((f = fopen(path, "wbx")) == NULL)
		goto out;
	r = fwrite(gz, 1, gzlen, f) == gzlen ? 0 : -1;
	if (fclose(f) != 0)
		r = -1;
out:
	free(gz);
	return r;
}

/* arep_to - the usable rua addresses of pd into to[]; their count */
static size_t
arep_to(struct report_store *rs, const struct arep_opt *o,
    const struct report_pending *pd, size_t gzlen, struct report_rua *to)
{
	struct report_rua all[REPORT_RUA_MAX];
	size_t i, n, k = 0;

	n = report_rua_parse(pd->rua, all, REPORT_RUA_MAX);
	for (i = 0; i < n; i++) {
		/* never to ourselves (report loops), never over its limit */
		if (!report_addr_ok(all[i].addr) ||
		    strcasecmp(all[i].addr, o->email) == 0 ||
		    report_query_suppressed(rs, all[i].addr) ||
		    (all[i].limit != 0 && gzlen > all[i].limit))
			continue;
		to[k++] = all[i];
	}
	return k;
}

/* arep_mail - mail the gzipped report; 0, or -1 with detail set */
static int
arep_mail(struct report_store *rs, const struct arep_opt *o,
    const struct report_pending *pd, const char *id, const char *name,
    const char *buf, size_t blen, char *detail, size_t dlen)
{
	struct report_rua to[REPORT_RUA_MAX];
	struct report_mail m;
	char probe[300];
	int r;

	memset(&m, 0, sizeof(m));
	snprintf(probe, sizeof(probe), "x@%s", pd->domain);
	if (!report_addr_ok(probe)) {
		strlcpy(detail, "policy domain not header-safe", dlen);
		return -1;
	}
	if (report_gzip(buf, blen, (unsigned char **)&m.gz, &m.gzlen) == -1) {
		strlcpy(detail, "gzip failed", dlen);
		return -1;
	}
	m.sendmail = o->sendmail;
	m.from = o->email;
	m.domain = pd->domain;
	m.org = o->org;
	m.id = id;
	m.filename = name;
	m.to = to;
	if ((m.nto = arep_to(rs, o, pd, m.gzlen, to)) == 0) {
		strlcpy(detail, "no usable rua address", dlen);
		free((void *)m.gz);
		return -1;
	}
	r = report_sendmail(&m, detail, dlen);
	if (r == 0)
		snprintf(detail, dlen, "%s", to[0].addr);
	free((void *)m.gz);
	return r;
}

/* arep_receiver - the domain of the reporter's email, for file names */
static const char *
arep_receiver(const struct arep_opt *o)
{
	const char *at = strrchr(o->email, '@');

	return at != NULL ? at + 1 : o->email;
}

/* arep_one - build pd's report and write it; 0 done, -1 failed */
static int
arep_one(struct report_store *rs, const struct arep_opt *o,
    const struct report_pending *pd)
{
	struct report_doc_meta meta;
	char id[64], name[1024], err[256], detail[300];
	char *buf = NULL;
	size_t blen = 0;
	FILE *f;
	int64_t b, e;
	int r;

	snprintf(
	    id, sizeof(id), "%" PRIx64 ".%s", (uint64_t)time(NULL), pd->day);
	if (report_day_bounds(pd->day, &b, &e) == -1 ||
	    report_filename(name, sizeof(name), arep_receiver(o), pd->domain, b,
	        e, NULL) == -1) {
		fprintf(stderr, "authreport: %s %s: no valid file name\n",
		    pd->day, pd->domain);
		return -1;
	}
	if (o->dry_run) {
		printf(
		    "would %s %s\n", o->dir != NULL ? "write" : "mail", name);
		return 0;
	}
	meta.org = o->org;
	meta.email = o->email;
	meta.id = id;
	if ((f = open_memstream(&buf, &blen)) == NULL)
		return -1;
	r = report_doc_write(f, rs, &meta, pd, err, sizeof(err));
	if (fclose(f) != 0)
		r = -1;
	strlcpy(detail, "cannot build the report", sizeof(detail));
	if (r == 0 && o->dir != NULL) {
		r = arep_write(o, name, buf, blen);
		strlcpy(detail, r == 0 ? name : "write error", sizeof(detail));
	} else if (r == 0)
		r = arep_mail(
		    rs, o, pd, id, name, buf, blen, detail, sizeof(detail));
	free(buf);
	if (report_query_mark(rs, pd->day, pd->domain, id,
	        r != 0               ? "failed"
	            : o->dir != NULL ? "written"
	                             : "sent",
	        detail, err, sizeof(err)) == -1) {
		fprintf(stderr, "authreport: %s\n", err);
		return -1;
	}
	return r;
}

/* arep_yesterday - the previous UTC day into both dfrom and dto */
static void
arep_yesterday(struct arep_opt *o)
{
	time_t t = time(NULL) - 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(o->dfrom, sizeof(o->dfrom), "%Y-%m-%d", &tm);
	strlcpy(o->dto, o->dfrom, sizeof(o->dto));
}

/* arep_args - parse argv into o; exits EX_USAGE on a bad option */
static void
arep_args(int argc, char **argv, struct arep_opt *o)
{
	static const struct option lo[] = { { "store", 1, NULL, 's' },
		{ "from", 1, NULL, 'f' }, { "to", 1, NULL, 't' },
		{ "org", 1, NULL, 'o' }, { "email", 1, NULL, 'e' },
		{ "dir", 1, NULL, 'd' }, { "sendmail", 1, NULL, 'm' },
		{ "suppress", 1, NULL, 'S' }, { "unsuppress", 1, NULL, 'U' },
		{ "reason", 1, NULL, 'r' }, { "list-suppressed", 0, NULL, 'L' },
		{ "dry-run", 0, NULL, 'n' }, { NULL, 0, NULL, 0 } };
	int64_t b, e;
	int c;

	memset(o, 0, sizeof(*o));
	arep_yesterday(o);
	o->sendmail = "/usr/sbin/sendmail";
	o->from = o->dfrom;
	o->to = o->dto;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
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
		default:
			arep_usage();
		}
	}
	if (optind == argc && o->store != NULL &&
	    (o->suppress != NULL) + (o->unsuppress != NULL) + o->list == 1)
		return;
	/* --org goes into the Subject: one line of printable text */
	for (const char *p = o->org; p != NULL && *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			arep_usage();
	if (optind != argc || o->store == NULL || o->org == NULL ||
	    o->email == NULL || !report_addr_ok(o->email) ||
	    report_day_bounds(o->from, &b, &e) == -1 ||
	    report_day_bounds(o->to, &b, &e) == -1)
		arep_usage();
}

/* arep_lock - take the store's lock as hostname:pid; an exit code */
static int
arep_lock(struct report_store *rs, char *holder, size_t cap)
{
	char host[256], err[256];
	int r;

	if (gethostname(host, sizeof(host)) == -1)
		strlcpy(host, "unknown", sizeof(host));
	host[sizeof(host) - 1] = '\0';
	snprintf(holder, cap, "%s:%ld", host, (long)getpid());
	if ((r = report_query_lock(rs, holder, err, sizeof(err))) == -1) {
		fprintf(stderr, "authreport: %s\n", err);
		return EX_SOFTWARE;
	}
	if (r == 1) {
		fprintf(stderr,
		    "authreport: another authreport holds the "
		    "store's lock (dmarc_lock, less than an hour "
		    "old); try later\n");
		return EX_TEMPFAIL;
	}
	return EX_OK;
}

/* arep_admin - --suppress, --unsuppress or --list-suppressed; exit code */
static int
arep_admin(struct report_store *rs, const struct arep_opt *o)
{
	char err[256];
	int r;

	if (o->list)
		r = report_query_list_suppressed(rs, err, sizeof(err));
	else if (o->suppress != NULL)
		r = report_query_suppress(rs, o->suppress,
		    o->reason != NULL ? o->reason : "", err, sizeof(err));
	else
		r = report_query_suppress(
		    rs, o->unsuppress, NULL, err, sizeof(err));
	if (r == -1)
		fprintf(stderr, "authreport: %s\n", err);
	report_store_close(rs);
	return r == -1 ? EX_SOFTWARE : EX_OK;
}

/* main - write every pending report in range, then one summary line */
int
main(int argc, char **argv)
{
	struct arep_opt o;
	struct report_store *rs;
	struct report_pending *pd;
	size_t i, n, done = 0, failed = 0;
	char err[256], holder[300];
	int lk;

	arep_args(argc, argv, &o);
	if ((rs = report_store_open(o.store, err, sizeof(err))) == NULL) {
		fprintf(stderr, "authreport: %s\n", err);
		return EX_UNAVAILABLE;
	}
	if (o.suppress != NULL || o.unsuppress != NULL || o.list)
		return arep_admin(rs, &o);
	if ((lk = arep_lock(rs, holder, sizeof(holder))) != EX_OK) {
		report_store_close(rs);
		return lk;
	}
	if (report_query_pending(rs, o.from, o.to, &pd, &n, err, sizeof(err)) ==
	    -1) {
		fprintf(stderr, "authreport: %s\n", err);
		report_query_unlock(rs, holder, err, sizeof(err));
		report_store_close(rs);
		return EX_SOFTWARE;
	}
	for (i = 0; i < n; i++) {
		if (arep_one(rs, &o, &pd[i]) == 0)
			done++;
		else
			failed++;
	}
	free(pd);
	if (report_query_unlock(rs, holder, err, sizeof(err)) == -1)
		fprintf(stderr, "authreport: %s\n", err);
	report_store_close(rs);
	fprintf(stderr, "authreport: %s..%s: %zu report(s) %s, %zu failed\n",
	    o.from, o.to, done,
	    o.dry_run           ? "would be done"
	        : o.dir != NULL ? "written"
	                        : "sent",
	    failed);
	return failed != 0 ? EX_IOERR : EX_OK;
}
