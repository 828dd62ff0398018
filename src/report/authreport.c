/*
 * authreport.c - build the DMARC aggregate reports (RFC 9990) of the days
 * in range from the report store and write each, gzipped and named as the
 * RFC asks, into a folder; marks dmarc_sent so a second run does nothing.
 * One run at a time per store: the dmarc_lock row "authreport".
 * Without --dir each report is mailed to the policy's rua= addresses
 * that report_dest.h lets through (suppression, loops, external
 * destination verification). The store, org_name and email come from
 * authmilter.conf (ReportStore, ReportOrgName, ReportEmail) unless given.
 */
#define _GNU_SOURCE /* strptime, timegm, open_memstream */
#include <sys/random.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "conf/conf.h"
#include "config.h"
#include "dns/dns.h"
#include "report/report_bounce.h"
#include "report/report_dest.h"
#include "report/report_doc.h"
#include "report/report_gzip.h"
#include "report/report_mime.h"
#include "report/report_opt.h"
#include "report/report_query.h"
#include "report/report_store.h"
#include "report/report_record.h"
#include "report/report_rua.h"
#include "report/report_sendmail.h"
#include "report/report_verify.h"

/* AREP_BOUNCE_READ - the bytes of a DSN read: its fields come first */
#define AREP_BOUNCE_READ (1024 * 1024)

/* What became of one pending report. */
enum arep_outcome {
	AREP_DONE,     /* written or sent */
	AREP_SKIPPED,  /* nowhere to send it: marked with the reason */
	AREP_DEFERRED, /* the DNS could not tell: left for the next run */
	AREP_FAILED
};

/* arep_write - the gzip member gz into DIR/name, never over a file */
static int
arep_write(
    const struct report_opt *o, const char *name, const struct report_gz *gz)
{
	char path[4096];
	FILE *f;
	int r;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", o->dir, name) >=
	        sizeof(path) ||
	    (f = fopen(path, "wbx")) == NULL)
		return -1;
	r = fwrite(gz->buf, 1, gz->len, f) == gz->len ? 0 : -1;
	if (fclose(f) != 0)
		r = -1;
	return r;
}

/* arep_mail - mail the gzipped report to the addresses in to[] */
static enum arep_outcome
arep_mail(const struct report_opt *o, const struct report_pending *pd,
    const char *id, const char *name, const struct report_gz *gz,
    struct report_rua *to, size_t nto, char *detail, size_t dlen)
{
	struct report_mail m;
	size_t size;
	enum arep_outcome r = AREP_FAILED;

	memset(&m, 0, sizeof(m));
	m.gz = gz->buf;
	m.gzlen = gz->len;
	m.sendmail = o->sendmail;
	m.from = o->email;
	m.domain = pd->domain;
	m.org = o->org;
	m.id = id;
	m.filename = name;
	m.to = to;
	m.nto = nto;
	/* "!size" bounds the mail as it travels, not just the gzip file */
	if (report_mail_size(&m, &size) == -1) {
		strlcpy(detail, "cannot build the message", dlen);
	} else if (report_dest_limit(to, &m.nto, size, detail, dlen) !=
	    REPORT_TO_OK) {
		r = AREP_FAILED; /* it had addresses and did not go out */
	} else if (report_sendmail(&m, detail, dlen) == 0) {
		/* every address: a bounce is checked against them */
		report_dest_list(to, m.nto, detail, dlen);
		r = AREP_DONE;
	}
	return r;
}

/* arep_dest - mail mode: where pd goes; AREP_DONE with *nto > 0, or the
 * outcome when it goes nowhere (detail says why) */
static enum arep_outcome
arep_dest(struct report_store *rs, const struct report_opt *o,
    const struct report_pending *pd, struct report_rua *to, size_t *nto,
    enum report_to_status *st, char *detail, size_t dlen)
{
	struct report_dest_in in = { rs, o->v, pd->rua, pd->domain, o->email };
	char probe[300];

