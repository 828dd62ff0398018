/*
 * authres_cli.c - the authres command: "authres parse" turns an
 * Authentication-Results field into JSON, "authres format" turns that JSON
 * back into a folded field (see authres(1)). Input is capped at
 * AUTHRES_MAX_INPUT octets per field and AR_JSON_MAX_INPUT per JSON text;
 * parsing is strict (RFC 8601) unless --lenient is given.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authres.h"
#include "authres_json.h"

#define AR_CLI_EXIT_USAGE 1

struct ar_cli {
	bool lines;
	unsigned flags; /* AUTHRES_PARSE_* */
};

static const char ar_usage[] = "usage: authres parse [--lenient] [--lines]\n"
                               "       authres format [--lines]\n"
                               "       authres --version | --help\n";

/* ar_read_all - read all of f, at most cap octets; false when longer or
 * on a read error (*toolong says which) */
static bool
ar_read_all(FILE *f, size_t cap, char **out, size_t *len, bool *toolong)
{
	char *buf;
	size_t n = 0, got;

	*toolong = false;
	if ((buf = malloc(cap + 1)) == NULL)
		return false;
	while ((got = fread(buf + n, 1, cap + 1 - n, f)) > 0) {
		n += got;
		if (n > cap) {
			*toolong = true;
			free(buf);
			return false;
		}
	}
	if (ferror(f)) {
		free(buf);
		return false;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return true;
}

/* ar_read_line - read one line (without its LF or CRLF) into buf of size
 * cap + 1; a longer line is consumed whole and flagged. False at EOF. */
static bool
ar_read_line(FILE *f, char *buf, size_t cap, size_t *len, bool *toolong)
{
	int c;
	size_t n = 0;

	*toolong = false;
	while ((c = getc(f)) != EOF && c != '\n') {
		if (n < cap)
			buf[n++] = (char)c;
		else
			*toolong = true;
	}
	if (c == EOF && n == 0 && !*toolong)
		return false;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	*len = n;
	return true;
}

/* ar_put_authres - write the whole field as one JSON object and a LF */
static void
ar_put_authres(const struct authres *ar)
{
	size_t i, n = authres_result_count(ar);
	const char *id = authres_get_authserv_id(ar);
	bool first = true;

	fputs("{", stdout);
	if (id != NULL) {
		ar_json_put_key(stdout, "authserv_id", true);
		ar_json_put_string(stdout, id);
		first = false;
	}
	if (authres_get_version(ar) >= 0) {
		ar_json_put_key(stdout, "version", first);
		printf("%d", authres_get_version(ar));
		first = false;
	}
	ar_json_put_key(stdout, "results", first);
	fputs("[", stdout);
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputs(", ", stdout);
		ar_json_put_result(stdout, ar, i);
	}
	fputs("]}\n", stdout);
}

/* ar_parse_one - parse one field; JSON on stdout, or the error in msg */
static bool
ar_parse_one(const struct ar_cli *cli, const char *s, size_t len, char *msg,
    size_t msgsz)
{
	struct authres *ar;
	struct authres_error err;
	enum authres_status st;

	memset(&err, 0, sizeof(err));
	st = authres_parse(s, len, cli->flags, &ar, &err);
	if (st != AUTHRES_OK) {
		if (err.what[0] != '\0')
			snprintf(msg, msgsz, "%zu: %s", err.column, err.what);
		else
			snprintf(msg, msgsz, "%zu: %s", err.column,
			    authres_strerror(st));
		return false;
	}
	ar_put_authres(ar);
	authres_free(ar);
	return true;
}

