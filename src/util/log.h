/*
 * log.h - logging to syslog, or to stderr in the foreground. Every logger
 * is printf-checked; peer text (HELO, MAIL FROM, headers, DNS data) goes
 * through log_safe(), which masks control and 8-bit octets and caps
 * length, so nothing an attacker sends can forge a log line.
 */
#ifndef LOG_H
#define LOG_H

#include <stdbool.h>
#include <stddef.h>

enum log_level {
	LOG_LEVEL_ERR,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG
};

/* log_open - called once from main before threads start: where and how
 * much to log. facility is a syslog facility name ("mail"); NULL: mail. */
void log_open(const char *ident, bool to_stderr, const char *facility,
    enum log_level level);
void log_close(void);
/* log_set_level - change the threshold while threads run (a reload) */
void log_set_level(enum log_level level);
/* log_facility_name - the syslog facility names log_open() knows (mail,
 * daemon, user, local0 to local7, any case): name's canonical spelling,
 * or NULL when it is none of them */
const char *log_facility_name(const char *name);

void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* log_bug - an impossible state: log it; the caller then aborts */
void log_bug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* log_safe - s with controls and 8-bit octets as '?' and at most bufsz - 1
 * octets ("..." marks a cut), written into buf; returns buf. NULL: "". */
const char *log_safe(const char *s, char *buf, size_t bufsz);

/* log_level_from_name - "err", "warning", "info", "debug"; -1 if none */
int log_level_from_name(const char *);

#endif /* LOG_H */
