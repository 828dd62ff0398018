/*
 * log.c - the one logger: syslog, or stderr when running in the foreground.
 * Where and how much to log is set once by log_open() before any thread
 * starts and never changes afterwards, so the loggers need no lock. Lines
 * are capped at LOG_LINE_MAX octets; peer text must pass log_safe() first.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

#include "util/log.h"

/* rsyslog's default message size is 8 KB; a longer line is cut and the
 * cut marked, never split into a second record */
#define LOG_LINE_MAX 8192

/* Set once by log_open() before threads start, read-only afterwards,
 * but for level: log_set_level() changes it at a reload, so it is read
 * and written atomically. */
static struct {
	bool to_stderr;
	int level; /* an enum log_level, accessed atomically */
	char ident[32];
} log_cfg = { true, LOG_LEVEL_INFO, "authmilter" };

static const struct {
	const char *name;
	int facility;
} log_facilities[] = {
	{ "mail", LOG_MAIL },
	{ "daemon", LOG_DAEMON },
	{ "user", LOG_USER },
	{ "local0", LOG_LOCAL0 },
	{ "local1", LOG_LOCAL1 },
	{ "local2", LOG_LOCAL2 },
	{ "local3", LOG_LOCAL3 },
	{ "local4", LOG_LOCAL4 },
	{ "local5", LOG_LOCAL5 },
	{ "local6", LOG_LOCAL6 },
	{ "local7", LOG_LOCAL7 },
};

static const char *const log_level_names[] = { "err", "warning", "info",
	"debug" };

/* log_facility_name - the spelling log_open() knows for name, or NULL */
const char *
log_facility_name(const char *name)
{
	size_t i;

	for (i = 0; name != NULL &&
	     i < sizeof(log_facilities) / sizeof(log_facilities[0]);
	     i++)
		if (strcasecmp(name, log_facilities[i].name) == 0)
			return log_facilities[i].name;
	return NULL;
}

/* log_open - choose syslog or stderr, the facility and the threshold */
void
log_open(const char *ident, bool to_stderr, const char *facility,
    enum log_level level)
{
	int fac = LOG_MAIL;
	size_t i;

	if (ident != NULL)
		strlcpy(log_cfg.ident, ident, sizeof(log_cfg.ident));
	log_cfg.to_stderr = to_stderr;
	log_set_level(level);
	if (facility != NULL)
		for (i = 0;
		     i < sizeof(log_facilities) / sizeof(log_facilities[0]);
		     i++)
			if (strcasecmp(facility, log_facilities[i].name) == 0)
				fac = log_facilities[i].facility;
	if (!to_stderr)
		openlog(log_cfg.ident, LOG_PID | LOG_NDELAY, fac);
}

/* log_set_level - the new threshold, for every thread from now on */
void
log_set_level(enum log_level level)
{
	__atomic_store_n(&log_cfg.level, (int)level, __ATOMIC_RELAXED);
}

/* log_close - close the syslog connection */
void
log_close(void)
{
	if (!log_cfg.to_stderr)
		closelog();
}

/* log_emit - format one line and write it where log_open said */
static void __attribute__((format(printf, 3, 0)))
log_emit(enum log_level level, int prio, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];

	if ((int)level > __atomic_load_n(&log_cfg.level, __ATOMIC_RELAXED))
		return;
	if (vsnprintf(line, sizeof(line), fmt, ap) >= (int)sizeof(line))
		memcpy(line + sizeof(line) - 4, "...", 4);
	if (log_cfg.to_stderr)
		/* one fprintf per line so threads do not interleave inside */
		fprintf(stderr, "%s: %s: %s\n", log_cfg.ident,
		    log_level_names[level], line);
	else
		syslog(prio, "%s", line);
}

/* log_err - an error the daemon survives */
void
log_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_LEVEL_ERR, LOG_ERR, fmt, ap);
	va_end(ap);
}

/* log_warn - something an operator should look at */
void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_LEVEL_WARN, LOG_WARNING, fmt, ap);
	va_end(ap);
}

/* log_info - one line per message and per start and stop */
void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_LEVEL_INFO, LOG_INFO, fmt, ap);
	va_end(ap);
}

/* log_debug - detail for finding a problem */
void
log_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_LEVEL_DEBUG, LOG_DEBUG, fmt, ap);
	va_end(ap);
}

/* log_bug - an impossible state, logged whatever the level */
void
log_bug(const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (log_cfg.to_stderr)
		fprintf(stderr, "%s: bug: %s\n", log_cfg.ident, line);
	else
		syslog(LOG_CRIT, "bug: %s", line);
}

/* log_safe - peer text made printable and short enough for one log line */
const char *
log_safe(const char *s, char *buf, size_t bufsz)
{
	static const char cut[] = "...";
	size_t i, n;

	if (buf == NULL || bufsz == 0)
		return "";
	if (s == NULL)
		s = "";
	n = strlen(s);
	for (i = 0; i < n && i < bufsz - 1; i++) {
		unsigned char c = (unsigned char)s[i];

		buf[i] = (c < 0x20 || c >= 0x7f) ? '?' : (char)c;
	}
	buf[i] = '\0';
	if (i < n && bufsz > sizeof(cut))
		memcpy(buf + bufsz - sizeof(cut), cut, sizeof(cut));
	return buf;
}

/* log_level_from_name - a LogLevel value; -1 when unknown */
int
log_level_from_name(const char *name)
{
	size_t i;

	if (name == NULL)
		return -1;
	for (i = 0; i < sizeof(log_level_names) / sizeof(log_level_names[0]);
	     i++)
		if (strcasecmp(name, log_level_names[i]) == 0)
			return (int)i;
	if (strcasecmp(name, "error") == 0)
		return LOG_LEVEL_ERR;
	if (strcasecmp(name, "warn") == 0)
		return LOG_LEVEL_WARN;
	return -1;
}
