/*
 * report-store.c - the report store library on SQLite: URL checks, schema
 * creation on open, rows summed on their key across batches and opens,
 * the newest policy winning, and a batch that fails writing nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report_store.h"
#include "sqlite-query.h"
#include "tap.h"

static const struct {
	const char *name, *url; /* url NULL: none at all */
	int want;               /* 0 accepted, -1 refused */
} urls[] = {
	{ "absolute sqlite path", "sqlite:/var/lib/authmilter/dmarc.db", 0 },
	{ "relative sqlite path refused", "sqlite:dmarc.db", -1 },
	{ "empty sqlite path refused", "sqlite:", -1 },
	{ "postgresql URI", "postgresql://am@127.0.0.1:5432/dmarc", 0 },
	{ "postgres URI", "postgres://am@localhost/dmarc", 0 },
	{ "bad postgresql URI refused", "postgresql://h/db?nosuch=1", -1 },
	{ "other scheme refused", "mysql://h/db", -1 },
	{ "control character refused", "sqlite:/tmp/a\nb", -1 },
	{ "missing URL refused", NULL, -1 },
};

/* row - a dmarc_row for source ip, disposition disp, n messages */
static struct report_row
row(const char *ip, const char *disp, int64_t n)
{
	struct report_row r = { "2026-12-04", "example.org", ip, "example.org",
		"example.org", "example.net", "example.org", "pass",
		"example.org/s1/pass", "pass", "pass", disp, "", n };

	return r;
}

/* test_urls - the URL table through report_store_url_check */
static void
test_urls(void)
{
	enum report_kind kind;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		err[0] = '\0';
		is_int(report_store_url_check(
		           urls[i].url, &kind, err, sizeof(err)),
		    urls[i].want, "%s", urls[i].name);
		if (urls[i].want == -1 && err[0] == '\0')
			diag("refused without a reason");
	}
}

/* test_sums - rows added in two batches and two opens are summed */
static void
test_sums(const char *dir)
{
	char url[600], path[512], err[256];
	struct report_row b1[] = { row("192.0.2.1", "none", 2),
		row("192.0.2.2", "reject", 3) };
	struct report_row b2[] = { row("192.0.2.1", "none", 3) };
	struct report_policy p1 = { "2026-12-04", "example.org", "treewalk",
		"reject", "", "", "r", "r", "n", "", "mailto:a@example.org",
		100 };
	struct report_policy p0 = p1;
	struct report_store *rs;

	snprintf(path, sizeof(path), "%s/dmarc.db", dir);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	if ((rs = report_store_open(url, err, sizeof(err))) == NULL)
		bail_out("open %s: %s", url, err);
	is_int(report_store_kind(rs), REPORT_KIND_SQLITE, "sqlite: is SQLite");
	is_int(report_store_add(rs, b1, 2, &p1, 1, err, sizeof(err)), 0,
	    "first batch written");
	report_store_close(rs);
	if ((rs = report_store_open(url, err, sizeof(err))) == NULL)
		bail_out("reopen %s: %s", url, err);
	p0.p = "none";
	p0.seen = 50;
	is_int(report_store_add(rs, b2, 1, &p0, 1, err, sizeof(err)), 0,
	    "second batch written after reopening (schema rerun)");
	b2[0].spf_result = NULL; /* NULL binds as absent, never crashes */
	is_int(report_store_add(rs, b2, 1, NULL, 0, err, sizeof(err)), 0,
	    "NULL column stored as empty");
	report_store_close(rs);
	is_int(query_int(path, "SELECT count(*) FROM dmarc_row"), 3,
	    "three distinct keys, three rows");
	is_int(query_int(path,
	           "SELECT n FROM dmarc_row WHERE source_ip = "
	           "'192.0.2.1' AND spf_result = 'pass'"),
	    5, "identical keys summed across batches: 2 + 3");
	is_int(query_int(path,
	           "SELECT n FROM dmarc_row WHERE disposition = "
	           "'reject'"),
	    3, "the other row keeps its own count");
	is_int(query_int(path,
	           "SELECT count(*) FROM dmarc_row WHERE "
	           "source_ip = '192.0.2.1' AND spf_result = ''"),
	    1, "absent column is the empty string");
	is_int(query_int(path, "SELECT seen FROM dmarc_policy"), 100,
	    "an older policy does not replace a newer one");
	is_int(query_int(path,
	           "SELECT count(*) FROM sqlite_master WHERE "
	           "type = 'table' AND name LIKE 'dmarc_%'"),
	    5, "schema: the five tables of report_schema.sql");
}

/* test_failures - nothing opens where the file cannot be */
static void
test_failures(const char *dir)
{
	char url[512], err[256] = "";
	struct report_store *rs;

	snprintf(url, sizeof(url), "sqlite:%s/no/such/dir/x.db", dir);
	rs = report_store_open(url, err, sizeof(err));
	ok(rs == NULL && err[0] != '\0', "unopenable file refused: %s", err);
	report_store_close(rs);
	report_store_close(NULL);
	ok(1, "close(NULL) is a no-op");
}

/* main - one temporary directory for the whole run */
int
main(void)
{
	char dir[] = "/tmp/report-store.XXXXXX", cmd[600];

	plan(9 + 10 + 2);
	if (mkdtemp(dir) == NULL)
		bail_out("mkdtemp failed");
	test_urls();
	test_sums(dir);
	test_failures(dir);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		diag("could not remove %s", dir);
	return done_testing();
}
