/*
 * report-queue.c - aggregation and the bounded queue: identical keys are
 * summed, the newest policy wins, a drained queue writes every message to
 * SQLite, a full queue drops and counts, a store that never opens loses
 * only what was queued at exit and says so in the counters; a batch of
 * many domains writes one policy each, the newest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_queue.h"
#include "report/report_queue_int.h"
#include "sqlite-query.h"
#include "tap.h"

/* row - a row from source ip with dmarc result res */
static struct report_row
row(const char *ip, const char *res)
{
	struct report_row r = { "2026-12-04", "example.org", ip, "example.org",
		"example.org", "example.net", "example.org", res, "", "fail",
		res, "none", "", 1 };

	return r;
}

/* pol - the example.org policy seen at time seen */
static struct report_policy
pol(int64_t seen)
{
	struct report_policy p = { "2026-12-04", "example.org", "treewalk",
		"none", "", "", "r", "r", "n", "", "", seen };

	return p;
}

/* test_merge - 5 pass from one address and 3 fail: two records */
static void
test_merge(void)
{
	struct report_rec *head = NULL, *r, **tail = &head;
	struct report_row a = row("192.0.2.1", "pass");
	struct report_row b = row("192.0.2.9", "fail");
	struct report_policy p;
	size_t count;
	int i;

	for (i = 0; i < 8; i++) {
		p = pol(i == 2 ? 500 : 100 + i);
		if ((r = report_rec_new(i < 5 ? &a : &b, &p, 4096)) == NULL)
			bail_out("report_rec_new failed");
		*tail = r;
		tail = &r->next;
	}
	is_int(report_batch_merge(&head, &count), 0, "merge runs");
	is_int(count, 2, "two distinct keys left");
	is_int(head != NULL ? head->row.n : -1, 5, "5 pass summed");
	is_int(head != NULL && head->next != NULL ? head->next->row.n : -1, 3,
	    "3 fail summed");
	is_int(head != NULL ? head->pol.seen : -1, 500,
	    "the newest policy survives the merge");
	report_rec_free_list(head);
	p = pol(1);
	ok(report_rec_new(&a, &p, 16) == NULL, "record over the cap refused");
}

/* test_drain - records pushed then the queue freed all reach SQLite */
static void
test_drain(const char *dir)
{
	char url[600], path[512], err[256];
	struct report_row a = row("192.0.2.1", "pass");
	struct report_row b = row("192.0.2.9", "fail");
	struct report_policy p = pol(100);
	struct report_counters c;
	struct report_queue *q;
	int i;

	snprintf(path, sizeof(path), "%s/q.db", dir);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	if ((q = report_queue_new(url, 100, err, sizeof(err))) == NULL)
		bail_out("report_queue_new: %s", err);
	for (i = 0; i < 8; i++)
		if (report_queue_push(q, i < 5 ? &a : &b, &p) != 0)
			bail_out("push %d refused", i);
	report_queue_counters(q, &c);
	is_int(c.recorded, 8, "8 recorded");
	report_queue_free(q, 5000, &c);
	is_int(c.written, 8, "8 written at shutdown");
	is_int(c.dropped_queue_full + c.dropped_store_error, 0, "none lost");
	is_int(query_int(path, "SELECT count(*) FROM dmarc_row"), 2,
	    "two rows in the store");
	is_int(query_int(path,
	           "SELECT n FROM dmarc_row WHERE dmarc_spf = "
	           "'pass'"),
	    5, "n = 5 for the passes");
	is_int(query_int(path,
	           "SELECT n FROM dmarc_row WHERE dmarc_spf = "
	           "'fail'"),
	    3, "n = 3 for the failures");
}

/* test_full - store never opens, bound 3, 5 distinct rows: 2 dropped */
static void
test_full(const char *dir)
{
	char url[600], err[256], ip[32];
	struct report_policy p = pol(100);
	struct report_counters c;
	struct report_queue *q;
	struct report_row r;
	int i, refused = 0;

	snprintf(url, sizeof(url), "sqlite:%s/none/x.db", dir);
	if ((q = report_queue_new(url, 3, err, sizeof(err))) == NULL)
		bail_out("report_queue_new: %s", err);
	for (i = 0; i < 5; i++) {
		snprintf(ip, sizeof(ip), "192.0.2.%d", i + 1);
		r = row(ip, "pass");
		refused += report_queue_push(q, &r, &p) != 0;
	}
	is_int(refused, 2, "pushes past the bound refused, never blocked");
	report_queue_free(q, 300, &c);
	is_int(c.recorded, 3, "3 recorded");
	is_int(c.dropped_queue_full, 2, "2 counted as dropped: queue full");
	is_int(c.dropped_store_error, 3, "3 counted as lost: store down");
	is_int(c.written, 0, "nothing written");
}

/* test_policies - 300 domains, two rows each, one batch: one policy per
 * domain, the newest, written in one linear pass */
static void
test_policies(const char *dir)
{
	static char dom[300][32];
	char url[600], path[512], err[256];
	struct report_rec *head = NULL, *r, **tail = &head;
	struct report_store *rs;
	struct report_row a;
	struct report_policy p;
	uint64_t msgs;
	size_t count;
	int i, k;

	snprintf(path, sizeof(path), "%s/p.db", dir);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	/* interleaved, so the merge has to bring each domain together */
	for (k = 0; k < 2; k++)
		for (i = 0; i < 300; i++) {
			snprintf(dom[i], sizeof(dom[i]), "d%03d.example", i);
			a = row(k == 0 ? "192.0.2.1" : "192.0.2.2", "pass");
			p = pol(i * 10 + (k == 0 ? 5 : 0));
			a.policy_domain = p.policy_domain = dom[i];
			if ((r = report_rec_new(&a, &p, 4096)) == NULL)
				bail_out("report_rec_new failed");
			*tail = r;
			tail = &r->next;
		}
	if (report_batch_merge(&head, &count) != 0 ||
	    (rs = report_store_open(url, err, sizeof(err))) == NULL)
		bail_out("merge or open failed: %s", err);
	is_int(report_batch_write(rs, head, count, &msgs, err, sizeof(err)), 0,
	    "a batch of 600 rows over 300 domains is written");
	report_store_close(rs);
	report_rec_free_list(head);
	is_int(query_int(path, "SELECT count(*) FROM dmarc_policy"), 300,
	    "one policy row per domain");
	is_int(query_int(path,
	           "SELECT count(*) FROM dmarc_policy WHERE seen % 10 = 5"),
	    300, "each domain keeps its newest policy");
}

/* main - one temporary directory for the run */
int
main(void)
{
	char dir[] = "/tmp/report-queue.XXXXXX", cmd[600];
	char err[256] = "";

	plan(6 + 6 + 5 + 3 + 1);
	if (mkdtemp(dir) == NULL)
		bail_out("mkdtemp failed");
	test_merge();
	test_drain(dir);
	test_full(dir);
	test_policies(dir);
	ok(report_queue_new("sqlite:rel.db", 10, err, sizeof(err)) == NULL &&
	        err[0] != '\0',
	    "malformed URL refused: %s", err);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		diag("could not remove %s", dir);
	return done_testing();
}
