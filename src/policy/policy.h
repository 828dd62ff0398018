/*
 * policy.h - what to do with a message given its authentication results:
 * one table of "PolicyRule" lines (method x result x domain -> action and
 * SMTP reply), tried in file order, first match wins, each rule applied at
 * the earliest SMTP stage that knows all it tests. No rule, no reject; a
 * DNS error (temperror) is never rejected; internal hosts are never acted
 * on and authenticated clients never for SPF or iprev. Replies are checked
 * when the config is read; the policy is immutable after that.
 */
#ifndef POLICY_H
#define POLICY_H

#include <stdbool.h>
#include <stddef.h>

struct authres;

#define POLICY_MAX_RULES 1000
/* Reply text, after expansion: "550 5.7.23 " + 480 + CRLF stays within an
 * SMTP reply line (RFC 5321 4.5.3.1.5, 512), and with every '%' doubled it
 * stays under sendmail's 980 octets for smfi_setreply. */
#define POLICY_TEXT_MAX 480
#define POLICY_XCODE_MAX 9 /* "5.999.999" */

/* SMTP stages in order. Connection stages (CONNECT, HELO) decide for the
 * whole connection; the others for the current message. */
enum policy_stage {
	POLICY_STAGE_CONNECT, /* libmilter cannot set a reply here */
	POLICY_STAGE_HELO,
	POLICY_STAGE_MAIL, /* MAIL FROM; SMTP AUTH is known from here on */
	POLICY_STAGE_RCPT, /* the first RCPT TO of a message */
	POLICY_STAGE_EOM   /* end of message */
};

enum policy_action {
	POLICY_ACTION_NONE,       /* no rule matched at this stage: go on */
	POLICY_ACTION_ACCEPT,     /* a rule accepted: apply no later rule */
	POLICY_ACTION_REJECT,     /* reply (5xx) */
	POLICY_ACTION_TEMPFAIL,   /* reply (4xx) */
	POLICY_ACTION_QUARANTINE, /* accept, hold at eom; text: reason */
	POLICY_ACTION_DISCARD     /* accept and drop the message */
};

/* A checked SMTP reply. text is what the client sees (also for logs and
 * authcheck); mtext is the same with every '%' doubled, for
 * smfi_setreply(), which treats '%' as printf does. */
struct policy_reply {
	char rcode[4];                    /* "550"; "" when none */
	char xcode[POLICY_XCODE_MAX + 1]; /* "5.7.23"; "" when none */
	char text[POLICY_TEXT_MAX + 1];   /* printable ASCII only */
	char mtext[2 * POLICY_TEXT_MAX + 1];
};

/* What the session knows when it asks. All pointers borrowed. */
struct policy_input {
	const struct authres *ar;    /* results so far; NULL: none */
	const char *mailfrom_domain; /* NULL before MAIL or for <> */
	const char *spf_explanation; /* SPF exp= text from DNS, or NULL */
	bool authenticated;          /* SMTP AUTH succeeded */
	bool internal;               /* client is in InternalHosts */
	bool trusted_forwarder;      /* client is in TrustedForwarders: no
	                              * dmarc rule rejects, quarantines or
	                              * discards its mail */
	bool arc_override;           /* DMARC failed but a TrustedARCSealers
	                              * sealer saw it pass: the same */
};

/*
 * The decision. A verdict other than NONE ends policy for its scope (the
 * connection at CONNECT and HELO, else the message): the session applies
 * it (QUARANTINE at eom; a connection-wide one to each of its messages)
 * and asks no more. With DryRun the session must not act: action is
 * ACCEPT, would is what the rule asked for and dry_run is true; log it as
 * "would <would>".
 */
struct policy_verdict {
	enum policy_action action;
	enum policy_action would; /* == action unless dry_run */
	bool dry_run;
	unsigned line;      /* config line of the rule; 0: none matched */
	const char *method; /* rule's method ("spf", "spf-helo", "iprev",
	                     * "dkim", "auth", "dmarc"); NULL: none
	                     * matched */
	const char *result; /* the result word that matched (static) */
	struct policy_reply reply; /* REJECT, TEMPFAIL; QUARANTINE: text */
	unsigned exempted;         /* config line of a dmarc rule a trusted
	                            * forwarder was spared from (for the log); 0 */
};

