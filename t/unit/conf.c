/*
 * conf.c - the configuration reader: every key's accepted values and
 * defaults, and every refusal with its exact "file:line: message". Every
 * key is walked: documented in authmilter.conf(5) and the sample file and
 * nothing else documented there, refused when given twice, and every
 * yes/no key takes each word the manual lists.
 */
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/conf.h"
#include "conf/conf_int.h"
#include "policy/policy.h"
#include "tap.h"
#include "util/log.h"

/* parse - text as file "t.conf"; err receives the message */
static struct conf *
parse(const char *text, char *err, size_t errlen)
{
	err[0] = '\0';
	return conf_parse("t.conf", text, strlen(text), err, errlen);
}

static const struct {
	const char *name, *in, *want; /* want: the error message */
} refused[] = {
	{ "unknown key", "# c\n\nFrobnicate yes\n",
	    "t.conf:3: unknown key 'Frobnicate'" },
	{ "missing value", "Socket\n", "t.conf:1: Socket: missing value" },
	{ "missing value after blanks", "AuthservID   \t\n",
	    "t.conf:1: AuthservID: missing value" },
	{ "ReportStore relative path", "ReportStore sqlite:dmarc.db\n",
	    "t.conf:1: ReportStore: sqlite: wants an absolute path" },
	{ "ReportStore unknown scheme", "ReportStore mysql://h/db\n",
	    "t.conf:1: ReportStore: store URL is neither sqlite: nor "
	    "postgresql://" },
	{ "ReportQueue zero", "ReportQueue 0\n",
	    "t.conf:1: ReportQueue: '0' is not a number from 1 to 1000000" },
	{ "ReportOrgName with a control", "ReportOrgName a\x01b\n",
	    "t.conf:1: ReportOrgName: 1 to 255 octets of text without control "
	    "characters" },
	{ "ReportEmail not an address", "ReportEmail a@b@c\n",
	    "t.conf:1: ReportEmail: not a plain local@domain address" },
	{ "duplicate key, other case", "UMask 022\numask 077\n",
	    "t.conf:2: UMask: given twice (first on line 1)" },
	{ "socket without a scheme", "Socket /run/x.sock\n",
	    "t.conf:1: Socket: '/run/x.sock' is not inet:PORT@HOST, "
	    "inet6:PORT@HOST, unix:PATH or local:PATH" },
	{ "socket port 0", "Socket inet:0@127.0.0.1\n",
	    "t.conf:1: Socket: 'inet:0@127.0.0.1': bad port (1-65535) or "
	    "host" },
	{ "socket port too big", "Socket inet:65536\n",
	    "t.conf:1: Socket: 'inet:65536': bad port (1-65535) or host" },
	{ "inet6 socket with an IPv4 host", "Socket inet6:8891@127.0.0.1\n",
	    "t.conf:1: Socket: 'inet6:8891@127.0.0.1': bad port (1-65535) "
	    "or host" },
	{ "empty unix path", "Socket unix:\n",
	    "t.conf:1: Socket: 'unix:': a socket path must have 1 to 107 "
	    "octets" },
	{ "authserv-id not a token", "AuthservID mx;example\n",
	    "t.conf:1: AuthservID: 'mx;example' is not a token (RFC 2045)" },
	{ "TrustedAuthservIDs is no key (it had no effect)",
	    "TrustedAuthservIDs a.example\n",
	    "t.conf:1: unknown key 'TrustedAuthservIDs'" },
	{ "nameserver is a name", "Nameservers ns.example\n",
	    "t.conf:1: Nameservers: 'ns.example' is not ADDR[@PORT] (an IP "
	    "address)" },
	{ "nameserver bad port", "Nameservers 127.0.0.1@99999\n",
	    "t.conf:1: Nameservers: '127.0.0.1@99999' is not ADDR[@PORT] (an "
	    "IP address)" },
	{ "nameservers only commas", "Nameservers , ,\n",
	    "t.conf:1: Nameservers: no server given" },
	{ "timeout unit", "DNSTimeout 5m\n",
	    "t.conf:1: DNSTimeout: '5m' is not a duration from 10ms to 300s "
	    "(e.g. 5, 5s, 500ms)" },
	{ "timeout too small", "DNSTimeout 5ms\n",
	    "t.conf:1: DNSTimeout: '5ms' is not a duration from 10ms to 300s "
	    "(e.g. 5, 5s, 500ms)" },
	{ "timeout too big", "DNSTimeout 301\n",
	    "t.conf:1: DNSTimeout: '301' is not a duration from 10ms to 300s "
	    "(e.g. 5, 5s, 500ms)" },
	{ "cidr prefix too long", "InternalHosts 10.0.0.0/33\n",
	    "t.conf:1: InternalHosts: '10.0.0.0/33' is not an address or "
	    "CIDR block" },
	{ "cidr not an address", "InternalHosts 10.0.0.0/8, mail.example\n",
	    "t.conf:1: InternalHosts: 'mail.example' is not an address or "
	    "CIDR block" },
	{ "cidr empty prefix", "InternalHosts ::1/\n",
	    "t.conf:1: InternalHosts: '::1/' is not an address or CIDR "
	    "block" },
	{ "key bits too small", "MinimumKeyBits 256\n",
	    "t.conf:1: MinimumKeyBits: '256' is not a number from 512 to "
	    "16384" },
	{ "key bits not a number", "MinimumKeyBits 2k\n",
	    "t.conf:1: MinimumKeyBits: '2k' is not a number from 512 to "
	    "16384" },
	{ "signatures zero", "MaximumSignatures 0\n",
	    "t.conf:1: MaximumSignatures: '0' is not a number from 1 to "
	    "100" },
	{ "clock drift negative", "ClockDrift -1\n",
	    "t.conf:1: ClockDrift: '-1' is not a number from 0 to 86400" },
	{ "sha1 not a boolean", "AllowSHA1 maybe\n",
	    "t.conf:1: AllowSHA1: 'maybe' is not yes or no" },
	{ "user with space", "UserID mail user\n",
	    "t.conf:1: UserID: 'mail user' is not user[:group]" },
	{ "relative pid file", "PidFile run/x.pid\n",
	    "t.conf:1: PidFile: 'run/x.pid' is not an absolute path" },
	{ "umask not octal", "UMask 089\n",
	    "t.conf:1: UMask: '089' is not an octal number up to 777" },
	{ "umask too big", "UMask 1777\n",
	    "t.conf:1: UMask: '1777' is not an octal number up to 777" },
	{ "syslog not a boolean", "Syslog 2\n",
	    "t.conf:1: Syslog: '2' is not yes or no" },
	{ "unknown facility", "SyslogFacility kern\n",
	    "t.conf:1: SyslogFacility: 'kern' is not mail, daemon, user or "
	    "local0 to local7" },
	{ "unknown level", "LogLevel verbose\n",
	    "t.conf:1: LogLevel: 'verbose' is not err, warning, info or "
	    "debug" },
	{ "sealer not a domain", "TrustedARCSealers lists.example, x;y\n",
	    "t.conf:1: TrustedARCSealers: 'x;y' is not a domain name" },
	{ "metrics on a unix socket", "MetricsSocket unix:/run/m.sock\n",
	    "t.conf:1: MetricsSocket: 'unix:/run/m.sock' is not "
	    "inet:PORT@ADDRESS or inet6:PORT@ADDRESS" },
	{ "unknown log format", "LogFormat xml\n",
	    "t.conf:1: LogFormat: 'xml' is not text or json" },
	{ "keep not a boolean", "KeepOriginalHeaders sometimes\n",
	    "t.conf:1: KeepOriginalHeaders: 'sometimes' is not yes or no" },
	{ "error on a CRLF line", "Syslog yes\r\nLogLevel x\r\n",
	    "t.conf:2: LogLevel: 'x' is not err, warning, info or debug" },
};

