/*
 * conf_keys.c - the table of configuration keys: each key's canonical
 * spelling and the function that checks its value and stores it in a
 * struct conf, replacing what was there (so the same code serves the file
 * and command-line overrides). DryRun and IprevPolicyStage are here too, so
 * they are checked like every other key; only PolicyRule, which may repeat,
 * goes to the policy module as it stands.
 */
#include <sys/socket.h>

#include <ctype.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "authres/authres.h"
#include "conf/conf.h"
#include "conf/conf_int.h"
#include "policy/policy.h"
#include "report/report_queue.h"
#include "report/report_rua.h"
#include "report/report_store.h"
#include "util/domain.h"
#include "util/log.h"

/* conf_set_str - replace *slot with a copy of v */
static int
conf_set_str(char **slot, const char *v, char *err, size_t errlen)
{
	char *copy = strdup(v);

	if (copy == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	free(*slot);
	*slot = copy;
	return 0;
}

/* conf_key_socket - Socket */
static int
conf_key_socket(struct conf *c, const char *v, char *err, size_t errlen)
{
	if (conf_check_socket(v, err, errlen) == -1)
		return -1;
	return conf_set_str(&c->socket, v, err, errlen);
}

/* conf_key_metrics - MetricsSocket: TCP only (an HTTP scraper) */
static int
conf_key_metrics(struct conf *c, const char *v, char *err, size_t errlen)
{
	if (strncmp(v, "inet:", 5) != 0 && strncmp(v, "inet6:", 6) != 0) {
		snprintf(err, errlen,
		    "'%s' is not inet:PORT@ADDRESS or "
		    "inet6:PORT@ADDRESS",
		    v);
		return -1;
	}
	if (conf_check_socket(v, err, errlen) == -1)
		return -1;
	return conf_set_str(&c->metrics_socket, v, err, errlen);
}

/* conf_key_authserv_id - AuthservID: written unquoted, so a token */
static int
conf_key_authserv_id(struct conf *c, const char *v, char *err, size_t errlen)
{
	if (!authres_is_token(v) || strlen(v) > 255) {
		snprintf(err, errlen, "'%s' is not a token (RFC 2045)", v);
		return -1;
	}
	return conf_set_str(&c->authserv_id, v, err, errlen);
}

/* conf_key_nameservers - Nameservers: ADDR[@PORT] list, stored with
 * commas as the resolver wants it */
static int
conf_key_nameservers(struct conf *c, const char *v, char *err, size_t errlen)
{
	char item[64], joined[CONF_MAX_LINE];
	const char *p = v;
	size_t n = 0;

	joined[0] = '\0';
	while (conf_list_next(&p, item, sizeof(item))) {
		if (conf_value_nameserver(item, err, errlen) == -1)
			return -1;
		if (++n > CONF_MAX_LIST) {
			snprintf(
			    err, errlen, "more than %d servers", CONF_MAX_LIST);
			return -1;
		}
		if (n > 1)
			strlcat(joined, ",", sizeof(joined));
		strlcat(joined, item, sizeof(joined));
	}
	if (n == 0) {
		snprintf(err, errlen, "no server given");
		return -1;
	}
	return conf_set_str(&c->nameservers, joined, err, errlen);
}

/* conf_key_timeout - DNSTimeout */
static int
conf_key_timeout(struct conf *c, const char *v, char *err, size_t errlen)
{
	return conf_value_duration_ms(
	    v, 10, 300 * 1000, &c->dns_timeout_ms, err, errlen);
}

/* conf_key_spf_timeout - SPFTimeout */
static int
conf_key_spf_timeout(struct conf *c, const char *v, char *err, size_t errlen)
{
	return conf_value_duration_ms(
	    v, 10, 300 * 1000, &c->spf_timeout_ms, err, errlen);
}

/* conf_key_iprev_timeout - IprevTimeout */
static int
conf_key_iprev_timeout(struct conf *c, const char *v, char *err, size_t errlen)
{
	return conf_value_duration_ms(
	    v, 10, 300 * 1000, &c->iprev_timeout_ms, err, errlen);
}

/* conf_key_dkim_timeout - DKIMTimeout */
static int
conf_key_dkim_timeout(struct conf *c, const char *v, char *err, size_t errlen)
{
	return conf_value_duration_ms(
	    v, 10, 300 * 1000, &c->dkim_timeout_ms, err, errlen);
}

/* conf_key_arc_timeout - ARCTimeout */
static int
conf_key_arc_timeout(struct conf *c, const char *v, char *err, size_t errlen)
{
	return conf_value_duration_ms(
	    v, 10, 300 * 1000, &c->arc_timeout_ms, err, errlen);
}

/* conf_cidr_list - a CIDR list, or "none", into *out and *nout */
static int
conf_cidr_list(const char *v, struct conf_cidr **out, size_t *nout, char *err,
    size_t errlen)
{
	struct conf_cidr *list = NULL, *grown;
	char item[64];
	const char *p = v;
	size_t n = 0;

	if (strcasecmp(v, "none") == 0)
		goto done;
	while (conf_list_next(&p, item, sizeof(item))) {
		if (n == CONF_MAX_LIST) {
			snprintf(
			    err, errlen, "more than %d entries", CONF_MAX_LIST);
			goto fail;
		}
		grown = reallocarray(list, n + 1, sizeof(*list));
		if (grown == NULL) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		list = grown;
		if (conf_value_cidr(item, &list[n], err, errlen) == -1)
			goto fail;
		n++;
	}
done:
	free(*out);
	*out = list;
	*nout = n;
	return 0;
fail:
	free(list);
	return -1;
}

/* conf_key_dmarc_timeout - DMARCTimeout */
static int
conf_key_dmarc_timeout(struct conf *c, const char *v, char *err, size_t errlen)
{
	return conf_value_duration_ms(
	    v, 10, 60 * 1000, &c->dmarc_timeout_ms, err, errlen);
}

/* conf_key_dmarc_discovery - DMARCDiscovery: treewalk, psl or auto */
static int
conf_key_dmarc_discovery(
    struct conf *c, const char *v, char *err, size_t errlen)
{
	int m = dmarc_mode_from_name(v);

	if (m != -1) {
		c->dmarc_discovery = (enum dmarc_mode)m;
		return 0;
	}
	snprintf(err, errlen, "'%s' is not treewalk, psl or auto", v);
	return -1;
}

/* conf_key_psl - PublicSuffixList: a file, checked when DMARC starts */
static int
conf_key_psl(struct conf *c, const char *v, char *err, size_t errlen)
{
	if (v[0] != '/') {
		snprintf(err, errlen, "'%s' is not an absolute path", v);
		return -1;
	}
	return conf_set_str(&c->psl_path, v, err, errlen);
}

/* conf_key_internal - InternalHosts: CIDR list, or "none" */
static int
conf_key_internal(struct conf *c, const char *v, char *err, size_t errlen)
{
	return conf_cidr_list(v, &c->internal, &c->ninternal, err, errlen);
}

/* conf_key_forwarders - TrustedForwarders: CIDR list, or "none" */
static int
conf_key_forwarders(struct conf *c, const char *v, char *err, size_t errlen)
{
	return conf_cidr_list(v, &c->forwarders, &c->nforwarders, err, errlen);
}

/* conf_key_arc_sealers - TrustedARCSealers: domains, comma or space
 * separated, kept as " a b " in lower case for conf_is_arc_sealer() */
static int
conf_key_arc_sealers(struct conf *c, const char *v, char *err, size_t errlen)
{
	char list[CONF_MAX_LINE + 2], item[DOMAIN_NAME_MAX + 1];
	const char *p = v;
	size_t n = 1, k;

	list[0] = ' ';
	while (*p != '\0') {
		k = strcspn(p, ", \t");
		if (k == 0) {
			p++;
			continue;
		}
		if (k > DOMAIN_NAME_MAX || n + k + 2 > sizeof(list)) {
			snprintf(err, errlen, "'%.*s' is not a domain name",
			    (int)(k > 64 ? 64 : k), p);
			return -1;
		}
		memcpy(item, p, k);
		item[k] = '\0';
		if (!domain_name_ok(item, 0)) {
			snprintf(
			    err, errlen, "'%s' is not a domain name", item);
			return -1;
		}
		for (size_t i = 0; i < k; i++)
			list[n++] = (char)tolower((unsigned char)item[i]);
		list[n++] = ' ';
		p += k;
	}
	list[n] = '\0';
	return conf_set_str(&c->arc_sealers, list, err, errlen);
}

/* conf_key_seal_key - ARCSealKey: an absolute path */
static int
conf_key_seal_key(struct conf *c, const char *v, char *err, size_t errlen)
{
	if (v[0] != '/') {
		snprintf(err, errlen, "'%s' is not an absolute path", v);
		return -1;
	}
	return conf_set_str(&c->arc_seal_key, v, err, errlen);
}

/* conf_key_seal_domain - ARCSealDomain: a domain name */
static int
conf_key_seal_domain(struct conf *c, const char *v, char *err, size_t errlen)
{
	if (!domain_name_ok(v, 0)) {
		snprintf(err, errlen, "'%s' is not a domain name", v);
		return -1;
	}
	return conf_set_str(&c->arc_seal_domain, v, err, errlen);
}

/* conf_key_seal_selector - ARCSealSelector: one or more labels */
static int
conf_key_seal_selector(struct conf *c, const char *v, char *err, size_t errlen)
{
	if (!domain_name_ok(v, DOMAIN_NAME_ONE_LABEL)) {
		snprintf(err, errlen, "'%s' is not a selector", v);
		return -1;
	}
	return conf_set_str(&c->arc_seal_selector, v, err, errlen);
}

/* conf_key_uint - store a number in [min, max] into an unsigned field */
static int
conf_key_uint(unsigned *slot, const char *v, long long min, long long max,
    char *err, size_t errlen)
{
	long long n;

	if (conf_value_number(v, min, max, &n, err, errlen) == -1)
		return -1;
	*slot = (unsigned)n;
	return 0;
}

/* conf_key_min_bits - MinimumKeyBits (RFC 8301: 1024 is the floor to
 * trust; smaller values are for tests and old keys) */
static int
conf_key_min_bits(struct conf *c, const char *v, char *err, size_t errlen)
{
	return conf_key_uint(&c->minimum_key_bits, v, 512, 16384, err, errlen);
}

/* conf_key_max_sigs - MaximumSignatures */
static int
conf_key_max_sigs(struct conf *c, const char *v, char *err, size_t errlen)
{
	return conf_key_uint(&c->maximum_signatures, v, 1, 100, err, errlen);
}

/* conf_key_drift - ClockDrift */
static int
conf_key_drift(struct conf *c, const char *v, char *err, size_t errlen)
{
	return conf_key_uint(&c->clock_drift, v, 0, 86400, err, errlen);
}

/* conf_key_sha1 - AllowSHA1 */
static int
conf_key_sha1(struct conf *c, const char *v, char *err, size_t errlen)
{
	return conf_value_bool(v, &c->allow_sha1, err, errlen);
}

/* conf_key_user - UserID: user or user:group, no white space */
static int
conf_key_user(struct conf *c, const char *v, char *err, size_t errlen)
{
	if (strcspn(v, " \t") != strlen(v) || strlen(v) > 64) {
		snprintf(err, errlen, "'%s' is not user[:group]", v);
		return -1;
	}
	return conf_set_str(&c->user_id, v, err, errlen);
}

/* conf_key_pidfile - PidFile: an absolute path */
static int
conf_key_pidfile(struct conf *c, const char *v, char *err, size_t errlen)
{
	if (v[0] != '/' || strlen(v) > 1024) {
		snprintf(err, errlen, "'%s' is not an absolute path", v);
		return -1;
	}
	return conf_set_str(&c->pid_file, v, err, errlen);
}

/* conf_key_chroot - Chroot: an absolute directory path */
static int
conf_key_chroot(struct conf *c, const char *v, char *err, size_t errlen)
{
	if (v[0] != '/' || strlen(v) > 1024) {
		snprintf(err, errlen, "'%s' is not an absolute path", v);
		return -1;
	}
	return conf_set_str(&c->chroot, v, err, errlen);
}

/* conf_key_umask - UMask */
static int
conf_key_umask(struct conf *c, const char *v, char *err, size_t errlen)
{
	unsigned long m;

	if (conf_value_octal(v, 0777, &m, err, errlen) == -1)
		return -1;
	c->umask = (mode_t)m;
	return 0;
}

/* conf_key_syslog - Syslog */
static int
conf_key_syslog(struct conf *c, const char *v, char *err, size_t errlen)
{
	return conf_value_bool(v, &c->syslog, err, errlen);
}

/* conf_key_log_format - LogFormat text|json */
static int
conf_key_log_format(struct conf *c, const char *v, char *err, size_t errlen)
{
	if (strcasecmp(v, "text") == 0)
		c->log_format = CONF_LOG_TEXT;
	else if (strcasecmp(v, "json") == 0)
		c->log_format = CONF_LOG_JSON;
	else {
		snprintf(err, errlen, "'%s' is not text or json", v);
		return -1;
	}
	return 0;
}

/* conf_key_facility - SyslogFacility: the names log_open() knows */
static int
conf_key_facility(struct conf *c, const char *v, char *err, size_t errlen)
{
	const char *name = log_facility_name(v);

	if (name != NULL)
		return conf_set_str(&c->syslog_facility, name, err, errlen);
	snprintf(err, errlen,
	    "'%s' is not mail, daemon, user or local0 to local7", v);
	return -1;
}

/* conf_key_loglevel - LogLevel */
static int
conf_key_loglevel(struct conf *c, const char *v, char *err, size_t errlen)
{
	int level = log_level_from_name(v);

	if (level < 0) {
		snprintf(
		    err, errlen, "'%s' is not err, warning, info or debug", v);
		return -1;
	}
	c->log_level = level;
	return 0;
}

/* conf_key_keep - KeepOriginalHeaders */
static int
conf_key_keep(struct conf *c, const char *v, char *err, size_t errlen)
{
	return conf_value_bool(v, &c->keep_original, err, errlen);
}

/* conf_key_dry_run - DryRun */
static int
conf_key_dry_run(struct conf *c, const char *v, char *err, size_t errlen)
{
	bool on;

	if (conf_value_bool(v, &on, err, errlen) == -1)
		return -1;
	policy_set_dry_run(c->policy, on);
	return 0;
}

/* conf_key_iprev_stage - IprevPolicyStage */
static int
conf_key_iprev_stage(struct conf *c, const char *v, char *err, size_t errlen)
{
	return policy_set_iprev_stage(c->policy, v, err, errlen);
}

/* conf_key_report_store - ReportStore: checked now, connected later */
static int
conf_key_report_store(struct conf *c, const char *v, char *err, size_t errlen)
{
	enum report_kind kind;

	if (report_store_url_check(v, &kind, err, errlen) == -1)
		return -1;
	return conf_set_str(&c->report_store, v, err, errlen);
}

/* conf_key_report_queue - ReportQueue: 1 to REPORT_QUEUE_MAX records */
static int
conf_key_report_queue(struct conf *c, const char *v, char *err, size_t errlen)
{
	long long n;

	if (conf_value_number(v, 1, REPORT_QUEUE_MAX, &n, err, errlen) == -1)
		return -1;
	c->report_queue = (size_t)n;
	return 0;
}

/* conf_key_report_org - ReportOrgName: one line of printable text, as it
 * goes into the Subject of every report mail */
static int
conf_key_report_org(struct conf *c, const char *v, char *err, size_t errlen)
{
	const char *p;

	for (p = v; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			break;
	if (*p != '\0' || *v == '\0' || p - v > 255) {
		snprintf(err, errlen,
		    "1 to 255 octets of text without control characters");
		return -1;
	}
	return conf_set_str(&c->report_org, v, err, errlen);
}

/* conf_key_report_email - ReportEmail: the From of report mail */
static int
conf_key_report_email(struct conf *c, const char *v, char *err, size_t errlen)
{
	if (!report_addr_ok(v)) {
		snprintf(err, errlen, "not a plain local@domain address");
		return -1;
	}
	return conf_set_str(&c->report_email, v, err, errlen);
}

static const struct {
	const char *name;
	int (*apply)(struct conf *, const char *, char *, size_t);
} conf_keys[] = {
	{ "Socket", conf_key_socket },
	{ "AuthservID", conf_key_authserv_id },
	{ "Nameservers", conf_key_nameservers },
	{ "DNSTimeout", conf_key_timeout },
	{ "SPFTimeout", conf_key_spf_timeout },
	{ "IprevTimeout", conf_key_iprev_timeout },
	{ "DKIMTimeout", conf_key_dkim_timeout },
	{ "ARCTimeout", conf_key_arc_timeout },
	{ "InternalHosts", conf_key_internal },
	{ "TrustedForwarders", conf_key_forwarders },
	{ "TrustedARCSealers", conf_key_arc_sealers },
	{ "ARCSealKey", conf_key_seal_key },
	{ "ARCSealDomain", conf_key_seal_domain },
	{ "ARCSealSelector", conf_key_seal_selector },
	{ "DMARCDiscovery", conf_key_dmarc_discovery },
	{ "PublicSuffixList", conf_key_psl },
	{ "DMARCTimeout", conf_key_dmarc_timeout },
	{ "MinimumKeyBits", conf_key_min_bits },
	{ "MaximumSignatures", conf_key_max_sigs },
	{ "ClockDrift", conf_key_drift },
	{ "AllowSHA1", conf_key_sha1 },
	{ "UserID", conf_key_user },
	{ "PidFile", conf_key_pidfile },
	{ "UMask", conf_key_umask },
	{ "Syslog", conf_key_syslog },
	{ "SyslogFacility", conf_key_facility },
	{ "LogLevel", conf_key_loglevel },
	{ "LogFormat", conf_key_log_format },
	{ "MetricsSocket", conf_key_metrics },
	{ "KeepOriginalHeaders", conf_key_keep },
	{ "DryRun", conf_key_dry_run },
	{ "IprevPolicyStage", conf_key_iprev_stage },
	{ "Chroot", conf_key_chroot },
	{ "ReportStore", conf_key_report_store },
	{ "ReportQueue", conf_key_report_queue },
	{ "ReportOrgName", conf_key_report_org },
	{ "ReportEmail", conf_key_report_email },
};

_Static_assert(sizeof(conf_keys) / sizeof(conf_keys[0]) == CONF_NKEYS,
    "CONF_NKEYS must count the key table");

/* conf_key_find - the index of key (case-insensitive), or -1 */
int
conf_key_find(const char *key)
{
	size_t i;

	for (i = 0; i < CONF_NKEYS; i++)
		if (strcasecmp(key, conf_keys[i].name) == 0)
			return (int)i;
	return -1;
}

/* conf_key_name - the canonical spelling of key i */
const char *
conf_key_name(int i)
{
	return conf_keys[i].name;
}

/* conf_key_apply - check and store value for key i */
int
conf_key_apply(
    struct conf *c, int i, const char *value, char *err, size_t errlen)
{
	return conf_keys[i].apply(c, value, err, errlen);
}
