/*
 * session_log.c - the one line logged per message, as text (key=value,
 * peer text masked by log_safe) or, with LogFormat json, as one JSON
 * object (RFC 8259) a log shipper can parse: every peer value escaped,
 * invalid UTF-8 as U+FFFD, and the record bounded so syslog never splits
 * it; what does not fit is left out whole and "truncated": true says so.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authres/authres.h"
#include "authres/authres_json.h"
#include "conf/conf.h"
#include "policy/policy.h"
#include "session/session.h"
#include "session/session_int.h"
#include "util/log.h"

/* A string member's escaped form is at most this many octets (peer text:
 * HELO, MAIL FROM, host name, AUTH name); a result is dropped whole
 * instead. The record stays under SESSION_LOG_JSON_MAX octets, below
 * rsyslog's default 8 KB message size. */
#define SESSION_LOG_STR_MAX 600
#define SESSION_LOG_JSON_MAX 8000

/* session_log_text - client, results and action as key=value */
static void
session_log_text(const struct session *s, const char *results)
{
	char host[128], helo[128], from[256], res[6144], *line;
	const struct session_msg *m = s->msg;
	size_t i, n = 0, len = results != NULL ? strlen(results) : 0;

	/* unfold: the "\n\t" of each fold becomes one space; log_safe()
	 * marks a cut with "..." */
	if ((line = malloc(len + 1)) != NULL) {
		for (i = 0; i < len; i++)
			if (results[i] != '\n')
				line[n++] =
				    results[i] == '\t' ? ' ' : results[i];
		line[n] = '\0';
	}
	log_safe(n > 0 ? line : "-", res, sizeof(res));
	free(line);
	log_info("%s%sclient=%s[%s] helo=%s from=<%s> forged=%zu action=%s "
	         "results=%s",
	    s->qid, s->qid[0] != '\0' ? ": " : "",
	    log_safe(s->hostname, host, sizeof(host)),
	    s->ip != NULL ? s->ip : "-",
	    s->helo != NULL && s->helo[0] != '\0'
	        ? log_safe(s->helo, helo, sizeof(helo))
	        : "-",
	    log_safe(m->mailfrom, from, sizeof(from)), m->nforged,
	    session_action_name(s->v.action), res);
}

/* session_log_escaped - s's first len octets (cut at a character
 * boundary, "..." marking a cut) as a JSON string, malloc'ed; NULL when
 * out of memory */
static char *
session_log_escaped(const char *s, size_t len, bool cut)
{
	char *tmp, *out = NULL;
	size_t olen;
	FILE *f;

	while (cut && len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	if ((tmp = malloc(len + 4)) == NULL)
		return NULL;
	memcpy(tmp, s, len);
	memcpy(tmp + len, cut ? "..." : "", cut ? 4 : 1);
	if ((f = open_memstream(&out, &olen)) != NULL) {
		ar_json_put_string(f, tmp);
		if (fclose(f) != 0) {
			free(out);
			out = NULL;
		}
	}
	free(tmp);
	return out;
}

/* session_log_put - key and string value (NULL: null), its escaped form
 * at most SESSION_LOG_STR_MAX octets: controls escape to six octets each,
 * so the input is halved until it fits */
static void
session_log_put(FILE *f, const char *key, const char *s)
{
	size_t len;
	char *e;
	bool cut;

	ar_json_put_key(f, key, false);
	if (s == NULL) {
		fputs("null", f);
		return;
	}
	len = strlen(s);
	if (len <= SESSION_LOG_STR_MAX / 6) {
		/* escapes take at most six octets each: it fits */
		ar_json_put_string(f, s);
		return;
	}
	cut = len > SESSION_LOG_STR_MAX;
	if (cut)
		len = SESSION_LOG_STR_MAX;
	while ((e = session_log_escaped(s, len, cut)) != NULL &&
	    strlen(e) > SESSION_LOG_STR_MAX + 2) {
		free(e);
		len /= 2;
		cut = true;
	}
	fputs(e != NULL ? e : "null", f);
	free(e);
}

/* session_log_policy - the rule that matched, or null */
static void
session_log_policy(FILE *f, const struct session *s)
{
	const struct policy_verdict *pv = session_decided(s);

	ar_json_put_key(f, "policy", false);
	if (pv == NULL || pv->line == 0) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"line\": %u", pv->line);
	session_log_put(f, "method", pv->method);
	session_log_put(f, "result", pv->result);
	session_log_put(f, "action", policy_action_name(pv->would));
	ar_json_put_key(f, "dry_run", false);
	fputs(pv->dry_run ? "true}" : "false}", f);
}