/* test_refusals - every bad line names its file, line and reason */
static void
test_refusals(void)
{
	char err[CONF_ERRLEN];
	struct conf *c;
	size_t i;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		c = parse(refused[i].in, err, sizeof(err));
		ok(c == NULL, "refused: %s", refused[i].name);
		is_str(err, refused[i].want, "message: %s", refused[i].name);
		conf_unref(c);
	}
}

/* test_limits - NUL octets and over-long lines are errors with a line */
static void
test_limits(void)
{
	static const char nul[] = "Syslog yes\nLog\0Level info\n";
	char err[CONF_ERRLEN], *big;
	struct conf *c;

	c = conf_parse("t.conf", nul, sizeof(nul) - 1, err, sizeof(err));
	ok(c == NULL, "a NUL octet is refused");
	is_str(err, "t.conf:2: NUL octet in line", "NUL message");
	big = malloc(CONF_MAX_LINE + 32);
	memset(big, 'x', CONF_MAX_LINE + 30);
	memcpy(big, "\nUserID ", 8);
	big[CONF_MAX_LINE + 30] = '\0';
	c = parse(big, err, sizeof(err));
	ok(c == NULL, "an over-long line is refused");
	is_str(err, "t.conf:2: line longer than 4095 octets", "long message");
	free(big);
}

