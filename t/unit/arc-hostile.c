/*
 * arc-hostile.c - hostile ARC chains through src/arc: more than 50 sets,
 * duplicate instances, 100 KB fields, cv values out of place, missing
 * sets, i=0 and i=999999999999, bad base64, rsa-sha1, h= in a seal, a
 * tampered body, thousands of fields and a key lost to DNS. Each must be
 * arc=fail with a reason, within a time bound (and, through
 * t/valgrind-unit.sh, without a memory error or leak). The passing chain
 * is cv_pass_i1_1 of the ARC suite (t/data/arc, MIT); its key is put in
 * the verifier's cache, so only the DNS case asks the (dead) resolver.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arc/arc.h"
#include "arc/arc_check_int.h"
#include "authres/authres.h"
#include "dns/dns.h"
#include "tap.h"

#define KEY1024                                                                \
	"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzW"  \
	"RiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3Fu"  \
	"tACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2" \
	"EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB"
#define NFIELDS_MAX 6000
#define SEAL                                                                   \
	" a=rsa-sha256;\n"                                                     \
	"    b=dOdFEyhrk/tw5wl3vMIogoxhaVsKJkrkEhnAcq2XqOLSQhPpGzhGBJzR7k1sW"  \
	"Gokon3TmQ\n"                                                          \
	"    7TX9zQLO6ikRpwd/pUswiRW5DBupy58fefuclXJAhErsrebfvfiueGyhHXV7C1Ly" \
	"JTztywzn\n"                                                           \
	"    QGG4SCciU/FTlsJ0QANrnLRoadfps=; cv=none; d=example.org; i=1; "    \
	"s=dummy;\n"                                                           \
	"    t=12345"
#define AMS                                                                    \
	" a=rsa-sha256;\n"                                                     \
	"    b=QsRzR/UqwRfVLBc1TnoQomlVw5qi6jp08q8lHpBSl4RehWyHQtY3uOIAGdghD"  \
	"k/mO+/Xpm\n"                                                          \
	"    9JA5UVrPyDV0f+2q/YAHuwvP11iCkBQkocmFvgTSxN8H+DwFFPrVVUudQYZV7UDD" \
	"ycXoM6UE\n"                                                           \
	"    cdfzLLzVNPOAHEDIi/uzoV4sUqZ18=;\n"                                \
	"    bh=KWSe46TZKCcDbH4klJPo+tjk5LWJnVRlP5pvjXFZYLQ=; "                \
	"c=relaxed/relaxed;\n"                                                 \
	"    d=example.org; "                                                  \
	"h=from:to:date:subject:mime-version:arc-authentication-results;\n"    \
	"    i=1; s=dummy; t=12345"
#define AAR                                                    \
	" i=1; lists.example.org;\n"                           \
	"    spf=pass smtp.mfrom=jqd@d1.example;\n"            \
	"    dkim=pass (1024-bit key) header.i=@d1.example;\n" \
	"    dmarc=pass"
#define BODY "Hey gang,\nThis is a test message.\n--J.\n"

static const char *const base[][2] = {
	{ "MIME-Version", " 1.0" },
	{ "Return-Path", " <jqd@d1.example.org>" },
	{ "ARC-Seal", SEAL },
	{ "ARC-Message-Signature", AMS },
	{ "ARC-Authentication-Results", AAR },
	{ "Received",
	    " from segv.d1.example (segv.d1.example [72.52.75.15])\n"
	    "    by lists.example.org (8.14.5/8.14.5) with ESMTP id "
	    "t0EKaNU9010123\n"
	    "    for <arc@example.org>; Thu, 14 Jan 2015 15:01:30 -0800 (PST)\n"
	    "    (envelope-from jqd@d1.example)" },
	{ "Authentication-Results",
	    " lists.example.org;\n"
	    "    spf=pass smtp.mfrom=jqd@d1.example;\n"
	    "    dkim=pass (1024-bit key) header.i=@d1.example;\n"
	    "    dmarc=pass" },
	{ "Received",
	    " by 10.157.14.6 with HTTP; Tue, 3 Jan 2017 12:22:54 -0800 "
	    "(PST)" },
	{ "Message-ID", " <54B84785.1060301@d1.example.org>" },
	{ "Date", " Thu, 14 Jan 2015 15:00:01 -0800" },
	{ "From", " John Q Doe <jqd@d1.example.org>" },
	{ "To", " arc@dmarc.org" },
	{ "Subject", " Example 1" },
};
#define NBASE (sizeof(base) / sizeof(base[0]))

/* The message under test: fields (owned) and a body. */
static struct {
	char *name[NFIELDS_MAX], *value[NFIELDS_MAX];
	size_t n;
	const char *body;
} msg;