	snprintf(probe, sizeof(probe), "x@%s", pd->domain);
	if (!report_addr_ok(probe)) {
		strlcpy(detail, "policy domain not header-safe", dlen);
		*st = REPORT_TO_FAILED;
		return AREP_FAILED;
	}
	*st = report_dest_pick(&in, to, nto, detail, dlen);
	switch (*st) {
	case REPORT_TO_OK:
		return AREP_DONE;
	case REPORT_TO_TEMPFAIL:
		return AREP_DEFERRED;
	case REPORT_TO_FAILED:
		return AREP_FAILED;
	default:
		return AREP_SKIPPED;
	}
}

/* arep_receiver - the domain of the reporter's email, for file names */
static const char *
arep_receiver(const struct report_opt *o)
{
	const char *at = strrchr(o->email, '@');

	return at != NULL ? at + 1 : o->email;
}

/* arep_report_id - a report_id, also the local part of the Message-ID:
 * unique per report, so two domains' reports of one run are never taken
 * for the same message (time, day and 64 random bits) */
static void
arep_report_id(char *id, size_t len, const struct report_pending *pd)
{
	uint64_t rnd = 0;

	if (getrandom(&rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		rnd = (uint64_t)getpid() << 32 ^ (uint64_t)clock();
	snprintf(id, len, "%" PRIx64 ".%s.%016" PRIx64, (uint64_t)time(NULL),
	    pd->day, rnd);
}

/* arep_build - the report of pd, gzipped as it is written, into gz */
static int
arep_build(struct report_store *rs, const struct report_opt *o,
    const struct report_pending *pd, const char *id, struct report_gz *gz)
{
	struct report_doc_meta meta = { o->org, o->email, id };
	char err[256];
	FILE *f;
	int r;

	if ((f = report_gz_open(gz)) == NULL) {
		fprintf(stderr, "authreport: out of memory\n");
		return -1;
	}
	r = report_doc_write(f, rs, &meta, pd, err, sizeof(err));
	if (report_gz_close(f, gz) == -1 && r == 0) {
		r = -1;
		strlcpy(err, "gzip failed", sizeof(err));
	}
	if (r == -1) {
		fprintf(stderr, "authreport: %s %s: %s\n", pd->day, pd->domain,
		    err);
		free(gz->buf);
		gz->buf = NULL;
	}
	return r;
}

/* arep_mark - the dmarc_sent row of pd; the outcome, or AREP_FAILED */
static enum arep_outcome
arep_mark(struct report_store *rs, const struct report_pending *pd,
    const char *id, const char *status, const char *detail, enum arep_outcome r)
{
	char err[256];

	if (r == AREP_DEFERRED) {
		fprintf(stderr, "authreport: %s %s: deferred: %s\n", pd->day,
		    pd->domain, detail);
		return r;
	}
	if (r != AREP_DONE)
		fprintf(stderr, "authreport: %s %s: %s: %s\n", pd->day,
		    pd->domain, status, detail);
	if (report_query_mark(rs, pd->day, pd->domain, id, status, detail, err,
	        sizeof(err)) == -1) {
		fprintf(stderr, "authreport: %s\n", err);
		return AREP_FAILED;
	}
	return r;
}

/* arep_one - build pd's report, write or mail it, and mark it */
static enum arep_outcome
arep_one(struct report_store *rs, const struct report_opt *o,
    const struct report_pending *pd)
{
	struct report_rua to[REPORT_RUA_MAX];
	enum report_to_status st = REPORT_TO_OK;
	enum arep_outcome r = AREP_DONE;
	char id[64], name[1024], detail[REPORT_RUA_MAX * (REPORT_ADDR_MAX + 2)];
	struct report_gz gz;
	size_t nto = 0;
	int64_t b, e;

	arep_report_id(id, sizeof(id), pd);
	if (report_day_bounds(pd->day, &b, &e) == -1 ||
	    report_filename(name, sizeof(name), arep_receiver(o), pd->domain, b,
	        e, NULL) == -1) {
		fprintf(stderr, "authreport: %s %s: no valid file name\n",
		    pd->day, pd->domain);
		return AREP_FAILED;
	}
	detail[0] = '\0';
	if (o->dir == NULL)
		r = arep_dest(rs, o, pd, to, &nto, &st, detail, sizeof(detail));
	if (o->dry_run) {
		if (o->dir != NULL)
			printf("would write %s\n", name);
		else if (r == AREP_DONE) {
			report_dest_list(to, nto, detail, sizeof(detail));
			printf("would mail %s to %s\n", name, detail);
		} else
			printf("would not mail %s: %s\n", name, detail);
		return r;
	}
	if (r != AREP_DONE)
		return arep_mark(
		    rs, pd, id, report_to_status_name(st), detail, r);
	if (arep_build(rs, o, pd, id, &gz) == -1)
		return arep_mark(rs, pd, id, "failed",
		    "cannot build the report", AREP_FAILED);
	if (o->dir != NULL) {
		r = arep_write(o, name, &gz) == 0 ? AREP_DONE : AREP_FAILED;
		strlcpy(detail, r == AREP_DONE ? name : "write error",
		    sizeof(detail));
	} else
		r = arep_mail(
		    o, pd, id, name, &gz, to, nto, detail, sizeof(detail));
	free(gz.buf);
	return arep_mark(rs, pd, id,
	    r != AREP_DONE       ? "failed"
	        : o->dir != NULL ? "written"
	                         : "sent",
	    detail, r);
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
arep_admin(struct report_store *rs, const struct report_opt *o)
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
	return r == -1 ? EX_SOFTWARE : EX_OK;
}

/* arep_bounce_one - suppress the failed recipients of b that report id
 * was mailed to; the count */
static int
arep_bounce_one(
    struct report_store *rs, const struct report_bounce *b, const char *id)
{
	char status[32], detail[REPORT_RUA_MAX * (REPORT_ADDR_MAX + 2)];
	char reason[128], err[256];
	size_t i;
	int n = 0, r;

	if ((r = report_query_sent(rs, id, status, sizeof(status), detail,
	         sizeof(detail), err, sizeof(err))) <= 0 ||
	    strcmp(status, "sent") != 0)
		return r < 0 ? -1 : 0;
	for (i = 0; i < b->nrcpt; i++) {
		/* only an address that report went to: a notification
		 * cannot suppress somebody else's reports */
		if (!report_addr_ok(b->rcpt[i].addr) ||
		    !report_dest_listed(detail, b->rcpt[i].addr)) {
			fprintf(stderr,
			    "authreport: bounce: %s was not a "
			    "recipient of report %s; ignored\n",
			    b->rcpt[i].addr, id);
			continue;
		}
		snprintf(reason, sizeof(reason), "bounced: %s (report %s)",
		    b->rcpt[i].status, id);
		if (report_query_suppress(
		        rs, b->rcpt[i].addr, reason, err, sizeof(err)) == -1)
			return report_fail(-1, err, "");
		fprintf(stderr, "authreport: bounce: %s suppressed (%s)\n",
		    b->rcpt[i].addr, b->rcpt[i].status);
		n++;
	}
	return n;
}

/* arep_bounce - a DSN on stdin: suppress the addresses where one of our
 * reports failed for good. Exit 0 for anything else, so an MTA piping
 * its bounces here never bounces back; 75 while the store is away. */
static int
arep_bounce(struct report_store *rs)
{
	static char msg[AREP_BOUNCE_READ];
	char sink[4096];
	struct report_bounce b;
	size_t len = 0, got, i;
	int n = 0, r;

	while (len < sizeof(msg) &&
	    (got = fread(msg + len, 1, sizeof(msg) - len, stdin)) > 0)
		len += got;
	/* drain the rest so the MTA's pipe does not fail */
	while (len == sizeof(msg) && fread(sink, 1, sizeof(sink), stdin) > 0)
		continue;
	report_bounce_parse(msg, len, &b);
	for (i = 0; i < b.nids; i++) {
		if ((r = arep_bounce_one(rs, &b, b.ids[i])) < 0)
			return EX_TEMPFAIL;
		n += r;
	}
	if (b.nids == 0 || b.nrcpt == 0)
		fprintf(stderr,
		    "authreport: bounce: no permanent failure of "
		    "a report of ours; nothing suppressed\n");
	else
		fprintf(stderr,
		    "authreport: bounce: %d address(es) suppressed\n", n);
	return EX_OK;
}

/* arep_resolver - mail mode: the resolver and verifier for external
 * destinations, with the config's Nameservers and DNSTimeout */
static struct dns_resolver *
arep_resolver(struct report_opt *o, char *err, size_t len)
{
	struct dns_config dc = { 0 };
	struct dns_resolver *dns;

	if (o->conf != NULL) {
		dc.nameservers = o->conf->nameservers;
		dc.timeout_ms = o->conf->dns_timeout_ms;
	}
	if ((dns = dns_resolver_new(&dc, err, len)) == NULL)
		return NULL;
	o->v = report_verifier_new(
	    dns, o->conf != NULL ? o->conf->psl_path : NULL);
	if (o->v == NULL) {
		snprintf(err, len, "out of memory");
		dns_resolver_free(dns);
		return NULL;
	}
	return dns;
}

/* arep_purge - delete the data of days older than --keep-days, so the
 * store does not grow without end (a sender controls how many rows and
 * policy domains a day has) */
static void
arep_purge(struct report_store *rs, const struct report_opt *o)
{
	char before[16], err[256];
	time_t t = time(NULL) - (time_t)o->keep_days * 86400;
	struct tm tm;
	long long n;

	gmtime_r(&t, &tm);
	strftime(before, sizeof(before), "%Y-%m-%d", &tm);
	if ((n = report_query_purge(rs, before, err, sizeof(err))) < 0)
		report_fail(0, err, "");
	else if (n > 0)
		fprintf(stderr,
		    "authreport: %lld row(s) of days before %s "
		    "deleted (--keep-days %ld)\n",
		    n, before, o->keep_days);
}

/* arep_run - every pending report in range; counts per outcome */
static int
arep_run(struct report_store *rs, struct report_opt *o, size_t count[4])
{
	struct report_pending *pd;
	char err[256], holder[300];
	size_t i, n;
	int lk;

	if ((lk = arep_lock(rs, holder, sizeof(holder))) != EX_OK)
		return lk;
	if (report_query_pending(
	        rs, o->from, o->to, &pd, &n, err, sizeof(err)) == -1) {
		report_query_unlock(rs, holder, err, sizeof(err));
		return report_fail(EX_SOFTWARE, err, "");
	}
	for (i = 0; i < n; i++)
		count[arep_one(rs, o, &pd[i])]++;
	free(pd);
	if (o->keep_days > 0 && !o->dry_run)
		arep_purge(rs, o);
	if (report_query_unlock(rs, holder, err, sizeof(err)) == -1)
		report_fail(0, err, "");
	return EX_OK;
}

/* main - write or mail every pending report in range; a summary line */
int
main(int argc, char **argv)
{
	struct report_opt o;
	struct report_store *rs = NULL;
	struct dns_resolver *dns = NULL;
	size_t count[4] = { 0, 0, 0, 0 };
	char err[CONF_ERRLEN];
	int rc;

	report_opt_parse(argc, argv, &o);
	if ((rc = report_opt_config(&o)) != EX_OK)
		goto out;
	if ((rs = report_store_open(o.store, err, sizeof(err))) == NULL) {
		/* a bounce piped in by the MTA is tried again later */
		rc = report_fail(
		    o.bounce ? EX_TEMPFAIL : EX_UNAVAILABLE, err, "");
		goto out;
	}
	if (o.bounce) {
		rc = arep_bounce(rs);
		goto out;
	}
	if (report_opt_admin(&o)) {
		rc = arep_admin(rs, &o);
		goto out;
	}
	if (o.dir == NULL &&
	    (dns = arep_resolver(&o, err, sizeof(err))) == NULL) {
		rc = report_fail(EX_CONFIG, err, "");
		goto out;
	}
	if ((rc = arep_run(rs, &o, count)) != EX_OK)
		goto out;
	fprintf(stderr,
	    "authreport: %s..%s: %zu report(s) %s, %zu skipped, %zu "
	    "deferred, %zu failed\n",
	    o.from, o.to, count[AREP_DONE],
	    o.dry_run           ? "would be done"
	        : o.dir != NULL ? "written"
	                        : "sent",
	    count[AREP_SKIPPED], count[AREP_DEFERRED], count[AREP_FAILED]);
	rc = count[AREP_FAILED] != 0 ? EX_IOERR : EX_OK;
out:
	report_verifier_free(o.v);
	dns_resolver_free(dns);
	report_store_close(rs);
	conf_unref(o.conf);
	return rc;
}