/* test_defaults - no file: the documented defaults */
static void
test_defaults(void)
{
	struct conf *c = conf_new_default();

	ok(c != NULL, "defaults");
	is_str(c->socket, NULL, "Socket default: none");
	is_str(c->authserv_id, NULL, "AuthservID default: MTA's name");
	is_str(c->nameservers, NULL, "Nameservers default: resolv.conf");
	is_int(c->dns_timeout_ms, 5000, "DNSTimeout default 5 s");
	is_int(c->minimum_key_bits, 1024, "MinimumKeyBits default");
	is_int(c->maximum_signatures, 5, "MaximumSignatures default");
	is_int(c->clock_drift, 300, "ClockDrift default");
	ok(!c->allow_sha1, "AllowSHA1 default no");
	is_int(c->umask, 007, "UMask default 007");
	ok(c->syslog, "Syslog default yes");
	is_str(c->syslog_facility, "mail", "SyslogFacility default");
	is_int(c->log_level, LOG_LEVEL_INFO, "LogLevel default info");
	is_int(c->log_format, CONF_LOG_TEXT, "LogFormat default text");
	ok(!c->keep_original, "KeepOriginalHeaders default no");
	ok(c->policy != NULL, "an empty policy");
	ok(conf_is_internal(c, "127.0.0.1"), "127.0.0.1 internal by default");
	ok(conf_is_internal(c, "127.255.0.9"), "127/8 internal by default");
	ok(conf_is_internal(c, "::1"), "::1 internal by default");
	ok(conf_is_internal(c, "::ffff:127.0.0.2"), "mapped loopback too");
	ok(!conf_is_internal(c, "192.0.2.1"), "192.0.2.1 is not");
	ok(!conf_is_internal(c, NULL), "no address is not internal");
	ok(!conf_is_internal(c, "garbage"), "garbage is not internal");
	conf_unref(c);
}

static const char full[] = "# every key\n"
                           "  # indented comment\n"
                           "SOCKET   inet:8891@127.0.0.1\n"
                           "AuthservID mx.example.org\n"
                           "Nameservers 127.0.0.1@5353 ::1\n"
                           "DNSTimeout 500ms\n"
                           "InternalHosts 10.1.2.3/8 2001:db8::/32\n"
                           "MinimumKeyBits 2048\n"
                           "MaximumSignatures 10\n"
                           "ClockDrift 0\n"
                           "AllowSHA1 yes\n"
                           "UserID authmilter:mail\n"
                           "PidFile /run/authmilter.pid\n"
                           "UMask 022\n"
                           "Syslog no\n"
                           "SyslogFacility LOCAL3\n"
                           "loglevel debug\n"
                           "KeepOriginalHeaders on\t \n";

/* test_every_key - each key read and stored */
static void
test_every_key(void)
{
	char err[CONF_ERRLEN];
	struct conf *c = parse(full, err, sizeof(err));

	if (!ok(c != NULL, "a file with every key"))
		diag("%s", err);
	if (c == NULL)
		return;
	is_str(c->path, "t.conf", "path kept");
	is_str(c->socket, "inet:8891@127.0.0.1", "Socket");
	is_str(c->authserv_id, "mx.example.org", "AuthservID");
	is_str(c->nameservers, "127.0.0.1@5353,::1", "Nameservers joined");
	is_int(c->dns_timeout_ms, 500, "DNSTimeout 500ms");
	ok(conf_is_internal(c, "10.200.0.1"), "10/8 internal (host bits)");
	ok(conf_is_internal(c, "2001:db8:ffff::1"), "2001:db8::/32 internal");
	ok(!conf_is_internal(c, "127.0.0.1"), "explicit list replaces");
	ok(!conf_is_internal(c, "2001:db9::1"), "outside the /32");
	is_int(c->minimum_key_bits, 2048, "MinimumKeyBits");
	is_int(c->maximum_signatures, 10, "MaximumSignatures");
	is_int(c->clock_drift, 0, "ClockDrift");
	ok(c->allow_sha1, "AllowSHA1");
	is_str(c->user_id, "authmilter:mail", "UserID");
	is_str(c->pid_file, "/run/authmilter.pid", "PidFile");
	is_int(c->umask, 022, "UMask");
	ok(!c->syslog, "Syslog");
	is_str(c->syslog_facility, "local3", "SyslogFacility");
	is_int(c->log_level, LOG_LEVEL_DEBUG, "LogLevel, key any case");
	ok(c->keep_original, "KeepOriginalHeaders, trailing blanks cut");
	conf_unref(c);
}