struct policy; /* opaque */

/* policy_new - an empty policy (no rules, DryRun no, IprevPolicyStage
 * rcpt); NULL when out of memory. Free with policy_free (NULL: no-op). */
struct policy *policy_new(void);
void policy_free(struct policy *);

/*
 * policy_config_line - offer one config line: key as written (compared
 * case-insensitively), value the rest of the line with surrounding white
 * space removed ('#' inside a quoted reply text must reach us). lineno
 * is kept for logs. The one key: PolicyRule (may repeat). Returns 1 when
 * the key is ours and the value was taken, 0 when the key is not ours
 * (nothing done), -1 when it is ours and wrong, with a message in err (no
 * file:line; the reader adds it). Only while the config is being read
 * (not thread-safe).
 */
int policy_config_line(struct policy *, unsigned lineno, const char *key,
    const char *value, char *err, size_t errlen);

/* policy_set_dry_run - DryRun: the conf module parses the yes/no word.
 * Only while the config is being read. */
void policy_set_dry_run(struct policy *, bool on);

/*
 * policy_set_iprev_stage - IprevPolicyStage: stage is connect, helo, mail
 * or rcpt (case-insensitive). Returns 0, or -1 with a message in err.
 * Only while the config is being read.
 */
int policy_set_iprev_stage(
    struct policy *, const char *stage, char *err, size_t errlen);

/* What a rule tests. SPF results are told apart by identity: smtp.helo
 * for spf-helo, smtp.mailfrom (or no identity) for spf. */
enum policy_method {
	POLICY_METHOD_IPREV,
	POLICY_METHOD_SPF,
	POLICY_METHOD_SPF_HELO,
	POLICY_METHOD_DKIM,
	POLICY_METHOD_AUTH,
	POLICY_METHOD_DMARC
};
#define POLICY_NMETHODS 6

/*
 * policy_needs - does a rule applied at stage test method? Then the
 * session must have that result in the input at stage (join the lookup).
 */
bool policy_needs(const struct policy *, enum policy_stage, enum policy_method);

/*
 * policy_decide - try the rules applied at stage, in file order. Fills v
 * (always) and returns 0; -1 only when v could not be built (NULL
 * argument), with v->action NONE. Thread-safe: reads the policy only.
 */
int policy_decide(const struct policy *, enum policy_stage,
    const struct policy_input *, struct policy_verdict *v);

/* policy_dry_run - is DryRun on? */
bool policy_dry_run(const struct policy *);

/* policy_rule_count - how many PolicyRule lines were read */
size_t policy_rule_count(const struct policy *);

/* policy_action_name - "none", "accept", "reject", "tempfail",
 * "quarantine", "discard" */
const char *policy_action_name(enum policy_action);

/* policy_stage_name - "connect", "helo", "mail", "rcpt", "eom" */
const char *policy_stage_name(enum policy_stage);

/*
 * The SMTP reply builder (policy_reply.c), the one place replies are made.
 * policy_reply_build - check rcode ("4xx"/"5xx"; class '4' or '5' when
 * cls is that digit, either when cls is 0), xcode (NULL or "": none; else
 * X.Y.Z, X the class of rcode, Y and Z 0-999; Postfix's milter8 calls
 * a reply malformed when its 5th octet is not the class digit, so every
 * policy verdict carries one) and text (NULL: empty;
 * printable ASCII, at most POLICY_TEXT_MAX octets; '%' is fine and is
 * doubled in mtext). Returns 0, or -1 with why in err (r then undefined).
 */
int policy_reply_build(struct policy_reply *r, char cls, const char *rcode,
    const char *xcode, const char *text, char *err, size_t errlen);

/* policy_reply_sanitize - hostile text (e.g. an SPF explanation from DNS)
 * into out: controls and 8-bit octets become '?', runs of white space one
 * space, cut at outsz - 1 octets with "..." marking the cut. Returns out. */
char *policy_reply_sanitize(const char *in, char *out, size_t outsz);

#endif /* POLICY_H */
