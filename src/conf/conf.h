/*
 * conf.h - the configuration file: "Key value" lines, '#' comments, blank
 * lines; keys are case-insensitive; a key given twice, an unknown key or a
 * bad value is an error reported as "file:line: message" (exit 78). The
 * result is an immutable snapshot, reference-counted so that connections
 * can share it; a reload (SIGUSR1) reads a new one and swaps it for new
 * connections. Keys and defaults are in authmilter.conf(5);
 * PolicyRule lines are handed to the policy module.
 */
#ifndef CONF_H
#define CONF_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

#include "dmarc/dmarc.h"

/* Read when neither -c nor a path is given; a missing file there means
 * "all defaults", a missing file named explicitly is an error. */
#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#define CONF_DEFAULT_PATH SYSCONFDIR "/authmilter.conf"

#define CONF_MAX_LINE 4096 /* octets per line, newline included */
#define CONF_MAX_LIST 256  /* entries in one list value */
#define CONF_EX_CONFIG 78  /* sysexits EX_CONFIG */
#define CONF_ERRLEN 512    /* a good size for err buffers */

struct policy; /* src/policy/policy.h */

/* One InternalHosts entry: family AF_INET or AF_INET6, network address in
 * network byte order (4 or 16 octets used), prefix length. */
struct conf_cidr {
	int family;
	unsigned char addr[16];
	unsigned prefix;
};

/*
 * The snapshot. Readers get it as const and never change it; every field
 * is owned by the conf and lives until the last conf_unref().
 */
/* LogFormat: the per-message line as key=value text or one JSON object */
enum conf_log_format { CONF_LOG_TEXT, CONF_LOG_JSON };

struct conf {
	unsigned refs;     /* managed by conf_ref/conf_unref only */
	char *path;        /* the file read, or NULL (defaults) */
	char *socket;      /* Socket: inet:PORT@HOST, inet6:, unix:, local:;
	                    * default NULL (main picks its built-in one) */
	char *authserv_id; /* AuthservID; NULL: the MTA's j macro, else
	                    * the host name */
	char *nameservers; /* Nameservers as "ADDR[@PORT],..." or NULL
	                    * (resolv.conf) */
	unsigned dns_timeout_ms;         /* DNSTimeout: "5", "5s", "500ms";
	                                  * default 5000 */
	unsigned spf_timeout_ms;         /* SPFTimeout: DNS wait of one
	                                  * transaction's SPF; default 20000 */
	unsigned iprev_timeout_ms;       /* IprevTimeout: of the iprev chain;
	                                  * default 10000 */
	enum dmarc_mode dmarc_discovery; /* DMARCDiscovery, default
	                                  * treewalk */
	char *psl_path;                  /* PublicSuffixList; NULL: Debian's */
	unsigned dmarc_timeout_ms;       /* DMARCTimeout: of one message's DMARC
	                                  * lookups; default 5000 */
	unsigned dkim_timeout_ms;        /* DKIMTimeout: of one message's key
	                                  * lookups; default 10000 */
	unsigned arc_timeout_ms;         /* ARCTimeout: of one message's ARC
	                                  * key lookups; default 10000 */
	struct conf_cidr *internal;      /* InternalHosts, ninternal of them */
	size_t ninternal;
	struct conf_cidr *forwarders; /* TrustedForwarders: exempt from
	                               * dmarc rejects; nforwarders */
	size_t nforwarders;
	char *arc_seal_key;      /* ARCSealKey: PEM private key file */
	char *arc_seal_domain;   /* ARCSealDomain: our seals' d= */
	char *arc_seal_selector; /* ARCSealSelector: our seals' s= */
	char *arc_sealers;       /* TrustedARCSealers: " a.example b.example ",
	                          * lower case; NULL: none */
	unsigned minimum_key_bits;       /* MinimumKeyBits, default 1024 */
	unsigned maximum_signatures;     /* MaximumSignatures, default 5 */
	unsigned clock_drift;            /* ClockDrift seconds, default 300 */
	bool allow_sha1;                 /* AllowSHA1, default no */
	char *user_id;                   /* UserID (user[:group]), NULL: none */
	char *metrics_socket;            /* MetricsSocket inet:PORT@ADDR, NULL:
	                                  * off */
	char *pid_file;                  /* PidFile, NULL: none */
	char *chroot;                    /* Chroot directory, NULL: none */
	mode_t umask;                    /* UMask (octal), default 007 */
	bool syslog;                     /* Syslog yes/no, default yes */
	char *syslog_facility;           /* SyslogFacility, default "mail" */
	int log_level;                   /* LogLevel: enum log_level, default
	                                  * info */
	enum conf_log_format log_format; /* LogFormat, default text */
	bool keep_original;              /* KeepOriginalHeaders: keep a renamed
	                                  * copy of removed forged fields */
	struct policy *policy;           /* rules from the policy keys; never
	                                  * NULL */
	char *report_store;              /* ReportStore URL (sqlite:,
	                                  * postgresql://); NULL: no DMARC
	                                  * aggregate data recorded */
	size_t report_queue;             /* ReportQueue: records waiting for
	                                  * the store; default
	                                  * REPORT_QUEUE_DEFAULT */
	char *report_org;                /* ReportOrgName: authreport's
	                                  * org_name; NULL: unset */
	char *report_email;              /* ReportEmail: authreport's email
	                                  * and From; NULL: unset */
};

/*
 * conf_load - read path (NULL: CONF_DEFAULT_PATH, where a missing file
 * gives the defaults). Returns a conf with one reference, or NULL with
 * "file:line: message" (or "file: why") in err.
 */
struct conf *conf_load(const char *path, char *err, size_t errlen);

/* conf_parse - as conf_load from len octets of text; name is used in
 * error messages (and kept as path). */
struct conf *conf_parse(
    const char *name, const char *text, size_t len, char *err, size_t errlen);

/* conf_new_default - every key at its default; NULL when out of memory */
struct conf *conf_new_default(void);

/*
 * conf_set - apply one "key value" as if it stood in the file, replacing
 * an earlier value: for command-line overrides (-p SOCKET, --dns). Only
 * while the caller holds the one reference (before sharing). Returns 0,
 * or -1 with "Key: message" in err.
 */
int conf_set(struct conf *, const char *key, const char *value, char *err,
    size_t errlen);

/* conf_ref - one more reference; returns c */
struct conf *conf_ref(struct conf *c);
/* conf_unref - drop one; the last frees everything. NULL is a no-op. */
void conf_unref(struct conf *c);

/* conf_is_internal - is ip (IPv4 or IPv6 text) in InternalHosts? false
 * for NULL or text that is not an address. */
bool conf_is_internal(const struct conf *, const char *ip);
/* conf_is_arc_sealer - is domain (any case) in TrustedARCSealers? */
bool conf_is_arc_sealer(const struct conf *, const char *domain);
/* conf_is_forwarder - is ip (IPv4 or IPv6 text) in TrustedForwarders?
 * false for NULL or a string that is no address */
bool conf_is_forwarder(const struct conf *, const char *ip);

/* conf_check_socket - is s a valid Socket value? 0, or -1 with a message
 * in err */
int conf_check_socket(const char *s, char *err, size_t errlen);

#endif /* CONF_H */