/* session_log_head - every member but the results */
static void
session_log_head(FILE *f, const struct session *s)
{
	const struct session_msg *m = s->msg;

	fputs("{", f);
	ar_json_put_key(f, "qid", true);
	ar_json_put_string(f, s->qid);
	session_log_put(f, "authserv_id", s->authserv_id);
	session_log_put(f, "client_host", s->hostname);
	session_log_put(f, "client_ip", s->ip);
	session_log_put(f, "helo", s->helo);
	session_log_put(f, "mail_from", m->mailfrom);
	session_log_put(f, "auth_user", m->auth_user);
	fprintf(f, ", \"rcpts\": %zu, \"forged_removed\": %zu", m->nrcpt,
	    m->nforged);
	fprintf(f, ", \"eom_wait_ms\": %lld", (long long)m->eom_wait_ms);
	session_log_put(f, "action", session_action_name(s->v.action));
	session_log_policy(f, s);
}

/* session_log_record - the record, malloc'ed (NULL when out of memory);
 * bounded: each result is added only while the record stays under
 * SESSION_LOG_JSON_MAX octets, else every result is written */
static char *
session_log_record(const struct session *s, bool bounded)
{
	const struct authres *ar = s->msg->results;
	char *rec = NULL, *one = NULL;
	size_t len = 0, olen = 0, i,
	       n = ar != NULL ? authres_result_count(ar) : 0;
	FILE *f, *r;
	bool cut = false, first = true;

	if ((f = open_memstream(&rec, &len)) == NULL)
		return NULL;
	session_log_head(f, s);
	fputs(", \"results\": [", f);
	for (i = 0; i < n; i++) {
		if (!bounded) {
			fputs(i > 0 ? ", " : "", f);
			ar_json_put_result(f, ar, i);
			continue;
		}
		if ((r = open_memstream(&one, &olen)) == NULL)
			break;
		ar_json_put_result(r, ar, i);
		fclose(r);
		fflush(f);
		/* room for this one, the closing "]", a flag and "}" */
		if (one == NULL || len + olen + 2 + 24 > SESSION_LOG_JSON_MAX)
			cut = true;
		else {
			fputs(first ? "" : ", ", f);
			fputs(one, f);
			first = false;
		}
		free(one);
		one = NULL;
	}
	fputs("]", f);
	if (cut || i < n)
		fputs(", \"truncated\": true", f);
	fputs("}", f);
	if (fclose(f) != 0) {
		free(rec);
		return NULL;
	}
	return rec;
}

/* session_log_json - the record as one JSON object of at most
 * SESSION_LOG_JSON_MAX octets: written whole at once, and again result by
 * result only when that is too long */
static void
session_log_json(const struct session *s)
{
	char *rec = session_log_record(s, false);

	if (rec != NULL && strlen(rec) > SESSION_LOG_JSON_MAX) {
		free(rec);
		rec = session_log_record(s, true);
	}
	if (rec == NULL)
		log_err("JSON log record: out of memory");
	else
		log_info("%s", rec);
	free(rec);
}

/* session_log_summary - the one line logged per message */
void
session_log_summary(const struct session *s, const char *results)
{
	if (s->conf->log_format == CONF_LOG_JSON && s->msg != NULL)
		session_log_json(s);
	else
		session_log_text(s, results);
}