static struct arc_verifier *verifier;
static struct dns_group *group;

/* add - append a field (copies) */
static void
add(const char *name, const char *value)
{
	if (msg.n == NFIELDS_MAX)
		bail_out("too many fields");
	if ((msg.name[msg.n] = strdup(name)) == NULL ||
	    (msg.value[msg.n] = strdup(value)) == NULL)
		bail_out("out of memory");
	msg.n++;
}

/* reset - the message becomes the suite's passing one */
static void
reset(void)
{
	size_t i;

	for (i = 0; i < msg.n; i++) {
		free(msg.name[i]);
		free(msg.value[i]);
	}
	msg.n = 0;
	msg.body = BODY;
}

/* with_base - reset, then the base fields, with value of field k
 * replaced by repl (NULL: dropped) when k < NBASE */
static void
with_base(size_t k, const char *repl)
{
	size_t i;

	reset();
	for (i = 0; i < NBASE; i++)
		if (i != k)
			add(base[i][0], base[i][1]);
		else if (repl != NULL)
			add(base[i][0], repl);
}

/* replace - value with the first "from" replaced by "to" (static) */
static const char *
replace(const char *value, const char *from, const char *to)
{
	static char out[4096];
	const char *p = strstr(value, from);

	if (p == NULL)
		bail_out("no '%s' to replace", from);
	(void)snprintf(out, sizeof(out), "%.*s%s%s", (int)(p - value), value,
	    to, p + strlen(from));
	return out;
}

/* add_set - a structurally fine set (bogus signatures) of instance i */
static void
add_set(unsigned long long i, const char *cv)
{
	char v[512];

	(void)snprintf(v, sizeof(v),
	    " i=%llu; a=rsa-sha256; cv=%s; d=example.org; s=dummy; b=AAAA", i,
	    cv);
	add("ARC-Seal", v);
	(void)snprintf(v, sizeof(v),
	    " i=%llu; a=rsa-sha256; c=relaxed/relaxed; d=example.org; "
	    "s=dummy; h=from; bh=KWSe46TZKCcDbH4klJPo+tjk5LWJnVRlP5pvjXFZYLQ=;"
	    " b=AAAA",
	    i);
	add("ARC-Message-Signature", v);
	(void)snprintf(v, sizeof(v), " i=%llu; mx.example; spf=pass", i);
	add("ARC-Authentication-Results", v);
}

/* run - the message through one check; its chain, reason, and whether
 * DNS failed; the field into field (cap fieldsz) */
static enum arc_chain
run(char *reason, size_t rlen, bool *dns, int *oldest)
{
	struct arc_check *ck = arc_check_new(verifier, group, NULL);
	struct authres *ar = authres_new("mx.example");
	enum arc_chain c;
	const char *r;
	size_t i, len = strlen(msg.body);

	if (ck == NULL || ar == NULL)
		bail_out("out of memory");
	for (i = 0; i < msg.n; i++)
		if (arc_check_header(ck, msg.name[i], msg.value[i]) == -1)
			bail_out("arc_check_header failed");
	if (arc_check_eoh(ck) == -1)
		bail_out("arc_check_eoh failed");
	if (arc_check_wants_body(ck) &&
	    arc_check_body(ck, (const unsigned char *)msg.body, len) == -1)
		bail_out("arc_check_body failed");
	if (arc_check_eom(ck, "192.0.2.1", ar) == -1)
		bail_out("arc_check_eom could not run");
	c = arc_check_get_chain(ck);
	r = arc_check_get_reason(ck);
	(void)snprintf(reason, rlen, "%s", r != NULL ? r : "");
	*dns = arc_check_dns_failed(ck);
	*oldest = arc_check_get_oldest_pass(ck);
	if (authres_result_count(ar) != 1)
		bail_out("not exactly one arc result");
	arc_check_free(ck);
	authres_free(ar);
	return c;
}

/* now_ms - monotonic milliseconds */
static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* expect_fail - the message fails with a reason containing want, and
 * within 2 s of CPU (a bound, not a speed figure) */