/* test_values - the other spellings each syntax accepts */
static void
test_values(void)
{
	char err[CONF_ERRLEN];
	struct conf *c;

	c = parse("DNSTimeout 7s\nInternalHosts none\nSocket unix:/r/a\n"
	          "MinimumKeyBits 512\n",
	    err, sizeof(err));
	if (!ok(c != NULL, "7s, none, unix:"))
		diag("%s", err);
	if (c == NULL)
		return;
	is_int(c->dns_timeout_ms, 7000, "DNSTimeout 7s");
	is_int(c->ninternal, 0, "InternalHosts none: empty");
	ok(!conf_is_internal(c, "127.0.0.1"), "none: loopback is checked");
	conf_unref(c);
	c = parse("Socket inet6:8891@::1\nDNSTimeout 2\n", err, sizeof(err));
	ok(c != NULL && c->dns_timeout_ms == 2000, "inet6 socket, 2 s");
	conf_unref(c);
	c = parse(
	    "Syslog no # trailing comment\nPidFile /run/a#b\n"
	    "PolicyRule reject spf=fail 550 5.7.23 \"no #1 \\\" #2\" # c\n",
	    err, sizeof(err));
	if (!ok(c != NULL, "trailing comments"))
		diag("%s", err);
	ok(c != NULL && !c->syslog, "comment after white space cut");
	is_str(c != NULL ? c->pid_file : NULL, "/run/a#b",
	    "'#' inside a word kept");
	conf_unref(c);
	ok(conf_check_socket("local:/run/m.sock", err, sizeof(err)) == 0,
	    "local: socket");
	ok(conf_check_socket("inet:8891", err, sizeof(err)) == 0,
	    "inet:PORT without host");
}

/* test_set_and_refs - overrides and reference counting */
static void
test_set_and_refs(void)
{
	char err[CONF_ERRLEN];
	struct conf *c = conf_new_default();

	ok(conf_set(c, "Nameservers", "127.0.0.1@53000", err, sizeof(err)) == 0,
	    "override Nameservers");
	is_str(c->nameservers, "127.0.0.1@53000", "override stored");
	ok(conf_set(c, "socket", "tcp:1", err, sizeof(err)) == -1,
	    "bad override refused");
	is_str(err,
	    "Socket: 'tcp:1' is not inet:PORT@HOST, inet6:PORT@HOST, "
	    "unix:PATH or local:PATH",
	    "override message names the key");
	ok(conf_set(c, "Nope", "1", err, sizeof(err)) == -1, "unknown key");
	is_str(err, "unknown key 'Nope'", "unknown override message");
	ok(conf_ref(c) == c && c->refs == 2, "conf_ref counts");
	conf_unref(c);
	is_int(c->refs, 1, "conf_unref counts down");
	conf_unref(c);
	conf_unref(NULL);
	ok(1, "conf_unref(NULL) is a no-op");
}

/* test_load - files: missing, readable, policy keys reach policy */
static void
test_load(void)
{
	char err[CONF_ERRLEN], dir[] = "/tmp/conf-test.XXXXXX", path[300];
	struct conf *c;
	FILE *f;

	if (mkdtemp(dir) == NULL)
		bail_out("mkdtemp %s failed", dir);
	snprintf(path, sizeof(path), "%s/none.conf", dir);
	c = conf_load(path, err, sizeof(err));
	ok(c == NULL, "a missing explicit file is an error");
	snprintf(
	    path, sizeof(path), "%s/none.conf: No such file or directory", dir);
	is_str(err, path, "missing file message");
	snprintf(path, sizeof(path), "%s/a.conf", dir);
	if ((f = fopen(path, "w")) == NULL)
		bail_out("cannot write %s", path);
	fputs("AuthservID a.example\nDryRun yes\nBogus 1\n", f);
	fclose(f);
	c = conf_load(path, err, sizeof(err));
	ok(c == NULL, "error in a file");
	snprintf(path, sizeof(path), "%s/a.conf:3: unknown key 'Bogus'", dir);
	is_str(err, path, "file:line names the file and the third line");
	snprintf(path, sizeof(path), "%s/a.conf", dir);
	unlink(path);
	rmdir(dir);
}

