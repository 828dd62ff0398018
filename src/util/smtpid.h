/*
 * smtpid.h - the grammar of SMTP identities as this daemon echoes them:
 * a MAIL FROM path reduced to its mailbox (brackets and source route
 * dropped, RFC 5321 4.1.2 and Appendix C), domains turned into A-labels
 * (RFC 5890), RFC 5321 Dot-strings, address literals and SMTP AUTH user
 * names. 8-bit text counts only as UTF-8 and only where SMTPUTF8 allows.
 */
#ifndef SMTPID_H
#define SMTPID_H

#include <stdbool.h>
#include <stddef.h>

#define SMTPID_MAX_DOMAIN 255 /* octets of a domain in A-label form */
#define SMTPID_MAX_TEXT                               \
	1024 /* octets of a U-label domain: longer is \
	      * refused, never cut */

/* smtpid_mailbox - the mailbox in path s: "<" ">" and a source route
 * ("@a.example,@b.example:") removed; *mbox points into s (borrowed) and
 * *len is its length (0: the null sender) */
void smtpid_mailbox(const char *s, const char **mbox, size_t *len);

/* smtpid_utf8_ok - is s[0..len) valid UTF-8 (ASCII included)? */
bool smtpid_utf8_ok(const char *s, size_t len);

/* smtpid_domain_alabel - domain d[0..len) in A-label form into out: ASCII
 * is copied as it is, valid UTF-8 converted with IDNA2008 (UTS 46
 * mapping, so upper case is lowered). false when it is neither or does
 * not fit in outsz (out is then ""). */
bool smtpid_domain_alabel(const char *d, size_t len, char *out, size_t outsz);

/* smtpid_domain_ok - an RFC 5321 Domain: labels of letters, digits, '-'
 * (and '_', seen in the wild) of 1..63 octets, 253 in all */
bool smtpid_domain_ok(const char *d, size_t len);

/* smtpid_literal_ok - an RFC 5321 address literal: "[192.0.2.1]" or
 * "[IPv6:2001:db8::1]" */
bool smtpid_literal_ok(const char *s, size_t len);

/* smtpid_dot_string - an RFC 5321 Dot-string (atoms of atext joined by
 * single dots); utf8: UTF-8 letters count as atext (RFC 6531); eq: '='
 * counts as atext (it does in RFC 5321; SRS and BATV senders use it) */
bool smtpid_dot_string(const char *s, size_t len, bool utf8, bool eq);

/* smtpid_auth_ok - an SMTP AUTH identity we echo as smtp.auth (RFC 8601
 * 2.7.4): a Dot-string without '=', optionally "@" and a domain, at most
 * 255 octets; utf8 as for smtpid_dot_string */
bool smtpid_auth_ok(const char *s, bool utf8);

/* smtpid_smtputf8 - is SMTPUTF8 (RFC 6531 3.4) among the MAIL FROM ESMTP
 * parameters, a NULL-terminated list? */
bool smtpid_smtputf8(char *const *params);

#endif /* SMTPID_H */