static void
expect_fail(const char *name, const char *want)
{
	char reason[256];
	bool dns;
	int oldest;
	double t0 = now_ms();
	enum arc_chain c = run(reason, sizeof(reason), &dns, &oldest);

	is_int(c, ARC_CHAIN_FAIL, "%s: arc=fail", name);
	ok(strstr(reason, want) != NULL && now_ms() - t0 < 2000,
	    "%s: reason has '%s', in bounded time", name, want);
	if (strstr(reason, want) == NULL)
		diag("reason: %s", reason);
}

/* test_setup - the passing chain passes (else every failure is moot) */
static void
test_setup(void)
{
	char reason[256];
	bool dns;
	int oldest;

	with_base(NBASE, NULL);
	is_int(run(reason, sizeof(reason), &dns, &oldest), ARC_CHAIN_PASS,
	    "the suite's chain passes with its key from the cache");
	if (reason[0] != '\0')
		diag("reason: %s", reason);
	is_int(oldest, 0, "one set: oldest-pass 0");
}

/* test_getters - what the sealer and the DMARC override read */
static void
test_getters(void)
{
	struct arc_check *ck = arc_check_new(verifier, group, "QID");
	struct authres *ar = authres_new("mx.example");
	const char *name = NULL, *v;
	size_t i;

	if (ck == NULL || ar == NULL)
		bail_out("out of memory");
	with_base(NBASE, NULL);
	for (i = 0; i < msg.n; i++)
		(void)arc_check_header(ck, msg.name[i], msg.value[i]);
	(void)arc_check_eoh(ck);
	(void)arc_check_body(
	    ck, (const unsigned char *)msg.body, strlen(msg.body));
	is_int(arc_check_get_chain(ck), ARC_CHAIN_NONE, "before eom: none");
	if (arc_check_eom(ck, NULL, ar) == -1)
		bail_out("eom could not run");
	is_int((int)arc_check_get_instances(ck), 1, "one instance");
	is_str(arc_check_get_sealer(ck, 1), "example.org", "sealer d=");
	is_str(arc_check_get_selector(ck, 1), "dummy", "sealer s=");
	ok(arc_check_get_sealer(ck, 2) == NULL, "no instance 2");
	v = arc_check_get_field(ck, 1, ARC_AAR, &name);
	ok(v != NULL && strncmp(v, " i=1; lists.example.org;", 24) == 0 &&
	        strcmp(name, "ARC-Authentication-Results") == 0,
	    "instance 1's AAR, as it arrived");
	v = arc_check_get_field(ck, 1, ARC_AS, &name);
	ok(v != NULL && strcmp(v, SEAL) == 0 && strcmp(name, "ARC-Seal") == 0,
	    "instance 1's seal, as it arrived");
	ok(!arc_check_dns_failed(ck) && arc_check_get_reason(ck) == NULL,
	    "a pass: no DNS failure, no reason");
	arc_check_free(ck);
	authres_free(ar);
}

/* test_structure - malformed chains */
static void
test_structure(void)
{
	char big[100 * 1024 + 64];
	unsigned i;

	reset();
	for (i = 1; i <= 51; i++)
		add_set(i, i == 1 ? "none" : "pass");
	expect_fail("51 sets", "i= (1 to 50)");
	with_base(NBASE, NULL);
	add("ARC-Seal", SEAL);
	expect_fail("duplicate instance", "duplicate ARC field (i=1)");
	memset(big, 'x', sizeof(big));
	memcpy(big, " i=1; mx.example; spf=pass reason=", 34);
	big[sizeof(big) - 1] = '\0';
	with_base(4, big);
	expect_fail("100 KB AAR", "ARC field too long");
	reset();
	add_set(1, "pass");
	add_set(2, "none");
	expect_fail("cv values swapped", "cv=");
	reset();
	add_set(1, "none");
	add_set(2, "none");
	expect_fail("cv=none above instance 1", "cv= is not pass (i=2)");
	reset();
	add_set(1, "none");
	add_set(3, "pass");
	expect_fail("set 2 missing", "missing ARC set (i=2)");
	with_base(4, NULL);
	expect_fail("AAR missing", "incomplete");
	reset();
	add_set(0, "none");
	expect_fail("i=0", "i= (1 to 50)");
	reset();
	add_set(999999999999ULL, "none");
	expect_fail("i=999999999999", "i= (1 to 50)");
	with_base(2, replace(SEAL, "cv=none", "cv=fail"));
	expect_fail("newest seal cv=fail", "cv=fail");
	with_base(2, replace(SEAL, "a=rsa-sha256", "a=rsa-sha1"));
	expect_fail("rsa-sha1 seal", "RFC 8301");
	with_base(2, replace(SEAL, "t=12345", "t=12345; h=from"));
	expect_fail("h= in a seal", "h= in an ARC-Seal");
	with_base(3, replace(AMS, "i=1;", "i=1; i=2;"));
	expect_fail("i= twice in one AMS", "duplicate tag");
}