/* get_sha1 - AllowSHA1 */
static bool
get_sha1(const struct conf *c)
{
	return c->allow_sha1;
}

/* get_syslog - Syslog */
static bool
get_syslog(const struct conf *c)
{
	return c->syslog;
}

/* get_keep - KeepOriginalHeaders */
static bool
get_keep(const struct conf *c)
{
	return c->keep_original;
}

/* get_dry_run - DryRun */
static bool
get_dry_run(const struct conf *c)
{
	return policy_dry_run(c->policy);
}

/* Every key with a valid value; get: a yes/no key's field. */
static const struct {
	const char *key, *value;
	bool (*get)(const struct conf *);
} keys[] = {
	{ "Socket", "inet:8891@127.0.0.1", NULL },
	{ "MetricsSocket", "inet:9894@127.0.0.1", NULL },
	{ "AuthservID", "mx.example", NULL },
	{ "Nameservers", "127.0.0.1", NULL }, { "DNSTimeout", "5s", NULL },
	{ "SPFTimeout", "20s", NULL }, { "IprevTimeout", "10s", NULL },
	{ "DKIMTimeout", "10s", NULL }, { "ARCTimeout", "10s", NULL },
	{ "InternalHosts", "127.0.0.0/8", NULL },
	{ "TrustedForwarders", "192.0.2.0/24", NULL },
	{ "TrustedARCSealers", "lists.example.org", NULL },
	{ "ARCSealKey", "/etc/authmilter/arc.key", NULL },
	{ "ARCSealDomain", "mx.example.org", NULL },
	{ "ARCSealSelector", "arc2026", NULL },
	{ "DMARCDiscovery", "treewalk", NULL },
	{ "PublicSuffixList", "/usr/share/publicsuffix/public_suffix_list.dat",
	    NULL },
	{ "DMARCTimeout", "5s", NULL }, { "MinimumKeyBits", "1024", NULL },
	{ "MaximumSignatures", "5", NULL }, { "ClockDrift", "300", NULL },
	{ "AllowSHA1", "no", get_sha1 }, { "UserID", "authmilter", NULL },
	{ "PidFile", "/run/authmilter.pid", NULL }, { "UMask", "007", NULL },
	{ "Syslog", "yes", get_syslog }, { "SyslogFacility", "mail", NULL },
	{ "LogLevel", "info", NULL }, { "LogFormat", "text", NULL },
	{ "KeepOriginalHeaders", "no", get_keep },
	{ "DryRun", "no", get_dry_run }, { "IprevPolicyStage", "rcpt", NULL },
	{ "Chroot", "/var/lib/authmilter", NULL },
	{ "ReportStore", "sqlite:/var/lib/authmilter/dmarc.db", NULL },
	{ "ReportQueue", "10000", NULL },
	{ "ReportOrgName", "Example Receiver", NULL },
	{ "ReportEmail", "dmarc-reports@example.org", NULL },
	{ "PolicyRule", "reject spf=fail", NULL }, /* the one that repeats */
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

/* slurp - a whole text file (NUL-terminated, capped); bails out if unread */
static char *
slurp(const char *path)
{
	static char bufs[3][65536];
	static int next;
	char *buf = bufs[next++ % 3];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		bail_out("cannot read %s", path);
	n = fread(buf, 1, sizeof(bufs[0]) - 1, f);
	if (ferror(f) || !feof(f))
		bail_out("%s: unreadable or over %zu octets", path, n);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* key_index - the entry of keys[] for name, or -1 */
static int
key_index(const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].key, name) == 0)
			return (int)i;
	return -1;
}

/* test_documented - the manual documents every key (".TP" then ".B Key")
 * and nothing else of a key's shape; the sample file names every key */
