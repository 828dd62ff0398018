/*
 * conf.c - reading the configuration file into an immutable, reference-
 * counted struct conf. Lines are "Key value"; '#' at the start or after
 * white space starts a comment, except inside a quoted policy reply text;
 * a key given twice is an error (PolicyRule may repeat). Lines are capped at
 * CONF_MAX_LINE octets and files at CONF_MAX_FILE.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "conf/conf.h"
#include "conf/conf_int.h"
#include "policy/policy.h"
#include "report/report_queue.h"
#include "util/domain.h"
#include "util/ipaddr.h"
#include "util/log.h"

#define CONF_MAX_FILE (1024 * 1024)

/* conf_new_default - every key at its default */
struct conf *
conf_new_default(void)
{
	struct conf *c = calloc(1, sizeof(*c));
	char err[CONF_ERRLEN];

	if (c == NULL)
		return NULL;
	c->refs = 1;
	c->dns_timeout_ms = 5000;
	c->spf_timeout_ms = 20000; /* RFC 7208 4.6.4: at least 20 s */
	c->iprev_timeout_ms = 10000;
	c->dkim_timeout_ms = 10000;
	c->arc_timeout_ms = 10000;
	c->dmarc_timeout_ms = 5000;
	c->minimum_key_bits = 1024;
	c->maximum_signatures = 5;
	c->clock_drift = 300;
	c->report_queue = REPORT_QUEUE_DEFAULT;
	c->umask = 007;
	c->syslog = true;
	c->log_level = LOG_LEVEL_INFO;
	c->syslog_facility = strdup("mail");
	c->policy = policy_new();
	/* as the peers do: loopback is internal unless InternalHosts says */
	if (c->syslog_facility == NULL || c->policy == NULL ||
	    conf_key_apply(c, conf_key_find("InternalHosts"),
	        "127.0.0.0/8, ::1", err, sizeof(err)) == -1) {
		conf_unref(c);
		return NULL;
	}
	return c;
}

/* conf_ref - one more reference */
struct conf *
conf_ref(struct conf *c)
{
	__atomic_add_fetch(&c->refs, 1, __ATOMIC_RELAXED);
	return c;
}