/* ar_cmd_parse - authres parse [--lines] */
static int
ar_cmd_parse(const struct ar_cli *cli)
{
	char msg[160], *buf;
	size_t len;
	bool toolong, failed = false;

	if (!cli->lines) {
		if (!ar_read_all(
		        stdin, AUTHRES_MAX_INPUT + 2, &buf, &len, &toolong)) {
			fprintf(stderr, "authres: %s\n",
			    toolong ? "input too long" : "read error");
			return 1;
		}
		/* the field's own line end is not part of it */
		while (
		    len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			len--;
		if (!ar_parse_one(cli, buf, len, msg, sizeof(msg))) {
			fprintf(stderr, "authres: %s\n", msg);
			failed = true;
		}
		free(buf);
		return failed ? 1 : 0;
	}
	if ((buf = malloc(AUTHRES_MAX_INPUT + 1)) == NULL) {
		fputs("authres: out of memory\n", stderr);
		return 1;
	}
	while (ar_read_line(stdin, buf, AUTHRES_MAX_INPUT, &len, &toolong)) {
		if (toolong)
			snprintf(msg, sizeof(msg), "%d: line too long",
			    AUTHRES_MAX_INPUT + 1);
		if (toolong || !ar_parse_one(cli, buf, len, msg, sizeof(msg))) {
			fputs("{\"error\": ", stdout);
			ar_json_put_string(stdout, msg);
			fputs("}\n", stdout);
			failed = true;
		}
	}
	free(buf);
	return failed ? 1 : 0;
}

/* ar_json_text - the string member key of o, or NULL; *bad when it is
 * there with another type */
static const char *
ar_json_text(const struct ar_json *o, const char *key, bool *bad)
{
	const struct ar_json *v = ar_json_get(o, key);

	if (v == NULL)
		return NULL;
	if (v->type != AR_JSON_STRING) {
		*bad = true;
		return NULL;
	}
	return v->str;
}

/* ar_json_version - the version member key of o, -1 when absent;
 * *bad when it is not an int in 0..INT_MAX */
static int
ar_json_version(const struct ar_json *o, const char *key, bool *bad)
{
	const struct ar_json *v = ar_json_get(o, key);

	if (v == NULL)
		return -1;
	if (v->type != AR_JSON_INT || v->num < 0 || v->num > 0x7fffffff) {
		*bad = true;
		return -1;
	}
	return (int)v->num;
}

/* ar_only_keys - does o hold only members named in keys (NULL ended)? */
static bool
ar_only_keys(const struct ar_json *o, const char *const *keys)
{
	size_t i, k;

	for (i = 0; i < o->n; i++) {
		for (k = 0; keys[k] != NULL; k++)
			if (strcmp(o->keys[i], keys[k]) == 0)
				break;
		if (keys[k] == NULL)
			return false;
	}
	return true;
}

/* ar_from_props - add the properties array of result r to ar */
static const char *
ar_from_props(struct authres *ar, const struct ar_json *r)
{
	static const char *const pkeys[] = { "ptype", "property", "value",
		NULL };
	const struct ar_json *props = ar_json_get(r, "properties"), *p;
	const char *pt, *pp, *pv;
	size_t j;
	bool bad = false;

	if (props == NULL)
		return NULL;
	if (props->type != AR_JSON_ARRAY)
		return "\"properties\" is not an array";
	for (j = 0; j < props->n; j++) {
		p = props->items[j];
		if (p->type != AR_JSON_OBJECT || !ar_only_keys(p, pkeys))
			return "a property is not {ptype, property, value}";
		pt = ar_json_text(p, "ptype", &bad);
		pp = ar_json_text(p, "property", &bad);
		pv = ar_json_text(p, "value", &bad);
		if (bad || pt == NULL || pp == NULL || pv == NULL)
			return "a property needs string ptype, property, value";
		if (authres_add_prop(ar, pt, pp, pv) != AUTHRES_OK)
			return "a ptype or property is not a keyword";
	}
	return NULL;
}

/* ar_from_result - add one element of "results" to ar */
static const char *
ar_from_result(struct authres *ar, const struct ar_json *r)
{
	static const char *const rkeys[] = { "method", "method_version",
		"result", "reason", "properties", NULL };
	const char *method, *result, *reason;
	bool bad = false;
	int mv;

	if (r->type != AR_JSON_OBJECT)
		return "a result is not an object";
	if (!ar_only_keys(r, rkeys))
		return "unknown member in a result";
	method = ar_json_text(r, "method", &bad);
	result = ar_json_text(r, "result", &bad);
	reason = ar_json_text(r, "reason", &bad);
	mv = ar_json_version(r, "method_version", &bad);
	if (bad || method == NULL || result == NULL)
		return "a result needs string method and result";
	if (authres_add_result_name(ar, method, mv, result, reason) !=
	    AUTHRES_OK)
		return "a method or result is not a keyword";
	return ar_from_props(ar, r);
}

/* ar_from_json - build a field from the JSON of authres parse */
static const char *
ar_from_json(const struct ar_json *j, struct authres **out)
{
	static const char *const keys[] = { "authserv_id", "version", "results",
		NULL };
	const struct ar_json *results;
	const char *id, *why;
	struct authres *ar;
	bool bad = false;
	int v;
	size_t i;

	*out = NULL;
	if (j->type != AR_JSON_OBJECT)
		return "not a JSON object";
	if (!ar_only_keys(j, keys))
		return "unknown member at top level";
	id = ar_json_text(j, "authserv_id", &bad);
	v = ar_json_version(j, "version", &bad);
	results = ar_json_get(j, "results");
	if (bad || id == NULL)
		return "\"authserv_id\" must be a string and \"version\" an "
		       "integer";
	if (results == NULL || results->type != AR_JSON_ARRAY)
		return "\"results\" must be an array";
	if ((ar = authres_new(id)) == NULL)
		return "\"authserv_id\" is not usable (or out of memory)";
	if (authres_set_authserv_id(ar, id, v) != AUTHRES_OK) {
		authres_free(ar);
		return "\"authserv_id\" is not usable";
	}
	for (i = 0; i < results->n; i++) {
		if ((why = ar_from_result(ar, results->items[i])) != NULL) {
			authres_free(ar);
			return why;
		}
	}
	*out = ar;
	return NULL;
}

/* ar_format_one - JSON text to a printed field; false with msg set */
static bool
ar_format_one(const char *s, size_t len, char *msg, size_t msgsz)
{
	struct ar_json *j;
	struct authres *ar;
	enum authres_status st;
	const char *why;
	char *field;

	if ((j = ar_json_parse(s, len, msg, msgsz)) == NULL)
		return false;
	why = ar_from_json(j, &ar);
	ar_json_free(j);
	if (why != NULL) {
		snprintf(msg, msgsz, "%s", why);
		return false;
	}
	st = authres_format(ar, AUTHRES_FORMAT_NAME, &field);
	authres_free(ar);
	if (st != AUTHRES_OK) {
		snprintf(msg, msgsz, "cannot format: %s", authres_strerror(st));
		return false;
	}
	puts(field);
	free(field);
	return true;
}

/* ar_cmd_format - authres format [--lines] */
static int
ar_cmd_format(const struct ar_cli *cli)
{
	char msg[160], *buf;
	size_t len, lineno = 0;
	bool toolong, failed = false;

	if (!cli->lines) {
		if (!ar_read_all(
		        stdin, AR_JSON_MAX_INPUT, &buf, &len, &toolong)) {
			fprintf(stderr, "authres: %s\n",
			    toolong ? "input too long" : "read error");
			return 1;
		}
		if (!ar_format_one(buf, len, msg, sizeof(msg))) {
			fprintf(stderr, "authres: %s\n", msg);
			failed = true;
		}
		free(buf);
		return failed ? 1 : 0;
	}
	if ((buf = malloc(AR_JSON_MAX_INPUT + 1)) == NULL) {
		fputs("authres: out of memory\n", stderr);
		return 1;
	}
	while (ar_read_line(stdin, buf, AR_JSON_MAX_INPUT, &len, &toolong)) {
		lineno++;
		if (toolong)
			snprintf(msg, sizeof(msg), "line too long");
		if (toolong || !ar_format_one(buf, len, msg, sizeof(msg))) {
			fprintf(stderr, "authres: line %zu: %s\n", lineno, msg);
			failed = true;
		}
	}
	free(buf);
	return failed ? 1 : 0;
}

/* main - dispatch on the subcommand */
int
main(int argc, char *argv[])
{
	struct ar_cli cli;
	bool parse;
	int i;

	memset(&cli, 0, sizeof(cli));
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("authres %s\n", authres_version());
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		fputs(ar_usage, stdout);
		return 0;
	}
	if (argc < 2 ||
	    (strcmp(argv[1], "parse") != 0 && strcmp(argv[1], "format") != 0)) {
		fputs(ar_usage, stderr);
		return AR_CLI_EXIT_USAGE;
	}
	parse = strcmp(argv[1], "parse") == 0;
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--lines") == 0)
			cli.lines = true;
		else if (parse && strcmp(argv[i], "--lenient") == 0)
			cli.flags |= AUTHRES_PARSE_LENIENT;
		else {
			fprintf(stderr, "authres: unknown option %s\n%s",
			    argv[i], ar_usage);
			return AR_CLI_EXIT_USAGE;
		}
	}
	return parse ? ar_cmd_parse(&cli) : ar_cmd_format(&cli);
}