static void
test_documented(const char *man, const char *sample)
{
	char pat[96], word[64], *part;
	const char *p;
	size_t i, n;

	for (i = 0; i < CONF_NKEYS; i++)
		ok(key_index(conf_key_name((int)i)) >= 0,
		    "%s is in this test's walk", conf_key_name((int)i));
	is_int(NKEYS, CONF_NKEYS + 1, "the walk has every key and PolicyRule");
	for (i = 0; i < NKEYS; i++) {
		snprintf(pat, sizeof(pat), "\n.TP\n.B %s\n", keys[i].key);
		ok(strstr(man, pat) != NULL, "%s is in authmilter.conf(5)",
		    keys[i].key);
		snprintf(pat, sizeof(pat), "\n#%s\t", keys[i].key);
		ok(strstr(sample, pat) != NULL ||
		        (snprintf(pat, sizeof(pat), "\n%s\t", keys[i].key),
		            strstr(sample, pat) != NULL),
		    "%s is in conf/authmilter.conf", keys[i].key);
	}
	n = 0;
	for (p = man; (p = strstr(p, "\n.TP\n.B ")) != NULL; p++) {
		if (sscanf(p + 8, "%63[A-Za-z0-9]", word) != 1 ||
		    word[0] < 'A' || word[0] > 'Z' ||
		    p[8 + strlen(word)] != '\n')
			continue;
		n++;
		if (key_index(word) < 0)
			ok(0, "authmilter.conf(5) documents %s, no key", word);
	}
	is_int(n, NKEYS, "authmilter.conf(5) documents as many keys as exist");
	/* the POLICY section is src/policy's text, copied in by hand */
	part = slurp(CONF_TEST_SRCDIR "/src/policy/policy.conf.5.part");
	part = strchr(part, '\n');
	ok(part != NULL && strstr(man, part + 1) != NULL,
	    "authmilter.conf(5) carries policy.conf.5.part unchanged");
}

/* test_twice - a key given twice is refused, except PolicyRule */
static void
test_twice(void)
{
	char text[256], want[128], err[CONF_ERRLEN];
	struct conf *c;
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		snprintf(text, sizeof(text), "%s %s\n%s %s\n", keys[i].key,
		    keys[i].value, keys[i].key, keys[i].value);
		c = parse(text, err, sizeof(err));
		if (strcmp(keys[i].key, "PolicyRule") == 0) {
			ok(c != NULL, "PolicyRule may repeat");
			conf_unref(c);
			continue;
		}
		snprintf(want, sizeof(want),
		    "t.conf:2: %s: given twice (first on line 1)", keys[i].key);
		is_str(c == NULL ? err : "accepted", want,
		    "%s twice is refused", keys[i].key);
		conf_unref(c);
	}
}

/* test_booleans - every yes/no key takes the words the manual lists
 * (".BR yes / no ," lines after "Yes/no values accept") */
static void
test_booleans(const char *man)
{
	char yes[16], no[16], text[128], err[CONF_ERRLEN], words[16][2][16];
	const char *p = strstr(man, "Yes/no values accept\n");
	struct conf *c;
	size_t i, j, k, n = 0;

	ok(p != NULL, "authmilter.conf(5) lists the yes/no words");
	for (p = p != NULL ? strchr(p, '\n') : NULL;
	     p != NULL && strncmp(p, "\n.BR ", 5) == 0 && n < 16;
	     p = strchr(p + 1, '\n')) {
		if (sscanf(p, "\n.BR %15[^ /] / %15[^ ,.\n]", yes, no) != 2)
			break;
		memcpy(words[n][0], yes, sizeof(yes));
		memcpy(words[n][1], no, sizeof(no));
		n++;
	}
	is_int(n, 4, "four pairs of yes/no words documented");
	for (i = 0; i < NKEYS; i++) {
		if (keys[i].get == NULL)
			continue;
		for (j = 0; j < n; j++)
			for (k = 0; k < 2; k++) {
				snprintf(text, sizeof(text), "%s %s\n",
				    keys[i].key, words[j][k]);
				c = parse(text, err, sizeof(err));
				ok(c != NULL && keys[i].get(c) == (k == 0),
				    "%s %s is %s", keys[i].key, words[j][k],
				    k == 0 ? "on" : "off");
				if (c == NULL)
					diag("%s", err);
				conf_unref(c);
			}
		snprintf(text, sizeof(text), "%s maybe\n", keys[i].key);
		c = parse(text, err, sizeof(err));
		snprintf(text, sizeof(text),
		    "t.conf:1: %s: 'maybe' is not yes or no", keys[i].key);
		is_str(c == NULL ? err : "accepted", text,
		    "%s maybe is refused", keys[i].key);
		conf_unref(c);
	}
}

int
main(void)
{
	char *man, *sample;

	plan(347);
	test_refusals();
	test_limits();
	test_defaults();
	test_every_key();
	test_values();
	test_set_and_refs();
	test_load();
	man = slurp(CONF_TEST_SRCDIR "/src/authmilter.conf.5");
	sample = slurp(CONF_TEST_SRCDIR "/conf/authmilter.conf");
	test_documented(man, sample);
	test_twice();
	test_booleans(man);
	return done_testing();
}