/* conf_unref - drop a reference; the last one frees */
void
conf_unref(struct conf *c)
{
	if (c == NULL || __atomic_sub_fetch(&c->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	free(c->path);
	free(c->socket);
	free(c->authserv_id);
	free(c->nameservers);
	free(c->internal);
	free(c->forwarders);
	free(c->arc_sealers);
	free(c->arc_seal_key);
	free(c->arc_seal_domain);
	free(c->arc_seal_selector);
	free(c->psl_path);
	free(c->user_id);
	free(c->pid_file);
	free(c->metrics_socket);
	free(c->chroot);
	free(c->syslog_facility);
	free(c->report_store);
	free(c->report_org);
	free(c->report_email);
	policy_free(c->policy);
	free(c);
}

/* conf_set - an override of one key, before the conf is shared */
int
conf_set(struct conf *c, const char *key, const char *value, char *err,
    size_t errlen)
{
	char why[CONF_ERRLEN];
	int i = conf_key_find(key);

	if (i < 0) {
		snprintf(err, errlen, "unknown key '%s'", key);
		return -1;
	}
	if (conf_key_apply(c, i, value, why, sizeof(why)) == -1) {
		snprintf(err, errlen, "%s: %s", conf_key_name(i), why);
		return -1;
	}
	return 0;
}

/* conf_strip_comment - cut a '#' comment that starts the line or follows
 * white space, outside a double-quoted text (a policy reply may hold '#') */
static void
conf_strip_comment(char *line)
{
	bool quoted = false;
	char *p;

	for (p = line; *p != '\0'; p++) {
		if (quoted && *p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '"')
			quoted = !quoted;
		else if (!quoted && *p == '#' &&
		    (p == line || p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			return;
		}
	}
}

/* conf_line - split and apply one line (NUL-terminated, no newline);
 * seen[] holds the line where each key was first given */
static int
conf_line(struct conf *c, unsigned lineno, char *line, unsigned *seen,
    char *why, size_t whylen)
{
	char *key, *value, *end;
	int i, r;

	conf_strip_comment(line);
	key = line + strspn(line, " \t");
	if (*key == '\0' || *key == '#')
		return 0;
	value = key + strcspn(key, " \t");
	if (*value != '\0')
		*value++ = '\0';
	value += strspn(value, " \t");
	end = value + strlen(value);
	while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	i = conf_key_find(key);
	if (i < 0) {
		r = policy_config_line(
		    c->policy, lineno, key, value, why, whylen);
		if (r == 0)
			snprintf(why, whylen, "unknown key '%s'", key);
		return r == 1 ? 0 : -1;
	}
	if (*value == '\0') {
		snprintf(why, whylen, "%s: missing value", conf_key_name(i));
		return -1;
	}
	if (seen[i] != 0) {
		snprintf(why, whylen, "%s: given twice (first on line %u)",
		    conf_key_name(i), seen[i]);
		return -1;
	}
	seen[i] = lineno;
	return conf_set(c, key, value, why, whylen);
}

/* conf_parse - read the lines of text into a new conf */
struct conf *
conf_parse(
    const char *name, const char *text, size_t len, char *err, size_t errlen)
{
	char line[CONF_MAX_LINE], why[CONF_ERRLEN];
	unsigned seen[CONF_NKEYS] = { 0 }, lineno = 0;
	struct conf *c = conf_new_default();
	size_t pos = 0, n;
	const char *nl;

	if (c == NULL || (c->path = strdup(name)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", name);
		conf_unref(c);
		return NULL;
	}
	while (pos < len) {
		lineno++;
		nl = memchr(text + pos, '\n', len - pos);
		n = nl != NULL ? (size_t)(nl - (text + pos)) : len - pos;
		if (n > 0 && text[pos + n - 1] == '\r')
			n--;
		if (n >= sizeof(line))
			snprintf(why, sizeof(why),
			    "line longer than %zu octets", sizeof(line) - 1);
		else if (memchr(text + pos, '\0', n) != NULL)
			snprintf(why, sizeof(why), "NUL octet in line");
		else {
			memcpy(line, text + pos, n);
			line[n] = '\0';
			if (conf_line(
			        c, lineno, line, seen, why, sizeof(why)) == 0)
				goto next;
		}
		snprintf(err, errlen, "%s:%u: %s", name, lineno, why);
		conf_unref(c);
		return NULL;
next:
		pos +=
		    (nl != NULL ? (size_t)(nl - (text + pos)) + 1 : len - pos);
	}
	return c;
}

/* conf_read_file - the whole file into a new buffer (*lenp octets) */
static char *
conf_read_file(const char *path, size_t *lenp, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t len = 0;
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if ((buf = malloc(CONF_MAX_FILE + 1)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto fail;
	}
	while ((r = read(fd, buf + len, CONF_MAX_FILE + 1 - len)) > 0)
		if ((len += (size_t)r) > CONF_MAX_FILE)
			break;
	if (r == -1 || len > CONF_MAX_FILE) {
		snprintf(err, errlen, "%s: %s", path,
		    r == -1 ? strerror(errno) : "file too large");
		goto fail;
	}
	close(fd);
	*lenp = len;
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

/* conf_load - read a file; no path: the default one, or the defaults */
struct conf *
conf_load(const char *path, char *err, size_t errlen)
{
	struct conf *c;
	char *text;
	size_t len;

	if (path == NULL) {
		path = CONF_DEFAULT_PATH;
		if (access(path, F_OK) == -1 && errno == ENOENT) {
			if ((c = conf_new_default()) == NULL)
				snprintf(err, errlen, "out of memory");
			return c;
		}
	}
	if ((text = conf_read_file(path, &len, err, errlen)) == NULL)
		return NULL;
	c = conf_parse(path, text, len, err, errlen);
	free(text);
	return c;
}

/* cidr_contains - is ip inside one of the n CIDR blocks? */
static bool
cidr_contains(const struct conf_cidr *list, size_t n, const char *ip)
{
	struct ipaddr addr;
	size_t i;

	/* ::ffff:192.0.2.1 is an IPv4 client on a dual-stack socket */
	if (!ipaddr_parse(ip, &addr))
		return false;
	for (i = 0; i < n; i++)
		if (conf_cidr_match(&list[i], addr.family, addr.u.bytes))
			return true;
	return false;
}

/* conf_is_internal - is ip inside one of InternalHosts? */
bool
conf_is_internal(const struct conf *c, const char *ip)
{
	return cidr_contains(c->internal, c->ninternal, ip);
}

/* conf_is_arc_sealer - is domain one of TrustedARCSealers? */
bool
conf_is_arc_sealer(const struct conf *c, const char *domain)
{
	char key[DOMAIN_NAME_MAX + 3];
	size_t i, n;

	if (c->arc_sealers == NULL || domain == NULL ||
	    (n = strlen(domain)) > DOMAIN_NAME_MAX)
		return false;
	key[0] = ' ';
	for (i = 0; i < n; i++)
		key[i + 1] = (char)tolower((unsigned char)domain[i]);
	key[n + 1] = ' ';
	key[n + 2] = '\0';
	return strstr(c->arc_sealers, key) != NULL;
}

/* conf_is_forwarder - is ip inside one of TrustedForwarders? */
bool
conf_is_forwarder(const struct conf *c, const char *ip)
{
	return cidr_contains(c->forwarders, c->nforwarders, ip);
}
