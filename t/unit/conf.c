/*
 * conf.c - the configuration reader: every key's accepted values and
 * defaults, and every refusal with its exact "file:line: message".
 */
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/conf.h"
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
	{ "trusted id not a token", "TrustedAuthservIDs a.example, b@c\n",
	    "t.conf:1: TrustedAuthservIDs: 'b@c' is not a token (RFC 2045)" },
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
	is_int(c->ntrusted, 0, "TrustedAuthservIDs default: none");
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
                           "TrustedAuthservIDs relay.example.org, "
                           "Other.Example gw.example\n"
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
	is_int(c->ntrusted, 3, "TrustedAuthservIDs count");
	ok(conf_is_trusted(c, "other.example"), "trusted, case-insensitive");
	ok(conf_is_trusted(c, "gw.example"), "trusted, space separated");
	ok(!conf_is_trusted(c, "mx.example.org"), "ours is not in the list");
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

int
main(void)
{
	plan(143);
	test_refusals();
	test_limits();
	test_defaults();
	test_every_key();
	test_values();
	test_set_and_refs();
	test_load();
	return done_testing();
}