/* test_signatures - well-formed chains that must not verify */
static void
test_signatures(void)
{
	char *huge;
	unsigned i;

	with_base(3, replace(AMS, "b=QsRzR/Uq", "b=Qs*zR/Uq"));
	expect_fail("bad base64 in the AMS b=", "not base64");
	with_base(2, replace(SEAL, "b=dOdF", "b=dOdE"));
	expect_fail("seal signature changed", "ARC-Seal i=1");
	with_base(NBASE, NULL);
	msg.body = "Hey gang,\nThis is a tampered message.\n--J.\n";
	expect_fail("tampered body", "body hash did not verify");
	with_base(3, replace(AMS, "d=example.org", "d=example.net"));
	expect_fail("key lost to DNS", "failed in DNS");
	{
		char reason[256];
		bool dns;
		int oldest;

		(void)run(reason, sizeof(reason), &dns, &oldest);
		ok(dns, "key lost to DNS: marked as a DNS failure");
	}
	reset();
	for (i = 0; i < 5000; i++)
		add("ARC-Seal", " i=1; a=rsa-sha256; cv=none; b=AAAA");
	expect_fail("5000 ARC-Seal fields", "header too large");
	if ((huge = malloc(2 * 1024 * 1024)) == NULL)
		bail_out("out of memory");
	memset(huge, 'y', 2 * 1024 * 1024 - 1);
	huge[2 * 1024 * 1024 - 1] = '\0';
	reset();
	add("X-Filler", huge);
	for (i = 0; i < NBASE; i++)
		add(base[i][0], base[i][1]);
	free(huge);
	expect_fail("2 MB of header before the chain", "header too large");
}

/* test_time_limit - ARCTimeout: a server that never answers costs at
 * most the limit, and the chain fails as a DNS failure saying so */
static void
test_time_limit(void)
{
	struct sockaddr_in sa = { 0 };
	socklen_t len = sizeof(sa);
	struct arc_options ao = { 0 };
	struct dns_config dc = { 0 };
	struct arc_verifier *saved = verifier;
	struct dns_resolver *res;
	char ns[64], err[128];
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd == -1 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) == -1)
		bail_out("setup: a silent UDP socket");
	(void)snprintf(ns, sizeof(ns), "127.0.0.1@%u", ntohs(sa.sin_port));
	dc.nameservers = ns;
	dc.timeout_ms = 20000; /* the lookup alone would wait 20 s */
	dc.cache_disabled = true;
	ao.timeout_ms = 300;
	if ((res = dns_resolver_new(&dc, err, sizeof(err))) == NULL ||
	    (verifier = arc_verifier_new(res, &ao, err, sizeof(err))) == NULL)
		bail_out("setup: %s", err);
	with_base(3, replace(AMS, "d=example.org", "d=example.net"));
	expect_fail("silent DNS server, ARCTimeout 300 ms", "time limit");
	arc_verifier_free(verifier);
	verifier = saved;
	dns_resolver_free(res);
	close(fd);
}

int
main(void)
{
	struct dns_config dc = { "127.0.0.1@1", 300, 1, 0, true };
	struct arc_options ao = { 0 };
	struct dns_resolver *res;
	struct arc_key *k;
	char err[128];

	plan(2 + 8 + 13 * 2 + 4 * 2 + 1 + 2 * 2 + 2);
	if ((res = dns_resolver_new(&dc, err, sizeof(err))) == NULL ||
	    (verifier = arc_verifier_new(res, &ao, err, sizeof(err))) == NULL ||
	    (group = dns_group_new()) == NULL)
		bail_out("setup: %s", err);
	k = arc_key_parse(KEY1024, strlen(KEY1024), 1024, err, sizeof(err));
	if (k == NULL)
		bail_out("setup: the suite key: %s", err);
	arc_keycache_put(
	    verifier->cache, "dummy._domainkey.example.org", k, 3600);
	arc_key_unref(k);
	test_setup();
	test_getters();
	test_structure();
	test_signatures();
	test_time_limit();
	reset();
	dns_group_free(group);
	arc_verifier_free(verifier);
	dns_resolver_free(res);
	return done_testing();
}
